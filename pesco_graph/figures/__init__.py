"""Figures of the cooperation analysis, drawn with matplotlib's Agg canvas.

Each ``*_figure`` function returns a :class:`matplotlib.figure.Figure` (it displays in a
notebook) without touching ``pyplot``'s global state; :func:`save_png` writes one
deterministically: fixed-seed layouts, sorted orders and no date or software version in the
PNG's metadata. matplotlib is imported inside the functions (the ``plot`` extra).
"""

from __future__ import annotations

from .base import PNG_METADATA, place_labels, save_png
from .charts import coverage_figure, evolution_figure, heatmap_figure, leadership_figure, ranking_figure
from .maps import map_figure
from .network import backbone_edges, network_figure, snapshots_figure
from .timeline import timeline_figure

__all__ = [
    "PNG_METADATA", "network_figure", "ranking_figure", "evolution_figure", "heatmap_figure",
    "leadership_figure", "coverage_figure", "timeline_figure", "map_figure", "snapshots_figure",
    "backbone_edges", "place_labels", "save_png",
]
