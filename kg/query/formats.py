"""The one registry of output formats for query results.

Solutions (SELECT) and booleans (ASK) are written as ``table``, ``csv``, ``tsv``, ``json``
(SPARQL 1.1 Query Results JSON), ``jsonl`` or ``xml``; graphs (CONSTRUCT, DESCRIBE) as
``turtle``, ``jsonld`` or ``nt``. ``kg query --format`` and ``kg serve`` (by ``Accept`` or
``format=``) choose from the same table. The writers work on a :class:`QueryResult` already
read into memory (pyoxigraph's own serializers consume the live result, which the row limit
and the table need to read first); tests read every format back with pyoxigraph's parsers.
"""

from __future__ import annotations

import csv
import io
import json
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, BinaryIO
from xml.sax.saxutils import escape, quoteattr

import pyoxigraph as ox

from kg.errors import UsageError
from kg.query.run import QueryResult, Value

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"


@dataclass(frozen=True)
class OutputFormat:
    """A way to write query results.

    Attributes:
        name: the name users give (``--format``, ``format=``).
        media_type: the Content-Type it is sent with.
        graph: True for graph formats (CONSTRUCT/DESCRIBE), False for solutions and booleans.
        write: writes a result to a binary stream.
    """

    name: str
    media_type: str
    graph: bool
    write: Callable[[QueryResult, BinaryIO], None]


# Terms as plain values


def term_json(term: Value) -> dict[str, Any]:
    """Return a term as SPARQL 1.1 Query Results JSON."""
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Triple):
        return {
            "type": "triple",
            "value": {
                "subject": term_json(term.subject),
                "predicate": term_json(term.predicate),
                "object": term_json(term.object),
            },
        }
    value: dict[str, Any] = {"type": "literal", "value": term.value}
    if term.language:
        value["xml:lang"] = term.language
    elif term.datatype.value != XSD_STRING:
        value["datatype"] = term.datatype.value
    return value


def term_text(term: Value | None) -> str:
    """Return a term as plain text (an IRI or a literal's lexical form), '' when unbound."""
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Triple):
        return str(term)
    return term.value


# Solutions and booleans


def _write_json(result: QueryResult, out: BinaryIO) -> None:
    if result.kind == "boolean":
        document: dict[str, Any] = {"head": {}, "boolean": result.boolean}
    else:
        bindings = [
            {
                name: term_json(term)
                for name, term in zip(result.variables, row, strict=True)
                if term is not None
            }
            for row in result.rows
        ]
        document = {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
    out.write(json.dumps(document, ensure_ascii=False).encode("utf-8"))
    out.write(b"\n")


def _write_jsonl(result: QueryResult, out: BinaryIO) -> None:
    if result.kind == "boolean":
        out.write(json.dumps({"boolean": result.boolean}).encode() + b"\n")
        return
    for row in result.rows:
        line = {
            name: term_text(term)
            for name, term in zip(result.variables, row, strict=True)
            if term is not None
        }
        out.write(json.dumps(line, ensure_ascii=False).encode("utf-8") + b"\n")


def _write_delimited(result: QueryResult, out: BinaryIO, tsv: bool) -> None:
    text = io.StringIO(newline="")
    if result.kind == "boolean":
        text.write(("true" if result.boolean else "false") + ("\n" if tsv else "\r\n"))
    elif tsv:  # SPARQL 1.1 TSV: ?-prefixed header, terms in N-Triples/Turtle syntax
        text.write("\t".join(f"?{name}" for name in result.variables) + "\n")
        for row in result.rows:
            text.write("\t".join("" if t is None else str(t) for t in row) + "\n")
    else:  # SPARQL 1.1 CSV: plain values
        writer = csv.writer(text, lineterminator="\r\n")
        writer.writerow(result.variables)
        writer.writerows([term_text(t) for t in row] for row in result.rows)
    out.write(text.getvalue().encode("utf-8"))


def _write_xml(result: QueryResult, out: BinaryIO) -> None:
    parts = ['<?xml version="1.0"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">']
    if result.kind == "boolean":
        parts.append(f"<head/><boolean>{'true' if result.boolean else 'false'}</boolean>")
    else:
        parts.append("<head>")
        parts.extend(f"<variable name={quoteattr(name)}/>" for name in result.variables)
        parts.append("</head><results>")
        for row in result.rows:
            parts.append("<result>")
            for name, term in zip(result.variables, row, strict=True):
                if term is not None:
                    parts.append(f"<binding name={quoteattr(name)}>{_xml_term(term)}</binding>")
            parts.append("</result>")
        parts.append("</results>")
    parts.append("</sparql>\n")
    out.write("".join(parts).encode("utf-8"))


def _xml_term(term: Value) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Triple):
        inner = "".join(
            f"<{part}>{_xml_term(getattr(term, part))}</{part}>"
            for part in ("subject", "predicate", "object")
        )
        return f"<triple>{inner}</triple>"
    if term.language:
        return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
    if term.datatype.value != XSD_STRING:
        return f"<literal datatype={quoteattr(term.datatype.value)}>{escape(term.value)}</literal>"
    return f"<literal>{escape(term.value)}</literal>"


# The table: aligned columns on a terminal, East Asian wide characters counting double


def display_width(text: str) -> int:
    """Return how many terminal columns ``text`` takes (wide and full-width characters: 2)."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


def fit(text: str, width: int) -> str:
    """Cut ``text`` to at most ``width`` columns (ending with …) and pad it to ``width``."""
    text = " ".join(text.split())  # one line per row
    if display_width(text) > width:
        kept, used = [], 0
        for ch in text:
            w = display_width(ch)
            if used + w > width - 1:
                break
            kept.append(ch)
            used += w
        text = "".join(kept) + "…"
    return text + " " * (width - display_width(text))


def compact(term: Value | None) -> str:
    """Return a term for reading: IRIs with the project's prefixes, literals as their text."""
    from kg.store import PREFIXES

    if isinstance(term, ox.NamedNode):
        for prefix, namespace in PREFIXES.items():
            if term.value.startswith(namespace) and term.value != namespace:
                return f"{prefix}:{term.value[len(namespace) :]}"
    return term_text(term)


def format_table(result: QueryResult, max_width: int = 60) -> str:
    """Return the result as aligned text columns, each at most ``max_width`` columns wide."""
    if result.kind == "boolean":
        return ("true" if result.boolean else "false") + "\n"
    cells = [[compact(term) for term in row] for row in result.rows]
    widths = [
        min(
            max([display_width(name)] + [display_width(" ".join(row[i].split())) for row in cells]),
            max_width or 10**9,
        )
        for i, name in enumerate(result.variables)
    ]
    lines = [
        "  ".join(fit(name, w) for name, w in zip(result.variables, widths, strict=True)),
        "  ".join("-" * w for w in widths),
    ]
    lines.extend("  ".join(fit(c, w) for c, w in zip(row, widths, strict=True)) for row in cells)
    lines.append(f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''})")
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _write_table(result: QueryResult, out: BinaryIO) -> None:
    out.write(format_table(result).encode("utf-8"))


# Graphs


def _graph_writer(rdf_format: ox.RdfFormat) -> Callable[[QueryResult, BinaryIO], None]:
    def write(result: QueryResult, out: BinaryIO) -> None:
        from kg.store import PREFIXES

        prefixes = PREFIXES if rdf_format is not ox.RdfFormat.N_TRIPLES else None
        data = ox.serialize(result.triples, format=rdf_format, prefixes=prefixes)
        out.write(data or b"")

    return write


def _formats() -> Iterable[OutputFormat]:
    yield OutputFormat("table", "text/plain; charset=utf-8", False, _write_table)
    yield OutputFormat(
        "csv", "text/csv; charset=utf-8", False, lambda r, o: _write_delimited(r, o, False)
    )
    yield OutputFormat(
        "tsv",
        "text/tab-separated-values; charset=utf-8",
        False,
        lambda r, o: _write_delimited(r, o, True),
    )
    yield OutputFormat("json", "application/sparql-results+json", False, _write_json)
    yield OutputFormat("jsonl", "application/x-ndjson", False, _write_jsonl)
    yield OutputFormat("xml", "application/sparql-results+xml", False, _write_xml)
    yield OutputFormat(
        "turtle", "text/turtle; charset=utf-8", True, _graph_writer(ox.RdfFormat.TURTLE)
    )
    yield OutputFormat("jsonld", "application/ld+json", True, _graph_writer(ox.RdfFormat.JSON_LD))
    yield OutputFormat("nt", "application/n-triples", True, _graph_writer(ox.RdfFormat.N_TRIPLES))


FORMATS: dict[str, OutputFormat] = {f.name: f for f in _formats()}
"""Every output format, by name."""
RESULT_FORMATS = [f.name for f in FORMATS.values() if not f.graph]
GRAPH_FORMATS = [f.name for f in FORMATS.values() if f.graph]


def choose_format(result: QueryResult, name: str | None, *, default: str = "table") -> OutputFormat:
    """Return the format called ``name`` for this result; None picks ``default`` or Turtle.

    Raises:
        UsageError: no such format, or one that does not fit the result (a graph as CSV).
    """
    if name is None:
        name = "turtle" if result.kind == "graph" else default
    if name not in FORMATS:
        raise UsageError(f"unknown format {name!r}; choose one of {', '.join(FORMATS)}")
    chosen = FORMATS[name]
    if chosen.graph != (result.kind == "graph"):
        fitting = GRAPH_FORMATS if result.kind == "graph" else RESULT_FORMATS
        what = (
            "a graph (CONSTRUCT/DESCRIBE)" if result.kind == "graph" else "solutions or a boolean"
        )
        raise UsageError(f"format {name} cannot write {what}; choose one of {', '.join(fitting)}")
    return chosen


def write_result(result: QueryResult, out: BinaryIO, fmt: str | None = None) -> OutputFormat:
    """Write ``result`` to ``out`` in format ``fmt`` (see :func:`choose_format`); return it."""
    chosen = choose_format(result, fmt)
    chosen.write(result, out)
    return chosen


class NotAcceptable(UsageError):
    """No output format fits both the request's Accept header and the result."""


# Media types clients send that are not a format's own (SPARQL protocol habits)
_ALIASES = {
    "application/json": "json",
    "text/json": "json",
    "application/sparql-results+json": "json",
    "application/x-ndjson": "jsonl",
    "application/jsonl": "jsonl",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
    "text/plain": "table",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/ld+json": "jsonld",
    "application/n-triples": "nt",
}


def negotiate(result: QueryResult, fmt: str | None, accept: str | None) -> OutputFormat:
    """Choose the format for an HTTP response: ``format=`` first, then the Accept header.

    Without either (or with ``*/*``): SPARQL JSON for solutions and booleans, Turtle for
    graphs. ``format=`` takes a format name or a media type.

    Raises:
        UsageError: ``format=`` names no format, or one that does not fit the result.
        NotAcceptable: nothing in the Accept header fits the result.
    """
    if fmt:
        return choose_format(result, _ALIASES.get(fmt.split(";")[0].strip().lower(), fmt))
    fitting = [f for f in FORMATS.values() if f.graph == (result.kind == "graph")]
    default = FORMATS["turtle" if result.kind == "graph" else "json"]
    if not accept:
        return default
    ranges = []
    for position, part in enumerate(accept.split(",")):
        media, *params = (piece.strip() for piece in part.split(";"))
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        if media and quality > 0:
            ranges.append((-quality, position, media.lower()))
    for _, _, media in sorted(ranges):
        if media in ("*/*", "application/*", "text/*"):
            kind = media.split("/")[0]
            if kind == "*" or default.media_type.startswith(kind):
                return default
            for candidate in fitting:
                if candidate.media_type.startswith(kind):
                    return candidate
            continue
        name = _ALIASES.get(media)
        if name and FORMATS[name] in fitting:
            return FORMATS[name]
    offered = ", ".join(f.media_type.split(";")[0] for f in fitting)
    raise NotAcceptable(f"cannot answer Accept: {accept}; this result is offered as {offered}")
