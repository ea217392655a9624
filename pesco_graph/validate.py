"""SHACL validation with typed results, and the choice of engine.

``validate(graph)`` runs the project's shapes (core SHACL, no inference, the ontology kept out
of the data graph) and returns a :class:`ValidationReport`; ``validate_files`` loads files
first; ``validate_store`` validates a pyoxigraph ``Store``; ``validate_with_shapes`` validates
any RDF data against any shapes. Two engines give the same results: ``sparql`` (the default,
shapes compiled to SPARQL, :mod:`pesco_graph.shacl`) and ``pyshacl`` (the reference).
Violations make a report non-conforming; warnings (honest gaps) do not.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from .backends import GraphBackend, OxigraphBackend, RdflibBackend, as_backend
from .derive import derive
from .errors import PescoGraphError
from .load import load_files
from .names import DEFAULT_ENGINE
from .names import ENGINES as NAMES_ENGINES
from .shacl import (
    Check,
    Severity,
    UnsupportedShape,
    ValidationReport,
    ValidationResult,
    compile_for_report,
    load_data,
    load_shapes,
    quiet_rdflib,
    restore_map,
    run_checks,
    short_name,
)
from .shacl.compiler import owner_of, shape_label
from .shacl.paths import path_text, sparql_path
from .shacl.report import nt_term, result_order
from .shacl.run import exact_literals, to_rdflib

__all__ = [
    "Severity", "ValidationResult", "ValidationReport", "validate", "validate_pyshacl", "validate_files",
    "validate_store", "validate_with_shapes", "shapes_graph", "ENGINES", "DEFAULT_ENGINE",
]

_short = short_name
_order = result_order


@lru_cache(maxsize=1)
def _shapes_text() -> tuple[tuple[str, str], ...]:
    from .resources import shape_files

    return tuple((str(f), f.read_text(encoding="utf-8")) for f in shape_files())


def shapes_graph() -> Graph:
    """The project's SHACL shapes as one graph (literals as written: SHACL compares terms)."""
    graph = Graph()
    with exact_literals():
        for path, text in _shapes_text():
            RdflibBackend(graph).load(text.encode("utf-8"), "turtle", path)
    return graph


def _path(g: Graph, path: Node | None, shape: Node | None, short: bool) -> str | None:
    """A result path as text; one that is no SHACL path (pySHACL reports what it was given)
    is shown as its node."""
    if path is None:
        return None
    try:
        if short:
            return path_text(g, path, shape, lambda u: short_name(u) or "")
        return sparql_path(g, path, shape)
    except UnsupportedShape:
        return path.n3()


def _results(report_graph: Graph, shapes: Graph) -> list[ValidationResult]:
    """pySHACL's report graph as typed results (the top-level results only: nested
    ``sh:detail`` results explain a ``sh:node`` failure, they are not failures of their own)."""
    out = []
    for result in set(report_graph.objects(None, SH.result)):
        def one(p: URIRef, r: Node = result) -> Node | None:
            return report_graph.value(r, p)

        path = one(SH.resultPath)
        path_graph = shapes if path is not None and (path, None, None) in shapes else report_graph
        shape = one(SH.sourceShape)
        owner = owner_of(shapes, shape) if shape is not None else None
        message = one(SH.resultMessage)
        component = str(one(SH.sourceConstraintComponent))
        constraint = component.rsplit("#", 1)[-1]
        value = one(SH.value)
        focus = one(SH.focusNode)
        out.append(ValidationResult(
            severity=Severity.name_of(one(SH.resultSeverity) or SH.Violation),
            focus_node=short_name(focus) or "",
            path=_path(path_graph, path, shape, short=True),
            value=short_name(value),
            message=str(message) if message is not None else constraint,
            shape=short_name(owner) if owner is not None else None,
            constraint=constraint,
            focus_term=nt_term(focus) if focus is not None else "",
            path_term=_path(path_graph, path, shape, short=False),
            value_term=nt_term(value) if value is not None else None,
            shape_term=shape_label(shapes, shape) if shape is not None else None,
            component=component,
        ))
    return sorted(set(out), key=result_order)


ENGINES = NAMES_ENGINES


@lru_cache(maxsize=1)
def _compiled_checks() -> tuple[Check, ...]:
    return tuple(compile_for_report(shapes_graph()))


def _check_engine(engine: str) -> None:
    if engine not in ENGINES:
        raise PescoGraphError(f"unknown validation engine {engine!r}; choose one of {', '.join(ENGINES)}")


def validate_store(store: Any, checks: Sequence[Check] | None = None,
                   restore: Mapping[str, str] | None = None) -> ValidationReport:
    """Validate the default graph of a pyoxigraph ``Store`` with the compiled engine, against
    the project's shapes (or the given compiled ``checks``).

    Oxigraph keeps typed literals in canonical form; ``restore`` (from
    :func:`~pesco_graph.shacl.restore_map`) maps them back to the terms that were loaded.
    """
    results = run_checks(store, _compiled_checks() if checks is None else checks, restore)
    return ValidationReport(sorted(set(results), key=result_order))


def _rdflib_graph(graph: GraphBackend) -> Graph:
    if isinstance(graph, RdflibBackend):
        return graph.graph
    out = Graph()
    with exact_literals(), quiet_rdflib():
        out.parse(data=b"\n".join(graph.nt_lines()), format="nt")
    return out


def _oxigraph_store(graph: GraphBackend) -> Any:
    if isinstance(graph, OxigraphBackend):
        return graph.store
    copy = OxigraphBackend()
    copy.load(b"\n".join(graph.nt_lines()), "ntriples")
    return copy.store


def validate(graph: Any, engine: str = DEFAULT_ENGINE) -> ValidationReport:
    """Validate ``graph`` (a graph backend or an rdflib ``Graph``, data plus derived triples)
    against the project's shapes.

    ``engine`` is ``sparql`` (the default: the shapes compiled to SPARQL and run on
    Oxigraph, see :mod:`pesco_graph.shacl`) or ``pyshacl`` (the reference engine).
    Both give the same results; a test checks it on every fixture and the real data.
    """
    _check_engine(engine)
    if engine == "sparql":
        return validate_store(_oxigraph_store(as_backend(graph)))
    return validate_pyshacl(_rdflib_graph(as_backend(graph)))


def validate_pyshacl(graph: Graph, shapes: Graph | None = None) -> ValidationReport:
    """Validate with pySHACL (core SHACL, no inference, the ontology kept out).

    pySHACL's own failures (it stops on some ill-formed literals) become one
    :class:`~pesco_graph.errors.PescoGraphError` line, never a traceback.
    """
    import pyshacl

    shapes = shapes_graph() if shapes is None else shapes
    try:
        with quiet_rdflib():
            _conforms, report_graph, _text = pyshacl.validate(
                graph,
                shacl_graph=shapes,
                inference="none",
                abort_on_first=False,
                allow_warnings=True,
                advanced=False,
                inplace=True,
            )
    except Exception as exc:  # pySHACL raises ReportableRuntimeError, ValueError, TypeError, ...
        why = " ".join(str(getattr(exc, "message", None) or exc or type(exc).__name__).split())
        raise PescoGraphError(f"pySHACL could not validate: {why[:300]}") from None
    return ValidationReport(_results(report_graph, shapes))


def validate_with_shapes(
    data: str | Path | Iterable[str | Path] | Any, shapes: str | Path | Iterable[str | Path] | Graph,
    engine: str = DEFAULT_ENGINE,
) -> ValidationReport:
    """Validate any RDF data against any SHACL shapes.

    ``data`` is a list of RDF files (Turtle, N-Triples, RDF/XML, JSON-LD, ...) or a pyoxigraph
    ``Store``; ``shapes`` a list of files or an rdflib ``Graph``. With the default engine a
    construct it does not implement raises :class:`~pesco_graph.shacl.UnsupportedShape`
    (exit 2), naming the construct and the shape.
    """
    _check_engine(engine)
    if isinstance(data, (str, Path)):
        data = [data]
    if isinstance(shapes, (str, Path)):
        shapes = [shapes]
    shapes_graph_ = shapes if isinstance(shapes, Graph) else load_shapes(shapes)
    if engine == "sparql":
        checks = compile_for_report(shapes_graph_)
        if isinstance(data, GraphBackend):
            return validate_store(_oxigraph_store(data), checks)
        if hasattr(data, "quads_for_pattern"):
            return validate_store(data, checks)
        store, literals = load_data(data)
        return validate_store(store, checks, restore_map(literals, shapes_graph_))
    if isinstance(data, GraphBackend):
        return validate_pyshacl(_rdflib_graph(data), shapes_graph_)
    graph = Graph()
    if hasattr(data, "quads_for_pattern"):
        from pyoxigraph import DefaultGraph

        with exact_literals(), quiet_rdflib():
            for quad in data.quads_for_pattern(None, None, None, DefaultGraph()):
                graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    else:
        for path in data:
            graph += load_shapes([path], "data")  # the same parsing, the same clear errors
    return validate_pyshacl(graph, shapes_graph_)


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
    with quiet_rdflib():  # rdflib logs ill-formed literals with a traceback; SHACL reports them
        graph = derive(load_files([*ontology_files(), *given], defaults=defaults,
                                  backend="oxigraph" if engine == DEFAULT_ENGINE else "rdflib"))
    return validate(graph, engine)
