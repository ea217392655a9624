"""Running compiled checks on a pyoxigraph ``Store``, and loading any RDF data and shapes for
them without losing what the store would change.

Oxigraph keeps typed literals in canonical form (``"01"^^xsd:integer`` is stored as
``"1"^^xsd:integer``); :mod:`pesco_graph.shacl.exact` says when results can still be exact,
and ``restore`` maps the stored forms back to the terms read.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from ..errors import InputError
from .compiler import Check, compile_shapes
from .exact import Literals, UnsupportedData, literal_key
from .report import Severity, ValidationReport, ValidationResult, result_order, short_name

__all__ = ["run_checks", "validate_store", "compile_for_report", "load_data", "load_shapes",
           "UnsupportedData", "exact_literals", "quiet_rdflib", "to_rdflib"]


def to_rdflib(term: Any) -> Node:
    """A pyoxigraph term as the same rdflib term (read it inside :func:`exact_literals`)."""
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == str(XSD.string):
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def _fill(text: str, focus: Node, value: Node | None) -> str:
    if value is not None:
        text = text.replace("{?value}", str(value)).replace("{$value}", str(value))
    return text.replace("{$this}", str(focus)).replace("{?this}", str(focus))


def run_checks(store: Any, checks: Sequence[Check], restore: Mapping[str, str] | None = None
               ) -> list[ValidationResult]:
    """Run compiled checks on a pyoxigraph store (data in the default graph); one result per
    violating (focus node, value). ``restore`` maps literals as stored to the terms read."""
    with exact_literals(), quiet_rdflib():
        return [result for check in checks for result in _results(store, check, restore or {})]


def _results(store: Any, check: Check, restore: Mapping[str, str]) -> list[ValidationResult]:
    results = []
    for solution in store.query(check.sparql):
        focus_term = str(solution["this"])
        focus_term = restore.get(focus_term, focus_term)
        value_term = str(solution["value"]) if check.has_value and solution["value"] is not None else None
        value_term = restore.get(value_term, value_term) if value_term is not None else None
        focus = to_rdflib(solution["this"])
        value = to_rdflib(solution["value"]) if value_term is not None else None
        path_term, path = check.path, check.path_text
        if check.path_from_query:
            found = solution["path"]
            path_term = str(found) if found is not None else None
            path = short_name(to_rdflib(found)) if found is not None else None
        results.append(ValidationResult(
            severity=Severity.name_of(check.severity),
            focus_node=focus_term if focus_term.startswith('"') else short_name(focus) or "",
            path=path,
            value=value_term if value_term and value_term.startswith('"') else short_name(value),
            message=_fill(check.message, focus, value) or check.constraint,
            shape=short_name(check.owner) if isinstance(check.owner, URIRef) else None,
            constraint=check.constraint,
            focus_term=focus_term,
            path_term=path_term,
            value_term=value_term,
            shape_term=check.shape_term or check.shape.n3(),
            component=str(check.component),
        ))
    return results


def compile_for_report(shapes: Graph) -> list[Check]:
    """Compile ``shapes`` with the project's short names for the text output."""
    return compile_shapes(shapes, lambda u: short_name(u) or "")


def validate_store(store: Any, shapes: Graph | None = None, checks: Sequence[Check] | None = None,
                   restore: Mapping[str, str] | None = None) -> ValidationReport:
    """Validate the default graph of a pyoxigraph ``Store`` against ``shapes`` (or precompiled
    ``checks``) with the compiled engine."""
    if checks is None:
        if shapes is None:
            raise ValueError("validate_store needs shapes or checks")
        checks = compile_for_report(shapes)
    return ValidationReport(sorted(set(run_checks(store, checks, restore)), key=result_order))


def _format(path: Path) -> Any:
    import pyoxigraph as ox

    fmt = ox.RdfFormat.from_extension(path.suffix.lstrip(".").lower()) if path.suffix else None
    if fmt is None:
        raise InputError("unknown RDF file type (use .ttl, .nt, .nq, .trig, .rdf, .jsonld)", str(path))
    return fmt


def load_data(paths: Iterable[str | Path], store: Any = None) -> tuple[Any, Literals]:
    """Load RDF files into a pyoxigraph store (default graph); also return the typed literals
    read, which :func:`~pesco_graph.shacl.exact.restore_map` checks (see the module's note)."""
    import pyoxigraph as ox

    store = ox.Store() if store is None else store
    literals: Literals = {}
    for name in paths:
        path = Path(name)
        fmt = _format(path)
        try:
            quads = [ox.Quad(q.subject, q.predicate, q.object) for q in
                     ox.parse(path=str(path), format=fmt, base_iri=path.resolve().as_uri())]
        except SyntaxError as exc:
            raise InputError(f"syntax error: {str(exc).splitlines()[0]}", str(path)) from None
        except OSError as exc:
            raise InputError(f"cannot read file ({exc.strerror or exc})", str(path)) from None
        for quad in quads:
            key = literal_key(quad.object)
            if key is not None:
                literals.setdefault(key, str(path))
        store.extend(quads)
    return store, literals


@contextmanager
def exact_literals() -> Iterator[None]:
    """rdflib rewrites well-formed literals in canonical form (``"1"^^xsd:boolean`` becomes
    ``"true"``) unless told not to; SHACL compares terms, so shapes and data are read exactly."""
    import rdflib

    before = rdflib.NORMALIZE_LITERALS
    rdflib.NORMALIZE_LITERALS = False
    try:
        yield
    finally:
        rdflib.NORMALIZE_LITERALS = before


@contextmanager
def quiet_rdflib() -> Iterator[None]:
    """Silence rdflib's log lines (with tracebacks) and warnings about ill-formed literals:
    reporting those is SHACL's job."""
    import logging
    import warnings

    log = logging.getLogger("rdflib.term")
    level = log.level
    log.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        log.setLevel(level)


def load_shapes(paths: Iterable[str | Path], what: str = "shapes") -> Graph:
    """Parse shapes files (any RDF syntax rdflib reads) into one graph; rdflib's complaints
    about ill-formed literals (logged with a traceback) are silenced: they are for SHACL to
    report."""
    from rdflib.util import guess_format

    graph = Graph()
    for name in paths:
        path = Path(name)
        try:
            with quiet_rdflib(), exact_literals():
                graph.parse(str(path), format=guess_format(str(path)) or "turtle")
        except FileNotFoundError:
            raise InputError("no such file", str(path)) from None
        except Exception as exc:  # rdflib raises BadSyntax and assorted others
            why = getattr(exc, "_why", None) or (str(exc).splitlines() or ["cannot parse"])[-1]
            raise InputError(f"cannot read {what}: {why}", str(path)) from None
    return graph


