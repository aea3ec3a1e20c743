"""eujgraph extract: the figures on the three curated sources, Finnish inflection, no-event memos,
PDF input, proposals for unknown entities, and errors that name the file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from eujgraph.cli import main
from eujgraph.curation.load import load_corpus
from eujgraph.errors import InputError
from eujgraph.extract.evaluate import evaluate
from eujgraph.extract.draft import extract
from eujgraph.extract.gazetteer import Gazetteer, Reference
from eujgraph.extract.morphology import Morphology, contains_part

from .conftest import ROOT

SOURCES = {
    "eu-japan-summit-2025-07-23.fi": "eu-japan-summit-2025-07-23.fi.txt",
    "eu-japan-summit-2023-07-13.joint-statement.en": "eu-japan-summit-2023-07-13.joint-statement.en.excerpt.txt",
    "japan-finland-2025-06-11.joint-statement.en": "japan-finland-2025-06-11.joint-statement.en.excerpt.txt",
}
REFERENCE = ROOT / "graph/reference"


@pytest.fixture(scope="module")
def drafts(tmp_path_factory) -> dict[str, Path]:
    """Each curated source drafted afresh, written where its gold file lies (in a scratch copy)."""
    base = tmp_path_factory.mktemp("drafts")
    for part in ("ontology", "graph/reference", "graph/sources"):
        shutil.copytree(ROOT / part, base / part)
    (base / "graph/memos").mkdir()
    written = {}
    for gold, source in SOURCES.items():
        draft = extract(base / "graph/sources" / source)
        out = base / "graph/memos" / f"{gold}.yaml"
        out.write_text(draft.to_yaml(out), encoding="utf-8")
        if draft.proposals:  # as a reviewer would: the proposed entries moved into the reference data
            (base / "graph/reference" / f"proposed-{gold}.yaml").write_text(draft.proposals_yaml(), encoding="utf-8")
        written[gold] = out
    return written


@pytest.mark.parametrize("gold", SOURCES)
def test_figures_reach_the_targets(drafts, gold):
    result = evaluate(drafts[gold], ROOT / "graph/memos" / f"{gold}.yaml")
    assert result.unanchored == []
    assert result["event facts"].f1 == 1.0, result.table()
    assert result["participants"].f1 == 1.0, result.table()
    assert result["commitments"].recall >= 0.9, result.table()
    assert result["commitments"].precision >= 0.8, result.table()
    assert result["policy areas"].f1 >= 0.85, result.table()


@pytest.mark.parametrize("name", ["eu-japan-2026.fi", "japan-finland-2026.en"])
def test_texts_phrased_unlike_the_curated_ones_reach_the_targets(tmp_path, name):
    """Invented texts ("31. ... huippukokous", "President Alexander Stubb", "a new dialogue on cyber
    security") whose gold was written by hand after the rules. They found general gaps, fixed in
    text.py, commitments.py, events.py and the reference data, so they are no longer strictly held out."""
    fixture = ROOT / "tests/fixtures/heldout"
    shutil.copy(fixture / f"{name}.txt", tmp_path)
    draft = extract(tmp_path / f"{name}.txt")
    out = tmp_path / "draft.yaml"
    out.write_text(draft.to_yaml(out), encoding="utf-8")
    result = evaluate(out, fixture / f"{name}.yaml")
    assert result["event facts"].f1 == 1.0 and result["participants"].f1 == 1.0, result.table()
    assert result["commitments"].recall >= 0.9 and result["commitments"].precision >= 0.8, result.table()
    assert result["policy areas"].f1 >= 0.85, result.table()


def test_the_2025_memo_draft_differs_from_the_curated_file_in_the_two_corrected_statuses(drafts):
    """The cue lexicon was written against this memo when two statuses of its curated file were wrong
    (the FIMI exchange raised to a dialogue as new; "just and lasting peace" as continued). The curated
    file now says what the memo says; the draft still repeats both errors (issue 15 is the extractor's
    work, measured on texts it was not written against) and nothing else."""
    result = evaluate(drafts["eu-japan-summit-2025-07-23.fi"], ROOT / "graph/memos/eu-japan-summit-2025-07-23.fi.yaml")
    commitments = result["commitments"]
    assert [m.split(":")[0] for m in commitments.misses] == [
        "fimi-dialogue (cooperation/deepened)", "just-and-lasting-peace (support/None)"]
    assert [m.split(":")[0] for m in commitments.false_hits] == [
        "fimi-dialogue (initiative/new)", "war-in-ukraine-2 (support/continued)"]
    assert {kind: score.f1 for kind, score in result.scores.items() if kind not in ("commitments", "policy areas")} \
        == {kind: 1.0 for kind in result.scores if kind not in ("commitments", "policy areas")}


def test_drafts_load_and_build_as_curated_files(drafts):
    from eujgraph.pipeline import Project, build

    project_dir = drafts["eu-japan-summit-2025-07-23.fi"].parents[2]
    corpus = load_corpus(project_dir / "graph", allow_drafts=True)
    assert len(corpus.memos) == 3 and corpus.drafts
    report = build(Project(project_dir), None, reasoning=False, allow_drafts=True)
    assert any("memo/eu-japan-summit-2025-07-23-fi" in name for name, _ in report.graph_sizes())


def test_every_item_is_marked_as_a_draft_with_confidence_and_span(drafts):
    text = drafts["eu-japan-summit-2025-07-23.fi"].read_text(encoding="utf-8")
    import yaml

    data = yaml.safe_load(text)
    items = [*data["events"].values(), *data["participations"], *data["documents_issued"],
             *data["commitments"].values(), *data["positions"].values(), *data["assessments"].values()]
    assert items
    for item in items:
        assert item["note"].startswith("DRAFT · confidence 0."), item
        assert "evidence at characters" in item["note"]


# --- Finnish inflection ---------------------------------------------------------------

@pytest.fixture(scope="module")
def finnish() -> tuple[Morphology, Gazetteer]:
    morphology = Morphology("fi")
    return morphology, Gazetteer(Reference.load(REFERENCE), morphology).build()


def _found(finnish, text: str) -> set[tuple[str, str]]:
    morphology, gazetteer = finnish
    return {(m.section, m.id) for m in gazetteer.find(morphology.tokens(text), text)}


@pytest.mark.parametrize("text, expected", [
    ("yhteistyö kyberturvallisuudessa", ("policy_areas", "cyber-security")),          # inessive
    ("puolustusteollisuusdialogin aloittaminen", ("instruments", "eu-japan-defence-industry-dialogue")),
    ("puolustusteollisuusdialogin aloittaminen", ("policy_areas", "defence-industry")),  # part of a compound
    ("Japanin pääministeri", ("organisations", "japan")),                               # genitive
    ("kokous pidettiin Tokiossa", ("places", "tokyo")),                                # inessive of a place
    ("Eurooppa-neuvoston presidentti", ("offices", "president-of-the-european-council")),
    ("yhteistyö pakotteissa", ("policy_areas", "sanctions")),                           # plural inessive
    ("kriittisten mineraalien toimitusketjujen turvaaminen", ("policy_areas", "critical-minerals-supply-chains")),
    ("hiilineutraaliuden edistäminen", ("policy_areas", "carbon-neutrality")),          # -uus/-uuden
    ("merenkulun ja avaruuden turvallisuudessa", ("policy_areas", "space-security")),  # shared head
    ("merenkulun ja avaruuden turvallisuudessa", ("policy_areas", "maritime-security")),
])
def test_finnish_inflected_names_are_found(finnish, text, expected):
    assert expected in _found(finnish, text)


def test_finnish_base_forms_and_compound_parts():
    morphology = Morphology("fi")
    assert morphology.lemmas("kyberturvallisuudessa")[0] == "kyberturvallisuus"
    assert morphology.lemmas("puolustusteollisuusdialogin")[0] == "puolustusteollisuusdialogi"
    assert morphology.lemmas("Japanin")[0] == "japani"
    assert morphology.lemmas("EU:n")[0] == "eu"
    word = morphology.word("puolustusteollisuusdialogin")
    assert word.parts[-1] == "dialogi"
    assert contains_part(word, "puolustusteollisuus") == "modifier"
    assert contains_part(word, "dialogi") == "head"
    assert contains_part(morphology.word("turvallisuudessa"), "turva") is None


def test_an_unrelated_word_is_not_a_policy_area(finnish):
    assert not {m for m in _found(finnish, "kokouksen lopputulema oli hyvä") if m[0] == "policy_areas"}


# --- memos without an event, unknown entities, PDF ------------------------------------

def test_a_memo_without_an_event_says_so(tmp_path):
    memo = tmp_path / "muistio.txt"
    memo.write_text("Muistio\n\nEU ja Japani sopivat yhteistyön jatkamisesta ilmaston ja energian aloilla.\n",
                    encoding="utf-8")
    draft = extract(memo, reference_dir=REFERENCE)
    assert draft.event is None
    assert draft.sections["events"] == {} and draft.sections["participations"] == []
    assert any("no event recognised" in warning for warning in draft.warnings)
    text = draft.to_yaml(tmp_path / "muistio.yaml")
    assert "# No event recognised in this memo" in text
    assert "event:" not in text
    assert {c["status"] for c in draft.sections["commitments"].values()} == {"continued"}


def test_an_english_text_without_an_event_says_so(tmp_path):
    memo = tmp_path / "note.txt"
    memo.write_text("Background note\n\nThe EU and Japan agreed to continue cooperation on climate. "
                    "Both sides agreed to deepen cooperation on energy.\n", encoding="utf-8")
    draft = extract(memo, reference_dir=REFERENCE)
    assert draft.lang == "en" and draft.event is None
    commitments = list(draft.sections["commitments"].values())
    assert [(c["areas"], c["status"]) for c in commitments] == [(["climate"], "continued"), (["energy"], "deepened")]
    assert all(c["parties"] == ["european-union", "japan"] for c in commitments)


def test_unknown_entities_are_proposed_not_dropped(tmp_path):
    project = tmp_path
    shutil.copytree(ROOT / "graph/reference", project / "graph/reference")
    (project / "graph/memos").mkdir()
    (project / "graph/sources").mkdir()
    memo = project / "graph/sources/uusi.txt"
    memo.write_text(
        "EU–Japani -huippukokous 12.3.2026\n\n31:s EU:n ja Japanin välinen huippukokous järjestettiin "
        "Helsingissä 12.3.2026. Japanin puolelta pääedustaja oli pääministeri Sanae Takaichi.\n\n"
        "EU ja Japani perustavat uuden vetytalouskumppanuuden.\n", encoding="utf-8")
    out = project / "graph/memos/uusi.yaml"
    result = CliRunner().invoke(main, ["extract", str(memo), "--out", str(out)])
    assert result.exit_code == 0, result.output
    proposals = project / "graph/reference/proposed/uusi.yaml"
    assert f"wrote {proposals}" in result.output and not out.with_name("uusi.reference.yaml").exists()
    import yaml

    proposed = yaml.safe_load(proposals.read_text(encoding="utf-8"))
    assert proposed["persons"]["sanae-takaichi"]["name"] == "Sanae Takaichi"
    assert "helsinki" in proposed["places"]
    assert proposed["instruments"]["eu-japan-vetytalouskumppanuus"]["type"] == "partnership"
    draft = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert draft["participations"][0]["person"] == "sanae-takaichi"
    with pytest.raises(InputError, match="sanae-takaichi"):
        load_corpus(project / "graph", allow_drafts=True)
    shutil.move(proposals, project / "graph/reference/proposed.yaml")
    assert len(load_corpus(project / "graph", allow_drafts=True).memos) == 1


def test_pdf_round_trip(tmp_path):
    from fpdf import FPDF

    lines = ["EU-Japani -huippukokous 23.7.2025",
             "30:s EU:n ja Japanin välinen huippukokous järjestettiin Tokiossa 23.7.2025. EU:ta",
             "kokouksessa edustivat Eurooppa-neuvoston presidentti Antonio Costa. Osapuolet sopivat yhteis-",
             "työn jatkamisesta mm. ilmaston ja energian aloilla."]
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    for line in lines:
        pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    memo = tmp_path / "muistio.pdf"
    pdf.output(str(memo))
    draft = extract(memo, reference_dir=REFERENCE)
    assert draft.pdf_text.splitlines() == lines
    assert draft.text_path == tmp_path / "muistio.txt"
    as_text = tmp_path / "same.txt"
    as_text.write_text("\n".join(lines) + "\n", encoding="utf-8")
    plain = extract(as_text, reference_dir=REFERENCE)
    assert draft.event == plain.event
    assert draft.sections["participations"] == plain.sections["participations"]
    assert sorted(draft.sections["commitments"]) == sorted(plain.sections["commitments"]) == ["climate", "energy"]
    assert "yhteistyön jatkamisesta" in draft.text.normalized
    span = draft.text.find("yhteistyön jatkamisesta")[0]
    assert draft.pdf_text[span.start:span.end] == "yhteis-\ntyön jatkamisesta"
    result = CliRunner().invoke(main, ["extract", str(memo), "--out", str(tmp_path / "muistio.yaml")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "muistio.txt").read_text(encoding="utf-8") == draft.pdf_text
    assert "source: muistio.txt" in (tmp_path / "muistio.yaml").read_text(encoding="utf-8")


# --- errors ---------------------------------------------------------------------------

@pytest.mark.parametrize("content, message", [
    (None, "cannot read memo"),
    (b"", "empty"),
    (b"\xff\xfe\x00bad", "not UTF-8"),
    (b"%PDF-1.4 broken", "PDF"),
])
def test_bad_input_names_the_file(tmp_path, content, message):
    memo = tmp_path / "memo.txt"
    if content is not None:
        memo.write_bytes(content)
    with pytest.raises(InputError) as raised:
        extract(memo, reference_dir=REFERENCE)
    assert str(memo) in str(raised.value) and message in str(raised.value)
    result = CliRunner().invoke(main, ["extract", str(memo)])
    assert result.exit_code == 2 and str(memo) in result.output


def test_broken_reference_data_names_file_and_line(tmp_path):
    shutil.copytree(REFERENCE, tmp_path / "reference")
    places = tmp_path / "reference/places.yaml"
    places.write_text(places.read_text(encoding="utf-8").replace("  osaka:\n", "  Osaka:\n"), encoding="utf-8")
    with pytest.raises(InputError, match=r"places\.yaml:\d+: id 'Osaka' is not a slug"):
        extract(ROOT / "graph/sources/eu-japan-summit-2025-07-23.fi.txt", reference_dir=tmp_path / "reference")


def test_cli_extract_writes_to_stdout_with_lang():
    source = ROOT / "graph/sources/eu-japan-summit-2025-07-23.fi.txt"
    result = CliRunner().invoke(main, ["extract", str(source), "--lang", "fi"])
    assert result.exit_code == 0, result.output
    assert "eu-japan-2025:" in result.output and "competitiveness-alliance:" in result.output
