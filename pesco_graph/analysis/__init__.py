"""The network analysis behind ``pesco-graph analyze``: networks, measures, files, report.

:func:`compute` builds the networks from the named queries and computes the measures (in
memory, for notebooks); :func:`analyze` also writes everything to a folder::

    report.md            the report, for a person to read
    figures/*.png        network, rankings, evolution, domain heatmap, leadership
    tables/*.csv         the metric tables
    networks/*.graphml   the networks, for Gephi or any graph tool (also as .gexf)

Everything is deterministic: the same data gives byte-identical tables, networks and report
(fixed seeds, sorted orders, rounded floats).
"""

from .compute import compute
from .model import STEPS, Analysis, AnalysisResult
from .output import analyze, cooperation_for_export, write_csv

__all__ = ["STEPS", "Analysis", "AnalysisResult", "compute", "analyze", "write_csv", "cooperation_for_export"]
