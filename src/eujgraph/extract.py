"""Drafting a curated file from a new memo (``eujgraph extract``).

:func:`extract` reads a memo, finds what it says with the gazetteer of the reference
data and the cue lexicons, and returns a :class:`Draft` in the curated format
(``docs/curated-format.md``): the event, participants, side events, documents issued,
commitments, positions and assessments, each with its evidence quoted from the memo
and a ``note`` that marks it as a draft with a confidence, its evidence span and the
rule that found it. Entities the reference data lacks are proposed as new reference
entries (:attr:`Draft.proposals`), never dropped. A memo without a recognisable event
gives a draft that says so. How each part is found: ``docs/extract.md``.

>>> from pathlib import Path
>>> draft = extract(Path("graph/sources/eu-japan-summit-2025-07-23.fi.txt"))
>>> draft.event["ordinal"], draft.event["date"], draft.event["place"]
(30, '2025-07-23', 'tokyo')
"""

from __future__ import annotations

import re
import time
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import InputError, Problem
from .gazetteer import Gazetteer, Match, Reference
from .lexicon import Hit, Lexicon
from .morphology import Morphology
from .reading import read_memo
from .text import SourceText

SEPARATOR = re.compile(r",|;|\s–\s|\s-\s")
MONTHS_FI_DATE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4})\b")
ORDINAL = {"fi": re.compile(r"\b(\d{1,3})(?::s|\.)(?=\s)"), "en": re.compile(r"\b(\d{1,3})(?:st|nd|rd|th)\b", re.I)}
HEADER_LINE = re.compile(r"^[A-Z][A-Za-z ]{1,30}: \S")
NOMINALISATION = re.compile(r"\w+(?:a|ä)mi(?:nen|s\w+)$")
DETERMINERS = frozenset({"the", "a", "an", "its", "their", "our", "this", "these"})


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


@dataclass
class Draft:
    """A drafted curated file: its sections (as the YAML will hold them) and proposals."""

    source: Path
    text_path: Path
    lang: str
    sections: dict[str, Any]
    proposals: dict[str, dict[str, Any]]
    warnings: list[str]
    text: SourceText
    seconds: float = 0.0
    pdf_text: str | None = None

    @property
    def event(self) -> dict[str, Any] | None:
        events = self.sections.get("events") or {}
        return next((e for e in events.values() if "side_event_of" not in e), None)

    def to_yaml(self, out: Path | None = None) -> str:
        from .draft_yaml import render

        return render(self, out)

    def proposals_yaml(self) -> str:
        from .draft_yaml import render_proposals

        return render_proposals(self)


def extract(memo: Path, lang: str | None = None, reference_dir: Path | None = None,
            text_path: Path | None = None) -> Draft:
    """Draft the curated file of ``memo`` (a text file or a PDF).

    ``reference_dir`` defaults to ``graph/reference`` of the project the memo lies in
    (or of the working directory). For a PDF, ``text_path`` names the text file the
    draft's quotes will refer to (default: the PDF's name with ``.txt``).
    """
    started = time.perf_counter()
    raw, from_pdf = read_memo(memo)
    text = SourceText(raw)
    lang = lang or guess_language(text.normalized)
    if lang not in ("fi", "en"):
        raise InputError([Problem(f"unsupported language {lang!r}: use fi or en", memo)])
    reference = Reference.load(reference_dir or _find_reference(memo))
    draft = Extractor(reference, lang).run(text, memo, text_path or (memo.with_suffix(".txt") if from_pdf else memo))
    draft.pdf_text = raw if from_pdf else None
    draft.seconds = time.perf_counter() - started
    return draft


def guess_language(text: str) -> str:
    """``fi`` or ``en``, by counting frequent function words."""
    words = re.findall(r"[a-zåäö]+", text.lower())
    fi = sum(w in {"ja", "on", "että", "sekä", "ovat", "oli", "myös", "kanssa", "lisäksi"} for w in words)
    en = sum(w in {"the", "and", "of", "to", "that", "is", "are", "with", "we"} for w in words)
    return "fi" if fi > en else "en"


def _find_reference(memo: Path) -> Path:
    for folder in [memo.resolve().parent, *memo.resolve().parents, Path.cwd(), *Path.cwd().parents]:
        candidate = folder / "graph" / "reference"
        if candidate.is_dir():
            return candidate
    raise InputError([Problem("no graph/reference/ found above the memo or the working directory; "
                              "pass the reference data directory", memo)])


@dataclass
class _Sentence:
    index: int
    start: int
    end: int
    first: int
    last: int
    paragraph: int
    header: bool = False


@dataclass
class _Clause:
    start: int
    end: int
    first: int
    last: int
    sentence: _Sentence
    subject: list[str] | None
    relative: bool = False
    inherited: list[Hit] = field(default_factory=list)


class Extractor:
    """Finds the event, participants, documents and claims of one memo."""

    def __init__(self, reference: Reference, lang: str) -> None:
        self.ref = reference
        self.lang = lang
        self.lexicon = Lexicon.load(lang)
        self.morphology = Morphology(lang)
        stop = frozenset(self.lexicon.words("stopwords"))
        self.gazetteer = Gazetteer(reference, self.morphology).build(stop)
        self.proposals: dict[str, dict[str, Any]] = {}
        self.warnings: list[str] = []

    # --- the whole memo -------------------------------------------------------------
    def run(self, text: SourceText, memo: Path, text_path: Path) -> Draft:
        self.text = text
        self.norm = text.normalized
        self.words = self.morphology.tokens(self.norm)
        self.matches = self._resolve_areas(self.gazetteer.find(self.words, self.norm))
        self.sentences = self._sentences()
        self.body = [s for s in self.sentences if not s.header]
        self.used: list[tuple[int, int]] = []
        self.event_ordinal: int | None = None
        event = self._event()
        self.event_id = event[0] if event else None
        self.parties = event[1]["parties"] if event else self._mentioned_parties()
        self.voice = self._voice()
        sections: dict[str, Any] = {"memo": self._memo_head(memo, text_path, event)}
        events: dict[str, Any] = {}
        if event:
            events[event[0]] = event[1]
        participations = self._participations() if event else []
        if event:
            for side_id, side in self._side_events(participations):
                events[side_id] = side
        sections["events"] = events
        sections["participations"] = participations
        sections["documents_issued"] = self._documents() if event else []
        self._documents_cache = [d["document"] for d in sections["documents_issued"]]
        claims = self._claims()
        sections.update(self._claim_sections(claims))
        sections["no_claim"] = self._no_claim(sections)
        if not event:
            self.warnings.append("no event recognised: the memo names no summit or meeting with a date or place; "
                                 "the draft has no events or participations, and its claims name no event")
        return Draft(memo, text_path, self.lang, sections, self.proposals, self.warnings, text)

    def _sentences(self) -> list[_Sentence]:
        found, cursor, w = [], 0, 0
        header_end = self._header_end()
        for index, span in enumerate(self.text.sentences()):
            start = self.norm.find(span.text, cursor)
            end = start + len(span.text)
            cursor = end
            while w < len(self.words) and self.words[w].start < start:
                w += 1
            first = w
            while w < len(self.words) and self.words[w].end <= end:
                w += 1
            found.append(_Sentence(index, start, end, first, w, self.norm.count("\n", 0, start),
                                   header=end <= header_end))
        return found

    def _header_end(self) -> int:
        """End of a leading block of ``Key: value`` lines (front matter), or 0."""
        original = self.text.original.lstrip("\ufeff")
        block = re.split(r"\n[ \t]*\n", original.lstrip(), maxsplit=1)[0]
        lines = [line for line in block.splitlines() if line.strip()]
        if lines and all(HEADER_LINE.match(line.strip()) or not line[:1].strip() == line[:1] for line in lines) \
                and HEADER_LINE.match(lines[0].strip()):
            return self.norm.find("\n") if "\n" in self.norm else 0
        return 0

    def _resolve_areas(self, matches: list[Match]) -> list[Match]:
        """Drop a policy area whose match holds a narrower area's match (keep the specific one)."""
        areas = [m for m in matches if m.section == "policy_areas"]
        drop = set()
        for outer in areas:
            for inner in areas:
                if inner is not outer and outer.start <= inner.start and inner.end <= outer.end \
                        and outer.id in self.ref.broader(inner.id):
                    drop.add(id(outer))
        return [m for m in matches if id(m) not in drop]

    def _in(self, section: str | tuple[str, ...], start: int, end: int) -> list[Match]:
        sections = (section,) if isinstance(section, str) else section
        return [m for m in self.matches if m.section in sections and start <= m.start and m.end <= end]

    def _mentioned_parties(self) -> list[str]:
        """Without an event: the two states or unions the memo names most often."""
        counts: dict[str, int] = {}
        for match in self.matches:
            if match.section == "organisations":
                sovereign = self._sovereign(match.id)
                if sovereign:
                    counts[sovereign] = counts.get(sovereign, 0) + 1
        return sorted(counts, key=lambda org: -counts[org])[:2]

    def _voice(self) -> bool:
        """Whether the text speaks for the parties ("we", "the two leaders"): a joint statement."""
        subjects = self.lexicon.find(self.words, "subjects")
        return self.lang == "en" and len(subjects) >= 2

    # --- the event ------------------------------------------------------------------
    def _event(self) -> tuple[str, dict[str, Any]] | None:
        best, best_score = None, 0.0
        for sentence in self.body:
            score, facts = self._event_facts(sentence)
            if score > best_score:
                best, best_score = (sentence, facts), score
        if best is None or best_score < 4:
            return None
        sentence, facts = best
        if not facts["parties"]:
            return None
        title = self._title()
        start = title[1] if title and title[0] == sentence.start and title[1] < sentence.end - 20 else sentence.start
        evidence = [self._quote_span(start, sentence.end)]
        for other in self.body:
            if other is not sentence and facts.get("date") and self._dates(other) == [facts["date"]] \
                    and other.last - other.first <= 6:
                evidence.append(self._quote_span(other.start, other.end))
        self.used += evidence
        self.event_ordinal = facts.get("ordinal")
        year = facts["date"][:4] if facts.get("date") else None
        event_id = _slug("-".join([*(self._short(p) for p in facts["parties"]), *([year] if year else [])]))
        kind = facts["type"]
        item: dict[str, Any] = {"type": kind, "label": self._event_label(facts)}
        for key in ("ordinal", "date", "place"):
            if facts.get(key) is not None:
                item[key] = facts[key]
        item["parties"] = facts["parties"]
        item["evidence"] = evidence
        item["note"] = self._note(0.9 if facts.get("date") and facts.get("place") else 0.7, evidence[0],
                                  f"{kind}: event noun/verb with date, place and parties")
        return event_id, item

    def _event_facts(self, sentence: _Sentence) -> tuple[float, dict[str, Any]]:
        words, first, last = self.words, sentence.first, sentence.last
        hits = self.lexicon.find(words, "event", start=first, end=last)
        values = {h.value for h in hits}
        dates = self._dates(sentence)
        places = self._in("places", sentence.start, sentence.end)
        summit = "summit" in values
        score = 2.0 * summit + 1.5 * ("meeting" in values) + 2.0 * ("held" in values) + 2.0 * bool(dates) \
            + 1.0 * bool(places)
        ordinal = self._ordinal(sentence) if summit else None
        score += 1.0 * (ordinal is not None)
        parties = self._event_parties(sentence)
        score += 1.0 * (len(parties) >= 2)
        if "visit" in values and not summit:
            score -= 2
        place = places[0].id if places else self._propose_place(sentence)
        return score, {"type": "summit" if summit else "meeting", "ordinal": ordinal,
                       "date": dates[0] if dates else None, "place": place, "parties": parties}

    def _event_parties(self, sentence: _Sentence) -> list[str]:
        parties: list[str] = []
        for match in self._in(("organisations", "offices"), sentence.start, sentence.end):
            org = match.id if match.section == "organisations" else self._office_org(match.id)
            org = self._sovereign(org)
            if org and org not in parties:
                parties.append(org)
        return parties

    def _sovereign(self, org: str | None) -> str | None:
        """The state or union an organisation belongs to (an institution's union)."""
        seen = set()
        while org and org not in seen:
            seen.add(org)
            if self.ref.value("organisations", org, "type") in ("state", "union"):
                return org
            up = self.ref.refs("organisations", org, "part_of")
            org = up[0] if up else None
        return None

    def _office_org(self, office: str) -> str | None:
        refs = self.ref.refs("offices", office, "post_in")
        return refs[0] if refs else None

    def _dates(self, sentence: _Sentence) -> list[str]:
        chunk = self.norm[sentence.start:sentence.end]
        found = [f"{y}-{int(m):02d}-{int(d):02d}" for d, m, y in MONTHS_FI_DATE.findall(chunk)]
        months = self.lexicon.data.get("months") or []
        if months:
            names = "|".join(months)
            for d, mo, y in re.findall(rf"\b(\d{{1,2}})\s+({names})\s+(\d{{4}})\b", chunk, flags=re.I):
                found.append(f"{y}-{months.index(mo.lower()) + 1:02d}-{int(d):02d}")
            for mo, d, y in re.findall(rf"\b({names})\s+(\d{{1,2}}),?\s+(\d{{4}})\b", chunk, flags=re.I):
                found.append(f"{y}-{months.index(mo.lower()) + 1:02d}-{int(d):02d}")
        return list(dict.fromkeys(found))

    def _ordinal(self, sentence: _Sentence) -> int | None:
        chunk = self.norm[sentence.start:sentence.end]
        for match in ORDINAL[self.lang].finditer(chunk):
            if not MONTHS_FI_DATE.match(chunk, match.start()):
                value = int(match.group(1))
                if 0 < value < 500:
                    return value
        return None

    def _propose_place(self, sentence: _Sentence) -> str | None:
        chunk = self.norm[sentence.start:sentence.end]
        if self.lang == "en":
            found = re.search(r"\b(?:in|at)\s+([A-Z][a-zà-ÿ]+(?:\s[A-Z][a-zà-ÿ]+)?)", chunk)
            name = found.group(1) if found else None
        else:
            found = next((w for w in self.words[sentence.first + 1:sentence.last]
                          if w.form[:1].isupper() and re.search(r"(?:ssa|ssä)$", w.form)
                          and not any(m.start <= w.start < m.end for m in self.matches)), None)
            name = found.lemmas[0].capitalize() if found and found.lemmas[0] != found.lower else None
        if not name or any(m.section == "organisations" and self.norm[m.start:m.end] == name for m in self.matches):
            return None
        place_id = _slug(name)
        self._propose("places", place_id, {"label": {"en": name, "fi": name}},
                      f"the place of the event, named {name!r}")
        return place_id

    def _event_label(self, facts: dict[str, Any]) -> dict[str, str]:
        en_names = "–".join(self._short_label(p, "en") for p in facts["parties"])
        fi_names = "–".join(self._short_label(p, "fi") for p in facts["parties"])
        ordinal = facts.get("ordinal")
        if facts["type"] == "summit":
            en = f"{_english_ordinal(ordinal) + ' ' if ordinal else ''}{en_names} summit"
            fi = f"{str(ordinal) + '. ' if ordinal else ''}{fi_names}-huippukokous"
        else:
            date = facts.get("date") or ""
            en = f"{en_names} meeting{' on ' + date if date else ''}"
            fi = f"{fi_names}-tapaaminen{' ' + date if date else ''}"
        return {"en": en, "fi": fi}

    def _short(self, org: str) -> str:
        alts = [t for ts in (self.ref.value("organisations", org, "alt_labels") or {}).values() for t in ts]
        acronym = next((a for a in alts if a.isupper() and len(a) <= 4), None)
        return acronym.lower() if acronym else org

    def _short_label(self, org: str, lang: str) -> str:
        alts = (self.ref.value("organisations", org, "alt_labels") or {}).get(lang, [])
        acronym = next((a for a in alts if a.isupper() and len(a) <= 4), None)
        return acronym or self.ref.label("organisations", org, lang)

    # --- participants, side events, documents ---------------------------------------
    def _participations(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = []
        seen: set[str] = set()
        for sentence in self.body:
            cues = self.lexicon.find(self.words, "event", start=sentence.first, end=sentence.last)
            if not any(h.value in ("participation", "held", "delegation") for h in cues):
                continue
            offices = self._in("offices", sentence.start, sentence.end)
            persons = self._in("persons", sentence.start, sentence.end) + self._unknown_persons(sentence, offices)
            for person in persons:
                office = self._office_for(person, offices)
                if office is None or person.id in seen:
                    continue
                seen.add(person.id)
                party = self._party_for(office.id, sentence)
                start, end = min(office.start, person.start), max(office.end, person.end)
                evidence = [self._quote_span(start, end)]
                self.used.append(evidence[0])
                found.append({"person": person.id, "office": office.id, "party": party, "event": self.event_id,
                              "evidence": evidence,
                              "note": self._note(round(min(person.score, office.score) * 0.95, 2), evidence[0],
                                                 "participant: office next to a name")})
        return found

    def _unknown_persons(self, sentence: _Sentence, offices: list[Match]) -> list[Match]:
        """Names next to an office that the reference data lacks: proposed as new persons."""
        found = []
        for office in offices:
            after = self.norm[office.end:sentence.end]
            name = re.match(r"[,\s]+((?:[A-ZÅÄÖ][\w’'-]+|von|van|der|de|la)(?:\s+(?:[A-ZÅÄÖ][\w’'-]+|von|van|der|de|la))"
                            r"{1,3})", after)
            if not name:
                continue
            start = office.end + name.start(1)
            end = office.end + name.end(1)
            if any(m.start < end and start < m.end for m in self.matches if m.section not in ("offices",)):
                continue
            text = name.group(1).rstrip()
            person_id = _slug(text)
            self._propose("persons", person_id, {"name": _name_order(text)}, f"named with the office at {start}")
            found.append(Match("persons", person_id, 0, 0, start, end, 0.6, None, ()))  # type: ignore[arg-type]
        return found

    def _office_for(self, person: Match, offices: list[Match]) -> Match | None:
        """The office written right before the name, right after it, or around it ("Prime Minister X of Japan")."""
        best, distance = None, 10 ** 6
        for office in offices:
            if office.end <= person.start:
                gap = self.norm[office.end:person.start]
                if len(gap) <= 3 and not re.search(r"[.;]|\band\b|\bja\b", gap):
                    if person.start - office.end < distance:
                        best, distance = office, person.start - office.end
            elif office.start >= person.end:
                gap = self.norm[person.end:office.start]
                if re.fullmatch(r",\s*(?:the\s+)?", gap) and best is None:
                    best, distance = office, office.start - person.end
        if best is None and self.lang == "en":
            best = self._split_office(person)
        return best

    def _split_office(self, person: Match) -> Match | None:
        before = self.norm[max(0, person.start - 60):person.start]
        after = self.norm[person.end:person.end + 60]
        for office_id, item in self.ref.section("offices").items():
            label = (item.get("label") or {}).get("en", "")
            head, sep, tail = label.partition(" of ")
            if sep and re.search(rf"\b{re.escape(head)}\s+$", before) and \
                    re.match(rf"\s+of\s+(?:the\s+)?{re.escape(tail)}\b", after):
                start = person.start - len(re.search(rf"{re.escape(head)}\s+$", before).group())
                end = person.end + len(re.match(rf"\s+of\s+(?:the\s+)?{re.escape(tail)}", after).group())
                return Match("offices", office_id, 0, 0, start, end, 0.9, None, ())  # type: ignore[arg-type]
        return None

    def _party_for(self, office: str, sentence: _Sentence) -> str:
        org = self._office_org(office)
        for party in self.parties:
            if org and self.ref.party_of(org, [party]) == party:
                return party
        sovereign = self._sovereign(org)
        if sovereign:
            return sovereign
        orgs = self._in("organisations", sentence.start, sentence.end)
        return orgs[0].id if orgs else (self.parties[0] if self.parties else "unknown")

    def _side_events(self, participations: list[dict[str, Any]]) -> list[tuple[str, dict[str, Any]]]:
        found = []
        main_sentence = self.used[0] if self.used else None
        for sentence in self.body:
            hits = self.lexicon.find(self.words, "event", start=sentence.first, end=sentence.last)
            if not any(h.value == "visit" for h in hits):
                continue
            span = self._quote_span(sentence.start, sentence.end)
            if main_sentence and span[0] <= main_sentence[0] < span[1]:
                continue
            places = self._in("places", sentence.start, sentence.end)
            if not places:
                continue
            parties = [self._sovereign(m.id) for m in self._in("organisations", sentence.start, sentence.end)]
            parties = [p for p in dict.fromkeys(parties) if p]
            if not parties and any(h.value == "delegation" for h in hits):
                earlier = [p for p in participations if p["evidence"][0][0] < sentence.start]
                parties = [earlier[-1]["party"]] if earlier else self.parties[:1]
            parties = parties or list(self.parties)
            place = places[0].id
            self.used.append(span)
            side_id = f"{self.event_id}-visit-{place}"
            label_en = f"{'–'.join(self._short_label(p, 'en') for p in parties)} visit to " \
                       f"{self.ref.label('places', place, 'en')}"
            label_fi = f"{'–'.join(self._short_label(p, 'fi') for p in parties)}-vierailu: " \
                       f"{self.ref.label('places', place, 'fi')}"
            found.append((side_id, {"type": "side-event", "label": {"en": label_en, "fi": label_fi},
                                    "side_event_of": self.event_id, "place": place, "parties": parties,
                                    "evidence": [span],
                                    "note": self._note(0.8, span, "side event: visit cue with a place")}))
        return found

    def _documents(self) -> list[dict[str, Any]]:
        found, seen = [], set()
        for sentence in self.body:
            issued = self.lexicon.find(self.words, "documents", start=sentence.first, end=sentence.last)
            nouns = self.lexicon.find(self.words, "documents.nouns", start=sentence.first, end=sentence.last)
            if not issued or not nouns:
                continue
            pair = self._issue_pair(issued, nouns)
            if pair is None:
                continue
            verb, noun = pair
            document = self._document_for(sentence, noun)
            if document is None or document in seen:
                continue
            seen.add(document)
            start = self._clause_start(sentence, min(verb.first, noun.first))
            named = [m for m in self._in("documents", sentence.start, sentence.end)
                     if m.start >= start and m.start <= self.words[noun.last].end]
            end = max(self.words[noun.last].end, *(m.end for m in named)) if named else self.words[noun.last].end
            span = self._quote_span(start, end)
            self.used.append(span)
            found.append({"document": document, "event": self.event_id, "evidence": [span],
                          "note": self._note(0.85, span, "document: issue verb with a document noun")})
        return found

    def _issue_pair(self, issued: list[Hit], nouns: list[Hit]) -> tuple[Hit, Hit] | None:
        """An issue verb and its document noun: the first noun after the verb, else one just before it."""
        for verb in issued:
            after = [n for n in nouns if 0 < n.first - verb.last <= 6]
            before = [n for n in nouns if 0 < verb.first - n.last <= 4]
            if after or before:
                return verb, (after[0] if after else before[-1])
        return None

    def _clause_start(self, sentence: _Sentence, word: int) -> int:
        start = sentence.start
        for comma in re.finditer(r",\s+(?:and\s+)?", self.norm[sentence.start:self.words[word].start]):
            if re.match(r",\s+and\s+", comma.group()):
                start = sentence.start + comma.end()
        return start

    def _document_for(self, sentence: _Sentence, noun: Hit) -> str | None:
        at = self.words[noun.first].start
        named = [m for m in self._in("documents", sentence.start, sentence.end) if m.start <= at < m.end]
        if named:
            return named[0].id
        kind = noun.value
        ordinal = self.event_ordinal
        candidates = []
        for doc_id, item in self.ref.section("documents").items():
            if item.get("type") != kind:
                continue
            issuers = [r.id for r in item.get("issued_by") or []]
            if issuers and set(issuers) != set(self.parties):
                continue
            labels = " ".join((item.get("label") or {}).values())
            score = 1.0 + (2.0 if ordinal and re.search(rf"\b{ordinal}(?:th|st|nd|rd|\.)", labels) else 0.0)
            candidates.append((score, doc_id))
        candidates.sort(reverse=True)
        if candidates and (len(candidates) == 1 or candidates[0][0] > candidates[1][0]):
            return candidates[0][1]
        year = self.event_id.rsplit("-", 1)[-1] if self.event_id else "undated"
        doc_id = _slug(f"{self.event_id or 'event'}-{kind}")
        names = {"en": f"{kind.replace('-', ' ').capitalize()} ({year})", "fi": f"{kind} ({year})"}
        self._propose("documents", doc_id, {"type": kind, "label": names, "issued_by": list(self.parties)},
                      "a document issued at the event")
        return doc_id

    # --- claims ---------------------------------------------------------------------
    def _claims(self) -> list[Claim]:
        claims: list[Claim] = []
        perspective: dict[int, str] = {}
        last_sentence = self.body[-1] if self.body else None
        for sentence in self.body:
            if self._is_heading(sentence, sentence is last_sentence):
                continue
            clauses = self._clauses(sentence)
            holder = self._perspective(sentence)
            if holder and self._opens_paragraph(sentence):
                perspective[sentence.paragraph] = holder
            holder = holder or perspective.get(sentence.paragraph)
            truncated = sentence is last_sentence and not re.search(r"[.!?][\"”’)]*$", self.norm[:sentence.end])
            previous: list[Claim] = []
            for n, clause in enumerate(clauses):
                last = truncated and n == len(clauses) - 1
                found = self._clause_claims(clause, holder, last)
                if not found and clause.relative and previous and previous[-1].section != "commitments":
                    start, _ = previous[-1].spans[-1]
                    previous[-1].spans[-1] = self._quote_span(start, clause.end)
                    previous[-1].text = self.norm[previous[-1].spans[0][0]:clause.end]
                claims += found
                previous = found or previous
        return self._merge(claims)

    def _is_heading(self, sentence: _Sentence, last: bool) -> bool:
        text = re.sub(r"\s\d{1,2}\.$", "", self.norm[sentence.start:sentence.end])
        if re.fullmatch(r"\d+\.?", text):
            return True
        if self._used(sentence) and not self.lexicon.find(self.words, "commitment.status", "commitment.frames",
                                                          start=sentence.first, end=sentence.last):
            return True
        return not last and not re.search(r"[.!?:;][\"”’)]*$", text) and sentence.last - sentence.first <= 8

    def _used(self, sentence: _Sentence) -> bool:
        return any(a < sentence.end and sentence.start < b and (b - a) >= 0.6 * (sentence.end - sentence.start)
                   for a, b in self.used)

    def _opens_paragraph(self, sentence: _Sentence) -> bool:
        return all(s.paragraph != sentence.paragraph or s.start >= sentence.start for s in self.body)

    def _perspective(self, sentence: _Sentence) -> str | None:
        for hit in self.lexicon.find(self.words, "assessment", start=sentence.first, end=sentence.last):
            if hit.value != "perspective":
                continue
            near = [m for m in self._in("organisations", sentence.start, sentence.end)
                    if abs(m.end - self.words[hit.first].start) <= 30 or abs(self.words[hit.last].end - m.start) <= 30]
            if near:
                return near[0].id
        return None

    def _clauses(self, sentence: _Sentence) -> list[_Clause]:
        words = self.words
        cuts: list[tuple[int, bool]] = []
        for i in range(sentence.first + 1, sentence.last):
            before = self.norm[words[i - 1].end:words[i].start]
            word = words[i]
            if word.lower in self.lexicon.words("relative") and "," in before:
                cuts.append((i, True))
            elif self.lang == "en" and word.lower == "and" and self._clause_after_and(i, sentence, "," in before) \
                    and ("," in before or not (cuts and cuts[-1][1])):
                cuts.append((i, False))
            elif self.lang == "en" and "," in before and self.lexicon.find(words, "position", start=i, end=i + 3) \
                    and self.lexicon.find(words, "position", start=i, end=i + 3)[0].first == i \
                    and words[i].lower.endswith("ing"):
                cuts.append((i, False))
        clauses: list[_Clause] = []
        bounds = [(sentence.first, False), *cuts, (sentence.last, False)]
        subject: list[str] | None = None
        in_relative = False
        for (first, relative), (last, _) in zip(bounds, bounds[1:]):
            if first >= last:
                continue
            own = self._subject(first, last)
            if own is not None:
                subject = own
            in_relative = relative
            start = words[first].start
            end = words[last].start if last < sentence.last else sentence.end
            end = self._rstrip(start, end)
            clauses.append(_Clause(start, end, first, last, sentence, own if own is not None else subject,
                                   relative=in_relative))
        for previous, clause in zip(clauses, clauses[1:]):
            if self.lexicon.find(self.words, "position", start=clause.first, end=clause.first + 3):
                continue
            clause.inherited = self.lexicon.find(self.words, "commitment.status", "commitment", start=previous.first,
                                                 end=previous.last)
        return clauses

    def _clause_after_and(self, i: int, sentence: _Sentence, comma: bool) -> bool:
        words = self.words
        if i - sentence.first < 4 or self.lexicon.find(words, "commitment.status", "commitment.frames",
                                                         "action_verbs", start=i - 1, end=i):
            return False
        nxt = [w.lower for w in words[i + 1:min(sentence.last, i + 12)]]
        if not nxt:
            return False
        j = i + 1 + (nxt[0] == "to")
        if j < sentence.last and self.lexicon.find(words, "commitment.status", "commitment.frames", "position",
                                                   "commitment", "action_verbs", start=j, end=j + 1):
            hit = self.lexicon.find(words, "commitment.status", "commitment.frames", "position", "commitment",
                                    "action_verbs", start=j, end=j + 1)[0]
            nominal = j + 1 < sentence.last and words[j + 1].lower in ("for", "of")
            if hit.first == j and hit.value != "that" and not nominal and \
                    (hit.group != "commitment" or hit.value == "reaffirm"):
                return True
        if nxt[0] in ("we", "they"):
            return True
        if nxt[0] in ("our", "their") and len(nxt) > 1 and nxt[1] in self.lexicon.data["position"].get("nouns", []):
            return True
        if nxt[0] in ("our", "their") and self.lexicon.find(words, "position", "commitment.status",
                                                            start=i + 3, end=i + 5):
            return True
        if comma and "that" in nxt[:5]:
            return True
        if comma and re.search(r",\s+(?:we|they)\b", self.norm[words[i].end:words[min(sentence.last, i + 14) - 1].end]):
            return True
        return False

    def _subject(self, first: int, last: int) -> list[str] | None:
        """The parties a clause's subject stands for, [] for another subject, None if it has none of its own."""
        words = self.words
        i = first
        if words[i].lower in ("and", "ja", "sekä"):
            i += 1
            if i < last and words[i].lower == "to":
                return None
        if self.lang == "en" and i < last and words[i].lower in ("taking", "having", "noting", "recalling",
                                                                 "recognising", "recognizing", "bearing"):
            return None
        if self.lang == "en" and i < last and words[i].lower in ("in", "at", "on", "for", "during", "with", "after",
                                                                 "as", "under"):
            comma = self.norm.find(",", words[i].start, words[last - 1].end)
            if comma == -1:
                return None
            while i < last and words[i].start < comma:
                i += 1
        if i >= last:
            return None
        subjects = self.lexicon.find(words, "subjects", start=i, end=min(last, i + 3))
        if subjects and subjects[0].first == i:
            return list(self.parties)
        if words[i].lower in ("the",) and i + 1 < last:
            i += 1
        at = [m for m in self.matches if m.first == i and m.section in ("organisations", "persons", "offices",
                                                                       "instruments", "documents", "policy_areas")]
        if at:
            top = max(at, key=lambda m: m.end - m.start)
            if top.section == "organisations":
                orgs = [self._sovereign(m.id) or m.id for m in self.matches
                        if m.section == "organisations" and top.start <= m.start and m.end <= self._np_end(top, last)]
                return list(dict.fromkeys(orgs))
            return []
        if self.lang == "fi":
            return None
        return [] if words[i].lower not in ("and", "to") else None

    def _np_end(self, match: Match, last: int) -> int:
        """The end of a coordinated subject "EU ja Japani", "Japan and Finland"."""
        end = match.end
        for m in self.matches:
            if m.section == "organisations" and m.start > end and \
                    re.fullmatch(r"\s+(?:ja|and|sekä)\s+", self.norm[end:m.start]):
                end = m.end
        return end

    def _clause_claims(self, clause: _Clause, holder: str | None, truncated: bool) -> list[Claim]:
        words = self.words
        if clause.relative:
            return self._relative_claim(clause)
        commitment = self.lexicon.find(words, "commitment.status", "commitment.frames", start=clause.first,
                                       end=clause.last)
        support = [h for h in self.lexicon.find(words, "commitment", start=clause.first, end=clause.last)
                   if h.value == "support"]
        stance = self.lexicon.find(words, "position", start=clause.first, end=clause.last)
        assessment = [h for h in self.lexicon.find(words, "assessment", start=clause.first, end=clause.last)
                      if h.value == "cues"]
        that = [h for h in stance if h.value == "that"]
        that_after_cue = any(0 < t.first - c.last <= 3 for t in that
                             for c in [*commitment, *stance, *self._reaffirm(clause)] if c.value != "that")
        party_subject = bool(clause.subject)
        stance_first = [h for h in stance if h.value in ("stance", "nouns")]
        if stance_first and commitment and self.lang == "en" and stance_first[0].first < commitment[0].first:
            commitment = []
        is_commitment = (commitment or (support and party_subject)) and not that_after_cue
        if self.lang == "en" and not party_subject and not clause.inherited:
            is_commitment = False
        if is_commitment:
            return self._commitments(clause, commitment or clause.inherited, truncated)
        if assessment or holder:
            held = [holder] if holder else (clause.subject if clause.subject else [self._writer()])
            return [self._statement("assessments", clause, held, "assessment: evaluative cue" if assessment
                                    else "assessment: the writer's perspective")]
        if stance or party_subject or self.voice:
            if self._event_clause(clause):
                return []
            held = clause.subject if clause.subject else list(self.parties)
            return [self._statement("positions", clause, held, "position: stance of the parties")]
        return []

    def _event_clause(self, clause: _Clause) -> bool:
        hits = self.lexicon.find(self.words, "event", start=clause.first, end=clause.last)
        cue = any(h.value in ("held", "participation", "visit") for h in hits)
        chunk = self.norm[clause.start:clause.end]
        return cue and bool(self._in(("persons", "places"), clause.start, clause.end) or
                            MONTHS_FI_DATE.search(chunk) or re.search(r"\b\d{4}\b", chunk))

    def _writer(self) -> str:
        """Whose memo this is: the actor of a perspective cue anywhere in it, else the first party."""
        for sentence in self.body:
            holder = self._perspective(sentence)
            if holder:
                return holder
        return self.parties[0] if self.parties else "unknown"

    def _reaffirm(self, clause: _Clause) -> list[Hit]:
        return [h for h in self.lexicon.find(self.words, "commitment", start=clause.first, end=clause.last)
                if h.value == "reaffirm"]

    def _relative_claim(self, clause: _Clause) -> list[Claim]:
        """A relative clause of a document ("julkilausuma, joka alleviivaa ..."): a position stated in it."""
        before = [m for m in self.matches if m.section == "documents" and m.end <= clause.start]
        nouns = self.lexicon.find(self.words, "documents.nouns", start=max(0, clause.first - 3), end=clause.first)
        stance = self.lexicon.find(self.words, "position", start=clause.first, end=clause.last)
        if not (nouns or (before and clause.start - before[-1].end < 4)) or not stance:
            return []
        start = self.words[nouns[-1].last].start if nouns else before[-1].start
        claim = self._statement("positions", clause, list(self.parties), "position: stated in a document", start)
        issued = [d for d in self._issued_documents() if d]
        claim.expressed_in = issued[0] if issued else None
        return [claim]

    def _issued_documents(self) -> list[str]:
        return list(self._documents_cache)

    def _statement(self, section: str, clause: _Clause, held: list[str], rule: str, start: int | None = None) -> Claim:
        start = self._trim_start(start if start is not None else clause.start, clause.end)
        span = self._quote_span(start, clause.end)
        matches = self._in(("policy_areas", "instruments", "organisations"), start, clause.end)
        areas = self._areas(matches)
        instruments = self._instruments(matches, clause)
        concerns = [m.id for m in matches if m.section == "organisations"]
        concerns = [c for c in dict.fromkeys(concerns) if c not in held and c not in self.parties]
        status = None
        continued = [h for h in self.lexicon.find(self.words, "commitment.status", start=clause.first,
                                                  end=clause.last) if h.value == "continued"
                     and not (h.first > 0 and self.words[h.first - 1].lower in DETERMINERS)]
        if self._reaffirm(clause) or continued or any(h.value == "continued" for h in clause.inherited):
            status = "reaffirmed"
        claim = Claim(section, [span], 0.7, rule, clause.sentence.index, status=status, parties=list(held),
                      areas=areas, instruments=instruments, concerns=concerns, text=self.norm[span[0]:span[1]])
        if section == "assessments" and self.lexicon.find(self.words, "assessment", start=clause.first,
                                                          end=clause.last) and "mahdollisuu" in claim.text.lower():
            claim.opportunity_for = list(held)
        return claim

    def _trim_start(self, start: int, end: int) -> int:
        chunk = self.norm[start:end]
        lead = re.match(r"(?:\d+\.\s+|[,;:–-]\s*|(?:and|ja|sekä)\s+)+", chunk)
        return start + lead.end() if lead else start

    # --- commitments ----------------------------------------------------------------
    def _commitments(self, clause: _Clause, cues: list[Hit], truncated: bool) -> list[Claim]:
        words = self.words
        status_hits = [h for h in cues if h.group == "commitment.status"]
        frames = [h for h in cues if h.group == "commitment.frames"]
        regions: list[tuple[int, int, str, Hit | None]] = []
        for n, hit in enumerate(status_hits):
            first = clause.first if n == 0 else hit.first
            last = status_hits[n + 1].first if n + 1 < len(status_hits) else clause.last
            if regions and regions[-1][2] == hit.value:
                regions[-1] = (regions[-1][0], last, hit.value, regions[-1][3])
            else:
                regions.append((first, last, hit.value, hit))
        if not regions:
            default = frames[0].value if frames else "continued"
            regions.append((clause.first, clause.last, default, frames[0] if frames else None))
        reaffirmed = bool(self._reaffirm(clause)) or any(f.value == "reaffirmed" for f in frames)
        claims: list[Claim] = []
        clause_areas = self._areas(self._in("policy_areas", clause.start, clause.end))
        principle = self.lexicon.data.get("principle_branch") or "international-order"
        kind_hint = self._kind(clause, clause_areas, principle)
        produced = False
        for n, (first, last, status, hit) in enumerate(regions):
            start = words[first].start if n else clause.start
            end = words[last - 1].end if last < clause.last else clause.end
            items = self._items(start, end, clause)
            if n == len(regions) - 1 and truncated and items and not items[-1][2]:
                items = items[:-1]
            lead_start = start if produced else clause.start
            lead_end = self._lead_end(cues, items, lead_start)
            for k, (item_start, item_end, matches) in enumerate(items):
                instruments = self._instruments(matches, clause)
                heads = self._instrument_heads(item_start, item_end)
                if not instruments and heads and status == "new":
                    instruments = self._instrument_from_head(heads[0], clause, item_start, item_end)
                areas = self._areas(matches, instruments)
                if not matches and not heads and (len(items) > 1 or len(regions) > 1 or not kind_hint[1]):
                    continue
                kind = "initiative" if status == "new" and instruments else kind_hint[0]
                item_status = status
                if reaffirmed or (kind == "principle" and status in ("continued", "deepened")):
                    item_status = "reaffirmed" if status != "new" else status
                if not areas and kind == "cooperation":
                    fallback = self.lexicon.data.get("fallback_area") or "bilateral-relations"
                    if self.ref.get("policy_areas", fallback):
                        areas = [fallback]
                spans = []
                if k == 0 or lead_end is None:
                    first_start = lead_start if k == 0 else item_start
                    spans.append(self._quote_span(self._trim_start(first_start, item_end), item_end))
                else:
                    spans.append(self._quote_span(lead_start, lead_end))
                    spans.append(self._quote_span(self._trim_start(item_start, item_end), item_end))
                produced = True
                concerns = [m.id for m in matches if m.section == "organisations"]
                concerns = [c for c in dict.fromkeys(concerns) if c not in self.parties]
                score = min([m.score for m in matches if m.section in ("policy_areas", "instruments")] or [0.6])
                confidence = round(0.9 * score * (0.9 if party_or_passive(clause) else 0.75), 2)
                claims.append(Claim("commitments", spans, confidence,
                                    f"commitment: {(hit.cue.text if hit else 'frame')} → {item_status}",
                                    clause.sentence.index, kind=kind, status=item_status,
                                    parties=list(self.parties) or [p for p in clause.subject or []],
                                    areas=areas, instruments=instruments, concerns=concerns,
                                    text=self.norm[item_start:item_end]))
        return claims

    def _lead_end(self, cues: list[Hit], items: list[tuple[int, int, list[Match]]], start: int) -> int | None:
        """End of the words that govern every item (subject and verb), before the first item's first name."""
        if not items:
            return None
        named = [m.start for m in items[0][2] if m.section in ("policy_areas", "instruments")]
        first_name = min(named) if named else items[0][1]
        ends = [self.words[h.last].end for h in cues if start <= self.words[h.first].start
                and self.words[h.last].end <= first_name]
        return max(ends) if ends else None

    def _kind(self, clause: _Clause, areas: list[str], principle: str) -> tuple[str, bool]:
        hits = self.lexicon.find(self.words, "commitment", start=clause.first, end=clause.last)
        values = {h.value for h in hits}
        if "support" in values:
            return "support", True
        if "cooperation" in values:
            return "cooperation", True
        if any(area == principle or principle in self.ref.broader(area) for area in areas):
            return "principle", True
        return "cooperation", False

    def _items(self, start: int, end: int, clause: _Clause) -> list[tuple[int, int, list[Match]]]:
        """The items of a commitment region: coordinated verbs, or a list of policy areas and instruments."""
        matches = [m for m in self._in(("policy_areas", "instruments", "organisations"), start, end)]
        verbs = self._coordinated_verbs(start, end)
        if len(verbs) >= 2:
            spans = [(a, b) for a, b in zip(verbs, [*verbs[1:], end])]
            spans[0] = (start, spans[0][1])
            return [(a, self._rstrip(a, b), [m for m in matches if a <= m.start and m.end <= b]) for a, b in spans]
        listed = self._list_members(start, end, matches)
        if listed:
            return listed
        return [(start, self._rstrip(start, end), matches)]

    def _coordinated_verbs(self, start: int, end: int) -> list[int]:
        """Starts of coordinated verb phrases ("to promote X, ensure Y"; "A:n jatkamiseen sekä B:n edistämiseen")."""
        words = [w for w in self.words if start <= w.start and w.end <= end]
        if self.lang == "fi":
            nouns = [n for n, w in enumerate(words) if NOMINALISATION.match(w.lower)]
            if len(nouns) < 2:
                return []
            starts = [start]
            for a, b in zip(nouns, nouns[1:]):
                gap = [w for w in words[a + 1:b + 1]]
                sep = next((w for w in gap if w.lower in ("ja", "sekä", "tai")), None)
                comma = self.norm.find(",", words[a].end, words[b].start)
                if sep is None and comma == -1:
                    return []
                starts.append(min(x for x in [sep.start if sep else None, comma + 1 if comma != -1 else None]
                                  if x is not None))
            return starts if len(starts) >= 2 else []
        starts = []
        actions = set(self.lexicon.words("action_verbs"))
        for n, w in enumerate(words[1:], start=1):
            if not actions & {w.lower, *w.lemmas}:
                continue
            before = self.norm[words[n - 1].end:w.start]
            prev = words[n - 1].lower
            lead = n - 1
            if prev == "to":
                before = self.norm[words[n - 2].end:words[n - 1].start] if n >= 2 else ""
                prev = words[n - 2].lower if n >= 2 else ""
                lead = n - 2
            if "," in before or prev in ("and", "or"):
                if lead >= 1 and (prev not in ("and", "or") or lead >= 1):
                    starts.append(words[lead + (prev in ("and", "or"))].start if prev in ("and", "or")
                                  else words[lead + 1].start)
        starts = [s for s in starts if s > start]
        if not starts:
            return []
        return [start, *starts]

    def _list_members(self, start: int, end: int, matches: list[Match]) -> list[tuple[int, int, list[Match]]]:
        """A list whose every member names a policy area or an instrument: one item per member."""
        items_matches = [m for m in matches if m.section in ("policy_areas", "instruments")]
        if len(items_matches) < 2:
            return []
        intro = [h for h in self.lexicon.find(self.words, "list_intro") if start <= self.words[h.first].start < end]
        list_start = self.words[intro[-1].last].end if intro else start
        members = self._split_list(list_start, end, [m for m in matches if m.start >= list_start])
        if len(members) < 2:
            return []
        out = []
        for a, b in members:
            inside = [m for m in items_matches if a <= m.start and m.end <= b]
            if not inside:
                return []
            named = [m for m in inside if m.section == "policy_areas" or m.section == "instruments"]
            groups = _ellipsis_groups(named)
            orgs = [m for m in matches if m.section == "organisations" and a <= m.start and m.end <= b]
            for group in groups:
                out.append((a, b, group + orgs + [m for m in inside if m not in named]))
        return out

    def _split_list(self, start: int, end: int, matches: list[Match]) -> list[tuple[int, int]]:
        inside = lambda pos: any(m.start <= pos < m.end for m in matches)  # noqa: E731
        chunk = self.norm[start:end]
        conjunctions = [m for m in re.finditer(r"\s(ja|sekä|and|or|tai)\s", chunk) if not inside(start + m.start() + 1)]
        final = conjunctions[-1] if conjunctions else None
        cuts = []
        for comma in re.finditer(r",", chunk):
            if not inside(start + comma.start()) and (final is None or comma.start() < final.start()):
                cuts.append((comma.start(), comma.end()))
        if final is not None and not re.search(r",", chunk[final.end():]):
            cuts.append((final.start(), final.end()))
        members, position = [], 0
        for a, b in sorted(cuts):
            members.append((start + position, start + a))
            position = b
        members.append((start + position, end))
        return [(a, self._rstrip(a, b)) for a, b in members if self.norm[a:b].strip(" .,")]

    def _rstrip(self, start: int, end: int) -> int:
        while True:
            while end > start and self.norm[end - 1] in " .,;:–-":
                end -= 1
            tail = re.search(r"\s(?:ja|sekä|tai|and|or)$", self.norm[start:end])
            if not tail:
                return end
            end = start + tail.start()

    def _areas(self, matches: list[Match], instruments: list[str] | None = None) -> list[str]:
        areas = [m.id for m in matches if m.section == "policy_areas"]
        for instrument in instruments or []:
            areas += self.ref.refs("instruments", instrument, "areas")
        return list(dict.fromkeys(areas))

    def _instruments(self, matches: list[Match], clause: _Clause) -> list[str]:
        found: list[str] = []
        by_span: dict[tuple[int, int], list[Match]] = {}
        for m in matches:
            if m.section == "instruments":
                by_span.setdefault((m.start, m.end), []).append(m)
        for (start, end), group in by_span.items():
            if len(group) == 1:
                found.append(group[0].id)
                continue
            near = self._nearby_parties(start, end, clause)
            best = max(group, key=lambda m: (len(set(self.ref.refs("instruments", m.id, "parties")) & near)
                                             - len(set(self.ref.refs("instruments", m.id, "parties")) - near), m.score))
            found.append(best.id)
        return list(dict.fromkeys(found))

    def _nearby_parties(self, start: int, end: int, clause: _Clause) -> set[str]:
        """Organisations written nearest around a span (its own words first, then the clause)."""
        near = [m for m in self.matches if m.section == "organisations"
                and clause.start <= m.start and m.end <= clause.end
                and (0 <= start - m.end <= 25 or 0 <= m.start - end <= 20)]
        if not near:
            return set(self.parties)
        return {self._sovereign(m.id) or m.id for m in near}

    def _instrument_heads(self, start: int, end: int) -> list[Hit]:
        hits = []
        for i, word in enumerate(self.words):
            if start <= word.start and word.end <= end:
                for cue in self.lexicon.cues.get("instrument_heads", []):
                    alts = cue.patterns[-1]
                    if any(alt in word.lemmas or (len(word.parts) > 1 and word.parts[-1] == alt) or
                           (len(alt) > 4 and word.lemmas[0].endswith(alt)) for alt in alts):
                        hits.append(Hit("instrument_heads", cue.value, i, i, cue))
                        break
        return hits

    def _instrument_from_head(self, head: Hit, clause: _Clause, start: int, end: int) -> list[str]:
        """A new instrument named by its head word: a known one of that type and area, else a proposal."""
        areas = self._areas(self._in("policy_areas", clause.start, clause.end))
        for instrument_id, item in self.ref.section("instruments").items():
            if item.get("type") != head.value:
                continue
            if set(self.ref.refs("instruments", instrument_id, "areas")) & set(areas) and \
                    set(self.ref.refs("instruments", instrument_id, "parties")) <= set(self.parties or []):
                return [instrument_id]
        word = self.words[head.first]
        if word.lemmas[0] in {alt for alt in head.cue.patterns[-1]}:
            return []
        name = word.lemmas[0]
        instrument_id = _slug("-".join([*(self._short(p) for p in self.parties), name]))
        self._propose("instruments", instrument_id, {
            "type": head.value, "label": {"en": name, "fi": name}, "parties": list(self.parties),
            **({"areas": areas} if areas else {})}, f"named by {word.form!r}")
        return [instrument_id]

    # --- merging and writing --------------------------------------------------------
    def _merge(self, claims: list[Claim]) -> list[Claim]:
        merged: list[Claim] = []
        for claim in claims:
            target = next((c for c in merged if _same_claim(c, claim)), None)
            if target:
                target.spans += [s for s in claim.spans if s not in target.spans]
                target.areas = list(dict.fromkeys(target.areas + claim.areas))
                target.confidence = max(target.confidence, claim.confidence)
            else:
                merged.append(claim)
        result = []
        for claim in merged:
            if claim.section == "commitments" and not claim.instruments and claim.areas:
                narrower = [c for c in merged if c is not claim and c.section == "commitments" and c.status == claim.status
                            and c.areas and all(any(a in self.ref.broader(b) for b in c.areas) for a in claim.areas)]
                if narrower and all(any(a in self.ref.broader(b) for b in c.areas) for c in narrower
                                    for a in claim.areas):
                    for c in narrower:
                        c.spans += [s for s in claim.spans if s not in c.spans]
                    continue
            result.append(claim)
        return result

    def _claim_sections(self, claims: list[Claim]) -> dict[str, Any]:
        out: dict[str, dict[str, Any]] = {"commitments": {}, "positions": {}, "assessments": {}}
        for claim in claims:
            section = out[claim.section]
            item_id = _unique(self._claim_id(claim), section)
            item: dict[str, Any] = {"label": self._claim_label(claim)}
            if claim.section == "commitments":
                item.update(kind=claim.kind, status=claim.status, parties=claim.parties)
            else:
                item["held_by"] = claim.parties
                if claim.opportunity_for:
                    item["opportunity_for"] = claim.opportunity_for
                if claim.status and claim.section == "positions":
                    item["status"] = claim.status
            for key in ("areas", "instruments", "concerns"):
                if getattr(claim, key):
                    item[key] = getattr(claim, key)
            if self.event_id:
                item["event"] = self.event_id
            if claim.expressed_in:
                item["expressed_in"] = claim.expressed_in
            spans = sorted(claim.spans)
            item["evidence"] = spans
            item["note"] = self._note(claim.confidence, spans[0], claim.rule)
            section[item_id] = item
        return out

    def _claim_id(self, claim: Claim) -> str:
        if claim.section == "commitments" and (claim.instruments or claim.areas):
            base = claim.instruments[0] if claim.instruments else claim.areas[0]
            shorts = [self._short(p) for p in self.parties]
            while any(base.startswith(f"{short}-") for short in shorts):
                base = next(base[len(short) + 1:] for short in shorts if base.startswith(f"{short}-"))
            return base
        words = [w for w in re.findall(r"[^\W\d_]+", _ascii(claim.text).lower()) if len(w) > 2][:5]
        return "-".join(words) or claim.section[:-1]

    def _claim_label(self, claim: Claim) -> dict[str, str]:
        if claim.section != "commitments":
            text = claim.text.rstrip(" .")
            other = "fi" if self.lang == "en" else "en"
            return {self.lang: text, other: f"[{other} label to write] {text}"}
        names_en = [self._label("instruments", i, "en") for i in claim.instruments] or \
                   [self._label("policy_areas", a, "en") for a in claim.areas]
        names_fi = [self._label("instruments", i, "fi") for i in claim.instruments] or \
                   [self._label("policy_areas", a, "fi") for a in claim.areas]
        what_en = _join(names_en, "and") or claim.text
        what_fi = _join(names_fi, "ja") or claim.text
        verbs_en = {"new": "Launch", "deepened": "Deepen cooperation on", "continued": "Continue cooperation on",
                    "reaffirmed": "Reaffirm the commitment to"}
        if claim.kind == "support":
            verbs_en.update(continued="Continue support:", deepened="Strengthen support:")
        nouns_fi = {"new": "uusi avaus", "deepened": "yhteistyön syventäminen", "continued": "yhteistyön jatkaminen",
                    "reaffirmed": "sitoumuksen vahvistaminen uudelleen"}
        return {"en": f"{verbs_en[claim.status or 'continued']} {what_en}",
                "fi": f"{what_fi}: {nouns_fi[claim.status or 'continued']}"}

    def _label(self, section: str, item_id: str, lang: str) -> str:
        proposed = self.proposals.get(section, {}).get(item_id)
        return proposed["label"][lang] if proposed else self.ref.label(section, item_id, lang)

    def _no_claim(self, sections: dict[str, Any]) -> list[dict[str, Any]]:
        covered: list[tuple[int, int]] = list(self.used)
        title = sections["memo"].get("title")
        if isinstance(title, dict) and "evidence" in title:
            covered.append(title["evidence"])
        for name in ("events", "commitments", "positions", "assessments"):
            for item in (sections.get(name) or {}).values():
                covered += item["evidence"]
        for name in ("participations", "documents_issued"):
            for item in sections.get(name) or []:
                covered += item["evidence"]
        out = []
        for sentence in self.sentences:
            if any(a < sentence.end and sentence.start < b for a, b in covered):
                continue
            if sentence.header:
                reason = "draft: header lines of the file (front matter), not text of the memo"
            elif re.fullmatch(r"\d+\.?", self.norm[sentence.start:sentence.end]):
                reason = "draft: paragraph number"
            else:
                reason = "draft: no claim recognised in this sentence; review"
            out.append({"sentence": [(sentence.start, sentence.end)], "reason": reason})
        return out

    def _memo_head(self, memo: Path, text_path: Path, event: tuple[str, dict[str, Any]] | None) -> dict[str, Any]:
        head: dict[str, Any] = {"id": _slug(_ascii(text_path.stem.replace(".", "-")))}
        statement = self._is_statement()
        if statement:
            head["type"] = "joint-statement"
        head["source"] = text_path
        head["language"] = self.lang
        title = self._title()
        if title:
            head["title"] = {"evidence": title}
            self.used.append(title)
        else:
            label = event[1]["label"] if event else {"en": text_path.stem, "fi": text_path.stem}
            head["title"] = dict(label)
        what = event[1]["label"] if event else None
        if statement:
            head["label"] = {"en": f"Joint statement: {what['en']}" if what else "Joint statement",
                             "fi": f"Yhteinen julkilausuma: {what['fi']}" if what else "Yhteinen julkilausuma"}
        else:
            head["label"] = {"en": f"Memo on the {what['en']}" if what else f"Memo {text_path.stem}",
                             "fi": f"Muistio: {what['fi']}" if what else f"Muistio {text_path.stem}"}
        if event:
            head["about"] = [event[0]]
        head["attribution"] = f"DRAFT: name the source of {memo.name} and its reuse terms."
        return head

    def _is_statement(self) -> bool:
        nouns = self.lexicon.find(self.words, "documents.nouns")
        first = next((s for s in self.body), None)
        return bool(first and any(self.words[h.first].start < first.end + 200 and h.value == "joint-statement"
                                  for h in nouns) and self._voice())

    def _title(self) -> tuple[int, int] | None:
        """The first line of the memo (after any front matter), when it reads as a title."""
        first = next((s for s in self.body), None)
        if first is None:
            return None
        line = next((ln for ln in re.split(r"\s*\n", self.text.original[self.text.span(first.start, first.end).start:])
                     if ln.strip()), "")
        needle = " ".join(line.split())
        start = self.norm.find(needle, first.start)
        if not needle or start != first.start or re.search(r"[.!?]$", needle) or len(needle.split()) > 12:
            return None
        end = start + len(needle)
        words = [w for w in self.words if start <= w.start and w.end <= end]
        only_place_date = all(any(m.start <= w.start < m.end for m in self._in("places", start, end))
                              or w.form[0].isdigit() or w.lower in self.lexicon.data.get("months", [])
                              for w in words)
        return None if only_place_date else (start, end)

    # --- helpers --------------------------------------------------------------------
    def _quote_span(self, start: int, end: int) -> tuple[int, int]:
        while start < end and self.norm[start] in " ,;:":
            start += 1
        while end > start and self.norm[end - 1] in " ,;:.":
            end -= 1
        number = re.search(r"[\s:]+\d{1,2}$", self.norm[start:end])
        if number and end - start > 12:
            return self._quote_span(start, start + number.start())
        return start, end

    def _note(self, confidence: float, span: tuple[int, int], rule: str) -> str:
        original = self.text.span(*span)
        return f"DRAFT · confidence {confidence:.2f} · evidence at characters {original.start}–{original.end} · {rule}"

    def _propose(self, section: str, item_id: str, item: dict[str, Any], why: str) -> None:
        entry = self.proposals.setdefault(section, {})
        if item_id not in entry:
            entry[item_id] = {**item, "note": f"PROPOSED by eujgraph extract: {why}; review (add identifiers "
                                               "only where verified)"}


def party_or_passive(clause: _Clause) -> bool:
    return bool(clause.subject) or clause.subject is None


def _same_claim(a: Claim, b: Claim) -> bool:
    if a.section != b.section or a.sentence == b.sentence:
        return False
    if a.section == "commitments":
        if (a.kind, a.status) != (b.kind, b.status):
            return False
        if a.instruments or b.instruments:
            return set(a.instruments) == set(b.instruments)
        return bool(a.areas) and set(a.areas) == set(b.areas) and set(a.concerns) == set(b.concerns)
    if set(a.parties) != set(b.parties):
        return False
    if normalise(a.text) == normalise(b.text):
        return True
    return bool(a.instruments) and set(a.instruments) == set(b.instruments)


def _ellipsis_groups(matches: list[Match]) -> list[list[Match]]:
    """Matches sharing words ("merenkulun ja avaruuden turvallisuudessa") are items of their own."""
    if len(matches) < 2:
        return [matches]
    overlapping = any(a.overlaps(b) and a.id != b.id for a in matches for b in matches if a is not b)
    if not overlapping:
        return [matches]
    groups: list[list[Match]] = []
    for match in matches:
        if match.section == "policy_areas":
            groups.append([match])
    return groups or [matches]


def normalise(text: str) -> str:
    return " ".join(text.lower().split()).rstrip(".")


def _join(names: list[str], conjunction: str) -> str:
    if len(names) <= 1:
        return names[0] if names else ""
    return f"{', '.join(names[:-1])} {conjunction} {names[-1]}"


def _unique(base: str, taken: dict[str, Any]) -> str:
    base = _slug(base) or "item"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _slug(text: str) -> str:
    return re.sub(r"-+", "-", re.sub(r"[^a-z0-9]+", "-", _ascii(text).lower())).strip("-")[:60].strip("-")


def _name_order(text: str) -> str:
    """"KISHIDA Fumio" → "Fumio Kishida": an upper-case family name written first."""
    parts = text.split()
    if len(parts) == 2 and parts[0].isupper() and not parts[1].isupper():
        return f"{parts[1]} {parts[0].capitalize()}"
    return " ".join(p.capitalize() if p.isupper() else p for p in parts)


def _english_ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"
