"""Choropleth maps of Europe, drawn offline from Natural Earth shapes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from matplotlib.figure import Figure

from .base import new_figure, place_labels

__all__ = ['EUROPE', 'map_figure']

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

    from ..geometry import country_outlines

    outlines = country_outlines()
    scale = math.cos(math.radians(52))
    colour_map = colormaps[cmap]
    top = max(values.values(), default=1) or 1
    norm = Normalize(vmin=0, vmax=top)
    by_code = {alpha3[k]: k for k in values if k in alpha3}
    fig = new_figure(9, 8)
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
