"""Review before publishing: `build` and `validate` refuse a memo file that is still a draft, naming
file and line of every mark, unless --allow-drafts (then each mark is a warning); a refused build
leaves the previous graph files byte for byte; proposals never land where memos live."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from eujgraph.cli import main
from eujgraph.curation.load import load_corpus
from eujgraph.drafts import (
    DRAFT_PREFIX,
    PLACEHOLDER_LABEL,
    is_placeholder,
    placeholder_label,
    proposals_path,
)
from eujgraph.errors import InputError
from eujgraph.extract.draft import extract

from .conftest import ROOT

MEMO = "eu-japan-summit-2025-07-23.fi"


@pytest.fixture
def drafted(scratch) -> Path:
    """The scratch project with the 2025 memo's curated file replaced by a fresh draft of it."""
    out = scratch.memos_dir / f"{MEMO}.yaml"
    draft = extract(scratch.sources_dir / f"{MEMO}.txt", reference_dir=scratch.reference_dir)
    out.write_text(draft.to_yaml(out), encoding="utf-8")
    return out


def _line(path: Path, number: int) -> str:
    return path.read_text(encoding="utf-8").splitlines()[number - 1]


def _marks(output: str, path: Path) -> list[tuple[int, str]]:
    """(line, message) of every line of ``output`` that names ``path:LINE:``."""
    marks = []
    for text in output.splitlines():
        head = f"{path}:"
        if head in text:
            rest = text.split(head, 1)[1]
            number, _, message = rest.partition(": ")
            if number.isdigit():
                marks.append((int(number), message))
    return marks


def _check_lines(marks: list[tuple[int, str]], path: Path) -> set[str]:
    """The kinds of mark named; every line named is the line holding its mark."""
    kinds = set()
    for number, message in marks:
        kinds.add(message.split(": ", 1)[1].split(" (")[0])
        line = _line(path, number).lstrip().replace("'", "")
        if "draft note" in message:
            assert line.startswith(f"note: {DRAFT_PREFIX}"), (number, line)
        elif "attribution" in message:
            assert line.startswith(f"attribution: {DRAFT_PREFIX}:"), (number, line)
        elif "placeholder" in message:
            assert "label to write]" in line, (number, line)
        else:
            assert line.startswith("reason: draft:"), (number, line)
    return kinds


def test_validate_refuses_a_draft_naming_file_and_line_of_each_mark(scratch, drafted):
    result = CliRunner().invoke(main, ["validate", "--no-reasoning", "--project", str(scratch.root)])
    assert result.exit_code == 2
    assert "mark(s) of an unreviewed draft follow" in result.output and "--allow-drafts" in result.output
    assert "Traceback" not in result.output
    kinds = _check_lines(_marks(result.output, drafted), drafted)
    assert {"draft note left in", "placeholder label left in", "draft attribution left in"} <= kinds


def test_allow_drafts_validates_with_one_warning_per_mark(scratch, drafted):
    result = CliRunner().invoke(main, ["validate", "--no-reasoning", "--allow-drafts", "--project", str(scratch.root)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("valid: ")
    warnings = [line for line in result.stderr.splitlines() if line.startswith(f"WARNING: {drafted}:")]
    marks = _marks(result.stderr, drafted)
    assert len(warnings) == len(marks) > 20
    reasons = {"draft reason left in"} if "reason: 'draft:" in drafted.read_text(encoding="utf-8") else set()
    assert _check_lines(marks, drafted) == {"draft note left in", "placeholder label left in",
                                            "draft attribution left in", *reasons}
    assert f"built with {len(marks)} mark(s) of unreviewed drafts (--allow-drafts)" in result.stderr


def test_a_refused_build_leaves_the_previous_files_byte_identical(scratch):
    first = CliRunner().invoke(main, ["build", "--no-reasoning", "-q", "--project", str(scratch.root)])
    assert first.exit_code == 0, first.output
    before = {path.name: path.read_bytes() for path in scratch.graph_dir.iterdir() if path.is_file()}
    assert {"eujgraph.trig", "eujgraph.ttl", "eujgraph.nt", "eujgraph.jsonld", "void.ttl"} <= set(before)
    memo = scratch.memos_dir / f"{MEMO}.yaml"
    draft = extract(scratch.sources_dir / f"{MEMO}.txt", reference_dir=scratch.reference_dir)
    memo.write_text(draft.to_yaml(memo), encoding="utf-8")
    refused = CliRunner().invoke(main, ["build", "--no-reasoning", "-q", "--project", str(scratch.root)])
    assert refused.exit_code == 2 and f"{memo}:" in refused.output
    after = {path.name: path.read_bytes() for path in scratch.graph_dir.iterdir() if path.is_file()}
    assert after == before  # same files, same bytes, no temporary file left
    allowed = CliRunner().invoke(main, ["build", "--no-reasoning", "-q", "--allow-drafts", "--project",
                                        str(scratch.root)])
    assert allowed.exit_code == 0, allowed.output
    assert f"WARNING: {memo}:" in allowed.stderr
    assert (scratch.graph_dir / "eujgraph.trig").read_bytes() != before["eujgraph.trig"]


def test_a_hand_edited_mark_is_named_at_its_line(scratch):
    memo = scratch.memos_dir / f"{MEMO}.yaml"
    lines = memo.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip().startswith("competitiveness-alliance:"))
    label = next(i for i in range(at, len(lines)) if lines[i].strip().startswith("label:"))
    indent = lines[label][:len(lines[label]) - len(lines[label].lstrip())]
    lines.insert(label + 1, f"{indent}note: DRAFT · confidence 0.90 · checked?")
    memo.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_corpus(scratch.graph_dir, scratch.root)
    assert f"{memo}:{label + 2}: commitments.competitiveness-alliance.note: draft note left in" in str(raised.value)
    corpus = load_corpus(scratch.graph_dir, scratch.root, allow_drafts=True)
    assert [str(p).split(": ")[0] for p in corpus.drafts] == [f"{memo}:{label + 2}"]


def test_an_extractors_no_claim_reason_is_a_mark(scratch):
    memo = scratch.memos_dir / "japan-finland-2025-06-11.joint-statement.en.yaml"
    text = memo.read_text(encoding="utf-8")
    memo.write_text(text.replace("reason: Paragraph number.", "reason: 'draft: paragraph number'", 1),
                    encoding="utf-8")
    line = text[:text.index("reason: Paragraph number.")].count("\n") + 1
    with pytest.raises(InputError, match=rf"{memo}:{line}: no_claim\[\d+\]\.reason: draft reason left in"):
        load_corpus(scratch.graph_dir, scratch.root)


def test_reviewed_files_load_with_no_marks(project):
    assert load_corpus(project.graph_dir, project.root).drafts == []


def test_a_proposals_file_in_memos_is_refused_with_where_it_belongs(scratch):
    stray = scratch.memos_dir / "new.reference.yaml"
    stray.write_text("places:\n  oulu:\n    label: {en: Oulu, fi: Oulu}\n", encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_corpus(scratch.graph_dir, scratch.root)
    assert f"{stray}:1: proposed reference entries do not belong in memos/" in str(raised.value)
    assert "graph/reference/" in str(raised.value)
    stray.rename(scratch.memos_dir / "new.yaml")  # by content too: a reference section in a memo file
    with pytest.raises(InputError, match=r"new\.yaml:1: unknown section 'places' \(a section of reference data"):
        load_corpus(scratch.graph_dir, scratch.root)


def test_unreviewed_proposals_are_not_read_and_a_moved_one_must_be_reviewed(scratch):
    proposed = scratch.reference_dir / "proposed"
    proposed.mkdir()
    (proposed / "new.yaml").write_text("places:\n  - broken: [\n", encoding="utf-8")  # never read
    assert load_corpus(scratch.graph_dir, scratch.root).drafts == []
    moved = scratch.reference_dir / "new.yaml"
    moved.write_text("places:\n  oulu:\n    label: {en: Oulu, fi: Oulu}\n"
                     "    note: 'PROPOSED by eujgraph extract: the memo names it; review'\n", encoding="utf-8")
    with pytest.raises(InputError, match=rf"{moved}:4: places\.oulu\.note: proposed entry not yet reviewed"):
        load_corpus(scratch.graph_dir, scratch.root)
    moved.write_text("places:\n  oulu:\n    label: {en: Oulu, fi: Oulu}\n", encoding="utf-8")
    assert load_corpus(scratch.graph_dir, scratch.root).drafts == []


def test_proposals_go_to_the_reference_folder_of_a_project_else_beside_the_draft(tmp_path_factory, scratch):
    assert proposals_path(scratch.memos_dir / "new.fi.yaml") == scratch.reference_dir / "proposed/new.fi.yaml"
    assert proposals_path(ROOT / "draft.yaml") == ROOT / "graph/reference/proposed/draft.yaml"
    outside = tmp_path_factory.mktemp("elsewhere")
    assert proposals_path(outside / "new.fi.yaml") == outside / "new.fi.reference.yaml"


def test_extract_writes_proposals_into_the_project_and_says_where(scratch):
    memo = scratch.sources_dir / "uusi.txt"
    memo.write_text("EU–Japani -huippukokous 12.3.2026\n\n31:s EU:n ja Japanin välinen huippukokous järjestettiin "
                    "Helsingissä 12.3.2026. Japanin puolelta pääedustaja oli pääministeri Sanae Takaichi.\n",
                    encoding="utf-8")
    out = scratch.memos_dir / "uusi.yaml"
    result = CliRunner().invoke(main, ["extract", str(memo), "--out", str(out)])
    assert result.exit_code == 0, result.output
    proposals = scratch.reference_dir / "proposed/uusi.yaml"
    assert f"wrote {proposals} (proposed reference entries" in result.stderr
    assert "sanae-takaichi" in proposals.read_text(encoding="utf-8")
    assert sorted(p.name for p in scratch.memos_dir.iterdir() if p.name.startswith("uusi")) == ["uusi.yaml"]
    assert "# Entities missing from the reference data are proposed in ../reference/proposed/uusi.yaml" \
        in out.read_text(encoding="utf-8")


def test_the_markers_have_one_home_shared_with_the_producer():
    label = placeholder_label("fi", "The two leaders noted")
    assert is_placeholder(label) and PLACEHOLDER_LABEL.match(label)["lang"] == "fi"
    draft = extract(ROOT / "graph/sources/japan-finland-2025-06-11.joint-statement.en.excerpt.txt",
                    reference_dir=ROOT / "graph/reference")
    positions = draft.sections["positions"].values()
    assert any(is_placeholder(p["label"]["fi"]) for p in positions)
    assert draft.sections["memo"]["attribution"].startswith(f"{DRAFT_PREFIX}:")


def test_a_draft_kept_outside_memos_is_not_read(scratch, drafted):
    shutil.move(drafted, scratch.root / "draft.yaml")
    shutil.copy(ROOT / "graph/memos" / f"{MEMO}.yaml", drafted)
    assert load_corpus(scratch.graph_dir, scratch.root).drafts == []
