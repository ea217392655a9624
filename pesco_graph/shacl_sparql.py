"""SHACL compiled to SPARQL: kept as a name for :mod:`pesco_graph.shacl`, where it lives now."""

from __future__ import annotations

from .shacl import Check, UnsupportedShape, compile_shapes, run_checks, validate_store

__all__ = ["Check", "compile_shapes", "run_checks", "validate_store", "UnsupportedShape"]
