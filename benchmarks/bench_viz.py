"""Time the interactive page on the memo graph and on a synthetic many-summit graph; print the figures.

Usage: python benchmarks/bench_viz.py [--summits N] [--runs N]

The synthetic graph has N summits (default 400, about 20,000 projection nodes), each with
a side event, a memo, a joint statement, four participations, 42 claims (each with an
evidence span), new instruments and follow-ups of earlier ones, over the real ontology,
reference data and policy areas. For both graphs it prints the projection and page times,
the file size, and in Debian's chromium (Playwright, network blocked) the time to first
render (the latest summit's story), to open the overview, a neighbourhood and a summit, a
filter change and a search. On the built graph it measures the legibility of every view
(tests/legibility.js: overlapping labels, unlabelled nodes, nodes outside the window, the
smallest text on screen) and prints the worst case.
Targets (DESIGN.md): memo graph renders < 1 s; a 20,000-node graph first renders < 3 s
(in the overview and in any neighbourhood too) and stays responsive.
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from eujgraph.namespaces import EUJ, EUJO, OA

ROOT = Path(__file__).resolve().parents[1]

CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
KINDS = ("initiative", "cooperation", "principle", "support")
STATUSES = ("new", "deepened", "continued", "reaffirmed")
WORDS = ["the", "parties", "agreed", "to", "strengthen", "cooperation", "on", "resilient", "supply", "chains",
         "and", "shared", "research", "while", "keeping", "dialogue", "open", "with", "partners", "in", "region",
         "beyond"]


def synthetic(summits: int, seed: int = 0) -> Graph:
    """The built memo graph plus ``summits`` synthetic summits with their claims and evidence."""
    rng = random.Random(seed)
    graph = Graph()
    for s, p, o, _ in _built().quads((None, None, None, None)):
        graph.add((s, p, o))
    areas = sorted(graph.subjects(RDF.type, EUJO.PolicyArea))
    eu = EUJ["organisation/european-union"]
    partners = [EUJ[f"organisation/partner-{k:02d}"] for k in range(20)]
    for k, partner in enumerate(partners):
        _typed(graph, partner, EUJO.State, f"Partner state {k}", f"Kumppanivaltio {k}")
    places = [EUJ[f"place/city-{k:02d}"] for k in range(40)]
    for k, place in enumerate(places):
        _typed(graph, place, EUJO.Place, f"City {k}", f"Kaupunki {k}")
    office = EUJ["office/president-of-the-european-council"]
    instruments: list[URIRef] = []
    add = graph.add
    for i in range(summits):
        partner = partners[i % len(partners)]
        summit, side = EUJ[f"summit/syn-{i}"], EUJ[f"event/syn-{i}-visit"]
        memo, statement = EUJ[f"document/syn-{i}-memo"], EUJ[f"document/syn-{i}-statement"]
        _typed(graph, summit, EUJO.Summit, f"Synthetic summit {i}", f"Synteettinen huippukokous {i}")
        add((summit, EUJO.date, Literal(f"{2000 + i // 20}-{1 + i % 12:02d}-15", datatype=XSD.date)))
        add((summit, EUJO.ordinal, Literal(i + 1, datatype=XSD.integer)))
        add((summit, EUJO.place, places[i % len(places)]))
        for party in (eu, partner):
            add((summit, EUJO.party, party))
        _typed(graph, side, EUJO.SideEvent, f"Visit during summit {i}", f"Vierailu kokouksessa {i}")
        add((side, EUJO.sideEventOf, summit))
        _typed(graph, memo, EUJO.Memo, f"Memo on summit {i}", f"Muistio kokouksesta {i}")
        add((memo, EUJO.about, summit))
        _typed(graph, statement, EUJO.JointStatement, f"Joint statement {i}", f"Yhteinen julkilausuma {i}")
        add((statement, EUJO.issuedAt, summit))
        for j, person in enumerate((f"eu-leader-{i // 5 % 30}", f"eu-minister-{i // 3 % 40}",
                                    f"partner-leader-{i % 20}-{i // 60}", f"partner-minister-{i % 20}-{i // 40}")):
            who, participation = EUJ[f"person/{person}"], EUJ[f"participation/syn-{i}/{j}"]
            _typed(graph, who, EUJO.Person, person.replace("-", " ").title(), person.replace("-", " ").title())
            add((participation, RDF.type, EUJO.Participation))
            add((participation, EUJO.participant, who))
            add((participation, EUJO.atEvent, summit))
            add((participation, EUJO.inOffice, office))
            add((participation, EUJO.onBehalfOf, eu if j < 2 else partner))
        for j in range(42):
            kind = "commitment" if j < 36 else "position" if j < 40 else "assessment"
            claim = EUJ[f"{kind}/syn-{i}/{j}"]
            cls = {"commitment": EUJO.Commitment, "position": EUJO.Position, "assessment": EUJO.Assessment}[kind]
            _typed(graph, claim, cls, f"{kind.title()} {j} of summit {i}", f"Väite {j} kokouksessa {i}")
            add((claim, EUJO.madeAt, summit))
            add((claim, DCTERMS.source, memo))
            for area in rng.sample(areas, rng.choice((1, 1, 2))):
                add((claim, EUJO.concernsArea, area))
            if kind == "commitment":
                add((claim, EUJO.kind, EUJO[rng.choice(KINDS)]))
                add((claim, EUJO.status, EUJO[rng.choice(STATUSES)]))
                for party in (eu, partner):
                    add((claim, EUJO.party, party))
                if rng.random() < 0.1:
                    instrument = EUJ[f"instrument/syn-{i}-{j}"]
                    _typed(graph, instrument, EUJO.Dialogue, f"Dialogue {i}-{j}", f"Dialogi {i}-{j}")
                    add((instrument, EUJO.party, eu))
                    add((instrument, EUJO.party, partner))
                    instruments.append(instrument)
                    add((claim, EUJO.instrument, instrument))
                elif instruments and rng.random() < 0.1:
                    add((claim, EUJO.instrument, rng.choice(instruments)))
            else:
                add((claim, EUJO.heldBy, rng.choice((eu, partner))))
            words = rng.sample(WORDS, 14)
            sentence = " ".join(words).capitalize() + "."
            quote = " ".join(words[3:9])
            _span(graph, claim, memo, EUJ[f"span/syn-{i}/{j}"], sentence, quote)
    return graph


def _typed(graph: Graph, subject: URIRef, cls: URIRef, en: str, fi: str) -> None:
    graph.add((subject, RDF.type, cls))
    graph.add((subject, RDFS.label, Literal(en, lang="en")))
    graph.add((subject, RDFS.label, Literal(fi, lang="fi")))


def _span(graph: Graph, claim: URIRef, memo: URIRef, span: URIRef, sentence: str, quote: str) -> None:
    selector = URIRef(f"{span}/quote")
    graph.add((claim, EUJO.hasEvidence, span))
    graph.add((span, RDF.type, EUJO.TextSpan))
    graph.add((span, OA.hasSource, memo))
    graph.add((span, OA.hasSelector, selector))
    graph.add((span, EUJO.sentence, Literal(sentence)))
    graph.add((selector, RDF.type, OA.TextQuoteSelector))
    graph.add((selector, OA.exact, Literal(quote)))


def _built():
    from eujgraph.pipeline import Project, build

    return build(Project(ROOT), None).dataset


_FRAME = """new Promise(resolve => {
  const network = window.eujgraph.network;
  const t = performance.now();
  network.once("afterDrawing", () => resolve(performance.now() - t));
  %s;
  network.redraw();
})"""
LEGIBILITY_JS = (ROOT / "tests" / "legibility.js").read_text(encoding="utf-8")


def _open(playwright, path: Path):
    browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)
    page = browser.new_page(viewport={"width": 1400, "height": 900})
    outside: list[str] = []
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file://")
               else (outside.append(route.request.url), route.abort()))
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-ready=true]", state="attached", timeout=120_000)
    return browser, page, outside, errors


def browser_figures(path: Path, *, interact: bool, neighbourhood: str = "organisation/european-union") -> dict[str, float]:
    """Load ``path`` in chromium with the network blocked; time the first render (and moving between views)."""
    from playwright.sync_api import sync_playwright

    figures: dict[str, float] = {}
    with sync_playwright() as playwright:
        browser, page, outside, errors = _open(playwright, path)
        figures["first render, latest summit's story (ms)"] = page.evaluate("window.eujgraph.firstRender")
        figures["nodes in the default view"] = page.evaluate("window.eujgraph.nodes.length")
        if interact:
            for name, action in (("overview", "eujgraph.open('overview')"),
                                 (neighbourhood, f"eujgraph.open({neighbourhood!r})"),
                                 ("first summit", "eujgraph.open(eujgraph.data.nodes.filter(n => n.kind === 'summit')"
                                                  ".sort((a, b) => a.date.localeCompare(b.date))[0].id)")):
                figures[f"open {name}: view + frame (ms)"] = page.evaluate(_FRAME % action)
                figures[f"open {name}: nodes"] = page.evaluate("window.eujgraph.nodes.length")
                legible = page.evaluate(LEGIBILITY_JS)
                figures[f"open {name}: overlaps + outside + unlabelled"] = (
                    len(legible["overlaps"]) + len(legible["outside"]) + len(legible["unlabelled"]))
                figures[f"open {name}: smallest text (px, x10)"] = round(10 * legible["smallestTextPx"])
            figures["filter change, new layout + frame (ms)"] = page.evaluate(
                _FRAME % "document.querySelector('#legend input[value=commitment]').click()")
            figures["search (ms)"] = page.evaluate(
                "(() => { const t = performance.now(); window.eujgraph.search('summit 123'); "
                "return performance.now() - t; })()")
        if outside or errors:
            raise SystemExit(f"outside requests {outside} or console errors {errors}")
        browser.close()
    return figures


def legibility_everywhere(path: Path) -> list[dict]:
    """Every view of the page at ``path``: the default, each summit, the overview, each entity's neighbourhood."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser, page, outside, errors = _open(playwright, path)
        rows = [page.evaluate(LEGIBILITY_JS)]
        specs = page.evaluate("""eujgraph.data.nodes.filter(n => !['commitment', 'position', 'assessment'].includes(n.kind))
                                   .map(n => n.id).concat(['overview'])""")
        for spec in specs:
            page.evaluate("id => eujgraph.open(id)", spec)
            rows.append(page.evaluate(LEGIBILITY_JS))
        browser.close()
        if outside or errors:
            raise SystemExit(f"outside requests {outside} or console errors {errors}")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--summits", type=int, default=400)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()

    from eujgraph.viz.page import render_page
    from eujgraph.viz.projection import project

    with tempfile.TemporaryDirectory() as scratch:
        memo_page = Path(scratch) / "memo.html"
        built = _built()
        start = time.perf_counter()
        memo = project(built)
        memo_page.write_bytes(render_page(memo))
        print(f"memo graph: {memo.number_of_nodes()} nodes, {memo.number_of_edges()} edges, "
              f"projection + page {time.perf_counter() - start:.2f} s, {memo_page.stat().st_size / 1e3:.0f} kB")
        renders = [browser_figures(memo_page, interact=False)["first render, latest summit's story (ms)"]
                   for _ in range(options.runs)]
        print(f"  first render in chromium: median {statistics.median(renders):.0f} ms "
              f"(min {min(renders):.0f}, max {max(renders):.0f}, {options.runs} loads)")
        rows = legibility_everywhere(memo_page)
        bad = [r["view"] for r in rows if r["overlaps"] or r["outside"] or r["unlabelled"]]
        smallest = min(rows, key=lambda r: r["smallestTextPx"])
        biggest = max(rows, key=lambda r: r["nodes"])
        print(f"  legibility of {len(rows)} views (default, every summit, overview, every entity's neighbourhood): "
              f"{sum(r['nodes'] for r in rows)} node labels and {sum(r['headings'] for r in rows)} headings checked, "
              f"{sum(len(r['overlaps']) for r in rows)} overlaps, views with a problem: {bad or 'none'}")
        print(f"  smallest text on screen {smallest['smallestTextPx']:.1f} px ({smallest['view']}, "
              f"{smallest['nodes']} nodes, scale {smallest['scale']:.2f}); largest view {biggest['nodes']} nodes "
              f"({biggest['view']})")

        start = time.perf_counter()
        data = synthetic(options.summits)
        generated = time.perf_counter() - start
        start = time.perf_counter()
        big = project(data)
        projected = time.perf_counter() - start
        start = time.perf_counter()
        html = render_page(big)
        rendered = time.perf_counter() - start
        big_page = Path(scratch) / "synthetic.html"
        big_page.write_bytes(html)
        print(f"synthetic graph: {options.summits} summits, {len(data)} triples (generated in {generated:.1f} s)")
        print(f"  projection: {big.number_of_nodes()} nodes, {big.number_of_edges()} edges in {projected:.2f} s")
        print(f"  page (JSON, template): {rendered:.2f} s, {len(html) / 1e6:.1f} MB")
        runs = [browser_figures(big_page, interact=True) for _ in range(max(1, options.runs // 2))]
        for name in runs[0]:
            values = [run[name] for run in runs]
            print(f"  {name}: median {statistics.median(values):.0f}"
                  + (f" (min {min(values):.0f}, max {max(values):.0f})" if len(values) > 1 else ""))


if __name__ == "__main__":
    main()
