"""Membership timelines: each state a row, each role a coloured span."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.figure import Figure

from .base import as_dates, date_axis, new_figure

__all__ = ['ROLE_COLOURS', 'timeline_figure']

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
    starts = as_dates([r.get("since") or r.get("attestedOn") for r in keyed])
    ends = [r.get("until") for r in keyed]
    known = [d for d in starts] + as_dates([e for e in ends if e])
    end_all = as_dates([today])[0] if today else (max(known) + timedelta(days=365) if known else None)
    fig = new_figure(10, 0.26 * len(lanes) + 2.2)
    ax = fig.add_subplot()
    first = min(starts) if starts else None
    for r, start, end in zip(keyed, starts, ends, strict=True):
        y = lanes.index(f"{r['state']} {r['role']}")
        stop = as_dates([end])[0] if end else end_all
        colour = ROLE_COLOURS.get(r["role"], "#7f7f7f")
        attested = not r.get("since")
        ax.barh(y, stop - start, left=start, height=0.6, color=colour, alpha=0.45 if attested else 0.9,
                hatch="///" if attested else None, edgecolor=colour)
        if attested and first is not None and first < start:
            ax.plot([first, start], [y, y], linestyle=":", color=colour, linewidth=1)
    ax.set_yticks(range(len(lanes)), lanes, fontsize=7)
    ax.invert_yaxis()
    date_axis(ax)
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
