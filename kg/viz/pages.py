"""Write ``kg viz`` pages: one view to a file, or every view and an explorer index to a folder."""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path
from string import Template
from typing import TYPE_CHECKING

from kg.errors import InputError
from kg.namespaces import normalize_base, slugify
from kg.resources import resource_path
from kg.viz.projections import DESCRIPTIONS, VIEWS, session
from kg.viz.read import read_facts
from kg.viz.render import DEFAULT_MAX_NODES, Page, check_pages_prefix, render_page

if TYPE_CHECKING:
    from kg.viz.read import GraphReader

INDEX_NAME = "index.html"


@dataclass
class Written:
    """A page written to disk and what it shows."""

    view: str
    path: Path
    title: str
    nodes: int
    edges: int
    total_nodes: int
    total_edges: int
    date: str | None = None  # of the session, for session pages


def write_view(
    store: GraphReader,
    view: str,
    output: Path,
    *,
    base_iri: str,
    session_value: str | None = None,
    pages: str | None = None,
    max_nodes: int = DEFAULT_MAX_NODES,
) -> Written:
    """Write one view's page to ``output``.

    ``session_value`` names the session of the ``session`` view (default: the latest).

    Raises:
        UsageError: an unknown view or session, or a bad ``pages`` prefix.
        InputError: ``output`` cannot be written.
    """
    from kg.viz.projections import project

    check_pages_prefix(pages)
    graph = project(store, view, base_iri=base_iri, session_value=session_value)
    page = render_page(
        graph, base_iri=base_iri, pages=pages, max_nodes=max_nodes, description=DESCRIPTIONS[view]
    )
    _write(output, page.html)
    return _written(page, output, None)


def write_all(
    store: GraphReader,
    out_dir: Path,
    *,
    base_iri: str,
    pages: str | None = None,
    max_nodes: int = DEFAULT_MAX_NODES,
) -> list[Written]:
    """Write every view, one session page per session, and ``index.html`` into ``out_dir``.

    Raises:
        UsageError: a bad ``pages`` prefix.
        InputError: ``out_dir`` cannot be written.
    """
    check_pages_prefix(pages)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise InputError(f"cannot create folder: {error.strerror}", str(out_dir)) from error
    facts = read_facts(store, base_iri=base_iri)
    written = []
    for view, project in VIEWS.items():
        page = render_page(
            project(facts),
            base_iri=base_iri,
            pages=pages,
            max_nodes=max_nodes,
            description=DESCRIPTIONS[view],
        )
        path = out_dir / f"{view}.html"
        _write(path, page.html)
        written.append(_written(page, path, None))
    for iri, found in sorted(facts.sessions.items(), key=lambda kv: (kv[1].date or "", kv[0])):
        page = render_page(
            session(facts, iri),
            base_iri=base_iri,
            pages=pages,
            max_nodes=max_nodes,
            description=DESCRIPTIONS["session"],
        )
        path = out_dir / f"session-{session_slug(iri, base_iri)}.html"
        _write(path, page.html)
        written.append(_written(page, path, found.date))
    _write(out_dir / INDEX_NAME, index_html(written))
    return written


def session_slug(iri: str, base_iri: str) -> str:
    """Return a file-name slug for a session (``cio-forum-2``).

    Example:
        >>> session_slug("https://w3id.org/gijiroku/id/session/cio-forum/2",
        ...              "https://w3id.org/gijiroku/")
        'cio-forum-2'
    """
    prefix = normalize_base(base_iri) + "id/session/"
    rest = iri[len(prefix) :] if iri.startswith(prefix) else iri
    return slugify(rest) or "session"


def index_html(written: list[Written]) -> str:
    """Return the explorer page: a link, a description and the counts of every page."""
    rows = []
    for page in written:
        shown = f"{page.nodes:,} nodes, {page.edges:,} links"
        if page.nodes < page.total_nodes:
            shown += f" (of {page.total_nodes:,} nodes, {page.total_edges:,} links)"
        what = page.title if page.view == "session" else DESCRIPTIONS[page.view]
        date = f"{page.date} " if page.date else ""
        rows.append(
            f'<tr><td><a href="{html.escape(page.path.name)}">{html.escape(page.view)}</a></td>'
            f"<td>{html.escape(date + what)}</td><td>{html.escape(shown)}</td></tr>"
        )
    template = Template(resource_path("viz", "index.html").read_text(encoding="utf-8"))
    return template.substitute(rows="\n".join(rows))


def _written(page: Page, path: Path, date: str | None) -> Written:
    reduction = page.reduction
    return Written(
        page.view,
        path,
        page.title,
        page.nodes,
        page.edges,
        reduction.total_nodes,
        reduction.total_edges,
        date,
    )


def _write(path: Path, text: str) -> None:
    """Write ``text`` as UTF-8 under a temporary name, then rename: nothing half-written."""
    partial = path.with_name(path.name + ".partial")
    try:
        partial.write_text(text, encoding="utf-8")
        partial.replace(path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise InputError(f"cannot write: {error.strerror}", str(path)) from error
