"""The ontology's documentation page, ``graph/ontology.html``, drawn by pyLODE (RDFLib's generator).

pyLODE documents an ontology from its own triples; what the page should also show is added to
a copy of the ontology first, as annotations pyLODE draws (``skos:note``, ``skos:example``):

- every term's labels in each language, as a note (pyLODE would show one, and name the term's
  section after it: without them it names the section by the IRI, ``…/ontology#Summit``);
- up to three examples from the built graph: instances of each class, a statement with each
  property, each with its English label;
- where pyLODE 3.3 cannot draw an axiom (a class expression nested in a union or intersection
  crashes it: RDFLib/pyLODE#231), the axiom is left out of the copy and a note says so and where
  to read it.

pyLODE orders some elements by Python's set order, which changes from run to run: it runs in a
child process with a fixed hash seed and an insertion-ordered set for the one it builds of HTML
elements, so the same inputs give the same bytes (the tests render twice and compare).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from importlib.metadata import version
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from ..atomic import write_atomically
from ..errors import EujgraphError
from ..namespaces import EUJ, EUJO

DOCS_FILE = "ontology.html"
EXAMPLES = 3
TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
LANGUAGE_NAMES = {"en": "English", "fi": "Finnish", "ja": "Japanese"}
SETS = (OWL.unionOf, OWL.intersectionOf)
# pyLODE 3.3 collects the members of a union or intersection in a set of HTML elements, which
# iterates by memory address; its module is given an insertion-ordered set (the RDF list's order).
PYLODE = """
import sys
import pylode.utils

class InsertionOrderedSet(dict):
    def add(self, item):
        self[item] = None

pylode.utils.set = InsertionOrderedSet
from pylode import OntPub
sys.stdout.write(OntPub(ontology=sys.argv[1]).make_html())
"""
NESTED_NOTE = ("This term's OWL definition nests a class expression inside another, which the documentation "
               "generator (pyLODE 3.3) cannot draw; read it in the ontology's Turtle (ontology/eujgraph.ttl).")


def documentation_graph(ontology: Graph, data: Iterable[tuple]) -> Graph:
    """A copy of ``ontology`` with the labels, examples and notes the page shows (see the module)."""
    doc = Graph()
    doc += ontology
    terms = sorted({s for kind in TERM_TYPES for s in ontology.subjects(RDF.type, kind)
                    if isinstance(s, URIRef) and str(s).startswith(str(EUJO))})
    wanted = set(terms)
    instances: dict[URIRef, list] = {}
    statements: dict[URIRef, list] = {}
    labels: dict = {}
    for s, p, o in data:
        if p == RDF.type and o in wanted:
            instances.setdefault(o, []).append(s)
        elif p in wanted:
            statements.setdefault(p, []).append((s, o))
        if p == RDFS.label and isinstance(o, Literal) and o.language == "en":
            labels.setdefault(s, str(o))
    for term in terms:
        names = sorted((label.language, str(label)) for label in ontology.objects(term, RDFS.label)
                       if isinstance(label, Literal) and label.language)
        doc.remove((term, RDFS.label, None))  # pyLODE then names each section by the IRI: …/ontology#Summit
        if names:
            doc.add((term, SKOS.note, Literal("Labels: " + "; ".join(
                f"{LANGUAGE_NAMES.get(lang, lang)} “{text}”" for lang, text in names), lang="en")))
        for subject in sorted(set(instances.get(term, [])), key=str)[:EXAMPLES]:
            doc.add((term, SKOS.example, Literal(_shown(subject, labels))))
        for subject, obj in sorted(set(statements.get(term, [])), key=lambda pair: (str(pair[0]), str(pair[1])))[:EXAMPLES]:
            doc.add((term, SKOS.example, Literal(f"{_shown(subject, labels)} → {_shown(obj, labels)}")))
        for predicate in (OWL.equivalentClass, RDFS.subClassOf):
            for expression in list(doc.objects(term, predicate)):
                if _nests(doc, expression):
                    doc.remove((term, predicate, expression))
                    doc.add((term, SKOS.note, Literal(NESTED_NOTE, lang="en")))
    return doc


def render_ontology_docs(ontology: Graph, data: Iterable[tuple], cache_folder: Path | None = None) -> bytes:
    """The HTML documentation of the ontology, by pyLODE in a child process with a fixed hash seed.

    With ``cache_folder``, the page of the last documentation graph is kept there (``ontology-docs/``)
    and reused while that graph and pyLODE's version stay the same.
    """
    from rdflib.compare import to_canonical_graph

    doc = documentation_graph(ontology, data)
    source = doc.serialize(format="turtle", encoding="utf-8")
    canonical = sorted(to_canonical_graph(doc).serialize(format="nt", encoding="utf-8").splitlines())
    digest = hashlib.sha256(version("pylode").encode() + b"\0" + PYLODE.encode() + b"\0"
                            + b"\n".join(canonical)).hexdigest()
    kept = cache_folder / "ontology-docs" / f"{digest}.html" if cache_folder is not None else None
    if kept is not None and kept.is_file():
        return kept.read_bytes()
    with tempfile.TemporaryDirectory(prefix="eujgraph-ontology-docs-") as folder:
        (Path(folder) / "ontology.ttl").write_bytes(source)
        done = subprocess.run([sys.executable, "-c", PYLODE, str(Path(folder) / "ontology.ttl")], capture_output=True,
                              env={**os.environ, "PYTHONHASHSEED": "0"}, cwd=folder)
    if done.returncode != 0:
        reason = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no message"]
        raise EujgraphError(f"the ontology documentation could not be drawn (pyLODE): {reason[0][:300]}")
    if kept is not None:
        try:
            shutil.rmtree(kept.parent, ignore_errors=True)  # one page kept: the last one
            write_atomically({kept.name: done.stdout}, kept.parent)
        except OSError:
            pass  # a cache that cannot be written only costs time
    return done.stdout


def _shown(term, labels: dict) -> str:
    if isinstance(term, Literal):
        return f"“{term}”"
    name = f"euj:{str(term)[len(str(EUJ)):]}" if str(term).startswith(str(EUJ)) else str(term)
    return f"{name} ({labels[term]})" if term in labels else name


def _nests(graph: Graph, expression) -> bool:
    """Whether a class expression holds a union or intersection with a set-valued member."""
    if not isinstance(expression, BNode):
        return False
    for member_list in (o for p in SETS for o in graph.objects(expression, p)):
        for member in graph.items(member_list):
            if isinstance(member, BNode) and any((member, p, None) in graph for p in SETS):
                return True
    return False
