"""eujgraph: a knowledge graph of EU–Japan relations built from summit memos.

The public API, imported on first use so that the command line starts fast:

    Project, build, BuildReport          a project's files; the build pipeline and what it reports
    KnowledgeGraph, NamedQuery, Result   asking the built graph (embedded or over an endpoint)
    load_projection, view, write_page,   the readable networkx projection, its views, the page,
    network                              and a pyvis Network for notebooks
    Draft, evaluate                      a drafted curated file (eujgraph.extract.extract), and scoring drafts
    create_app                           the ASGI application of `eujgraph serve`
    EujgraphError and its subclasses     errors (see eujgraph.errors); Problem: one located problem
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

__version__ = "0.1.0"

_EXPORTS = {
    "Project": "project", "build": "pipeline", "BuildReport": "pipeline",
    "KnowledgeGraph": "query", "NamedQuery": "query", "Result": "query",
    "load_projection": "viz", "view": "viz", "write_page": "viz", "network": "viz",
    "Draft": "extract.draft", "evaluate": "extract.evaluate", "create_app": "web.app",
    "EujgraphError": "errors", "InputError": "errors", "NonConformance": "errors", "ReasonerUnavailable": "errors",
    "QuerySyntaxError": "errors", "QueryTooComplex": "errors", "EngineError": "errors", "QueryTimeout": "errors",
    "Problem": "errors",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module 'eujgraph' has no attribute {name!r}")
