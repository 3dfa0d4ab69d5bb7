"""Tests of kg.registry: the shipped registry files, loading, and name matching."""

from __future__ import annotations

import csv
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest

from kg.errors import InputError
from kg.registry import BODY_KINDS, Registry, default_registry
from kg.resources import resource_path

REGISTRY_DIR = resource_path("data", "registry")
REFERENCE_CSV = Path(__file__).resolve().parents[2] / "shared/reference/tokyo_municipalities.csv"


def _municipality_rows() -> list[dict[str, str]]:
    with (REGISTRY_DIR / "municipalities.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


MUNICIPALITY_ROWS = _municipality_rows()


@pytest.fixture(scope="module")
def registry() -> Registry:
    return default_registry()


# --- the shipped files -------------------------------------------------------------------


@pytest.mark.parametrize("row", MUNICIPALITY_ROWS, ids=[r["code6"] for r in MUNICIPALITY_ROWS])
def test_every_municipality_check_digit_holds(row: dict[str, str]) -> None:
    code6 = row["code6"]
    assert re.fullmatch(r"13\d{4}", code6), code6
    assert code6[:5] == row["code5"]
    total = sum(
        int(digit) * weight for digit, weight in zip(code6[:5], [6, 5, 4, 3, 2], strict=True)
    )
    assert (11 - total % 11) % 10 == int(code6[5]), f"{row['name_ja']} {code6}"


def test_sixty_two_municipalities_by_type() -> None:
    assert len(MUNICIPALITY_ROWS) == 62
    assert Counter(row["type"] for row in MUNICIPALITY_ROWS) == {
        "特別区": 23,
        "市": 26,
        "町": 5,
        "村": 8,
    }
    assert len({row["code6"] for row in MUNICIPALITY_ROWS}) == 62


@pytest.mark.skipif(not REFERENCE_CSV.exists(), reason="shared/reference is not beside the repo")
def test_municipalities_csv_is_a_copy_of_the_reference() -> None:
    assert (REGISTRY_DIR / "municipalities.csv").read_bytes() == REFERENCE_CSV.read_bytes()


def test_readme_documents_every_file() -> None:
    readme = (REGISTRY_DIR / "README.md").read_text(encoding="utf-8")
    files = sorted(path.name for path in REGISTRY_DIR.iterdir() if path.name != "README.md")
    assert files, "data/registry holds no data files"
    assert [name for name in files if f"`{name}`" not in readme] == []


def test_registry_holds_municipalities_and_bodies(registry: Registry) -> None:
    kinds = Counter(body.kind for body in registry.bodies)
    assert (kinds["special-ward"], kinds["city"], kinds["town"], kinds["village"]) == (23, 26, 5, 8)
    assert len(registry) == len(registry.bodies) == len(list(registry))


def test_every_body_is_valid(registry: Registry) -> None:
    ids = [body.id for body in registry.bodies]
    assert len(ids) == len(set(ids)), [i for i, n in Counter(ids).items() if n > 1]
    for body in registry.bodies:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", body.id), body.id
        assert body.kind in BODY_KINDS, body
        assert body.name and body.name_en, body
        assert body.parent is None or registry.get(body.parent) is not None, body
        assert body.wikidata is None or re.fullmatch(r"Q\d+", body.wikidata), body
        assert body.code is None or re.fullmatch(r"\d{6}", body.code), body
        assert body.url is None or body.url.startswith("https://"), body
        if body.code is not None:
            assert body.code5 == body.code[:5]
            assert body.estat == f"http://data.e-stat.go.jp/lod/sac/C{body.code5}", body


def test_every_series_is_valid(registry: Registry) -> None:
    ids = [item.id for item in registry.series]
    assert len(ids) == len(set(ids))
    for item in registry.series:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", item.id), item.id
        assert item.publisher is None or registry.get(item.publisher) is not None, item
        assert item.replaces is None or registry.get_series(item.replaces) is not None, item


def test_municipality_fields_come_from_the_table(registry: Registry) -> None:
    for row in MUNICIPALITY_ROWS:
        body = registry.by_code(row["code6"])
        assert body is not None, row
        assert (body.name, body.name_en, body.wikidata, body.estat) == (
            row["name_ja"],
            row["name_en"],
            row["wikidata"],
            row["sac_plain"],
        )
        assert body.iri_path == f"org/lg/{row['code6']}"


def test_tokyo(registry: Registry) -> None:
    tokyo = registry.get("tokyo")
    assert tokyo is not None
    assert (tokyo.name, tokyo.kind, tokyo.code, tokyo.code5) == (
        "東京都",
        "prefecture",
        "130001",
        "13000",
    )
    assert tokyo.wikidata == "Q1074185"
    assert tokyo.estat == "http://data.e-stat.go.jp/lod/sac/C13000"
    assert tokyo.iri_path == "org/lg/130001"
    assert {"都", "東京都庁", "都庁"} <= set(tokyo.aliases)


@pytest.mark.parametrize(
    ("name", "body_id", "kind"),
    [
        ("デジタル庁", "digital-agency", "national"),
        ("総務省", "mic", "national"),
        ("内閣府", "cao", "national"),
        ("内閣官房", "cas", "national"),
        ("経済産業省", "meti", "national"),
        ("厚生労働省", "mhlw", "national"),
        ("文部科学省", "mext", "national"),
        ("国土交通省", "mlit", "national"),
        ("法務省", "moj", "national"),
        ("財務省", "mof", "national"),
        ("個人情報保護委員会", "ppc", "national"),
        ("地方公共団体情報システム機構", "j-lis", "independent-agency"),
        ("J-LIS", "j-lis", "independent-agency"),
        ("内閣サイバーセキュリティセンター", "nisc", "national"),
        ("NISC", "nisc", "national"),
        ("一般財団法人GovTech東京", "govtech-tokyo", "foundation"),
        ("東京都市長会", "tokyo-mayors", "association"),
        ("市長会", "tokyo-mayors", "association"),
        ("東京都町村会", "tokyo-towns-villages", "association"),
        ("町村会", "tokyo-towns-villages", "association"),
        ("特別区長会", "special-ward-mayors", "association"),
        ("区長会", "special-ward-mayors", "association"),
        ("特別区協議会", "special-wards-council", "foundation"),
        ("全国知事会", "nga", "association"),
        ("全国市長会", "japan-mayors", "association"),
        ("全国町村会", "japan-towns-villages", "association"),
        ("指定都市市長会", "designated-city-mayors", "association"),
        ("都", "tokyo", "prefecture"),
        ("東京都千代田区", "chiyoda-city", "special-ward"),
        ("千代田区", "chiyoda-city", "special-ward"),
        ("八王子市", "hachioji-city", "city"),
        ("東京都 瑞穂町", "mizuho-town", "town"),
        ("桧原村", "hinohara-village", "village"),
        ("青ケ島村", "aogashima-village", "village"),
        ("Digital Agency", "digital-agency", "national"),
    ],
)
def test_find(registry: Registry, name: str, body_id: str, kind: str) -> None:
    body = registry.find(name)
    assert body is not None, name
    assert (body.id, body.kind) == (body_id, kind)


@pytest.mark.parametrize("name", ["", "東京", "デジタル", "京都府", "東京都デジタル庁", "市"])
def test_find_refuses_what_is_not_a_name(registry: Registry, name: str) -> None:
    assert registry.find(name) is None


def test_iri_paths(registry: Registry) -> None:
    digital = registry.get("digital-agency")
    forum = registry.get_series("cio-forum")
    assert digital is not None and forum is not None
    assert digital.iri_path == "org/digital-agency"
    assert forum.iri_path == "series/cio-forum"


# --- matching ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "body_id", "length"),
    [
        ("東京都デジタルサービス局戦略部長", "tokyo", 3),
        ("東京都千代田区長", "chiyoda-city", 7),
        ("千代田区長", "chiyoda-city", 4),
        ("デジタル庁デジタル大臣政務官", "digital-agency", 5),
        ("Govtech 東京", "govtech-tokyo", 9),
        ("ＧｏｖＴｅｃｈ東京 代表理事", "govtech-tokyo", 9),
        ("一般財団法人GovTech東京理事長", "govtech-tokyo", 15),
        ("東京都市長会会長", "tokyo-mayors", 6),
        ("都デジタルサービス局長", "tokyo", 1),
        ("都庁CIO", "tokyo", 2),
        ("総務省自治行政局", "mic", 3),
        ("NISC 副センター長", "nisc", 4),
        ("東 京 都 総務局長", "tokyo", 3),
    ],
)
def test_match_prefix(registry: Registry, label: str, body_id: str, length: int) -> None:
    match = registry.match_prefix(label)
    assert match is not None, label
    body, consumed = match
    assert (body.id, consumed) == (body_id, length)


@pytest.mark.parametrize(
    "label",
    ["デジタルサービス局長", "宮坂副知事", "都市整備局長", "都民安全推進本部長", "ACADEMIC", ""],
)
def test_match_prefix_without_body(registry: Registry, label: str) -> None:
    assert registry.match_prefix(label) is None


def test_find_in(registry: Registry) -> None:
    assert [b.id for b in registry.find_in("東京都・区市町村CIOフォーラム")] == ["tokyo"]
    assert [b.id for b in registry.find_in("東京都市長会と特別区長会、全国町村会")] == [
        "tokyo-mayors",
        "special-ward-mayors",
        "japan-towns-villages",
    ]
    assert [b.id for b in registry.find_in("デジタル庁・総務省・デジタル庁")] == [
        "digital-agency",
        "mic",
    ]
    assert registry.find_in("京都府の都市計画") == []


@pytest.mark.parametrize(
    ("title", "series_id"),
    [
        ("第4回東京都・区市町村 CIO フォーラム 議事要旨", "cio-forum"),
        ("東京都・区市町村CIOフォーラムの設置及び第二回の開催(令和4年2月1日)議事概要", "cio-forum"),
        ("第１回 東京都区市町村ＣＩＯフォーラム", "cio-forum"),
        ("第1回都・区市町村CIO協議会 議事要旨", "cio-council"),
        ("東京都・区市町村CIO協議会(第2回)", "cio-council"),
        ("定例記者会見", None),
    ],
)
def test_series_for_title(registry: Registry, title: str, series_id: str | None) -> None:
    series = registry.series_for_title(title)
    assert (series.id if series else None) == series_id


def test_council_replaces_forum(registry: Registry) -> None:
    council = registry.get_series("cio-council")
    assert council is not None
    assert (council.replaces, council.publisher) == ("cio-forum", "tokyo")


def test_default_registry_is_cached() -> None:
    assert default_registry() is default_registry()


# --- malformed files -----------------------------------------------------------------------


@pytest.fixture
def registry_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "registry"
    shutil.copytree(REGISTRY_DIR, folder)
    return folder


def _append(path: Path, line: str) -> int:
    """Append a line to a CSV file and return its line number."""
    text = path.read_text(encoding="utf-8")
    if not text.endswith("\n"):
        text += "\n"
    path.write_text(text + line + "\n", encoding="utf-8")
    return text.count("\n") + 1


def test_copy_loads_like_the_default(registry_copy: Path) -> None:
    assert len(Registry.load(registry_copy)) == len(default_registry())


@pytest.mark.parametrize(
    ("file_name", "row", "message"),
    [
        ("bodies.csv", "broken,壊れた,Broken", "fields"),
        ("bodies.csv", "broken,壊れた,Broken,,ministry,,,,,", "kind 'ministry'"),
        ("bodies.csv", "Broken Id,壊れた,Broken,,other,,,,,", "slug"),
        ("bodies.csv", "broken,壊れた,Broken,,other,nowhere,,,,", "parent 'nowhere'"),
        ("bodies.csv", "broken,壊れた,Broken,,other,,,1074185,,", "wikidata"),
        ("bodies.csv", "broken,壊れた,Broken,,other,,13000,,,", "code '13000'"),
        ("bodies.csv", "tokyo,東京都2,Tokyo 2,,other,,,,,", "used twice"),
        ("bodies.csv", "broken,デジタル庁,Broken,,other,,,,,", "already names 'digital-agency'"),
        ("series.csv", "broken,壊れた会議,Broken,,nobody,", "publisher 'nobody'"),
        ("series.csv", "broken,壊れた会議,Broken,,tokyo,broken", "replaces 'broken'"),
        ("municipality_aliases.csv", "999999,どこか村,", "999999"),
    ],
)
def test_malformed_row_names_file_and_line(
    registry_copy: Path, file_name: str, row: str, message: str
) -> None:
    line = _append(registry_copy / file_name, row)
    with pytest.raises(InputError) as caught:
        Registry.load(registry_copy)
    text = str(caught.value)
    assert file_name in text, text
    assert f"line {line}:" in text, text
    assert message in text, text


def test_bad_check_digit_names_file_and_line(registry_copy: Path) -> None:
    path = registry_copy / "municipalities.csv"
    text = path.read_text(encoding="utf-8").replace("13101,131016,", "13101,131017,", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=r"municipalities\.csv: line 2: code6 '131017'"):
        Registry.load(registry_copy)


def test_missing_file_is_an_input_error(registry_copy: Path) -> None:
    (registry_copy / "series.csv").unlink()
    with pytest.raises(InputError, match=r"series\.csv: cannot read"):
        Registry.load(registry_copy)
