"""Writing a :class:`eujgraph.extract.draft.Draft` as YAML in the curated format.

Evidence is kept as spans of the normalised memo text while drafting; here each span
becomes its quote, written ``{quote: ..., occurrence: N}`` when the words recur in the
memo. Every item keeps its ``note`` (``DRAFT · confidence … · evidence at characters …``),
which the reviewer rewrites or deletes.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from .draft import Draft

SECTION_ORDER = ("memo", "events", "participations", "documents_issued", "commitments", "positions",
                 "assessments", "no_claim")


def render(draft: "Draft", out: Path | None = None) -> str:
    """The draft as the text of a curated memo file; ``source`` is relative to ``out``'s folder."""
    base = (out.parent if out else Path.cwd()).resolve()
    lines = [f"# DRAFT curated claims of {draft.source.name}, written by `eujgraph extract` "
             f"({draft.lang}, {draft.seconds:.2f} s).",
             "# Review every item: each `note` gives the confidence, the evidence span (characters of the memo",
             "# text) and the rule that found it; rewrite or delete the notes once checked.",
             "# Quotes are the memo's words (line-end hyphenation joined, whitespace collapsed)."]
    if draft.proposals:
        lines.append("# Entities missing from the reference data are proposed in the reference file written "
                     "beside this one.")
    for warning in draft.warnings:
        lines.append(f"# NOTE: {warning}")
    lines.append("")
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
        lines.append(_dump({name: _quotes(draft, value)}).rstrip())
        lines.append("")
    return "\n".join(lines)


def render_proposals(draft: "Draft") -> str:
    """The proposed reference entries as a reference file (to review, then move to graph/reference/)."""
    header = [f"# Reference entries PROPOSED by `eujgraph extract` for {draft.source.name}: the memo names them",
              "# and graph/reference/ lacks them. Review names and labels (both en and fi), then move them",
              "# into graph/reference/ so that the draft's ids resolve.", ""]
    return "\n".join(header) + _dump(draft.proposals)


def _quotes(draft: "Draft", value: Any, key: str | None = None) -> Any:
    if isinstance(value, dict):
        return {k: _quotes(draft, v, k) for k, v in value.items()}
    if key in ("evidence", "sentence") and isinstance(value, (list, tuple)):
        if len(value) == 2 and all(isinstance(x, int) for x in value):
            return _quote(draft, value)
        return [_quote(draft, span) for span in value]
    if isinstance(value, list):
        return [_quotes(draft, v, key) for v in value]
    if isinstance(value, Path):
        return value.as_posix()
    return value


def _quote(draft: "Draft", span: tuple[int, int]) -> Any:
    start, end = span
    words = draft.text.normalized[start:end]
    occurrences = []
    position = draft.text.normalized.find(words)
    while position != -1:
        occurrences.append(position)
        position = draft.text.normalized.find(words, position + 1)
    if len(occurrences) > 1:
        return {"quote": words, "occurrence": occurrences.index(start) + 1}
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
