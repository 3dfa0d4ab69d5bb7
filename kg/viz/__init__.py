"""Explore the graph in the browser (``kg viz``) and analyse it (``kg stats --graph``).

Projections (:mod:`kg.viz.projections`) read the graph through SPARQL into networkx graphs,
one per view; :mod:`kg.viz.render` turns one into a self-contained, escaped HTML page;
:mod:`kg.viz.pages` writes pages and the explorer index; :mod:`kg.viz.analytics` computes
centralities and communities for ``kg stats --graph``.
"""

from kg.viz.pages import Written, write_all, write_view
from kg.viz.projections import DESCRIPTIONS, VIEWS, project
from kg.viz.render import DEFAULT_MAX_NODES, Page, render_page

VIEW_NAMES = (*VIEWS, "session")

__all__ = [
    "DEFAULT_MAX_NODES",
    "DESCRIPTIONS",
    "VIEWS",
    "VIEW_NAMES",
    "Page",
    "Written",
    "project",
    "render_page",
    "write_all",
    "write_view",
]
