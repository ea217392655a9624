"""JSON-LD from sorted canonical N-Triples lines: one node object per subject, in order.

Written by the Oxigraph engine's own JSON-LD serialiser over the sorted triples, so the
output is the same bytes under any hash seed and for any backend.
"""

from __future__ import annotations

import pyoxigraph as ox

__all__ = ["write_jsonld"]


def write_jsonld(lines: list[bytes]) -> bytes:
    """Expanded JSON-LD of the triples, subjects and values in N-Triples order.

    >>> write_jsonld([b'<http://e/a> <http://e/b> "x" .'])
    b'[{"@id":"http://e/a","http://e/b":[{"@value":"x"}]}]\\n'
    """
    if not lines:
        return b"[]\n"
    triples = ox.parse(b"\n".join(lines) + b"\n", format=ox.RdfFormat.N_TRIPLES)
    data = ox.serialize(triples, format=ox.RdfFormat.JSON_LD)
    assert data is not None  # no output file given: the bytes come back
    return data + b"\n"
