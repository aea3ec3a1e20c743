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
        sections = (section,) if isinstance(section, str) else section
        return [m for m in self.matches if m.section in sections and start <= m.start and m.end <= end]

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
        return f"{DRAFT_PREFIX} · confidence {confidence:.2f} · evidence at characters {original.start}–{original.end} · {rule}"

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
            found.append(Sentence(len(found), start, end, first, w, self.norm.count("\n", 0, start),
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
        orgs = [m for m in matches if m.section == "organisations"]
        drop = set()
        for office in (m for m in matches if m.section == "offices"):
            own = self.sovereign(self.office_organisation(office.id))
            if self._names_organisation(office):
                continue
            after = re.match(r"\s+(?:of|for)\s+(?:the\s+)?", self.norm[office.end:office.end + 12])
            near = [o for o in orgs if (after and o.start == office.end + after.end())
                    or (0 <= office.start - o.end <= 2)]
            if any(self.sovereign(o.id) not in (own, None) or (self.sovereign(o.id) is None and o.id != own)
                   for o in near):
                drop.add(id(office))
        return [m for m in matches if id(m) not in drop]

    def _names_organisation(self, office: Match) -> bool:
        """Whether an office's matched words name its organisation (not a bare title)."""
        org = self.office_organisation(office.id)
        item = self.reference.get("organisations", org) if org else None
        if item is None:
            return False
        names = [*(item.get("label") or {}).values(), *(t for ts in (item.get("alt_labels") or {}).values() for t in ts)]
        words = {w for name in names for w in re.findall(r"\w+", name.lower()) if len(w) > 2}
        matched = {w.lower()[:5] for w in re.findall(r"\w+", self.norm[office.start:office.end])}
        return any(w[:5] in matched for w in words) or bool(self.reference.refs("organisations", org, "part_of"))

    def _without_broader_areas(self, matches: list[Match]) -> list[Match]:
        """Drop a policy area whose match holds a narrower area's match (keep the specific one)."""
        areas = [m for m in matches if m.section == "policy_areas"]
        drop = set()
        for outer in areas:
            for inner in areas:
                if inner is not outer and outer.start <= inner.start and inner.end <= outer.end \
                        and outer.id in self.reference.broader(inner.id):
                    drop.add(id(outer))
        return [m for m in matches if id(m) not in drop]


def ascii_fold(text: str) -> str:
    """``text`` without accents and other non-ASCII characters."""
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def slug(text: str) -> str:
    """A lower-case id of at most 60 characters: ``EU–Japan 2025`` → ``eu-japan-2025``."""
    return re.sub(r"-+", "-", re.sub(r"[^a-z0-9]+", "-", ascii_fold(text).lower())).strip("-")[:60].strip("-")
