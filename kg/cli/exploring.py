"""``kg viz``, ``kg publish``: the graph in the browser and on the web (kg.viz, kg.publish)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

import click

from kg.cli import cli, graph_options, progress_bar, text_or_json

if TYPE_CHECKING:
    from kg.target import Target


# kg.viz.VIEW_NAMES, spelled out so that `kg --help` does not import networkx
VIZ_VIEWS = ("actors-topics", "dialogue", "organizations", "topics", "session")


@cli.command()
@click.argument("view", type=click.Choice([*VIZ_VIEWS, "all"]))
@graph_options
@click.option(
    "-o",
    "--output",
    type=click.Path(),
    default=None,
    help="File to write (default: VIEW.html); with all, a folder (default: viz-pages).",
)
@click.option(
    "--session",
    "session_value",
    default=None,
    help="The session view's meeting: its IRI, series/number (cio-forum/4), number or date "
    "(YYYY-MM-DD). Default: the latest session.",
)
@click.option(
    "--pages",
    default=None,
    help="Link nodes to the kg publish pages under this prefix (e.g. ../). "
    "Default: link to the IRIs.",
)
@click.option(
    "--max-nodes",
    default=1500,
    show_default=True,
    type=click.IntRange(0),
    help="Keep the nodes with the most statements; the page says what was left out. 0: all.",
)
def viz(
    view: str,
    target: Target,
    output: str | None,
    session_value: str | None,
    pages: str | None,
    max_nodes: int,
) -> None:
    """Write interactive graph pages that work offline in a browser.

    VIEW is actors-topics, dialogue, organizations, topics, session, or all (every view,
    a page per session and an index.html explorer, into a folder).

    \b
    Example:
      kg viz actors-topics -o actors.html
      kg viz session --session 2023-02-14
      kg viz all -o site/viz --pages ../
    """
    from kg.viz import write_all, write_view

    with target.open(read_only=True) as store:
        if view == "all":
            folder = Path(output or "viz-pages")
            written = write_all(
                store, folder, base_iri=target.base_iri, pages=pages, max_nodes=max_nodes
            )
        else:
            written = [
                write_view(
                    store,
                    view,
                    Path(output or f"{view}.html"),
                    base_iri=target.base_iri,
                    session_value=session_value,
                    pages=pages,
                    max_nodes=max_nodes,
                )
            ]
    for page in written:
        left_out = page.total_nodes - page.nodes
        more = f" ({left_out:,} more left out)" if left_out else ""
        click.echo(f"wrote {page.path}: {page.nodes:,} nodes, {page.edges:,} links{more}", err=True)
    if view == "all":
        click.echo(f"wrote {Path(output or 'viz-pages') / 'index.html'}", err=True)


@cli.command()
@graph_options
@click.option(
    "-o",
    "--output",
    "out_dir",
    required=True,
    type=click.Path(file_okay=False),
    help="Folder to write the site into (replaced as a whole; required).",
)
@click.option(
    "--publisher",
    default=None,
    help="Publisher of the dataset, an IRI or a name, for VoID/DCAT. Default: none stated.",
)
@click.option(
    "--license",
    "license_iri",
    default=None,
    help="Licence IRI of the dataset. Default: none stated (the sources' terms vary).",
)
@click.option(
    "--sparql-endpoint",
    default=None,
    help="Public SPARQL endpoint URL to announce in VoID/DCAT. Default: none.",
)
@text_or_json()
def publish(
    target: Target,
    out_dir: str,
    publisher: str | None,
    license_iri: str | None,
    sparql_endpoint: str | None,
    fmt: str,
) -> None:
    """Write the graph as a static linked-open-data site any web server can host.

    The site holds dumps (Turtle, N-Triples gzip, JSON-LD, TriG), a VoID/DCAT description,
    one page per resource with its Turtle, JSON-LD and N-Triples, an index with search, the
    vocabulary's documentation, and .htaccess/nginx rules for content negotiation. Serve the
    folder at --base-iri. Nothing is half-written: the folder is replaced at the end.

    \b
    Example:
      kg publish -o site
      kg publish -o site --base-iri https://example.org/gijiroku/ --license https://creativecommons.org/licenses/by/4.0/
    """
    from kg.publish import DatasetOptions
    from kg.publish import publish as run_publish

    options = DatasetOptions(
        publisher=publisher, license=license_iri, sparql_endpoint=sparql_endpoint
    )
    with target.open(read_only=True) as store:
        summary = run_publish(
            store,
            Path(out_dir),
            base_iri=target.base_iri,
            options=options,
            progress=progress_bar(),
        )
    if fmt == "json":
        click.echo(json.dumps(summary.to_dict(), ensure_ascii=False, indent=2))
    else:
        click.echo(
            f"wrote {out_dir}: {summary.pages} pages, {summary.files} files, "
            f"{summary.bytes / 1e6:.1f} MB, {summary.triples} triples "
            f"({summary.seconds:.1f} s, {summary.pages_per_second:.0f} pages/s)"
        )
    for iri in summary.skipped[:20]:
        click.echo(f"kg publish: no page for {iri} (not a plain path under the base IRI)", err=True)
