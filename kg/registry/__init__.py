"""The registry of bodies (municipalities, ministries, associations) and meeting series.

The registry is read from the CSV files under ``data/registry/`` (see its README). Names are
compared by :func:`kg.japanese.match_key`, with ASCII letters also folded to lower case, so
``Govtech 東京`` finds GovTech東京. Printed forms stay as they are in the files.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from kg.japanese import match_key
from kg.resources import resource_path

MUNICIPALITY_KINDS = {"特別区": "special-ward", "市": "city", "町": "town", "村": "village"}
ORGANIZATION_KINDS = ("national", "independent-agency", "association", "foundation", "other")
BODY_KINDS = frozenset(("prefecture", *MUNICIPALITY_KINDS.values(), *ORGANIZATION_KINDS))
PREFECTURE_PREFIX = "東京都"

# Words that begin with a body's one-character alias but do not name the body: 都市整備局 is a
# bureau, not 都 (Tokyo) + 市整備局. A name match may not end inside one of these words.
NOT_NAME_PREFIXES = ("都市", "都民", "都内", "都心", "都道府県", "都度", "都立", "都営", "都議会")

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
WIKIDATA_ID = re.compile(r"^Q[1-9][0-9]*$")
DANTAI_CODE = re.compile(r"^[0-9]{6}$")

_ASCII_UPPER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


@dataclass(frozen=True)
class Body:
    """An organization that holds meetings or speaks in them.

    Attributes:
        id: stable ASCII slug (``tokyo``, ``digital-agency``, ``chiyoda-city``).
        name: official Japanese short name (``東京都``, ``千代田区``).
        name_en: English name.
        kind: one of :data:`BODY_KINDS`.
        aliases: other printed forms (abbreviations, older and full legal names).
        code: 6-digit 全国地方公共団体コード, or None for a body that has none.
        code5: 5-digit JIS X 0402 / e-Stat area code, or None.
        wikidata: Wikidata Q-id, or None when not verified.
        estat: e-Stat statistical LOD area URI, or None.
        url: official web site, or None.
        parent: id of the body this one is part of, or None.
    """

    id: str
    name: str
    name_en: str
    kind: str
    aliases: tuple[str, ...] = ()
    code: str | None = None
    code5: str | None = None
    wikidata: str | None = None
    estat: str | None = None
    url: str | None = None
    parent: str | None = None

    @property
    def iri_path(self) -> str:
        """Return the path of the body's IRI below the base: ``org/lg/<code>`` or ``org/<id>``."""
        return f"org/lg/{self.code}" if self.code else f"org/{self.id}"

    @property
    def is_municipality(self) -> bool:
        """Return True for a 特別区, 市, 町 or 村."""
        return self.kind in MUNICIPALITY_KINDS.values()


@dataclass(frozen=True)
class Series:
    """A meeting series, such as 東京都・区市町村CIOフォーラム.

    Attributes:
        id: stable ASCII slug (``cio-forum``).
        name: official Japanese name.
        name_en: English name.
        aliases: other printed forms of the name.
        publisher: id of the body that publishes the records.
        replaces: id of the series this one succeeds, or None.
    """

    id: str
    name: str
    name_en: str
    aliases: tuple[str, ...] = ()
    publisher: str | None = None
    replaces: str | None = None

    @property
    def iri_path(self) -> str:
        """Return the path of the series' IRI below the base: ``series/<id>``."""
        return f"series/{self.id}"


def name_key(text: str) -> str:
    """Return the key names are compared by: :func:`match_key` with ASCII letters lower-cased.

    The key has as many characters as ``match_key(text)``, so a prefix length carries over.
    """
    return match_key(text).translate(_ASCII_UPPER)


def check_digit(code5: str) -> str:
    """Return the check digit that makes a 5-digit area code a 全国地方公共団体コード.

    Example:
        >>> check_digit("13101")
        '6'
    """
    total = sum(int(digit) * weight for digit, weight in zip(code5, (6, 5, 4, 3, 2), strict=True))
    return str((11 - total % 11) % 10)


def _is_ascii_alnum(char: str) -> bool:
    """Return True for an ASCII letter or digit."""
    return char.isascii() and char.isalnum()


def _on_word_boundary(key: str, start: int, end: int) -> bool:
    """Return True unless the match cuts an ASCII word (``mic`` inside ``academic``)."""
    if start > 0 and _is_ascii_alnum(key[start]) and _is_ascii_alnum(key[start - 1]):
        return False
    return not (end < len(key) and _is_ascii_alnum(key[end - 1]) and _is_ascii_alnum(key[end]))


def _inside_non_name(key: str, start: int, end: int) -> bool:
    """Return True when a word of :data:`NOT_NAME_PREFIXES` at ``start`` runs past ``end``."""
    return any(
        len(word) > end - start and key.startswith(word, start) for word in NOT_NAME_PREFIXES
    )


class Registry:
    """Bodies and series, looked up by id, by name or alias, and by prefix of a label.

    Example:
        >>> registry = default_registry()
        >>> body, length = registry.match_prefix("デジタル庁デジタル大臣政務官")
        >>> body.id, length
        ('digital-agency', 5)
    """

    def __init__(self, bodies: Iterable[Body], series: Iterable[Series] = ()) -> None:
        """Index ``bodies`` and ``series``.

        Raises:
            ValueError: two bodies or two series share an id, or two bodies share a name key.
        """
        self._bodies: dict[str, Body] = {}
        for body in bodies:
            if body.id in self._bodies:
                raise ValueError(f"duplicate body id {body.id!r}")
            self._bodies[body.id] = body
        self._series: dict[str, Series] = {}
        for item in series:
            if item.id in self._series:
                raise ValueError(f"duplicate series id {item.id!r}")
            self._series[item.id] = item
        self._by_code = {body.code: body for body in self._bodies.values() if body.code}
        self._exact: dict[str, Body] = {}
        self._by_length: dict[int, dict[str, Body]] = {}
        for body in self._bodies.values():
            for key in self._exact_keys(body):
                self._add_exact(key, body)
            for key in self._name_keys(body):
                self._by_length.setdefault(len(key), {})[key] = body
        self._lengths = sorted(self._by_length, reverse=True)
        self._series_keys = sorted(
            ((name_key(text), item) for item in self._series.values() for text in _names(item)),
            key=lambda pair: -len(pair[0]),
        )
        # Speaker labels repeat across a record, so both the label and its key are cached.
        self._cached_label = functools.lru_cache(maxsize=8192)(self._match_label)
        self._cached_key = functools.lru_cache(maxsize=8192)(self._match_key_start)

    @classmethod
    def load(cls, directory: Path | None = None) -> Registry:
        """Read the registry from ``directory`` (default: the bundled ``data/registry``).

        Args:
            directory: a folder holding ``bodies.csv``, ``series.csv``, ``municipalities.csv``
                and ``municipality_aliases.csv``.

        Returns:
            The registry.

        Raises:
            InputError: a file is missing or a row is malformed; the message names the file
                and the line.
        """
        from kg.registry.files import (
            add_municipality_aliases,
            check_bodies,
            read_bodies,
            read_municipalities,
            read_series,
        )

        folder = directory if directory is not None else resource_path("data", "registry")
        municipalities_path = folder / "municipalities.csv"
        rows = [
            (body, municipalities_path, line)
            for body, line in add_municipality_aliases(
                read_municipalities(municipalities_path), folder / "municipality_aliases.csv"
            )
        ]
        bodies_path = folder / "bodies.csv"
        rows += [(body, bodies_path, line) for body, line in read_bodies(bodies_path)]
        check_bodies(rows)
        bodies = [body for body, _, _ in rows]
        series = read_series(folder / "series.csv", {body.id for body in bodies})
        return cls(bodies, series)

    @property
    def bodies(self) -> tuple[Body, ...]:
        """All bodies: the municipalities first, in code order, then the others in file order."""
        return tuple(self._bodies.values())

    @property
    def series(self) -> tuple[Series, ...]:
        """All meeting series in file order."""
        return tuple(self._series.values())

    def __iter__(self) -> Iterator[Body]:
        """Iterate over :attr:`bodies`."""
        return iter(self._bodies.values())

    def __len__(self) -> int:
        """Return the number of bodies."""
        return len(self._bodies)

    def get(self, body_id: str) -> Body | None:
        """Return the body with id ``body_id``, or None."""
        return self._bodies.get(body_id)

    def get_series(self, series_id: str) -> Series | None:
        """Return the series with id ``series_id``, or None."""
        return self._series.get(series_id)

    def by_code(self, code: str) -> Body | None:
        """Return the body with 6-digit 全国地方公共団体コード ``code``, or None."""
        return self._by_code.get(code)

    def find(self, name: str) -> Body | None:
        """Return the body whose name, alias or English name is exactly ``name``, or None.

        Municipalities are also found as ``東京都千代田区``, and ``東京都`` before any other name
        is ignored when the rest names a municipality.
        """
        key = name_key(name)
        if key in self._exact:
            return self._exact[key]
        prefix = name_key(PREFECTURE_PREFIX)
        if key.startswith(prefix):
            body = self._exact.get(key[len(prefix) :])
            if body is not None and body.is_municipality:
                return body
        return None

    def match_prefix(self, text: str) -> tuple[Body, int] | None:
        """Return the body whose name or alias is the longest prefix of ``text``.

        Args:
            text: a speaker label such as ``東京都デジタルサービス局戦略部長``.

        Returns:
            The body and the number of characters of ``match_key(text)`` the name takes
            (``(東京都, 3)`` for the example), or None when no body name starts the label.
        """
        return self._cached_label(text)

    def find_in(self, text: str) -> list[Body]:
        """Return the bodies named anywhere in ``text``, left to right, without repeats.

        At each position the longest name wins and the scan goes on after it, so
        ``東京都市長会`` yields 東京都市長会 and not 東京都. One-character aliases (``都``) are
        too ambiguous inside running text and are not used here.
        """
        key = name_key(text)
        found: list[Body] = []
        position = 0
        while position < len(key):
            match = self._match_at(key, position, min_length=2)
            if match is None:
                position += 1
                continue
            body, length = match
            if body not in found:
                found.append(body)
            position += length
        return found

    def series_for_title(self, title: str) -> Series | None:
        """Return the series whose name or alias occurs in ``title`` (longest first), or None."""
        key = name_key(title)
        for series_key, item in self._series_keys:
            if series_key in key:
                return item
        return None

    def _match_label(self, text: str) -> tuple[Body, int] | None:
        """Return the longest body name at the start of ``text`` (cached per label)."""
        return self._cached_key(name_key(text))

    def _match_key_start(self, key: str) -> tuple[Body, int] | None:
        """Return the longest body name at the start of ``key`` (cached per key)."""
        return self._match_at(key, 0, min_length=1)

    def _match_at(self, key: str, start: int, min_length: int) -> tuple[Body, int] | None:
        """Return the longest body name starting at ``key[start]``, with its length."""
        for length in self._lengths:
            end = start + length
            if length < min_length:
                break
            if end > len(key):
                continue
            body = self._by_length[length].get(key[start:end])
            if (
                body is not None
                and _on_word_boundary(key, start, end)
                and not _inside_non_name(key, start, end)
            ):
                return body, length
        return None

    def _add_exact(self, key: str, body: Body) -> None:
        """Map ``key`` to ``body``, refusing a key two bodies claim."""
        other = self._exact.setdefault(key, body)
        if other is not body:
            raise ValueError(f"name {key!r} is claimed by both {other.id!r} and {body.id!r}")

    @staticmethod
    def _name_keys(body: Body) -> set[str]:
        """Return the keys a label may start with: name, aliases, 東京都+municipality."""
        keys = {name_key(text) for text in _names(body)}
        if body.is_municipality:
            keys |= {name_key(PREFECTURE_PREFIX + text) for text in _names(body)}
        keys.discard("")
        return keys

    @classmethod
    def _exact_keys(cls, body: Body) -> set[str]:
        """Return the keys :meth:`find` accepts: the name keys and the English name."""
        return cls._name_keys(body) | {name_key(body.name_en)}


@functools.cache
def default_registry() -> Registry:
    """Return the registry read from the bundled ``data/registry`` (read once, then cached)."""
    return Registry.load()


def _names(item: Body | Series) -> tuple[str, ...]:
    """Return an item's Japanese name followed by its aliases."""
    return (item.name, *item.aliases)
