"""The networkx projection, its views and analytics, and the HTML page written from it."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys

import networkx as nx
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from eujgraph.errors import InputError
from eujgraph.namespaces import EUJ, EUJO, OA
from eujgraph.viz.page import payload, render_page, write_page
from eujgraph.viz.projection import KINDS, NOT_EDGES, PARTICIPATION_ROLES, curie, highlight, node_id, project, resolve, stats, view

from .conftest import ROOT

ALLIANCE = "commitment/eu-japan-summit-2025-07-23-fi/competitiveness-alliance"
SUMMIT = "summit/eu-japan-2025"


@pytest.fixture(scope="module")
def graph(dataset) -> nx.MultiDiGraph:
    return project(dataset)


@pytest.fixture(scope="module")
def rdf(union) -> Graph:
    return union


def members(rdf: Graph, cls: URIRef) -> set[str]:
    rows = rdf.query("SELECT DISTINCT ?s WHERE { ?s a/rdfs:subClassOf* ?cls }", initBindings={"cls": cls})
    return {node_id(row.s) for row in rows if isinstance(row.s, URIRef)}


def test_every_entity_of_each_kind_is_one_node_and_nothing_else_is(graph, rdf):
    expected: dict[str, set[str]] = {}
    taken: set[str] = set()
    cited = members(rdf, EUJO.CitedSource) - members(rdf, EUJO.Memo)  # the history's sources: provenance only
    for kind in KINDS:
        expected[kind.name] = members(rdf, kind.cls) - taken - cited
        taken |= expected[kind.name]
    for kind in KINDS:
        found = {n for n, k in graph.nodes(data="kind") if k == kind.name}
        assert found == expected[kind.name], kind.name
    assert set(graph.nodes) == taken
    assert {"commitment", "person", "summit", "area", "instrument", "document", "office"} <= {
        kind for kind, nodes in expected.items() if nodes}
    assert not [n for n in graph if n.startswith(("span/", "participation/", "http"))]


def test_edges_are_the_object_triples_between_nodes_and_flattened_participations(graph, rdf):
    nodes = set(graph.nodes)
    expected = {(node_id(s), node_id(o), p) for s, p, o in rdf
                if isinstance(o, URIRef) and node_id(s) in nodes and node_id(o) in nodes and p not in NOT_EDGES}
    for participation in rdf.subjects(RDF.type, EUJO.Participation):
        person = rdf.value(participation, EUJO.participant)
        for role in PARTICIPATION_ROLES:
            for obj in rdf.objects(participation, role):
                expected.add((node_id(person), node_id(obj), role))
    for stage in rdf.subjects(RDF.type, EUJO.InstrumentStage):  # a stage is an edge instrument → summit
        instrument, event = rdf.value(stage, EUJO.stageOf), rdf.value(stage, EUJO.reachedAt)
        if event is not None:  # some stages are dated, not reached at a meeting
            expected.add((node_id(instrument), node_id(event), EUJO.reachedAt))
    found = {(u, v, key) for u, v, key in graph.edges(keys=True)}
    assert found == {(u, v, curie(p)) for u, v, p in expected}
    assert graph.number_of_edges() == len(expected)


def test_edges_are_named_by_their_relation_in_english_and_finnish(graph):
    for _, _, labels in graph.edges(data="labels"):
        assert labels["en"] and labels["fi"]
    assert graph.edges[ALLIANCE, "instrument/eu-japan-competitiveness-alliance", "eujo:instrument"]["labels"] == {
        "en": "instrument", "fi": "väline"}
    assert graph.edges["person/kaja-kallas", SUMMIT, "eujo:atEvent"]["label"] == "took part in"
    assert graph.edges["person/kaja-kallas", "office/high-representative", "eujo:inOffice"]["labels"]["fi"] == "virassa"
    assert project(Graph(), lang="fi").graph["lang"] == "fi"


def test_literals_and_identifiers_are_details_of_their_node(graph, rdf):
    summit = graph.nodes[SUMMIT]
    assert {"p": {"en": "date", "fi": "päivämäärä"}, "v": "2025-07-23", "lang": ""} in summit["facts"]
    assert summit["labels"] == {"en": "30th EU–Japan summit", "fi": "30. EU:n ja Japanin huippukokous",
                                "ja": "第30回日EU定期首脳協議"}
    subject, qid = next((s, o) for s, o in rdf.subject_objects(OWL.sameAs) if node_id(s) in graph)
    assert {"p": {"en": "Wikidata", "fi": "Wikidata"}, "href": f"https://www.wikidata.org/wiki/{qid.rsplit('/', 1)[1]}",
            "text": qid.rsplit("/", 1)[1]} in graph.nodes[node_id(subject)]["links"]
    links = graph.nodes["area/maritime-security"]["links"]
    assert [link["href"] for link in links] == ["http://eurovoc.europa.eu/3995"]
    alliance = graph.nodes[ALLIANCE]
    assert alliance["status"] == "new" and {"en": "new initiative", "fi": "uusi avaus"} in alliance["types"]
    assert {"p": {"en": "kind", "fi": "laji"}, "v": {"en": "initiative", "fi": "aloite"}, "lang": ""} in alliance["facts"]
    assert "area/competitiveness" in alliance["areas"]


def test_evidence_is_the_memo_sentence_with_the_quoted_words_marked(graph, rdf):
    claim = EUJ[ALLIANCE]
    spans = list(rdf.objects(claim, EUJO.hasEvidence))
    sentences = {str(rdf.value(span, EUJO.sentence)) for span in spans}
    quotes = {str(rdf.value(selector, OA.exact)) for span in spans for selector in rdf.objects(span, OA.hasSelector)
              if rdf.value(selector, OA.exact)}
    evidence = graph.nodes[ALLIANCE]["evidence"]
    assert {"".join(e["text"]) for e in evidence} == sentences
    assert {part for e in evidence for part in e["text"][1::2]} == quotes
    assert {e["doc"] for e in evidence} == {"document/eu-japan-summit-2025-07-23-fi"}
    kallas = graph.nodes["person/kaja-kallas"]["evidence"]
    assert any("Kaja Kallas" in part for e in kallas for part in e["text"][1::2])


def test_highlight_merges_overlapping_quotes_and_keeps_a_missing_one_visible():
    assert highlight("a b c d e", ["b c", "c d"]) == ["a ", "b c d", " e"]
    assert highlight("a b c", ["a", "c"]) == ["", "a", " b ", "c", ""]
    assert highlight("a b", ["zz"]) == ["a b … ", "zz", ""]


def test_focus_view_keeps_the_neighbourhood(graph):
    around = view(graph, focus="kaja-kallas", depth=1)
    assert set(around) == {"person/kaja-kallas", *nx.all_neighbors(graph, "person/kaja-kallas")}
    assert set(view(graph, focus="person/kaja-kallas", depth=0)) == {"person/kaja-kallas"}
    assert set(around) < set(view(graph, focus="kaja-kallas", depth=2))


def test_summit_view_keeps_its_claims_and_participants_and_not_other_summits_claims(graph, rdf):
    shown = set(view(graph, summit="eu-japan-2025"))
    made_here = {node_id(s) for s in rdf.subjects(EUJO.madeAt, EUJ[SUMMIT])}
    attended = {node_id(rdf.value(p, EUJO.participant)) for p in rdf.subjects(EUJO.atEvent, EUJ[SUMMIT])}
    assert made_here and attended and made_here | attended <= shown
    elsewhere = {node_id(s) for s, o in rdf.subject_objects(EUJO.madeAt) if o != EUJ[SUMMIT]}
    assert not (elsewhere - made_here) & shown


def test_area_view_keeps_every_claim_the_reasoner_puts_under_the_area(graph, rdf):
    shown = view(graph, area="security-and-defence")
    security = members(rdf, EUJO.SecurityAndDefenceCommitment)
    assert security and security <= set(shown)
    commitments = {n for n, k in shown.nodes(data="kind") if k == "commitment"}
    assert commitments == security
    assert "area/maritime-security" in shown and "area/climate" not in shown


def test_unknown_or_ambiguous_ids_are_input_errors_with_a_hint(graph):
    with pytest.raises(InputError, match="did you mean kaja-kallas"):
        resolve(graph, "kaja-kalas")
    with pytest.raises(InputError, match="no event or summit 'climate'"):
        view(graph, summit="climate")
    assert resolve(graph, str(EUJ["person/kaja-kallas"])) == resolve(graph, "euj:person/kaja-kallas")
    duplicated = nx.MultiDiGraph()
    duplicated.add_node("commitment/a/climate", kind="commitment")
    duplicated.add_node("area/climate", kind="area")
    with pytest.raises(InputError, match="several"):
        resolve(duplicated, "climate")


def test_stats_ranks_actors_and_areas_by_degree(graph):
    result = stats(graph, top=3)
    assert (result["nodes"], result["edges"]) == (graph.number_of_nodes(), graph.number_of_edges())
    simple = nx.Graph(graph)
    actors = [n for n, k in graph.nodes(data="kind") if k in ("person", "organisation")]
    assert result["central_actors"][0]["degree"] == max(simple.degree(n) for n in actors)
    assert [row["kind"] for row in result["central_areas"]] == ["area"] * 3
    assert sum(row["nodes"] for row in result["degree_per_kind"]) == graph.number_of_nodes()
    assert sum(row["edges"] for row in result["edges_per_relation"]) == graph.number_of_edges()
    assert result["components"]["count"] == nx.number_weakly_connected_components(graph)
    json.dumps(result)


def test_page_is_self_contained_and_byte_identical(graph):
    html = render_page(graph).decode("utf-8")
    assert render_page(graph) == render_page(graph.copy())
    assert not re.search(r"<(script|img|iframe)[^>]*\ssrc=|<link\b|@import|url\(", html)
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    assert "@version 10.1.5" in html and "Permission is hereby granted" in html
    data = json.loads(re.search(r'id="eujgraph-data">(.*?)</script>', html, re.DOTALL).group(1))
    assert [n["id"] for n in data["nodes"]] == sorted(graph.nodes)
    assert len(data["edges"]) == graph.number_of_edges() and data["edges"] == sorted(data["edges"])
    assert data["start"] is None


def person_named(name: str) -> nx.MultiDiGraph:
    """The projection of the ontology plus one person called ``name``."""
    rdf = Graph().parse(ROOT / "ontology/eujgraph.ttl")
    rdf.add((EUJ["person/evil"], RDF.type, EUJO.Person))
    rdf.add((EUJ["person/evil"], RDFS.label, Literal(name, lang="en")))
    return project(rdf)


def test_labels_with_markup_are_escaped():
    evil = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    html = render_page(person_named(evil), title="<b>eujgraph</b>").decode("utf-8")
    assert "<script>alert(1)" not in html and "<img src=x" not in html
    assert "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e" in html
    assert "<title>&lt;b&gt;eujgraph&lt;/b&gt;</title>" in html
    assert html.count("</script>") == 3


def test_write_page_writes_one_file_and_nothing_in_the_working_directory(graph, tmp_path, monkeypatch):
    work, out = tmp_path / "work", tmp_path / "out"
    work.mkdir()
    monkeypatch.chdir(work)
    path = write_page(graph, out / "page.html")
    assert path == out / "page.html" and path.read_bytes() == render_page(graph)
    assert [p.name for p in out.iterdir()] == ["page.html"] and list(work.iterdir()) == []


def test_payload_gives_the_page_dates_ordinals_offices_and_stages(graph, rdf):
    nodes = {n["id"]: n for n in payload(graph)["nodes"]}
    summits = [n for n, kind in graph.nodes(data="kind") if kind == "summit"]
    dates = {node_id(row.s): (str(row.date), row.ordinal) for row in rdf.query(
        "SELECT ?s ?date ?ordinal WHERE { ?s a eujo:Summit ; eujo:date ?date OPTIONAL { ?s eujo:ordinal ?ordinal } }")}
    assert set(dates) == set(summits)
    for summit in summits:
        date, ordinal = dates[summit]
        assert nodes[summit]["date"] == date
        assert nodes[summit].get("ordinal") == (None if ordinal is None else int(ordinal))
    assert nodes["summit/eu-japan-2025"]["ordinal"] == 30
    participations = {(node_id(row.who), node_id(row.event), node_id(row.office), node_id(row.party)) for row in rdf.query(
        """SELECT ?who ?event ?office ?party WHERE { ?p a eujo:Participation ; eujo:participant ?who ; eujo:atEvent ?event ;
                                                    eujo:inOffice ?office ; eujo:onBehalfOf ?party }""")}
    roles = {(n, r["event"], r.get("office"), r.get("party")) for n in nodes for r in nodes[n].get("roles", [])}
    assert participations <= roles
    for node in nodes.values():
        if "roles" in node:
            assert [nodes[r["event"]]["date"] for r in node["roles"]] == sorted(nodes[r["event"]]["date"] for r in node["roles"])
    stages = {(node_id(row.instrument), node_id(row.event)) for row in rdf.query(
        "SELECT ?instrument ?event WHERE { ?s a eujo:InstrumentStage ; eujo:stageOf ?instrument ; eujo:reachedAt ?event }")}
    assert ("instrument/eu-japan-epa", "summit/eu-japan-2018") in stages
    assert {(a, b) for a, b, key in graph.edges(keys=True) if key == "eujo:reachedAt"} == stages


def test_the_page_opens_on_a_chosen_node_and_refuses_one_not_in_the_graph(graph):
    html = render_page(graph, start="person/kaja-kallas").decode("utf-8")
    assert '"start":"person/kaja-kallas"' in html
    assert '"start":"overview"' in render_page(graph, start="overview").decode("utf-8")
    with pytest.raises(ValueError, match="person/nobody"):
        render_page(graph, start="person/nobody")


def test_build_writes_the_page_and_viz_writes_the_same_bytes(built_dir, tmp_path):
    for beside in ("timeline.html", "ontology.html"):  # beside them, the page links them, as build's does
        shutil.copy(built_dir / beside, tmp_path)
    out = tmp_path / "page.html"
    result = subprocess.run([sys.executable, "-m", "eujgraph", "viz", "--graph", str(built_dir / "eujgraph.trig"),
                             "--out", str(out)], check=False, cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"wrote {out}: ") and " nodes, " in result.stdout
    assert out.read_bytes() == (built_dir / "eujgraph.html").read_bytes()


def test_viz_and_stats_commands(built_dir, tmp_path):
    env = dict(os.environ)
    trig = str(built_dir / "eujgraph.trig")

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "eujgraph", *args], check=False, cwd=ROOT,
                              capture_output=True, text=True, env=env)

    summit = run("viz", "--graph", trig, "--summit", "eu-japan-2025", "--lang", "fi", "--out", str(tmp_path / "s.html"))
    assert summit.returncode == 0, summit.stderr
    page = (tmp_path / "s.html").read_text(encoding="utf-8")
    assert '<html lang="fi">' in page and '"start":"summit/eu-japan-2025"' in page
    assert '<span id="subtitle">30. EU:n ja Japanin huippukokous</span>' in page
    wrong = run("viz", "--graph", trig, "--focus", "kallas", "--out", str(tmp_path / "x.html"))
    assert wrong.returncode == 2 and "did you mean kaja-kallas" in wrong.stderr and "Traceback" not in wrong.stderr
    assert not (tmp_path / "x.html").exists()
    assert run("viz", "--depth", "1").returncode == 2
    table = run("stats", "--graph", trig)
    assert table.returncode == 0 and "most central actors" in table.stdout and "organisation/japan" in table.stdout
    data = json.loads(run("stats", "--graph", trig, "--format", "json", "--top", "2").stdout)
    assert len(data["central_actors"]) == 2 and data["nodes"] > 50
    missing = run("stats", "--graph", str(tmp_path / "none.trig"))
    assert missing.returncode == 2 and "run `eujgraph build` first" in missing.stderr
