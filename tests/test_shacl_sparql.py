"""The SHACL-to-SPARQL compiler: it compiles every project shape, refuses what it does not
implement by name, and checks terms and literals exactly."""

from __future__ import annotations

import json

import pytest
from rdflib import Graph

from pesco_graph.errors import ValidationFailed
from pesco_graph.shacl import Severity, UnsupportedShape, compile_shapes
from pesco_graph.shacl.run import UnsupportedData
from pesco_graph.validate import shapes_graph, validate_with_shapes

PREFIXES = """@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix ex: <http://example.org/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
"""


def _files(tmp_path, shapes: str, data: str):
    s, d = tmp_path / "shapes.ttl", tmp_path / "data.ttl"
    s.write_text(PREFIXES + shapes, encoding="utf-8")
    d.write_text(PREFIXES + data, encoding="utf-8")
    return s, d


def _run(tmp_path, shapes: str, data: str, engine: str = "sparql"):
    s, d = _files(tmp_path, shapes, data)
    return validate_with_shapes([d], [s], engine=engine)


def _both(tmp_path, shapes: str, data: str):
    """Results of both engines, which must agree; as (focus, path, value, component) tuples."""
    out = []
    for engine in ("sparql", "pyshacl"):
        report = _run(tmp_path, shapes, data, engine)
        out.append(sorted({(r.focus_term, r.path_term, r.value_term, r.constraint) for r in report.results},
                          key=repr))
    assert out[0] == out[1]
    return out[0]


def test_every_project_shape_compiles():
    checks = compile_shapes(shapes_graph())
    constraints = {c.constraint for c in checks}
    assert {"MinCountConstraintComponent", "MaxCountConstraintComponent", "ClassConstraintComponent",
            "LessThanOrEqualsConstraintComponent", "SPARQLConstraintComponent",
            "QualifiedMinCountConstraintComponent", "OrConstraintComponent",
            "NodeConstraintComponent", "PatternConstraintComponent"} <= constraints


@pytest.mark.parametrize("shape,construct", [
    ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:targetValidator ex:V .", "sh:targetValidator"),
    ("ex:S a sh:NodeShape ; sh:target [ a ex:T ] .", "sh:target"),
    ("ex:S a sh:PropertyShape ; sh:targetClass ex:C ; sh:path ex:p ; sh:closed true .", "sh:closed"),
    ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:datatype xsd:hexBinary .", "hexBinary"),
    ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:node ex:S .", "recursive"),
])
def test_unsupported_constructs_are_refused_by_name(tmp_path, shape, construct):
    with pytest.raises(UnsupportedShape, match=construct) as exc:
        _run(tmp_path, shape, "ex:x a ex:C .")
    assert "ex" in str(exc.value) and "shape" in str(exc.value)


def test_annotations_of_other_vocabularies_are_ignored(tmp_path):
    shapes = ("ex:S a sh:NodeShape ; sh:targetClass ex:C ; rdfs:seeAlso ex:doc ; rdfs:label \"S\" ; "
              "sh:nodeKind sh:IRI .")
    assert _both(tmp_path, shapes, "ex:x a ex:C .") == []


def test_node_level_constraints_and_implicit_class_targets(tmp_path):
    shapes = """ex:C a rdfs:Class, sh:NodeShape ; sh:nodeKind sh:BlankNodeOrIRI ; sh:class ex:D ;
                  sh:in ( ex:x ex:y ) ."""
    data = "ex:x a ex:C, ex:D . ex:y a ex:C . ex:z a ex:C, ex:D ."
    got = _both(tmp_path, shapes, data)
    assert got == [("<http://example.org/y>", None, "<http://example.org/y>", "ClassConstraintComponent"),
                   ("<http://example.org/z>", None, "<http://example.org/z>", "InConstraintComponent")]


def test_in_and_has_value_compare_terms_not_values(tmp_path):
    shapes = "ex:S a sh:PropertyShape ; sh:targetNode ex:x ; sh:path ex:p ; sh:in ( 1 ) ."
    got = _both(tmp_path, shapes, 'ex:x ex:p 1, "1"^^xsd:decimal, "1" .')
    assert [v for _f, _p, v, _c in got] == ['"1"', '"1"^^<http://www.w3.org/2001/XMLSchema#decimal>']


def test_literals_the_store_would_merge_are_refused(tmp_path):
    # Oxigraph stores "01"^^xsd:integer as "1"^^xsd:integer: the two would compare equal
    with pytest.raises(UnsupportedData, match='"01".* and .*both be stored as'):
        _run(tmp_path, "ex:S a sh:PropertyShape ; sh:targetNode ex:x ; sh:path ex:p ; sh:in ( 1 ) .",
             'ex:x ex:p "01"^^xsd:integer .')


def test_literals_the_store_would_retype_are_refused(tmp_path):
    with pytest.raises(UnsupportedData, match="another datatype"):
        _run(tmp_path, "ex:S a sh:PropertyShape ; sh:targetNode ex:x ; sh:path ex:p ; sh:datatype xsd:int .",
             'ex:x ex:p "5"^^xsd:int .')


def test_non_canonical_literals_are_reported_as_written(tmp_path):
    shapes = "ex:S a sh:PropertyShape ; sh:targetNode ex:x ; sh:path ex:p ; sh:maxInclusive 1 ."
    got = _both(tmp_path, shapes, 'ex:x ex:p "1.50"^^xsd:decimal, "0.50"^^xsd:decimal .')
    assert [v for _f, _p, v, _c in got] == ['"1.50"^^<http://www.w3.org/2001/XMLSchema#decimal>']


def test_non_canonical_literals_under_lexical_constraints_are_refused(tmp_path):
    with pytest.raises(UnsupportedData, match="sh:maxLength"):
        _run(tmp_path, "ex:S a sh:PropertyShape ; sh:targetNode ex:x ; sh:path ex:p ; sh:maxLength 3 .",
             'ex:x ex:p "1.50"^^xsd:decimal .')


@pytest.mark.parametrize("lexical", ["2021-02-30", "banana", "2021-2-1"])
def test_ill_formed_dates_violate_datatype(tmp_path, lexical):
    shapes = ("ex:S a sh:NodeShape ; sh:targetNode ex:x ; "
              "sh:property [ sh:path ex:d ; sh:datatype xsd:date ] .")
    got = _both(tmp_path, shapes, f'ex:x ex:d "{lexical}"^^xsd:date, "2021-02-28"^^xsd:date .')
    assert [(v, c) for _f, _p, v, c in got] == [(f'"{lexical}"^^<http://www.w3.org/2001/XMLSchema#date>',
                                                 "DatatypeConstraintComponent")]


def test_incomparable_values_violate_less_than(tmp_path):
    shapes = "ex:S a sh:NodeShape ; sh:targetNode ex:x ; sh:property [ sh:path ex:a ; sh:lessThan ex:b ] ."
    report = _run(tmp_path, shapes, 'ex:x ex:a 1, 5 ; ex:b 3, "three" .')
    assert sorted(r.value_term for r in report.results) == ['"1"^^<http://www.w3.org/2001/XMLSchema#integer>',
                                                            '"5"^^<http://www.w3.org/2001/XMLSchema#integer>']


def test_complex_paths_are_kept_in_the_report(tmp_path):
    shapes = """ex:S a sh:NodeShape ; sh:targetNode ex:x ;
        sh:property [ sh:path ( ex:a [ sh:zeroOrMorePath ex:b ] [ sh:inversePath ex:c ] ) ; sh:minCount 1 ] ;
        sh:property [ sh:path [ sh:alternativePath ( ex:a ex:d ) ] ; sh:maxCount 0 ] ."""
    got = _both(tmp_path, shapes, "ex:x ex:d ex:y .")
    assert [p for _f, p, _v, _c in got] == [
        "(<http://example.org/a>/(<http://example.org/b>)*/^<http://example.org/c>)",
        "(<http://example.org/a>|<http://example.org/d>)"]


def test_deactivated_shapes_are_skipped(tmp_path):
    shapes = """ex:S a sh:NodeShape ; sh:targetNode ex:x ; sh:property ex:P ; sh:class ex:Nope .
        ex:P sh:path ex:p ; sh:minCount 1 ; sh:deactivated true .
        ex:T a sh:NodeShape ; sh:targetNode ex:x ; sh:deactivated true ; sh:class ex:Nope ."""
    assert [c for _f, _p, _v, c in _both(tmp_path, shapes, "ex:x ex:q 1 .")] == ["ClassConstraintComponent"]


def test_logical_qualified_and_closed(tmp_path):
    shapes = """ex:S a sh:NodeShape ; sh:targetNode ex:x ; sh:closed true ; sh:ignoredProperties ( ex:q ) ;
        sh:property [ sh:path ex:p ; sh:xone ( [ sh:datatype xsd:integer ] [ sh:minInclusive 0 ] ) ;
                      sh:qualifiedValueShape [ sh:datatype xsd:string ] ; sh:qualifiedMaxCount 1 ] ."""
    got = _both(tmp_path, shapes, 'ex:x ex:p 5, -5, "a", "b" ; ex:q 1 ; ex:r 1 .')
    assert {c for _f, _p, _v, c in got} == {"XoneConstraintComponent", "QualifiedMaxCountConstraintComponent",
                                            "ClosedConstraintComponent"}
    assert ("<http://example.org/x>", "<http://example.org/r>", '"1"^^<http://www.w3.org/2001/XMLSchema#integer>',
            "ClosedConstraintComponent") in got


def test_severity_and_raise_for_results(tmp_path):
    shapes = """ex:W a sh:NodeShape ; sh:targetNode ex:x ; sh:severity sh:Warning ; sh:class ex:Nope .
        ex:V a sh:NodeShape ; sh:targetNode ex:x ; sh:class ex:Nope ."""
    report = _run(tmp_path, shapes, "ex:x ex:p 1 .")
    assert sorted(r.severity for r in report.results) == [Severity.VIOLATION, Severity.WARNING]
    with pytest.raises(ValidationFailed):
        report.raise_for_results()
    warn_only = _run(tmp_path, shapes.split("ex:V")[0], "ex:x ex:p 1 .")
    assert warn_only.raise_for_results() is warn_only


def test_cli_validate_shapes_json(tmp_path, cli):
    s, d = _files(tmp_path, "ex:S a sh:NodeShape ; sh:targetNode ex:x ; "
                  "sh:property [ sh:path [ sh:inversePath ex:p ] ; "
                  "sh:datatype xsd:date ] .", 'ex:y ex:p ex:x .')
    result = cli("validate", "--shapes", str(s), str(d), "--format", "json")
    assert result.returncode == 1, result.stderr
    (r,) = json.loads(result.stdout)["results"]
    assert r["focusNode"] == "<http://example.org/x>"
    assert r["resultPath"] == "^<http://example.org/p>"
    assert r["value"] == "<http://example.org/y>"
    assert r["sourceConstraintComponent"] == "http://www.w3.org/ns/shacl#DatatypeConstraintComponent"
    assert r["resultSeverity"] == "http://www.w3.org/ns/shacl#Violation"
    assert r["sourceShape"].startswith("_:") and r["resultMessage"]


def test_cli_refused_construct_is_one_line_exit_2(tmp_path, cli):
    s, d = _files(tmp_path, "ex:S a sh:NodeShape ; sh:targetNode ex:x ; sh:targetValidator ex:V .",
                  "ex:x ex:p 1 .")
    result = cli("validate", "--shapes", str(s), str(d))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "sh:targetValidator" in result.stderr
    assert "<http://example.org/S>" in result.stderr and result.stdout == ""


def test_cli_pyshacl_ill_formed_date_without_traceback(tmp_path, cli):
    s, d = _files(tmp_path, "ex:S a sh:NodeShape ; sh:targetNode ex:x ; sh:property [ sh:path ex:a ; "
                  "sh:datatype xsd:date ; sh:lessThanOrEquals ex:b ] .",
                  'ex:x ex:a "2021-02-30"^^xsd:date ; ex:b "2021-03-01"^^xsd:date .')
    for engine in ("sparql", "pyshacl"):
        result = cli("validate", "--shapes", str(s), str(d), "--engine", engine)
        assert "Traceback" not in result.stderr + result.stdout
        assert result.returncode == 1 and "DatatypeConstraintComponent" in result.stdout


def test_library_takes_a_store_or_single_paths(tmp_path):
    import pyoxigraph as ox

    s, d = _files(tmp_path, "ex:S a sh:NodeShape ; sh:targetNode ex:x ; sh:class ex:C .", "ex:x ex:p 1 .")
    from_path = validate_with_shapes(d, s)
    store = ox.Store()
    store.load(path=str(d), format=ox.RdfFormat.TURTLE)
    from_store = validate_with_shapes(store, Graph().parse(s))
    assert from_path.results == from_store.results
    assert [r.constraint for r in from_path.results] == ["ClassConstraintComponent"]


def test_cli_ill_formed_date_in_project_data(tmp_path, cli):
    """The compiled engine reports an impossible end date twice (ill-formed, and not comparable
    with the start); pySHACL stops on it, and that is one line, exit 2, no traceback."""
    edit = tmp_path / "edit.ttl"
    # a participation with a start date (pesco:since), so that its end is compared with it
    edit.write_text("<https://w3id.org/pesco-kg/participation/military-mobility/NL/coordinator/2018-03-06> "
                    "<https://w3id.org/pesco-kg/ontology#until> "
                    '"2021-02-30"^^<http://www.w3.org/2001/XMLSchema#date> .\n', encoding="utf-8")
    compiled = cli("validate", "--with-data", str(edit))
    assert compiled.returncode == 1
    assert "ParticipationUntil (DatatypeConstraintComponent)" in compiled.stdout
    assert "ParticipationEndsAfterStart (LessThanOrEqualsConstraintComponent)" in compiled.stdout
    reference = cli("validate", "--with-data", "--engine", "pyshacl", str(edit))
    assert "Traceback" not in reference.stdout + reference.stderr
    assert reference.returncode in (1, 2)
    if reference.returncode == 2:
        assert reference.stderr.count("\n") == 1 and "pySHACL could not validate" in reference.stderr
