"""A project's layout: `eujgraph init` lays out one that builds, and the package ships what it needs."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from eujgraph.project import Project, init_project, shipped

from .conftest import ROOT
from .hostile.conftest import run_cli


def test_init_lays_out_a_project_that_builds(tmp_path):
    outcome = run_cli("init", str(tmp_path / "mine"), cwd=tmp_path)
    shipped_files = sum(1 for part in ("ontology", "queries", "graph/reference")
                        for path in (ROOT / part).rglob("*") if path.is_file())
    # the shipped ontology, queries and reference data, and the two folder notes
    assert outcome.code == 0 and outcome.stdout == f"laid out {shipped_files + 2} files in {tmp_path / 'mine'}\n"
    project = Project.find(tmp_path / "mine" / "graph" / "memos")
    assert project.root == tmp_path / "mine"
    assert (project.queries_dir / "summit-participants.rq").read_bytes() == (
        ROOT / "queries/summit-participants.rq").read_bytes()
    assert sorted(p.name for p in project.reference_dir.glob("*.yaml")) == sorted(
        p.name for p in (ROOT / "graph/reference").glob("*.yaml"))
    assert (project.memos_dir / "README.md").is_file() and (project.sources_dir / "README.md").is_file()
    built = run_cli("build", "-q", "--no-reasoning", "--project", str(project.root), cwd=tmp_path)
    assert built.code == 0, built.stderr
    assert project.dataset_file.is_file()


def test_init_refuses_a_project_and_force_adds_only_what_is_missing(tmp_path):
    init_project(tmp_path)
    edited = tmp_path / "queries/sources.rq"
    edited.write_text("# mine\nSELECT * WHERE { ?s ?p ?o } LIMIT 1\n", encoding="utf-8")
    (tmp_path / "graph/reference/places.yaml").unlink()
    refused = run_cli("init", str(tmp_path), cwd=tmp_path)
    assert refused.code == 2 and "already holds an eujgraph project" in refused.stderr
    assert [p.relative_to(tmp_path).as_posix() for p in init_project(tmp_path, force=True)] == [
        "graph/reference/places.yaml"]
    assert edited.read_text(encoding="utf-8").startswith("# mine")


def test_outside_a_project_the_shipped_query_library_answers(tmp_path, built_dir):
    listed = run_cli("queries", cwd=tmp_path)
    assert listed.code == 0 and listed.stdout.endswith(
        f"\n{len(list((ROOT / 'queries').glob('*.rq')))} queries; `eujgraph queries NAME` shows one, "
        "`eujgraph query NAME` runs it.\n")
    answered = run_cli("query", "sources", "--graph", str(built_dir / "eujgraph.trig"), "-f", "csv", cwd=tmp_path)
    cited = sum(1 for path in (ROOT / "graph/history").glob("summits-*.yaml")
                for line in path.read_text(encoding="utf-8").split("\nsources:\n", 1)[1].split("\npeople:", 1)[0]
                .splitlines() if line.startswith("  ") and not line.startswith("   ") and line.rstrip().endswith(":"))
    # a header, the three memos, and each cited source but the two that are memos
    assert answered.code == 0 and answered.stdout.count("\n") == 1 + 3 + cited - 2


def test_the_shipped_folders_are_the_repository_folders_users_edit():
    for name, folder in (("ontology", "ontology"), ("queries", "queries"), ("reference", "graph/reference")):
        assert shipped(name).resolve() == (ROOT / folder).resolve()


@pytest.mark.parametrize("wanted", ["eujgraph/data/queries/summit-participants.rq",
                                    "eujgraph/data/ontology/eujgraph.ttl",
                                    "eujgraph/data/reference/actors.yaml",
                                    "eujgraph/viz/static/vis-network.min.js",
                                    "eujgraph/web/static/yasgui.min.js", "eujgraph/web/templates/entity.html",
                                    "eujgraph/extract/lexicons/fi.yaml"])
def test_the_wheel_carries_the_package_data(wheel, wanted):
    assert wanted in wheel


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> set[str]:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out),
                    str(ROOT)], check=True, capture_output=True)
    [built] = out.glob("eujgraph-*.whl")
    return set(zipfile.ZipFile(built).namelist())
