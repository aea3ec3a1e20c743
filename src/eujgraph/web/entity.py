"""What an entity page shows: an IRI's labels, types, statements both ways, sources and supporting sentences.

Read from the Oxigraph store (in a query worker of `eujgraph serve`); the server renders
the result as HTML, or serves the entity's triples as Turtle, N-Triples or JSON-LD. A node
without a label of its own, such as a participation, is named from the labels of the nodes
it links to (:data:`NAMED_BY`); such a name is for the page only and never enters the graph.

    >>> from eujgraph.query.engines import EmbeddedStore
    >>> store = EmbeddedStore.from_file(Path("graph/eujgraph.trig")).store     # doctest: +SKIP
    >>> describe(store, EUJ_BASE + "person/kaja-kallas")["labels"]["en"]       # doctest: +SKIP
    'Kaja Kallas'
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from ..namespaces import EUJ, EUJO, OA, PREFIXES
from ..terms import LABEL_PREDICATES, LANGUAGES, curie

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
AT_EVENT, IN_OFFICE, ACTING_AS, ON_BEHALF_OF, DATE = (
    ox.NamedNode(str(EUJO[name])) for name in ("atEvent", "inOffice", "actingAs", "onBehalfOf", "date"))
INCOMING_CAP = 500

# How a node without a label is named, per language: ``{curie}`` is the label of the node it links
# to by that property; ``[...]`` is left out when a property in it has no labelled value. The
# first pattern whose properties outside brackets all have one names the node.
NAMED_BY = (
    {"en": "{eujo:participant} at the {eujo:atEvent}[ ({eujo:inOffice}[, acting as {eujo:actingAs}])]",
     "fi": "{eujo:participant} – {eujo:atEvent}[ ({eujo:inOffice}[; toimien: {eujo:actingAs}])]"},
    {"en": "{eujo:stageOf}: {eujo:stage}[ at the {eujo:reachedAt}]",
     "fi": "{eujo:stageOf}: {eujo:stage}[ – {eujo:reachedAt}]"},
    {"en": "{eujo:reportOf} as reported in {dcterms:source}",
     "fi": "{eujo:reportOf} – lähde: {dcterms:source}"},
)
_ROLE = re.compile(r"\{(\w+):(\w+)\}")
_OPTIONAL = re.compile(r"\[([^\[\]]*)\]")

__all__ = ["describe", "serialize", "EUJ_BASE"]


class _Reader:
    def __init__(self, store: ox.Store) -> None:
        self.store = store
        self._labels: dict[str, dict[str, str]] = {}
        self._known: dict[str, bool] = {}

    def objects(self, subject, predicate) -> list:
        return sorted({q.object for q in self.store.quads_for_pattern(subject, predicate, None, None)}, key=str)

    def own_labels(self, node) -> dict[str, str]:
        """The node's labels in the graph, by language ("" for none)."""
        found: dict[str, str] = {}
        for predicate in LABELS:
            for literal in self.objects(node, predicate):
                if isinstance(literal, ox.Literal):
                    found.setdefault(literal.language or "", literal.value)
        return found

    def labels(self, node) -> dict[str, str]:
        """The node's labels; for an IRI with none, a name made by :data:`NAMED_BY` (or {})."""
        key = str(node)
        if key not in self._labels:
            self._labels[key] = {}  # while it is being named: a node named after itself gets no name
            self._labels[key] = self.own_labels(node) or (self.named(node) if isinstance(node, ox.NamedNode) else {})
        return self._labels[key]

    def named(self, node) -> dict[str, str]:
        """A name for ``node`` from the first pattern of :data:`NAMED_BY` that its links fill, else {}."""
        links: dict[str, set] = {}
        for quad in self.store.quads_for_pattern(node, None, None, None):
            if isinstance(quad.object, ox.NamedNode):
                links.setdefault(quad.predicate.value, set()).add(quad.object)
        for patterns in NAMED_BY:
            values: dict[str, dict[str, str]] = {}
            for prefix, local in set(_ROLE.findall(" ".join(patterns.values()))):
                found = [self.labels(o) for o in sorted(links.get(PREFIXES[prefix] + local, ()), key=str)]
                if any(found):
                    values[f"{prefix}:{local}"] = {lang: ", ".join(dict.fromkeys(pick(f, lang) for f in found if f))
                                                   for lang in LANGUAGES}
            names = {lang: _fill(pattern, {role: text[lang] for role, text in values.items()})
                     for lang, pattern in patterns.items()}
            if all(names.values()):
                return names
        return {}

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
        "evidence": _evidence(reader, node), "participations": _participations(reader, node),
        "derived_name": not reader.own_labels(node) and bool(reader.labels(node)),
    }


def pick(labels: dict[str, str], lang: str) -> str:
    """The label in ``lang``, else in English, else without a language, else any."""
    return labels.get(lang) or labels.get("en") or labels.get("") or next(iter(labels.values()), "")


def _fill(pattern: str, values: dict[str, str]) -> str:
    """``pattern`` with each ``{curie}`` replaced by its value; "" when one outside brackets has none."""
    def roles_present(text: str) -> bool:
        return all(f"{prefix}:{local}" in values for prefix, local in _ROLE.findall(text))

    while _OPTIONAL.search(pattern):
        pattern = _OPTIONAL.sub(lambda m: m.group(1) if roles_present(m.group(1)) else "", pattern)
    if not roles_present(pattern):
        return ""
    return _ROLE.sub(lambda m: values[f"{m.group(1)}:{m.group(2)}"], pattern)


def _participations(reader: _Reader, node: ox.NamedNode) -> list[dict]:
    """The events ``node`` took part in, in which office and for whom, earliest first, one row per distinct role."""
    rows: dict[tuple, dict] = {}
    for quad in reader.store.quads_for_pattern(None, PARTICIPANT, node, None):
        participation = quad.subject
        if not isinstance(participation, ox.NamedNode):
            continue
        role = tuple(tuple(reader.objects(participation, p)) for p in (AT_EVENT, IN_OFFICE, ACTING_AS, ON_BEHALF_OF))
        if not role[0]:
            continue
        row = rows.get(role)
        if row is None:
            event, office, acting, party = ([reader.term(o) for o in values] for values in role)
            dates = [o.value for e in role[0] for o in reader.objects(e, DATE) if isinstance(o, ox.Literal)]
            row = rows[role] = {"events": event, "offices": office, "acting": acting, "parties": party,
                                "date": min(dates, default=""), "participations": [], "graphs": []}
        if all(t["value"] != participation.value for t in row["participations"]):
            row["participations"].append(reader.term(participation))
        name = "" if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
        if name not in row["graphs"]:
            row["graphs"].append(name)
    for row in rows.values():
        row["participations"].sort(key=lambda t: t["value"])
        if len(row["graphs"]) > 1 and "" in row["graphs"]:
            row["graphs"].remove("")
        row["graphs"].sort()
    return sorted(rows.values(), key=lambda r: (r["date"], _sort_label(r["events"][0]),
                                                 [t["value"] for t in r["participations"]]))


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
