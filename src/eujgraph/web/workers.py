"""Query worker processes for `eujgraph serve`: each holds the graph, a stuck query is stopped by ending its process.

pyoxigraph cannot interrupt a running query, so the server never runs one in its own
process: it hands each request to an idle worker (``python -m eujgraph.web.workers GRAPH``)
over a pipe and waits at most the timeout. A worker that does not answer in time is
killed and replaced, so a runaway query costs neither a thread nor a core afterwards.

The pool is elastic: it keeps ``size`` workers and, when every worker has been busy longer
than ``busy_after_s`` (runaway queries, not a burst of short ones), starts extra ones up to
``max_size``; extra workers idle for ``retire_after_s`` are stopped. A worker busy that long
also drops to the lowest CPU priority (nice 19) until its query ends, so that on a small
machine the runaway queries do not take the cores from the short ones. When the pool is full and
every worker is stuck like that, a request is answered 503 with ``Retry-After`` at once
instead of waiting behind them.

Each worker checks the query (:func:`eujgraph.query.checks.check_query`) before pyoxigraph
reads it, runs it on a thread with a 256 MB stack, lives under an address-space limit
(``memory_mb``), cannot open an internet socket (a seccomp filter, Linux x86-64 and arm64),
and dies with the server (``PR_SET_PDEATHSIG``, and a watchdog thread for a busy worker).

Frames on the pipe are a 4-byte big-endian length and a pickle; only the server and its
own child processes are at either end. The worker's replies are ``("ok", ...)``,
``("error", http_status, message)`` or ``("fatal", http_status, message)`` (the worker then exits).
"""

from __future__ import annotations

import asyncio
import os
import pickle
import signal
import struct
import sys
import threading
import time
from collections import deque
from contextlib import suppress
from itertools import islice
from pathlib import Path

from .protocol import ServiceError

_HEADER = struct.Struct(">I")
MEMORY_SETTING = "serve_worker_memory_mb"


class _Worker:
    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.busy_since: float | None = None
        self.idle_since = time.monotonic()
        self.demoted = False

    async def call(self, request: dict):
        payload = pickle.dumps(request, protocol=pickle.HIGHEST_PROTOCOL)
        self.process.stdin.write(_HEADER.pack(len(payload)) + payload)
        await self.process.stdin.drain()
        header = await self.process.stdout.readexactly(_HEADER.size)
        return pickle.loads(await self.process.stdout.readexactly(_HEADER.unpack(header)[0]))

    def kill(self) -> None:
        if self.process.returncode is None:
            self.process.kill()

    def demote(self) -> None:
        """Lowest CPU priority for a long query, so that short ones on other workers go first."""
        with suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, self.process.pid, 19)
            self.demoted = True

    def restore(self) -> bool:
        """Back to normal priority after a long query; False if that is not allowed (the worker is replaced)."""
        if self.demoted:
            try:
                os.setpriority(os.PRIO_PROCESS, self.process.pid, os.getpriority(os.PRIO_PROCESS, 0))
            except OSError:
                return False
            self.demoted = False
        return True

    async def exit_code(self) -> int | None:
        with suppress(TimeoutError):
            return await asyncio.wait_for(self.process.wait(), 1)
        return None


class WorkerPool:
    """Worker processes, each with the graph loaded, used one request at a time; elastic up to ``max_size``."""

    def __init__(self, graph: Path, size: int = 2, *, max_size: int | None = None, memory_mb: int = 0,
                 busy_after_s: float = 0.25, retire_after_s: float = 30.0) -> None:
        self.graph = Path(graph)
        self.size = max(1, size)
        self.max_size = max(self.size, max_size or self.size)
        self.memory_mb = memory_mb
        self.busy_after_s = busy_after_s
        self.retire_after_s = retire_after_s
        self.info: dict = {}
        self.restarts = 0
        self.last_failure: str | None = None
        self._idle: list[_Worker] = []
        self._all: set[_Worker] = set()
        self._starting = 0
        self._waiters: deque[asyncio.Future] = deque()
        self._tasks: set[asyncio.Task] = set()

    async def start(self) -> None:
        """Start ``size`` workers and wait until each has loaded the graph (raises ServiceError if one cannot)."""
        started = await asyncio.gather(*(self._spawn() for _ in range(self.size)), return_exceptions=True)
        failed = [result for result in started if isinstance(result, BaseException)]
        if failed:
            for worker in started:
                if isinstance(worker, _Worker):
                    worker.kill()
                    self._all.discard(worker)
            raise failed[0]
        self._idle.extend(started)
        self._background(self._retire_idle())

    @property
    def workers(self) -> int:
        return len(self._all)

    async def _spawn(self) -> _Worker:
        env = {**os.environ, "RUST_BACKTRACE": "0", "MALLOC_ARENA_MAX": "2"}
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "eujgraph.web.workers", str(self.graph), str(os.getpid()), str(self.memory_mb),
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, limit=2 ** 26, env=env)
        worker = _Worker(process)
        try:
            ready = await worker.call({"op": "ready"})
        except (asyncio.IncompleteReadError, ConnectionError, BrokenPipeError):
            worker.kill()
            raise ServiceError(500, f"the query worker could not load {self.graph} (exit code "
                                   f"{await worker.exit_code()})") from None
        if ready[0] != "ok":
            worker.kill()
            raise ServiceError(ready[1], ready[2])
        self.info = ready[1]
        self._all.add(worker)
        return worker

    async def call(self, request: dict, timeout: float) -> tuple:
        """The reply of an idle worker to ``request``; a worker still busy after ``timeout`` seconds is replaced."""
        started = time.monotonic()
        worker = await self._acquire(timeout)
        left = max(0.001, timeout - (time.monotonic() - started))
        worker.busy_since = time.monotonic()
        demotion = asyncio.get_running_loop().call_later(self.busy_after_s, worker.demote)
        try:
            reply = await asyncio.wait_for(worker.call(request), left)
        except TimeoutError:
            self._replace(worker)
            raise ServiceError(503, f"query timeout: the query ran longer than {timeout:g} s, this server's "
                                   "limit, and was stopped (eujgraph serve --timeout)") from None
        except (asyncio.IncompleteReadError, ConnectionError, BrokenPipeError):
            self._replace(worker)
            raise ServiceError(500, self._death(await worker.exit_code())) from None
        except BaseException:  # cancelled mid-request: its answer would be read by the next request
            self._replace(worker)
            raise
        finally:
            demotion.cancel()
        if reply[0] == "fatal" or not worker.restore():
            self._replace(worker)
            if reply[0] == "fatal":
                raise ServiceError(reply[1], reply[2])
        else:
            self._release(worker)
        if reply[0] == "error":
            raise ServiceError(reply[1], reply[2])
        return reply[1:]

    def _death(self, code: int | None) -> str:
        if code in (-signal.SIGABRT, 134) and self.memory_mb:
            return memory_message(self.memory_mb)
        if code in (-signal.SIGSEGV, 139):
            return "the query worker crashed (SIGSEGV) on this query and is being restarted"
        return f"the query worker ended (exit code {code}) on this query and is being restarted"

    async def _acquire(self, timeout: float) -> _Worker:
        deadline = time.monotonic() + timeout
        if self._idle:
            return self._idle.pop()
        waiter = asyncio.get_running_loop().create_future()
        self._waiters.append(waiter)
        try:
            while not waiter.done():
                self._refuse_if_stuck()
                self._grow_if_stuck()
                left = deadline - time.monotonic()
                if left <= 0:
                    raise ServiceError(503, f"the server is busy: no query worker was free within {timeout:g} s; "
                                           "try again shortly", retry_after=1)
                await asyncio.wait({waiter}, timeout=min(left, self.busy_after_s))
            worker = waiter.result()
            waiter = None
            return worker
        finally:
            if waiter is not None:
                if waiter.done() and not waiter.cancelled():
                    self._release(waiter.result())
                waiter.cancel()
                with suppress(ValueError):
                    self._waiters.remove(waiter)

    def _stuck(self) -> bool:
        """Every worker has been busy longer than ``busy_after_s`` and none is starting."""
        now = time.monotonic()
        return not self._idle and not self._starting and all(
            w.busy_since is not None and now - w.busy_since > self.busy_after_s for w in self._all)

    def _refuse_if_stuck(self) -> None:
        if self._stuck() and len(self._all) >= self.max_size:
            oldest = min(w.busy_since for w in self._all)
            wait = max(1, round(self.busy_after_s + (time.monotonic() - oldest) / 2))
            raise ServiceError(503, f"the server is busy: all {len(self._all)} query workers are running long "
                                   "queries; try again shortly", retry_after=wait)
        if not self._all and not self._starting and self.last_failure:
            raise ServiceError(503, f"no query worker is running: {self.last_failure}", retry_after=5)

    def _grow_if_stuck(self) -> None:
        if self._stuck() and len(self._all) < self.max_size:
            self._background(self._add_worker())

    def _release(self, worker: _Worker) -> None:
        worker.busy_since = None
        worker.idle_since = time.monotonic()
        while self._waiters:
            waiter = self._waiters.popleft()
            if not waiter.done():
                worker.busy_since = time.monotonic()
                waiter.set_result(worker)
                return
        self._idle.append(worker)

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        self._all.discard(worker)
        self.restarts += 1
        if len(self._all) + self._starting < self.size:
            self._background(self._add_worker(retry=True))

    async def _add_worker(self, retry: bool = False) -> None:
        self._starting += 1
        try:
            while True:
                try:
                    worker = await self._spawn()
                except ServiceError as error:
                    if error.message != self.last_failure:
                        print(f"eujgraph serve: a query worker could not start: {error.message}", file=sys.stderr,
                              flush=True)
                    self.last_failure = error.message
                    if not retry:
                        return
                    await asyncio.sleep(1)
                    continue
                self.last_failure = None
                self._release(worker)
                return
        finally:
            self._starting -= 1

    async def _retire_idle(self) -> None:
        while True:
            await asyncio.sleep(min(5.0, self.retire_after_s))
            now = time.monotonic()
            for worker in list(self._idle):
                if len(self._all) > self.size and now - worker.idle_since > self.retire_after_s:
                    self._idle.remove(worker)
                    self._all.discard(worker)
                    worker.kill()

    def _background(self, coroutine) -> None:
        task = asyncio.get_running_loop().create_task(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def close(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        for worker in list(self._all):
            worker.kill()
            await worker.process.wait()
        self._all.clear()
        self._idle.clear()


def memory_message(memory_mb: int) -> str:
    return (f"the query needed more memory than a query worker may use ({memory_mb} MB, setting "
            f"{MEMORY_SETTING}, environment variable EUJGRAPH_{MEMORY_SETTING.upper()}); the worker is being "
            "restarted")


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

    from ..namespaces import PREFIXES
    from ..query.checks import QueryRefused, check_query
    from ..query.formats import rdf_format, results_format, term_json
    from .protocol import GRAPH_FORMATS, SOLUTION_FORMATS

    try:
        check_query(request["sparql"])
    except QueryRefused as refused:
        return "error", refused.status, refused.message
    options: dict = {}  # the store's default graph already holds the union of the named graphs
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
            return "ok", fmt, result.serialize(format=results_format(fmt)), 1
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
                    format=results_format(fmt))
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


def _json(document: dict) -> bytes:
    import json

    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _graph_info(store) -> dict:
    counts: dict[str, int] = {}
    for quad in store:
        name = quad.graph_name
        key = "" if not hasattr(name, "value") else name.value
        counts[key] = counts.get(key, 0) + 1
    return {"graphs": dict(sorted(counts.items())), "triples": len({quad.triple for quad in store}),
            "network": _network_state}


_network_state = "open"


def deny_network() -> bool:
    """Forbid this process and its later threads to open IPv4 or IPv6 sockets (seccomp); False if unsupported."""
    import ctypes
    import platform

    arch, socket_call = {"x86_64": (0xC000003E, 41), "aarch64": (0xC00000B7, 198)}.get(platform.machine(), (0, 0))
    if not arch or not sys.platform.startswith("linux"):
        return False
    deny, allow = 0x00050000 | 13, 0x7FFF0000  # SECCOMP_RET_ERRNO | EACCES, SECCOMP_RET_ALLOW

    class Instruction(ctypes.Structure):
        _fields_ = [("code", ctypes.c_ushort), ("jt", ctypes.c_ubyte), ("jf", ctypes.c_ubyte), ("k", ctypes.c_uint)]

    class Program(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(Instruction))]

    load, equal, at_least, answer = 0x20, 0x15, 0x35, 0x06
    code = [(load, 0, 0, 4), (equal, 0, 6, arch), (load, 0, 0, 0), (at_least, 5, 0, 0x40000000),
            (equal, 0, 3, socket_call), (load, 0, 0, 16), (equal, 2, 0, 2), (equal, 1, 0, 10),
            (answer, 0, 0, allow), (answer, 0, 0, deny)]
    instructions = (Instruction * len(code))(*[Instruction(*step) for step in code])
    program = Program(len(code), instructions)
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(38, 1, 0, 0, 0) != 0:  # PR_SET_NO_NEW_PRIVS
        return False
    return libc.prctl(22, 2, ctypes.byref(program), 0, 0) == 0  # PR_SET_SECCOMP, SECCOMP_MODE_FILTER


def _die_with(parent: int, graph: Path) -> None:
    """End this process when ``parent`` ends, even while a query runs, removing the parent's copy of the graph."""
    def orphaned(*_) -> None:
        if os.getppid() != parent:
            if graph.parent.name.startswith("eujgraph-serve-"):
                import shutil

                shutil.rmtree(graph.parent, ignore_errors=True)
            os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        orphaned()

    signal.signal(signal.SIGTERM, orphaned)
    if sys.platform.startswith("linux"):
        import ctypes

        with suppress(OSError, AttributeError):
            ctypes.CDLL(None).prctl(1, signal.SIGTERM, 0, 0, 0)  # PR_SET_PDEATHSIG
    orphaned()
    threading.Thread(target=watch, name="parent-watchdog", daemon=True).start()


def _cap_memory(memory_mb: int) -> None:
    import resource

    if memory_mb > 0:
        limit = memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _main(graph: str, parent: int, memory_mb: int) -> None:
    global _network_state

    _die_with(parent, Path(graph))
    if deny_network():
        _network_state = "denied"
    else:
        print("eujgraph serve: warning: this system has no seccomp filter for the query workers; they rely on the "
              "SERVICE check alone to make no outside requests", file=sys.stderr, flush=True)
    _cap_memory(memory_mb)
    from ..query.checks import QUERY_STACK_BYTES

    threading.stack_size(QUERY_STACK_BYTES)
    runner = threading.Thread(target=_serve, args=(graph, memory_mb), name="queries")
    runner.start()
    runner.join()


def _serve(graph: str, memory_mb: int) -> None:
    channel_out = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # whatever prints goes to stderr, never into the frames
    channel_in = sys.stdin.buffer

    def send(reply: tuple) -> None:
        payload = pickle.dumps(reply, protocol=pickle.HIGHEST_PROTOCOL)
        channel_out.write(_HEADER.pack(len(payload)) + payload)
        channel_out.flush()

    from ..errors import EujgraphError
    from ..query.engines import EmbeddedStore

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
            threading.Thread(target=_warm_checker, daemon=True).start()
            continue
        try:
            send(_handle(store, request))
        except MemoryError:
            with suppress(BrokenPipeError):
                send(("fatal", 500, memory_message(memory_mb)))
            os._exit(1)
        except Exception as error:  # reported to the client as a server error; the worker lives on
            send(("error", 500, f"internal error: {type(error).__name__}: {error}"))


def _warm_checker() -> None:
    with suppress(Exception):
        import rdflib.plugins.sparql.parser  # noqa: F401  (its grammar takes about 0.5 s to build)


if __name__ == "__main__":
    _main(sys.argv[1], int(sys.argv[2]), int(sys.argv[3]))
