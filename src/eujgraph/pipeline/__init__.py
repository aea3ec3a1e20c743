"""The build pipeline: curated files → RDF → SHACL → HermiT → graph files.

Owns :func:`build` and :class:`BuildReport`, and the steps: :mod:`.rdf` (curated items to RDF),
:mod:`.checks` (SHACL and HermiT memo group by memo group, with the build cache), :mod:`.shapes`
(SHACL), :mod:`.reasoning` (HermiT), :mod:`.files` (serialising the graph files), :mod:`.void`
(the dataset description), :mod:`.release` (a versioned release). May import the core, curation and viz (for the page).
"""

from __future__ import annotations

import re
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import OWL, RDF, SH

from .._input import line_at, quoted, unsafe_character
from ..errors import EujgraphError, InputError, Problem
from ..namespaces import EUJO, GRAPH, HISTORY_GRAPH, INFERRED_GRAPH, PREFIXES, memo_graph
from ..project import Project

Progress = Callable[[str], None]


@dataclass
class BuildReport:
    """What a build or validation did: the named graphs, counts, timings, and whether reasoning ran."""

    graphs: list[tuple[URIRef, Graph]]
    """The built named graphs, (name, graph), in the order the graph files hold them."""
    timings: dict[str, float] = field(default_factory=dict)
    reasoning: str = "not run"
    written: list[Path] = field(default_factory=list)
    checks: str = ""
    """How many memo groups were checked and how many came from the cache."""
    drafts: list[Problem] = field(default_factory=list)
    """Marks of unreviewed drafts that ``allow_drafts`` let through, each with file and line."""

    def draft_warnings(self) -> list[str]:
        """One warning line per mark of an unreviewed draft (``WARNING: FILE:LINE: …``), then a summary."""
        if not self.drafts:
            return []
        summary = (f"WARNING: built with {len(self.drafts)} mark(s) of unreviewed drafts (--allow-drafts); "
                   "review them before publishing (docs/reviewing.md)")
        return [f"WARNING: {mark}" for mark in self.drafts] + [summary]

    @cached_property
    def dataset(self) -> Dataset:
        """The named graphs as one rdflib ``Dataset`` (made on first use)."""
        dataset = Dataset()
        for prefix, namespace in PREFIXES.items():
            dataset.bind(prefix, namespace, replace=True)
        for name, graph in self.graphs:
            target = dataset.graph(name)
            target += graph
        return dataset

    def class_counts(self) -> list[tuple[str, int]]:
        """Members per eujgraph class, asserted and inferred, largest first."""
        members: dict[URIRef, set] = {}
        for _, graph in self.graphs:
            for s, o in graph.subject_objects(RDF.type):
                if isinstance(o, URIRef) and str(o).startswith(str(EUJO)):
                    members.setdefault(o, set()).add(s)
        counts = Counter({o[len(str(EUJO)):]: len(s) for o, s in members.items()})
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))

    def graph_sizes(self) -> list[tuple[str, int]]:
        """(graph name, triples) of every non-empty named graph, by name."""
        return sorted((str(name), len(graph)) for name, graph in self.graphs if len(graph))


def load_turtle(path: Path, root: Path | None = None) -> Graph:
    """Parse a Turtle file of the project ``root`` (default: its folder); errors name file and line."""
    text = _read_rdf(path, root or path.parent, "Turtle")
    graph = Graph()
    _parse_rdf(graph, text, path, "Turtle")
    return graph


def load_ontology(path: Path, root: Path) -> Graph:
    """The ontology file, refused unless it declares an ``owl:Ontology``."""
    graph = load_turtle(path, root)
    if (None, RDF.type, OWL.Ontology) not in graph:
        raise InputError([Problem("the ontology file is empty" if not len(graph) else
                                  "the ontology file declares no owl:Ontology", path)])
    return graph


def load_shapes(path: Path, root: Path) -> Graph:
    """The SHACL shapes file, refused unless it declares a shape."""
    graph = load_turtle(path, root)
    if not any((None, RDF.type, kind) in graph for kind in (SH.NodeShape, SH.PropertyShape)):
        raise InputError([Problem("the shapes file is empty" if not len(graph) else
                                  "the shapes file declares no sh:NodeShape or sh:PropertyShape", path)])
    return graph


def linkset_graph(path: Path) -> URIRef:
    """The one named graph a linkset file ``NAME.trig`` may write: ``…/graph/linkset/NAME``."""
    return GRAPH[f"linkset/{path.stem}"]


def load_linksets(directory: Path, root: Path | None = None) -> list[tuple[URIRef, Graph]]:
    """The named graph of every ``*.trig`` linkset under ``directory`` (written by `eujgraph link`).

    A linkset ``NAME.trig`` may hold quads of its own graph ``…/graph/linkset/NAME`` only, and
    literals with no character refused in curated files.
    """
    root = root or directory.parent
    graphs: list[tuple[URIRef, Graph]] = []
    for path in sorted(directory.glob("*.trig")):
        text = _read_rdf(path, root, "linkset")
        dataset = Dataset()
        _parse_rdf(dataset, text, path, "TriG")
        own = linkset_graph(path)
        for named in dataset.graphs():
            if not len(named) or named.identifier == own:
                continue
            inside = "the default graph" if named.identifier == DATASET_DEFAULT_GRAPH_ID \
                else f"graph {quoted(str(named.identifier))}"
            raise InputError([Problem(f"a linkset may write only its own graph <{own}>, but this one writes "
                                      f"into {inside}", path, _line_of_graph(text, named))])
        graph = Graph()
        graph += dataset.graph(own)
        for triple in graph:
            for term in triple:
                wrong = unsafe_character(str(term))
                if wrong:
                    offsets = _offsets_of(text, str(triple[0]))
                    raise InputError([Problem(f"{wrong} (in {quoted(str(term))})", path,
                                              line_at(text, min(offsets)) if offsets else None)])
        if len(graph):
            graphs.append((own, graph))
    return graphs


def _read_rdf(path: Path, root: Path, what: str) -> str:
    from .._input import decode_utf8, read_input

    if not path.exists() and not path.is_symlink():
        raise InputError([Problem("file not found", path)])
    return decode_utf8(read_input(path, root, f"{what} file"), path, f"{what} file")


def _parse_rdf(graph: Graph, text: str, path: Path, syntax: str) -> None:
    from rdflib.plugins.parsers.notation3 import BadSyntax

    try:
        graph.parse(data=text, format=syntax.lower(), publicID=path.resolve().as_uri())
    except BadSyntax as error:
        raise InputError([Problem(f"{syntax} syntax error: {quoted(error.message, 200)}", path,
                                  error.lines + 1)]) from None
    except Exception as error:  # rdflib raises assorted errors for malformed input
        raise InputError([Problem(f"cannot parse {syntax}: {quoted(str(error), 200)}", path)]) from None


def _line_of_graph(text: str, graph: Graph) -> int | None:
    """Where a graph's quads are: the line of its name, or for the default graph of its first subject there."""
    if graph.identifier != DATASET_DEFAULT_GRAPH_ID:
        offsets = _offsets_of(text, str(graph.identifier))
    else:
        default = _in_default_graph(text)
        offsets = [offset for s in graph.subjects() for offset in _offsets_of(text, str(s)) if default[offset]]
    return line_at(text, min(offsets)) if offsets else None


def _offsets_of(text: str, iri: str) -> list[int]:
    spellings = [f"<{iri}>"] + [f"{prefix}:{iri[len(ns):]}" for prefix, ns in PREFIXES.items() if iri.startswith(ns)]
    return [match.start() for spelling in spellings for match in re.finditer(re.escape(spelling), text)]


_TRIG_TOKEN = re.compile(r'"""(?:.|\n)*?"""|\'\'\'(?:.|\n)*?\'\'\'|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\''
                         r"|<[^>\s]*>|#[^\n]*|[{}]")
_GRAPH_LABEL = re.compile(r"(?:>|\]|[A-Za-z_][\w.-]*:[\w.-]*)\s*$")


def _in_default_graph(text: str) -> list[bool]:
    """For each character of a TriG text, whether it lies outside every named ``GRAPH { … }`` block."""
    flags, named, position = [], [False], 0
    for token in _TRIG_TOKEN.finditer(text):
        flags += [not any(named)] * (token.end() - position)
        position = token.end()
        if token.group() == "{":
            named.append(bool(_GRAPH_LABEL.search(text[max(0, token.start() - 200):token.start()])))
        elif token.group() == "}" and len(named) > 1:
            named.pop()
    return flags + [not any(named)] * (len(text) - position + 1)


def ontology_graph(graphs: list[tuple[URIRef, Graph]]) -> Graph:
    """The ontology's named graph among the built ``graphs``."""
    from ..namespaces import ONTOLOGY_GRAPH

    return next(graph for name, graph in graphs if name == ONTOLOGY_GRAPH)


def build(project: Project, out_dir: Path | None, *, reasoning: bool = True, sparql_endpoint: str | None = None,
          allow_drafts: bool = False, cache: bool = True, progress: Progress = lambda message: None) -> BuildReport:
    """Run the whole pipeline; write the graph files into ``out_dir`` unless it is None.

    ``sparql_endpoint``, the public endpoint of the published dataset, goes into ``void.ttl``.
    A memo file that is still an unreviewed draft is refused unless ``allow_drafts``; then its
    marks are in :attr:`BuildReport.drafts`. SHACL and HermiT results are kept in the project's
    cache folder (:mod:`.checks`) unless ``cache`` is False; they never change what is written.

    Raises :class:`~eujgraph.errors.InputError` for unreadable input and
    :class:`~eujgraph.errors.NonConformance` when shapes or ontology are violated;
    in both cases nothing is written.
    """
    from ..atomic import write_atomically
    from ..curation.history import load_history
    from ..curation.load import load_corpus
    from .checks import check
    from .files import SortedTriples, canonical_graphs, serialize_all, triples_of
    from .history import history_graph
    from .rdf import Minter, build_graphs
    from .reasoning import find_java, reason_each
    from .shapes import validate_shapes

    timings: dict[str, float] = {}

    def step(name: str, message: str):
        progress(message)
        timings[name] = time.perf_counter()

    def done(name: str) -> None:
        timings[name] = time.perf_counter() - timings[name]

    java = find_java() if reasoning else None
    step("load", "loading ontology, shapes and curated files")
    ontology = load_ontology(project.ontology, project.root)
    shapes = load_shapes(project.shapes, project.root)
    corpus = load_corpus(project.graph_dir, project.root, allow_drafts=allow_drafts)
    history = load_history(project.history_dir, corpus, project.root)
    linksets = load_linksets(project.linksets_dir, project.root)
    done("load")

    step("rdf", f"building RDF from {len(corpus.reference)} reference items, {len(corpus.memos)} memo(s) and "
                f"{len(history.reports)} summit report(s) of {len(history.sources)} cited source(s)")
    graphs = build_graphs(corpus, ontology, project.root, progress)
    history_rdf, history_locations = history_graph(history, corpus)
    if len(history_rdf):
        graphs.insert(2, (HISTORY_GRAPH, history_rdf))
    graphs = canonical_graphs(graphs + linksets)  # stable blank node labels, so the cache keys are stable
    done("rdf")

    step("shacl", "validating against the SHACL shapes")
    mint = Minter(corpus)
    locations = {mint.item(i.section, i.id, i.memo): (i.path, i.line) for i in corpus.items()
                 if i.section not in ("documents_issued", "no_claim")}
    locations.update({iri: at for iri, at in history_locations.items() if iri not in locations})
    memo_names = {memo_graph(memo.id) for memo in corpus.memos}
    shared = [(name, graph) for name, graph in graphs if name not in memo_names]
    memos = [(name, graph) for name, graph in graphs if name in memo_names]

    sorted_triples = SortedTriples()  # each graph sorted once, for the cache's hashes, HermiT and writing

    def reason_on(inputs: list[list[Graph]]) -> list[Graph]:
        return [result.inferred for result in reason_each(inputs, java, sorted_triples)]

    def reasoning_started(message: str) -> None:
        if message.startswith("HermiT"):
            done("shacl")
            step("reason", message)
        else:
            progress(message)

    inferred, checked = check(shared, memos, project.shapes.read_bytes(),
                              project.cache_dir if cache else None, sorted_triples,
                              validate=lambda data, focus: validate_shapes(data, shapes, locations, focus),
                              reason=reason_on if reasoning else None, progress=reasoning_started)
    done("reason" if reasoning else "shacl")
    if reasoning:
        status = f"HermiT: consistent, {len(inferred)} inferred triples"
    else:
        status = "SKIPPED (--no-reasoning): no inferred types; defined classes are empty"

    linkset_names = {name for name, _ in linksets}
    graphs = ([(name, graph) for name, graph in shared if name not in linkset_names] + memos
              + ([(INFERRED_GRAPH, inferred)] if len(inferred) else [])
              + [(name, graph) for name, graph in shared if name in linkset_names])
    where = f"{project.cache_dir.name}/ of the project" if cache else "cache not used (--no-cache)"
    reused = ", ".join(f"{check_name} {hits}" for check_name, hits in checked.hits.items()
                       if check_name == "SHACL" or reasoning)
    checks = f"{checked.groups} memo group(s); from the cache: {reused} ({where})"
    report = BuildReport(graphs, timings, status, checks=checks, drafts=corpus.drafts)
    if out_dir is not None:
        from ..viz.history import timeline_model
        from ..viz.page import PAGE_FILE, render_page
        from ..viz.projection import TripleIndex
        from ..viz.projection import project as projection
        from ..viz.timeline import TIMELINE_FILE, render_timeline
        from ..viz.ontology_docs import DOCS_FILE, render_ontology_docs
        from .void import describe_dataset

        step("page", "drawing the interactive page (networkx projection, vis-network) and the timeline")
        index = TripleIndex(triples_of(graphs))
        page = render_page(projection(index), timeline_href=TIMELINE_FILE, ontology_href=DOCS_FILE)
        timeline = render_timeline(timeline_model(index), network_href=PAGE_FILE)
        del index
        progress("documenting the ontology (pyLODE)")
        docs = render_ontology_docs(ontology_graph(graphs), triples_of(graphs),
                                    project.cache_dir if cache else None)
        done("page")
        step("write", f"writing TriG, Turtle, N-Triples, JSON-LD, {PAGE_FILE}, {TIMELINE_FILE} and {DOCS_FILE} "
                      f"to {out_dir}")
        files = {**serialize_all(graphs, sorted_triples), PAGE_FILE: page, TIMELINE_FILE: timeline, DOCS_FILE: docs,
                 "void.ttl": describe_dataset(graphs, sparql_endpoint).serialize(format="turtle", encoding="utf-8")}
        try:
            report.written = write_atomically(files, out_dir)
        except OSError as error:
            raise EujgraphError([Problem(f"cannot write the graph files: {error.strerror or error}; "
                                         "the previous files are unchanged", out_dir)]) from None
        done("write")
    return report
