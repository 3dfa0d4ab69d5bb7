"""Serve a published site with content negotiation: the resource handler of ``kg serve``.

A request for a resource's extension-less path (``/id/session/cio-forum/2``) is answered
directly (200, no 303 redirect) with the variant the ``Accept`` header prefers among
``text/html``, ``text/turtle``, ``application/ld+json`` and ``application/n-triples``,
weighing q-values (ties go to that order; no Accept header means HTML), with ``Vary: Accept``
and ``Content-Location`` naming the file. When the client accepts none of them the answer is
``406 Not Acceptable`` listing the variants: an RDF client asking for RDF/XML learns what
there is instead of receiving HTML it cannot read. Browsers and ``*/*`` get HTML.
Any other path is a file of the site (pages, dumps, index) or nothing (None: 404). Paths are
resolved and must stay inside the site folder, so ``..`` and symlinks cannot leave it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote

from kg.http import ResourceHandler, Response

if TYPE_CHECKING:
    from kg.publish.void import DatasetOptions

VARIANTS = (
    ("text/html", ".html"),
    ("text/turtle", ".ttl"),
    ("application/ld+json", ".jsonld"),
    ("application/n-triples", ".nt"),
)
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".ttl": "text/turtle; charset=utf-8",
    ".jsonld": "application/ld+json",
    ".nt": "application/n-triples",
    ".trig": "application/trig",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".json": "application/json",
    ".gz": "application/gzip",
    ".conf": "text/plain; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """Parse an Accept header into ``(media range, q)`` pairs; malformed q-values count as 0."""
    if not header or not header.strip():
        return [("*/*", 1.0)]
    ranges = []
    for item in header.split(","):
        parts = [p.strip() for p in item.split(";")]
        media = parts[0].lower()
        if not media:
            continue
        q = 1.0
        for param in parts[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append((media, q))
    return ranges


def _quality(media_type: str, ranges: list[tuple[str, float]]) -> float:
    """The q of the most specific range matching ``media_type`` (0 when none does)."""
    kind = media_type.split("/")[0]
    best, specificity = 0.0, -1
    for media, q in ranges:
        if media == media_type:
            rank = 2
        elif media == f"{kind}/*":
            rank = 1
        elif media == "*/*":
            rank = 0
        else:
            continue
        if rank > specificity:
            best, specificity = q, rank
    return best


def choose(header: str | None, available: list[tuple[str, str]] | None = None) -> str | None:
    """Return the file suffix of the variant to send, or None when none is acceptable.

    Example:
        >>> choose("text/turtle;q=0.9, text/html;q=0.5")
        '.ttl'
        >>> choose("application/rdf+xml") is None
        True
    """
    ranges = parse_accept(header)
    scored = [
        (_quality(media, ranges), -order, suffix)
        for order, (media, suffix) in enumerate(available or VARIANTS)
    ]
    q, _, suffix = max(scored)
    return suffix if q > 0 else None


def make_handler(site_dir: Path) -> ResourceHandler:
    """Return the handler answering paths from the site ``kg publish`` wrote into ``site_dir``.

    ``handler(path, accept)`` returns a :class:`kg.http.Response` or None (404).

    Example:
        >>> handler = make_handler(Path("site"))  # doctest: +SKIP
        >>> handler("/id/session/cio-forum/2", "text/turtle").content_type  # doctest: +SKIP
        'text/turtle; charset=utf-8'
    """
    root = Path(site_dir).resolve()

    def inside(candidate: Path) -> Path | None:
        try:
            resolved = candidate.resolve()
        except (OSError, RuntimeError):
            return None
        return resolved if resolved == root or resolved.is_relative_to(root) else None

    def file_response(path: Path, extra: tuple[tuple[str, str], ...] = ()) -> Response:
        suffix = path.suffix.lower()
        content_type = CONTENT_TYPES.get(suffix, "application/octet-stream")
        return Response(200, content_type, path.read_bytes(), extra)

    def handler(path: str, accept: str) -> Response | None:
        relative = unquote(path.split("?", 1)[0].split("#", 1)[0]).lstrip("/")
        if "\x00" in relative or "\\" in relative:
            return None
        target = inside(root / relative)
        if target is None:
            return None
        if target.is_file():
            return file_response(target)
        variants = []
        if target != root:  # a resource's files sit beside its folder: id/x.html and id/x/
            for media, suffix in VARIANTS:
                candidate = inside(target.with_name(target.name + suffix))
                if candidate is not None and candidate.is_file():
                    variants.append((media, suffix))
        if not any(suffix == ".html" for _, suffix in variants):
            # no page, no resource; a folder answers with its index page if it has one
            index = inside(target / "index.html") if target.is_dir() else None
            return file_response(index) if index and index.is_file() else None
        vary = (("Vary", "Accept"),)
        best = choose(accept, variants)
        if best is None:
            listing = "".join(f"{media}\n" for media, _ in variants)
            body = f"406 Not Acceptable. This resource is available as:\n{listing}".encode()
            return Response(406, "text/plain; charset=utf-8", body, vary)
        chosen = target.with_name(target.name + best)
        return file_response(chosen, (*vary, ("Content-Location", chosen.name)))

    return handler


def handler_for_store(
    store: Any, cache_dir: Path, *, base_iri: str, options: DatasetOptions | None = None
) -> ResourceHandler:
    """Publish ``store`` into ``cache_dir`` (replacing an earlier site there) and serve it.

    What ``kg serve`` calls once at startup when it is not given a published site. Pages are
    not rendered per request: a page needs its inbound links, so rendering one means reading
    the whole graph anyway, and publishing everything once is what a static host serves too.

    Raises:
        UsageError: ``cache_dir`` holds files ``kg publish`` did not write.
    """
    from kg.publish import publish

    publish(store, cache_dir, base_iri=base_iri, options=options)
    return make_handler(cache_dir)
