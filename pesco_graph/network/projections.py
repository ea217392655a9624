from __future__ import annotations

from collections import defaultdict
from itertools import combinations
from typing import TYPE_CHECKING

from ..backends import GraphBackend
from ..errors import ParameterError
from .bipartite import ROLES, bipartite_graph

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["state_projection", "coparticipation_graph", "cocoordination_graph", "coordination_graph"]


def _projects_of(bipartite: nx.Graph[str], role: str) -> dict[str, list[str]]:
    """For each project, the sorted states holding ``role`` in it."""
    out: dict[str, list[str]] = {}
    for node, data in bipartite.nodes(data=True):
        if data["kind"] == "project":
            out[node] = sorted(s for s in bipartite[node] if bipartite.edges[s, node].get(role))
    return out


def state_projection(bipartite: nx.Graph[str], role: str = "member") -> nx.Graph[str]:
    """States linked by the projects in which both hold ``role``.

    Parameters
    ----------
    bipartite
        A graph from :func:`bipartite_graph`.
    role
        ``member`` (default: co-participation, coordinators included since a coordinator is
        also a member) or ``coordinator`` (co-coordination).

    Returns
    -------
    networkx.Graph
        Nodes: the states holding ``role`` in at least one project, with ``label``,
        ``stateKind`` and ``projects`` (how many projects they hold ``role`` in). Edges:
        ``weight`` (projects shared), ``jaccard`` (shared projects divided by the projects
        either state is in: a normalised weight in (0, 1]) and ``distance`` (1 / weight, for
        shortest paths: the more projects two states share, the closer they are).

    Notes
    -----
    This is the weighted one-mode projection of the two-mode network (Newman 2001), with the
    Jaccard index as normalisation.

    Examples
    --------
    >>> import networkx as nx
    >>> bip = nx.Graph()
    >>> bip.add_nodes_from(["A", "B", "C"], kind="state", label="", stateKind="participating")
    >>> bip.add_nodes_from(["p", "q"], kind="project")
    >>> bip.add_edges_from([("A", "p"), ("B", "p"), ("A", "q"), ("B", "q"), ("C", "q")], member=True)
    >>> g = state_projection(bip)
    >>> g.edges["A", "B"]["weight"], g.edges["A", "C"]["jaccard"]
    (2, 0.5)
    """
    import networkx as nx

    if role not in ROLES:
        raise ParameterError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
    holders = _projects_of(bipartite, role)
    counts: dict[str, int] = defaultdict(int)
    shared: dict[tuple[str, str], int] = defaultdict(int)
    for states in holders.values():
        for state in states:
            counts[state] += 1
        for a, b in combinations(states, 2):
            shared[(a, b)] += 1
    name = "co-participation" if role == "member" else f"co-{role}"
    out: nx.Graph[str] = nx.Graph(name=f"{name} of states", role=role)
    for state in sorted(counts):
        data = bipartite.nodes[state]
        out.add_node(state, label=data.get("label", state), stateKind=data.get("stateKind", "unknown"),
                     projects=counts[state])
    for (a, b), weight in sorted(shared.items()):
        out.add_edge(a, b, weight=weight, jaccard=weight / (counts[a] + counts[b] - weight),
                     distance=1.0 / weight)
    for key in ("include_closed", "max_wave", "domain"):
        if key in bipartite.graph:
            out.graph[key] = bipartite.graph[key]
    return out


def coparticipation_graph(
    graph: GraphBackend | None = None,
    *,
    include_closed: bool = True,
    max_wave: int | None = None,
    domain: str | None = None,
) -> nx.Graph[str]:
    """The weighted co-participation network of states.

    Parameters
    ----------
    graph, include_closed, max_wave, domain
        As for :func:`bipartite_graph`.

    Returns
    -------
    networkx.Graph
        See :func:`state_projection`; ``weight`` equals the ``co-participation`` query's
        ``sharedProjects`` and each node's ``projects`` the ``state-ranking`` query's
        ``projects``.
    """
    bip = bipartite_graph(graph, include_closed=include_closed, max_wave=max_wave, domain=domain)
    return state_projection(bip, "member")


def cocoordination_graph(graph: GraphBackend | None = None, *, include_closed: bool = True) -> nx.Graph[str]:
    """States linked by the projects they coordinate together.

    Parameters
    ----------
    graph, include_closed
        As for :func:`bipartite_graph`.

    Returns
    -------
    networkx.Graph
        Nodes: every state coordinating at least one project (``projects`` = how many);
        edges: ``weight`` = projects both coordinate (most projects have one coordinator, so
        most nodes are isolated).
    """
    return state_projection(bipartite_graph(graph, include_closed=include_closed), "coordinator")


def coordination_graph(bipartite: nx.Graph[str]) -> nx.DiGraph[str]:
    """Who leads whom: an arc from each coordinator to each other member of its projects.

    Parameters
    ----------
    bipartite
        A graph from :func:`bipartite_graph`.

    Returns
    -------
    networkx.DiGraph
        Arcs ``coordinator -> member`` with ``weight`` = the projects in which the first
        coordinates and the second is a member. Nodes carry ``label`` and ``stateKind``.

    Examples
    --------
    >>> g = coordination_graph(bipartite_graph())
    >>> g.has_edge("NL", "DE")  # the Netherlands coordinate Military Mobility
    True
    """
    import networkx as nx

    leads = _projects_of(bipartite, "coordinator")
    members = _projects_of(bipartite, "member")
    weights: dict[tuple[str, str], int] = defaultdict(int)
    for project, coordinators in leads.items():
        for a in coordinators:
            for b in members[project]:
                if a != b:
                    weights[(a, b)] += 1
    out: nx.DiGraph[str] = nx.DiGraph(name="coordinator to member")
    for state in sorted({s for pair in weights for s in pair}):
        data = bipartite.nodes[state]
        out.add_node(state, label=data.get("label", state), stateKind=data.get("stateKind", "unknown"))
    for (a, b), weight in sorted(weights.items()):
        out.add_edge(a, b, weight=weight)
    return out
