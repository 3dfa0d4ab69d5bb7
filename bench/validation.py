"""The validation benchmark: SHACL on the whole graph and on one changed source, by engine.

Engines: pyshacl (the reference, :func:`kg.validate.validate_graph`), the project's shapes
compiled to SPARQL and run in Oxigraph (``sparql``, :func:`kg.validate.validate_ntriples`,
what ``kg build`` runs), and, when the package installs, rudof's Rust validator from PyPI
(``pyrudof``). Every engine gets the same data graph: the data, the ontology and both schemes
(the recipe in the header of ``ontology/shapes.ttl``).

- **cross-check**: every case of ``tests/data/shapes`` (the valid graph and each corruption
  of it) is validated by each engine; the results are compared as sets of (focus node, shape)
  — ``tests/test_shacl_sparql.py`` asserts the same for pyshacl and ``sparql`` exactly.
- **whole graph**: the built store's union as N-Triples, each engine in a fresh process with
  a time limit (pyshacl holds the graph in memory, about 1 KB a triple).
- **one source**: what ``kg build`` validates when one source changes: the source's own and
  shared triples (one batch, by engine) and then the shared entities as stored
  (``kg.build._check_shared``, always compiled), on the store of the size measured.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterator
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any

from bench.build import TimeLimit, in_process, peak_rss_mb, time_limit

ENGINES = ("sparql", "pyshacl", "rudof")
CASES_DIR = Path(__file__).resolve().parent.parent / "tests" / "data" / "shapes"
DATA_BASE = "https://w3id.org/gijiroku/id/"


def rudof_version() -> str | None:
    """pyrudof's version, or None when it is not installed."""
    try:
        import pyrudof
    except ImportError:
        return None
    return str(getattr(pyrudof, "__version__", "?"))


def context_ntriples() -> bytes:
    """The ontology and both schemes as N-Triples: added to every engine's data graph."""
    from kg.validate import load_ontology, load_schemes

    graph = load_ontology() + load_schemes()
    return graph.serialize(format="nt", encoding="utf-8")


def _tail(term: str) -> str:
    """The last segment of an IRI however an engine prints it (``<…>``, ``gks:X``, bare)."""
    text = term.strip("<>")
    for mark in ("#", "/", ":"):
        text = text.rsplit(mark, 1)[-1]
    return text


def validate(engine: str, data: bytes) -> tuple[set[tuple[str, str]], bool]:
    """Validate N-Triples ``data`` (the context is added) with ``engine``.

    Returns:
        The results as (focus node, shape) by their last IRI segment, and whether it conforms.
    """
    if engine == "sparql":
        from kg.validate import validate_ntriples

        report = validate_ntriples(data)
        return {(_tail(r.focus_node), _tail(r.shape)) for r in report.results}, report.conforms
    if engine == "pyshacl":
        from rdflib import Graph

        from kg.validate import validate_graph

        graph = Graph()
        graph.parse(data=data, format="nt")
        report = validate_graph(graph)  # adds the schemes; the ontology is its ont_graph
        return {(_tail(r.focus_node), _tail(r.shape)) for r in report.results}, report.conforms
    if engine == "rudof":
        import pyrudof

        from kg.resources import resource_path

        rudof = pyrudof.Rudof(pyrudof.RudofConfig())
        rudof.read_data(
            input=(data + context_ntriples()).decode("utf-8"), format=pyrudof.RDFFormat.NTriples
        )
        rudof.read_shacl(input=str(resource_path("ontology", "shapes.ttl")))
        result = rudof.validate_shacl()
        found = {(_tail(str(e.focus_node)), _tail(str(e.source_shape))) for e in result}
        return found, bool(result.conforms)
    raise ValueError(f"unknown engine {engine!r}")


def available_engines() -> list[str]:
    """The engines that can run here (rudof only where pyrudof is installed)."""
    return [e for e in ENGINES if e != "rudof" or rudof_version() is not None]


def shape_cases() -> Iterator[tuple[str, bytes]]:
    """The valid test graph and each corruption of it (``tests/data/shapes/*.ru``), as
    N-Triples; the updates run in Oxigraph with the prefixes the tests declare."""
    import pyoxigraph as ox

    from kg.namespaces import PREFIXES

    prefixes = dict(PREFIXES) | {
        "gks": "https://w3id.org/gijiroku/shapes#",
        "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
        "xsd": "http://www.w3.org/2001/XMLSchema#",
    }
    prologue = f"BASE <{DATA_BASE}>\n" + "".join(
        f"PREFIX {name}: <{iri}>\n" for name, iri in prefixes.items()
    )
    valid = (CASES_DIR / "valid.ttl").read_bytes()
    for path in [CASES_DIR / "valid.ttl", *sorted(CASES_DIR.glob("*.ru"))]:
        store = ox.Store()
        store.load(valid, ox.RdfFormat.TURTLE, to_graph=ox.DefaultGraph())
        if path.suffix == ".ru":
            store.update(prologue + path.read_text(encoding="utf-8"))
        triples = (q.triple for q in store.quads_for_pattern(None, None, None, ox.DefaultGraph()))
        yield path.stem, ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""


def cross_check(limit: int | None = None) -> dict[str, Any]:
    """Run every engine on every shape case (the first ``limit``); count the cases where each
    agrees with pyshacl."""
    import itertools
    import logging

    # rdflib logs a traceback for each invalid xsd:date the cases contain on purpose
    logging.getLogger("rdflib.term").setLevel(logging.CRITICAL)
    engines = available_engines()
    cases: list[dict[str, Any]] = []
    for name, data in itertools.islice(shape_cases(), limit):
        row: dict[str, Any] = {"case": name}
        for engine in engines:
            try:
                found, conforms = validate(engine, data)
                row[engine] = {"results": sorted(found), "conforms": conforms}
            except Exception as error:  # another engine's parser or validator gives up
                row[engine] = {"error": f"{type(error).__name__}: {str(error)[:200]}"}
        cases.append(row)
    agreement = {}
    for engine in engines:
        if engine == "pyshacl":
            continue
        same = [c["case"] for c in cases if c[engine] == c["pyshacl"]]
        agreement[engine] = {
            "same": len(same),
            "cases": len(cases),
            "differ": [c["case"] for c in cases if c[engine] != c["pyshacl"]],
        }
    return {"engines": engines, "agreement": agreement, "cases": cases}


def whole_graph_once(engine: str, ntriples: str, timeout: float | None) -> dict[str, Any]:
    """Validate a graph file with ``engine`` (in a fresh process, within ``timeout`` s)."""
    data = Path(ntriples).read_bytes()
    started = time.perf_counter()
    try:  # rudof takes about 13 KB a triple: keep it from the other processes' memory
        with time_limit(timeout, memory_share=0.5):
            found, conforms = validate(engine, data)
    except TimeLimit:
        return _stopped(started, "time")
    except MemoryError:
        return _stopped(started, "memory")
    return {
        "seconds": time.perf_counter() - started,
        "results": len(found),
        "conforms": conforms,
        "peak_rss_mb": peak_rss_mb(),
    }


def _stopped(started: float, why: str) -> dict[str, Any]:
    return {"seconds": time.perf_counter() - started, "stopped": why, "peak_rss_mb": peak_rss_mb()}


def one_source_once(path: str, store_dir: str, engines: list[str], runs: int) -> dict[str, Any]:
    """Time what ``kg build`` validates when the source at ``path`` changes, on a built store.

    The source is extracted and mapped (not timed); its batch (own and shared triples) is
    validated by each engine ``runs`` times; then the shared entities it describes, as
    stored, are checked as ``kg.build._check_shared`` does after storing.
    """
    import kg.build
    from kg.jobs import MapTask, extract_job, map_job
    from kg.store import Store

    minutes = extract_job(path, None)
    chunk = map_job(MapTask([minutes]))
    source = chunk.sources[0]
    data = source.own + source.shared
    out: dict[str, Any] = {"triples": source.triples, "batch": {}}
    for engine in engines:
        samples = []
        for _ in range(runs):
            started = time.perf_counter()
            validate(engine, data)
            samples.append(time.perf_counter() - started)
        out["batch"][engine] = statistics.median(samples)
    with Store.open(store_dir, read_only=True) as store:
        samples = []
        for _ in range(runs):
            started = time.perf_counter()
            kg.build._check_shared(store, kg.build.subjects_of(source.shared))
            samples.append(time.perf_counter() - started)
        out["shared_check"] = statistics.median(samples)
        out["shared_check_scope"] = "the entities it describes"
        out["shared_triples"] = store.count(store.shared_graph)
    return out


def run(
    store_dir: Path,
    source: Path,
    folder: Path,
    runs: int,
    timeout: float,
    say: Callable[[str], None],
    skip_whole: str | None = None,
) -> dict[str, Any]:
    """Validate one size's built store whole, and one of its sources, with every engine.

    With ``skip_whole`` (the reason), only the compiled engine checks the whole graph.
    """
    from kg.store import Store

    engines = available_engines()
    ntriples = folder / "validation-export.nt"
    with Store.open(store_dir, read_only=True) as store, ntriples.open("wb") as out:
        store.export(out, "nt")
    whole: dict[str, Any] = {}
    for engine in engines:
        if skip_whole and engine != "sparql":
            whole[engine] = {"skipped": skip_whole, "runs": 0}
            continue
        samples: list[dict[str, Any]] = []
        for k in range(runs):
            say(f"validation: whole graph, {engine} {k + 1}/{runs}")
            started = time.perf_counter()
            try:  # the child stops Python engines itself; native ones are killed
                samples.append(
                    in_process(
                        whole_graph_once, engine, str(ntriples), timeout, timeout=timeout + 60
                    )
                )
            except TimeLimit:
                samples.append(_stopped(started, "time"))
            except BrokenProcessPool:
                samples.append(_stopped(started, "crashed (out of memory?)"))
            if "stopped" in samples[-1]:
                break
        done = [s for s in samples if "stopped" not in s]
        if done:
            chosen = sorted(done, key=lambda s: s["seconds"])[(len(done) - 1) // 2]
            whole[engine] = chosen | {"runs": len(done)}
        else:
            whole[engine] = samples[-1] | {"runs": 0}
    say("validation: one changed source")
    one = in_process(one_source_once, str(source), str(store_dir), engines, runs)
    triples = sum(1 for _ in ntriples.open("rb"))
    ntriples.unlink()
    return {"triples": triples, "timeout_s": timeout, "whole": whole, "one_source": one}
