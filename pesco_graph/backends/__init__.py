"""Graph backends behind one protocol, chosen by name in one registry.

>>> sorted(BACKENDS)
['oxigraph', 'rdflib', 'remote']
>>> new_graph().name
'oxigraph'
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..errors import PescoGraphError
from ..names import DEFAULT_BACKEND, LOCAL_BACKENDS
from .base import GraphBackend, Row, Solutions, Term
from .oxigraph import OxigraphBackend
from .rdflib import RdflibBackend
from .remote import EndpointBackend

__all__ = ["BACKENDS", "LOCAL_BACKENDS", "DEFAULT_BACKEND", "GraphBackend", "Solutions", "Row", "Term",
           "OxigraphBackend", "RdflibBackend", "EndpointBackend", "new_graph", "as_backend"]

BACKENDS: dict[str, Callable[..., GraphBackend]] = {
    "oxigraph": OxigraphBackend,
    "rdflib": RdflibBackend,
    "remote": EndpointBackend,
}
# the backends that hold triples here and can be loaded


def new_graph(backend: str = DEFAULT_BACKEND, **options: Any) -> GraphBackend:
    """An empty graph (or, for ``remote``, a connection) of the backend named ``backend``."""
    try:
        factory = BACKENDS[backend]
    except KeyError:
        raise PescoGraphError(f"unknown backend {backend!r}; choose one of {', '.join(BACKENDS)}") from None
    return factory(**options)


def as_backend(graph: object) -> GraphBackend:
    """``graph`` behind the protocol: a backend as it is, an :class:`rdflib.Graph` wrapped."""
    if isinstance(graph, GraphBackend):
        return graph
    try:
        from rdflib import Graph
    except ImportError:  # pragma: no cover - rdflib is a dependency
        Graph = None  # type: ignore[assignment,misc]
    if Graph is not None and isinstance(graph, Graph):
        return RdflibBackend(graph)
    raise PescoGraphError(f"not a graph: {type(graph).__name__}")
