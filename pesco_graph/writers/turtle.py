"""Turtle from sorted canonical N-Triples lines: deterministic, and fast (bytes throughout).

One block per subject; ``rdf:type`` first, then the predicates and objects in N-Triples
order; prefixed names where the local part is plain, everything else exactly as canonical
N-Triples writes it (so the Turtle says what the N-Triples say, byte for byte per term).
"""

from __future__ import annotations

import re

from ..namespace import PREFIXES

__all__ = ["write_turtle"]

_LOCAL_BYTES = re.compile(rb"^[A-Za-z_][A-Za-z0-9_-]*$")


def write_turtle(lines: list[bytes]) -> bytes:
    """Turtle from sorted N-Triples lines: one block per subject, prefixed names where the
    local part is plain, everything else exactly as canonical N-Triples writes it."""
    # every namespace ends with / or #, and a prefixed local name holds neither, so a
    # compactable IRI's namespace is everything up to its last / or #
    by_namespace = {str(ns).encode(): p.encode() for p, ns in PREFIXES.items()}
    used: set[bytes] = set()
    cache: dict[bytes, bytes] = {b"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>": b"a"}

    def compact(token: bytes) -> bytes:
        hit = cache.get(token)
        if hit is not None:
            return hit
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

    chunks: list[bytes] = []
    subject = None
    block: dict[bytes, list[bytes]] = {}

    def flush() -> None:
        if subject is None:
            return
        verbs = sorted(block, key=lambda v: (v != b"a", v))
        body = b" ;\n".join(b"    " + v + b" " + b" ,\n        ".join(block[v]) for v in verbs)
        chunks.append(compact(subject) + b"\n" + body + b" .\n")

    get = cache.get
    for line in lines:
        s, p, rest = line.split(b" ", 2)
        if s != subject:
            flush()
            subject, block = s, {}
        o = rest[:-2]
        verb = get(p) or compact(p)
        obj = get(o) or compact(o)
        objects = block.get(verb)
        if objects is None:
            block[verb] = [obj]
        else:
            objects.append(obj)
    flush()
    header = b"".join(b"@prefix " + p + b": <" + PREFIXES[p.decode()].encode() + b"> .\n"
                      for p in sorted(used))
    return header + b"\n" + b"\n".join(chunks)
