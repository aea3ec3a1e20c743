"""Loading the named graphs into any SPARQL 1.1 store through the Graph Store Protocol.

``replace`` PUTs each named graph (the store's graph becomes exactly ours);
``merge`` POSTs it (our triples are added to what the graph holds). Before writing,
the current content of every target graph is read (which also checks that the store
accepts every graph name); if a write then fails, the graphs already written are put
back as they were, and the error says so — or names any graph that could not be
restored, when the store itself has gone away. Every request goes through
:class:`~eujgraph.remote.Remote`: a total deadline and a maximum answer size.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pyoxigraph as ox

from ..errors import EngineError, InputError
from ..query.engines import Endpoint, graph_file_format
from ..remote import PASSWORD_VARIABLE, USER_VARIABLE, Remote, Reply, one_line, store_credentials
from ..settings import setting

NTRIPLES = "application/n-triples"
COUNT_QUERY = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"


@dataclass
class PushReport:
    """Graphs pushed, their sizes, and the time taken."""

    graph_store: str
    mode: str
    graphs: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


# Where each store's Graph Store Protocol sits beside its SPARQL endpoint: (endpoint ends, its replacement).
STORE_LAYOUTS = {
    "oxigraph": (("/query", "/sparql"), "/store"),                     # …/query → …/store
    "virtuoso": (("/sparql",), "/sparql-graph-crud-auth"),             # digest authentication
    "fuseki": (("/query", "/sparql"), "/data"),                        # …/DATASET/sparql → …/DATASET/data
    "graphdb": (("",), "/rdf-graphs/service"),                         # …/repositories/ID → …/ID/rdf-graphs/service
}


def default_graph_store(endpoint: str, store: str = "oxigraph") -> str:
    """The Graph Store Protocol URL of ``store`` (a key of :data:`STORE_LAYOUTS`) beside its endpoint."""
    if store not in STORE_LAYOUTS:
        raise InputError(f"unknown store layout {store!r}; use one of {', '.join(STORE_LAYOUTS)}")
    ends, replacement = STORE_LAYOUTS[store]
    parts = urlsplit(endpoint)
    path = parts.path.rstrip("/") if store == "graphdb" else parts.path
    for end in ends:
        if path.endswith(end):
            path = path[:len(path) - len(end)] + replacement
            break
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def read_named_graphs(path: Path) -> dict[str, list[ox.Triple]]:
    """The named graphs of a TriG, N-Quads or JSON-LD file (default-graph triples are refused)."""
    rdf_format = graph_file_format(path)
    if not rdf_format.supports_datasets:
        raise InputError(f"{path}: {rdf_format.name} holds no named graphs; push sends a TriG, N-Quads or "
                         "JSON-LD dataset (.trig, .nq, .jsonld)")
    graphs: dict[str, list[ox.Triple]] = {}
    try:
        for quad in ox.parse(path=str(path), format=rdf_format):
            if isinstance(quad.graph_name, ox.DefaultGraph):
                raise InputError(f"{path}: triples outside a named graph; push sends named graphs only")
            graphs.setdefault(quad.graph_name.value, []).append(quad.triple)
    except FileNotFoundError:
        raise InputError(f"{path}: not found; run `eujgraph build` first") from None
    except OSError as error:
        raise InputError(f"{path}: cannot read it ({error.strerror or error})") from None
    except (SyntaxError, ValueError) as error:
        raise InputError(f"{path}: {one_line(str(error))[:300]}") from None
    return graphs


def push(graphs: dict[str, list[ox.Triple]], graph_store: str, *, mode: str = "replace",
         timeout: float | None = None, chunk_triples: int | None = None, progress=lambda message: None) -> PushReport:
    """Write each named graph to the store; on failure restore what was there before.

    ``timeout`` is the total deadline of each request (default 60 s). A graph larger than
    ``chunk_triples`` (default: the setting ``push_chunk_triples``) is sent in chunks of that many
    triples: the first replaces the graph (in ``replace`` mode), the others are added to it.
    """
    chunk_triples = chunk_triples or setting("push_chunk_triples")
    if mode not in ("replace", "merge"):
        raise InputError(f"unknown push mode {mode!r}; use replace or merge")
    started = time.perf_counter()
    report = PushReport(graph_store, mode)
    with Remote(timeout, what="graph store", credentials=store_credentials(graph_store)) as remote:
        saved = {name: _current(remote, graph_store, name) for name in graphs}
        touched: list[str] = []
        try:
            for name, triples in graphs.items():
                chunks = [triples[start:start + chunk_triples] for start in range(0, len(triples), chunk_triples)]
                touched.append(name)
                for number, chunk in enumerate(chunks or [[]], 1):
                    method = "PUT" if mode == "replace" and number == 1 else "POST"  # then add the other chunks
                    part = f" (chunk {number}/{len(chunks)})" if len(chunks) > 1 else ""
                    progress(f"{method} {len(chunk)} triples to <{name}>{part}")
                    reply = remote.request(method, graph_store, params={"graph": name},
                                           content=ox.serialize(chunk, format=ox.RdfFormat.N_TRIPLES),
                                           headers={"Content-Type": NTRIPLES})
                    _check(reply, graph_store, name)
                report.graphs[name] = len(triples)
        except EngineError as error:
            unrestored = _restore(remote, graph_store, {name: saved[name] for name in touched})
            if unrestored:
                raise EngineError(f"{error}; {_unrestored(list(graphs), unrestored)}") from None
            raise EngineError(f"{error}; the {len(touched)} graph(s) touched were restored") from None
    report.seconds = time.perf_counter() - started
    return report


def served_sizes(endpoint: str, timeout: float | None = None) -> dict[str, int]:
    """Triples per named graph, as the store's SPARQL endpoint counts them."""
    answer = Endpoint(endpoint).query(COUNT_QUERY, {}, timeout)
    sizes: dict[str, int] = {}
    for row in answer.solutions():
        graph, count = row["g"], row["n"]
        if not (isinstance(graph, ox.NamedNode) and isinstance(count, ox.Literal) and count.value.isdigit()):
            raise EngineError(f"endpoint {endpoint} sent an unreadable count: {one_line(str(row))[:200]}")
        sizes[graph.value] = int(count.value)
    return sizes


def _current(remote: Remote, graph_store: str, name: str) -> bytes | None:
    reply = remote.request("GET", graph_store, params={"graph": name}, headers={"Accept": NTRIPLES})
    if reply.status == 404:
        return None
    _check(reply, graph_store, name)
    return reply.content


def _check(reply: Reply, graph_store: str, name: str) -> None:
    if reply.status in (401, 403):
        host = urlsplit(graph_store).hostname
        raise EngineError(f"graph store {graph_store} refused <{name}>: HTTP {reply.status}, not authorised; give "
                          f"an account allowed to write there in {USER_VARIABLE} and {PASSWORD_VARIABLE}, or in "
                          f"~/.netrc (machine {host})")
    if reply.status >= 300:
        raise EngineError(f"graph store {graph_store} refused <{name}>: HTTP {reply.status} {reply.excerpt(200)}")


def _unrestored(order: list[str], names: list[str]) -> str:
    """Which graphs hold what the failed push sent, however many: by position in the push, first and last named."""
    if len(names) <= 3:
        return f"could not restore {', '.join(f'<{n}>' for n in names)}"
    positions = sorted(order.index(name) + 1 for name in names)
    runs: list[list[int]] = []
    for position in positions:
        if runs and position == runs[-1][1] + 1:
            runs[-1][1] = position
        else:
            runs.append([position, position])
    spans = ", ".join(f"{a}" if a == b else f"{a}-{b}" for a, b in runs)
    return (f"could not restore {len(names)} of the {len(order)} graphs: numbers {spans} in the order pushed, "
            f"from <{order[positions[0] - 1]}> to <{order[positions[-1] - 1]}>, hold what this push sent (the "
            "last, whose write failed, may be as it was); the others are as they were; pushing again replaces them")


def _restore(remote: Remote, graph_store: str, saved: dict[str, bytes | None]) -> list[str]:
    """Put graphs back as they were; return the names that could not be restored."""
    failed = []
    for name, content in saved.items():
        try:
            if content is None:
                reply = remote.request("DELETE", graph_store, params={"graph": name})
                ok = reply.status < 300 or reply.status == 404
            else:
                reply = remote.request("PUT", graph_store, params={"graph": name}, content=content,
                                       headers={"Content-Type": NTRIPLES})
                ok = reply.status < 300
        except EngineError:
            ok = False
        if not ok:
            failed.append(name)
    return failed
