"""Membership over time as a timeline in plain HTML and CSS (no JavaScript, no images).

One row per state (on a project page) or per project (on a state page); each participation
is a bar from its start to its end (or to the end of the time axis when still running),
coloured by role. Positions are percentages of the axis, rounded, so output is stable.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from .html import esc

__all__ = ["Span", "render_timeline", "ROLE_ORDER"]

ROLE_ORDER = {"member": 0, "observer": 1, "coordinator": 2}


@dataclass(frozen=True)
class Span:
    """One participation on the timeline."""

    row: str  # the row's label (a state's or a project's name)
    row_html: str  # the row's label as HTML (a link)
    role: str  # coordinator, member or observer
    since: date | None
    until: date | None


def _pct(day: date, start: date, end: date) -> float:
    total = max((end - start).days, 1)
    return round(100 * min(max((day - start).days, 0), total) / total, 2)


def render_timeline(spans: list[Span], start: date, end: date) -> str:
    """The timeline of ``spans`` on the axis from ``start`` to ``end``."""
    if not spans:
        return "<p>No participation is recorded.</p>"
    rows: dict[str, list[Span]] = {}
    labels: dict[str, str] = {}
    for span in sorted(spans, key=lambda s: (s.row, ROLE_ORDER.get(s.role, 9), s.since or start)):
        rows.setdefault(span.row, []).append(span)
        labels[span.row] = span.row_html
    out = ['<div class="timeline" role="img" aria-label="participations over time">']
    out.append('<p class="legend">Role:<span class="coordinator"></span>coordinator'
               '<span class="member"></span>member<span class="observer"></span>observer</p>')
    for row, items in rows.items():
        bars = []
        for span in items:
            begin = span.since or start
            finish = span.until or end
            left = _pct(begin, start, end)
            width = max(round(_pct(finish, start, end) - left, 2), 0.0)
            period = f"{span.since.isoformat() if span.since else 'unknown'} to " + (
                span.until.isoformat() if span.until else "now")
            bars.append(f'<span class="bar {esc(span.role)}" style="left:{left}%;width:{width}%" '
                        f'title="{esc(span.role)}, {esc(period)}"></span>')
        out.append(f'<div class="row"><span class="who">{labels[row]}</span>'
                   f'<span class="track">{"".join(bars)}</span></div>')
    ticks = []
    for year in range(start.year + 1, end.year + 1):
        left = _pct(date(year, 1, 1), start, end)
        ticks.append(f'<span style="left:{left}%">{year}</span>')
    out.append(f'<div class="axis">{"".join(ticks)}</div>')
    out.append("</div>")
    return "\n".join(out)
