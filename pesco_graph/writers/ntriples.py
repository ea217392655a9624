"""N-Triples: the sorted canonical lines, one triple a line."""

from __future__ import annotations

__all__ = ["write_ntriples"]


def write_ntriples(lines: list[bytes]) -> bytes:
    """The sorted canonical N-Triples lines as one document.

    >>> write_ntriples([b'<http://e/a> <http://e/b> "x" .'])
    b'<http://e/a> <http://e/b> "x" .\\n'
    """
    return b"\n".join(lines) + b"\n" if lines else b""
