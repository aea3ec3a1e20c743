"""A pyvis ``Network`` of any view of the projection, for a notebook or a quick HTML file.

The network is filled in bulk: its node and edge lists are built here and handed to pyvis
as they are, because pyvis's ``add_node`` / ``from_nx`` check every new id against a list and
take ~46 s for 20,000 nodes. Nodes are coloured and shaped by kind from the table the
interactive page uses (:data:`eujgraph.viz.projection.KINDS`); labels are in one language,
node and edge titles (shown on hover) are plain text. Its HTML carries vis-network and its
style in-line (pyvis's own vendored copy): no CDN, no Bootstrap, and writing it creates the
one file asked for, never pyvis's ``lib/`` folder.

    >>> from eujgraph.viz import load_projection, network, view
    >>> graph = load_projection("graph/eujgraph.trig")                  # doctest: +SKIP
    >>> net = network(view(graph, focus="kaja-kallas", depth=1), lang="fi")  # doctest: +SKIP
    >>> net.show("kallas.html")                                          # doctest: +SKIP
"""

from __future__ import annotations

import functools
import gc
import math
import re
import webbrowser
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx

from ..atomic import write_atomically
from ..errors import InputError
from ..settings import setting
from .page import KIND_LABELS, STATUS_LABELS
from .projection import KIND, KINDS, LANGUAGES

if TYPE_CHECKING:
    from jinja2 import Environment
    from pyvis.network import Network

TEMPLATE = "eujgraph-notebook.html"
LABEL_LENGTH = 44
SEED = 20250723
SPACING = 90
MIN_SIZE, MAX_SIZE = 10, 42  # node sizes by degree centrality
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))
_BOOTSTRAP = re.compile(r'\s*<link\s+href="https://cdn\.jsdelivr\.net/npm/bootstrap[^>]*>'
                        r'\s*<script\s+src="https://cdn\.jsdelivr\.net/npm/bootstrap[^>]*>\s*</script>')
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_HEADING = re.compile(r"<center>\s*<h1>\{\{heading\}\}</h1>\s*</center>")


def network(graph: nx.MultiDiGraph, *, lang: str = "en", height: str = "750px", width: str = "100%",
            heading: str = "", node_cap: int | None = None, **options) -> Network:
    """A pyvis ``Network`` of ``graph`` (a projection or any view of it), labelled in ``lang``.

    Nodes keep their projection ids and carry ``label`` (cut at 44 characters), ``title``
    (the whole label, the kind and, for claims, the status), ``kind``, ``shape``, ``color``
    and ``size`` (by distinct neighbours, as on the page); edges carry their relation as
    ``title`` and ``relation`` (``eujo:party``). Up to ``node_cap`` nodes (setting
    ``viz_node_cap``) vis-network lays them out with seeded physics; above it the page's
    layout is computed here and physics is off. ``options`` go to ``pyvis.network.Network``
    (``bgcolor``, ``neighborhood_highlight``, ``select_menu``, ``filter_menu``, …);
    resources are always in-line. Filling 20,432 nodes and 81,099 edges takes ~0.33 s, about
    half of it the layout (pyvis's ``from_nx``: ~25 s; ``benchmarks/bench_notebook.py``);
    chromium then needs ~5 s to draw them all, so prefer a :func:`~eujgraph.viz.view` or the page.

    The network is an ordinary pyvis one to restyle (``net.options``, ``net.show_buttons()``,
    ``net.toggle_physics(False)``); ``write_html`` and ``show`` take a ``str`` or ``Path``,
    write UTF-8 atomically and nothing else.

    >>> import networkx as nx
    >>> from eujgraph.viz.notebook import network
    >>> graph = nx.MultiDiGraph()
    >>> graph.add_node("person/a", kind="person", labels={"en": "A", "fi": "A"})
    >>> graph.add_node("area/b", kind="area", labels={"en": "Climate", "fi": "Ilmasto"})
    >>> graph.add_edge("person/a", "area/b", key="eujo:about", labels={"en": "about", "fi": "aiheena"})
    'eujo:about'
    >>> net = network(graph, lang="fi")
    >>> [(n["id"], n["label"], n["shape"]) for n in net.nodes]
    [('area/b', 'Ilmasto', 'dot'), ('person/a', 'A', 'dot')]
    >>> [(e["from"], e["to"], e["title"]) for e in net.edges]
    [('person/a', 'area/b', 'aiheena')]
    >>> net.cdn_resources, net.num_nodes(), net.num_edges()
    ('in_line', 2, 1)
    """
    if lang not in LANGUAGES:
        raise InputError(f"no labels in language {lang!r}; choose one of {', '.join(LANGUAGES)}")
    cap = setting("viz_node_cap") if node_cap is None else node_cap
    fixed = graph.number_of_nodes() > cap
    net = _network_class()(height=height, width=width, directed=True, heading=heading,
                           cdn_resources="in_line", **options)
    net.templateEnv, net.path = _environment(), TEMPLATE
    net.prep_notebook()
    with _collector_paused():
        net.nodes = _nodes(graph, lang, layout(graph) if fixed else None)
        net.node_ids = [node["id"] for node in net.nodes]
        net.node_map = {node["id"]: node for node in net.nodes}
        net.edges = _edges(graph, lang, curved=not fixed)
    _style(net, fixed)
    return net


def _nodes(graph: nx.MultiDiGraph, lang: str, positions: dict[str, tuple[int, int]] | None) -> list[dict]:
    near = {node: set(successors) for node, successors in graph.adjacency()}
    for node, predecessors in graph.pred.items():
        near[node].update(predecessors)
    top = max(map(len, near.values()), default=0) or 1
    at = LANGUAGES.index(lang)
    fallback = [code for code in LANGUAGES if code != lang]
    borders = {kind.name: _darker(kind.color) for kind in KIND.values()}
    nodes = []
    for node in sorted(graph):
        attributes = graph.nodes[node]
        kind = KIND[attributes["kind"]]
        labels = attributes["labels"]
        label = labels.get(lang) or next((labels[code] for code in fallback if labels.get(code)), node)
        about = KIND_LABELS[kind.name][at]
        status = attributes.get("status")
        if status:
            about += f", {STATUS_LABELS.get(status, (status, status))[at]}"
        color = kind.color
        item = {"id": node, "label": label if len(label) <= LABEL_LENGTH else label[:LABEL_LENGTH - 2].strip() + "…",
                "title": f"{label}\n{about} · {node}", "kind": kind.name, "shape": kind.shape,
                "size": round(MIN_SIZE + (MAX_SIZE - MIN_SIZE) * math.sqrt(len(near[node]) / top)),
                "color": {"background": color, "border": borders[kind.name],
                          "highlight": {"background": color, "border": "#000000"},
                          "hover": {"background": color, "border": "#000000"}}}
        if positions:
            item["x"], item["y"] = positions[node]
        nodes.append(item)
    return nodes


def _edges(graph: nx.MultiDiGraph, lang: str, *, curved: bool) -> list[dict]:
    """Edges ordered by source, target and relation; parallel ones curve apart as on the page."""
    adjacency = dict(graph.adjacency())
    pairs: dict[tuple[str, str], int] = {}
    edges = []
    for source in sorted(adjacency):
        targets = adjacency[source]
        for target in sorted(targets) if len(targets) > 1 else targets:
            relations = targets[target]
            for key in sorted(relations) if len(relations) > 1 else relations:
                labels = relations[key].get("labels") or {}
                edge = {"from": source, "to": target, "title": labels.get(lang) or key, "relation": key}
                if curved:
                    pair = (source, target) if source < target else (target, source)
                    seen = pairs[pair] = pairs.get(pair, -1) + 1
                    if seen:
                        edge["smooth"] = {"enabled": True, "type": "curvedCW" if seen % 2 else "curvedCCW",
                                          "roundness": round(0.18 * math.ceil(seen / 2), 2)}
                edges.append(edge)
    return edges


def _style(net: Network, fixed: bool) -> None:
    """The page's look (``static/page.js``) on pyvis's own option objects, so its helpers keep working."""
    options = net.options
    options.nodes = {"borderWidth": 0 if fixed else 1, "borderWidthSelected": 3,
                     "font": {"size": 14, "face": "DejaVu Sans, Liberation Sans, Arial, sans-serif",
                              "color": "#1b1f24", "strokeWidth": 3, "strokeColor": "#ffffff"}}
    options.edges.arrows = {"to": {"enabled": True, "scaleFactor": 0.45}}
    options.edges.width = 1
    options.edges.color.inherit = False
    options.edges.color.color, options.edges.color.highlight = "#b9c0c8", "#2b2f36"
    options.edges.smooth.enabled, options.edges.smooth.type = not fixed, "continuous"
    if not hasattr(options, "layout"):  # Network(layout=True) asked for pyvis's hierarchical layout
        options.layout = {"randomSeed": SEED, "improvedLayout": False}
    options.interaction.hover = not fixed
    options.interaction.tooltipDelay = 300
    options.interaction.hideEdgesOnDrag = options.interaction.hideEdgesOnZoom = fixed
    if fixed:
        net.toggle_physics(False)
    else:
        net.force_atlas_2based(gravity=-90, central_gravity=0.012, spring_length=120, spring_strength=0.06,
                               damping=0.4, overlap=0.6)
        options.physics.stabilization.iterations = 300
        options.physics.stabilization.updateInterval = 100


@contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while the lists are built: they hold no cycles, and each full
    pass would walk the whole projection (a third of the fill time at 20,000 nodes)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _darker(color: str) -> str:
    return "#" + "".join(f"{round(int(color[i:i + 2], 16) * 0.6):02x}" for i in (1, 3, 5))


@functools.cache
def _environment() -> Environment:
    """pyvis's template, made self-contained and safe: no Bootstrap from a CDN (pyvis#229), no
    duplicate heading, values escaped, and titles never set as HTML (pyvis switches to
    ``innerHTML`` popups when a title holds ``href``)."""
    import pyvis
    from jinja2 import ChoiceLoader, DictLoader, Environment, FileSystemLoader

    templates = Path(pyvis.__file__).parent / "templates"
    source, bootstrap = _BOOTSTRAP.subn("", (templates / "template.html").read_text(encoding="utf-8"))
    source, comments = _COMMENT.subn("", source)
    source, headings = _HEADING.subn("", source)
    tooltips = source.count("{% if tooltip_link %}")
    if (bootstrap, comments, headings, tooltips) != (1, 1, 2, 2):
        raise RuntimeError(f"pyvis {pyvis.__version__}'s template.html is not the one eujgraph knows")
    source = source.replace("{% if tooltip_link %}", "{% if false %}").replace(
        "<body>", "<body>\n        {% if heading %}<h1>{{heading}}</h1>{% endif %}", 1)
    return Environment(loader=ChoiceLoader([DictLoader({TEMPLATE: source}), FileSystemLoader(templates)]),
                       autoescape=True)


@functools.cache
def _network_class() -> type:
    from pyvis.network import Network

    class EujgraphNetwork(Network):
        """A pyvis ``Network`` that writes the one file it is given, UTF-8 and atomically."""

        def write_html(self, name: str | Path, local: bool = True, notebook: bool = False,
                       open_browser: bool = False) -> None:
            path = Path(name)
            if path.suffix != ".html":
                raise InputError(f"{path}: a network is written to an .html file")
            self.html = self.generate_html(notebook=notebook)
            write_atomically({path.name: self.html.encode("utf-8")}, path.parent)
            if open_browser:
                webbrowser.open(path.resolve().as_uri())

    EujgraphNetwork.__module__, EujgraphNetwork.__qualname__ = __name__, "EujgraphNetwork"
    return EujgraphNetwork


def __getattr__(name: str) -> type:
    if name == "EujgraphNetwork":  # made on first use, with pyvis; named here so its repr is true
        return _network_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


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
