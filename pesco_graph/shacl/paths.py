"""SHACL property paths written in SPARQL property-path syntax (full IRIs), as the compiled
queries use them and as the JSON report shows them."""

from __future__ import annotations

from collections.abc import Callable

from rdflib import BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF, SH
from rdflib.term import Node

from .errors import UnsupportedShape
from .terms import iri

__all__ = ["sparql_path", "path_text"]

_UNARY = {SH.zeroOrMorePath: "*", SH.oneOrMorePath: "+", SH.zeroOrOnePath: "?"}


def _items(g: Graph, node: Node, shape: Node | None) -> list[Node]:
    if node == RDF.nil or (node, RDF.first, None) not in g:
        raise UnsupportedShape(f"path {node.n3()} is not a SHACL path", shape)
    items = list(Collection(g, node))
    return items


def _walk(g: Graph, node: Node, shape: Node | None, name: Callable[[URIRef], str], depth: int = 0) -> str:
    if depth > 50:
        raise UnsupportedShape("a path nested more than 50 deep", shape)
    if isinstance(node, URIRef):
        return name(node)
    if not isinstance(node, BNode):
        raise UnsupportedShape(f"path {node.n3()} is not a SHACL path", shape)
    described = {p for p in g.predicates(node) if p not in (RDF.first, RDF.rest)}
    if (node, RDF.first, None) in g:
        if described:
            raise UnsupportedShape("a path list with other properties", shape)
        items = _items(g, node, shape)
        if len(items) < 2:
            raise UnsupportedShape("a sequence path of fewer than two members", shape)
        return "(" + "/".join(_walk(g, i, shape, name, depth + 1) for i in items) + ")"
    if len(described) != 1:
        raise UnsupportedShape(f"a path node with properties {sorted(map(str, described))}", shape)
    (kind,) = described
    values = list(g.objects(node, kind))
    if len(values) != 1:
        raise UnsupportedShape(f"a path node with several values of {kind.n3()}", shape)
    inner = values[0]
    if kind == SH.inversePath:
        return "^" + _walk(g, inner, shape, name, depth + 1)
    if kind == SH.alternativePath:
        items = _items(g, inner, shape)
        if len(items) < 2:
            raise UnsupportedShape("an alternative path of fewer than two members", shape)
        return "(" + "|".join(_walk(g, i, shape, name, depth + 1) for i in items) + ")"
    if kind in _UNARY:
        return "(" + _walk(g, inner, shape, name, depth + 1) + ")" + _UNARY[kind]  # type: ignore[index]
    raise UnsupportedShape(f"path construct {kind.n3()}", shape)


def sparql_path(g: Graph, node: Node, shape: Node | None) -> str:
    """The path as a SPARQL property path with full IRIs, e.g. ``^<http://ex/p>``."""
    return _walk(g, node, shape, lambda u: iri(u, shape, "a path member"))


def path_text(g: Graph, node: Node, shape: Node | None, short: Callable[[URIRef], str]) -> str:
    """The path with short names (``^org:member``, ``org:organization/pesco:wave``): text output."""
    text = _walk(g, node, shape, short)
    if text.startswith("(") and text.endswith(")") and "/" in text and text.count("(") == 1:
        text = text[1:-1]  # a plain sequence reads better without brackets
    return text
