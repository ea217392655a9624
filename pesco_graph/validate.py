"""SHACL validation with typed results.

``validate(graph)`` runs the project's shapes (core SHACL, no inference, the ontology kept out
of the data graph) and returns a :class:`ValidationReport`; ``validate_files`` loads files
first. Violations make a report non-conforming; warnings (honest gaps) do not.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from .backends import GraphBackend, OxigraphBackend, RdflibBackend, as_backend
from .derive import derive
from .load import load_files
from .names import DEFAULT_ENGINE
from .names import ENGINES as NAMES_ENGINES
from .namespace import PREFIXES

__all__ = [
    "ValidationResult", "ValidationReport", "validate", "validate_pyshacl", "validate_files",
    "shapes_graph", "ENGINES",
]


@dataclass(frozen=True, order=True)
class ValidationResult:
    """One SHACL result: which node broke which rule, on which property, with which value."""

    severity: str
    focus_node: str
    path: str | None
    value: str | None
    message: str
    shape: str | None
    constraint: str

    def to_text(self) -> str:
        parts = [f"[{self.severity}] {self.focus_node}"]
        if self.path:
            parts.append(f"property {self.path}")
        if self.value is not None:
            parts.append(f"value {self.value}")
        parts.append(f"rule {self.shape or '(anonymous shape)'} ({self.constraint})")
        return " | ".join(parts) + f"\n    {self.message}"


@dataclass
class ValidationReport:
    """The typed outcome of a validation."""

    results: list[ValidationResult] = field(default_factory=list)

    @property
    def violations(self) -> list[ValidationResult]:
        return [r for r in self.results if r.severity == "Violation"]

    @property
    def warnings(self) -> list[ValidationResult]:
        return [r for r in self.results if r.severity == "Warning"]

    @property
    def conforms(self) -> bool:
        """True when there is no violation (warnings are allowed)."""
        return not self.violations

    def summary(self) -> str:
        verdict = "conforms" if self.conforms else "does NOT conform"
        return f"{verdict}: {len(self.violations)} violation(s), {len(self.warnings)} warning(s)"

    def to_text(self, warnings: bool = True) -> str:
        shown = self.results if warnings else self.violations
        lines = [r.to_text() for r in shown]
        lines.append(self.summary())
        return "\n".join(lines)

    def to_json(self) -> str:
        return json.dumps(
            {
                "conforms": self.conforms,
                "violations": len(self.violations),
                "warnings": len(self.warnings),
                "results": [asdict(r) for r in self.results],
            },
            indent=2,
            ensure_ascii=False,
        )


@lru_cache(maxsize=1)
def _shapes_text() -> tuple[tuple[str, str], ...]:
    from .resources import shape_files

    return tuple((str(f), f.read_text(encoding="utf-8")) for f in shape_files())


def shapes_graph() -> Graph:
    """The project's SHACL shapes as one graph."""
    graph = Graph()
    for path, text in _shapes_text():
        RdflibBackend(graph).load(text.encode("utf-8"), "turtle", path)
    return graph


_SHORT = sorted(
    [(str(ns), p) for p, ns in PREFIXES.items()] + [("https://w3id.org/pesco-kg/shapes#", "pshape")],
    key=lambda x: -len(x[0]),
)


def _short(node: Node | None) -> str | None:
    if node is None:
        return None
    if isinstance(node, URIRef):
        text = str(node)
        for ns, prefix in _SHORT:
            if text.startswith(ns) and len(text) > len(ns):
                return f"{prefix}:{text[len(ns):]}"
        return f"<{text}>"
    if isinstance(node, Literal):
        return node.n3()
    return f"_:{node}"


def _results(report_graph: Graph, shapes: Graph) -> list[ValidationResult]:
    out = []
    # top-level results only (nested sh:detail results explain a sh:node failure, they are
    # not failures of their own)
    top = set(report_graph.objects(None, SH.result))
    for result in sorted(top, key=str):
        def one(p: URIRef, r: Node = result) -> Node | None:
            return report_graph.value(r, p)

        severity = str(one(SH.resultSeverity)).rsplit("#", 1)[-1]
        path = one(SH.resultPath)
        if path is not None and not isinstance(path, URIRef):
            inverse = report_graph.value(path, SH.inversePath) or shapes.value(path, SH.inversePath)
            if inverse is not None:
                path_text = f"^{_short(inverse)}"
            else:
                items = list(report_graph.items(path)) or list(shapes.items(path))
                path_text = "/".join(_short(i) or "" for i in items) if items else None
        else:
            path_text = _short(path)
        shape = one(SH.sourceShape)
        if shape is not None and not isinstance(shape, URIRef):
            # a blank property shape: name the node shape that holds it
            shape = shapes.value(None, SH.property, shape) or shapes.value(None, SH.node, shape) or shape
        message = one(SH.resultMessage)
        constraint = str(one(SH.sourceConstraintComponent)).rsplit("#", 1)[-1]
        value = one(SH.value)
        out.append(
            ValidationResult(
                severity=severity,
                focus_node=_short(one(SH.focusNode)) or "",
                path=path_text,
                value=_short(value) if value is not None else None,
                message=str(message) if message is not None else constraint,
                shape=_short(shape) if isinstance(shape, URIRef) else None,
                constraint=constraint,
            )
        )
    return sorted(set(out), key=_order)


ENGINES = NAMES_ENGINES


@lru_cache(maxsize=1)
def _compiled_checks():
    from .shacl_sparql import compile_shapes

    return compile_shapes(shapes_graph())


def _rdflib_graph(graph: GraphBackend) -> Graph:
    if isinstance(graph, RdflibBackend):
        return graph.graph
    out = Graph()
    out.parse(data=b"\n".join(graph.nt_lines()), format="nt")
    return out


def _oxigraph_store(graph: GraphBackend) -> Any:
    if isinstance(graph, OxigraphBackend):
        return graph.store
    copy = OxigraphBackend()
    copy.load(b"\n".join(graph.nt_lines()), "ntriples")
    return copy.store


def validate(graph: Any, engine: str = DEFAULT_ENGINE) -> ValidationReport:
    """Validate ``graph`` (data plus derived triples) against the project's shapes.

    ``engine`` is ``sparql`` (the default: the shapes compiled to SPARQL and run on
    Oxigraph, see :mod:`pesco_graph.shacl_sparql`) or ``pyshacl`` (the reference engine).
    Both give the same results; a test checks it on every fixture and the real data.
    """
    if engine not in ENGINES:
        from .errors import PescoGraphError

        raise PescoGraphError(f"unknown validation engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if engine == "sparql":
        from .shacl_sparql import run_checks

        results = run_checks(_oxigraph_store(as_backend(graph)), _compiled_checks())
        return ValidationReport(sorted(set(results), key=_order))
    return validate_pyshacl(_rdflib_graph(as_backend(graph)))


def _order(r: ValidationResult) -> tuple:
    return (r.severity != "Violation", r.focus_node, r.path or "", r.message, r.value or "")


def validate_pyshacl(graph: Graph) -> ValidationReport:
    """Validate with pySHACL (core SHACL, no inference, the ontology kept out)."""
    import pyshacl

    shapes = shapes_graph()
    _conforms, report_graph, _text = pyshacl.validate(
        graph,
        shacl_graph=shapes,
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
        advanced=False,
        inplace=True,
    )
    return ValidationReport(_results(report_graph, shapes))


def validate_files(
    paths: Iterable[str | Path], with_data: bool = False, engine: str = DEFAULT_ENGINE
) -> ValidationReport:
    """Validate the given Turtle/CSV files, with the ontology's concept schemes.

    With ``with_data``, or when a CSV table is given, the packaged data is loaded too, so a new
    or edited file can refer to its states, acts and sources; a file named like a packaged one
    (an edited copy of a table) takes that file's place.
    """
    from .resources import data_files, ontology_files

    given = [Path(p) for p in paths]
    defaults = data_files() if with_data or any(p.suffix == ".csv" for p in given) else []
    graph = derive(load_files([*ontology_files(), *given], defaults=defaults,
                              backend="oxigraph" if engine == DEFAULT_ENGINE else "rdflib"))
    return validate(graph, engine)
