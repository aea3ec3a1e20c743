"""What an entity page shows: an IRI's labels, types, statements both ways, sources and supporting sentences.

Read from the Oxigraph store (in a query worker of `eujgraph serve`); the server renders
the result as HTML, or serves the entity's triples as Turtle, N-Triples or JSON-LD.

    >>> from eujgraph.query.engines import EmbeddedStore
    >>> store = EmbeddedStore.from_file(Path("graph/eujgraph.trig")).store     # doctest: +SKIP
    >>> describe(store, EUJ_BASE + "person/kaja-kallas")["labels"]["en"]       # doctest: +SKIP
    'Kaja Kallas'
"""

from __future__ import annotations

import pyoxigraph as ox

from ..namespaces import EUJ, EUJO, OA, PREFIXES
from ..terms import LABEL_PREDICATES, curie

EUJ_BASE = str(EUJ)
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
LABELS = tuple(ox.NamedNode(p) for p in LABEL_PREDICATES)
HAS_EVIDENCE = ox.NamedNode(str(EUJO.hasEvidence))
SENTENCE = ox.NamedNode(str(EUJO.sentence))
PARTICIPANT = ox.NamedNode(str(EUJO.participant))
TEXT_SPAN = ox.NamedNode(str(EUJO.TextSpan))
HAS_SOURCE = ox.NamedNode(str(OA.hasSource))
HAS_SELECTOR = ox.NamedNode(str(OA.hasSelector))
EXACT = ox.NamedNode(str(OA.exact))
START = ox.NamedNode(str(OA.start))
INCOMING_CAP = 500

__all__ = ["describe", "serialize", "EUJ_BASE"]


class _Reader:
    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self._labels: dict[str, dict[str, str]] = {}
        self._known: dict[str, bool] = {}

    def objects(self, subject, predicate) -> list:
        return sorted({q.object for q in self.store.quads_for_pattern(subject, predicate, None, None)}, key=str)

    def labels(self, node) -> dict[str, str]:
        key = str(node)
        if key not in self._labels:
            found: dict[str, str] = {}
            for predicate in LABELS:
                for literal in self.objects(node, predicate):
                    if isinstance(literal, ox.Literal):
                        found.setdefault(literal.language or "", literal.value)
            self._labels[key] = found
        return self._labels[key]

    def known(self, node) -> bool:
        key = str(node)
        if key not in self._known:
            self._known[key] = next(iter(self.store.quads_for_pattern(node, None, None, None)), None) is not None
        return self._known[key]

    def term(self, term) -> dict:
        if isinstance(term, ox.NamedNode):
            return {"kind": "iri", "value": term.value, "curie": curie(term.value), "labels": self.labels(term),
                    "known": self.known(term)}
        if isinstance(term, ox.BlankNode):
            return {"kind": "bnode", "value": term.value}
        if isinstance(term, ox.Literal):
            datatype = term.datatype.value
            return {"kind": "literal", "value": term.value, "lang": term.language or "",
                    "datatype": "" if term.language or datatype.endswith("#string") else curie(datatype)}
        return {"kind": "triple", "value": str(term)}


def describe(store: ox.Store, iri: str) -> dict | None:
    """Everything the entity page shows about ``iri``, or None when the graph does not mention it."""
    node = ox.NamedNode(iri)
    reader = _Reader(store)
    outgoing = _grouped(store.quads_for_pattern(node, None, None, None), lambda q: (q.predicate, q.object))
    incoming = _grouped(store.quads_for_pattern(None, None, node, None), lambda q: (q.predicate, q.subject))
    if not outgoing and not incoming:
        return None
    statements = [{"predicate": reader.term(p), "object": reader.term(o), "graphs": graphs}
                  for (p, o), graphs in outgoing.items() if p != RDF_TYPE]
    statements.sort(key=lambda s: (_sort_label(s["predicate"]), s["object"]["value"]))
    links_in = [{"predicate": reader.term(p), "subject": reader.term(s), "graphs": graphs}
                for (p, s), graphs in incoming.items()]
    links_in.sort(key=lambda s: (_sort_label(s["predicate"]), _sort_label(s["subject"])))
    types = sorted((reader.term(o) for (p, o) in outgoing if p == RDF_TYPE), key=_sort_label)
    return {
        "iri": iri, "labels": reader.labels(node), "types": types, "statements": statements,
        "incoming": links_in[:INCOMING_CAP], "incoming_total": len(links_in),
        "evidence": _evidence(reader, node),
    }


def _grouped(quads, key) -> dict:
    out: dict = {}
    for quad in quads:
        graphs = out.setdefault(key(quad), [])
        name = "" if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
        if name not in graphs:
            graphs.append(name)
    for graphs in out.values():
        if len(graphs) > 1 and "" in graphs:  # the default graph is the merge of the named ones, not a source
            graphs.remove("")
        graphs.sort()
    return out


def _sort_label(term: dict) -> str:
    labels = term.get("labels") or {}
    return (labels.get("en") or labels.get("") or term.get("curie") or term["value"]).lower()


def _evidence(reader: _Reader, node: ox.NamedNode) -> list[dict]:
    """The sentences supporting ``node`` (a claim, a participant, a span), quoted words marked."""
    from ..viz.projection import highlight

    spans = reader.objects(node, HAS_EVIDENCE)
    if TEXT_SPAN in reader.objects(node, RDF_TYPE):
        spans.append(node)
    for participation in sorted({q.subject for q in reader.store.quads_for_pattern(None, PARTICIPANT, node, None)},
                                key=str):
        spans += reader.objects(participation, HAS_EVIDENCE)
    sentences: dict[tuple, dict] = {}
    for span in spans:
        sentence = next((o.value for o in reader.objects(span, SENTENCE)), "")
        document = next(iter(reader.objects(span, HAS_SOURCE)), None)
        exact, start = "", 0
        for selector in reader.objects(span, HAS_SELECTOR):
            exact = next((o.value for o in reader.objects(selector, EXACT)), exact)
            start = int(next((o.value for o in reader.objects(selector, START)), start))
        key = (document.value if document else "", sentence)
        entry = sentences.setdefault(key, {"document": reader.term(document) if document else None,
                                           "sentence": sentence, "quotes": set(), "start": start, "spans": []})
        entry["quotes"].add(exact)
        entry["start"] = min(entry["start"], start)
        entry["spans"].append(span.value)
    ordered = sorted(sentences.values(), key=lambda e: (str(e["document"] and e["document"]["value"]), e["start"]))
    return [{"document": e["document"], "parts": highlight(e["sentence"], e["quotes"]), "spans": sorted(e["spans"])}
            for e in ordered]


def triples(store: ox.Store, iri: str) -> list[ox.Triple]:
    """The entity's statements (with the blank nodes they lead to) and the statements pointing at it."""
    node = ox.NamedNode(iri)
    seen: set = set()
    out: list[ox.Triple] = []
    todo = [node]
    visited = set()
    while todo:
        subject = todo.pop()
        if subject in visited:
            continue
        visited.add(subject)
        for quad in store.quads_for_pattern(subject, None, None, None):
            triple = quad.triple
            if triple not in seen:
                seen.add(triple)
                out.append(triple)
                if isinstance(triple.object, ox.BlankNode):
                    todo.append(triple.object)
    for quad in store.quads_for_pattern(None, None, node, None):
        if quad.triple not in seen:
            seen.add(quad.triple)
            out.append(quad.triple)
    return sorted(out, key=str)


def serialize(store: ox.Store, iri: str, fmt: str) -> tuple:
    """A worker reply: the entity's triples in ``fmt`` (turtle, ntriples, jsonld), or 404."""
    from ..query.formats import rdf_format

    found = triples(store, iri)
    if not found:
        return "error", 404, "not in the graph"
    prefixes = PREFIXES if fmt != "ntriples" else None
    return "ok", fmt, ox.serialize(found, format=rdf_format(fmt), prefixes=prefixes), len(found)


def entity_path(iri: str) -> str | None:
    """The path of an entity page for IRIs under ``euj:`` (``/id/person/kaja-kallas``), else None."""
    return "/id/" + iri[len(EUJ_BASE):] if iri.startswith(EUJ_BASE) and len(iri) > len(EUJ_BASE) else None
