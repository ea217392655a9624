"""Writing an analysis to a folder: CSV tables, GraphML/GEXF networks, figures and the report."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import figures
from ..backends import GraphBackend
from ..measures import DEFAULT_SEED
from ..network import NETWORK_FORMATS, write_network
from ..writers import write_atomic
from ..writers import write_csv as csv_bytes
from .compute import compute, steps
from .model import RANKED, Analysis, AnalysisResult, Progress
from .report import render_report

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["analyze", "write_csv", "cooperation_for_export", "CENTRALITY_COLUMNS"]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:.6f}"
    return str(value)


def write_csv(path: str | Path, columns: Sequence[str], rows: Sequence[Mapping[str, Any]]) -> Path:
    """Write ``rows`` (dicts) as CSV with ``columns``, floats with 6 decimals, atomically.

    Parameters
    ----------
    path
        The file to write.
    columns
        The columns, in order (keys of the rows).
    rows
        The rows, in the order given.

    Returns
    -------
    pathlib.Path
        ``path``.
    """
    return write_atomic(path, csv_bytes(columns, ([_cell(row.get(c)) for c in columns] for row in rows)))


CENTRALITY_COLUMNS = ("node", "label", "projects", "degree", "strength", "betweenness", "eigenvector",
                      "closeness", "clustering", "weighted_clustering", "core", "strong_core", "community")


def _tables(a: Analysis, folder: Path) -> list[Path]:
    kinds = {n: d["stateKind"] for n, d in a.cooperation.nodes(data=True)}
    centrality = [{**r, "state": r["node"], "stateKind": kinds[r["node"]]} for r in a.centrality]
    edges = [{"stateA": u, "stateB": v, "sharedProjects": d["weight"], "jaccard": d["jaccard"]}
             for u, v, d in sorted(a.cooperation.edges(data=True))]
    coedges = [{"stateA": u, "stateB": v, "sharedProjects": d["weight"]}
               for u, v, d in sorted(a.cocoordination.edges(data=True))]
    leads = [{"coordinator": u, "member": v, "projects": d["weight"]}
             for u, v, d in sorted(a.coordination.edges(data=True))]
    groups = [{"community": i, "size": len(g), "states": " ".join(g)}
              for i, g in enumerate(a.communities.groups, 1)]
    columns = ("state", "label", "stateKind", *CENTRALITY_COLUMNS[2:])
    return [
        write_csv(folder / "centrality.csv", columns, centrality),
        write_csv(folder / "co_participation.csv", ("stateA", "stateB", "sharedProjects", "jaccard"), edges),
        write_csv(folder / "co_coordination.csv", ("stateA", "stateB", "sharedProjects"), coedges),
        write_csv(folder / "coordination.csv", ("coordinator", "member", "projects"), leads),
        write_csv(folder / "communities.csv", ("community", "size", "states"), groups),
        write_csv(folder / "evolution.csv", tuple(a.evolution[0]) if a.evolution else ("wave",), a.evolution),
        write_csv(folder / "leadership.csv", ("state", "label", "joined", "coordinated", "observed",
                                              "leadership", "coordination_share"), a.leadership),
        write_csv(folder / "domain_profile.csv", ("state", "domain", "projects", "share", "specialisation"),
                  a.profile.rows()),
    ]


def cooperation_for_export(a: Analysis) -> nx.Graph[str]:
    """The co-participation graph with every measure as a node attribute (for Gephi)."""
    g = a.cooperation.copy()
    lead = {r["state"]: r for r in a.leadership}
    for row in a.centrality:
        node = row["node"]
        g.nodes[node].update({k: row[k] for k in CENTRALITY_COLUMNS if k not in ("node", "label")})
        g.nodes[node]["coordinated"] = lead[node]["coordinated"] if node in lead else 0
    return g


def _networks(a: Analysis, folder: Path) -> list[Path]:
    graphs = {"cooperation": cooperation_for_export(a), "state_project": a.bipartite,
              "coordination": a.coordination}
    return [write_network(g, fmt, folder / f"{name}{suffix}")
            for name, g in graphs.items() for fmt, suffix in NETWORK_FORMATS.items()]


def _figures(a: Analysis, folder: Path) -> list[Path]:
    eig = {r["node"]: r["eigenvector"] for r in a.centrality}
    drawn = {
        "network.png": figures.network_figure(a.cooperation, a.communities, eig, min_weight=a.min_weight,
                                              seed=a.seed),
        "ranking.png": figures.ranking_figure(a.centrality, RANKED),
        "evolution.png": figures.evolution_figure(a.evolution),
        "domains.png": figures.heatmap_figure(a.profile),
        "leadership.png": figures.leadership_figure(a.leadership),
    }
    return [figures.save_png(fig, folder / name) for name, fig in drawn.items()]


def analyze(
    graph: GraphBackend | None = None,
    out_dir: str | Path = "analysis",
    *,
    include_closed: bool = True,
    seed: int = DEFAULT_SEED,
    progress: Progress | None = None,
) -> AnalysisResult:
    """Run the whole network analysis and write the report, figures, tables and networks.

    Parameters
    ----------
    graph
        The RDF graph (default: the packaged graph).
    out_dir
        The folder to write to (created; files of the same name are replaced).
    include_closed
        Keep projects that are no longer ongoing.
    seed
        Seed of Louvain and of the network layout.
    progress
        Called with a line per step, e.g. ``analyze [3/9] communities (Louvain)``.

    Returns
    -------
    AnalysisResult
        The measures and the paths written.
    """
    out = Path(out_dir)
    a = compute(graph, include_closed=include_closed, seed=seed, progress=progress)
    step = steps(progress)
    result = AnalysisResult(a, out)
    step(6)
    result.files += _tables(a, out / "tables")
    step(7)
    result.files += _networks(a, out / "networks")
    step(8)
    result.files += _figures(a, out / "figures")
    step(9)
    report = render_report(a, [p.relative_to(out) for p in result.files])
    result.files.append(write_atomic(out / "report.md", report.encode("utf-8")))
    return result
