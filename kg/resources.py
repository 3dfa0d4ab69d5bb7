"""Find the project's bundled files (ontology/, viz/, data/) in a checkout and in a wheel."""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def resource_path(*parts: str) -> Path:
    """Return the path of a bundled file, e.g. ``resource_path("data", "registry")``.

    A wheel carries the files under ``kg/_resources/``; a source checkout has them beside ``kg/``.
    """
    for root in (_PACKAGE / "_resources", _PACKAGE.parent):
        candidate = root.joinpath(*parts)
        if candidate.exists():
            return candidate
    return _PACKAGE.parent.joinpath(*parts)
