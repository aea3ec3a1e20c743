"""Turning curated items into RDF: one named graph for reference data, one per memo."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from ..curation.kinds import FIELD_KINDS, Evidence, Ref
from ..curation.load import Corpus, Item, Memo
from ..curation.schema import SECTIONS
from ..namespaces import EUJ, EUJO, OA, ONTOLOGY_GRAPH, REFERENCE_GRAPH, memo_graph
from ..text import Span

SCHEME = EUJ["scheme/policy-areas"]


class Minter:
    """Mints IRIs: ``euj:<kind>/<id>``, ``euj:<kind>/<memo>/<id>`` for memo claims,
    ``euj:summit/<id>`` for summits and ``euj:event/<id>`` for other events."""

    def __init__(self, corpus: Corpus) -> None:
        self.summits = {item.id for item in corpus.items()
                        if item.section == "events" and item.get("type") == "summit"}

    def item(self, section: str, item_id: str, memo: str | None = None) -> URIRef:
        spec = SECTIONS[section]
        if section == "events":
            return EUJ[f"{'summit' if item_id in self.summits else 'event'}/{item_id}"]
        if spec.memo_scoped:
            return EUJ[f"{spec.path}/{memo}/{item_id}"]
        return EUJ[f"{spec.path}/{item_id}"]

    def ref(self, ref: Ref) -> URIRef:
        return self.item(ref.target, ref.id)


def build_graphs(corpus: Corpus, ontology: Graph, repository: Path,
                 progress: Callable[[str], None] = lambda message: None) -> list[tuple[URIRef, Graph]]:
    """The asserted named graphs in their fixed order: ontology, reference data, memos by id.

    ``progress`` hears ``RDF of N/TOTAL memos`` at every tenth of the memos, when there are more than ten.
    """
    mint = Minter(corpus)
    reference = Graph()
    for item in corpus.reference:
        _add_item(reference, item, mint)
    _add_scheme_structure(reference, corpus, mint)
    graphs = [(ONTOLOGY_GRAPH, ontology), (REFERENCE_GRAPH, reference)]
    memos = sorted(corpus.memos, key=lambda m: m.id)
    tenth = len(memos) // 10 if len(memos) > 10 else 0
    for done, memo in enumerate(memos, 1):
        graph = Graph(store="SimpleMemory")  # faster to fill and read; nothing queries a memo graph alone
        _add_memo(graph, memo, repository, mint)
        for item in [memo.item, *memo.items]:
            _add_item(graph, item, mint, memo)
        graphs.append((memo_graph(memo.id), graph))
        if tenth and (done % tenth == 0 or done == len(memos)):
            progress(f"RDF of {done}/{len(memos)} memos")
    return graphs


def _add_item(graph: Graph, item: Item, mint: Minter, memo: Memo | None = None) -> None:
    section = SECTIONS[item.section]
    if item.section == "no_claim":
        return
    if item.section == "documents_issued":
        subject = mint.ref(item.get("document"))
    else:
        subject = mint.item(item.section, item.id, item.memo)
        for cls in section.classes:
            graph.add((subject, RDF.type, cls))
    if item.section == "persons":
        for lang in ("en", "fi"):
            graph.add((subject, RDFS.label, Literal(item.get("name"), lang=lang)))
    if item.section in ("commitments", "positions", "assessments", "participations") and memo:
        graph.add((subject, DCTERMS.source, mint.item("memo", memo.id)))
    emit = _Emitter(item.section, mint, graph, memo)
    for spec in section.fields:
        value = item.values.get(spec.name)
        if value is not None:
            for predicate, obj in FIELD_KINDS[spec.value].to_rdf(spec, value, emit):
                graph.add((subject, predicate, obj))


@dataclass
class _Emitter:
    """What a field kind asks of the builder: the item's section, IRIs for its references, spans for its quotes."""

    section: str
    mint: Minter
    graph: Graph
    memo: Memo | None

    def ref(self, ref: Ref) -> URIRef:
        return self.mint.ref(ref)

    def span(self, evidence: Evidence) -> URIRef:
        return _add_span(self.graph, self.memo, evidence)


def _add_scheme_structure(graph: Graph, corpus: Corpus, mint: Minter) -> None:
    areas = [item for item in corpus.reference if item.section == "policy_areas"]
    if not areas:
        return
    graph.add((SCHEME, RDF.type, SKOS.ConceptScheme))
    for item in areas:
        subject = mint.item("policy_areas", item.id)
        graph.add((subject, SKOS.inScheme, SCHEME))
        broader = item.get("broader")
        if broader is None:
            graph.add((subject, SKOS.topConceptOf, SCHEME))
            graph.add((SCHEME, SKOS.hasTopConcept, subject))
        else:
            graph.add((mint.item("policy_areas", broader.id), SKOS.narrower, subject))


def _add_memo(graph: Graph, memo: Memo, repository: Path, mint: Minter) -> None:
    item = memo.item
    subject = mint.item("memo", memo.id)
    language = item.get("language")
    title = item.get("title")
    if isinstance(title, list):
        evidence = title[0]
        graph.add((subject, DCTERMS.title, Literal(evidence.span.text, lang=language)))
        graph.add((subject, EUJO.hasEvidence, _add_span(graph, memo, evidence)))
    else:
        for lang, text in title.items():
            graph.add((subject, DCTERMS.title, Literal(text, lang=lang)))
    try:
        source = memo.source_path.relative_to(repository.resolve())
    except ValueError:
        source = Path(memo.source_path.name)
    graph.add((subject, EUJO.sourceFile, Literal(source.as_posix())))
    digest = hashlib.sha256(memo.text.original.encode("utf-8")).hexdigest()  # the bytes read, once
    graph.add((subject, EUJO.sha256, Literal(digest)))


def span_iri(memo_id: str, span: Span) -> URIRef:
    """The IRI of a text span: ``euj:span/<memo>/<start>-<end>``."""
    return EUJ[f"span/{memo_id}/{span.start}-{span.end}"]


def _add_span(graph: Graph, memo: Memo | None, evidence: Evidence) -> URIRef:
    assert memo is not None and evidence.span is not None, "evidence is anchored by the loader"
    span = evidence.span
    subject = span_iri(memo.id, span)
    quote, position = URIRef(f"{subject}/quote"), URIRef(f"{subject}/position")
    graph.add((subject, RDF.type, EUJO.TextSpan))
    graph.add((subject, RDF.type, OA.SpecificResource))
    graph.add((subject, OA.hasSource, EUJ[f"document/{memo.id}"]))
    graph.add((subject, OA.hasSelector, quote))
    graph.add((subject, OA.hasSelector, position))
    graph.add((subject, EUJO.sentence, Literal(memo.text.sentence_of(span))))
    graph.add((quote, RDF.type, OA.TextQuoteSelector))
    graph.add((quote, OA.exact, Literal(span.text)))
    graph.add((quote, OA.prefix, Literal(span.prefix)))
    graph.add((quote, OA.suffix, Literal(span.suffix)))
    graph.add((position, RDF.type, OA.TextPositionSelector))
    graph.add((position, OA.start, Literal(span.start, datatype=XSD.nonNegativeInteger)))
    graph.add((position, OA.end, Literal(span.end, datatype=XSD.nonNegativeInteger)))
    return subject

