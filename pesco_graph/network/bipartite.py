from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..backends import GraphBackend
from ..errors import ParameterError
from ..query import run_query
from ..vocabularies import ROLES as VOCABULARY_ROLES

if TYPE_CHECKING:  # networkx is imported inside the functions (``pesco-graph --help`` stays fast)
    import networkx as nx

__all__ = ["ROLES", "bipartite_graph", "select_projects", "query_rows", "domain_label"]


#: Roles from the strongest to the weakest; an edge's ``role`` is the strongest it holds.
ROLES = VOCABULARY_ROLES

def query_rows(name: str, graph: GraphBackend | None, params: Mapping[str, str] | None = None
          ) -> list[dict[str, Any]]:
    return run_query(name, params, graph=graph).records()


def bipartite_graph(
    graph: GraphBackend | None = None,
    *,
    include_closed: bool = True,
    max_wave: int | None = None,
    domain: str | None = None,
) -> nx.Graph[str]:
    """The state-project graph of current participations, roles on the edges.

    Parameters
    ----------
    graph
        The RDF graph to query (default: the packaged graph).
    include_closed
        Keep projects that are no longer ongoing (closed, completed, merged). Default True.
    max_wave
        Keep only projects listed in this wave or an earlier one.
    domain
        Keep only projects of this capability domain (its label, e.g. ``"Maritime"``, or its
        notation, e.g. ``"maritime"``).

    Returns
    -------
    networkx.Graph
        Nodes are alpha-2 codes of states and slugs of projects (they cannot collide: codes are
        upper case, slugs lower case). Node attributes: ``kind`` (``state`` or ``project``),
        ``label``, ``bipartite`` (0 states, 1 projects); projects also have ``wave``,
        ``status`` and, when known, ``domain`` and ``acronym``; states have ``stateKind``
        (``participating``, ``non-participating``, ``third``). Edge attributes: ``role`` (the
        strongest role held, see :data:`ROLES`) and the booleans ``coordinator``, ``member``
        and ``observer``. Every project is a node (even one without known participants);
        a state is a node when it holds at least one role in a kept project. No attribute is
        ever None.

    Examples
    --------
    >>> bip = bipartite_graph(include_closed=False)
    >>> all(d["status"] == "ongoing" for _, d in bip.nodes(data=True) if d["kind"] == "project")
    True
    """
    import networkx as nx

    bip: nx.Graph[str] = nx.Graph(name="state-project participations")
    for row in sorted(query_rows("projects", graph), key=lambda r: r["project"]):
        attrs = {"kind": "project", "bipartite": 1, "label": row["name"], "wave": int(row["wave"]),
                 "status": row["status"], "domain": row["domain"], "acronym": row["acronym"]}
        bip.add_node(row["project"], **{k: v for k, v in attrs.items() if v is not None})
    kinds = {r["state"]: (r["stateName"], r["kind"]) for r in query_rows("states", graph)}
    roles: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in query_rows("project-participants", graph):
        roles[(row["state"], row["project"])].add(row["role"])
        kinds.setdefault(row["state"], (row["stateName"], "unknown"))
    for state in sorted({s for s, _ in roles}):
        label, kind = kinds[state]
        bip.add_node(state, kind="state", bipartite=0, label=label, stateKind=kind)
    for (state, project), held in sorted(roles.items()):
        if project not in bip:  # a participation in something that is not a listed project
            continue
        role = next(r for r in ROLES if r in held)
        bip.add_edge(state, project, role=role, **{r: r in held for r in ROLES})
    bip.graph.update({"include_closed": include_closed})
    return select_projects(bip, include_closed=include_closed, max_wave=max_wave,
                           domain=domain_label(graph, domain) if domain is not None else None)


def domain_label(graph: GraphBackend | None, domain: str) -> str:
    """The label of a capability domain given by label or notation."""
    for row in query_rows("capability-domains", graph):
        if domain in (row["notation"], row["domain"]):
            return str(row["domain"])
    known = ", ".join(str(r["notation"]) for r in query_rows("capability-domains", graph))
    raise ParameterError(f"unknown capability domain {domain!r}; known: {known}")


def select_projects(
    bipartite: nx.Graph[str],
    *,
    include_closed: bool = True,
    max_wave: int | None = None,
    domain: str | None = None,
) -> nx.Graph[str]:
    """A copy of a state-project graph keeping only some projects.

    Parameters
    ----------
    bipartite
        A graph from :func:`bipartite_graph`.
    include_closed
        Keep projects whose status is not ``ongoing``.
    max_wave
        Keep projects of this wave or an earlier one.
    domain
        Keep projects of the capability domain with this label.

    Returns
    -------
    networkx.Graph
        The kept projects, and the states that still hold a role in one of them, in the
        original order.
    """

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
