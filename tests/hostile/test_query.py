"""`eujgraph query` given hostile or malformed input: one clear message and the documented exit code."""

from __future__ import annotations

import pytest

from ..conftest import ROOT
from .conftest import run_cli


@pytest.fixture(scope="module")
def graph(built_dir):
    return str(built_dir / "eujgraph.trig")


def query(graph: str, *args: str, **options):
    return run_cli("query", "--graph", graph, *args, cwd=ROOT, **options)


def test_a_query_without_variables_answers_its_one_row(graph):
    outcome = query(graph, "-e", "SELECT * WHERE {}")
    assert (outcome.code, outcome.stdout, outcome.traceback) == (0, "1 row, no variables\n", False)


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "0", "-3", "1e400", "abc", "86401"])
def test_a_timeout_that_is_not_a_usable_number_of_seconds_is_a_usage_error(graph, value):
    outcome = query(graph, "sources", "--timeout", value)
    assert outcome.code == 2 and not outcome.traceback
    assert f"Invalid value for '--timeout': {value!r}" in outcome.stderr


@pytest.mark.parametrize("header, problem", [
    ("# parameters: [a, b]\n", "'parameters' must map each name"),
    ("# parameters: {x: iri}\n", "parameter 'x' must be a mapping"),
    ("# parameters:\n#   'x) { (1) } #': {type: string}\n", "is not a SPARQL variable name"),
    ("# parameters:\n#   x: {type: float}\n", "unknown type 'float'"),
    ("# parameters:\n#   x: {type: iri, class: 'not an iri'}\n", "class 'not an iri' is not an IRI"),
    ("# title: [\n", "malformed query header"),
])
def test_a_library_file_with_a_bad_header_names_the_file_and_the_problem(graph, tmp_path, header, problem):
    path = tmp_path / "bad.rq"
    path.write_text(header + "SELECT * WHERE { ?s ?p ?o } LIMIT 1\n", encoding="utf-8")
    outcome = query(graph, str(path))
    assert outcome.code == 2 and not outcome.traceback
    assert str(path) in outcome.stderr and problem in outcome.stderr


@pytest.mark.parametrize("name", ["x.xyz", "graph", "x.rdf", "x.TXT"])
def test_a_graph_file_of_unknown_format_lists_the_formats_it_can_be(tmp_path, name):
    path = tmp_path / name
    path.write_text("<http://a> <http://b> <http://c> .\n", encoding="utf-8")
    outcome = query(str(path), "-e", "ASK {}")
    assert outcome.code == 2 and not outcome.traceback
    assert "cannot tell the RDF format" in outcome.stderr and ".trig, .nq, .ttl, .nt, .jsonld" in outcome.stderr


def test_dev_null_is_not_a_graph_file():
    outcome = query("/dev/null", "-e", "ASK {}")
    assert outcome.code == 2 and not outcome.traceback and "cannot tell the RDF format" in outcome.stderr


@pytest.mark.parametrize("name", ["x) { (1) } } SELECT (COUNT(*) AS ?s) WHERE { ?a ?b ?c } #", "a b", "?x", "",
                                  "x" * 65])
def test_a_parameter_name_never_reaches_the_query_text(graph, name):
    outcome = query(graph, "sources", "-p", f"{name}=1")
    assert outcome.code == 2 and not outcome.traceback
    assert "not a SPARQL variable name" in outcome.stderr or "--param expects NAME=VALUE" in outcome.stderr


@pytest.mark.parametrize("value, hint", [
    ("area/spacesecurity", "did you mean euj:area\\/space-security"),
    ("euj:area/space_security", "did you mean euj:area\\/space-security"),
    ("person/kaja-kallas", "names nothing of class eujo:PolicyArea"),   # a person is not a policy area
    ("<https://example.org/area>", "names nothing of class eujo:PolicyArea"),
])
def test_an_iri_parameter_naming_nothing_is_an_error_with_the_closest_ids(graph, value, hint):
    outcome = query(graph, "party-committed-to-area", "-p", f"area={value}")
    assert outcome.code == 2 and not outcome.traceback and outcome.stdout == ""
    assert hint in outcome.stderr


@pytest.mark.parametrize("value", ["deepened", "eujo:deepened", "<https://w3id.org/eujgraph/ontology#deepened>"])
def test_a_status_can_be_written_bare_prefixed_or_in_full(graph, value):
    outcome = query(graph, "cooperation-by-status", "-p", f"status={value}", "-f", "csv")
    assert outcome.code == 0, outcome.stderr
    statuses = {line.split(",")[3] for line in outcome.stdout.splitlines()[1:]}
    assert statuses == {"deepened"}


def test_printed_iris_paste_back_into_sparql(graph):
    printed = query(graph, "summit-facts", "--iris").stdout
    iri = next(word for word in printed.split() if word.startswith("euj:summit"))
    outcome = query(graph, "-e", f"SELECT ?date WHERE {{ {iri} eujo:date ?date }}", "-f", "csv")
    assert outcome.code == 0 and outcome.stdout.splitlines()[1:] == ["1991-07-18"]  # the first summit


def test_a_syntax_error_is_one_line_with_line_and_column(graph):
    outcome = query(graph, "-e", "SELECT ?x WHERE {\n  ?x a foo:Summit }")
    assert outcome.code == 2 and not outcome.traceback
    assert outcome.stderr.strip().splitlines() == [
        "Error: line 2, column 18: SPARQL syntax error: unknown prefix 'foo:'; declare it (PREFIX foo: <...>) "
        "or use one of eujgraph's (dc, dcterms, euj, eujo, eurovoc, foaf, oa, org, owl, prov, rdf, rdfs, schema, "
        "sem, skos, vann, wd, xsd); in a local name write '/' as '\\/'"]


@pytest.mark.parametrize("shape", [
    "SELECT * WHERE { FILTER(" + "(" * 6000 + "1" + ")" * 6000 + ") }",
    "SELECT * WHERE " + "{" * 5000 + "}" * 5000,
    "SELECT * WHERE { ?s ?p ?o FILTER(" + " || ".join(f"?o = {i}" for i in range(10_000)) + ") }",
    "SELECT * WHERE { BIND(" + "CONCAT(" * 1000 + '"a"' + ")" * 1000 + " AS ?x) }",
])
def test_a_query_too_deep_or_long_for_the_parser_is_refused_before_it(graph, tmp_path, shape):
    path = tmp_path / "deep.rq"
    path.write_text(shape, encoding="utf-8")
    outcome = query(graph, str(path))
    assert outcome.code == 2 and not outcome.traceback, outcome.stderr[-300:]
    assert "parser reads safely" in outcome.stderr and len(outcome.stderr) < 600


def test_a_long_values_list_still_runs(graph, tmp_path):
    path = tmp_path / "values.rq"
    path.write_text("SELECT (COUNT(*) AS ?n) WHERE { VALUES ?x { " + " ".join(f'"v{i}"' for i in range(200_000))
                    + " } }", encoding="utf-8")
    outcome = query(graph, str(path), "-f", "csv")
    assert outcome.code == 0 and outcome.stdout.splitlines() == ["n", "200000"]
