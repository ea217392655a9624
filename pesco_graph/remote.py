"""Remote SPARQL 1.1 endpoints: run named queries (SPARQLWrapper) and push the graph (Graph Store).

Every endpoint fault (refused connection, timeout, HTTP error, a response that is not SPARQL
JSON) becomes an :class:`~pesco_graph.errors.EndpointError` with a one-line reason.
Credentials come from arguments or the environment (``PESCO_ENDPOINT_USER``,
``PESCO_ENDPOINT_PASSWORD``) and never appear in messages.
"""

from __future__ import annotations

import json
import os
import socket
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from . import __version__
from .catalog import NamedQuery
from .errors import EndpointError
from .params import values_block

__all__ = ["remote_query", "push", "USER_AGENT", "DEFAULT_GRAPH"]

USER_AGENT = f"pesco-graph/{__version__} (+https://w3id.org/pesco-kg/)"
DEFAULT_GRAPH = "https://w3id.org/pesco-kg/graph"
DEFAULT_TIMEOUT = 30.0


def _reason(exc: BaseException, url: str) -> str:
    """A one-line, credential-free reason for an endpoint fault."""
    shown = _strip_credentials(url)
    if isinstance(exc, urllib.error.HTTPError):
        return f"{shown} answered HTTP {exc.code} {exc.reason}"
    if isinstance(exc, urllib.error.URLError):
        inner = exc.reason
        if isinstance(inner, ConnectionRefusedError):
            return f"cannot connect to {shown}: connection refused"
        if isinstance(inner, (socket.timeout, TimeoutError)):
            return f"{shown} did not answer in time"
        if isinstance(inner, socket.gaierror):
            return f"cannot resolve the host of {shown}"
        return f"cannot reach {shown}: {inner}"
    if isinstance(exc, (socket.timeout, TimeoutError)):
        return f"{shown} did not answer in time"
    if isinstance(exc, ConnectionError):
        return f"connection to {shown} failed: {exc.__class__.__name__}"
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
    return f"{shown}: {text[:200]}"


def _strip_credentials(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    if parts.username or parts.password:
        netloc = parts.hostname or ""
        if parts.port:
            netloc += f":{parts.port}"
        parts = parts._replace(netloc=netloc)
    return urllib.parse.urlunsplit(parts)


def _credentials(user: str | None, password: str | None) -> tuple[str | None, str | None]:
    return (user or os.environ.get("PESCO_ENDPOINT_USER"),
            password or os.environ.get("PESCO_ENDPOINT_PASSWORD"))


def _term(binding: Mapping[str, Any] | None) -> Node | None:
    if binding is None:
        return None
    kind = binding.get("type")
    value = binding.get("value")
    if not isinstance(value, str):
        raise EndpointError("the endpoint's response is not SPARQL JSON results (a value is missing)")
    if kind == "uri":
        return URIRef(value)
    if kind == "bnode":
        return BNode(value)
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in binding:
            return Literal(value, lang=binding["xml:lang"])
        datatype = binding.get("datatype")
        if datatype and datatype != "http://www.w3.org/2001/XMLSchema#string":
            return Literal(value, datatype=URIRef(datatype))
        return Literal(value)
    raise EndpointError(f"the endpoint's response is not SPARQL JSON results (term type {kind!r})")


def remote_query(
    query: NamedQuery,
    bindings: Mapping[str, Node],
    endpoint: str,
    *,
    default_graph: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    user: str | None = None,
    password: str | None = None,
):
    """Run a checked named query on a SPARQL 1.1 endpoint and return the same typed result.

    Parameters are sent as a VALUES block of escaped RDF terms. ``graph`` is sent as the
    default graph (``default-graph-uri``) when ``default_graph`` is given.
    """
    from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    from .query import QueryResult, to_python

    text = values_block(query.text, bindings)
    client = SPARQLWrapper(endpoint, agent=USER_AGENT)
    client.setMethod(POST)
    client.setTimeout(int(max(1, timeout)))
    client.setQuery(text)
    # SPARQLWrapper guesses the query form with a regular expression that a word such as
    # "created" after the projection can fool into sending an update; the catalog knows it.
    client.queryType = query.form
    if default_graph:
        client.addDefaultGraph(default_graph)
    user, password = _credentials(user, password)
    if user and password:
        client.setCredentials(user, password)
    construct = query.form in ("CONSTRUCT", "DESCRIBE")
    client.setReturnFormat(TURTLE if construct else JSON)
    try:
        response = client.query()
        raw = response.response.read()
    except SPARQLWrapperException as exc:
        first = str(exc).strip().splitlines()[0]
        raise EndpointError(f"{_strip_credentials(endpoint)} rejected the query: {first[:200]}") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise EndpointError(_reason(exc, endpoint)) from None
    if construct:
        out = Graph()
        try:
            out.parse(data=raw.decode("utf-8"), format="turtle")
        except Exception:
            raise EndpointError(f"{_strip_credentials(endpoint)} did not answer with Turtle") from None
        from .namespace import bind_prefixes

        bind_prefixes(out)
        return QueryResult(query, ["subject", "predicate", "object"], [], graph=out)
    try:
        data = json.loads(raw.decode("utf-8"))
        names = list(data["head"]["vars"])
        solutions = data["results"]["bindings"]
        if not isinstance(solutions, list):
            raise TypeError
    except (ValueError, KeyError, TypeError, UnicodeDecodeError):
        raise EndpointError(
            f"{_strip_credentials(endpoint)} did not answer with SPARQL JSON results"
        ) from None
    rows = []
    for solution in solutions:
        if not isinstance(solution, dict):
            raise EndpointError(f"{_strip_credentials(endpoint)} did not answer with SPARQL JSON results")
        rows.append(tuple(to_python(_term(solution.get(n))) for n in names))
    return QueryResult(query, names, rows)


def push(
    graph: Graph,
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
    (answer whatever the server asks for).
    """
    user, password = _credentials(user, password)
    param = "graph-uri" if "sparql-graph-crud" in endpoint else "graph"
    query = urllib.parse.urlencode({param: graph_iri}) if graph_iri else "default"
    url = f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"
    body = graph.serialize(format="nt", encoding="utf-8")
    request = urllib.request.Request(url, data=body, method="PUT", headers={
        "Content-Type": "text/turtle", "User-Agent": USER_AGENT,
    })
    handlers: list[urllib.request.BaseHandler] = []
    if user and password:
        manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        manager.add_password(None, endpoint, user, password)
        if auth in ("basic", "auto"):
            handlers.append(urllib.request.HTTPBasicAuthHandler(manager))
        if auth in ("digest", "auto"):
            handlers.append(urllib.request.HTTPDigestAuthHandler(manager))
    opener = urllib.request.build_opener(*handlers)
    try:
        with opener.open(request, timeout=timeout) as response:
            return response.status
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise EndpointError(_reason(exc, endpoint)) from None
