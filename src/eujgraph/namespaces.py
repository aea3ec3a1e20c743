"""Every IRI eujgraph mints or reuses, in one place."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD

BASE = "https://w3id.org/eujgraph/"
EUJO = Namespace(BASE + "ontology#")
EUJ = Namespace(BASE + "id/")
GRAPH = Namespace(BASE + "graph/")
ONTOLOGY_IRI = BASE + "ontology"

OA = Namespace("http://www.w3.org/ns/oa#")
ORG = Namespace("http://www.w3.org/ns/org#")
SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
SCHEMA = Namespace("https://schema.org/")
VANN = Namespace("http://purl.org/vocab/vann/")
WD = Namespace("http://www.wikidata.org/entity/")
EUROVOC = Namespace("http://eurovoc.europa.eu/")

ONTOLOGY_GRAPH = GRAPH["ontology"]
REFERENCE_GRAPH = GRAPH["reference"]
INFERRED_GRAPH = GRAPH["inferred"]

PREFIXES: dict[str, str] = {
    "eujo": str(EUJO),
    "euj": str(EUJ),
    "oa": str(OA),
    "org": str(ORG),
    "sem": str(SEM),
    "skos": str(SKOS),
    "prov": str(PROV),
    "dcterms": str(DCTERMS),
    "foaf": str(FOAF),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "wd": str(WD),
    "eurovoc": str(EUROVOC),
    "vann": str(VANN),
}


def memo_graph(memo_id: str):
    """The named graph holding one memo's claims."""
    return GRAPH[f"memo/{memo_id}"]


def short(term) -> str:
    """A term in Turtle notation with eujgraph's prefixes (``eujo:Commitment``)."""
    from rdflib import Graph

    global _SHORTENER
    if _SHORTENER is None:
        _SHORTENER = Graph(bind_namespaces="none").namespace_manager
        for prefix, namespace in PREFIXES.items():
            _SHORTENER.bind(prefix, namespace, override=True, replace=True)
    return term.n3(_SHORTENER)


_SHORTENER = None
