"""RDF terms in compiled SHACL queries: how a shape's terms are written into SPARQL, and the
SPARQL conditions for node kinds and for the well-formedness of a literal under ``sh:datatype``.

Every condition is written so that an evaluation error means "does not conform": the
compiler wraps each one in ``COALESCE(..., false)``.
"""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, SH, XSD
from rdflib.term import Node

from .errors import UnsupportedShape

__all__ = ["sparql_term", "node_kind_condition", "datatype_condition", "iri"]

_BAD_IRI_CHARS = set('<>"{}|^`\\ \n\r\t')


def iri(node: Node, shape: Node | None, what: str) -> str:
    """``<iri>`` for a shape parameter that must be an IRI."""
    if not isinstance(node, URIRef) or _BAD_IRI_CHARS & set(str(node)):
        raise UnsupportedShape(f"{what} must be an IRI, not {node.n3()}", shape)
    return f"<{node}>"


def sparql_term(node: Node, shape: Node, what: str) -> str:
    """A shape's IRI or literal written as a SPARQL term (blank nodes are refused)."""
    if isinstance(node, URIRef):
        return iri(node, shape, what)
    if isinstance(node, Literal):
        return node.n3()
    raise UnsupportedShape(f"{what} with a blank node value", shape)


_KINDS: dict[URIRef, str] = {
    SH.IRI: "isIRI({v})",
    SH.Literal: "isLiteral({v})",
    SH.BlankNode: "isBlank({v})",
    SH.BlankNodeOrIRI: "(isBlank({v}) || isIRI({v}))",
    SH.BlankNodeOrLiteral: "(isBlank({v}) || isLiteral({v}))",
    SH.IRIOrLiteral: "(isIRI({v}) || isLiteral({v}))",
}


def node_kind_condition(kind: Node, v: str, shape: Node) -> str:
    template = _KINDS.get(kind) if isinstance(kind, URIRef) else None
    if template is None:
        raise UnsupportedShape(f"sh:nodeKind {kind.n3()} is not a SHACL node kind", shape)
    return template.format(v=v)


# Datatypes Oxigraph casts to: a lexical form is well formed when the cast of its string succeeds.
_CASTS = {XSD[t] for t in (
    "integer", "decimal", "float", "double", "boolean", "dateTime", "date", "time", "duration",
    "yearMonthDuration", "dayTimeDuration", "gYear", "gYearMonth", "gMonth", "gMonthDay", "gDay",
)}
# Integer types derived by restriction: an xsd:integer lexical form within bounds.
_BOUNDS: dict[URIRef, tuple[int | None, int | None]] = {
    XSD.long: (-2**63, 2**63 - 1), XSD.int: (-2**31, 2**31 - 1), XSD.short: (-2**15, 2**15 - 1),
    XSD.byte: (-128, 127), XSD.nonNegativeInteger: (0, None), XSD.positiveInteger: (1, None),
    XSD.nonPositiveInteger: (None, 0), XSD.negativeInteger: (None, -1),
    XSD.unsignedLong: (0, 2**64 - 1), XSD.unsignedInt: (0, 2**32 - 1),
    XSD.unsignedShort: (0, 2**16 - 1), XSD.unsignedByte: (0, 255),
}
# String-like types, checked with a pattern over the lexical form.
_PATTERNS = {
    XSD.string: None, XSD.normalizedString: "^[^\\r\\n\\t]*$", XSD.anyURI: None,
    XSD.token: "^([^\\s]+( [^\\s]+)*)?$", XSD.language: "^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$",
}


def datatype_condition(datatype: Node, v: str, shape: Node) -> str:
    """True when ``v`` is a literal of ``datatype`` whose lexical form is well formed."""
    if datatype == RDF.langString:
        return f"(isLiteral({v}) && lang({v}) != \"\")"
    dt = iri(datatype, shape, "sh:datatype")
    base = f"isLiteral({v}) && sameTerm(datatype({v}), {dt}) && lang({v}) = \"\""
    assert isinstance(datatype, URIRef)
    if datatype in _CASTS:
        return f"({base} && isLiteral({dt}(str({v}))))"
    if datatype in _BOUNDS:
        low, high = _BOUNDS[datatype]
        tests = [f"isLiteral(<{XSD.integer}>(str({v})))", f"regex(str({v}), \"^\\\\s*[+-]?[0-9]+\\\\s*$\")"]
        if low is not None:
            tests.append(f"<{XSD.integer}>(str({v})) >= {low}")
        if high is not None:
            tests.append(f"<{XSD.integer}>(str({v})) <= {high}")
        return f"({base} && {' && '.join(tests)})"
    if datatype in _PATTERNS:
        pattern = _PATTERNS[datatype]
        return f"({base})" if pattern is None else f"({base} && regex(str({v}), {Literal(pattern).n3()}))"
    if str(datatype).startswith(str(XSD)):
        raise UnsupportedShape(f"sh:datatype {datatype.n3()} (checking the lexical forms of this XSD "
                               "datatype)", shape)
    return f"({base})"  # a datatype of its own: any lexical form
