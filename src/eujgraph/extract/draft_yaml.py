"""Writing a :class:`eujgraph.extract.draft.Draft` as YAML in the curated format.

Evidence is kept as spans of the normalised memo text while drafting; here each span
becomes its quote, written ``{quote: ..., occurrence: N}`` when the words recur in the
memo. Every item keeps its ``note`` (``DRAFT · confidence … · evidence at characters …``),
which the reviewer rewrites or deletes. Proposed reference entries are written where
:func:`eujgraph.drafts.proposals_path` says.
"""

from __future__ import annotations

import os
from bisect import bisect_left
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from .._quotes import QuoteIndex
from ..drafts import PROPOSED_FOLDER, proposals_path

if TYPE_CHECKING:
    from .draft import Draft

SECTION_ORDER = ("memo", "events", "participations", "documents_issued", "commitments", "positions",
                 "assessments", "no_claim")


def render(draft: Draft, out: Path | None = None) -> str:
    """The draft as the text of a curated memo file; ``source`` is relative to ``out``'s folder."""
    base = (out.parent if out else Path.cwd()).resolve()
    lines = [f"# DRAFT curated claims of {draft.source.name}, written by `eujgraph extract` "
             f"({draft.lang}, {draft.seconds:.2f} s).",
             "# Review every item: each `note` gives the confidence, the evidence span (characters of the memo",
             "# text) and the rule that found it; rewrite or delete the notes once checked.",
             "# Quotes are the memo's words (line-end hyphenation joined, whitespace collapsed).",
             "# `eujgraph build` refuses this file while a DRAFT note, a placeholder label or the DRAFT",
             "# attribution is left (docs/reviewing.md)."]
    if draft.proposals:
        where = Path(os.path.relpath(proposals_path(out).absolute(), base)).as_posix() if out else None
        lines.append(f"# Entities missing from the reference data are proposed in {where}: review them and move"
                     if where else "# Entities missing from the reference data are proposed at the end of this "
                                   "output: review them and move")
        lines.append("# them into graph/reference/ so that this draft's ids resolve.")
    for warning in draft.warnings:
        lines.append(f"# NOTE: {warning}")
    lines.append("")
    index = QuoteIndex(draft.text.normalized, _spans(draft.sections))
    for name in SECTION_ORDER:
        value = draft.sections.get(name)
        if name == "memo":
            value = dict(value)
            value["source"] = Path(os.path.relpath(Path(value["source"]).resolve(), base)).as_posix()
        if value in (None, {}, []):
            if name == "events" and draft.event is None:
                lines.append("# No event recognised in this memo: no events, participations or documents issued.")
            lines.append(f"{name}: {'[]' if name in ('participations', 'documents_issued', 'no_claim') else '{}'}")
            lines.append("")
            continue
        lines.append(_dump({name: _quotes(index, value)}).rstrip())
        lines.append("")
    return "\n".join(lines)


def render_proposals(draft: Draft) -> str:
    """The proposed reference entries as a reference file (to review, then move to graph/reference/)."""
    header = [f"# Reference entries PROPOSED by `eujgraph extract` for {draft.source.name}: the memo names them",
              "# and graph/reference/ lacks them. Review names and labels (both en and fi) and rewrite each",
              "# note, then move the entries into a file of graph/reference/ so that the draft's ids resolve.",
              f"# Builds read graph/reference/*.yaml only: nothing in graph/reference/{PROPOSED_FOLDER}/ is loaded.",
              ""]
    return "\n".join(header) + _dump(draft.proposals)


def _is_span_list(key: str | None, value: Any) -> bool:
    return key in ("evidence", "sentence") and isinstance(value, (list, tuple))


def _is_span(value: Any) -> bool:
    return isinstance(value, (list, tuple)) and len(value) == 2 and all(isinstance(x, int) for x in value)


def _spans(value: Any, key: str | None = None) -> list[tuple[int, int]]:
    """Every evidence span of the sections, as :func:`_quotes` will meet them."""
    if isinstance(value, dict):
        return [span for k, v in value.items() for span in _spans(v, k)]
    if _is_span_list(key, value):
        return [tuple(value)] if _is_span(value) else [tuple(span) for span in value]
    if isinstance(value, list):
        return [span for v in value for span in _spans(v, key)]
    return []


def _quotes(index: QuoteIndex, value: Any, key: str | None = None) -> Any:
    if isinstance(value, dict):
        return {k: _quotes(index, v, k) for k, v in value.items()}
    if _is_span_list(key, value):
        if _is_span(value):
            return _quote(index, value)
        return [_quote(index, span) for span in value]
    if isinstance(value, list):
        return [_quotes(index, v, key) for v in value]
    if isinstance(value, Path):
        return value.as_posix()
    return value


def _quote(index: QuoteIndex, span: tuple[int, int]) -> Any:
    """The words of ``span``, as ``{quote, occurrence}`` when they recur in the memo."""
    start, end = span
    words = index.text[start:end]
    occurrences = index.positions(words)
    if len(occurrences) > 1:
        return {"quote": words, "occurrence": bisect_left(occurrences, start) + 1}
    return words


class _Dumper(yaml.SafeDumper):
    """Never writes anchors and aliases: the curated-file loader refuses them."""

    def ignore_aliases(self, data) -> bool:
        return True


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _str)


def _dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=110,
                     default_flow_style=False)
