"""Terms every layer shares, as plain text (no rdflib): languages, label predicates, kinds, prefixed names.

    >>> curie("https://w3id.org/eujgraph/ontology#party")
    'eujo:party'
"""

from __future__ import annotations

from .namespaces import PREFIXES

LANGUAGES = ("en", "fi")  # every label is written in both; pages and tables switch between them
LABEL_PREDICATES = (  # what names a thing, in the order a label is looked for
    PREFIXES["skos"] + "prefLabel", PREFIXES["rdfs"] + "label", PREFIXES["foaf"] + "name", PREFIXES["dcterms"] + "title")
LINK_KINDS = ("person", "organisation", "place", "event", "office", "instrument", "document", "concept")


def curie(iri: str) -> str:
    """``eujo:party`` for an IRI in a known namespace, else the IRI itself."""
    text = str(iri)
    for prefix, namespace in sorted(PREFIXES.items(), key=lambda item: -len(item[1])):
        if text.startswith(namespace) and len(text) > len(namespace):
            return f"{prefix}:{text[len(namespace):]}"
    return text
