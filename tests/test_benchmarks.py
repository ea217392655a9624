"""The benchmark keeps working: a smoke run (real graph and 10k triples) writes its table.

Timings are reported, not asserted; what is asserted is that every step ran.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from .conftest import synthetic_turtle

ROOT = Path(__file__).resolve().parents[1]


def test_generated_graph_is_valid_and_sized():
    from rdflib import Graph

    text = synthetic_turtle(10_000)
    graph = Graph().parse(data=text, format="turtle")
    assert 9_000 <= len(graph) <= 11_000
    assert synthetic_turtle(10_000) == text  # deterministic


def test_generated_graph_conforms_to_the_shapes(tmp_path):
    from pesco_graph.derive import derive
    from pesco_graph.load import load_files
    from pesco_graph.resources import ontology_files
    from pesco_graph.validate import validate

    data = tmp_path / "synthetic.ttl"
    data.write_text(synthetic_turtle(10_000))
    report = validate(derive(load_files([*ontology_files(), data])))
    assert report.conforms and not report.warnings, report.to_text()


def test_benchmark_smoke_run(tmp_path):
    out = tmp_path / "RESULTS.md"
    done = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "run.py"), "--smoke", "--repeat", "1",
                           "--out", str(out)], capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-2000:]
    table = out.read_text()
    assert "Machine:" in table
    for step in ("load", "derive", "validate", "query:co-participation", "network", "export-ttl",
                 "export-jsonld"):
        assert f"| {step} | 10k |" in table and f"| {step} | real |" in table, step
    for command in ("build", "export-jsonld", "analyze", "push-body"):
        assert f"| {command} | 10k |" in table, command
    assert "whole process" in table and "`pesco-graph --help`" in table
    # every row carries a ratio to the bare engine
    rows = [line for line in table.splitlines() if line.startswith("| ") and "| 10k |" in line]
    assert rows and all(" | x" in line for line in rows), rows
    assert "error" not in table, [line for line in table.splitlines() if "error" in line]
