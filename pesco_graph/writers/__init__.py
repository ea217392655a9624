"""One writer per format: Turtle, N-Triples, JSON-LD and CSV, all from the same sorted
canonical N-Triples lines (or rows), and one atomic file writer."""

from __future__ import annotations

from collections.abc import Callable

from ..errors import PescoGraphError
from .files import write_atomic, write_set
from .jsonld import write_jsonld
from .ntriples import write_ntriples
from .table import write_csv
from .turtle import write_turtle

__all__ = ["RDF_WRITERS", "RDF_SUFFIXES", "rdf_bytes", "write_atomic", "write_set", "write_csv",
           "write_jsonld", "write_ntriples", "write_turtle"]

# format name -> writer of sorted canonical N-Triples lines
RDF_WRITERS: dict[str, Callable[[list[bytes]], bytes]] = {
    "ttl": write_turtle,
    "nt": write_ntriples,
    "jsonld": write_jsonld,
}
RDF_SUFFIXES = {"ttl": ".ttl", "nt": ".nt", "jsonld": ".jsonld"}


def rdf_bytes(lines: list[bytes], fmt: str) -> bytes:
    """The triples of ``lines`` in the RDF format ``fmt`` (``ttl``, ``nt`` or ``jsonld``)."""
    try:
        writer = RDF_WRITERS[fmt]
    except KeyError:
        raise PescoGraphError(f"unknown format {fmt!r}; choose one of {', '.join(RDF_WRITERS)}") from None
    return writer(lines)
