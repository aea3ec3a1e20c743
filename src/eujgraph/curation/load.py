"""Loading the curated files: reference data and memo claims.

:func:`load_corpus` reads ``graph/reference/*.yaml`` and ``graph/memos/*.yaml``,
checks them against :mod:`eujgraph.curation.schema`, resolves every id and anchors every
quote in its memo. It reports *all* problems at once, each with file and line.

A memo file that still holds the marks of an unreviewed draft (:mod:`eujgraph.drafts`: a
``DRAFT`` note, a placeholder label, the ``DRAFT`` attribution, an extractor's ``draft:``
reason) is refused, each mark with its line, unless ``allow_drafts``; then the marks are kept
in :attr:`Corpus.drafts` for the caller to warn about. Reference entries still noted as
``PROPOSED by eujgraph extract`` count as such marks too. A file of proposals
(``*.reference.yaml``) in ``graph/memos/`` is refused with where it belongs; the folder
``graph/reference/proposed/`` is never read.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .._input import (
    UNSAFE_IN_SOURCE,
    at_most,
    decode_utf8,
    line_at,
    quoted,
    read_input,
    unsafe_character,
)
from .._quotes import QuoteIndex
from ..drafts import (
    DRAFT_PREFIX,
    DRAFT_REASON_PREFIX,
    PLACEHOLDER_LABEL,
    PROPOSED_FOLDER,
    PROPOSED_PREFIX,
    is_proposals_file,
)
from ..errors import InputError, Problem
from ..project import Project
from ..text import SourceText, normalize_quote
from ._yaml import Located, LocatedList, load_yaml
from .kinds import FIELD_KINDS, SLUG, Reading, suggest
from .schema import (
    MEMO_SECTIONS,
    QUOTE_CONTEXT_CHARS,
    REFERENCE_SECTIONS,
    SECTIONS,
    SINGLE_ITEM_SECTIONS,
    Section,
)

CLOSEST_CHARS = 200
CLOSEST_HINTS_PER_MEMO = 10


@dataclass
class Item:
    """One curated item (a person, a commitment, ...) with its parsed fields."""

    section: str
    id: str
    values: dict[str, Any]
    path: Path
    line: int
    memo: str | None = None

    def get(self, name: str, default: Any = None) -> Any:
        return self.values.get(name, default)

    @property
    def where(self) -> str:
        return f"{self.path}:{self.line}"


@dataclass
class Memo:
    """One memo: its curated file, its text and its items."""

    id: str
    path: Path
    text: SourceText
    source_path: Path
    item: Item
    items: list[Item] = field(default_factory=list)


@dataclass
class Corpus:
    """Everything curated: reference items and memos."""

    reference: list[Item]
    memos: list[Memo]
    drafts: list[Problem] = field(default_factory=list)
    """The marks of unreviewed drafts, each with file and line (empty unless loaded with ``allow_drafts``)."""

    def items(self):
        yield from self.reference
        for memo in self.memos:
            yield memo.item
            yield from memo.items

    def find(self, section: str, item_id: str) -> Item | None:
        return next((i for i in self.items() if i.section == section and i.id == item_id), None)


def load_corpus(graph_dir: Path, root: Path | None = None, *, allow_drafts: bool = False) -> Corpus:
    """Load and check every curated file under ``graph_dir`` (``reference/``, ``memos/``).

    Every file, and every file a curated file names, must lie inside the project ``root``
    (default: the parent of ``graph_dir``). Drafts are refused unless ``allow_drafts``.
    """
    root = root or graph_dir.parent
    layout = Project(graph_dir.parent)
    problems: list[Problem] = []
    drafts: list[Problem] = []
    reference_files = sorted(layout.reference_dir.glob("*.yaml"))
    memo_files = sorted(layout.memos_dir.glob("*.yaml"))
    if not reference_files:
        problems.append(Problem("no reference files (*.yaml) found", layout.reference_dir))
    reference: list[Item] = []
    unreadable = []
    for path in reference_files:
        items = _load_file(path, REFERENCE_SECTIONS, problems, root, drafts=drafts)
        reference += items or []
        unreadable += [path] if items is None else []
    memos = []
    for path in memo_files:
        if is_proposals_file(path):
            problems.append(Problem(
                f"proposed reference entries do not belong in {layout.memos_dir.name}/: review them, move them into "
                f"a file of graph/reference/ (or keep them unread in graph/reference/{PROPOSED_FOLDER}/), and "
                "remove this file", path, 1))
            unreadable.append(path)
            continue
        items = _load_file(path, MEMO_SECTIONS, problems, root, drafts=drafts)
        memo = _make_memo(path, items, problems, root) if items is not None else None
        unreadable += [path] if items is None else []
        if memo is not None:
            memos.append(memo)
    if drafts and not allow_drafts:
        problems.append(Problem(f"{len(drafts)} mark(s) of an unreviewed draft follow: review each item "
                                "(docs/reviewing.md) and rewrite or delete its mark, or pass --allow-drafts to "
                                "build anyway with a warning"))
        problems += drafts
    corpus = Corpus(reference, memos, drafts if allow_drafts else [])
    if not unreadable:  # with a file missing, its ids would be reported unknown everywhere
        _check_unique(corpus, problems)
        _resolve_references(corpus, problems)
        for memo in memos:
            _anchor_evidence(memo, problems)
    if not problems:
        for memo in memos:
            problems += [Problem(f"sentence carries no claim: {quoted(sentence, CLOSEST_CHARS)}; cite it as "
                                 "evidence or list it under no_claim with a reason", memo.path, memo.item.line)
                         for sentence in uncovered_sentences(memo)]
    if problems:
        raise InputError(at_most(problems), headline=f"{len(problems)} problem(s) in the curated files:")
    return corpus


def draft_marks(data: Located, memo_file: bool = True) -> list[Problem]:
    """The marks of an unreviewed draft in one curated file's data, each with its line.

    In a memo file: item notes and the attribution starting ``DRAFT``, placeholder labels
    (``[fi label to write] …``), ``no_claim`` reasons starting ``draft:``. In a reference
    file: notes starting ``PROPOSED by eujgraph extract``.
    """
    marks: list[Problem] = []

    def visit(value, where: str, key: str | None, line: int) -> None:
        if isinstance(value, Located):
            for name, inner in value.items():
                visit(inner, f"{where}.{name}" if where else name, name, value.line_of(name))
        elif isinstance(value, LocatedList):
            for index, inner in enumerate(value):
                visit(inner, f"{where}[{index + 1}]", key, value.item_lines[index])
        elif isinstance(value, str):
            mark = _mark(value.strip(), key, memo_file)
            if mark:
                marks.append(Problem(f"{where}: {mark}: {quoted(value)}", data.path, line))

    visit(data, "", None, data.line)
    return marks


def _mark(text: str, key: str | None, memo_file: bool) -> str | None:
    if not memo_file:
        return "proposed entry not yet reviewed (rewrite its note)" \
            if key == "note" and text.startswith(PROPOSED_PREFIX) else None
    if key == "note" and text.startswith(DRAFT_PREFIX):
        return "draft note left in (check the item, then rewrite or delete the note)"
    if key == "attribution" and text.startswith(DRAFT_PREFIX):
        return "draft attribution left in (name the source and its reuse terms)"
    if key == "reason" and text.lower().startswith(DRAFT_REASON_PREFIX):
        return "draft reason left in (confirm why the sentence carries no claim, or cite it)"
    found = PLACEHOLDER_LABEL.match(text)
    if found:
        return f"placeholder label left in (write the {found['lang']} label)"
    return None


def _load_file(path: Path, allowed: tuple[str, ...], problems: list[Problem],
               root: Path | None = None, *, drafts: list[Problem] | None = None) -> list[Item] | None:
    """The items of one file of the project ``root`` (default: two folders up), or None if unreadable.

    With ``drafts``, the file's marks of an unreviewed draft (:func:`draft_marks`) are added to it.
    """
    root = root or path.parent.parent
    try:
        data = load_yaml(path, root)
    except InputError as error:
        problems += error.problems
        return None
    if drafts is not None:
        drafts += draft_marks(data, memo_file=allowed == MEMO_SECTIONS)
    items: list[Item] = []
    for name, body in data.items():
        line = data.line_of(name)
        if name not in allowed:
            hint = suggest(name, allowed)
            if not hint and name in REFERENCE_SECTIONS:
                hint = " (a section of reference data: it belongs in a file of graph/reference/)"
            problems.append(Problem(f"unknown section {quoted(name)}{hint}", path, line))
            continue
        section = SECTIONS[name]
        if name in SINGLE_ITEM_SECTIONS:
            if not isinstance(body, Located):
                problems.append(Problem(f"section {quoted(name)} must be a mapping of fields", path, line))
                continue
            item_id = body.get("id") if name == "memo" else "policy-areas"
            item_id = str(item_id) if isinstance(item_id, (str, int)) and not isinstance(item_id, bool) else ""
            items.append(_parse_item(section, item_id, body, root, problems))
        elif section.listed:
            if body is None:
                continue
            if not isinstance(body, LocatedList):
                problems.append(Problem(f"section {quoted(name)} must be a list", path, line))
                continue
            for index, entry in enumerate(body):
                if not isinstance(entry, Located):
                    problems.append(Problem(f"{name} entry must be a mapping", path, body.item_lines[index]))
                    continue
                items.append(_parse_item(section, str(index), entry, root, problems))
        else:
            if body is None:
                continue
            if not isinstance(body, Located):
                problems.append(Problem(f"section {quoted(name)} must map ids to items", path, line))
                continue
            for item_id, entry in body.items():
                if not SLUG.match(item_id):
                    problems.append(Problem(
                        f"id {quoted(item_id)} is not a slug (lower-case letters, digits, single hyphens)",
                        path, body.line_of(item_id)))
                if not isinstance(entry, Located):
                    problems.append(Problem(f"{section.path} {quoted(item_id)} must be a mapping of fields",
                                            path, body.line_of(item_id)))
                    continue
                item = _parse_item(section, item_id, entry, root, problems)
                item.line = body.line_of(item_id)
                items.append(item)
    return items


def _parse_item(section: Section, item_id: str, data: Located, root: Path, problems: list[Problem]) -> Item:
    what = f"{section.path or section.name} {quoted(item_id)}" if not section.listed else f"{section.name} entry"
    values: dict[str, Any] = {}
    allowed = [f.name for f in section.fields]
    for key in data:
        if key not in allowed:
            problems.append(Problem(f"{what}: unknown field {quoted(key)}{suggest(key, allowed)}",
                                    data.path, data.line_of(key)))
    for spec in section.fields:
        if spec.name not in data or data[spec.name] is None:
            if spec.default is not None:
                values[spec.name] = spec.default
            elif spec.required:
                problems.append(Problem(f"{what}: missing required field {spec.name!r}", data.path, data.line))
            continue
        reading = Reading(data.line_of(spec.name), data.path, root,
                          lambda message, at, spec=spec: problems.append(
                              Problem(f"{what}: field {spec.name!r} {message}", data.path, at)))
        value = FIELD_KINDS[spec.value].read(spec, data[spec.name], reading)
        if value is not None:
            values[spec.name] = value
    return Item(section.name, item_id, values, data.path, data.line)


def _make_memo(path: Path, items: list[Item], problems: list[Problem], root: Path | None = None) -> Memo | None:
    """The memo of a memo file's items; its text must lie in ``root`` (default: two folders up)."""
    root = root or path.parent.parent
    heads = [item for item in items if item.section == "memo"]
    if len(heads) != 1:
        problems.append(Problem("a memo file needs exactly one 'memo' section", path, 1))
        return None
    head = heads[0]
    if not SLUG.match(head.id):
        if head.id:
            problems.append(Problem(f"memo id {quoted(head.id)} is not a slug", path, head.line))
        return None
    source = head.get("source")
    if source is None:
        return None
    try:
        original = decode_utf8(read_input(source, root, "memo text"), source, "memo text")
    except InputError as error:
        problems += [Problem(f"cannot read memo text: {p}", path, head.line) for p in error.problems]
        return None
    wrong = unsafe_character(original, UNSAFE_IN_SOURCE)
    if wrong:
        line = line_at(original, UNSAFE_IN_SOURCE.search(original).start())
        problems.append(Problem(f"memo text {source}:{line}: {wrong}", path, head.line))
        return None
    text = SourceText(original, QUOTE_CONTEXT_CHARS)
    for item in items:
        item.memo = head.id
    others = [item for item in items if item is not head]
    for item in others:
        if item.section == "participations":
            person, event = item.get("person"), item.get("event")
            if person and event:
                item.id = f"{person.id}-at-{event.id}"
    return Memo(head.id, path, text, source, head, others)


def _check_unique(corpus: Corpus, problems: list[Problem]) -> None:
    seen: dict[tuple[str, str | None, str], Item] = {}
    for item in corpus.items():
        if SECTIONS[item.section].listed and item.section != "participations":
            continue
        scope = item.memo if SECTIONS[item.section].memo_scoped else None
        if item.section == "events":
            scope = item.memo  # several memos may describe one event; one memo only once
        key = (item.section, scope, item.id)
        if key in seen:
            first = seen[key]
            problems.append(Problem(f"duplicate id {quoted(item.id)} in {item.section} (first at {first.where})",
                                    item.path, item.line))
        else:
            seen[key] = item
    memo_ids: dict[str, Memo] = {}
    for memo in corpus.memos:
        if memo.id in memo_ids:
            problems.append(Problem(f"duplicate memo id {quoted(memo.id)} (also in {memo_ids[memo.id].path})",
                                    memo.path, memo.item.line))
        memo_ids[memo.id] = memo


def _resolve_references(corpus: Corpus, problems: list[Problem]) -> None:
    known: dict[str, set[str]] = {}
    for item in corpus.items():
        known.setdefault(item.section, set()).add(item.id)
    for item in corpus.items():
        for spec in SECTIONS[item.section].fields:
            if spec.value not in ("ref", "refs") or spec.name not in item.values:
                continue
            value = item.values[spec.name]
            for ref in value if isinstance(value, list) else [value]:
                ids = known.get(ref.target, set())
                if ref.id not in ids:
                    kind = SECTIONS[ref.target].path
                    problems.append(Problem(
                        f"unknown {kind} {quoted(ref.id)} in field {spec.name!r}{suggest(ref.id, ids)}",
                        item.path, ref.line))
    for item in corpus.items():
        broader = item.get("broader") if item.section == "policy_areas" else None
        seen = {item.id}
        while broader is not None:
            if broader.id in seen:
                problems.append(Problem(f"policy area {quoted(item.id)}: its broader areas form a cycle",
                                        item.path, item.line))
                break
            seen.add(broader.id)
            parent = corpus.find("policy_areas", broader.id)
            broader = parent.get("broader") if parent else None


def _evidence(memo: Memo):
    for item in [memo.item, *memo.items]:
        for key in ("evidence", "title", "sentence"):
            value = item.values.get(key)
            if isinstance(value, list):
                for evidence in value:
                    yield item, evidence


def _anchor_evidence(memo: Memo, problems: list[Problem]) -> None:
    name = memo.source_path.name
    hints = CLOSEST_HINTS_PER_MEMO
    index = QuoteIndex(memo.text.normalized, quotes=[normalize_quote(e.quote) for _, e in _evidence(memo)])

    def find(quote: str):
        needle = normalize_quote(quote)
        return [memo.text.span(p, p + len(needle)) for p in index.positions(needle)] if needle else []

    for item, evidence in _evidence(memo):
        spans = find(evidence.quote)
        if not spans:
            closest = memo.text.closest(evidence.quote) if hints > 0 else ""
            hints -= 1
            hint = f"; closest passage: {quoted(closest, CLOSEST_CHARS)}" if closest else ""
            problems.append(Problem(f"quote not found in {name}: {quoted(evidence.quote)}{hint}",
                                    item.path, evidence.line))
        elif evidence.occurrence is not None:
            if evidence.occurrence > len(spans):
                problems.append(Problem(
                    f"quote occurs {len(spans)} time(s) in {name}, not {evidence.occurrence}: "
                    f"{quoted(evidence.quote)}", item.path, evidence.line))
            else:
                evidence.span = spans[evidence.occurrence - 1]
        elif len(spans) > 1:
            problems.append(Problem(
                f"quote occurs {len(spans)} times in {name} (at offsets "
                f"{', '.join(str(s.start) for s in spans[:10])}{', …' if len(spans) > 10 else ''}); "
                "write it as "
                f"{{quote: ..., occurrence: N}}: {quoted(evidence.quote)}", item.path, evidence.line))
        else:
            evidence.span = spans[0]


def uncovered_sentences(memo: Memo) -> list[str]:
    """Sentences of the memo that no evidence touches and ``no_claim`` does not excuse."""
    spans, excused = [], []
    for item in [memo.item, *memo.items]:
        for key in ("evidence", "title", "sentence"):
            value = item.get(key)
            if isinstance(value, list):
                target = excused if key == "sentence" else spans
                target += [evidence.span for evidence in value if evidence.span is not None]
    cited = sorted((s.start, s.end) for s in spans + excused)
    reach, ends = [], 0  # reach[i]: the furthest end among the first i + 1 cited spans
    for _, end in cited:
        ends = max(ends, end)
        reach.append(ends)
    starts = [start for start, _ in cited]
    left = []
    for sentence in memo.text.sentences():
        before = bisect_left(starts, sentence.end)  # the spans starting before the sentence ends
        if before and reach[before - 1] > sentence.start:
            continue
        left.append(sentence.text)
    return left


