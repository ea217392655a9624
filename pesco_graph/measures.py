"""Network measures of the cooperation networks: centrality, cohesion, communities, evolution.

Every function takes a NetworkX graph (see :mod:`pesco_graph.network`) and returns plain
Python values (dicts, lists of row dicts, a small dataclass), so the results can go into
pandas, a CSV file or a report alike. Weighted measures read the ``weight`` edge attribute
(tie strength: shared projects); path-based measures read ``distance`` (1 / weight), so two
states sharing many projects are close.

Examples
--------
>>> import networkx as nx
>>> star = nx.star_graph(3)  # node 0 in the middle of 1, 2, 3
>>> rows = centrality_table(star, weight=None, distance=None)
>>> rows[0]["node"], rows[0]["degree"], rows[0]["betweenness"]
('0', 3, 1.0)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported inside the functions, so that the CLI starts fast
    import networkx as nx

__all__ = [
    "DEFAULT_SEED",
    "Communities",
    "strength",
    "eigenvector",
    "centrality_table",
    "core_numbers",
    "communities",
    "backbone",
    "network_summary",
    "evolution",
    "top",
]

#: The seed of every randomised step (Louvain, layouts), so runs agree.
DEFAULT_SEED = 42


def strength(g: nx.Graph[str], weight: str | None = "weight") -> dict[str, float]:
    """The strength of each node: the sum of the weights of its edges.

    Parameters
    ----------
    g
        A graph.
    weight
        The edge attribute holding the weight (None: every edge counts 1, i.e. the degree).

    Returns
    -------
    dict
        Node -> strength.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.Graph([("a", "b", {"weight": 2}), ("b", "c", {"weight": 3})])
    >>> strength(g)
    {'a': 2, 'b': 5, 'c': 3}
    """
    return dict(g.degree(weight=weight))


def eigenvector(g: nx.Graph[str], weight: str | None = "weight") -> dict[str, float]:
    """Eigenvector centrality (power iteration), 0 for every node of a graph without edges.

    Parameters
    ----------
    g
        A graph.
    weight
        The edge attribute holding the weight, or None.

    Returns
    -------
    dict
        Node -> centrality; the vector has Euclidean norm 1.

    Notes
    -----
    Bonacich (1972): a node is central when its neighbours are. NetworkX's power iteration
    (not the SciPy eigen-solver) keeps SciPy optional.
    """
    import networkx as nx

    if g.number_of_edges() == 0:
        return dict.fromkeys(g, 0.0)
    found: dict[str, float] = nx.eigenvector_centrality(g, weight=weight, max_iter=10_000, tol=1e-12)
    return found


def centrality_table(
    g: nx.Graph[str], *, weight: str | None = "weight", distance: str | None = "distance"
) -> list[dict[str, Any]]:
    """One row per node with its degree, strength, centralities, clustering and core number.

    Parameters
    ----------
    g
        An undirected graph, e.g. :func:`pesco_graph.network.state_projection`.
    weight
        Edge attribute of tie strength (for strength, eigenvector and weighted clustering).
    distance
        Edge attribute of length (for betweenness and closeness); None counts hops.

    Returns
    -------
    list of dict
        Rows sorted by node, with the keys ``node``, ``label``, ``degree``, ``strength``,
        ``betweenness`` (normalised), ``eigenvector``, ``closeness`` (Wasserman-Faust for
        disconnected graphs), ``clustering``, ``weighted_clustering`` (Onnela et al. 2005) and
        ``core`` (the node's k-core number, unweighted).

    Examples
    --------
    >>> import networkx as nx
    >>> rows = centrality_table(nx.path_graph(3), weight=None, distance=None)
    >>> [(r["node"], r["betweenness"], round(r["closeness"], 3)) for r in rows]
    [('0', 0.0, 0.667), ('1', 1.0, 1.0), ('2', 0.0, 0.667)]
    """
    import networkx as nx

    betweenness = nx.betweenness_centrality(g, weight=distance, normalized=True)
    closeness = nx.closeness_centrality(g, distance=distance)
    eig = eigenvector(g, weight)
    clustering: dict[str, float] = nx.clustering(g)  # type: ignore[assignment]  # a dict for a graph
    weighted: dict[str, float] = nx.clustering(g, weight=weight) if weight else clustering  # type: ignore[assignment]
    cores = core_numbers(g)
    strengths = strength(g, weight)
    rows = []
    for node in sorted(g, key=str):
        rows.append({
            "node": str(node),
            "label": g.nodes[node].get("label", str(node)),
            "degree": g.degree(node),
            "strength": strengths[node],
            "betweenness": betweenness[node],
            "eigenvector": eig[node],
            "closeness": closeness[node],
            "clustering": clustering[node],
            "weighted_clustering": weighted[node],
            "core": cores[node],
        })
    return rows


def core_numbers(g: nx.Graph[str]) -> dict[str, int]:
    """The k-core number of each node: the largest k such that it is in a k-core.

    Parameters
    ----------
    g
        A graph without self-loops.

    Returns
    -------
    dict
        Node -> core number (Batagelj and Zaversnik 2003).

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("c", "d")])
    >>> core_numbers(g)
    {'a': 2, 'b': 2, 'c': 2, 'd': 1}
    """
    import networkx as nx

    return dict(nx.core_number(g))


@dataclass(frozen=True)
class Communities:
    """A partition of a graph's nodes into communities, with its modularity.

    ``groups`` are sorted: larger first, then by their first member; members are sorted.
    Communities are numbered from 1 in that order.
    """

    groups: tuple[tuple[str, ...], ...]
    modularity: float
    seed: int
    resolution: float

    def __len__(self) -> int:
        return len(self.groups)

    def membership(self) -> dict[str, int]:
        """Node -> community number (1 = the largest)."""
        return {node: i for i, group in enumerate(self.groups, 1) for node in group}


def communities(
    g: nx.Graph[str], *, weight: str | None = "weight", seed: int = DEFAULT_SEED, resolution: float = 1.0
) -> Communities:
    """Louvain communities (Blondel et al. 2008) with a fixed seed, and their modularity.

    Parameters
    ----------
    g
        An undirected graph.
    weight
        Edge attribute of tie strength, or None.
    seed
        Seed of the random node order, so that runs agree.
    resolution
        Above 1 favours smaller communities, below 1 larger ones.

    Returns
    -------
    Communities
        The partition and its (weighted) modularity.

    Examples
    --------
    >>> import networkx as nx
    >>> two_triangles = nx.Graph([(1, 2), (2, 3), (1, 3), (4, 5), (5, 6), (4, 6), (3, 4)])
    >>> found = communities(two_triangles, weight=None)
    >>> found.groups, round(found.modularity, 4)
    ((('1', '2', '3'), ('4', '5', '6')), 0.3571)
    """
    import networkx as nx

    if g.number_of_edges() == 0:
        groups = [{n} for n in g]
        modularity = 0.0
    else:
        groups = nx.community.louvain_communities(g, weight=weight, resolution=resolution, seed=seed)
        modularity = nx.community.modularity(g, groups, weight=weight, resolution=resolution)
    ordered = sorted((tuple(sorted(str(n) for n in group)) for group in groups),
                     key=lambda group: (-len(group), group))
    return Communities(tuple(ordered), float(modularity), seed, resolution)


def backbone(g: nx.Graph[str], min_weight: float = 2, weight: str = "weight") -> nx.Graph[str]:
    """The strong ties: a copy of ``g`` keeping the edges of at least ``min_weight``.

    Parameters
    ----------
    g
        A weighted graph.
    min_weight
        The smallest weight kept (default 2: states sharing at least two projects).
    weight
        The edge attribute holding the weight.

    Returns
    -------
    networkx.Graph
        Every node of ``g`` (some may become isolated) and the strong edges.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.Graph([("a", "b", {"weight": 1}), ("b", "c", {"weight": 2})])
    >>> sorted(backbone(g).edges)
    [('b', 'c')]
    """
    out = g.__class__()
    out.graph.update(g.graph)
    out.graph["min_weight"] = min_weight
    out.add_nodes_from(g.nodes(data=True))
    out.add_edges_from((u, v, d) for u, v, d in g.edges(data=True) if d.get(weight, 1) >= min_weight)
    return out


def network_summary(
    g: nx.Graph[str], *, weight: str | None = "weight", distance: str | None = "distance"
) -> dict[str, Any]:
    """Size and cohesion of a graph.

    Parameters
    ----------
    g
        An undirected graph.
    weight
        Edge attribute of tie strength, or None.
    distance
        Edge attribute of length, for ``average_distance`` (edges without it count 1).

    Returns
    -------
    dict
        ``nodes``, ``edges``, ``density``, ``components``, ``largest_component`` (nodes),
        ``average_path_length`` (hops, within the largest component: the mean is undefined
        across components), ``average_distance`` (the same, along ``distance``),
        ``diameter`` (hops, of the largest component), ``average_clustering`` and
        ``mean_weight`` (mean edge weight; 0 without edges).

    Examples
    --------
    >>> import networkx as nx
    >>> s = network_summary(nx.path_graph(3), weight=None)
    >>> s["density"], round(s["average_path_length"], 4), s["diameter"]
    (0.6666666666666666, 1.3333, 2)
    """
    import networkx as nx

    n = g.number_of_nodes()
    parts = sorted(nx.connected_components(g), key=lambda c: (-len(c), sorted(map(str, c)))) if n else []
    largest = g.subgraph(parts[0]) if parts else g
    multi = largest.number_of_nodes() > 1
    weights = [d.get(weight, 1) if weight else 1 for _, _, d in g.edges(data=True)]
    return {
        "nodes": n,
        "edges": g.number_of_edges(),
        "density": nx.density(g) if n > 1 else 0.0,
        "components": len(parts),
        "largest_component": largest.number_of_nodes(),
        "average_path_length": nx.average_shortest_path_length(largest) if multi else 0.0,
        "average_distance": nx.average_shortest_path_length(largest, weight=distance) if multi else 0.0,
        "diameter": nx.diameter(largest) if multi else 0,
        "average_clustering": nx.average_clustering(g) if n else 0.0,
        "mean_weight": sum(weights) / len(weights) if weights else 0.0,
    }


#: Attributes of a wave graph (:func:`pesco_graph.network.wave_graphs`) copied into its
#: evolution row when present.
WAVE_EXTRAS = ("listed", "complete_lists", "states_certain", "states_upper", "ties_certain", "ties_upper")


def evolution(
    graphs: Mapping[int, nx.Graph[str]],
    *,
    min_weight: float = 2,
    seed: int = DEFAULT_SEED,
) -> list[dict[str, Any]]:
    """How the network changed wave after wave.

    Parameters
    ----------
    graphs
        Wave -> cumulative co-participation graph (:func:`pesco_graph.network.wave_graphs`).
    min_weight
        The weight of a strong tie, for the :func:`backbone` columns.
    seed
        Louvain seed.

    Returns
    -------
    list of dict
        One row per wave (ascending): ``wave``, ``date``, ``projects``, the
        :data:`WAVE_EXTRAS` the graph carries (listed projects, complete member lists, the
        states and ties under the lower and upper bounds), then
        :func:`network_summary`'s keys (``nodes`` are the states), ``strong_edges`` and
        ``strong_density`` (the backbone), ``communities`` and ``modularity`` (Louvain).
    """
    rows = []
    for wave in sorted(graphs):
        g = graphs[wave]
        strong = backbone(g, min_weight)
        found = communities(g, seed=seed)
        row = {"wave": wave, "date": g.graph.get("date", ""), "projects": g.graph.get("projects", 0)}
        row.update({k: g.graph[k] for k in WAVE_EXTRAS if k in g.graph})
        row.update(network_summary(g))
        row.update({
            "strong_edges": strong.number_of_edges(),
            "strong_density": network_summary(strong)["density"],
            "communities": len(found),
            "modularity": found.modularity,
        })
        rows.append(row)
    return rows


def top(rows: list[dict[str, Any]], key: str, n: int = 3) -> list[dict[str, Any]]:
    """The ``n`` rows with the largest ``key``, ties broken by node name.

    Examples
    --------
    >>> top([{"node": "b", "x": 1}, {"node": "a", "x": 1}, {"node": "c", "x": 0}], "x", 2)
    [{'node': 'a', 'x': 1}, {'node': 'b', 'x': 1}]
    """
    return sorted(rows, key=lambda r: (-r[key], r.get("node", r.get("state", ""))))[:n]
