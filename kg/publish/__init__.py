"""Publish the graph as linked open data: a static site and its content negotiation.

:func:`publish` writes, into a folder any static web server can host: dumps of the whole
dataset (:mod:`kg.publish.dumps`), its VoID/DCAT description (:mod:`kg.publish.void`), one
page per resource with its Turtle, N-Triples and JSON-LD (:mod:`kg.publish.pages`), and the
index, search, vocabulary documentation, IRI-scheme page and web-server rules
(:mod:`kg.publish.site`). :func:`kg.publish.negotiate.make_handler` serves such a folder with
content negotiation (``kg serve``).

The graph is read once (the N-Triples export the dump is made of) and grouped in Python
(:mod:`kg.publish.graph`): no query per resource.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import UsageError
from kg.publish.dumps import Dump
from kg.publish.void import DatasetOptions

__all__ = ["DatasetOptions", "PublishSummary", "publish", "publish_into"]

MARKER = ".kg-publish"  # marks a folder kg publish wrote, so replacing it is safe


@dataclass
class PublishSummary:
    """What :func:`publish` wrote."""

    out_dir: Path
    pages: int = 0
    files: int = 0
    bytes: int = 0
    triples: int = 0
    kinds: dict[str, int] = field(default_factory=dict)
    dumps: list[Dump] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    seconds: float = 0.0
    page_seconds: float = 0.0
    stages: dict[str, float] = field(default_factory=dict)  # seconds by stage

    @property
    def pages_per_second(self) -> float:
        """Resource pages (with their three data files) written per second."""
        return self.pages / self.page_seconds if self.page_seconds else 0.0

    def to_dict(self) -> dict[str, Any]:
        """Return the summary as JSON-ready values."""
        return {
            "out_dir": str(self.out_dir),
            "pages": self.pages,
            "files": self.files,
            "bytes": self.bytes,
            "triples": self.triples,
            "kinds": self.kinds,
            "dumps": {d.path: d.size for d in self.dumps},
            "skipped": self.skipped,
            "seconds": round(self.seconds, 3),
            "pages_per_second": round(self.pages_per_second, 1),
            "stages": {name: round(seconds, 3) for name, seconds in self.stages.items()},
        }


def publish(
    store: Any,
    out_dir: Path,
    *,
    base_iri: str,
    options: DatasetOptions | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    also: Callable[[Path], object] | None = None,
    explorer: str | None = None,
) -> PublishSummary:
    """Write the linked-data site of ``store`` to ``out_dir``, all or nothing.

    The site is written into a temporary folder beside ``out_dir`` and renamed at the end;
    an ``out_dir`` that exists is replaced only if ``kg publish`` wrote it (or it is empty).

    Args:
        store: what ``Target.open(read_only=True)`` returns (``query``/``select``/``export``).
        out_dir: the site folder.
        base_iri: the base the data's IRIs are minted under (the site is served there).
        options: publisher, licence, SPARQL endpoint and titles for the VoID/DCAT description.
        progress: called with (stage, done, total) while pages are written.
        also: called with the folder being written, before it replaces ``out_dir``, to add
            more to the site (``kg build`` adds the ``kg viz`` explorer).
        explorer: the site path of a graph explorer ``also`` writes, linked from the index.

    Raises:
        UsageError: ``out_dir`` is a file, or a folder with other content.
    """
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise UsageError(f"-o {out_dir}: is a file; give a folder for the site")
    if out_dir.is_dir() and any(out_dir.iterdir()) and not (out_dir / MARKER).exists():
        raise UsageError(
            f"-o {out_dir}: folder holds files kg publish did not write; give a new or empty folder"
        )
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(
        tempfile.mkdtemp(prefix=f".{out_dir.name}.", suffix=".partial", dir=out_dir.parent)
    )
    staging.chmod(0o755)  # mkdtemp makes it private; a web server's user must read the site
    try:
        summary = publish_into(
            store,
            staging,
            base_iri=base_iri,
            options=options,
            progress=progress,
            explorer=explorer,
        )
        if also is not None:
            also(staging)
        old = None
        if out_dir.exists():
            old = out_dir.with_name(f".{out_dir.name}.old-{staging.name}")
            out_dir.rename(old)
        staging.rename(out_dir)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    summary.out_dir = out_dir
    return summary


def publish_into(
    store: Any,
    site: Path,
    *,
    base_iri: str,
    options: DatasetOptions | None = None,
    progress: Callable[[str, int, int], None] | None = None,
    explorer: str | None = None,
) -> PublishSummary:
    """Write the site into the existing folder ``site`` (no atomic rename: see :func:`publish`)."""
    import pyoxigraph as ox

    from kg.publish.dumps import export_ntriples, write_dumps
    from kg.publish.graph import build_site_graph
    from kg.publish.pages import PageWriter, make_environment, write_pages
    from kg.publish.site import (
        copy_assets,
        read_vocabulary,
        write_index,
        write_iri_scheme,
        write_search_data,
        write_vocabulary_docs,
    )
    from kg.publish.void import describe_dataset

    started = clock = time.perf_counter()
    stages: dict[str, float] = {}

    def lap(stage: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        stages[stage], clock = now - clock, now

    options = options or DatasetOptions()
    ntriples = site / ".export.nt"
    export_ntriples(store, ntriples)
    lap("export")
    vocabulary, schemes = read_vocabulary()
    data = (q.triple for q in ox.parse(path=str(ntriples), format=ox.RdfFormat.N_TRIPLES))
    graph = build_site_graph(data, base_iri, schemes)
    if graph.triple_count and not any(r.kind == "session" for r in graph.resources.values()):
        raise UsageError(
            f"--base-iri {graph.base_iri}: no session of the graph is under it; "
            "publish with the base the graph was built with"
        )
    lap("group")
    dumps = write_dumps(store, site, ntriples)
    ntriples.unlink()
    graph.add_page(graph.base_iri + "void", "dataset", describe_dataset(graph, dumps, options))
    lap("dumps")

    env = make_environment()
    title = options.title_ja
    writer = PageWriter(graph, site, env, vocabulary.labels, vocabulary.terms, title)
    pages, _ = write_pages(writer, progress)
    lap("pages")

    context = {
        "site_title": title,
        "base_iri": graph.base_iri,
        "gk": "https://w3id.org/gijiroku/def#",
        "description_ja": "日本の公的機関の会議記録から、誰が、どの会議で、"
        "どの話題について何を述べたかを表す知識グラフ。",
        "description_en": "Who said what, about which topic, in which meeting: linked open data "
        "from Japanese public-sector meeting records.",
        "triples": graph.triple_count,
        "dumps": [{"path": d.path, "title": d.title, "size": d.size} for d in dumps],
        "sparql_endpoint": options.sparql_endpoint,
        "explorer": explorer,
    }
    copy_assets(site)
    write_search_data(graph, site)
    write_index(env, graph, site, context)
    write_iri_scheme(env, graph, site, context)
    write_vocabulary_docs(env, graph, vocabulary, site, context)
    (site / MARKER).write_text("written by kg publish\n", encoding="utf-8")
    lap("site")

    files = [p for p in site.rglob("*") if p.is_file()]
    return PublishSummary(
        out_dir=site,
        pages=pages,
        files=len(files),
        bytes=sum(p.stat().st_size for p in files),
        triples=graph.triple_count,
        kinds=dict(Counter(r.kind for r in graph.resources.values())),
        dumps=dumps,
        skipped=graph.skipped,
        seconds=time.perf_counter() - started,
        page_seconds=stages["pages"],
        stages=stages,
    )
