"""The pyvis network for notebooks: filled from the projection, styled like the page, self-contained and inert."""

from __future__ import annotations

import doctest
import json
import math
import re
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from eujgraph.errors import InputError
from eujgraph.viz import network, notebook, view
from eujgraph.viz.notebook import LABEL_LENGTH, layout
from eujgraph.viz.projection import KIND, project

MARKUP = '<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2">'
CDN = re.compile(r"cdnjs|jsdelivr|unpkg|googleapis|bootstrap", re.IGNORECASE)
FETCHING = re.compile(r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=", re.IGNORECASE)


@pytest.fixture(scope="module")
def graph(dataset) -> nx.MultiDiGraph:
    return project(dataset)


def marked_up() -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph()
    graph.add_node("person/x", kind="person", labels={"en": MARKUP, "fi": MARKUP})
    graph.add_node("area/href", kind="area", labels={"en": '<a href="javascript:alert(1)">area</a>', "fi": "ala"})
    graph.add_edge("person/x", "area/href", key="eujo:about", labels={"en": "<b>about</b>", "fi": "aiheena"})
    return graph


def shown(label: str) -> str:
    return label if len(label) <= LABEL_LENGTH else label[:LABEL_LENGTH - 2].strip() + "…"


@pytest.mark.parametrize("lang", ["en", "fi"])
def test_one_node_per_projection_node_labelled_and_styled_by_kind(graph, lang):
    net = network(graph, lang=lang)
    assert [node["id"] for node in net.nodes] == sorted(graph) == net.get_nodes()
    assert net.num_nodes() == graph.number_of_nodes() > 100
    for node in net.nodes:
        attributes = graph.nodes[node["id"]]
        kind = KIND[attributes["kind"]]
        assert node["label"] == shown(attributes["labels"][lang])
        assert node["title"].split("\n")[0] == attributes["labels"][lang]
        assert (node["kind"], node["shape"], node["color"]["background"]) == (kind.name, kind.shape, kind.color)
        assert net.get_node(node["id"]) is node
    labels = {node["id"]: node["label"] for node in net.nodes}
    assert labels["person/kaja-kallas"] == "Kaja Kallas"
    summit = next(n for n in net.nodes if n["kind"] == "summit")
    assert summit["title"].split("\n")[1].startswith({"en": "summit", "fi": "huippukokous"}[lang])


@pytest.mark.parametrize("lang, took_part", [("en", "took part in"), ("fi", "osallistui")])
def test_edges_carry_their_relation_as_title(graph, lang, took_part):
    net = network(graph, lang=lang)
    assert net.num_edges() == graph.number_of_edges()
    expected = sorted((s, t, k, labels[lang]) for s, t, k, labels in graph.edges(keys=True, data="labels"))
    assert [(e["from"], e["to"], e["relation"], e["title"]) for e in net.edges] == expected
    assert any(e["relation"] == "eujo:atEvent" and e["title"] == took_part for e in net.edges)


def test_html_has_every_resource_in_line(graph):
    html = network(graph).generate_html()
    assert FETCHING.findall(html) == [] and CDN.findall(html) == []
    assert "vis.Network(" in html and "<style>" in html
    data = json.loads(re.search(r"nodes = new vis\.DataSet\((\[.*?\])\);", html).group(1))
    assert len(data) == graph.number_of_nodes()


def test_pyvis_options_stay_in_line(graph):
    net = network(graph, select_menu=True, filter_menu=True, neighborhood_highlight=True)
    net.show_buttons(filter_=["physics"])
    net.toggle_physics(False)
    html = net.generate_html()
    assert FETCHING.findall(html) == [] and "TomSelect" in html and '"configure"' in html


def test_markup_in_labels_stays_text():
    net = network(marked_up(), heading="<i>heading</i>")
    html = net.generate_html()
    assert "<script>window.pwned" not in html and "<img src=x" not in html
    assert "<i>heading</i>" not in html and "&lt;i&gt;heading&lt;/i&gt;" in html
    assert "popup.innerHTML" not in html  # pyvis's HTML popups, switched on by "href" in a title
    assert FETCHING.findall(html) == []
    [person] = [n for n in net.nodes if n["id"] == "person/x"]
    assert person["title"].startswith(MARKUP)


def test_big_views_get_a_computed_layout_and_no_physics(graph):
    net = network(graph, node_cap=10)
    assert all("x" in node and "y" in node for node in net.nodes)
    assert net.options.physics.enabled is False
    assert not any("smooth" in edge for edge in net.edges)
    assert all("x" not in node for node in network(graph).nodes)


def test_the_computed_layout_is_stable_and_keeps_each_summits_claims_nearest_it(graph):
    positions = layout(graph)
    assert positions == layout(graph) and len(set(positions.values())) == graph.number_of_nodes()
    summits = [n for n, k in graph.nodes(data="kind") if k == "summit"]
    for claim, summit, key in graph.edges(keys=True):
        if key == "eujo:madeAt" and summit in summits:
            own = math.dist(positions[claim], positions[summit])
            assert all(own < math.dist(positions[claim], positions[other]) for other in summits if other != summit)


def test_unknown_language_is_refused(graph):
    with pytest.raises(InputError, match="ja"):
        network(graph, lang="ja")


def test_writing_creates_only_the_file_asked_for(graph, tmp_path, monkeypatch):
    cwd = tmp_path / "cwd"
    cwd.mkdir()
    monkeypatch.chdir(cwd)
    net = network(graph)
    net.write_html(tmp_path / "out" / "graph.html")
    net.write_html("here.html")
    frame = net.show("shown.html")
    assert frame.src == "shown.html"
    files = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*"))
    assert files == ["cwd", "cwd/here.html", "cwd/shown.html", "out", "out/graph.html"]
    assert (tmp_path / "out/graph.html").read_text(encoding="utf-8") == net.generate_html()
    with pytest.raises(InputError):
        net.write_html(tmp_path / "graph.txt")


def test_docstring_examples_run():
    assert doctest.testmod(notebook).failed == 0


def test_a_view_is_a_pyvis_network_with_a_plain_repr(graph):
    from pyvis.network import Network

    around = view(graph, focus="kaja-kallas", depth=1)
    net = network(around)
    assert isinstance(net, Network) and type(net) is notebook.EujgraphNetwork
    assert repr(net) == (f"<class 'eujgraph.viz.notebook.EujgraphNetwork'> |N|={around.number_of_nodes()} "
                         f"|E|={around.number_of_edges():,}")


def test_importing_viz_leaves_pyvis_unloaded():
    code = "import sys, eujgraph.viz; print([m for m in ('pyvis', 'IPython', 'jsonpickle') if m in sys.modules])"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stdout.strip() == "[]"


def open_in_chromium(browser, path: Path):
    context = browser.new_context(viewport={"width": 1200, "height": 850}, service_workers="block")
    page = context.new_page()
    outside: list[str] = []
    errors: list[str] = []

    def route(route) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    page.on("console", lambda message: errors.append(message.text) if message.type in ("error", "warning") else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(path.resolve().as_uri())
    page.wait_for_function("typeof network !== 'undefined' && network.body.nodeIndices.length > 0", timeout=20_000)
    page.evaluate("new Promise(resolve => { network.once('afterDrawing', resolve); network.redraw(); })")
    return context, page, outside, errors


def test_chromium_draws_the_memo_graph_offline(browser, graph, tmp_path):
    path = tmp_path / "memo.html"
    network(graph, lang="fi").write_html(path)
    context, page, outside, errors = open_in_chromium(browser, path)
    try:
        drawn = page.evaluate("[network.body.data.nodes.length, network.body.nodeIndices.length, "
                              "network.body.data.edges.length, document.querySelectorAll('canvas').length]")
        assert drawn == [graph.number_of_nodes(), graph.number_of_nodes(), graph.number_of_edges(), 1]
        assert page.evaluate("network.body.data.nodes.get('person/kaja-kallas').label") == "Kaja Kallas"
        assert outside == [] and errors == []
    finally:
        context.close()


def test_chromium_shows_markup_titles_as_text(browser, tmp_path):
    path = tmp_path / "markup.html"
    network(marked_up()).write_html(path)
    context, page, outside, errors = open_in_chromium(browser, path)
    try:
        page.evaluate("network.stopSimulation()")
        point = page.evaluate("""(() => {
            const p = network.canvasToDOM(network.getPositions(['person/x'])['person/x']);
            const box = document.querySelector('#mynetwork canvas').getBoundingClientRect();
            return [box.left + p.x, box.top + p.y];
        })()""")
        page.mouse.move(point[0] + 1, point[1] + 1)
        page.mouse.move(*point)
        tooltip = page.wait_for_selector(".vis-tooltip", state="visible", timeout=5_000)
        assert tooltip.text_content().startswith(MARKUP)
        elements = "[...document.querySelectorAll('.vis-tooltip *')].map(e => e.tagName)"
        assert page.evaluate(f"[{elements}, window.pwned]") == [["BR"], None]  # innerText turns the newline into <br>
        assert outside == [] and errors == []
    finally:
        context.close()
