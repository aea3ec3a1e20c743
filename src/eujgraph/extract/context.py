"""The memo being drafted, as every drafting rule of ``eujgraph extract`` sees it.

A :class:`DraftContext` holds one memo's text, its words (with base forms), sentences and
gazetteer matches, the reference data and the cue lexicon of its language, and what the
drafting has found so far: the spans already cited, the event's id, ordinal and parties,
the documents issued and the proposed reference entries. Its methods are the lookups the
rules share. :class:`Sentence`, :class:`Clause` and :class:`Claim` are the units they
work on.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from ..drafts import DRAFT_PREFIX, PROPOSED_PREFIX, placeholder_label
from ..text import SourceText
from .dates import find_dates
from .gazetteer import Gazetteer, Match, Reference
from .lexicon import Hit, Lexicon
from .morphology import Morphology

NUMERIC_DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")
HEADER_LINE = re.compile(r"^[A-Z][A-Za-z ]{1,30}: \S")


PARAGRAPH_NUMBER = re.compile(r"(\d{1,3}\.)\s+(?=\S)")


@dataclass
class Sentence:
    """A sentence: its characters, its words (``first`` to ``last``, exclusive) and paragraph."""

    index: int
    start: int
    end: int
    first: int
    last: int
    paragraph: int
    header: bool = False


@dataclass
class Clause:
    """A clause of a sentence and the parties its subject stands for.

    ``subject`` is ``[]`` for a subject that is not a party and ``None`` for a clause
    without a subject of its own; ``inherited`` holds the commitment cues of the clause
    before, which a clause without its own cue continues.
    """

    start: int
    end: int
    first: int
    last: int
    sentence: Sentence
    subject: list[str] | None
    relative: bool = False
    inherited: list[Hit] = field(default_factory=list)
    own_subject: bool = False  # the subject is a named thing (an instrument, a document), not a party


@dataclass
class Claim:
    """A drafted commitment, position or assessment, before it is written out."""

    section: str
    spans: list[tuple[int, int]]
    confidence: float
    rule: str
    sentence: int
    kind: str | None = None
    status: str | None = None
    parties: list[str] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)
    instruments: list[str] = field(default_factory=list)
    concerns: list[str] = field(default_factory=list)
    expressed_in: str | None = None
    opportunity_for: list[str] = field(default_factory=list)
    text: str = ""


class DraftContext:
    """One memo being drafted: its words, sentences and names, and what has been found so far."""

    def __init__(self, text: SourceText, reference: Reference, lang: str) -> None:
        self.reference = reference
        self.lang = lang
        self.lexicon = Lexicon.load(lang)
        self.morphology = morphology = Morphology(lang)
        gazetteer = Gazetteer(reference, morphology).build(frozenset(self.lexicon.words("stopwords")))
        self.text = text
        self.norm = text.normalized
        self.words = morphology.tokens(self.norm)
        self.matches = self._without_misread_offices(self._without_broader_areas(gazetteer.find(self.words, self.norm)))
        self.sentences = self._sentences()
        self.dates = find_dates(self.norm, lang)
        self.body = [s for s in self.sentences if not s.header]
        self.speaks_for_parties = lang == "en" and len(self.lexicon.find(self.words, "subjects")) >= 2
        self.cited: list[tuple[int, int]] = []
        self.proposals: dict[str, dict[str, Any]] = {}
        self.event_id: str | None = None
        self.event_ordinal: int | None = None
        self.parties: list[str] = []
        self.documents_issued: list[str] = []
        self.person_spans: list[tuple[int, int]] = []  # every person named
        self.cited_people: list[tuple[int, int]] = []  # the evidence of the participations

    def morphology_tokens(self, text: str):
        """The words of ``text`` (not of the memo), with base forms."""
        return self.morphology.tokens(text)

    def matches_in(self, section: str | tuple[str, ...], start: int, end: int) -> list[Match]:
        """The gazetteer matches of ``section`` (one or several) within characters ``start``–``end``."""
        return [self.matches[n] for n in self._numbers(section, start, end, lambda m: m.end <= end)]

    def sovereign(self, org: str | None) -> str | None:
        """The state or union an organisation belongs to (an institution's union)."""
        seen = set()
        while org and org not in seen:
            seen.add(org)
            if self.reference.value("organisations", org, "type") in ("state", "union"):
                return org
            up = self.reference.refs("organisations", org, "part_of")
            org = up[0] if up else None
        return None

    def office_organisation(self, office: str) -> str | None:
        """The organisation an office is a post in."""
        refs = self.reference.refs("offices", office, "post_in")
        return refs[0] if refs else None

    def short_id(self, org: str) -> str:
        """An organisation's acronym in lower case (``eu``), else its id: the parts of drafted ids."""
        if ("organisations", org) in self.reference.known:
            return org  # a proposed state keeps its plain id ("china", not "prc")
        alts = [t for ts in (self.reference.value("organisations", org, "alt_labels") or {}).values() for t in ts]
        acronym = next((a for a in alts if a.isupper() and len(a) <= 4), None)
        return acronym.lower() if acronym else org

    def short_label(self, org: str, lang: str) -> str:
        """An organisation's acronym in ``lang``, else its label: the parts of drafted labels."""
        alts = (self.reference.value("organisations", org, "alt_labels") or {}).get(lang, [])
        acronym = next((a for a in alts if a.isupper() and len(a) <= 4), None)
        return acronym or self.reference.label("organisations", org, lang)

    def title_span(self) -> tuple[int, int] | None:
        """The first line of the memo (after any front matter), when it reads as a title."""
        if not self.body:
            return None
        first = self.body[0]
        line = next((ln for ln in re.split(r"\s*\n", self.text.original[self.text.span(first.start, first.end).start:])
                     if ln.strip()), "")
        needle = " ".join(line.split())
        start = self.norm.find(needle, first.start)
        if not needle or start != first.start or re.search(r"[.!?]$", needle) or len(needle.split()) > 12:
            return None
        end = start + len(needle)
        words = [w for w in self.words if start <= w.start and w.end <= end]
        only_place_date = all(any(m.start <= w.start < m.end for m in self.matches_in("places", start, end))
                              or w.form[0].isdigit() or any(w.lower in str(m).split("|")
                                                            for m in self.lexicon.data.get("months", []))
                              for w in words)
        return None if only_place_date else (start, end)

    def quote_span(self, start: int, end: int) -> tuple[int, int]:
        """The span to quote as evidence: without edge punctuation or a trailing paragraph number."""
        while start < end and self.norm[start] in " ,;:":
            start += 1
        while end > start and self.norm[end - 1] in " ,;:.":
            end -= 1
        number = re.search(r"[\s:]+\d{1,2}$", self.norm[start:end])
        if number and end - start > 12:
            return self.quote_span(start, start + number.start())
        return start, end

    def trim_start(self, start: int, end: int) -> int:
        """``start`` moved past a leading paragraph number, punctuation or conjunction."""
        chunk = self.norm[start:end]
        lead = re.match(r"(?:\d+\.\s+|[,;:–-]\s*|(?:and|ja|sekä)\s+)+", chunk)
        return start + lead.end() if lead else start

    def trim_end(self, start: int, end: int) -> int:
        """``end`` moved back before trailing punctuation and a dangling conjunction."""
        while True:
            while end > start and self.norm[end - 1] in " .,;:–-":
                end -= 1
            tail = re.search(r"\s(?:ja|sekä|tai|and|or)$", self.norm[start:end])
            if not tail:
                return end
            end = start + tail.start()

    def note(self, confidence: float, span: tuple[int, int], rule: str) -> str:
        """An item's draft note: confidence, the evidence span in the memo file, and the rule."""
        original = self.text.span(*span)
        return (f"{DRAFT_PREFIX} · confidence {confidence:.2f} · evidence at characters "
                f"{original.start}–{original.end} · {rule}")

    def text_label(self, text: str) -> dict[str, str]:
        """A label written in the memo's language, the other language marked to translate."""
        other = "fi" if self.lang == "en" else "en"
        return {self.lang: text, other: placeholder_label(other, text)}

    def propose(self, section: str, item_id: str, item: dict[str, Any], why: str) -> None:
        """Propose a reference entry the memo names and the reference data lacks (the first proposal stays)."""
        entry = self.proposals.setdefault(section, {})
        if item_id not in entry:
            entry[item_id] = {**item, "note": f"{PROPOSED_PREFIX}: {why}; review (add identifiers "
                                               "only where verified)"}

    def _sentences(self) -> list[Sentence]:
        found, cursor, w = [], 0, 0
        newlines, counted = 0, 0  # the newlines before character ``counted``
        header_end = self._header_end()
        for span in self._sentence_spans():
            start = self.norm.find(span, cursor)
            end = start + len(span)
            cursor = end
            while w < len(self.words) and self.words[w].start < start:
                w += 1
            first = w
            while w < len(self.words) and self.words[w].end <= end:
                w += 1
            if start >= counted:
                newlines += self.norm.count("\n", counted, start)
                counted = start
                paragraph = newlines
            else:
                paragraph = self.norm.count("\n", 0, start)
            found.append(Sentence(len(found), start, end, first, w, paragraph,
                                  header=end <= header_end))
        return found

    def _sentence_spans(self) -> list[str]:
        """Sentence texts; in English a leading "4. " is a paragraph number and stands apart.

        (In Finnish "31. EU:n ja Japanin huippukokous" the number is an ordinal of the sentence.)
        """
        texts = []
        for sentence in self.text.sentences():
            number = PARAGRAPH_NUMBER.match(sentence.text) if self.lang == "en" else None
            if number:
                texts += [number.group(1), sentence.text[number.end():]]
            else:
                texts.append(sentence.text)
        return texts

    def _header_end(self) -> int:
        """End of a leading block of ``Key: value`` lines (front matter), or 0."""
        original = self.text.original.lstrip("\ufeff")
        block = re.split(r"\n[ \t]*\n", original.lstrip(), maxsplit=1)[0]
        lines = [line for line in block.splitlines() if line.strip()]
        if lines and all(HEADER_LINE.match(line.strip()) or not line[:1].strip() == line[:1] for line in lines) \
                and HEADER_LINE.match(lines[0].strip()):
            return self.norm.find("\n") if "\n" in self.norm else 0
        return 0

    def _without_misread_offices(self, matches: list[Match]) -> list[Match]:
        """Drop an office found by a bare title ("Prime Minister", "pääministeri") that the text
        ties to another state or organisation: "Prime Minister of Australia", "Kiinan pääministeri",
        "Chinese Prime Minister"."""
        by_start: dict[int, list[Match]] = {}
        by_end: dict[int, list[Match]] = {}
        for m in matches:
            if m.section == "organisations":
                by_start.setdefault(m.start, []).append(m)
                by_end.setdefault(m.end, []).append(m)
        drop = set()
        for office in (m for m in matches if m.section == "offices"):
            own = self.sovereign(self.office_organisation(office.id))
            if self._names_organisation(office):
                continue
            after = re.match(r"\s+(?:of|for)\s+(?:the\s+)?", self.norm[office.end:office.end + 12])
            near = [*(by_start.get(office.end + after.end(), []) if after else []),
                    *(o for gap in range(3) for o in by_end.get(office.start - gap, []))]
            if any(self.sovereign(o.id) not in (own, None) or (self.sovereign(o.id) is None and o.id != own)
                   for o in near):
                drop.add(id(office))
        return [m for m in matches if id(m) not in drop]

    def holds_office(self, office: Match) -> bool:
        """Whether a known person written right after a bare title holds that office in the graph
        ("Prime Minister Shigeru Ishiba": the Prime Minister of Japan)."""
        after = self.norm[office.end:office.end + 3]
        people = [m for m in self.covering("persons", office.end + len(after) - len(after.lstrip(" ,")))]
        return any(m.id in self.reference.holders(office.id) for m in people)

    def _names_organisation(self, office: Match) -> bool:
        """Whether an office was found by more than a bare title: "Prime Minister" or "pääministeri"
        (a title of the ``people`` lexicon) could be any state's; "Tasavallan presidentti" is Finland's."""
        text = office.entry.text.lower() if office.entry else self.norm[office.start:office.end].lower()
        titles = [t.lower() for t in (self.lexicon.data.get("people") or {}).get("titles", [])]
        if self.lang == "fi":
            return " " in text.strip() or not any(text.endswith(t) for t in titles)
        return text not in titles

    def _without_broader_areas(self, matches: list[Match]) -> list[Match]:
        """Drop a policy area whose match holds a narrower area's match (keep the specific one)."""
        from bisect import bisect_left, bisect_right

        areas = [m for m in matches if m.section == "policy_areas"]
        by_start = sorted(areas, key=lambda m: m.start)
        starts = [m.start for m in by_start]
        drop = set()
        for outer in areas:
            for inner in by_start[bisect_left(starts, outer.start):bisect_right(starts, outer.end)]:
                if inner is not outer and inner.end <= outer.end and outer.id in self.reference.broader(inner.id):
                    drop.add(id(outer))
                    break
        return [m for m in matches if id(m) not in drop]

    def covering(self, section: str | tuple[str, ...], offset: int) -> list[Match]:
        """The gazetteer matches of ``section`` (one or several) around character ``offset``
        (``start <= offset < end``), in the order of ``self.matches``."""
        numbers = self._numbers(section, offset, offset, lambda m: offset < m.end, reach=True)
        return [self.matches[n] for n in numbers]

    def overlapping(self, section: str | tuple[str, ...], start: int, end: int) -> list[Match]:
        """The gazetteer matches of ``section`` that share characters with ``start``–``end``
        (``m.start < end and start < m.end``), in the order of ``self.matches``."""
        numbers = self._numbers(section, start, end - 1, lambda m: m.start < end and start < m.end, reach=True)
        return [self.matches[n] for n in numbers]

    def matches_starting(self, section: str | tuple[str, ...], low: int, high: int) -> list[tuple[int, Match]]:
        """The gazetteer matches of ``section`` that start at characters ``low``–``high`` (both
        included), each with its place in ``self.matches``, in that order."""
        return [(n, self.matches[n]) for n in self._numbers(section, low, high, None)]

    def matches_at_word(self, section: str | tuple[str, ...], i: int) -> list[Match]:
        """The gazetteer matches of ``section`` whose first word is word ``i``, in the order of ``self.matches``."""
        sections = (section,) if isinstance(section, str) else section
        return [m for m in self._match_index()[1].get(i, ()) if m.section in sections]

    def word_range(self, start: int, end: int) -> tuple[int, int]:
        """The words within characters ``start``–``end`` (``start <= w.start and w.end <= end``)
        as ``self.words[first:last]``: ``(first, last)``, ``first >= last`` when there are none."""
        from bisect import bisect_left, bisect_right

        starts, ends = self._word_bounds()
        return bisect_left(starts, start), bisect_right(ends, end)

    def cue_hits_starting(self, group: str, start: int, end: int) -> list[Hit]:
        """The hits of cue ``group`` in the whole memo (``lexicon.find(words, group)``) whose first
        word starts at characters ``start`` (included) to ``end`` (excluded)."""
        from bisect import bisect_left

        cached = self.__dict__.get("_whole_hits")
        if cached is None or cached[0] is not self.words or cached[1] != len(self.words):
            cached = self._whole_hits = (self.words, len(self.words), {})
        cache = cached[2]
        if group not in cache:
            hits = self.lexicon.find(self.words, group)
            cache[group] = (hits, [self.words[h.first].start for h in hits])
        hits, starts = cache[group]
        return hits[bisect_left(starts, start):bisect_left(starts, end)]

    def capitalised_forms(self) -> frozenset[str]:
        """The forms of the memo's words that begin with a capital letter."""
        forms = self.__dict__.get("_capitalised_forms")
        if forms is None or forms[0] is not self.words:
            forms = self._capitalised_forms = (self.words, frozenset(w.form for w in self.words if w.form[:1].isupper()))
        return forms[1]

    def last_match_ending_by(self, section: str, offset: int) -> Match | None:
        """The last match of ``section`` in ``self.matches`` that ends at or before character ``offset``
        (``[m for m in self.matches if m.section == section and m.end <= offset][-1]``), or None."""
        from bisect import bisect_right

        cached = self.__dict__.get("_ends_cache")
        if cached is None or cached[0] is not self.matches or cached[1] != len(self.matches):
            cached = self._ends_cache = (self.matches, len(self.matches), {})
        if section not in cached[2]:
            pairs = sorted((m.end, n) for n, m in enumerate(self.matches) if m.section == section)
            latest, running = [], -1
            for _, n in pairs:
                running = max(running, n)
                latest.append(running)
            cached[2][section] = ([e for e, _ in pairs], latest)
        ends, latest = cached[2][section]
        k = bisect_right(ends, offset)
        return self.matches[latest[k - 1]] if k else None

    def dates_in(self, start: int, end: int) -> list:
        """The dates of the memo that start at characters ``start`` (included) to ``end`` (excluded), in order."""
        return [self.dates[n] for n in self._date_numbers(start, end - 1, None)]

    def dates_covering(self, offset: int) -> list:
        """The dates of the memo around character ``offset`` (``d.start <= offset < d.end``), in order."""
        return [self.dates[n] for n in self._date_numbers(offset, offset, lambda d: offset < d.end, reach=True)]

    def _date_numbers(self, low: int, high: int, keep, reach: bool = False) -> list[int]:
        from bisect import bisect_left, bisect_right

        cached = self.__dict__.get("_dates_cache")
        if cached is None or cached[0] is not self.dates or cached[1] != len(self.dates):
            pairs = sorted((d.start, n) for n, d in enumerate(self.dates))
            longest = max((d.end - d.start for d in self.dates), default=0)
            cached = self._dates_cache = (self.dates, len(self.dates), [a for a, _ in pairs], [n for _, n in pairs],
                                          longest)
        starts, numbers, longest = cached[2], cached[3], cached[4]
        found = [numbers[k] for k in range(bisect_left(starts, low - longest if reach else low),
                                           bisect_right(starts, high))
                 if keep is None or keep(self.dates[numbers[k]])]
        found.sort()
        return found

    def spans_overlapping(self, name: str, start: int, end: int) -> list[tuple[int, int]]:
        """The spans of the list attribute ``name`` (``cited``, ``cited_people``, ``person_spans``) that
        share characters with ``start``–``end`` (``a < end and start < b``), in the list's order."""
        from bisect import bisect_left

        spans, ordered, longest = self._span_index(name)
        found = sorted(n for _, n in ordered[bisect_left(ordered, (start - longest, -1)):bisect_left(ordered, (end, -1))]
                       if start < spans[n][1] and spans[n][0] < end)
        return [spans[n] for n in found]

    def spans_starting(self, name: str, start: int, end: int) -> list[tuple[int, int]]:
        """The spans of the list attribute ``name`` that start at characters ``start`` (included) to
        ``end`` (excluded), in the list's order."""
        from bisect import bisect_left

        spans, ordered, _ = self._span_index(name)
        found = sorted(n for _, n in ordered[bisect_left(ordered, (start, -1)):bisect_left(ordered, (end, -1))])
        return [spans[n] for n in found]

    def _span_index(self, name: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]], int]:
        """The spans of list attribute ``name``, their (start, place) in order and the longest one's length.

        The lists only ever grow (spans are added, never changed or taken away): spans added since
        the last call are indexed then; a list replaced by another one is indexed anew."""
        from bisect import insort

        spans = getattr(self, name)
        caches = self.__dict__.setdefault("_span_caches", {})
        cache = caches.get(name)
        if cache is None or cache[0] is not spans or cache[1] > len(spans):
            cache = caches[name] = [spans, 0, [], 0]  # the list, spans indexed, (start, place) in order, longest
        for n in range(cache[1], len(spans)):
            a, b = spans[n]
            insort(cache[2], (a, n))
            cache[3] = max(cache[3], b - a)
        cache[1] = len(spans)
        return spans, cache[2], cache[3]

    def first_body_start(self, paragraph: int) -> int | None:
        """The start of the first sentence of ``self.body`` in ``paragraph`` (the smallest start), or None."""
        cached = self.__dict__.get("_paragraph_starts")
        if cached is None or cached[0] is not self.body or cached[1] != len(self.body):
            starts: dict[int, int] = {}
            for sentence in self.body:
                if sentence.paragraph not in starts or sentence.start < starts[sentence.paragraph]:
                    starts[sentence.paragraph] = sentence.start
            cached = self._paragraph_starts = (self.body, len(self.body), starts)
        return cached[2].get(paragraph)

    def _numbers(self, section: str | tuple[str, ...], low: int, high: int, keep, reach: bool = False) -> list[int]:
        """The places in ``self.matches`` of the matches of ``section`` starting at characters
        ``low``–``high`` (from ``low`` minus the section's longest match with ``reach``) that ``keep``."""
        from bisect import bisect_left, bisect_right

        sections = (section,) if isinstance(section, str) else section
        index = self._match_index()[0]
        found: list[int] = []
        for name in dict.fromkeys(sections):
            starts, numbers, longest = index.get(name, ((), (), 0))
            for k in range(bisect_left(starts, low - longest if reach else low), bisect_right(starts, high)):
                if keep is None or keep(self.matches[numbers[k]]):
                    found.append(numbers[k])
        found.sort()
        return found

    def _match_index(self) -> tuple[dict[str, tuple[list[int], list[int], int]], dict[int, list[Match]]]:
        """Per section: the starts of its matches in order, their places in ``self.matches`` and
        the longest one's length; and the matches by first word. Built on first use, again when
        ``self.matches`` is replaced."""
        cached = self.__dict__.get("_match_index_cache")
        if cached is not None and cached[0] is self.matches and cached[1] == len(self.matches):
            return cached[2]
        by_section: dict[str, list[tuple[int, int]]] = {}
        longest: dict[str, int] = {}
        by_word: dict[int, list[Match]] = {}
        for n, m in enumerate(self.matches):
            by_section.setdefault(m.section, []).append((m.start, n))
            longest[m.section] = max(longest.get(m.section, 0), m.end - m.start)
            by_word.setdefault(m.first, []).append(m)
        index = {}
        for name, pairs in by_section.items():
            pairs.sort()
            index[name] = ([a for a, _ in pairs], [n for _, n in pairs], longest[name])
        self._match_index_cache = (self.matches, len(self.matches), (index, by_word))
        return index, by_word

    def _word_bounds(self) -> tuple[list[int], list[int]]:
        cached = self.__dict__.get("_word_bounds_cache")
        if cached is None or cached[0] is not self.words or cached[1] != len(self.words):
            cached = self._word_bounds_cache = (self.words, len(self.words), [w.start for w in self.words],
                                                [w.end for w in self.words])
        return cached[2], cached[3]


def ascii_fold(text: str) -> str:
    """``text`` without accents and other non-ASCII characters."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def slug(text: str) -> str:
    """A lower-case id of at most 60 characters: ``EU–Japan 2025`` → ``eu-japan-2025``."""
    return re.sub(r"-+", "-", re.sub(r"[^a-z0-9]+", "-", ascii_fold(text).lower())).strip("-")[:60].strip("-")
