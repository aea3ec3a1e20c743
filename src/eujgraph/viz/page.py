"""The interactive page: one self-contained HTML file that tells a summit's story with vis-network.

Everything the page needs is inside the file: vis-network (vendored from npm, licence
kept in ``static/``), the page's own script and style, and the graph as JSON. The page
makes no outside request and is byte-identical for the same projection. It never draws
the whole graph: it opens on the latest summit (its parties, people, claims in status
bands, instruments and areas), and from there on any node's neighbourhood or an overview
of all summits, each laid out by the page script in labelled bands, so a view stays small
and legible however large the graph is.

    >>> from eujgraph.viz.page import write_page
    >>> write_page(graph, Path("graph/eujgraph.html"))       # doctest: +SKIP
"""

from __future__ import annotations

import json
from importlib.resources import files
from pathlib import Path

import networkx as nx

from ..atomic import write_atomically
from .projection import KINDS, LANGUAGES, STATUS_ORDER

PAGE_FILE = "eujgraph.html"
OVERVIEW = "overview"
_JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026",
                 ord("\u2028"): "\\u2028", ord("\u2029"): "\\u2029"}
_NODE_EXTRAS = ("status", "areas", "date", "ordinal", "roles")


def write_page(graph: nx.MultiDiGraph, path: Path, **options) -> Path:
    """Write :func:`render_page` to ``path`` atomically; nothing else is written anywhere."""
    path = Path(path)
    [written] = write_atomically({path.name: render_page(graph, **options)}, path.parent)
    return written


def render_page(graph: nx.MultiDiGraph, *, lang: str = "en", title: str = "eujgraph",
                subtitle: str = "", start: str | None = None, entity_base: str | None = None,
                timeline_href: str | None = None, ontology_href: str | None = None) -> bytes:
    """The HTML page for ``graph``; labels start in ``lang`` and the page can switch language.

    The page opens on ``start`` (a node id, whose view it shows, or ``"overview"``), by
    default on the latest summit; ``#ID`` or ``#overview`` in the address opens another
    view, and each view the reader opens is a step in the browser's history. With
    ``timeline_href`` the header links to the timeline page there, with ``ontology_href`` to the
    ontology's documentation. With ``entity_base``
    (``"/id/"`` under `eujgraph serve`) the details panel links each node to its entity page.
    """
    from jinja2 import Environment

    if start is not None and start != OVERVIEW and start not in graph:
        raise ValueError(f"start {start!r} is not a node of the graph")
    data = payload(graph, lang=lang)
    data["start"] = start
    static = files("eujgraph.viz") / "static"
    vis_js = (static / "vis-network.min.js").read_text(encoding="utf-8")
    app_js = (static / "page.js").read_text(encoding="utf-8")
    entity_js = (static / "entity-links.js").read_text(encoding="utf-8") if entity_base is not None else ""
    for name, script in (("vis-network.min.js", vis_js), ("page.js", app_js), ("entity-links.js", entity_js)):
        if "</script" in script.lower() or "<!--" in script:
            raise AssertionError(f"{name} contains '</script' or '<!--' and cannot be inlined")
    template = Environment(autoescape=True, keep_trailing_newline=True).from_string(
        (static / "page.html").read_text(encoding="utf-8"))
    html = template.render(
        lang=lang, title=title, subtitle=subtitle, css=(static / "page.css").read_text(encoding="utf-8"),
        vis_js=vis_js, app_js=app_js, entity_js=entity_js, entity_base=entity_base, timeline_href=timeline_href,
        ontology_href=ontology_href, licence=(static / "vis-network.LICENSE-MIT").read_text(encoding="utf-8"),
        data=json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).translate(_JSON_ESCAPES))
    return html.encode("utf-8")


def payload(graph: nx.MultiDiGraph, *, lang: str = "en") -> dict:
    """What the page script reads: nodes (sorted by id) with details, edges as index triples, legend data."""
    ids = sorted(graph.nodes)
    rank = {node: i for i, node in enumerate(ids)}
    nodes = []
    for node in ids:
        attributes = graph.nodes[node]
        item = {key: attributes[key] for key in ("kind", "labels", "iri", "types", "facts", "links", "evidence")}
        item["id"] = node
        item.update((key, attributes[key]) for key in _NODE_EXTRAS if key in attributes)
        nodes.append(item)
    relations: dict[str, dict] = {}
    edges = []
    for source, target, key, labels in graph.edges(keys=True, data="labels"):
        relations[key] = labels
        edges.append([rank[source], rank[target], key])
    edges.sort()
    present = {attributes["kind"] for _, attributes in graph.nodes(data=True)}
    return {
        "lang": lang, "languages": list(LANGUAGES),
        "kinds": [{"name": k.name, "color": k.color, "labels": dict(zip(LANGUAGES, KIND_LABELS[k.name]))}
                  for k in KINDS if k.name in present],
        "statuses": _statuses(graph), "areas": _area_tree(graph),
        "relations": relations, "nodes": nodes, "edges": edges,
    }


KIND_LABELS = {
    "summit": ("summit", "huippukokous"), "event": ("other event", "muu tapahtuma"),
    "person": ("person", "henkilö"), "organisation": ("organisation", "organisaatio"),
    "office": ("office", "virka"), "commitment": ("commitment", "sitoumus"), "position": ("position", "kanta"),
    "assessment": ("assessment", "arvio"), "instrument": ("instrument", "väline"),
    "area": ("policy area", "politiikka-ala"), "document": ("document", "asiakirja"), "place": ("place", "paikka"),
}
STATUS_LABELS = {"new": ("new", "uusi"), "deepened": ("deepened", "syvennetty"),
                 "continued": ("continued", "jatkettu"), "reaffirmed": ("reaffirmed", "vahvistettu uudelleen")}


def _statuses(graph: nx.MultiDiGraph) -> list[dict]:
    present = {status for _, status in graph.nodes(data="status") if status}
    ordered = [s for s in STATUS_ORDER if s in present] + sorted(present - set(STATUS_ORDER))
    return [{"name": s, "labels": dict(zip(LANGUAGES, STATUS_LABELS.get(s, (s, s))))} for s in ordered]


def _area_tree(graph: nx.MultiDiGraph) -> list[dict]:
    """Policy areas in the graph, each after its broader area, with its depth for indenting."""
    areas = {n: attributes for n, attributes in graph.nodes(data=True) if attributes["kind"] == "area"}
    children: dict[str | None, list[str]] = {}
    for area in sorted(areas, key=lambda a: areas[a]["labels"]["en"]):
        parents = [p for _, p, key in graph.out_edges(area, keys=True) if key == "skos:broader" and p in areas]
        children.setdefault(min(parents) if parents else None, []).append(area)
    ordered: list[dict] = []

    def walk(parent: str | None, depth: int) -> None:
        for area in children.get(parent, []):
            ordered.append({"id": area, "labels": areas[area]["labels"], "depth": depth})
            walk(area, depth + 1)

    walk(None, 0)
    return ordered
