"""Viz: the readable networkx projection of the graph, its analytics and the interactive page.

Owns :mod:`.projection` (nodes and edges an analyst reads, views, stats) and :mod:`.page`
(the self-contained HTML page; ``static/`` holds its template, script, style and vendored
vis-network). May import the core only.
"""

from .page import write_page
from .projection import load_projection, project, view

__all__ = ["load_projection", "project", "view", "write_page"]
