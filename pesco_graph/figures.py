"""Figures of the cooperation analysis, drawn with matplotlib's Agg canvas.

Each ``*_figure`` function returns a :class:`matplotlib.figure.Figure` (it displays in a
notebook) without touching ``pyplot``'s global state; :func:`save_png` writes one
deterministically: fixed-seed layouts, sorted orders and no date or software version in the
PNG's metadata. matplotlib is imported inside the functions (the ``plot`` extra).
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .measures import DEFAULT_SEED, Communities
from .writers import write_atomic

if TYPE_CHECKING:
    import networkx as nx
    from matplotlib.figure import Figure

    from .coverage import CoverageReport
    from .profiles import DomainProfile

__all__ = [
    "PNG_METADATA",
    "network_figure",
    "ranking_figure",
    "evolution_figure",
    "heatmap_figure",
    "leadership_figure",
    "coverage_figure",
    "save_png",
]

#: PNG metadata: no ``Software`` entry (it names the matplotlib version); no date is written.
PNG_METADATA: dict[str, Any] = {"Software": None}

_PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
            "#7f7f7f", "#bcbd22", "#17becf")


def _figure(width: float, height: float) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


def network_figure(
    g: nx.Graph[str],
    found: Communities,
    size_by: Mapping[str, float],
    *,
    min_weight: float = 2,
    seed: int = DEFAULT_SEED,
    title: str = "Co-participation of states",
) -> Figure:
    """The network coloured by community and sized by a centrality.

    Parameters
    ----------
    g
        A weighted state graph (:func:`pesco_graph.network.state_projection`).
    found
        Its communities (:func:`pesco_graph.measures.communities`).
    size_by
        Node -> centrality; node areas are proportional to it.
    min_weight
        Only ties of at least this weight are drawn (all of them shape the layout).
    seed
        Seed of the spring layout.
    title
        The figure's title.

    Returns
    -------
    matplotlib.figure.Figure
    """
    import networkx as nx
    from matplotlib.collections import LineCollection
    from matplotlib.lines import Line2D

    nodes = sorted(g, key=str)
    ordered = g.__class__()
    ordered.add_nodes_from(nodes)
    ordered.add_edges_from(sorted((min(u, v), max(u, v), d) for u, v, d in g.edges(data=True)))
    pos = nx.spring_layout(ordered, weight="weight", seed=seed, iterations=200)
    membership = found.membership()
    fig = _figure(10, 9)
    ax = fig.add_subplot()
    edges = [(u, v, d["weight"]) for u, v, d in ordered.edges(data=True) if d.get("weight", 1) >= min_weight]
    if edges:
        top = max(w for _, _, w in edges)
        lines = LineCollection([(pos[u], pos[v]) for u, v, _ in edges],
                               linewidths=[0.4 + 3.6 * w / top for _, _, w in edges],
                               colors="#555555", alpha=0.25, zorder=1)
        ax.add_collection(lines)
    largest = max(size_by.values(), default=0) or 1
    xs, ys = [pos[n][0] for n in nodes], [pos[n][1] for n in nodes]
    sizes = [80 + 2400 * size_by.get(n, 0) / largest for n in nodes]
    colours = [_PALETTE[(membership.get(n, 1) - 1) % len(_PALETTE)] for n in nodes]
    ax.scatter(xs, ys, s=sizes, c=colours, edgecolors="white", linewidths=1.2, zorder=2)
    for n, x, y in zip(nodes, xs, ys, strict=True):
        ax.annotate(str(n), (x, y), ha="center", va="center", fontsize=8, fontweight="bold", zorder=3)
    handles = [Line2D([], [], marker="o", linestyle="", markersize=9, color=_PALETTE[(i - 1) % len(_PALETTE)],
                      label=f"community {i} ({len(group)} states)")
               for i, group in enumerate(found.groups, 1)]
    ax.legend(handles=handles, loc="lower left", fontsize=8, frameon=False)
    ax.set_title(f"{title}: colour = Louvain community, size = centrality;\n"
                 f"lines = ties of {min_weight:g}+ shared projects (width = projects)", fontsize=10)
    ax.set_axis_off()
    ax.margins(0.06)
    return fig


def ranking_figure(rows: Sequence[Mapping[str, Any]], keys: Mapping[str, str], *, n: int = 15) -> Figure:
    """Horizontal bar charts of the top ``n`` states by each measure.

    Parameters
    ----------
    rows
        Rows with a ``node`` (or ``state``) key and the measures.
    keys
        Measure key -> panel title, e.g. ``{"eigenvector": "Eigenvector centrality"}``.
    n
        How many states each panel ranks.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig = _figure(4 * len(keys), 0.28 * n + 1.2)
    axes = fig.subplots(1, len(keys), squeeze=False)[0]
    for ax, (key, title) in zip(axes, keys.items(), strict=True):
        name = "node" if "node" in rows[0] else "state"
        best = sorted(rows, key=lambda r: (-r[key], r[name]))[:n]
        labels = [r[name] for r in best][::-1]
        values = [r[key] for r in best][::-1]
        ax.barh(labels, values, color="#1f77b4")
        ax.set_title(title, fontsize=10)
        ax.tick_params(labelsize=8)
        ax.grid(axis="x", alpha=0.3)
    return fig


def evolution_figure(rows: Sequence[Mapping[str, Any]]) -> Figure:
    """Four panels on how the cumulative network changed wave after wave.

    Parameters
    ----------
    rows
        :func:`pesco_graph.measures.evolution` rows.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig = _figure(11, 7.5)
    (a, b), (c, d) = fig.subplots(2, 2)
    waves = [r["wave"] for r in rows]
    a.plot(waves, [r["projects"] for r in rows], marker="o", label="projects (cumulative)")
    a.plot(waves, [r["nodes"] for r in rows], marker="s", label="states")
    a.plot(waves, [r["strong_edges"] / 10 for r in rows], marker="^", label="strong ties / 10")
    a.set_title("Size", fontsize=10)
    b.plot(waves, [r["density"] for r in rows], marker="o", label="density, all ties")
    b.plot(waves, [r["strong_density"] for r in rows], marker="^", label="density, strong ties")
    b.plot(waves, [r["modularity"] for r in rows], marker="s", label="modularity (Louvain)")
    b.set_ylim(0, 1.05)
    b.set_title("Cohesion", fontsize=10)
    c.plot(waves, [r["mean_weight"] for r in rows], marker="o", label="mean shared projects per tie")
    c.set_title("Tie strength", fontsize=10)
    d.plot(waves, [r["average_path_length"] for r in rows], marker="o", label="hops")
    d.plot(waves, [r["average_distance"] for r in rows], marker="s", label="distance (1 / shared projects)")
    d.set_title("Average path length (largest component)", fontsize=10)
    for ax in (a, b, c, d):
        ax.set_xlabel("after wave")
        ax.set_xticks(waves)
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8)
    return fig


def heatmap_figure(profile: DomainProfile) -> Figure:
    """The state x capability-domain heatmap of specialisation, with membership counts.

    Parameters
    ----------
    profile
        :func:`pesco_graph.profiles.domain_profile`.

    Returns
    -------
    matplotlib.figure.Figure
        Rows: states by number of memberships (most first); colour: specialisation index
        (blue below 1, red above, grey where the state joined no project of the domain);
        numbers: memberships.
    """
    import numpy as np
    from matplotlib import colormaps
    from matplotlib.colors import TwoSlopeNorm

    states = sorted(profile.states, key=lambda s: (-profile.state_total(s), s))
    domains = list(profile.domains)
    values = np.ma.masked_equal([[profile.specialisation(s, d) if profile.count(s, d) else 0.0
                                  for d in domains] for s in states], 0.0)
    top = max(2.0, float(values.max()))
    cmap = colormaps["RdBu_r"].with_extremes(bad="#eeeeee")
    fig = _figure(9, 0.32 * len(states) + 2)
    ax = fig.add_subplot()
    image = ax.imshow(values, cmap=cmap, norm=TwoSlopeNorm(vmin=0, vcenter=1, vmax=top), aspect="auto")
    for i, s in enumerate(states):
        for j, d in enumerate(domains):
            count = profile.count(s, d)
            if count:
                ax.text(j, i, str(count), ha="center", va="center", fontsize=7)
    ax.set_xticks(range(len(domains)), [d.replace(", ", ",\n") for d in domains], fontsize=8)
    ax.set_yticks(range(len(states)), states, fontsize=8)
    ax.set_title("Specialisation index by capability domain\n(numbers: projects joined; grey: none)",
                 fontsize=10)
    fig.colorbar(image, ax=ax, label="share of the state's memberships / share of all memberships")
    return fig


def leadership_figure(rows: Sequence[Mapping[str, Any]]) -> Figure:
    """Projects coordinated against projects joined, one point per state.

    Parameters
    ----------
    rows
        :func:`pesco_graph.profiles.leadership` rows.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig = _figure(8, 6)
    ax = fig.add_subplot()
    joined = [r["joined"] for r in rows]
    led = [r["coordinated"] for r in rows]
    ax.scatter(joined, led, s=30, color="#d62728")
    points: dict[tuple[int, int], list[str]] = {}
    for r in rows:
        points.setdefault((r["joined"], r["coordinated"]), []).append(r["state"])
    for (x, y), states in sorted(points.items()):
        ax.annotate(" ".join(sorted(states)), (x, y), xytext=(3, 3), textcoords="offset points",
                    fontsize=7, rotation=0 if y else 60)
    total_joined, total_led = sum(joined), sum(led)
    if total_joined:
        slope = total_led / total_joined
        ax.plot([0, max(joined)], [0, slope * max(joined)], linestyle="--", color="#7f7f7f",
                label=f"average: {slope:.2f} coordinated per project joined")
        ax.legend(fontsize=8)
    ax.set_xlabel("projects joined (member, coordinated ones included)")
    ax.set_ylabel("projects coordinated")
    ax.set_title("Who leads: coordination against participation", fontsize=10)
    ax.grid(alpha=0.3)
    return fig


def coverage_figure(report: CoverageReport) -> Figure:
    """What the register holds and lacks: per wave, and against the counts sources reported.

    Left: per wave, the projects by how complete their member list is (stacked), with the
    numbers that have a sourced coordinator and a capability domain. Right: the number of
    ongoing projects that official pages reported on each date beside the register's count
    for that date; where the lines part, the register lacks projects or closures.

    Parameters
    ----------
    report
        :func:`pesco_graph.coverage.coverage`.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig = _figure(12, 4.8)
    left, right = fig.subplots(1, 2, width_ratios=(1, 1.2))
    waves = list(report.by_wave)
    bottom = [0] * len(waves)
    colours = {"complete": "#2ca02c", "partial": "#bcbd22", "unknown": "#d62728"}
    for key, colour in colours.items():
        values = [report.by_wave[w][key] for w in waves]
        left.bar(waves, values, bottom=bottom, color=colour, label=f"member list {key}")
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    left.plot(waves, [report.by_wave[w]["coordinator"] for w in waves], "k_", markersize=22,
              markeredgewidth=2.5, linestyle="none", label="with a sourced coordinator")
    left.plot(waves, [report.by_wave[w]["domain"] for w in waves], "o", color="#1f77b4",
              linestyle="none", label="with a capability domain")
    left.set_xticks(waves)
    left.set_xlabel("wave")
    left.set_ylabel("projects")
    left.set_title(f"{report.projects} projects: what each wave's records hold", fontsize=10)
    left.set_ylim(0, max(bottom, default=1) * 1.5)
    left.legend(fontsize=8, loc="upper left", ncol=2)
    left.grid(axis="y", alpha=0.3)
    if report.counts:
        dates = [str(c["date"]) for c in report.counts]
        xs = range(len(dates))
        right.plot(xs, [c["reported"] for c in report.counts], marker="o", label="reported by official pages")
        right.plot(xs, [c["register"] for c in report.counts], marker="s", linestyle="--",
                   label="in the register")
        for x, c in zip(xs, report.counts, strict=True):
            if c["difference"]:
                right.annotate(f"{c['difference']:+d}", (x, c["register"]), textcoords="offset points",
                               xytext=(0, 8), ha="center", fontsize=8)
        right.set_xticks(list(xs), dates, rotation=45, ha="right", fontsize=8)
        right.legend(fontsize=8, loc="upper left")
    right.set_ylabel("ongoing projects")
    right.set_title("Ongoing projects: reported against the register", fontsize=10)
    right.grid(alpha=0.3)
    return fig


def save_png(fig: Figure, path: str | Path, *, dpi: int = 100) -> Path:
    """Write ``fig`` as a PNG, atomically and without metadata that changes between runs.

    Parameters
    ----------
    fig
        A figure.
    path
        The file to write.
    dpi
        Resolution.

    Returns
    -------
    pathlib.Path
        ``path``.
    """

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi, metadata=PNG_METADATA)
    return write_atomic(path, buffer.getvalue())
