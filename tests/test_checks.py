"""SHACL and HermiT by memo group, and the cache of their results (eujgraph.pipeline.checks)."""

from __future__ import annotations

import shutil

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from eujgraph.errors import NonConformance
from eujgraph.namespaces import EUJ, EUJO
from eujgraph.pipeline import build, load_turtle
from eujgraph.pipeline.checks import check, group_memos
from eujgraph.pipeline.files import GRAPH_FILES, SortedTriples
from eujgraph.pipeline.reasoning import reason_each

from .conftest import MEMO_YAML, ROOT, edit

EU, JAPAN = EUJ["org/eu"], EUJ["org/japan"]


def graph(*triples) -> Graph:
    made = Graph()
    for triple in triples:
        made.add(triple)
    return made


def memo(name: str, *triples) -> tuple[URIRef, Graph]:
    return EUJ[f"graph/memo/{name}"], graph(*triples)


def files(folder) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in GRAPH_FILES}


def names(groups) -> list[list[str]]:
    return sorted(sorted(str(name).rsplit("/", 1)[1] for name, _ in group.graphs) for group in groups)


def test_memos_naming_a_node_of_their_own_are_one_group():
    person = EUJ["person/ursula-von-der-leyen"]
    a = memo("a", (EUJ["commitment/a/1"], EUJO.party, EU), (EUJ["commitment/a/1"], EUJO.instrument, EUJ["x/dialogue"]))
    b = memo("b", (EUJ["commitment/b/1"], EUJO.instrument, EUJ["x/dialogue"]))
    c = memo("c", (EUJ["commitment/c/1"], EUJO.party, EU), (EUJ["commitment/c/1"], RDF.type, EUJO.Commitment),
             (person, RDFS.label, Literal("Ursula von der Leyen", lang="en")))
    d = memo("d", (EU, RDFS.comment, Literal("said in d")), (person, RDFS.label, Literal("Ursula von der Leyen",
                                                                                          lang="fi")))
    e = memo("e", (EUJ["participation/e/1"], EUJO.participant, person))
    reference = [(EUJ["graph/reference"], graph((EU, RDF.type, EUJO.Union), (JAPAN, RDF.type, EUJO.State)))]
    groups, common = group_memos([a, b, c, d, e], reference)
    # a and b name the same undescribed instrument; the EU (described by the shared graphs) and the
    # person (described by two memos) are common nodes and join nothing, nor does a class
    assert names(groups) == [["a", "b"], ["c"], ["d"], ["e"]]
    assert set(common) == {(EU, RDFS.comment, Literal("said in d")),
                           (person, RDFS.label, Literal("Ursula von der Leyen", lang="en")),
                           (person, RDFS.label, Literal("Ursula von der Leyen", lang="fi"))}
    groups, common = group_memos([c, e], reference)
    assert names(groups) == [["c", "e"]] and not len(common)  # the person is c's own, and e names it
    # what the shared graphs point to is checked with them, with its memo's triples about it
    history = [(EUJ["graph/history"], graph((EUJ["report/1"], EUJO.reportOf, EUJ["commitment/c/1"])))]
    groups, common = group_memos([c, e], reference + history)
    assert set(common) == {(EUJ["commitment/c/1"], EUJO.party, EU), (EUJ["commitment/c/1"], RDF.type, EUJO.Commitment)}


def test_a_rebuild_after_one_change_checks_one_group_and_writes_what_a_build_from_scratch_writes(scratch, tmp_path):
    shutil.copytree(ROOT / "graph/history", scratch.history_dir)  # summits the history and the memos describe
    first = build(scratch, tmp_path / "first")
    assert first.checks.startswith("3 memo group(s); from the cache: SHACL 0, HermiT 0 (")
    edit(scratch.root / MEMO_YAML, "label: {en: Establish the Japan–EU Competitiveness Alliance,",
         "label: {en: Establish the Japan–EU Competitiveness Alliance (revised),")
    again = build(scratch, tmp_path / "again")
    assert again.checks.startswith("3 memo group(s); from the cache: SHACL 2, HermiT 2 (")
    scratch_build = build(scratch, tmp_path / "scratch", cache=False)
    assert scratch_build.checks == "3 memo group(s); from the cache: SHACL 0, HermiT 0 (cache not used (--no-cache))"
    assert files(tmp_path / "again") == files(tmp_path / "scratch")
    assert files(tmp_path / "again") != files(tmp_path / "first")
    assert build(scratch, None).checks.startswith("3 memo group(s); from the cache: SHACL 3, HermiT 3 (")


def test_a_violation_is_found_after_a_cached_build(scratch):
    build(scratch, None, reasoning=False)
    memo_file = scratch.root / MEMO_YAML
    edit(memo_file, "    areas: [sanctions]\n", "")
    with pytest.raises(NonConformance) as caught:
        build(scratch, None, reasoning=False)
    [problem] = caught.value.problems
    assert problem.path == memo_file and "at least one policy area" in problem.message


def test_a_damaged_or_deleted_cache_changes_nothing(scratch, tmp_path):
    build(scratch, tmp_path / "first")
    entries = sorted(scratch.cache_dir.glob("*/*.inferred.nt"))
    assert len(entries) == 4  # three memo groups and the shared graphs
    damaged = next(entry for entry in entries if entry.name != "shared.inferred.nt")
    damaged.write_bytes(damaged.read_bytes().replace(b"Commitment", b"Assessment"))
    report = build(scratch, tmp_path / "damaged")
    assert report.checks.startswith("3 memo group(s); from the cache: SHACL 3, HermiT 2 (")  # one entry damaged
    assert files(tmp_path / "damaged") == files(tmp_path / "first")
    assert b"Assessment" not in damaged.read_bytes()  # reasoned again and stored again
    shutil.rmtree(scratch.cache_dir)
    build(scratch, tmp_path / "deleted")
    assert files(tmp_path / "deleted") == files(tmp_path / "first")


def test_a_change_of_the_shapes_misses_the_cache_and_removes_the_old_key(scratch):
    build(scratch, None, reasoning=False)
    [old_key] = list(scratch.cache_dir.iterdir())
    edit(scratch.shapes, 'sh:message "a commitment concerns at least one policy area"',
         'sh:message "a commitment concerns one policy area or more"')
    report = build(scratch, None, reasoning=False)
    assert report.checks.startswith("3 memo group(s); from the cache: SHACL 0 (")
    [new_key] = list(scratch.cache_dir.iterdir())
    assert new_key != old_key


def test_a_memo_inferring_about_a_shared_node_is_reasoned_on_the_whole_graph(project, tmp_path):
    ontology = load_turtle(project.ontology)
    shared = [(EUJ["graph/ontology"], ontology), (EUJ["graph/reference"], graph((EUJ["thing/z"], RDFS.label,
                                                                                  Literal("z", lang="en"))))]
    # concernsArea's range makes the shared thing/z a policy area: memos could meet there
    a = memo("a", (EUJ["commitment/a/1"], EUJO.concernsArea, EUJ["thing/z"]))
    b = memo("b", (EUJ["commitment/b/1"], EUJO.heldBy, EU))
    heard: list[str] = []
    inferred, cache = check(shared, [a, b], b"shapes", tmp_path / "cache", SortedTriples(),
                            validate=lambda data, focus: None,
                            reason=lambda graphs: [r.inferred for r in reason_each(graphs)], progress=heard.append)
    assert (EUJ["thing/z"], RDF.type, EUJO.PolicyArea) in inferred
    assert (EUJ["commitment/b/1"], RDF.type, EUJO.Stance) in inferred
    assert any("reasoning on the whole graph" in line and "thing/z" in line for line in heard)
    assert sorted(p.name for p in (tmp_path / "cache").glob("*/*.inferred.nt")) == ["shared.inferred.nt"]


def test_group_by_group_infers_what_hermit_infers_from_the_whole_graph(dataset):
    asserted, inferred = Graph(), Graph()
    for named in dataset.graphs():
        if str(named.identifier).endswith("/inferred"):
            inferred += named
        else:
            asserted += named
    [whole] = reason_each([[asserted]])
    assert set(whole.inferred) == set(inferred)


def test_two_hermit_processes_infer_what_one_does(scratch, tmp_path, monkeypatch):
    from eujgraph.pipeline import checks

    build(scratch, tmp_path / "one", cache=False)
    monkeypatch.setattr(checks, "REASONER_SPLIT_TRIPLES", 0)
    heard: list[str] = []
    build(scratch, tmp_path / "two", cache=False, progress=heard.append)
    assert "HermiT on 3 of 3 memo group(s) not reasoned before (0 from the cache), 3 Java process(es)" in heard
    assert files(tmp_path / "two") == files(tmp_path / "one")
