"""Query engines behind one interface: rdflib's in-memory store or the Oxigraph engine.

The rest of the package hands a graph and a query to :func:`engine_for` and gets rows of
rdflib terms back, whichever engine answers. ``oxigraph`` (pyoxigraph) is the default: the
benchmarks show it is one to two orders of magnitude faster than rdflib's SPARQL engine.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from .errors import QueryError

__all__ = ["STORES", "DEFAULT_STORE", "Engine", "MemoryEngine", "OxigraphEngine", "engine_for"]

STORES = ("oxigraph", "memory")
DEFAULT_STORE = "oxigraph"

Rows = list[tuple[Node | None, ...]]


class Engine(Protocol):
    """What a query engine offers."""

    name: str

    def select(self, text: str, bindings: Mapping[str, Node]) -> tuple[list[str], Rows]: ...

    def construct(self, text: str, bindings: Mapping[str, Node]) -> Graph: ...


class MemoryEngine:
    """rdflib's own SPARQL engine over the in-memory graph."""

    name = "memory"

    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def _run(self, text: str, bindings: Mapping[str, Node]):
        try:
            return self.graph.query(text, initBindings=dict(bindings))
        except Exception as exc:  # rdflib raises ParseException and assorted others
            raise QueryError(f"query failed: {exc}") from None

    def select(self, text: str, bindings: Mapping[str, Node]) -> tuple[list[str], Rows]:
        result = self._run(text, bindings)
        names = [str(v) for v in result.vars or []]
        return names, [tuple(row) for row in result]

    def construct(self, text: str, bindings: Mapping[str, Node]) -> Graph:
        result = self._run(text, bindings)
        out = Graph()
        for triple in result:
            out.add(triple)
        return out


def _to_rdflib(term) -> Node | None:
    import pyoxigraph as ox

    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        if datatype == "http://www.w3.org/2001/XMLSchema#string":
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(datatype))
    raise QueryError(f"unsupported term {term!r}")  # pragma: no cover


_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGER_DATATYPES = {_XSD + t for t in ("integer", "int", "long", "nonNegativeInteger")}
_BOOLEAN = _XSD + "boolean"


class OxigraphEngine:
    """The Oxigraph SPARQL engine (pyoxigraph), loaded from the graph's N-Triples."""

    name = "oxigraph"

    def __init__(self, graph: Graph | None, store=None) -> None:
        import pyoxigraph as ox

        if store is not None:
            self.store = store
            return
        self.store = ox.Store()
        data = graph.serialize(format="nt", encoding="utf-8")
        self.store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES)

    def _run(self, text: str, bindings: Mapping[str, Node]):
        # Oxigraph's substitutions only reach projected variables, so parameters go in as a
        # VALUES block of escaped terms (see pesco_graph.params.values_block).
        from .params import values_block

        try:
            return self.store.query(values_block(text, bindings))
        except (SyntaxError, OSError, ValueError) as exc:
            raise QueryError(f"query failed: {exc}") from None

    def select(self, text: str, bindings: Mapping[str, Node]) -> tuple[list[str], Rows]:
        result = self._run(text, bindings)
        names = [v.value for v in result.variables]
        rows = [tuple(_to_rdflib(sol[i]) for i in range(len(names))) for sol in result]
        return names, rows

    def select_values(self, text: str, bindings: Mapping[str, Node]) -> tuple[list[str], list[tuple]]:
        """Like :meth:`select`, but straight to plain Python values (no rdflib terms): the
        conversion to rdflib objects costs more than the query on result sets of some size."""
        import pyoxigraph as ox

        result = self._run(text, bindings)
        names = [v.value for v in result.variables]
        width = range(len(names))
        literal = ox.Literal
        rows = []
        for sol in result:
            row = []
            for i in width:
                term = sol[i]
                if term is None:
                    row.append(None)
                elif type(term) is literal:
                    datatype = term.datatype.value
                    if datatype in _INTEGER_DATATYPES:
                        row.append(int(term.value))
                    elif datatype == _BOOLEAN:
                        row.append(term.value in ("true", "1"))
                    else:
                        row.append(term.value)
                else:
                    row.append(term.value)
            rows.append(tuple(row))
        return names, rows

    def construct(self, text: str, bindings: Mapping[str, Node]) -> Graph:
        cache: dict = {}

        def term(x):  # a CONSTRUCT result repeats its IRIs: convert each once
            key = (type(x), str(x))
            found = cache.get(key)
            if found is None:
                found = cache[key] = _to_rdflib(x)
            return found

        triples = {(term(t.subject), term(t.predicate), term(t.object)) for t in self._run(text, bindings)}
        out = Graph(store="SimpleMemory")  # fewer indexes: faster to fill, enough to serialise
        out.addN((s, p, o, out) for s, p, o in sorted(triples))
        return out


_CACHE: dict[tuple[int, str], tuple[Graph, int, Engine]] = {}


def engine_for(graph, store: str = DEFAULT_STORE) -> Engine:
    """An engine answering queries over ``graph`` (cached while the graph is unchanged).

    ``graph`` is an rdflib Graph, or an :class:`~pesco_graph.oxstore.OxigraphGraph`, whose
    store is queried directly.
    """
    from .oxstore import OxigraphGraph

    if isinstance(graph, OxigraphGraph):
        if store == "memory":
            raise QueryError("this graph is held by Oxigraph; use store='oxigraph'")
        return OxigraphEngine(None, store=graph.store)
    if store not in STORES:
        raise QueryError(f"unknown store {store!r}; choose one of {', '.join(STORES)}")
    if store == "memory":
        return MemoryEngine(graph)
    key = (id(graph), store)
    cached = _CACHE.get(key)
    if cached is not None and cached[0] is graph and cached[1] == len(graph):
        return cached[2]
    engine = OxigraphEngine(graph)
    _CACHE.clear()
    _CACHE[key] = (graph, len(graph), engine)
    return engine
