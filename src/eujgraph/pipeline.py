"""The build pipeline: curated files → RDF → SHACL → HermiT → graph files."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.namespace import RDF

from .errors import InputError, Problem
from .namespaces import EUJO, INFERRED_GRAPH

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Project:
    """An eujgraph project directory: ``ontology/`` and ``graph/`` side by side."""

    root: Path

    @property
    def ontology(self) -> Path:
        return self.root / "ontology" / "eujgraph.ttl"

    @property
    def shapes(self) -> Path:
        return self.root / "ontology" / "shapes.ttl"

    @property
    def graph_dir(self) -> Path:
        return self.root / "graph"

    @classmethod
    def find(cls, start: Path | None = None) -> "Project":
        """The project containing ``start`` (default: the working directory), searching upwards."""
        start = (start or Path.cwd()).resolve()
        for directory in (start, *start.parents):
            if (directory / "ontology" / "eujgraph.ttl").is_file() and (directory / "graph").is_dir():
                return cls(directory)
        raise InputError(f"no eujgraph project at or above {start} (looked for ontology/eujgraph.ttl "
                         "beside graph/); run inside the repository or pass --project DIR")


@dataclass
class BuildReport:
    """What a build or validation did: counts, timings, and whether reasoning ran."""

    dataset: Dataset
    timings: dict[str, float] = field(default_factory=dict)
    reasoning: str = "not run"
    written: list[Path] = field(default_factory=list)

    def class_counts(self) -> list[tuple[str, int]]:
        """Members per eujgraph class, asserted and inferred, largest first."""
        members: dict[URIRef, set] = {}
        for s, _, o, _ in self.dataset.quads((None, RDF.type, None, None)):
            if isinstance(o, URIRef) and str(o).startswith(str(EUJO)):
                members.setdefault(o, set()).add(s)
        counts = Counter({o[len(str(EUJO)):]: len(s) for o, s in members.items()})
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))

    def graph_sizes(self) -> list[tuple[str, int]]:
        return sorted((str(g.identifier), len(g)) for g in self.dataset.graphs() if len(g))


def load_turtle(path: Path) -> Graph:
    """Parse a Turtle file; a syntax error names the file and line."""
    from rdflib.plugins.parsers.notation3 import BadSyntax

    graph = Graph()
    try:
        graph.parse(path, format="turtle")
    except FileNotFoundError:
        raise InputError([Problem("file not found", path)]) from None
    except BadSyntax as error:
        raise InputError([Problem(f"Turtle syntax error: {error.message}", path, error.lines + 1)]) from None
    except Exception as error:  # rdflib raises assorted errors for malformed input
        raise InputError([Problem(f"cannot parse Turtle: {error}", path)]) from None
    return graph


def load_linksets(directory: Path) -> list[tuple[URIRef, Graph]]:
    """The named graphs of every ``*.trig`` linkset under ``directory`` (written by `eujgraph link`)."""
    from rdflib import Dataset
    from rdflib.plugins.parsers.notation3 import BadSyntax

    graphs: list[tuple[URIRef, Graph]] = []
    for path in sorted(directory.glob("*.trig")):
        dataset = Dataset()
        try:
            dataset.parse(path, format="trig")
        except BadSyntax as error:
            raise InputError([Problem(f"TriG syntax error: {error.message}", path, error.lines + 1)]) from None
        for named in sorted(dataset.graphs(), key=lambda g: str(g.identifier)):
            if len(named) and named.identifier != dataset.default_graph.identifier:
                graph = Graph()
                graph += named
                graphs.append((named.identifier, graph))
    return graphs


def build(project: Project, out_dir: Path | None, *, reasoning: bool = True,
          progress: Progress = lambda message: None) -> BuildReport:
    """Run the whole pipeline; write the graph files into ``out_dir`` unless it is None.

    Raises :class:`~eujgraph.errors.InputError` for unreadable input and
    :class:`~eujgraph.errors.NonConformance` when shapes or ontology are violated;
    in both cases nothing is written.
    """
    from .build import Minter, build_graphs
    from .curated import load_corpus
    from .output import canonical_dataset, serialize_all, write_atomically
    from .reasoning import find_java, reason
    from .validate import validate_shapes

    timings: dict[str, float] = {}

    def step(name: str, message: str):
        progress(message)
        timings[name] = time.perf_counter()

    def done(name: str) -> None:
        timings[name] = time.perf_counter() - timings[name]

    java = find_java() if reasoning else None
    step("load", "loading ontology, shapes and curated files")
    ontology = load_turtle(project.ontology)
    shapes = load_turtle(project.shapes)
    corpus = load_corpus(project.graph_dir)
    done("load")

    step("rdf", f"building RDF from {len(corpus.reference)} reference items and {len(corpus.memos)} memo(s)")
    graphs = build_graphs(corpus, ontology, project.root)
    union = Graph()
    for _, graph in graphs:
        union += graph
    done("rdf")

    step("shacl", f"validating {len(union)} triples against the SHACL shapes")
    mint = Minter(corpus)
    locations = {mint.item(i.section, i.id, i.memo): (i.path, i.line) for i in corpus.items()
                 if i.section not in ("documents_issued", "no_claim")}
    validate_shapes(union, shapes, locations)
    done("shacl")

    inferred = Graph()
    if reasoning:
        step("reason", "checking consistency and inferring with HermiT")
        inferred = reason(union, java).inferred
        done("reason")
        status = f"HermiT: consistent, {len(inferred)} inferred triples"
    else:
        status = "SKIPPED (--no-reasoning): no inferred types; defined classes are empty"

    graphs.append((INFERRED_GRAPH, inferred))
    graphs += load_linksets(project.graph_dir / "linksets")
    dataset = canonical_dataset(graphs)
    report = BuildReport(dataset, timings, status)
    if out_dir is not None:
        from .describe import describe_dataset
        from .page import PAGE_FILE, render_page
        from .viz import project as projection

        step("page", "drawing the interactive page (networkx projection, vis-network)")
        page = render_page(projection(dataset))
        done("page")
        step("write", f"writing TriG, Turtle, N-Triples, JSON-LD and {PAGE_FILE} to {out_dir}")
        files = {**serialize_all(dataset, [name for name, _ in graphs]), PAGE_FILE: page,
                 "void.ttl": describe_dataset(dataset).serialize(format="turtle", encoding="utf-8")}
        report.written = write_atomically(files, out_dir)
        done("write")
    return report
