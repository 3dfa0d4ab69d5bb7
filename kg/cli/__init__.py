"""The ``kg`` command line: a thin shell over the library (one command per pipeline stage)."""

from __future__ import annotations

import functools
import json
import logging
import sys
import traceback
from pathlib import Path
from typing import Any

import click

from kg import __version__
from kg.errors import KgError
from kg.namespaces import DEFAULT_BASE_IRI


class State:
    debug = False
    quiet = False


class _Group(click.Group):
    """Turns library errors into a one-line message and their exit code, in every command."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KgError as error:
            if State.debug:
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
    State.debug, State.quiet = debug, quiet
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


def text_or_json(help: str = "How the summary is written to stdout.") -> Any:
    """The ``--format text|json`` option of the commands that print a summary."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(["text", "json"]),
        default="text",
        show_default=True,
        help=help,
    )


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


def progress_bar() -> Any:
    """A progress callback drawing on stderr, for work of known length on a terminal."""
    if State.quiet or not sys.stderr.isatty():
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


# The commands register themselves on the group when their modules are imported.
from kg.cli import exploring, graph, querying  # noqa: E402, F401  (after cli exists)
