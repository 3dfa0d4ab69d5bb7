"""``kg serve`` as a real subprocess: protocol, refusals, limits, and a build writing the store."""

from __future__ import annotations

import json
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from serving import KG, Server

pytestmark = pytest.mark.slow

LAYOUTS = Path(__file__).resolve().parents[1] / "data" / "layouts"
SESSIONS = "SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s schema:recordedIn ?r }"
EXPENSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def fetch(
    url: str, data: bytes | None = None, headers: dict[str, str] | None = None
) -> tuple[int, str, str]:
    """Return status, content type and text of a request; errors are answers too."""
    request = urllib.request.Request(url, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as answer:
            return answer.status, answer.headers["Content-Type"], answer.read().decode()
    except urllib.error.HTTPError as failure:
        return failure.code, failure.headers["Content-Type"], failure.read().decode()


def get(server: Server, query: str, **params: str) -> tuple[int, str, str]:
    headers = {"Accept": params.pop("accept")} if "accept" in params else {}
    url = f"{server.base}/sparql?" + urllib.parse.urlencode({"query": query, **params})
    return fetch(url, headers=headers)


@pytest.mark.parametrize(
    ("accept", "fmt", "media"),
    [
        (None, None, "application/sparql-results+json"),
        ("text/csv", None, "text/csv"),
        ("text/tab-separated-values", None, "text/tab-separated-values"),
        ("application/sparql-results+xml", None, "application/sparql-results+xml"),
        ("text/csv", "json", "application/sparql-results+json"),
        (None, "jsonl", "application/x-ndjson"),
        (None, "table", "text/plain"),
    ],
)
def test_get_and_post_answer_in_the_format_asked(
    server: Server, accept: str | None, fmt: str | None, media: str
) -> None:
    params = {k: v for k, v in (("accept", accept), ("format", fmt)) if v}
    status, kind, text = get(server, SESSIONS, **params)
    assert status == 200 and kind.startswith(media), (status, kind, text)
    assert "2" in text
    form = urllib.parse.urlencode({"query": SESSIONS, **({"format": fmt} if fmt else {})})
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if accept:
        headers["Accept"] = accept
    status, kind, _ = fetch(f"{server.base}/sparql", form.encode(), headers)
    assert status == 200 and kind.startswith(media)
    headers["Content-Type"] = "application/sparql-query"
    status, kind, _ = fetch(f"{server.base}/sparql?format={fmt or ''}", SESSIONS.encode(), headers)
    assert status == 200 and kind.startswith(media)


def test_json_results_have_the_sparql_structure(server: Server) -> None:
    status, _, text = get(server, SESSIONS)
    assert status == 200
    document = json.loads(text)
    assert document["head"]["vars"] == ["n"]
    assert document["results"]["bindings"][0]["n"]["value"] == "2"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("INSERT DATA { <a:b> <a:c> <a:d> }", "SPARQL Update (INSERT) is refused"),
        ("LOAD <http://127.0.0.1:1/data.ttl>", "SPARQL Update (LOAD) is refused"),
        ("SELECT * WHERE { SERVICE <http://127.0.0.1:1/sparql> { ?s ?p ?o } }", "SERVICE"),
    ],
)
def test_updates_load_and_service_are_refused(server: Server, query: str, message: str) -> None:
    status, kind, text = get(server, query)
    assert status == 400 and kind.startswith("text/plain") and message in text
    status, _, text = fetch(
        f"{server.base}/sparql", query.encode(), {"Content-Type": "application/sparql-query"}
    )
    assert status == 400 and message in text


def test_an_expensive_query_is_stopped_at_the_time_limit(server: Server) -> None:
    started = time.monotonic()
    status, _, text = get(server, EXPENSIVE)
    took = time.monotonic() - started
    assert status == 503 and "time limit" in text, text
    assert took < 2 + 1.5, took
    # the killed worker is replaced: the server keeps answering
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        if get(server, SESSIONS)[0] == 200:
            break
        time.sleep(0.2)
    assert get(server, SESSIONS)[0] == 200


def test_the_result_size_is_limited(server: Server) -> None:
    status, _, text = get(server, "SELECT * WHERE { ?s ?p ?o }")
    assert status == 400 and "more than 100 rows" in text
    assert get(server, "SELECT * WHERE { ?s ?p ?o } LIMIT 100")[0] == 200


def test_the_page_loads_with_no_external_url(server: Server) -> None:
    status, kind, page = fetch(f"{server.base}/sparql", headers={"Accept": "text/html"})
    assert status == 200 and kind.startswith("text/html")
    for name in ("query.js", "query.css"):
        status, _, text = fetch(f"{server.base}/sparql/static/{name}")
        assert status == 200
        assert "http://" not in text and "https://" not in text
    assert "http://" not in page and "https://" not in page


def test_serves_while_a_build_writes_the_store(writable_store_copy: Path) -> None:
    running = Server(writable_store_copy, "--timeout", "5")
    try:
        assert _count(running) == (200, 2)
        build = subprocess.Popen(
            [str(KG), "build", str(LAYOUTS), "--store", str(writable_store_copy)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        answers: list[tuple[int, object]] = []
        stop = threading.Event()

        def ask() -> None:
            while not stop.is_set():
                answers.append(_count(running))
                time.sleep(0.05)

        asker = threading.Thread(target=ask)
        asker.start()
        _, errors = build.communicate(timeout=120)
        stop.set()
        asker.join()
        assert build.returncode == 0, errors.decode()
        assert answers, "no answer while the build ran"
        for status, value in answers:  # every answer is data or a clear refusal
            assert status == 200 or (status == 503 and "store" in str(value)), (status, value)
        assert sum(status == 200 for status, _ in answers) >= len(answers) / 2, answers
        assert _count(running) == (200, 10)  # the new sessions are seen without a restart
    finally:
        running.stop()


def _count(server: Server) -> tuple[int, object]:
    status, _, text = get(server, SESSIONS)
    if status != 200:
        return status, text
    return status, int(json.loads(text)["results"]["bindings"][0]["n"]["value"])


def test_without_a_store_the_answer_says_why(tmp_path: Path) -> None:
    running = Server(tmp_path / "not-built-yet", "--workers", "1")
    try:
        status, kind, text = get(running, SESSIONS)
        assert status == 503 and kind.startswith("text/plain")
        assert "no store at" in text and "build one first" in text, text
    finally:
        running.stop()


def test_other_host_names_are_refused_on_loopback(server: Server) -> None:
    url = f"{server.base}/sparql?" + urllib.parse.urlencode({"query": SESSIONS})
    status, _, _ = fetch(url, headers={"Host": "rebound.example"})
    assert status == 400
    assert fetch(url, headers={"Host": f"localhost:{server.port}"})[0] == 200
