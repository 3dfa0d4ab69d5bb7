"""The catalogue of canned queries: ``ontology/queries/*.rq`` files with a header comment.

A header is the run of ``#`` comment lines that opens the file, in ``key: value`` lines
(an indented line continues the value before it)::

    # title: Statements by an actor
    # description: What an organization or a person said …
    # param: actor (actor) an organization or person: a name or an IRI
    # param: since (text, optional) …
    # example: kg query statements-by -p actor=国分寺市

A parameter's kind (``actor``, ``person``, ``topic``, ``text``, ``iri``, ``term``: an IRI if
it looks like one, else a literal) says how a value
given on the command line becomes an RDF term (:mod:`kg.query.params`); it is bound to the
query variable of the same name, which the query projects.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from kg.errors import InputError, UsageError

KINDS = ("actor", "person", "topic", "text", "iri", "term")
_FIELD = re.compile(r"#\s?(?P<key>[a-z]+):\s*(?P<value>.*)$")
_PARAM = re.compile(
    r"(?P<name>[A-Za-z_][A-Za-z0-9_]*)\s*\((?P<kind>[a-z]+)(?P<optional>,\s*optional)?\)\s*"
    r"(?P<description>.*)$"
)


@dataclass(frozen=True)
class Parameter:
    """A parameter of a canned query.

    Attributes:
        name: the parameter's name, also the query variable it binds (``actor`` → ``?actor``).
        kind: how a value is turned into an RDF term: one of :data:`KINDS`.
        description: what the value is, for help texts.
        required: whether a value must be given.
    """

    name: str
    kind: str
    description: str
    required: bool = True


@dataclass(frozen=True)
class CannedQuery:
    """A canned query: its SPARQL text and what its header says.

    Example:
        >>> query = canned_query("statements-by")
        >>> query.title, [p.name for p in query.parameters]
        ('Statements by an actor', ['actor'])
    """

    name: str
    title: str
    description: str
    sparql: str
    path: Path
    parameters: tuple[Parameter, ...] = ()
    examples: tuple[str, ...] = field(default=())

    def parameter(self, name: str) -> Parameter:
        """Return the parameter called ``name``.

        Raises:
            UsageError: the query has no such parameter.
        """
        for parameter in self.parameters:
            if parameter.name == name:
                return parameter
        known = ", ".join(p.name for p in self.parameters) or "none"
        raise UsageError(f"query {self.name} has no parameter {name!r} (parameters: {known})")

    def to_dict(self) -> dict[str, object]:
        """Return the query's description as plain JSON values (for the query page)."""
        return {
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "parameters": [
                {
                    "name": p.name,
                    "kind": p.kind,
                    "description": p.description,
                    "required": p.required,
                }
                for p in self.parameters
            ],
            "examples": list(self.examples),
            "sparql": self.sparql,
        }


def parse_canned_query(path: Path) -> CannedQuery:
    """Read one ``.rq`` file and its header.

    Raises:
        InputError: the file cannot be read, or its header lacks a title or names a parameter
            badly.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise InputError(f"cannot read canned query: {error}", str(path)) from error
    return _parse_text(text, path)


def _parse_text(text: str, path: Path) -> CannedQuery:
    """Parse a query's header and keep its text."""
    fields: dict[str, list[str]] = {}
    key = ""
    for number, line in enumerate(text.splitlines(), 1):
        if not line.startswith("#"):
            break
        match = _FIELD.match(line)
        if match:
            key = match["key"]
            fields.setdefault(key, []).append(match["value"].strip())
        elif key and line[1:].startswith("  "):
            fields[key][-1] += " " + line[1:].strip()
        elif line.strip("# "):
            raise InputError(f"line {number}: header lines read '# key: value'", str(path))
    if not fields.get("title"):
        raise InputError("the header has no '# title:' line", str(path))
    parameters = tuple(_parameter(value, path) for value in fields.get("param", []))
    return CannedQuery(
        name=path.stem,
        title=fields["title"][0],
        description=" ".join(fields.get("description", [])),
        sparql=text,
        path=path,
        parameters=parameters,
        examples=tuple(fields.get("example", [])),
    )


def _parameter(value: str, path: Path) -> Parameter:
    """Parse a ``name (kind[, optional]) description`` header value."""
    match = _PARAM.match(value)
    if not match or match["kind"] not in KINDS:
        raise InputError(
            f"'# param: {value}' should read 'NAME (KIND[, optional]) description' with KIND "
            f"one of {', '.join(KINDS)}",
            str(path),
        )
    return Parameter(
        match["name"], match["kind"], match["description"].strip(), not match["optional"]
    )


def queries_dir() -> Path:
    """Return the folder of the bundled canned queries."""
    from kg.resources import resource_path

    return resource_path("ontology", "queries")


@lru_cache(maxsize=4)
def load_catalogue(folder: Path | None = None) -> dict[str, CannedQuery]:
    """Return every canned query in ``folder`` (default: the bundled ones), by name."""
    folder = folder or queries_dir()
    return {path.stem: parse_canned_query(path) for path in sorted(folder.glob("*.rq"))}


def canned_query(name: str) -> CannedQuery:
    """Return the bundled canned query called ``name``.

    Raises:
        UsageError: there is no such query.
    """
    catalogue = load_catalogue()
    if name not in catalogue:
        raise UsageError(
            f"no canned query {name!r}; `kg queries` lists them: {', '.join(catalogue)}"
        )
    return catalogue[name]


def adhoc_query(sparql: str, names: Iterable[str] = (), source: str = "-") -> CannedQuery:
    """Return an ad-hoc query as a CannedQuery whose parameters ``names`` take any term.

    A file with a header (``# title: …``) keeps its own parameters instead.
    """
    path = Path(source)
    if sparql.startswith("# title:"):
        query = _parse_text(sparql, path)
        if query.parameters:
            return query
    params = tuple(Parameter(name, "term", "an IRI (<…>) or a literal") for name in names)
    return CannedQuery(path.stem or "query", "ad-hoc query", "", sparql, path, params)
