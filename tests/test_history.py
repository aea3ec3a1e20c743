"""The staged history of the summits (graph/history/, not yet built): every fact cites a source it defines,
every id it uses resolves, and quotes stay clauses.

These checks keep the cited data sound until the loader of issue 13 reads it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT

HISTORY = sorted((ROOT / "graph/history").glob("*.yaml"))
MAX_QUOTE_WORDS = 26
COVERAGE = {"full", "excerpt", "opening"}


def reference_ids(section: str) -> set[str]:
    ids = set()
    for path in (ROOT / "graph/reference").glob("*.yaml"):
        ids |= set((yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get(section) or {})
    return ids


def walk(value, key=None):
    """Every (key, value) pair in a nested YAML value."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield k, v
            yield from walk(v, k)
    elif isinstance(value, list):
        for v in value:
            yield from walk(v, key)


@pytest.fixture(scope="module", params=HISTORY, ids=[p.name for p in HISTORY])
def history(request) -> dict:
    return yaml.safe_load(Path(request.param).read_text(encoding="utf-8"))


def test_there_are_three_periods():
    assert [p.name for p in HISTORY] == ["summits-1991-2001.yaml", "summits-2002-2012.yaml", "summits-2013-2025.yaml"]


def test_every_source_has_the_facts_a_citation_needs(history):
    for sid, source in history["sources"].items():
        assert re.fullmatch(r"[a-z0-9][a-z0-9-]*", sid), sid
        assert source.get("publisher") and source.get("title") and source.get("language"), sid
        assert source.get("coverage") in COVERAGE, sid
        assert source.get("url") is None or str(source["url"]).startswith(("http://", "https://")), sid


def test_every_cited_source_is_defined(history):
    defined = set(history["sources"])
    cited = {v for k, v in walk(history) if k in ("source", "ja_source") and v is not None}
    assert cited - defined == set()


def test_every_report_cites_a_source_and_quotes_at_most_a_clause(history):
    for summit, entry in history["summits"].items():
        assert re.fullmatch(r"eu-japan-\d{4}(-\d)?", summit), summit
        for report in entry["reports"]:
            assert report["source"] in history["sources"], summit
    quotes = [v for k, v in walk(history) if k == "quote"]
    assert quotes and all(len(q.split()) <= MAX_QUOTE_WORDS for q in quotes)


def test_every_person_place_and_office_used_is_defined(history):
    people = set(history.get("people") or {}) | reference_ids("persons")
    places = set(history.get("places") or {}) | reference_ids("places")
    offices = set(history.get("offices") or {}) | reference_ids("offices")
    for summit, entry in history["summits"].items():
        for report in entry["reports"]:
            assert report.get("place") is None or report["place"] in places, (summit, report.get("place"))
            for who in (report.get("leaders") or []) + (report.get("participants") or []):
                assert who.get("person") is None or who["person"] in people, (summit, who)
                assert who.get("office") is None or who["office"] in offices, (summit, who)


def test_instrument_stages_name_summits_of_the_history(history):
    summits = {s for path in HISTORY for s in yaml.safe_load(path.read_text(encoding="utf-8"))["summits"]}
    for instrument in history["instruments"]:
        for stage in instrument["stages"]:
            assert stage.get("summit") is None or stage["summit"] in summits, (instrument["id"], stage)
            assert stage["source"] in history["sources"], (instrument["id"], stage)
