"""Query worker processes for `eujgraph serve`: each holds the graph, a stuck query is stopped by ending its process.

pyoxigraph cannot interrupt a running query, so the server never runs one in its own
process: it hands each request to an idle worker (``python -m eujgraph.workers GRAPH``)
over a pipe and waits at most the timeout. A worker that does not answer in time is
killed and replaced, so a runaway query costs neither a thread nor a core afterwards.
Several workers answer in parallel, on separate cores.

Frames on the pipe are a 4-byte big-endian length and a pickle; only the server and its
own child processes are at either end. The worker's replies are ``("ok", ...)`` or
``("error", http_status, message)``.
"""

from __future__ import annotations

import asyncio
import os
import pickle
import struct
import sys
import time
from contextlib import suppress
from itertools import islice
from pathlib import Path

_HEADER = struct.Struct(">I")


class WorkerError(Exception):
    """A request the workers could not answer: ``status`` is the HTTP status to report."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


class _Worker:
    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process

    async def call(self, request: dict):
        payload = pickle.dumps(request, protocol=pickle.HIGHEST_PROTOCOL)
        self.process.stdin.write(_HEADER.pack(len(payload)) + payload)
        await self.process.stdin.drain()
        header = await self.process.stdout.readexactly(_HEADER.size)
        return pickle.loads(await self.process.stdout.readexactly(_HEADER.unpack(header)[0]))

    def kill(self) -> None:
        if self.process.returncode is None:
            self.process.kill()


class WorkerPool:
    """A fixed number of worker processes, each with the graph loaded, used one request at a time."""

    def __init__(self, graph: Path, size: int = 2) -> None:
        self.graph = Path(graph)
        self.size = max(1, size)
        self.info: dict = {}
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._all: set[_Worker] = set()
        self._replacing: set[asyncio.Task] = set()
        self.restarts = 0

    async def start(self) -> None:
        """Start every worker and wait until each has loaded the graph (raises WorkerError if one cannot)."""
        started = await asyncio.gather(*(self._spawn() for _ in range(self.size)), return_exceptions=True)
        failed = [result for result in started if isinstance(result, BaseException)]
        if failed:
            await self.close()
            raise failed[0]
        for worker in started:
            self._idle.put_nowait(worker)

    async def _spawn(self) -> _Worker:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "eujgraph.workers", str(self.graph),
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, limit=2 ** 26)
        worker = _Worker(process)
        self._all.add(worker)
        try:
            ready = await worker.call({"op": "ready"})
        except (asyncio.IncompleteReadError, ConnectionError, BrokenPipeError):
            worker.kill()
            self._all.discard(worker)
            raise WorkerError(500, f"the query worker could not load {self.graph}") from None
        if ready[0] != "ok":
            worker.kill()
            self._all.discard(worker)
            raise WorkerError(ready[1], ready[2])
        self.info = ready[1]
        return worker

    async def call(self, request: dict, timeout: float) -> tuple:
        """The reply of an idle worker to ``request``; a worker still busy after ``timeout`` seconds is replaced."""
        started = time.monotonic()
        try:
            worker = await asyncio.wait_for(self._idle.get(), timeout)
        except TimeoutError:
            raise WorkerError(503, f"the server is busy: no query worker was free within {timeout:g} s; "
                                   "try again shortly") from None
        left = max(0.001, timeout - (time.monotonic() - started))
        try:
            reply = await asyncio.wait_for(worker.call(request), left)
        except TimeoutError:
            self._replace(worker)
            raise WorkerError(503, f"query timeout: the query ran longer than {timeout:g} s, this server's "
                                   "limit, and was stopped (eujgraph serve --timeout)") from None
        except (asyncio.IncompleteReadError, ConnectionError, BrokenPipeError):
            self._replace(worker)
            raise WorkerError(500, "the query worker failed (out of memory?) and is being restarted") from None
        except BaseException:  # cancelled mid-request: its answer would be read by the next request
            self._replace(worker)
            raise
        self._idle.put_nowait(worker)
        if reply[0] == "error":
            raise WorkerError(reply[1], reply[2])
        return reply[1:]

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        self._all.discard(worker)
        self.restarts += 1
        task = asyncio.get_running_loop().create_task(self._respawn())
        self._replacing.add(task)
        task.add_done_callback(self._replacing.discard)

    async def _respawn(self) -> None:
        while True:
            try:
                self._idle.put_nowait(await self._spawn())
                return
            except WorkerError:
                await asyncio.sleep(1)

    async def close(self) -> None:
        for task in list(self._replacing):
            task.cancel()
        for worker in list(self._all):
            worker.kill()
            await worker.process.wait()
        self._all.clear()


# --- the worker process -----------------------------------------------------------------

def _handle(store, request: dict) -> tuple:
    from . import entity

    op = request["op"]
    if op == "query":
        return run_query(store, request)
    if op == "entity":
        found = entity.describe(store, request["iri"])
        return ("ok", found) if found else ("error", 404, "not in the graph")
    if op == "entity_rdf":
        return entity.serialize(store, request["iri"], request["format"])
    raise ValueError(f"unknown operation {op!r}")


def run_query(store, request: dict) -> tuple:
    """Run one protocol request and serialize its answer (at most ``row_cap`` rows or triples)."""
    import pyoxigraph as ox

    from .namespaces import PREFIXES
    from .protocol import GRAPH_FORMATS, SOLUTION_FORMATS

    options: dict = {"use_default_graph_as_union": True}
    if request.get("default_graph") is not None or request.get("named_graphs") is not None:
        options = {"default_graph": [ox.NamedNode(g) for g in request.get("default_graph") or []],
                   "named_graphs": [ox.NamedNode(g) for g in request.get("named_graphs") or []]}
    try:
        result = store.query(request["sparql"], **options)
        cap = request["row_cap"]
        if isinstance(result, ox.QueryBoolean):
            fmt = request["solutions"]
            if fmt is None:
                return _not_acceptable(SOLUTION_FORMATS, "an ASK result")
            return "ok", fmt, result.serialize(format=_results_format(fmt)), 1
        if isinstance(result, ox.QuerySolutions):
            fmt = request["solutions"]
            if fmt is None:
                return _not_acceptable(SOLUTION_FORMATS, "SELECT results")
            variables = [v.value for v in result.variables]
            rows = list(islice(result, cap + 1))
            if len(rows) > cap:
                return "error", 422, _over_cap(cap, "rows")
            document = {"head": {"vars": variables},
                        "results": {"bindings": [{name: term_json(row[name]) for name in variables
                                                  if row[name] is not None} for row in rows]}}
            body = _json(document)
            if fmt != "json":
                body = ox.parse_query_results(body, ox.QueryResultsFormat.JSON).serialize(
                    format=_results_format(fmt))
            return "ok", fmt, body, len(rows)
        fmt = request["graph"]
        if fmt is None:
            return _not_acceptable(GRAPH_FORMATS, "a CONSTRUCT or DESCRIBE result")
        triples = list(islice(result, cap + 1))
        if len(triples) > cap:
            return "error", 422, _over_cap(cap, "triples")
        prefixes = PREFIXES if fmt in ("turtle", "rdfxml", "jsonld") else None
        return "ok", fmt, ox.serialize(triples, format=rdf_format(fmt), prefixes=prefixes), len(triples)
    except SyntaxError as error:
        return "error", 400, f"SPARQL syntax error: {error}"
    except OSError as error:
        return "error", 500, f"the store failed: {error}"


def _not_acceptable(formats, what: str) -> tuple:
    from .protocol import not_acceptable

    error = not_acceptable(formats, what)
    return "error", error.status, error.message


def _over_cap(cap: int, what: str) -> str:
    return (f"the result has more than {cap} {what}, this server's row cap; add LIMIT (and OFFSET to page "
            f"through it) or start the server with a higher --row-cap")


def _results_format(name: str):
    import pyoxigraph as ox

    return {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
            "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}[name]


def rdf_format(name: str):
    import pyoxigraph as ox

    return {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD,
            "rdfxml": ox.RdfFormat.RDF_XML}[name]


def term_json(term) -> dict:
    """A term in the SPARQL 1.1 JSON results form."""
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": {"subject": term_json(term.subject), "predicate": term_json(term.predicate),
                                        "object": term_json(term.object)}}


def _json(document: dict) -> bytes:
    import json

    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _graph_info(store) -> dict:
    counts: dict[str, int] = {}
    for quad in store:
        name = quad.graph_name
        key = "" if not hasattr(name, "value") else name.value
        counts[key] = counts.get(key, 0) + 1
    return {"graphs": dict(sorted(counts.items())), "triples": len({quad.triple for quad in store})}


def _main(graph: str) -> None:
    channel_out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # whatever prints goes to stderr, never into the frames
    channel_in = sys.stdin.buffer

    def send(reply: tuple) -> None:
        payload = pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL)
        channel_out.write(_HEADER.pack(len(payload)) + payload)
        channel_out.flush()

    from .errors import EujgraphError
    from .store import EmbeddedStore

    store = None
    while True:
        header = channel_in.read(_HEADER.size)
        if len(header) < _HEADER.size:
            return
        request = pickle.loads(channel_in.read(_HEADER.unpack(header)[0]))
        if request["op"] == "ready":
            try:
                store = EmbeddedStore.from_file(Path(graph)).store
                send(("ok", _graph_info(store)))
            except EujgraphError as error:
                with suppress(BrokenPipeError):
                    send(("error", 500, error.render()))
                return
            continue
        try:
            send(_handle(store, request))
        except Exception as error:  # reported to the client as a server error; the worker lives on
            send(("error", 500, f"internal error: {type(error).__name__}: {error}"))


if __name__ == "__main__":
    _main(sys.argv[1])
