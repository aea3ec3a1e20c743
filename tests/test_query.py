"""The query library and the query engine: headers, parameters as terms, formats, errors."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pyoxigraph as ox
import pytest

from eujgraph.errors import InputError
from eujgraph.query.library import KnowledgeGraph, NamedQuery, bind, find_query, load_library, render, run, to_term
from eujgraph.query.engines import EmbeddedStore, QuerySyntaxError, QueryTimeout, with_inline_values

from .conftest import ROOT

LIBRARY = load_library(ROOT / "queries")
EXAMPLES = {"area": "euj:area/security-and-defence", "actor": "euj:person/kaja-kallas",
            "claim": "euj:commitment/eu-japan-summit-2025-07-23-fi/competitiveness-alliance"}


@pytest.fixture(scope="module")
def kg(built_dir) -> KnowledgeGraph:
    return KnowledgeGraph(EmbeddedStore.from_file(built_dir / "eujgraph.trig"), LIBRARY)


def test_the_library_has_at_least_15_documented_questions():
    assert len(LIBRARY) >= 15
    for query in LIBRARY.values():
        assert query.title.get("en") and query.title.get("fi"), query.name
        assert len(query.description) > 40, query.name
        for parameter in query.parameters:
            assert parameter.help, (query.name, parameter.name)


@pytest.mark.parametrize("name", sorted(LIBRARY))
def test_every_query_parses_and_binds_its_parameters(kg, name):
    query = LIBRARY[name]
    values = {p.name: EXAMPLES[p.name] for p in query.parameters if p.required}
    result = run(kg.engine, query, values)
    assert result.answer.form == query.form


@pytest.mark.parametrize("name", sorted(LIBRARY))
def test_every_parameter_is_used_in_the_query_text(name):
    query = LIBRARY[name]
    body = query.sparql.split("\nPREFIX", 1)[1]
    for parameter in query.parameters:
        assert f"?{parameter.name}" in body, (name, parameter.name)


def test_unknown_query_name_lists_close_names():
    with pytest.raises(InputError, match=r"no query named 'summit-participant'; did you mean summit-participants"):
        find_query(LIBRARY, "summit-participant")


def test_missing_parameter_names_it_and_its_type():
    with pytest.raises(InputError) as caught:
        bind(LIBRARY["commitments-by-area"], {})
    assert "needs parameter 'area' (iri)" in str(caught.value)


def test_unknown_parameter_suggests_the_declared_one():
    with pytest.raises(InputError, match=r"has no parameter 'aera' \(did you mean 'area'\?\)"):
        bind(LIBRARY["commitments-by-area"], {"aera": "area/climate"})


def test_iri_parameters_accept_prefixed_names_and_slugs():
    expected = ox.NamedNode("https://w3id.org/eujgraph/id/area/climate")
    for raw in ("euj:area/climate", "area/climate", "<https://w3id.org/eujgraph/id/area/climate>",
                "https://w3id.org/eujgraph/id/area/climate"):
        assert to_term(raw, "iri") == expected
    with pytest.raises(InputError, match="is not a valid iri"):
        to_term("not an iri", "iri")


@pytest.mark.parametrize("value", ['} ; DROP ALL ; SELECT * WHERE {', 'en") } FILTER(true) #', "x' . ?s ?p ?o #"])
def test_parameter_values_are_literals_not_query_text(kg, value):
    query = NamedQuery("q", 'SELECT ?label WHERE { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label '
                            'FILTER(STR(?label) = ?needle) }')
    assert kg.query(query.sparql, needle=value).rows() == []
    assert kg.query(query.sparql, needle="Kaja Kallas").rows() == [{"label": "Kaja Kallas"}] * 2  # en and fi
    assert kg.query("SELECT ?needle WHERE { }", needle=value).rows() == [{"needle": value}]
    assert "DROP" not in with_inline_values("SELECT * WHERE { }", {"v": ox.Literal("x")})


def test_an_iri_value_with_query_syntax_is_refused():
    with pytest.raises(InputError):
        to_term("euj:area/x> } DROP ALL {", "iri")


def test_inline_values_open_the_where_group_not_a_construct_template():
    sparql = "PREFIX x: <http://x/> # a { in a comment\nCONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(?o = \"{\") }"
    rewritten = with_inline_values(sparql, {"s": ox.NamedNode("http://x/a")})
    assert rewritten.count("VALUES") == 1
    assert rewritten.index("VALUES") > rewritten.index("WHERE")


def test_in_an_optional_filter_the_value_is_written_in_place_and_stays_one_literal(kg):
    sparql = ('SELECT ?s ?l WHERE { ?s a <https://w3id.org/eujgraph/ontology#Summit> '
              'OPTIONAL { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l FILTER(lang(?l) = ?lang) '
              'FILTER NOT EXISTS { ?s ?p ?lang } } }')
    hostile = ox.Literal('fi") } } DROP ALL { ("')
    rewritten = with_inline_values(sparql, {"lang": hostile})
    assert rewritten.count(str(hostile)) == 2  # the VALUES row and the FILTER; not inside NOT EXISTS
    assert "?p ?lang" in rewritten and "FILTER(lang(?l) = ?lang)" not in rewritten
    ox.Store().query(rewritten)  # one well-formed query, whatever the value
    rows = kg.query(sparql, lang="fi").rows()
    assert any("l" in row for row in rows)  # Finnish labels found inside the OPTIONAL
    assert rows == kg.query(sparql.replace("= ?lang", '= "fi"'), lang="fi").rows()


def test_select_formats_follow_the_w3c_results_formats(kg):
    result = kg.query("summit-participants", summit="euj:summit/eu-japan-2025")
    rows = list(csv.DictReader(io.StringIO(render(result, "csv"))))
    assert [r["personLabel"] for r in rows] == ["António Costa", "Kaja Kallas", "Ursula von der Leyen",
                                                "Shigeru Ishiba"]
    assert rows[0]["person"] == "https://w3id.org/eujgraph/id/person/antonio-costa"
    tsv = render(result, "tsv").splitlines()
    assert tsv[0].split("\t")[0] == "?summit" and "<https://w3id.org/eujgraph/id/person/antonio-costa>" in tsv[1]
    document = json.loads(render(result, "json"))
    assert document["head"]["vars"][:2] == ["summit", "summitLabel"]
    assert document["results"]["bindings"][0]["personLabel"] == {"type": "literal", "value": "António Costa",
                                                                 "xml:lang": "en"}
    root = ET.fromstring(render(result, "xml"))
    assert root.tag == "{http://www.w3.org/2005/sparql-results#}sparql"
    assert len(root.findall(".//{http://www.w3.org/2005/sparql-results#}result")) == 4
    table = render(result, "table")
    assert "Kaja Kallas" in table and "kaja-kallas" not in table
    assert table.endswith("4 rows; IRIs of summit, party, person, office not shown (--iris, or -f csv)\n")
    with_iris = render(result, "table", iris=True)
    header = with_iris.splitlines()[1]
    assert "euj:person\\/kaja-kallas" in with_iris and header.index("personLabel") < header.index("| person ")
    assert render(result, "md").startswith("| summitLabel ")
    assert render(result, "csv", limit=1).count("\n") == 2


def test_construct_and_ask_answers(kg):
    graph = kg.query("summit-commitments-graph")
    turtle = render(graph, "turtle")
    parsed = list(ox.parse(turtle.encode(), format=ox.RdfFormat.TURTLE))
    assert len(parsed) == len(graph.answer.triples) > 100
    assert json.loads(render(graph, "jsonld"))
    with pytest.raises(InputError, match="does not apply to CONSTRUCT"):
        render(graph, "csv")
    assert kg.query("party-committed-to-area", area="area/space-security").boolean is True
    assert kg.query("party-committed-to-area", area="area/climate", party="organisation/finland").boolean is False
    assert render(kg.query("party-committed-to-area", area="area/climate"), None) == "true\n"


def test_syntax_error_points_at_line_and_column(kg):
    query = NamedQuery("broken", "SELECT ?s WHERE {\n  ?s ?p \n  FILTER( }")
    with pytest.raises(QuerySyntaxError) as caught:
        run(kg.engine, query, {})
    message = str(caught.value)
    assert message.startswith("line 3, column 9: SPARQL syntax error: expected ") and "'( }'" in message
    assert "\n" not in message


def test_a_query_over_its_timeout_stops_with_a_clear_error(kg):
    slow = ("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }")
    with pytest.raises(QueryTimeout, match=r"ran longer than the 0.2 s timeout"):
        kg.query(slow, timeout=0.2)


def test_the_python_api_example_runs_as_a_doctest(monkeypatch):
    import doctest

    import eujgraph.query.library

    monkeypatch.chdir(ROOT)
    failures, tried = doctest.testmod(eujgraph.query.library, raise_on_error=False)
    assert tried >= 4 and failures == 0
