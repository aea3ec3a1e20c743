"""Reviewing a draft: what the review page shows, and the curated file a review saves.

A :class:`Review` reads a draft written by ``eujgraph extract`` (and the proposed reference
entries beside it), locates every evidence quote in the memo's normalised text
(:class:`eujgraph.text.SourceText`) and offers the page a JSON payload: the text, the drafted
items by section with their spans and editable fields, the proposed entities and the ids they
may be mapped to. :meth:`Review.save` takes the reviewer's decisions and writes the curated
file — accepted items only, draft notes gone, attribution and labels written — and the
confirmed proposals as a reference file of ``graph/reference/``. The HTTP side is
:mod:`eujgraph.web.review`.

    >>> review = Review(Path("x.draft.yaml"), project=Project.find())   # doctest: +SKIP
    >>> status, answer = review.save({"attribution": "…", "items": {...}})  # doctest: +SKIP
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .._input import decode_utf8, read_input
from ..atomic import write_atomically
from ..drafts import DRAFT_PREFIX, DRAFT_REASON_PREFIX, PLACEHOLDER_LABEL, PROPOSALS_SUFFIX, proposals_path
from ..errors import InputError, Problem
from ..project import Project
from ..text import SourceText, normalize_quote
from ..curation._yaml import load_yaml
from ..curation.schema import REFERENCE_SECTIONS, SECTIONS
from .draft_yaml import SECTION_ORDER, _dump

PLACEHOLDER = re.compile(r"\[[^\[\]\n]{0,60}\bto write\]")
DRAFT_WORD = re.compile(rf"\b{DRAFT_PREFIX}\b")
DRAFT_REASON = re.compile(rf"^{re.escape(DRAFT_REASON_PREFIX)}\s*", re.IGNORECASE)
CONFIDENCE = re.compile(r"confidence\s+([0-9.]+)")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
EDITABLE_KINDS = ("langmap", "choice", "ref", "refs", "int", "date")
LABEL_FIELDS = ("label",)
LISTED_LIMIT = 10
REF_TARGETS = frozenset(f.target for s in SECTIONS.values() for f in s.fields if f.target)
TITLES = {"events": "Events", "participations": "Participations", "documents_issued": "Documents issued",
          "commitments": "Commitments", "positions": "Positions", "assessments": "Assessments"}


@dataclass
class ReviewItem:
    """One drafted item: where it lives in the draft, its values and its evidence spans."""

    uid: str
    section: str
    key: str | None
    values: dict[str, Any]
    spans: list[list[int]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)


@dataclass
class Proposal:
    """One proposed reference entry from the draft's ``.reference.yaml``."""

    uid: str
    section: str
    id: str
    values: dict[str, Any]


class Review:
    """A draft under review, and the files its review writes."""

    def __init__(self, draft: Path, *, project: Project, out: Path | None = None,
                 reference_out: Path | None = None, force: bool = False) -> None:
        self.draft = Path(draft)
        self.project = project
        self.force = force
        data = _plain(load_yaml(self.draft, self.draft.parent))
        if not isinstance(data.get("memo"), dict):
            raise InputError([Problem("a draft needs a 'memo' section", self.draft)])
        self.data = data
        self.memo: dict[str, Any] = data["memo"]
        self.lang = str(self.memo.get("language") or "en")
        source = self.memo.get("source")
        if not isinstance(source, str) or not source:
            raise InputError([Problem("memo.source is missing: the draft names no memo text", self.draft)])
        self.source = (self.draft.parent / source).resolve()
        raw = decode_utf8(read_input(self.source, self.source.parent, "memo text"), self.source, "memo text")
        self.text = SourceText(raw)
        self.out = Path(out) if out else project.memos_dir / _reviewed_name(self.draft)
        stem = self.out.name[:-5] if self.out.name.endswith(".yaml") else self.out.stem
        self.reference_out = Path(reference_out) if reference_out else project.reference_dir / f"reviewed-{stem}.yaml"
        self.items = self._items()
        self.proposals = self._proposals()
        self.reference = _reference_options(project.reference_dir, exclude=self.reference_out)

    # --- reading the draft ---------------------------------------------------------------

    def _items(self) -> list[ReviewItem]:
        items = []
        for name, body in self.data.items():
            if name in ("memo", "no_claim"):
                continue
            if isinstance(body, dict):
                entries = [(f"{name}/{key}", key, value) for key, value in body.items()]
            elif isinstance(body, list):
                entries = [(f"{name}/{index}", None, value) for index, value in enumerate(body)]
            else:
                continue
            for uid, key, value in entries:
                if isinstance(value, dict):
                    item = ReviewItem(uid, name, None if key is None else str(key), value)
                    item.spans, item.missing = self.locate(value.get("evidence"))
                    items.append(item)
        return items

    def _proposals(self) -> list[Proposal]:
        path = self.proposals_file
        if not path.is_file():
            return []
        data = _plain(load_yaml(path, path.parent))
        found = []
        for section, body in data.items():
            if isinstance(body, dict):
                found += [Proposal(f"{section}/{key}", section, str(key), value)
                          for key, value in body.items() if isinstance(value, dict)]
        return found

    @property
    def proposals_file(self) -> Path:
        """Where `eujgraph extract` put the draft's proposals (:func:`eujgraph.drafts.proposals_path`)."""
        name = self.draft.name
        beside = self.draft.with_name((name[:-5] if name.endswith(".yaml") else name) + PROPOSALS_SUFFIX)
        official = proposals_path(self.draft)
        return official if official.is_file() or not beside.is_file() else beside

    def locate(self, evidence: Any) -> tuple[list[list[int]], list[str]]:
        """The normalised spans ``[start, end]`` of quotes, and the quotes not found."""
        spans, missing = [], []
        for entry in evidence if isinstance(evidence, list) else [evidence] if evidence else []:
            quote, occurrence = (entry.get("quote"), entry.get("occurrence") or 1) if isinstance(entry, dict) \
                else (entry, 1)
            found = _occurrences(self.text.normalized, normalize_quote(str(quote or "")))
            if isinstance(occurrence, int) and 0 < occurrence <= len(found):
                start = found[occurrence - 1]
                spans.append([start, start + len(normalize_quote(str(quote)))])
            else:
                missing.append(str(quote))
        return spans, missing

    # --- the page's payload --------------------------------------------------------------

    def payload(self) -> dict[str, Any]:
        """Everything the review page shows, as JSON-ready data."""
        sections = [name for name in dict.fromkeys([*SECTION_ORDER, *self.data]) if name not in ("memo", "no_claim")
                    and any(item.section == name for item in self.items)]
        used = self._uses()
        no_claim = []
        for entry in self.data.get("no_claim") or []:
            if isinstance(entry, dict):
                spans, _ = self.locate(entry.get("sentence"))
                no_claim.append({"spans": spans, "reason": _reviewed_reason(str(entry.get("reason", "")))})
        return {
            "draft": str(self.draft), "out": str(self.out), "reference_out": str(self.reference_out),
            "exists": [str(p) for p in (self.out,) if p.exists()],
            "language": self.lang, "text": self.text.normalized,
            "memo": {"id": self.memo.get("id"), "label": self.memo.get("label") or {},
                     "attribution": "" if DRAFT_WORD.search(str(self.memo.get("attribution", "")))
                     else self.memo.get("attribution", ""),
                     "draft_attribution": self.memo.get("attribution", ""),
                     "title_spans": self.locate((self.memo.get("title") or {}).get("evidence")
                                                if isinstance(self.memo.get("title"), dict) else None)[0]},
            "sections": [{"name": n, "title": TITLES.get(n, n.replace("_", " ").capitalize())} for n in sections],
            "fields": {n: _editable_fields(n, [i.values for i in self.items if i.section == n]) for n in sections},
            "items": [self._item_payload(item) for item in self.items],
            "proposals": [{"uid": p.uid, "section": p.section, "id": p.id, "values": p.values,
                           "fields": _proposal_fields(p), "used_by": used.get((p.section, p.id), [])}
                          for p in self.proposals],
            "options": self._options(),
            "no_claim": no_claim,
        }

    def _item_payload(self, item: ReviewItem) -> dict[str, Any]:
        note = str(item.values.get("note", ""))
        confidence = CONFIDENCE.search(note)
        return {"uid": item.uid, "section": item.section, "key": item.key, "title": self._title(item),
                "values": {k: v for k, v in item.values.items() if k not in ("evidence", "note")},
                "quotes": [e.get("quote") if isinstance(e, dict) else e for e in item.values.get("evidence") or []],
                "note": note, "confidence": float(confidence.group(1).rstrip(".")) if confidence else None,
                "spans": item.spans, "missing": item.missing,
                "placeholders": _placeholders(item.values),
                "unknown": self._unknown(item.section, item.values, self._known())}

    def _known(self, accepted: dict[str, dict[str, Any]] | None = None,
               confirmed: dict[str, dict[str, Any]] | None = None) -> dict[str, set[str]]:
        """Ids a reference may name: the reference data, the proposals (or the confirmed ones), drafted items."""
        known = {name: {o["id"] for o in entries} for name, entries in self.reference.items()}
        proposals = [p.uid for p in self.proposals] if confirmed is None else list(confirmed)
        drafted = [i.uid for i in self.items if i.key is not None] if accepted is None else list(accepted)
        for uid in proposals + drafted:
            section, _, item_id = uid.partition("/")
            known.setdefault(section, set()).add(item_id)
        return known

    @staticmethod
    def _unknown(section: str, values: dict[str, Any], known: dict[str, set[str]]) -> list[str]:
        found = []
        for name, value in values.items():
            target = _ref_target(section, name)
            if target is not None:
                found += [f"{name}: {ref}" for ref in (value if isinstance(value, list) else [value])
                          if str(ref) not in known.get(target, set())]
        return found

    def _title(self, item: ReviewItem) -> str:
        label = item.values.get("label")
        if isinstance(label, dict) and label:
            text = str(label.get(self.lang) or label.get("en") or next(iter(label.values())))
            return PLACEHOLDER.sub("", text).strip() or (item.key or item.uid)
        parts = [str(v) for k, v in item.values.items() if isinstance(v, str) and _ref_target(item.section, k)]
        return " · ".join(parts) or (item.key or item.uid)

    def _options(self) -> dict[str, list[dict[str, Any]]]:
        options: dict[str, list[dict[str, Any]]] = {name: list(entries) for name, entries in self.reference.items()}
        for proposal in self.proposals:
            options.setdefault(proposal.section, []).append(
                {"id": proposal.id, "label": _display(proposal.values, self.lang), "proposed": True})
        for item in self.items:
            if item.key is not None and item.section in REF_TARGETS and item.section not in REFERENCE_SECTIONS:
                options.setdefault(item.section, []).append(
                    {"id": item.key, "label": _display(item.values, self.lang), "drafted": True})
        return options

    def _uses(self, items: dict[str, dict[str, Any]] | None = None) -> dict[tuple[str, str], list[str]]:
        uses: dict[tuple[str, str], list[str]] = {}
        values = items if items is not None else {item.uid: item.values for item in self.items}
        values = {**values, "memo": self.memo}
        for uid, item in values.items():
            section = "memo" if uid == "memo" else uid.split("/")[0]
            for name, value in item.items():
                target = _ref_target(section, name)
                if target is None:
                    continue
                for ref in value if isinstance(value, list) else [value]:
                    uses.setdefault((target, str(ref)), []).append(uid)
        return uses

    # --- saving --------------------------------------------------------------------------

    def save(self, request: Any) -> tuple[int, dict[str, Any]]:
        """Write the reviewed file(s); ``(200, {"written": [...]})`` or an HTTP status and why not."""
        if not isinstance(request, dict):
            return 400, {"message": "expected a JSON object"}
        try:
            memo_text, reference_text, notes = self._reviewed(request)
        except _Refused as refused:
            return 422, {"message": refused.message, "problems": refused.problems}
        targets = [self.out] + ([self.reference_out] if reference_text is not None else [])
        existing = [str(p) for p in targets if p.exists()]
        if existing and not (request.get("overwrite") is True or self.force):
            return 409, {"message": "already exists: " + ", ".join(existing) + "; confirm to overwrite",
                         "exists": existing}
        written = []
        if reference_text is not None:
            written += write_atomically({self.reference_out.name: reference_text.encode("utf-8")},
                                        self.reference_out.parent)
        written += write_atomically({self.out.name: memo_text.encode("utf-8")}, self.out.parent)
        return 200, {"written": [str(p) for p in written], "notes": notes,
                     "message": "saved " + " and ".join(str(p) for p in written)}

    def _reviewed(self, request: dict[str, Any]) -> tuple[str, str | None, list[str]]:
        decisions = request.get("items") if isinstance(request.get("items"), dict) else {}
        actions = request.get("proposals") if isinstance(request.get("proposals"), dict) else {}
        problems: list[str] = []
        accepted: dict[str, dict[str, Any]] = {}
        remaining = []
        for item in self.items:
            decision = decisions.get(item.uid)
            choice = decision.get("decision") if isinstance(decision, dict) else None
            if choice == "accept":
                accepted[item.uid] = self._edited(item, decision.get("values"), decision.get("note"), problems)
            elif choice != "reject":
                remaining.append(item.uid)
        if remaining:
            problems.append(f"{len(remaining)} item(s) not reviewed yet: {_listed(remaining)}")
        memo = dict(self.memo)
        attribution = request.get("attribution")
        attribution = attribution.strip() if isinstance(attribution, str) else ""
        if not attribution:
            problems.append("memo attribution is required: name the source and its reuse terms")
        elif DRAFT_WORD.search(attribution) or PLACEHOLDER.search(attribution):
            problems.append("memo attribution still reads as a draft (remove 'DRAFT' and any placeholder)")
        memo["attribution"] = attribution
        label = request.get("memo_label")
        if isinstance(label, dict):
            memo["label"] = _langmap(label, memo.get("label"), "memo label", problems)
        memo["source"] = Path(os.path.relpath(self.source, self.out.parent.resolve())).as_posix()
        if _placeholders(memo):
            problems.append("memo: a label still holds a placeholder '[… to write]'")
        mapping, confirmed = self._proposal_decisions(actions, accepted, memo, problems)
        placeholders = [uid for uid, values in accepted.items() if _placeholders(values)]
        if placeholders:
            problems.append(f"placeholder '[… to write]' left in {len(placeholders)} item(s): {_listed(placeholders)}")
        if problems:
            raise _Refused("cannot save: " + "; ".join(problems), problems)
        _replace_refs(memo, "memo", mapping)
        for uid, values in accepted.items():
            _replace_refs(values, uid.split("/")[0], mapping)
        for uid, values in confirmed.items():
            _replace_refs(values, uid.split("/")[0], mapping)
        known = self._known(accepted, confirmed)
        unknown = [f"{uid} ({', '.join(found)})" for uid, values in [*accepted.items(), ("memo", memo)]
                   for found in [self._unknown(uid.split("/")[0], values, known)] if found]
        if unknown:
            raise _Refused(f"cannot save: unknown ids (not in graph/reference/, not confirmed, not accepted) in "
                           f"{_listed(unknown)}", [f"unknown ids in {_listed(unknown)}"])
        sections = self._sections(memo, accepted)
        notes = []
        excused = self._uncovered(sections)
        if excused:
            sections.setdefault("no_claim", [])
            sections["no_claim"] = list(sections["no_claim"]) + excused
            notes.append(f"{len(excused)} sentence(s) left without a claim by rejections were listed under no_claim")
        memo_text = self._render(sections)
        reference_text = None
        if confirmed:
            by_section: dict[str, dict[str, Any]] = {}
            for uid, values in confirmed.items():
                section, _, item_id = uid.partition("/")
                by_section.setdefault(section, {})[item_id] = values
            reference_text = "\n".join([
                f"# Reference entries confirmed in the review of {self.draft.name} (`eujgraph review`);",
                "# proposed by `eujgraph extract`. Add identifiers (wikidata, eurovoc) only where verified.", "",
            ]) + _dump(by_section)
        return memo_text, reference_text, notes

    def _edited(self, item: ReviewItem, edits: Any, note: Any, problems: list[str]) -> dict[str, Any]:
        values = {k: v for k, v in item.values.items() if k != "note"}
        fields = {f["name"]: f for f in _editable_fields(item.section, [item.values])}
        for name, value in (edits.items() if isinstance(edits, dict) else ()):
            spec = fields.get(name)
            if spec is None:
                problems.append(f"{item.uid}: field {name!r} cannot be edited")
                continue
            checked = _checked(spec, value, values.get(name), f"{item.uid}: {name}", problems)
            if checked is None or checked == [] or checked == "":
                values.pop(name, None)
            else:
                values[name] = checked
        values = {k: values[k] for k in [*item.values, *values] if k in values}  # keep the draft's field order
        if "evidence" in values:
            values["evidence"] = values.pop("evidence")
        if isinstance(note, str) and note.strip():
            if DRAFT_WORD.search(note):
                problems.append(f"{item.uid}: the reviewer note still reads as a draft")
            values["note"] = note.strip()
        return values

    def _proposal_decisions(self, actions: dict[str, Any], accepted: dict[str, dict[str, Any]],
                            memo: dict[str, Any], problems: list[str]
                            ) -> tuple[dict[tuple[str, str], str], dict[str, dict[str, Any]]]:
        mapping: dict[tuple[str, str], str] = {}
        confirmed: dict[str, dict[str, Any]] = {}
        uses = self._uses(accepted)
        for (target, ref), users in self._uses({"memo": memo}).items():
            uses.setdefault((target, ref), []).extend(users)
        known = {name: {o["id"] for o in entries} for name, entries in self.reference.items()}
        for proposal in self.proposals:
            action = actions.get(proposal.uid)
            kind = action.get("action") if isinstance(action, dict) else None
            users = uses.get((proposal.section, proposal.id), [])
            if kind == "map":
                target = action.get("target")
                if not isinstance(target, str) or target not in known.get(proposal.section, set()):
                    problems.append(f"proposed {proposal.uid}: map it to an id of graph/reference/ {proposal.section}")
                    continue
                mapping[(proposal.section, proposal.id)] = target
            elif kind == "confirm":
                values = {k: v for k, v in proposal.values.items() if k != "note"}
                edits = action.get("values") if isinstance(action.get("values"), dict) else {}
                if isinstance(edits.get("name"), str) and "name" in values:
                    values["name"] = edits["name"].strip()
                if isinstance(edits.get("label"), dict):
                    values["label"] = _langmap(edits["label"], values.get("label"), f"proposed {proposal.uid}",
                                               problems)
                if _placeholders(values) or not (values.get("name") or values.get("label")):
                    problems.append(f"proposed {proposal.uid}: its name or labels are still to write")
                values["note"] = f"Confirmed in the review of {self.memo.get('id')} (drafted by eujgraph extract)."
                confirmed[proposal.uid] = values
            elif users:
                problems.append(f"proposed {proposal.uid} is used by {_listed(users)}: confirm it or map it "
                                "to an existing id")
        return mapping, confirmed

    def _sections(self, memo: dict[str, Any], accepted: dict[str, dict[str, Any]]) -> dict[str, Any]:
        sections: dict[str, Any] = {"memo": memo}
        for name in dict.fromkeys([*SECTION_ORDER, *self.data]):
            if name in ("memo", "no_claim") or name not in self.data:
                continue
            body = self.data[name]
            kept = [(item, accepted[item.uid]) for item in self.items if item.section == name and item.uid in accepted]
            sections[name] = {item.key: values for item, values in kept} if isinstance(body, dict) \
                else [values for _, values in kept]
        no_claim = []
        for entry in self.data.get("no_claim") or []:
            if isinstance(entry, dict):
                no_claim.append({**entry, "reason": _reviewed_reason(str(entry.get("reason", "")))})
        sections["no_claim"] = no_claim
        return sections

    def _uncovered(self, sections: dict[str, Any]) -> list[dict[str, Any]]:
        """no_claim entries for the sentences only rejected items cited."""
        kept, rejected = [], {}
        for name, body in sections.items():
            entries = body.values() if isinstance(body, dict) else body if isinstance(body, list) else [body]
            for values in entries:
                if isinstance(values, dict):
                    for key in ("evidence", "sentence"):
                        kept += self.locate(values.get(key))[0]
                    title = values.get("title") if name == "memo" else None
                    if isinstance(title, dict):
                        kept += self.locate(title.get("evidence"))[0]
        for item in self.items:
            for span in item.spans:
                rejected.setdefault(tuple(span), []).append(item.uid)
        norm = self.text.normalized
        added = []
        for sentence in self.text.sentences():
            start = next(p for p in _occurrences(norm, sentence.text) if self.text.span(p, p + 1).start == sentence.start)
            end = start + len(sentence.text)
            if any(s < end and start < e for s, e in kept):
                continue
            by = sorted({uid for (s, e), uids in rejected.items() if s < end and start < e for uid in uids})
            if not by:
                continue
            occurrences = _occurrences(norm, sentence.text)
            quote: Any = sentence.text if len(occurrences) == 1 else \
                {"quote": sentence.text, "occurrence": occurrences.index(start) + 1}
            added.append({"sentence": [quote], "reason": f"reviewed: no claim kept (drafted {_listed(by)}, rejected)"})
        return added

    def _render(self, sections: dict[str, Any]) -> str:
        lines = [f"# Curated claims of {self.source.name}, reviewed with `eujgraph review` from the draft "
                 f"{self.draft.name}.",
                 "# Every claim cites the exact words of the memo (`evidence`); quotes are matched with line-end",
                 "# hyphenation joined and whitespace collapsed.", ""]
        for name, value in sections.items():
            if value in (None, {}, []):
                lines += [f"{name}: {'[]' if SECTIONS.get(name) and SECTIONS[name].listed else '{}'}", ""]
                continue
            lines += [_dump({name: value}).rstrip(), ""]
        return "\n".join(lines)


class _Refused(Exception):
    def __init__(self, message: str, problems: list[str]) -> None:
        super().__init__(message)
        self.message = message
        self.problems = problems


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _occurrences(text: str, needle: str) -> list[int]:
    found, position = [], text.find(needle) if needle else -1
    while position != -1:
        found.append(position)
        position = text.find(needle, position + 1)
    return found


def _reviewed_name(draft: Path) -> str:
    name = draft.name
    for suffix in (".draft.yaml", ".draft.yml", ".yaml", ".yml"):
        if name.endswith(suffix):
            return name[: -len(suffix)] + ".yaml"
    return name + ".yaml"


def _reviewed_reason(reason: str) -> str:
    reason = DRAFT_REASON.sub("", reason)
    return re.sub(r";\s*review\s*$", "", reason).strip() or "no claim"


def _ref_target(section: str, name: str) -> str | None:
    spec = SECTIONS[section].field(name) if section in SECTIONS else None
    return spec.target if spec is not None and spec.value in ("ref", "refs") else None


def _editable_fields(section: str, samples: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The fields the page may edit: from the format's schema, or guessed from the values."""
    if section in SECTIONS:
        return [{"name": f.name, "kind": f.value, "target": f.target, "choices": list(f.choices),
                 "required": f.required}
                for f in SECTIONS[section].fields
                if f.value in EDITABLE_KINDS and (f.value != "langmap" or f.name in LABEL_FIELDS)]
    fields: dict[str, dict[str, Any]] = {}
    for values in samples:
        for name, value in values.items():
            if name in ("evidence", "note") or name in fields:
                continue
            if isinstance(value, dict) and all(isinstance(v, str) for v in value.values()):
                fields[name] = {"name": name, "kind": "langmap", "target": None, "choices": [], "required": False}
            elif isinstance(value, list) and all(isinstance(v, str) for v in value):
                fields[name] = {"name": name, "kind": "refs", "target": None, "choices": [], "required": False}
    return list(fields.values())


def _checked(spec: dict[str, Any], value: Any, old: Any, what: str, problems: list[str]) -> Any:
    kind = spec["kind"]
    if kind == "langmap":
        return _langmap(value, old, what, problems)
    if kind == "refs":
        if not isinstance(value, list) or not all(isinstance(v, str) and SLUG.match(v) for v in value):
            problems.append(f"{what}: expected a list of ids")
            return old
        return list(dict.fromkeys(value))
    if value is None or value == "":
        return None
    if kind == "choice":
        if value not in spec["choices"]:
            problems.append(f"{what}: expected one of {', '.join(spec['choices'])}")
            return old
        return value
    if kind == "ref":
        if not isinstance(value, str) or not SLUG.match(value):
            problems.append(f"{what}: expected an id")
            return old
        return value
    if kind == "int":
        if isinstance(value, bool) or not (isinstance(value, int) or (isinstance(value, str) and value.isdigit())):
            problems.append(f"{what}: expected a whole number")
            return old
        return int(value)
    if kind == "date":
        if not isinstance(value, str) or not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            problems.append(f"{what}: expected a date YYYY-MM-DD")
            return old
        return value
    return old


def _langmap(value: Any, old: Any, what: str, problems: list[str]) -> dict[str, str]:
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        problems.append(f"{what}: expected labels by language")
        return old if isinstance(old, dict) else {}
    merged = {**(old if isinstance(old, dict) else {}), **{k: v.strip() for k, v in value.items()}}
    return {k: v for k, v in merged.items() if v}


def _placeholders(value: Any) -> bool:
    if isinstance(value, str):
        return bool(PLACEHOLDER.search(value) or PLACEHOLDER_LABEL.match(value))
    if isinstance(value, dict):
        return any(_placeholders(v) for k, v in value.items() if k not in ("evidence", "note"))
    if isinstance(value, list):
        return any(_placeholders(v) for v in value)
    return False


def _replace_refs(values: dict[str, Any], section: str | None, mapping: dict[tuple[str, str], str]) -> None:
    if not mapping or section is None:
        return
    for name, value in list(values.items()):
        target = _ref_target(section, name)
        if target is None:
            continue
        if isinstance(value, list):
            values[name] = list(dict.fromkeys(mapping.get((target, str(v)), v) for v in value))
        elif isinstance(value, str):
            values[name] = mapping.get((target, value), value)


def _listed(uids: list[str]) -> str:
    shown = ", ".join(uids[:LISTED_LIMIT])
    return shown + (f" and {len(uids) - LISTED_LIMIT} more" if len(uids) > LISTED_LIMIT else "")


def _display(values: dict[str, Any], lang: str) -> str:
    if isinstance(values.get("name"), str):
        return values["name"]
    label = values.get("label")
    if isinstance(label, dict) and label:
        return str(label.get(lang) or label.get("en") or next(iter(label.values())))
    return ""


def _proposal_fields(proposal: Proposal) -> list[str]:
    if "name" in proposal.values or proposal.section == "persons":
        return ["name"]
    return ["label.en", "label.fi"]


def _reference_options(directory: Path, exclude: Path | None = None) -> dict[str, list[dict[str, Any]]]:
    """Ids and display labels of every reference item, by section (fi/en labels kept for the page)."""
    options: dict[str, list[dict[str, Any]]] = {}
    for path in sorted(directory.glob("*.yaml")):
        if exclude is not None and path.resolve() == exclude.resolve():
            continue
        data = _plain(load_yaml(path, directory))
        for section, body in data.items():
            if section in REFERENCE_SECTIONS and isinstance(body, dict) and section != "scheme":
                for key, values in body.items():
                    if isinstance(values, dict):
                        options.setdefault(section, []).append({"id": str(key), "label": _display(values, "en"),
                                                                "labels": values.get("label") or {}})
    return options
