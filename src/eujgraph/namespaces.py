"""Every IRI eujgraph mints or reuses, in one place; plain text, with rdflib terms made on first use."""

from __future__ import annotations

BASE = "https://w3id.org/eujgraph/"
ONTOLOGY_IRI = BASE + "ontology"

# Prefix → namespace IRI, as plain text: usable (by the CLI, by SPARQL text) without importing rdflib.
PREFIXES: dict[str, str] = {
    "eujo": BASE + "ontology#",
    "euj": BASE + "id/",
    "oa": "http://www.w3.org/ns/oa#",
    "org": "http://www.w3.org/ns/org#",
    "sem": "http://semanticweb.cs.vu.nl/2009/11/sem/",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "schema": "https://schema.org/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "wd": "http://www.wikidata.org/entity/",
    "eurovoc": "http://eurovoc.europa.eu/",
    "vann": "http://purl.org/vocab/vann/",
}
GRAPH_BASE = BASE + "graph/"
ONTOLOGY_GRAPH_IRI, REFERENCE_GRAPH_IRI, HISTORY_GRAPH_IRI, INFERRED_GRAPH_IRI = (
    GRAPH_BASE + name for name in ("ontology", "reference", "history", "inferred"))

# The same as rdflib terms, made on first use: ``from .namespaces import EUJO`` (EUJO.Commitment).
_NAMESPACES = {"EUJO": PREFIXES["eujo"], "EUJ": PREFIXES["euj"], "GRAPH": GRAPH_BASE, "OA": PREFIXES["oa"],
               "ORG": PREFIXES["org"], "SEM": PREFIXES["sem"], "SCHEMA": PREFIXES["schema"],
               "DC": PREFIXES["dc"],
               "VANN": PREFIXES["vann"], "WD": PREFIXES["wd"], "EUROVOC": PREFIXES["eurovoc"]}
_GRAPHS = {"ONTOLOGY_GRAPH": ONTOLOGY_GRAPH_IRI, "REFERENCE_GRAPH": REFERENCE_GRAPH_IRI,
           "HISTORY_GRAPH": HISTORY_GRAPH_IRI,
           "INFERRED_GRAPH": INFERRED_GRAPH_IRI}


def __getattr__(name: str):
    if name not in _NAMESPACES and name not in _GRAPHS:  # the import system asks for __path__ and others
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from rdflib import Namespace, URIRef

    value = Namespace(_NAMESPACES[name]) if name in _NAMESPACES else URIRef(_GRAPHS[name])
    globals()[name] = value
    return value


def memo_graph(memo_id: str):
    """The named graph holding one memo's claims."""
    from rdflib import URIRef

    return URIRef(f"{GRAPH_BASE}memo/{memo_id}")


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
