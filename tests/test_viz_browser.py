"""The page in a real browser: Debian's chromium driven by Playwright, loaded from disk with the network blocked.

One browser serves the whole session. The expected views are computed here from the
networkx projection, independently of the page script. ``EUJGRAPH_UPDATE_SCREENSHOT=1``
makes the screenshot test refresh ``docs/screenshot.png`` (the README's picture) instead of
a scratch file.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import pytest

from eujgraph.viz.page import render_page
from eujgraph.viz.projection import project

from .conftest import ROOT
from .test_viz import ALLIANCE, SUMMIT, person_named

LEGIBILITY_JS = (Path(__file__).parent / "legibility.js").read_text(encoding="utf-8")
KALLAS, EU, JAPAN = "person/kaja-kallas", "organisation/european-union", "organisation/japan"
CLAIM_KINDS = ("commitment", "position", "assessment")
MIN_TEXT_PX = 7  # smallest label text on screen; vis-network stops drawing labels below 5 px
STATUS_COLORS = {"new": "#74c476", "deepened": "#8fc1e3", "continued": "#cdd3d9", "reaffirmed": "#fdbf7f"}


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

    def view(self) -> dict:
        return self.js("eujgraph.view()")

    def shown(self) -> set[str]:
        return set(self.js("eujgraph.nodes.getIds()"))

    def legibility(self) -> dict:
        return self.js(LEGIBILITY_JS)

    def assert_clean(self) -> None:
        assert self.blocked == [] and set(self.requests) == {self.url}
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
            loaded.requests.append(url.split("#")[0])
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
    """graph/eujgraph.html as `eujgraph build` writes it: the memos and the summit history."""
    return open_page(built_dir / "eujgraph.html")


# --- what each view must hold, from the projection -------------------------------------------

def linked(graph: nx.MultiDiGraph, nodes, relation: str, direction: str, kinds=None) -> set[str]:
    found = set()
    for node in nodes:
        edges = graph.out_edges(node, keys=True) if direction == "out" else graph.in_edges(node, keys=True)
        for source, target, key in edges:
            other = target if direction == "out" else source
            if key == relation and (kinds is None or graph.nodes[other]["kind"] in kinds):
                found.add(other)
    return found


def summits_by_date(graph: nx.MultiDiGraph) -> list[str]:
    return sorted((n for n, kind in graph.nodes(data="kind") if kind == "summit"),
                  key=lambda n: (graph.nodes[n]["date"], n))


def summit_story(graph: nx.MultiDiGraph, summit: str) -> dict[str, set[str]]:
    """A summit's view: itself, its parties, people, claims, instruments, areas, documents and side events."""
    events = {summit} | linked(graph, [summit], "eujo:sideEventOf", "in")
    claims = linked(graph, events, "eujo:madeAt", "in", CLAIM_KINDS)
    reached = linked(graph, [summit], "eujo:reachedAt", "in", ("instrument",))
    return {
        "centre": {summit}, "parties": linked(graph, [summit], "eujo:party", "out"),
        "people": linked(graph, events, "eujo:atEvent", "in", ("person",)), "claims": claims,
        "instruments": reached | linked(graph, claims, "eujo:instrument", "out", ("instrument",)),
        "areas": linked(graph, claims | reached, "eujo:concernsArea", "out", ("area",)),
        "documents": linked(graph, events, "eujo:issuedAt", "in", ("document",))
        | linked(graph, events, "eujo:about", "in", ("document",)) | (events - {summit}),
    }


def neighbourhood(graph: nx.MultiDiGraph, node: str) -> set[str]:
    return {node} | set(graph.successors(node)) | set(graph.predecessors(node))


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def is_short_form(label: str, full: str) -> bool:
    """``label`` is ``full`` wrapped onto lines and perhaps cut with an ellipsis."""
    return squeezed(full).startswith(squeezed(label.removesuffix("…")))


def click_node(loaded: Loaded, node: str) -> None:
    """Click ``node`` with the mouse where it is drawn, as a person would."""
    point = loaded.js("id => eujgraph.network.canvasToDOM(eujgraph.network.getPosition(id))", node)
    box = loaded.page.locator("#network").bounding_box()
    loaded.page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])


# --- the default view: the latest summit's story ---------------------------------------------

def test_page_opens_offline_on_the_latest_summits_story(memo_page, graph):
    memo_page.assert_clean()
    latest = summits_by_date(graph)[-1]
    story = summit_story(graph, latest)
    view = memo_page.view()
    assert view["spec"] == latest and memo_page.shown() == set().union(*story.values())
    assert story["people"] and story["claims"] and story["instruments"] and story["areas"]
    assert memo_page.js("eujgraph.network.physics.options.enabled") is False
    assert memo_page.page.input_value("#view-select") == latest
    claims = story["claims"]
    statuses = [s for s in STATUS_COLORS if any(graph.nodes[c].get("status") == s for c in claims)]
    expected = ["Participants"] + [f"{s} · commitments" for s in statuses]
    if any(graph.nodes[c]["kind"] == "commitment" and "status" not in graph.nodes[c] for c in claims):
        expected.append("Commitments without a status")
    expected += [title for kind, title in (("position", "Positions"), ("assessment", "Assessments"))
                 if any(graph.nodes[c]["kind"] == kind for c in claims)]
    expected += ["Instruments", "Policy areas", "Documents and side events"]
    assert [h["text"] for h in view["headings"]] == expected
    drawn = {n["id"]: n for n in memo_page.js("eujgraph.nodes.get()")}
    for claim in claims:
        if graph.nodes[claim]["kind"] == "commitment" and graph.nodes[claim].get("status"):
            assert drawn[claim]["color"]["background"] == STATUS_COLORS[graph.nodes[claim]["status"]]
    assert max(drawn[p]["y"] for p in story["people"]) < min(drawn[c]["y"] for c in claims)  # people above claims
    assert min(drawn[a]["x"] for a in story["areas"]) > max(drawn[c]["x"] for c in claims)  # areas beside them
    assert drawn[latest]["y"] < min(drawn[p]["y"] for p in story["people"])  # the summit on top
    legend = memo_page.page.inner_text("#statuses")
    assert all(status in legend for status in statuses)


def test_every_node_has_a_short_label_in_the_chosen_language_and_the_people_their_office(memo_page, graph):
    latest = summits_by_date(graph)[-1]
    drawn = {n["id"]: n["label"] for n in memo_page.js("eujgraph.nodes.get()")}
    roles = {p: next(r for r in graph.nodes[p]["roles"] if r["event"] == latest or
                     graph.nodes[r["event"]]["kind"] == "event") for p in summit_story(graph, latest)["people"]}
    for node, text in drawn.items():
        lines = text.split("\n")
        full = graph.nodes[node]["labels"]["en"]
        if graph.nodes[node]["kind"] == "person":
            office = graph.nodes[roles[node]["office"]]["labels"]["en"]
            assert lines[0] == full and is_short_form("\n".join(lines[1:]), office), text
        elif node == latest:
            assert is_short_form(" ".join(lines[:-1]), full) and lines[-1].endswith(
                ".".join(reversed(graph.nodes[node]["date"].split("-")))), text
        else:
            assert is_short_form(text, full) and len(lines) <= 3, (node, text)
    assert len(drawn[ALLIANCE]) < len(graph.nodes[ALLIANCE]["labels"]["en"]) + 3


def test_edge_labels_appear_only_on_hover_or_selection(memo_page):
    edges = memo_page.js("eujgraph.edges.get()")
    assert edges and all(e["label"] == "" for e in edges)
    memo_page.js("id => eujgraph.select(id)", ALLIANCE)
    named = [e for e in memo_page.js("eujgraph.edges.get()") if e["label"]]
    assert named and all(ALLIANCE in (e["from"], e["to"]) for e in named) and all(not e["hidden"] for e in named)
    memo_page.page.click("#details .close")
    assert all(e["label"] == "" for e in memo_page.js("eujgraph.edges.get()"))
    memo_page.js("id => eujgraph.open(id)", KALLAS)  # the centre's edges: dark, named by the band headings
    edges = memo_page.js("eujgraph.edges.get()")
    centre = [e for e in edges if KALLAS in (e["from"], e["to"])]
    assert centre and all(e["label"] == "" and e["color"]["color"] == "#2b2f36" for e in centre)


# --- legibility, measured on every summit, the overview and the largest neighbourhoods -------

def test_every_view_is_legible_labels_apart_labelled_and_inside_the_window(memo_page, graph):
    views = ["(default)"] + summits_by_date(graph) + ["overview", EU, JAPAN, KALLAS,
                                                      "instrument/eu-japan-epa", "area/economy-and-trade"]
    problems, figures = {}, []
    for spec in views:
        if spec != "(default)":
            memo_page.js("id => eujgraph.open(id)", spec)
            assert memo_page.view()["spec"] == spec
        found = memo_page.legibility()
        figures.append((spec, found["nodes"], found["headings"], round(found["scale"], 2),
                        round(found["smallestTextPx"], 1)))
        assert found["nodes"] >= 2
        if found["overlaps"] or found["outside"] or found["unlabelled"] or found["smallestTextPx"] < MIN_TEXT_PX:
            problems[spec] = {key: found[key] for key in ("overlaps", "outside", "unlabelled", "smallestTextPx")}
    assert problems == {}
    print("\nview, nodes, headings, scale, smallest text (px):", *figures, sep="\n")
    memo_page.assert_clean()


# --- moving through the graph ---------------------------------------------------------------

def test_the_picker_lists_every_summit_by_date_with_ordinal_and_place_and_opens_it(memo_page, graph):
    options = memo_page.js("[...document.querySelectorAll('#view-select option')].map(o => [o.value, o.text])")
    assert [value for value, _ in options] == ["", "overview"] + summits_by_date(graph)
    for value, text in options[2:]:
        node = graph.nodes[value]
        assert text.startswith(node["date"] + " — " + node["labels"]["en"])
        place = [graph.nodes[p]["labels"]["en"] for p in linked(graph, [value], "eujo:place", "out")]
        assert all(name in text for name in place)
    assert any("30th" in text and "Tokyo" in text for _, text in options)
    first = summits_by_date(graph)[0]
    memo_page.page.select_option("#view-select", first)
    assert memo_page.view()["spec"] == first and memo_page.page.evaluate("location.hash") == "#" + first
    assert memo_page.shown() == set().union(*summit_story(graph, first).values())
    memo_page.page.go_back()
    assert memo_page.view()["spec"] == summits_by_date(graph)[-1]
    memo_page.assert_clean()


def test_a_click_on_a_person_opens_her_neighbourhood_and_back_returns(memo_page, graph):
    latest = summits_by_date(graph)[-1]
    click_node(memo_page, KALLAS)
    assert memo_page.view()["spec"] == KALLAS and memo_page.js("location.hash") == "#" + KALLAS
    assert memo_page.shown() == neighbourhood(graph, KALLAS)
    assert memo_page.page.inner_text("#details h2") == "Kaja Kallas"
    role = graph.nodes[KALLAS]["roles"][0]
    office, summit = (graph.nodes[role[key]]["labels"]["en"] for key in ("office", "event"))
    assert office == "High Representative of the Union for Foreign Affairs and Security Policy"
    assert memo_page.page.locator("#details li", has_text=" at the ").all_inner_texts() == [f"{office} at the {summit}"]
    click_node(memo_page, EU)
    assert memo_page.view()["spec"] == EU and memo_page.shown() <= neighbourhood(graph, EU)
    memo_page.page.go_back()
    assert memo_page.view()["spec"] == KALLAS
    memo_page.page.go_back()
    assert memo_page.view()["spec"] == latest and memo_page.page.locator("#details").is_hidden()
    memo_page.page.go_forward()
    assert memo_page.view()["spec"] == KALLAS
    memo_page.assert_clean()


def test_a_click_on_a_commitment_keeps_the_story_and_shows_its_memo_quote(memo_page, graph):
    click_node(memo_page, ALLIANCE)
    assert memo_page.view()["spec"] == summits_by_date(graph)[-1]
    assert memo_page.js("eujgraph.network.getSelectedNodes()") == [ALLIANCE]
    assert memo_page.page.inner_text("#details h2") == graph.nodes[ALLIANCE]["labels"]["en"]
    quotes = sorted({part for e in graph.nodes[ALLIANCE]["evidence"] for part in e["text"][1::2]})
    assert sorted(memo_page.page.locator("#details mark").all_inner_texts()) == quotes
    assert "EU ja Japani perustavat uuden kilpailukykyallianssin" in quotes
    details = memo_page.page.inner_text("#details")
    assert "new initiative" in details and "uusi avaus" not in details
    assert graph.nodes["instrument/eu-japan-competitiveness-alliance"]["labels"]["en"] in details
    memo_page.assert_clean()


def test_the_overview_shows_every_summit_in_time_order_and_what_they_share_not_their_claims(memo_page, graph):
    memo_page.page.select_option("#view-select", "overview")
    shown = memo_page.shown()
    summits = summits_by_date(graph)
    assert set(summits) <= shown
    assert {graph.nodes[n]["kind"] for n in shown} == {"summit", "instrument", "area"}
    drawn = {n["id"]: (n["y"], n["x"]) for n in memo_page.js("eujgraph.nodes.get()")}
    assert sorted(summits, key=lambda s: drawn[s]) == summits  # read row by row, oldest first
    stories = {s: summit_story(graph, s) for s in summits}
    for edge in memo_page.js("eujgraph.edges.get()"):
        summit, other = edge["from"], edge["to"]
        assert other in stories[summit]["instruments"] | stories[summit]["areas"]
    epa = "instrument/eu-japan-epa"
    count = sum(epa in story["instruments"] for story in stories.values())
    label = next(n["label"] for n in memo_page.js("eujgraph.nodes.get()") if n["id"] == epa)
    assert count >= 5 and label.endswith(f"({count})")
    memo_page.assert_clean()


def test_the_summit_panel_groups_claims_by_status_and_names_offices_and_sources(memo_page, graph):
    memo_page.js("id => eujgraph.select(id)", SUMMIT)
    story = summit_story(graph, SUMMIT)
    groups = memo_page.page.locator("#details h4").all_inner_texts()
    commitments = [c for c in story["claims"] if graph.nodes[c]["kind"] == "commitment"]
    for status in STATUS_COLORS:
        count = sum(graph.nodes[c].get("status") == status for c in commitments)
        assert (f"{status} · commitments ({count})" in groups) == (count > 0)
    assert sum(int(g.rsplit("(", 1)[1].rstrip(")")) for g in groups) == len(story["claims"])
    events = {SUMMIT} | linked(graph, [SUMMIT], "eujo:sideEventOf", "in")
    participants = memo_page.page.locator("#details ul").first.locator("li").all_inner_texts()
    expected = []
    for person in story["people"]:
        role = next(r for r in graph.nodes[person]["roles"] if r["event"] in events)
        detail = ", ".join(graph.nodes[role[key]]["labels"]["en"] for key in ("office", "party") if key in role)
        expected.append(graph.nodes[person]["labels"]["en"] + (f" — {detail}" if detail else ""))
    assert sorted(participants) == sorted(expected)
    sentences = {"".join(e["text"]) for e in graph.nodes[SUMMIT]["evidence"]}
    assert sentences and sentences <= set(memo_page.page.locator("#details blockquote").all_inner_texts())
    memo_page.assert_clean()


# --- search, filters, language ---------------------------------------------------------------

def test_search_ranks_entities_first_and_opens_only_a_clear_best_match(memo_page, graph):
    memo_page.page.fill("#search", "Kallas")
    memo_page.page.press("#search", "Enter")
    assert memo_page.view()["spec"] == KALLAS and memo_page.page.inner_text("#details h2") == "Kaja Kallas"
    assert "delegaatioon kuului korkea edustaja Kaja Kallas" in memo_page.page.locator("#details mark").all_inner_texts()
    memo_page.page.fill("#search", "Japani")  # the Finnish name, asked in the English view
    memo_page.page.press("#search", "Enter")
    assert memo_page.view()["spec"] == JAPAN and memo_page.js("eujgraph.network.getSelectedNodes()") == [JAPAN]
    results = memo_page.js("q => eujgraph.search(q)", "summit")
    assert memo_page.view()["spec"] == JAPAN  # many summits match: nothing is opened
    kinds = [graph.nodes[n]["kind"] for n in results]
    assert kinds.index("summit") < min(kinds.index(k) for k in CLAIM_KINDS if k in kinds)
    first_claim = min(i for i, k in enumerate(kinds) if k in CLAIM_KINDS)
    assert all(k not in CLAIM_KINDS for k in kinds[:first_claim])
    memo_page.page.fill("#search", "no such name")
    memo_page.page.press("#search", "Enter")
    assert memo_page.page.inner_text("#results") == "No match for “no such name”"
    assert memo_page.view()["spec"] == JAPAN
    memo_page.assert_clean()


def test_filters_lay_the_view_out_again_and_fit_it(memo_page, graph):
    latest = summits_by_date(graph)[-1]
    story = set().union(*summit_story(graph, latest).values())
    kinds = dict(graph.nodes(data="kind"))
    before = memo_page.legibility()["scale"]
    memo_page.page.uncheck("#legend input[value=commitment]")
    assert memo_page.shown() == {n for n in story if kinds[n] != "commitment"}
    after = memo_page.legibility()
    assert after["overlaps"] == after["outside"] == [] and after["scale"] > before  # fewer nodes, drawn larger
    memo_page.page.check("#legend input[value=commitment]")
    memo_page.page.select_option("#area", "area/security-and-defence")
    shown = memo_page.shown()
    under = {n for n, areas in graph.nodes(data="areas") if areas is not None and "area/security-and-defence" in areas}
    assert {n for n in shown if kinds[n] in CLAIM_KINDS} == {n for n in story & under if kinds[n] in CLAIM_KINDS}
    assert KALLAS in shown and "area/climate" not in shown and latest in shown
    assert memo_page.legibility()["overlaps"] == []
    memo_page.page.select_option("#area", "")
    for status in ("deepened", "continued", "reaffirmed"):
        memo_page.page.uncheck(f"#statuses input[value={status}]")
    assert {graph.nodes[n].get("status") for n in memo_page.shown()} == {None, "new"}
    memo_page.page.click("#reset")
    assert memo_page.shown() == story
    memo_page.assert_clean()


def test_language_switch_shows_finnish_labels_and_headings(memo_page, graph):
    memo_page.js("id => eujgraph.select(id)", SUMMIT)
    memo_page.page.select_option("#lang", "fi")
    label = memo_page.js("id => eujgraph.nodes.get(id)", ALLIANCE)
    if label is not None:
        assert is_short_form(label["label"], graph.nodes[ALLIANCE]["labels"]["fi"])
    assert memo_page.page.inner_text("#details h2") == "30. EU:n ja Japanin huippukokous"
    assert "Osallistujat" in [h["text"] for h in memo_page.view()["headings"]]
    assert "henkilö" in memo_page.page.inner_text("#legend")
    assert memo_page.js("document.documentElement.lang") == "fi"
    assert memo_page.page.get_attribute("#search", "placeholder") == "Hae nimellä"
    memo_page.assert_clean()


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
    assert loaded.legibility()["overlaps"] == []
    loaded.assert_clean()


def test_screenshot_of_the_default_view(memo_page, tmp_path):
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
