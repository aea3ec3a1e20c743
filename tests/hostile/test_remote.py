"""`link`, `query --endpoint` and `push` against hostile servers and files: bounded in time and memory."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from .conftest import run_cli
from .servers import (HostileServer, SilentServer, endless_header, endless_json, endless_ntriples,
                      trickle)

DEADLINE_S = 2
MARGIN_S = 3
MEMORY_MB = 800
SELECT = "SELECT ?s WHERE { ?s ?p ?o }"
ONE_PERSON = """<https://w3id.org/eujgraph/graph/reference> {
  <https://w3id.org/eujgraph/id/person/kaja-kallas> a <https://w3id.org/eujgraph/ontology#Person> ;
    <http://www.w3.org/2000/01/rdf-schema#label> "Kaja Kallas"@en .
}
"""
RDF_ROOT = ('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
            'xmlns:rdfs="http://www.w3.org/2000/01/rdf-schema#">'
            '<rdf:Description rdf:about="http://example.org/x"><rdfs:label>{label}</rdfs:label>'
            '</rdf:Description></rdf:RDF>\n')


@pytest.fixture
def project(tmp_path) -> Path:
    """A project holding only a built graph with one person."""
    (tmp_path / "ontology").mkdir()
    (tmp_path / "ontology/eujgraph.ttl").write_text("")
    (tmp_path / "graph").mkdir()
    (tmp_path / "graph/eujgraph.trig").write_text(ONE_PERSON)
    return tmp_path


def commands(url: str, project: Path) -> dict[str, tuple[str, ...]]:
    return {"link": ("link", url, "--project", str(project)),
            "query": ("query", "--endpoint", url, "-e", SELECT),
            "push": ("push", "--endpoint", url, "--project", str(project), "-q")}


def timed(*args: str, **options) -> tuple[float, object]:
    started = time.monotonic()
    outcome = run_cli(*args, **options)
    return time.monotonic() - started, outcome


def assert_one_line_error(outcome, code: int, *fragments: str) -> None:
    assert outcome.code == code, outcome.stderr
    assert not outcome.traceback, outcome.stderr
    lines = outcome.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), outcome.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


@pytest.mark.parametrize("command", ["link", "query", "push"])
@pytest.mark.parametrize("interval", [1.0, 5.0])
def test_a_trickling_server_is_stopped_at_the_deadline(command, interval, project):
    server = HostileServer(lambda: trickle(interval))
    try:
        seconds, outcome = timed(*commands(server.url, project)[command], "--timeout", str(DEADLINE_S),
                                 cwd=project, memory_mb=MEMORY_MB)
    finally:
        server.stop()
    assert_one_line_error(outcome, 3, "127.0.0.1", f"{DEADLINE_S} s deadline")
    assert DEADLINE_S <= seconds < DEADLINE_S + MARGIN_S


@pytest.mark.parametrize("command", ["link", "query", "push"])
def test_a_server_that_never_answers_is_stopped_at_the_deadline(command, project):
    server = SilentServer()
    try:
        seconds, outcome = timed(*commands(server.url, project)[command], "--timeout", str(DEADLINE_S),
                                 cwd=project, memory_mb=MEMORY_MB)
    finally:
        server.stop()
    assert_one_line_error(outcome, 3, server.url.rsplit("/", 1)[0], f"{DEADLINE_S} s deadline")
    assert DEADLINE_S <= seconds < DEADLINE_S + MARGIN_S


@pytest.mark.parametrize("command, answer", [("link", endless_ntriples), ("query", endless_json),
                                             ("push", endless_ntriples)])
def test_an_endless_answer_is_stopped_at_the_size_limit(command, answer, project):
    server = HostileServer(answer)
    try:
        seconds, outcome = timed(*commands(server.url, project)[command], "--timeout", "30", cwd=project,
                                 memory_mb=MEMORY_MB, env={"EUJGRAPH_REMOTE_MAX_RESPONSE_MB": "20"})
    finally:
        server.stop()
    assert_one_line_error(outcome, 3, "127.0.0.1", "more than 20 MB", "EUJGRAPH_REMOTE_MAX_RESPONSE_MB")
    assert seconds < 15


def test_the_default_size_limit_fits_in_bounded_memory(project):
    server = HostileServer(endless_ntriples)
    try:
        outcome = run_cli("query", "--endpoint", server.url, "-e", "CONSTRUCT WHERE { ?s ?p ?o }",
                          cwd=project, memory_mb=MEMORY_MB)
    finally:
        server.stop()
    assert_one_line_error(outcome, 3, "more than 50 MB")


def test_an_endless_header_is_one_line(project):
    server = HostileServer(endless_header)
    try:
        outcome = run_cli("query", "--endpoint", server.url, "-e", "ASK {}", "--timeout", "10", cwd=project,
                          memory_mb=MEMORY_MB)
    finally:
        server.stop()
    assert_one_line_error(outcome, 3, "127.0.0.1")


def billion_laughs() -> str:
    entities = ['<!ENTITY lol0 "lol">'] + [
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    return ('<?xml version="1.0"?>\n<!DOCTYPE rdf:RDF [\n' + "\n".join(entities) + "\n]>\n"
            + RDF_ROOT.format(label="&lol9;"))


@pytest.mark.parametrize("document", [
    billion_laughs(),
    '<!DOCTYPE r [<!ENTITY a "' + "x" * 100_000 + '">]>' + RDF_ROOT.format(label="&a;" * 1000),
    '<?xml version="1.0"?><!-- first --><!DOCTYPE r [<!ENTITY % p "<!ENTITY a \'x\'>"> %p;]>'
    + RDF_ROOT.format(label="&a;"),
    '<!DOCTYPE r [<!ENTITY a SYSTEM "file:///etc/passwd">]>' + RDF_ROOT.format(label="&a;"),
    '<!DOCTYPE rdf:RDF SYSTEM "file:///dev/zero">' + RDF_ROOT.format(label="x"),
], ids=["billion-laughs", "quadratic", "parameter-entity", "external-entity", "external-dtd"])
def test_rdf_xml_with_a_doctype_is_refused_before_parsing(document, project):
    other = project / "other.rdf"
    other.write_text(document)
    seconds, outcome = timed("link", str(other), "--project", str(project), cwd=project, memory_mb=MEMORY_MB)
    assert_one_line_error(outcome, 2, "other.rdf", "DOCTYPE is refused")
    assert seconds < 10
    assert not (project / "graph/linksets").exists()


def test_plain_rdf_xml_is_still_read(project):
    other = project / "other.rdf"
    other.write_text('<?xml version="1.0"?>\n' + RDF_ROOT.format(label="Kaja Kallas"))
    outcome = run_cli("link", str(other), "--project", str(project), cwd=project)
    assert outcome.code == 0, outcome.stderr
    assert "1 linked" in outcome.stdout and (project / "graph/linksets/other.trig").is_file()


def test_an_rdf_file_larger_than_the_setting_is_refused(project):
    other = project / "big.nt"
    other.write_bytes(b"# padding\n" * 300_000)
    outcome = run_cli("link", str(other), "--project", str(project), cwd=project,
                      env={"EUJGRAPH_LINK_MAX_FILE_MB": "2"})
    assert_one_line_error(outcome, 2, "big.nt", "larger than 2 MB", "EUJGRAPH_LINK_MAX_FILE_MB")


@pytest.mark.parametrize("name", ["a b", "../../../escaped", "/tmp/escaped", "A", "-x", "x" * 65, "",
                                  "ok/../../escaped", "caf\u00e9", "x\n"])
def test_a_linkset_name_that_is_not_a_slug_is_refused_before_any_work(name, project, tmp_path_factory):
    other = project / "other.ttl"
    other.write_text('<http://example.org/x> <http://www.w3.org/2000/01/rdf-schema#label> "Kaja Kallas" .\n')
    seconds, outcome = timed("link", str(other), "--name", name, "--project", str(project), cwd=project)
    assert_one_line_error(outcome, 2, "is not a slug")
    assert seconds < 10
    assert not (project / "graph/linksets").exists() and not list(project.parent.glob("**/escaped*"))


def test_the_default_name_is_a_slug_and_out_may_write_anywhere(project, tmp_path_factory):
    other = project / "My Other Set!.ttl"
    other.write_text('<http://example.org/x> <http://www.w3.org/2000/01/rdf-schema#label> "Kaja Kallas" .\n')
    outcome = run_cli("link", str(other), "--project", str(project), cwd=project)
    assert outcome.code == 0, outcome.stderr
    assert [p.name for p in (project / "graph/linksets").iterdir()] == ["my-other-set.trig"]
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "chosen.trig"
    outcome = run_cli("link", str(other), "--name", "team-set", "--out", str(elsewhere), "--project", str(project),
                      cwd=project)
    assert outcome.code == 0, outcome.stderr
    assert "graph/linkset/team-set" in elsewhere.read_text()


@pytest.mark.parametrize("file_name, message", [
    ("hostname", ".trig"), ("graph.xyz", ".trig"), ("graph.rdf", ".trig"), ("graph.ttl", "holds no named graphs")])
def test_push_refuses_a_graph_file_it_cannot_push(file_name, message, project):
    graph = project / file_name
    graph.write_text("<http://e/s> <http://e/p> <http://e/o> .\n")
    outcome = run_cli("push", "--endpoint", "http://127.0.0.1:9/query", "--graph", str(graph), cwd=project)
    assert_one_line_error(outcome, 2, file_name, message)


@pytest.mark.parametrize("file_name", ["hostname", "other.xyz", "other.owl"])
def test_link_refuses_an_unknown_extension_listing_the_accepted_ones(file_name, project):
    other = project / file_name
    other.write_text("x")
    outcome = run_cli("link", str(other), "--project", str(project), cwd=project)
    assert_one_line_error(outcome, 2, file_name, "unknown RDF format", ".ttl", ".rdf", ".jsonld")
