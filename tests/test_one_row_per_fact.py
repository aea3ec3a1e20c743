"""A triple that several sources state is one fact: every library answer is the same with a second
memo on a summit that states nothing new.

The second memo is the 2023 joint statement's file under another memo id: the same event (same id,
same facts), the same participations and the same document issued, and no claims of its own (its
other sentences are excused). So every triple it adds about the summit is already in the graph,
and only the list of sources may change — by exactly one row.
"""

from __future__ import annotations

import shutil

import pytest
import yaml

from eujgraph.pipeline import Project, build
from eujgraph.query.library import KnowledgeGraph, load_library
from eujgraph.query.engines import EmbeddedStore
from eujgraph.viz.projection import load_projection

from .conftest import ROOT
from .test_library import CASES

FIRST = "graph/memos/eu-japan-summit-2023-07-13.joint-statement.en.yaml"
SECOND_ID = "eu-japan-summit-2023-second-source"
CLAIM_SECTIONS = ("commitments", "positions", "assessments")


def second_source(first: dict) -> dict:
    """The first memo under a new id, stating only the event, its participants and the document issued."""
    memo = dict(first, memo={**first["memo"], "id": SECOND_ID})
    excused = [{"sentence": quote if isinstance(quote, str) else quote["quote"],
                "reason": "stated by the first source"}
               for section in CLAIM_SECTIONS for claim in first.get(section, {}).values()
               for quote in claim["evidence"]]
    for section in CLAIM_SECTIONS:
        memo.pop(section, None)
    memo["no_claim"] = list(first.get("no_claim") or []) + excused
    return memo


@pytest.fixture(scope="module")
def two_sources(tmp_path_factory):
    root = tmp_path_factory.mktemp("two-sources")
    for part in ("ontology", "graph/reference", "graph/memos", "graph/sources", "graph/history"):
        shutil.copytree(ROOT / part, root / part)
    first = yaml.safe_load((ROOT / FIRST).read_text(encoding="utf-8"))
    second = root / "graph/memos" / f"{SECOND_ID}.yaml"
    second.write_text(yaml.safe_dump(second_source(first), allow_unicode=True, sort_keys=False), encoding="utf-8")
    out = root / "built"
    report = build(Project(root), out)
    return out, report


@pytest.fixture(scope="module")
def engines(built_dir, two_sources):
    library = load_library(ROOT / "queries")
    one = KnowledgeGraph(EmbeddedStore.from_file(built_dir / "eujgraph.trig"), library)
    two = KnowledgeGraph(EmbeddedStore.from_file(two_sources[0] / "eujgraph.trig"), library)
    return one, two


def test_the_second_source_restates_triples_the_graph_already_holds(two_sources):
    out, report = two_sources
    sizes = dict(report.graph_sizes())
    assert sizes["https://w3id.org/eujgraph/graph/memo/" + SECOND_ID] > 0
    store = EmbeddedStore.from_file(out / "eujgraph.trig").store
    summit = "<https://w3id.org/eujgraph/id/summit/eu-japan-2023>"
    shared = store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g1 {{ {summit} ?p ?o }} "
                         f"GRAPH ?g2 {{ {summit} ?p ?o }} FILTER(STR(?g1) < STR(?g2)) }}")
    assert int(next(shared)["n"].value) >= 5  # type, labels, ordinal, date, place, parties in both memo graphs


@pytest.mark.parametrize("name, params", sorted({(c[0], tuple(sorted(c[1].items()))) for c in CASES}
                                                | {("party-committed-to-area", (("area", "area/space-security"),)),
                                                   ("summit-commitments-graph", ()), ("instruments", ()),
                                                   ("sources", ()), ("actors-at-several-events", ())}),
                         ids=lambda value: value if isinstance(value, str) else "-".join(v for _, v in value))
def test_every_library_answer_is_the_one_source_answer(engines, name, params):
    one, two = (kg.query(name, **dict(params)).answer for kg in engines)
    if name == "sources":
        extra = [b for b in two.results["results"]["bindings"] if b["document"]["value"].endswith(SECOND_ID)]
        assert len(extra) == 1 and extra[0]["claims"]["value"] == "0" and extra[0]["participations"]["value"] == "3"
        rest = [b for b in two.results["results"]["bindings"] if b not in extra]
        assert rest == one.results["results"]["bindings"]
    elif one.form == "SELECT":
        assert two.results == one.results
    elif one.form == "ASK":
        assert two.boolean is one.boolean is True
    else:
        assert sorted(map(str, two.triples)) == sorted(map(str, one.triples))


def test_counting_triples_counts_each_fact_once(engines):
    """The summit's facts, evidence aside (the second source adds a span of its own), count the same."""
    count = ("SELECT (COUNT(*) AS ?n) WHERE { <https://w3id.org/eujgraph/id/summit/eu-japan-2023> ?p ?o "
             "FILTER(?p != eujo:hasEvidence) }")
    one, two = (int(kg.query(count).rows()[0]["n"]) for kg in engines)
    assert one == two == 12  # the memo's ten, and the history's Japanese label and mode


def test_the_page_and_stats_projection_draws_each_relation_once(built_dir, two_sources):
    one = load_projection(built_dir / "eujgraph.trig")
    two = load_projection(two_sources[0] / "eujgraph.trig")
    two.remove_node("document/" + SECOND_ID)
    assert sorted(two.edges(keys=True)) == sorted(one.edges(keys=True))


def test_the_dataset_description_counts_each_triple_once(built_dir):
    from rdflib import Graph, URIRef

    void = Graph().parse(built_dir / "void.ttl")
    total = int(void.value(URIRef("https://w3id.org/eujgraph/id/dataset/eujgraph"),
                           URIRef("http://rdfs.org/ns/void#triples")))
    store = EmbeddedStore.from_file(built_dir / "eujgraph.trig").store
    union = int(next(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"))["n"].value)
    quads = int(next(store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"))["n"].value)
    assert total == union < quads
