"""Attack 4: two ``kg build`` on one store at once (issue 8, item 4, the writer side).

The second writer fails fast — exit 2, one line naming the store — while the first goes on,
readers keep reading, and the store ends as one build alone makes it. Both for a store that
exists (Oxigraph's RocksDB lock) and for one being created (the lock of ``STORE.partial``).

How these tests were confirmed to fail on vulnerable variants: with the lock error not
recognised in ``kg.store.Store.open`` (``"lock" in str(error)`` made false), the second
build still exits 2 but with RocksDB's raw "IO error: While lock file: …/LOCK: Resource
temporarily unavailable" and no advice, and both tests fail on the message. Before
``new_store`` renamed the error, the second build of a new store named ``STORE.partial``, a
folder the user never asked for: the new-store test failed on it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from kg.store import Store

ROOT = Path(__file__).resolve().parents[2]
LAYOUTS = ROOT / "tests" / "data" / "layouts"


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def _kg(*args: str) -> list[str]:
    return [sys.executable, "-m", "kg.cli", *args]


@pytest.fixture(scope="module")
def records(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic corpus large enough that a build takes a few seconds."""
    from bench.corpus import generate

    folder = tmp_path_factory.mktemp("concurrent") / "records"
    generate(folder, 60, seed=8, formats={"txt": 1.0})
    return folder


def _contents(store_dir: Path) -> tuple[dict[str, Any], int]:
    with Store.open(store_dir, read_only=True) as store:
        return dict(store.sources()), store.count()


def _race(records: Path, store_dir: Path, wait_for: Path) -> tuple[subprocess.Popen[str], Any]:
    """Start a build; once it holds ``wait_for``'s lock, start a second; return both."""
    first = subprocess.Popen(
        _kg("-q", "build", str(records), "--store", str(store_dir), "--no-site"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=_env(),
    )
    deadline = time.monotonic() + 60
    while not (wait_for / "LOCK").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)  # past the opening, into the build
    started = time.monotonic()
    second = subprocess.run(
        _kg("build", str(records), "--store", str(store_dir), "--no-site"),
        capture_output=True,
        text=True,
        env=_env(),
        check=False,
    )
    second.seconds = time.monotonic() - started  # type: ignore[attr-defined]
    return first, second


def _check_refused(second: Any, first: subprocess.Popen[str], store_dir: Path) -> None:
    assert first.poll() is None, "the first build ended before the second started: no race"
    assert second.returncode == 2, (second.stdout, second.stderr)
    assert second.stderr.splitlines() == [
        f"kg: store {store_dir} is being written by another process; try again when it "
        "finishes, or open it read-only"
    ]
    assert second.stdout == ""
    assert second.seconds < 15, f"the second writer took {second.seconds:.1f} s to give up"


@pytest.mark.slow
def test_a_second_build_of_an_existing_store_is_refused(records: Path, tmp_path: Path) -> None:
    # an existing store with half the records: the build adds the other half
    half = tmp_path / "half"
    shutil.copytree(records, half)
    for path in sorted(half.rglob("*.txt"))[::2]:
        path.unlink()
    store_dir, clean = tmp_path / "store", tmp_path / "clean"
    for folder, target in ((half, store_dir), (half, clean), (records, clean)):
        subprocess.run(_kg("-q", "build", str(folder), "--store", str(target), "--no-site"),
                       env=_env(), check=True, capture_output=True)  # fmt: skip
    first, second = _race(records, store_dir, store_dir)
    _check_refused(second, first, store_dir)
    reader = subprocess.run(_kg("stats", "--store", str(store_dir)), capture_output=True,
                            text=True, env=_env(), check=False)  # fmt: skip
    assert reader.returncode == 0 and "statements\t" in reader.stdout, reader.stderr
    assert first.wait(timeout=120) == 0, first.stderr.read() if first.stderr else ""
    sources, triples = _contents(store_dir)
    clean_sources, clean_triples = _contents(clean)
    assert {p: e.sha256 for p, e in sources.items()} == {
        p: e.sha256 for p, e in clean_sources.items()
    }
    assert triples == clean_triples


@pytest.mark.slow
def test_a_second_build_of_a_new_store_is_refused(records: Path, tmp_path: Path) -> None:
    store_dir = tmp_path / "store"
    first, second = _race(records, store_dir, tmp_path / "store.partial")
    _check_refused(second, first, store_dir)
    assert first.wait(timeout=120) == 0, first.stderr.read() if first.stderr else ""
    assert not (tmp_path / "store.partial").exists()
    sources, _ = _contents(store_dir)
    assert len([p for p in sources if p != "ontology/"]) == 60
    again = subprocess.run(_kg("build", str(records), "--store", str(store_dir), "--no-site"),
                           capture_output=True, text=True, env=_env(), check=False)  # fmt: skip
    assert again.returncode == 0 and again.stdout.startswith("0 built, 60 unchanged"), again.stdout


def test_a_new_store_being_renamed_is_not_opened_by_a_second_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The moment between closing a new store and renaming it into place: RocksDB's lock is
    gone, the folder is still ``STORE.partial``. A second build started then is refused.

    Confirmed: without ``_claim`` in ``new_store``, the second build opened the closed store,
    cleared it as a killed build's leftover, built its one record and renamed it into place;
    the first build then died on ``OSError: Directory not empty``, its 8 sources lost.
    """
    import kg.build

    store_dir, partial = tmp_path / "store", tmp_path / "store.partial"
    record = LAYOUTS / "heading_bullets.txt"
    seconds: list[Any] = []
    close = Store.close

    def close_then_race(self: Store) -> None:
        close(self)
        if self.path == partial and not seconds:
            seconds.append(
                subprocess.run(
                    _kg("build", str(record), "--store", str(store_dir), "--no-site"),
                    capture_output=True,
                    text=True,
                    env=_env(),
                    check=False,
                )
            )

    monkeypatch.setattr(Store, "close", close_then_race)
    with kg.build.new_store(store_dir) as store:
        kg.build.build([LAYOUTS], store, bulk=True)
    assert seconds, "the store was never closed"
    second = seconds[0]
    assert second.returncode == 2, (second.stdout, second.stderr)
    assert second.stderr.splitlines() == [
        f"kg: store {store_dir} is being written by another process; try again when it "
        "finishes, or open it read-only"
    ]
    with Store.open(store_dir, read_only=True) as built:
        assert len([p for p in built.sources() if p != "ontology/"]) == 8
    assert not partial.exists()
