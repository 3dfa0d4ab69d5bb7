"""Dumps of the whole dataset, written by the store's own export (the same triples as
``kg export``): Turtle, gzipped N-Triples, JSON-LD (with its context beside it), TriG."""

from __future__ import annotations

import gzip
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.resources import resource_path

DUMP_DIR = "dumps"
NAME = "gijiroku"


@dataclass(frozen=True)
class Dump:
    """One dump file: where it is in the site, its export format and media type."""

    path: str  # relative to the site root
    fmt: str  # store.export format
    media_type: str
    title: str
    compressed: bool = False
    size: int = 0


DUMPS = (
    Dump(f"{DUMP_DIR}/{NAME}.ttl", "turtle", "text/turtle", "Turtle"),
    Dump(f"{DUMP_DIR}/{NAME}.nt.gz", "nt", "application/n-triples", "N-Triples (gzip)", True),
    Dump(f"{DUMP_DIR}/{NAME}.jsonld", "jsonld", "application/ld+json", "JSON-LD (named graphs)"),
    Dump(f"{DUMP_DIR}/{NAME}.trig", "trig", "application/trig", "TriG (named graphs)"),
)


def export_ntriples(store: Any, path: Path) -> None:
    """Write the store's N-Triples export to ``path`` (uncompressed, read back for the pages)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as out:
        store.export(out, "nt")


def write_dumps(store: Any, out_dir: Path, ntriples: Path) -> list[Dump]:
    """Write every dump into ``out_dir/dumps``; the N-Triples one by compressing ``ntriples``.

    Returns:
        the dumps written, with their sizes in bytes.
    """
    from dataclasses import replace

    written = []
    for dump in DUMPS:
        target = out_dir / dump.path
        target.parent.mkdir(parents=True, exist_ok=True)
        if dump.compressed:
            with ntriples.open("rb") as source, gzip.open(target, "wb", compresslevel=6) as out:
                shutil.copyfileobj(source, out, 1 << 20)
        else:
            with target.open("wb") as out:
                store.export(out, dump.fmt)
        written.append(replace(dump, size=target.stat().st_size))
    shutil.copyfile(
        resource_path("ontology", "context.jsonld"), out_dir / DUMP_DIR / "context.jsonld"
    )
    return written
