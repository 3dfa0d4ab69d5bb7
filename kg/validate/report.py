"""Validation results and reports as objects, and their text, JSON and Turtle forms."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Any

from rdflib import RDF, SH, BNode, Graph, Literal, URIRef
from rdflib.namespace import NamespaceManager
from rdflib.term import Node

from kg.validate.shapes import load_shapes


@dataclass(frozen=True)
class ValidationResult:
    """One SHACL validation result.

    Attributes:
        severity: ``Violation``, ``Warning`` or ``Info``.
        focus_node: the IRI (or ``_:id``) of the node that failed.
        path: the IRI of the property checked, or None for a node shape's own constraint.
        value: the offending value (an IRI, or a literal in Turtle form), if any.
        message: the shape's English message (else Japanese, else a generic one).
        shape: the IRI of the shape that failed (``sh:sourceShape``).
        constraint: the constraint component, e.g. ``MinCountConstraintComponent``.
    """

    severity: str
    focus_node: str
    path: str | None
    value: str | None
    message: str
    shape: str
    constraint: str


@dataclass
class ValidationReport:
    """Whether a graph conforms, and every result, sorted by shape, focus node and path.

    Attributes:
        conforms: True when there is no result.
        results: the results.
        triples_checked: triples in the data graph (the data plus topics.ttl and acts.ttl).
        seconds: wall time of the validation.
        shape_names: display name of each shape that has a result.
        graph: the SHACL validation report graph that pyshacl produced.
    """

    conforms: bool
    results: list[ValidationResult]
    triples_checked: int
    seconds: float
    shape_names: dict[str, str] = field(default_factory=dict, repr=False, compare=False)
    graph: Graph = field(default_factory=Graph, repr=False, compare=False)

    def by_shape(self) -> dict[str, list[ValidationResult]]:
        """Return the results grouped by shape IRI, in sorted order."""
        groups: dict[str, list[ValidationResult]] = {}
        for result in self.results:
            groups.setdefault(result.shape, []).append(result)
        return groups

    def to_text(self) -> str:
        """Return a readable report: a one-line summary, then the results grouped by shape."""
        if self.conforms:
            return f"conforms: {self.triples_checked} triples checked\n"
        groups = self.by_shape()
        names = load_shapes().namespace_manager
        lines = [f"does not conform: {_count(len(self.results), 'result')} in "]
        lines[0] += _count(len(groups), "shape")
        for shape, results in groups.items():
            name = self.shape_names.get(shape) or local_name(shape)
            lines += ["", f"{name} ({local_name(shape)}): {_count(len(results), 'result')}"]
            for r in results:
                value = f" ({r.value})" if r.value is not None else ""
                path = names.normalizeUri(r.path).strip("<>") if r.path else "-"
                lines.append(f"  {r.focus_node} — {path} — {r.message}{value}")
        return "\n".join(lines) + "\n"

    def to_json(self) -> dict[str, Any]:
        """Return the report as JSON-ready data (dump it with ``ensure_ascii=False``)."""
        return {
            "conforms": self.conforms,
            "triples_checked": self.triples_checked,
            "seconds": round(self.seconds, 3),
            "result_count": len(self.results),
            "results": [asdict(result) for result in self.results],
        }

    def to_turtle(self) -> str:
        """Return the standard SHACL validation report (``sh:ValidationReport``) in Turtle."""
        graph = Graph()
        for prefix, namespace in load_shapes().namespaces():
            graph.bind(prefix, namespace, override=True, replace=True)
        graph += self.graph
        return graph.serialize(format="turtle")


def report_graph(results: list[ValidationResult]) -> Graph:
    """The standard ``sh:ValidationReport`` graph of some results."""
    graph = Graph()
    report = BNode()
    graph.add((report, RDF.type, SH.ValidationReport))
    graph.add((report, SH.conforms, Literal(not any(r.severity == "Violation" for r in results))))
    for r in results:
        node = BNode()
        graph.add((report, SH.result, node))
        graph.add((node, RDF.type, SH.ValidationResult))
        graph.add((node, SH.resultSeverity, SH[r.severity]))
        graph.add((node, SH.focusNode, _node(r.focus_node)))
        if r.path:
            graph.add((node, SH.resultPath, URIRef(r.path)))
        if r.value is not None:
            graph.add((node, SH.value, _node(r.value)))
        graph.add((node, SH.resultMessage, Literal(r.message, lang="en")))
        graph.add((node, SH.sourceShape, _node(r.shape)))
        graph.add((node, SH.sourceConstraintComponent, SH[r.constraint]))
    return graph


def _node(rendered: str) -> Node:
    """Parse back a term rendered by :func:`render_term` (an IRI, ``_:id`` or a Turtle literal)."""
    if rendered.startswith("_:"):
        return BNode(rendered[2:])
    if rendered.startswith('"'):
        prefixes = "".join(f"@prefix {p}: <{n}> .\n" for p, n in load_shapes().namespaces())
        parsed = Graph().parse(data=f"{prefixes}<x:s> <x:p> {rendered} .", format="turtle")
        return next(iter(parsed.objects()))
    return URIRef(rendered)


def render_term(term: Node | None, names: NamespaceManager) -> str:
    """Render a term: IRIs as they are, literals in Turtle form, blank nodes as ``_:id``."""
    if term is None:
        return ""
    if isinstance(term, Literal | BNode):
        return term.n3(names)
    return str(term)


def shape_name(shapes: Graph, shape: str) -> str:
    """Return a shape's English (else Japanese, else any) sh:name, or its local name."""
    node: Node = BNode(shape[2:]) if shape.startswith("_:") else URIRef(shape)
    return in_english(shapes.objects(node, SH.name), local_name(shape))


def in_english(literals: Iterable[Node], default: str) -> str:
    """Return the English literal, else the Japanese one, else any, else ``default``."""
    found = {n.language: str(n) for n in literals if isinstance(n, Literal)}
    return found.get("en") or found.get("ja") or next(iter(found.values()), default)


def local_name(iri: object) -> str:
    """Return the part of an IRI after its last ``#`` or ``/``."""
    return re.split(r"[#/]", str(iri))[-1]


def _count(n: int, noun: str) -> str:
    """Return ``1 result`` or ``3 results``."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
