"""Item 5: no path reaches a file outside the served site or the query page's own files.

A secret file sits beside the site folder, and symlinks inside the site point at it and at
its folder. Requests go out through ``http.client`` so the path is sent as written (no
client normalizes ``..`` away).

How the defence was confirmed: with ``inside()`` in ``kg/publish/negotiate.py`` returning
the resolved path whatever it is, ``test_no_path_leaves_the_site`` fails on ``/../secret.txt``
and on the symlinks; the companion test shows the same with ``Path.is_relative_to`` patched.
The static route reads only a fixed list of names (``STATIC_FILES`` in ``kg/serve/app.py``);
replacing that check by a plain ``joinpath(name)`` makes the ``/sparql/static/…`` cases fail.
"""

from __future__ import annotations

import http.client
from pathlib import Path

import pytest
from endpoint_helpers import Server, build_site

from kg.publish.negotiate import make_handler

pytestmark = pytest.mark.slow

SECRET = "kg-secret-4f1c2a9e"

PATHS = [
    "/../secret.txt",
    "/../../../../../../etc/passwd",
    "/%2e%2e/secret.txt",
    "/%2E%2E/secret.txt",
    "/..%2fsecret.txt",
    "/%2e%2e%2fsecret.txt",
    "/%252e%252e/secret.txt",  # encoded twice
    "/%252e%252e%252fsecret.txt",
    "/..%5csecret.txt",  # backslash
    "/..\\secret.txt",
    "/id/..%5c..%5csecret.txt",
    "//etc/passwd",  # absolute
    "/%2fetc%2fpasswd",
    "/%2Fetc/passwd",
    "/etc/passwd",
    "/index.html/../../secret.txt",
    "/..;/secret.txt",
    "/%00../secret.txt",
    "/index.html%00.txt",
    "/leak.txt",  # symlink to the secret
    "/leakdir/secret.txt",  # symlink to the folder holding it
    "/id/leak",  # a "resource" whose .html is a symlink out
    "/sparql/static/../app.py",
    "/sparql/static/%2e%2e/app.py",
    "/sparql/static/..%2fapp.py",
    "/sparql/static/%2e%2e%2f%2e%2e%2fpyproject.toml",
    "/sparql/static/..%5capp.py",
    "/sparql/static/%2fetc%2fpasswd",
    "/sparql/static//etc/passwd",
]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("traversal")
    store, site = build_site(folder)
    (folder / "secret.txt").write_text(SECRET, encoding="utf-8")
    (site / "leak.txt").symlink_to(folder / "secret.txt")
    (site / "leakdir").symlink_to(folder, target_is_directory=True)
    (site / "id" / "leak.html").symlink_to(folder / "secret.txt")
    return store, site


def raw_get(server: Server, path: str) -> tuple[int, str]:
    """GET ``path`` exactly as written."""
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        connection.putrequest("GET", path, skip_accept_encoding=True)
        connection.putheader("Accept", "text/html, */*")
        connection.endheaders()
        answer = connection.getresponse()
        return answer.status, answer.read().decode("utf-8", "replace")
    finally:
        connection.close()


@pytest.mark.parametrize("path", PATHS)
def test_no_path_leaves_the_site(served: Server, path: str) -> None:
    status, body = raw_get(served, path)
    assert status in (400, 404), (path, status, body[:200])
    assert SECRET not in body and "root:" not in body, path
    assert "import " not in body and "[project]" not in body, path  # no source file


def test_the_site_itself_is_served(served: Server) -> None:
    """The same server does answer inside the site: the 404s above are refusals."""
    assert raw_get(served, "/index.html")[0] == 200
    assert raw_get(served, "/id/org/lg/132144")[0] == 200
    assert raw_get(served, "/sparql/static/query.js")[0] == 200


def test_without_the_containment_check_the_secret_leaks(
    site: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Companion: the handler's containment check is what stops these paths."""
    handler = make_handler(site[1])
    assert handler("/../secret.txt", "*/*") is None
    assert handler("/leak.txt", "*/*") is None
    monkeypatch.setattr(Path, "is_relative_to", lambda self, other: True)
    leaked = handler("/../secret.txt", "*/*")
    assert leaked is not None and SECRET in leaked.body.decode()
