"""Project the graph onto networkx graphs, one function per view.

Each function takes the :class:`~kg.viz.read.Facts` read from the store and returns an
``nx.DiGraph`` whose nodes are IRIs with these attributes: ``label``, ``kind`` (organization,
unit, post, person, topic, session, agenda, statement), ``statements`` (how many statements
the node stands for in this view), ``excerpts`` (up to three ``(date, text)``, latest first),
and for the page's filters ``sessions``, ``topics`` and ``org_types`` (sets). Edges carry
``kind`` and ``weight`` (statements). ``graph.graph`` holds ``view``, ``title``, ``sessions``
(IRI → (label, date)) and ``topics`` (IRI → label) for the filters.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from itertools import combinations
from typing import TYPE_CHECKING, Any

import networkx as nx

from kg.errors import UsageError
from kg.viz.read import Facts, Statement, read_facts, resolve_session

if TYPE_CHECKING:
    from kg.viz.read import GraphReader

EXCERPTS = 3  # statement excerpts kept per node
ACTOR_KINDS = ("organization", "unit", "post", "person")

# The views and what they show, for the explorer page and --help.
DESCRIPTIONS = {
    "actors-topics": "Organizations and persons linked to the topics they spoke on; "
    "edge width is the number of statements.",
    "dialogue": "Who asks whom: questions and requests pointing to the parties that answered "
    "them, between organizations and between persons.",
    "organizations": "Bodies, their units and posts, and the persons recorded in them.",
    "topics": "Topics that occur in the same statements, with the topic scheme's hierarchy.",
    "session": "One meeting: agenda items, speakers, statements in order and their replies.",
}


def actors_topics(facts: Facts) -> nx.DiGraph:
    """Organizations and persons → the topics they spoke on (weight: statements)."""
    graph = _graph("actors-topics", "Actors and topics")
    for statement in _ordered(facts.statements.values()):
        person, body = facts.speaker(statement)
        for actor in (person, body):
            if actor is None:
                continue
            _credit(graph, facts, actor, statement)
            for topic in statement.topics:
                _edge(graph, facts, actor, topic, "spoke on")
        for topic in statement.topics:
            _credit(graph, facts, topic, statement)
    return _finish(graph, facts)


def dialogue(facts: Facts) -> nx.DiGraph:
    """Who asks whom: the speaker of a question or request → the speaker who answered it.

    Edges between bodies (``asks``) and, where a person spoke on either side, between the
    speakers themselves (``asks (person)``); each person links to the body it spoke for.
    """
    graph = _graph("dialogue", "Dialogue: who asks whom")
    for reply in _ordered(facts.statements.values()):
        for asked in sorted(reply.replies_to):
            question = facts.statements.get(asked)
            if question is None:
                continue
            q_person, q_body = facts.speaker(question)
            r_person, r_body = facts.speaker(reply)
            q_speaker, r_speaker = q_person or q_body, r_person or r_body
            if q_speaker is None or r_speaker is None:
                continue
            if q_body and r_body and q_body != r_body:
                _asks(graph, facts, q_body, r_body, question, reply, "asks")
            if (q_person or r_person) and q_speaker != r_speaker:
                _asks(graph, facts, q_speaker, r_speaker, question, reply, "asks (person)")
            for person, body in ((q_person, q_body), (r_person, r_body)):
                linked = person and body and person in graph and body in graph
                if linked and not graph.has_edge(person, body):
                    graph.add_edge(person, body, kind="speaks for", weight=1)
    return _finish(graph, facts)


def organizations(facts: Facts) -> nx.DiGraph:
    """Bodies ← units ← posts ← persons who held them; sized by statements."""
    graph = _graph("organizations", "Organizations, units, posts and persons")
    for node, kind in sorted(facts.kinds.items()):
        if kind in ACTOR_KINDS:
            _node(graph, facts, node)
    for unit, parent in sorted(facts.unit_of.items()):
        if unit in graph and parent in graph:
            _edge(graph, facts, unit, parent, "unit of")
    for post, place in sorted(facts.post_in.items()):
        if post in graph and place in graph:
            _edge(graph, facts, post, place, "post in")
    for post, persons in sorted(facts.held_by.items()):
        for holder in sorted(persons):
            if post in graph and holder in graph:
                _edge(graph, facts, holder, post, "holds")
    for statement in _ordered(facts.statements.values()):
        person, body = facts.speaker(statement)
        for member in {person, body, statement.post} | _units_of(facts, statement.post):
            if member is not None and member in graph:
                _credit(graph, facts, member, statement)
    return _finish(graph, facts)


def topics(facts: Facts) -> nx.DiGraph:
    """Topics linked when they occur in the same statement, plus ``skos:broader`` links."""
    graph = _graph("topics", "Topics: co-occurrence and hierarchy")
    for statement in _ordered(facts.statements.values()):
        for topic in statement.topics:
            _credit(graph, facts, topic, statement)
        for first, second in combinations(sorted(statement.topics), 2):
            _edge(graph, facts, first, second, "co-occurs")
    pending = list(graph.nodes)
    while pending:
        topic = pending.pop()
        for broader in sorted(facts.broader.get(topic, ())):
            if broader not in graph:
                _node(graph, facts, broader, "topic")
                pending.append(broader)
            if graph.has_edge(topic, broader):
                graph.edges[topic, broader]["kind"] = "broader"
            else:
                graph.add_edge(topic, broader, kind="broader", weight=1)
    for topic in graph.nodes:  # filtering on a topic keeps its neighbourhood
        graph.nodes[topic]["topics"] = {topic, *graph.successors(topic), *graph.predecessors(topic)}
    return _finish(graph, facts)


def session(facts: Facts, session_iri: str) -> nx.DiGraph:
    """One meeting: agenda items, statements in order, their speakers and replies.

    Nodes carry ``order`` (statement position) and ``column`` (agenda position) for the
    layout; statements are linked to the next one (``next``).
    """
    found = facts.sessions.get(session_iri)
    if found is None:
        raise UsageError(f"--session {session_iri}: no such session in the graph")
    graph = _graph("session", f"Session: {found.label}")
    graph.graph["session"] = session_iri
    _node(graph, facts, session_iri, "session")
    graph.nodes[session_iri].update(order=-1, column=None)
    for item, (of, position) in sorted(facts.agenda.items(), key=lambda kv: kv[1][1]):
        if of == session_iri:
            _node(graph, facts, item, "agenda")
            graph.nodes[item].update(order=-1, column=position)
            _edge(graph, facts, item, session_iri, "part of")
    statements = facts.by_session.get(session_iri, [])
    previous: str | None = None
    for statement in statements:
        node = statement.iri
        graph.add_node(node, **_blank(f"{statement.position}. {statement.act or 'statement'}"))
        graph.nodes[node].update(kind="statement", order=statement.position)
        graph.nodes[node]["speaker_label"] = statement.speaker_label or ""
        _credit(graph, facts, node, statement)
        agenda = statement.agenda
        parent = agenda if agenda is not None and agenda in graph else session_iri
        graph.nodes[node]["column"] = graph.nodes[parent]["column"]
        for holder in {parent, session_iri}:
            _credit(graph, facts, holder, statement)
        _edge(graph, facts, node, parent, "in")
        if previous is not None:
            graph.add_edge(previous, node, kind="next", weight=1)
        previous = node
        person, body = facts.speaker(statement)
        speaker = person or body
        if speaker is not None:
            _credit(graph, facts, speaker, statement)
            graph.nodes[speaker].setdefault("order", statement.position)
            graph.nodes[speaker].setdefault("column", -1)
            _edge(graph, facts, node, speaker, "spoken by")
    for statement in statements:
        for asked in sorted(statement.replies_to):
            if asked in graph:
                _edge(graph, facts, statement.iri, asked, "replies to")
    return _finish(graph, facts)


VIEWS: dict[str, Callable[[Facts], nx.DiGraph]] = {
    "actors-topics": actors_topics,
    "dialogue": dialogue,
    "organizations": organizations,
    "topics": topics,
}


def project(
    store: GraphReader, view: str, *, base_iri: str, session_value: str | None = None
) -> nx.DiGraph:
    """Read the graph and return one view's projection.

    ``session_value`` names the session view's meeting (see
    :func:`~kg.viz.read.resolve_session`); without it, the latest session.

    Raises:
        UsageError: an unknown view or session.
    """
    if view == "session":
        iri = (
            resolve_session(store, session_value, base_iri=base_iri)
            if session_value
            else latest_session(read_facts(store, base_iri=base_iri))
        )
        return session(read_facts(store, base_iri=base_iri, session=iri), iri)
    if view not in VIEWS:
        raise UsageError(f"unknown view {view!r}; choose one of {', '.join([*VIEWS, 'session'])}")
    return VIEWS[view](read_facts(store, base_iri=base_iri))


def latest_session(facts: Facts) -> str:
    """Return the IRI of the latest session (by date, then IRI).

    Raises:
        UsageError: the graph holds no session.
    """
    if not facts.sessions:
        raise UsageError("the graph holds no session; build some records first (kg build)")
    return max(facts.sessions.values(), key=lambda s: (s.date or "", s.iri)).iri


# Helpers


def _graph(view: str, title: str) -> nx.DiGraph:
    return nx.DiGraph(view=view, title=title, sessions={}, topics={})


def _blank(label: str, kind: str = "other") -> dict[str, Any]:
    return {
        "label": label,
        "kind": kind,
        "statements": 0,
        "excerpts": [],
        "sessions": set(),
        "topics": set(),
        "org_types": set(),
    }


def _node(graph: nx.DiGraph, facts: Facts, iri: str, kind: str | None = None) -> None:
    if iri in graph:
        return
    kind = kind or facts.kinds.get(iri, "organization")
    graph.add_node(iri, **_blank(facts.label(iri), kind))
    body = facts.body_of(iri) if kind in ("organization", "unit", "post") else None
    if body and body in facts.org_types:
        graph.nodes[iri]["org_types"].add(facts.org_types[body])


def _credit(graph: nx.DiGraph, facts: Facts, node: str, statement: Statement) -> None:
    """Count ``statement`` for ``node`` (once) and note its session, topics and excerpt."""
    _node(graph, facts, node)
    data = graph.nodes[node]
    seen = data.setdefault("_seen", set())
    if statement.iri in seen:
        return
    seen.add(statement.iri)
    data["statements"] += 1
    data["sessions"].add(statement.session)
    if data["kind"] == "topic":
        data["topics"].add(node)
    else:
        data["topics"].update(statement.topics)
    if data["kind"] == "person":
        _, body = facts.speaker(statement)
        if body in facts.org_types:
            data["org_types"].add(facts.org_types[body])
    date = facts.session_date(statement.session)
    data["excerpts"].append((date, statement.position, statement.excerpt))
    if len(data["excerpts"]) > 4 * EXCERPTS:
        data["excerpts"] = sorted(data["excerpts"], reverse=True)[:EXCERPTS]


def _edge(graph: nx.DiGraph, facts: Facts, source: str, target: str, kind: str) -> None:
    _node(graph, facts, source)
    _node(graph, facts, target)
    if graph.has_edge(source, target):
        graph.edges[source, target]["weight"] += 1
    else:
        graph.add_edge(source, target, kind=kind, weight=1)


def _asks(
    graph: nx.DiGraph,
    facts: Facts,
    asker: str,
    answerer: str,
    question: Statement,
    reply: Statement,
    kind: str,
) -> None:
    _credit(graph, facts, asker, question)
    _credit(graph, facts, answerer, reply)
    if not graph.has_edge(asker, answerer):
        graph.add_edge(asker, answerer, weight=0)
    data = graph.edges[asker, answerer]
    data["kind"] = kind  # asking outweighs "speaks for" between the same two
    data["weight"] += 1
    for act in ("question", "request"):
        data[act + "s"] = data.get(act + "s", 0) + (question.act == act)


def _units_of(facts: Facts, post: str | None) -> set[str | None]:
    """Return the units a post sits in, innermost first (as a set)."""
    units: set[str | None] = set()
    place = facts.post_in.get(post) if post else None
    while place and facts.kinds.get(place) == "unit" and place not in units:
        units.add(place)
        place = facts.unit_of.get(place)
    return units


def _ordered(statements: Iterable[Statement]) -> list[Statement]:
    return sorted(statements, key=lambda s: (s.session, s.position, s.iri))


def _finish(graph: nx.DiGraph, facts: Facts) -> nx.DiGraph:
    """Keep the latest excerpts, drop bookkeeping, and list the sessions and topics seen."""
    for node, data in graph.nodes(data=True):
        data.pop("_seen", None)
        data["excerpts"] = [(d, t) for d, _, t in sorted(data["excerpts"], reverse=True)][:EXCERPTS]
        data["iri"] = node
        for iri in data["sessions"]:
            found = facts.sessions.get(iri)
            graph.graph["sessions"][iri] = (found.label, found.date) if found else (iri, None)
        for iri in data["topics"]:
            graph.graph["topics"][iri] = facts.label(iri)
    return graph
