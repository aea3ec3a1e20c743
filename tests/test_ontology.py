"""The ontology: documented terms, a proper header, consistency, and classes only HermiT fills."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS

from eujgraph.namespaces import EUJO, INFERRED_GRAPH, ONTOLOGY_IRI, VANN
from eujgraph.pipeline.reasoning import reason

DEFINED = (EUJO.NewInitiative, EUJO.SecurityAndDefenceCommitment, EUJO.SecurityAndDefenceArea,
           EUJO.Reaffirmation)


def ontology(project) -> Graph:
    return Graph().parse(project.ontology)


def own_terms(graph: Graph) -> set[URIRef]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty, OWL.NamedIndividual)
    return {s for kind in kinds for s in graph.subjects(RDF.type, kind)
            if isinstance(s, URIRef) and str(s).startswith(str(EUJO))}


def test_every_term_has_en_and_fi_labels_a_definition_and_is_defined_by(project):
    graph = ontology(project)
    terms = own_terms(graph)
    assert len(terms) > 60
    missing = []
    for term in sorted(terms):
        languages = {label.language for label in graph.objects(term, RDFS.label)}
        if not {"en", "fi"} <= languages:
            missing.append(f"{term}: labels {languages}")
        if graph.value(term, SKOS.definition) is None:
            missing.append(f"{term}: no definition")
        if graph.value(term, RDFS.isDefinedBy) != URIRef(ONTOLOGY_IRI):
            missing.append(f"{term}: no rdfs:isDefinedBy")
    assert missing == []


def test_ontology_header(project):
    graph = ontology(project)
    header = URIRef(ONTOLOGY_IRI)
    assert (header, RDF.type, OWL.Ontology) in graph
    assert graph.value(header, OWL.versionIRI) == URIRef(ONTOLOGY_IRI + "/0.1.0")
    assert graph.value(header, OWL.versionInfo) == Literal("0.1.0")
    assert {t.language for t in graph.objects(header, DCTERMS.title)} == {"en", "fi"}
    for predicate in (DCTERMS.description, DCTERMS.license, DCTERMS.creator, DCTERMS.created):
        assert graph.value(header, predicate) is not None, predicate
    assert graph.value(header, VANN.preferredNamespacePrefix) == Literal("eujo")
    assert graph.value(header, VANN.preferredNamespaceUri) == Literal(str(EUJO))


def test_ontology_alone_is_consistent_for_hermit_in_owlready2(project):
    result = reason(ontology(project))
    # The ontology alone has individuals only for kinds and statuses; nothing is unsatisfiable.
    assert (URIRef(EUJO.NewInitiative), RDFS.subClassOf, EUJO.Commitment) in result.inferred


def test_defined_classes_have_members_only_through_the_reasoner(dataset):
    asserted = [g for g in dataset.graphs() if g.identifier != INFERRED_GRAPH]
    inferred = dataset.graph(INFERRED_GRAPH)
    for cls in DEFINED:
        assert not any((None, RDF.type, cls) in g for g in asserted), f"{cls} is asserted somewhere"
    memo = "/eu-japan-summit-2025-07-23-fi/"
    members = {cls: sorted(str(s).rsplit("/", 1)[1] for s in inferred.subjects(RDF.type, cls)
                           if memo in str(s) or "/area/" in str(s)) for cls in DEFINED}
    assert members[EUJO.NewInitiative] == ["competitiveness-alliance", "defence-industry-dialogue",
                                           "security-of-information-negotiations"]
    assert members[EUJO.SecurityAndDefenceCommitment] == [
        "cyber-security", "defence-industry-dialogue", "disarmament-and-non-proliferation", "fimi-dialogue",
        "just-and-lasting-peace", "maritime-security", "sanctions", "security-of-information-negotiations",
        "space-security", "support-to-ukraine", "women-peace-and-security"]
    assert members[EUJO.Reaffirmation] == ["russia-war-violates-international-law", "un-multilateralism",
                                           "wto-trading-system"]
    assert "security-and-defence" in members[EUJO.SecurityAndDefenceArea]
    assert "climate" not in members[EUJO.SecurityAndDefenceArea]
