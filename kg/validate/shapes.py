"""The shapes, the ontology and the concept schemes validation reads (parsed once)."""

from __future__ import annotations

import functools

from rdflib import Graph
from rdflib.term import Node

from kg.resources import resource_path


@functools.lru_cache(maxsize=1)
def load_shapes() -> Graph:
    """Return the parsed ``ontology/shapes.ttl`` (cached: do not modify it)."""
    return _graph().parse(resource_path("ontology", "shapes.ttl"), format="turtle")


@functools.lru_cache(maxsize=1)
def load_ontology() -> Graph:
    """Return the parsed ``ontology/gijiroku.ttl`` (cached: do not modify it)."""
    return _graph().parse(resource_path("ontology", "gijiroku.ttl"), format="turtle")


@functools.lru_cache(maxsize=1)
def load_schemes() -> Graph:
    """Return ``topics.ttl`` and ``acts.ttl`` in one graph (cached: do not modify it)."""
    graph = _graph()
    for name in ("topics.ttl", "acts.ttl"):
        graph.parse(resource_path("ontology", name), format="turtle")
    return graph


@functools.lru_cache(maxsize=1)
def _scheme_index() -> dict[Node, list[tuple[Node, Node, Node]]]:
    """The schemes' triples by subject (cached)."""
    index: dict[Node, list[tuple[Node, Node, Node]]] = {}
    for triple in load_schemes():
        index.setdefault(triple[0], []).append(triple)
    return index


def concepts_used(data: Graph) -> Graph:
    """The scheme triples describing the concepts ``data`` uses, with their broader concepts
    and schemes, so that they validate as they would with the whole scheme loaded."""
    index = _scheme_index()
    todo = [o for o in data.objects() if o in index]
    seen: set[Node] = set()
    out = Graph()
    while todo:
        node = todo.pop()
        if node in seen:
            continue
        seen.add(node)
        for triple in index.get(node, []):
            out.add(triple)
            if triple[2] in index and triple[2] not in seen:
                todo.append(triple[2])
    return out


def _graph() -> Graph:
    """Return an empty graph whose prefixes come from the files (schema: is http://)."""
    return Graph(bind_namespaces="core")
