"""N-Triples: the sorted canonical lines, one triple a line."""

from __future__ import annotations

from collections.abc import Iterable
from typing import BinaryIO

from .ordering import write_lines

__all__ = ["write_ntriples", "stream_ntriples"]


def write_ntriples(lines: Iterable[bytes]) -> bytes:
    """The sorted canonical N-Triples lines as one document.

    >>> write_ntriples([b'<http://e/a> <http://e/b> "x" .'])
    b'<http://e/a> <http://e/b> "x" .\\n'
    """
    return b"".join(line + b"\n" for line in lines)


def stream_ntriples(lines: Iterable[bytes], out: BinaryIO) -> None:
    """:func:`write_ntriples` of ``lines`` written to ``out`` a block at a time."""
    write_lines(lines, out)
