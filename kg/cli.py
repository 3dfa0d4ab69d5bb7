"""The ``kg`` command line: a thin shell over the library (one command per pipeline stage)."""

from __future__ import annotations

import functools
import json
import logging
import os
import sys
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from kg import __version__
from kg.errors import KgError
from kg.namespaces import DEFAULT_BASE_IRI

if TYPE_CHECKING:
    from kg.target import Target


class _State:
    debug = False
    quiet = False


class _Group(click.Group):
    """Turns library errors into a one-line message and their exit code, in every command."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KgError as error:
            if _State.debug:
                traceback.print_exc()
            click.echo(f"kg: {error}", err=True)
            ctx.exit(error.exit_code)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kg")
@click.option("--debug", is_flag=True, help="Show tracebacks on errors. Default: off.")
@click.option("-q", "--quiet", is_flag=True, help="Silence progress and notes. Default: off.")
def cli(debug: bool, quiet: bool) -> None:
    """Build and explore a knowledge graph of Japanese public-sector meeting records.

    \b
    Example:
      kg extract data/minutes/ --format json
    """
    _State.debug, _State.quiet = debug, quiet
    # pdfminer logs its parsing doubts as warnings; they are noise unless debugging.
    logging.getLogger("pdfminer").setLevel(logging.DEBUG if debug else logging.ERROR)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "jsonl"]),
    default="json",
    show_default=True,
    help="json: one object per file (an array for several); jsonl: one object per line.",
)
@click.option(
    "--base-iri",
    default=DEFAULT_BASE_IRI,
    show_default=True,
    help="Base under which session and organization IRIs are minted.",
)
def extract(paths: tuple[str, ...], fmt: str, base_iri: str) -> None:
    """Extract sessions, agenda, speakers and statements from meeting records as JSON.

    PATHS are files (text, HTML or PDF) or folders of them. A bad file is reported on stderr
    with the reason; the others are still extracted, and the exit code is then 2.

    \b
    Example:
      kg extract data/minutes/000_68ceb863bdaa2c75.txt --format json
      kg extract data/minutes/ --format jsonl > minutes.jsonl
    """
    from kg.extract import Failure, expand_paths, iter_extract

    records: list[dict[str, Any]] = []
    failed = 0
    single = len(paths) == 1 and len(expand_paths(paths)) == 1
    for result in iter_extract(paths, base_iri=base_iri):
        if isinstance(result, Failure):
            failed += 1
            click.echo(f"kg extract: {result}", err=True)
            continue
        data = result.to_dict()
        if fmt == "jsonl":
            click.echo(json.dumps(data, ensure_ascii=False))
        else:
            records.append(data)
    if fmt == "json" and (records or not failed):
        payload: Any = records[0] if single and records else records
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2))
    if failed:
        sys.exit(2)


DEFAULT_STORE = "store"
DEFAULT_SITE = "site"


def graph_options(func: Any) -> Any:
    """The options every graph command takes, passed on as one ``target`` (a :class:`Target`).

    ``--store`` (or ``KG_STORE``) names the embedded store's folder; ``--endpoint`` (or
    ``KG_ENDPOINT``) an external SPARQL 1.1 server instead, with ``--update-endpoint`` (or
    ``KG_UPDATE_ENDPOINT``) for writing; ``--base-iri`` (or ``KG_BASE_IRI``) the data's base.
    """
    options = [
        click.option(
            "--store",
            "store_dir",
            envvar="KG_STORE",
            default=DEFAULT_STORE,
            show_default=True,
            type=click.Path(file_okay=False),
            help="Folder of the embedded Oxigraph store (also from KG_STORE).",
        ),
        click.option(
            "--endpoint",
            envvar="KG_ENDPOINT",
            default=None,
            help="SPARQL 1.1 query endpoint of an external server, used instead of the store "
            "(also from KG_ENDPOINT).",
        ),
        click.option(
            "--update-endpoint",
            envvar="KG_UPDATE_ENDPOINT",
            default=None,
            help="SPARQL Update endpoint of that server (also from KG_UPDATE_ENDPOINT).",
        ),
        click.option(
            "--base-iri",
            envvar="KG_BASE_IRI",
            default=DEFAULT_BASE_IRI,
            show_default=True,
            help="Base under which data IRIs are minted (also from KG_BASE_IRI).",
        ),
    ]

    @functools.wraps(func)
    def wrapper(
        *args: Any,
        store_dir: str,
        endpoint: str | None,
        update_endpoint: str | None,
        base_iri: str,
        **kwargs: Any,
    ) -> Any:
        from kg.target import Target

        target = Target(Path(store_dir), endpoint, update_endpoint, base_iri)
        return func(*args, target=target, **kwargs)

    for option in reversed(options):
        wrapper = option(wrapper)
    return wrapper


def _progress_bar() -> Any:
    """A progress callback drawing on stderr, for work of known length on a terminal."""
    if _State.quiet or not sys.stderr.isatty():
        return None
    state: dict[str, Any] = {}

    def report(stage: str, done: int, total: int) -> None:
        if state.get("stage") != stage:
            if "bar" in state:
                state["bar"].render_finish()
            state["stage"] = stage
            state["bar"] = click.progressbar(length=total, label=stage, file=sys.stderr)
            state["done"] = 0
        state["bar"].update(done - state["done"])
        state["done"] = done
        if done == total:
            state["bar"].render_finish()

    return report


@cli.command()
@click.argument("paths", nargs=-1)
@graph_options
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="How the summary is written to stdout.",
)
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
    "--validator",
    "engine",
    type=click.Choice(["sparql", "pyshacl"]),
    default="sparql",
    show_default=True,
    help="SHACL engine: the shapes compiled to SPARQL in Oxigraph, or pyshacl (same results, "
    "about ten times slower).",
)
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
    """
    from kg.build import build as run_build
    from kg.build import new_store
    from kg.resources import resource_path

    sources = paths or (str(resource_path("data", "minutes")),)
    fresh = not target.remote and not (target.store_dir / "CURRENT").exists()
    opened = new_store(target.store_dir, base_iri=target.base_iri) if fresh else None
    with opened or target.open(read_only=False) as store:
        summary = run_build(
            sources,
            store,
            base_iri=target.base_iri,
            progress=_progress_bar(),
            workers=workers,
            engine=engine,
            bulk=fresh,
        )
    for failure in summary.failures:
        click.echo(f"kg build: {failure}", err=True)
    site = Path(site_dir)
    if not no_site and (summary.built or summary.removed or not (site / "index.html").exists()):
        from kg.site import write_site

        with target.open(read_only=True) as store:
            written = write_site(store, site, base_iri=target.base_iri)
        if not _State.quiet:
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
@click.option(
    "--validator",
    "engine",
    type=click.Choice(["pyshacl", "sparql"]),
    default="pyshacl",
    show_default=True,
    help="SHACL engine: pyshacl, or the shapes compiled to SPARQL in Oxigraph (same results, "
    "far faster on a large store).",
)
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


# Querying: kg queries, kg query, kg serve (kg.query, kg.serve)


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
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: name, parameters and title per line; json: the whole catalogue.",
)
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
def query(
    query: str | None,
    target: Target,
    text: str | None,
    params: tuple[str, ...],
    fmt: str | None,
    max_width: int,
) -> None:
    """Run a canned query by NAME, a FILE.rq, - (stdin) or -e 'SPARQL'.

    The project's prefixes (gk:, schema:, org:, foaf:, skos:, dcterms:, as:, prov:, oa:,
    xsd:, rdf:, rdfs:) are predeclared; the default graph is the union of all graphs.
    Parameters are bound as RDF terms, never pasted into the query.

    \b
    Example:
      kg query statements-by -p actor=国分寺市
      kg query speakers-on-topic -p topic=ガバメントクラウド --format csv
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
        result = run_canned(store, chosen, values)
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
      curl 'http://127.0.0.1:8000/sparql?query=ASK{?s?p?o}'
    """
    from kg.serve import ServeConfig, run_server

    config = ServeConfig(
        timeout=timeout,
        max_results=max_results,
        workers=workers,
        max_body=max_body,
        cors_origins=cors_origins,
    )
    resources = _site_handler(target, Path(site_dir), publish_site)
    if not _State.quiet:
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


# Publishing: kg publish (kg.publish)


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
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="How the summary is written to stdout.",
)
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
            progress=_progress_bar(),
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


STATEMENT_TEXTS = """
SELECT ?text WHERE { ?statement a gk:Statement ; schema:text ?text }
"""


def main() -> None:
    """Run the CLI, turning library errors into one-line messages and exit codes."""
    try:
        code = cli.main(standalone_mode=False)
        if isinstance(code, int) and code:  # ctx.exit(code) returns here without standalone mode
            sys.exit(code)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as error:
        error.show()
        sys.exit(2)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except BrokenPipeError:
        sys.exit(1)


if __name__ == "__main__":
    main()
