"""The state-project graph exactly as ``pesco_graph.network.bipartite_graph`` built it before it
was made faster (commit 92a4487): three named queries read as records, a graph with every
participation, then a filtered copy. ``tests/test_network_speed.py`` holds the new builder to it."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from datetime import date
from typing import Any

import networkx as nx

from pesco_graph.backends import GraphBackend
from pesco_graph.network import ROLES, check_date, in_force
from pesco_graph.network.bipartite import domain_label
from pesco_graph.query import run_query

__all__ = ["reference_bipartite_graph"]


def query_rows(name, graph, params=None):
    return run_query(name, params, graph=graph).records()


def reference_bipartite_graph(
    graph: GraphBackend | None = None,
    *,
    include_closed: bool = True,
    max_wave: int | None = None,
    domain: str | None = None,
    as_of: str | date | None = None,
    bound: str = "attested",
) -> nx.Graph:
    """The state-project graph as the code before the speed work built it."""
    bip: nx.Graph = nx.Graph(name="state-project participations")
    for row in sorted(query_rows("projects", graph), key=lambda r: r["project"]):
        attrs = {"kind": "project", "bipartite": 1, "label": row["name"], "wave": int(row["wave"]),
                 "status": row["status"], "domain": row["domain"], "acronym": row["acronym"]}
        bip.add_node(row["project"], **{k: v for k, v in attrs.items() if v is not None})
    kinds = {r["state"]: (r["stateName"], r["kind"]) for r in query_rows("states", graph)}
    roles: dict[tuple[str, str], set[str]] = defaultdict(set)
    certainty: dict[tuple[str, str], set[str]] = defaultdict(set)
    on = check_date(as_of) if as_of is not None else None
    if on is None:
        rows = query_rows("project-participants", graph)
    else:
        rows = []
        for row in query_rows("participation-dates", graph):
            sure = in_force(row, on, bound)
            if sure is not None:
                rows.append(row)
                certainty[(row["state"], row["project"])].add(sure)
        listed = {int(r["wave"]) for r in query_rows("projects-by-wave", graph) if str(r["date"]) <= on}
        for node in [n for n, d in bip.nodes(data=True) if d["wave"] not in listed]:
            bip.remove_node(node)
        closed = {r["project"] for r in query_rows("participation-dates", graph)
                  if r.get("closed") and on >= str(r["closed"]) + "~"}
        bip.remove_nodes_from(sorted(closed))
    for row in rows:
        roles[(row["state"], row["project"])].add(row["role"])
        kinds.setdefault(row["state"], (row["stateName"], "unknown"))
    for state in sorted({s for s, _ in roles}):
        label, kind = kinds[state]
        bip.add_node(state, kind="state", bipartite=0, label=label, stateKind=kind)
    for (state, project), held in sorted(roles.items()):
        if project not in bip:  # a participation in something that is not a listed project
            continue
        role = next(r for r in ROLES if r in held)
        extra = {}
        if on is not None:
            extra["certainty"] = "certain" if "certain" in certainty[(state, project)] else "attested"
        bip.add_edge(state, project, role=role, **{r: r in held for r in ROLES}, **extra)
    bip.graph.update({"include_closed": include_closed})
    if on is not None:
        # states whose only participations are in projects not listed by then
        alone = [n for n in list(bip) if bip.nodes[n].get("kind") == "state" and not bip[n]]
        bip.remove_nodes_from(alone)
        bip.graph.update({"as_of": on, "bound": bound})
    return reference_select_projects(bip, include_closed=include_closed, max_wave=max_wave,
                                     domain=domain_label(graph, domain) if domain is not None else None)


def reference_select_projects(
    bipartite: nx.Graph,
    *,
    include_closed: bool = True,
    max_wave: int | None = None,
    domain: str | None = None,
) -> nx.Graph:
    def keep(data: Mapping[str, Any]) -> bool:
        if data["kind"] != "project":
            return False
        if not include_closed and data.get("status") != "ongoing":
            return False
        if max_wave is not None and data.get("wave", max_wave + 1) > max_wave:
            return False
        return domain is None or data.get("domain") == domain

    projects = {n for n, d in bipartite.nodes(data=True) if keep(d)}
    states = {s for p in projects for s in bipartite[p]}
    out = bipartite.subgraph([n for n in bipartite if n in projects or n in states]).copy()
    out.graph.update({"include_closed": include_closed})
    if max_wave is not None:
        out.graph["max_wave"] = max_wave
    if domain is not None:
        out.graph["domain"] = domain
    return out
