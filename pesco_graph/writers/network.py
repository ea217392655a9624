from __future__ import annotations

import io
import re
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import PescoGraphError
from .files import write_atomic

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["NETWORK_FORMATS", "network_bytes", "write_network"]

#: Network export formats and their file suffixes.
NETWORK_FORMATS = {"graphml": ".graphml", "gexf": ".gexf"}


_SCALARS = (str, int, float, bool)


def _clean(attrs: Mapping[str, Any]) -> dict[str, Any]:
    """Attributes GraphML and GEXF can hold: no None, sequences joined with ';', floats rounded
    to 10 decimals, sorted keys."""
    out: dict[str, Any] = {}
    for key in sorted(attrs):
        value = attrs[key]
        if value is None:
            continue
        if isinstance(value, float):
            value = round(value, 10)  # last-bit noise of iterative algorithms must not change bytes
        elif isinstance(value, (list, tuple, set, frozenset)):
            value = ";".join(sorted(str(v) for v in value))
        elif not isinstance(value, _SCALARS):
            value = str(value)
        out[str(key)] = value
    return out


def _canonical(g: nx.Graph[str]) -> nx.Graph[str]:
    """A copy of ``g`` with nodes and edges in sorted order and clean attributes."""
    out = g.__class__()
    out.graph.update(_clean(g.graph))
    for node in sorted(g.nodes, key=str):
        out.add_node(str(node), **_clean(g.nodes[node]))

    def ends(u: Any, v: Any) -> tuple[str, str]:
        a, b = str(u), str(v)
        return (a, b) if g.is_directed() or a <= b else (b, a)

    for a, b, data in sorted(((*ends(u, v), d) for u, v, d in g.edges(data=True)), key=lambda e: e[:2]):
        out.add_edge(a, b, **_clean(data))
    return out


_GEXF_DATE = re.compile(rb'\s*lastmodifieddate="[^"]*"')


def network_bytes(g: nx.Graph[str], fmt: str) -> bytes:
    """``g`` serialised as GraphML or GEXF, deterministically.

    Parameters
    ----------
    g
        Any NetworkX graph or digraph (not a multigraph).
    fmt
        ``graphml`` or ``gexf``.

    Returns
    -------
    bytes
        The document: nodes and edges sorted, None attributes left out, floats rounded to 10
        decimals, and no date of writing (GEXF's optional ``lastmodifieddate``), so the same graph gives the
        same bytes.
    """
    import networkx as nx

    if fmt not in NETWORK_FORMATS:
        raise PescoGraphError(f"unknown network format {fmt!r}; choose one of {', '.join(NETWORK_FORMATS)}")
    canonical = _canonical(g)
    buffer = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml_xml(canonical, buffer, encoding="utf-8", prettyprint=True)
        return buffer.getvalue()
    nx.write_gexf(canonical, buffer, encoding="utf-8", prettyprint=True)
    return _GEXF_DATE.sub(b"", buffer.getvalue(), count=1)


def write_network(g: nx.Graph[str], fmt: str, path: str | Path) -> Path:
    """Write ``g`` as GraphML or GEXF (for Gephi) to ``path``, atomically.

    Parameters
    ----------
    g
        A NetworkX graph, e.g. from :func:`bipartite_graph`.
    fmt
        ``graphml`` or ``gexf``.
    path
        The file to write (its folder is created).

    Returns
    -------
    pathlib.Path
        ``path``.

    Examples
    --------
    >>> import tempfile, networkx as nx
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = write_network(nx.path_graph(3), "gexf", f"{tmp}/p.gexf")
    ...     sorted(nx.read_gexf(path).nodes)
    ['0', '1', '2']
    """

    return write_atomic(path, network_bytes(g, fmt))
