"""SHACL validation compiled to SPARQL and run on the Oxigraph engine.

pySHACL walks the graph in Python, node by node; on a million triples that takes minutes.
This module compiles the project's shapes, once, into one SPARQL SELECT per constraint that
returns the violating focus nodes and values, and runs them on Oxigraph. It covers the
SHACL core constraint components the shapes use (and says so when a shape uses another):

``sh:targetClass``, ``sh:targetObjectsOf``, ``sh:targetSubjectsOf``, ``sh:targetNode``;
predicate, inverse and sequence paths; ``sh:minCount``, ``sh:maxCount``, ``sh:datatype``,
``sh:class``, ``sh:in``, ``sh:hasValue``, ``sh:pattern``, ``sh:nodeKind`` (IRI, literal,
blank node), ``sh:lessThanOrEquals``, ``sh:qualifiedValueShape`` with
``sh:qualifiedMinCount``, ``sh:or``, ``sh:node``, and SPARQL-based constraints
(``sh:sparql`` with ``sh:select``).

The results have the same form as pySHACL's (see :mod:`pesco_graph.validate`); a test runs
both validators on every fixture and on the real data and compares them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from .errors import PescoGraphError

__all__ = ["Check", "compile_shapes", "run_checks", "UnsupportedShape"]

_TYPE_PATH = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>/<http://www.w3.org/2000/01/rdf-schema#subClassOf>*"
_HANDLED = {
    SH.path, SH.minCount, SH.maxCount, SH.datatype, SH["class"], SH["in"], SH.hasValue,
    SH.pattern, SH.flags, SH.nodeKind, SH.lessThanOrEquals, SH.qualifiedValueShape,
    SH.qualifiedMinCount, SH["or"], SH.node, SH.sparql, SH.message, SH.severity, SH.name,
    SH.description, SH.property, SH.targetClass, SH.targetObjectsOf, SH.targetSubjectsOf,
    SH.targetNode, RDF.type, SH.deactivated, SH.order, SH.group,
    URIRef("http://www.w3.org/2000/01/rdf-schema#label"),
    URIRef("http://www.w3.org/2000/01/rdf-schema#comment"),
}


class UnsupportedShape(PescoGraphError):
    """A shape uses a SHACL feature this compiler does not implement."""


@dataclass(frozen=True)
class Check:
    """One compiled constraint: a SELECT returning ``?this`` and (maybe) ``?value``."""

    sparql: str
    shape: Node
    path: str | None
    severity: str
    message: str
    constraint: str
    has_value: bool


def _n3(node: Node) -> str:
    if isinstance(node, URIRef):
        return f"<{node}>"
    if isinstance(node, Literal):
        from .backends.rdflib import to_oxigraph
        from .params import sparql_term

        return sparql_term(to_oxigraph(node))
    raise UnsupportedShape(f"cannot write {node!r} into a query")


class _Compiler:
    def __init__(self, shapes: Graph) -> None:
        self.g = shapes
        self.counter = 0

    def var(self) -> str:
        self.counter += 1
        return f"?v{self.counter}"

    # --- paths ------------------------------------------------------------------------
    def path(self, node: Node) -> str:
        if isinstance(node, URIRef):
            return f"<{node}>"
        inverse = self.g.value(node, SH.inversePath)
        if inverse is not None:
            return f"^{self.path(inverse)}"
        if (node, RDF.first, None) in self.g:
            return "(" + "/".join(self.path(p) for p in Collection(self.g, node)) + ")"
        raise UnsupportedShape(f"unsupported path {node!r}")

    def path_text(self, node: Node) -> str:
        """How validate.py names a path (prefixed, ^ for inverse, / for sequences)."""
        from .validate import _short

        if isinstance(node, URIRef):
            return _short(node) or ""
        inverse = self.g.value(node, SH.inversePath)
        if inverse is not None:
            return f"^{_short(inverse)}"
        return "/".join(_short(i) or "" for i in Collection(self.g, node))

    # --- conformance of a value to a shape, as a SPARQL boolean expression -------------
    def conforms(self, shape: Node, focus: str) -> str:
        """A FILTER expression true when ``focus`` conforms to ``shape`` (used by sh:or,
        sh:node and sh:qualifiedValueShape)."""
        parts = []
        for p, _o in self.g.predicate_objects(shape):
            if p not in _HANDLED and p != SH.inversePath:
                raise UnsupportedShape(f"unsupported constraint {p} in a nested shape")
        path_node = self.g.value(shape, SH.path)
        if path_node is None:  # a node shape: constraints on the focus itself
            parts += self._value_conditions(shape, focus)
            for prop in self.g.objects(shape, SH.property):
                parts.append(self.conforms(prop, focus))
            return "(" + " && ".join(parts or ["true"]) + ")"
        path = self.path(path_node)
        v = self.var()
        min_count = self.g.value(shape, SH.minCount)
        max_count = self.g.value(shape, SH.maxCount)
        if min_count is not None and int(min_count) > 0:
            parts.append(f"EXISTS {{ {focus} {path} {v} }}" if int(min_count) == 1 else
                         f"{int(min_count)} <= 0")  # only 1 is used in nested shapes
            if int(min_count) > 1:
                raise UnsupportedShape("sh:minCount above 1 in a nested shape")
        if max_count is not None:
            if int(max_count) == 0:
                parts.append(f"NOT EXISTS {{ {focus} {path} {v} }}")
            else:
                raise UnsupportedShape("sh:maxCount above 0 in a nested shape")
        has_value = self.g.value(shape, SH.hasValue)
        if has_value is not None:
            parts.append(f"EXISTS {{ {focus} {path} {_n3(has_value)} }}")
        value_conditions = self._value_conditions(shape, v)
        if value_conditions:
            parts.append(f"NOT EXISTS {{ {focus} {path} {v} FILTER (!({' && '.join(value_conditions)})) }}")
        return "(" + " && ".join(parts or ["true"]) + ")"

    def _value_conditions(self, shape: Node, v: str, only: URIRef | None = None) -> list[str]:
        """Conditions each value must meet (class, datatype, in, pattern, nodeKind, or, node);
        with ``only``, just the condition of that one constraint."""
        out = []

        def wanted(predicate: URIRef) -> bool:
            return only is None or only == predicate

        cls = self.g.value(shape, SH["class"]) if wanted(SH["class"]) else None
        if cls is not None:
            out.append(f"EXISTS {{ {v} {_TYPE_PATH} <{cls}> }}")
        datatype = self.g.value(shape, SH.datatype) if wanted(SH.datatype) else None
        if datatype is not None:
            out.append(f"(isLiteral({v}) && datatype({v}) = <{datatype}>)")
        values = self.g.value(shape, SH["in"]) if wanted(SH["in"]) else None
        if values is not None:
            out.append(f"({v} IN ({', '.join(_n3(x) for x in Collection(self.g, values))}))")
        pattern = self.g.value(shape, SH.pattern) if wanted(SH.pattern) else None
        if pattern is not None:
            flags = self.g.value(shape, SH.flags)
            extra = f", {_n3(Literal(str(flags)))}" if flags is not None else ""
            out.append(f"(!isBlank({v}) && regex(str({v}), {_n3(Literal(str(pattern)))}{extra}))")
        kind = self.g.value(shape, SH.nodeKind) if wanted(SH.nodeKind) else None
        if kind is not None:
            test = {SH.IRI: "isIRI", SH.Literal: "isLiteral", SH.BlankNode: "isBlank"}.get(kind)
            if test is None:
                raise UnsupportedShape(f"unsupported sh:nodeKind {kind}")
            out.append(f"{test}({v})")
        alternatives = self.g.value(shape, SH["or"]) if wanted(SH["or"]) else None
        if alternatives is not None:
            out.append("(" + " || ".join(self.conforms(a, v) for a in Collection(self.g, alternatives)) + ")")
        if wanted(SH.node):
            for nested in self.g.objects(shape, SH.node):
                out.append(self.conforms(nested, v))
        return out


def _targets(g: Graph, shape: Node) -> list[str]:
    patterns = []
    for cls in g.objects(shape, SH.targetClass):
        patterns.append(f"?this {_TYPE_PATH} <{cls}> .")
    for prop in g.objects(shape, SH.targetObjectsOf):
        patterns.append(f"?t_ <{prop}> ?this .")
    for prop in g.objects(shape, SH.targetSubjectsOf):
        patterns.append(f"?this <{prop}> ?t_ .")
    for node in g.objects(shape, SH.targetNode):
        patterns.append(f"BIND ({_n3(node)} AS ?this)")
    return patterns


def _target_block(patterns: list[str]) -> str:
    if len(patterns) == 1:
        return patterns[0]
    return " UNION ".join(f"{{ {p} }}" for p in patterns)


def compile_shapes(shapes: Graph) -> list[Check]:
    """Compile the shapes graph into checks (one SPARQL query per constraint)."""
    c = _Compiler(shapes)
    g = shapes
    checks: list[Check] = []
    node_shapes = sorted({s for p in (SH.targetClass, SH.targetObjectsOf, SH.targetSubjectsOf,
                                       SH.targetNode) for s in g.subjects(p, None)}, key=str)
    for shape in node_shapes:
        if g.value(shape, SH.deactivated) == Literal(True):
            continue
        targets = _target_block(_targets(g, shape))
        node_message = str(g.value(shape, SH.message) or "")
        severity = str(g.value(shape, SH.severity) or SH.Violation).rsplit("#", 1)[-1]
        # constraints on the focus node itself
        for condition, constraint in _node_conditions(c, shape):
            checks.append(Check(
                f"SELECT DISTINCT ?this (?this AS ?value) WHERE {{ {targets} FILTER (!({condition})) }}",
                shape, None, severity, node_message, constraint, True))
        for sparql in g.objects(shape, SH.sparql):
            checks.append(_sparql_check(g, shape, sparql, targets, severity))
        for prop in g.objects(shape, SH.property):
            checks += _property_checks(c, shape, prop, targets)
    return checks


def _node_conditions(c: _Compiler, shape: Node) -> Iterable[tuple[str, str]]:
    g = c.g
    for p, _o in g.predicate_objects(shape):
        if p not in _HANDLED:
            raise UnsupportedShape(f"{shape}: unsupported constraint {p}")
    kind = g.value(shape, SH.nodeKind)
    if kind is not None:
        test = {SH.IRI: "isIRI", SH.Literal: "isLiteral", SH.BlankNode: "isBlank"}[kind]
        yield f"{test}(?this)", "NodeKindConstraintComponent"
    pattern = g.value(shape, SH.pattern)
    if pattern is not None:
        yield (f"!isBlank(?this) && regex(str(?this), {_n3(Literal(str(pattern)))})",
               "PatternConstraintComponent")
    alternatives = g.value(shape, SH["or"])
    if alternatives is not None:
        yield ("(" + " || ".join(c.conforms(a, "?this") for a in Collection(g, alternatives)) + ")",
               "OrConstraintComponent")


def _sparql_check(g: Graph, shape: Node, constraint: Node, targets: str, severity: str) -> Check:
    select = str(g.value(constraint, SH.select))
    prefixes = ""
    for declared in g.objects(constraint, SH.prefixes):
        for decl in g.objects(declared, SH.declare):
            prefixes += f"PREFIX {g.value(decl, SH.prefix)}: <{g.value(decl, SH.namespace)}>\n"
    body = select.replace("$this", "?this")
    match = re.search(r"\bWHERE\s*\{", body, re.I)
    if match is None:
        raise UnsupportedShape(f"{shape}: SPARQL constraint without WHERE")
    body = body[: match.end()] + f" {targets} " + body[match.end():]
    message = str(g.value(constraint, SH.message) or g.value(shape, SH.message) or "")
    return Check(prefixes + body, shape, "sparql", severity, message, "SPARQLConstraintComponent", True)


def _property_checks(c: _Compiler, node_shape: Node, prop: Node, targets: str) -> list[Check]:
    g = c.g
    for p, _o in g.predicate_objects(prop):
        if p not in _HANDLED:
            raise UnsupportedShape(f"{prop}: unsupported constraint {p}")
    path_node = g.value(prop, SH.path)
    path = c.path(path_node)
    path_text = c.path_text(path_node)
    named = prop if isinstance(prop, URIRef) else node_shape
    severity = str(g.value(prop, SH.severity) or SH.Violation).rsplit("#", 1)[-1]
    message = str(g.value(prop, SH.message) or "")
    out = []

    def add(query: str, constraint: str, has_value: bool = True) -> None:
        out.append(Check(query, named, path_text, severity, message, constraint, has_value))

    # Counting with GROUP BY costs a hash table over every focus node; the common cases
    # (at least one value, at most one) compile to joins, which grow linearly.
    min_count = g.value(prop, SH.minCount)
    if min_count is not None and int(min_count) == 1:
        add(f"SELECT DISTINCT ?this WHERE {{ {targets} OPTIONAL {{ ?this {path} ?x_ }} "
            f"FILTER (!BOUND(?x_)) }}", "MinCountConstraintComponent", False)
    elif min_count is not None and int(min_count) > 1:
        add(f"SELECT ?this WHERE {{ {targets} OPTIONAL {{ ?this {path} ?x_ }} }} "
            f"GROUP BY ?this HAVING (COUNT(DISTINCT ?x_) < {int(min_count)})",
            "MinCountConstraintComponent", False)
    max_count = g.value(prop, SH.maxCount)
    if max_count is not None and int(max_count) == 0:
        add(f"SELECT DISTINCT ?this WHERE {{ {targets} ?this {path} ?x_ }}",
            "MaxCountConstraintComponent", False)
    elif max_count is not None and int(max_count) == 1:
        add(f"SELECT DISTINCT ?this WHERE {{ {targets} ?this {path} ?x_ . ?this {path} ?y_ "
            f"FILTER (!sameTerm(?x_, ?y_)) }}", "MaxCountConstraintComponent", False)
    elif max_count is not None:
        add(f"SELECT ?this WHERE {{ {targets} ?this {path} ?x_ }} "
            f"GROUP BY ?this HAVING (COUNT(DISTINCT ?x_) > {int(max_count)})",
            "MaxCountConstraintComponent", False)
    has_value = g.value(prop, SH.hasValue)
    if has_value is not None:
        add(f"SELECT ?this WHERE {{ {targets} FILTER NOT EXISTS {{ ?this {path} {_n3(has_value)} }} }}",
            "HasValueConstraintComponent", False)
    single = {
        SH["class"]: "ClassConstraintComponent", SH.datatype: "DatatypeConstraintComponent",
        SH["in"]: "InConstraintComponent", SH.pattern: "PatternConstraintComponent",
        SH.nodeKind: "NodeKindConstraintComponent", SH["or"]: "OrConstraintComponent",
        SH.node: "NodeConstraintComponent",
    }
    for predicate, constraint in single.items():
        if g.value(prop, predicate) is None:
            continue
        condition = " && ".join(c._value_conditions(prop, "?value", only=predicate))
        add(f"SELECT DISTINCT ?this ?value WHERE {{ {targets} ?this {path} ?value FILTER (!({condition})) }}",
            constraint)
    other = g.value(prop, SH.lessThanOrEquals)
    if other is not None:
        add(f"SELECT DISTINCT ?this ?value WHERE {{ {targets} ?this {path} ?value . ?this <{other}> ?o_ "
            f"FILTER (!(?value <= ?o_)) }}", "LessThanOrEqualsConstraintComponent")
    qualified = g.value(prop, SH.qualifiedValueShape)
    if qualified is not None:
        minimum = int(g.value(prop, SH.qualifiedMinCount) or 0)
        condition = c.conforms(qualified, "?q_")
        add(f"SELECT ?this WHERE {{ {targets} OPTIONAL {{ ?this {path} ?q_ FILTER ({condition}) }} }} "
            f"GROUP BY ?this HAVING (COUNT(DISTINCT ?q_) < {minimum})",
            "QualifiedMinCountConstraintComponent", False)
    return out


def run_checks(store, checks: list[Check]):
    """Run compiled checks on a pyoxigraph store; return pesco_graph ValidationResults."""
    from .validate import ValidationResult, _short

    results = []
    for check in checks:
        for solution in store.query(check.sparql):
            focus = _from_ox(solution["this"])
            value = _from_ox(solution["value"]) if check.has_value else None
            path = check.path
            if path == "sparql":
                path_value = solution["path"]  # None when unbound or not projected
                path = _short(_from_ox(path_value)) if path_value is not None else None
            message = check.message
            if value is not None:
                message = message.replace("{?value}", str(value)).replace("{$value}", str(value))
            message = message.replace("{$this}", str(focus)).replace("{?this}", str(focus))
            results.append(ValidationResult(
                severity=check.severity,
                focus_node=_short(focus) or "",
                path=path,
                value=_short(value) if value is not None else None,
                message=message or check.constraint,
                shape=_short(check.shape) if isinstance(check.shape, URIRef) else None,
                constraint=check.constraint,
            ))
    return results


def _from_ox(term):
    from .backends.rdflib import to_rdflib

    return to_rdflib(term)

