"""The build as a whole: checks that stop it, and what it leaves behind."""

from __future__ import annotations

import pytest

from eujgraph.errors import InputError, NonConformance, ReasonerUnavailable
from eujgraph.pipeline.files import GRAPH_FILES
from eujgraph.pipeline import build
from eujgraph.settings import SETTINGS

from .conftest import MEMO_YAML, edit


def test_build_writes_every_graph_file(built_dir):
    assert sorted(p.name for p in built_dir.iterdir()) == sorted(GRAPH_FILES)


def test_built_graph_conforms_to_the_shapes(project, union):
    from eujgraph.pipeline import load_turtle
    from eujgraph.pipeline.shapes import validate_shapes

    validate_shapes(union, load_turtle(project.shapes))  # raises NonConformance otherwise


def test_shacl_violation_points_at_the_curated_item(scratch):
    memo = scratch.root / MEMO_YAML
    edit(memo, "    areas: [sanctions]\n", "")
    with pytest.raises(NonConformance) as caught:
        build(scratch, None, reasoning=False)
    [problem] = caught.value.problems
    line = next(n for n, text in enumerate(memo.read_text().splitlines(), 1) if text == "  sanctions:")
    assert problem.path == memo and problem.line == line
    assert "commitment/eu-japan-summit-2025-07-23-fi/sanctions: a commitment concerns at least one " \
           "policy area (path eujo:concernsArea)" in problem.message
    assert caught.value.exit_code == 1


def test_inconsistent_ontology_names_the_disjoint_classes(scratch):
    edit(scratch.ontology, "eujo:Union a owl:Class ;\n    rdfs:subClassOf eujo:Organisation ;",
         "eujo:Union a owl:Class ;\n    rdfs:subClassOf eujo:Organisation , eujo:State ;")
    with pytest.raises(NonConformance) as caught:
        build(scratch, None)
    assert "inconsistent" in caught.value.headline
    [problem] = caught.value.problems
    assert problem.message == (
        "https://w3id.org/eujgraph/id/organisation/european-union (asserted: eujo:Union) belongs to "
        "both eujo:State and eujo:Union, which are disjoint")


def test_unsatisfiable_class_without_members_is_reported(scratch):
    edit(scratch.ontology, "eujo:Meeting a owl:Class ;",
         "eujo:SummitMeeting a owl:Class ; rdfs:subClassOf eujo:Summit , eujo:Meeting .\neujo:Meeting a owl:Class ;")
    with pytest.raises(NonConformance) as caught:
        build(scratch, None)
    assert [p.message for p in caught.value.problems] == [
        "class https://w3id.org/eujgraph/ontology#SummitMeeting is unsatisfiable (it can have no members)"]


def test_missing_java_stops_the_build_with_advice(scratch, monkeypatch):
    monkeypatch.setenv("EUJGRAPH_JAVA", "/nonexistent/java")
    with pytest.raises(ReasonerUnavailable) as caught:
        build(scratch, scratch.graph_dir)
    assert "Java not found (tried: /nonexistent/java)" in str(caught.value)
    assert "--no-reasoning" in str(caught.value)
    assert not (scratch.graph_dir / "eujgraph.ttl").exists()


def test_turtle_syntax_error_names_file_and_line(scratch):
    edit(scratch.shapes, "eujs:Summit a sh:NodeShape ;", "eujs:Summit a sh:NodeShape ;;;; ]")
    with pytest.raises(InputError) as caught:
        build(scratch, None, reasoning=False)
    [problem] = caught.value.problems
    line = next(n for n, text in enumerate(scratch.shapes.read_text().splitlines(), 1) if ";;;; ]" in text)
    assert (problem.path, problem.line) == (scratch.shapes, line)
    assert problem.message.startswith("Turtle syntax error")


def test_failed_build_leaves_previous_outputs_untouched(scratch):
    out = scratch.graph_dir
    build(scratch, out, reasoning=False)
    before = {name: (out / name).read_bytes() for name in GRAPH_FILES}
    edit(scratch.root / MEMO_YAML, "    areas: [sanctions]\n", "")
    with pytest.raises(NonConformance):
        build(scratch, out)
    assert {name: (out / name).read_bytes() for name in GRAPH_FILES} == before
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == []


def test_no_reasoning_writes_no_inferences(scratch):
    report = build(scratch, None, reasoning=False)
    assert report.reasoning.startswith("SKIPPED")
    inferred = [g for g in report.dataset.graphs() if str(g.identifier).endswith("/inferred")]
    assert all(len(g) == 0 for g in inferred)


def test_a_bad_setting_is_an_input_error(scratch, monkeypatch):
    monkeypatch.setenv("EUJGRAPH_INPUT_FILE_MAX_KB", "lots")
    with pytest.raises(InputError, match="EUJGRAPH_INPUT_FILE_MAX_KB='lots': expected a whole number"):
        build(scratch, None, reasoning=False)


def test_the_environment_does_not_change_what_the_build_writes(scratch, tmp_path, monkeypatch):
    plain = build(scratch, tmp_path / "plain", reasoning=False)
    for spec in SETTINGS.values():  # every setting set to a legal value unlike its default
        monkeypatch.setenv(spec.variable, "/usr/bin/java" if spec.text else str((spec.default or 0) + 1000))
    monkeypatch.setenv("EUJGRAPH_VIZ_NODE_CAP", "1")
    monkeypatch.setenv("EUJGRAPH_SPARQL_ENDPOINT", "https://example.org/sparql")  # no longer read
    again = build(scratch, tmp_path / "again", reasoning=False)
    assert [p.name for p in again.written] == [p.name for p in plain.written]
    assert all((tmp_path / "again" / p.name).read_bytes() == p.read_bytes() for p in plain.written)


def test_the_public_endpoint_is_a_build_option_recorded_in_void(scratch, tmp_path):
    build(scratch, tmp_path, reasoning=False, sparql_endpoint="https://example.org/eujgraph/sparql")
    assert "void:sparqlEndpoint <https://example.org/eujgraph/sparql>" in (tmp_path / "void.ttl").read_text()


def test_linksets_are_validated_with_the_data(scratch):
    linksets = scratch.graph_dir / "linksets"
    linksets.mkdir()
    (linksets / "wd.trig").write_text(
        "<https://w3id.org/eujgraph/graph/linkset/wd> {\n"
        "  <https://w3id.org/eujgraph/id/person/kaja-kallas> a <https://w3id.org/eujgraph/ontology#Organisation> .\n"
        "}\n")
    with pytest.raises(NonConformance):
        build(scratch, None)


def test_a_linkset_writing_another_graph_is_refused(scratch):
    linksets = scratch.graph_dir / "linksets"
    linksets.mkdir()
    path = linksets / "wd.trig"
    path.write_text("<https://w3id.org/eujgraph/graph/ontology> {\n"
                    "  <https://w3id.org/eujgraph/ontology#Person> <http://www.w3.org/2000/01/rdf-schema#label> 'x' .\n"
                    "}\n")
    with pytest.raises(InputError) as caught:
        build(scratch, None, reasoning=False)
    [problem] = caught.value.problems
    assert (problem.path, problem.line) == (path, 1)
    assert "may write only its own graph <https://w3id.org/eujgraph/graph/linkset/wd>" in problem.message


def test_an_ontology_without_owl_ontology_is_refused(scratch):
    scratch.ontology.write_text("")
    with pytest.raises(InputError, match="the ontology file is empty"):
        build(scratch, None, reasoning=False)
