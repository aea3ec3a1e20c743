"""What marks a curated file as an unreviewed draft, and where a draft's proposed reference entries go.

`eujgraph extract` writes these marks and `eujgraph build` / `validate` refuse a memo file that
still holds one (unless ``--allow-drafts``); the review page reads the same rules. One home for
them all, in the core, so that ``extract``, ``curation`` and ``web`` share it.

>>> is_placeholder(placeholder_label("fi", "EU ja Japani"))
True
>>> proposals_path(Path("/tmp/outside/new.yaml"))
PosixPath('/tmp/outside/new.reference.yaml')
"""

from __future__ import annotations

import re
from pathlib import Path

from .project import Project

DRAFT_PREFIX = "DRAFT"
"""An item's ``note`` and the memo's ``attribution`` start so until a person has reviewed them."""
DRAFT_REASON_PREFIX = "draft:"
"""A ``no_claim`` reason the extractor wrote starts so; the reviewer confirms it by rewriting it."""
PROPOSED_PREFIX = "PROPOSED by eujgraph extract"
"""The ``note`` of a proposed reference entry until a person has reviewed it."""
PLACEHOLDER_LABEL = re.compile(r"^\[(?P<lang>[A-Za-z-]+) label to write\]")
"""A label the extractor could not write in that language (``[fi label to write] …``)."""
PROPOSALS_SUFFIX = ".reference.yaml"
"""Proposed reference entries beside a draft written outside a project: ``STEM.reference.yaml``."""
PROPOSED_FOLDER = "proposed"
"""Inside a project they go to ``graph/reference/proposed/STEM.yaml``, which no build reads."""


def placeholder_label(lang: str, text: str) -> str:
    """The label the extractor writes where it has none in ``lang``."""
    return f"[{lang} label to write] {text}"


def is_placeholder(text: str) -> bool:
    """Whether a label is still the extractor's placeholder."""
    return bool(PLACEHOLDER_LABEL.match(text))


def draft_attribution(memo_name: str) -> str:
    """The attribution the extractor writes: the reviewer names the source and its reuse terms."""
    return f"{DRAFT_PREFIX}: name the source of {memo_name} and its reuse terms."


def proposals_path(draft_out: Path) -> Path:
    """Where `eujgraph extract --out DRAFT` writes the proposed reference entries of DRAFT.

    Inside a project (or in a ``memos/`` folder beside ``reference/``): ``graph/reference/proposed/STEM.yaml`` (STEM: the draft's name without
    ``.yaml``), where reference data lives but no build reads until a person moves the reviewed
    entries up into ``graph/reference/``. Outside a project: ``STEM.reference.yaml`` beside the draft.
    """
    draft_out = Path(draft_out)
    stem = draft_out.name[:-len(".yaml")] if draft_out.name.endswith(".yaml") else draft_out.stem
    folder = draft_out.absolute().parent
    if folder.name == "memos" and (folder.parent / "reference").is_dir():  # graph/memos/, ontology or not
        return folder.parent / "reference" / PROPOSED_FOLDER / f"{stem}.yaml"
    project = Project.find_or_none(folder)
    if project is None:
        return draft_out.with_name(f"{stem}{PROPOSALS_SUFFIX}")
    return project.reference_dir / PROPOSED_FOLDER / f"{stem}.yaml"


def is_proposals_file(path: Path) -> bool:
    """Whether ``path`` is named as a file of proposals written beside a draft."""
    return path.name.endswith(PROPOSALS_SUFFIX)
