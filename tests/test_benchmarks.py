"""The benchmark keeps working: a smoke run (real graph and 10k triples) writes its table.

Timings are reported, not asserted; what is asserted is that every step ran.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_generated_graph_is_valid_and_sized():
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from generate import generate
    finally:
        sys.path.pop(0)
    from rdflib import Graph

    text = generate(10_000)
    graph = Graph().parse(data=text, format="turtle")
    assert 9_000 <= len(graph) <= 11_000
    assert generate(10_000) == text  # deterministic


def test_generated_graph_conforms_to_the_shapes(tmp_path):
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from generate import generate
    finally:
        sys.path.pop(0)
    from pesco_graph.oxstore import OxigraphGraph
    from pesco_graph.resources import ontology_files

    data = tmp_path / "synthetic.ttl"
    data.write_text(generate(10_000))
    report = OxigraphGraph.from_files([*ontology_files(), data]).derive().validate()
    assert report.conforms and not report.warnings, report.to_text()


def test_benchmark_smoke_run(tmp_path):
    out = tmp_path / "RESULTS.md"
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--smoke", "--repeat", "1",
                           "--out", str(out)], capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-2000:]
    table = out.read_text()
    assert "Machine:" in table
    for step in ("load", "validate", "build", "export-ttl", "network", "slowest named query (oxigraph)"):
        assert f"| {step}" in table, step
    assert "| 10k |" in table and "| real |" in table
    assert "error" not in table, [line for line in table.splitlines() if "error" in line]
