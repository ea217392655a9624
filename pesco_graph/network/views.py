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
    dated: bool = True,
    bound: str = "attested",
) -> dict[int, nx.Graph[str]]:
    """The co-participation network on the date of each wave.

    Parameters
    ----------
    graph, include_closed
        As for :func:`bipartite_graph`.
    bipartite
        With ``dated=False``, an already built :func:`bipartite_graph` to filter instead of
        querying again.
    dated
        True (default): the participations in force on the wave's date
        (:func:`bipartite_graph` with ``as_of``), so a state is in the network of a wave only
        once it had joined a project. False: the projects listed up to each wave with today's
        members (what the analysis did before the dates were used; it puts states that
        joined later into early waves).
    bound
        With ``dated``, which participations count (see :data:`~pesco_graph.network.BOUNDS`);
        the graph attributes also give the number of states and ties under the ``certain``
        (lower) and ``upper`` bounds.

    Returns
    -------
    dict of int to networkx.Graph
        For each wave ``w`` (ascending), :func:`state_projection` of the projects in force
        on its date. The graph attributes hold ``wave``, ``date`` (of the wave), ``listed``
        (projects listed up to that wave), ``projects`` (those the network covers: listed and,
        when dated, not closed by then), ``complete_lists`` (how many of those have a member
        list known to be complete) and, when dated, ``bound``, ``states_certain``,
        ``states_upper``, ``ties_certain``, ``ties_upper``.
    """
    completeness = {r["project"]: r["completeness"] for r in query_rows("coverage", graph)}
    out = {}
    listed = 0
    if not dated and bipartite is None:
        bipartite = bipartite_graph(graph, include_closed=include_closed)
    for row in sorted(query_rows("projects-by-wave", graph), key=lambda r: int(r["wave"])):
        wave, on = int(row["wave"]), str(row["date"])
        listed += int(row["projects"])
        extra: dict[str, object] = {}
        if dated:
            bip = bipartite_graph(graph, include_closed=include_closed, as_of=on, bound=bound)
            for other in ("certain", "upper"):
                g_other = state_projection(bipartite_graph(graph, include_closed=include_closed, as_of=on,
                                                           bound=other))
                extra[f"states_{other}"] = g_other.number_of_nodes()
                extra[f"ties_{other}"] = g_other.number_of_edges()
            extra["bound"] = bound
        else:
            assert bipartite is not None
            bip = select_projects(bipartite, include_closed=include_closed, max_wave=wave)
        g = state_projection(bip)
        projects = [n for n, d in bip.nodes(data=True) if d["kind"] == "project"]
        g.graph.update({"wave": wave, "date": on, "listed": listed, "projects": len(projects),
                        "complete_lists": sum(1 for p in projects if completeness.get(p) == "complete"),
                        **extra})
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
