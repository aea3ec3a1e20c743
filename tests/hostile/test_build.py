"""Hostile build inputs and interrupted builds: one clear message, the previous files intact, nothing left behind."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from eujgraph.pipeline.files import GRAPH_FILES

from ..conftest import ROOT, edit
from .conftest import run_cli

PERSON = "<https://w3id.org/eujgraph/id/person/kaja-kallas>"
OWN_GRAPH = "<https://w3id.org/eujgraph/graph/linkset/x>"
JAVA_MEMORY_CAP_MB = 12_000  # an address-space cap: the JVM reserves its heap and class space up front


def snapshot(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in GRAPH_FILES}


def leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if p.name.startswith(".") or "eujgraph-reason" in p.name)


@pytest.fixture(scope="module")
def previous_outputs(tmp_path_factory) -> dict[str, bytes]:
    """The graph files of one build without reasoning, standing in for a previous build's."""
    out = tmp_path_factory.mktemp("previous")
    outcome = run_cli("build", "-q", "--no-reasoning", "--out", str(out), cwd=ROOT)
    assert outcome.code == 0, outcome.stderr
    return snapshot(out)


@pytest.fixture
def built(scratch, previous_outputs):
    """The scratch project with previous graph files, changed so that a new build would differ."""
    for name, content in previous_outputs.items():
        (scratch.graph_dir / name).write_bytes(content)
    edit(scratch.graph_dir / "reference/actors.yaml", "    family_name: Kallas\n",
         "    family_name: Kallas\n    alt_labels: {en: [K. Kallas]}\n")
    return scratch, previous_outputs


def linkset(project, body: str, name: str = "x") -> Path:
    path = project.graph_dir / "linksets" / f"{name}.trig"
    path.parent.mkdir(exist_ok=True)
    path.write_text(body, encoding="utf-8")
    return path


def failed_build(project, *args: str, code: int = 2) -> str:
    outcome = run_cli("build", "-q", *args, "--project", str(project.root), memory_mb=JAVA_MEMORY_CAP_MB)
    assert outcome.code == code, outcome.stderr[-2000:]
    assert not outcome.traceback, outcome.stderr[-2000:]
    assert len(outcome.stderr) < 3_000
    return outcome.stderr


@pytest.mark.parametrize("graph", ["<https://w3id.org/eujgraph/graph/ontology>",
                                   "<https://w3id.org/eujgraph/graph/linkset/other>", ""])
def test_a_linkset_may_write_only_its_own_graph(built, graph):
    project, before = built
    path = linkset(project, f"{OWN_GRAPH} {{ {PERSON} <http://www.w3.org/2002/07/owl#sameAs> "
                            "<http://www.wikidata.org/entity/Q1> . }\n"
                            f"{graph} {{\n  {PERSON} a <https://w3id.org/eujgraph/ontology#Organisation> .\n}}\n")
    stderr = failed_build(project, "--no-reasoning")
    into = "the default graph" if not graph else f"graph '{graph[1:-1]}'"
    assert f"{path}:{2 if graph else 3}: a linkset may write only its own graph " \
           f"<https://w3id.org/eujgraph/graph/linkset/x>, but this one writes into {into}" in stderr
    assert snapshot(project.graph_dir) == before


def test_a_linkset_is_reasoned_over_with_the_data(built):
    project, before = built
    linkset(project, f"{OWN_GRAPH} {{ {PERSON} a <https://w3id.org/eujgraph/ontology#Organisation> . }}\n")
    stderr = failed_build(project, code=1)
    assert "inconsistent" in stderr and "kaja-kallas" in stderr
    assert snapshot(project.graph_dir) == before


def test_a_good_linkset_is_built_into_its_own_graph(scratch):
    linkset(scratch, f"{OWN_GRAPH} {{ {PERSON} <http://www.w3.org/2002/07/owl#sameAs> "
                     "<http://www.wikidata.org/entity/Q3186113> . }\n")
    outcome = run_cli("build", "-q", "--project", str(scratch.root), memory_mb=JAVA_MEMORY_CAP_MB)
    assert outcome.code == 0, outcome.stderr
    assert "HermiT: consistent" in outcome.stdout
    trig = (scratch.graph_dir / "eujgraph.trig").read_text(encoding="utf-8")
    assert "graph/linkset/x" in trig and "Q3186113" in trig


@pytest.mark.parametrize("content, message", [
    (b"<a:b> { <a:c> <a:d> \"caf\xe9\" . }\n", ":1: linkset file is not UTF-8 (byte 0xe9)"),
    (f"{OWN_GRAPH} {{ {PERSON} <http://www.w3.org/2000/01/rdf-schema#label> \"K\\u0000\\u202Ex\" . }}\n".encode(),
     ":1: character U+0000 at position 2 is not allowed"),
    (f"{OWN_GRAPH} {{ {PERSON} <http://www.w3.org/2000/01/rdf-schema#label> \"\\uD800\" . }}\n".encode(),
     "is not allowed"),
])
def test_an_unreadable_linkset_is_a_clear_error(built, content, message):
    project, before = built
    path = linkset(project, "")
    path.write_bytes(content)
    assert message in failed_build(project, "--no-reasoning")
    assert snapshot(project.graph_dir) == before


def test_a_linkset_linked_from_outside_is_not_read(built, tmp_path_factory):
    project, before = built
    outside = tmp_path_factory.mktemp("outside") / "x.trig"
    outside.write_text("secret-do-not-print {\n")
    path = linkset(project, "")
    path.unlink()
    path.symlink_to(outside)
    stderr = failed_build(project, "--no-reasoning")
    assert f"{path}: linkset file is a symbolic link leading out of the project" in stderr
    assert "do-not-print" not in stderr


@pytest.mark.parametrize("content, message", [
    ("", "the ontology file is empty"),
    ("@prefix owl: <http://www.w3.org/2002/07/owl#> .\n<https://w3id.org/eujgraph/ontology#X> a owl:Class .\n",
     "the ontology file declares no owl:Ontology"),
])
def test_an_empty_ontology_is_reported_as_such(built, content, message):
    project, before = built
    project.ontology.write_text(content)
    assert f"{project.ontology}: {message}" in failed_build(project)
    assert snapshot(project.graph_dir) == before


def test_empty_shapes_are_reported_as_such(built):
    project, before = built
    project.shapes.write_text("")
    assert f"{project.shapes}: the shapes file is empty" in failed_build(project, "--no-reasoning")


def test_a_full_disk_leaves_no_temporary_file_and_the_old_files(built):
    """RLIMIT_FSIZE makes the child's writes past 100 kB fail with EFBIG, like ENOSPC on a full disk."""
    project, before = built

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, 100_000))

    completed = subprocess.run([sys.executable, "-m", "eujgraph", "build", "-q", "--no-reasoning", "--project",
                                str(project.root)], capture_output=True, text=True, timeout=60,
                               preexec_fn=small_files)
    assert completed.returncode == 2, completed.stderr
    assert "Traceback" not in completed.stderr
    assert f"{project.graph_dir}: cannot write the graph files: File too large; the previous files are " \
           "unchanged" in completed.stderr
    assert snapshot(project.graph_dir) == before
    assert leftovers(project.graph_dir) == []


def our_java(marker: str) -> list[int]:
    """Pids of live processes started with ``marker`` in their environment."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and marker.encode() in (entry / "environ").read_bytes():
                status = (entry / "status").read_text()
                if "State:\tZ" not in status:
                    found.append(int(entry.name))
        except OSError:
            continue
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL], ids=["INT", "TERM", "KILL"])
def test_a_build_interrupted_during_hermit_leaves_nothing(built, tmp_path, signum):
    project, before = built
    marker = f"EUJGRAPH_TEST_MARKER={uuid.uuid4()}"
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, marker.split("=")[0]: marker.split("=")[1], "TMPDIR": str(temp)}
    build = subprocess.Popen([sys.executable, "-m", "eujgraph", "build", "-q", "--project", str(project.root)],
                             env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        java = []
        while not java and time.monotonic() < deadline and build.poll() is None:
            java = [pid for pid in our_java(marker) if pid != build.pid]
            time.sleep(0.02)
        assert java, "HermiT never started"
        build.send_signal(signum)
        build.wait(timeout=20)
    finally:
        if build.poll() is None:
            build.kill()
        build.wait()
    deadline = time.monotonic() + 1  # HermiT alone would run on for about a second
    while our_java(marker) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert our_java(marker) == []
    assert list(temp.iterdir()) == []
    assert snapshot(project.graph_dir) == before
    assert leftovers(project.graph_dir) == []
    assert b"Traceback" not in build.stderr.read()
