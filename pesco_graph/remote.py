"""Pushing the graph to a SPARQL 1.1 Graph Store (replacing a named graph or the default one).

Queries on a remote endpoint take the same path as local ones (see
:class:`~pesco_graph.backends.remote.EndpointBackend` and :func:`pesco_graph.query.run_query`).
"""

from __future__ import annotations

import urllib.parse

from .backends import GraphBackend
from .http import check_endpoint, request
from .writers import write_ntriples

__all__ = ["push", "DEFAULT_GRAPH"]

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
) -> int:
    """Replace a named graph (or the default graph when ``graph_iri`` is None) on a SPARQL 1.1
    Graph Store with ``graph``; returns the HTTP status.

    ``endpoint`` is the Graph Store URL (Oxigraph: ``http://host:port/store``; Virtuoso:
    ``http://host:8890/sparql-graph-crud-auth``). ``auth`` is ``basic``, ``digest`` or ``auto``
    (answer whatever the server asks for). The body is N-Triples (sent as ``text/turtle``,
    of which N-Triples is a subset, since every Graph Store accepts Turtle).
    """
    check_endpoint(endpoint)
    param = "graph-uri" if "sparql-graph-crud" in endpoint else "graph"
    query = urllib.parse.urlencode({param: graph_iri}) if graph_iri else "default"
    url = f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"
    status, _ = request(url, method="PUT", body=write_ntriples(graph.nt_lines()),
                        headers={"Content-Type": "text/turtle"}, timeout=timeout,
                        max_bytes=1024 * 1024, user=user, password=password, auth=auth)
    return status
