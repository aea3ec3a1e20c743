"""`eujgraph query` and `eujgraph queries` as a user meets them: output, errors, exit codes."""

from __future__ import annotations

import csv
import io
import os
import socket
import subprocess
import sys

from rdflib import RDF

from eujgraph.namespaces import EUJO

from .conftest import ROOT


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "eujgraph", *args], cwd=ROOT, capture_output=True, text=True,
                          env=os.environ.copy())


def test_queries_lists_the_library_with_titles_and_parameters():
    result = run("queries")
    assert result.returncode == 0
    assert "commitments-by-area" in result.stdout and "[area (iri, required)]" in result.stdout
    assert f"{len(list((ROOT / 'queries').glob('*.rq')))} queries" in result.stdout
    finnish = run("queries", "--lang", "fi")
    assert "Kuka edusti kutakin osapuolta ja missä virassa" in finnish.stdout


def test_queries_name_shows_description_parameters_and_sparql():
    result = run("queries", "commitments-by-area")
    assert result.returncode == 0
    assert result.stdout.startswith("commitments-by-area — Commitments touching a policy area")
    assert "--param area (iri, required): The policy area" in result.stdout
    assert "skos:broader*" in result.stdout


def test_query_by_name_with_parameters_and_csv():
    result = run("query", "summit-participants", "-p", "summit=euj:summit/eu-japan-2025", "--lang", "fi", "-f", "csv")
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["officeLabel"] for r in rows] == ["Eurooppa-neuvoston puheenjohtaja",
                                                "unionin ulkoasioiden ja turvallisuuspolitiikan korkea edustaja",
                                                "Euroopan komission puheenjohtaja", "Japanin pääministeri"]


def test_query_from_a_file_and_from_text(tmp_path, union):
    path = tmp_path / "count.rq"
    path.write_text("SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a <https://w3id.org/eujgraph/ontology#Person> }")
    people = set(union.subjects(RDF.type, EUJO.Person))
    assert len(people) > 7  # the memos' seven and the history's
    assert run("query", str(path), "-f", "csv").stdout.splitlines() == ["n", str(len(people))]
    text = run("query", "-e", "ASK { ?s a <https://w3id.org/eujgraph/ontology#Summit> }")
    assert (text.returncode, text.stdout) == (0, "true\n")


def test_ask_false_exits_1():
    result = run("query", "party-committed-to-area", "-p", "area=area/climate", "-p", "party=organisation/finland")
    assert (result.returncode, result.stdout) == (1, "false\n")


def test_usage_and_input_errors_exit_2():
    unknown = run("query", "summit-participant")
    assert unknown.returncode == 2 and "did you mean summit-participants" in unknown.stderr
    missing = run("query", "commitments-by-area")
    assert missing.returncode == 2 and "needs parameter 'area' (iri)" in missing.stderr
    syntax = run("query", "-e", "SELECT ?s WHERE {\n ?s ?p \n}")
    assert syntax.returncode == 2 and "line 3, column" in syntax.stderr and "SPARQL syntax error" in syntax.stderr
    wrong_format = run("query", "summit-facts", "-f", "turtle")
    assert wrong_format.returncode == 2 and "does not apply to SELECT results" in wrong_format.stderr
    assert "Traceback" not in unknown.stderr + missing.stderr + syntax.stderr + wrong_format.stderr


def test_engine_errors_exit_3_in_one_line():
    slow = run("query", "--timeout", "0.2", "-e",
               "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }")
    assert slow.returncode == 3 and "ran longer than the 0.2 s timeout" in slow.stderr
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    down = run("query", "sources", "--endpoint", f"http://127.0.0.1:{port}/query")
    assert down.returncode == 3
    assert down.stderr.strip().splitlines() == [f"Error: endpoint http://127.0.0.1:{port}/query unreachable: "
                                                "[Errno 111] Connection refused"]
