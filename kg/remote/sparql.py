"""SPARQL query text for a remote server: predeclared prefixes, query form, bound values.

The embedded store predeclares the project's prefixes and binds values through pyoxigraph's
``substitutions``; a SPARQL server gets plain text. :func:`prepare_query` adds the missing
``PREFIX`` lines and turns bindings into a ``VALUES`` block placed first in the query's WHERE
group and first in the group of every sub-SELECT, so a binding is in scope everywhere (FILTERs,
BINDs and sub-SELECTs included), as a substitution is: a sub-SELECT does not see the outer
group's variables, and a substitution reaches into it. Terms are written by pyoxigraph
(``str(term)``: N-Triples, escaped), and variable names are checked, so no value can change
the query around it.

A small lexer (strings, IRIs, comments, brackets) finds where the WHERE group opens: the first
``{`` outside brackets after a query form's keyword, past a CONSTRUCT template. A
query with no group of its own (``CONSTRUCT WHERE { triples }``, ``DESCRIBE <iri>``) gets the
block at its end, which there means the same.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator, Mapping
from typing import NamedTuple

import pyoxigraph as ox

from kg.errors import UsageError

FORMS = ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")
_VARNAME = re.compile(r"[A-Za-z0-9_\u00b7\u00c0-\U000effff]+")
_TOKEN = re.compile(
    r"""(?P<space>\s+)
      | (?P<comment>\#[^\n]*)
      | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
                  |"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
      | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
      | (?P<bracket>[{}()\[\]])
      | (?P<word>[^\s{}()\[\]<>"'\#,;]+)
      | (?P<other>.)""",
    re.VERBOSE | re.DOTALL,
)


class Token(NamedTuple):
    """One lexical token: its kind (a group name of the lexer), text and offset."""

    kind: str
    text: str
    start: int


def tokens(query: str) -> Iterator[Token]:
    """Yield the significant tokens of ``query`` (no spaces, no comments)."""
    for match in _TOKEN.finditer(query):
        kind = match.lastgroup or "other"
        if kind not in ("space", "comment"):
            yield Token(kind, match.group(), match.start())


def query_form(query: str) -> str | None:
    """Return SELECT, CONSTRUCT, ASK or DESCRIBE, or None for something else (an update)."""
    for token in tokens(query):
        word = token.text.upper()
        if word in FORMS:
            return word
        if token.kind == "word" and word not in ("PREFIX", "BASE") and not word.endswith(":"):
            return None
    return None


def declared_prefixes(query: str) -> set[str]:
    """Return the prefix names ``query`` declares itself."""
    found: set[str] = set()
    previous = ""
    for token in tokens(query):
        if previous == "PREFIX" and token.kind == "word":
            found.add(token.text.rstrip(":"))
        previous = token.text.upper()
        if previous in FORMS:
            break
    return found


def prepare_query(
    query: str,
    prefixes: Mapping[str, str],
    bindings: Mapping[str, ox.NamedNode | ox.Literal] | None = None,
) -> str:
    """Return ``query`` with the prefixes it lacks declared and ``bindings`` as a VALUES block.

    Raises:
        UsageError: a binding's name is not a SPARQL variable name or its value not an IRI
            or a literal.
    """
    own = declared_prefixes(query)
    prologue = "".join(f"PREFIX {p}: <{n}>\n" for p, n in prefixes.items() if p not in own)
    if bindings:
        query = _with_values(query, _values_block(bindings))
    return prologue + query


def _values_block(bindings: Mapping[str, ox.NamedNode | ox.Literal]) -> str:
    names, terms = [], []
    for name, term in bindings.items():
        if not _VARNAME.fullmatch(name):
            raise UsageError(f"not a SPARQL variable name: {name!r}")
        if not isinstance(term, ox.NamedNode | ox.Literal):
            raise UsageError(f"?{name}: bind an IRI or a literal, not {type(term).__name__}")
        names.append(f"?{name}")
        terms.append(str(term))  # N-Triples: quotes, backslashes and newlines escaped
    return f" VALUES ({' '.join(names)}) {{ ({' '.join(terms)}) }} "


def _with_values(query: str, block: str) -> str:
    """Put ``block`` first in the query's WHERE group and in every sub-SELECT's group (at the
    end when the query has no group of its own)."""
    found = list(tokens(query))
    selects = [i for i, t in enumerate(found) if t.kind == "word" and t.text.upper() == "SELECT"]
    where = _where_group(found)
    if where is None:
        return f"{query}\n{block}"
    groups = {where} | {_where_group(found[i:]) for i in selects}
    # A group that is only a sub-SELECT (`{ SELECT … }`) has no room for a VALUES block.
    only_select = {
        t.start for t, after in itertools.pairwise(found) if after.text.upper() == "SELECT"
    }
    for place in sorted(
        (g for g in groups if g is not None and g not in only_select), reverse=True
    ):
        query = f"{query[: place + 1]}{block}{query[place + 1 :]}"
    return query


def _where_group(found: list[Token]) -> int | None:
    """Return the offset of the brace that opens the WHERE group of the first query form."""
    k = next((i for i, t in enumerate(found) if t.text.upper() in FORMS), None)
    if k is None:
        return None
    if found[k].text.upper() == "CONSTRUCT":
        if k + 1 < len(found) and found[k + 1].text == "{":
            k = _matching(found, k + 1)  # past the template
        elif k + 1 < len(found) and found[k + 1].text.upper() == "WHERE":
            return None  # CONSTRUCT WHERE { triples }: no room for VALUES inside
    depth = 0
    for i in range(k + 1, len(found)):
        text = found[i].text
        if found[i].kind == "bracket" and text in ("(", "["):
            depth += 1
        elif found[i].kind == "bracket" and text in (")", "]"):
            depth -= 1
        elif text == "{" and depth == 0:
            return found[i].start
    return None


def _matching(found: list[Token], opening: int) -> int:
    """Return the index of the brace that closes the one at ``opening``."""
    depth = 0
    for i in range(opening, len(found)):
        if found[i].kind != "bracket":
            continue
        if found[i].text == "{":
            depth += 1
        elif found[i].text == "}":
            depth -= 1
            if depth == 0:
                return i
    raise UsageError("SPARQL query: unbalanced braces")
