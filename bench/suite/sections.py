"""The sections of BENCHMARKS.md after the targets, one function a benchmark."""

from __future__ import annotations

from typing import Any

from bench.corpus import FORMATS, LAYOUTS
from bench.suite.report import _n, _pct, _s, _table, text_rate

SECTIONS = (
    "## Machine and versions",
    "## Corpus",
    "## Extraction",
    "## Build end to end",
    "## Canned queries",
    "## SHACL validation",
    "## Incremental builds",
    "## kg viz all and kg publish",
)


def machine(report: dict[str, Any]) -> list[str]:
    """Machine, library versions, options."""
    m, v, c = report["machine"], report["versions"], report["config"]
    runs = c["runs"] or "3 (1 from 10,000 records)"
    return [
        SECTIONS[0],
        "",
        f"- machine: {m['cpu']}, {m['cores']} cores, {m['ram_gb']} GB RAM; {m['os']} "
        f"(Linux {m['kernel']})",
        f"- versions: Python {v['python']}, pyoxigraph {v['pyoxigraph']}, rdflib {v['rdflib']}, "
        f"pyshacl {v['pyshacl']}, pyrudof {v['pyrudof']}; kg {v['kg']}",
        f"- runs: {runs} of each measurement, the median shown; seed {c['seed']}; "
        f"`kg build --workers {c['workers']}`; suite wall time {_s(report['seconds'])}",
        "",
    ]


def corpus(report: dict[str, Any]) -> list[str]:
    """Which layouts and formats the corpora held (from the extraction runs)."""
    rows = []
    for size in report["sizes"]:
        ex = size["extraction"]
        layouts, formats = set(ex["layouts"]), set(ex["formats"])
        missing = [x for x in LAYOUTS if x not in layouts]
        rows.append(
            [
                f"{size['records']:,}",
                f"{ex['generator']['statements']:,}",
                f"{len(layouts)} of {len(LAYOUTS)}"
                + (f" (no {', '.join(missing)})" if missing else ""),
                ", ".join(f"{f} {ex['formats'][f]['records']}" for f in FORMATS if f in formats),
            ]
        )
    return [
        SECTIONS[1],
        "",
        "Synthetic records from `bench/corpus.py` (deterministic from the seed): the eight "
        "layouts of DESIGN section 2 in turn, text (UTF-8, BOM, CP932, EUC-JP), HTML (UTF-8, "
        "CP932) and, for extraction, PDF at a 5 % share. The build, queries and later "
        "benchmarks use text and HTML records only (same seed).",
        "",
        *_table(["records", "statements", "layouts", "records by format (extraction)"], rows),
    ]


def extraction(report: dict[str, Any]) -> list[str]:
    """Extraction speed and correctness, overall and for PDF."""
    rows = []
    for size in report["sizes"]:
        ex = size["extraction"]
        overall, pdf = ex["overall"], ex["formats"].get("pdf", {})
        rows.append(
            [
                f"{size['records']:,}",
                f"{overall['statements']:,}",
                _s(ex["extraction"]["seconds"]),
                _n(ex["extraction"]["statements_per_s"]),
                _n(ex["extraction"]["records_per_s"], 1),
                _n(text_rate(ex)),
                _n(pdf.get("statements_per_s")),
                _pct(overall["recall"]),
                _pct(overall["precision"]),
                str(overall["failures"]),
            ]
        )
    head = ["records", "statements", "time", "statements/s (per core)", "records/s"]
    head += ["text and HTML statements/s", "PDF statements/s", "recall", "precision"]
    head += ["failures"]
    return [
        SECTIONS[2],
        "",
        "`kg.extract.extract_path` on every file, one process (so per core); wall time of the "
        "calls only.",
        "",
        *_table(head, rows),
    ]


def build(report: dict[str, Any]) -> list[str]:
    """The build, its references and stages."""
    rows, stages = [], []
    for size in report["sizes"]:
        b, r, ratio = size["build"]["build"], size["build"]["reference"], size["build"]["ratio"]
        rdflib = r["rdflib_parse"]
        parse = (
            f"stopped ({rdflib['stopped']}) after {_s(rdflib['seconds'])}"
            if rdflib.get("stopped")
            else f"{_n(rdflib['triples_per_s'])}/s"
        )
        bound = "≥ " if ratio.get("rdflib_stopped") else ""
        rows.append(
            [
                f"{size['records']:,}",
                f"{size['build']['statements']:,}",
                _s(b["seconds"]),
                _n(b["statements_per_s"]),
                f"{b['triples']:,}",
                _n(b["triples_per_s"]),
                _n(b["peak_rss_mb"]),
                f"{_n(b['store_mb'], 1)} ({_n(b['store_mb_reopened'], 1)})",
                f"{_n(r['oxigraph_bulk_load']['triples_per_s'])}/s",
                parse,
                _pct(ratio["build_vs_oxigraph_bulk_load"]),
                f"{bound}{ratio['build_vs_rdflib_parse']:.2f}×",
            ]
        )
        st = size["build"]["stages"]
        stages.append(
            [f"{size['records']:,}"]
            + [f"{_s(st[k]['seconds'])} ({st[k]['share']:.0%})" for k in st]
        )
    head = ["records", "statements", "build", "statements/s", "triples", "triples/s"]
    head += ["peak RSS MB", "store MB (reopened)", "pyoxigraph bulk_load", "rdflib parse"]
    head += ["build ÷ bulk_load", "build ÷ rdflib"]
    stage_names = list(report["sizes"][0]["build"]["stages"])
    return [
        SECTIONS[3],
        "",
        "`kg.build.build(…, bulk=True)` into a new store, as `kg build` does, in a fresh process; "
        "then the store's N-Quads bulk-loaded by pyoxigraph into a fresh on-disk store and "
        "parsed by rdflib into an in-memory `Dataset` (each in a fresh process; rdflib stopped "
        "past the time limit or most of the RAM, its rate then an upper bound).",
        "",
        *_table(head, rows),
        "Stages of the median build (seconds, share of the wall time):",
        "",
        *_table(["records", *stage_names], stages),
    ]


def queries(report: dict[str, Any]) -> list[str]:
    """Every canned query, embedded vs rdflib, by size."""
    lines = [
        SECTIONS[4],
        "",
        "`kg.query.run.run_canned` on the store opened read-only (one warm-up, then up to 20 "
        "runs), and the same query text with the same bindings on an rdflib in-memory `Graph` "
        "of the store's union (stopped past the limit: `>`, the ratio a lower bound). "
        "Milliseconds.",
        "",
    ]
    for size in report["sizes"]:
        q = size["queries"]
        rows = []
        for row in q["queries"]:
            own, other = row["embedded"], row["rdflib"]
            if other["timed_out"]:
                theirs = f"> {other['timeout_ms'] / 1000:.0f} s"
            else:
                theirs = _n(other["median_ms"], 1)
            bound = "≥ " if row["ratio_is_lower_bound"] else ""
            rows.append(
                [
                    row["query"],
                    f"{own['rows']:,}",
                    _n(own["median_ms"], 1),
                    _n(own["p95_ms"], 1),
                    theirs,
                    "—" if row["ratio"] is None else f"{bound}{row['ratio']:.1f}×",
                    "yes" if row["same_rows"] else "**no**",
                ]
            )
        lines += [
            f"{size['records']:,} records ({q['statements']:,} statements requested, "
            f"{q['triples']:,} triples; rdflib parse {_s(q['rdflib_parse_seconds'])}):",
            "",
            *_table(["query", "rows", "median", "p95", "rdflib", "ratio", "same rows"], rows),
        ]
    return lines


def validation(report: dict[str, Any]) -> list[str]:
    """SHACL: whole graph and one source by engine, and the cross-check."""
    engines = report["cross_check"]["engines"]
    rows, one = [], []
    for size in report["sizes"]:
        v = size["validation"]
        cells = []
        for engine in engines:
            w = v["whole"].get(engine, {})
            if w.get("skipped"):
                cells.append(f"skipped ({w['skipped']})")
            elif w.get("stopped"):
                cells.append(f"stopped ({w['stopped']}) after {_s(w['seconds'])}")
            elif w:
                cells.append(
                    f"{_s(w['seconds'])}, {w['results']} results, {_n(w['peak_rss_mb'])} MB"
                )
            else:
                cells.append("—")
        rows.append([f"{size['records']:,}", f"{v['triples']:,}", *cells])
        o = v["one_source"]
        one.append(
            [f"{size['records']:,}", f"{o['triples']:,}"]
            + [_s(o["batch"].get(e)) for e in engines]
            + [
                f"{_s(o['shared_check'])} ({o['shared_check_scope']}; "
                f"{o['shared_triples']:,} shared triples)"
            ]
        )
    agreement = report["cross_check"]["agreement"]
    checks = [
        f"- {engine}: the same (focus node, shape) results as pyshacl on {a['same']} of "
        f"{a['cases']} cases" + (f"; differs on {', '.join(a['differ'])}" if a["differ"] else "")
        for engine, a in agreement.items()
    ]
    return [
        SECTIONS[5],
        "",
        "Engines: pyshacl (reference), `sparql` (the shapes compiled to SPARQL in Oxigraph, "
        "`kg.shacl_sparql`, what `kg build` and `kg validate --validator sparql` run) and rudof "
        "(`pyrudof`, Rust) where it installs. Each gets the data plus the ontology and schemes.",
        "",
        "Whole graph (the store's union as N-Triples; each engine in a fresh process):",
        "",
        *_table(["records", "triples", *engines], rows),
        "One changed source (what `kg build` validates: the source's batch by engine, then the "
        "shared entities as stored, always compiled):",
        "",
        *_table(["records", "source triples", *engines, "shared-entity check"], one),
        "Cross-check on the cases of `tests/data/shapes` (the valid graph and each corruption; "
        "`tests/test_shacl_sparql.py` asserts pyshacl = sparql exactly, values and messages "
        "included):",
        "",
        *checks,
        "",
    ]


def incremental(report: dict[str, Any]) -> list[str]:
    """One changed source rebuilt; new records into small and large stores."""
    rows = []
    for size in report["sizes"]:
        inc = size["incremental"]
        one, new = inc["one_changed"], inc["new_records"]
        parts = one["parts"]
        rows.append(
            [
                f"{size['records']:,}",
                _s(one["seconds"]),
                _s(parts.get("validation")),
                _s(parts.get("shared_check")),
                _s(parts.get("counting")),
                _s(parts.get("other")),
                f"{one['built']} built, {one['unchanged']:,} unchanged",
                f"{_s(new['seconds'])}, {_n(new['peak_rss_mb'])} MB",
            ]
        )
    head = ["records in store", "rebuild after one change", "batch validation"]
    head += ["shared-entity check", "counting", "the rest (hashing every file, …)", "sources"]
    records = report["sizes"][0]["incremental"]["new_records"]["records"]
    head += [f"{records} new records: time, peak RSS"]
    return [
        SECTIONS[6],
        "",
        "`kg.build.build` of the whole corpus folder into a copy of the built store after one "
        "UTF-8 record got a sentence added (one process, fresh); and a corpus of new records "
        "(another seed) built into a copy of each store.",
        "",
        *_table(head, rows),
    ]


def outputs(report: dict[str, Any]) -> list[str]:
    """kg viz all and kg publish on each store."""
    rows = []
    for size in report["sizes"]:
        viz, pub = size["viz"], size.get("publish")
        rows.append(
            [
                f"{size['records']:,}",
                _s(viz["seconds"]),
                f"{viz['pages']:,} ({viz['session_pages']:,} sessions)",
                f"{viz['out_mb']:.1f} MB (largest page {viz['largest_page_kb']:,} KB)",
                "—" if pub is None else _s(pub["seconds"]),
                "—" if pub is None else f"{pub['pages']:,} ({_n(pub['pages_per_second'])}/s)",
                "—" if pub is None else f"{pub['files']:,} files, {pub['site_mb']:.1f} MB",
                "—" if pub is None else _n(pub["peak_rss_mb"]),
            ]
        )
    head = ["records", "kg viz all", "viz pages", "viz output", "kg publish"]
    head += ["resource pages", "site", "publish peak RSS MB"]
    return [
        SECTIONS[7],
        "",
        "`kg.viz.write_all` and `kg.publish.publish` on the built store, each in a fresh process.",
        "",
        *_table(head, rows),
    ]
