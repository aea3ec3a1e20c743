"""The dataset's own description: VoID and DCAT, written by ``build`` as ``graph/void.ttl``."""

from __future__ import annotations

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, XSD

from ..namespaces import EUJ, EUJO, GRAPH, PREFIXES

VOID = Namespace("http://rdfs.org/ns/void#")
DATASET = EUJ["dataset/eujgraph"]
VOCABULARIES = ("https://w3id.org/eujgraph/ontology#", "http://www.w3.org/2004/02/skos/core#",
                "http://www.w3.org/ns/org#", "http://xmlns.com/foaf/0.1/", "http://www.w3.org/ns/prov#",
                "http://www.w3.org/ns/oa#", "http://semanticweb.cs.vu.nl/2009/11/sem/", "http://purl.org/dc/terms/",
                "http://www.w3.org/2002/07/owl#")
EXAMPLES = ("summit/eu-japan-2025", "person/antonio-costa", "area/maritime-security",
            "instrument/eu-japan-competitiveness-alliance")
FILES = {"eujgraph.trig": "application/trig", "eujgraph.ttl": "text/turtle",
         "eujgraph.nt": "application/n-triples", "eujgraph.jsonld": "application/ld+json"}


def distinct_triples(graphs: list[tuple[URIRef, Graph]]) -> int:
    """How many triples the named graphs hold together, each counted once however many graphs state it."""
    if len(graphs) == 1:
        return len(graphs[0][1])
    return len({triple for _, graph in graphs for triple in graph})


def describe_dataset(graphs: list[tuple[URIRef, Graph]], endpoint: str | None = None) -> Graph:
    """VoID + DCAT for the built named ``graphs``: sources, triples per graph, vocabularies, linksets."""
    graph = Graph()
    for prefix in ("euj", "dcterms", "xsd"):
        graph.bind(prefix, PREFIXES[prefix])
    graph.bind("void", VOID)
    graph.bind("dcat", DCAT)
    add = graph.add
    add((DATASET, RDF.type, VOID.Dataset))
    add((DATASET, RDF.type, DCAT.Dataset))
    add((DATASET, DCTERMS.title, Literal("eujgraph: a knowledge graph of EU–Japan relations", lang="en")))
    add((DATASET, DCTERMS.title, Literal("eujgraph: EU:n ja Japanin suhteiden tietograafi", lang="fi")))
    add((DATASET, DCTERMS.description, Literal(
        "Summits, participants, commitments, positions and assessments in EU–Japan relations, curated "
        "from summit memos and joint statements; every claim is anchored to the words of its source.",
        lang="en")))
    add((DATASET, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")))
    add((DATASET, VOID.uriSpace, Literal(str(EUJ))))
    for vocabulary in VOCABULARIES:
        add((DATASET, VOID.vocabulary, URIRef(vocabulary)))
    for example in EXAMPLES:
        add((DATASET, VOID.exampleResource, EUJ[example]))
    if endpoint:
        add((DATASET, VOID.sparqlEndpoint, URIRef(endpoint)))
    for identifier, named in sorted(graphs, key=lambda pair: str(pair[0])):
        size = len(named)
        if not size or not str(identifier).startswith(str(GRAPH)):
            continue
        name = str(identifier)[len(str(GRAPH)):]
        subset = EUJ[f"dataset/eujgraph/{name}"]
        add((DATASET, VOID.subset, subset))
        add((subset, RDF.type, VOID.Linkset if name.startswith("linkset/") else VOID.Dataset))
        add((subset, DCTERMS.identifier, Literal(str(identifier))))
        add((subset, VOID.triples, Literal(size, datatype=XSD.integer)))
        for source in sorted(set(named.subjects(RDF.type, EUJO.Memo)) | set(named.subjects(RDF.type, EUJO.JointStatement))):
            if name.startswith("memo/") and (source, DCTERMS.title, None) in named:
                add((subset, DCTERMS.source, source))
                add((DATASET, DCTERMS.source, source))
    add((DATASET, VOID.triples, Literal(distinct_triples(graphs), datatype=XSD.integer)))
    for file_name, media_type in FILES.items():
        distribution = EUJ[f"dataset/eujgraph/distribution/{file_name.rsplit('.', 1)[1]}"]
        add((DATASET, DCAT.distribution, distribution))
        add((distribution, RDF.type, DCAT.Distribution))
        add((distribution, DCTERMS.identifier, Literal(file_name)))
        add((distribution, DCAT.mediaType, Literal(media_type)))
    return graph
