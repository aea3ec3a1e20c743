"""The graph as an analyst reads it: a networkx projection of the built RDF, with views and analytics.

The projection keeps actors, offices, events, claims, instruments, policy areas,
documents and places as nodes, and the relations between them as edges named in
English and Finnish. Literals, identifiers and the memo sentences that support a node
become that node's details; a participation (an n-ary node in RDF) becomes edges from
the person to the event, the office and the party.

    >>> from eujgraph.viz.projection import load_projection, view
    >>> graph = load_projection("graph/eujgraph.trig")              # doctest: +SKIP
    >>> graph.nodes["person/kaja-kallas"]["kind"]                   # doctest: +SKIP
    'person'
    >>> around = view(graph, focus="kaja-kallas", depth=1)          # doctest: +SKIP

:mod:`eujgraph.viz.page` writes a projection as an interactive HTML page.
"""

from __future__ import annotations

import difflib
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, RDF, RDFS, SKOS

from ..errors import InputError
from ..namespaces import EUJ, EUJO, EUROVOC, OA, ORG, WD
from ..terms import LABEL_PREDICATES as LABEL_IRIS
from ..terms import curie

LANGUAGES = ("en", "fi")
Labels = dict[str, str]


@dataclass(frozen=True)
class Kind:
    """A kind of node: the class that defines it, and how the page draws it."""

    name: str
    cls: URIRef
    color: str
    shape: str


KINDS: tuple[Kind, ...] = (  # the first kind whose class a node has wins
    Kind("summit", EUJO.Summit, "#d62728", "star"),
    Kind("event", EUJO.Event, "#ff9896", "triangle"),
    Kind("person", EUJO.Person, "#1f77b4", "dot"),
    Kind("organisation", EUJO.Organisation, "#17becf", "hexagon"),
    Kind("office", EUJO.Office, "#6b8fb3", "square"),
    Kind("commitment", EUJO.Commitment, "#2ca02c", "diamond"),
    Kind("position", EUJO.Position, "#bcbd22", "triangleDown"),
    Kind("assessment", EUJO.Assessment, "#e377c2", "triangleDown"),
    Kind("instrument", EUJO.Instrument, "#ff7f0e", "square"),
    Kind("area", EUJO.PolicyArea, "#9467bd", "dot"),
    Kind("document", EUJO.Document, "#8c564b", "square"),
    Kind("place", EUJO.Place, "#7f7f7f", "dot"),
)
KIND = {kind.name: kind for kind in KINDS}
CLAIM_KINDS = ("commitment", "position", "assessment")
STATUS_ORDER = ("new", "deepened", "continued", "reaffirmed")

LABEL_PREDICATES = tuple(URIRef(iri) for iri in LABEL_IRIS)
NOT_EDGES = {RDF.type, SKOS.narrower, SKOS.inScheme, SKOS.topConceptOf, SKOS.hasTopConcept, DCTERMS.source}
NOT_FACTS = {RDF.type, RDFS.label, SKOS.prefLabel, FOAF.name, EUJO.hasEvidence, EUJO.status,
             SKOS.narrower, SKOS.inScheme, SKOS.topConceptOf, SKOS.hasTopConcept}
PARTICIPATION_ROLES = (EUJO.atEvent, EUJO.inOffice, EUJO.onBehalfOf)
RELATION_LABELS: dict[URIRef, tuple[str, str]] = {  # predicates the ontology does not label
    EUJO.atEvent: ("took part in", "osallistui"),
    EUJO.reachedAt: ("had a stage at", "vaihe tapahtumassa"),
    SKOS.broader: ("broader area", "laajempi ala"),
    ORG.postIn: ("post in", "virka organisaatiossa"),
    DCTERMS.publisher: ("publisher", "julkaisija"),
    DCTERMS.source: ("source", "lähde"),
    DCTERMS.title: ("title", "otsikko"),
    DCTERMS.identifier: ("identifier", "tunniste"),
    DCTERMS.language: ("language", "kieli"),
    DCTERMS.rights: ("rights", "käyttöoikeudet"),
    SKOS.altLabel: ("also called", "muita nimiä"),
    SKOS.definition: ("definition", "määritelmä"),
    SKOS.editorialNote: ("note", "huomautus"),
    FOAF.givenName: ("given name", "etunimi"),
    FOAF.familyName: ("family name", "sukunimi"),
    OWL.sameAs: ("Wikidata", "Wikidata"),
    SKOS.exactMatch: ("EuroVoc, exact match", "EuroVoc, täsmällinen vastine"),
    SKOS.closeMatch: ("EuroVoc, close match", "EuroVoc, läheinen vastine"),
    SKOS.broadMatch: ("EuroVoc, broader concept", "EuroVoc, laajempi käsite"),
    SKOS.narrowMatch: ("EuroVoc, narrower concept", "EuroVoc, suppeampi käsite"),
}
RDF_FORMATS = {".trig": "trig", ".nq": "nquads", ".ttl": "turtle", ".nt": "nt", ".jsonld": "json-ld"}


def node_id(term: URIRef) -> str:
    """The page and CLI id of a node: its IRI without the ``euj:`` base (``person/kaja-kallas``)."""
    return str(term).removeprefix(str(EUJ))


class TripleIndex:
    """All triples of a graph, a dataset or an iterable of triples, by subject, each triple once.

    Read once and shared by the page and the timeline of a build.
    """

    def __init__(self, source: Graph | Iterable[tuple]) -> None:
        quads = source.quads((None, None, None, None)) if isinstance(source, Dataset) else source
        out: dict = defaultdict(set)
        for s, p, o, *_ in quads:
            out[s].add((p, o))
        self.out = {s: sorted(pairs, key=lambda pair: (str(pair[0]), _sort_key(pair[1])))
                    for s, pairs in out.items()}
        self._by_predicate: dict = {}  # subject -> predicate -> objects, in the order of ``out``
        for s, pairs in self.out.items():
            objects: dict = {}
            for p, o in pairs:
                objects.setdefault(p, []).append(o)
            self._by_predicate[s] = {p: tuple(values) for p, values in objects.items()}
        self.superclasses: dict[URIRef, set[URIRef]] = {}

    def objects(self, subject, predicate: URIRef) -> tuple:
        return self._by_predicate.get(subject, _NOTHING).get(predicate, ())

    def value(self, subject, predicate: URIRef):
        found = self.objects(subject, predicate)
        return found[0] if found else None

    def ancestors(self, cls: URIRef) -> set[URIRef]:
        """``cls`` and its named superclasses, from the ``rdfs:subClassOf`` triples."""
        if cls not in self.superclasses:
            seen, todo = {cls}, [cls]
            while todo:
                for parent in self.objects(todo.pop(), RDFS.subClassOf):
                    if isinstance(parent, URIRef) and parent not in seen:
                        seen.add(parent)
                        todo.append(parent)
            self.superclasses[cls] = seen
        return self.superclasses[cls]

    def classes(self, subject) -> set[URIRef]:
        return {a for t in self.objects(subject, RDF.type) if isinstance(t, URIRef) for a in self.ancestors(t)}

    def labels(self, term) -> Labels:
        """Labels by language (en and fi always present), falling back to the other language or the IRI."""
        found: dict[str, str] = {}
        for predicate in LABEL_PREDICATES:
            for literal in self.objects(term, predicate):
                if isinstance(literal, Literal):
                    found.setdefault(literal.language or "", str(literal))
        fallback = found.get("") or found.get("en") or found.get("fi") or next(iter(found.values()), None)
        if fallback is None:
            fallback = str(term).rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]
        return {lang: found.get(lang) or fallback for lang in sorted({*LANGUAGES, *found} - {""})}

    def relation_labels(self, predicate: URIRef) -> Labels:
        if predicate in RELATION_LABELS:
            return dict(zip(LANGUAGES, RELATION_LABELS[predicate]))
        return self.labels(predicate)


_NOTHING: dict = {}


def _sort_key(term) -> str:
    return term.n3() if not isinstance(term, BNode) else "_:"


def load_dataset(path: Path | str) -> Dataset:
    """Parse an RDF file (TriG, N-Quads, Turtle, N-Triples or JSON-LD) into a dataset."""
    path = Path(path)
    if not path.is_file():
        raise InputError(f"{path}: no such file; run `eujgraph build` first (or pass --graph FILE)")
    dataset = Dataset()
    try:
        dataset.parse(path, format=RDF_FORMATS.get(path.suffix, "trig"))
    except Exception as error:  # rdflib raises assorted errors for malformed input
        raise InputError(f"{path}: cannot parse RDF: {error}") from None
    return dataset


def load_projection(path: Path | str, *, lang: str = "en") -> nx.MultiDiGraph:
    """:func:`project` of an RDF file."""
    return project(load_dataset(path), lang=lang)


def project(source: Graph | Iterable[tuple] | TripleIndex, *, lang: str = "en") -> nx.MultiDiGraph:
    """The readable projection of a built eujgraph graph, dataset, iterable of its triples, or their index.

    Nodes are keyed by :func:`node_id` and carry ``kind``, ``label`` (in ``lang``),
    ``labels`` (en, fi), ``iri``, ``types``, ``facts``, ``links`` and ``evidence``; claims
    also ``status``, and claims, instruments and policy areas ``areas`` (the policy areas
    they concern, with every broader area); summits and events ``date`` and ``ordinal``;
    people ``roles``, one ``{event, office, party}`` per participation, in date order. An
    instrument whose stage (signed, in force...) a summit reached has an ``eujo:reachedAt``
    edge to it. Edges are keyed by relation (``eujo:party``)
    and carry ``label`` and ``labels``.
    """
    index = source if isinstance(source, TripleIndex) else TripleIndex(source)
    kinds = {}
    for subject in index.out:
        if isinstance(subject, URIRef):
            classes = index.classes(subject)
            if EUJO.CitedSource in classes and EUJO.Memo not in classes:
                continue  # the history's sources are provenance (as the memo text spans are), not nodes
            kind = next((k.name for k in KINDS if k.cls in classes), None)
            if kind:
                kinds[subject] = kind
    graph = nx.MultiDiGraph(lang=lang)
    broader = {a: _broader_closure(index, a) for a, kind in kinds.items() if kind == "area"}
    for subject in sorted(kinds, key=node_id):
        graph.add_node(node_id(subject), **_node(index, subject, kinds[subject], kinds, broader, lang))
    for subject in sorted(kinds, key=node_id):
        for predicate, obj in index.out[subject]:
            if obj in kinds and predicate not in NOT_EDGES:
                _add_edge(graph, index, subject, predicate, obj, lang)
    for participation in sorted((s for s in index.out if EUJO.Participation in index.classes(s)), key=str):
        person = index.value(participation, EUJO.participant)
        if person not in kinds:
            continue
        for role in PARTICIPATION_ROLES:
            for obj in index.objects(participation, role):
                if obj in kinds:
                    _add_edge(graph, index, person, role, obj, lang)
        node = graph.nodes[node_id(person)]
        node["evidence"] = _merge_evidence(node["evidence"], _evidence(index, participation))
        role = {name: node_id(value) for name, value in (("event", index.value(participation, EUJO.atEvent)),
                                                           ("office", index.value(participation, EUJO.inOffice)),
                                                           ("party", index.value(participation, EUJO.onBehalfOf)))
                if value in kinds}
        if "event" in role and role not in node["roles"]:
            node["roles"].append(role)
    for stage in sorted((s for s in index.out if EUJO.InstrumentStage in index.classes(s)), key=str):
        instrument, event = index.value(stage, EUJO.stageOf), index.value(stage, EUJO.reachedAt)
        if instrument in kinds and event in kinds:  # one edge per instrument and summit, however many stages
            _add_edge(graph, index, instrument, EUJO.reachedAt, event, lang)
    for _, node in graph.nodes(data=True):
        if "roles" in node:
            node["roles"].sort(key=lambda r: (graph.nodes[r["event"]].get("date", ""), r["event"],
                                              r.get("office", ""), r.get("party", "")))
    return graph


def _add_edge(graph: nx.MultiDiGraph, index: TripleIndex, subject, predicate: URIRef, obj, lang: str) -> None:
    labels = index.relation_labels(predicate)
    graph.add_edge(node_id(subject), node_id(obj), key=curie(predicate), label=labels[lang], labels=labels)


def _broader_closure(index: TripleIndex, area: URIRef) -> list[URIRef]:
    seen, todo = [area], [area]
    while todo:
        for parent in index.objects(todo.pop(), SKOS.broader):
            if parent not in seen:
                seen.append(parent)
                todo.append(parent)
    return seen


def _node(index: TripleIndex, subject: URIRef, kind: str, kinds: dict, broader: dict, lang: str) -> dict:
    labels = index.labels(subject)
    attributes = {"kind": kind, "label": labels[lang], "labels": labels, "iri": str(subject),
                  "types": _types(index, subject), "facts": [], "links": [],
                  "evidence": _evidence(index, subject)}
    if kind in ("summit", "event"):
        when, ordinal = index.value(subject, EUJO.date), index.value(subject, EUJO.ordinal)
        attributes["date"] = str(when) if when is not None else ""
        if ordinal is not None:
            attributes["ordinal"] = int(ordinal)
    if kind == "person":
        attributes["roles"] = []  # {event, office, party} of each participation, filled in by project()
    if kind in CLAIM_KINDS:
        status = index.value(subject, EUJO.status)
        if status is not None:
            attributes["status"] = str(status).rsplit("#", 1)[-1]
    if kind in (*CLAIM_KINDS, "instrument", "area"):
        concerned = [subject] if kind == "area" else index.objects(subject, EUJO.concernsArea)
        attributes["areas"] = sorted({node_id(a) for c in concerned for a in broader.get(c, [c])})
    for predicate, obj in index.out[subject]:
        if predicate in NOT_FACTS or (obj in kinds and predicate not in NOT_EDGES):
            continue
        if isinstance(obj, Literal):
            attributes["facts"].append({"p": index.relation_labels(predicate), "v": str(obj),
                                        "lang": obj.language or ""})
        elif isinstance(obj, URIRef) and (obj in kinds or obj in index.out):
            attributes["facts"].append({"p": index.relation_labels(predicate), "v": index.labels(obj),
                                        "lang": ""})
        elif isinstance(obj, URIRef):
            attributes["links"].append(_link(index, predicate, obj))
    return attributes


def _types(index: TripleIndex, subject: URIRef) -> list[Labels]:
    """The node's most specific eujgraph classes, asserted or inferred."""
    own = {t for t in index.objects(subject, RDF.type) if isinstance(t, URIRef) and str(t).startswith(str(EUJO))}
    specific = [t for t in own if not any(t != other and t in index.ancestors(other) for other in own)]
    return sorted((index.labels(t) for t in specific), key=lambda labels: labels["en"])


def _link(index: TripleIndex, predicate: URIRef, target: URIRef) -> dict:
    text = str(target)
    if text.startswith(str(WD)):
        qid = text[len(str(WD)):]
        return {"p": index.relation_labels(predicate), "href": f"https://www.wikidata.org/wiki/{qid}", "text": qid}
    if text.startswith(str(EUROVOC)):
        return {"p": index.relation_labels(predicate), "href": text, "text": text[len(str(EUROVOC)):]}
    return {"p": index.relation_labels(predicate), "href": text, "text": text}


def _evidence(index: TripleIndex, subject) -> list[dict]:
    """The memo sentences supporting ``subject``, each split into plain text and quotes."""
    sentences: dict[tuple, dict] = {}
    for span in index.objects(subject, EUJO.hasEvidence):
        sentence = str(index.value(span, EUJO.sentence) or "")
        document = index.value(span, OA.hasSource)
        exact, start = "", 0
        for selector in index.objects(span, OA.hasSelector):
            exact = str(index.value(selector, OA.exact) or exact)
            start = int(index.value(selector, OA.start) or start)
        key = (node_id(document) if document else "", sentence)
        entry = sentences.setdefault(key, {"doc": key[0], "docLabels": index.labels(document) if document else {},
                                           "sentence": sentence, "quotes": set(), "start": start})
        entry["quotes"].add(exact)
        entry["start"] = min(entry["start"], start)
    ordered = sorted(sentences.values(), key=lambda e: (e["doc"], e["start"], e["sentence"]))
    return [{"doc": e["doc"], "docLabels": e["docLabels"], "text": highlight(e["sentence"], e["quotes"])}
            for e in ordered]


def _merge_evidence(first: list[dict], second: list[dict]) -> list[dict]:
    merged = {(e["doc"], tuple(e["text"])): e for e in [*first, *second]}
    return [merged[key] for key in sorted(merged)]


def highlight(sentence: str, quotes: Iterable[str]) -> list[str]:
    """``sentence`` split into alternating plain text and quoted words: ``[plain, quote, plain, ...]``.

    >>> highlight("EU and Japan launch an alliance.", ["launch an alliance"])
    ['EU and Japan ', 'launch an alliance', '.']
    """
    marks: list[tuple[int, int]] = []
    missing = []
    for quote in sorted(q for q in quotes if q):
        at = sentence.find(quote)
        if at < 0:
            missing.append(quote)
        else:
            marks.append((at, at + len(quote)))
    parts, cursor = [], 0
    for start, end in _merged(marks):
        parts += [sentence[cursor:start], sentence[start:end]]
        cursor = end
    parts.append(sentence[cursor:])
    for quote in missing:
        parts[-1] += " … " if parts[-1] else ""
        parts += [quote, ""]
    return parts


def _merged(intervals: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(intervals):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


# --- views ------------------------------------------------------------------------------

def resolve(graph: nx.MultiDiGraph, ref: str, kinds: Iterable[str] = ()) -> str:
    """The node ``ref`` names: an id (``person/kaja-kallas``), an IRI, ``euj:…``, or the id's last part."""
    allowed = set(kinds)
    candidates = [n for n, kind in graph.nodes(data="kind") if not allowed or kind in allowed]
    wanted = ref[len("euj:"):] if ref.startswith("euj:") else node_id(URIRef(ref))
    if wanted in candidates:
        return wanted
    matches = [n for n in candidates if n.rsplit("/", 1)[-1] == wanted]
    if len(matches) == 1:
        return matches[0]
    what = " or ".join(sorted(allowed)) if allowed else "node"
    if matches:
        raise InputError(f"{ref!r} names several {what}s: {', '.join(sorted(matches))}; give the whole id")
    close = difflib.get_close_matches(wanted, candidates + [n.rsplit("/", 1)[-1] for n in candidates], n=3)
    hint = f"; did you mean {', '.join(close)}?" if close else ""
    raise InputError(f"no {what} {ref!r} in the graph{hint}")


def view(graph: nx.MultiDiGraph, *, focus: str | None = None, depth: int = 2, summit: str | None = None,
         area: str | None = None) -> nx.MultiDiGraph:
    """The part of ``graph`` to show: a summit's, then a policy area's, then a node's neighbourhood."""
    if summit is not None:
        graph = summit_view(graph, summit)
    if area is not None:
        graph = area_view(graph, area)
    if focus is not None:
        graph = focus_view(graph, focus, depth)
    return graph


def focus_view(graph: nx.MultiDiGraph, ref: str, depth: int = 2) -> nx.MultiDiGraph:
    """Everything within ``depth`` edges of a node, whatever their direction."""
    centre = resolve(graph, ref)
    return graph.subgraph(nx.ego_graph(graph.to_undirected(as_view=True), centre, radius=depth)).copy()


def summit_view(graph: nx.MultiDiGraph, ref: str) -> nx.MultiDiGraph:
    """A summit, its side events, whatever points at them (claims, participants, documents), and their neighbours."""
    summit = resolve(graph, ref, ("summit", "event"))
    events = {summit} | {n for n, _, key in graph.in_edges(summit, keys=True) if key == "eujo:sideEventOf"}
    core = events | {n for event in events for n in graph.predecessors(event)}
    return _with_neighbours(graph, core)


def area_view(graph: nx.MultiDiGraph, ref: str) -> nx.MultiDiGraph:
    """A policy area, the areas under it, the claims and instruments concerning them, and their neighbours."""
    area = resolve(graph, ref, ("area",))
    core = {n for n, areas in graph.nodes(data="areas") if areas and area in areas}
    return _with_neighbours(graph, core)


def _with_neighbours(graph: nx.MultiDiGraph, core: set[str]) -> nx.MultiDiGraph:
    keep = set(core)
    for node in core:
        keep.update(nx.all_neighbors(graph, node))
    return graph.subgraph(keep).copy()


# --- analytics --------------------------------------------------------------------------

def degree_centrality(graph: nx.MultiDiGraph) -> dict[str, float]:
    """Degree centrality over distinct neighbours, edge direction ignored."""
    return nx.degree_centrality(nx.Graph(graph))


def stats(graph: nx.MultiDiGraph, *, top: int = 10, lang: str = "en") -> dict:
    """Analytics of a projection: sizes, degree per kind, components, most central actors and areas.

    Betweenness is exact while nodes × (nodes + edges) stays under 5 million (about a thousand
    nodes) and sampled above (seeded, ``k`` pivots, reported as ``betweenness_sample``).
    """
    simple = nx.Graph(graph)
    degree = nx.degree_centrality(simple)
    budget = 5_000_000 // max(1, simple.number_of_nodes() + simple.number_of_edges())
    sample = None if budget >= simple.number_of_nodes() else max(10, budget)
    betweenness = nx.betweenness_centrality(simple, k=sample, seed=0)

    def ranked(kinds: tuple[str, ...]) -> list[dict]:
        nodes = [n for n, kind in graph.nodes(data="kind") if kind in kinds]
        nodes.sort(key=lambda n: (-degree[n], -betweenness[n], n))
        return [{"id": n, "label": graph.nodes[n]["labels"][lang], "kind": graph.nodes[n]["kind"],
                 "degree": simple.degree(n), "degree_centrality": round(degree[n], 4),
                 "betweenness": round(betweenness[n], 4)} for n in nodes[:top]]

    per_kind = []
    for kind in KINDS:
        degrees = [simple.degree(n) for n, k in graph.nodes(data="kind") if k == kind.name]
        if degrees:
            per_kind.append({"kind": kind.name, "nodes": len(degrees), "min": min(degrees),
                             "median": statistics.median(degrees),
                             "mean": round(statistics.fmean(degrees), 2), "max": max(degrees)})
    relations: dict[str, int] = defaultdict(int)
    for _, _, key in graph.edges(keys=True):
        relations[key] += 1
    components = sorted((len(c) for c in nx.weakly_connected_components(graph)), reverse=True)
    return {
        "nodes": graph.number_of_nodes(), "edges": graph.number_of_edges(),
        "components": {"count": len(components), "largest": components[:top]},
        "degree_per_kind": per_kind,
        "edges_per_relation": [{"relation": key, "edges": count}
                               for key, count in sorted(relations.items(), key=lambda item: (-item[1], item[0]))],
        "central_actors": ranked(("person", "organisation")),
        "central_areas": ranked(("area",)),
        "betweenness_sample": sample,
    }


def stats_table(result: dict) -> str:
    """:func:`stats` as plain-text tables."""
    lines = [(f"{result['nodes']} nodes, {result['edges']} edges, "
              f"{result['components']['count']} weakly connected component(s); "
              f"largest: {', '.join(map(str, result['components']['largest']))}"), "",
             "degree per kind (distinct neighbours):",
             f"  {'kind':<14}{'nodes':>7}{'min':>6}{'median':>8}{'mean':>8}{'max':>6}"]
    for row in result["degree_per_kind"]:
        lines.append(f"  {row['kind']:<14}{row['nodes']:>7}{row['min']:>6}{row['median']:>8}"
                     f"{row['mean']:>8}{row['max']:>6}")
    sampled = f" (betweenness sampled, k={result['betweenness_sample']})" if result["betweenness_sample"] else ""
    for title, key in (("most central actors", "central_actors"), ("most central policy areas", "central_areas")):
        lines += ["", f"{title}{sampled}:", f"  {'degree':>6}  {'centrality':>10}  {'betweenness':>11}  label"]
        for row in result[key]:
            lines.append(f"  {row['degree']:>6}  {row['degree_centrality']:>10.4f}  {row['betweenness']:>11.4f}"
                         f"  {row['label']} ({row['id']})")
    lines += ["", "edges per relation:"]
    lines += [f"  {row['edges']:>6}  {row['relation']}" for row in result["edges_per_relation"]]
    return "\n".join(lines)
