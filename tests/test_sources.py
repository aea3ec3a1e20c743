"""Three sources in one graph: the 2025 memo, the 2023 summit statement and the 2025 Japan–Finland
statement. Each source loads with no sentence left behind, shares its entities with the others
(one node per person, state, partnership, policy area), and cross-source questions get complete
answers.

The summit history (graph/history, tested in test_history*.py) is left out here: these are the
memo sources' own answers.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict

import pytest
from rdflib import Graph, URIRef

from eujgraph.curation.load import load_corpus, uncovered_sentences
from eujgraph.namespaces import HISTORY_GRAPH, INFERRED_GRAPH, REFERENCE_GRAPH

from .conftest import PREFIXES, ROOT

ID = "https://w3id.org/eujgraph/id/"
MEMO_2025 = "eu-japan-summit-2025-07-23-fi"
SUMMIT_2023 = "eu-japan-summit-2023-joint-statement"
JAPAN_FINLAND = "japan-finland-2025-joint-statement"
SOURCES = {
    MEMO_2025: "eu-japan-summit-2025-07-23.fi.yaml",
    SUMMIT_2023: "eu-japan-summit-2023-07-13.joint-statement.en.yaml",
    JAPAN_FINLAND: "japan-finland-2025-06-11.joint-statement.en.yaml",
}
EXCERPTS = (SUMMIT_2023, JAPAN_FINLAND)


@pytest.fixture(scope="module")
def union(dataset) -> Graph:
    """The graph without the history: ontology, reference data, memos, and what is inferred of their nodes."""
    asserted = [g for g in dataset.graphs() if g.identifier not in (HISTORY_GRAPH, INFERRED_GRAPH)]
    own = {s for graph in asserted for s in graph.subjects()}
    merged = Graph()
    for graph in asserted:
        merged += graph
    for triple in dataset.graph(INFERRED_GRAPH):
        if triple[0] in own:
            merged.add(triple)
    return merged


def rows(graph, query: str) -> set[tuple[str, ...]]:
    """Query answers with eujgraph's instance IRIs shortened to ``kind/slug``."""
    return {tuple(str(value).removeprefix(ID) for value in row) for row in graph.query(PREFIXES + query)}


def test_every_memo_file_loads_and_leaves_no_sentence_behind(project):
    corpus = load_corpus(project.graph_dir)
    assert {memo.id: memo.path.name for memo in corpus.memos} == SOURCES
    assert sorted(p.name for p in (ROOT / "graph/memos").glob("*.yaml")) == sorted(SOURCES.values())
    for memo in corpus.memos:
        assert memo.text.sentences(), memo.id
        assert uncovered_sentences(memo) == [], memo.id


def test_excerpt_headers_are_excused_and_never_cited(project):
    corpus = load_corpus(project.graph_dir)
    for memo in (m for m in corpus.memos if m.id in EXCERPTS):
        header_end = memo.text.original.index("\n\n")
        assert memo.text.original.startswith("Source: https://")
        header = [s for s in memo.text.sentences() if s.start < header_end]
        cited, excused = [], []
        for item in [memo.item, *memo.items]:
            for key in ("evidence", "title", "sentence"):
                quotes = item.get(key)
                if isinstance(quotes, list):  # a title may be a langmap instead of a quote
                    (excused if key == "sentence" else cited).extend(e.span for e in quotes)
        assert len(header) == 3, memo.id
        assert not [s for s in cited if s.start < header_end], memo.id
        for sentence in header:
            assert any(s.start < sentence.end and sentence.start < s.end for s in excused), sentence.text


def test_source_texts_are_kept_verbatim(union):
    recorded = rows(union, """
        SELECT ?doc ?type ?language ?file ?sha WHERE {
          ?doc eujo:sourceFile ?file ; eujo:sha256 ?sha ; dcterms:language ?language ; a ?type .
          FILTER(?type IN (eujo:Memo, eujo:JointStatement)) }""")
    assert {(doc, type_.rsplit("#", 1)[1], language, file) for doc, type_, language, file, _ in recorded} == {
        (f"document/{MEMO_2025}", "Memo", "fi", "graph/sources/eu-japan-summit-2025-07-23.fi.txt"),
        (f"document/{SUMMIT_2023}", "JointStatement", "en",
         "graph/sources/eu-japan-summit-2023-07-13.joint-statement.en.excerpt.txt"),
        (f"document/{JAPAN_FINLAND}", "JointStatement", "en",
         "graph/sources/japan-finland-2025-06-11.joint-statement.en.excerpt.txt"),
    }
    for *_, file, sha in recorded:
        assert hashlib.sha256((ROOT / file).read_bytes()).hexdigest() == sha


def test_each_source_reports_on_its_event(union):
    assert rows(union, """
        SELECT ?doc ?event ?type ?date ?place WHERE {
          ?doc eujo:about ?event . ?event a ?type ; eujo:date ?date ; eujo:place/rdfs:label ?place .
          FILTER(?type IN (eujo:Summit, eujo:Meeting) && lang(?place) = "en") }""") == {
        (f"document/{MEMO_2025}", "summit/eu-japan-2025", "https://w3id.org/eujgraph/ontology#Summit",
         "2025-07-23", "Tokyo"),
        (f"document/{SUMMIT_2023}", "summit/eu-japan-2023", "https://w3id.org/eujgraph/ontology#Summit",
         "2023-07-13", "Brussels"),
        (f"document/{JAPAN_FINLAND}", "event/japan-finland-2025", "https://w3id.org/eujgraph/ontology#Meeting",
         "2025-06-11", "Tokyo"),
    }
    assert rows(union, "SELECT ?s ?n WHERE { ?s eujo:ordinal ?n }") == {
        ("summit/eu-japan-2023", "29"), ("summit/eu-japan-2025", "30")}


def test_participants_of_every_event(union):
    assert rows(union, """
        SELECT ?event ?person ?office ?party ?source WHERE {
          ?p a eujo:Participation ; eujo:atEvent ?event ; eujo:participant ?person ;
             eujo:inOffice/rdfs:label ?office ; eujo:onBehalfOf ?party ; dcterms:source ?source .
          FILTER(lang(?office) = "en") }""") == {
        ("summit/eu-japan-2023", "person/charles-michel", "President of the European Council",
         "organisation/european-union", f"document/{SUMMIT_2023}"),
        ("summit/eu-japan-2023", "person/ursula-von-der-leyen", "President of the European Commission",
         "organisation/european-union", f"document/{SUMMIT_2023}"),
        ("summit/eu-japan-2023", "person/fumio-kishida", "Prime Minister of Japan",
         "organisation/japan", f"document/{SUMMIT_2023}"),
        ("summit/eu-japan-2025", "person/antonio-costa", "President of the European Council",
         "organisation/european-union", f"document/{MEMO_2025}"),
        ("summit/eu-japan-2025", "person/ursula-von-der-leyen", "President of the European Commission",
         "organisation/european-union", f"document/{MEMO_2025}"),
        ("summit/eu-japan-2025", "person/kaja-kallas",
         "High Representative of the Union for Foreign Affairs and Security Policy",
         "organisation/european-union", f"document/{MEMO_2025}"),
        ("summit/eu-japan-2025", "person/shigeru-ishiba", "Prime Minister of Japan",
         "organisation/japan", f"document/{MEMO_2025}"),
        ("event/japan-finland-2025", "person/shigeru-ishiba", "Prime Minister of Japan",
         "organisation/japan", f"document/{JAPAN_FINLAND}"),
        ("event/japan-finland-2025", "person/alexander-stubb", "President of the Republic of Finland",
         "organisation/finland", f"document/{JAPAN_FINLAND}"),
    }


def test_actors_present_at_several_events_are_one_node(union):
    assert rows(union, """
        SELECT ?person (COUNT(DISTINCT ?event) AS ?events) WHERE {
          ?p eujo:participant ?person ; eujo:atEvent ?event }
        GROUP BY ?person HAVING (COUNT(DISTINCT ?event) > 1)""") == {
        ("person/shigeru-ishiba", "2"), ("person/ursula-von-der-leyen", "2")}
    events: dict[str, set[str]] = defaultdict(set)
    for person, event in rows(union, "SELECT ?person ?event WHERE { ?p eujo:participant ?person ; eujo:atEvent ?event }"):
        events[person].add(event)
    assert events["person/shigeru-ishiba"] == {"summit/eu-japan-2025", "event/japan-finland-2025"}
    assert events["person/ursula-von-der-leyen"] == {"summit/eu-japan-2023", "summit/eu-japan-2025"}
    assert rows(union, """
        SELECT ?name WHERE { ?p eujo:participant <https://w3id.org/eujgraph/id/person/shigeru-ishiba> ; eujo:atEvent ?e .
                             <https://w3id.org/eujgraph/id/person/shigeru-ishiba> rdfs:label ?name . FILTER(lang(?name) = "en") }""") == {
        ("Shigeru Ishiba",)}


def test_entities_shared_across_sources_live_once_in_the_reference_graph(dataset):
    reference = dataset.graph(REFERENCE_GRAPH)
    defined = set(reference.subjects())
    used_by: dict[str, set[str]] = defaultdict(set)
    for graph in dataset.graphs():
        name = str(graph.identifier)
        if "/graph/memo/" not in name:
            continue
        for _, _, value in graph:
            if value in defined:
                used_by[str(value).removeprefix(ID)].add(name.rsplit("/", 1)[1])
        assert not any(isinstance(s, URIRef) and s in defined and str(s).split("/")[-2] in
                       ("person", "organisation", "office", "place", "area", "instrument")
                       for s in graph.subjects()), f"{name} redefines a reference entity"
    every = {MEMO_2025, SUMMIT_2023, JAPAN_FINLAND}
    eu_japan = {MEMO_2025, SUMMIT_2023}
    with_finland = {MEMO_2025, JAPAN_FINLAND}
    assert {entity: sources for entity, sources in used_by.items() if len(sources) > 1} == {
        "person/ursula-von-der-leyen": eu_japan,
        "person/shigeru-ishiba": with_finland,
        "office/president-of-the-european-council": eu_japan,
        "office/president-of-the-european-commission": eu_japan,
        "office/prime-minister-of-japan": every,
        "organisation/european-union": every,
        "organisation/japan": every,
        "organisation/finland": with_finland,
        "organisation/russia": every,
        "organisation/ukraine": every,
        "organisation/united-nations": every,
        "place/tokyo": with_finland,
        "instrument/eu-japan-strategic-partnership": eu_japan,
        "instrument/finland-japan-strategic-partnership": with_finland,
        "area/bilateral-relations": every,
        "area/international-law": every,
        "area/international-order": every,
        "area/international-security": every,
        "area/war-in-ukraine": every,
        "area/democracy-and-human-rights": {SUMMIT_2023, JAPAN_FINLAND},
        "area/indo-pacific": {SUMMIT_2023, JAPAN_FINLAND},
        "area/economic-security": eu_japan,
        "area/maritime-security": eu_japan,
        "area/multilateral-trading-system": eu_japan,
        "area/multilateralism": eu_japan,
    }


def test_finland_japan_strategic_partnership_is_one_node_the_memo_and_the_statement_build_on(union):
    assert rows(union, """
        SELECT ?source ?claim WHERE {
          ?claim eujo:instrument <https://w3id.org/eujgraph/id/instrument/finland-japan-strategic-partnership> ; dcterms:source ?source }""") == {
        (f"document/{MEMO_2025}", f"assessment/{MEMO_2025}/complements-finland-japan-partnership"),
        (f"document/{JAPAN_FINLAND}", f"commitment/{JAPAN_FINLAND}/reinforced-cooperation"),
        (f"document/{JAPAN_FINLAND}", f"position/{JAPAN_FINLAND}/spa-framework-for-finland-japan-partnership"),
        (f"document/{JAPAN_FINLAND}", f"assessment/{JAPAN_FINLAND}/strategic-partnership-provided-strong-base"),
    }
    assert rows(union, """
        SELECT ?status ?party WHERE {
          ?c eujo:instrument <https://w3id.org/eujgraph/id/instrument/finland-japan-strategic-partnership> ; a eujo:Commitment ;
             eujo:status ?status ; eujo:party ?party }""") == {
        ("https://w3id.org/eujgraph/ontology#deepened", "organisation/finland"),
        ("https://w3id.org/eujgraph/ontology#deepened", "organisation/japan")}


def test_instruments_that_several_sources_refer_to(union):
    found = rows(union, """
        SELECT ?instrument ?source WHERE { ?claim eujo:instrument ?instrument ; dcterms:source ?source }""")
    sources: dict[str, set[str]] = defaultdict(set)
    for instrument, source in found:
        sources[instrument].add(source.removeprefix("document/"))
    assert {i: s for i, s in sources.items() if len(s) > 1} == {
        "instrument/eu-japan-strategic-partnership": {MEMO_2025, SUMMIT_2023},
        "instrument/finland-japan-strategic-partnership": {MEMO_2025, JAPAN_FINLAND},
    }


def test_the_position_on_russias_war_is_reaffirmed_in_every_source(union):
    assert rows(union, """
        SELECT ?source ?holder WHERE {
          ?p a eujo:Position , eujo:Reaffirmation ; dcterms:source ?source ; eujo:heldBy ?holder ;
             eujo:concernsActor <https://w3id.org/eujgraph/id/organisation/russia> ;
             eujo:concernsArea <https://w3id.org/eujgraph/id/area/war-in-ukraine> , <https://w3id.org/eujgraph/id/area/international-law> }""") == {
        (f"document/{MEMO_2025}", "organisation/european-union"),
        (f"document/{MEMO_2025}", "organisation/japan"),
        (f"document/{SUMMIT_2023}", "organisation/european-union"),
        (f"document/{SUMMIT_2023}", "organisation/japan"),
        (f"document/{JAPAN_FINLAND}", "organisation/finland"),
        (f"document/{JAPAN_FINLAND}", "organisation/japan"),
    }
    assert rows(union, """
        SELECT ?exact WHERE { ?p a eujo:Position ; eujo:concernsActor <https://w3id.org/eujgraph/id/organisation/russia> ;
                                 eujo:hasEvidence/oa:hasSelector/oa:exact ?exact }""") == {
        ("Osapuolet vahvistivat lisäksi uudelleen, että Venäjän hyökkäyssota Ukrainaan on kansainvälisen "
         "oikeuden ja erityisesti YK:n peruskirjan vastainen",),
        ("We remain resolute in",),
        ("our opposition to Russia’s brutal, unprovoked and illegal war of aggression",),
        ("The two leaders reiterated their condemnation of Russia’s war of aggression against Ukraine, which "
         "constitutes a serious violation of international law, including the UN Charter",),
    }


def test_claims_on_the_un_charter_and_international_law_in_more_than_one_source(union):
    assert rows(union, """
        SELECT ?source ?claim WHERE {
          ?claim eujo:concernsActor <https://w3id.org/eujgraph/id/organisation/united-nations> ;
                 eujo:concernsArea <https://w3id.org/eujgraph/id/area/international-law> ; dcterms:source ?source }""") == {
        (f"document/{MEMO_2025}", f"position/{MEMO_2025}/russia-war-violates-international-law"),
        (f"document/{SUMMIT_2023}", f"commitment/{SUMMIT_2023}/free-and-open-international-order"),
        (f"document/{SUMMIT_2023}", f"position/{SUMMIT_2023}/just-and-durable-peace"),
        (f"document/{JAPAN_FINLAND}", f"position/{JAPAN_FINLAND}/russia-war-violates-international-law"),
    }


def test_support_to_ukraine_in_every_source(union):
    assert rows(union, """
        SELECT ?source ?status WHERE {
          ?c a eujo:Commitment ; eujo:kind eujo:support ; eujo:concernsActor <https://w3id.org/eujgraph/id/organisation/ukraine> ;
             eujo:status ?status ; dcterms:source ?source }""") == {
        (f"document/{MEMO_2025}", "https://w3id.org/eujgraph/ontology#continued"),
        (f"document/{SUMMIT_2023}", "https://w3id.org/eujgraph/ontology#continued"),
        (f"document/{JAPAN_FINLAND}", "https://w3id.org/eujgraph/ontology#reaffirmed"),
    }


def test_policy_areas_recurring_across_events(union):
    assert rows(union, """
        SELECT ?area (COUNT(DISTINCT ?event) AS ?events) WHERE {
          ?claim eujo:concernsArea ?area ; eujo:madeAt ?event }
        GROUP BY ?area HAVING (COUNT(DISTINCT ?event) > 1)""") == {
        ("area/bilateral-relations", "3"),
        ("area/international-law", "3"),
        ("area/international-order", "3"),
        ("area/international-security", "3"),
        ("area/war-in-ukraine", "3"),
        ("area/democracy-and-human-rights", "2"),
        ("area/economic-security", "2"),
        ("area/indo-pacific", "2"),
        ("area/maritime-security", "2"),
        ("area/multilateral-trading-system", "2"),
        ("area/multilateralism", "2"),
    }


def test_positions_on_the_same_area_in_more_than_one_source(union):
    assert rows(union, """
        SELECT ?area (COUNT(DISTINCT ?source) AS ?sources) WHERE {
          ?p a eujo:Position ; eujo:concernsArea ?area ; dcterms:source ?source }
        GROUP BY ?area HAVING (COUNT(DISTINCT ?source) > 1)""") == {
        ("area/bilateral-relations", "3"),
        ("area/international-law", "3"),
        ("area/international-security", "3"),
        ("area/war-in-ukraine", "3"),
        ("area/indo-pacific", "2"),
    }


def test_claims_per_source_by_kind(union):
    assert rows(union, """
        SELECT ?source ?kind (COUNT(DISTINCT ?claim) AS ?n) WHERE {
          ?claim dcterms:source ?source ; a ?class .
          VALUES (?class ?kind) { (eujo:Commitment "commitment") (eujo:Position "position")
                                  (eujo:Assessment "assessment") (eujo:Participation "participation") } }
        GROUP BY ?source ?kind""") == {
        (f"document/{MEMO_2025}", "commitment", "24"),
        (f"document/{MEMO_2025}", "position", "3"),
        (f"document/{MEMO_2025}", "assessment", "4"),
        (f"document/{MEMO_2025}", "participation", "4"),
        (f"document/{SUMMIT_2023}", "commitment", "4"),
        (f"document/{SUMMIT_2023}", "position", "9"),
        (f"document/{SUMMIT_2023}", "assessment", "1"),
        (f"document/{SUMMIT_2023}", "participation", "3"),
        (f"document/{JAPAN_FINLAND}", "commitment", "4"),
        (f"document/{JAPAN_FINLAND}", "position", "7"),
        (f"document/{JAPAN_FINLAND}", "assessment", "1"),
        (f"document/{JAPAN_FINLAND}", "participation", "2"),
    }
