"""The ``kg`` command line: a thin shell over the library (one command per pipeline stage)."""

from __future__ import annotations

import json
import logging
import sys
import traceback
from typing import Any

import click

from kg import __version__
from kg.errors import KgError
from kg.namespaces import DEFAULT_BASE_IRI


class _State:
    debug = False
    quiet = False


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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


def main() -> None:
    """Run the CLI, turning library errors into one-line messages and exit codes."""
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("Aborted.", err=True)
        sys.exit(130)
    except click.ClickException as error:
        error.show()
        sys.exit(2)
    except KgError as error:
        if _State.debug:
            traceback.print_exc()
        click.echo(f"kg: {error}", err=True)
        sys.exit(error.exit_code)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except BrokenPipeError:
        sys.exit(1)


if __name__ == "__main__":
    main()
