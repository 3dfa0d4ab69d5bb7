"""Reading the registry's CSV files (``data/registry/``), with one-line errors naming the
file and the line of a malformed row."""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

from kg.errors import InputError
from kg.registry import (
    BODY_KINDS,
    DANTAI_CODE,
    MUNICIPALITY_KINDS,
    SLUG,
    WIKIDATA_ID,
    Body,
    Registry,
    Series,
    check_digit,
)

_BODY_COLUMNS: tuple[str, ...] = ("id", "name", "name_en", "aliases", "kind", "parent", "code")
_BODY_COLUMNS += ("wikidata", "estat", "url")
_SERIES_COLUMNS = ("id", "name", "name_en", "aliases", "publisher", "replaces")
_MUNICIPALITY_COLUMNS = ("code5", "code6", "name_ja", "name_en", "type", "wikidata", "sac_plain")
_ALIAS_COLUMNS = ("code6", "alias")


def _split_aliases(value: str) -> tuple[str, ...]:
    """Split a ``|``-separated alias cell, dropping empty parts."""
    return tuple(part.strip() for part in value.split("|") if part.strip())


def _optional(value: str | None) -> str | None:
    """Return a stripped cell, or None when it is empty."""
    value = (value or "").strip()
    return value or None


def _read_rows(path: Path, columns: tuple[str, ...]) -> Iterator[tuple[dict[str, str], int]]:
    """Yield each data row of a CSV file as a dict, with the line it starts on."""
    try:
        handle = path.open(encoding="utf-8", newline="")
    except OSError as error:
        raise InputError(
            f"cannot read the registry file: {error.strerror}", path=str(path)
        ) from None
    with handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None:
            raise InputError("line 1: the file is empty; expected a header row", path=str(path))
        header = [name.strip() for name in header]
        missing = [name for name in columns if name not in header]
        if missing:
            raise InputError(
                f"line 1: the header lacks column(s) {', '.join(missing)}", path=str(path)
            )
        line = reader.line_num + 1
        for cells in reader:
            if cells and any(cell.strip() for cell in cells):
                if len(cells) != len(header):
                    raise InputError(
                        f"line {line}: {len(cells)} fields where the header has {len(header)}; "
                        "quote a field that contains a comma",
                        path=str(path),
                    )
                yield dict(zip(header, cells, strict=True)), line
            line = reader.line_num + 1


def _fail(path: Path, line: int, message: str) -> InputError:
    """Return an InputError naming ``path`` and ``line``."""
    return InputError(f"line {line}: {message}", path=str(path))


def _slug_from_english(name_en: str) -> str:
    """Return an ASCII slug of an English name (``Chiyoda City`` -> ``chiyoda-city``)."""
    return re.sub(r"[^a-z0-9]+", "-", name_en.lower()).strip("-")


def read_municipalities(path: Path) -> list[tuple[Body, int]]:
    """Read the municipalities table (a copy of the reference CSV) into bodies."""
    bodies = []
    for row, line in _read_rows(path, _MUNICIPALITY_COLUMNS):
        code5, code6 = row["code5"].strip(), row["code6"].strip()
        if not DANTAI_CODE.match(code6) or code6 != code5 + check_digit(code5):
            raise _fail(path, line, f"code6 {code6!r} is not code5 {code5!r} plus a check digit")
        kind = MUNICIPALITY_KINDS.get(row["type"].strip())
        if kind is None:
            raise _fail(path, line, f"type {row['type']!r} is not one of 特別区, 市, 町, 村")
        name_en = row["name_en"].strip()
        bodies.append(
            (
                Body(
                    id=_slug_from_english(name_en),
                    name=row["name_ja"].strip(),
                    name_en=name_en,
                    kind=kind,
                    code=code6,
                    code5=code5,
                    wikidata=_optional(row["wikidata"]),
                    estat=_optional(row["sac_plain"]),
                ),
                line,
            )
        )
    return bodies


def add_municipality_aliases(
    municipalities: list[tuple[Body, int]], path: Path
) -> list[tuple[Body, int]]:
    """Add the extra printed forms of ``municipality_aliases.csv`` to the municipalities."""
    extra: dict[str, list[str]] = {}
    known = {body.code for body, _ in municipalities}
    for row, line in _read_rows(path, _ALIAS_COLUMNS):
        code, alias = row["code6"].strip(), row["alias"].strip()
        if code not in known:
            raise _fail(path, line, f"code6 {code!r} is not in municipalities.csv")
        if not alias:
            raise _fail(path, line, "the alias is empty")
        extra.setdefault(code, []).append(alias)
    return [
        (_replace_aliases(body, tuple(extra.get(body.code or "", ()))), line)
        for body, line in municipalities
    ]


def _replace_aliases(body: Body, aliases: tuple[str, ...]) -> Body:
    """Return ``body`` with ``aliases`` added."""
    if not aliases:
        return body
    return Body(**{**body.__dict__, "aliases": body.aliases + aliases})


def read_bodies(path: Path) -> Iterator[tuple[Body, int]]:
    """Read ``bodies.csv``, checking each row on its own."""
    for row, line in _read_rows(path, _BODY_COLUMNS):
        body_id, name = row["id"].strip(), row["name"].strip()
        if not SLUG.match(body_id):
            raise _fail(path, line, f"id {body_id!r} is not a lower-case ASCII slug")
        if not name:
            raise _fail(path, line, "the name is empty")
        kind = row["kind"].strip()
        if kind not in BODY_KINDS:
            raise _fail(path, line, f"kind {kind!r} is not one of {', '.join(sorted(BODY_KINDS))}")
        code = _optional(row["code"])
        if code is not None and not DANTAI_CODE.match(code):
            raise _fail(path, line, f"code {code!r} is not a 6-digit dantai code")
        wikidata = _optional(row["wikidata"])
        if wikidata is not None and not WIKIDATA_ID.match(wikidata):
            raise _fail(path, line, f"wikidata {wikidata!r} is not a Q-id such as Q1074185")
        yield (
            Body(
                id=body_id,
                name=name,
                name_en=row["name_en"].strip(),
                kind=kind,
                aliases=_split_aliases(row["aliases"]),
                code=code,
                code5=code[:5] if code else None,
                wikidata=wikidata,
                estat=_optional(row["estat"]),
                url=_optional(row["url"]),
                parent=_optional(row["parent"]),
            ),
            line,
        )


def check_bodies(rows: list[tuple[Body, Path, int]]) -> None:
    """Check what spans rows: unique ids and name keys, existing parents."""
    ids = {body.id for body, _, _ in rows}
    seen: set[str] = set()
    names: dict[str, Body] = {}
    for body, path, line in rows:
        if body.id in seen:
            raise _fail(path, line, f"id {body.id!r} is used twice")
        seen.add(body.id)
        if body.parent is not None and body.parent not in ids:
            raise _fail(path, line, f"parent {body.parent!r} is not a body id")
        for key in Registry._exact_keys(body):
            other = names.setdefault(key, body)
            if other is not body:
                raise _fail(path, line, f"name {key!r} already names {other.id!r}")


def read_series(path: Path, body_ids: set[str]) -> list[Series]:
    """Read ``series.csv``, checking ids, publishers and replaced series."""
    rows = list(_read_rows(path, _SERIES_COLUMNS))
    ids = {row["id"].strip() for row, _ in rows}
    series: list[Series] = []
    for row, line in rows:
        series_id = row["id"].strip()
        if not SLUG.match(series_id):
            raise _fail(path, line, f"id {series_id!r} is not a lower-case ASCII slug")
        if any(item.id == series_id for item in series):
            raise _fail(path, line, f"id {series_id!r} is used twice")
        if not row["name"].strip():
            raise _fail(path, line, "the name is empty")
        publisher = _optional(row["publisher"])
        if publisher is not None and publisher not in body_ids:
            raise _fail(path, line, f"publisher {publisher!r} is not a body id")
        replaces = _optional(row["replaces"])
        if replaces is not None and (replaces not in ids or replaces == series_id):
            raise _fail(path, line, f"replaces {replaces!r} is not another series id")
        series.append(
            Series(
                id=series_id,
                name=row["name"].strip(),
                name_en=row["name_en"].strip(),
                aliases=_split_aliases(row["aliases"]),
                publisher=publisher,
                replaces=replaces,
            )
        )
    return series
