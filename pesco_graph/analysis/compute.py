"""Building the networks from the named queries and computing the measures on them."""

from __future__ import annotations

from collections.abc import Callable

from .. import network
from ..backends import GraphBackend
from ..measures import (
    DEFAULT_SEED,
    backbone,
    centrality_table,
    communities,
    core_numbers,
    evolution,
    network_summary,
)
from ..profiles import domain_profile, leadership
from .model import STEPS, Analysis, Progress

__all__ = ["compute", "steps"]


def steps(progress: Progress | None) -> Callable[[int], None]:
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
    step = steps(progress)
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
