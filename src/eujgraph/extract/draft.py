"""Drafting a curated file from a new memo (``eujgraph extract``).

:func:`extract` reads a memo, finds what it says with the gazetteer of the reference
data and the cue lexicons, and returns a :class:`Draft` in the curated format
(``docs/curated-format.md``): the event, participants, side events, documents issued,
commitments, positions and assessments, each with its evidence quoted from the memo
and a ``note`` that marks it as a draft with a confidence, its evidence span and the
rule that found it. Entities the reference data lacks are proposed as new reference
entries (:attr:`Draft.proposals`), never dropped. A memo without a recognisable event
gives a draft that says so. How each part is found: ``docs/extract.md``; the event and its
documents in :mod:`eujgraph.extract.events`, participants in :mod:`eujgraph.extract.people`, dates
in :mod:`eujgraph.extract.dates`, claims in :mod:`eujgraph.extract.claims` and
:mod:`eujgraph.extract.commitments`, all reading one :class:`~eujgraph.extract.context.DraftContext`.

>>> from pathlib import Path
>>> draft = extract(Path("graph/sources/eu-japan-summit-2025-07-23.fi.txt"))
>>> draft.event["ordinal"], draft.event["date"], draft.event["place"]
(30, '2025-07-23', 'tokyo')
"""

from __future__ import annotations

import re
import time
from bisect import bisect_left
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import Any

from ..drafts import DRAFT_REASON_PREFIX, draft_attribution
from ..errors import InputError, Problem
from ..project import Project
from ..text import SourceText
from .claims import find_claims
from .context import Claim, DraftContext, ascii_fold, slug
from .events import find_documents_issued, find_event, find_side_events, mentioned_parties, with_parties
from .people import find_mentions
from .people import participations as participations_of
from .gazetteer import Reference
from .reading import read_memo


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
        """The main event's item (the event that is no side event), or None."""
        events = self.sections.get("events") or {}
        return next((e for e in events.values() if "side_event_of" not in e), None)

    def to_yaml(self, out: Path | None = None) -> str:
        """The draft as a curated memo file; its ``source`` is relative to ``out``'s folder."""
        from .draft_yaml import render

        return render(self, out)

    def proposals_yaml(self) -> str:
        """The proposed reference entries as a reference file."""
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
    context = DraftContext(text, reference, lang)
    draft = _assemble(context, memo, text_path or (memo.with_suffix(".txt") if from_pdf else memo))
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
    """The reference data of the project holding the memo, else of the one around the working directory."""
    try:
        return Project.find(memo.resolve().parent).reference_dir
    except InputError:
        try:
            return Project.find().reference_dir
        except InputError:
            raise InputError([Problem("no eujgraph project above the memo or the working directory; "
                                      "pass --project DIR", memo)]) from None


def _assemble(context: DraftContext, memo: Path, text_path: Path) -> Draft:
    """Find the event, its participants, side events and documents, then the claims; write them as sections."""
    event = find_event(context)
    context.event_id = event[0] if event else None
    context.parties = event[1]["parties"] if event else mentioned_parties(context)
    events: dict[str, Any] = {}
    participations: list[dict[str, Any]] = []
    documents: list[dict[str, Any]] = []
    if event:
        mentions = find_mentions(context)
        context.person_spans = [(m.start, m.end) for m in mentions]
        participations = participations_of(context, mentions)
        context.cited_people = [p["evidence"][0] for p in participations]
        # A participant's side is a party of the event ("pääministeri Orpo": Finland).
        event = with_parties(context, event, [p["party"] for p in participations if context.sovereign(p["party"])])
        context.event_id = event[0]
        for taking_part in participations:
            taking_part["event"] = event[0]
        events[event[0]] = event[1]
        events.update(find_side_events(context, participations, event[1]["evidence"][0]))
        documents = find_documents_issued(context)
    sections: dict[str, Any] = {"memo": _memo_head(context, memo, text_path, event)}
    sections["events"] = events
    sections["participations"] = participations
    sections["documents_issued"] = documents
    context.documents_issued = [d["document"] for d in documents]
    sections.update(_claim_sections(context, find_claims(context)))
    sections["no_claim"] = _no_claim(context, sections)
    _propose_known(context, sections)
    warnings = []
    if not event:
        warnings.append("no event recognised: the memo names no summit or meeting with a date or place; "
                        "the draft has no events or participations, and its claims name no event")
    return Draft(memo, text_path, context.lang, sections, context.proposals, warnings, context.text)


def _propose_known(context: DraftContext, sections: dict[str, Any]) -> None:
    """Propose every item of the summit history or the world lexicon that the draft uses (with what
    it refers to in turn), so that each id of the draft resolves once the proposals are reviewed."""
    known = context.reference.known
    pending = [sections, context.proposals]
    seen: set[tuple[str, str]] = set()
    while pending:
        used = _strings(pending.pop())
        for key in sorted(k for k in known if k[1] in used and k not in seen):
            seen.add(key)
            section, item_id = key
            entry = dict(known[key])
            context.propose(section, item_id, entry, "named in the memo; known from "
                            f"{context.reference.get(section, item_id).path.name}")
            pending.append(entry)


def _strings(value: Any) -> set[str]:
    if isinstance(value, str):
        return {value}
    if isinstance(value, dict):
        return set().union(*(_strings(v) for v in value.values())) if value else set()
    if isinstance(value, (list, tuple)):
        return set().union(*(_strings(v) for v in value)) if value else set()
    return set()


def _memo_head(context: DraftContext, memo: Path, text_path: Path,
               event: tuple[str, dict[str, Any]] | None) -> dict[str, Any]:
    head: dict[str, Any] = {"id": slug(ascii_fold(text_path.stem.replace(".", "-")))}
    statement = _is_joint_statement(context)
    if statement:
        head["type"] = "joint-statement"
    head["source"] = text_path
    head["language"] = context.lang
    title = context.title_span()
    if title:
        head["title"] = {"evidence": title}
        context.cited.append(title)
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
    head["attribution"] = draft_attribution(memo.name)
    return head


def _is_joint_statement(context: DraftContext) -> bool:
    """Whether the opening names a joint statement and the text speaks for the parties."""
    if not context.body:
        return False
    first = context.body[0]
    nouns = context.lexicon.find(context.words, "documents.nouns")
    return any(context.words[h.first].start < first.end + 200 and h.value == "joint-statement" for h in nouns) \
        and context.speaks_for_parties


def _claim_sections(context: DraftContext, claims: list[Claim]) -> dict[str, Any]:
    out: dict[str, dict[str, Any]] = {"commitments": {}, "positions": {}, "assessments": {}}
    for claim in claims:
        section = out[claim.section]
        item_id = _unique(_claim_id(context, claim), section)
        item: dict[str, Any] = {"label": _claim_label(context, claim)}
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
        if context.event_id:
            item["event"] = context.event_id
        if claim.expressed_in:
            item["expressed_in"] = claim.expressed_in
        spans = sorted(claim.spans)
        item["evidence"] = spans
        item["note"] = context.note(claim.confidence, spans[0], claim.rule)
        section[item_id] = item
    return out


def _claim_id(context: DraftContext, claim: Claim) -> str:
    if claim.section == "commitments" and (claim.instruments or claim.areas):
        base = claim.instruments[0] if claim.instruments else claim.areas[0]
        shorts = [context.short_id(p) for p in context.parties]
        while any(base.startswith(f"{short}-") for short in shorts):
            base = next(base[len(short) + 1:] for short in shorts if base.startswith(f"{short}-"))
        return base
    words = [w for w in re.findall(r"[^\W\d_]+", ascii_fold(claim.text).lower()) if len(w) > 2][:5]
    return "-".join(words) or claim.section[:-1]


def _claim_label(context: DraftContext, claim: Claim) -> dict[str, str]:
    if claim.section != "commitments":
        return context.text_label(claim.text.rstrip(" ."))
    names_en = [_label(context, "instruments", i, "en") for i in claim.instruments] or \
               [_label(context, "policy_areas", a, "en") for a in claim.areas]
    names_fi = [_label(context, "instruments", i, "fi") for i in claim.instruments] or \
               [_label(context, "policy_areas", a, "fi") for a in claim.areas]
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


def _label(context: DraftContext, section: str, item_id: str, lang: str) -> str:
    """An item's label in ``lang``, from its proposal when the item is proposed."""
    proposed = context.proposals.get(section, {}).get(item_id)
    return proposed["label"][lang] if proposed else context.reference.label(section, item_id, lang)


def _no_claim(context: DraftContext, sections: dict[str, Any]) -> list[dict[str, Any]]:
    """Every sentence no item cites, with the reason."""
    covered: list[tuple[int, int]] = list(context.cited)
    title = sections["memo"].get("title")
    if isinstance(title, dict) and "evidence" in title:
        covered.append(title["evidence"])
    for name in ("events", "commitments", "positions", "assessments"):
        for item in (sections.get(name) or {}).values():
            covered += item["evidence"]
    for name in ("participations", "documents_issued"):
        for item in sections.get(name) or []:
            covered += item["evidence"]
    # A sentence is covered when a span starting before its end ends after its start: spans by start,
    # with the furthest end among the first k of them.
    covered.sort(key=lambda span: span[0])
    starts = [a for a, _ in covered]
    furthest = list(accumulate((b for _, b in covered), max))
    out = []
    for sentence in context.sentences:
        k = bisect_left(starts, sentence.end)
        if k and furthest[k - 1] > sentence.start:
            continue
        if sentence.header:
            reason = f"{DRAFT_REASON_PREFIX} header lines of the file (front matter), not text of the memo"
        elif re.fullmatch(r"\d+\.?", context.norm[sentence.start:sentence.end]):
            reason = f"{DRAFT_REASON_PREFIX} paragraph number"
        else:
            reason = f"{DRAFT_REASON_PREFIX} no claim recognised in this sentence; review"
        out.append({"sentence": [(sentence.start, sentence.end)], "reason": reason})
    return out


def _join(names: list[str], conjunction: str) -> str:
    if len(names) <= 1:
        return names[0] if names else ""
    return f"{', '.join(names[:-1])} {conjunction} {names[-1]}"


def _unique(base: str, taken: dict[str, Any]) -> str:
    base = slug(base) or "item"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate
