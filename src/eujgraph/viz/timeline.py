"""The timeline page: one self-contained HTML file drawing EU–Japan summits and instrument stages with vis-timeline.

The page draws a timeline model (the plain dict of :func:`.history.timeline_model`):
one lane of summits, styled by how they met (in person, by video, on the margins of
another meeting), one lane per instrument with its stages, and a summits × policy-areas
matrix below. Dates known only to the month or year are placed at its start and marked
"≈". Everything the page needs is inside the file: vis-timeline (vendored from npm with
its bundled dependencies, licence kept in ``static/``), the page's own script and style,
and the model as JSON. The page makes no outside request and is byte-identical for the
same model.

    >>> from eujgraph.viz.timeline import write_timeline
    >>> write_timeline(model, Path("graph/timeline.html"))       # doctest: +SKIP
"""

from __future__ import annotations

import json
from collections import Counter
from importlib.resources import files
from pathlib import Path

from ..atomic import write_atomically
from .page import _JSON_ESCAPES

TIMELINE_FILE = "timeline.html"


def write_timeline(model: dict, path: Path, **options) -> Path:
    """Write :func:`render_timeline` to ``path`` atomically; nothing else is written anywhere."""
    path = Path(path)
    [written] = write_atomically({path.name: render_timeline(model, **options)}, path.parent)
    return written


def render_timeline(model: dict, *, lang: str = "en", entity_base: str | None = None,
                    network_href: str | None = "eujgraph.html") -> bytes:
    """The HTML timeline of ``model``; labels start in ``lang`` and the page can switch language.

    With ``network_href`` the details panel links a summit to ``{network_href}#{id}`` (the
    network page selects that node); with ``entity_base`` (``"/id/"`` under `eujgraph serve`)
    also to its entity page ``{entity_base}{id}``.
    """
    from jinja2 import Environment

    if lang not in model["languages"]:
        raise ValueError(f"language {lang!r} is not one of the model's {model['languages']}")
    ids = Counter(entry["id"] for entry in (*model["summits"], *model["stages"]))
    repeated = sorted(i for i, n in ids.items() if n > 1)
    if repeated:  # each is one timeline item; vis-timeline refuses a repeated id and draws nothing
        raise ValueError(f"the timeline model repeats the id(s) {', '.join(repeated)}")
    static = files("eujgraph.viz") / "static"
    vis_js = (static / "vis-timeline-graph2d.min.js").read_text(encoding="utf-8")
    app_js = (static / "timeline.js").read_text(encoding="utf-8")
    for name, script in (("vis-timeline-graph2d.min.js", vis_js), ("timeline.js", app_js)):
        if "</script" in script.lower() or "<!--" in script:
            raise AssertionError(f"{name} contains '</script' or '<!--' and cannot be inlined")
    css = "\n".join((static / name).read_text(encoding="utf-8")
                    for name in ("vis-timeline-graph2d.min.css", "timeline.css"))
    if "</style" in css.lower():
        raise AssertionError("the timeline's style contains '</style' and cannot be inlined")
    data = {"lang": lang, "networkHref": network_href, "entityBase": entity_base, "model": model}
    template = Environment(autoescape=True, keep_trailing_newline=True).from_string(
        (static / "timeline.html").read_text(encoding="utf-8"))
    html = template.render(
        lang=lang, css=css, vis_js=vis_js, app_js=app_js,
        licence=(static / "vis-timeline.LICENSE-MIT").read_text(encoding="utf-8"),
        data=json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).translate(_JSON_ESCAPES))
    return html.encode("utf-8")
