"""The machine and the versions a suite ran with (for the head of BENCHMARKS.md)."""

from __future__ import annotations

import os
import platform
from pathlib import Path
from typing import Any


def _first(path: str, key: str) -> str | None:
    try:
        text = Path(path).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    for line in text.splitlines():
        name, _, value = line.partition(":" if ":" in line else "=")
        if name.strip() == key:
            return value.strip().strip('"')
    return None


def machine() -> dict[str, Any]:
    """CPU model, cores, RAM and operating system of this machine."""
    memory = _first("/proc/meminfo", "MemTotal")  # "24000000 kB"
    ram_gb = round(int(memory.split()[0]) / 1024 / 1024, 1) if memory else None
    return {
        "cpu": _first("/proc/cpuinfo", "model name") or platform.processor() or "unknown",
        "cores": os.cpu_count(),
        "ram_gb": ram_gb,
        "os": _first("/etc/os-release", "PRETTY_NAME") or platform.system(),
        "kernel": platform.release(),
    }


def versions() -> dict[str, Any]:
    """Python and the libraries measured, and the kg commit (``+dirty`` with changes)."""
    import pyoxigraph
    import pyshacl
    import rdflib

    from bench.build import revision
    from bench.validation import rudof_version

    return {
        "python": platform.python_version(),
        "pyoxigraph": pyoxigraph.__version__,
        "rdflib": rdflib.__version__,
        "pyshacl": pyshacl.__version__,
        "pyrudof": rudof_version() or "not installed",
        "kg": revision(),
    }
