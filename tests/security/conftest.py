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
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
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


@dataclass
class Run:
    """A finished ``kg`` subprocess: exit code, output, and its peak memory."""

    returncode: int
    stdout: str
    stderr: str
    max_rss_mb: float


def _run_kg(*args: str, timeout: float = 120) -> Run:
    """Run ``kg ARGS`` from this checkout in a fresh process; measure its peak RSS."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        process = subprocess.Popen(kg_command(*args), stdout=out, stderr=err, env=kg_env())
        deadline = time.monotonic() + timeout
        while True:  # wait4 gives this child's own rusage (RUSAGE_CHILDREN mixes them all)
            pid, status, usage = os.wait4(process.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                process.kill()
                process.wait()
                raise AssertionError(f"kg {' '.join(args)} ran over {timeout} s")
            time.sleep(0.02)
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(
            process.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
            usage.ru_maxrss / 1024,  # KiB on Linux
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
