"""Runs the W3C SHACL core test suite (its manifests) on either engine and compares each
report with the expected one, as the suite says: ``sh:conforms`` and the set of
(focus node, result path, value, source shape, constraint component, severity), blank nodes
compared as blank."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH

from pesco_graph.errors import PescoGraphError
from pesco_graph.shacl.paths import sparql_path
from pesco_graph.shacl.report import ValidationReport
from pesco_graph.shacl.run import exact_literals

MF = "http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#"
SHT = "http://www.w3.org/ns/shacl-test#"

Key = tuple[str, str | None, str | None, str, str, str]


@dataclass(frozen=True)
class Case:
    name: str
    data: Path
    shapes: Path
    conforms: bool
    expected: frozenset[Key]


@dataclass(frozen=True)
class Outcome:
    case: Case
    status: str  # "pass", "refused", "wrong"
    detail: str


def _term(node: object) -> str:
    if isinstance(node, BNode):
        return "_:"
    assert isinstance(node, (URIRef, Literal))
    return node.n3()


def cases(manifest: Path) -> list[Case]:
    """Every sht:Validate entry reachable from ``manifest``."""
    with exact_literals():
        g = Graph().parse(manifest, format="turtle")
    out: list[Case] = []
    for included in sorted(g.objects(None, URIRef(MF + "include")), key=str):
        out += cases(Path(str(included).removeprefix("file://")))
    for entries in g.objects(None, URIRef(MF + "entries")):
        for entry in Collection(g, entries):
            if (entry, RDF.type, URIRef(SHT + "Validate")) not in g:
                continue
            action = g.value(entry, URIRef(MF + "action"))
            result = g.value(entry, URIRef(MF + "result"))
            data = Path(str(g.value(action, URIRef(SHT + "dataGraph"))).removeprefix("file://"))
            shapes = Path(str(g.value(action, URIRef(SHT + "shapesGraph"))).removeprefix("file://"))
            expected = set()
            for r in g.objects(result, SH.result):
                path = g.value(r, SH.resultPath)
                value = g.value(r, SH.value)
                expected.add((
                    _term(g.value(r, SH.focusNode)),
                    sparql_path(g, path, None) if path is not None else None,
                    _term(value) if value is not None else None,
                    _term(g.value(r, SH.sourceShape)),
                    str(g.value(r, SH.sourceConstraintComponent)),
                    str(g.value(r, SH.resultSeverity)),
                ))
            name = f"{manifest.parent.name}/{str(entry).rsplit('/', 1)[-1]}"
            out.append(Case(name, data, shapes, g.value(result, SH.conforms) == Literal(True),
                            frozenset(expected)))
    return out


def keys(report: ValidationReport) -> frozenset[Key]:
    out = set()
    for r in report.results:
        severity = r.to_dict()["resultSeverity"] or ""
        shape = "_:" if (r.shape_term or "").startswith("_:") else (r.shape_term or "")
        out.add((
            "_:" if r.focus_term.startswith("_:") else r.focus_term,
            r.path_term,
            None if r.value_term is None else ("_:" if r.value_term.startswith("_:") else r.value_term),
            shape, r.component, severity,
        ))
    return frozenset(out)


def run(case: Case, engine: str) -> Outcome:
    from pesco_graph.validate import validate_with_shapes

    try:
        report = validate_with_shapes([case.data], [case.shapes], engine=engine)
    except PescoGraphError as exc:
        return Outcome(case, "refused", str(exc))
    got = keys(report)
    conforms = not report.results
    if got == case.expected and conforms == case.conforms:
        return Outcome(case, "pass", "")
    missing = sorted(case.expected - got, key=repr)
    extra = sorted(got - case.expected, key=repr)
    return Outcome(case, "wrong", f"missing {missing} extra {extra}")


def tally(outcomes: list[Outcome]) -> dict[str, int]:
    counts = {"pass": 0, "refused": 0, "wrong": 0}
    for o in outcomes:
        counts[o.status] += 1
    return counts


if __name__ == "__main__":
    import sys

    suite = Path(sys.argv[1]) / "manifest.ttl"
    engine = sys.argv[2] if len(sys.argv) > 2 else "sparql"
    outcomes = [run(c, engine) for c in cases(suite)]
    for o in outcomes:
        if o.status != "pass":
            print(o.status, o.case.name, o.detail[:600])
    print(tally(outcomes))
