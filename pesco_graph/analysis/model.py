"""What the network analysis computes: the :class:`Analysis` of the networks and measures,
and the :class:`AnalysisResult` of a run that wrote files."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..measures import DEFAULT_SEED, Communities, top

if TYPE_CHECKING:
    import networkx as nx

    from ..profiles import DomainProfile

__all__ = ["STEPS", "RANKED", "Progress", "Analysis", "AnalysisResult"]

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
