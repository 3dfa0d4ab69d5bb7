"""Identity across records: a surname-only speaker named by another record or the registry."""

from __future__ import annotations

import datetime

import pytest

from kg.errors import InputError
from kg.extract import extract_path
from kg.identity import HolderIndex, Holding, link_surnames, load_officials
from kg.record import Actor
from kg.registry import default_registry

REGISTRY = default_registry()


def _speaker(minutes, label):
    return next(s.speaker for s in minutes.statements if s.speaker and s.speaker.label == label)


def test_registry_of_officials_names_the_vice_governor(samples_dir):
    minutes = extract_path(samples_dir / "003_febb558535f5cb73.txt")
    before = _speaker(minutes, "宮坂副知事")
    assert (before.person, before.person_is_surname) == ("宮坂", True)
    index = HolderIndex()
    for holding in load_officials(REGISTRY):
        index.add(holding)
    assert link_surnames([minutes], index) == 3
    after = _speaker(minutes, "宮坂副知事")
    assert after.person == "宮坂学" and not after.person_is_surname
    assert "副知事" in after.evidence and "registry of officials" in after.evidence


def _holding(person, date, post="副知事"):
    when = datetime.date.fromisoformat(date)
    return Holding("東京都", post, person, when, when, f"record of {date}")


def test_another_record_near_the_date_names_the_speaker():
    index = HolderIndex()
    index.add(_holding("佐藤一郎", "2022-02-01"))
    actor = Actor("佐藤副知事", "東京都", post="副知事", person="佐藤", person_is_surname=True)
    assert index.find(actor, datetime.date(2023, 2, 14)).person == "佐藤一郎"
    assert index.find(actor, datetime.date(2030, 1, 1)) is None  # too far from the record


def test_two_holders_with_the_same_surname_name_nobody():
    index = HolderIndex()
    index.add(_holding("佐藤一郎", "2022-02-01"))
    index.add(_holding("佐藤二郎", "2022-06-01"))
    actor = Actor("佐藤副知事", "東京都", post="副知事", person="佐藤", person_is_surname=True)
    assert index.find(actor, datetime.date(2022, 4, 1)) is None


def test_a_tenure_is_exact():
    start = datetime.date(2019, 9, 10)
    index = HolderIndex()
    index.add(Holding("東京都", "副知事", "宮坂学", start, None, "registry", tenure=True))
    actor = Actor("宮坂副知事", "東京都", post="副知事", person="宮坂", person_is_surname=True)
    assert index.find(actor, datetime.date(2019, 9, 1)) is None
    assert index.find(actor, datetime.date(2026, 1, 1)).person == "宮坂学"


def test_a_malformed_officials_row_names_file_and_line(tmp_path):
    bad = tmp_path / "officials.csv"
    bad.write_text(
        "organization,units,post,person,family_name,given_name,start,end,source\n"
        "nowhere,,副知事,山田太郎,山田,太郎,2020-01-01,,x\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match=r"officials.csv: line 2: unknown organization"):
        load_officials(REGISTRY, bad)
