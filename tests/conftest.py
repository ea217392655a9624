"""Shared fixtures: the real graph is loaded and validated once per session."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

# progress lines for long tests and skip reasons where they happen (see tests/progress.py)
from .progress import (  # noqa: F401
    pytest_collection_modifyitems,
    pytest_configure,
    pytest_runtest_logreport,
    pytest_runtest_logstart,
    pytest_sessionstart,
)

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"


def synthetic_turtle(triples: int) -> str:
    """A PESCO-shaped synthetic graph of about ``triples`` data triples, as Turtle: what
    ``benchmarks/generate.py`` writes for the benchmarks."""
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from generate import generate
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    return generate(triples)


def synthetic_graph(folder: Path, triples: int):
    """The derived graph of ontology and :func:`synthetic_turtle` (written into ``folder``)."""
    from pesco_graph.derive import derive
    from pesco_graph.load import load_files
    from pesco_graph.resources import ontology_files

    path = folder / f"synthetic-{triples}.ttl"
    path.write_text(synthetic_turtle(triples), encoding="utf-8")
    return derive(load_files([*ontology_files(), path]))


@pytest.fixture(scope="session")
def graph():
    from pesco_graph.load import load_graph

    return load_graph()


@pytest.fixture(scope="session")
def graphs(graph):
    """The packaged graph in each local backend, by backend name."""
    from pesco_graph.load import load_graph

    return {"oxigraph": graph, "rdflib": load_graph(backend="rdflib")}


@pytest.fixture(scope="session")
def rdf_graph(graph):
    """The packaged graph as an rdflib Graph (the reference that tests navigate)."""
    from rdflib import Graph

    return Graph().parse(data=b"\n".join(graph.nt_lines()).decode("utf-8"), format="nt")


@pytest.fixture(scope="session")
def report(graph):
    from pesco_graph.validate import validate

    return validate(graph)


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None, timeout: float = 300):
    """Run ``pesco-graph`` as a separate process; returns the CompletedProcess."""
    full_env = dict(os.environ)
    if env:
        full_env.update(env)
    return subprocess.run(
        [sys.executable, "-m", "pesco_graph", *args],
        cwd=cwd, env=full_env, capture_output=True, text=True, timeout=timeout,
    )


@pytest.fixture
def cli():
    return run_cli
