"""The default backend: an in-memory Oxigraph store (pyoxigraph), queried natively."""

from __future__ import annotations

from collections.abc import Iterable
from typing import BinaryIO

import pyoxigraph as ox

from ..errors import InputError, QueryError
from .base import Solutions

__all__ = ["OxigraphBackend"]

_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES}


class OxigraphBackend:
    """A graph held in a :class:`pyoxigraph.Store` (the default graph only).

    >>> g = OxigraphBackend()
    >>> g.load(b"<http://e/a> <http://e/b> 1 .", "turtle")
    >>> len(g), g.select("SELECT ?o WHERE { ?s ?p ?o }").rows[0][0].value
    (1, '1')
    """

    name = "oxigraph"

    def __init__(self, store: ox.Store | None = None) -> None:
        self.store = ox.Store() if store is None else store

    def __len__(self) -> int:
        return len(self.store)

    def load(self, data: bytes, fmt: str, source: str = "") -> None:
        try:
            self.store.bulk_load(data, format=_FORMATS[fmt])
        except KeyError:
            raise InputError(f"unknown RDF format {fmt!r}", source or None) from None
        except SyntaxError as exc:
            message = str(getattr(exc, "msg", None) or exc).split(": ", 1)[-1]
            raise InputError(f"{'Turtle' if fmt == 'turtle' else 'N-Triples'} syntax error: {message}",
                             source or None, exc.lineno) from None

    def add(self, triples: Iterable[ox.Triple]) -> None:
        default = ox.DefaultGraph()
        self.store.bulk_extend(ox.Quad(t.subject, t.predicate, t.object, default) for t in triples)

    def _run(self, query: str) -> object:
        try:
            return self.store.query(query)
        except (SyntaxError, OSError, ValueError) as exc:
            raise QueryError(f"query failed: {str(exc)[:300]}") from None

    def select(self, query: str) -> Solutions:
        result = self._run(query)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("not a SELECT query")
        return Solutions([v.value for v in result.variables], [tuple(s) for s in result])

    def construct(self, query: str) -> list[ox.Triple]:
        result = self._run(query)
        if not isinstance(result, ox.QueryTriples):
            raise QueryError("not a CONSTRUCT or DESCRIBE query")
        return sorted(set(result), key=str)

    def update(self, update: str) -> None:
        try:
            self.store.update(update)
        except (SyntaxError, OSError, ValueError) as exc:
            raise QueryError(f"update failed: {str(exc)[:300]}") from None

    def dump_ntriples(self, out: BinaryIO) -> None:
        self.store.dump(out, format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())

    def nt_lines(self) -> list[bytes]:
        # sorting the UTF-8 bytes sorts by code point, and skips a decode per line
        data = self.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()) or b""
        lines = data.split(b"\n")
        lines.sort()
        return lines[1:] if lines and not lines[0] else lines
