"""Turtle from sorted canonical N-Triples lines: deterministic, and fast (bytes throughout).

One block per subject; ``rdf:type`` first, then the predicates and objects in N-Triples
order; prefixed names where the local part is plain, everything else exactly as canonical
N-Triples writes it (so the Turtle says what the N-Triples say, byte for byte per term).
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from typing import BinaryIO

from ..namespace import PREFIXES

__all__ = ["write_turtle", "stream_turtle"]

_LOCAL_BYTES = re.compile(rb"^[A-Za-z_][A-Za-z0-9_-]*$")
_RDF_TYPE = b"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
#: Entries the cache of compacted terms holds before it starts again (the terms that
#: repeat, predicates, classes and states, come back at once).
CACHE_LIMIT = 50_000


def _blocks(lines: Iterable[bytes], used: set[bytes]) -> Iterator[bytes]:
    """The Turtle blocks of sorted N-Triples lines, one per subject; the prefixes they use
    are added to ``used``."""
    # every namespace ends with / or #, and a prefixed local name holds neither, so a
    # compactable IRI's namespace is everything up to its last / or #
    by_namespace = {str(ns).encode(): p.encode() for p, ns in PREFIXES.items()}
    cache: dict[bytes, bytes] = {_RDF_TYPE: b"a"}

    def compact(token: bytes) -> bytes:
        hit = cache.get(token)
        if hit is not None:
            return hit
        if len(cache) >= CACHE_LIMIT:  # bounded: a large graph's IRIs would fill memory
            cache.clear()
            cache[_RDF_TYPE] = b"a"
        out = token
        if token.startswith(b"<"):
            iri = token[1:-1]
            cut = max(iri.rfind(b"/"), iri.rfind(b"#")) + 1
            prefix = by_namespace.get(iri[:cut])
            if prefix is not None and _LOCAL_BYTES.match(iri[cut:]):
                used.add(prefix)
                out = prefix + b":" + iri[cut:]
            cache[token] = out
        elif token.endswith(b">") and token.startswith(b'"'):
            head, _, datatype = token.rpartition(b"^^")
            out = head + b"^^" + compact(datatype)
            if len(token) < 100:  # typed literals repeat (dates): remember the short ones
                cache[token] = out
        return out

    def block_text(subject: bytes, block: dict[bytes, list[bytes]]) -> bytes:
        verbs = sorted(block)
        if b"a" in block:  # rdf:type first
            verbs.remove(b"a")
            verbs.insert(0, b"a")
        body = b" ;\n".join([b"    " + v + b" " + (objects[0] if len(objects := block[v]) == 1
                                                      else b" ,\n        ".join(objects)) for v in verbs])
        return (get(subject) or compact(subject)) + b"\n" + body + b" .\n"

    subject: bytes | None = None
    predicate: bytes | None = None
    block: dict[bytes, list[bytes]] = {}
    objects: list[bytes] = []
    get = cache.get
    for line in lines:
        s, p, rest = line.split(b" ", 2)
        if s != subject:
            if subject is not None:
                yield block_text(subject, block)
            subject, block, predicate = s, {}, None
        if p != predicate:  # sorted: a subject's triples of one predicate come together
            predicate = p
            verb = get(p) or compact(p)
            found = block.get(verb)
            if found is None:
                objects = block[verb] = []
            else:  # not sorted after all: still nothing lost
                objects = found
        o = rest[:-2]
        objects.append(get(o) or compact(o))
    if subject is not None:
        yield block_text(subject, block)


def _header(used: set[bytes]) -> bytes:
    return b"".join(b"@prefix " + p + b": <" + PREFIXES[p.decode()].encode() + b"> .\n"
                    for p in sorted(used)) + b"\n"


def write_turtle(lines: Iterable[bytes]) -> bytes:
    """Turtle from sorted N-Triples lines: one block per subject, prefixed names where the
    local part is plain, everything else exactly as canonical N-Triples writes it.

    >>> print(write_turtle([b'<http://www.w3.org/2004/02/skos/core#x> '
    ...                     b'<http://www.w3.org/2000/01/rdf-schema#label> "x" .']).decode())
    @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
    @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
    <BLANKLINE>
    skos:x
        rdfs:label "x" .
    <BLANKLINE>
    """
    used: set[bytes] = set()
    body = b"\n".join(list(_blocks(lines, used)))
    return _header(used) + body


def stream_turtle(lines: Iterable[bytes], out: BinaryIO) -> None:
    """:func:`write_turtle` of ``lines`` written to ``out`` without holding the document: the
    body goes through a temporary file, since the prefixes it uses head it."""
    used: set[bytes] = set()
    with tempfile.TemporaryFile() as body:
        pending: list[bytes] = []
        held = 0
        for text in _blocks(lines, used):
            pending.append(text)
            held += len(text)
            if held >= 1 << 20:
                body.write(b"\n".join(pending))
                pending, held = [b""], 0  # the blank line before the next block
        if len(pending) > 1 or pending and pending[0]:
            body.write(b"\n".join(pending))
        out.write(_header(used))
        body.seek(0)
        shutil.copyfileobj(body, out, 1 << 20)
