"""SHACL and HermiT group by group of memos, each group's result cached by the hash of its triples.

A node is *common* when the shared graphs (ontology, reference data, history, linksets)
describe it, or two memos do, or a triple about a common node points to it; the memos'
triples about common nodes are checked with the shared graphs, as one more shared graph. Any
other node belongs to the memos that name it, and memos that name the same such node form one
*group*. Groups then meet only in common nodes, so the shapes and the reasoner give every group
alone, beside the shared graphs, the answer they give the whole graph:

- SHACL: the shapes follow single properties out of a focus node and look up the values' types;
  every triple about a group's nodes is in the group or the shared graphs.
- HermiT: each group is reasoned beside the shared graphs; what it infers about its own nodes is
  cached with it. It must infer nothing new about a common node (beyond what the shared graphs
  alone give, computed once): if one does, groups could meet there, so that build reasons on the
  whole graph and caches no group.

The cache folder (:attr:`eujgraph.project.Project.cache_dir`) holds, per key, one file per
checked group: ``<key>/<group digest>.shacl`` (the group conforms) and ``.inferred.nt`` (HermiT
found it consistent and inferred these triples). The key hashes eujgraph's, pySHACL's and
owlready2's versions, the code of these checks, the shapes, and every triple of the shared
graphs and common nodes; a group's digest hashes the key and the group's triples. A change to
any of them misses the cache; a build writes to the key it used and removes the folders of
other keys. Deleting the folder only costs time.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from .files import SortedTriples

CACHE_FORMAT = "1"
# Above this many memo triples to reason on, two HermiT processes share them (one per core): at
# 1,000 memos (1.2M triples) HermiT took 59-67 s in one process, 41-49 s in two (each Java heap
# its own, so more memory); below, Java's start-up dominates.
REASONER_SPLIT_TRIPLES = 50_000
RESULT_CODE = ("checks.py", "shapes.py", "reasoning.py")  # the code whose results are cached
JOINT = URIRef("urn:eujgraph:common-nodes")  # names the memos' triples about common nodes in the cache key
ENTRY_HEADER = b"# eujgraph cache entry sha256="


@dataclass
class Group:
    """Memo graphs that share nodes of their own, and the hash that keys their results."""

    graphs: list[tuple[URIRef, Graph]]
    digest: str = ""
    nodes: set[URIRef] = field(default_factory=set)


class CheckCache:
    """The results of earlier checks, one folder per key; ``folder=None`` keeps nothing."""

    def __init__(self, folder: Path | None, key: str) -> None:
        self.folder = folder / key if folder is not None else None
        self.key = key
        self.groups = 0
        self.hits: dict[str, int] = {"SHACL": 0, "HermiT": 0}
        """Groups whose result came from the cache, per check."""

    def get(self, digest: str, kind: str) -> bytes | None:
        """The stored bytes of one result, or None (also for an entry damaged since it was written)."""
        if self.folder is None:
            return None
        try:
            raw = (self.folder / f"{digest}.{kind}").read_bytes()
        except OSError:
            return None
        header, _, body = raw.partition(b"\n")
        if header != ENTRY_HEADER + hashlib.sha256(body).hexdigest().encode():
            return None
        return body

    def put(self, digest: str, kind: str, body: bytes) -> None:
        """Store one result atomically; a cache that cannot be written is skipped, not an error."""
        if self.folder is None:
            return
        try:
            if not self.folder.is_dir():  # a new key: the folders of other keys are stale
                self.folder.mkdir(parents=True)
                for stale in self.folder.parent.iterdir():
                    if stale.is_dir() and stale != self.folder:
                        shutil.rmtree(stale, ignore_errors=True)
            with tempfile.NamedTemporaryFile(dir=self.folder, prefix=".entry.", delete=False) as handle:
                handle.write(ENTRY_HEADER + hashlib.sha256(body).hexdigest().encode() + b"\n" + body)
            os.replace(handle.name, self.folder / f"{digest}.{kind}")
        except OSError:
            pass


def cache_key(shapes: bytes, shared: list[tuple[URIRef, Graph]], sorted_triples: SortedTriples) -> str:
    """What every cached result depends on besides its group: versions, shapes, the shared graphs."""
    digest = hashlib.sha256()
    for part in (CACHE_FORMAT, version("eujgraph"), version("pyshacl"), version("owlready2")):
        digest.update(part.encode() + b"\0")
    for module in RESULT_CODE:  # so that a development copy with changed checks does not reuse old results
        digest.update(hashlib.sha256((Path(__file__).parent / module).read_bytes()).digest())
    digest.update(hashlib.sha256(shapes).digest())
    for name, graph in shared:
        digest.update(str(name).encode() + b"\0" + hashlib.sha256(sorted_triples.ntriples(graph)).digest())
    return digest.hexdigest()[:32]


def group_memos(memos: list[tuple[URIRef, Graph]], shared: list[tuple[URIRef, Graph]]) -> tuple[list[Group], Graph]:
    """The memo graphs in groups (see the module's text), and the triples of nodes they share.

    A node the shared graphs describe, or that two memos describe, is *common*, and so is what a
    triple about a common node points to: the memos' triples about common nodes form one
    graph, checked with the shared graphs, and a common node joins no memos. Any other node joins
    every memo that names it.
    """
    mentions: list[set] = []
    described_by: dict = {}
    for i, (_, graph) in enumerate(memos):
        own, named = set(), set()
        for s, p, o in graph:
            if isinstance(s, URIRef):
                own.add(s)
            if isinstance(o, URIRef) and p != RDF.type:
                named.add(o)
        for s in own:
            described_by.setdefault(s, []).append(i)
        mentions.append(own | named)
    common = {s for s, memo_indices in described_by.items() if len(memo_indices) > 1}
    pointed_to = set()
    for _, graph in shared:
        for s, p, o in graph:
            common.add(s)
            if p != RDF.type:
                pointed_to.add(o)
    joint = Graph()
    todo = sorted(common & described_by.keys()) + sorted((pointed_to & described_by.keys()) - common)
    common |= pointed_to & described_by.keys()
    while todo:  # what a common node's triples point to is common too, so that it is checked with them
        s = todo.pop()
        for i in described_by[s]:
            for triple in memos[i][1].triples((s, None, None)):
                joint.add(triple)
                o = triple[2]
                if triple[1] != RDF.type and o in described_by and o not in common:
                    common.add(o)
                    todo.append(o)
    parent = list(range(len(memos)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict = {}
    for i, nodes in enumerate(mentions):
        for node in nodes - common:
            parent[root(i)] = root(first.setdefault(node, i))
    groups: dict[int, Group] = {}
    for i, (memo, nodes) in enumerate(zip(memos, mentions)):
        group = groups.setdefault(root(i), Group([]))
        group.graphs.append(memo)
        group.nodes |= nodes - common
    return list(groups.values()), joint


def check(shared: list[tuple[URIRef, Graph]], memos: list[tuple[URIRef, Graph]], shapes: bytes,
          cache_folder: Path | None, sorted_triples: SortedTriples, *,
          validate: Callable[[Graph, list[URIRef] | None], None],
          reason: Callable[[list[list[Graph]]], list[Graph]] | None,
          progress: Callable[[str], None] = lambda message: None) -> tuple[Graph, CheckCache]:
    """Validate every memo graph beside the shared graphs, and reason on them unless ``reason`` is None.

    ``shapes`` are the bytes of the shapes file, for the cache key.
    ``validate(data, focus)`` raises on a violation of the focus nodes (all, for None);
    ``reason`` returns what HermiT infers from the union of each of a list of lists of graphs
    (run side by side) and raises on an inconsistency. Returns the inferred triples and the
    cache, which counts the groups and the results it gave.
    """
    groups, joint = group_memos(memos, shared)
    shared = [*shared, (JOINT, joint)]
    cache = CheckCache(cache_folder, cache_key(shapes, shared, sorted_triples))
    for group in groups:
        digest = hashlib.sha256(cache.key.encode())
        for name, graph in group.graphs:
            digest.update(str(name).encode() + b"\0" + hashlib.sha256(sorted_triples.ntriples(graph)).digest())
        group.digest = digest.hexdigest()

    unvalidated = [group for group in groups if cache.get(group.digest, "shacl") is None]
    shared_checked = cache.get("shared", "shacl") is not None
    cache.groups, cache.hits["SHACL"] = len(groups), len(groups) - len(unvalidated)
    if unvalidated or not shared_checked:
        progress(f"SHACL on {len(unvalidated)} of {len(groups)} memo group(s) not checked before "
                 f"({cache.hits['SHACL']} from the cache)")
        # the shared graphs and common nodes checked before stay valid: only new groups' nodes are focused
        focus = None if not shared_checked else sorted({s for group in unvalidated for _, graph in group.graphs
                                                        for s in graph.subjects() if isinstance(s, URIRef)})
        validate(_union(shared, unvalidated), focus)
        for group in unvalidated:
            cache.put(group.digest, "shacl", b"")
        cache.put("shared", "shacl", b"")
    if reason is None:
        return Graph(), cache

    inferred: dict[str, Graph] = {}
    for group in groups:
        stored = _cached_graph(cache, group.digest)
        if stored is not None:
            inferred[group.digest] = stored
    unreasoned = [group for group in groups if group.digest not in inferred]
    cache.hits["HermiT"] = len(inferred)
    shared_inferred = _cached_graph(cache, "shared")
    batches = _batches(unreasoned)
    processes = len(batches) + (shared_inferred is None)
    progress(f"HermiT on {len(unreasoned)} of {len(groups)} memo group(s) not reasoned before "
             f"({len(groups) - len(unreasoned)} from the cache), {processes} Java process(es)")
    shared_graphs = [graph for _, graph in shared]
    jobs = [shared_graphs] if shared_inferred is None else []
    jobs += [shared_graphs + [graph for group in batch for _, graph in group.graphs] for batch in batches]
    results = reason(jobs) if jobs else []
    if shared_inferred is None:
        shared_inferred = results.pop(0)
        cache.put("shared", "inferred.nt", sorted_triples.ntriples(shared_inferred))
    if unreasoned:
        owner = {node: group for group in unreasoned for node in group.nodes}
        parts: dict[str, Graph] = {group.digest: Graph() for group in unreasoned}
        for triple in (triple for result in results for triple in result):
            group = owner.get(triple[0])
            if group is not None:
                parts[group.digest].add(triple)
            elif triple not in shared_inferred:
                progress(f"memos infer about the shared node {triple[0]}: reasoning on the whole graph, "
                         "no group cached")
                cache.hits["HermiT"] = 0
                return reason([shared_graphs + [graph for _, graph in memos]])[0], cache
        for group in unreasoned:
            inferred[group.digest] = parts[group.digest]
            cache.put(group.digest, "inferred.nt", sorted_triples.ntriples(parts[group.digest]))
    everything = Graph(store="SimpleMemory")
    for triple in shared_inferred:  # a memo may assert what the common triples alone let HermiT infer
        if triple not in joint:
            everything.add(triple)
    for part in inferred.values():
        for triple in part:
            everything.add(triple)
    return everything, cache


def _batches(groups: list[Group]) -> list[list[Group]]:
    """The groups in one batch per HermiT process: two halves of the triples when there are many."""
    sizes = [sum(len(graph) for _, graph in group.graphs) for group in groups]
    if sum(sizes) < REASONER_SPLIT_TRIPLES:
        return [groups] if groups else []
    halves: list[list[Group]] = [[], []]
    filled = [0, 0]
    for group, size in sorted(zip(groups, sizes), key=lambda pair: -pair[1]):
        emptier = filled.index(min(filled))
        halves[emptier].append(group)
        filled[emptier] += size
    return [half for half in halves if half]


def _union(shared: Iterable[tuple[URIRef, Graph]], groups: Iterable[Group]) -> Graph:
    union = Graph()
    for _, graph in shared:
        union += graph
    for group in groups:
        for _, graph in group.graphs:
            union += graph
    return union


def _cached_graph(cache: CheckCache, digest: str) -> Graph | None:
    """Inferred triples from the cache: named nodes only (what HermiT's types and subclasses are)."""
    stored = cache.get(digest, "inferred.nt")
    if stored is None:
        return None
    graph = Graph(store="SimpleMemory")
    for quad in ox.parse(stored, format=ox.RdfFormat.N_TRIPLES):
        terms = (quad.subject, quad.predicate, quad.object)
        if not all(isinstance(term, ox.NamedNode) for term in terms):
            return None
        graph.add(tuple(URIRef(term.value) for term in terms))
    return graph
