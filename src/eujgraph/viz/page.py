"""The interactive page: one self-contained HTML file drawing a projection with vis-network.

Everything the page needs is inside the file: vis-network (vendored from npm, licence
kept in ``static/``), the page's own script and style, and the graph as JSON. The page
makes no outside request and is byte-identical for the same projection. Up to the node
cap (setting ``viz_node_cap``) vis-network lays the graph out with seeded physics; above
it the layout is computed here (each summit's own nodes in a disc around it, the discs on
a spiral around the nodes they share) and physics stays off, so 20,000 nodes open fast.

    >>> from eujgraph.viz.page import write_page
    >>> write_page(graph, Path("graph/eujgraph.html"))       # doctest: +SKIP
"""

from __future__ import annotations

import json
import math
from importlib.resources import files
from pathlib import Path

import networkx as nx

from ..atomic import write_atomically
from ..settings import setting
from .projection import KINDS, LANGUAGES, STATUS_ORDER, degree_centrality

PAGE_FILE = "eujgraph.html"
MIN_SIZE, MAX_SIZE = 10, 42
SPACING = 90
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
_JSON_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026",
                 ord("\u2028"): "\\u2028", ord("\u2029"): "\\u2029"}


def write_page(graph: nx.MultiDiGraph, path: Path, **options) -> Path:
    """Write :func:`render_page` to ``path`` atomically; nothing else is written anywhere."""
    path = Path(path)
    [written] = write_atomically({path.name: render_page(graph, **options)}, path.parent)
    return written


def render_page(graph: nx.MultiDiGraph, *, lang: str = "en", title: str = "eujgraph",
                subtitle: str = "", node_cap: int | None = None, entity_base: str | None = None,
                timeline_href: str | None = None) -> bytes:
    """The HTML page for ``graph``; labels start in ``lang`` and the page can switch language.

    With ``timeline_href`` the header links to the timeline page there. With ``entity_base``
    (``"/id/"`` under `eujgraph serve`) the details panel links each node
    to its entity page, and ``#ID`` in the page address selects that node.
    """
    from jinja2 import Environment

    cap = setting("viz_node_cap") if node_cap is None else node_cap
    fixed = graph.number_of_nodes() > cap
    data = payload(graph, lang=lang, positions=layout(graph) if fixed else None)
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
        licence=(static / "vis-network.LICENSE-MIT").read_text(encoding="utf-8"),
        data=json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).translate(_JSON_ESCAPES))
    return html.encode("utf-8")


def payload(graph: nx.MultiDiGraph, *, lang: str = "en", positions: dict[str, tuple[int, int]] | None = None) -> dict:
    """What the page script reads: nodes (sorted by id) with details, edges as index triples, legend data."""
    ids = sorted(graph.nodes)
    rank = {node: i for i, node in enumerate(ids)}
    centrality = degree_centrality(graph)
    top = max(centrality.values(), default=0) or 1
    nodes = []
    for node in ids:
        attributes = graph.nodes[node]
        item = {key: attributes[key] for key in ("kind", "labels", "iri", "types", "facts", "links", "evidence")}
        item.update(id=node, size=round(MIN_SIZE + (MAX_SIZE - MIN_SIZE) * math.sqrt(centrality[node] / top)))
        for key in ("status", "areas"):
            if key in attributes:
                item[key] = attributes[key]
        if positions:
            item["x"], item["y"] = positions[node]
        nodes.append(item)
    relations: dict[str, dict] = {}
    edges = []
    for source, target, key, labels in graph.edges(keys=True, data="labels"):
        relations[key] = labels
        edges.append([rank[source], rank[target], key])
    edges.sort()
    present = {attributes["kind"] for _, attributes in graph.nodes(data=True)}
    counts = {kind.name: 0 for kind in KINDS}
    for _, kind in graph.nodes(data="kind"):
        counts[kind] += 1
    return {
        "lang": lang, "languages": list(LANGUAGES), "fixed": positions is not None,
        "kinds": [{"name": k.name, "color": k.color, "shape": k.shape, "count": counts[k.name],
                   "labels": dict(zip(LANGUAGES, KIND_LABELS[k.name]))} for k in KINDS if k.name in present],
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


def layout(graph: nx.MultiDiGraph) -> dict[str, tuple[int, int]]:
    """Positions for a big graph, deterministic and linear in its size.

    A node that touches exactly one summit (or whose summit-bound neighbours all belong to
    one) joins that summit's disc; the others (parties, policy areas, people met at several
    summits) are shared and sit in the middle, the best connected first. Discs lie on a
    sunflower spiral around them.
    """
    summits = sorted(n for n, kind in graph.nodes(data="kind") if kind == "summit")
    summit_set = set(summits)
    home: dict[str, str] = {}
    for node in sorted(graph):
        if node not in summit_set:
            near = {m for m in nx.all_neighbors(graph, node) if m in summit_set}
            if len(near) == 1:
                home[node] = near.pop()
    for node in sorted(graph):
        if node not in summit_set and node not in home:
            homes = {home[m] for m in nx.all_neighbors(graph, node) if m in home}
            if len(homes) == 1:
                home[node] = homes.pop()
    order = {kind.name: i for i, kind in enumerate(KINDS)}
    members: dict[str, list[str]] = {s: [] for s in summits}
    for node in sorted(home, key=lambda n: (order[graph.nodes[n]["kind"]], n)):
        members[home[node]].append(node)
    shared = sorted((n for n in graph if n not in home and n not in summit_set),
                    key=lambda n: (-graph.degree(n), n))
    step = SPACING / math.sqrt(math.pi)
    positions = {node: _sunflower(i, step) for i, node in enumerate(shared)}
    disc = max((step * math.sqrt(len(m) + 1) + SPACING for m in members.values()), default=0)
    cell = 2 * disc / math.sqrt(math.pi)
    middle = step * math.sqrt(len(shared)) + SPACING
    skip = math.ceil((middle / cell) ** 2 * 1.3) if shared else 0
    for i, summit in enumerate(summits):
        cx, cy = _sunflower(skip + i, cell)
        positions[summit] = (cx, cy)
        for j, node in enumerate(members[summit], start=1):
            x, y = _sunflower(j, step)
            positions[node] = (cx + x, cy + y)
    return positions


def _sunflower(index: int, step: float) -> tuple[int, int]:
    radius = step * math.sqrt(index)
    angle = index * GOLDEN_ANGLE
    return round(radius * math.cos(angle)), round(radius * math.sin(angle))
