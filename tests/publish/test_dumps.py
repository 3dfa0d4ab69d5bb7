"""Dumps hold the same triples as ``kg export`` and parse in a second toolchain."""

from __future__ import annotations

import gzip
import io
import shutil
import subprocess
from pathlib import Path

import pyoxigraph as ox
import pytest

from kg.store import Store

FORMATS = {
    "gijiroku.ttl": ("turtle", ox.RdfFormat.TURTLE),
    "gijiroku.trig": ("trig", ox.RdfFormat.TRIG),
    "gijiroku.jsonld": ("jsonld", ox.RdfFormat.JSON_LD),
}


def _quads(data: bytes, fmt: ox.RdfFormat) -> set[ox.Quad]:
    return set(ox.parse(data, format=fmt))


def _export(store_dir: Path, fmt: str) -> bytes:
    out = io.BytesIO()
    with Store.open(store_dir, read_only=True) as store:
        store.export(out, fmt)
    return out.getvalue()


@pytest.mark.parametrize("name", sorted(FORMATS))
def test_dump_holds_the_same_quads_as_export(site_dir: Path, store_dir: Path, name: str) -> None:
    fmt, rdf_format = FORMATS[name]
    dumped = _quads((site_dir / "dumps" / name).read_bytes(), rdf_format)
    exported = _quads(_export(store_dir, fmt), rdf_format)
    assert dumped == exported
    assert len(dumped) > 1000


def test_ntriples_dump_is_gzipped_export(site_dir: Path, store_dir: Path) -> None:
    data = gzip.decompress((site_dir / "dumps" / "gijiroku.nt.gz").read_bytes())
    assert sorted(data.splitlines()) == sorted(_export(store_dir, "nt").splitlines())


def test_jsonld_dump_has_its_context_beside_it(site_dir: Path) -> None:
    context = site_dir / "dumps" / "context.jsonld"
    assert '"@context"' in context.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("name", "syntax"), [("gijiroku.ttl", "turtle"), ("gijiroku.nt", "ntriples")]
)
def test_dumps_parse_with_rapper(site_dir: Path, tmp_path: Path, name: str, syntax: str) -> None:
    rapper = shutil.which("rapper")
    if rapper is None:
        pytest.skip("rapper (raptor2-utils) is not installed")
    path = site_dir / "dumps" / name
    if name.endswith(".nt"):
        path = tmp_path / name
        path.write_bytes(gzip.decompress((site_dir / "dumps" / (name + ".gz")).read_bytes()))
    done = subprocess.run([rapper, "-i", syntax, "-c", str(path)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert "returned" in done.stderr and " 0 triples" not in done.stderr
