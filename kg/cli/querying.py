"""``kg queries``, ``kg query``, ``kg serve``: SPARQL for analysts (kg.query, kg.serve)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from kg.cli import DEFAULT_SITE, State, cli, graph_options, text_or_json

if TYPE_CHECKING:
    from kg.target import Target


def _parse_params(params: tuple[str, ...]) -> dict[str, str]:
    """Split ``-p key=value`` options into a dict."""
    values: dict[str, str] = {}
    for item in params:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise click.BadParameter(f"{item!r} should read key=value", param_hint="-p")
        values[key.strip()] = value
    return values


@cli.command()
@text_or_json("text: name, parameters and title per line; json: the whole catalogue.")
def queries(fmt: str) -> None:
    """List the canned queries with their parameters.

    \b
    Example:
      kg queries
      kg query statements-by -p actor=国分寺市
    """
    from kg.query import load_catalogue

    catalogue = load_catalogue()
    if fmt == "json":
        data = [query.to_dict() for query in catalogue.values()]
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for query in catalogue.values():
        params = " ".join(
            f"-p {p.name}=…" if p.required else f"[-p {p.name}=…]" for p in query.parameters
        )
        click.echo(f"{query.name}  {params}".rstrip())
        click.echo(f"    {query.title}: {query.description}")
        for example in query.examples:
            click.echo(f"    e.g. {example}")


@cli.command()
@click.argument("query", required=False)
@graph_options
@click.option("-e", "--execute", "text", help="SPARQL text to run instead of QUERY.")
@click.option(
    "-p",
    "--param",
    "params",
    multiple=True,
    metavar="KEY=VALUE",
    help="A parameter value, bound as an RDF term (repeatable). Default: none.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "csv", "tsv", "json", "jsonl", "xml", "turtle", "jsonld", "nt"]),
    default=None,
    help="Output format. Default: table for SELECT and ASK, turtle for CONSTRUCT/DESCRIBE.",
)
@click.option(
    "--max-width",
    default=60,
    show_default=True,
    type=click.IntRange(0),
    help="With --format table: widest column, in terminal columns (0: no limit).",
)
@click.option(
    "--limit",
    type=click.IntRange(0),
    default=None,
    help="Return at most this many rows, in the query's order. Default: all.",
)
@click.option(
    "--offset",
    type=click.IntRange(0),
    default=0,
    help="Skip this many rows first (with --limit: page through an answer). Default: 0.",
)
def query(
    query: str | None,
    target: Target,
    text: str | None,
    params: tuple[str, ...],
    fmt: str | None,
    max_width: int,
    limit: int | None,
    offset: int,
) -> None:
    """Run a canned query by NAME, a FILE.rq, - (stdin) or -e 'SPARQL'.

    The project's prefixes (gk:, schema:, org:, foaf:, skos:, dcterms:, as:, prov:, oa:,
    xsd:, rdf:, rdfs:) are predeclared; the default graph is the union of all graphs.
    Parameters are bound as RDF terms, never pasted into the query.

    \b
    Example:
      kg query statements-by -p actor=国分寺市
      kg query speakers-on-topic -p topic=ガバメントクラウド --format csv
      kg query statements-by -p actor=東京都 --limit 50 --offset 100
      kg query -e 'SELECT ?s WHERE { ?s a gk:Statement } LIMIT 3' --format json
      kg query my-query.rq -p org='<https://w3id.org/gijiroku/id/org/lg/132144>'
    """
    from kg.errors import UsageError
    from kg.query import adhoc_query, canned_query, load_catalogue
    from kg.query.formats import choose_format, format_table
    from kg.query.run import run_canned

    values = _parse_params(params)
    if text is not None and query is not None:
        raise UsageError("give QUERY or -e SPARQL, not both")
    if text is not None:
        chosen = adhoc_query(text, values)
    elif query is None:
        raise UsageError("give a canned query NAME (see kg queries), a FILE.rq, - or -e SPARQL")
    elif query == "-":
        chosen = adhoc_query(sys.stdin.read(), values)
    elif query in load_catalogue():
        chosen = canned_query(query)
    elif Path(query).is_file():
        try:
            sparql = Path(query).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise UsageError(f"cannot read {query}: {error}") from error
        chosen = adhoc_query(sparql, values, source=query)
    else:
        chosen = canned_query(query)  # raises, listing the canned queries
    with target.open(read_only=True) as store:
        result = run_canned(store, chosen, values, limit=limit, offset=offset)
    output = choose_format(result, fmt)
    if output.name == "table":
        sys.stdout.buffer.write(format_table(result, max_width).encode("utf-8"))
    else:
        output.write(result, sys.stdout.buffer)
    sys.stdout.buffer.flush()


@cli.command()
@graph_options
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port."
)
@click.option(
    "--timeout",
    default=10.0,
    show_default=True,
    type=click.FloatRange(0.1),
    help="Seconds a query may take (waiting for a free worker included) before it is stopped.",
)
@click.option(
    "--max-results",
    default=10_000,
    show_default=True,
    type=click.IntRange(1),
    help="Rows (or triples) a query may return.",
)
@click.option(
    "--workers",
    default=2,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Query worker processes (each holds the store open read-only).",
)
@click.option(
    "--max-body",
    default=1_000_000,
    show_default=True,
    type=click.IntRange(1),
    help="Bytes a request body may have.",
)
@click.option(
    "--cors-origin",
    "cors_origins",
    multiple=True,
    help="An origin allowed to query from a browser (repeatable; * for any). Default: none.",
)
@click.option(
    "--allowed-host",
    "allowed_hosts",
    multiple=True,
    metavar="NAME",
    help="A Host header to answer (repeatable), against DNS rebinding; others get 400. "
    "Default: loopback names on a loopback --host, any name otherwise.",
)
@click.option(
    "--site",
    "site_dir",
    envvar="KG_SITE",
    default=DEFAULT_SITE,
    show_default=True,
    type=click.Path(file_okay=False),
    help="Published site whose pages and files answer resource IRIs (also from KG_SITE).",
)
@click.option(
    "--publish",
    "publish_site",
    is_flag=True,
    help="Publish the graph into --site before serving (replacing a site kg wrote). Default: off.",
)
def serve(
    target: Target,
    host: str,
    port: int,
    timeout: float,
    max_results: int,
    workers: int,
    max_body: int,
    cors_origins: tuple[str, ...],
    allowed_hosts: tuple[str, ...],
    site_dir: str,
    publish_site: bool,
) -> None:
    """Serve a read-only SPARQL 1.1 endpoint at /sparql, and the resources' pages.

    Updates, LOAD, SERVICE and FROM are refused; each query runs in a worker process that
    is stopped after --timeout seconds. The store stays readable while kg build writes it.
    Every other path is a resource IRI answered by content negotiation (HTML, Turtle,
    JSON-LD, N-Triples) from the site kg build or kg publish wrote (--site).

    \b
    Example:
      kg serve --port 8000
      kg serve --host 0.0.0.0 --allowed-host kg.example.org --cors-origin '*'
      curl 'http://127.0.0.1:8000/sparql?query=ASK{?s?p?o}'
    """
    from kg.serve import ServeConfig, run_server

    config = ServeConfig(
        timeout=timeout,
        max_results=max_results,
        workers=workers,
        max_body=max_body,
        cors_origins=cors_origins,
        allowed_hosts=allowed_hosts,
    )
    resources = _site_handler(target, Path(site_dir), publish_site)
    if not State.quiet:
        click.echo(f"kg serve: {target.describe()} at http://{host}:{port}/sparql", err=True)
        if resources is None:
            click.echo(
                f"kg serve: no site at {site_dir}: resource IRIs answer 404 "
                "(kg build or kg publish -o DIR writes one; --publish makes it now)",
                err=True,
            )
    run_server(target, host=host, port=port, config=config, resources=resources)


def _site_handler(target: Target, site: Path, publish_now: bool) -> Any:
    """The content-negotiation handler over a published site, or None when there is none."""
    from kg.publish.negotiate import handler_for_store, make_handler

    if publish_now:
        with target.open(read_only=True) as store:
            return handler_for_store(store, site, base_iri=target.base_iri)
    if (site / "index.html").is_file():
        return make_handler(site)
    return None
