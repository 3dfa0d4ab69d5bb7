"""The viz benchmark: page generation, page size and time until the drawing is stable in
headless Chromium, on synthetic graphs of 100, 1,000 and 5,000 nodes before reduction.

For each size it fills an in-memory store with a synthetic graph shaped like the real one
(organizations, persons holding posts, topics with a hierarchy, sessions, statements with
topics and replies; speakers and topics drawn with a skew, so a few are hubs), sized so that
the actors-topics view has about that many nodes. Then, for each view but the session view,
through the same functions ``kg viz`` calls: the time to read the graph through SPARQL,
project, reduce, lay out and render (generation), the page's size, and in headless Chromium
the time from navigation until vis-network's first complete drawing (``window.kgReady``; the
page draws with physics off, so the network is stable from that drawing on). Target: every
page stable within 3 s.

Example::

    python -m bench viz --nodes 100 --nodes 1000 --nodes 5000
    python -m bench viz --nodes 5000 --max-nodes 0   # no reduction
"""

from __future__ import annotations

import argparse
import json
import random
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.chromium import CHROMIUM, FLAGS

OUT = Path(__file__).resolve().parent / "out" / "viz.json"
TARGET_SECONDS = 3.0
BENCH_VIEWS = ("actors-topics", "dialogue", "organizations", "topics")
XSD = "http://www.w3.org/2001/XMLSchema#"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Declare the options of ``python -m bench viz``."""
    parser.add_argument(
        "--nodes",
        type=int,
        action="append",
        help="nodes before reduction (actors-topics view); repeatable (100, 1000, 5000)",
    )
    parser.add_argument(
        "--max-nodes", type=int, default=None, help="kg viz --max-nodes (its default)"
    )
    parser.add_argument("--seed", type=int, default=0, help="graph seed (0)")
    parser.add_argument("--no-browser", action="store_true", help="skip Chromium (off)")
    parser.add_argument("--out", type=Path, default=OUT, help=f"JSON results ({OUT})")


def synthetic_quads(nodes: int, seed: int) -> list[Any]:
    """Return quads of a graph whose actors-topics view has about ``nodes`` nodes."""
    import pyoxigraph as ox

    from kg.namespaces import DCT, DEFAULT_BASE_IRI, FOAF, GK, ORG, SCHEMA, SKOS

    rng = random.Random(f"gijiroku-bench-viz/{seed}/{nodes}")
    base = DEFAULT_BASE_IRI + "id/"
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    triples: list[Any] = []

    def iri(text: str) -> ox.NamedNode:
        return ox.NamedNode(text)

    def add(s: ox.NamedNode, p: str, o: Any) -> None:
        triples.append(ox.Triple(s, iri(str(p)), o))

    def ja(text: str) -> ox.Literal:
        return ox.Literal(text, language="ja")

    orgs = [iri(f"{base}org/bench/{i}") for i in range(max(2, nodes * 3 // 10))]
    persons = [iri(f"{base}person/bench-{i}") for i in range(max(1, nodes // 5))]
    topics = [iri(f"{base}topic/bench-{i}") for i in range(max(2, nodes // 2))]
    sessions = [iri(f"{base}session/bench/{i}") for i in range(max(2, nodes // 50))]
    for i, org in enumerate(orgs):
        triples.append(ox.Triple(org, rdf_type, iri(str(ORG.FormalOrganization))))
        add(org, SKOS.prefLabel, ja(f"団体{i}"))
    speaker_org = {}
    for i, person in enumerate(persons):
        org = rng.choice(orgs)
        post = iri(f"{base}post/bench/{i}")
        triples.append(ox.Triple(person, rdf_type, iri(str(FOAF.Person))))
        triples.append(ox.Triple(post, rdf_type, iri(str(ORG.Post))))
        add(person, FOAF.name, ja(f"人物{i}"))
        add(post, SKOS.prefLabel, ja(f"課長{i}"))
        add(post, ORG.postIn, org)
        add(post, ORG.heldBy, person)
        speaker_org[person] = post
    for i, topic in enumerate(topics):
        triples.append(ox.Triple(topic, rdf_type, iri(str(SKOS.Concept))))
        add(topic, SKOS.prefLabel, ja(f"話題{i}"))
        if i >= 10:
            add(topic, SKOS.broader, topics[rng.randrange(10)])
    for i, session in enumerate(sessions):
        triples.append(ox.Triple(session, rdf_type, iri(SCHEMA + "Event")))
        add(session, SCHEMA + "name", ja(f"第{i + 1}回 ベンチマーク会議"))
        day = f"20{20 + i // 300:02d}-{1 + i // 25 % 12:02d}-{1 + i % 25:02d}"
        start = ox.Literal(f"{day}T14:00:00+09:00", datatype=iri(f"{XSD}dateTime"))
        add(session, SCHEMA + "startDate", start)
    speakers = orgs + persons
    statements = nodes * 2
    previous: dict[int, ox.NamedNode] = {}
    acts = ("question", "request", "response", "remark")
    for k in range(statements):
        number = k % len(sessions)
        session = sessions[number]
        statement = iri(f"{session.value}/statement/{k}")
        speaker = speakers[min(int(rng.paretovariate(1.2)) - 1, len(speakers) - 1)]
        if rng.random() < 0.7:  # most speakers appear at least once
            speaker = rng.choice(speakers)
        triples.append(ox.Triple(statement, rdf_type, iri(GK + "Statement")))
        add(statement, DCT.isPartOf, session)
        add(statement, SCHEMA + "position", ox.Literal(str(k), datatype=iri(f"{XSD}integer")))
        add(statement, SCHEMA + "text", ja(f"発言{k}:クラウドとデータ連携について検討したい。"))
        add(statement, SCHEMA + "creator", speaker)
        if speaker in speaker_org:
            add(statement, GK + "spokenAs", speaker_org[speaker])
        add(statement, GK + "act", iri(f"{GK}act-{rng.choice(acts)}"))
        for _ in range(rng.randint(1, 3)):
            topic = topics[min(int(rng.paretovariate(1.0)) - 1, len(topics) - 1)]
            if rng.random() < 0.6:
                topic = rng.choice(topics)
            add(statement, DCT.subject, topic)
        if number in previous and rng.random() < 0.4:
            add(statement, "https://www.w3.org/ns/activitystreams#inReplyTo", previous[number])
        previous[number] = statement
    graph = iri(f"{base}graph/bench")
    return [ox.Quad(t.subject, t.predicate, t.object, graph) for t in triples]


def generate_pages(nodes: int, seed: int, max_nodes: int, out_dir: Path) -> list[dict[str, Any]]:
    """Fill a store, write each view's page; return generation time and sizes by view."""
    from kg.namespaces import DEFAULT_BASE_IRI
    from kg.store import Store
    from kg.viz import DESCRIPTIONS, project, render_page

    rows = []
    with Store.memory() as store:
        store.oxigraph.bulk_extend(synthetic_quads(nodes, seed))
        for view in BENCH_VIEWS:
            started = time.perf_counter()
            graph = project(store, view, base_iri=DEFAULT_BASE_IRI)
            projected = time.perf_counter()
            page = render_page(
                graph,
                base_iri=DEFAULT_BASE_IRI,
                max_nodes=max_nodes,
                description=DESCRIPTIONS[view],
            )
            path = out_dir / f"{nodes}-{view}.html"
            path.write_text(page.html, encoding="utf-8")
            done = time.perf_counter()
            rows.append(
                {
                    "size": nodes,
                    "view": view,
                    "nodes_before": page.reduction.total_nodes,
                    "edges_before": page.reduction.total_edges,
                    "nodes": page.nodes,
                    "edges": page.edges,
                    "read_project_s": round(projected - started, 3),
                    "render_s": round(done - projected, 3),
                    "generate_s": round(done - started, 3),
                    "page_kb": round(path.stat().st_size / 1024),
                    "path": str(path),
                }
            )
    return rows


def measure_browser(rows: list[dict[str, Any]]) -> None:
    """Add ``stable_s`` to each row: navigation to vis-network's first complete drawing."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        for row in rows:
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            page = context.new_page()
            outside: list[str] = []
            page.on("request", lambda r, o=outside: r.url.startswith("file:") or o.append(r.url))
            page.goto(Path(row["path"]).as_uri())
            page.wait_for_function("window.kgReady !== undefined", timeout=120_000)
            row["stable_s"] = round(page.evaluate("window.kgReady") / 1000, 3)
            row["outside_requests"] = len(outside)
            context.close()
        browser.close()


def main(args: argparse.Namespace) -> int:
    """Run the benchmark; print a table; write the JSON results."""
    from kg.viz import DEFAULT_MAX_NODES

    sizes = args.nodes or [100, 1000, 5000]
    max_nodes = DEFAULT_MAX_NODES if args.max_nodes is None else args.max_nodes
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="bench-viz-") as folder:
        for size in sizes:
            rows += generate_pages(size, args.seed, max_nodes, Path(folder))
        if not args.no_browser:
            measure_browser(rows)
    header = "size  view            before  shown  links  generate  (read+project, render)"
    header += "  page   stable"
    print(f"max-nodes {max_nodes}\n{header}")
    for r in rows:
        stable = f"{r['stable_s']:.2f} s" if "stable_s" in r else "-"
        print(
            f"{r['size']:>5} {r['view']:<15} {r['nodes_before']:>6} {r['nodes']:>6} "
            f"{r['edges']:>6} {r['generate_s']:>7.2f} s  ({r['read_project_s']:.2f} + "
            f"{r['render_s']:.2f})  {r['page_kb']:>6} KB  {stable}"
        )
        r.pop("path")
    missed = [r for r in rows if r.get("stable_s", 0) > TARGET_SECONDS]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps({"max_nodes": max_nodes, "rows": rows}, indent=2) + "\n")
    print(f"target: stable within {TARGET_SECONDS:g} s: {'MISSED' if missed else 'met'}")
    return 1 if missed else 0


def viz_all_once(store_dir: str, out_dir: str) -> dict[str, Any]:
    """Run what ``kg viz all`` does on a built store (in a fresh process); return the time,
    pages, largest page and output size."""
    from bench.build import disk_mb, peak_rss_mb
    from kg.namespaces import DEFAULT_BASE_IRI
    from kg.store import Store
    from kg.viz import write_all

    started = time.perf_counter()
    with Store.open(store_dir, read_only=True) as store:
        written = write_all(store, Path(out_dir), base_iri=DEFAULT_BASE_IRI)
    seconds = time.perf_counter() - started
    views = [w for w in written if w.view != "session"]
    return {
        "seconds": round(seconds, 3),
        "pages": len(written) + 1,  # and index.html
        "session_pages": len(written) - len(views),
        "largest_view_nodes": max((w.total_nodes for w in views), default=0),
        "largest_page_kb": round(max(w.path.stat().st_size for w in written) / 1024),
        "out_mb": round(disk_mb(Path(out_dir)), 1),
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }
