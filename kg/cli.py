"""The ``kg`` command line: a thin shell over the library (one command per pipeline stage)."""

from __future__ import annotations

import functools
import json
import logging
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
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="Processes: with 2 or more, validation runs beside extraction on large builds.",
)
def build(paths: tuple[str, ...], target: Target, fmt: str, strict: bool, workers: int) -> None:
    """Build records into the graph store: extract, link, map, validate, store.

    PATHS are files or folders (default: the bundled sample minutes). Unchanged sources are
    skipped; a changed source's graph is replaced in one transaction. Files that cannot be
    read are reported and skipped. Exit 1 when the graph does not conform to the shapes.

    \b
    Example:
      kg build
      kg build minutes/ --store /data/kg-store
    """
    from kg.build import build as run_build
    from kg.resources import resource_path

    sources = paths or (str(resource_path("data", "minutes")),)
    with target.open(read_only=False) as store:
        summary = run_build(
            sources, store, base_iri=target.base_iri, progress=_progress_bar(), workers=workers
        )
    for failure in summary.failures:
        click.echo(f"kg build: {failure}", err=True)
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
def validate(file: str | None, target: Target, fmt: str) -> None:
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
        report = validate_file(Path(file))
    else:
        with target.open(read_only=True) as store:
            report = validate_store(store)
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
@click.option("--limit", default=50, show_default=True, help="With --topic-candidates.")
def stats(target: Target, topic_candidates: bool, min_count: int, limit: int) -> None:
    """Show what the store holds, or the topic candidates.

    \b
    Example:
      kg stats
      kg stats --topic-candidates --min-count 2
    """
    from kg.build import COUNTS

    with target.open(read_only=True) as store:
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
