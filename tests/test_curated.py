"""Bad curated input: each problem names file, line and what is wrong."""

from __future__ import annotations

import pytest

from eujgraph.curation.load import load_corpus
from eujgraph.errors import InputError

from .conftest import MEMO_YAML, edit


def problems_of(project) -> list[str]:
    with pytest.raises(InputError) as caught:
        load_corpus(project.graph_dir)
    return [str(problem) for problem in caught.value.problems]


def line_of(path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def test_the_real_corpus_loads(project):
    corpus = load_corpus(project.graph_dir)
    assert [memo.id for memo in corpus.memos] == ["eu-japan-summit-2023-joint-statement",
                                                  "eu-japan-summit-2025-07-23-fi",
                                                  "japan-finland-2025-joint-statement"]
    sections = {item.section for item in corpus.items()}
    assert {"persons", "organisations", "offices", "places", "policy_areas", "instruments",
            "documents", "memo", "events", "participations", "commitments", "positions",
            "assessments"} <= sections


def test_malformed_yaml_names_file_and_line(scratch):
    memo = scratch.root / MEMO_YAML
    edit(memo, "    kind: initiative\n", "    kind: [initiative\n")
    [problem] = problems_of(scratch)
    assert problem.startswith(f"{memo}:")
    assert "malformed YAML" in problem


def test_unknown_policy_area_suggests_the_closest(scratch):
    memo = scratch.root / MEMO_YAML
    edit(memo, "areas: [cyber-security]", "areas: [cyber-securty]")
    [problem] = problems_of(scratch)
    assert problem == (f"{memo}:{line_of(memo, 'cyber-securty')}: unknown area 'cyber-securty' "
                       "in field 'areas' (did you mean 'cyber-security'?)")


def test_unknown_actor_suggests_the_closest(scratch):
    memo = scratch.root / MEMO_YAML
    edit(memo, "  - person: kaja-kallas", "  - person: kaja-kalas")
    [problem] = problems_of(scratch)
    assert f"{memo}:{line_of(memo, 'kaja-kalas')}: unknown person 'kaja-kalas'" in problem
    assert "did you mean 'kaja-kallas'?" in problem


def test_quote_not_in_the_memo_shows_the_closest_passage(scratch):
    memo = scratch.root / MEMO_YAML
    edit(memo, "- uuden kilpailukykyallianssin perustaminen", "- uuden kilpailukykyalliansin perustaminen")
    [problem] = problems_of(scratch)
    assert problem.startswith(f"{memo}:{line_of(memo, 'kilpailukykyalliansin')}: quote not found in "
                              "eu-japan-summit-2025-07-23.fi.txt: 'uuden kilpailukykyalliansin perustaminen'")
    assert "closest passage: 'uuden kilpailukykyallianssin perustaminen,'" in problem


def test_a_recurring_quote_must_say_which_occurrence(scratch):
    memo = scratch.root / MEMO_YAML
    edit(memo, "{quote: Suomen näkökulmasta kokouksen lopputulema on onnistunut, occurrence: 2}",
         "Suomen näkökulmasta kokouksen lopputulema on onnistunut")
    [problem] = problems_of(scratch)
    assert "occurs 2 times" in problem and "occurrence: N" in problem


def test_duplicate_ids_name_both_lines(scratch):
    memo = scratch.root / MEMO_YAML
    text = memo.read_text()
    memo.write_text(text.replace("  space-security:\n", "  maritime-security:\n", 1))
    [problem] = problems_of(scratch)
    first, second = [n for n, line in enumerate(memo.read_text().splitlines(), 1)
                     if line == "  maritime-security:"]
    assert problem == f"{memo}:{second}: duplicate key 'maritime-security' (first at line {first})"


def test_unknown_field_and_missing_required_field(scratch):
    memo = scratch.root / MEMO_YAML
    edit(memo, "    kind: cooperation\n    status: deepened\n", "    kinds: cooperation\n    status: deepened\n")
    problems = problems_of(scratch)
    assert any("unknown field 'kinds' (did you mean 'kind'?)" in p for p in problems)
    assert any("missing required field 'kind'" in p for p in problems)


def test_label_needs_english_and_finnish(scratch):
    reference = scratch.root / "graph/reference/places.yaml"
    edit(reference, "label: {en: Tokyo, fi: Tokio, ja: 東京}", "label: {en: Tokyo}")
    [problem] = problems_of(scratch)
    assert problem == f"{reference}:{line_of(reference, 'label: {en: Tokyo}')}: place 'tokyo': field 'label' needs a label in fi"


def test_wrong_values_are_each_reported(scratch):
    memo = scratch.root / MEMO_YAML
    edit(memo, "    date: 2025-07-23", "    date: 2025-07-32")
    edit(memo, "    status: new", "    status: brand-new")
    reference = scratch.root / "graph/reference/actors.yaml"
    edit(reference, "wikidata: Q17", "wikidata: 17")
    problems = problems_of(scratch)
    assert len(problems) == 3
    assert any("'2025-07-32' is not an ISO date" in p for p in problems)
    assert any("'brand-new' is not one of: new, deepened, continued, reaffirmed" in p for p in problems)
    assert any("'17' is not a Wikidata QID" in p for p in problems)


def test_missing_memo_text_is_reported(scratch):
    (scratch.root / "graph/sources/eu-japan-summit-2025-07-23.fi.txt").unlink()
    [problem] = problems_of(scratch)
    assert "field 'source' names '../sources/eu-japan-summit-2025-07-23.fi.txt', which does not exist" in problem


def test_cycle_in_policy_area_hierarchy(scratch):
    reference = scratch.root / "graph/reference/policy-areas.yaml"
    edit(reference, "  security-and-defence:\n", "  security-and-defence:\n    broader: maritime-security\n")
    problems = problems_of(scratch)
    assert any("broader areas form a cycle" in p for p in problems)


def test_yaml_aliases_are_refused(scratch):
    memo = scratch.root / MEMO_YAML
    edit(memo, "    kind: initiative\n", "    kind: &kind initiative\n")
    [problem] = problems_of(scratch)
    assert problem == f"{memo}:{line_of(memo, '&kind')}: anchors and aliases (&name, *name) are not " \
                      "allowed in curated files"


def test_a_source_outside_the_project_is_refused(scratch):
    memo = scratch.root / MEMO_YAML
    edit(memo, "source: ../sources/eu-japan-summit-2025-07-23.fi.txt", "source: ../../../../etc/hostname")
    [problem] = problems_of(scratch)
    assert problem.endswith("field 'source' names '../../../../etc/hostname', which leads out of the project")


def test_long_values_are_quoted_briefly():
    from eujgraph._input import quoted

    assert quoted("x" * 1000) == "'" + "x" * 80 + "…'"
    assert quoted({"a": [1] * 1000}) == "a mapping"
    assert quoted(True) == "True"
