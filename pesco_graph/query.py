"""Running named queries, locally or on a remote endpoint, into typed results.

The same path for every backend: the parameters are checked and bound as a VALUES block of
escaped terms (:mod:`pesco_graph.params`), the backend runs the text, and the answer becomes a
:class:`SelectResult` (columns and rows of plain values) or a :class:`GraphResult` (triples).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pyoxigraph as ox

from .answers import oxigraph_columns, python_columns, python_rows, to_python
from .backends import EndpointBackend, GraphBackend, OxigraphBackend, RdflibBackend, Term, as_backend
from .catalog import NamedQuery, get_query
from .errors import QueryError
from .load import load_graph
from .params import bind_params, check_known, values_block
from .writers import rdf_bytes, write_csv

__all__ = ["SelectResult", "GraphResult", "QueryResult", "run_query", "run_named", "to_python", "python_rows",
           "default_graph", "DATE_COLUMNS"]

# columns whose values are dates (turned into datetimes in DataFrames)
DATE_COLUMNS = frozenset({"date", "since", "until", "asOf", "statusDate", "joined", "firstSeen", "attestedOn",
                          "earliest"})


def _table(columns: list[str], rows: list[tuple[Any, ...]], max_width: int) -> str:
    def cell(v: Any) -> str:
        text = "" if v is None else str(v)
        return text if len(text) <= max_width else text[: max_width - 1] + "…"

    cells = [[cell(v) for v in row] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)).rstrip()]
    lines.append("  ".join("-" * w for w in widths))
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip() for r in cells]
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)


class SelectResult:
    """The rows of a SELECT query: ``columns`` and ``rows`` of plain values.

    The answer is read a column at a time; ``rows`` puts the tuples together on first use, and
    :meth:`values` gives one column without them.

    >>> result = SelectResult(get_query("states"), ["state", "kind"],
    ...                       values=[["FR", "US"], ["participating", "third"]], count=2)
    >>> result.rows, result.values("kind"), len(result)
    ([('FR', 'participating'), ('US', 'third')], ['participating', 'third'], 2)
    """

    __slots__ = ("query", "columns", "_rows", "_values", "_count")

    def __init__(self, query: NamedQuery, columns: list[str], rows: list[tuple[Any, ...]] | None = None, *,
                 values: list[list[Any]] | None = None, count: int = 0) -> None:
        self.query = query
        self.columns = columns
        self._rows = rows
        self._values = values
        self._count = len(rows) if rows is not None else count

    @property
    def rows(self) -> list[tuple[Any, ...]]:
        """The rows, each a tuple of values in the order of ``columns``."""
        if self._rows is None:
            if self.columns:
                self._rows = list(zip(*(self._values or []), strict=True))
            else:
                self._rows = [() for _ in range(self._count)]
        return self._rows

    def values(self, column: str) -> list[Any]:
        """The values of ``column``, in the order of the rows."""
        try:
            i = self.columns.index(column)
        except ValueError:
            raise QueryError(f"query {self.query.name!r} has no column {column!r}") from None
        if self._rows is None and self._values is not None:
            return list(self._values[i])
        return [row[i] for row in self.rows]

    def __repr__(self) -> str:
        return f"<SelectResult {self.query.name}: {len(self)} rows of {', '.join(self.columns)}>"

    def __len__(self) -> int:
        return self._count

    def records(self) -> list[dict[str, Any]]:
        """The rows as dictionaries keyed by column."""
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def to_dataframe(self) -> Any:
        """The rows as a pandas DataFrame (needs the ``pandas`` extra); date columns as datetimes."""
        import pandas as pd

        frame = pd.DataFrame(self.rows, columns=self.columns)
        for column in self.columns:
            if column in DATE_COLUMNS:
                frame[column] = pd.to_datetime(frame[column], errors="coerce", format="mixed")
        return frame

    def to_csv(self) -> str:
        return write_csv(self.columns, self.rows).decode("utf-8")

    def to_json(self) -> str:
        return json.dumps(self.records(), indent=2, ensure_ascii=False, default=str) + "\n"

    def to_table(self, max_width: int = 60) -> str:
        return _table(self.columns, self.rows, max_width)


class GraphResult:
    """The triples of a CONSTRUCT or DESCRIBE query (sorted), also readable as a table of
    ``subject``, ``predicate`` and ``object`` in N-Triples form."""

    __slots__ = ("query", "triples", "columns")

    def __init__(self, query: NamedQuery, triples: list[ox.Triple]) -> None:
        self.query = query
        self.triples = triples
        self.columns = ["subject", "predicate", "object"]

    def __repr__(self) -> str:
        return f"<GraphResult {self.query.name}: {len(self.triples)} triples>"

    def __len__(self) -> int:
        return len(self.triples)

    @property
    def rows(self) -> list[tuple[str, str, str]]:
        return [(str(t.subject), str(t.predicate), str(t.object)) for t in self.triples]

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def nt_lines(self) -> list[bytes]:
        """The triples as sorted canonical N-Triples lines."""
        return sorted((str(t) + " .").encode() for t in self.triples)

    def serialize(self, fmt: str) -> str:
        """The triples as Turtle (``ttl``), N-Triples (``nt``) or JSON-LD (``jsonld``)."""
        return rdf_bytes(self.nt_lines(), fmt).decode("utf-8")

    def to_csv(self) -> str:
        return write_csv(self.columns, self.rows).decode("utf-8")

    def to_json(self) -> str:
        return json.dumps(self.records(), indent=2, ensure_ascii=False) + "\n"

    def to_table(self, max_width: int = 60) -> str:
        return _table(self.columns, list(self.rows), max_width)


QueryResult = SelectResult | GraphResult


def run_named(query: NamedQuery, bindings: Mapping[str, Term], graph: GraphBackend) -> QueryResult:
    """Run an already-checked named query on ``graph`` (any backend)."""
    text = values_block(query.text, bindings)
    if query.form in ("CONSTRUCT", "DESCRIBE"):
        return GraphResult(query, graph.construct(text))
    if type(graph) is OxigraphBackend:  # the engine writes the answer, Python reads the text
        columns, values, count = oxigraph_columns(graph.store, text)
        return SelectResult(query, columns, values=values, count=count)
    solutions = graph.select(text)
    width = len(solutions.columns)
    return SelectResult(query, solutions.columns, values=python_columns(solutions.rows, width),
                        count=len(solutions.rows))


_GRAPH_CACHE: dict[str, GraphBackend] = {}
_BACKENDS = (OxigraphBackend, RdflibBackend, EndpointBackend)


def default_graph(backend: str = "oxigraph") -> GraphBackend:
    """The packaged graph, loaded and derived once per process and backend."""
    graph = _GRAPH_CACHE.get(backend)
    if graph is None:
        graph = _GRAPH_CACHE[backend] = load_graph(backend=backend)
    return graph


def run_query(
    name: str,
    params: Mapping[str, str] | None = None,
    *,
    graph: Any = None,
    endpoint: str | None = None,
    store: str | None = None,
    **remote_options: Any,
) -> QueryResult:
    """Run the named query ``name``.

    Parameters
    ----------
    name
        A query of the catalog (``pesco-graph queries`` lists them).
    params
        Parameter values as strings, e.g. ``{"state": "FR"}``; checked and bound as RDF terms.
    graph
        The graph to query: any backend (:mod:`pesco_graph.backends`) or an rdflib Graph;
        default: the packaged graph.
    endpoint
        A SPARQL 1.1 endpoint URL; the same query runs there instead (options
        ``default_graph``, ``timeout``, ``user``, ``password``).
    store
        For the packaged graph: the backend that holds it, ``oxigraph`` (default) or ``rdflib``.

    Examples
    --------
    >>> from pesco_graph import run_query
    >>> rows = run_query("state-portfolio", {"state": "NL"}).records()
    >>> any(r["project"] == "military-mobility" and r["role"] == "coordinator" for r in rows)
    True
    """
    query = get_query(name)
    bindings = bind_params(query, params)
    if endpoint is not None:
        if graph is not None:
            raise QueryError("give a graph or an endpoint, not both")
        target: GraphBackend = EndpointBackend(endpoint, **remote_options)
    elif graph is not None:
        # the known backends skip as_backend's check against the protocol (tens of microseconds)
        target = graph if type(graph) in _BACKENDS else as_backend(graph)
    else:
        target = default_graph(_backend_name(store))
    check_known(bindings, query, target)
    return run_named(query, bindings, target)


def _backend_name(store: str | None) -> str:
    # "memory" was the rdflib store's name before the backends had names of their own
    return {"memory": "rdflib", None: "oxigraph"}.get(store, store) or "oxigraph"
