"""Fixtures of the security suite, and the counts it prints at the end of a run.

Tests add to a tally (``tally["hypothesis examples"] += 1``, ``tally["kills"] += 1``); the
terminal summary prints the hypothesis example count and how many SIGKILLs the store
survived, so that the CI log shows them.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from endpoint_helpers import Server, build_store, chromium
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parents[2]

_TALLY = pytest.StashKey[Counter[str]]()

# Deterministic for CI: the same examples on every run, no example database on disk.
settings.register_profile(
    "security",
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_TALLY] = Counter()


@pytest.fixture(scope="session")
def tally(pytestconfig: pytest.Config) -> Counter[str]:
    """Counts the suite reports: ``hypothesis examples``, ``kills`` and ``kills survived``."""
    return pytestconfig.stash[_TALLY]


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    counts = terminalreporter.config.stash.get(_TALLY, Counter())
    if counts["hypothesis examples"]:
        terminalreporter.write_line(
            f"security: hypothesis ran {counts['hypothesis examples']} examples "
            f"({counts['hypothesis errors']} refused with a one-line error)"
        )
    if counts["kills"]:
        terminalreporter.write_line(
            f"security: crash test survived {counts['kills survived']}/{counts['kills']} SIGKILLs"
        )


# Endpoint fixtures, one of each per test module (a module may define its own instead).


@pytest.fixture(scope="module")
def store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store built from the sample records."""
    return build_store(tmp_path_factory.mktemp(request.module.__name__.removeprefix("test_")))


@pytest.fixture(scope="module")
def server(store: Path) -> Iterator[Server]:
    """``kg serve`` on ``store``, without a site."""
    running = Server(store, "--site", str(store.parent / "no-site"))
    yield running
    running.stop()


@pytest.fixture(scope="module")
def served(site: tuple[Path, Path]) -> Iterator[Server]:
    """``kg serve`` on the module's ``site`` fixture: (store, published site folder)."""
    store, folder = site
    running = Server(store, "--site", str(folder))
    yield running
    running.stop()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Headless Chromium (Debian's), through playwright."""
    with chromium() as launched:
        yield launched


@dataclass
class Run:
    """A finished ``kg`` subprocess: exit code, output, and its peak memory."""

    returncode: int
    stdout: str
    stderr: str
    max_rss_mb: float


# Runs kg and writes its own peak RSS (VmHWM) to $KG_PEAK_FILE at exit. The rusage of a
# child is no use here: Linux carries the forking parent's (pytest's) peak into it.
_MEASURED_KG = """
import atexit, os, sys

def _peak():
    with open("/proc/self/status") as status, open(os.environ["KG_PEAK_FILE"], "w") as out:
        out.write(next(line.split()[1] for line in status if line.startswith("VmHWM:")))

atexit.register(_peak)
sys.argv[0] = "kg"
from kg.cli import main
main()
"""


def _run_kg(*args: str, timeout: float = 120) -> Run:
    """Run ``kg ARGS`` from this checkout in a fresh process; measure its peak RSS."""
    with tempfile.TemporaryDirectory() as folder:
        peak, out, err = (Path(folder) / name for name in ("peak", "out", "err"))
        with out.open("wb") as stdout, err.open("wb") as stderr:
            process = subprocess.run(
                [sys.executable, "-c", _MEASURED_KG, *args],
                stdout=stdout,
                stderr=stderr,
                env={**kg_env(), "KG_PEAK_FILE": str(peak)},
                timeout=timeout,
                check=False,
            )
        return Run(
            process.returncode,
            out.read_text(encoding="utf-8", errors="replace"),
            err.read_text(encoding="utf-8", errors="replace"),
            int(peak.read_text()) / 1024,  # kB
        )


@pytest.fixture(scope="session")
def run_kg() -> Callable[..., Run]:
    """Run ``kg`` in a subprocess: ``run_kg("build", "--store", path)`` → :class:`Run`."""
    return _run_kg


def kg_command(*args: str) -> list[str]:
    """The command line that runs ``kg`` from this checkout in a fresh Python process."""
    return [sys.executable, "-m", "kg.cli", *args]


def kg_env() -> dict[str, str]:
    """The environment of a ``kg`` subprocess: this checkout first on the path."""
    return {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONUNBUFFERED": "1"}
