"""The web-server rules shipped with the site (nginx.conf, .htaccess) negotiate, run by a real
nginx and a real Apache when installed (Debian: nginx-light, apache2)."""

from __future__ import annotations

import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow
SESSION = "/id/session/cio-forum/2"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def nginx_site(site_dir: Path, tmp_path: Path) -> Iterator[str]:
    """nginx serving the published site with its own nginx.conf on a loopback port."""
    nginx = shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )
    if nginx is None:
        pytest.skip("nginx is not installed (apt-get install nginx-light)")
    port = _free_port()
    rules = (site_dir / "nginx.conf").read_text(encoding="utf-8")
    rules = rules.replace("listen 80;", f"listen 127.0.0.1:{port};")
    rules = rules.replace("# root /srv/gijiroku-site;", f"root {site_dir};")
    temp = "".join(
        f"{name}_temp_path {tmp_path / name};\n"
        for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    config = tmp_path / "nginx.conf"
    config.write_text(
        f"daemon off;\nuser root;\nworker_processes 1;\npid {tmp_path / 'nginx.pid'};\n"
        f"error_log {tmp_path / 'error.log'};\nevents {{}}\n"
        f"http {{\naccess_log off;\n{temp}{rules}\n}}\n",
        encoding="utf-8",
    )
    check = subprocess.run([nginx, "-t", "-c", str(config)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen([nginx, "-c", str(config)], stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait(port)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def apache_site(site_dir: Path, tmp_path: Path) -> Iterator[str]:
    """Apache serving a copy of the site with its .htaccess on a loopback port."""
    apache = "/usr/sbin/apache2"
    modules = Path("/usr/lib/apache2/modules")
    if not Path(apache).exists():
        pytest.skip("apache2 is not installed (apt-get install apache2)")
    # Apache's worker user (nobody) must reach the site: a copy under /tmp, world-readable
    root = Path(tempfile.mkdtemp(prefix="kg-apache-"))
    shutil.copytree(site_dir, root / "site")
    root.chmod(0o755)
    port = _free_port()
    loads = "".join(
        f"LoadModule {name}_module {modules / f'mod_{name}.so'}\n"
        for name in ("mpm_event", "authz_core", "mime", "dir", "rewrite", "headers")
    )
    config = tmp_path / "httpd.conf"
    config.write_text(
        f"ServerRoot {tmp_path}\nServerName localhost\nListen 127.0.0.1:{port}\n"
        f"PidFile {tmp_path / 'httpd.pid'}\nErrorLog {tmp_path / 'error.log'}\n{loads}"
        f"User nobody\nGroup nogroup\nTypesConfig /etc/mime.types\n"
        f"DocumentRoot {root / 'site'}\n<Directory {root / 'site'}>\n"
        "  AllowOverride All\n  Require all granted\n</Directory>\n",
        encoding="utf-8",
    )
    check = subprocess.run([apache, "-t", "-f", str(config)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    process = subprocess.Popen([apache, "-f", str(config), "-DFOREGROUND"])
    try:
        _wait(port)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(root, ignore_errors=True)


def _wait(port: int) -> None:
    for _ in range(50):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)


def _get(url: str, accept: str) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


CASES = [
    ("text/html,application/xhtml+xml,*/*;q=0.8", "text/html", ".html"),
    ("*/*", "text/html", ".html"),
    ("text/turtle", "text/turtle", ".ttl"),
    ("application/ld+json", "application/ld+json", ".jsonld"),
    ("application/n-triples", "application/n-triples", ".nt"),
]


@pytest.mark.parametrize(("accept", "content_type", "suffix"), CASES)
def test_apache_rules_negotiate(
    apache_site: str, site_dir: Path, accept: str, content_type: str, suffix: str
) -> None:
    status, headers, body = _get(apache_site + SESSION, accept)
    assert status == 200
    assert headers["Content-Type"].split(";")[0] == content_type
    assert "Accept" in headers.get("Vary", "")
    assert body == (site_dir / f"id/session/cio-forum/2{suffix}").read_bytes()


def test_apache_rules_404_and_files(apache_site: str) -> None:
    assert _get(apache_site + "/id/session/cio-forum/999", "text/turtle")[0] == 404
    status, headers, _ = _get(apache_site + "/dumps/gijiroku.ttl", "*/*")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    assert "Accept" not in headers.get("Vary", "")  # a file is not negotiated


@pytest.mark.parametrize(("accept", "content_type", "suffix"), CASES)
def test_nginx_rules_negotiate(
    nginx_site: str, site_dir: Path, accept: str, content_type: str, suffix: str
) -> None:
    status, headers, body = _get(nginx_site + SESSION, accept)
    assert status == 200
    assert headers["Content-Type"].split(";")[0] == content_type
    assert "Accept" in headers.get("Vary", "")
    assert body == (site_dir / f"id/session/cio-forum/2{suffix}").read_bytes()


def test_nginx_rules_404_and_files(nginx_site: str) -> None:
    assert _get(nginx_site + "/id/session/cio-forum/999", "text/turtle")[0] == 404
    status, headers, _ = _get(nginx_site + "/dumps/gijiroku.ttl", "*/*")
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    assert _get(nginx_site + "/", "text/html")[0] == 200
