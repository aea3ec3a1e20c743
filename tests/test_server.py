"""`eujgraph serve` over real HTTP: the SPARQL 1.1 Protocol with a standard client, pages, limits and refusals.

One server (a subprocess on 127.0.0.1) answers every test; the answers are compared with the
embedded engine over the same file.
"""

from __future__ import annotations

import csv
import hashlib
import html
import io
import json
import re
import socket
import struct
import subprocess
import sys
import threading
import time
import zlib
from urllib.parse import quote

import httpx
import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS
from SPARQLWrapper import CSV, JSON, JSONLD, POST, POSTDIRECTLY, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

from eujgraph.viz.page import render_page
from eujgraph.web.protocol import GRAPH_FORMATS, SOLUTION_FORMATS, ServiceError, negotiate, parse_accept, refusal
from eujgraph.query.library import KnowledgeGraph, load_library
from eujgraph.query.engines import EmbeddedStore
from eujgraph.viz.projection import project

from .conftest import ROOT
from .serving import EVIL, MAX_QUERY_BYTES, ROW_CAP, TIMEOUT_S, server, served_graph  # noqa: F401

LIBRARY = load_library(ROOT / "queries")
EXAMPLES = {"area": "euj:area/security-and-defence", "actor": "euj:organisation/japan",
            "claim": "euj:commitment/eu-japan-summit-2025-07-23-fi/competitiveness-alliance"}
MEMO_GRAPH = "https://w3id.org/eujgraph/graph/memo/eu-japan-summit-2025-07-23-fi"
REFERENCE_GRAPH = "https://w3id.org/eujgraph/graph/reference"
KALLAS = "https://w3id.org/eujgraph/id/person/kaja-kallas"
PARTICIPANTS = """PREFIX eujo: <https://w3id.org/eujgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?person ?label WHERE { ?p a eujo:Participation ; eujo:participant ?person .
  ?person rdfs:label ?label FILTER(lang(?label) = "en") } ORDER BY ?label ?person"""
COMMITMENTS_GRAPH = """PREFIX eujo: <https://w3id.org/eujgraph/ontology#>
CONSTRUCT { ?c a eujo:Commitment ; eujo:status ?s } WHERE { ?c a eujo:Commitment ; eujo:status ?s }"""
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def embedded(served_graph) -> EmbeddedStore:
    return EmbeddedStore.from_file(served_graph / "eujgraph.trig")


def client(server, query: str, fmt: str, method: str = "GET") -> SPARQLWrapper:
    wrapper = SPARQLWrapper(server.url + "/sparql")
    wrapper.setQuery(query)
    wrapper.setReturnFormat(fmt)
    if method == "POST":
        wrapper.setMethod(POST)
    elif method == "POSTDIRECTLY":
        wrapper.setMethod(POST)
        wrapper.setRequestMethod(POSTDIRECTLY)
    return wrapper


def expected_rows(embedded, sparql: str) -> list[dict[str, str]]:
    answer = embedded.query(sparql, {})
    return [{name: term.value for name, term in zip(answer.variables, s, strict=True) if term is not None}
            for s in answer.solutions()]


# --- the protocol, through SPARQLWrapper -------------------------------------------------

@pytest.mark.parametrize("method", ["GET", "POST", "POSTDIRECTLY"])
def test_select_as_sparql_json_by_each_method(server, embedded, method):
    result = client(server, PARTICIPANTS, JSON, method).queryAndConvert()
    rows = [{name: cell["value"] for name, cell in binding.items()} for binding in result["results"]["bindings"]]
    assert rows == expected_rows(embedded, PARTICIPANTS)
    assert {"person": KALLAS, "label": "Kaja Kallas"} in rows


@pytest.mark.parametrize("method", ["GET", "POST", "POSTDIRECTLY"])
def test_select_as_xml_csv_and_tsv(server, embedded, method):
    want = expected_rows(embedded, PARTICIPANTS)
    document = client(server, PARTICIPANTS, XML, method).queryAndConvert()  # an xml.dom.minidom document
    results = document.getElementsByTagName("result")
    assert len(results) == len(want)
    assert [r.getElementsByTagName("literal")[0].firstChild.data for r in results] == [w["label"] for w in want]
    table = client(server, PARTICIPANTS, CSV, method).queryAndConvert().decode("utf-8")
    assert list(csv.DictReader(io.StringIO(table))) == want
    tsv = client(server, PARTICIPANTS, TSV, method).queryAndConvert().decode("utf-8").splitlines()
    assert tsv[0] == "?person\t?label" and len(tsv) == len(want) + 1
    assert f'<{KALLAS}>\t"Kaja Kallas"@en' in tsv


@pytest.mark.parametrize("method", ["GET", "POST", "POSTDIRECTLY"])
def test_ask_as_json_and_xml(server, method):
    yes = f"ASK {{ <{KALLAS}> ?p ?o }}"
    assert client(server, yes, JSON, method).queryAndConvert()["boolean"] is True
    no = "ASK { <https://w3id.org/eujgraph/id/person/nobody> ?p ?o }"
    assert client(server, no, JSON, method).queryAndConvert()["boolean"] is False
    document = client(server, yes, XML, method).queryAndConvert()
    assert document.getElementsByTagName("boolean")[0].firstChild.data == "true"


@pytest.mark.parametrize("fmt", [TURTLE, RDFXML, JSONLD])
@pytest.mark.parametrize("method", ["GET", "POSTDIRECTLY"])
def test_construct_in_turtle_rdfxml_and_jsonld(server, embedded, fmt, method):
    wrapper = client(server, COMMITMENTS_GRAPH, fmt, method)
    response = wrapper.query().response
    body = response.read()
    media = {TURTLE: "turtle", RDFXML: "xml", JSONLD: "json-ld"}[fmt]
    got = Graph().parse(data=body, format=media)
    want = {tuple(map(str, (t.subject.value, t.predicate.value, t.object.value)))
            for t in embedded.query(COMMITMENTS_GRAPH, {}).triples}
    assert {(str(s), str(p), str(o)) for s, p, o in got} == want and len(want) > 50


def test_describe_and_ntriples_by_accept(server):
    response = server.get("/sparql", params={"query": f"DESCRIBE <{KALLAS}>"},
                          headers={"Accept": "application/n-triples"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("application/n-triples")
    got = Graph().parse(data=response.text, format="nt")
    assert (URIRef(KALLAS), RDFS.label, Literal("Kaja Kallas", lang="en")) in got


def test_every_library_query_answers_as_the_embedded_engine(server, served_graph):
    embedded = KnowledgeGraph(EmbeddedStore.from_file(served_graph / "eujgraph.trig"), LIBRARY)
    for name, named in LIBRARY.items():
        params = {p.name: EXAMPLES[p.name] for p in named.parameters if p.required}
        local = embedded.query(name, **params)
        response = server.get(f"/queries/{name}.json" if named.form in ("SELECT", "ASK") else f"/queries/{name}.nt",
                               params=params)
        assert response.status_code == 200, (name, response.text)
        if named.form == "SELECT":
            served = [{k: v["value"] for k, v in b.items()} for b in response.json()["results"]["bindings"]]
            assert served == local.rows(), name
        elif named.form == "ASK":
            assert response.json()["boolean"] == local.boolean, name
        else:
            assert len(Graph().parse(data=response.text, format="nt")) == len(local.answer.triples), name


def test_library_query_formats_and_bound_text(server):
    csv_text = server.get("/queries/summit-participants.csv", params={"lang": "fi"}).text
    rows = list(csv.DictReader(io.StringIO(csv_text)))
    assert ("Kaja Kallas", "unionin ulkoasioiden ja turvallisuuspolitiikan korkea edustaja") in {
        (r["personLabel"], r["officeLabel"]) for r in rows}
    bound = server.get("/queries/summit-participants.rq", params={"lang": "fi"})
    assert bound.headers["content-type"].startswith("application/sparql-query")
    assert 'VALUES (?lang) { ("fi") }' in bound.text
    sneaky = server.get("/queries/summit-participants.rq", params={"lang": "fi", "summit": "} ; DROP ALL"})
    assert sneaky.status_code == 400 and "not a valid iri" in sneaky.text
    assert server.get("/queries/no-such-query.csv").status_code == 404
    listing = server.get("/queries").json()
    assert [q["name"] for q in listing] == list(LIBRARY)


def test_default_and_named_graph_uri(server, embedded):
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    in_memo = int(expected_rows(embedded, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{MEMO_GRAPH}> {{ ?s ?p ?o }} }}")
                  [0]["n"])
    wrapper = client(server, count, JSON)
    wrapper.addDefaultGraph(MEMO_GRAPH)
    assert int(wrapper.queryAndConvert()["results"]["bindings"][0]["n"]["value"]) == in_memo
    union = int(client(server, count, JSON).queryAndConvert()["results"]["bindings"][0]["n"]["value"])
    assert union > in_memo
    graphs = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"
    wrapper = client(server, graphs, JSON, "POST")
    wrapper.addNamedGraph(MEMO_GRAPH)
    wrapper.addNamedGraph(REFERENCE_GRAPH)
    assert [b["g"]["value"] for b in wrapper.queryAndConvert()["results"]["bindings"]] == sorted(
        [MEMO_GRAPH, REFERENCE_GRAPH])
    only_named = server.get("/sparql", params={"query": count, "named-graph-uri": MEMO_GRAPH})
    assert only_named.json()["results"]["bindings"][0]["n"]["value"] == "0"  # the default graph is then empty


def test_service_description(server, embedded):
    response = server.get("/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/turtle")
    described = Graph().parse(data=response.text, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    endpoint = URIRef(server.url + "/sparql")
    assert (endpoint, URIRef(sd + "endpoint"), endpoint) in described
    assert (endpoint, URIRef(sd + "supportedLanguage"), URIRef(sd + "SPARQL11Query")) in described
    names = {str(o) for o in described.objects(None, URIRef(sd + "name"))}
    assert names == {row["g"] for row in expected_rows(embedded, "SELECT DISTINCT ?g WHERE { GRAPH ?g {} }")}
    assert server.get("/sparql", headers={"Accept": "application/ld+json"}).json()
    browser = server.get("/sparql", headers={"Accept": "text/html,*/*;q=0.8"}, follow_redirects=False)
    assert browser.status_code == 303 and browser.headers["location"] == "/"


def test_cors(server):
    preflight = httpx.options(server.url + "/sparql", headers={
        "Origin": "https://example.org", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"}, timeout=10)
    assert preflight.status_code == 200
    assert preflight.headers["access-control-allow-origin"] == "*"
    assert "POST" in preflight.headers["access-control-allow-methods"]
    simple = server.get("/sparql", params={"query": "ASK {}"}, headers={"Origin": "https://example.org"})
    assert simple.headers["access-control-allow-origin"] == "*"


# --- refusals and limits ---------------------------------------------------------------------

def triple_count(server) -> int:
    response = server.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"})
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def test_updates_are_refused_with_403_and_change_nothing(server):
    before = triple_count(server)
    insert = "INSERT DATA { <http://example.org/a> <http://example.org/b> <http://example.org/c> }"
    drop = "PREFIX ex: <http://example.org/>\nDROP ALL"
    answers = [
        server.post("/sparql", data={"update": insert}),
        server.post("/sparql", content=drop, headers={"Content-Type": "application/sparql-update"}),
        server.post("/sparql", data={"query": drop}),
        server.get("/sparql", params={"query": insert}),
        server.post("/sparql", content=insert, headers={"Content-Type": "application/sparql-query"}),
    ]
    for answer in answers:
        assert answer.status_code == 403, answer.text
        assert "SPARQL Update is not allowed: this endpoint is read-only" in answer.text
    wrapper = SPARQLWrapper(server.url + "/sparql")
    wrapper.setQuery(insert)
    wrapper.setMethod(POST)
    with pytest.raises(Exception) as caught:
        wrapper.query()
    assert "403" in str(caught.value)
    assert triple_count(server) == before


def test_service_is_refused_and_no_outside_request_is_made(server):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(1.5)
    port = listener.getsockname()[1]
    accepted = []
    thread = threading.Thread(target=lambda: accepted.append(_accept(listener)))
    thread.start()
    query = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{port}/sparql> {{ ?s ?p ?o }} }}"
    response = server.get("/sparql", params={"query": query})
    thread.join()
    listener.close()
    assert response.status_code == 403 and "SERVICE" in response.text
    assert accepted == [None]


def _accept(listener: socket.socket):
    try:
        connection, _ = listener.accept()
        connection.close()
        return "connected"
    except OSError:
        return None


def test_timeout_stops_the_query_and_its_worker(server):
    workers = sorted(server.children())
    assert len(workers) == 2
    started = time.monotonic()
    response = server.post("/sparql", data={"query": RUNAWAY})
    took = time.monotonic() - started
    assert response.status_code == 503
    assert f"query timeout: the query ran longer than {TIMEOUT_S:g} s" in response.text
    assert took < TIMEOUT_S + 2
    quick = server.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
    assert quick.status_code == 200 and quick.json()["boolean"] is True
    deadline = time.monotonic() + 20
    while len(server.children()) != 2 or sorted(server.children()) == workers:
        assert time.monotonic() < deadline, "the stopped worker was not replaced"
        time.sleep(0.1)
    assert len(set(server.children()) & set(workers)) == 1  # the stuck one was killed, a new one started


def test_row_cap(server):
    response = server.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert response.status_code == 422
    assert f"more than {ROW_CAP} rows, this server's row cap" in response.text and "LIMIT" in response.text
    capped = server.get("/sparql", params={"query": f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {ROW_CAP}"})
    assert capped.status_code == 200 and len(capped.json()["results"]["bindings"]) == ROW_CAP
    graph = server.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"})
    assert graph.status_code == 422 and f"more than {ROW_CAP} triples" in graph.text


def test_errors_are_clear(server):
    syntax = server.get("/sparql", params={"query": "SELECT ?x WHERE { ?x"})
    assert syntax.status_code == 400 and syntax.text.startswith("SPARQL syntax error")
    assert server.get("/sparql", params=[("query", "ASK {}"), ("query", "ASK {}")]).status_code == 400
    png = server.get("/sparql", params={"query": "ASK {}"}, headers={"Accept": "image/png"})
    assert png.status_code == 406 and "application/sparql-results+json" in png.text
    wrong = server.post("/sparql", content="ASK {}", headers={"Content-Type": "text/plain"})
    assert wrong.status_code == 415
    assert server.get("/sparql", params={"query": "ASK {}", "format": "bogus"}).status_code == 400
    bad_graph = server.get("/sparql", params={"query": "ASK {}", "default-graph-uri": "not an iri"})
    assert bad_graph.status_code == 400 and "is not an absolute IRI" in bad_graph.text
    construct_as_json = server.get("/sparql", params={"query": COMMITMENTS_GRAPH, "format": "json"})
    assert construct_as_json.status_code == 406 and "text/turtle" in construct_as_json.text


# --- security --------------------------------------------------------------------------------

def raw_get(server, target: str, headers: str = "") -> tuple[int, bytes]:
    """A request sent byte for byte, so that no client library normalises the path."""
    host, port = server.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(f"GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n{headers}\r\n".encode())
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    status = int(data.split(b" ", 2)[1])
    return status, data.split(b"\r\n\r\n", 1)[1]


@pytest.mark.parametrize("target", [
    "/static/../../../pyproject.toml", "/static/%2e%2e/%2e%2e/%2e%2e/pyproject.toml",
    "/static/..%2f..%2f..%2fpyproject.toml", "/static/%2e%2e%2f%2e%2e%2fserver.py", "/static/../server.py",
    "/static//etc/passwd", "/static/%2fetc%2fpasswd", "/id/../../../etc/passwd", "/id/%2e%2e/%2e%2e/etc/passwd",
    "/static/..\\..\\server.py",
])
def test_path_traversal_is_refused(server, target):
    status, body = raw_get(server, target)
    assert 400 <= status < 500
    assert b"[project]" not in body and b"root:" not in body and b"def create_app" not in body
    assert server.get("/static/query.js").status_code == 200  # and the server keeps serving


@pytest.mark.parametrize("accept", ["text/html;q=2", "*/json", ";;;", "application/sparql-results+json;q",
                                    "text/csv; q=0.5.5", "\x01"])
def test_malformed_accept_is_400_and_the_server_keeps_serving(server, accept):
    status, body = raw_get(server, "/sparql?query=" + quote("ASK {}"), f"Accept: {accept}\r\n")
    assert status == 400
    if accept != "\x01":  # a control character is refused by the HTTP parser itself
        assert b"malformed Accept header" in body
    status, _ = raw_get(server, "/id/person/kaja-kallas", f"Accept: {accept}\r\n")
    assert status == 400
    assert server.get("/sparql", params={"query": "ASK {}"}).json()["boolean"] is True


def test_oversized_queries_are_refused_and_the_server_keeps_serving(server):
    big = "ASK { }" + "#" * (MAX_QUERY_BYTES + 10)
    posted = server.post("/sparql", content=big, headers={"Content-Type": "application/sparql-query"})
    assert posted.status_code == 413 and f"limit of {MAX_QUERY_BYTES} bytes" in posted.text
    form = server.post("/sparql", data={"query": big})
    assert form.status_code == 413
    status, body = raw_get(server, "/sparql?query=" + "x" * (MAX_QUERY_BYTES + 100))
    assert status == 414 and b"send the query by POST" in body
    status, body = raw_get(server, "/sparql?query=" + "x" * (4 * MAX_QUERY_BYTES))
    assert status == 400 and b"Invalid HTTP request" in body  # refused by the HTTP parser itself
    huge = httpx.post(server.url + "/sparql", content=b"x" * (20 * MAX_QUERY_BYTES),
                      headers={"Content-Type": "application/sparql-query"}, timeout=30)
    assert huge.status_code == 413
    assert server.get("/sparql", params={"query": "ASK {}"}).json()["boolean"] is True


def test_markup_in_data_and_requests_is_escaped(server):
    page = server.get("/id/person/evil").text
    assert "<script>alert(1)" not in page and "<img src=x" not in page and "<svg" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;" in page
    assert 'href="javascript:' not in page and "javascript:alert(4)" in page  # shown as text, not as a link
    missing = server.get("/id/<script>alert(5)</script>")
    assert missing.status_code == 404 and "<script>alert(5)" not in missing.text
    assert "&lt;script&gt;alert(5)&lt;/script&gt;" in missing.text
    echoed = server.get("/sparql", params={"query": "<script>alert(6)</script>"})
    assert echoed.status_code == 400 and echoed.headers["content-type"].startswith("text/plain")
    assert echoed.headers["x-content-type-options"] == "nosniff"
    unknown = server.get("/queries/<script>alert(7)</script>")
    assert unknown.status_code == 404 and unknown.headers["content-type"].startswith("text/plain")
    home = server.get("/", params={"query": "<script>alert(8)</script>"}).text
    assert "alert(8)" not in home  # the page reads its address in script, never echoes it
    csp = server.get("/").headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]


# --- entity pages and the graph --------------------------------------------------------------

def test_entity_page_html(server):
    response = server.get("/id/commitment/eu-japan-summit-2025-07-23-fi/competitiveness-alliance")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    html = response.text
    assert "<h1>Establish the Japan–EU Competitiveness Alliance</h1>" in html
    assert "Uuden kilpailukykyallianssin perustaminen" in html
    assert "<mark>EU ja Japani perustavat uuden kilpailukykyallianssin</mark>" in html
    assert 'href="/id/instrument/eu-japan-competitiveness-alliance"' in html
    assert 'href="/id/document/eu-japan-summit-2025-07-23-fi">memo eu-japan-summit-2025-07-23-fi</a>' in html
    assert 'id="graph-link" href="/graph#commitment/eu-japan-summit-2025-07-23-fi/competitiveness-alliance"' in html
    person = server.get("/id/person/kaja-kallas", params={"lang": "fi"}).text
    assert "Tukevat virkkeet" in person and "<mark>" in person and "Viittaukset tähän" in person


ROLES = """PREFIX eujo: <https://w3id.org/eujgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?participation ?date ?event ?office ?acting ?person
       (SAMPLE(?p) AS ?personLabel) (SAMPLE(?e) AS ?eventLabel) (SAMPLE(?o) AS ?officeLabel)
       (SAMPLE(?a) AS ?actingLabel) WHERE {
  ?participation eujo:participant ?person ; eujo:atEvent ?event ; eujo:inOffice ?office .
  OPTIONAL { ?participation eujo:actingAs ?acting . ?acting rdfs:label ?a FILTER(lang(?a) = ?lang) }
  OPTIONAL { ?event eujo:date ?date }
  ?person rdfs:label ?p FILTER(lang(?p) = ?lang) ?event rdfs:label ?e FILTER(lang(?e) = ?lang)
  ?office rdfs:label ?o FILTER(lang(?o) = ?lang)
  FILTER NOT EXISTS { ?participation rdfs:label ?own }
} GROUP BY ?participation ?date ?event ?office ?acting ?person ORDER BY ?date ?participation"""


def participations(embedded, lang: str, **where: str) -> list[dict[str, str]]:
    """Each participation (one office) with its roles' labels in ``lang``, from the graph itself."""
    rows = expected_rows(embedded, ROLES.replace("?lang", f'"{lang}"'))
    return [row for row in rows if all(row.get(key) == value for key, value in where.items())]


def page_name(row: dict[str, str], lang: str) -> str:
    """The name an entity page gives a participation: participant, event and office (and acting office)."""
    if lang == "fi":
        acting = f"; toimien: {row['actingLabel']}" if "actingLabel" in row else ""
        return f"{row['personLabel']} – {row['eventLabel']} ({row['officeLabel']}{acting})"
    acting = f", acting as {row['actingLabel']}" if "actingLabel" in row else ""
    return f"{row['personLabel']} at the {row['eventLabel']} ({row['officeLabel']}{acting})"


def section(page: str, name: str) -> str:
    found = re.search(rf'<section id="{name}">(.*?)</section>', page, re.S)
    assert found, f"no section {name!r} in the page"
    return found.group(1)


@pytest.mark.parametrize("lang", ["en", "fi"])
def test_entity_pages_name_participations_from_participant_event_and_office(server, embedded, lang):
    at_summit = participations(embedded, lang, event="https://w3id.org/eujgraph/id/summit/eu-japan-2025")
    assert len({row["person"] for row in at_summit}) >= 4
    summit = server.get("/id/summit/eu-japan-2025", params={"lang": lang}).text
    links = section(summit, "incoming")
    for row in at_summit:
        path = row["participation"].removeprefix("https://w3id.org/eujgraph/id/")
        assert f'<a href="/id/{path}" title="{row["participation"]}">{html.escape(page_name(row, lang))}</a>' in links
    assert ">euj:participation/" not in summit  # no participation shown by its IRI any more
    acting = next(row for row in participations(embedded, lang) if "actingLabel" in row)
    page = server.get("/id/" + acting["participation"].removeprefix("https://w3id.org/eujgraph/id/"),
                      params={"lang": lang}).text
    assert f"<h1>{html.escape(page_name(acting, lang))}</h1>" in page and 'class="derived-name"' in page
    turtle = Graph().parse(data=server.get("/id/" + acting["participation"].removeprefix(
        "https://w3id.org/eujgraph/id/") + ".ttl").text, format="turtle")
    assert list(turtle.objects(URIRef(acting["participation"]), RDFS.label)) == []  # named on the page only


@pytest.mark.parametrize("person", [KALLAS, "https://w3id.org/eujgraph/id/person/herman-van-rompuy"])
def test_a_person_page_says_the_office_at_each_event(server, embedded, person):
    roles = participations(embedded, "en", person=person)
    want = list(dict.fromkeys((row["event"], row["office"]) for row in roles))  # earliest first, as queried
    assert want
    page = server.get("/id/" + person.removeprefix("https://w3id.org/eujgraph/id/")).text
    rows = re.findall(r"<tr><td>([^<]*)</td>(.*?)</tr>", section(page, "participations"), re.S)
    got = [tuple(re.findall(r'title="([^"]+)"', cells)[:2]) for _, cells in rows]
    assert got == want
    first = roles[0]
    assert rows[0][0] == first.get("date", "")
    assert f">{html.escape(first['eventLabel'])}</a>" in rows[0][1]
    assert f">{html.escape(first['officeLabel'])}</a>" in rows[0][1]
    assert "Took part in" in page
    assert "Osallistuminen" in server.get("/id/" + person.removeprefix("https://w3id.org/eujgraph/id/"),
                                          params={"lang": "fi"}).text


def test_a_node_without_a_label_is_named_by_the_first_pattern_its_links_fill():
    from eujgraph.web.entity import EUJ_BASE, describe

    eujo, rdfs = "https://w3id.org/eujgraph/ontology#", "http://www.w3.org/2000/01/rdf-schema#"
    store = ox.Store()

    def add(subject: str, predicate: str, value: str | dict) -> None:
        objects = ([ox.Literal(text, language=lang) for lang, text in value.items()] if isinstance(value, dict)
                   else [ox.NamedNode(EUJ_BASE + value)])
        for term in objects:
            store.add(ox.Quad(ox.NamedNode(EUJ_BASE + subject), ox.NamedNode(predicate), term))

    add("person/p", rdfs + "label", {"en": "Pat", "fi": "Pat"})
    add("summit/s", rdfs + "label", {"en": "1st summit", "fi": "1. kokous"})
    add("office/o", rdfs + "label", {"en": "Premier"})  # no Finnish label: the English one stands in
    add("office/a", rdfs + "label", {"en": "Chair", "fi": "puheenjohtaja"})
    for role, value in (("participant", "person/p"), ("atEvent", "summit/s"), ("inOffice", "office/o"),
                        ("actingAs", "office/a")):
        add("participation/full", eujo + role, value)
    add("participation/bare", eujo + "participant", "person/p")
    add("participation/bare", eujo + "atEvent", "summit/s")
    add("participation/acting-only", eujo + "participant", "person/p")
    add("participation/acting-only", eujo + "atEvent", "summit/s")
    add("participation/acting-only", eujo + "actingAs", "office/a")  # within the office's brackets: left out
    add("participation/no-event", eujo + "participant", "person/p")
    names = {slug: describe(store, EUJ_BASE + "participation/" + slug) for slug in
             ("full", "bare", "acting-only", "no-event")}
    assert names["full"]["labels"] == {"en": "Pat at the 1st summit (Premier, acting as Chair)",
                                       "fi": "Pat – 1. kokous (Premier; toimien: puheenjohtaja)"}
    assert names["bare"]["labels"] == names["acting-only"]["labels"] == {"en": "Pat at the 1st summit",
                                                                         "fi": "Pat – 1. kokous"}
    assert names["full"]["derived_name"] and names["no-event"]["labels"] == {}
    assert not names["no-event"]["derived_name"]
    person = describe(store, EUJ_BASE + "person/p")
    assert person["labels"] == {"en": "Pat", "fi": "Pat"} and not person["derived_name"]
    assert [[e["value"] for e in row["events"]] for row in person["participations"]] == [[EUJ_BASE + "summit/s"]] * 3
    assert sorted(len(row["offices"]) + len(row["acting"]) for row in person["participations"]) == [0, 1, 2]


@pytest.mark.parametrize("suffix, accept, media, parse", [
    (".ttl", "text/turtle", "text/turtle", "turtle"),
    (".jsonld", "application/ld+json", "application/ld+json", "json-ld"),
    (".nt", "application/n-triples", "application/n-triples", "nt"),
])
def test_entity_as_rdf_by_suffix_and_by_accept(server, suffix, accept, media, parse):
    by_suffix = server.get("/id/person/kaja-kallas" + suffix)
    by_accept = server.get("/id/person/kaja-kallas", headers={"Accept": accept})
    for response in (by_suffix, by_accept):
        assert response.status_code == 200 and response.headers["content-type"].startswith(media)
        got = Graph().parse(data=response.text, format=parse)
        assert (URIRef(KALLAS), RDFS.label, Literal("Kaja Kallas", lang="en")) in got
        assert any(s != URIRef(KALLAS) for s in got.subjects(None, URIRef(KALLAS)))  # incoming links too
    assert len(Graph().parse(data=by_suffix.text, format=parse)) == len(Graph().parse(data=by_accept.text,
                                                                                        format=parse))


def test_other_iris_resolve_by_resource_page(server):
    page = server.get("/resource", params={"iri": "https://w3id.org/eujgraph/ontology#Commitment"})
    assert page.status_code == 200 and "commitment" in page.text
    assert server.get("/resource", params={"iri": "http://example.org/nothing"}).status_code == 404


def test_graph_page_links_to_entity_pages(server, dataset):
    page = server.get("/graph").text
    assert 'id="eujgraph-entity-links" data-base="/id/"' in page
    plain = render_page(project(dataset)).decode("utf-8")
    assert "eujgraph-entity-links" not in plain  # `eujgraph viz` and `build` pages stay as they were
    assert plain.count("</script>") + 1 == page.count("</script>")


def test_the_timeline_is_served_with_links_to_the_graph_and_entity_pages(server, dataset):
    from eujgraph.viz.history import timeline_model
    from eujgraph.viz.timeline import render_timeline

    answer = server.get("/timeline")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/html")
    served = render_timeline(timeline_model(dataset), entity_base="/id/", network_href="/graph")
    assert answer.content == served  # the build's timeline, linked to the served pages
    assert 'href="/timeline"' in server.get("/graph").text and 'href="/timeline"' in server.get("/").text


@pytest.mark.parametrize("path", ["/ontology", "/ontology/0.1.0"])
def test_the_ontology_iri_and_its_version_iri_answer_documentation_or_rdf_by_accept(server, built_dir, path):
    from rdflib.compare import isomorphic

    ontology = Graph().parse(ROOT / "ontology/eujgraph.ttl")
    page = server.get(path, headers={"Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert page.content == (built_dir / "ontology.html").read_bytes()  # the page `build` writes
    for media, syntax in (("text/turtle", "turtle"), ("application/ld+json", "json-ld"),
                          ("application/n-triples", "nt")):
        answer = server.get(path, headers={"Accept": media})
        assert answer.status_code == 200 and answer.headers["content-type"].startswith(media)
        assert "Accept" in answer.headers["vary"]
        assert isomorphic(Graph().parse(data=answer.content, format=syntax), ontology)
    assert server.get(path, params={"format": "turtle"}).headers["content-type"].startswith("text/turtle")


def test_an_unknown_ontology_version_or_format_is_refused(server):
    assert server.get("/ontology/9.9.9").status_code == 404
    assert server.get("/ontology", params={"format": "pdf"}).status_code == 400
    assert server.get("/ontology", headers={"Accept": "image/png"}).status_code == 406


def test_the_graph_and_entity_pages_link_to_the_ontology_documentation(server):
    assert 'href="/ontology"' in server.get("/graph").text
    assert 'href="/ontology"' in server.get("/id/summit/eu-japan-2025").text


def test_query_page_carries_the_library_and_vendored_yasgui(server):
    html = server.get("/").text
    library = json.loads(re.search(r'<script type="application/json" id="library-data">(.*?)</script>', html,
                                   re.S).group(1))
    assert [q["name"] for q in library] == list(LIBRARY)
    assert '<script src="/static/yasgui.min.js"></script>' in html
    assert not re.search(r'(src|href)="(https?:)?//', html)
    script = server.get("/static/yasgui.min.js")
    note = (ROOT / "src/eujgraph/web/static/README.md").read_text(encoding="utf-8")
    assert script.status_code == 200 and hashlib.sha256(script.content).hexdigest() in note
    assert "@zazuko/yasgui@4.6.2" in note
    assert "MIT" in (ROOT / "src/eujgraph/web/static/yasgui.LICENSE").read_text(encoding="utf-8")


def test_query_page_language_follows_the_address(server):
    def selected(page: str) -> list[str]:
        return re.findall(r'<option value="(\w+)" selected>', page)

    finnish = server.get("/", params={"run": "new-initiatives", "lang": "fi"}).text
    assert selected(finnish) == ["fi"] and '<html lang="fi">' in finnish
    for params in ({}, {"lang": "en"}, {"lang": "xx"}, {"lang": "<fi>"}):
        page = server.get("/", params=params).text
        assert selected(page) == ["en"] and '<html lang="en">' in page


def test_favicon_is_a_small_icon_from_this_server(server):
    answer = server.get("/favicon.ico")
    assert answer.status_code == 200 and answer.headers["content-type"] == "image/x-icon"
    icon = answer.content
    reserved, kind, count = struct.unpack("<HHH", icon[:6])
    width, height, _, _, _, bits, size, offset = struct.unpack("<BBBBHHII", icon[6:22])
    assert (reserved, kind, count, width, height, bits) == (0, 1, 1, 32, 32, 32) and offset + size == len(icon)
    png = icon[offset:]
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", png[16:24]) == (32, 32)
    data_length = struct.unpack(">I", png[33:37])[0]
    assert png[37:41] == b"IDAT" and len(zlib.decompress(png[41:41 + data_length])) == 32 * (1 + 32 * 4)
    assert len(icon) < 2_000
    for path in ("/", "/id/person/kaja-kallas"):
        page = server.get(path)
        assert '<link rel="icon" href="/favicon.ico"' in page.text
        assert "img-src 'self'" in page.headers["content-security-policy"]


# --- units: negotiation and refusal ----------------------------------------------------------

def test_negotiation_follows_q_and_specificity():
    assert negotiate(parse_accept("text/csv;q=0.5, application/sparql-results+json"), SOLUTION_FORMATS).name == "json"
    assert negotiate(parse_accept("text/*;q=0.9, text/csv"), SOLUTION_FORMATS).name == "csv"
    assert negotiate(parse_accept("text/csv;q=0, */*;q=0.1"), SOLUTION_FORMATS).name == "json"
    assert negotiate(parse_accept("application/sparql-results+json"), GRAPH_FORMATS) is None
    assert negotiate(parse_accept(None), GRAPH_FORMATS).name == "turtle"
    with pytest.raises(ServiceError) as caught:
        parse_accept("text/csv;q=1.5")
    assert caught.value.status == 400


def test_refusal_reads_keywords_not_names():
    assert refusal("PREFIX insert: <http://e/> SELECT ?delete WHERE { ?service insert:load ?x }") is None
    assert refusal("# INSERT\nSELECT * WHERE { ?s ?p 'SERVICE' }") is None
    assert refusal("BASE <http://e/> PREFIX e: <x> delete where { ?s ?p ?o }").startswith("SPARQL Update")
    assert "SERVICE" in refusal("select * { service silent <http://e/> { ?s ?p ?o } }")


def test_serve_without_a_graph_is_a_clear_error(tmp_path):
    result = subprocess.run([sys.executable, "-m", "eujgraph", "serve", "--graph", str(tmp_path), "--port", "0"],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "eujgraph.trig: no such file; run `eujgraph build` first" in result.stderr


def test_answers_cache_keeps_within_its_budget_and_only_successes():
    from starlette.responses import Response

    from eujgraph.web.app import ResponseCache

    cache = ResponseCache(800)
    for i in range(10):
        cache.put(("q", i), Response(b"x" * 100, headers={"Content-Type": "text/csv"}))
    assert cache.size <= 800 and cache.get(("q", 0)) is None
    hit = cache.get(("q", 9))
    assert hit.body == b"x" * 100 and hit.headers["content-type"] == "text/csv" and cache.hits == 1
    cache.put(("q", "big"), Response(b"y" * 200))  # over an eighth of the budget: not kept
    cache.put(("q", "error"), Response(b"no", status_code=500))
    assert cache.get(("q", "big")) is None and cache.get(("q", "error")) is None
