"""``kg build``, ``kg validate``, ``kg export``, ``kg stats``: the graph and its store."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from kg.cli import DEFAULT_SITE, State, cli, graph_options, progress_bar, text_or_json

if TYPE_CHECKING:
    from kg.target import Target


def validator_option(default: str) -> Any:
    """The ``--validator`` option of build and validate, with its default."""
    return click.option(
        "--validator",
        "engine",
        type=click.Choice(["sparql", "pyshacl"]),
        default=default,
        show_default=True,
        help="SHACL engine: the shapes compiled to SPARQL in Oxigraph, or pyshacl (the "
        "reference); the same results, sparql about ten times faster.",
    )


@cli.command()
@click.argument("paths", nargs=-1)
@graph_options
@text_or_json()
@click.option(
    "--strict", is_flag=True, help="Exit 2 when any file could not be read. Default: off."
)
@click.option(
    "--workers",
    default=min(2, os.cpu_count() or 1),
    show_default=True,
    type=click.IntRange(1, 64),
    help="Processes: with 2 or more, validation runs beside mapping and storing on large "
    "builds (default: 2 where there are 2 CPUs).",
)
@click.option(
    "--dask",
    "dask_address",
    envvar="KG_DASK",
    default=None,
    metavar="ADDRESS",
    help="Extract and map on a Dask cluster instead of --workers: a scheduler "
    "(tcp://host:8786), or local / local:N for N worker processes here (also from KG_DASK; "
    "needs gijiroku-kg[dask]; docs/scale.md).",
)
@click.option(
    "--shards",
    "shards_dir",
    default=None,
    type=click.Path(file_okay=False),
    help="Also write the built graph to this new folder as N-Quads shards with a manifest, "
    "for a SPARQL server's bulk loader or kg load-shards.",
)
@validator_option("sparql")
@click.option(
    "--site",
    "site_dir",
    envvar="KG_SITE",
    default=DEFAULT_SITE,
    show_default=True,
    type=click.Path(file_okay=False),
    help="Folder of the browsable site written after the build: kg publish's pages with the "
    "kg viz explorer in viz/ (also from KG_SITE).",
)
@click.option(
    "--no-site", is_flag=True, help="Do not write the site (large builds). Default: write it."
)
def build(
    paths: tuple[str, ...],
    target: Target,
    fmt: str,
    strict: bool,
    workers: int,
    dask_address: str | None,
    shards_dir: str | None,
    engine: str,
    site_dir: str,
    no_site: bool,
) -> None:
    """Build records into the graph store: extract, link, map, validate, store; write the site.

    PATHS are files or folders (default: the bundled sample minutes). Unchanged sources are
    skipped; a changed source's graph is replaced in one transaction, new sources are added
    in one. A store that does not exist yet is built beside its folder and moved into place
    when complete. Files that cannot be read are reported and skipped. Then the browsable
    site is written to --site (open site/index.html, or site/viz/index.html for the graph
    explorer) when anything changed. Exit 1 when the graph does not conform to the shapes.

    \b
    Example:
      kg build
      kg build minutes/ --store /data/kg-store --no-site
      kg build minutes/ --dask tcp://scheduler:8786 --shards /shared/shards --no-site
    """
    from contextlib import nullcontext

    from kg.build import build as run_build
    from kg.build import new_store
    from kg.resources import resource_path

    sources = paths or (str(resource_path("data", "minutes")),)
    if shards_dir is not None:
        from kg.distributed import check_shards_folder

        check_shards_folder(Path(shards_dir))  # before the build, not after
    cluster: Any = nullcontext((None, workers))
    if dask_address is not None:
        from kg.distributed import check_paths, dask_executor

        check_paths(sources, dask_address)
        cluster = dask_executor(dask_address)
    fresh = not target.remote and not (target.store_dir / "CURRENT").exists()
    opened = new_store(target.store_dir, base_iri=target.base_iri) if fresh else None
    with cluster as (executor, width), opened or target.open(read_only=False) as store:
        summary = run_build(
            sources,
            store,
            base_iri=target.base_iri,
            progress=progress_bar(),
            workers=width,
            engine=engine,
            bulk=fresh,
            executor=executor,
        )
    if shards_dir is not None:
        from kg.distributed import write_shards

        with target.open(read_only=True) as store:
            shards = write_shards(store, Path(shards_dir))
        if not State.quiet:
            click.echo(
                f"kg build: wrote {len(shards.files)} shards ({shards.graphs} graphs, "
                f"{shards.quads} quads) and {shards_dir}/manifest.json",
                err=True,
            )
    for failure in summary.failures:
        click.echo(f"kg build: {failure}", err=True)
    site = Path(site_dir)
    if not no_site and (summary.built or summary.removed or not (site / "index.html").exists()):
        from kg.site import write_site

        with target.open(read_only=True) as store:
            written = write_site(store, site, base_iri=target.base_iri)
        if not State.quiet:
            click.echo(
                f"kg build: wrote {site}/index.html ({written.pages} pages) and "
                f"{site}/viz/index.html",
                err=True,
            )
    if fmt == "json":
        click.echo(json.dumps(summary.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(
            f"{len(summary.built)} built, {len(summary.unchanged)} unchanged, "
            f"{len(summary.failures)} failed; {target.describe()}: {summary.sessions} sessions, "
            f"{summary.statements} statements, {summary.organizations} organizations, "
            f"{summary.persons} persons, {summary.topics} topics, {summary.triples} triples; "
            f"{'conforms' if summary.conforms else 'does not conform'} "
            f"({summary.seconds:.1f} s)"
        )
        for result in summary.results[:20]:
            click.echo(f"  {result.focus_node} {result.path or ''}: {result.message}", err=True)
    if not summary.conforms:
        sys.exit(1)
    if strict and summary.failures:
        sys.exit(2)


@cli.command()
@click.argument("file", required=False, type=click.Path(dir_okay=False))
@graph_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "turtle"]),
    default="text",
    show_default=True,
    help="Report format.",
)
@validator_option("pyshacl")
def validate(file: str | None, target: Target, fmt: str, engine: str) -> None:
    """Validate the store, or a graph FILE, against the SHACL shapes.

    Exit 1 when the graph does not conform; the report names each focus node, path and
    message, grouped by shape.

    \b
    Example:
      kg validate
      kg validate export.ttl --format json
    """
    from kg.validate import validate_file, validate_store

    if file:
        report = validate_file(Path(file), engine=engine)
    else:
        with target.open(read_only=True) as store:
            report = validate_store(store, engine=engine)
    if fmt == "json":
        click.echo(json.dumps(report.to_json(), ensure_ascii=False, indent=2))
    elif fmt == "turtle":
        click.echo(report.to_turtle())
    else:
        click.echo(report.to_text())
    if not report.conforms:
        sys.exit(1)


@cli.command()
@graph_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["turtle", "nt", "nquads", "trig", "jsonld"]),
    default="turtle",
    show_default=True,
    help="Serialization (trig and nquads keep the named graphs).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    default="-",
    show_default=True,
    help="File to write; - for stdout.",
)
def export(target: Target, fmt: str, output: str) -> None:
    """Export the whole graph in an RDF serialization.

    \b
    Example:
      kg export --format trig -o gijiroku.trig
    """
    with target.open(read_only=True) as store:
        if output == "-":
            store.export(sys.stdout.buffer, fmt)
            sys.stdout.buffer.flush()
        else:
            written = Path(output)
            partial = written.with_name(written.name + ".partial")
            with partial.open("wb") as out:
                store.export(out, fmt)
            partial.replace(written)  # nothing half-written under the real name
            click.echo(f"wrote {written}", err=True)


@cli.command()
@graph_options
@click.option(
    "--topic-candidates",
    is_flag=True,
    help="List recurring terms that the topic scheme lacks. Default: off.",
)
@click.option("--min-count", default=3, show_default=True, help="With --topic-candidates.")
@click.option("--limit", default=50, show_default=True, help="With --topic-candidates or --graph.")
@click.option(
    "--graph",
    "graph_analytics",
    is_flag=True,
    help="Show centralities, communities and each session's most-connected topics. Default: off.",
)
def stats(
    target: Target, topic_candidates: bool, min_count: int, limit: int, graph_analytics: bool
) -> None:
    """Show what the store holds, the topic candidates, or graph analytics.

    \b
    Example:
      kg stats
      kg stats --topic-candidates --min-count 2
      kg stats --graph --limit 10
    """
    from kg.build import COUNTS

    with target.open(read_only=True) as store:
        if graph_analytics:
            from kg.viz.analytics import graph_stats

            click.echo(graph_stats(store, base_iri=target.base_iri, limit=limit).to_text())
            return
        if topic_candidates:
            from kg.topics import default_scheme
            from kg.topics import topic_candidates as candidates

            texts = [row["text"] for row in store.select(STATEMENT_TEXTS)]
            for c in candidates(texts, default_scheme(), min_count=min_count, limit=limit):
                click.echo(f"{c.count}\t{c.documents}\t{c.term}\t{' / '.join(c.examples[:1])}")
            return
        for row in store.select(COUNTS):
            for key, value in row.items():
                click.echo(f"{key}\t{value}")
        click.echo(f"triples\t{store.count()}")


STATEMENT_TEXTS = """
SELECT ?text WHERE { ?statement a gk:Statement ; schema:text ?text }
"""


@cli.command("load-shards")
@click.argument("shards_dir", type=click.Path(file_okay=False))
@click.option(
    "--graph-store",
    required=True,
    metavar="URL",
    help="Graph Store Protocol endpoint: http://host:7878/store (Oxigraph server), "
    "http://host:3030/ds/data (Fuseki).",
)
def load_shards(shards_dir: str, graph_store: str) -> None:
    """Send the shards kg build --shards wrote to a SPARQL server, graph by graph.

    Every file is checked against the manifest's sha256 before anything is sent; each named
    graph is then POSTed through the SPARQL 1.1 Graph Store Protocol. Load into a server that
    does not hold these graphs yet (a POST adds); credentials as for --endpoint. For large
    servers their own bulk loaders are faster: see docs/scale.md.

    \b
    Example:
      kg load-shards /shared/shards --graph-store http://localhost:7878/store
    """
    from kg.distributed import load_shards as send

    shards = send(Path(shards_dir), graph_store)
    click.echo(f"{shards.graphs} graphs, {shards.quads} quads from {len(shards.files)} shards")
