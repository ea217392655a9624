"""SHACL shapes compiled to SPARQL: one SELECT per constraint, returning the focus nodes (and
values) that violate it.

Targets: ``sh:targetClass``, ``sh:targetNode``, ``sh:targetSubjectsOf``, ``sh:targetObjectsOf``
and implicit class targets (a shape that is also an ``rdfs:Class`` or ``owl:Class``), on node
and property shapes. Every SHACL core constraint component is compiled (see
:mod:`pesco_graph.shacl.expr`), plus SPARQL-based constraints (``sh:sparql`` with
``sh:select``) on node shapes. Anything else in the ``sh:`` namespace is refused with
:class:`UnsupportedShape`, naming the construct and the shape; properties of other vocabularies
(``rdfs:label``, ``rdfs:seeAlso``, ...) are annotations and ignored.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass

from rdflib import BNode, Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SH
from rdflib.term import Node

from .errors import UnsupportedShape
from .expr import Expressions, is_true, ok
from .terms import iri, sparql_term

__all__ = ["Check", "compile_shapes", "owner_of", "shape_label"]

Focus = Callable[[str], str]  # a graph pattern binding the given variable to each focus node


@dataclass(frozen=True)
class Check:
    """One compiled constraint: a SELECT returning ``?this`` and, as the shape says, ``?value``
    and ``?path``."""

    sparql: str
    shape: Node  # sh:sourceShape
    owner: Node | None  # the named shape that text output shows (a blank shape's holder)
    path: str | None  # SPARQL property path, full IRIs
    path_text: str | None  # the same with short names
    severity: Node
    message: str
    component: URIRef
    has_value: bool
    path_from_query: bool = False
    shape_term: str = ""  # the shape in N-Triples (a stable label for a blank shape)

    @property
    def constraint(self) -> str:
        """The constraint component's local name, e.g. ``MinCountConstraintComponent``."""
        return str(self.component).rsplit("#", 1)[-1]


def owner_of(g: Graph, shape: Node) -> Node | None:
    """The shape itself when named; for a blank shape, the named shape holding it."""
    if isinstance(shape, URIRef):
        return shape
    for p in (SH.property, SH.node):
        holder = g.value(None, p, shape)
        if isinstance(holder, URIRef):
            return holder
    return None


def shape_label(g: Graph, shape: Node) -> str:
    """The shape as an N-Triples term; a blank shape gets a label derived from its content,
    so that output is the same from run to run."""
    if not isinstance(shape, BNode):
        return shape.n3()
    lines = sorted(f"{p.n3()} {o.n3() if not isinstance(o, BNode) else '[]'}"
                   for p, o in g.predicate_objects(shape))
    owner = owner_of(g, shape)
    lines.append(owner.n3() if owner is not None else "")
    return "_:s" + hashlib.sha1("\n".join(lines).encode()).hexdigest()[:12]


def _message(g: Graph, shape: Node) -> str:
    messages = sorted(g.objects(shape, SH.message), key=lambda m: (getattr(m, "language", None) not in
                                                                   (None, "en"), str(m)))
    return str(messages[0]) if messages else ""


class _ShapeCompiler:
    def __init__(self, g: Graph, short: Callable[[URIRef], str]) -> None:
        self.g = g
        self.e = Expressions(g)
        self.short = short
        self.checks: list[Check] = []

    # --- targets ------------------------------------------------------------------------
    def targets(self, shape: Node) -> Focus | None:
        g, e = self.g, self.e
        classes = list(g.objects(shape, SH.targetClass))
        types = set(g.objects(shape, RDF.type))
        if types & {RDFS.Class, OWL.Class} and types & {SH.NodeShape, SH.PropertyShape}:
            classes.append(shape)
        nodes = list(g.objects(shape, SH.targetNode))
        subjects_of = list(g.objects(shape, SH.targetSubjectsOf))
        objects_of = list(g.objects(shape, SH.targetObjectsOf))
        if not (classes or nodes or subjects_of or objects_of):
            return None
        class_iris = [iri(c, shape, "sh:targetClass") for c in classes]
        node_terms = [sparql_term(n, shape, "sh:targetNode") for n in nodes]
        subject_iris = [iri(p, shape, "sh:targetSubjectsOf") for p in subjects_of]
        object_iris = [iri(p, shape, "sh:targetObjectsOf") for p in objects_of]

        def focus(v: str) -> str:
            parts = []
            for c in class_iris:
                cv = e.var("c")
                parts.append(f"{cv} <{RDFS.subClassOf}>* {c} . {v} <{RDF.type}> {cv} .")
            if node_terms:
                parts.append(f"VALUES {v} {{ {' '.join(node_terms)} }}")
            parts += [f"{v} {p} {e.var('t')} ." for p in subject_iris]
            parts += [f"{e.var('t')} {p} {v} ." for p in object_iris]
            return "{ " + " } UNION { ".join(parts) + " }"

        return focus

    # --- one shape, with its focus nodes ----------------------------------------------------
    def shape(self, shape: Node, focus: Focus, holder: Node | None = None) -> None:
        g, e = self.g, self.e
        if e.deactivated(shape):
            return
        e.check_predicates(shape)
        path_node = e.one(shape, SH.path)
        path = e.path(shape)
        owner = owner_of(g, shape) or holder
        text = None
        if path_node is not None:
            from .paths import path_text

            text = path_text(g, path_node, shape, self.short)
        severity = e.one(shape, SH.severity) or SH.Violation
        message = _message(g, shape)
        label = shape_label(g, shape)

        def add(query: str, component: str, has_value: bool = True, path_from_query: bool = False) -> None:
            self.checks.append(Check(query, shape, owner, path, text, severity, message,
                                     SH[component], has_value, path_from_query, label))

        this = "?this"
        where = focus(this)
        if path is None:
            for param, condition in e.value_conditions(shape, this):
                add(f"SELECT DISTINCT ?this (?this AS ?value) WHERE {{ {where} FILTER (!{ok(condition)}) }}",
                    _component(param))
            for hv in g.objects(shape, SH.hasValue):
                add(f"SELECT DISTINCT ?this WHERE {{ {where} FILTER (!sameTerm(?this, "
                    f"{sparql_term(hv, shape, 'sh:hasValue')})) }}", "HasValueConstraintComponent", False)
            for other in g.objects(shape, SH.equals):
                p = iri(other, shape, "sh:equals")
                add(f"SELECT DISTINCT ?this ?value WHERE {{ {{ {where} ?this {p} ?value "
                    f"FILTER (!sameTerm(?this, ?value)) }} UNION {{ {where} "
                    f"FILTER NOT EXISTS {{ ?this {p} ?this }} BIND (?this AS ?value) }} }}",
                    "EqualsConstraintComponent")
            for other in g.objects(shape, SH.disjoint):
                add(f"SELECT DISTINCT ?this (?this AS ?value) WHERE {{ {where} ?this "
                    f"{iri(other, shape, 'sh:disjoint')} ?this }}", "DisjointConstraintComponent")
            if is_true(e.one(shape, SH.closed)):
                add(f"SELECT DISTINCT ?this ?path ?value WHERE {{ {where} "
                    f"{e.closed_pattern(shape, '?this', '?path', '?value')} }}", "ClosedConstraintComponent",
                    path_from_query=True)
            for constraint in g.objects(shape, SH.sparql):
                self.sparql(shape, owner, constraint, where, severity)
            e.refuse_node_level(shape)
            for prop in sorted(g.objects(shape, SH.property), key=lambda n: n.n3()):
                self.shape(prop, focus, owner)
            return
        values = f"{where} ?this {path} ?value ."
        for param, condition in e.value_conditions(shape, "?value"):
            add(f"SELECT DISTINCT ?this ?value WHERE {{ {values} FILTER (!{ok(condition)}) }}",
                _component(param))
        self.counts(shape, where, path, add)
        for hv in g.objects(shape, SH.hasValue):
            add(f"SELECT DISTINCT ?this WHERE {{ {where} FILTER NOT EXISTS {{ ?this {path} "
                f"{sparql_term(hv, shape, 'sh:hasValue')} }} }}", "HasValueConstraintComponent", False)
        for other in g.objects(shape, SH.equals):
            p = iri(other, shape, "sh:equals")
            add(f"SELECT DISTINCT ?this ?value WHERE {{ {where} {{ ?this {path} ?value FILTER NOT EXISTS "
                f"{{ ?this {p} ?value }} }} UNION {{ ?this {p} ?value "
                f"FILTER NOT EXISTS {{ ?this {path} ?value }} }} }}",
                "EqualsConstraintComponent")
        for other in g.objects(shape, SH.disjoint):
            add(f"SELECT DISTINCT ?this ?value WHERE {{ {values} "
                f"?this {iri(other, shape, 'sh:disjoint')} ?value }}",
                "DisjointConstraintComponent")
        for param, op, component in ((SH.lessThan, "<", "LessThanConstraintComponent"),
                                     (SH.lessThanOrEquals, "<=", "LessThanOrEqualsConstraintComponent")):
            for other in g.objects(shape, param):
                add(f"SELECT DISTINCT ?this ?value WHERE {{ {values} "
                    f"?this {iri(other, shape, 'sh:lessThan')} "
                    f"?o_ FILTER (!{ok('?value ' + op + ' ?o_')}) }}", component)
        if is_true(e.one(shape, SH.uniqueLang)):
            add(f"SELECT DISTINCT ?this ?lang_ WHERE {{ {values} ?this {path} ?other_ "
                "FILTER (!sameTerm(?value, ?other_) && lang(?value) != \"\" && lang(?value) = lang(?other_)) "
                "BIND (lang(?value) AS ?lang_) }",
                "UniqueLangConstraintComponent", False)
        if e.one(shape, SH.closed) is not None:
            raise UnsupportedShape("sh:closed on a property shape", shape)
        if g.value(shape, SH.sparql) is not None:
            raise UnsupportedShape("sh:sparql on a property shape", shape)
        nested = list(g.objects(shape, SH.property))
        if nested:
            def inner(v: str) -> str:
                parent = e.var("f")
                return f"{{ {focus(parent)} {parent} {path} {v} . }}"

            for prop in sorted(nested, key=lambda n: n.n3()):
                self.shape(prop, inner, owner)

    def counts(self, shape: Node, where: str, path: str, add: Callable[..., None]) -> None:
        """sh:minCount, sh:maxCount and the qualified counts: joins for the common cases,
        GROUP BY for the others."""
        e = self.e
        minimum, maximum = e.integer(shape, SH.minCount), e.integer(shape, SH.maxCount)
        if minimum == 1:
            add(f"SELECT DISTINCT ?this WHERE {{ {where} FILTER NOT EXISTS {{ ?this {path} ?x_ }} }}",
                "MinCountConstraintComponent", False)
        elif minimum:
            add(f"SELECT ?this WHERE {{ {where} OPTIONAL {{ ?this {path} ?x_ }} }} GROUP BY ?this "
                f"HAVING (COUNT(DISTINCT ?x_) < {minimum})", "MinCountConstraintComponent", False)
        if maximum == 0:
            add(f"SELECT DISTINCT ?this WHERE {{ {where} ?this {path} ?x_ }}",
                "MaxCountConstraintComponent", False)
        elif maximum == 1:
            add(f"SELECT DISTINCT ?this WHERE {{ {where} ?this {path} ?x_ . ?this {path} ?y_ "
                "FILTER (!sameTerm(?x_, ?y_)) }", "MaxCountConstraintComponent", False)
        elif maximum is not None:
            add(f"SELECT ?this WHERE {{ {where} ?this {path} ?x_ }} GROUP BY ?this "
                f"HAVING (COUNT(DISTINCT ?x_) > {maximum})", "MaxCountConstraintComponent", False)
        if e.one(shape, SH.qualifiedValueShape) is None:
            for p in (SH.qualifiedMinCount, SH.qualifiedMaxCount, SH.qualifiedValueShapesDisjoint):
                if self.g.value(shape, p) is not None:
                    raise UnsupportedShape(f"{p.n3(self.g.namespace_manager)} without sh:qualifiedValueShape",
                                           shape)
            return
        condition = ok(e.qualified_condition(shape, "?q_"))
        q_min, q_max = e.integer(shape, SH.qualifiedMinCount), e.integer(shape, SH.qualifiedMaxCount)
        if q_min:
            add(f"SELECT ?this WHERE {{ {where} OPTIONAL {{ ?this {path} ?q_ FILTER ({condition}) }} }} "
                f"GROUP BY ?this HAVING (COUNT(DISTINCT ?q_) < {q_min})",
                "QualifiedMinCountConstraintComponent", False)
        if q_max is not None:
            add(f"SELECT ?this WHERE {{ {where} ?this {path} ?q_ FILTER ({condition}) }} "
                f"GROUP BY ?this HAVING (COUNT(DISTINCT ?q_) > {q_max})",
                "QualifiedMaxCountConstraintComponent", False)

    def sparql(self, shape: Node, owner: Node | None, constraint: Node, where: str, severity: Node) -> None:
        g = self.g
        unknown = {p for p in g.predicates(constraint) if str(p).startswith(str(SH))} - {
            SH.select, SH.prefixes, SH.message, SH.deactivated}
        if unknown:
            names = sorted(u.n3(g.namespace_manager) for u in unknown)
            raise UnsupportedShape(f"sh:sparql with {names}", shape)
        if any(is_true(d) for d in g.objects(constraint, SH.deactivated)):
            return
        select = str(g.value(constraint, SH.select) or "")
        for variable in ("$PATH", "$currentShape", "$shapesGraph", "$value"):
            if variable in select:
                raise UnsupportedShape(f"{variable} in sh:sparql", shape)
        prefixes = ""
        for declared in g.objects(constraint, SH.prefixes):
            for decl in sorted(g.objects(declared, SH.declare), key=str):
                prefixes += f"PREFIX {g.value(decl, SH.prefix)}: <{g.value(decl, SH.namespace)}>\n"
        body = select.replace("$this", "?this")
        match = re.search(r"\bWHERE\s*\{", body, re.I)
        if match is None:
            raise UnsupportedShape("sh:sparql without WHERE", shape)
        body = body[: match.end()] + f" {where} " + body[match.end():]
        message = str(g.value(constraint, SH.message) or g.value(shape, SH.message) or "")
        self.checks.append(Check(prefixes + body, shape, owner, None, None, severity, message,
                                 SH.SPARQLConstraintComponent, True, True, shape_label(g, shape)))


def _component(param: URIRef) -> str:
    from .expr import VALUE_CONSTRAINTS

    return VALUE_CONSTRAINTS[param]


def compile_shapes(shapes: Graph, short: Callable[[URIRef], str] | None = None) -> list[Check]:
    """Compile a shapes graph into checks (one SPARQL query per constraint).

    Raises :class:`UnsupportedShape` for a construct the engine does not implement.
    """
    compiler = _ShapeCompiler(shapes, short or (lambda u: u.n3()))
    candidates = {s for p in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)
                  for s in shapes.subjects(p, None)}
    for kind in (SH.NodeShape, SH.PropertyShape):
        candidates.update(s for s in shapes.subjects(RDF.type, kind)
                          if {RDFS.Class, OWL.Class} & set(shapes.objects(s, RDF.type)))
    for p in (SH.target,):
        if (None, p, None) in shapes:
            raise UnsupportedShape("sh:target (SPARQL-based targets)", next(shapes.subjects(p, None)))
    for shape in sorted(candidates, key=lambda n: (isinstance(n, BNode), n.n3())):
        focus = compiler.targets(shape)
        if focus is not None:
            compiler.shape(shape, focus)
    return compiler.checks
