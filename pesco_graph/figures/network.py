"""The cooperation network: its backbone, communities, and one picture per wave."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from ..measures import DEFAULT_SEED, Communities

if TYPE_CHECKING:
    import networkx as nx
    from matplotlib.figure import Figure

from .base import PALETTE, new_figure

__all__ = ['backbone_edges', 'network_figure', 'snapshots_figure']

def backbone_edges(g: nx.Graph[str], *, per_node: int = 3, min_weight: float = 2) -> list[tuple[str, str]]:
    """The backbone of strong ties: the maximum spanning tree of the weights (it keeps every
    state connected through its strongest links) and each state's ``per_node`` strongest ties
    of at least ``min_weight`` shared projects (ties broken by Jaccard, then by name).

    Returns
    -------
    list of (str, str)
        Sorted pairs ``(u, v)`` with ``u < v``.
    """
    import networkx as nx

    ordered: nx.Graph[str] = nx.Graph()
    ordered.add_nodes_from(sorted(g, key=str))
    ordered.add_edges_from(sorted((min(str(u), str(v)), max(str(u), str(v)),
                                   {"weight": float(d.get("weight", 1)) + float(d.get("jaccard", 0)) / 10})
                                  for u, v, d in g.edges(data=True)))
    kept = {(min(u, v), max(u, v)) for u, v in nx.maximum_spanning_tree(ordered).edges()}
    for n in sorted(g, key=str):
        ties = sorted(g[n].items(),
                      key=lambda kv: (-kv[1].get("weight", 1), -kv[1].get("jaccard", 0), str(kv[0])))
        for m in [m for m, d in ties if d.get("weight", 1) >= min_weight][:per_node]:
            kept.add((min(str(n), str(m)), max(str(n), str(m))))
    return sorted(kept)


def network_figure(
    g: nx.Graph[str],
    found: Communities,
    size_by: Mapping[str, float],
    *,
    min_weight: float = 2,
    seed: int = DEFAULT_SEED,
    title: str = "Co-participation of states",
    per_node: int = 3,
) -> Figure:
    """The backbone of the strongest ties, states coloured by community and sized by a centrality.

    A co-participation network where nearly every pair shares a project (density near 1) draws
    as a hairball; the figure keeps each state's ``per_node`` strongest ties
    (:func:`backbone_edges`), lays the states out on that backbone (fixed seed), and colours the
    ties inside a community in its colour. The title gives the communities' modularity.

    Parameters
    ----------
    g
        A weighted state graph (:func:`pesco_graph.network.state_projection`).
    found
        Its communities (:func:`pesco_graph.measures.communities`).
    size_by
        Node -> centrality; node areas are proportional to it.
    min_weight
        A strong tie has at least this weight.
    seed
        Seed of the spring layout.
    title
        The figure's title.
    per_node
        How many of its strongest ties each state keeps.

    Returns
    -------
    matplotlib.figure.Figure
    """
    import networkx as nx
    from matplotlib.collections import LineCollection
    from matplotlib.lines import Line2D

    nodes = sorted(g, key=str)
    kept = backbone_edges(g, per_node=per_node, min_weight=min_weight)
    skeleton: nx.Graph[str] = nx.Graph()
    skeleton.add_nodes_from(nodes)
    skeleton.add_edges_from((u, v, {"weight": float(g.edges[u, v].get("weight", 1))}) for u, v in kept)
    # laid out on the backbone: Kamada-Kawai on its hops spreads the states evenly and is
    # deterministic (it starts from a circle); a spring layout for a disconnected backbone
    if len(nodes) > 2 and nx.is_connected(skeleton):
        pos = nx.kamada_kawai_layout(skeleton, weight=None, pos=nx.circular_layout(skeleton))
    else:
        pos = nx.spring_layout(skeleton, seed=seed, iterations=300)
    membership = found.membership()
    fig = new_figure(10, 9)
    ax = fig.add_subplot()
    if kept:
        top = max(float(g.edges[u, v].get("weight", 1)) for u, v in kept)
        colours = [PALETTE[(membership.get(u, 1) - 1) % len(PALETTE)]
                   if membership.get(u) == membership.get(v) else "#999999" for u, v in kept]
        ax.add_collection(LineCollection(
            [(pos[u], pos[v]) for u, v in kept],
            linewidths=[0.6 + 5 * float(g.edges[u, v].get("weight", 1)) / top for u, v in kept],
            colors=colours, alpha=0.55, zorder=1))
        for u, v in kept:
            w = g.edges[u, v].get("weight", 1)
            if w >= top * 0.6:
                x, y = (pos[u][0] + pos[v][0]) / 2, (pos[u][1] + pos[v][1]) / 2
                ax.annotate(f"{w:g}", (x, y), fontsize=7, color="#333333", ha="center", va="center",
                            bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.8})
    largest = max(size_by.values(), default=0) or 1
    xs, ys = [pos[n][0] for n in nodes], [pos[n][1] for n in nodes]
    sizes = [90 + 900 * size_by.get(n, 0) / largest for n in nodes]
    colours = [PALETTE[(membership.get(n, 1) - 1) % len(PALETTE)] for n in nodes]
    ax.scatter(xs, ys, s=sizes, c=colours, edgecolors="white", linewidths=1.2, zorder=2)
    for n, x, y in zip(nodes, xs, ys, strict=True):
        ax.annotate(str(n), (x, y), ha="center", va="center", fontsize=8, fontweight="bold", zorder=3,
                    color="white")
    handles = [Line2D([], [], marker="o", linestyle="", markersize=9, color=PALETTE[(i - 1) % len(PALETTE)],
                      label=f"community {i}: {len(group)} states")
               for i, group in enumerate(found.groups, 1)]
    handles.append(Line2D([], [], color="#999999", label="tie between communities"))
    ax.legend(handles=handles, loc="lower left", fontsize=8, frameon=False)
    weak = " (weak: below 0.3, no blocs)" if found.modularity < 0.3 else ""
    ax.set_title(f"{title}: the backbone of each state's {per_node} strongest ties\n"
                 f"{len(found.groups)} Louvain communities, modularity {found.modularity:.2f}{weak}\n"
                 f"size = centrality; width and numbers = shared projects (ties of {min_weight:g}+)",
                 fontsize=10)
    ax.set_axis_off()
    ax.margins(0.08)
    return fig


def snapshots_figure(graphs: Mapping[int, nx.Graph[str]], *, min_weight: float = 2, kinds:
                     Mapping[str, str] | None = None) -> Figure:
    """Small multiples: the co-participation network on the date of each wave, on one layout.

    Parameters
    ----------
    graphs
        :func:`pesco_graph.network.wave_graphs`.
    min_weight
        Ties of at least this weight are drawn.
    kinds
        Alpha-2 code -> ``participating`` or ``third`` (third states are drawn in red).

    Returns
    -------
    matplotlib.figure.Figure
        One panel per wave; every state keeps its place (a circle ordered by the wave it entered,
        then by code), so newcomers stand out.
    """
    import math

    from matplotlib.collections import LineCollection

    waves = sorted(graphs)
    order: list[str] = []
    for w in waves:
        order += sorted(str(n) for n in graphs[w] if str(n) not in order)
    pos = {n: (math.cos(2 * math.pi * i / max(len(order), 1)), math.sin(2 * math.pi * i / max(len(order), 1)))
           for i, n in enumerate(order)}
    cols = 3
    rows = math.ceil(len(waves) / cols)
    fig = new_figure(4 * cols, 4.2 * rows)
    axes = fig.subplots(rows, cols, squeeze=False)
    seen: set[str] = set()
    for ax, w in zip(axes.flat, waves, strict=False):
        g = graphs[w]
        ties = sorted((str(u), str(v), d.get("weight", 1)) for u, v, d in g.edges(data=True)
                      if d.get("weight", 1) >= min_weight)
        top = max((t for *_, t in ties), default=1)
        ax.add_collection(LineCollection([(pos[u], pos[v]) for u, v, _ in ties],
                                         linewidths=[0.3 + 2.5 * t / top for *_, t in ties],
                                         colors="#555555", alpha=0.3))
        present = sorted(str(n) for n in g)
        new = [n for n in present if n not in seen and seen]
        colours = ["#d62728" if (kinds or {}).get(n) == "third" else "#1f77b4" for n in present]
        ax.scatter([pos[n][0] for n in present], [pos[n][1] for n in present], s=60, c=colours, zorder=2,
                   edgecolors=["black" if n in new else "white" for n in present], linewidths=1.5)
        for n in present:
            x, y = pos[n]
            ax.annotate(n, (x * 1.13, y * 1.13), ha="center", va="center", fontsize=6,
                        fontweight="bold" if n in new else "normal")
        seen |= set(present)
        states = g.number_of_nodes()
        bounds = (f" ({g.graph['states_certain']}-{g.graph['states_upper']})"
                  if "states_certain" in g.graph else "")
        ax.set_title(f"wave {w}, {g.graph.get('date', '')}: {states}{bounds} states,\n"
                     f"{len(ties)} ties of {min_weight:g}+ projects"
                     + (f"; new: {' '.join(new)}" if new else ""),
                     fontsize=8)
        ax.set_xlim(-1.3, 1.3)
        ax.set_ylim(-1.3, 1.3)
        ax.set_aspect("equal")
        ax.set_axis_off()
    for ax in list(axes.flat)[len(waves):]:
        ax.set_axis_off()
    return fig
