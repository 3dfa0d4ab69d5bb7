"""Graph analytics for ``kg stats --graph``: centralities, communities, topics per session.

Computed on the actors-topics projection (organizations and persons linked to the topics
they spoke on), as an undirected graph: degree centrality says how widely an actor speaks or
a topic is spoken on; betweenness says who or what bridges otherwise separate groups.
Betweenness is estimated from a sample of 500 sources on graphs larger than that (seeded).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import networkx as nx

from kg.viz.layout import SEED, communities
from kg.viz.projections import actors_topics
from kg.viz.read import Facts, read_facts

if TYPE_CHECKING:
    from kg.viz.read import GraphReader

BETWEENNESS_SAMPLE = 500


@dataclass(frozen=True)
class Ranked:
    """A node with a score."""

    label: str
    kind: str
    iri: str
    value: float


@dataclass
class GraphStats:
    """What ``kg stats --graph`` shows."""

    degree: list[Ranked] = field(default_factory=list)
    betweenness: list[Ranked] = field(default_factory=list)
    communities: list[list[Ranked]] = field(default_factory=list)  # members by statements
    session_topics: list[tuple[str, list[Ranked]]] = field(default_factory=list)

    def to_text(self) -> str:
        """Return tab-separated sections, one line per node, for the terminal."""
        lines = ["# degree centrality (actors and topics)"]
        lines += [f"{r.value:.3f}\t{r.kind}\t{r.label}" for r in self.degree]
        lines.append("# betweenness centrality (actors and topics)")
        lines += [f"{r.value:.3f}\t{r.kind}\t{r.label}" for r in self.betweenness]
        lines.append("# communities (Louvain): size, then the members with most statements")
        for number, members in enumerate(self.communities, 1):
            names = ", ".join(m.label for m in members[:8])
            lines.append(f"{number}\t{len(members)}\t{names}")
        lines.append("# most-connected topics per session: speakers on the topic")
        for session, ranked in self.session_topics:
            topics = ", ".join(f"{r.label} ({r.value:g})" for r in ranked)
            lines.append(f"{session}\t{topics}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, object]:
        """Return the statistics as JSON-ready data."""
        return {
            "degree": [dataclasses.asdict(r) for r in self.degree],
            "betweenness": [dataclasses.asdict(r) for r in self.betweenness],
            "communities": [[dataclasses.asdict(r) for r in c] for c in self.communities],
            "session_topics": [
                {"session": s, "topics": [dataclasses.asdict(r) for r in ranked]}
                for s, ranked in self.session_topics
            ],
        }


def graph_stats(store: GraphReader, *, base_iri: str, limit: int = 10) -> GraphStats:
    """Compute centralities, communities and each session's most-connected topics.

    Args:
        store: the object ``Target.open(read_only=True)`` returned.
        base_iri: the base of the data's IRIs.
        limit: how many nodes each ranking lists (and topics per session).
    """
    return stats_from_facts(read_facts(store, base_iri=base_iri), limit=limit)


def stats_from_facts(facts: Facts, *, limit: int = 10) -> GraphStats:
    """Compute :class:`GraphStats` from facts already read."""
    graph = actors_topics(facts)
    undirected = graph.to_undirected()
    stats = GraphStats()
    if undirected.number_of_nodes() == 0:
        return stats
    stats.degree = _top(graph, nx.degree_centrality(undirected), limit)
    sample = BETWEENNESS_SAMPLE if undirected.number_of_nodes() > BETWEENNESS_SAMPLE else None
    betweenness = nx.betweenness_centrality(undirected, k=sample, seed=SEED)
    stats.betweenness = _top(graph, betweenness, limit)
    groups: dict[int, list[str]] = {}
    for node, number in communities(graph).items():
        groups.setdefault(number, []).append(node)
    for _, members in sorted(groups.items())[:limit]:
        statements = {n: float(graph.nodes[n]["statements"]) for n in members}
        stats.communities.append(_top(graph, statements, len(members)))
    for iri, session in sorted(facts.sessions.items(), key=lambda kv: (kv[1].date or "", kv[0])):
        own = {s.iri: s for s in facts.by_session.get(iri, [])}
        per_session = actors_topics(dataclasses.replace(facts, statements=own))
        speakers = {
            n: float(per_session.in_degree(n))
            for n, d in per_session.nodes(data=True)
            if d["kind"] == "topic"
        }
        name = f"{session.date or ''} {session.label}".strip()
        stats.session_topics.append((name, _top(per_session, speakers, limit)))
    return stats


def _top(graph: nx.DiGraph, scores: dict[str, float], limit: int) -> list[Ranked]:
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], graph.nodes[kv[0]]["label"], kv[0]))
    return [
        Ranked(graph.nodes[n]["label"], graph.nodes[n]["kind"], n, round(value, 6))
        for n, value in ranked[:limit]
    ]
