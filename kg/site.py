"""The browsable site ``kg build`` writes: the linked-data pages of ``kg publish``, with the
graph explorer of ``kg viz`` under ``viz/``, whose nodes link to those pages.

Written all or nothing, like ``kg publish``: into a folder beside the site, renamed at the end.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kg.publish import PublishSummary, publish


def write_site(store: Any, out_dir: Path, *, base_iri: str) -> PublishSummary:
    """Publish ``store`` into ``out_dir`` with the ``kg viz`` pages in ``out_dir/viz``.

    Raises:
        UsageError: ``out_dir`` holds files neither command wrote.
    """
    from kg.viz import write_all

    def add_explorer(folder: Path) -> None:
        write_all(store, folder / "viz", base_iri=base_iri, pages="../")

    return publish(store, out_dir, base_iri=base_iri, also=add_explorer, explorer="viz/index.html")
