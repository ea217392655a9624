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

    counts = {name: len(set(graph.subjects(RDF.type, cls))) for name, cls in _COUNTED.items()}
    sources = set(graph.objects(None, DCTERMS.source)) | set(graph.objects(None, PESCO.statusSource))
    counts["sources"] = len(sources)
    return counts


def build(
    out: str | Path = "dist",
    formats: tuple[str, ...] = ("ttl",),
    engine: str = "sparql",
    store: str = "oxigraph",
) -> BuildSummary:
    """Build the graph and write it to ``out``.

    ``store`` is ``oxigraph`` (the default: parse, derive, validate and write in the Oxigraph
    engine, see :mod:`pesco_graph.oxstore`) or ``memory`` (rdflib's in-memory graph); both
    give the same triples. ``engine`` picks the SHACL engine (``sparql`` or ``pyshacl``).

    Raises :class:`~pesco_graph.errors.ValidationFailed` (with the report) on violations, in
    which case nothing is written, so an earlier good build is never replaced by a bad one.
    """
    from .errors import PescoGraphError
    from .export import FORMATS, export, write_atomic
    from .validate import validate

    if store not in ("oxigraph", "memory"):
        raise PescoGraphError(f"unknown store {store!r}; choose oxigraph or memory")
    start = time.perf_counter()
    out = Path(out)
    if store == "oxigraph":
        from .oxstore import OxigraphGraph
        from .validate import validate_pyshacl

        og = OxigraphGraph.packaged()
        report = og.validate() if engine == "sparql" else validate_pyshacl(og.to_rdflib())
        if not report.conforms:
            raise ValidationFailed(report)
        outputs = [write_atomic(out / f"pesco{FORMATS[fmt][0]}", og.serialize(fmt)) for fmt in formats]
        counts = {name: og.count(str(cls)) for name, cls in _COUNTED.items()}
        counts["sources"] = og.count_sources()
        return BuildSummary(len(og), counts, report, outputs, time.perf_counter() - start)
    from .load import load_graph

    graph = load_graph()
    report = validate(graph, engine)
    if not report.conforms:
        raise ValidationFailed(report)
    outputs = [export(graph, fmt, out / f"pesco{FORMATS[fmt][0]}") for fmt in formats]
    return BuildSummary(
        triples=len(graph),
        counts=graph_counts(graph),
        report=report,
        outputs=outputs,
        seconds=time.perf_counter() - start,
    )


_COUNTED = {
    "projects": PESCO.Project,
    "states": PESCO.State,
    "participations": PESCO.Participation,
    "legal acts": PESCO.LegalAct,
    "waves": PESCO.Wave,
}
