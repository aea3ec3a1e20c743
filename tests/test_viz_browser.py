"""The page in a real browser: Debian's chromium driven by Playwright, loaded from disk with the network blocked.

One browser serves the whole session. ``EUJGRAPH_UPDATE_SCREENSHOT=1`` makes the
screenshot test refresh ``docs/screenshot.png`` (the README's picture) instead of a scratch file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import pytest

from eujgraph.viz.page import render_page
from eujgraph.viz.projection import project

from .conftest import ROOT
from .test_viz import ALLIANCE, SUMMIT, person_named

@dataclass
class Loaded:
    """A page opened from disk, with every request it attempted and every error it logged."""

    page: object
    url: str = ""
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def js(self, expression: str, arg=None):
        return self.page.evaluate(expression, arg)

    def rendered(self) -> tuple[int, int]:
        return tuple(self.js("[eujgraph.network.body.nodeIndices.length, eujgraph.network.body.edgeIndices.length]"))

    def assert_clean(self) -> None:
        assert self.blocked == [] and self.requests == [self.url]
        assert self.errors == [] and self.dialogs == []


@pytest.fixture
def open_page(browser):
    contexts = []

    def load(path: Path) -> Loaded:
        context = browser.new_context(viewport={"width": 1400, "height": 900}, service_workers="block")
        contexts.append(context)
        loaded = Loaded(context.new_page(), path.resolve().as_uri())

        def route(route) -> None:
            url = route.request.url
            loaded.requests.append(url)
            if url.startswith("file://"):
                route.continue_()
            else:
                loaded.blocked.append(url)
                route.abort()

        context.route("**/*", route)
        loaded.page.on("console", lambda message: loaded.errors.append(message.text)
                       if message.type in ("error", "warning") else None)
        loaded.page.on("pageerror", lambda error: loaded.errors.append(str(error)))
        loaded.page.on("dialog", lambda dialog: (loaded.dialogs.append(dialog.message), dialog.dismiss()))
        loaded.page.goto(loaded.url)
        loaded.page.wait_for_selector("body[data-ready=true]", state="attached", timeout=20_000)
        return loaded

    yield load
    for context in contexts:
        context.close()


@pytest.fixture(scope="module")
def graph(dataset) -> nx.MultiDiGraph:
    return project(dataset)


@pytest.fixture
def memo_page(open_page, built_dir) -> Loaded:
    """graph/eujgraph.html as `eujgraph build` writes it."""
    return open_page(built_dir / "eujgraph.html")


def test_page_opens_offline_and_draws_the_whole_projection(memo_page, graph):
    memo_page.assert_clean()
    assert memo_page.rendered() == (graph.number_of_nodes(), graph.number_of_edges())
    assert sorted(memo_page.js("eujgraph.network.body.nodeIndices")) == sorted(graph.nodes)
    assert memo_page.js("eujgraph.network.physics.options.enabled") is False
    assert memo_page.page.inner_text("#counts") == (
        f"{graph.number_of_nodes()} of {graph.number_of_nodes()} nodes and {graph.number_of_edges()} edges shown")


def test_search_selects_kallas(memo_page):
    memo_page.page.fill("#search", "Kallas")
    memo_page.page.press("#search", "Enter")
    assert memo_page.js("eujgraph.network.getSelectedNodes()") == ["person/kaja-kallas"]
    assert memo_page.page.inner_text("#details h2") == "Kaja Kallas"
    assert "delegaatioon kuului korkea edustaja Kaja Kallas" in memo_page.page.locator("#details mark").all_inner_texts()
    memo_page.page.fill("#search", "no such name")
    memo_page.page.press("#search", "Enter")
    assert memo_page.page.inner_text("#results") == "No match for “no such name”"
    memo_page.assert_clean()


def click_node(loaded: Loaded, node: str) -> None:
    """Centre ``node`` and click it with the mouse, as a person would."""
    loaded.js("id => eujgraph.network.moveTo({position: eujgraph.network.getPosition(id), scale: 1.3})", node)
    point = loaded.js("id => eujgraph.network.canvasToDOM(eujgraph.network.getPosition(id))", node)
    box = loaded.page.locator("#network").bounding_box()
    loaded.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])


def test_clicking_a_commitment_shows_its_memo_quote(memo_page, graph):
    click_node(memo_page, ALLIANCE)
    assert memo_page.page.inner_text("#details h2") == graph.nodes[ALLIANCE]["labels"]["en"]
    quotes = sorted({part for e in graph.nodes[ALLIANCE]["evidence"] for part in e["text"][1::2]})
    assert sorted(memo_page.page.locator("#details mark").all_inner_texts()) == quotes
    assert "EU ja Japani perustavat uuden kilpailukykyallianssin" in quotes
    details = memo_page.page.inner_text("#details")
    assert "new initiative" in details and "uusi avaus" not in details
    assert graph.nodes["instrument/eu-japan-competitiveness-alliance"]["labels"]["en"] in details
    memo_page.assert_clean()


def test_language_switch_shows_finnish_labels(memo_page, graph):
    memo_page.js("id => eujgraph.select(id)", SUMMIT)
    memo_page.page.select_option("#lang", "fi")
    assert memo_page.js("id => eujgraph.nodes.get(id).label", ALLIANCE) == graph.nodes[ALLIANCE]["labels"]["fi"]
    assert memo_page.page.inner_text("#details h2") == "30. EU:n ja Japanin huippukokous"
    assert "henkilö" in memo_page.page.inner_text("#legend")
    assert memo_page.js("document.documentElement.lang") == "fi"
    assert memo_page.page.get_attribute("#search", "placeholder") == "Hae nimellä"
    memo_page.assert_clean()


def test_filters_by_kind_area_and_status(memo_page, graph):
    kinds = dict(graph.nodes(data="kind"))
    total, edges = graph.number_of_nodes(), graph.number_of_edges()
    commitments = [n for n, kind in kinds.items() if kind == "commitment"]
    memo_page.page.uncheck("#legend input[value=commitment]")
    assert memo_page.rendered()[0] == total - len(commitments)
    memo_page.page.check("#legend input[value=commitment]")
    memo_page.page.select_option("#area", "area/security-and-defence")
    shown = set(memo_page.js("eujgraph.network.body.nodeIndices"))
    under = {n for n, areas in graph.nodes(data="areas") if areas is not None and "area/security-and-defence" in areas}
    assert {n for n in shown if kinds[n] == "commitment"} == {n for n in under if kinds[n] == "commitment"}
    assert "area/maritime-security" in shown and "area/climate" not in shown and "person/kaja-kallas" in shown
    memo_page.page.select_option("#area", "")
    for status in ("deepened", "continued", "reaffirmed"):
        memo_page.page.uncheck(f"#statuses input[value={status}]")
    shown = set(memo_page.js("eujgraph.network.body.nodeIndices"))
    assert {graph.nodes[n].get("status") for n in shown} == {None, "new"}
    memo_page.page.click("#reset")
    assert memo_page.rendered() == (total, edges)
    memo_page.assert_clean()


def test_above_the_node_cap_the_layout_is_fixed_and_edges_follow_the_view(open_page, graph, tmp_path):
    path = tmp_path / "fixed.html"
    path.write_bytes(render_page(graph, node_cap=50))
    loaded = open_page(path)
    loaded.assert_clean()
    assert loaded.js("eujgraph.network.physics.options.enabled") is False
    positions = loaded.js("eujgraph.network.getPositions()")
    assert all(positions[n["id"]] == {"x": n["x"], "y": n["y"]} for n in loaded.js("eujgraph.data.nodes"))
    assert loaded.rendered() == (graph.number_of_nodes(), graph.number_of_edges())
    loaded.js("id => eujgraph.network.moveTo({position: eujgraph.network.getPosition(id), scale: 3})", ALLIANCE)
    loaded.js("() => { eujgraph.network.emit('zoom', {}); }")
    loaded.page.wait_for_timeout(400)
    nodes, edges = loaded.rendered()
    assert nodes == graph.number_of_nodes() and edges < graph.number_of_edges()
    loaded.js("id => eujgraph.select(id)", SUMMIT)
    assert loaded.rendered()[1] >= nx.Graph(graph).degree(SUMMIT)
    loaded.assert_clean()


def test_a_label_with_markup_shows_as_text(open_page, tmp_path):
    evil = "<script>alert(1)</script><img src=x onerror=alert(2)>"
    path = tmp_path / "evil.html"
    path.write_bytes(render_page(person_named(evil)))
    loaded = open_page(path)
    loaded.page.fill("#search", "script")
    loaded.page.press("#search", "Enter")
    assert loaded.page.inner_text("#details h2") == evil
    assert loaded.js("document.querySelectorAll('#details img, #details script').length") == 0
    assert loaded.js("eujgraph.nodes.get('person/evil').label").startswith("<script>")
    loaded.assert_clean()


def test_screenshot(memo_page, tmp_path):
    memo_page.js("id => eujgraph.select(id)", ALLIANCE)
    memo_page.js("eujgraph.network.fit({animation: false})")
    memo_page.js("eujgraph.network.moveTo({position: eujgraph.network.getViewPosition(), offset: {x: -190, y: 0}})")
    drawn = memo_page.js("""(() => {
        const canvas = document.querySelector('#network canvas');
        const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        let ink = 0;
        for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) ink++;
        return ink / (canvas.width * canvas.height);
    })()""")
    assert 0.02 < drawn < 0.9
    update = os.environ.get("EUJGRAPH_UPDATE_SCREENSHOT") == "1"
    path = ROOT / "docs" / "screenshot.png" if update else tmp_path / "screenshot.png"
    memo_page.page.screenshot(path=str(path))
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 50_000
    memo_page.assert_clean()
