"""One resource's triples as Turtle, N-Triples and JSON-LD, and JSON-LD safe inside HTML."""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import pyoxigraph as ox

from kg.store import PREFIXES

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
# The project's prefixes and those of the dataset description (VoID, DCAT).
SITE_PREFIXES: dict[str, str] = {
    **PREFIXES,
    "void": "http://rdfs.org/ns/void#",
    "dcat": "http://www.w3.org/ns/dcat#",
}
# The JSON-LD context of every per-resource file: those prefixes, nothing remote.
CONTEXT: dict[str, str] = dict(sorted(SITE_PREFIXES.items()))
_BY_LENGTH = sorted(SITE_PREFIXES.items(), key=lambda item: -len(item[1]))
_LOCAL_OK = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")


@lru_cache(maxsize=1 << 16)
def compact(iri: str) -> str:
    """Return ``schema:text`` for ``http://schema.org/text`` when a prefix fits, else the IRI."""
    for prefix, namespace in _BY_LENGTH:
        if iri.startswith(namespace):
            local = iri[len(namespace) :]
            if local and local[0] not in "0123456789-" and set(local) <= _LOCAL_OK:
                return f"{prefix}:{local}"
    return iri


def to_turtle(triples: Iterable[ox.Triple]) -> bytes:
    """Serialize triples as Turtle with the project's prefixes."""
    return ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=SITE_PREFIXES) or b""


def to_ntriples(triples: Iterable[ox.Triple]) -> bytes:
    """Serialize triples as N-Triples."""
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""


def _node_id(term: ox.NamedNode | ox.BlankNode) -> str:
    return term.value if isinstance(term, ox.NamedNode) else f"_:{term.value}"


def _value(term: Any) -> dict[str, Any]:
    if isinstance(term, ox.NamedNode | ox.BlankNode):
        return {"@id": _node_id(term)}
    if term.language:
        return {"@value": term.value, "@language": term.language}
    if term.datatype.value == XSD_STRING:
        return {"@value": term.value}
    return {"@value": term.value, "@type": compact(term.datatype.value)}


def to_jsonld(triples: Iterable[ox.Triple]) -> dict[str, Any]:
    """Return triples as a JSON-LD document: ``@graph`` of nodes, keys as compact IRIs.

    The context only declares prefixes and every value is an explicit value object, so the
    document means exactly its triples whichever JSON-LD processor reads it, offline.
    """
    nodes: dict[str, dict[str, Any]] = {}
    for triple in triples:
        subject = _node_id(triple.subject)  # type: ignore[arg-type]
        node = nodes.setdefault(subject, {"@id": subject})
        predicate = triple.predicate.value
        if predicate == RDF_TYPE and isinstance(triple.object, ox.NamedNode):
            node.setdefault("@type", []).append(compact(triple.object.value))
        else:
            node.setdefault(compact(predicate), []).append(_value(triple.object))
    return {"@context": CONTEXT, "@graph": list(nodes.values())}


def jsonld_bytes(document: dict[str, Any]) -> bytes:
    """Serialize a JSON-LD document as UTF-8 with Japanese unescaped."""
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def jsonld_for_html(document: dict[str, Any]) -> str:
    """Serialize JSON-LD for a ``<script>`` element: ``<``, ``>``, ``&`` as ``\\u003c`` etc.

    Nothing in the result can close the script element or open a comment, whatever the
    statements' text holds; U+2028 and U+2029 are escaped too, so a consumer that reads the
    block as JavaScript rather than JSON does not break on them.
    """
    text = json.dumps(document, ensure_ascii=False)  # str.replace: 20x faster than translate
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
