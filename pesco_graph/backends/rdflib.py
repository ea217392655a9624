"""The rdflib backend: for users who hand in their own :class:`rdflib.Graph`.

Queries run on rdflib's own SPARQL engine over the user's graph (no copy, so an edit of the
graph is seen by the next query); terms are converted to pyoxigraph's at the boundary.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, BinaryIO

import pyoxigraph as ox

from ..errors import InputError, QueryError
from .base import Solutions, Term

if TYPE_CHECKING:
    import rdflib

__all__ = ["RdflibBackend", "to_oxigraph", "to_rdflib"]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_FORMATS = {"turtle": "turtle", "ntriples": "nt"}


def to_oxigraph(term: Any) -> Term:
    """An rdflib term as a pyoxigraph term."""
    from rdflib import BNode, URIRef
    from rdflib import Literal as RLiteral

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, RLiteral):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None and str(term.datatype) != _XSD_STRING:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise QueryError(f"unsupported term {term!r}")


def to_rdflib(term: Term | ox.Triple) -> Any:
    """A pyoxigraph term as an rdflib term."""
    from rdflib import BNode, URIRef
    from rdflib import Literal as RLiteral

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Triple):
        raise QueryError("RDF-star triples are not supported")
    if term.language:
        return RLiteral(term.value, lang=term.language)
    if term.datatype.value == _XSD_STRING:
        return RLiteral(term.value)
    return RLiteral(term.value, datatype=URIRef(term.datatype.value))


def _is_subject(term: Any) -> bool:
    from rdflib import BNode, URIRef

    return isinstance(term, (URIRef, BNode))


def _is_predicate(term: Any) -> bool:
    from rdflib import URIRef

    return isinstance(term, URIRef)


def _triple(s: Any, p: Any, o: Any) -> ox.Triple:
    subject, predicate = to_oxigraph(s), to_oxigraph(p)
    if isinstance(subject, ox.Literal) or not isinstance(predicate, ox.NamedNode):
        raise QueryError(f"not an RDF triple: {s!r} {p!r} {o!r}")
    return ox.Triple(subject, predicate, to_oxigraph(o))


class RdflibBackend:
    """A graph held by rdflib (the user's own :class:`rdflib.Graph`, or a new one)."""

    name = "rdflib"

    def __init__(self, graph: rdflib.Graph | None = None) -> None:
        if graph is None:
            from rdflib import Graph

            graph = Graph()
        self.graph = graph

    def __len__(self) -> int:
        return len(self.graph)

    def load(self, data: bytes, fmt: str, source: str = "") -> None:
        if fmt not in _FORMATS:
            raise InputError(f"unknown RDF format {fmt!r}", source or None)
        try:
            self.graph.parse(data=data, format=_FORMATS[fmt])
        except Exception as exc:  # rdflib raises BadSyntax and assorted others
            line = getattr(exc, "lines", None)
            why = getattr(exc, "_why", None) or str(exc).splitlines()[-1]
            raise InputError(f"syntax error: {why}", source or None,
                             line + 1 if isinstance(line, int) else None) from None

    def add(self, triples: Iterable[ox.Triple]) -> None:
        graph = self.graph
        graph.addN((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object), graph)
                   for t in triples)

    def _run(self, query: str) -> Any:
        try:
            return self.graph.query(query)
        except Exception as exc:  # rdflib raises ParseException and assorted others
            raise QueryError(f"query failed: {str(exc)[:300]}") from None

    def select(self, query: str) -> Solutions:
        result = self._run(query)
        if result.type != "SELECT":
            raise QueryError("not a SELECT query")
        columns = [str(v) for v in result.vars or []]
        return Solutions(columns, [tuple(None if t is None else to_oxigraph(t) for t in row)
                                   for row in result])

    def construct(self, query: str) -> list[ox.Triple]:
        result = self._run(query)
        if result.type not in ("CONSTRUCT", "DESCRIBE"):
            raise QueryError("not a CONSTRUCT or DESCRIBE query")
        # a template instantiated with a literal subject gives no triple (SPARQL 1.1, 16.2)
        triples = {_triple(s, p, o) for s, p, o in result if _is_subject(s) and _is_predicate(p)}
        return sorted(triples, key=str)

    def update(self, update: str) -> None:
        try:
            self.graph.update(update)
        except Exception as exc:
            raise QueryError(f"update failed: {str(exc)[:300]}") from None

    def dump_ntriples(self, out: BinaryIO) -> None:
        block: list[bytes] = []
        for s, p, o in self.graph:
            block.append((str(_triple(s, p, o)) + " .\n").encode())
            if len(block) >= 10000:
                out.write(b"".join(block))
                block = []
        out.write(b"".join(block))

    def nt_lines(self) -> list[bytes]:
        # written by pyoxigraph's formatter, so both backends give the same bytes
        lines = [
            (str(_triple(s, p, o)) + " .").encode()
            for s, p, o in self.graph
        ]
        lines.sort()
        return lines
