"""Loading the named graphs into any SPARQL 1.1 store through the Graph Store Protocol.

``replace`` PUTs each named graph (the store's graph becomes exactly ours);
``merge`` POSTs it (our triples are added to what the graph holds). Before writing,
the current content of every target graph is read (which also checks that the store
accepts every graph name); if a write then fails, the graphs already written are put
back as they were, and the error says so — or names any graph that could not be
restored, when the store itself has gone away.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pyoxigraph as ox

from .errors import InputError
from .store import EngineError

NTRIPLES = "application/n-triples"


@dataclass
class PushReport:
    """Graphs pushed, their sizes, and the time taken."""

    graph_store: str
    mode: str
    graphs: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def default_graph_store(endpoint: str) -> str:
    """Oxigraph's layout: ``…/query`` answers SPARQL, ``…/store`` speaks the Graph Store Protocol."""
    parts = urlsplit(endpoint)
    path = parts.path.rsplit("/", 1)[0] + "/store" if parts.path.endswith(("/query", "/sparql")) else parts.path
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def read_named_graphs(path: Path) -> dict[str, list[ox.Triple]]:
    """The named graphs of a TriG or N-Quads file (default-graph triples are refused)."""
    graphs: dict[str, list[ox.Triple]] = {}
    try:
        for quad in ox.parse(path=str(path), format=ox.RdfFormat.from_extension(path.suffix.lstrip("."))):
            if isinstance(quad.graph_name, ox.DefaultGraph):
                raise InputError(f"{path}: triples outside a named graph; push sends named graphs only")
            graphs.setdefault(quad.graph_name.value, []).append(quad.triple)
    except FileNotFoundError:
        raise InputError(f"{path}: not found; run `eujgraph build` first") from None
    except SyntaxError as error:
        raise InputError(f"{path}: {error}") from None
    return graphs


def push(graphs: dict[str, list[ox.Triple]], graph_store: str, *, mode: str = "replace",
         timeout: float = 60.0, progress=lambda message: None) -> PushReport:
    """Write each named graph to the store; on failure restore what was there before."""
    import httpx

    if mode not in ("replace", "merge"):
        raise InputError(f"unknown push mode {mode!r}; use replace or merge")
    started = time.perf_counter()
    report = PushReport(graph_store, mode)
    with httpx.Client(timeout=timeout) as client:
        saved = {name: _current(client, graph_store, name) for name in graphs}
        written: list[str] = []
        try:
            for name, triples in graphs.items():
                progress(f"{'PUT' if mode == 'replace' else 'POST'} {len(triples)} triples to <{name}>")
                body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
                response = client.request("PUT" if mode == "replace" else "POST", graph_store,
                                          params={"graph": name}, content=body,
                                          headers={"Content-Type": NTRIPLES})
                written.append(name)
                _check(response, graph_store, name)
                report.graphs[name] = len(triples)
        except (httpx.HTTPError, EngineError) as error:
            unrestored = _restore(client, graph_store, {name: saved[name] for name in written})
            what = str(error) if isinstance(error, EngineError) else \
                f"graph store {graph_store} failed ({type(error).__name__}: {error})"
            if unrestored:
                raise EngineError(f"{what}; could not restore {', '.join(f'<{n}>' for n in unrestored)}") from None
            raise EngineError(f"{what}; the {len(written)} graph(s) touched were restored") from None
    report.seconds = time.perf_counter() - started
    return report


def _current(client, graph_store: str, name: str) -> bytes | None:
    import httpx

    try:
        response = client.get(graph_store, params={"graph": name}, headers={"Accept": NTRIPLES})
    except httpx.HTTPError as error:
        raise EngineError(f"graph store {graph_store} unreachable: {error}") from None
    if response.status_code == 404:
        return None
    _check(response, graph_store, name)
    return response.content


def _check(response, graph_store: str, name: str) -> None:
    if response.status_code >= 300:
        detail = " ".join(response.text.split())[:200]
        raise EngineError(f"graph store {graph_store} refused <{name}>: HTTP {response.status_code} {detail}")


def _restore(client, graph_store: str, saved: dict[str, bytes | None]) -> list[str]:
    """Put graphs back as they were; return the names that could not be restored."""
    import httpx

    failed = []
    for name, content in saved.items():
        try:
            if content is None:
                response = client.delete(graph_store, params={"graph": name})
                ok = response.status_code < 300 or response.status_code == 404
            else:
                response = client.put(graph_store, params={"graph": name}, content=content,
                                      headers={"Content-Type": NTRIPLES})
                ok = response.status_code < 300
        except httpx.HTTPError:
            ok = False
        if not ok:
            failed.append(name)
    return failed
