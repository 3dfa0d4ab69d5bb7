"""Refuse what a read-only query service must not run: updates, SERVICE, dataset clauses.

Oxigraph evaluates ``SERVICE <url>`` by fetching the URL over HTTP, and with the union
default graph it silently ignores ``FROM``; an update string passed to ``query`` fails with
a parser message ("expected CONSTRUCT") that does not say why. So every query is first read
token by token (strings, IRIs, comments, variables and prefixed names skipped) and refused
with a message that names the cause.

``<`` is both the start of an IRI and the less-than operator, and only the grammar tells
which: in ``FILTER(1<2)SERVICE#>`` + newline + ``<http://host/>{}`` the text from ``<`` to
``#>`` reads as an IRI, yet Oxigraph reads an operator, a SERVICE and a comment, and fetches
the URL. An expression is always closed by ``)`` before a graph pattern can follow, so an
"IRI" holding ``)`` is read once more as query text.
"""

from __future__ import annotations

import re

from kg.errors import UsageError

_TOKEN = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'  # long strings
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'  # short strings
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"  # IRIs
    r"|#[^\n]*"  # comments
    r"|[?$][\w]+"  # variables
    r"|[\w.-]*:[\w.:%-]*"  # prefixed names
    r"|(?P<word>[A-Za-z_]\w*)",
    re.DOTALL,
)
UPDATE_KEYWORDS = frozenset(
    {"INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH"}
)


class QueryRefused(UsageError):
    """The query asks for something a read-only query service does not do."""


def check_read_only(sparql: str) -> None:
    """Raise :class:`QueryRefused` if ``sparql`` updates, calls SERVICE or names a dataset.

    Example:
        >>> check_read_only("SELECT * WHERE { ?s ?p 'LOAD' }")
        >>> check_read_only("LOAD <http://example.org/data.ttl>")
        Traceback (most recent call last):
        ...
        kg.query.guard.QueryRefused: SPARQL Update (LOAD) is refused: queries are read-only
    """
    for match in _TOKEN.finditer(sparql):
        token = match.group()
        if token.startswith("<") and ")" in token:  # maybe the less-than operator
            check_read_only(token[1:])
        word = (match["word"] or "").upper()
        if word in UPDATE_KEYWORDS:
            raise QueryRefused(f"SPARQL Update ({word}) is refused: queries are read-only")
        if word == "SERVICE":
            raise QueryRefused(
                "SERVICE is refused: queries run on this store only, never on other servers"
            )
        if word == "FROM":
            raise QueryRefused(
                "FROM and FROM NAMED are refused: the default graph is the union of the "
                "store's graphs; use GRAPH <iri> { … } to query one of them"
            )


def top_level_keywords(sparql: str) -> set[str]:
    """The keywords of ``sparql`` outside every ``{…}`` (strings, IRIs and comments skipped).

    Example:
        >>> sorted(top_level_keywords("SELECT * WHERE { ?s ?p 'LIMIT' } LIMIT 5"))
        ['LIMIT', 'SELECT', 'WHERE']
    """
    depth, words = 0, set()
    for match in re.finditer(f"{_TOKEN.pattern}|(?P<brace>[{{}}])", sparql, re.DOTALL):
        if match["brace"]:
            depth += 1 if match["brace"] == "{" else -1
        elif match["word"] and depth == 0:
            words.add(match["word"].upper())
    return words
