"""The command line as a user meets it: help, summaries, exit codes, readable errors."""

from __future__ import annotations

import os
import subprocess
import sys

from .conftest import MEMO_YAML, ROOT, edit


def run(*args: str, cwd=ROOT, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "eujgraph", *args], cwd=cwd, capture_output=True,
                          text=True, env={**os.environ, **(env or {})})


def test_help_lists_the_commands():
    result = run("--help")
    assert result.returncode == 0
    for command in ("build", "validate"):
        assert command in result.stdout
    assert "Usage: eujgraph" in result.stdout


def test_build_help_documents_options():
    result = run("build", "--help")
    assert result.returncode == 0
    for option in ("--out", "--project", "--no-reasoning", "--quiet"):
        assert option in result.stdout


def test_validate_reports_success_and_writes_nothing(scratch):
    result = run("validate", "--project", str(scratch.root))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("valid: ")
    assert "HermiT: consistent" in result.stdout
    assert not (scratch.graph_dir / "eujgraph.ttl").exists()


def test_build_prints_counts_and_timings(scratch):
    result = run("build", "--project", str(scratch.root))
    assert result.returncode == 0, result.stderr
    assert "eujo:Commitment" in result.stdout and "time per step:" in result.stdout
    assert "· HermiT on 3 of 3 memo group(s) not reasoned before (0 from the cache), 2 Java process(es)" in result.stderr
    assert (scratch.graph_dir / "eujgraph.trig").is_file()


def test_input_error_exits_2_naming_file_and_line(scratch):
    edit(scratch.root / MEMO_YAML, "person: kaja-kallas", "person: kaja-kalas")
    result = run("validate", "--project", str(scratch.root))
    assert result.returncode == 2
    assert f"{scratch.root / MEMO_YAML}:" in result.stderr and "unknown person 'kaja-kalas'" in result.stderr
    assert "Traceback" not in result.stderr


def test_shacl_violation_exits_1(scratch):
    edit(scratch.root / MEMO_YAML, "    areas: [sanctions]\n", "")
    result = run("validate", "--project", str(scratch.root), "--no-reasoning")
    assert result.returncode == 1
    assert "does not conform" in result.stderr


def test_missing_java_exits_2_and_no_reasoning_warns(scratch):
    result = run("build", "--project", str(scratch.root), env={"EUJGRAPH_JAVA": "/nonexistent/java"})
    assert result.returncode == 2 and "Java not found" in result.stderr
    result = run("build", "--project", str(scratch.root), "--no-reasoning",
                 env={"EUJGRAPH_JAVA": "/nonexistent/java"})
    assert result.returncode == 0
    assert "reasoning: SKIPPED" in result.stdout
    assert "WARNING: reasoning was skipped" in result.stderr


def test_outside_a_project_says_where_it_looked(tmp_path):
    result = run("validate", cwd=tmp_path)
    assert result.returncode == 2
    assert "no eujgraph project at or above" in result.stderr
