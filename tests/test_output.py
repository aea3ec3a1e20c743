"""The graph files: standard formats that round-trip, same bytes every time, offsets that hold."""

from __future__ import annotations

import os
import subprocess
import sys

from rdflib import Dataset, Graph, Literal
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, XSD

from eujgraph.namespaces import EUJ, EUJO, OA
from eujgraph.pipeline.files import GRAPH_FILES
from eujgraph.text import normalize_quote

from .conftest import ROOT


def test_formats_round_trip_to_the_same_graph(built_dir, union):
    trig = Dataset()
    trig.parse(built_dir / "eujgraph.trig", format="trig")
    from_trig = Graph()
    for s, p, o, _ in trig.quads((None, None, None, None)):
        from_trig.add((s, p, o))
    jsonld = Dataset()
    jsonld.parse(built_dir / "eujgraph.jsonld", format="json-ld")
    from_jsonld = Graph()
    for s, p, o, _ in jsonld.quads((None, None, None, None)):
        from_jsonld.add((s, p, o))
    nt = Graph().parse(built_dir / "eujgraph.nt", format="nt")
    assert len(union) > 2000
    assert isomorphic(from_trig, union)
    assert isomorphic(from_jsonld, union)
    assert isomorphic(nt, union)
    rewritten = Graph().parse(data=from_jsonld.serialize(format="turtle"), format="turtle")
    assert isomorphic(rewritten, union)


def test_trig_keeps_one_named_graph_per_source(dataset):
    names = sorted(str(g.identifier) for g in dataset.graphs() if len(g))
    assert names == [
        "https://w3id.org/eujgraph/graph/history",
        "https://w3id.org/eujgraph/graph/inferred",
        "https://w3id.org/eujgraph/graph/memo/eu-japan-summit-2023-joint-statement",
        "https://w3id.org/eujgraph/graph/memo/eu-japan-summit-2025-07-23-fi",
        "https://w3id.org/eujgraph/graph/memo/japan-finland-2025-joint-statement",
        "https://w3id.org/eujgraph/graph/ontology",
        "https://w3id.org/eujgraph/graph/reference",
    ]


def test_builds_are_byte_identical_whatever_the_hash_seed(tmp_path):
    outputs = []
    for seed in ("1", "4242"):
        out = tmp_path / seed
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run([sys.executable, "-m", "eujgraph", "build", "-q", "--out", str(out)],
                       cwd=ROOT, env=env, check=True, capture_output=True)
        outputs.append({name: (out / name).read_bytes() for name in GRAPH_FILES})
    assert outputs[0] == outputs[1]


def test_dates_survive_reasoning(union):
    summit = EUJ["summit/eu-japan-2025"]
    assert union.value(summit, EUJO.date) == Literal("2025-07-23", datatype=XSD.date)


def test_every_span_points_at_its_quote_in_the_original_file(union):
    original = (ROOT / "graph/sources/eu-japan-summit-2025-07-23.fi.txt").read_text(encoding="utf-8")
    spans = [span for span in union.subjects(OA.hasSource, EUJ["document/eu-japan-summit-2025-07-23-fi"])
             if (span, RDF.type, EUJO.TextSpan) in union]  # the history quotes the memo too, without offsets
    assert len(spans) > 40
    for span in spans:
        selectors = list(union.objects(span, OA.hasSelector))
        exact = next(union.value(s, OA.exact) for s in selectors if union.value(s, OA.exact) is not None)
        start = next(union.value(s, OA.start) for s in selectors if union.value(s, OA.start) is not None)
        end = next(union.value(s, OA.end) for s in selectors if union.value(s, OA.end) is not None)
        assert normalize_quote(original[start.toPython():end.toPython()]) == str(exact)
        sentence = str(union.value(span, EUJO.sentence))
        assert str(exact) in sentence and sentence[-1] in ".!?5", sentence


def test_no_hyphenation_artefacts_in_labels_or_quotes(union):
    import re
    artefact = re.compile(r"\w-\s+(?!(?:ja|tai|sekä)\b)[a-zäöå]")  # "alli- anssin", not "puolustus- ja"
    texts = [str(o) for o in union.objects() if isinstance(o, Literal) and o.datatype in (None, XSD.string)]
    offenders = [t for t in texts if artefact.search(t)]
    assert offenders == []
    assert "kilpailukykyallianssin" in " ".join(texts)


def test_a_failed_write_leaves_no_temporary_file_and_the_old_targets(tmp_path, monkeypatch):
    import errno

    import pytest

    from eujgraph import atomic as output

    (tmp_path / "a.txt").write_bytes(b"old a")
    calls = []

    def full_disk(fd):
        calls.append(fd)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(output.os, "fsync", full_disk)
    with pytest.raises(OSError):
        output.write_atomically({"a.txt": b"new a", "b.txt": b"new b", "c.txt": b"new c"}, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]
    assert (tmp_path / "a.txt").read_bytes() == b"old a"
