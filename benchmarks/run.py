"""Benchmark runner: times the real graph and synthetic graphs of growing size.

Each measured step runs in its own child process (so its peak memory is its own), repeats
the work and reports every run's time; the runner writes medians, spread (min-max) and peak
resident memory to ``benchmarks/RESULTS.md`` (or ``--out``) with the machine it ran on.

    python benchmarks/run.py                 # real graph, 10k, 100k, 1M triples
    python benchmarks/run.py --smoke         # real graph and 10k only (what CI runs)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

SIZES = {"10k": 10_000, "100k": 100_000, "1M": 1_000_000}
# the synthetic graphs' projects have other slugs than the real ones in the query examples
SYNTHETIC_OVERRIDES = {"membership-as-of": {"project": "p0000001", "date": "2022-01-01"},
                       "project-neighbourhood": {"project": "p0000001"}}


# ----------------------------------------------------------------------------- child side
def _timeit(fn, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def _graph_for(source: str, store: str = "oxigraph"):
    """The graph of ``source`` ("real" or a Turtle file), derived, in the given store."""
    from pathlib import Path

    if store == "oxigraph":
        from pesco_graph.oxstore import OxigraphGraph
        from pesco_graph.resources import ontology_files

        if source == "real":
            return OxigraphGraph.packaged()
        return OxigraphGraph.from_files([*ontology_files(), Path(source)]).derive()
    from pesco_graph.derive import derive
    from pesco_graph.load import load_files, load_graph
    from pesco_graph.resources import ontology_files

    if source == "real":
        return load_graph()
    graph = load_files([*ontology_files(), Path(source)])
    derive(graph)
    return graph


def child(step: str, source: str, repeat: int) -> dict:
    """Run one step ``repeat`` times; return times and peak memory."""
    from rdflib import Graph

    results: dict = {}
    if step == "parse-rdflib":
        results["times"] = _timeit(lambda: Graph().parse(source, format="turtle"), repeat)
    elif step == "parse-oxigraph":
        import pyoxigraph as ox

        def parse():
            store = ox.Store()
            store.bulk_load(path=source, format=ox.RdfFormat.TURTLE)
        results["times"] = _timeit(parse, repeat)
    elif step == "load":  # parse the files into the store the build uses
        if source == "real":
            from pesco_graph.oxstore import OxigraphGraph

            results["times"] = _timeit(lambda: OxigraphGraph.packaged(derive=False), repeat)
        else:
            from pesco_graph.oxstore import OxigraphGraph
            from pesco_graph.resources import ontology_files

            results["times"] = _timeit(
                lambda: OxigraphGraph.from_files([*ontology_files(), Path(source)]), repeat)
    elif step == "derive":
        from pesco_graph.oxstore import OxigraphGraph
        from pesco_graph.resources import ontology_files

        def fresh():
            if source == "real":
                return OxigraphGraph.packaged(derive=False)
            return OxigraphGraph.from_files([*ontology_files(), Path(source)])
        times = []
        for _ in range(repeat):
            graph = fresh()
            start = time.perf_counter()
            graph.derive()
            times.append(time.perf_counter() - start)
        results["times"] = times
    elif step == "load-memory":  # parse and derive with rdflib
        results["times"] = _timeit(lambda: _graph_for(source, "memory"), repeat)
    elif step == "validate":
        graph = _graph_for(source)
        results["times"] = _timeit(graph.validate, repeat)
        results["conforms"] = graph.validate().conforms
    elif step == "validate-pyshacl":
        from pesco_graph.validate import validate_pyshacl

        graph = _graph_for(source, "memory")
        results["times"] = _timeit(lambda: validate_pyshacl(graph), repeat)
    elif step == "build":
        def build():
            graph = _graph_for(source)
            graph.validate()
            graph.serialize("ttl")
        results["times"] = _timeit(build, repeat)
    elif step.startswith("queries-"):
        store = step.split("-", 1)[1]
        from pesco_graph.catalog import catalog
        from pesco_graph.query import run_query

        graph = _graph_for(source, store)
        params = {name: q.example for name, q in catalog().items()}
        if source != "real":
            params.update(SYNTHETIC_OVERRIDES)
        start = time.perf_counter()
        run_query("projects", graph=graph, store=store)  # builds the engine
        results["engine_setup"] = time.perf_counter() - start
        per_query = {}
        runs = max(repeat, 15) if source == "real" else repeat  # millisecond medians need more runs
        for name in sorted(catalog()):
            per_query[name] = _timeit(
                lambda name=name: run_query(name, params.get(name), graph=graph, store=store), runs)
        results["queries"] = per_query
    elif step in ("export-ttl", "export-nt"):
        graph = _graph_for(source)
        fmt = step.split("-", 1)[1]
        results["times"] = _timeit(lambda: graph.serialize(fmt), repeat)
    elif step.startswith("export-"):
        fmt = step.split("-", 1)[1]
        from pesco_graph.export import export_any

        graph = _graph_for(source, "memory" if fmt == "jsonld" else "oxigraph")
        with tempfile.TemporaryDirectory() as tmp:
            results["times"] = _timeit(lambda: export_any(graph, fmt, Path(tmp) / f"out.{fmt}"), repeat)
    elif step == "network":
        from pesco_graph.analysis import compute

        graph = _graph_for(source)
        results["times"] = _timeit(lambda: compute(graph), repeat)
    else:
        raise SystemExit(f"unknown step {step}")
    results["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return results


# ----------------------------------------------------------------------------- parent side
def run_child(step: str, source: str, repeat: int, timeout: float) -> dict:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", step, "--source", source,
               "--repeat", str(repeat)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s"}
    if done.returncode != 0:
        return {"error": (done.stderr.strip().splitlines() or ["failed"])[-1][:200]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def _fmt(times: list[float]) -> str:
    med = statistics.median(times)
    unit, scale = ("ms", 1000) if med < 1 else ("s", 1)
    spread = f"{min(times) * scale:.3g}-{max(times) * scale:.3g}" if len(times) > 1 else "-"
    return f"{med * scale:.3g} {unit} | {spread} {unit}"


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    import pyoxigraph
    import pyshacl
    import rdflib

    return (f"{cpu}, {os.cpu_count()} cores{mem}; {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()}; rdflib {rdflib.__version__}, "
            f"pyshacl {pyshacl.__version__}, pyoxigraph {pyoxigraph.__version__}")


def command_time(args: list[str], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(args, capture_output=True, check=True)
        times.append(time.perf_counter() - start)
    return times


def _targets(raw: dict, peaks: dict) -> list[str]:
    """The issue's targets, each with what was measured and whether it is met."""
    out = []

    def row(text: str, value: float | None, limit: float, unit: str = "s") -> None:
        if value is None:
            out.append(f"| {text} | not measured | - |")
            return
        shown = f"{value * 1000:.3g} ms" if unit == "s" and value < 1 else f"{value:.3g} {unit}"
        out.append(f"| {text} | {shown} | {'yes' if value <= limit else 'NO'} |")

    row("real graph: `pesco-graph build` as a fresh process < 2 s", raw.get(("build-process", "real")), 2)
    queries = [v for (work, size), v in raw.items()
               if size == "real" and work.startswith("query:") and work.endswith(":oxigraph")]
    row("real graph: every named query < 10 ms (slowest median)", max(queries) if queries else None, 0.010)
    row("`pesco-graph --help` < 0.3 s", raw.get(("help", "real")), 0.3)
    row("1M: load (parse into the store) < 3 s", raw.get(("load", "1M")), 3)
    row("1M: co-participation query < 1.5 s", raw.get(("query:co-participation:oxigraph", "1M")), 1.5)
    row("1M: validation < 12 s", raw.get(("validate", "1M")), 12)
    row("1M: validation in < 2 GB", peaks.get(("validate", "1M")), 2048, "MB")
    row("1M: Turtle export < 5 s", raw.get(("export-ttl", "1M")), 5)
    for work in ("parse-oxigraph", "parse-rdflib", "load", "derive", "validate", "build", "export-ttl",
                 "query:co-participation:oxigraph"):
        small, big = raw.get((work, "100k")), raw.get((work, "1M"))
        if small and big:
            ratio = big / small
            out.append(f"| 100k -> 1M growth of {work.replace(':oxigraph', '')} (10x the data) "
                       f"| x{ratio:.1f} | {'yes' if ratio <= 12 else 'NO'} |")
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--smoke", action="store_true", help="the real graph and 10k triples only")
    p.add_argument("--sizes", nargs="*", choices=list(SIZES), help="synthetic sizes to run")
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--out", default=str(HERE / "RESULTS.md"))
    p.add_argument("--child")
    p.add_argument("--source")
    args = p.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.source, args.repeat)))
        return 0

    sizes = ["10k"] if args.smoke else (args.sizes if args.sizes is not None else list(SIZES))
    from generate import generate

    rows: list[tuple[str, str, str, str]] = []  # work, size, median | spread, peak
    query_rows: dict[str, dict[str, str]] = {}
    raw: dict[tuple[str, str], float] = {}  # (work, size) -> median seconds
    peaks: dict[tuple[str, str], float] = {}  # (work, size) -> peak MB
    tmpdir = tempfile.mkdtemp(prefix="pesco-bench-")
    sources = {"real": "real"}
    for size in sizes:
        path = Path(tmpdir) / f"synthetic-{size}.ttl"
        path.write_text(generate(SIZES[size]), encoding="utf-8")
        sources[size] = str(path)

    exe = str(Path(sys.executable).with_name("pesco-graph"))
    if Path(exe).exists():
        help_times = command_time([exe, "--help"], args.repeat)
        raw[("help", "real")] = statistics.median(help_times)
        rows.append(("`pesco-graph --help` (fresh process)", "real", _fmt(help_times), "-"))
        with tempfile.TemporaryDirectory() as out:
            t = command_time([exe, "build", "--out", out], max(3, args.repeat // 2))
        raw[("build-process", "real")] = statistics.median(t)
        rows.append(("`pesco-graph build` (fresh process, end to end)", "real", _fmt(t), "-"))

    steps = [
        "parse-rdflib", "parse-oxigraph", "load", "derive", "load-memory", "validate", "validate-pyshacl",
        "build", "queries-oxigraph", "queries-memory", "network", "export-ttl", "export-nt",
        "export-jsonld", "export-graphml", "export-gexf", "export-csv",
    ]
    # the rdflib/pySHACL comparisons take minutes on the biggest graphs
    slow_only_up_to = {"queries-memory": "10k", "validate-pyshacl": "10k", "load-memory": "100k",
                       "export-jsonld": "100k"}
    for label, source in sources.items():
        big = label in ("100k", "1M")
        repeat = 1 if label == "1M" else (3 if big else args.repeat)
        for step in steps:
            if step.startswith("parse") and label == "real":
                continue
            limit = slow_only_up_to.get(step)
            if limit and list(SIZES).index(label if label != "real" else "10k") > list(SIZES).index(limit):
                continue
            print(f"[{label}] {step} ...", file=sys.stderr, flush=True)
            result = run_child(step, source, repeat, timeout=3600)
            if "error" in result:
                rows.append((step, label, f"error: {result['error']}", "-"))
                continue
            peak = f"{result['peak_rss_mb']:.0f} MB"
            if step.startswith("queries-"):
                engine = step.split("-", 1)[1]
                for name, times in result["queries"].items():
                    query_rows.setdefault(f"{name} ({engine})", {})[label] = _fmt(times).split(" | ")[0]
                    raw[(f"query:{name}:{engine}", label)] = statistics.median(times)
                setup = f"{result['engine_setup'] * 1000:.3g} ms | -"
                rows.append((f"engine set-up ({engine})", label, setup, peak))
                worst = max(result["queries"].items(), key=lambda kv: statistics.median(kv[1]))
                rows.append((f"slowest named query ({engine}): {worst[0]}", label, _fmt(worst[1]), peak))
                continue
            rows.append((step, label, _fmt(result["times"]), peak))
            raw[(step, label)] = statistics.median(result["times"])
            peaks[(step, label)] = result["peak_rss_mb"]

    lines = [
        "# Benchmark results", "",
        f"Machine: {machine()}.", "",
        f"Run: `python benchmarks/run.py{' --smoke' if args.smoke else ''}` on "
        f"{time.strftime('%Y-%m-%d')}. Synthetic graphs come from `benchmarks/generate.py` "
        "(PESCO-shaped, valid against the shapes); sizes are data triples before derivation "
        "(the derived intervals and shortcuts add about 80%). Each step runs in its own process; "
        "times are medians with the min-max spread over the repeats (5 for the real graph and 10k, "
        "3 for 100k, 1 for 1M); peak is that process's peak resident memory.", "",
        "| work | graph | median | spread | peak memory |", "|---|---|---|---|---|",
    ]
    lines += [f"| {w} | {s} | {m} | {pk} |" for w, s, m, pk in rows]
    lines += ["", "## Targets", "", "| target | measured | met |", "|---|---|---|"]
    lines += _targets(raw, peaks)
    lines += ["", "Growth from 100k to 1M: the 1M graph has 10.0 times the triples of the 100k one. "
              "A ratio above 10 means a per-triple cost that rises with size. Oxigraph's own Turtle "
              "parser (`parse-oxigraph`, no pesco-graph code involved) shows the same rise as the "
              "steps built on it: the engine's per-triple cost goes up by about a third once the "
              "store outgrows the CPU caches. No step adds a super-linear part of its own: the "
              "earlier ones (GROUP BY counts in validation, OPTIONALs in mid-query, a per-row "
              "NOT EXISTS) were found by this benchmark and removed."]
    labels = list(sources)
    lines += ["", "## Named queries (median)", "",
              "| query | " + " | ".join(labels) + " |", "|---|" + "---|" * len(labels)]
    for name in sorted(query_rows):
        lines.append(f"| {name} | " + " | ".join(query_rows[name].get(lb, "-") for lb in labels) + " |")
    Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
