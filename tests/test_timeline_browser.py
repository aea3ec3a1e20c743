"""The timeline page in a real browser: Debian's chromium driven by Playwright, loaded from disk with the network blocked.

``EUJGRAPH_UPDATE_SCREENSHOT=1`` makes the screenshot test refresh ``docs/timeline.png``
instead of writing a scratch file.
"""

from __future__ import annotations

import os

import pytest

from eujgraph.viz.timeline import render_timeline

from .conftest import ROOT
from .test_timeline import EVIL, hostile_fixture, timeline_fixture
from .test_viz_browser import open_page  # noqa: F401  (the fixture: a page from disk, requests and errors recorded)

MODEL = timeline_fixture()
SUMMIT_2013 = "summit/eu-japan-2013"


@pytest.fixture
def timeline(open_page, tmp_path):  # noqa: F811
    def load(model=MODEL, **options):
        path = tmp_path / "timeline.html"
        path.write_bytes(render_timeline(model, **options))
        return open_page(path)

    return load


def item_text(loaded, id_: str) -> str:
    """What the timeline draws for an item (scrolled into view first: vis-timeline draws only what is in view)."""
    loaded.js("id => eujgraph.timeline.focus(id, {animation: false})", id_)
    loaded.page.wait_for_timeout(100)
    return loaded.js("""id => { const item = eujgraph.timeline.itemSet.items[id];
                                return item.dom.content.textContent; }""", id_)


def test_every_summit_and_stage_is_drawn_in_its_lane(timeline):
    loaded = timeline()
    loaded.assert_clean()
    summits, stages = len(MODEL["summits"]), len(MODEL["stages"])
    assert loaded.js("eujgraph.items.length") == summits + stages
    assert loaded.js("eujgraph.items.get({filter: i => i.group === 'summits'}).length") == summits
    instruments = {s["instrument"]["id"] for s in MODEL["stages"]}
    assert set(loaded.js("eujgraph.items.get({filter: i => i.group !== 'summits'}).map(i => i.group)")) == instruments
    loaded.page.click("#fit")
    loaded.page.wait_for_timeout(100)
    assert loaded.page.locator(".vis-item.vis-point.summit").count() == summits
    assert loaded.page.locator(".vis-item.vis-point.stage").count() == stages
    for mode in ("in-person", "video", "margins"):
        assert loaded.page.locator(f"#legend .mode-{mode}").count() == 1
        assert loaded.page.locator(f".vis-item.vis-dot.mode-{mode}").count() >= 1
    assert item_text(loaded, SUMMIT_2013) == "21 · Tokyo · 2013"
    loaded.assert_clean()


def test_the_page_logs_nothing_at_all(timeline):
    loaded = timeline()
    logged = []
    loaded.page.on("console", lambda message: logged.append(f"{message.type}: {message.text}"))
    loaded.page.reload()
    loaded.page.wait_for_selector("body[data-ready=true]", state="attached")
    loaded.js("id => eujgraph.select(id)", SUMMIT_2013)
    loaded.page.select_option("#lang", "fi")
    assert logged == []  # vis-timeline reports a wrong option with console.log, not as an error
    assert loaded.errors == [] and loaded.blocked == []


def test_a_date_known_to_the_month_or_year_is_placed_at_its_start_and_marked(timeline):
    loaded = timeline()
    margins = "summit/eu-japan-2025-g7"
    launched = "stage/eu-japan-epa/negotiations-launched/2013"
    assert loaded.js("id => eujgraph.items.get(id).start.toISOString()", margins) == loaded.js(
        "new Date(2025, 5, 1).toISOString()")
    assert loaded.js("id => eujgraph.items.get(id).start.toISOString()", launched) == loaded.js(
        "new Date(2013, 0, 1).toISOString()")
    assert item_text(loaded, margins) == "≈ Kananaskis · 2025"
    assert item_text(loaded, launched) == "≈ negotiations launched"
    assert loaded.js("id => eujgraph.timeline.itemSet.items[id].dom.point.classList.contains('imprecise')", launched)
    assert not loaded.js("id => eujgraph.items.get(id).className.includes('imprecise')", SUMMIT_2013)
    loaded.assert_clean()


def test_selecting_a_summit_shows_its_leaders_and_links(timeline):
    loaded = timeline(entity_base="/id/")
    loaded.js("id => eujgraph.timeline.focus(id, {animation: false})", SUMMIT_2013)
    loaded.page.wait_for_timeout(100)
    loaded.page.locator(".vis-item.vis-point.summit .vis-item-content", has_text="21 · Tokyo · 2013").click()
    assert loaded.js("eujgraph.timeline.getSelection()") == [SUMMIT_2013]
    details = loaded.page.inner_text("#details")
    assert loaded.page.inner_text("#details h2") == "21st EU–Japan summit"
    assert "Shinzo Abe — Prime Minister of Japan" in details
    assert "Herman Van Rompuy — President of the European Council" in details
    assert "2013-11-19" in details and "full text" in details and "in person" in details
    assert "ordinal: 21 (eeas-2013) / 22 (mofa-2013)" in details
    assert loaded.page.get_attribute("#details a.network-link", "href") == "eujgraph.html#summit/eu-japan-2013"
    assert loaded.page.get_attribute("#details a.entity-link", "href") == "/id/summit/eu-japan-2013"
    loaded.js("id => eujgraph.select(id)", "stage/eu-japan-green-alliance/launched/2021-05-27")
    assert loaded.page.inner_text("#details h2") == "EU–Japan Green Alliance"
    loaded.page.click("#details dd button")  # the summit where the stage was reached
    assert loaded.js("eujgraph.timeline.getSelection()") == ["summit/eu-japan-2021"]
    assert "excerpt only" in loaded.page.inner_text("#details")
    loaded.assert_clean()


def test_without_an_entity_base_or_network_there_are_no_such_links(timeline):
    loaded = timeline(network_href=None)
    loaded.js("id => eujgraph.select(id)", SUMMIT_2013)
    assert loaded.page.locator("#details a").count() == 0
    loaded.assert_clean()


def test_a_fragment_selects_its_summit(timeline, tmp_path):
    loaded = timeline()
    loaded.page.goto(loaded.url + "#summit/eu-japan-2021")
    loaded.page.wait_for_function("eujgraph.timeline.getSelection()[0] === 'summit/eu-japan-2021'")
    assert loaded.page.inner_text("#details h2") == "27th EU–Japan summit"
    assert loaded.errors == [] and loaded.blocked == []


def test_the_language_switch_changes_every_label(timeline):
    loaded = timeline()
    loaded.js("id => eujgraph.select(id)", SUMMIT_2013)
    loaded.page.select_option("#lang", "ja")
    assert item_text(loaded, SUMMIT_2013) == "21 · 東京 · 2013"
    assert loaded.page.inner_text("#details h2") == "第21回日EU定期首脳協議"
    assert "内閣総理大臣" in loaded.page.inner_text("#details")
    assert loaded.js("document.documentElement.lang") == "ja"
    assert "首脳協議" in loaded.page.inner_text("#timeline .vis-labelset")
    assert "貿易" in loaded.page.inner_text("#matrix")
    loaded.js("id => eujgraph.select(id)", "summit/eu-japan-1991")  # no Japanese label: English instead
    assert loaded.page.inner_text("#details h2") == "1st EU–Japan summit"
    loaded.page.select_option("#lang", "fi")
    assert item_text(loaded, SUMMIT_2013) == "21 · Tokio · 2013"
    loaded.assert_clean()


def test_the_matrix_has_a_row_per_area_and_a_column_per_summit(timeline):
    loaded = timeline()
    assert loaded.page.locator("#matrix tbody tr").count() == len(MODEL["areas"])
    assert loaded.page.locator("#matrix thead th.summit-column").count() == len(MODEL["summits"])
    columns = loaded.js("[...document.querySelectorAll('#matrix thead th.summit-column')].map(th => th.dataset.summit)")
    assert columns == [s["id"] for s in sorted(MODEL["summits"], key=lambda s: s["date"])]
    climate = loaded.page.locator("#matrix tbody tr", has_text="Climate")
    cells = climate.locator("td")
    # 1991 and the G7 meeting raised no recorded area: one cell down their column says what their sources hold.
    assert cells.all_inner_texts() == ["opening only", "", "4", "excerpt only"]
    assert cells.nth(2).get_attribute("title") == "Climate — 27 · 2021: 4 claims"
    assert loaded.page.locator("#matrix tbody tr", has_text="Trade").locator("td").all_inner_texts() == ["2", "1"]
    loaded.page.locator("#matrix thead button", has_text="21 · Tokyo · 2013").click()
    assert loaded.js("eujgraph.timeline.getSelection()") == [SUMMIT_2013]
    loaded.assert_clean()


def test_a_label_with_markup_shows_as_text(timeline):
    loaded = timeline(hostile_fixture())
    loaded.js("id => eujgraph.select(id)", SUMMIT_2013)
    loaded.page.locator(".vis-item.vis-point.summit .vis-item-content", has_text="onerror").hover()
    loaded.page.wait_for_selector("div.vis-tooltip", state="visible")
    assert loaded.page.inner_text("div.vis-tooltip").startswith(EVIL)  # the tooltip: text too
    assert loaded.page.inner_text("#details h2") == EVIL
    assert EVIL in loaded.page.inner_text("#matrix")
    assert loaded.js("document.querySelectorAll('img, iframe, object, embed').length") == 0
    assert loaded.js("document.scripts.length") == 3
    loaded.js("id => eujgraph.select(id)", "stage/eu-japan-green-alliance/launched/2021-05-27")
    assert loaded.page.inner_text("#details h2") == EVIL
    assert loaded.js("document.querySelectorAll('img').length") == 0
    loaded.assert_clean()


def test_screenshot_of_the_built_timeline(open_page, built_dir, tmp_path):  # noqa: F811
    """The README's picture: the timeline `build` wrote for the project's own graph, a summit selected."""
    loaded = open_page(built_dir / "timeline.html")
    loaded.js("id => eujgraph.select(id)", "summit/eu-japan-2018")
    loaded.page.click("#fit")
    loaded.page.wait_for_timeout(300)
    assert loaded.js("eujgraph.items.get({filter: i => i.group === 'summits'}).length") >= 44
    update = os.environ.get("EUJGRAPH_UPDATE_SCREENSHOT") == "1"
    path = ROOT / "docs" / "timeline.png" if update else tmp_path / "timeline.png"
    loaded.page.screenshot(path=str(path))
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 30_000
    loaded.assert_clean()
