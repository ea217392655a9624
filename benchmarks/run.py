"""Benchmark runner: every step of pesco-graph beside the bare Oxigraph engine doing the same work.

Each measured step runs in its own child process, which times pesco-graph's way and the bare
engine's way alternately (so both see the same machine load) and reports both medians and
their ratio; peak memory is measured in separate children, one per command, against a child
that only loads the graph into a bare store. The runner writes ``benchmarks/RESULTS.md`` (or
``--out``) with the machine it ran on.

    python benchmarks/run.py                       # real graph, 10k, 100k, 1M, 3M triples
    python benchmarks/run.py --sizes 10k 100k      # some sizes only
    python benchmarks/run.py --smoke               # real graph and 10k only (what the tests run)
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

SIZES = {"10k": 10_000, "100k": 100_000, "1M": 1_000_000, "3M": 3_000_000}
# the synthetic graphs' projects have other slugs than the real ones in the query examples
SYNTHETIC_OVERRIDES = {"membership-as-of": {"project": "p0000001", "date": "2022-01-01"},
                       "project-neighbourhood": {"project": "p0000001"}}
# the queries timed at every size (the slowest ones on the real graph, and the network's own)
HEAVY_QUERIES = ("co-participation", "state-ranking", "coverage", "cooperation-by-domain",
                 "project-participants", "membership-changes", "coordination-record")
RATIO_TARGET = 1.5
PROCESS_RATIO_TARGET = 2.0


# ----------------------------------------------------------------------------- child side
def _pair(ours: Callable[[], Any], bare: Callable[[], Any], repeat: int) -> dict[str, Any]:
    """Time ``ours`` and ``bare`` alternately ``repeat`` times each."""
    a: list[float] = []
    b: list[float] = []
    for _ in range(repeat):
        for fn, times in ((bare, b), (ours, a)):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
    return {"ours": a, "bare": b}


def _files(source: str) -> list[Any]:
    from pesco_graph.resources import data_files, ontology_files

    return [*ontology_files(), *data_files()] if source == "real" else [*ontology_files(), Path(source)]


def _bare_store(source: str) -> Any:
    """The same triples in a bare store: the synthetic Turtle as it is; for the real graph,
    whose tables the engine cannot read, the N-Triples of the loaded (underived) graph."""
    import pyoxigraph as ox

    store = ox.Store()
    if source == "real":
        store.bulk_load(path=_real_ntriples(), format=ox.RdfFormat.N_TRIPLES)
        return store
    for f in _files(source):
        store.bulk_load(path=str(f), format=ox.RdfFormat.TURTLE)
    return store


def _real_ntriples() -> str:
    path = Path(tempfile.gettempdir()) / f"pesco-bench-real-{os.getpid()}.nt"
    if not path.exists():
        from pesco_graph.load import load_files
        from pesco_graph.writers import write_ntriples

        path.write_bytes(write_ntriples(load_files(_files("real")).nt_lines()))
    return str(path)


def _derived_ntriples(source: str) -> str:
    """The derived graph of ``source`` as N-Triples, written by a process of its own (so that
    the one loading it starts clean)."""
    path = Path(tempfile.gettempdir()) / f"pesco-bench-derived-{Path(source).stem}-{os.getppid()}.nt"
    if not path.exists():
        code = ("import sys; sys.path.insert(0, sys.argv[3]); from run import _graph; "
                "import pyoxigraph as ox; _graph(sys.argv[1]).store.dump(sys.argv[2], "
                "format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())")
        subprocess.run([sys.executable, "-c", code, source, str(path), str(HERE)], check=True)
    return str(path)


def _graph(source: str) -> Any:
    from pesco_graph.derive import derive
    from pesco_graph.load import load_files

    return derive(load_files(_files(source)))


def _consume(result: Any) -> int:
    n = 0
    for solution in result:
        for term in solution:
            n += term is not None
    return n


def child(step: str, source: str, repeat: int) -> dict[str, Any]:
    import pyoxigraph as ox

    results: dict[str, Any] = {}
    if step == "load":
        from pesco_graph.load import load_files

        results.update(_pair(lambda: load_files(_files(source)), lambda: _bare_store(source), repeat))
    elif step == "derive":
        from pesco_graph.derive import DERIVE_RULES, derive
        from pesco_graph.load import load_files

        ours, bare = [], []
        for _ in range(repeat):  # each run derives a freshly loaded graph
            store = _bare_store(source)
            start = time.perf_counter()
            for rule in DERIVE_RULES:
                store.update(rule)
            bare.append(time.perf_counter() - start)
            graph = load_files(_files(source))
            start = time.perf_counter()
            derive(graph)
            ours.append(time.perf_counter() - start)
        results.update({"ours": ours, "bare": bare})
    elif step == "validate":
        from pesco_graph.validate import _compiled_checks, validate

        graph = _graph(source)
        checks = _compiled_checks()
        results.update(_pair(lambda: validate(graph),
                             lambda: [_consume(graph.store.query(c.sparql)) for c in checks], repeat))
        results["conforms"] = validate(graph).conforms
    elif step.startswith("query:"):
        from pesco_graph.catalog import get_query
        from pesco_graph.params import bind_params, values_block
        from pesco_graph.query import run_query

        name = step.split(":", 1)[1]
        graph = _graph(source)
        query = get_query(name)
        params = SYNTHETIC_OVERRIDES.get(name, query.example) if source != "real" else query.example
        text = values_block(query.text, bind_params(query, params))
        runs = max(repeat, 15) if source == "real" else repeat  # millisecond medians need more runs
        results.update(_pair(lambda: run_query(name, params, graph=graph),
                             lambda: _consume(graph.store.query(text)), runs))
    elif step.startswith("export-"):
        from pesco_graph.export import export

        fmt = step.split("-", 1)[1]
        graph = _graph(source)
        engine_format = {"ttl": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
                         "jsonld": ox.RdfFormat.JSON_LD}[fmt]
        folder = Path(tempfile.mkdtemp(prefix="pesco-bench-export-"))
        # both write a file: pesco-graph's sorted one, the engine's in its own order
        results.update(_pair(lambda: export(graph, fmt, folder / f"ours.{fmt}"),
                             lambda: graph.store.dump(str(folder / f"bare.{fmt}"), format=engine_format,
                                                      from_graph=ox.DefaultGraph()),
                             repeat))
        shutil.rmtree(folder, ignore_errors=True)
    elif step == "sorted-dump":  # the floor of any sorted export: the engine's dump, sorted
        from pesco_graph.export import export

        graph = _graph(source)
        folder = Path(tempfile.mkdtemp(prefix="pesco-bench-export-"))

        def dump_and_sort() -> None:
            graph.store.dump(str(folder / "bare.nt"), format=ox.RdfFormat.N_TRIPLES,
                             from_graph=ox.DefaultGraph())
            subprocess.run(["sort", "-S", "64M", "-T", str(folder), "-o", str(folder / "sorted.nt"),
                            str(folder / "bare.nt")], env={**os.environ, "LC_ALL": "C"}, check=True)

        results.update(_pair(lambda: export(graph, "nt", folder / "ours.nt"), dump_and_sort, repeat))
        shutil.rmtree(folder, ignore_errors=True)
    elif step == "network":
        import networkx as nx

        from pesco_graph.catalog import get_query
        from pesco_graph.network import bipartite_graph

        graph = _graph(source)
        text = get_query("project-participants").text

        def bare() -> None:  # the same rows, straight into a NetworkX graph
            g = nx.Graph()
            for s in graph.store.query(text):
                g.add_edge(s["state"].value, s["project"].value, role=s["role"].value)

        results.update(_pair(lambda: bipartite_graph(graph), bare, repeat))
    elif step.startswith("memory-"):
        # one command's work in a process of its own; its peak memory is the measure
        what = step.split("-", 1)[1]
        if what == "bare-load":
            _bare_store(source)
        elif what == "bare-load-derived":  # the triples the commands hold, loaded by the engine
            store = ox.Store()
            store.bulk_load(path=_derived_ntriples(source), format=ox.RdfFormat.N_TRIPLES)
        else:
            graph = _graph(source)
            folder = Path(tempfile.mkdtemp(prefix="pesco-bench-memory-"))
            if what == "build":
                from pesco_graph.build import write_graph_files
                from pesco_graph.validate import validate

                validate(graph)
                write_graph_files(graph, folder / "dist")
            elif what == "export-jsonld":
                from pesco_graph.export import export

                export(graph, "jsonld", folder / "pesco.jsonld")
            elif what == "analyze":
                from pesco_graph.network import bipartite_graph, state_projection

                state_projection(bipartite_graph(graph))
            elif what == "push-body":  # the body push sends, read as it would be sent
                from pesco_graph.remote import file_chunks
                from pesco_graph.writers import unsorted_ntriples

                with unsorted_ntriples(graph) as body:
                    for _ in file_chunks(body):
                        pass
            shutil.rmtree(folder, ignore_errors=True)
        results["ours"] = results["bare"] = [0.0]
    else:
        raise SystemExit(f"unknown step {step}")
    results["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return results


# ----------------------------------------------------------------------------- parent side
def process_rows_or_error(repeat: int) -> list[str]:
    """:func:`process_rows`, or one row saying why they could not be measured (so that a
    long run never loses its other results)."""
    try:
        return process_rows(repeat)
    except (OSError, subprocess.SubprocessError) as exc:
        return [f"| whole processes | error: {str(exc)[:200]} | | | | |"]


def run_child(step: str, source: str, repeat: int, timeout: float) -> dict[str, Any]:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", step, "--source", source,
               "--repeat", str(repeat)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s"}
    if done.returncode != 0:
        return {"error": (done.stderr.strip().splitlines() or ["failed"])[-1][:200]}
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _seconds(value: float) -> str:
    return f"{value * 1000:.3g} ms" if value < 1 else f"{value:.3g} s"


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

    return (f"{cpu}, {os.cpu_count()} cores{mem}; {platform.system()} {platform.release()}; "
            f"Python {platform.python_version()}; pyoxigraph {pyoxigraph.__version__}")


def command_times(args: list[str], repeat: int, env: dict[str, str] | None = None) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(args, capture_output=True, check=True, env=env)
        times.append(time.perf_counter() - start)
    return times


BARE_QUERY_SCRIPT = """
import sys, pyoxigraph as ox
store = ox.Store()
store.bulk_load(path=sys.argv[1], format=ox.RdfFormat.TURTLE)
for solution in store.query(open(sys.argv[2]).read()):
    print(",".join(t.value for t in solution))
"""


def process_rows(repeat: int) -> list[str]:
    """Whole processes on the real graph: ``query NAME`` against a bare pyoxigraph script that
    parses the built Turtle and runs the same query (with the graph cache warm, as after
    ``build``, and with it off), and ``--help``.

    The package's bytecode is compiled first, as ``pip install`` compiles it: an editable
    install run with ``PYTHONDONTWRITEBYTECODE`` would compile every module in every process,
    which the engine's installed package never does."""
    exe = str(Path(sys.executable).with_name("pesco-graph"))
    if not Path(exe).exists():
        return ["| whole processes | pesco-graph command not installed | | | |"]
    import compileall

    import pesco_graph
    from pesco_graph.catalog import get_query

    compileall.compile_dir(str(Path(pesco_graph.__file__).parent), quiet=1)
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([exe, "build", "--out", tmp, "--format", "ttl"], capture_output=True, check=True)
        query_file = Path(tmp) / "q.rq"
        query_file.write_text(get_query("co-participation").text)
        bare_script = [sys.executable, "-c", BARE_QUERY_SCRIPT, str(Path(tmp) / "pesco.ttl"), str(query_file)]
        ours = [exe, "query", "co-participation", "--format", "csv"]
        cold = {**os.environ, "PESCO_GRAPH_CACHE": "off"}
        times: dict[str, list[float]] = {"bare": [], "ours": [], "cold": []}
        for _ in range(3 * repeat):  # alternately, so that each sees the same machine load
            times["bare"] += command_times(bare_script, 1)
            times["ours"] += command_times(ours, 1)
            times["cold"] += command_times(ours, 1, env=cold)
        bare = statistics.median(times["bare"])
        for key, label in (("ours", "whole process"), ("cold", "whole process, graph cache off")):
            median = statistics.median(times[key])
            ratio = median / bare
            met = (f"{'yes' if ratio <= PROCESS_RATIO_TARGET else 'NO'} (<= x{PROCESS_RATIO_TARGET})"
                   if key == "ours" else "(not judged)")
            rows.append(f"| `pesco-graph query co-participation` ({label}) | real "
                        f"| {_seconds(median)} | {_seconds(bare)} | x{ratio:.2f} | {met} |")
    help_time = statistics.median(command_times([exe, "--help"], repeat))
    rows.append(f"| `pesco-graph --help` | - | {_seconds(help_time)} | - | - "
                f"| {'yes' if help_time < 0.1 else 'NO'} (< 0.1 s) |")
    return rows


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    p.add_argument("--smoke", action="store_true", help="the real graph and 10k only, few repeats")
    p.add_argument("--sizes", nargs="*", choices=list(SIZES), help="synthetic sizes to run")
    p.add_argument("--repeat", type=int, default=5)
    p.add_argument("--steps", nargs="*", help="only these steps (names as in the table), no memory rows")
    p.add_argument("--out", default=str(HERE / "RESULTS.md"))
    p.add_argument("--child")
    p.add_argument("--source")
    args = p.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.child, args.source, args.repeat)))
        return 0

    sizes = ["10k"] if args.smoke else (args.sizes if args.sizes is not None else list(SIZES))

    tmpdir = tempfile.mkdtemp(prefix="pesco-bench-")
    sources = {"real": "real"}
    for size in sizes:
        path = Path(tmpdir) / f"synthetic-{size}.ttl"
        print(f"generating {size} ...", file=sys.stderr, flush=True)
        # generated in a process of its own: a child forked from a runner holding the text
        # would start with the runner's peak memory and blur the memory figures
        with open(path, "w", encoding="utf-8") as handle:
            subprocess.run([sys.executable, str(HERE / "generate.py"), str(SIZES[size])], stdout=handle,
                           check=True)
        sources[size] = str(path)

    steps = ["load", "derive", "validate", *(f"query:{q}" for q in HEAVY_QUERIES), "network",
             "export-ttl", "export-nt", "export-jsonld", "sorted-dump"]
    memory_steps = ["memory-build", "memory-export-jsonld", "memory-analyze", "memory-push-body"]
    if args.steps:
        steps, memory_steps = [step for step in steps if step in args.steps], []
    speed: list[str] = []
    memory: list[str] = []
    missed: list[str] = []
    for label, source in sources.items():
        repeat = 1 if label in ("1M", "3M") else (3 if label == "100k" else args.repeat)
        if args.smoke:
            repeat = min(repeat, args.repeat)
        for step in steps:
            print(f"[{label}] {step} ...", file=sys.stderr, flush=True)
            result = run_child(step, source, repeat, timeout=3600)
            if "error" in result:
                speed.append(f"| {step} | {label} | error: {result['error']} | | | |")
                missed.append(f"{step} at {label} (error)")
                continue
            ours, bare = statistics.median(result["ours"]), statistics.median(result["bare"])
            ratio = ours / bare if bare > 0 else float("inf")
            # below a millisecond the ratio measures Python's call overhead, not the work
            met = ratio <= RATIO_TARGET or ours < 0.001
            if not met:
                missed.append(f"{step} at {label} (x{ratio:.2f})")
            speed.append(f"| {step} | {label} | {_seconds(ours)} | {_seconds(bare)} | x{ratio:.2f} "
                         f"| {'yes' if met else 'NO'} |")
        if label == "real" or not memory_steps:
            continue
        base_input = run_child("memory-bare-load", source, 1, timeout=3600)
        base = run_child("memory-bare-load-derived", source, 1, timeout=3600)
        for derived in Path(tempfile.gettempdir()).glob(f"pesco-bench-derived-*-{os.getpid()}.nt"):
            derived.unlink()
        for step in memory_steps:
            print(f"[{label}] {step} ...", file=sys.stderr, flush=True)
            result = run_child(step, source, 1, timeout=3600)
            if "error" in result or "error" in base:
                error = result.get("error", base.get("error"))
                memory.append(f"| {step[7:]} | {label} | error: {error} | | | |")
                continue
            ratio = result["peak_rss_mb"] / base["peak_rss_mb"]
            met = ratio <= RATIO_TARGET
            if not met:
                missed.append(f"peak memory of {step[7:]} at {label} (x{ratio:.2f})")
            of_input = "error"
            if "error" not in base_input:
                of_input = (f"{base_input['peak_rss_mb']:.0f} MB "
                            f"(x{result['peak_rss_mb'] / base_input['peak_rss_mb']:.2f})")
            memory.append(f"| {step[7:]} | {label} | {result['peak_rss_mb']:.0f} MB "
                          f"| {base['peak_rss_mb']:.0f} MB | x{ratio:.2f} | {'yes' if met else 'NO'} "
                          f"| {of_input} |")

    lines = [
        "# Benchmark results", "",
        f"Machine: {machine()}.", "",
        f"Run: `python benchmarks/run.py{' --smoke' if args.smoke else ''}` on "
        f"{time.strftime('%Y-%m-%d')}. Synthetic graphs come from `benchmarks/generate.py` "
        "(PESCO-shaped, valid against the shapes); sizes are data triples before derivation "
        "(the derived intervals and shortcuts add about 80%).", "",
        "Every row sets pesco-graph's way of doing a step beside the bare pyoxigraph engine doing "
        "the same work in the same process, timed alternately: loading is `Store.bulk_load` of "
        "the same Turtle (for the real graph, whose CSV tables the engine cannot read, of the "
        "loaded graph's N-Triples: that row is the cost of the tables' mapping); deriving runs "
        "the same updates; validating runs the same compiled "
        "checks and reads their rows; a query is the same text with the same VALUES block, its "
        "rows read; an export writes a file, the engine's with `Store.dump` in that format; the "
        "network is the same rows put "
        "into a NetworkX graph. The engine's own dumps come out in an order that changes from "
        "run to run; pesco-graph's exports are sorted so that a file has the same bytes "
        "whichever command or backend writes it, and the export rows show what that costs; the "
        "row `sorted-dump` sets the N-Triples export beside the engine's dump sorted by the "
        "system's `sort`, the least any sorted export costs. "
        "Times are medians (5 runs for the real graph and 10k, 15 for "
        "the real graph's queries, 3 for 100k, 1 for 1M and 3M). "
        f"Target: within x{RATIO_TARGET} of the engine (steps under a millisecond are not judged).",
        "", "## Whole processes", "",
        "Medians of alternate runs, the package's bytecode compiled as an installed package has it; "
        "the graph cache warm, as after `build`, except where the row says it is off.", "",
        "| work | graph | pesco-graph | bare engine | ratio | met |", "|---|---|---|---|---|---|",
        *process_rows_or_error(args.repeat),
        "", "## Steps", "",
        "| step | graph | pesco-graph | bare engine | ratio | met |", "|---|---|---|---|---|---|",
        *speed,
        "", "## Peak memory", "",
        "Each command's work in a process of its own, against a process that only bulk-loads "
        "into a bare store the triples the commands hold: the derived graph, written as "
        "N-Triples beforehand (deriving adds about 70% to the triples, and so to the store; the "
        "last column sets the peak beside the engine's load of the underived input, for "
        "comparison). The commands write their files as they do for a user: "
        "streamed from the graph's lines, sorted on disk by the system's `sort` in a buffer of "
        "at most 64 MB (that child process is not in the figures). "
        f"Target: within x{RATIO_TARGET}.", "",
        "| command | graph | peak | engine's own load of the derived graph | ratio | met "
        "| engine's load of the input (ratio) |", "|---|---|---|---|---|---|---|",
        *memory,
        "", "## Targets missed", "",
        *([f"- {m}" for m in missed] or ["None."]),
    ]
    Path(args.out).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
