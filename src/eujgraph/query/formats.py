"""Formats by the short names eujgraph's options and parameters use, looked up in pyoxigraph's own tables.

    >>> rdf_format("turtle")
    <RdfFormat Turtle>
    >>> results_format("csv")
    <QueryResultsFormat SPARQL Results in CSV>
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pyoxigraph as ox

SELECT_FORMATS = ("table", "csv", "tsv", "json", "xml", "md")  # what `query -f` writes for SELECT
GRAPH_FORMATS = ("turtle", "ntriples", "jsonld")                # ... for CONSTRUCT and DESCRIBE
RDF_EXTENSIONS = {"turtle": "ttl", "ntriples": "nt", "jsonld": "jsonld", "rdfxml": "rdf"}
RESULTS_EXTENSIONS = {"json": "srj", "xml": "srx", "csv": "csv", "tsv": "tsv"}


def rdf_format(name: str) -> ox.RdfFormat:
    """The RDF format of a short name (``turtle``, ``ntriples``, ``jsonld``, ``rdfxml``)."""
    import pyoxigraph as ox

    return ox.RdfFormat.from_extension(RDF_EXTENSIONS[name])


def results_format(name: str) -> ox.QueryResultsFormat:
    """The SPARQL results format of a short name (``json``, ``xml``, ``csv``, ``tsv``)."""
    import pyoxigraph as ox

    return ox.QueryResultsFormat.from_extension(RESULTS_EXTENSIONS[name])


def term_json(term) -> dict:
    """A term in the SPARQL 1.1 JSON results form."""
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": {"subject": term_json(term.subject), "predicate": term_json(term.predicate),
                                        "object": term_json(term.object)}}
