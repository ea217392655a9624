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

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import figures, network
from .backends import GraphBackend
from .measures import (
    DEFAULT_SEED,
    Communities,
    backbone,
    centrality_table,
    communities,
    core_numbers,
    evolution,
    network_summary,
    top,
)
from .network import NETWORK_FORMATS, write_network
from .profiles import domain_profile, leadership
from .report import render_report
from .writers import write_atomic

if TYPE_CHECKING:
    import networkx as nx

    from .profiles import DomainProfile

__all__ = ["STEPS", "Analysis", "AnalysisResult", "compute", "analyze", "write_csv", "cooperation_for_export"]

Progress = Callable[[str], None]

STEPS = (
    "building the networks from the named queries",
    "centrality, clustering and k-cores",
    "communities (Louvain)",
    "evolution over the waves",
    "leadership and domain profiles",
    "writing the CSV tables",
    "writing the GraphML and GEXF networks",
    "drawing the figures",
    "writing the report",
)

#: Measures shown in the ranking figure, with their titles.
RANKED = {
    "strength": "Strength (shared projects, summed)",
    "eigenvector": "Eigenvector centrality (weighted)",
    "betweenness": "Betweenness centrality (distance 1/weight)",
}


@dataclass
class Analysis:
    """The networks and the measures computed on them (see :func:`compute`)."""

    bipartite: nx.Graph[str]
    cooperation: nx.Graph[str]
    strong: nx.Graph[str]
    cocoordination: nx.Graph[str]
    coordination: nx.DiGraph[str]
    third_states: nx.Graph[str]
    waves: dict[int, nx.Graph[str]]
    centrality: list[dict[str, Any]]
    communities: Communities
    summary: dict[str, Any]
    strong_summary: dict[str, Any]
    evolution: list[dict[str, Any]]
    leadership: list[dict[str, Any]]
    profile: DomainProfile
    include_closed: bool = True
    seed: int = DEFAULT_SEED
    min_weight: float = 2

    def ranking(self, key: str, n: int = 3) -> list[str]:
        """The ``n`` states with the highest ``key`` (a :attr:`centrality` column)."""
        return [r["node"] for r in top(self.centrality, key, n)]


@dataclass
class AnalysisResult:
    """What :func:`analyze` computed and the files it wrote."""

    analysis: Analysis
    out_dir: Path
    files: list[Path] = field(default_factory=list)

    @property
    def report(self) -> Path:
        return self.out_dir / "report.md"

    def to_text(self) -> str:
        """A short summary for the terminal."""
        a = self.analysis
        lines = [
            f"co-participation network: {a.summary['nodes']} states, {a.summary['edges']} ties "
            f"(density {a.summary['density']:.3f})",
            f"most central by betweenness: {', '.join(a.ranking('betweenness'))}",
            f"most central by eigenvector: {', '.join(a.ranking('eigenvector'))}",
            f"communities: {len(a.communities)} (modularity {a.communities.modularity:.3f})",
            f"wrote {len(self.files)} files to {self.out_dir}; read {self.report}",
        ]
        return "\n".join(lines)


def _steps(progress: Progress | None) -> Callable[[int], None]:
    def step(i: int) -> None:
        if progress is not None:
            progress(f"analyze [{i}/{len(STEPS)}] {STEPS[i - 1]}")

    return step


def compute(
    graph: GraphBackend | None = None,
    *,
    include_closed: bool = True,
    seed: int = DEFAULT_SEED,
    min_weight: float = 2,
    progress: Progress | None = None,
) -> Analysis:
    """Build the cooperation networks and compute every measure of the report.

    Parameters
    ----------
    graph
        The RDF graph (default: the packaged graph).
    include_closed
        Keep projects that are no longer ongoing.
    seed
        Seed of Louvain (and, in :func:`analyze`, of the layout).
    min_weight
        A strong tie links states sharing at least this many projects.
    progress
        Called with a line per step.

    Returns
    -------
    Analysis
    """
    step = _steps(progress)
    step(1)
    bip = network.bipartite_graph(graph, include_closed=include_closed)
    cooperation = network.state_projection(bip, "member")
    strong = backbone(cooperation, min_weight)
    cocoordination = network.state_projection(bip, "coordinator")
    coordination = network.coordination_graph(bip)
    third = network.third_state_graph(graph)
    waves = network.wave_graphs(graph, include_closed=include_closed, bipartite=bip)
    step(2)
    table = centrality_table(cooperation)
    strong_cores = core_numbers(strong)
    for row in table:
        row["strong_core"] = strong_cores[row["node"]]
        row["projects"] = cooperation.nodes[row["node"]]["projects"]
    step(3)
    found = communities(cooperation, seed=seed)
    membership = found.membership()
    for row in table:
        row["community"] = membership[row["node"]]
    step(4)
    evo = evolution(waves, min_weight=min_weight, seed=seed)
    step(5)
    lead = leadership(bip)
    profile = domain_profile(bip)
    return Analysis(
        bipartite=bip, cooperation=cooperation, strong=strong, cocoordination=cocoordination,
        coordination=coordination, third_states=third, waves=waves, centrality=table,
        communities=found, summary=network_summary(cooperation), strong_summary=network_summary(strong),
        evolution=evo, leadership=lead, profile=profile, include_closed=include_closed, seed=seed,
        min_weight=min_weight,
    )


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

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return write_atomic(path, out.getvalue().encode("utf-8"))


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
    step = _steps(progress)
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
