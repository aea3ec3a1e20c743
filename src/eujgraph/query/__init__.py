"""Query: the engines (embedded Oxigraph store, SPARQL endpoints), the query library and its formats.

Owns :mod:`.engines` (where a query runs, one answer form for both), :mod:`.library` (the
``queries/*.rq`` library, parameters, rendering) and :mod:`.checks` (what a SPARQL text may be
before any parser reads it). May import the core only.
"""

from .library import KnowledgeGraph, NamedQuery, Result, load_library

__all__ = ["KnowledgeGraph", "NamedQuery", "Result", "load_library"]
