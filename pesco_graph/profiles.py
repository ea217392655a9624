"""Profiles of states, read off the state-project graph: leadership and domain specialisation.

Both take a graph from :func:`pesco_graph.network.bipartite_graph` and count current
memberships (a coordinator is also a member, an observer is not), as the ``state-ranking``
query does.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["leadership", "DomainProfile", "domain_profile"]


def leadership(bipartite: nx.Graph[str]) -> list[dict[str, Any]]:
    """Each state's leadership: the projects it coordinates against the projects it joined.

    Parameters
    ----------
    bipartite
        A state-project graph (:func:`pesco_graph.network.bipartite_graph`).

    Returns
    -------
    list of dict
        One row per state (sorted by code): ``state``, ``label``, ``joined`` (projects it is
        a member of, coordinated ones included), ``coordinated``, ``observed``, ``leadership``
        (coordinated / joined, 0 when it joined none) and ``coordination_share`` (its share of
        all coordinator seats).

    Examples
    --------
    >>> import networkx as nx
    >>> bip = nx.Graph()
    >>> bip.add_node("A", kind="state", label="A")
    >>> bip.add_nodes_from(["p", "q"], kind="project")
    >>> bip.add_edge("A", "p", coordinator=True, member=True, observer=False)
    >>> bip.add_edge("A", "q", coordinator=False, member=True, observer=False)
    >>> leadership(bip)[0]["leadership"]
    0.5
    """
    rows = []
    seats = sum(1 for _, _, d in bipartite.edges(data=True) if d.get("coordinator"))
    nodes = sorted(cast("list[tuple[str, dict[str, Any]]]", list(bipartite.nodes(data=True))))
    for state, data in nodes:
        if data.get("kind") != "state":
            continue
        edges = [bipartite.edges[state, p] for p in bipartite[state]]
        joined = sum(1 for e in edges if e.get("member"))
        coordinated = sum(1 for e in edges if e.get("coordinator"))
        rows.append({
            "state": state,
            "label": data.get("label", state),
            "joined": joined,
            "coordinated": coordinated,
            "observed": sum(1 for e in edges if e.get("observer")),
            "leadership": coordinated / joined if joined else 0.0,
            "coordination_share": coordinated / seats if seats else 0.0,
        })
    return rows


@dataclass(frozen=True)
class DomainProfile:
    """A state x capability-domain table of memberships, with specialisation indices.

    ``counts[(state, domain)]`` is how many projects of ``domain`` the state is a member of.
    States without a membership in a project of known domain, and domains without
    memberships, are left out (their shares are undefined).
    """

    states: tuple[str, ...]
    domains: tuple[str, ...]
    counts: dict[tuple[str, str], int] = field(default_factory=dict)

    def count(self, state: str, domain: str) -> int:
        return self.counts.get((state, domain), 0)

    def state_total(self, state: str) -> int:
        return sum(self.count(state, d) for d in self.domains)

    def domain_total(self, domain: str) -> int:
        return sum(self.count(s, domain) for s in self.states)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def share(self, state: str, domain: str) -> float:
        """The state's share of its memberships that are in ``domain``."""
        return self.count(state, domain) / self.state_total(state)

    def overall_share(self, domain: str) -> float:
        """The share of all memberships that are in ``domain``."""
        return self.domain_total(domain) / self.total

    def specialisation(self, state: str, domain: str) -> float:
        """The state's share of ``domain`` divided by the overall share of ``domain``.

        Above 1: the state takes part in that domain more than the average state does
        (Balassa's revealed comparative advantage, on memberships).
        """
        return self.share(state, domain) / self.overall_share(domain)

    def rows(self) -> list[dict[str, Any]]:
        """Long format: one row per state and domain, sorted."""
        return [
            {"state": s, "domain": d, "projects": self.count(s, d), "share": self.share(s, d),
             "specialisation": self.specialisation(s, d)}
            for s in self.states for d in self.domains
        ]

    def matrix(self, value: str = "specialisation") -> list[list[float]]:
        """States (rows) x domains (columns) of ``projects``, ``share`` or ``specialisation``."""
        get = {"projects": self.count, "share": self.share, "specialisation": self.specialisation}[value]
        return [[float(get(s, d)) for d in self.domains] for s in self.states]

    def to_dataframe(self, value: str = "specialisation") -> Any:
        """:meth:`matrix` as a pandas DataFrame (needs the ``pandas`` extra)."""
        import pandas as pd

        return pd.DataFrame(self.matrix(value), index=list(self.states), columns=list(self.domains))


def domain_profile(bipartite: nx.Graph[str]) -> DomainProfile:
    """Each state's memberships per capability domain.

    Parameters
    ----------
    bipartite
        A state-project graph (:func:`pesco_graph.network.bipartite_graph`).

    Returns
    -------
    DomainProfile
        Counts of memberships in projects of known domain; projects without a domain are not
        counted.

    Examples
    --------
    >>> import networkx as nx
    >>> bip = nx.Graph()
    >>> bip.add_nodes_from(["A", "B"], kind="state")
    >>> bip.add_node("p", kind="project", domain="Space")
    >>> bip.add_node("q", kind="project", domain="Maritime")
    >>> bip.add_edges_from([("A", "p"), ("B", "p"), ("B", "q")], member=True)
    >>> profile = domain_profile(bip)
    >>> profile.specialisation("A", "Space"), profile.specialisation("B", "Maritime")
    (1.5, 1.5)
    """
    counts: dict[tuple[str, str], int] = defaultdict(int)
    for project, data in bipartite.nodes(data=True):
        domain = data.get("domain")
        if data.get("kind") != "project" or domain is None:
            continue
        for state in bipartite[project]:
            if bipartite.edges[state, project].get("member"):
                counts[(state, domain)] += 1
    states = tuple(sorted({s for s, _ in counts}))
    domains = tuple(sorted({d for _, d in counts}))
    return DomainProfile(states, domains, dict(sorted(counts.items())))
