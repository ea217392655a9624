from __future__ import annotations

from typing import TYPE_CHECKING

from ..backends import GraphBackend
from .bipartite import bipartite_graph, query_rows, select_projects
from .projections import coparticipation_graph, state_projection

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["third_state_graph", "wave_graphs", "domain_graph"]


def third_state_graph(graph: GraphBackend | None = None) -> nx.Graph[str]:
    """Third states linked to the projects they were admitted to.

    Parameters
    ----------
    graph
        The RDF graph to query (default: the packaged graph).

    Returns
    -------
    networkx.Graph
        From the ``third-states`` query: state nodes (``kind`` ``state``, ``label``) and
        project nodes (``kind`` ``project``, ``label``, ``wave``, ``status``, ``domain``), an
        edge per admission with the admitting ``decision`` (its ELI) and ``since``.
    """
    import networkx as nx

    projects = {r["project"]: r for r in query_rows("projects", graph)}
    out: nx.Graph[str] = nx.Graph(name="third states in projects")
    rows = sorted(query_rows("third-states", graph), key=lambda r: (r["state"], r["project"], r["since"]))
    for row in rows:
        out.add_node(row["state"], kind="state", bipartite=0, label=row["stateName"], stateKind="third")
    for row in sorted(rows, key=lambda r: r["project"]):
        info = projects.get(row["project"], {})
        attrs = {"kind": "project", "bipartite": 1, "label": info.get("name", row["project"]),
                 "wave": info.get("wave"), "status": info.get("status"), "domain": info.get("domain")}
        out.add_node(row["project"], **{k: v for k, v in attrs.items() if v is not None})
    for row in rows:
        out.add_edge(row["state"], row["project"], decision=row["decision"], since=str(row["since"]))
    return out


def wave_graphs(
    graph: GraphBackend | None = None,
    *,
    include_closed: bool = True,
    bipartite: nx.Graph[str] | None = None,
) -> dict[int, nx.Graph[str]]:
    """The cumulative co-participation network after each wave.

    Parameters
    ----------
    graph, include_closed
        As for :func:`bipartite_graph`.
    bipartite
        An already built :func:`bipartite_graph` to filter instead of querying again.

    Returns
    -------
    dict of int to networkx.Graph
        For each wave ``w`` (ascending), :func:`state_projection` of the projects listed in
        waves 1 to ``w`` with their current members. The graph attributes hold ``wave``,
        ``date`` (of the wave) and ``projects`` (how many projects it covers).

    Notes
    -----
    Members are today's members of those projects, not the members at the wave's date: many
    participations are only dated by the page that attests them, so an "as of" network would
    understate early cooperation.
    """
    if bipartite is None:
        bipartite = bipartite_graph(graph, include_closed=include_closed)
    out = {}
    for row in sorted(query_rows("projects-by-wave", graph), key=lambda r: int(r["wave"])):
        wave = int(row["wave"])
        bip = select_projects(bipartite, include_closed=include_closed, max_wave=wave)
        g = state_projection(bip)
        g.graph.update({"wave": wave, "date": str(row["date"]),
                        "projects": sum(1 for _, d in bip.nodes(data=True) if d["kind"] == "project")})
        out[wave] = g
    return out


def domain_graph(graph: GraphBackend | None, domain: str, *, include_closed: bool = True) -> nx.Graph[str]:
    """The co-participation network of the projects of one capability domain.

    Parameters
    ----------
    graph, include_closed
        As for :func:`bipartite_graph`.
    domain
        A capability domain by notation (``maritime``, ``cyber-c4isr``, ...) or label.

    Returns
    -------
    networkx.Graph
        See :func:`state_projection`; ``graph.graph["domain"]`` is the domain's label.

    Examples
    --------
    >>> g = domain_graph(None, "space")
    >>> g.graph["domain"]
    'Space'
    """
    return coparticipation_graph(graph, include_closed=include_closed, domain=domain)


# -- writing -------------------------------------------------------------------------------
