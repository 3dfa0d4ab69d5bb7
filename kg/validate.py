"""The validate stage: check graphs against ``ontology/shapes.ttl`` and report as objects.

Validation follows the recipe in the header of ``shapes.ttl``: the data graph is the union of
the graphs to check plus ``topics.ttl`` and ``acts.ttl`` (so topic and act concepts resolve,
and the concepts themselves are checked too), ``gijiroku.ttl`` is the ontology graph, and
there is no inference. Everything runs in memory: pyshacl checks about 20k triples/s there,
2–3× slower over the Oxigraph store and 5× slower with RDFS inference, so ``kg build``
validates each source on its own and :func:`validate_store` copies the store into memory.
"""

from __future__ import annotations

import functools
import io
import re
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from rdflib import RDF, SH, BNode, Dataset, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import NamespaceManager
from rdflib.term import Node

from kg.errors import InputError
from kg.resources import resource_path

FORMATS = {".ttl": "turtle", ".nt": "nt", ".nq": "nquads", ".trig": "trig"}
FORMATS |= {".jsonld": "json-ld", ".json": "json-ld"}
_PATH_FORMS = {SH.inversePath: "^{}", SH.zeroOrMorePath: "({})*", SH.oneOrMorePath: "({})+"}
_PATH_FORMS[SH.zeroOrOnePath] = "({})?"
_BAD_SYNTAX = re.compile(r"at line (\d+) of <[^>]*>:\s*Bad syntax \((.*?)\) at \^")


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
            name = self.shape_names.get(shape) or _local_name(shape)
            lines += ["", f"{name} ({_local_name(shape)}): {_count(len(results), 'result')}"]
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


class Exportable(Protocol):
    """A store that writes its quads, e.g. ``kg.store``'s store with ``fmt="nquads"``."""

    def export(self, out: BinaryIO, fmt: str) -> object: ...


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


def validate_graph(data: Graph | Dataset, *, shapes: Graph | None = None) -> ValidationReport:
    """Validate a graph, or the union of a dataset's graphs, with the schemes added.

    Args:
        data: the graph to check; it is not modified.
        shapes: the shapes graph; ``ontology/shapes.ttl`` by default.
    """
    return _validate([data], load_shapes() if shapes is None else shapes)


def validate_source(own: Graph, shared: Graph) -> ValidationReport:
    """Validate one record's own graph together with the shared entities it mentions."""
    return validate_sources([own, shared])


def validate_sources(parts: Iterable[Graph]) -> ValidationReport:
    """Validate the union of some sources' graphs, with only the scheme concepts they use.

    ``kg build`` validates its sources in batches through this: the whole topic scheme (about
    1,000 triples) would otherwise be checked again with every small source, and pyshacl's
    cost per call would dominate the build.
    """
    return _validate(parts, load_shapes(), whole_schemes=False)


def validate_file(path: Path, *, engine: str = "pyshacl") -> ValidationReport:
    """Parse a graph file (format from its extension) and validate it with ``engine``.

    Raises:
        InputError: when the file is missing, has an unknown extension or does not parse.
    """
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        known = ", ".join(FORMATS)
        raise InputError(f"unknown graph format {path.suffix!r}; use one of {known}", str(path))
    if not path.is_file():
        raise InputError("no such file", str(path))
    dataset = Dataset()
    try:
        dataset.parse(path, format=fmt)
    except Exception as exc:  # rdflib's parsers raise many unrelated exception types
        raise InputError(f"not valid {fmt}: {_reason(exc)}", str(path)) from exc
    if engine == "sparql":
        triples = Graph()
        triples.addN((s, p, o, triples) for s, p, o, _ in dataset.quads((None, None, None, None)))
        return validate_ntriples(triples.serialize(format="nt", encoding="utf-8"))
    return validate_graph(dataset)


def validate_store(store: Exportable, *, engine: str = "pyshacl") -> ValidationReport:
    """Validate every graph of a store, copied into memory as one union graph.

    pyshacl is 2–3× slower reading the Oxigraph store than an in-memory graph, so the store's
    N-Quads are loaded into memory first. ``engine="sparql"`` runs the shapes compiled to
    SPARQL in Oxigraph instead (:mod:`kg.shacl_sparql`: same results, far faster).
    """
    buffer = io.BytesIO()
    if engine == "sparql":
        store.export(buffer, "nt")
        return validate_ntriples(buffer.getvalue())
    store.export(buffer, "nquads")
    dataset = Dataset()
    dataset.parse(data=buffer.getvalue(), format="nquads")
    return validate_graph(dataset)


def validate_ntriples(data: bytes) -> ValidationReport:
    """Validate N-Triples with the shapes compiled to SPARQL (:mod:`kg.shacl_sparql`).

    The data graph is the one pyshacl gets: ``data`` plus the ontology and both schemes.
    This is what ``kg build`` runs on each batch of sources.
    """
    from kg.shacl_sparql import check_ntriples, to_rdflib

    start = time.perf_counter()
    violations, triples = check_ntriples(data)
    names = load_shapes().namespace_manager
    results = sorted(
        {
            ValidationResult(
                severity=v.check.severity,
                focus_node=_term(to_rdflib(v.focus), names),
                path=v.check.path,
                value=None if v.value is None else _term(to_rdflib(v.value), names),
                message=v.check.message,
                shape=v.check.shape,
                constraint=v.check.constraint,
            )
            for v in violations
        },
        key=lambda r: (r.shape, r.focus_node, r.path or "", r.constraint, r.value or "", r.message),
    )
    shapes = load_shapes()
    shape_names = {r.shape: _shape_name(shapes, r.shape) for r in results}
    seconds = time.perf_counter() - start
    conforms = not any(r.severity == "Violation" for r in results)
    return ValidationReport(conforms, results, triples, seconds, shape_names, _report(results))


def _report(results: list[ValidationResult]) -> Graph:
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
    """Parse back a term rendered by :func:`_term` (an IRI, ``_:id`` or a Turtle literal)."""
    if rendered.startswith("_:"):
        return BNode(rendered[2:])
    if rendered.startswith('"'):
        prefixes = "".join(f"@prefix {p}: <{n}> .\n" for p, n in load_shapes().namespaces())
        parsed = Graph().parse(data=f"{prefixes}<x:s> <x:p> {rendered} .", format="turtle")
        return next(iter(parsed.objects()))
    return URIRef(rendered)


def _validate(
    parts: Iterable[Graph], shapes: Graph, *, whole_schemes: bool = True
) -> ValidationReport:
    """Validate the union of ``parts`` and the schemes (or the concepts used) against ``shapes``."""
    from pyshacl import validate

    start = time.perf_counter()
    data = Graph()
    for part in parts:
        if isinstance(part, Dataset):
            data.addN((s, p, o, data) for s, p, o, _ in part.quads((None, None, None, None)))
        else:
            data += part
    if whole_schemes:
        data += load_schemes()
    else:
        data += _concepts_used(data)
    triples = len(data)
    conforms, report, _ = validate(
        data,
        shacl_graph=shapes,
        ont_graph=load_ontology(),
        inference="none",
        advanced=_needs_advanced(shapes),
        inplace=True,  # data is our own copy
    )
    names = shapes.namespace_manager
    results = sorted(
        (_result(report, node, names) for node in report.objects(None, SH.result)),
        key=lambda r: (r.shape, r.focus_node, r.path or "", r.constraint, r.value or "", r.message),
    )
    shape_names = {r.shape: _shape_name(shapes, r.shape) for r in results}
    seconds = time.perf_counter() - start
    return ValidationReport(bool(conforms), results, triples, seconds, shape_names, report)


@functools.lru_cache(maxsize=1)
def _scheme_index() -> dict[Node, list[tuple[Node, Node, Node]]]:
    """The schemes' triples by subject (cached)."""
    index: dict[Node, list[tuple[Node, Node, Node]]] = {}
    for triple in load_schemes():
        index.setdefault(triple[0], []).append(triple)
    return index


def _concepts_used(data: Graph) -> Graph:
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


def _needs_advanced(shapes: Graph) -> bool:
    """Return whether the shapes use SHACL Advanced Features (rules, custom targets)."""
    return any((None, p, None) in shapes for p in (SH.rule, SH.target))


def _result(report: Graph, node: Node, names: NamespaceManager) -> ValidationResult:
    """Convert one ``sh:ValidationResult`` node of pyshacl's report."""
    constraint = _local_name(report.value(node, SH.sourceConstraintComponent))
    message = _in_english(report.objects(node, SH.resultMessage), f"{constraint} failed")
    path = report.value(node, SH.resultPath)
    value = report.value(node, SH.value)
    return ValidationResult(
        severity=_local_name(report.value(node, SH.resultSeverity)),
        focus_node=_term(report.value(node, SH.focusNode), names),
        path=None if path is None else _path(report, path, names),
        value=None if value is None else _term(value, names),
        message=message,
        shape=_term(report.value(node, SH.sourceShape), names),
        constraint=constraint,
    )


def _path(graph: Graph, path: Node, names: NamespaceManager) -> str:
    """Render a property path: an IRI, or SPARQL path syntax for sequences and inverses."""
    if isinstance(path, URIRef):
        return str(path)
    if (path, RDF.first, None) in graph:
        return "/".join(_path(graph, step, names) for step in Collection(graph, path))
    for predicate, form in _PATH_FORMS.items():
        inner = graph.value(path, predicate)
        if inner is not None:
            return form.format(_path(graph, inner, names))
    return _term(path, names)


def _term(term: Node | None, names: NamespaceManager) -> str:
    """Render a term: IRIs as they are, literals in Turtle form, blank nodes as ``_:id``."""
    if term is None:
        return ""
    if isinstance(term, Literal | BNode):
        return term.n3(names)
    return str(term)


def _shape_name(shapes: Graph, shape: str) -> str:
    """Return a shape's English (else Japanese, else any) sh:name, or its local name."""
    node: Node = BNode(shape[2:]) if shape.startswith("_:") else URIRef(shape)
    return _in_english(shapes.objects(node, SH.name), _local_name(shape))


def _in_english(literals: Iterable[Node], default: str) -> str:
    """Return the English literal, else the Japanese one, else any, else ``default``."""
    found = {n.language: str(n) for n in literals if isinstance(n, Literal)}
    return found.get("en") or found.get("ja") or next(iter(found.values()), default)


def _local_name(iri: object) -> str:
    """Return the part of an IRI after its last ``#`` or ``/``."""
    return re.split(r"[#/]", str(iri))[-1]


def _count(n: int, noun: str) -> str:
    """Return ``1 result`` or ``3 results``."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _reason(exc: Exception) -> str:
    """Return a one-line reason from a parser's exception."""
    match = _BAD_SYNTAX.search(str(exc))
    if match:
        return f"line {match[1]}: bad syntax ({match[2]})"
    lines = str(exc).strip().splitlines() or [type(exc).__name__]
    return lines[0][:200]
