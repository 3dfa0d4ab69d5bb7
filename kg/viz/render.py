"""Render a projection as one self-contained HTML page (``viz/page.html``).

The page carries everything it needs: vis-network's script (read from the installed pyvis
package, licence header included), the project's CSS and script, and the graph as JSON in a
``<script type="application/json">`` block with ``<``, ``>``, ``&``, U+2028 and U+2029
escaped, so no text from the records can close the block. The page's script builds tooltips
and details from that JSON with text nodes only. A Content-Security-Policy allows exactly the
page's two scripts (by hash), no other script, no event-handler attribute, and no request
(``default-src 'none'``). pyvis's own template is not used: it loads Bootstrap from a CDN and
inserts titles as HTML.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from string import Template
from typing import Any
from urllib.parse import urlsplit

import networkx as nx

from kg.errors import KgError, UsageError
from kg.namespaces import normalize_base
from kg.resources import resource_path
from kg.viz.layout import Reduction, communities, node_weight, positions, reduce_graph

DEFAULT_MAX_NODES = 1500
KIND_COLOURS = {
    "organization": "#1f77b4",
    "unit": "#6baed6",
    "post": "#9467bd",
    "person": "#ff7f0e",
    "topic": "#2ca02c",
    "session": "#d62728",
    "agenda": "#8c564b",
    "statement": "#7f7f7f",
    "other": "#bcbd22",
}
COMMUNITY_COLOURS = [
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
    "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac", "#17becf", "#8c6d31",
]  # fmt: skip
# Edge kinds: drawn with an arrow (directed) and dashed (a weaker link) or not.
EDGE_STYLES = {
    "spoke on": (True, False),
    "asks": (True, False),
    "asks (person)": (True, False),
    "speaks for": (True, True),
    "unit of": (True, False),
    "post in": (True, False),
    "holds": (True, False),
    "co-occurs": (False, False),
    "broader": (True, True),
    "part of": (True, False),
    "in": (True, False),
    "next": (True, True),
    "spoken by": (True, False),
    "replies to": (True, False),
}
_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_JSON_UNSAFE = re.compile("[<>&\u2028\u2029]")


@dataclass
class Page:
    """A rendered page and what it shows."""

    view: str
    title: str
    html: str
    nodes: int  # nodes in the page's data
    edges: int
    reduction: Reduction


def render_page(
    graph: nx.DiGraph,
    *,
    base_iri: str,
    pages: str | None = None,
    max_nodes: int = DEFAULT_MAX_NODES,
    description: str = "",
) -> Page:
    """Reduce, lay out and render a projection as a self-contained HTML page.

    Args:
        graph: a projection from :mod:`kg.viz.projections`.
        base_iri: the base of the data's IRIs.
        pages: link nodes to ``pages + rest + ".html"`` (the ``kg publish`` site) for IRIs
            ``{base_iri}{rest}``; None links to the IRIs themselves.
        max_nodes: keep this many of the heaviest nodes (0: all).
        description: one sentence saying what the view shows.

    Raises:
        UsageError: ``pages`` is neither relative nor http(s).
    """
    check_pages_prefix(pages)
    keep = (graph.graph["session"],) if "session" in graph.graph else ()
    reduced, reduction = reduce_graph(graph, max_nodes, keep)
    data = page_data(reduced, base_iri=base_iri, pages=pages)
    data.update(description=description, note=reduction.note())
    title = str(graph.graph.get("title", graph.graph.get("view", "graph")))
    return Page(
        view=str(graph.graph.get("view", "")),
        title=title,
        html=page_html(title, description, reduction.note(), data),
        nodes=len(data["nodes"]),
        edges=len(data["edges"]),
        reduction=reduction,
    )


def page_data(graph: nx.DiGraph, *, base_iri: str, pages: str | None) -> dict[str, Any]:
    """Return the JSON the page's script draws: nodes, edges, legend and filter values."""
    community = communities(graph)
    placed = positions(graph, community)
    ids = {node: index for index, node in enumerate(graph.nodes)}
    sessions = sorted(graph.graph["sessions"].items(), key=lambda kv: (kv[1][1] or "", kv[0]))
    session_index = {iri: i for i, (iri, _) in enumerate(sessions)}
    topics = sorted(graph.graph["topics"].items(), key=lambda kv: (kv[1], kv[0]))
    topic_index = {iri: i for i, (iri, _) in enumerate(topics)}
    org_types = sorted({t for _, d in graph.nodes(data=True) for t in d["org_types"]})
    type_index = {name: i for i, name in enumerate(org_types)}
    kinds: dict[str, int] = {}
    nodes = []
    for node, attrs in graph.nodes(data=True):
        kinds[attrs["kind"]] = kinds.get(attrs["kind"], 0) + 1
        x, y = placed.get(node, (0.0, 0.0))
        nodes.append(
            {
                "id": ids[node],
                "label": attrs["label"],
                "kind": attrs["kind"],
                "iri": node,
                "href": node_link(node, base_iri, pages),
                "x": round(x, 1),
                "y": round(y, 1),
                "value": max(node_weight(graph, node), 1),
                "statements": attrs["statements"],
                "degree": graph.degree(node),
                "community": community.get(node, 0),
                "speaker": attrs.get("speaker_label", ""),
                "excerpts": [list(excerpt) for excerpt in attrs["excerpts"]],
                "s": sorted(session_index[s] for s in attrs["sessions"] if s in session_index),
                "t": sorted(topic_index[t] for t in attrs["topics"] if t in topic_index),
                "o": sorted(type_index[t] for t in attrs["org_types"]),
            }
        )
    edge_kinds = sorted({d["kind"] for _, _, d in graph.edges(data=True)})
    kind_index = {kind: i for i, kind in enumerate(edge_kinds)}
    edges = [
        [ids[u], ids[v], kind_index[d["kind"]], d["weight"], _edge_extra(d)]
        for u, v, d in graph.edges(data=True)
    ]
    return {
        "view": graph.graph.get("view", ""),
        "nodes": nodes,
        "edges": edges,
        "edgeKinds": [
            {
                "name": k,
                "arrows": EDGE_STYLES.get(k, (True, False))[0],
                "dashes": EDGE_STYLES.get(k, (True, False))[1],
            }
            for k in edge_kinds
        ],
        "kinds": [
            {"kind": k, "count": kinds[k], "colour": KIND_COLOURS.get(k, KIND_COLOURS["other"])}
            for k in KIND_COLOURS
            if k in kinds
        ],
        "communities": len(set(community.values())),
        "communityColours": COMMUNITY_COLOURS,
        "sessions": [[label, date] for _, (label, date) in sessions],
        "topics": [label for _, label in topics],
        "orgTypes": org_types,
    }


def page_html(title: str, description: str, note: str, data: dict[str, Any]) -> str:
    """Fill the page template; ``data`` goes in as escaped JSON."""
    vis_js, app_js = _script(vis_network_js()), _script(_asset("page.js"))
    csp = "; ".join(
        [
            "default-src 'none'",
            f"script-src {_hash(vis_js)} {_hash(app_js)}",
            "style-src 'unsafe-inline'",
            "img-src data:",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )
    return Template(_asset("page.html")).substitute(
        csp=csp,
        title=html.escape(title),
        description=html.escape(description),
        note=html.escape(note),
        css=_asset("page.css").replace("</", "<\\/"),
        data=json_for_script(data),
        vis_js=vis_js,
        app_js=app_js,
    )


def json_for_script(data: Any) -> str:
    """Serialize ``data`` as JSON safe inside a ``<script>`` element.

    Example:
        >>> json_for_script({"text": "</script><img src=x onerror=alert(1)>"})
        '{"text":"\\\\u003c/script\\\\u003e\\\\u003cimg src=x onerror=alert(1)\\\\u003e"}'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return _JSON_UNSAFE.sub(lambda m: _JSON_ESCAPES[m.group()], text)


def node_link(iri: str, base_iri: str, pages: str | None) -> str | None:
    """Return where a node links to: its linked-data page under ``pages``, else its IRI.

    Only http(s) IRIs and pages under a checked prefix are links; anything else is None.

    Example:
        >>> node_link("https://w3id.org/gijiroku/id/session/cio-forum/2",
        ...           "https://w3id.org/gijiroku/", "../")
        '../id/session/cio-forum/2.html'
    """
    base = normalize_base(base_iri)
    if pages is not None and iri.startswith(base):
        rest = iri[len(base) :]
        if rest and not any(c in rest for c in "#?") and ".." not in rest.split("/"):
            return f"{pages}{rest}.html"
    return iri if urlsplit(iri).scheme in ("http", "https") else None


def check_pages_prefix(pages: str | None) -> None:
    """Refuse a ``--pages`` prefix that is not a relative path or an http(s) URL.

    Raises:
        UsageError: e.g. ``javascript:`` or ``data:``.
    """
    if pages is None:
        return
    scheme = urlsplit(pages).scheme
    if (scheme and scheme not in ("http", "https")) or any(ord(c) < 32 for c in pages):
        raise UsageError(f"--pages {pages!r}: give a relative path (../) or an http(s) URL")


@cache
def vis_network_js() -> str:
    """Return vis-network's standalone script, as shipped in the installed pyvis package.

    Raises:
        KgError: pyvis is not installed or no longer ships the file.
    """
    import importlib.util

    spec = importlib.util.find_spec("pyvis")
    roots = [Path(p) for p in (spec.submodule_search_locations or [])] if spec else []
    found = sorted(
        (p for root in roots for p in root.glob("**/vis-*/vis-network.min.js")),
        key=lambda p: [int(n) if n.isdigit() else 0 for n in re.split(r"[-.]", p.parent.name)[1:]],
    )
    if not found:
        raise KgError("vis-network.min.js not found in the pyvis package; reinstall pyvis")
    return found[-1].read_text(encoding="utf-8")


@cache
def _asset(name: str) -> str:
    return resource_path("viz", name).read_text(encoding="utf-8")


def _script(text: str) -> str:
    if re.search(r"</script", text, re.IGNORECASE):
        raise KgError("a page script contains </script and cannot be inlined")
    return text


def _hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


def _edge_extra(data: dict[str, Any]) -> str:
    parts = [
        f"{data[key]} {key if data[key] != 1 else key[:-1]}"
        for key in ("questions", "requests")
        if data.get(key)
    ]
    return ", ".join(parts)
