"""SHACL Core shapes compiled to SPARQL and run inside Oxigraph: the build's validator.

pyshacl checks about 20k triples/s, which caps ``kg build`` far below the store's own speed.
Here each constraint of ``ontology/shapes.ttl`` becomes one SPARQL SELECT that returns the
violating focus nodes (and values), run by Oxigraph natively: the batch is bulk-loaded into an
in-memory Oxigraph store with the ontology (for ``rdfs:subClassOf``) and the concept schemes,
exactly the data graph pyshacl is given. The results are the same objects as pyshacl's
(:class:`kg.validate.ValidationResult`); ``tests/test_shacl_sparql.py`` runs both engines on
every shape case and on the built samples and requires identical results.

Only the constraint components the shapes use are compiled: class, datatype, nodeKind,
minCount, maxCount, pattern, languageIn, uniqueLang, in, hasValue, minInclusive, minLength,
or, not, qualifiedValueShape with qualifiedMin/MaxCount, lessThan, lessThanOrEquals; targets
by class (with ``rdfs:subClassOf*``), subjects of and objects of a predicate; paths that are
single predicates. Anything else raises :class:`UnsupportedShape` when the shapes are
compiled, so a new kind of constraint cannot be skipped silently (use pyshacl for it).
"""

from __future__ import annotations

import functools
import io
from collections.abc import Iterator
from dataclasses import dataclass

import pyoxigraph as ox
from rdflib import RDF, SH, XSD, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.term import Node

from kg.errors import InputError, KgError

_RDFS_SUBCLASS = "<http://www.w3.org/2000/01/rdf-schema#subClassOf>"
_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
# Datatypes Oxigraph can cast to: a literal of one of them is well formed if the cast of its
# lexical form succeeds. Other datatypes are only compared by IRI.
_CASTS = {
    XSD.date,
    XSD.dateTime,
    XSD.integer,
    XSD.boolean,
    XSD.decimal,
    XSD.double,
    XSD.float,
    XSD.time,
}
_RANGES: dict[Node, str] = {
    SH.minInclusive: ">=",
    SH.maxInclusive: "<=",
    SH.minExclusive: ">",
    SH.maxExclusive: "<",
}
_DESCRIBED = {SH.name, SH.description, SH.message, SH.severity, SH.order, SH.group}
_TARGETS = {SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf}
_STRUCTURE = {SH.property, SH.path, RDF.type, SH.deactivated}
_QUALIFIED = {SH.qualifiedValueShape, SH.qualifiedMinCount, SH.qualifiedMaxCount}


class UnsupportedShape(KgError):
    """The shapes use a SHACL feature this compiler does not translate."""


@dataclass(frozen=True)
class Check:
    """One compiled constraint: the query that returns its violations, and how to report them.

    Attributes:
        shape: the shape that holds the constraint (``sh:sourceShape``).
        path: the property of a property shape, or None for a node shape.
        constraint: the constraint component's local name, e.g. ``ClassConstraintComponent``.
        severity: ``Violation``, ``Warning`` or ``Info``.
        message: the shape's English message (else Japanese, else a generic one).
        query: SELECT ?focus ?value (``?value`` unbound where a result has no value).
    """

    shape: str
    path: str | None
    constraint: str
    severity: str
    message: str
    query: str


@dataclass(frozen=True)
class Violation:
    """A raw result: the check that failed, its focus node and value as pyoxigraph terms."""

    check: Check
    focus: ox.NamedNode | ox.BlankNode | ox.Literal
    value: ox.NamedNode | ox.BlankNode | ox.Literal | None


def compile_shapes(shapes: Graph) -> list[Check]:
    """Translate every active shape with a target into checks.

    Raises:
        UnsupportedShape: a shape uses a feature outside the supported subset.
    """
    checks: list[Check] = []
    for shape in sorted(set(shapes.subjects(RDF.type, SH.NodeShape)), key=str):
        if (shape, SH.deactivated, Literal(True)) in shapes:
            continue
        target = _target(shapes, shape)
        if target is None:
            continue
        checks += _Compiler(shapes, shape, target).node_checks()
    return checks


def run_checks(store: ox.Store, checks: list[Check], *, union: bool = False) -> Iterator[Violation]:
    """Run the checks on ``store`` (its default graph, or the union of all graphs)."""
    for check in checks:
        solutions = store.query(check.query, use_default_graph_as_union=union)
        assert isinstance(solutions, ox.QuerySolutions)
        for row in solutions:
            focus = row["focus"]
            if focus is not None:
                yield Violation(check, focus, row["value"])


@functools.lru_cache(maxsize=1)
def default_checks() -> list[Check]:
    """The compiled ``ontology/shapes.ttl`` (cached)."""
    from kg.validate import load_shapes

    return compile_shapes(load_shapes())


@functools.lru_cache(maxsize=1)
def _context_ntriples() -> bytes:
    """The ontology and the schemes as N-Triples: what every batch is validated with."""
    from kg.validate import load_ontology, load_schemes

    graph = load_ontology() + load_schemes()
    return graph.serialize(format="nt", encoding="utf-8")


def check_ntriples(
    data: bytes, *, checks: list[Check] | None = None
) -> tuple[list[Violation], int]:
    """Check N-Triples ``data`` with the ontology and schemes added, in memory.

    Returns:
        The violations and the number of triples checked.

    Raises:
        InputError: ``data`` is not N-Triples.
    """
    store = ox.Store()
    store.bulk_load(io.BytesIO(_context_ntriples()), ox.RdfFormat.N_TRIPLES)
    try:
        store.bulk_load(io.BytesIO(data), ox.RdfFormat.N_TRIPLES)
    except SyntaxError as error:
        raise InputError(f"N-Triples to validate do not parse: {error}") from error
    violations = list(run_checks(store, default_checks() if checks is None else checks))
    return violations, len(store)


def to_rdflib(term: ox.NamedNode | ox.BlankNode | ox.Literal) -> Node:
    """Return the rdflib term of a pyoxigraph term."""
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == str(XSD.string):
        return Literal(term.value)  # RDF 1.1: the same literal; rdflib prints it plain
    return Literal(term.value, datatype=URIRef(term.datatype.value))


# The compiler


def _iri(node: Node) -> str:
    return f"<{node}>"


def _term(node: Node) -> str:
    """Serialize an rdflib term for SPARQL text, escaped by pyoxigraph (never spliced raw)."""
    if isinstance(node, URIRef):
        return str(ox.NamedNode(str(node)))
    if isinstance(node, Literal):
        if node.language:
            return str(ox.Literal(str(node), language=node.language))
        datatype = node.datatype or XSD.string
        return str(ox.Literal(str(node), datatype=ox.NamedNode(str(datatype))))
    raise UnsupportedShape(f"shapes: blank node {node} used as a value")


def _int(node: Node) -> int:
    """The value of an integer literal of the shapes (a count or a length)."""
    return int(str(node))


def _string(text: str) -> str:
    return str(ox.Literal(text))


def _target(shapes: Graph, shape: Node) -> str | None:
    """The graph pattern binding ``?focus`` to the shape's focus nodes, or None (no target)."""
    parts: list[str] = []
    for cls in shapes.objects(shape, SH.targetClass):
        parts.append(f"{{ ?focus {_RDF_TYPE}/{_RDFS_SUBCLASS}* {_iri(cls)} }}")
    for predicate in shapes.objects(shape, SH.targetSubjectsOf):
        parts.append(f"{{ ?focus {_iri(predicate)} ?targetObject }}")
    for predicate in shapes.objects(shape, SH.targetObjectsOf):
        parts.append(f"{{ ?targetSubject {_iri(predicate)} ?focus }}")
    if not parts:
        return None
    return "{ SELECT DISTINCT ?focus WHERE { " + " UNION ".join(parts) + " } }"


def _english(shapes: Graph, node: Node, predicate: URIRef, default: str) -> str:
    found = {n.language: str(n) for n in shapes.objects(node, predicate) if isinstance(n, Literal)}
    return found.get("en") or found.get("ja") or next(iter(found.values()), default)


class _Compiler:
    """Compiles one node shape (and its property shapes) with its target."""

    def __init__(self, shapes: Graph, shape: Node, target: str) -> None:
        self.shapes = shapes
        self.shape = shape
        self.target = target
        self.fresh = 0

    def node_checks(self) -> list[Check]:
        checks = self._constraints(self.shape, None)
        for prop in sorted(self.shapes.objects(self.shape, SH.property), key=str):
            if (prop, SH.deactivated, Literal(True)) in self.shapes:
                continue
            path = self._path(prop)
            checks += self._constraints(prop, path)
        return checks

    def _path(self, shape: Node) -> URIRef:
        path = self.shapes.value(shape, SH.path)
        if not isinstance(path, URIRef):
            raise UnsupportedShape(f"shapes: {shape} has a complex sh:path; only predicates")
        return path

    def _var(self) -> str:
        self.fresh += 1
        return f"?v{self.fresh}"

    def _check(self, shape: Node, path: URIRef | None, component: str, where: str) -> Check:
        severity = self.shapes.value(shape, SH.severity) or SH.Violation
        return Check(
            shape=str(shape),
            path=None if path is None else str(path),
            constraint=f"{component}ConstraintComponent",
            severity=str(severity).rsplit("#", 1)[-1],
            message=_english(self.shapes, shape, SH.message, f"{component} failed"),
            query=f"SELECT DISTINCT ?focus ?value WHERE {{ {self.target} {where} }}",
        )

    def _constraints(self, shape: Node, path: URIRef | None) -> list[Check]:
        """The checks of one shape's own constraints, on the focus node or on its values."""
        g = self.shapes
        known = _DESCRIBED | _TARGETS | _STRUCTURE | _QUALIFIED | {SH.path}
        checks: list[Check] = []
        values = "BIND(?focus AS ?value)" if path is None else f"?focus {_iri(path)} ?value"
        for predicate, obj in sorted(g.predicate_objects(shape), key=lambda po: str(po[0])):
            if predicate in known or (predicate, obj) == (SH.uniqueLang, Literal(False)):
                continue
            if str(predicate).startswith(str(SH)):
                component = str(predicate).rsplit("#", 1)[-1]
            else:
                continue  # an annotation (gks:describes …)
            if predicate == SH.minCount:
                checks.append(self._min_count(shape, path, _int(obj)))
            elif predicate == SH.maxCount:
                checks.append(self._max_count(shape, path, _int(obj)))
            elif predicate == SH.hasValue:
                where = (
                    f"FILTER NOT EXISTS {{ ?focus {_iri(path)} {_term(obj)} }}"
                    if path is not None
                    else f"FILTER (!sameTerm(?focus, {_term(obj)})) BIND(?focus AS ?value)"
                )
                checks.append(self._check(shape, path, "HasValue", where))
            elif predicate == SH.uniqueLang:
                checks.append(self._unique_lang(shape, path))
            elif predicate in (SH.lessThan, SH.lessThanOrEquals):
                operator = "<" if predicate == SH.lessThan else "<="
                name = "LessThan" if predicate == SH.lessThan else "LessThanOrEquals"
                other = self._var()
                where = (
                    f"{values} . ?focus {_iri(obj)} {other} "
                    f"FILTER (!COALESCE(?value {operator} {other}, false))"
                )
                checks.append(self._check(shape, path, name, where))
            else:
                test = self._value_test(predicate, obj, "?value")
                name = component[0].upper() + component[1:]
                checks.append(self._check(shape, path, name, f"{values} FILTER (!({test}))"))
        qualified = g.value(shape, SH.qualifiedValueShape)
        if qualified is not None:
            checks += self._qualified(shape, path, qualified)
        return checks

    def _min_count(self, shape: Node, path: URIRef | None, n: int) -> Check:
        if path is None:
            raise UnsupportedShape(f"shapes: sh:minCount on node shape {shape}")
        if n == 1:
            where = f"FILTER NOT EXISTS {{ ?focus {_iri(path)} ?any }}"
        else:
            where = (
                f"OPTIONAL {{ SELECT ?focus (COUNT(DISTINCT ?o) AS ?n) WHERE "
                f"{{ ?focus {_iri(path)} ?o }} GROUP BY ?focus }} FILTER (COALESCE(?n, 0) < {n})"
            )
        return self._check(shape, path, "MinCount", where)

    def _max_count(self, shape: Node, path: URIRef | None, n: int) -> Check:
        if path is None:
            raise UnsupportedShape(f"shapes: sh:maxCount on node shape {shape}")
        where = (
            f"{{ SELECT ?focus (COUNT(DISTINCT ?o) AS ?n) WHERE {{ ?focus {_iri(path)} ?o }} "
            f"GROUP BY ?focus }} FILTER (?n > {n})"
        )
        return self._check(shape, path, "MaxCount", where)

    def _unique_lang(self, shape: Node, path: URIRef | None) -> Check:
        if path is None:
            raise UnsupportedShape(f"shapes: sh:uniqueLang on node shape {shape}")
        a, b = self._var(), self._var()
        where = (
            f"?focus {_iri(path)} {a}, {b} FILTER (!sameTerm({a}, {b}) && LANG({a}) != '' "
            f"&& LCASE(LANG({a})) = LCASE(LANG({b})))"
        )
        return self._check(shape, path, "UniqueLang", where)

    def _qualified(self, shape: Node, path: URIRef | None, qualified: Node) -> list[Check]:
        if path is None:
            raise UnsupportedShape(f"shapes: sh:qualifiedValueShape on node shape {shape}")
        if (shape, SH.qualifiedValueShapesDisjoint, Literal(True)) in self.shapes:
            raise UnsupportedShape(f"shapes: sh:qualifiedValueShapesDisjoint in {shape}")
        value = self._var()
        test = self._conforms(qualified, value)
        count = (
            f"OPTIONAL {{ SELECT ?focus (COUNT(DISTINCT {value}) AS ?q) WHERE "
            f"{{ ?focus {_iri(path)} {value} FILTER ({test}) }} GROUP BY ?focus }}"
        )
        checks = []
        low = self.shapes.value(shape, SH.qualifiedMinCount)
        if low is not None:
            where = f"{count} FILTER (COALESCE(?q, 0) < {_int(low)})"
            checks.append(self._check(shape, path, "QualifiedMinCount", where))
        high = self.shapes.value(shape, SH.qualifiedMaxCount)
        if high is not None:
            where = f"{count} FILTER (COALESCE(?q, 0) > {_int(high)})"
            checks.append(self._check(shape, path, "QualifiedMaxCount", where))
        return checks

    def _conforms(self, shape: Node, var: str) -> str:
        """A SPARQL expression: ``var`` conforms to ``shape`` (value constraints only)."""
        g = self.shapes
        tests: list[str] = []
        path = g.value(shape, SH.path)
        if path is not None:
            return self._nested_property(shape, path, var)
        for predicate, obj in g.predicate_objects(shape):
            if predicate in _DESCRIBED or predicate == RDF.type:
                continue
            tests.append(self._value_test(predicate, obj, var))
        return " && ".join(f"({t})" for t in tests) or "true"

    def _nested_property(self, shape: Node, path: Node, var: str) -> str:
        """``var`` conforms to a property shape nested in sh:or/sh:not (counts 0/1 only)."""
        if not isinstance(path, URIRef):
            raise UnsupportedShape(f"shapes: {shape} has a complex sh:path; only predicates")
        g = self.shapes
        tests: list[str] = []
        for predicate, obj in g.predicate_objects(shape):
            if predicate in _DESCRIBED or predicate in (RDF.type, SH.path):
                continue
            other = self._var()
            if predicate == SH.minCount and _int(obj) <= 1:
                tests.append(f"EXISTS {{ {var} {_iri(path)} {other} }}" if _int(obj) else "true")
            elif predicate == SH.maxCount and _int(obj) == 0:
                tests.append(f"NOT EXISTS {{ {var} {_iri(path)} {other} }}")
            elif predicate in (SH.minCount, SH.maxCount):
                raise UnsupportedShape(f"shapes: count {obj} in nested shape {shape}")
            else:
                test = self._value_test(predicate, obj, other)
                tests.append(f"NOT EXISTS {{ {var} {_iri(path)} {other} FILTER (!({test})) }}")
        return " && ".join(f"({t})" for t in tests) or "true"

    def _value_test(self, predicate: Node, obj: Node, var: str) -> str:
        """A SPARQL expression that holds when the value node ``var`` meets one constraint."""
        g = self.shapes
        if predicate == SH["class"]:
            return f"EXISTS {{ {var} {_RDF_TYPE}/{_RDFS_SUBCLASS}* {_iri(obj)} }}"
        if predicate == SH.datatype:
            test = f"isLiteral({var}) && sameTerm(DATATYPE({var}), {_iri(obj)})"
            if obj in _CASTS:  # ill-formed lexical forms fail, as SHACL requires
                test += (
                    f" && COALESCE(sameTerm(DATATYPE({_iri(obj)}(STR({var}))), {_iri(obj)}), false)"
                )
            elif obj == RDF.langString:
                test = f"isLiteral({var}) && LANG({var}) != ''"
            return test
        if predicate == SH.nodeKind:
            kinds = {
                SH.IRI: f"isIRI({var})",
                SH.Literal: f"isLiteral({var})",
                SH.BlankNode: f"isBlank({var})",
                SH.BlankNodeOrIRI: f"(isBlank({var}) || isIRI({var}))",
                SH.BlankNodeOrLiteral: f"(isBlank({var}) || isLiteral({var}))",
                SH.IRIOrLiteral: f"(isIRI({var}) || isLiteral({var}))",
            }
            return kinds[obj]  # type: ignore[index]
        if predicate == SH.pattern:
            flags = g.value(None, SH.flags)  # flags are not used by the shapes
            if flags is not None:
                raise UnsupportedShape("shapes: sh:flags")
            return f"!isBlank({var}) && REGEX(STR({var}), {_string(str(obj))})"
        if predicate == SH.flags:
            raise UnsupportedShape("shapes: sh:flags")
        if predicate == SH.languageIn:
            ranges = [str(tag) for tag in Collection(g, obj)]
            tests = " || ".join(f"langMatches(LANG({var}), {_string(r)})" for r in ranges)
            return f"isLiteral({var}) && ({tests or 'false'})"
        if predicate == SH["in"]:
            members = [_term(m) for m in Collection(g, obj)]
            return " || ".join(f"sameTerm({var}, {m})" for m in members) or "false"
        if predicate == SH.hasValue:
            return f"sameTerm({var}, {_term(obj)})"
        if predicate in _RANGES:  # a failed comparison (another type) is a violation
            return f"COALESCE({var} {_RANGES[predicate]} {_term(obj)}, false)"
        if predicate == SH.minLength:
            return f"!isBlank({var}) && STRLEN(STR({var})) >= {_int(obj)}"
        if predicate == SH.maxLength:
            return f"!isBlank({var}) && STRLEN(STR({var})) <= {_int(obj)}"
        if predicate == SH["or"]:
            alternatives = [self._conforms(s, var) for s in Collection(g, obj)]
            return " || ".join(f"({a})" for a in alternatives) or "false"
        if predicate == SH["not"]:
            return f"!({self._conforms(obj, var)})"
        if predicate == SH["and"]:
            parts = [self._conforms(s, var) for s in Collection(g, obj)]
            return " && ".join(f"({p})" for p in parts) or "true"
        raise UnsupportedShape(f"shapes: {predicate} is not supported by the SPARQL validator")
