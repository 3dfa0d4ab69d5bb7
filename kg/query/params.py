"""Turn the values given for a canned query's parameters into RDF terms to bind.

A value is never put into query text. An IRI (``https://…`` or ``<https://…>``) becomes a
NamedNode; a name is looked up by a bound query that compares matching keys (NFKC, no white
space, variant kanji folded, Latin case ignored: :func:`kg.japanese.match_key`) with the
stored labels folded the same way in SPARQL; free text is NFKC-normalized like the
statements it is matched against.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol

import pyoxigraph as ox

from kg.errors import UsageError
from kg.japanese import VARIANTS, match_key, nfkc
from kg.query.catalogue import CannedQuery, Parameter

if TYPE_CHECKING:
    from kg.store import Store

Term = ox.NamedNode | ox.Literal
Bindings = dict[str, Term]


class QueryableStore(Protocol):
    """What parameter lookups need of a store: kg.store.Store and kg.remote.RemoteStore."""

    def query(
        self,
        sparql: str,
        *,
        use_default_graph_as_union: bool = True,
        bindings: Mapping[str, Term] | None = None,
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples: ...


_IRI = re.compile(r"<?(?P<iri>[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]+)>?")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")
_CLASSES = {
    "actor": "org:FormalOrganization foaf:Person",
    "person": "foaf:Person",
    "topic": "skos:Concept",
}
_NOUNS = {"actor": "organization or person", "person": "person", "topic": "topic"}


def _folding(variable: str) -> str:
    """Return SPARQL BINDs that fold ``?variable`` like :func:`match_key` into ``?folded``.

    One BIND per target character: nested REPLACE calls take Oxigraph minutes to evaluate
    (measured: 100 s for 26 levels on the sample store), a chain of BINDs 2 ms.
    """
    targets: dict[str, str] = {}
    dropped = []
    for code, target in VARIANTS.items():
        if target is None:
            dropped.append(chr(code))
        else:
            targets[target] = targets.get(target, "") + chr(code)
    binds = [f'BIND (REPLACE(STR(?{variable}), "\\\\s", "") AS ?f0)']
    for step, (target, sources) in enumerate(sorted(targets.items())):
        binds.append(f'BIND (REPLACE(?f{step}, "[{sources}]", "{target}") AS ?f{step + 1})')
    binds.append(f'BIND (LCASE(REPLACE(?f{len(targets)}, "[{"".join(dropped)}]", "")) AS ?folded)')
    return "\n  ".join(binds)


# ?key is bound to the folded name; the classes are constants of this module.
_LOOKUP = """
SELECT DISTINCT ?key ?match ?name WHERE {
  VALUES ?class { %s }
  ?match a ?class ; skos:prefLabel|skos:altLabel|foaf:name ?label .
  %s
  FILTER (?folded = ?key)
  OPTIONAL { ?match skos:prefLabel|foaf:name ?name FILTER (LANG(?name) = "ja") }
}
ORDER BY ?match
"""


def bind_parameters(
    store: QueryableStore, query: CannedQuery, values: Mapping[str, str]
) -> Bindings:
    """Return the RDF terms to bind for ``values`` (parameter name → value as given).

    Raises:
        UsageError: an unknown parameter, a required one missing, a malformed IRI, or a name
            that matches nothing or more than one thing (the message lists them).
    """
    bindings: Bindings = {}
    for name, value in values.items():
        bindings[name] = parameter_term(store, query.parameter(name), value)
    missing = [p.name for p in query.parameters if p.required and p.name not in values]
    if missing:
        needed = query.parameter(missing[0])
        example = f" (e.g. {query.examples[0]})" if query.examples else ""
        raise UsageError(
            f"query {query.name} needs -p {needed.name}=VALUE: {needed.description}{example}"
        )
    return bindings


def parameter_term(store: QueryableStore, parameter: Parameter, value: str) -> Term:
    """Return the RDF term for one parameter value (see :func:`bind_parameters`)."""
    value = value.strip()
    if not value:
        raise UsageError(f"parameter {parameter.name} is empty")
    if parameter.kind == "text":
        return ox.Literal(nfkc(value))
    iri = _IRI.fullmatch(value)
    looks_like_iri = value.startswith("<") or _SCHEME.match(value) or (iri and value.isascii())
    if parameter.kind == "term" and not looks_like_iri:
        return ox.Literal(value)
    if parameter.kind in ("iri", "term") or looks_like_iri:
        if not iri:
            raise UsageError(f"parameter {parameter.name}: not an IRI: {value!r}")
        try:
            return ox.NamedNode(iri["iri"])
        except ValueError as error:
            raise UsageError(f"parameter {parameter.name}: not an IRI: {error}") from error
    return resolve_name(store, parameter, value)


def resolve_name(store: QueryableStore, parameter: Parameter, name: str) -> ox.NamedNode:
    """Return the one node of the parameter's kind whose label matches ``name``.

    Topics not found in the store are looked up in the bundled topic scheme.

    Raises:
        UsageError: nothing or more than one thing has that name.
    """
    sparql = _LOOKUP % (_CLASSES[parameter.kind], _folding("label"))
    key = ox.Literal(match_key(name).lower())
    matches = _lookup(store, sparql, key)
    if not matches and parameter.kind == "topic":
        matches = _lookup(_bundled_scheme(), sparql, key)
    noun = _NOUNS[parameter.kind]
    if not matches:
        raise UsageError(f"parameter {parameter.name}: no {noun} named {name!r} in the graph")
    if len(matches) > 1:
        listed = "; ".join(f"{label} <{iri}>" for iri, label in matches.items())
        raise UsageError(
            f"parameter {parameter.name}: {name!r} names {len(matches)} of them: {listed}; "
            "give the IRI instead"
        )
    return ox.NamedNode(next(iter(matches)))


def _lookup(store: QueryableStore, sparql: str, key: ox.Literal) -> dict[str, str]:
    """Run the name lookup; return matching IRIs with a display name."""
    solutions = store.query(sparql, use_default_graph_as_union=True, bindings={"key": key})
    assert isinstance(solutions, ox.QuerySolutions)
    found: dict[str, str] = {}
    for row in solutions:
        match, label = row["match"], row["name"]
        if isinstance(match, ox.NamedNode):
            found.setdefault(match.value, label.value if label is not None else match.value)
    return found


@lru_cache(maxsize=1)
def _bundled_scheme() -> Store:
    """The bundled topic scheme (ontology/topics.ttl) in a store of its own, in memory."""
    from kg.resources import resource_path
    from kg.store import Store

    store = Store.memory()
    store.oxigraph.load(
        path=str(resource_path("ontology", "topics.ttl")), format=ox.RdfFormat.TURTLE
    )
    return store
