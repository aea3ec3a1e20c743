"""Writing the graph files: deterministic bytes, serialised by pyoxigraph, written atomically.

Determinism: blank nodes get canonical labels (``rdflib.compare``, only in graphs that have
any: the ontology's), every named graph's triples are sorted by their N-Triples form and the
graphs come in the build's order, so the same inputs give byte-identical files whatever the
hash seed. The files are written with :func:`eujgraph.atomic.write_atomically`.

pyoxigraph serialises (a Rust library: at 200 memos, 248k triples, the whole write step fell
from 71 s with rdflib's serialisers to 9 s, benchmarks/bench_archive.py). Its JSON-LD is in
expanded form — full IRIs, no ``@context`` — which every JSON-LD processor reads as it reads
the compacted form.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph

from ..namespaces import PREFIXES

GRAPH_FILES = ("eujgraph.trig", "eujgraph.ttl", "eujgraph.nt", "eujgraph.jsonld", "eujgraph.html", "timeline.html",
               "ontology.html", "void.ttl")


def canonical_graphs(graphs: list[tuple[URIRef, Graph]]) -> list[tuple[URIRef, Graph]]:
    """``graphs`` with canonical blank node labels, in the given order (empty graphs left out)."""
    return [(name, to_canonical_graph(graph) if _has_bnodes(graph) else graph) for name, graph in graphs if len(graph)]


def triples_of(graphs: list[tuple[URIRef, Graph]]) -> Iterator[tuple]:
    """Every triple of every graph, once per graph that states it."""
    for _, graph in graphs:
        yield from graph


def serialize_all(graphs: list[tuple[URIRef, Graph]], sorted_triples: SortedTriples | None = None) -> dict[str, bytes]:
    """The bytes of every RDF graph file, by file name: the named ``graphs`` in their order, and their union."""
    sorted_triples = sorted_triples or SortedTriples()
    quads: list[ox.Quad] = []
    for name, graph in graphs:
        graph_name = sorted_triples.to_ox(name)
        quads += (ox.Quad(t.subject, t.predicate, t.object, graph_name) for t in sorted_triples(graph))
    union = sorted({quad.triple for quad in quads}, key=str)
    # Every euj: IRI has a path (euj:summit/…), which Turtle would spell with escapes (euj:summit\/…): written in full.
    prefixes = {prefix: namespace for prefix, namespace in PREFIXES.items() if prefix != "euj"}
    return {
        "eujgraph.trig": ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=prefixes),
        "eujgraph.ttl": ox.serialize(union, format=ox.RdfFormat.TURTLE, prefixes=prefixes),
        "eujgraph.nt": ox.serialize(union, format=ox.RdfFormat.N_TRIPLES),
        "eujgraph.jsonld": ox.serialize(quads, format=ox.RdfFormat.JSON_LD) + b"\n",
    }


class OxTerms:
    """rdflib terms to pyoxigraph terms, each converted once."""

    def __init__(self) -> None:
        self.converted: dict = {}

    def __call__(self, term):
        found = self.converted.get(term)
        if found is None:
            found = self.converted[term] = _to_ox(term)
        return found


class SortedTriples:
    """A graph's triples as pyoxigraph triples sorted by their N-Triples form, made once per graph.

    The build hashes each memo graph for the cache and writes it: both use one sorting.
    A graph must not change once it has been asked for.
    """

    def __init__(self) -> None:
        self.to_ox = OxTerms()
        self.made: dict[int, tuple[Graph, list[ox.Triple]]] = {}

    def __call__(self, graph: Graph) -> list[ox.Triple]:
        found = self.made.get(id(graph))
        if found is None or found[0] is not graph:
            to_ox = self.to_ox
            found = self.made[id(graph)] = (graph, sorted((ox.Triple(to_ox(s), to_ox(p), to_ox(o))
                                                           for s, p, o in graph), key=str))
        return found[1]

    def ntriples(self, graph: Graph) -> bytes:
        """The graph as sorted N-Triples."""
        return ox.serialize(self(graph), format=ox.RdfFormat.N_TRIPLES)


def _to_ox(term):
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def _has_bnodes(graph: Iterable) -> bool:
    return any(isinstance(term, BNode) for triple in graph for term in triple)
