"""Conformance of a node to a shape, as a SPARQL boolean expression.

:class:`Expressions` turns each SHACL core constraint into a condition on one value node
(``value_condition``) and a whole shape into a condition on a focus node (``conforms``);
``sh:node``, ``sh:not``, ``sh:and``, ``sh:or``, ``sh:xone`` and qualified value shapes use
the latter. Every condition is wrapped in ``COALESCE(..., false)``, so a comparison that
cannot be evaluated (incomparable values, a blank node under ``sh:pattern``) counts as a
failure, never as a silent pass.
"""

from __future__ import annotations

from collections.abc import Iterator

from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH, XSD
from rdflib.term import Node

from .errors import UnsupportedShape
from .paths import sparql_path
from .terms import datatype_condition, iri, node_kind_condition, sparql_term

__all__ = ["Expressions", "HANDLED", "VALUE_CONSTRAINTS", "ok", "is_true"]

_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_SUBCLASS = "<http://www.w3.org/2000/01/rdf-schema#subClassOf>"

# constraints on each value node, by parameter: the constraint component they report
VALUE_CONSTRAINTS: dict[URIRef, str] = {
    SH["class"]: "ClassConstraintComponent", SH.datatype: "DatatypeConstraintComponent",
    SH.nodeKind: "NodeKindConstraintComponent", SH.minExclusive: "MinExclusiveConstraintComponent",
    SH.minInclusive: "MinInclusiveConstraintComponent", SH.maxExclusive: "MaxExclusiveConstraintComponent",
    SH.maxInclusive: "MaxInclusiveConstraintComponent", SH.minLength: "MinLengthConstraintComponent",
    SH.maxLength: "MaxLengthConstraintComponent", SH.pattern: "PatternConstraintComponent",
    SH.languageIn: "LanguageInConstraintComponent", SH["in"]: "InConstraintComponent",
    SH.node: "NodeConstraintComponent", SH["not"]: "NotConstraintComponent",
    SH["and"]: "AndConstraintComponent", SH["or"]: "OrConstraintComponent",
    SH.xone: "XoneConstraintComponent",
}
# every sh: property a shape may carry; any other one is refused
HANDLED = set(VALUE_CONSTRAINTS) | {
    SH.path, SH.targetClass, SH.targetNode, SH.targetObjectsOf, SH.targetSubjectsOf, SH.deactivated,
    SH.severity, SH.message, SH.name, SH.description, SH.order, SH.group, SH.defaultValue,
    SH.property, SH.minCount, SH.maxCount, SH.flags, SH.uniqueLang, SH.equals, SH.disjoint,
    SH.lessThan, SH.lessThanOrEquals, SH.hasValue, SH.closed, SH.ignoredProperties,
    SH.qualifiedValueShape, SH.qualifiedMinCount, SH.qualifiedMaxCount,
    SH.qualifiedValueShapesDisjoint, SH.sparql,
}
_MAX_DISTINCT = 5  # counts in nested shapes compile to that many distinct-value patterns


def is_true(node: Node | None) -> bool:
    """The literal ``true`` (``"1"^^xsd:boolean`` is another term, and does not activate
    ``sh:uniqueLang`` or ``sh:closed``)."""
    return isinstance(node, Literal) and node.datatype == XSD.boolean and str(node) == "true"


def ok(condition: str) -> str:
    """A condition whose evaluation error means "does not conform"."""
    return f"COALESCE({condition}, false)"


def _compare(op: str, v: str, bound: str) -> str:
    return f"(isLiteral({v}) && {v} {op} {bound})"


class Expressions:
    """SPARQL conditions for the shapes of one shapes graph."""

    def __init__(self, g: Graph) -> None:
        self.g = g
        self.counter = 0
        self.stack: list[Node] = []

    def var(self, stem: str = "v") -> str:
        self.counter += 1
        return f"?{stem}{self.counter}"

    # --- reading the shapes graph -------------------------------------------------------
    def check_predicates(self, shape: Node) -> None:
        for p in sorted(set(self.g.predicates(shape)), key=str):
            if str(p).startswith(str(SH)) and p not in HANDLED:
                raise UnsupportedShape(f"constraint {p.n3(self.g.namespace_manager)}", shape)

    def one(self, shape: Node, p: URIRef) -> Node | None:
        values = list(self.g.objects(shape, p))
        if len(values) > 1:
            raise UnsupportedShape(f"several values of {p.n3(self.g.namespace_manager)}", shape)
        return values[0] if values else None

    def integer(self, shape: Node, p: URIRef) -> int | None:
        value = self.one(shape, p)
        if value is None:
            return None
        if not isinstance(value, Literal) or not isinstance(value.toPython(), int) or int(value) < 0:
            raise UnsupportedShape(f"{p.n3(self.g.namespace_manager)} {value.n3()} (not a "
                                   "non-negative integer)", shape)
        return int(value)

    def deactivated(self, shape: Node) -> bool:
        return any(is_true(d) for d in self.g.objects(shape, SH.deactivated))

    def members(self, shape: Node, list_node: Node, what: str) -> list[Node]:
        if list_node != RDF.nil and (list_node, RDF.first, None) not in self.g:
            raise UnsupportedShape(f"{what} whose value is not a list", shape)
        return list(Collection(self.g, list_node))

    def path(self, shape: Node) -> str | None:
        node = self.one(shape, SH.path)
        return None if node is None else sparql_path(self.g, node, shape)

    # --- one value node -------------------------------------------------------------------
    def value_conditions(self, shape: Node, v: str) -> Iterator[tuple[URIRef, str]]:
        """(parameter, condition) for each constraint on a value node of ``shape``."""
        g = self.g
        for param in VALUE_CONSTRAINTS:
            for value in sorted(g.objects(shape, param), key=lambda n: n.n3()):
                yield param, self.value_condition(shape, param, value, v)

    def value_condition(self, shape: Node, param: URIRef, value: Node, v: str) -> str:
        if param == SH["class"]:
            c = self.var("c")
            return f"EXISTS {{ {c} {_SUBCLASS}* {iri(value, shape, 'sh:class')} . {v} {_TYPE} {c} }}"
        if param == SH.datatype:
            return datatype_condition(value, v, shape)
        if param == SH.nodeKind:
            return node_kind_condition(value, v, shape)
        if param in (SH.minExclusive, SH.minInclusive, SH.maxExclusive, SH.maxInclusive):
            if not isinstance(value, Literal):
                raise UnsupportedShape(f"{param.n3(self.g.namespace_manager)} with a non-literal", shape)
            op = {SH.minExclusive: ">", SH.minInclusive: ">=", SH.maxExclusive: "<",
                  SH.maxInclusive: "<="}[param]
            return _compare(op, v, value.n3())
        if param in (SH.minLength, SH.maxLength):
            n = self.integer(shape, param)
            op = ">=" if param == SH.minLength else "<="
            return f"(!isBlank({v}) && strlen(str({v})) {op} {n})"
        if param == SH.pattern:
            flags = self.one(shape, SH.flags)
            extra = f", {Literal(str(flags)).n3()}" if flags is not None else ""
            if flags is not None and set(str(flags)) - set("smixq"):
                raise UnsupportedShape(f"sh:flags {flags.n3()}", shape)
            return f"(!isBlank({v}) && regex(str({v}), {Literal(str(value)).n3()}{extra}))"
        if param == SH.languageIn:
            tags = self.members(shape, value, "sh:languageIn")
            tests = [f"langMatches(lang({v}), {Literal(str(t)).n3()})" for t in tags]
            return f"(isLiteral({v}) && lang({v}) != \"\" && ({' || '.join(tests or ['false'])}))"
        if param == SH["in"]:
            allowed = self.members(shape, value, "sh:in")
            tests = [f"sameTerm({v}, {sparql_term(a, shape, 'sh:in')})" for a in allowed]
            return "(" + " || ".join(tests or ["false"]) + ")"
        if param == SH.node:
            return self.conforms(value, v)
        if param == SH["not"]:
            return f"!{self.conforms(value, v)}"
        shapes = self.members(shape, value, param.n3(self.g.namespace_manager))
        parts = [self.conforms(s, v) for s in shapes]
        if param == SH["and"]:
            return "(" + " && ".join(parts or ["true"]) + ")"
        if param == SH["or"]:
            return "(" + " || ".join(parts or ["false"]) + ")"
        return "(" + " + ".join(f"IF({p}, 1, 0)" for p in parts or ["false"]) + " = 1)"  # xone

    # --- a whole shape, on one focus node -------------------------------------------------
    def conforms(self, shape: Node, focus: str) -> str:
        """A condition true when ``focus`` (a variable) conforms to ``shape``."""
        if isinstance(shape, Literal):
            raise UnsupportedShape(f"a literal {shape.n3()} used as a shape", None)
        if self.deactivated(shape):
            return "true"
        if shape in self.stack:
            raise UnsupportedShape("a recursive shape", shape)
        self.stack.append(shape)
        try:
            return ok("(" + " && ".join(self._shape_parts(shape, focus) or ["true"]) + ")")
        finally:
            self.stack.pop()

    def _shape_parts(self, shape: Node, f: str) -> list[str]:
        g = self.g
        self.check_predicates(shape)
        if g.value(shape, SH.sparql) is not None:
            raise UnsupportedShape("sh:sparql in a shape used by sh:node, sh:not, sh:and, sh:or, "
                                   "sh:xone or sh:qualifiedValueShape", shape)
        path = self.path(shape)
        parts: list[str] = []
        if path is None:
            for _param, condition in self.value_conditions(shape, f):
                parts.append(ok(condition))
            for hv in g.objects(shape, SH.hasValue):
                parts.append(f"sameTerm({f}, {sparql_term(hv, shape, 'sh:hasValue')})")
            for prop in g.objects(shape, SH.property):
                parts.append(self.conforms(prop, f))
            for other in g.objects(shape, SH.equals):
                x = self.var()
                parts.append(f"(EXISTS {{ {f} {iri(other, shape, 'sh:equals')} {f} }} && NOT EXISTS "
                             f"{{ {f} <{other}> {x} FILTER (!sameTerm({x}, {f})) }})")
            for other in g.objects(shape, SH.disjoint):
                parts.append(f"NOT EXISTS {{ {f} {iri(other, shape, 'sh:disjoint')} {f} }}")
            if is_true(self.one(shape, SH.closed)):
                parts.append(f"NOT EXISTS {{ {self.closed_pattern(shape, f, self.var(), self.var())} }}")
            self.refuse_node_level(shape)
            return parts
        x = self.var()
        for _param, condition in self.value_conditions(shape, x):
            parts.append(f"NOT EXISTS {{ {f} {path} {x} FILTER (!{ok(condition)}) }}")
        for prop in g.objects(shape, SH.property):
            parts.append(f"NOT EXISTS {{ {f} {path} {x} FILTER (!{self.conforms(prop, x)}) }}")
        minimum, maximum = self.integer(shape, SH.minCount), self.integer(shape, SH.maxCount)
        if minimum:
            parts.append(f"EXISTS {{ {self.distinct(shape, f, path, minimum, None)} }}")
        if maximum is not None:
            parts.append(f"NOT EXISTS {{ {self.distinct(shape, f, path, maximum + 1, None)} }}")
        for hv in g.objects(shape, SH.hasValue):
            parts.append(f"EXISTS {{ {f} {path} {sparql_term(hv, shape, 'sh:hasValue')} }}")
        for other in g.objects(shape, SH.equals):
            p = iri(other, shape, "sh:equals")
            parts.append(f"NOT EXISTS {{ {f} {path} {x} FILTER NOT EXISTS {{ {f} {p} {x} }} }} && "
                         f"NOT EXISTS {{ {f} {p} {x} FILTER NOT EXISTS {{ {f} {path} {x} }} }}")
        for other in g.objects(shape, SH.disjoint):
            parts.append(f"NOT EXISTS {{ {f} {path} {x} . {f} {iri(other, shape, 'sh:disjoint')} {x} }}")
        for param, op in ((SH.lessThan, "<"), (SH.lessThanOrEquals, "<=")):
            for other in g.objects(shape, param):
                y = self.var()
                parts.append(f"NOT EXISTS {{ {f} {path} {x} . {f} {iri(other, shape, 'sh:lessThan')} {y} "
                             f"FILTER (!{ok(f'{x} {op} {y}')}) }}")
        if is_true(self.one(shape, SH.uniqueLang)):
            y = self.var()
            parts.append(f"NOT EXISTS {{ {f} {path} {x} . {f} {path} {y} FILTER (!sameTerm({x}, {y}) "
                         f"&& lang({x}) != \"\" && lang({x}) = lang({y})) }}")
        if self.one(shape, SH.qualifiedValueShape) is not None:
            q_min = self.integer(shape, SH.qualifiedMinCount)
            q_max = self.integer(shape, SH.qualifiedMaxCount)
            if q_min:
                parts.append(f"EXISTS {{ {self.distinct(shape, f, path, q_min, shape)} }}")
            if q_max is not None:
                parts.append(f"NOT EXISTS {{ {self.distinct(shape, f, path, q_max + 1, shape)} }}")
        if self.one(shape, SH.closed) is not None:
            raise UnsupportedShape("sh:closed on a property shape", shape)
        return parts

    def refuse_node_level(self, shape: Node) -> None:
        for p in (SH.minCount, SH.maxCount, SH.lessThan, SH.lessThanOrEquals, SH.uniqueLang,
                  SH.qualifiedValueShape):
            if self.g.value(shape, p) is not None:
                raise UnsupportedShape(f"{p.n3(self.g.namespace_manager)} on a node shape", shape)

    def distinct(self, shape: Node, f: str, path: str, n: int, qualified: Node | None) -> str:
        """A pattern matching ``n`` distinct values (conforming to the qualified shape, if any)."""
        if n > _MAX_DISTINCT:
            raise UnsupportedShape(f"a count above {_MAX_DISTINCT - 1} in a nested shape", shape)
        xs = [self.var() for _ in range(n)]
        patterns = " . ".join(f"{f} {path} {x}" for x in xs)
        tests = [f"!sameTerm({a}, {b})" for i, a in enumerate(xs) for b in xs[i + 1:]]
        if qualified is not None:
            tests += [self.qualified_condition(qualified, x) for x in xs]
        return patterns + (f" FILTER ({' && '.join(tests)})" if tests else "")

    def qualified_condition(self, prop: Node, x: str) -> str:
        """The value conforms to the qualified shape of ``prop`` and, with
        ``sh:qualifiedValueShapesDisjoint``, to none of its siblings' qualified shapes."""
        g = self.g
        qualified = g.value(prop, SH.qualifiedValueShape)
        if qualified is None:
            raise UnsupportedShape("sh:qualifiedMinCount or sh:qualifiedMaxCount without a shape", prop)
        condition = self.conforms(qualified, x)
        if is_true(self.one(prop, SH.qualifiedValueShapesDisjoint)):
            siblings: set[Node] = set()
            for parent in g.subjects(SH.property, prop):
                for sibling in g.objects(parent, SH.property):
                    if sibling != prop:
                        siblings.update(g.objects(sibling, SH.qualifiedValueShape))
            for other in sorted(siblings, key=lambda n: n.n3()):
                condition += f" && !{self.conforms(other, x)}"
        return condition

    def closed_pattern(self, shape: Node, f: str, p: str, o: str) -> str:
        """``f p o`` for a property that ``sh:closed`` does not allow."""
        g = self.g
        ignored = g.value(shape, SH.ignoredProperties) or RDF.nil
        allowed = {URIRef(str(i)) for i in self.members(shape, ignored, "sh:ignoredProperties")}
        for prop in g.objects(shape, SH.property):
            path = g.value(prop, SH.path)
            if isinstance(path, URIRef):
                allowed.add(path)
        listed = ", ".join(iri(a, shape, "sh:ignoredProperties") for a in sorted(allowed))
        test = f" FILTER ({p} NOT IN ({listed}))" if listed else ""
        return f"{f} {p} {o}{test}"
