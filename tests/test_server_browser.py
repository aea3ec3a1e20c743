"""`eujgraph serve` in a real browser: Debian's chromium driven by Playwright, only 127.0.0.1 reachable.

Runs a library query from the query page, reads the rows, downloads the CSV, follows a
result to its entity page and on to the interactive graph; results open in the simple view
and the page speaks the address's language; crafted markup never runs.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from .serving import EVIL, server, served_graph  # noqa: F401
from .conftest import only_local_requests

KALLAS = "person/kaja-kallas"


@dataclass
class Tab:
    """A page of the server, with every request it attempted and every error or dialog it caused."""

    page: object
    base: str
    outside: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def assert_clean(self) -> None:
        assert self.outside == [] and self.errors == [] and self.dialogs == []


@pytest.fixture
def open_tab(browser, server):
    contexts = []

    def load(path: str) -> Tab:
        context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True,
                                      service_workers="block")
        contexts.append(context)
        tab = Tab(context.new_page(), server.url)
        only_local_requests(context, server.url, tab.outside)
        tab.page.on("console", lambda message: tab.errors.append(message.text) if message.type == "error" else None)
        tab.page.on("pageerror", lambda error: tab.errors.append(str(error)))
        tab.page.on("dialog", lambda dialog: (tab.dialogs.append(dialog.message), dialog.dismiss()))
        tab.page.goto(server.url + path)
        return tab

    yield load
    for context in contexts:
        context.close()


def result_rows(tab: Tab, count: int) -> list[list[str]]:
    rows = tab.page.locator(".tabPanel.active .yasr table.dataTable tbody tr")
    rows.nth(count - 1).wait_for(timeout=20_000)
    return [[cell.strip() for cell in row.locator("td").all_inner_texts()] for row in rows.all()]


LATEST = "euj:summit/eu-japan-2025"  # one summit: its answer fits on the first page of the table


def expected_participants(server, lang: str) -> list[dict]:
    params = {"lang": lang, "summit": LATEST}
    return list(csv.DictReader(io.StringIO(server.get("/queries/summit-participants.csv", params=params).text)))


def test_run_a_library_query_see_the_rows_download_csv_and_share(open_tab, server):
    tab = open_tab("/")
    tab.page.wait_for_selector("body[data-ready=true]")
    tab.page.click("#library-list button[data-name=summit-participants]")
    assert tab.page.inner_text("#params-title") == "Who represented each party, in which office"
    tab.page.select_option("#param-lang", "fi")
    tab.page.fill("#param-summit", LATEST)
    tab.page.click("#run-library")
    want = expected_participants(server, "fi")
    rows = result_rows(tab, len(want))
    assert len(rows) == len(want)
    assert any("Kaja Kallas" in cell for row in rows for cell in row)
    assert tab.page.locator(".tabPanel.active .yasr table.dataTable tbody tr").count() == len(want)
    shared = urlsplit(tab.page.url)
    assert shared.path == "/" and parse_qs(shared.query) == {"run": ["summit-participants"], "summit": [LATEST],
                                                        "lang": ["fi"]}
    with tab.page.expect_download() as caught:
        tab.page.click("#download-a")
    download = caught.value
    assert download.suggested_filename == "summit-participants.csv"
    downloaded = list(csv.DictReader(io.StringIO(open(download.path(), encoding="utf-8").read())))
    assert downloaded == want
    assert tab.page.get_attribute("#download-b", "href") == "/queries/summit-participants.json?" + urlencode({"summit": LATEST, "lang": "fi"})
    tab.assert_clean()

    again = open_tab(f"/?{shared.query}")  # the shareable address gives the same results
    assert len(result_rows(again, len(want))) == len(want)
    assert again.page.input_value("#param-lang") == "fi"
    again.assert_clean()


def test_an_edited_query_gets_its_own_address(open_tab, server):
    tab = open_tab("/")
    tab.page.wait_for_selector("body[data-ready=true]")
    sparql = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g ORDER BY ?g"
    tab.page.evaluate("q => { const t = eujgraphQuery.yasgui.getTab(); t.setQuery(q); t.query(); }", sparql)
    graphs = server.get("/sparql", params={"query": sparql}).json()["results"]["bindings"]
    assert len(result_rows(tab, len(graphs))) == len(graphs)
    assert parse_qs(urlsplit(tab.page.url).query) == {"query": [sparql]}
    href = tab.page.get_attribute("#download-a", "href")
    assert parse_qs(urlsplit(href).query) == {"query": [sparql], "format": ["csv"]}
    tab.assert_clean()


def test_from_a_result_to_the_entity_page_and_on_to_the_graph(open_tab, server):
    tab = open_tab("/?" + urlencode({"run": "summit-participants", "summit": LATEST, "lang": "en"}))
    result_rows(tab, len(expected_participants(server, "en")))
    link = tab.page.locator(f".yasr a[href='/id/{KALLAS}']").first
    link.click()
    tab.page.wait_for_url(f"{server.url}/id/{KALLAS}")
    assert tab.page.inner_text("h1") == "Kaja Kallas"
    assert "delegaatioon kuului korkea edustaja Kaja Kallas" in tab.page.locator("#evidence mark").all_inner_texts()
    tab.page.click("#graph-link")
    tab.page.wait_for_url(f"{server.url}/graph#{KALLAS}")
    tab.page.wait_for_selector("body[data-ready=true]", state="attached", timeout=20_000)
    tab.page.wait_for_function("document.querySelector('#details h2') && "
                               "document.querySelector('#details h2').textContent === 'Kaja Kallas'")
    assert tab.page.evaluate("eujgraph.network.getSelectedNodes()") == [KALLAS]
    entity_link = tab.page.locator("#details a.entity-link")
    assert entity_link.get_attribute("href") == f"/id/{KALLAS}"
    tab.page.evaluate("id => eujgraph.select(id)", "summit/eu-japan-2025")
    assert tab.page.locator("#details a.entity-link").get_attribute("href") == "/id/summit/eu-japan-2025"
    tab.page.click("#details a.entity-link")
    tab.page.wait_for_url(f"{server.url}/id/summit/eu-japan-2025")
    assert tab.page.inner_text("h1") == "30th EU–Japan summit"
    tab.assert_clean()


def table(tab: Tab) -> tuple[list[str], list[list[str]]]:
    """The active result table: its column headings and each row's cell texts."""
    heads = tab.page.locator(".tabPanel.active .yasr table.dataTable thead th").all_inner_texts()
    rows = tab.page.locator(".tabPanel.active .yasr table.dataTable tbody tr").all()
    return [h.strip() for h in heads], [[c.strip() for c in row.locator("td").all_inner_texts()] for row in rows]


def test_results_open_in_the_simple_view_with_labels_and_the_full_view_is_a_click_away(open_tab, server):
    answer = server.get("/queries/new-initiatives.json", params={"lang": "fi"}).json()
    variables, bindings = answer["head"]["vars"], answer["results"]["bindings"]
    assert bindings and "summit" in variables and "summitLabel" in variables
    labelled = [v for v in variables if v + "Label" in variables]
    shown = [v for v in variables if not (v.endswith("Label") and v[:-5] in variables)]
    tab = open_tab("/?" + urlencode({"run": "new-initiatives", "lang": "fi"}))
    result_rows(tab, len(bindings))
    heads, rows = table(tab)
    assert heads == shown  # no row numbers, no separate label columns
    for row, binding in zip(rows, bindings, strict=True):
        want = [binding[v + "Label"]["value"] if v in labelled and v + "Label" in binding
                else binding[v]["value"] if v in binding else "" for v in shown]
        assert row == want  # labels as they are, not "…"@fi
    summit = bindings[0]["summit"]["value"].removeprefix("https://w3id.org/eujgraph/id/")
    link = tab.page.locator(".tabPanel.active .yasr tbody tr").first.locator("td").first.locator("a")
    assert link.get_attribute("href") == f"/id/{summit}" and link.inner_text() == bindings[0]["summitLabel"]["value"]

    tab.page.locator(".tabPanel.active .tableControls label", has_text="Simple view").locator("input").uncheck()
    tab.page.wait_for_function("document.querySelectorAll('.tabPanel.active .yasr thead th').length === %d"
                               % (len(variables) + 1))
    heads, rows = table(tab)
    assert heads == ["", *variables]
    first = bindings[0]
    assert rows[0][variables.index("summit") + 1] == "euj:" + summit
    label = first["summitLabel"]
    assert rows[0][variables.index("summitLabel") + 1] == f'"{label["value"]}"@{label["xml:lang"]}'
    tab.assert_clean()


def test_the_page_speaks_the_language_of_its_address(open_tab, server):
    titles = {q["name"]: q["title"] for q in server.get("/queries").json()}
    tab = open_tab("/?" + urlencode({"run": "new-initiatives", "lang": "fi"}))
    tab.page.wait_for_selector("body[data-ready=true]")
    assert tab.page.input_value("#lang") == "fi"
    assert tab.page.evaluate("document.documentElement.lang") == "fi"
    buttons = tab.page.locator("#library-list button")
    names = [buttons.nth(i).get_attribute("data-name") for i in range(buttons.count())]
    assert names == list(titles)
    assert [buttons.nth(i).evaluate("b => b.firstChild.textContent") for i in range(len(names))] == \
        [titles[n].get("fi") or titles[n]["en"] for n in names]
    assert tab.page.inner_text("#params-title") == titles["new-initiatives"]["fi"]
    assert tab.page.input_value("#param-lang") == "fi"

    tab.page.select_option("#lang", "en")  # the selector still switches, and a new form follows it
    assert tab.page.inner_text("#params-title") == titles["new-initiatives"]["en"]
    tab.page.select_option("#lang", "fi")
    tab.page.click("#library-list button[data-name=summit-participants]")
    assert tab.page.input_value("#param-lang") == "fi"

    english = open_tab("/?" + urlencode({"run": "new-initiatives", "lang": "en"}))
    english.page.wait_for_selector("body[data-ready=true]")
    assert english.page.input_value("#lang") == "en"
    assert english.page.inner_text("#params-title") == titles["new-initiatives"]["en"]
    tab.assert_clean()
    english.assert_clean()


def test_the_icon_loads_under_the_pages_policy(open_tab):
    for path in ("/", "/id/person/kaja-kallas"):
        tab = open_tab(path)
        size = tab.page.evaluate("""() => new Promise((done, fail) => {
            const image = new Image();
            image.onload = () => done([image.naturalWidth, image.naturalHeight]);
            image.onerror = () => fail(new Error("the icon did not load"));
            image.src = document.querySelector("link[rel=icon]").href + "?probe";
        })""")  # Playwright's request routing fails the bare favicon address itself, so ask with a query
        assert size == [32, 32]
        tab.page.wait_for_timeout(300)  # the browser's own request for the icon, and any error it logs
        tab.assert_clean()


def test_crafted_markup_never_runs(open_tab, server):
    entity = open_tab("/id/person/evil")
    assert entity.page.inner_text("h1") == EVIL
    assert entity.page.evaluate("document.querySelectorAll('main script, main img, main svg').length") == 0
    assert entity.page.locator("a[href^='javascript:']").count() == 0
    entity.assert_clean()

    shared = open_tab("/?query=" + "%3Cimg%20src%3Dx%20onerror%3Dalert(9)%3E")
    shared.page.wait_for_selector(".tabPanel.active .yasr")
    shared.page.wait_for_timeout(500)
    assert shared.page.evaluate("document.querySelectorAll('img[src=x]').length") == 0
    assert shared.dialogs == [] and shared.outside == []

    labelled = open_tab("/?" + urlencode({"query": (  # the simple view writes the label link itself
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "SELECT ?person ?personLabel ?seeAlso ?seeAlsoLabel WHERE {\n"
        "  ?person rdfs:label ?personLabel ; rdfs:seeAlso ?seeAlso . BIND(?personLabel AS ?seeAlsoLabel)\n"
        "  FILTER(?person = <https://w3id.org/eujgraph/id/person/evil>) } ORDER BY ?personLabel")}))
    result_rows(labelled, 2)
    heads, rows = table(labelled)
    assert heads == ["person", "seeAlso"]  # the javascript: IRI shows as its label, never as a link
    assert sorted(rows) == sorted([[label, label] for label in ('"><svg onload=alert(3)>', EVIL)])
    planted = "document.querySelectorAll('#yasgui img, #yasgui svg[onload], #yasgui script').length"
    assert labelled.page.evaluate(planted) == 0
    assert labelled.page.locator("#yasgui a[href^='javascript:']").count() == 0
    assert labelled.page.locator("#yasgui a[href='/id/person/evil']").count() == 2
    labelled.page.wait_for_timeout(300)
    assert labelled.dialogs == [] and labelled.outside == []

    graph = open_tab("/graph")
    graph.page.wait_for_selector("body[data-ready=true]", state="attached", timeout=20_000)
    graph.page.evaluate("id => eujgraph.select(id)", "person/evil")
    assert graph.page.inner_text("#details h2") == EVIL
    assert graph.page.evaluate("document.querySelectorAll('#details img, #details script').length") == 0
    graph.assert_clean()
