"""Pushing the graph to a SPARQL 1.1 Graph Store (replacing a named graph or the default one).

Queries on a remote endpoint take the same path as local ones (see
:class:`~pesco_graph.backends.remote.EndpointBackend` and :func:`pesco_graph.query.run_query`).
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Iterable, Iterator
from pathlib import Path

from .backends import GraphBackend
from .http import request
from .urls import check_endpoint, check_timeout
from .writers.ordering import line_blocks, unsorted_ntriples

__all__ = ["push", "ntriples_chunks", "file_chunks", "DEFAULT_GRAPH", "CHUNK_BYTES"]

# the size of the pieces the body is sent in
CHUNK_BYTES = 1024 * 1024


def ntriples_chunks(lines: Iterable[bytes], size: int = CHUNK_BYTES) -> Iterator[bytes]:
    """The N-Triples document of ``lines`` (one triple each, without newline) in pieces of
    about ``size`` bytes, so that the whole body is never held as one string.

    >>> b"".join(ntriples_chunks([b"<a> <b> <c> .", b"<d> <e> <f> ."], size=4))
    b'<a> <b> <c> .\\n<d> <e> <f> .\\n'
    """
    return line_blocks(lines, size)


def file_chunks(path: Path, size: int = CHUNK_BYTES) -> Iterator[bytes]:
    """The bytes of the file ``path`` in pieces of ``size`` bytes."""
    with open(path, "rb") as handle:
        while piece := handle.read(size):
            yield piece


DEFAULT_GRAPH = "https://w3id.org/pesco-kg/graph"


def push(
    graph: GraphBackend,
    endpoint: str,
    *,
    graph_iri: str | None = DEFAULT_GRAPH,
    user: str | None = None,
    password: str | None = None,
    auth: str = "auto",
    timeout: float = 120.0,
    max_bytes: int = 1024 * 1024,
) -> int:
    """Replace a named graph (or the default graph when ``graph_iri`` is None) on a SPARQL 1.1
    Graph Store with ``graph``; returns the HTTP status.

    ``endpoint`` is the Graph Store URL (Oxigraph: ``http://host:port/store``; Virtuoso:
    ``http://host:8890/sparql-graph-crud-auth``). ``auth`` is ``basic``, ``digest`` or ``auto``
    (answer whatever the server asks for). The body is N-Triples (sent as ``text/turtle``,
    of which N-Triples is a subset, since every Graph Store accepts Turtle).

    The body is the graph's N-Triples dumped to a temporary file, streamed from there in
    pieces with its length known beforehand (never held in memory), after the credentials
    have been checked by a bodiless probe, so a server that asks for them never sees a body
    it will refuse. ``timeout`` is the deadline of the whole upload; ``max_bytes`` caps the server's answer.
    """
    check_endpoint(endpoint)
    check_timeout(timeout)
    param = "graph-uri" if "sparql-graph-crud" in endpoint else "graph"
    query = urllib.parse.urlencode({param: graph_iri}) if graph_iri else "default"
    url = f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"
    with unsorted_ntriples(graph) as body:  # a server keeps no order: the backend's own will do
        headers = {"Content-Type": "text/turtle", "Content-Length": str(body.stat().st_size)}
        status, _ = request(url, method="PUT", body=file_chunks(body), headers=headers,
                            timeout=timeout, max_bytes=max_bytes, user=user, password=password, auth=auth)
    return status
