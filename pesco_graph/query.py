"""Running named queries, locally or on a remote endpoint, into typed results."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from rdflib import Graph, Literal
from rdflib.namespace import XSD
from rdflib.term import Node

from .catalog import NamedQuery, get_query
from .params import bind_params
from .store import DEFAULT_STORE, engine_for

__all__ = ["QueryResult", "run_query", "run_named", "to_python"]

_INTEGER_TYPES = {XSD.integer, XSD.int, XSD.long, XSD.nonNegativeInteger}


def to_python(term: Node | None) -> Any:
    """A plain Python value for a result cell: str for IRIs and most literals, int for integers,
    bool for booleans, None for unbound."""
    if term is None:
        return None
    if isinstance(term, Literal):
        if term.datatype in _INTEGER_TYPES:
            try:
                return int(str(term))
            except ValueError:
                return str(term)
        if term.datatype == XSD.boolean:
            return str(term).lower() in ("true", "1")
        return str(term)
    return str(term)


@dataclass
class QueryResult:
    """Rows of a SELECT query (``columns`` + ``rows`` of plain values), or a graph."""

    query: NamedQuery
    columns: list[str]
    rows: list[tuple[Any, ...]]
    graph: Graph | None = None

    def __len__(self) -> int:
        return len(self.rows) if self.graph is None else len(self.graph)

    def records(self) -> list[dict[str, Any]]:
        return [dict(zip(self.columns, row, strict=True)) for row in self.rows]

    def to_dataframe(self):
        """The rows as a pandas DataFrame (needs the ``pandas`` extra)."""
        import pandas as pd

        return pd.DataFrame(self.rows, columns=self.columns)

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(self.columns)
        for row in self.rows:
            writer.writerow(["" if v is None else v for v in row])
        return out.getvalue()

    def to_json(self) -> str:
        return json.dumps(self.records(), indent=2, ensure_ascii=False, default=str) + "\n"

    def to_table(self, max_width: int = 60) -> str:
        def cell(v: Any) -> str:
            text = "" if v is None else str(v)
            return text if len(text) <= max_width else text[: max_width - 1] + "…"

        cells = [[cell(v) for v in row] for row in self.rows]
        widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(self.columns)]
        lines = ["  ".join(c.ljust(w) for c, w in zip(self.columns, widths, strict=True)).rstrip()]
        lines.append("  ".join("-" * w for w in widths))
        lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)).rstrip() for r in cells]
        lines.append(f"({len(self.rows)} row{'s' if len(self.rows) != 1 else ''})")
        return "\n".join(lines)

    def serialize(self, fmt: str) -> str:
        """A CONSTRUCT result as Turtle (``ttl``) or JSON-LD (``jsonld``)."""
        from .export import serialize

        if self.graph is None:
            raise ValueError("only CONSTRUCT/DESCRIBE results are graphs")
        return serialize(self.graph, fmt).decode("utf-8")


def run_named(
    query: NamedQuery,
    bindings: Mapping[str, Node],
    graph: Graph,
    store: str = DEFAULT_STORE,
) -> QueryResult:
    """Run an already-checked named query on a local graph."""
    engine = engine_for(graph, store)
    if query.form in ("CONSTRUCT", "DESCRIBE"):
        out = engine.construct(query.text, bindings)
        from .namespace import bind_prefixes

        bind_prefixes(out)
        return QueryResult(query, ["subject", "predicate", "object"], [], graph=out)
    fast = getattr(engine, "select_values", None)
    if fast is not None:
        names, values = fast(query.text, bindings)
        return QueryResult(query, names, values)
    names, rows = engine.select(query.text, bindings)
    return QueryResult(query, names, [tuple(to_python(v) for v in row) for row in rows])


_GRAPH_CACHE: list[Graph] = []


def default_graph() -> Graph:
    """The packaged graph (loaded and derived once per process)."""
    if not _GRAPH_CACHE:
        from .load import load_graph

        _GRAPH_CACHE.append(load_graph())
    return _GRAPH_CACHE[0]


def run_query(
    name: str,
    params: Mapping[str, str] | None = None,
    *,
    graph: Graph | None = None,
    endpoint: str | None = None,
    store: str = DEFAULT_STORE,
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
        The graph to query locally (default: the packaged graph).
    endpoint
        A SPARQL 1.1 endpoint URL; the same query runs there instead.
    store
        The local engine: ``oxigraph`` (default) or ``memory`` (rdflib).

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
        from .remote import remote_query

        return remote_query(query, bindings, endpoint, **remote_options)
    return run_named(query, bindings, graph if graph is not None else default_graph(), store)


