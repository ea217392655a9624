"""Writing the graph out: deterministic serialisations, written atomically."""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from .errors import PescoGraphError

__all__ = ["FORMATS", "serialize", "write_atomic", "export"]

# format name -> (file suffix, description)
FORMATS: dict[str, tuple[str, str]] = {
    "ttl": (".ttl", "Turtle, sorted subjects, predicates and objects"),
    "nt": (".nt", "N-Triples, sorted lines"),
    "jsonld": (".jsonld", "JSON-LD"),
}


_LOCAL = re.compile(r"^[A-Za-z_][A-Za-z0-9_-]*$")
_TURTLE_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"}


def _turtle(graph: Graph) -> bytes:
    """Deterministic Turtle: subjects, predicates (rdf:type first) and objects sorted.

    Graphs without blank nodes (the PESCO graph has none) are written by this fast writer;
    others fall back to rdflib's canonical ``longturtle``.
    """
    if any(isinstance(t, BNode) for triple in graph for t in triple):
        return graph.serialize(format="longturtle", canon=True, encoding="utf-8")
    from .namespace import PREFIXES

    prefixes = sorted(((str(ns), p) for p, ns in PREFIXES.items()), key=lambda x: (-len(x[0]), x[1]))
    used: set[str] = set()

    def iri(node: URIRef) -> str:
        text = str(node)
        for ns, prefix in prefixes:
            if text.startswith(ns) and _LOCAL.match(text[len(ns):]):
                used.add(prefix)
                return f"{prefix}:{text[len(ns):]}"
        return f"<{text}>"

    def term(node) -> str:
        if isinstance(node, URIRef):
            return iri(node)
        body = "".join(_TURTLE_ESCAPES.get(ch, ch) for ch in str(node))
        if node.language:
            return f'"{body}"@{node.language}'
        if node.datatype is not None and str(node.datatype) != str(XSD.string):
            return f'"{body}"^^{iri(node.datatype)}'
        return f'"{body}"'

    by_subject: dict = {}
    for s, p, o in graph:
        by_subject.setdefault(s, {}).setdefault(p, []).append(o)
    blocks = []
    for s in sorted(by_subject, key=str):
        predicates = sorted(by_subject[s], key=lambda p: (p != RDF.type, str(p)))
        lines = []
        for p in predicates:
            objects = sorted(by_subject[s][p], key=lambda o: (isinstance(o, Literal), str(o),
                                                              str(getattr(o, "datatype", "") or ""),
                                                              str(getattr(o, "language", "") or "")))
            verb = "a" if p == RDF.type else iri(p)
            lines.append(f"    {verb} " + " ,\n        ".join(term(o) for o in objects))
        blocks.append(f"{term(s)}\n" + " ;\n".join(lines) + " .\n")
    header = "".join(f"@prefix {p}: <{PREFIXES[p]}> .\n" for p in sorted(used))
    return (header + "\n" + "\n".join(blocks)).encode("utf-8")


def _ntriples(graph: Graph) -> bytes:
    text = graph.serialize(format="nt", encoding="utf-8").decode("utf-8")
    lines = sorted(line for line in text.splitlines() if line.strip())
    return ("\n".join(lines) + "\n").encode("utf-8")


def _jsonld(graph: Graph) -> bytes:
    """Compacted JSON-LD with the project context, by the one JSON-LD writer."""
    import pyoxigraph as ox

    from .writers.jsonld import write_jsonld

    nt = graph.serialize(format="nt", encoding="utf-8")
    canonical = ox.serialize(ox.parse(nt, format=ox.RdfFormat.N_TRIPLES), format=ox.RdfFormat.N_TRIPLES)
    return write_jsonld(sorted(line for line in canonical.split(b"\n") if line))


SERIALIZERS: dict[str, Callable[[Graph], bytes]] = {
    "ttl": _turtle,
    "nt": _ntriples,
    "jsonld": _jsonld,
}


def serialize(graph: Graph, fmt: str) -> bytes:
    """Serialise ``graph`` in an RDF format of :data:`FORMATS`, deterministically."""
    try:
        serializer = SERIALIZERS[fmt]
    except KeyError:
        raise PescoGraphError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}") from None
    return serializer(graph)


def write_atomic(path: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file and a rename: never a torn file."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp creates the file readable by its owner only; give it the usual mode
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


def export(graph: Graph, fmt: str, out: str | Path) -> Path:
    """Serialise ``graph`` as ``fmt`` and write it atomically to ``out``."""
    return write_atomic(out, serialize(graph, fmt))


EXPORT_SUFFIXES = {"ttl": ".ttl", "nt": ".nt", "jsonld": ".jsonld", "graphml": ".graphml",
                   "gexf": ".gexf", "csv": ".csv"}


def export_any(graph: Graph, fmt: str, out: str | Path | None = None) -> Path:
    """Write one export: an RDF format, the state-project network (GraphML, GEXF) or the
    participations table (CSV). Default path: ``dist/pesco.<ext>``."""
    if fmt not in EXPORT_SUFFIXES:
        raise PescoGraphError(f"unknown format {fmt!r}; choose one of {', '.join(EXPORT_SUFFIXES)}")
    path = Path(out) if out else Path("dist") / f"pesco{EXPORT_SUFFIXES[fmt]}"
    if fmt in FORMATS:
        return export(graph, fmt, path)
    if fmt == "csv":
        from .query import run_query

        result = run_query("membership-changes", graph=graph)
        return write_atomic(path, result.to_csv().encode("utf-8"))
    from .network import bipartite_graph, write_network

    return write_network(bipartite_graph(graph), fmt, path)
