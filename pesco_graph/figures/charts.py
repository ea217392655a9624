"""Charts of the measures: rankings, evolution, domain heatmap, leadership, coverage."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from ..coverage import CoverageReport
    from ..profiles import DomainProfile
from .base import as_dates, date_axis, new_figure, place_labels

__all__ = ['ranking_figure', 'evolution_figure', 'heatmap_figure', 'leadership_figure', 'coverage_figure']

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
    fig = new_figure(4.6 * len(keys), 0.3 * n + 1.6)
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
    fig = new_figure(11, 7.5)
    (a, b), (c, d) = fig.subplots(2, 2)
    when = as_dates([r["date"] for r in rows])
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
        date_axis(ax)
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
    fig = new_figure(9, 0.32 * len(states) + 2)
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
    fig = new_figure(8, 6)
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
    fig = new_figure(12, 4.8)
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
        xs = as_dates([c["date"] for c in report.counts])
        right.plot(xs, [c["reported"] for c in report.counts], marker="o", label="reported by official pages")
        right.plot(xs, [c["register"] for c in report.counts], marker="s", linestyle="--",
                   label="in the register")
        place_labels(right, [(x, float(str(c["register"])), f"{c['difference']:+d}")
                             for x, c in zip(xs, report.counts, strict=True) if c["difference"]], fontsize=8)
        date_axis(right)
        right.set_xlabel("date of the report")
        right.legend(fontsize=8, loc="upper left")
    right.set_ylabel("ongoing projects")
    right.set_title("Ongoing projects: reported against the register", fontsize=10)
    right.grid(alpha=0.3)
    return fig


#: Colours of the roles in the timelines.
