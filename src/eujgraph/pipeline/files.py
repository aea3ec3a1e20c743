"""Writing the graph files: deterministic bytes, written atomically.

Determinism: blank nodes get canonical labels (``rdflib.compare``), quads are
inserted in sorted order, and N-Triples lines are sorted, so the same inputs give
byte-identical files whatever the hash seed. Atomicity: every file is first written
to a temporary file beside its target and renamed only when all have been written; on a
failure every temporary file is removed.
"""

from __future__ import annotations

import io
import json
import os
import signal
import tempfile
import threading
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.compare import to_canonical_graph

from ..namespaces import PREFIXES

GRAPH_FILES = ("eujgraph.trig", "eujgraph.ttl", "eujgraph.nt", "eujgraph.jsonld", "eujgraph.html", "void.ttl")


def canonical_dataset(graphs: list[tuple[URIRef, Graph]]) -> Dataset:
    """A dataset holding ``graphs`` in the given order, each with triples in canonical order."""
    dataset = Dataset()
    for prefix, namespace in PREFIXES.items():
        dataset.bind(prefix, namespace, replace=True)
    for name, graph in graphs:
        target = dataset.graph(name)
        canonical = to_canonical_graph(graph) if _has_bnodes(graph) else graph
        for triple in sorted(canonical, key=_triple_key):
            target.add(triple)
    return dataset


def union_graph(dataset: Dataset) -> Graph:
    """All named graphs merged into one graph, in the dataset's order."""
    union = Graph()
    for prefix, namespace in PREFIXES.items():
        union.bind(prefix, namespace, replace=True)
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


def serialize_all(dataset: Dataset, graph_order: list[URIRef]) -> dict[str, bytes]:
    """The bytes of every RDF graph file, by file name, named graphs in ``graph_order``."""
    union = union_graph(dataset)
    nt = union.serialize(format="nt", encoding="utf-8")
    return {
        "eujgraph.trig": _trig(dataset, graph_order),
        "eujgraph.ttl": union.serialize(format="turtle", encoding="utf-8"),
        "eujgraph.nt": b"".join(sorted(set(nt.splitlines(keepends=True)))),
        "eujgraph.jsonld": _jsonld(dataset),
    }


def _trig(dataset: Dataset, graph_order: list[URIRef]) -> bytes:
    # rdflib's TriG serializer takes the store's contexts in hash order; give it ours.
    from rdflib.plugins.serializers.trig import TrigSerializer

    serializer = TrigSerializer(dataset)
    rank = {name: index for index, name in enumerate(graph_order)}
    serializer.contexts = sorted((c for c in serializer.contexts if len(c)),
                                 key=lambda c: rank.get(c.identifier, len(rank)))
    stream = io.BytesIO()
    serializer.serialize(stream, encoding="utf-8")
    return stream.getvalue()


def _jsonld(dataset: Dataset) -> bytes:
    # rdflib builds the JSON-LD from sets; JSON-LD arrays other than @list are
    # unordered, so sorting them changes nothing but makes the bytes stable.
    from rdflib.plugins.serializers.jsonld import from_rdf

    context = dict(sorted(PREFIXES.items()))
    document = _sorted_arrays(from_rdf(dataset, context_data=context))
    return (json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False) + "\n").encode("utf-8")


def _sorted_arrays(value, key: str | None = None):
    if isinstance(value, dict):
        return {k: _sorted_arrays(v, k) for k, v in value.items()}
    if isinstance(value, list):
        items = [_sorted_arrays(v) for v in value]
        if key == "@list":
            return items
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def write_atomically(files: dict[str, bytes], out_dir: Path) -> list[Path]:
    """Write every file into ``out_dir``; on any failure none of the targets changes and no temporary stays.

    Interrupts (SIGINT, SIGTERM, SIGHUP) wait until every file is in place, so an interrupted
    write leaves either all the old files or all the new ones.
    """
    blocked = _block_interrupts()
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        staged: list[tuple[Path, Path]] = []
        try:
            for name, content in files.items():
                handle = tempfile.NamedTemporaryFile(dir=out_dir, prefix=f".{name}.", suffix=".tmp",
                                                     delete=False)
                staged.append((Path(handle.name), out_dir / name))
                with handle:
                    os.chmod(handle.name, 0o666 & ~_umask())
                    handle.write(content)
                    handle.flush()
                    os.fsync(handle.fileno())
        except BaseException:
            for temporary, _ in staged:
                temporary.unlink(missing_ok=True)
            raise
        for temporary, target in staged:
            os.replace(temporary, target)
        return [target for _, target in staged]
    finally:
        if blocked is not None:
            signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


def _block_interrupts() -> set | None:
    """Block the interrupt signals in this thread; the previous mask, or None where that cannot be done."""
    if not hasattr(signal, "pthread_sigmask") or threading.current_thread() is not threading.main_thread():
        return None
    return signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM, signal.SIGHUP})


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _has_bnodes(graph: Graph) -> bool:
    from rdflib import BNode

    return any(isinstance(term, BNode) for triple in graph for term in triple)


def _triple_key(triple) -> tuple[str, str, str]:
    return tuple(term.n3() for term in triple)
