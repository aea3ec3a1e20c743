"""The summit history (graph/history/): loading, its problems with file and line, and its RDF.

The expected answers are computed here from the YAML files with plain Python (not with the
loader or the builder), so that a wrong rule in either shows as a difference.
"""

from __future__ import annotations

import shutil
from collections import Counter

import pytest
import yaml
from rdflib import Literal, URIRef
from rdflib.namespace import FOAF, RDF, RDFS

from eujgraph.curation.history import MAX_QUOTE_WORDS, load_history
from eujgraph.curation.load import load_corpus
from eujgraph.errors import InputError
from eujgraph.namespaces import EUJ, EUJO, HISTORY_GRAPH

from .conftest import ROOT, edit

HISTORY_DIR = ROOT / "graph/history"
PERIODS = sorted(p for p in HISTORY_DIR.glob("summits-*.yaml"))


def raw() -> list[dict]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in PERIODS]


def raw_reports() -> dict[str, list[dict]]:
    reports: dict[str, list[dict]] = {}
    for data in raw():
        for summit, entry in data["summits"].items():
            reports.setdefault(summit, []).extend(entry["reports"])
    return reports


def most_given(values):
    given = [v for v in values if v is not None]
    counts = Counter(given)
    return next((v for v in given if counts[v] == max(counts.values())), None)


@pytest.fixture(scope="module")
def history():
    return load_history(HISTORY_DIR, load_corpus(ROOT / "graph"), ROOT)


@pytest.fixture
def broken(scratch):
    """A scratch project with the history, and a function that loads it and returns the problems."""
    shutil.copytree(HISTORY_DIR, scratch.history_dir)

    def problems() -> list[str]:
        with pytest.raises(InputError) as caught:
            load_history(scratch.history_dir, load_corpus(scratch.graph_dir, scratch.root), scratch.root)
        return [str(p) for p in caught.value.problems]

    return scratch, problems


# --- loading ---------------------------------------------------------------------------

def test_every_summit_from_1991_to_2025_is_there(history):
    summits = history.summits()
    years = {int(s.split("-")[2]) for s in summits}
    assert min(years) == 1991 and max(years) == 2025
    numbered = {most_given([r.ordinal for r in reports]) for reports in summits.values()} - {None}
    # no source read numbers the London summit of 1992 (the 2nd); no source was found for the 3rd at all
    assert numbered == set(range(1, 31)) - {2, 3}
    assert "eu-japan-1992" in summits and all(r.ordinal is None for r in summits["eu-japan-1992"])
    assert any("third summit" in note for note in history.unsourced)


def test_the_first_summit_is_the_hague_1991(history):
    first = history.summits()["eu-japan-1991"]
    assert most_given([r.date for r in first]) == "1991-07-18"
    assert most_given([r.place for r in first]) == "the-hague"


def test_the_loader_keeps_every_report_and_stage_of_the_files(history):
    expected = {(s, r["source"]) for s, reports in raw_reports().items() for r in reports}
    assert {(r.summit, r.source) for r in history.reports} == expected
    stages = [(i["id"], s["stage"], s["source"]) for data in raw() for i in data["instruments"] for s in i["stages"]]
    assert sorted((s.instrument, s.stage, s.source) for s in history.stages) == sorted(stages)


def test_quotes_are_clauses(history):
    quotes = [r.quote for r in history.reports] + [s.quote for s in history.stages]
    assert quotes and max(len(q.split()) for q in quotes) <= MAX_QUOTE_WORDS


@pytest.mark.parametrize("old, new, message", [
    ("source: worldjpn-1991-hague-declaration-en\n", "source: worldjpn-1991-hague-declaratio\n",
     "unknown source 'worldjpn-1991-hague-declaratio' in field 'source' (did you mean"),
    ("date: 1991-07-18\n        place: the-hague", "date: 1991-07-32\n        place: the-hague",
     "field 'date' '1991-07-32' is not a date (YYYY-MM-DD)"),
    ("place: the-hague\n", "place: the-hage\n", "unknown place 'the-hage'"),
    ("    coverage: opening", "    coverage: partial", "field 'coverage' is 'partial', not one of full, excerpt, opening"),
    ("mode: in-person", "mode: by-telegram", "field 'mode' is 'by-telegram', not one of"),
    ("quote: \"Joint Declaration", "quote: \"" + "very " * 30 + "Joint Declaration",
     f"quote a clause (at most {MAX_QUOTE_WORDS} words)"),
    ("    reports:\n", "    reprots:\n", "must hold one field, 'reports'"),
])
def test_a_broken_history_names_file_line_and_problem(broken, old, new, message):
    project, problems = broken
    path = project.history_dir / "summits-1991-2001.yaml"
    edit(path, old, new)
    found = problems()
    line = next(i for i, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if new.split("\n")[0]
                in text)
    hits = [p for p in found if message in p]
    assert hits, found
    assert any(p.startswith(f"{path}:") for p in hits)
    assert any(abs(int(p.split(":")[1]) - line) <= 8 for p in hits), (hits, line)


def test_an_unknown_stage_and_a_missing_vocabulary_are_named(broken):
    project, problems = broken
    edit(project.history_dir / "summits-2013-2025.yaml", "{stage: signed,", "{stage: sined,")
    assert any("unknown stage kind 'sined'" in p and "did you mean 'signed'" in p for p in problems())
    (project.history_dir / "stages.yaml").unlink()
    assert any("stages.yaml is missing" in p for p in problems())


def test_an_entity_defined_two_ways_is_refused(broken):
    project, problems = broken
    path = project.history_dir / "summits-2002-2012.yaml"
    edit(path, "organisations:\n", "organisations:\n  france: {en: Frankreich, fi: Ranska, type: state}\n")
    assert any("'france' is defined differently at" in p and "(en label)" in p for p in problems())


def test_a_history_may_not_relabel_reference_data(broken):
    project, problems = broken
    edit(project.history_dir / "summits-2013-2025.yaml", "  shigeru-ishiba: {ja:", "  shigeru-ishiba: {en: S. Ishiba, ja:")
    assert any("'shigeru-ishiba' is defined in graph/reference/" in p for p in problems())


def test_a_project_without_history_builds_without_it(scratch):
    from eujgraph.pipeline import build

    report = build(scratch, None, reasoning=False)
    assert HISTORY_GRAPH not in {g.identifier for g in report.dataset.graphs() if len(g)}


# --- the built graph ---------------------------------------------------------------------

@pytest.fixture(scope="module")
def history_rdf(dataset):
    return dataset.graph(HISTORY_GRAPH)


def test_one_node_for_abe_the_25th_summit_and_the_spa(dataset, union):
    abe = EUJ["person/shinzo-abe"]
    assert len(set(union.objects(abe, FOAF.name))) == 1
    summits = {union.value(p, EUJO.atEvent) for p in union.subjects(EUJO.participant, abe)}
    assert {EUJ["summit/eu-japan-2000"], EUJ["summit/eu-japan-2018"], EUJ["summit/eu-japan-2019"]} <= summits
    spa = EUJ["instrument/eu-japan-strategic-partnership-agreement"]
    memo_claims = {s for s in union.subjects(EUJO.instrument, spa)}
    stages = set(union.subjects(EUJO.stageOf, spa))
    assert memo_claims and len(stages) >= 10
    assert {union.value(s, EUJO.reachedAt) for s in stages} >= {EUJ["summit/eu-japan-2018"]}
    # the memo's summit is the history's summit: one node with the memo's labels and the history's reports
    summit = EUJ["summit/eu-japan-2025"]
    assert Literal("30th EU–Japan summit", lang="en") in set(union.objects(summit, RDFS.label))
    assert len(set(union.subjects(EUJO.reportOf, summit))) >= 3


def test_every_summit_has_the_date_and_place_most_reports_give(union):
    remote = 0
    for summit, reports in raw_reports().items():
        iri = EUJ[f"summit/{summit}"]
        if summit in ("eu-japan-2023", "eu-japan-2025"):
            continue  # the memos define these
        assert str(union.value(iri, EUJO.date)) == most_given([str(r["date"]) if r.get("date") else None
                                                               for r in reports]), summit
        place = most_given([r.get("place") for r in reports])
        if most_given([r.get("mode") for r in reports]) in ("video", "telephone"):
            remote += 1
            place = None  # a meeting by video or telephone has no venue, whatever was planned
        assert union.value(iri, EUJO.place) == (EUJ[f"place/{place}"] if place else None), summit
    assert remote >= 3  # the 2013 telephone summit, the 2020 and 2021 video conferences


def test_each_report_keeps_its_own_source_and_quote(history_rdf):
    expected = {(summit, r["source"], r["quote"]) for summit, reports in raw_reports().items() for r in reports}
    found = set()
    for report in history_rdf.subjects(RDF.type, EUJO.SourceReport):
        summit = str(history_rdf.value(report, EUJO.reportOf)).rsplit("/", 1)[-1]
        source = str(history_rdf.value(report, URIRef("http://purl.org/dc/terms/source"))).rsplit("/", 1)[-1]
        quotation = history_rdf.value(report, EUJO.hasEvidence)
        selector = history_rdf.value(quotation, URIRef("http://www.w3.org/ns/oa#hasSelector"))
        exact = history_rdf.value(selector, URIRef("http://www.w3.org/ns/oa#exact"))
        found.add((summit, source, str(exact)))
    assert found == expected
