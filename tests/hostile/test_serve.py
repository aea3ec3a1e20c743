"""`eujgraph serve` under attack: no outside request, no crash, bounded memory, heads and waits."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest

from eujgraph.query.checks import MAX_NESTING, MAX_OPERATORS, QueryRefused, check_query

from ..serving import start, stop
from .conftest import run_cli

HEAD_LIMIT = 16_384
REQUEST_TIMEOUT_S = 1
TIMEOUT_S = 5  # long enough that the runaways still run when the pool is full, on a loaded machine
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } #"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } #"


class Listener:
    """A TCP listener on 127.0.0.1 that counts the connections made to it (it must see none)."""

    def __init__(self) -> None:
        self.socket = socket.create_server(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        self.accepted = 0
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            self.accepted += 1
            connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 18\r\n\r\nINTERNAL-ONLY-DATA")
            connection.close()


@pytest.fixture(scope="module")
def listener():
    found = Listener()
    yield found
    found.socket.close()


@pytest.fixture(scope="module")
def graph_dir(built_dir, tmp_path_factory) -> Path:
    directory = tmp_path_factory.mktemp("hostile")
    (directory / "eujgraph.trig").write_bytes((built_dir / "eujgraph.trig").read_bytes())
    return directory


@pytest.fixture(scope="module")
def served(graph_dir):
    """One worker, up to three, short limits: a runaway query lasts TIMEOUT_S."""
    server = start(graph_dir, "--timeout", str(TIMEOUT_S), "--workers", "1", env={
        "EUJGRAPH_SERVE_MAX_WORKERS": "3", "EUJGRAPH_SERVE_MAX_HEAD_BYTES": str(HEAD_LIMIT),
        "EUJGRAPH_SERVE_REQUEST_TIMEOUT_S": str(REQUEST_TIMEOUT_S), "EUJGRAPH_SERVE_WORKER_MEMORY_MB": "1200",
        "EUJGRAPH_SERVE_MAX_QUERY_BYTES": "3000000", "EUJGRAPH_SERVE_CACHE_MB": "0"})
    yield server
    snapshot = _snapshot_of(server)
    stop(server)
    log = server.process.stderr.read().decode()
    assert "Traceback" not in log, log
    assert snapshot is not None and not snapshot.exists()  # the private copy of the graph is removed


def _snapshot_of(server) -> Path | None:
    for pid in server.children():
        arguments = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        return Path(arguments[3].decode()).parent
    return None


def ask(server, sparql: str, method: str = "GET", **headers) -> httpx.Response:
    if method == "GET":
        return server.get("/sparql", params={"query": sparql}, headers=headers)
    if method == "FORM":
        return server.post("/sparql", data={"query": sparql}, headers=headers)
    return server.post("/sparql", content=sparql.encode(), headers={"Content-Type": "application/sparql-query",
                                                                    **headers})


def outbound_variants(port: int) -> dict[str, str]:
    url = f"http://127.0.0.1:{port}/internal/admin?x=1"
    block = "{ ?s ?p ?o }"
    return {
        "dot": f"SELECT * WHERE {{ {{}} .SERVICE <{url}> {block} }}",
        "dot after triple": f"SELECT ?x WHERE {{ ?a ?b ?c .SERVICE <{url}> {{ ?s ?p ?x }} }}",
        "brace": f"SELECT * WHERE {{ {{}}SERVICE <{url}> {block} }}",
        "semicolon": f"SELECT * WHERE {{ ?s ?p ?o ;SERVICE <{url}> {block} }}",
        "lower case": f"select * {{ service <{url}> {block} }}",
        "mixed case silent": f"SELECT * {{ SeRvIcE SILENT <{url}> {block} }}",
        "silent": f"SELECT * {{ SERVICE SILENT <{url}> {block} }}",
        "sub-select": f"SELECT * {{ {{ SELECT * {{ SERVICE <{url}> {block} }} }} }}",
        "optional": f"SELECT * {{ ?a ?b ?c OPTIONAL {{ SERVICE <{url}> {block} }} }}",
        "union": f"SELECT * {{ {{ ?a ?b ?c }} UNION {{ SERVICE <{url}> {block} }} }}",
        "minus": f"SELECT * {{ ?a ?b ?c MINUS {{ SERVICE <{url}> {block} }} }}",
        "exists": f"SELECT * {{ ?a ?b ?c FILTER EXISTS {{ SERVICE <{url}> {block} }} }}",
        "not exists": f"ASK {{ FILTER NOT EXISTS {{ SERVICE <{url}> {block} }} }}",
        "after comments": f"# SERVICE?\nSELECT * {{ # x\n#y\n SERVICE <{url}> {block} }}",
        "prefixed": f"PREFIX i: <http://127.0.0.1:{port}/> SELECT * {{ SERVICE i:sparql {block} }}",
        "variable from VALUES": f"SELECT * {{ VALUES ?u {{ <{url}> }} SERVICE ?u {block} }}",
        "variable from BIND": f"SELECT * {{ BIND(<{url}> AS ?u) SERVICE ?u {block} }}",
        "construct": f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{url}> {block} }}",
        "describe": f"DESCRIBE ?s WHERE {{ SERVICE <{url}> {block} }}",
        "graph": f"SELECT * {{ GRAPH ?g {{ SERVICE <{url}> {block} }} }}",
        "escaped keyword": f"SELECT * {{ \\u0053ERVICE <{url}> {block} }}",
        "tab and newline": f"SELECT * {{\t{{}}\n.\tSERVICE\n<{url}>\n{block} }}",
        "load": f"LOAD <{url}>",
        "load silent into": f"LOAD SILENT <{url}> INTO GRAPH <urn:g>",
        "prefix then load": f"PREFIX e: <http://127.0.0.1:{port}/> LOAD e:x",
        "comment then load": f"#SELECT\nload <{url}>",
        "insert": "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
        "delete where": "BASE <http://e/> PREFIX e: <x> delete where { ?s ?p ?o }",
        "with": "WITH <urn:g> DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
        "drop": "DROP ALL", "clear": "clear default", "create": "CREATE GRAPH <urn:g>",
        "copy": "COPY DEFAULT TO <urn:g>", "move": "MOVE <urn:a> TO <urn:b>", "add": "ADD <urn:a> TO <urn:b>",
        "query then update": f"SELECT * {{}} ;INSERT DATA {{ <urn:a> <urn:b> <urn:c> }} ; LOAD <{url}>",
        "update then query": f"LOAD <{url}> ; SELECT * {{}}",
    }


UNREADABLE = {"query then update", "update then query", "escaped keyword"}


def test_no_query_text_makes_the_server_contact_another_host(served, listener):
    before = listener.accepted
    for name, sparql in outbound_variants(listener.port).items():
        for method in ("GET", "FORM", "BODY"):
            answer = ask(served, sparql, method)
            expected = (400, 403) if name in UNREADABLE else (403,)
            assert answer.status_code in expected, (name, method, answer.status_code, answer.text)
            assert "INTERNAL-ONLY-DATA" not in answer.text
    update = served.post("/sparql", content=f"LOAD <http://127.0.0.1:{listener.port}/>",
                         headers={"Content-Type": "application/sparql-update"})
    assert update.status_code == 403
    time.sleep(0.3)
    assert listener.accepted == before == 0
    assert ask(served, "SELECT ?service WHERE { ?service ?p 'SERVICE' } LIMIT 1").status_code == 200


def test_a_worker_cannot_open_an_internet_socket_even_past_the_check(listener):
    script = f"""
import socket, pyoxigraph
from eujgraph.web.workers import deny_network
assert deny_network()
try:
    socket.create_connection(("127.0.0.1", {listener.port}))
except PermissionError:
    print("socket refused")
try:
    list(pyoxigraph.Store().query("SELECT * {{ SERVICE <http://127.0.0.1:{listener.port}/> {{ ?s ?p ?o }} }}"))
except OSError as error:
    print("service failed")
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=30)
    assert done.stdout.split("\n")[:2] == ["socket refused", "service failed"], done.stderr
    assert listener.accepted == 0


DEEP = {
    "parentheses": "SELECT * WHERE { FILTER(" + "(" * 6000 + "1" + ")" * 6000 + ") }",
    "braces": "SELECT * WHERE " + "{" * 5000 + "}" * 5000,
    "concat calls": "SELECT * WHERE { BIND(" + "CONCAT(" * 1000 + '"a"' + ")" * 1000 + " AS ?x) }",
    "sub-selects": "SELECT * WHERE " + "{ SELECT * WHERE " * 3000 + "{}" + "}" * 3000,
    "long or": "SELECT * WHERE { ?s ?p ?o FILTER(" + " || ".join(f"?o = {i}" for i in range(10_000)) + ") }",
    "long bind chain": "SELECT * WHERE { " + " ".join(f"BIND({i} AS ?v{i})" for i in range(3000)) + " }",
    "long union": "SELECT * WHERE { " + " UNION ".join("{ ?s ?p ?o }" for _ in range(7000)) + " }",
    "closers hidden in a comment": ("SELECT * WHERE { FILTER(?x<e:a#b>" + ")" * 100 + "\n") * 60
                                   + "(" * 100 + "1" + ")" * 6100 + " }",
    "closers hidden in a string": "SELECT * WHERE { FILTER(?x<'>" + ")" * 300 + "' " + "(" * 6000 + ") }",
}


def test_deep_and_long_queries_get_400_before_any_parser(served):
    workers = sorted(served.children())
    for name, sparql in DEEP.items():
        with pytest.raises(QueryRefused) as caught:
            check_query(sparql)
        assert caught.value.status == 400, name
        answer = ask(served, sparql, "BODY")
        assert answer.status_code == 400, (name, answer.text)
        assert "parser reads safely" in answer.text or "less-than operator" in answer.text, name
    assert sorted(served.children()) == workers  # none crashed
    assert ask(served, "ASK {}").json()["boolean"] is True


def test_limits_leave_room_for_real_queries(served):
    check_query("SELECT * WHERE " + "{" * (MAX_NESTING - 1) + "}" * (MAX_NESTING - 1))
    check_query("SELECT * WHERE { ?s ?p ?o FILTER(" + " || ".join(f"?o = {i}" for i in range(MAX_OPERATORS // 3))
                + ") }")
    check_query("SELECT * WHERE { ?s <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> ?o . FILTER(?o != <x:y>) }")
    values = "SELECT (COUNT(*) AS ?n) WHERE { VALUES ?x { " + " ".join(f'"v{i}"' for i in range(200_000)) + " } }"
    answer = ask(served, values, "BODY")
    assert answer.status_code == 200, answer.text
    assert answer.json()["results"]["bindings"][0]["n"]["value"] == "200000"


def test_a_memory_bomb_hits_the_worker_cap_and_the_worker_is_replaced(served):
    parts = ['BIND("0123456789" AS ?s0)'] + [f"BIND(CONCAT({','.join([f'?s{i - 1}'] * 10)}) AS ?s{i})"
                                             for i in range(1, 9)]
    bomb = "SELECT (STRLEN(?s8) AS ?n) WHERE { " + " ".join(parts) + " }"
    workers = set(served.children())
    answer = ask(served, bomb, "BODY")
    assert answer.status_code == 500, answer.text
    assert "1200 MB, setting serve_worker_memory_mb" in answer.text
    assert ask(served, "ASK {}").json()["boolean"] is True
    assert set(served.children()) != workers


def test_request_heads_are_capped_and_slow_clients_are_dropped(served):
    host, port = served.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port))) as big:
        big.sendall(b"GET /sparql HTTP/1.1\r\nHost: x\r\nX: " + b"a" * 1_000_000 + b"\r\n\r\n")
        assert big.recv(200).startswith(b"HTTP/1.1 431 ")
    before = served.rss_mb()
    floods = [socket.create_connection((host, int(port))) for _ in range(4)]
    for flood in floods:
        flood.setblocking(False)
        for _ in range(512):
            try:
                flood.send(b"GET / HTTP/1.1\r\nX: " + b"a" * 65_536)
            except (BlockingIOError, ConnectionError):
                break
    assert served.rss_mb() - before < 40
    half_open = socket.create_connection((host, int(port)))
    half_open.sendall(b"GET /sparql HTTP/1.1\r\nHost: x\r\n")
    half_open.settimeout(REQUEST_TIMEOUT_S + 3)
    started = time.monotonic()
    assert half_open.recv(100) == b""  # closed without an answer
    assert time.monotonic() - started < REQUEST_TIMEOUT_S + 1.5
    for connection in (*floods, half_open):
        connection.close()
    status = served.get("/sparql", params={"query": "ASK {}", "pad": "x" * (2 * HEAD_LIMIT)})
    assert status.status_code == 400
    assert ask(served, "ASK {}").json()["boolean"] is True


def test_runaway_queries_do_not_starve_other_clients(served):
    runaways = [threading.Thread(target=ask, args=(served, RUNAWAY + str(i))) for i in range(2)]
    first_started = time.monotonic()
    for runaway in runaways:
        runaway.start()
    time.sleep(0.5)
    started = time.monotonic()
    assert ask(served, "ASK {} #light").json()["boolean"] is True
    # an extra worker answers (its start loads the graph: a second or two); waiting for a runaway's
    # timeout would take TIMEOUT_S - 0.5 s
    assert time.monotonic() - started < TIMEOUT_S - 1.5
    third = threading.Thread(target=ask, args=(served, RUNAWAY + "3"))
    third.start()
    time.sleep(0.6)
    started = time.monotonic()
    refused = ask(served, "ASK {} #refused")
    assert time.monotonic() - first_started < TIMEOUT_S  # all three runaways still running
    assert refused.status_code == 503 and "long queries" in refused.text
    assert int(refused.headers["retry-after"]) >= 1
    assert time.monotonic() - started < 0.5  # at once, not after a wait
    for runaway in (*runaways, third):
        runaway.join()
    assert ask(served, "ASK {} #after").json()["boolean"] is True


def test_every_worker_answers_from_the_graph_as_it_was_at_start(served, graph_dir):
    dataset = ox.Dataset(ox.parse(path=str(graph_dir / "eujgraph.trig")))
    distinct = len({quad.triple for quad in dataset})
    description = served.get("/sparql", headers={"Accept": "application/n-triples"}).text
    assert f'"{distinct}"^^<http://www.w3.org/2001/XMLSchema#integer>' in description.split(
        "<http://rdfs.org/ns/void#triples>")[1].split("\n")[0]
    first = ask(served, COUNT + "0", **{"Accept": "text/csv"}).text
    original = (graph_dir / "eujgraph.trig").read_bytes()
    try:
        (graph_dir / "eujgraph.trig").write_bytes(original + b"<urn:g> { <urn:a> <urn:b> <urn:c> . }\n")
        ask(served, RUNAWAY + "respawn")  # a timeout: the worker is replaced
        counts = {ask(served, COUNT + str(i), **{"Accept": "text/csv"}).text for i in range(1, 9)}
        (graph_dir / "eujgraph.trig").write_bytes(b"garbage {{{")
        ask(served, RUNAWAY + "respawn again")
        counts |= {ask(served, COUNT + str(i), **{"Accept": "text/csv"}).text for i in range(9, 15)}
    finally:
        (graph_dir / "eujgraph.trig").write_bytes(original)
    assert counts == {first}


def test_library_queries_take_only_their_declared_parameters(served):
    injected = served.get("/queries/sources.csv?x) { (1) } FILTER(false) VALUES (?z=1")
    assert injected.status_code == 400
    assert injected.text.startswith("unknown parameter 'x) { (1) } FILTER(false) VALUES (?z' for query 'sources'")
    assert served.get("/queries/sources.csv", params={"format": "csv"}).status_code == 200


def test_a_client_leaving_mid_body_is_quiet(served):
    host, port = served.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port))) as leaving:
        leaving.sendall(b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                        b"Content-Length: 1000\r\n\r\nASK {")
        time.sleep(0.2)
    assert ask(served, "ASK {}").json()["boolean"] is True  # the log is checked when the server stops


def test_a_malformed_graph_is_one_clear_message(tmp_path):
    (tmp_path / "eujgraph.trig").write_text("<urn:g> { <urn:a> <urn:b> ", encoding="utf-8")
    outcome = run_cli("serve", "--graph", str(tmp_path), "--port", "0", timeout=30)
    assert outcome.code == 2 and not outcome.traceback, outcome.stderr
    assert outcome.stderr.startswith("Error: ") and "eujgraph.trig" in outcome.stderr
    assert len(outcome.stderr.strip().splitlines()) <= 2


@pytest.mark.parametrize("how", [signal.SIGTERM, signal.SIGKILL])
def test_stopping_the_server_ends_every_worker_even_a_busy_one(graph_dir, how):
    server = start(graph_dir, "--timeout", "30", "--workers", "2")
    workers = server.children()
    busy = threading.Thread(target=lambda: _quietly(ask, server, RUNAWAY + "busy"))
    busy.start()
    time.sleep(0.5)
    os.kill(server.process.pid, how)
    server.process.wait(10)
    deadline = time.monotonic() + 3
    while any(Path(f"/proc/{pid}").exists() and "Z" not in _state(pid) for pid in workers):
        assert time.monotonic() < deadline, "a worker outlived the server"
        time.sleep(0.1)
    busy.join()


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"


def _quietly(function, *args) -> None:
    try:
        function(*args)
    except httpx.HTTPError:
        pass
