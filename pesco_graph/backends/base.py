"""The graph protocol every backend implements, and the types it speaks.

Terms are pyoxigraph's (:class:`~pyoxigraph.NamedNode`, :class:`~pyoxigraph.BlankNode`,
:class:`~pyoxigraph.Literal`) whichever backend holds the triples, so code written against
:class:`GraphBackend` never learns which one answers.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import BinaryIO, Protocol, runtime_checkable

from pyoxigraph import BlankNode, Literal, NamedNode, Triple

__all__ = ["Term", "Row", "Solutions", "GraphBackend", "RDF_FORMATS"]

Term = NamedNode | BlankNode | Literal
Row = tuple[Term | None, ...]

# the RDF syntaxes a backend loads: name -> media type
RDF_FORMATS = {"turtle": "text/turtle", "ntriples": "application/n-triples"}


class Solutions:
    """The solutions of a SELECT query: variable names and rows of terms (None: unbound)."""

    __slots__ = ("columns", "rows")

    def __init__(self, columns: list[str], rows: list[Row] | None = None) -> None:
        self.columns = columns
        self.rows = [] if rows is None else rows

    def __len__(self) -> int:
        return len(self.rows)

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)


@runtime_checkable
class GraphBackend(Protocol):
    """What the package needs of a graph: load, query, update, dump, count.

    Implementations: :class:`~pesco_graph.backends.oxigraph.OxigraphBackend` (default),
    :class:`~pesco_graph.backends.rdflib.RdflibBackend` and
    :class:`~pesco_graph.backends.remote.EndpointBackend` (read-only).
    """

    name: str

    def __len__(self) -> int:
        """The number of triples."""
        ...

    def load(self, data: bytes, fmt: str, source: str = "") -> None:
        """Add triples from ``data`` in an RDF syntax of :data:`RDF_FORMATS`; a syntax error
        raises :class:`~pesco_graph.errors.InputError` naming ``source`` and the line."""
        ...

    def add(self, triples: Iterable[Triple]) -> None:
        """Add triples."""
        ...

    def select(self, query: str) -> Solutions:
        """Run a SELECT query."""
        ...

    def construct(self, query: str) -> list[Triple]:
        """Run a CONSTRUCT or DESCRIBE query; the triples come back sorted and unique."""
        ...

    def update(self, update: str) -> None:
        """Run a SPARQL 1.1 Update."""
        ...

    def nt_lines(self) -> list[bytes]:
        """The graph as sorted canonical N-Triples lines (UTF-8, no line ends)."""
        ...

    def dump_ntriples(self, out: BinaryIO) -> None:
        """Write every triple to ``out`` as a canonical N-Triples line (the lines of
        :meth:`nt_lines`, each ending in a newline) in any order, without holding them all:
        :func:`pesco_graph.writers.sorted_ntriples` sorts them on disk."""
        ...
