"""Viz: the readable networkx projection of the graph, its analytics, the interactive page and pyvis networks.

Owns :mod:`.projection` (nodes and edges an analyst reads, views, stats), :mod:`.page`
(the self-contained HTML page; ``static/`` holds its template, script, style and vendored
vis-network), :mod:`.notebook` (a pyvis ``Network`` of any view, for Jupyter; pyvis is
imported on first use) and :mod:`.ontology_docs` (the ontology's documentation page, drawn by
pyLODE in a child process). May import the core only, plus networkx, rdflib, jinja2, pyvis and pyLODE.
"""

from importlib import import_module

_EXPORTS = {"load_projection": "projection", "project": "projection", "view": "projection", "write_page": "page",
            "network": "notebook"}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:  # imported on first use: a submodule, or the CLI, loads only what it needs
        return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
