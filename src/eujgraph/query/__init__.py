"""Query: the engines (embedded Oxigraph store, SPARQL endpoints), the query library and its formats.

Owns :mod:`.engines` (where a query runs, one answer form for both), :mod:`.library` (the
``queries/*.rq`` library, parameters, rendering) and :mod:`.checks` (what a SPARQL text may be
before any parser reads it). May import the core only.
"""

from importlib import import_module

_EXPORTS = {"KnowledgeGraph": "library", "NamedQuery": "library", "Result": "library", "load_library": "library"}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:  # imported on first use: a submodule, or the CLI, loads only what it needs
        return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
