"""SHACL validation compiled to SPARQL and run on the Oxigraph engine.

pySHACL walks the graph in Python, node by node; on a million triples that takes minutes.
This package compiles shapes, once, into one SPARQL SELECT per constraint that returns the
violating focus nodes and values, and runs them on a pyoxigraph ``Store``. It implements
SHACL core (see :mod:`~pesco_graph.shacl.compiler`) and refuses, with
:class:`UnsupportedShape` naming the construct and the shape, what it does not implement:
it is never silently wrong. pySHACL stays the reference (:mod:`pesco_graph.validate`);
the tests hold both to the W3C SHACL core test suite and to each other.
"""

from __future__ import annotations

from .compiler import Check, compile_shapes
from .errors import UnsupportedShape
from .exact import UnsupportedData, restore_map
from .report import Severity, ValidationReport, ValidationResult, short_name
from .run import (
    compile_for_report,
    load_data,
    load_shapes,
    quiet_rdflib,
    run_checks,
    validate_store,
)

__all__ = [
    "Check", "compile_shapes", "compile_for_report", "run_checks", "validate_store", "load_data",
    "load_shapes", "restore_map", "UnsupportedShape", "UnsupportedData", "Severity", "ValidationReport",
    "ValidationResult", "short_name", "quiet_rdflib",
]
