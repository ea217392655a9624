"""The main job: load ontology and data, derive, validate, write the exports, summarise."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph
from rdflib.namespace import RDF

from .errors import ValidationFailed
from .namespace import PESCO
from .validate import ValidationReport

__all__ = ["BuildSummary", "build", "graph_counts"]


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


def graph_counts(graph: Graph) -> dict[str, int]:
    """Counts of the main kinds of resource in ``graph``."""
    from rdflib.namespace import DCTERMS

    def count(cls) -> int:
        return len(set(graph.subjects(RDF.type, cls)))

    sources = set(graph.objects(None, DCTERMS.source)) | set(graph.objects(None, PESCO.statusSource))
    return {
        "projects": count(PESCO.Project),
        "states": count(PESCO.State),
        "participations": count(PESCO.Participation),
        "legal acts": count(PESCO.LegalAct),
        "waves": count(PESCO.Wave),
        "sources": len(sources),
    }


def build(
    out: str | Path = "dist", formats: tuple[str, ...] = ("ttl",), engine: str = "sparql"
) -> BuildSummary:
    """Build the graph and write it to ``out``.

    Raises :class:`~pesco_graph.errors.ValidationFailed` (with the report) on violations, in
    which case nothing is written, so an earlier good build is never replaced by a bad one.
    """
    from .export import FORMATS, export
    from .load import load_graph
    from .validate import validate

    start = time.perf_counter()
    graph = load_graph()
    report = validate(graph, engine)
    if not report.conforms:
        raise ValidationFailed(report)
    out = Path(out)
    outputs = [export(graph, fmt, out / f"pesco{FORMATS[fmt][0]}") for fmt in formats]
    return BuildSummary(
        triples=len(graph),
        counts=graph_counts(graph),
        report=report,
        outputs=outputs,
        seconds=time.perf_counter() - start,
    )
