"""Pushing to a real Oxigraph server (Graph Store Protocol), querying it, and federating two stores."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import httpx
import pyoxigraph as ox
import pytest

from eujgraph.linking.eurovoc import convert
from eujgraph.errors import EujgraphError
from eujgraph.linking.push import default_graph_store, push, read_named_graphs, served_sizes
from eujgraph.query.library import KnowledgeGraph, load_library
from eujgraph.query.engines import EmbeddedStore, EngineError, Endpoint

from .conftest import ROOT
from .hostile.servers import HostileServer
from .oxigraph_server import OxigraphServer, free_port
from .test_endpoint import assert_same_answers

LIBRARY = load_library(ROOT / "queries")


@pytest.fixture
def server():
    running = OxigraphServer()
    yield running
    running.stop()


def graph_sizes(endpoint: str) -> dict[str, int]:
    kg = KnowledgeGraph(Endpoint(endpoint), {})
    rows = kg.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g").rows()
    return {row["g"]: int(row["n"]) for row in rows}


def test_the_default_graph_store_follows_oxigraphs_layout():
    assert default_graph_store("http://127.0.0.1:7878/query") == "http://127.0.0.1:7878/store"
    assert default_graph_store("http://h/ds/sparql") == "http://h/ds/store"


def test_push_then_the_whole_library_answers_as_embedded(server, built_dir):
    result = subprocess.run([sys.executable, "-m", "eujgraph", "push", "--endpoint", server.query, "--graph",
                             str(built_dir / "eujgraph.trig"), "-q"], capture_output=True, text=True,
                            env=os.environ.copy(), cwd=ROOT)
    assert result.returncode == 0, result.stderr
    expected = {name: len(triples) for name, triples in read_named_graphs(built_dir / "eujgraph.trig").items()}
    assert graph_sizes(server.query) == expected
    assert f"pushed {sum(expected.values())} triples in {len(expected)} named graphs" in result.stdout
    embedded = KnowledgeGraph(EmbeddedStore.from_file(built_dir / "eujgraph.trig"), LIBRARY)
    remote = KnowledgeGraph(Endpoint(server.query), LIBRARY)
    for name in LIBRARY:
        assert_same_answers(embedded, remote, name)


def test_replace_overwrites_and_merge_adds(server, built_dir):
    graphs = read_named_graphs(built_dir / "eujgraph.trig")
    reference = "https://w3id.org/eujgraph/graph/reference"
    extra = ox.Triple(ox.NamedNode("http://example.org/x"), ox.NamedNode("http://example.org/p"), ox.Literal("y"))
    push({reference: [extra]}, server.store)
    assert graph_sizes(server.query) == {reference: 1}
    push({reference: graphs[reference]}, server.store, mode="merge")
    assert graph_sizes(server.query) == {reference: len(graphs[reference]) + 1}
    push({reference: graphs[reference]}, server.store, mode="replace")
    assert graph_sizes(server.query) == {reference: len(graphs[reference])}


def test_a_refused_push_restores_what_was_written(server, built_dir):
    graphs = read_named_graphs(built_dir / "eujgraph.trig")
    first = sorted(graphs)[0]
    push({first: graphs[first][:3]}, server.store)
    # The server refuses the second graph (its name is no IRI): nothing may change.
    broken = {first: graphs[first],
              "not an iri": [ox.Triple(ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p"), ox.Literal("o"))]}
    with pytest.raises(EngineError, match=r"refused <not an iri>: HTTP 400 Invalid IRI"):
        push(broken, server.store)
    assert graph_sizes(server.query) == {first: 3}


def test_a_store_that_dies_mid_push_is_reported_with_what_could_not_be_restored(built_dir):
    graphs = read_named_graphs(built_dir / "eujgraph.trig")
    first, second = sorted(graphs)[:2]
    dying = OxigraphServer()

    class StopAfterFirst(dict):  # the real server goes down between the first and second write
        def items(self):
            for number, item in enumerate(super().items()):
                if number == 1:
                    dying.stop()
                yield item

    with pytest.raises(EngineError, match=rf"could not restore <{first}>"):
        push(StopAfterFirst({first: graphs[first], second: graphs[second]}), dying.store)


def test_unreachable_graph_store_is_one_line():
    with pytest.raises(EngineError) as caught:
        push({"http://g": []}, f"http://127.0.0.1:{free_port()}/store")
    assert "unreachable" in str(caught.value) and "\n" not in str(caught.value)


def test_only_dataset_files_are_pushed(tmp_path):
    for name, message in (("hostname", r"extension '\(none\)'"), ("g.ttl", "Turtle holds no named graphs")):
        (tmp_path / name).write_text("<http://e/s> <http://e/p> <http://e/o> .\n")
        with pytest.raises(EujgraphError, match=message):
            read_named_graphs(tmp_path / name)


def test_an_unreadable_count_is_an_engine_error():
    body = b'{"head": {"vars": ["g", "n"]}, "results": {"bindings": [{"g": {"type": "literal", "value": "x"}}]}}'
    server = HostileServer(lambda: iter([b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
                                         b"Content-Length: %d\r\n\r\n%s" % (len(body), body)]))
    try:
        with pytest.raises(EngineError, match="sent an unreadable count"):
            served_sizes(server.url, timeout=5)
    finally:
        server.stop()


def test_a_trickling_store_is_stopped_at_the_deadline():
    from .hostile.servers import trickle

    server = HostileServer(lambda: trickle(5.0))
    try:
        started = time.monotonic()
        with pytest.raises(EngineError, match="no complete answer within the 1 s deadline"):
            push({"http://g": []}, server.url, timeout=1)
        assert time.monotonic() - started < 2
    finally:
        server.stop()


def test_federated_query_joins_our_graph_with_eurovoc_in_another_server(server, built_dir, tmp_path):
    eurovoc = OxigraphServer(union=False)
    try:
        skos = tmp_path / "eurovoc.nt"
        convert(ROOT / "graph/external/eurovoc-2021-06-04/eurovoc.yaml", skos)
        response = httpx.post(eurovoc.store + "?default", content=skos.read_bytes(),
                              headers={"Content-Type": "application/n-triples"}, timeout=60)
        assert response.status_code in (200, 201, 204)
        push(read_named_graphs(built_dir / "eujgraph.trig"), server.store)
        federated = f"""
            PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
            SELECT ?area ?eurovocLabel WHERE {{
              ?area skos:exactMatch ?concept .
              SERVICE <{eurovoc.query}> {{ ?concept skos:prefLabel ?eurovocLabel FILTER(lang(?eurovocLabel) = "en") }}
            }} ORDER BY ?area"""
        rows = KnowledgeGraph(Endpoint(server.query), {}).query(federated).rows()
        joined = {row["area"].rsplit("/", 1)[1]: row["eurovocLabel"] for row in rows}
        assert joined["biodiversity"] == "biodiversity"
        assert joined["defence-industry"] == "arms industry"
        assert joined["cyber-security"] == "information security"
        assert len(joined) == 17
    finally:
        eurovoc.stop()


def test_link_reads_another_dataset_from_a_sparql_endpoint(server, built_dir, tmp_path):
    from eujgraph.linking.reconcile import reconcile_with
    from eujgraph.pipeline import Project

    response = httpx.post(server.store + "?default", content=(ROOT / "tests/fixtures/other-summits.ttl").read_bytes(),
                          headers={"Content-Type": "text/turtle"}, timeout=30)
    assert response.status_code in (200, 201, 204)
    (tmp_path / "graph").mkdir()
    (tmp_path / "graph/eujgraph.trig").write_bytes((built_dir / "eujgraph.trig").read_bytes())
    result, name = reconcile_with(Project(tmp_path), server.query)
    assert name.startswith("127-0-0-1-")
    assert {(l.ours.rsplit("/", 1)[1], l.theirs.rsplit("/", 1)[1]) for l in result.links} == {
        ("antonio-costa", "p1"), ("shigeru-ishiba", "p2"), ("japan", "jp"), ("maritime-security", "c1"),
        ("cyber-security", "c3")}


def test_each_store_layout_finds_its_graph_store():
    assert default_graph_store("http://h:8890/sparql", "virtuoso") == "http://h:8890/sparql-graph-crud-auth"
    assert default_graph_store("http://h:3030/eujgraph/sparql", "fuseki") == "http://h:3030/eujgraph/data"
    assert default_graph_store("http://h:7200/repositories/eujgraph", "graphdb") == \
        "http://h:7200/repositories/eujgraph/rdf-graphs/service"


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    from . import virtuoso_server

    assert virtuoso_server.available(), "Debian's virtuoso-opensource is needed (tests/run.sh installs it)"
    running = virtuoso_server.VirtuosoServer(tmp_path_factory.mktemp("virtuoso"))
    yield running
    running.stop()


def run_push(endpoint: str, graph: str, env: dict, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "eujgraph", "push", "--endpoint", endpoint, "--store", "virtuoso",
                           "--graph", graph, "-q", *extra], capture_output=True, text=True, env=env, cwd=ROOT)


def test_push_to_virtuoso_with_digest_credentials_from_the_environment(virtuoso, built_dir):
    from .virtuoso_server import PASSWORD, USER

    env = {**os.environ, "EUJGRAPH_STORE_USER": USER, "EUJGRAPH_STORE_PASSWORD": PASSWORD}
    result = run_push(virtuoso.query, str(built_dir / "eujgraph.trig"), env)
    assert result.returncode == 0, result.stderr
    expected = {name: len(triples) for name, triples in read_named_graphs(built_dir / "eujgraph.trig").items()}
    assert served_sizes(virtuoso.query) == expected
    assert "(endpoint reports" not in result.stdout
    embedded = KnowledgeGraph(EmbeddedStore.from_file(built_dir / "eujgraph.trig"), LIBRARY)
    remote = KnowledgeGraph(Endpoint(virtuoso.query), LIBRARY)
    params = {"summit": "euj:summit/eu-japan-2025", "lang": "fi"}
    assert remote.query("summit-participants", **params).rows() == \
        embedded.query("summit-participants", **params).rows()


def test_credentials_come_from_netrc_and_a_wrong_password_is_named_but_never_shown(virtuoso, built_dir, tmp_path):
    from .virtuoso_server import USER

    home = tmp_path / "home"
    home.mkdir()
    netrc = home / ".netrc"
    netrc.write_text(f"machine 127.0.0.1 login {USER} password not-the-secret-7f3a\n")
    netrc.chmod(0o600)
    env = {key: value for key, value in os.environ.items() if not key.startswith("EUJGRAPH_STORE_")}
    env["HOME"] = str(home)
    result = run_push(virtuoso.query, str(built_dir / "eujgraph.trig"), env)
    assert result.returncode == 3
    assert "HTTP 401, not authorised" in result.stderr and "~/.netrc (machine 127.0.0.1)" in result.stderr
    assert "not-the-secret-7f3a" not in result.stderr + result.stdout
    netrc.write_text(f"machine 127.0.0.1 login {USER} password not-the-secret-7f3a\nbogus-token x\n")
    result = run_push(virtuoso.query, str(built_dir / "eujgraph.trig"), env)
    assert result.returncode == 2 and ".netrc:2" in result.stderr and "bogus-token" in result.stderr, result.stderr
    assert "not-the-secret-7f3a" not in result.stderr + result.stdout


def test_without_credentials_virtuoso_refuses_and_nothing_is_written(virtuoso, built_dir, tmp_path):
    env = {key: value for key, value in os.environ.items() if not key.startswith("EUJGRAPH_STORE_")}
    env["HOME"] = str(tmp_path)  # no ~/.netrc
    before = served_sizes(virtuoso.query)
    result = run_push(virtuoso.query, str(built_dir / "eujgraph.trig"), env)
    assert result.returncode == 3 and "HTTP 401, not authorised" in result.stderr
    assert served_sizes(virtuoso.query) == before


def test_a_large_graph_goes_in_chunks_with_a_progress_line_each(server, built_dir):
    graphs = read_named_graphs(built_dir / "eujgraph.trig")
    history = "https://w3id.org/eujgraph/graph/history"
    heard: list[str] = []
    report = push({history: graphs[history]}, server.store, chunk_triples=4000, progress=heard.append)
    chunks = -(-len(graphs[history]) // 4000)
    assert chunks >= 3 and report.graphs == {history: len(graphs[history])}
    assert heard == [f"{'PUT' if n == 1 else 'POST'} {min(4000, len(graphs[history]) - 4000 * (n - 1))} triples "
                     f"to <{history}> (chunk {n}/{chunks})" for n in range(1, chunks + 1)]
    assert graph_sizes(server.query) == {history: len(graphs[history])}


def test_a_store_that_dies_between_chunks_is_reported_with_the_graph_left_half_written(built_dir):
    graphs = read_named_graphs(built_dir / "eujgraph.trig")
    history = "https://w3id.org/eujgraph/graph/history"
    dying = OxigraphServer()

    def stop_at_the_second_chunk(line: str) -> None:
        if "(chunk 2/" in line:
            dying.stop()

    with pytest.raises(EngineError, match=rf"could not restore <{history}>"):
        push({history: graphs[history]}, dying.store, chunk_triples=4000, progress=stop_at_the_second_chunk)


def test_many_graphs_left_unrestored_are_named_by_position_in_one_short_line(built_dir, tmp_path):
    graphs = read_named_graphs(built_dir / "eujgraph.trig")
    many = {f"https://w3id.org/eujgraph/graph/memo/copy-{n:02d}": graphs[sorted(graphs)[0]][:5] for n in range(40)}
    dying = OxigraphServer(location=tmp_path / "store")
    heard: list[str] = []

    def stop_at_the_21st(line: str) -> None:
        heard.append(line)
        if len(heard) == 21:
            dying.stop()

    with pytest.raises(EngineError) as failed:
        push(many, dying.store, progress=stop_at_the_21st)
    message = str(failed.value)
    assert "could not restore 21 of the 40 graphs: numbers 1-21 in the order pushed, from " \
           "<https://w3id.org/eujgraph/graph/memo/copy-00> to <https://w3id.org/eujgraph/graph/memo/copy-20>" in message
    assert len(message) < 600 and "\n" not in message
    again = OxigraphServer(location=tmp_path / "store")  # what the store really holds
    try:
        held = graph_sizes(again.query)
    finally:
        again.stop()
    assert sorted(held) == sorted(many)[:20]  # the 21st write failed with the store: it stayed as it was


def basic_challenge():
    return iter([b"HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"store\"\r\n"
                 b"Content-Length: 0\r\n\r\n"])


def test_a_password_is_never_sent_by_basic_over_plain_http_to_another_host(monkeypatch):
    monkeypatch.setenv("EUJGRAPH_STORE_USER", "analyst")
    monkeypatch.setenv("EUJGRAPH_STORE_PASSWORD", "not-the-secret-9c1e")
    elsewhere = HostileServer(basic_challenge, host="127.0.0.2")  # not the loopback name: another host
    try:
        with pytest.raises(EngineError, match="HTTP Basic over plain http") as refused:
            Endpoint(elsewhere.url).query("ASK {}", {})
        assert "not-the-secret-9c1e" not in str(refused.value)
        assert elsewhere.heads and not any(b"authorization" in head.lower() for head in elsewhere.heads)
    finally:
        elsewhere.stop()


def test_link_never_offers_the_store_credentials_to_the_other_dataset(monkeypatch):
    from eujgraph.linking.reconcile import read_other

    monkeypatch.setenv("EUJGRAPH_STORE_USER", "analyst")
    monkeypatch.setenv("EUJGRAPH_STORE_PASSWORD", "not-the-secret-9c1e")
    other = HostileServer(basic_challenge)
    try:
        with pytest.raises(EngineError, match="HTTP 401"):
            read_other(other.url)
        assert other.heads and not any(b"authorization" in head.lower() for head in other.heads)
    finally:
        other.stop()
