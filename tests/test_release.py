"""`eujgraph release`: a versioned folder a partner can download, cite and check, the same bytes each time."""

from __future__ import annotations

import gzip
import hashlib
import subprocess
import sys

import pyoxigraph as ox
import pyshacl
import pytest
import yaml
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, SH

from eujgraph.errors import EujgraphError, InputError
from eujgraph.pipeline.release import SPDX, release

from .conftest import ROOT

SHAPES = Graph().parse(ROOT / "ontology/release-shapes.ttl")
FILES = ["CITATION.cff", "LICENSE.txt", "SHA256SUMS", "eujgraph-2026.12.nq.gz", "eujgraph-2026.12.trig",
         "eujgraph-2026.12.ttl", "ontology.ttl", "shapes.ttl", "void.ttl"]


@pytest.fixture(scope="module")
def released(tmp_path_factory):
    """A release of a copy of the project, made by the command a partner's maintainer runs."""
    from eujgraph.project import Project

    work = tmp_path_factory.mktemp("release-project")
    import shutil

    for part in ("ontology", "graph/reference", "graph/memos", "graph/sources", "graph/history"):
        shutil.copytree(ROOT / part, work / part)
    result = subprocess.run([sys.executable, "-m", "eujgraph", "release", "2026.12", "--project", str(work), "-q"],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return Project(work), work / "release" / "eujgraph-2026.12", result.stdout


def description(folder) -> Graph:
    return Graph().parse(folder / "void.ttl", format="turtle")


def test_the_release_holds_every_promised_file_and_lists_them_with_sizes(released):
    _, folder, printed = released
    assert sorted(path.name for path in folder.iterdir()) == FILES
    for name in FILES:
        assert f"  {(folder / name).stat().st_size:10,d}  {name}" in printed
    assert f"release 2026.12: {len(FILES)} files," in printed


def test_every_file_matches_its_checksum_size_and_download_url(released):
    _, folder, _ = released
    sums = dict(reversed(line.split("  ")) for line in (folder / "SHA256SUMS").read_text().splitlines())
    assert sorted(sums) == [name for name in FILES if name != "SHA256SUMS"]
    void = description(folder)
    described = {}
    for distribution in void.subjects(None, DCAT.Distribution):
        url = str(void.value(distribution, DCAT.downloadURL))
        checksum = void.value(void.value(distribution, SPDX.checksum), SPDX.checksumValue)
        described[url.rsplit("/", 1)[1]] = (int(void.value(distribution, DCAT.byteSize)), str(checksum), url)
    assert sorted(described) == [name for name in FILES if name not in ("SHA256SUMS", "void.ttl")]
    for name, (size, checksum, url) in described.items():
        content = (folder / name).read_bytes()
        assert (size, checksum) == (len(content), hashlib.sha256(content).hexdigest())
        assert sums[name] == checksum
        assert url == f"https://w3id.org/eujgraph/release/2026.12/{name}"


def test_the_description_conforms_to_the_release_shapes_and_they_have_teeth(released):
    _, folder, _ = released
    void = description(folder)
    conforms, _, text = pyshacl.validate(void, shacl_graph=SHAPES, inference="none")
    assert conforms, text
    broken = Graph() + void
    some = next(iter(broken.subjects(None, DCAT.Distribution)))
    broken.remove((some, DCAT.byteSize, None))
    broken.remove((broken.value(some, SPDX.checksum), SPDX.checksumValue, None))
    broken.add((some, DCAT.mediaType, URIRef("http://example.org/not-iana")))
    conforms, report, _ = pyshacl.validate(broken, shacl_graph=SHAPES, inference="none")
    messages = sorted(str(report.value(r, SH.resultMessage)) for r in report.subjects(SH.resultSeverity, SH.Violation))
    assert not conforms and messages == [
        "a SHA-256 checksum is 64 hexadecimal digits",   # the checksum node lost its value
        "a distribution gives its size in bytes",
        "a distribution has one IANA media type",        # two media types now ...
        "a distribution has one IANA media type",        # ... and one is not IANA's
        "a distribution has one SHA-256 checksum"]       # the checksum node fails its shape


def test_the_data_files_hold_the_built_graph(released, built_dir):
    _, folder, _ = released
    built = sorted(map(str, ox.parse(path=str(built_dir / "eujgraph.trig"), format=ox.RdfFormat.TRIG)))
    trig = sorted(map(str, ox.parse(path=str(folder / "eujgraph-2026.12.trig"), format=ox.RdfFormat.TRIG)))
    nquads = sorted(map(str, ox.parse(gzip.decompress((folder / "eujgraph-2026.12.nq.gz").read_bytes()),
                                      format=ox.RdfFormat.N_QUADS)))
    assert trig == built and nquads == built
    assert (folder / "ontology.ttl").read_bytes() == (ROOT / "ontology/eujgraph.ttl").read_bytes()
    citation = yaml.safe_load((folder / "CITATION.cff").read_text())
    assert citation["cff-version"] == "1.2.0" and citation["version"] == "2026.12"
    assert citation["license"] == "CC-BY-4.0" and citation["authors"]


def test_the_same_inputs_give_the_same_bytes_and_a_published_release_never_changes(released, tmp_path):
    project, folder, _ = released
    again = release(project, "2026.12", out_dir=tmp_path / "again")
    assert again.files == {path.name: path.read_bytes() for path in folder.iterdir()}
    assert release(project, "2026.12").unchanged
    before = {path.name: path.read_bytes() for path in folder.iterdir()}
    with pytest.raises(EujgraphError, match="exists with other contents"):
        release(project, "2026.12", base_url="https://example.org/elsewhere/")
    assert {path.name: path.read_bytes() for path in folder.iterdir()} == before


@pytest.mark.parametrize("version", ["", "latest", "2026.12/../..", "1.0 beta"])
def test_a_version_that_is_not_a_version_is_refused(released, version, tmp_path):
    project, _, _ = released
    with pytest.raises(InputError, match="release version"):
        release(project, version, out_dir=tmp_path / "never")
    assert not (tmp_path / "never").exists()
