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
    "timeline_figure",
    "map_figure",
    "snapshots_figure",
    "backbone_edges",
    "place_labels",
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


#: Offsets (points) tried in turn for a label, nearest first.
_OFFSETS = ((4, 4), (4, -10), (-4, 4), (-4, -10), (4, 14), (-4, 14), (4, -20), (-4, -20), (12, 24),
            (-12, 24), (12, -30), (-12, -30), (20, 34), (-20, 34))


def place_labels(ax: Any, points: Sequence[tuple[Any, float, str]], *, fontsize: float = 7,
                 offsets: Sequence[tuple[float, float]] | None = None, **style: Any) -> list[Any]:
    """Annotate points so that no two labels overlap, deterministically.

    Each label tries the offsets of ``_OFFSETS`` in turn and takes the first where its box
    overlaps no label placed before it (the last one tried otherwise). The figure is laid out
    once first so the boxes are measured where they will be drawn.

    Parameters
    ----------
    ax
        A matplotlib Axes.
    points
        ``(x, y, text)`` triples.
    fontsize
        Font size of the labels.
    offsets
        The offsets to try (default ``_OFFSETS``); ``(0, 0)`` centres a label on its point.
    style
        Further text properties (``color``, ``fontweight``, ...).

    Returns
    -------
    list
        The annotations.
    """
    from matplotlib.text import Text

    fig = ax.figure
    fig.draw_without_rendering()
    renderer = fig.canvas.get_renderer()
    placed: list[Any] = []
    boxes: list[Any] = []
    for x, y, text in points:
        label = None
        for i, (dx, dy) in enumerate(offsets or _OFFSETS):
            if label is not None:
                label.remove()
            # a label moved away from its point gets a thin line back to it
            arrow = {"arrowstyle": "-", "lw": 0.4, "color": "#888888"} if i >= 4 else None
            label = ax.annotate(text, (x, y), xytext=(dx, dy), textcoords="offset points", fontsize=fontsize,
                                ha="center" if dx == 0 else "left" if dx > 0 else "right",
                                va="center" if dy == 0 else "bottom" if dy > 0 else "top",
                                arrowprops=arrow, **style)
            label.update_positions(renderer)
            box = Text.get_window_extent(label, renderer).expanded(1.3, 1.2)
            if not any(box.overlaps(other) for other in boxes):
                break
        assert label is not None
        boxes.append(Text.get_window_extent(label, renderer))
        placed.append(label)
    return placed


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
    fig = _figure(10, 9)
    ax = fig.add_subplot()
    if kept:
        top = max(float(g.edges[u, v].get("weight", 1)) for u, v in kept)
        colours = [_PALETTE[(membership.get(u, 1) - 1) % len(_PALETTE)]
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
    colours = [_PALETTE[(membership.get(n, 1) - 1) % len(_PALETTE)] for n in nodes]
    ax.scatter(xs, ys, s=sizes, c=colours, edgecolors="white", linewidths=1.2, zorder=2)
    for n, x, y in zip(nodes, xs, ys, strict=True):
        ax.annotate(str(n), (x, y), ha="center", va="center", fontsize=8, fontweight="bold", zorder=3,
                    color="white")
    handles = [Line2D([], [], marker="o", linestyle="", markersize=9, color=_PALETTE[(i - 1) % len(_PALETTE)],
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
    fig = _figure(4.6 * len(keys), 0.3 * n + 1.6)
    axes = fig.subplots(1, len(keys), squeeze=False)[0]
    for ax, (key, title) in zip(axes, keys.items(), strict=True):
        name = "node" if "node" in rows[0] else "state"
        best = sorted(rows, key=lambda r: (-r[key], r[name]))[:n]
        labels = [f"{r['label']} ({r[name]})" if r.get("label") else str(r[name]) for r in best][::-1]
        values = [r[key] for r in best][::-1]
        ax.barh(labels, values, color="#1f77b4")
        for y, v in enumerate(values):
            ax.annotate(f"{v:.3g}", (v, y), xytext=(2, 0), textcoords="offset points", va="center",
                        fontsize=7)
        ax.set_title(title, fontsize=10)
        ax.set_xlabel(title.split(" (")[0].lower())
        ax.set_ylabel(f"state (top {len(best)})")
        ax.tick_params(labelsize=8)
        ax.margins(x=0.15)
        ax.grid(axis="x", alpha=0.3)
    return fig


def _dates(values: Sequence[Any]) -> list[Any]:
    """ISO dates (strings or dates) as datetimes for a date axis."""
    from datetime import date, datetime

    out = []
    for v in values:
        d = v if isinstance(v, date) else date.fromisoformat(str(v)[:10])
        out.append(datetime(d.year, d.month, d.day))
    return out


def _date_axis(ax: Any) -> None:
    import matplotlib.dates as mdates

    ax.xaxis.set_major_locator(mdates.YearLocator())  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))  # type: ignore[no-untyped-call]


def evolution_figure(rows: Sequence[Mapping[str, Any]]) -> Figure:
    """Four panels on how the network changed, on a date axis at each wave's date.

    Parameters
    ----------
    rows
        :func:`pesco_graph.measures.evolution` rows; when they carry the lower and upper bounds
        (``states_certain``, ``states_upper``, ...), the states and ties are drawn with a band
        between them.

    Returns
    -------
    matplotlib.figure.Figure
    """
    fig = _figure(11, 7.5)
    (a, b), (c, d) = fig.subplots(2, 2)
    when = _dates([r["date"] for r in rows])
    bounded = bool(rows) and "states_certain" in rows[0]
    a.plot(when, [r["nodes"] for r in rows], marker="s", color="#ff7f0e", label="states")
    if bounded:
        a.fill_between(when, [r["states_certain"] for r in rows], [r["states_upper"] for r in rows],
                       color="#ff7f0e", alpha=0.2, label="states: lower-upper bound")
    a.plot(when, [r["projects"] for r in rows], marker="o", color="#1f77b4", label="projects in force")
    if rows and "complete_lists" in rows[0]:
        a.plot(when, [r["complete_lists"] for r in rows], marker=".", linestyle=":", color="#1f77b4",
               label="of which with a complete member list")
    a.set_ylabel("count")
    a.set_title("Size on each wave's date", fontsize=10)
    b.plot(when, [r["edges"] for r in rows], marker="o", color="#2ca02c",
           label="ties (pairs sharing a project)")
    if bounded:
        b.fill_between(when, [r["ties_certain"] for r in rows], [r["ties_upper"] for r in rows],
                       color="#2ca02c", alpha=0.2, label="ties: lower-upper bound")
    b.plot(when, [r["strong_edges"] for r in rows], marker="^", color="#d62728", label="strong ties")
    b.set_ylabel("ties")
    b.set_title("Ties", fontsize=10)
    c.plot(when, [r["density"] for r in rows], marker="o", label="density, all ties")
    c.plot(when, [r["strong_density"] for r in rows], marker="^", label="density, strong ties")
    c.plot(when, [r["modularity"] for r in rows], marker="s", label="modularity (Louvain)")
    c.set_ylim(0, 1.05)
    c.set_ylabel("share")
    c.set_title("Cohesion", fontsize=10)
    d.plot(when, [r["mean_weight"] for r in rows], marker="o", label="mean shared projects per tie")
    d.set_ylabel("projects")
    d.set_title("Tie strength", fontsize=10)
    for ax in (a, b, c, d):
        _date_axis(ax)
        ax.set_xlabel("date of the wave")
        ax.grid(alpha=0.3)
        ax.legend(fontsize=8, loc="best")
    for r, x in zip(rows, when, strict=True):
        a.annotate(f"w{r['wave']}", (x, r["projects"]), xytext=(0, 6), textcoords="offset points",
                   ha="center", fontsize=7)
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
    # the states with no coordination pile up on the x axis: one label per point, placed
    # where it overlaps no label placed before it
    place_labels(ax, [(x, y, " ".join(sorted(states))) for (x, y), states in sorted(points.items())])
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
        xs = _dates([c["date"] for c in report.counts])
        right.plot(xs, [c["reported"] for c in report.counts], marker="o", label="reported by official pages")
        right.plot(xs, [c["register"] for c in report.counts], marker="s", linestyle="--",
                   label="in the register")
        place_labels(right, [(x, float(str(c["register"])), f"{c['difference']:+d}")
                             for x, c in zip(xs, report.counts, strict=True) if c["difference"]], fontsize=8)
        _date_axis(right)
        right.set_xlabel("date of the report")
        right.legend(fontsize=8, loc="upper left")
    right.set_ylabel("ongoing projects")
    right.set_title("Ongoing projects: reported against the register", fontsize=10)
    right.grid(alpha=0.3)
    return fig


#: Colours of the roles in the timelines.
ROLE_COLOURS = {"coordinator": "#d62728", "member": "#1f77b4", "observer": "#bcbd22"}


def timeline_figure(rows: Sequence[Mapping[str, Any]], *, title: str, today: str | None = None) -> Figure:
    """A membership timeline: one line per state and role, from its start to its end.

    Parameters
    ----------
    rows
        Rows of the ``membership-changes`` query for one project (``state``, ``role``,
        ``since``, ``until``, ``attestedOn``).
    title
        The figure's title (the project's name).
    today
        Where open participations end on the axis (ISO date; default: the latest date in the
        rows plus a year).

    Returns
    -------
    matplotlib.figure.Figure
        A solid bar where a source gives the start; where only a page attests the participation,
        a hatched bar from that page's date and a dotted line before it (it may have begun
        earlier).
    """
    from datetime import timedelta

    from matplotlib.patches import Patch

    role_order = {role: i for i, role in enumerate(ROLE_COLOURS)}
    keyed = sorted(rows, key=lambda r: (str(r.get("since") or r.get("attestedOn")), r["state"],
                                        role_order.get(r["role"], 9)))
    lanes = list(dict.fromkeys(f"{r['state']} {r['role']}" for r in keyed))
    starts = _dates([r.get("since") or r.get("attestedOn") for r in keyed])
    ends = [r.get("until") for r in keyed]
    known = [d for d in starts] + _dates([e for e in ends if e])
    end_all = _dates([today])[0] if today else (max(known) + timedelta(days=365) if known else None)
    fig = _figure(10, 0.26 * len(lanes) + 2.2)
    ax = fig.add_subplot()
    first = min(starts) if starts else None
    for r, start, end in zip(keyed, starts, ends, strict=True):
        y = lanes.index(f"{r['state']} {r['role']}")
        stop = _dates([end])[0] if end else end_all
        colour = ROLE_COLOURS.get(r["role"], "#7f7f7f")
        attested = not r.get("since")
        ax.barh(y, stop - start, left=start, height=0.6, color=colour, alpha=0.45 if attested else 0.9,
                hatch="///" if attested else None, edgecolor=colour)
        if attested and first is not None and first < start:
            ax.plot([first, start], [y, y], linestyle=":", color=colour, linewidth=1)
    ax.set_yticks(range(len(lanes)), lanes, fontsize=7)
    ax.invert_yaxis()
    _date_axis(ax)
    ax.set_xlabel("date")
    ax.set_ylabel("state and role")
    handles = [Patch(color=c, label=r) for r, c in ROLE_COLOURS.items()]
    handles.append(Patch(facecolor="white", edgecolor="#555555", hatch="///",
                         label="only attested from that date (may be earlier)"))
    ax.legend(handles=handles, fontsize=8, loc="upper center", ncol=4, frameon=False,
              bbox_to_anchor=(0.5, -0.06 - 2 / (len(lanes) + 8)))
    ax.set_title(title, fontsize=10)
    ax.grid(axis="x", alpha=0.3)
    return fig


#: The part of the map shown: longitudes and latitudes of Europe.
EUROPE = (-25.0, 45.0, 34.0, 71.5)


def map_figure(
    values: Mapping[str, float],
    alpha3: Mapping[str, str],
    *,
    title: str,
    label: str,
    cmap: str = "Blues",
) -> Figure:
    """A choropleth map of Europe: each state coloured by its value, offline.

    Parameters
    ----------
    values
        Alpha-2 code -> value (e.g. projects a state takes part in); states not in it are grey.
    alpha3
        Alpha-2 -> alpha-3 code (the ``states`` query's ``alpha3`` column) to find the outline.
    title
        The figure's title.
    label
        The colour bar's label.
    cmap
        A matplotlib colour map.

    Returns
    -------
    matplotlib.figure.Figure
        Outlines from Natural Earth 1:110m (:func:`pesco_graph.geometry.country_outlines`) in
        a plate carree projection scaled for 52 degrees north; the value is written on each state.
    """
    import math

    from matplotlib import colormaps
    from matplotlib.collections import PolyCollection
    from matplotlib.colors import Normalize

    from .geometry import country_outlines

    outlines = country_outlines()
    scale = math.cos(math.radians(52))
    colour_map = colormaps[cmap]
    top = max(values.values(), default=1) or 1
    norm = Normalize(vmin=0, vmax=top)
    by_code = {alpha3[k]: k for k in values if k in alpha3}
    fig = _figure(9, 8)
    ax = fig.add_subplot()
    polys, faces, centres = [], [], []
    for code in sorted(outlines):
        rings = outlines[code]
        state = by_code.get(code)
        face = colour_map(norm(values[state])) if state is not None else (0.92, 0.92, 0.92, 1.0)
        for ring in rings:
            polys.append([(x * scale, y) for x, y in ring])
            faces.append(face)
        if state is not None:
            inside = [r for r in rings if EUROPE[0] <= sum(x for x, _ in r) / len(r) <= EUROPE[1]
                      and EUROPE[2] <= sum(y for _, y in r) / len(r) <= EUROPE[3]]
            if inside:
                main = max(inside, key=lambda r: (max(x for x, _ in r) - min(x for x, _ in r))
                           * (max(y for _, y in r) - min(y for _, y in r)))
                cx = (max(x for x, _ in main) + min(x for x, _ in main)) / 2
                cy = (max(y for _, y in main) + min(y for _, y in main)) / 2
                centres.append((cx * scale, cy, f"{state}\n{values[state]:g}", norm(values[state]) > 0.6))
    ax.add_collection(PolyCollection(polys, facecolors=faces, edgecolors="white", linewidths=0.5))
    ax.set_xlim(EUROPE[0] * scale, EUROPE[1] * scale)
    ax.set_ylim(EUROPE[2], EUROPE[3])
    ax.set_aspect("equal")
    ax.set_axis_off()
    dark = [(x, y, t) for x, y, t, d in centres if d]
    light = [(x, y, t) for x, y, t, d in centres if not d]
    centred = ((0, 0), (0, 8), (0, -8), (10, 0), (-10, 0), (12, 10), (-12, 10), (12, -10), (-12, -10))
    place_labels(ax, dark + light, fontsize=6, offsets=centred)
    from matplotlib.cm import ScalarMappable

    fig.colorbar(ScalarMappable(norm=norm, cmap=colour_map), ax=ax, shrink=0.6, label=label)
    ax.set_title(title, fontsize=10)
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
    fig = _figure(4 * cols, 4.2 * rows)
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
