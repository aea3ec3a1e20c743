"""Scoring a draft against a curated file of the same memo (``eujgraph evaluate DRAFT GOLD``).

Precision, recall and F1 per kind, with the misses (in the gold file, not in the
draft) and the false hits (in the draft, not in the gold file). What counts as a match:

- **event facts**: facts of the main event (``type``, ``ordinal``, ``date``, ``place``,
  each of its ``parties``), of each side event (its ``type``, ``place``, ``parties``,
  ``side_event_of`` the main event; a draft side event is paired with the gold one
  whose evidence it overlaps) and each document issued at the main event; a fact
  matches an equal fact. Event ids may differ (the main events are paired).
- **participants**: (person, office, party) at the main event, equal.
- **commitments**: a draft commitment matches a gold one when an evidence span of one
  overlaps an evidence span of the other and both have the same ``kind`` and
  ``status``; pairs are made one to one, the largest overlap (Jaccard of the
  characters covered) first.
- **policy areas**: per commitment, the areas of each matched pair compared as sets;
  the areas of an unmatched gold commitment are misses, those of an unmatched draft
  commitment false hits.
- **positions** and **assessments**: matched like commitments, by overlapping
  evidence and the same ``held_by`` set.

Quotes of both files are anchored in the gold file's memo text (normalised: line-end
hyphenation joined, whitespace collapsed), so a draft made from the PDF of a memo is
scored against the curated file of its text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..curation.kinds import Evidence
from ..curation.load import Item, _load_file, _make_memo
from ..curation.schema import MEMO_SECTIONS
from ..errors import InputError, Problem
from ..text import SourceText, normalize_quote

KINDS = ("event facts", "participants", "commitments", "policy areas", "positions", "assessments")


@dataclass
class Score:
    """Counts and lists of one kind."""

    kind: str
    matched: int = 0
    misses: list[str] = field(default_factory=list)
    false_hits: list[str] = field(default_factory=list)

    @property
    def gold(self) -> int:
        return self.matched + len(self.misses)

    @property
    def drafted(self) -> int:
        return self.matched + len(self.false_hits)

    @property
    def precision(self) -> float:
        return self.matched / self.drafted if self.drafted else (1.0 if not self.gold else 0.0)

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else (1.0 if not self.drafted else 0.0)

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"gold": self.gold, "draft": self.drafted, "matched": self.matched,
                "precision": round(self.precision, 4), "recall": round(self.recall, 4), "f1": round(self.f1, 4),
                "misses": self.misses, "false_hits": self.false_hits}


@dataclass
class Evaluation:
    """The scores of a draft against a gold file."""

    draft: Path
    gold: Path
    scores: dict[str, Score]
    unanchored: list[str] = field(default_factory=list)

    def __getitem__(self, kind: str) -> Score:
        return self.scores[kind]

    def as_dict(self) -> dict[str, Any]:
        return {"draft": str(self.draft), "gold": str(self.gold), "unanchored_quotes": self.unanchored,
                "kinds": {kind: score.as_dict() for kind, score in self.scores.items()}}

    def to_json(self) -> str:
        return json.dumps(self.as_dict(), ensure_ascii=False, indent=2)

    def table(self) -> str:
        """A plain-text table, then the misses and false hits per kind."""
        head = f"{'kind':<14} {'gold':>5} {'draft':>5} {'match':>5} {'prec.':>6} {'recall':>6} {'F1':>6}"
        lines = [f"draft {self.draft}", f"gold  {self.gold}", "", head, "-" * len(head)]
        for kind, s in self.scores.items():
            lines.append(f"{kind:<14} {s.gold:>5} {s.drafted:>5} {s.matched:>5} {s.precision:>6.3f} "
                         f"{s.recall:>6.3f} {s.f1:>6.3f}")
        for kind, s in self.scores.items():
            for title, entries in (("misses", s.misses), ("false hits", s.false_hits)):
                if entries:
                    lines += ["", f"{kind} — {title}:"] + [f"  - {entry}" for entry in entries]
        if self.unanchored:
            lines += ["", "draft quotes not found in the gold memo text:"] + [f"  - {q}" for q in self.unanchored]
        return "\n".join(lines) + "\n"


@dataclass
class _Side:
    path: Path
    items: list[Item]
    text: SourceText


def evaluate(draft: Path, gold: Path) -> Evaluation:
    """Score the curated-format file ``draft`` against the curated file ``gold``."""
    gold_side = _load(gold)
    draft_side = _load(draft)
    unanchored: list[str] = []
    text = gold_side.text
    spans = {id(item): _spans(item, text, unanchored if side is draft_side else None)
             for side in (gold_side, draft_side) for item in side.items}
    scores = {kind: Score(kind) for kind in KINDS}
    _events(gold_side, draft_side, spans, scores["event facts"])
    _participants(gold_side, draft_side, scores["participants"])
    pairs = _claims(gold_side, draft_side, spans, "commitments", scores["commitments"],
                    lambda i: (i.get("kind"), i.get("status")))
    _areas(gold_side, draft_side, pairs, scores["policy areas"])
    for section in ("positions", "assessments"):
        _claims(gold_side, draft_side, spans, section, scores[section], lambda i: frozenset(_ids(i.get("held_by"))))
    return Evaluation(draft, gold, scores, unanchored)


def _load(path: Path) -> _Side:
    problems: list[Problem] = []
    items = _load_file(path, MEMO_SECTIONS, problems)
    memo = _make_memo(path, items, problems) if items is not None else None
    if problems or memo is None:
        raise InputError(problems or [Problem("not a curated memo file", path)],
                         headline=f"cannot evaluate {path}:")
    return _Side(path, [memo.item, *memo.items], memo.text)


def _spans(item: Item, text: SourceText, unanchored: list[str] | None) -> list[tuple[int, int]]:
    found = []
    for evidence in item.get("evidence") or []:
        span = _anchor(text, evidence)
        if span:
            found.append(span)
        elif unanchored is not None:
            unanchored.append(f"{item.section} {item.id}: {evidence.quote!r}")
    return found


def _anchor(text: SourceText, evidence: Evidence) -> tuple[int, int] | None:
    needle = normalize_quote(evidence.quote)
    if not needle:
        return None
    positions = []
    position = text.normalized.find(needle)
    while position != -1:
        positions.append(position)
        position = text.normalized.find(needle, position + 1)
    index = (evidence.occurrence or 1) - 1
    if index >= len(positions):
        return None
    return positions[index], positions[index] + len(needle)


def _ids(value: Any) -> list[str]:
    if value is None:
        return []
    return [ref.id for ref in (value if isinstance(value, list) else [value])]


def _of(side: _Side, section: str) -> list[Item]:
    return [item for item in side.items if item.section == section]


def _main_event(side: _Side) -> Item | None:
    events = _of(side, "events")
    about = _ids(next((i for i in side.items if i.section == "memo"), None).get("about"))
    main = [e for e in events if e.id in about and e.get("side_event_of") is None]
    return (main or [e for e in events if e.get("side_event_of") is None] or [None])[0]


def _event_facts(event: Item | None, role: str) -> set[str]:
    if event is None:
        return set()
    facts = {f"{role}.type = {event.get('type')}"}
    for key in ("ordinal", "date"):
        if event.get(key) is not None:
            facts.add(f"{role}.{key} = {event.get(key)}")
    if event.get("place") is not None:
        facts.add(f"{role}.place = {event.get('place').id}")
    facts |= {f"{role}.party = {party}" for party in _ids(event.get("parties"))}
    if event.get("side_event_of") is not None:
        facts.add(f"{role}.side_event_of = main event")
    return facts


def _events(gold: _Side, draft: _Side, spans: dict[int, list], score: Score) -> None:
    gold_main, draft_main = _main_event(gold), _main_event(draft)
    gold_facts = _event_facts(gold_main, "event")
    draft_facts = _event_facts(draft_main, "event")
    gold_sides = [e for e in _of(gold, "events") if e.get("side_event_of") is not None]
    draft_sides = [e for e in _of(draft, "events") if e.get("side_event_of") is not None]
    paired = _pair(gold_sides, draft_sides, spans, lambda item: item.get("type"))
    for g, d in paired:
        gold_facts |= _event_facts(g, f"side event {g.id}")
        draft_facts |= _event_facts(d, f"side event {g.id}")
    for g in gold_sides:
        if all(g is not pg for pg, _ in paired):
            gold_facts |= _event_facts(g, f"side event {g.id}")
    for d in draft_sides:
        if all(d is not pd for _, pd in paired):
            draft_facts |= _event_facts(d, f"side event {d.id} (draft)")
    for side, facts, main in ((gold, gold_facts, gold_main), (draft, draft_facts, draft_main)):
        for issued in _of(side, "documents_issued"):
            if main is not None and issued.get("event") and issued.get("event").id == main.id:
                facts.add(f"document issued = {issued.get('document').id}")
    score.matched = len(gold_facts & draft_facts)
    score.misses = sorted(gold_facts - draft_facts)
    score.false_hits = sorted(draft_facts - gold_facts)


def _participants(gold: _Side, draft: _Side, score: Score) -> None:
    def tuples(side: _Side) -> set[str]:
        main = _main_event(side)
        return {f"{i.get('person').id} as {i.get('office').id} for {i.get('party').id}"
                for i in _of(side, "participations") if main is not None and i.get("event").id == main.id}

    gold_set, draft_set = tuples(gold), tuples(draft)
    score.matched = len(gold_set & draft_set)
    score.misses = sorted(gold_set - draft_set)
    score.false_hits = sorted(draft_set - gold_set)


def _claims(gold: _Side, draft: _Side, spans: dict[int, list], section: str, score: Score,
            key) -> list[tuple[Item, Item]]:
    gold_items, draft_items = _of(gold, section), _of(draft, section)
    pairs = _pair(gold_items, draft_items, spans, key)
    score.matched = len(pairs)
    score.misses = [_describe(g, key) for g in gold_items if all(g is not pg for pg, _ in pairs)]
    score.false_hits = [_describe(d, key) for d in draft_items if all(d is not pd for _, pd in pairs)]
    return pairs


def _pair(gold_items: list[Item], draft_items: list[Item], spans: dict[int, list], key) -> list[tuple[Item, Item]]:
    """One-to-one pairs of items with overlapping evidence and equal ``key``, largest overlap first."""
    candidates = []
    for g in gold_items:
        for d in draft_items:
            if key(g) != key(d):
                continue
            overlap = _jaccard(spans[id(g)], spans[id(d)])
            if overlap > 0:
                candidates.append((overlap, g, d))
    candidates.sort(key=lambda c: -c[0])
    pairs, used_gold, used_draft = [], set(), set()
    for _, g, d in candidates:
        if id(g) in used_gold or id(d) in used_draft:
            continue
        used_gold.add(id(g))
        used_draft.add(id(d))
        pairs.append((g, d))
    return pairs


def _jaccard(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> float:
    left = {i for start, end in a for i in range(start, end)}
    right = {i for start, end in b for i in range(start, end)}
    union = left | right
    return len(left & right) / len(union) if union else 0.0


def _describe(item: Item, key) -> str:
    value = key(item)
    shown = "/".join(str(v) for v in value) if isinstance(value, tuple) else ",".join(sorted(value))
    evidence = item.get("evidence") or []
    quote = evidence[0].quote if evidence else ""
    return f"{item.id} ({shown}): {quote[:90]!r}"


def _areas(gold: _Side, draft: _Side, pairs: list[tuple[Item, Item]], score: Score) -> None:
    paired_gold = {id(g) for g, _ in pairs}
    paired_draft = {id(d) for _, d in pairs}
    for g, d in pairs:
        gold_areas, draft_areas = set(_ids(g.get("areas"))), set(_ids(d.get("areas")))
        score.matched += len(gold_areas & draft_areas)
        score.misses += [f"{g.id}: {a}" for a in sorted(gold_areas - draft_areas)]
        score.false_hits += [f"{g.id} (draft {d.id}): {a}" for a in sorted(draft_areas - gold_areas)]
    for g in _of(gold, "commitments"):
        if id(g) not in paired_gold:
            score.misses += [f"{g.id} (unmatched): {a}" for a in _ids(g.get("areas"))]
    for d in _of(draft, "commitments"):
        if id(d) not in paired_draft:
            score.false_hits += [f"draft {d.id} (unmatched): {a}" for a in _ids(d.get("areas"))]
