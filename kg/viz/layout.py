"""Reduce a projection to a size a browser draws quickly, find its communities, lay it out.

The page draws with physics off, so positions are computed here: vis-network's physics takes
minutes to settle 5,000 nodes, while a drawing with fixed positions is ready in about a
second. networkx's spring layout is quadratic (5,000 nodes: about 50 s on 2 cores), so a
large graph is laid out community by community (Louvain), each community with the spring
layout, and the communities packed side by side in rows, largest first.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import networkx as nx

SEED = 1  # layouts and communities are reproducible
SPACING = 60.0  # pixels per node, roughly: a community of n nodes gets a square of side √n·SPACING
SMALL_BLOCK = 8  # communities this small: a star, no spring layout (most of the time on trees)
SPRING_UP_TO = 400  # nodes laid out by the spring layout in one go; beyond, a phyllotaxis spiral
GOLDEN_ANGLE = math.pi * (3 - math.sqrt(5))


@dataclass
class Reduction:
    """What :func:`reduce_graph` kept and left out."""

    total_nodes: int
    total_edges: int
    kept_nodes: int
    kept_edges: int
    left_out: dict[str, int] = field(default_factory=dict)  # kind → nodes left out

    @property
    def reduced(self) -> bool:
        """True when nodes were left out."""
        return self.kept_nodes < self.total_nodes

    def note(self) -> str:
        """Say what was left out, for the page; empty when nothing was."""
        if not self.reduced:
            return ""
        kinds = ", ".join(f"{n:,} {kind}" for kind, n in sorted(self.left_out.items()))
        return (
            f"Showing the {self.kept_nodes:,} nodes with the most statements (or links) of "
            f"{self.total_nodes:,}, and {self.kept_edges:,} of {self.total_edges:,} links. "
            f"Left out: {kinds}. Raise --max-nodes to see more."
        )


def node_weight(graph: nx.DiGraph, node: str) -> int:
    """The weight a node is ranked and sized by: its statements, else its weighted degree."""
    statements = int(graph.nodes[node].get("statements", 0))
    return statements or int(graph.degree(node, weight="weight"))


def reduce_graph(
    graph: nx.DiGraph, max_nodes: int, keep: tuple[str, ...] = ()
) -> tuple[nx.DiGraph, Reduction]:
    """Keep the ``max_nodes`` heaviest nodes (0: all) and the links between them.

    ``keep`` names nodes kept whatever their weight (the session of the session view).
    """
    total_nodes, total_edges = graph.number_of_nodes(), graph.number_of_edges()
    if max_nodes <= 0 or total_nodes <= max_nodes:
        return graph, Reduction(total_nodes, total_edges, total_nodes, total_edges)
    ranked = sorted(
        graph.nodes, key=lambda n: (n not in keep, -node_weight(graph, n), graph.nodes[n]["label"])
    )
    kept = graph.subgraph(ranked[:max_nodes]).copy()
    left_out: dict[str, int] = {}
    for node in ranked[max_nodes:]:
        kind = graph.nodes[node]["kind"]
        left_out[kind] = left_out.get(kind, 0) + 1
    reduction = Reduction(
        total_nodes, total_edges, kept.number_of_nodes(), kept.number_of_edges(), left_out
    )
    return kept, reduction


def communities(graph: nx.DiGraph) -> dict[str, int]:
    """Return each node's Louvain community, numbered from the largest (0)."""
    if graph.number_of_nodes() == 0:
        return {}
    found = nx.community.louvain_communities(graph.to_undirected(), weight="weight", seed=SEED)
    ordered = sorted(found, key=lambda c: (-len(c), min(c)))
    return {node: index for index, members in enumerate(ordered) for node in members}


def positions(graph: nx.DiGraph, community: dict[str, int]) -> dict[str, tuple[float, float]]:
    """Return pixel positions: the session layout for the session view, else by community."""
    if graph.graph.get("view") == "session":
        return session_positions(graph)
    groups: dict[int, list[str]] = {}
    for node in graph.nodes:
        groups.setdefault(community.get(node, -1), []).append(node)
    blocks = [_block(graph.subgraph(members)) for _, members in sorted(groups.items())]
    return _pack(blocks)


def session_positions(graph: nx.DiGraph) -> dict[str, tuple[float, float]]:
    """The session on top, its agenda items in a row, statements below each item in order,
    speakers in a column on the right."""
    columns = sorted({d["column"] for d in graph.nodes.values() if d["kind"] == "agenda"})
    width = 4 * SPACING
    x_of = {column: i * width for i, column in enumerate(columns)}
    placed = {graph.graph["session"]: (max(len(columns) - 1, 0) * width / 2, -2 * SPACING)}
    statements = sorted(
        (d["order"], n) for n, d in graph.nodes(data=True) if d["kind"] == "statement"
    )
    for rank, (_, node) in enumerate(statements, 1):
        placed[node] = (x_of.get(graph.nodes[node]["column"], -width), rank * SPACING)
    for node, data in graph.nodes(data=True):
        if data["kind"] == "agenda":
            placed[node] = (x_of[data["column"]], 0.0)
    speakers = sorted(
        (d.get("order", 0), d["label"], n) for n, d in graph.nodes(data=True) if n not in placed
    )
    right = (len(columns) + 1) * width
    step = max(SPACING, len(statements) * SPACING / max(len(speakers), 1))
    for rank, (_, _, node) in enumerate(speakers):
        placed[node] = (right, (rank + 1) * step)
    return placed


def _block(graph: nx.Graph) -> dict[str, tuple[float, float]]:
    """Lay out one community around (0, 0), within a radius of about √n·SPACING."""
    nodes = sorted(graph.nodes, key=lambda n: (-node_weight(graph, n), n))
    count = len(nodes)
    radius = math.sqrt(count) * SPACING * 0.9
    if count <= SMALL_BLOCK:  # the heaviest in the middle, the others around it
        ring = [
            (math.cos(2 * math.pi * i / (count - 1)), math.sin(2 * math.pi * i / (count - 1)))
            for i in range(count - 1)
        ]
        return {nodes[0]: (0.0, 0.0)} | {
            n: (x * SPACING, y * SPACING) for n, (x, y) in zip(nodes[1:], ring, strict=True)
        }
    if count <= SPRING_UP_TO:
        undirected = graph.to_undirected()
        start = {n: _spiral(i, count) for i, n in enumerate(nodes)}
        iterations = 50 if count <= 150 else 25
        found = nx.spring_layout(undirected, pos=start, seed=SEED, iterations=iterations)
        return {n: (float(x) * radius, float(y) * radius) for n, (x, y) in found.items()}
    # Too many for the spring layout: the heaviest nodes in the middle, on a spiral.
    spiral = (_spiral(i, count) for i in range(count))
    return {n: (x * radius, y * radius) for n, (x, y) in zip(nodes, spiral, strict=True)}


def _spiral(index: int, count: int) -> tuple[float, float]:
    """The index-th of count points spread evenly over the unit disc (phyllotaxis)."""
    r = math.sqrt((index + 0.5) / count)
    return r * math.cos(index * GOLDEN_ANGLE), r * math.sin(index * GOLDEN_ANGLE)


def _pack(blocks: list[dict[str, tuple[float, float]]]) -> dict[str, tuple[float, float]]:
    """Place blocks left to right in rows of about equal width, largest first."""
    sized = []
    for block in blocks:
        xs = [x for x, _ in block.values()]
        ys = [y for _, y in block.values()]
        sized.append(
            (max(xs) - min(xs) + SPACING, max(ys) - min(ys) + SPACING, min(xs), min(ys), block)
        )
    sized.sort(key=lambda s: -s[0] * s[1])
    row_width = math.sqrt(sum(w * h for w, h, *_ in sized)) * 1.2
    placed: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for width, height, left, top, block in sized:
        if x > 0 and x + width > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        for node, (bx, by) in block.items():
            placed[node] = (x + bx - left, y + by - top)
        x += width
        row_height = max(row_height, height)
    return placed
