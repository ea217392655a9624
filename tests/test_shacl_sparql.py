"""The SHACL-to-SPARQL compiler: it refuses what it cannot compile, and compiles every shape."""

from __future__ import annotations

import pytest
from rdflib import Graph

from pesco_graph.shacl_sparql import UnsupportedShape, compile_shapes
from pesco_graph.validate import shapes_graph


def test_every_project_shape_compiles():
    checks = compile_shapes(shapes_graph())
    constraints = {c.constraint for c in checks}
    assert {"MinCountConstraintComponent", "MaxCountConstraintComponent", "ClassConstraintComponent",
            "LessThanOrEqualsConstraintComponent", "SPARQLConstraintComponent",
            "QualifiedMinCountConstraintComponent", "OrConstraintComponent",
            "NodeConstraintComponent", "PatternConstraintComponent"} <= constraints


def test_unsupported_constraint_is_refused():
    shapes = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix ex: <http://example.org/> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ;
            sh:property [ sh:path ex:p ; sh:uniqueLang true ] .
    """, format="turtle")
    with pytest.raises(UnsupportedShape, match="uniqueLang"):
        compile_shapes(shapes)
