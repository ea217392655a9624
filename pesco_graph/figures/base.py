"""What every figure shares: the palette, a new figure, label placement, date axes, PNG files."""

from __future__ import annotations

import io
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..writers import write_atomic

if TYPE_CHECKING:
    from matplotlib.figure import Figure


__all__ = ['PNG_METADATA', 'PALETTE', 'new_figure', 'place_labels', 'as_dates', 'date_axis', 'save_png']

#: PNG metadata: no ``Software`` entry (it names the matplotlib version); no date is written.
PNG_METADATA: dict[str, Any] = {"Software": None}

PALETTE = ("#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2",
            "#7f7f7f", "#bcbd22", "#17becf")


def new_figure(width: float, height: float) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=100, layout="constrained")
    FigureCanvasAgg(fig)
    return fig


#: Offsets (points) tried in turn for a label, nearest first.
OFFSETS = ((4, 4), (4, -10), (-4, 4), (-4, -10), (4, 14), (-4, 14), (4, -20), (-4, -20), (12, 24),
            (-12, 24), (12, -30), (-12, -30), (20, 34), (-20, 34))


def place_labels(ax: Any, points: Sequence[tuple[Any, float, str]], *, fontsize: float = 7,
                 offsets: Sequence[tuple[float, float]] | None = None, **style: Any) -> list[Any]:
    """Annotate points so that no two labels overlap, deterministically.

    Each label tries the offsets of ``OFFSETS`` in turn and takes the first where its box
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
        The offsets to try (default ``OFFSETS``); ``(0, 0)`` centres a label on its point.
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
        for i, (dx, dy) in enumerate(offsets or OFFSETS):
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


def as_dates(values: Sequence[Any]) -> list[Any]:
    """ISO dates (strings or dates) as datetimes for a date axis."""
    from datetime import date, datetime

    out = []
    for v in values:
        d = v if isinstance(v, date) else date.fromisoformat(str(v)[:10])
        out.append(datetime(d.year, d.month, d.day))
    return out


def date_axis(ax: Any) -> None:
    import matplotlib.dates as mdates

    ax.xaxis.set_major_locator(mdates.YearLocator())  # type: ignore[no-untyped-call]
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))  # type: ignore[no-untyped-call]



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
