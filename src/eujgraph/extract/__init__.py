"""Extract: drafting the curated file of a new memo, and scoring drafts against curated files.

Owns :mod:`.draft` (the draft and its sections), :mod:`.context` (the memo being drafted), the
readers of events, claims and commitments, the gazetteer, lexicons (``lexicons/``), morphology,
and :mod:`.evaluate`. May import the core and curation.
"""

from importlib import import_module

_EXPORTS = {"Draft": "draft", "extract": "draft"}  # evaluate is the module eujgraph.extract.evaluate
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:  # imported on first use: a submodule, or the CLI, loads only what it needs
        return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
