"""The validate stage: check graphs against ``ontology/shapes.ttl`` and report as objects.

Validation follows the recipe in the header of ``shapes.ttl``: the data graph is the union of
the graphs to check plus ``topics.ttl`` and ``acts.ttl`` (so topic and act concepts resolve,
and the concepts themselves are checked too), ``gijiroku.ttl`` is the ontology graph, and
there is no inference. Everything runs in memory: pyshacl checks about 20k triples/s there,
2–3× slower over the Oxigraph store and 5× slower with RDFS inference, so ``kg build``
validates each source on its own and :func:`validate_store` copies the store into memory.
"""

from __future__ import annotations

import io
import re
import time
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO, Protocol

from rdflib import RDF, SH, Dataset, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import NamespaceManager
from rdflib.term import Node

from kg.errors import InputError
from kg.validate.report import (
    ValidationReport,
    ValidationResult,
    in_english,
    local_name,
    render_term,
    report_graph,
    shape_name,
)
from kg.validate.shapes import concepts_used, load_ontology, load_schemes, load_shapes

__all__ = [
    "FORMATS",
    "ValidationReport",
    "ValidationResult",
    "load_ontology",
    "load_schemes",
    "load_shapes",
    "validate_file",
    "validate_graph",
    "validate_ntriples",
    "validate_source",
    "validate_sources",
    "validate_store",
]


FORMATS = {".ttl": "turtle", ".nt": "nt", ".nq": "nquads", ".trig": "trig"}
FORMATS |= {".jsonld": "json-ld", ".json": "json-ld"}


_PATH_FORMS = {SH.inversePath: "^{}", SH.zeroOrMorePath: "({})*", SH.oneOrMorePath: "({})+"}
_PATH_FORMS[SH.zeroOrOnePath] = "({})?"


_BAD_SYNTAX = re.compile(r"at line (\d+) of <[^>]*>:\s*Bad syntax \((.*?)\) at \^")


class Exportable(Protocol):
    """A store that writes its quads, e.g. ``kg.store``'s store with ``fmt="nquads"``."""

    def export(self, out: BinaryIO, fmt: str) -> object: ...


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
                focus_node=render_term(to_rdflib(v.focus), names),
                path=v.check.path,
                value=None if v.value is None else render_term(to_rdflib(v.value), names),
                message=v.check.message,
                shape=v.check.shape,
                constraint=v.check.constraint,
            )
            for v in violations
        },
        key=lambda r: (r.shape, r.focus_node, r.path or "", r.constraint, r.value or "", r.message),
    )
    shapes = load_shapes()
    shape_names = {r.shape: shape_name(shapes, r.shape) for r in results}
    seconds = time.perf_counter() - start
    conforms = not any(r.severity == "Violation" for r in results)
    return ValidationReport(conforms, results, triples, seconds, shape_names, report_graph(results))


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
        data += concepts_used(data)
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
    shape_names = {r.shape: shape_name(shapes, r.shape) for r in results}
    seconds = time.perf_counter() - start
    return ValidationReport(bool(conforms), results, triples, seconds, shape_names, report)


def _needs_advanced(shapes: Graph) -> bool:
    """Return whether the shapes use SHACL Advanced Features (rules, custom targets)."""
    return any((None, p, None) in shapes for p in (SH.rule, SH.target))


def _result(report: Graph, node: Node, names: NamespaceManager) -> ValidationResult:
    """Convert one ``sh:ValidationResult`` node of pyshacl's report."""
    constraint = local_name(report.value(node, SH.sourceConstraintComponent))
    message = in_english(report.objects(node, SH.resultMessage), f"{constraint} failed")
    path = report.value(node, SH.resultPath)
    value = report.value(node, SH.value)
    return ValidationResult(
        severity=local_name(report.value(node, SH.resultSeverity)),
        focus_node=render_term(report.value(node, SH.focusNode), names),
        path=None if path is None else _path(report, path, names),
        value=None if value is None else render_term(value, names),
        message=message,
        shape=render_term(report.value(node, SH.sourceShape), names),
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
    return render_term(path, names)


def _reason(exc: Exception) -> str:
    """Return a one-line reason from a parser's exception."""
    match = _BAD_SYNTAX.search(str(exc))
    if match:
        return f"line {match[1]}: bad syntax ({match[2]})"
    lines = str(exc).strip().splitlines() or [type(exc).__name__]
    return lines[0][:200]
