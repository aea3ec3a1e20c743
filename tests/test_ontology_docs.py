"""The ontology's documentation page: every term with its labels and examples, the same bytes each time."""

from __future__ import annotations

import re

import pytest
from rdflib import Dataset, Graph, Literal
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from eujgraph.namespaces import EUJO
from eujgraph.viz.ontology_docs import NESTED_NOTE, documentation_graph, render_ontology_docs

from .conftest import ROOT

ONTOLOGY = Graph().parse(ROOT / "ontology/eujgraph.ttl")
TERMS = sorted({s for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
                for s in ONTOLOGY.subjects(RDF.type, kind) if str(s).startswith(str(EUJO))})


@pytest.fixture(scope="module")
def triples(built_dir):
    dataset = Dataset()
    dataset.parse(built_dir / "eujgraph.trig", format="trig")
    return [(s, p, o) for s, p, o, _ in dataset.quads((None, None, None, None))]


@pytest.fixture(scope="module")
def page(built_dir) -> str:
    return (built_dir / "ontology.html").read_text(encoding="utf-8")


def test_every_term_has_a_section_its_iri_lands_on(page):
    assert len(TERMS) > 80
    for term in TERMS:
        name = str(term).split("#")[1]
        assert f'id="{name}"' in page, name
        assert f"<code>{term}</code>" in page, name


def test_every_label_in_every_language_is_on_the_page(page):
    for term in TERMS:
        for label in ONTOLOGY.objects(term, RDFS.label):
            assert f"“{label}”" in page, (term, label)
    assert "Labels: English “summit”; Finnish “huippukokous”" in page
    assert "Labels: English “cited source”; Finnish “lähde”; Japanese “出典”" in page


def test_examples_come_from_the_built_graph(triples):
    doc = documentation_graph(ONTOLOGY, triples)
    summit_examples = sorted(map(str, doc.objects(EUJO.Summit, SKOS.example)))
    assert summit_examples == ["euj:summit/eu-japan-1991 (1st EU–Japan summit)",
                               "euj:summit/eu-japan-1992 (EU–Japan summit meeting, London, 4 July 1992)",
                               "euj:summit/eu-japan-1995 (4th EU–Japan summit)"]
    assert all(" → " in str(e) for e in doc.objects(EUJO.participant, SKOS.example))
    assert len(list(doc.objects(EUJO.participant, SKOS.example))) == 3


def test_an_axiom_pylode_cannot_draw_is_named_not_dropped_silently(triples, page):
    doc = documentation_graph(ONTOLOGY, triples)
    assert (EUJO.SecurityAndDefenceArea, OWL.equivalentClass, None) not in doc
    assert (EUJO.SecurityAndDefenceArea, SKOS.note, Literal(NESTED_NOTE, lang="en")) in doc
    assert (EUJO.SecurityAndDefenceArea, OWL.equivalentClass, None) in ONTOLOGY  # the ontology keeps it
    assert NESTED_NOTE.split(";")[0] in page


def test_the_same_inputs_give_the_same_page_and_it_fetches_nothing(triples, page):
    again = render_ontology_docs(ONTOLOGY, triples).decode("utf-8")
    assert again == page
    assert not re.search(r"<(?:script|link|img)\b[^>]*\b(?:src|href)=\"(?:https?:)?//", page)
