"""Every namespace the project uses, and the one place where data IRIs are minted (DESIGN 5)."""

from __future__ import annotations

import re

from rdflib import Namespace

DEFAULT_BASE_IRI = "https://w3id.org/gijiroku/"
GK = "https://w3id.org/gijiroku/def#"
SCHEMA = "http://schema.org/"  # not rdflib's SDO, which is https://schema.org/
AS_IRI = "https://www.w3.org/ns/activitystreams#"

# rdflib namespaces for building graphs.

SDO = Namespace(SCHEMA)
GKNS = Namespace(GK)
ORG = Namespace("http://www.w3.org/ns/org#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
PROV = Namespace("http://www.w3.org/ns/prov#")
DCT = Namespace("http://purl.org/dc/terms/")
AS = Namespace(AS_IRI)
OA = Namespace("http://www.w3.org/ns/oa#")
# The prefixes every graph, export and query of the project declares.
PREFIXES = {
    "gk": GKNS,
    "schema": SDO,
    "org": ORG,
    "foaf": FOAF,
    "skos": SKOS,
    "prov": PROV,
    "dcterms": DCT,
    "as": AS,
    "oa": OA,
}

_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """Return an ASCII slug (lowercase letters, digits, hyphens) of ``text``; empty if none."""
    return _SLUG.sub("-", text.lower()).strip("-")


def normalize_base(base: str) -> str:
    """Return ``base`` ending with a slash or hash, so that paths can be appended."""
    return base if base.endswith(("/", "#")) else base + "/"


def check_base_iri(base: str) -> str:
    """Return ``base`` when data IRIs can be minted under it: an absolute IRI, ASCII (DESIGN 5).

    Raises:
        UsageError: naming ``--base-iri`` and what is wrong with it.
    """
    import pyoxigraph as ox

    from kg.errors import UsageError

    if not base.isascii():
        raise UsageError(f"--base-iri {base!r}: data IRIs are ASCII; percent-encode the rest")
    try:
        ox.NamedNode(normalize_base(base) + "id/x")
    except ValueError as error:
        raise UsageError(f"--base-iri {base!r}: not an absolute IRI: {error}") from None
    return base


def mint(base: str, *parts: str | int) -> str:
    """Return the data IRI ``{base}id/{part}/{part}…``; every part must already be ASCII."""
    path = "/".join(str(p) for p in parts)
    if not path.isascii():
        raise ValueError(f"IRI path is not ASCII: {path!r}")
    return f"{normalize_base(base)}id/{path}"


def session_iri(
    base: str, series_id: str | None, number: int | None, date: str | None, sha256: str
) -> str:
    """Return a session's IRI: by series and ordinal, else series and date, else source hash.

    Series and ordinal make the same meeting one node whichever file (PDF, HTML) it came from.
    """
    if series_id and number is not None:
        return mint(base, "session", series_id, number)
    if series_id and date:
        return mint(base, "session", series_id, date)
    if date:
        return mint(base, "session", "unknown", f"{date}-{sha256[:8]}")
    return mint(base, "session", "unknown", sha256[:16])


def org_iri(base: str, iri_path: str) -> str:
    """Return an organization's IRI from its registry path (``org/lg/132144``)."""
    return mint(base, *iri_path.split("/"))


def record_iri(base: str, sha256: str) -> str:
    """Return the IRI of a source document, from its content hash."""
    return mint(base, "record", sha256[:16])


def graph_iri(base: str, sha256: str | None = None) -> str:
    """Return the named graph of one source document, or of the shared entities (no hash)."""
    return mint(base, "graph", sha256[:16] if sha256 else "shared")


def person_iri(base: str, romanized: str) -> str:
    """Return a person's IRI from the romanized full name (``yamada-tarou``)."""
    return mint(base, "person", slugify(romanized) or "unnamed")
