"""A remote SPARQL 1.1 endpoint behind the graph protocol (read-only).

A named query on a server takes the same path as a local one: the query text (with its
parameters as a VALUES block) is POSTed, and the answer comes back as the same terms.
"""

from __future__ import annotations

import io
import urllib.parse
from collections.abc import Callable, Iterable
from typing import Any, BinaryIO, TypeVar

import pyoxigraph as ox

from ..errors import EndpointError
from ..http import stream
from ..urls import check_endpoint, check_timeout, redact
from .base import Solutions

__all__ = ["EndpointBackend"]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"

T = TypeVar("T")


class EndpointBackend:
    """A SPARQL 1.1 endpoint: ``select`` and ``construct`` over HTTP; no writes."""

    name = "remote"

    def __init__(self, endpoint: str, *, default_graph: str | None = None, timeout: float = 30.0,
                 user: str | None = None, password: str | None = None,
                 max_bytes: int = 256 * 1024 * 1024) -> None:
        self.endpoint = check_endpoint(endpoint)
        self.default_graph = default_graph
        self.timeout = check_timeout(timeout)
        self.user, self.password = user, password
        self.max_bytes = max_bytes

    def _post(self, query: str, accept: str, parse: Callable[[io.RawIOBase], T]) -> T:
        """POST ``query``; the answer is parsed by ``parse`` as it streams in."""
        form = [("query", query)]
        if self.default_graph:
            form.append(("default-graph-uri", self.default_graph))
        _status, parsed = stream(
            self.endpoint, parse, method="POST", body=urllib.parse.urlencode(form).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded", "Accept": accept},
            timeout=self.timeout, max_bytes=self.max_bytes, user=self.user, password=self.password,
        )
        return parsed

    def select(self, query: str) -> Solutions:
        shown = redact(self.endpoint)

        def parse(answer: io.RawIOBase) -> Solutions:
            # pyoxigraph's SPARQL JSON parser reads the answer as it streams in
            result = ox.parse_query_results(io.BufferedReader(answer, 65536),
                                            format=ox.QueryResultsFormat.JSON)
            if isinstance(result, ox.QueryBoolean):
                raise EndpointError(
                    f"{shown} sent a yes/no (ASK) answer, not the SPARQL JSON results of a SELECT query")
            names = [v.value for v in result.variables]
            width = range(len(names))
            return Solutions(names, [tuple(s[i] for i in width) for s in result])

        try:
            return self._post(query, "application/sparql-results+json", parse)
        except EndpointError:
            raise
        except (SyntaxError, ValueError, TypeError, UnicodeDecodeError):
            raise EndpointError(f"{shown} did not answer with SPARQL JSON results") from None

    def construct(self, query: str) -> list[ox.Triple]:
        def parse(answer: io.RawIOBase) -> set[ox.Triple]:
            return {q.triple for q in ox.parse(io.BufferedReader(answer, 65536), format=ox.RdfFormat.TURTLE)}

        try:
            triples = self._post(query, "application/n-triples, text/turtle;q=0.9", parse)
        except (SyntaxError, ValueError, OSError):
            raise EndpointError(f"{redact(self.endpoint)} did not answer with Turtle") from None
        return sorted(triples, key=str)

    def _read_only(self, *_: object) -> Any:
        raise EndpointError(f"{redact(self.endpoint)} is queried read-only; use push to upload")

    def __len__(self) -> int:
        rows = self.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows
        value = rows[0][0] if rows and rows[0] else None
        return int(value.value) if isinstance(value, ox.Literal) else 0

    def load(self, data: bytes, fmt: str, source: str = "") -> None:
        self._read_only()

    def add(self, triples: Iterable[ox.Triple]) -> None:
        self._read_only()

    def update(self, update: str) -> None:
        self._read_only()

    def dump_ntriples(self, out: BinaryIO) -> None:
        for line in self.nt_lines():
            out.write(line + b"\n")

    def nt_lines(self) -> list[bytes]:
        return [(str(t) + " .").encode() for t in
                self.construct("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")]
