"""One writer per format: Turtle, N-Triples, JSON-LD and CSV, all from the same sorted
canonical N-Triples lines (or rows), and one atomic file writer.

Each RDF format has two faces of the same writer: ``write_*`` returns the document's bytes
(for small graphs: a page, a query's answer), ``stream_*`` writes it to an open file in
bounded memory; :func:`rdf_content` feeds a streaming writer from the graph's sorted lines on
disk (:func:`sorted_ntriples`), which is how ``build`` and ``export`` write.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO

from ..errors import PescoGraphError
from .files import Content, write_atomic, write_set
from .jsonld import stream_jsonld, write_jsonld
from .ntriples import stream_ntriples, write_ntriples
from .ordering import read_lines, sorted_ntriples, unsorted_ntriples
from .table import write_csv
from .turtle import stream_turtle, write_turtle

__all__ = ["RDF_WRITERS", "RDF_STREAMERS", "RDF_SUFFIXES", "rdf_bytes", "rdf_content", "write_atomic",
           "write_set", "write_csv", "write_jsonld", "write_ntriples", "write_turtle", "stream_jsonld",
           "stream_ntriples", "stream_turtle", "sorted_ntriples", "unsorted_ntriples", "read_lines",
           "Content"]

# format name -> writer of sorted canonical N-Triples lines
RDF_WRITERS: dict[str, Callable[[Iterable[bytes]], bytes]] = {
    "ttl": write_turtle,
    "nt": write_ntriples,
    "jsonld": write_jsonld,
}
# format name -> the same writer, streaming to an open file
RDF_STREAMERS: dict[str, Callable[[Iterable[bytes], BinaryIO], None]] = {
    "ttl": stream_turtle,
    "nt": stream_ntriples,
    "jsonld": stream_jsonld,
}
RDF_SUFFIXES = {"ttl": ".ttl", "nt": ".nt", "jsonld": ".jsonld"}


def _check(fmt: str) -> None:
    if fmt not in RDF_WRITERS:
        raise PescoGraphError(f"unknown format {fmt!r}; choose one of {', '.join(RDF_WRITERS)}")


def rdf_bytes(lines: Iterable[bytes], fmt: str) -> bytes:
    """The triples of ``lines`` in the RDF format ``fmt`` (``ttl``, ``nt`` or ``jsonld``)."""
    _check(fmt)
    return RDF_WRITERS[fmt](lines)


def rdf_content(sorted_lines: Path, fmt: str) -> Callable[[BinaryIO], None]:
    """What writes the graph whose sorted lines are in the file ``sorted_lines`` in the RDF
    format ``fmt`` to an open file (for :func:`write_atomic` and :func:`write_set`); the same
    bytes as :func:`rdf_bytes` of those lines."""
    _check(fmt)
    if fmt == "nt":  # the sorted file is the document: copied, never read line by line
        return lambda out: _copy(sorted_lines, out)
    streamer = RDF_STREAMERS[fmt]
    return lambda out: streamer(read_lines(sorted_lines), out)


def _copy(path: Path, out: BinaryIO) -> None:
    with open(path, "rb") as source:
        shutil.copyfileobj(source, out, 1 << 20)
