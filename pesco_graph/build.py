"""The main job: load ontology and data, derive, validate, write the exports, summarise."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .backends import DEFAULT_BACKEND, GraphBackend
from .errors import ValidationFailed
from .load import load_graph
from .names import DEFAULT_ENGINE, RDF_FORMATS
from .query import run_query
from .validate import ValidationReport, validate
from .writers import RDF_SUFFIXES, rdf_content, sorted_ntriples, write_set

__all__ = ["BuildSummary", "build", "graph_counts", "write_graph_files", "DEFAULT_FORMATS"]

#: What ``build`` writes unless told otherwise: the graph in every RDF format.
DEFAULT_FORMATS: tuple[str, ...] = RDF_FORMATS


@dataclass
class BuildSummary:
    """What a build produced."""

    triples: int
    counts: dict[str, int]
    report: ValidationReport
    outputs: list[Path] = field(default_factory=list)
    seconds: float = 0.0

    def to_text(self) -> str:
        lines = ["pesco-graph build", f"  triples         {self.triples}"]
        lines += [f"  {name:<15} {value}" for name, value in self.counts.items()]
        lines.append(f"  validation      {self.report.summary()}")
        lines += [f"  wrote           {p}" for p in self.outputs]
        lines.append(f"  time            {self.seconds:.2f} s")
        return "\n".join(lines)


def graph_counts(graph: GraphBackend) -> dict[str, int]:
    """Counts of the main kinds of resource in ``graph`` (the named query ``graph-counts``)."""
    row = run_query("graph-counts", graph=graph).records()[0]
    return {name.replace("_", " "): int(value or 0) for name, value in row.items()}


def write_graph_files(graph: GraphBackend, out: str | Path,
                      formats: tuple[str, ...] = DEFAULT_FORMATS) -> list[Path]:
    """Write ``graph`` into the folder ``out`` as ``pesco.<ext>`` for each RDF format, as one
    set (see :func:`pesco_graph.writers.write_set`), streamed from its sorted lines on disk:
    the documents are never held in memory."""
    with sorted_ntriples(graph) as lines:
        return write_set(out, {f"pesco{RDF_SUFFIXES[fmt]}": rdf_content(lines, fmt) for fmt in formats})


def build(
    out: str | Path = "dist",
    formats: tuple[str, ...] = DEFAULT_FORMATS,
    engine: str = DEFAULT_ENGINE,
    store: str = DEFAULT_BACKEND,
    progress: Callable[[str], None] | None = None,
) -> BuildSummary:
    """Build the graph and write it to ``out`` as ``pesco.<ext>`` for each format.

    ``store`` names the backend that holds the graph (``oxigraph``, the default, or
    ``rdflib``); both give the same bytes. ``engine`` picks the SHACL engine (``sparql`` or
    ``pyshacl``).

    The files are written as one set (see :func:`pesco_graph.writers.write_set`): a build
    killed half-way leaves the previous set. Raises
    :class:`~pesco_graph.errors.ValidationFailed` (with the report) on violations, in which
    case nothing is written, so an earlier good build is never replaced by a bad one.
    """
    say = progress or (lambda _message: None)
    start = time.perf_counter()
    say("loading and deriving the graph")
    graph = load_graph(backend="rdflib" if store == "memory" else store)
    say("validating")
    report = validate(graph, engine)
    if not report.conforms:
        raise ValidationFailed(report)
    say("writing " + ", ".join(formats))
    outputs = write_graph_files(graph, out, formats)
    return BuildSummary(len(graph), graph_counts(graph), report, outputs, time.perf_counter() - start)
