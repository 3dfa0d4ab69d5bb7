"""What the web server and the pages it serves agree on: a response, and a resource handler.

``kg serve`` answers ``/sparql`` itself and hands every other path to a
:data:`ResourceHandler` (the linked-data pages of ``kg publish``), so the two are written and
tested apart and meet only here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Response:
    """An HTTP response, independent of the server that sends it.

    Attributes:
        status: the HTTP status code.
        content_type: the Content-Type header, with charset where it applies.
        body: the bytes to send.
        headers: further headers (``Vary``, ``Location``, ``Cache-Control`` …).

    Example:
        >>> Response(404, "text/plain; charset=utf-8", b"not found").status
        404
    """

    status: int
    content_type: str
    body: bytes
    headers: tuple[tuple[str, str], ...] = ()


ResourceHandler = Callable[[str, str], "Response | None"]
"""Answer a request path (``/id/session/cio-forum/2``) for an ``Accept`` header, or None (404)."""
