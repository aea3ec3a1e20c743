"""Writing the graph files: deterministic bytes, written atomically.

Determinism: blank nodes get canonical labels (``rdflib.compare``), quads are
inserted in sorted order, and N-Triples lines are sorted, so the same inputs give
byte-identical files whatever the hash seed. They are written with
:func:`eujgraph.atomic.write_atomically`.
"""

from __future__ import annotations

import io
import json

from rdflib import Dataset, Graph, URIRef
from rdflib.compare import to_canonical_graph

from ..namespaces import PREFIXES

GRAPH_FILES = ("eujgraph.trig", "eujgraph.ttl", "eujgraph.nt", "eujgraph.jsonld", "eujgraph.html", "timeline.html",
               "void.ttl")


def canonical_dataset(graphs: list[tuple[URIRef, Graph]]) -> Dataset:
    """A dataset holding ``graphs`` in the given order, each with triples in canonical order."""
    dataset = Dataset()
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace, replace=True)
    for name, graph in graphs:
        target = dataset.graph(name)
        canonical = to_canonical_graph(graph) if _has_bnodes(graph) else graph
        for triple in sorted(canonical, key=_triple_key):
            target.add(triple)
    return dataset


def union_graph(dataset: Dataset) -> Graph:
    """All named graphs merged into one graph, in the dataset's order."""
    union = Graph()
    for prefix, namespace in PREFIXES.items():
        union.bind(prefix, namespace, replace=True)
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


def serialize_all(dataset: Dataset, graph_order: list[URIRef]) -> dict[str, bytes]:
    """The bytes of every RDF graph file, by file name, named graphs in ``graph_order``."""
    union = union_graph(dataset)
    nt = union.serialize(format="nt", encoding="utf-8")
    return {
        "eujgraph.trig": _trig(dataset, graph_order),
        "eujgraph.ttl": union.serialize(format="turtle", encoding="utf-8"),
        "eujgraph.nt": b"".join(sorted(set(nt.splitlines(keepends=True)))),
        "eujgraph.jsonld": _jsonld(dataset),
    }


def _trig(dataset: Dataset, graph_order: list[URIRef]) -> bytes:
    # rdflib's TriG serializer takes the store's contexts in hash order; give it ours.
    from rdflib.plugins.serializers.trig import TrigSerializer

    serializer = TrigSerializer(dataset)
    rank = {name: index for index, name in enumerate(graph_order)}
    serializer.contexts = sorted((c for c in serializer.contexts if len(c)),
                                 key=lambda c: rank.get(c.identifier, len(rank)))
    stream = io.BytesIO()
    serializer.serialize(stream, encoding="utf-8")
    return stream.getvalue()


def _jsonld(dataset: Dataset) -> bytes:
    # rdflib builds the JSON-LD from sets; JSON-LD arrays other than @list are
    # unordered, so sorting them changes nothing but makes the bytes stable.
    from rdflib.plugins.serializers.jsonld import from_rdf

    context = dict(sorted(PREFIXES.items()))
    document = _sorted_arrays(from_rdf(dataset, context_data=context))
    return (json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def _sorted_arrays(value, key: str | None = None):
    if isinstance(value, dict):
        return {k: _sorted_arrays(v, k) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_arrays(v) for v in value]
        if key == "@list":
            return items
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def _has_bnodes(graph: Graph) -> bool:
    from rdflib import BNode

    return any(isinstance(term, BNode) for triple in graph for term in triple)


def _triple_key(triple) -> tuple[str, str, str]:
    return tuple(term.n3() for term in triple)
