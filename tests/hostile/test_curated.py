"""Hostile curated files through the real CLI: each is refused with one bounded message naming file and line."""

from __future__ import annotations

import os
import time

import pytest

from ..conftest import MEMO_YAML, edit
from .conftest import run_cli

MESSAGE_LIMIT = 2_000
SOURCE = "../sources/eu-japan-summit-2025-07-23.fi.txt"


def refused(project, *, limit: int = MESSAGE_LIMIT, seconds: float = 20) -> str:
    """stderr of ``eujgraph validate`` on ``project``, which must fail with exit 2, no traceback, briefly."""
    started = time.monotonic()
    outcome = run_cli("validate", "-q", "--no-reasoning", "--project", str(project.root))
    assert time.monotonic() - started < seconds
    assert outcome.code == 2, outcome.stderr[-2000:]
    assert not outcome.traceback, outcome.stderr[-2000:]
    assert len(outcome.stderr) < limit, outcome.stderr[:2000]
    return outcome.stderr


def where(path, text: str) -> str:
    line = next(n for n, content in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if text in content)
    return f"{path}:{line}:"


def laughs(levels: int) -> list[str]:
    rows = ["l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    return rows + [f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 10)}]" for i in range(1, levels + 1)]


@pytest.mark.parametrize("use", ["parties: *l8", "? *l7\n  : {name: x}"], ids=["value", "key"])
def test_alias_bombs_are_refused_before_anything_is_expanded(scratch, use):
    bomb = scratch.graph_dir / "reference/zz-bomb.yaml"
    bomb.write_text("x_bomb:\n" + "\n".join(f"  {row}" for row in laughs(8)) + f"\npersons:\n  {use}\n")
    stderr = refused(scratch)
    assert f"{bomb}:2: anchors and aliases (&name, *name) are not allowed in curated files" in stderr


def test_an_anchor_alone_is_refused(scratch):
    memo = scratch.root / MEMO_YAML
    edit(memo, "    kind: initiative\n", "    kind: &k initiative\n")
    assert f"{where(memo, '&k initiative')} anchors and aliases" in refused(scratch)


@pytest.mark.parametrize("nesting", ["flow", "block"])
def test_deep_nesting_is_refused_at_its_line(scratch, monkeypatch, nesting):
    deep = scratch.graph_dir / "memos/zz-deep.yaml"
    if nesting == "flow":
        deep.write_text("memo: " + "[" * 20_000 + "]" * 20_000 + "\n")
        line = 1
    else:
        deep.write_text("".join(" " * i + f"k{i}:\n" for i in range(3_000)) + " " * 3_000 + "x\n")
        monkeypatch.setenv("EUJGRAPH_INPUT_FILE_MAX_KB", "10000")
        line = 65
    stderr = refused(scratch)
    assert f"{deep}:{line}: nested more than 64 levels deep" in stderr
    assert "RecursionError" not in stderr


def test_a_file_over_the_size_limit_is_refused_without_parsing(scratch):
    huge = scratch.graph_dir / "reference/zz-huge.yaml"
    huge.write_text("# " + "x" * 1_100_000 + "\n")
    assert f"{huge}: curated file is larger than 1024 kB (setting EUJGRAPH_INPUT_FILE_MAX_KB)" in refused(scratch)


def test_keys_must_be_texts(scratch):
    cases = {"1": "1", "yes": "True", "[a, b]": "a list", "null": "None", "1.5": "1.5"}
    files = {}
    for number, key in enumerate(cases):
        files[key] = scratch.graph_dir / f"reference/zz-key-{number}.yaml"
        files[key].write_text(f"persons:\n  {key}:\n    name: X\n")
    stderr = refused(scratch)
    for key, shown in cases.items():
        assert f"{files[key]}:2: a key must be a text, not {shown}" in stderr


def test_a_boolean_is_not_an_occurrence(scratch):
    memo = scratch.root / MEMO_YAML
    edit(memo, "occurrence: 2}", "occurrence: true}")
    assert f"{where(memo, 'occurrence: true')} " in refused(scratch)
    assert "occurrence must be a positive whole number" in refused(scratch)


def test_a_number_too_long_to_be_real_is_refused(scratch):
    memo = scratch.root / MEMO_YAML
    edit(memo, "    ordinal: 30\n", "    ordinal: " + "9" * 5_000 + "\n")
    assert f"{where(memo, 'ordinal: 999')} malformed YAML: the number '99999" in refused(scratch)


def test_control_bidi_and_surrogate_characters_are_refused_at_load(scratch):
    escapes = ["\\0", "\\e", "\\x07", "\\x85", "\\u202E", "\\u2066", "\\uD800", "\\uFFFF", "\\u200B"]
    for number, escape in enumerate(escapes):
        path = scratch.graph_dir / f"reference/zz-label-{number}.yaml"
        path.write_text(f'persons:\n  someone:\n    name: "Kaja {escape}Kallas"\n')
    stderr = refused(scratch)
    for number, escape in enumerate(escapes):
        if escape == "\\uD800":  # libyaml refuses a lone surrogate's escape itself, as malformed
            assert f"zz-label-{number}.yaml:3: malformed YAML: while parsing a quoted scalar found invalid " \
                   "Unicode character escape code" in stderr
            continue
        code = {"0": "0000", "e": "001B"}.get(escape[1:], escape[2:].upper().rjust(4, "0"))
        assert f"zz-label-{number}.yaml:3: character U+{code} at position 6 is not allowed" in stderr, escape


def test_a_raw_control_byte_is_refused_with_its_line(scratch):
    actors = scratch.graph_dir / "reference/actors.yaml"
    edit(actors, "    name: Kaja Kallas\n", "    name: Kaja \x1bKallas\n")
    assert f"{where(actors, 'Kaja ')} character U+001B is not allowed" in refused(scratch)


def test_huge_values_are_quoted_briefly(scratch):
    memo = scratch.root / MEMO_YAML
    edit(memo, "areas: [cyber-security]", "areas: [cyber-" + "x" * 500_000 + "]")
    edit(memo, "    kind: initiative\n", f"    kind: {'y' * 500_000}\n")
    stderr = refused(scratch)
    assert stderr.count("…") >= 2


def test_many_problems_are_counted_not_all_listed(scratch):
    memo = scratch.root / MEMO_YAML
    edit(memo, "participations:\n", "participations:\n" + "  - 1\n" * 5_000)
    stderr = refused(scratch, limit=30_000)
    assert "… and 4900 more" in stderr or "more" in stderr.splitlines()[-1]
    assert len(stderr.splitlines()) < 110


def test_a_memo_source_must_be_a_regular_file_of_the_project(scratch):
    cases = {
        "/etc/passwd": "must be a path relative to this file, not an absolute one",
        "/proc/self/environ": "must be a path relative to this file, not an absolute one",
        "../../../../../../../../etc/passwd": "leads out of the project",
        "../sources": "is not a regular file",
        "../sources/missing.txt": "does not exist",
    }
    memo = scratch.root / MEMO_YAML
    original = memo.read_text(encoding="utf-8")
    line = where(memo, "source:")[len(str(memo)) + 1:]
    for number, source in enumerate(cases):
        copy = memo.with_name(f"zz-{number}.yaml")
        copy.write_text(original.replace(f"source: {SOURCE}", f"source: {source}"), encoding="utf-8")
    stderr = refused(scratch, limit=5_000)
    for number, (source, why) in enumerate(cases.items()):
        assert f"zz-{number}.yaml:{line} document 'eu-japan-summit-2025-07-23-fi': field 'source' names " \
               f"{source!r}, which {why}" in stderr
    assert "closest passage" not in stderr and "root:" not in stderr and "PATH=" not in stderr


def test_a_symlink_out_of_the_project_is_refused(scratch, tmp_path_factory):
    secret = tmp_path_factory.mktemp("outside") / "secret.txt"
    secret.write_text("TOKEN=do-not-print-me. Another sentence.\n")
    link = scratch.graph_dir / "sources/leak.txt"
    link.symlink_to(secret)
    memo = scratch.root / MEMO_YAML
    edit(memo, f"source: {SOURCE}", "source: ../sources/leak.txt")
    stderr = refused(scratch)
    assert "which is a symbolic link leading out of the project" in stderr
    assert "do-not-print-me" not in stderr


def test_a_fifo_source_does_not_hang(scratch):
    fifo = scratch.graph_dir / "sources/pipe.txt"
    os.mkfifo(fifo)
    edit(scratch.root / MEMO_YAML, f"source: {SOURCE}", "source: ../sources/pipe.txt")
    assert "which is not a regular file" in refused(scratch, seconds=15)


def test_a_curated_file_linked_from_outside_is_not_read(scratch, tmp_path_factory):
    secret = tmp_path_factory.mktemp("outside") / "config.yaml"
    secret.write_text("api-token-do-not-print: 1\n")
    link = scratch.graph_dir / "reference/zz-link.yaml"
    link.symlink_to(secret)
    stderr = refused(scratch)
    assert f"{link}: curated file is a symbolic link leading out of the project" in stderr
    assert "do-not-print" not in stderr


def test_a_memo_text_with_control_characters_is_refused(scratch):
    text = scratch.graph_dir / "sources/eu-japan-summit-2025-07-23.fi.txt"
    original = text.read_text(encoding="utf-8")
    text.write_text(original.replace("\n", "\n\x00", 3), encoding="utf-8")
    stderr = refused(scratch)
    assert f"memo text {text}:2: character U+0000 at position" in stderr


def test_a_memo_text_not_in_utf8_names_its_line(scratch):
    text = scratch.graph_dir / "sources/eu-japan-summit-2025-07-23.fi.txt"
    text.write_bytes(text.read_bytes().replace("ä".encode(), b"\xe4"))
    stderr = refused(scratch)
    assert f"{text}:" in stderr and "memo text is not UTF-8 (byte 0x" in stderr
