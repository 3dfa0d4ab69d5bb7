"""Attack 6 (IRIs): IRIs minted from labels are always valid and never collide silently.

Any label a record can print (any Unicode but lone surrogates, which decoding never yields)
gives an IRI that rdflib, pyoxigraph and rapper accept. Two labels get one IRI only when the
normalization of DESIGN section 4 makes them one (NFKC, spaces, variant kanji); a collision
forced anyway shows as a SHACL violation, not as a silent merge. A bad ``--base-iri`` is a
one-line usage error, not a traceback.

How these tests were confirmed to fail on vulnerable variants: with the four hex digits that
``label_slug`` used, the 3,000 labels of one reading in ``test_labels_of_one_reading_get_
distinct_iris`` collided (``test_the_sample_would_catch_a_short_digest`` keeps that check);
before ``check_base_iri``, ``kg build --base-iri 'https://ex.org/a b/'`` ended in a
traceback (exit 1) and the base-IRI test failed on it; with ``_slug`` made constant, the
forced-collision test finds the violations (and without them it would fail).
"""

from __future__ import annotations

import hashlib
import random
import shutil
import subprocess
from collections import Counter
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import URIRef
from rdflib.term import _is_valid_uri

from kg.japanese import canonical_label, canonical_name, label_slug, match_key
from kg.namespaces import DEFAULT_BASE_IRI, mint, person_iri

ROOT = Path(__file__).resolve().parents[2]
LAYOUTS = ROOT / "tests" / "data" / "layouts"
BASE = "https://example.org/kg/"

LABELS = st.text(
    alphabet=st.characters(exclude_categories=("Cs",)),  # lone surrogates: never decoded
    min_size=1,
    max_size=40,
)


def minted(label: str) -> list[str]:
    """The IRIs a label can be minted into: a body, a unit, a post, a person."""
    from kg.map import _slug

    slug = _slug(label)
    name = canonical_name(label)
    return [
        mint(BASE, "org", slug),
        f"{mint(BASE, 'org', 'lg', '132144')}/unit/{slug}",
        mint(BASE, "post", "lg", "132144", slug),
        person_iri(BASE, label_slug(name, key=name)),
    ]


def check_iri(iri: str) -> None:
    """rdflib and pyoxigraph accept the IRI, and it is ASCII with a slug-shaped last part."""
    assert iri.isascii(), iri
    assert _is_valid_uri(iri), iri
    URIRef(iri)
    ox.NamedNode(iri)
    assert iri.rsplit("/", 1)[1].replace("-", "").isalnum(), iri


@settings(settings.get_profile("security"), max_examples=300)
@given(LABELS)
def test_any_label_mints_valid_iris(tally: Counter[str], label: str) -> None:
    for iri in minted(label):
        check_iri(iri)
    tally["hypothesis examples"] += 1


@settings(settings.get_profile("security"), max_examples=200)
@given(LABELS, LABELS)
def test_two_labels_share_an_iri_only_when_normalization_makes_them_one(
    tally: Counter[str], first: str, second: str
) -> None:
    from kg.map import _slug

    same_label = canonical_label(first) == canonical_label(second)
    assert (_slug(first) == _slug(second)) == same_label, (first, second)
    same_name = canonical_name(first) == canonical_name(second)
    assert (minted(first)[3] == minted(second)[3]) == same_name, (first, second)
    tally["hypothesis examples"] += 1


def _one_reading_sample() -> list[str]:
    """3,000 distinct labels whose romanization is the same (or empty): only the hash parts
    them. Scripts pykakasi does not romanize, and kanji of one reading."""
    rng = random.Random(8)
    pools = [
        "가나다라마바사아자차카타파하",
        "ابتثجحخدذرزسشصضطظعغفقكلمنهوي",
        "אבגדהוזחטיכלמנסעפצקרשת",
        "αβγδεζηθικλμνξοπρστυφχψω",
        "😀😃😄😁😆😅🤣😂🙂🙃😉😊😇🥰😍🤩😘",
    ]
    labels: set[str] = set()
    while len(labels) < 2_900:
        pool = rng.choice(pools)
        labels.add("".join(rng.choice(pool) for _ in range(rng.randint(2, 6))))
    labels |= {f"{a}{b}課長" for a in "伊井以" for b in "藤東頭当等統"}
    return sorted(labels)[:3_000]


def test_labels_of_one_reading_get_distinct_iris() -> None:
    from kg.map import _slug

    sample = _one_reading_sample()
    slugs: dict[str, str] = {}
    for label in sample:
        slug = _slug(label)
        other = slugs.setdefault(slug, label)
        assert other == label or match_key(other) == match_key(label), (slug, other, label)
    assert len(slugs) == len({match_key(label) for label in sample})


def test_the_sample_would_catch_a_short_digest() -> None:
    """Companion: with four hex digits (16 bits) the sample above collides."""
    keys = {match_key(label) for label in _one_reading_sample()}
    short = Counter(hashlib.sha1(k.encode()).hexdigest()[:4] for k in keys)
    assert max(short.values()) > 1


def test_printings_of_one_name_meet() -> None:
    assert minted("髙橋直義")[3] == minted("高橋 直義")[3] == minted("高橋直義")[3]
    assert minted("渡邊繁樹")[3] == minted("渡辺繁樹")[3]
    assert minted("ＣＩＯ補佐官")[2] == minted("CIO 補佐官")[2] == minted("CIO補佐官")[2]
    assert minted("伊藤一郎")[3] != minted("伊東一郎")[3]


@pytest.mark.skipif(shutil.which("rapper") is None, reason="rapper (raptor2-utils) not installed")
def test_rapper_accepts_the_iris_of_hostile_labels(tmp_path: Path) -> None:
    rng = random.Random(3)
    hostile = ["<script>", 'a"b', "a b", "\\u0000", "\x00\x1f", "{}|^`", "%zz", "../../etc",
               "#frag", "?q=1", "\u202e逆", "👩‍👩‍👧", "ﾃﾞｼﾞﾀﾙ", "", " ", "\ufeff"]  # fmt: skip
    hostile += ["".join(chr(rng.randrange(32, 0x2FFFF)) for _ in range(12)) for _ in range(500)]
    hostile = [h for h in hostile if not any(0xD800 <= ord(c) <= 0xDFFF for c in h)]
    lines = []
    for label in hostile:
        for iri in minted(label or "x"):
            lines.append(f'<{iri}> <http://www.w3.org/2000/01/rdf-schema#label> "x" .\n')
    path = tmp_path / "iris.nt"
    path.write_text("".join(lines), encoding="utf-8")
    result = subprocess.run(
        ["rapper", "-i", "ntriples", "-c", str(path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert f"returned {len(lines)} triples" in result.stderr, result.stderr[-500:]


def _map_layouts() -> bytes:
    from kg.extract import extract_path
    from kg.map import map_minutes
    from kg.registry import default_registry

    data = b""
    for path in sorted(LAYOUTS.glob("*.txt")):
        mapped = map_minutes(extract_path(path), DEFAULT_BASE_IRI, default_registry())
        data += mapped.own.serialize(format="nt", encoding="utf-8")
        data += mapped.shared.serialize(format="nt", encoding="utf-8")
    return data


def test_a_forced_collision_is_a_violation(monkeypatch: pytest.MonkeyPatch) -> None:
    """Were two labels to get one IRI, the node would have two labels: the shapes say so."""
    import kg.map
    from kg.validate import validate_ntriples

    assert validate_ntriples(_map_layouts()).conforms
    monkeypatch.setattr(kg.map, "_slug", lambda printed: "same")
    report = validate_ntriples(_map_layouts())
    assert not report.conforms
    assert any("exactly one skos:prefLabel" in r.message for r in report.results), report.results


@pytest.mark.parametrize(
    ("base", "problem"),
    [
        ("https://ex.org/a b/", "not an absolute IRI: Invalid IRI code point ' '"),
        ("relative/", "not an absolute IRI: No scheme found in an absolute IRI"),
        ("https://例え.jp/", "data IRIs are ASCII; percent-encode the rest"),
        ("https://ex.org/<x>/", "not an absolute IRI: Invalid IRI code point '<'"),
    ],
)
def test_a_bad_base_iri_is_a_one_line_usage_error(
    tmp_path: Path, runner: Any, cli: Any, base: str, problem: str
) -> None:
    record = str(LAYOUTS / "heading_bullets.txt")
    for args in (
        ["build", record, "--store", str(tmp_path / "store"), "--no-site", "--base-iri", base],
        ["extract", record, "--base-iri", base],
    ):
        result = runner.invoke(cli, args)
        assert result.exit_code == 2, (args, result.output, result.exception)
        assert result.stderr.splitlines() == [f"kg: --base-iri {base!r}: {problem}"]
    assert not (tmp_path / "store").exists()
