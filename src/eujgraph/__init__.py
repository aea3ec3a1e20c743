"""eujgraph: a knowledge graph of EU–Japan relations built from summit memos.

The public names are imported on first use, so the command line starts fast. The build
pipeline itself is :func:`eujgraph.pipeline.build` (``eujgraph.pipeline.rdf`` is the module that
turns curated items into RDF).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "BuildReport": "pipeline", "Project": "project", "KnowledgeGraph": "query",
    "EujgraphError": "errors", "InputError": "errors", "NonConformance": "errors", "Problem": "errors",
    "ReasonerUnavailable": "errors",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module 'eujgraph' has no attribute {name!r}")
