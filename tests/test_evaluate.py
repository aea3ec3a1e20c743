"""eujgraph evaluate: matching rules, counts, misses and false hits, table and JSON."""

from __future__ import annotations

import json
import shutil

import pytest
from click.testing import CliRunner

from eujgraph.cli import main
from eujgraph.errors import InputError
from eujgraph.extract.evaluate import KINDS, evaluate

from .conftest import ROOT, edit

GOLD = ROOT / "graph/memos/eu-japan-summit-2025-07-23.fi.yaml"


@pytest.fixture
def copy(tmp_path):
    """A copy of the 2025 memo's curated file (with its text beside it) to alter."""
    shutil.copytree(ROOT / "graph/sources", tmp_path / "sources")
    (tmp_path / "memos").mkdir()
    path = tmp_path / "memos" / GOLD.name
    shutil.copy(GOLD, path)
    return path


def test_gold_against_itself_is_perfect():
    result = evaluate(GOLD, GOLD)
    assert list(result.scores) == list(KINDS)
    for score in result.scores.values():
        assert (score.precision, score.recall, score.f1) == (1.0, 1.0, 1.0)
        assert score.misses == score.false_hits == []
    assert result["commitments"].gold == 24 and result["participants"].gold == 4


def test_a_changed_status_is_a_miss_and_a_false_hit(copy):
    edit(copy, "    kind: cooperation\n    status: continued\n    parties: [european-union, japan]\n"
               "    areas: [climate]", "    kind: cooperation\n    status: deepened\n"
               "    parties: [european-union, japan]\n    areas: [climate]")
    result = evaluate(copy, GOLD)
    commitments = result["commitments"]
    assert commitments.matched == 23
    assert [m.split(" ")[0] for m in commitments.misses] == ["climate"]
    assert [m.split(" ")[0] for m in commitments.false_hits] == ["climate"]
    assert commitments.recall == pytest.approx(23 / 24)
    areas = result["policy areas"]
    assert "climate (unmatched): climate" in areas.misses
    assert "draft climate (unmatched): climate" in areas.false_hits


def test_commitments_match_by_overlapping_evidence_not_by_id(copy):
    edit(copy, "  competitiveness-alliance:\n", "  some-other-name:\n")
    edit(copy, "      - uuden kilpailukykyallianssin perustaminen\n", "")
    result = evaluate(copy, GOLD)
    assert result["commitments"].f1 == 1.0


def test_areas_are_compared_per_matched_commitment(copy):
    edit(copy, "    areas: [disarmament, non-proliferation]", "    areas: [disarmament, sanctions]")
    result = evaluate(copy, GOLD)
    areas = result["policy areas"]
    assert areas.misses == ["disarmament-and-non-proliferation: non-proliferation"]
    assert areas.false_hits == ["disarmament-and-non-proliferation (draft disarmament-and-non-proliferation): "
                                "sanctions"]
    assert areas.precision == pytest.approx(24 / 25) and areas.recall == pytest.approx(24 / 25)


def test_event_facts_and_participants(copy):
    edit(copy, "    date: 2025-07-23", "    date: 2025-07-24")
    edit(copy, "    office: high-representative", "    office: president-of-the-european-commission")
    result = evaluate(copy, GOLD)
    assert result["event facts"].misses == ["event.date = 2025-07-23"]
    assert result["event facts"].false_hits == ["event.date = 2025-07-24"]
    assert result["participants"].misses == ["kaja-kallas as high-representative for european-union"]


def test_positions_need_the_same_holder(copy):
    edit(copy, "    held_by: [european-union, japan]\n    areas: [economic-security]",
         "    held_by: [japan]\n    areas: [economic-security]")
    result = evaluate(copy, GOLD)
    assert result["positions"].matched == 2
    assert result["positions"].misses[0].startswith("economic-security-priority (european-union,japan)")


def test_cli_table_and_json(copy):
    edit(copy, "  sanctions:\n    label:", "  sanctions-x:\n    label:")
    runner = CliRunner()
    table = runner.invoke(main, ["evaluate", str(copy), str(GOLD)])
    assert table.exit_code == 0, table.output
    assert "commitments       24    24    24  1.000  1.000  1.000" in table.output
    data = json.loads(runner.invoke(main, ["evaluate", str(copy), str(GOLD), "--format", "json"]).output)
    assert data["kinds"]["participants"]["f1"] == 1.0
    assert set(data["kinds"]) == set(KINDS)
    assert data["kinds"]["commitments"]["misses"] == []


def test_a_missing_file_is_named(tmp_path):
    missing = tmp_path / "draft.yaml"
    with pytest.raises(InputError, match="draft.yaml"):
        evaluate(missing, GOLD)
    result = CliRunner().invoke(main, ["evaluate", str(missing), str(GOLD)])
    assert result.exit_code == 2 and "draft.yaml" in result.output
