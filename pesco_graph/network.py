"""Cooperation networks (NetworkX) built from the results of the named queries.

The networks are built from what the named queries return (``projects``,
``project-participants``, ``states``, ``third-states``, ``projects-by-wave``,
``capability-domains``), never by turning triples into edges, so they mean exactly what the
queries mean: *current* participations, i.e. those without an end date.

- :func:`bipartite_graph`: states and projects, an edge per state and project it takes part
  in, with its roles;
- :func:`state_projection`, :func:`coparticipation_graph`: states linked by the projects they
  are members of together (``weight`` = shared projects, ``jaccard`` = shared projects over
  the projects either is in, ``distance`` = 1 / weight for path-based measures);
- :func:`cocoordination_graph`: states linked by the projects they coordinate together;
- :func:`coordination_graph`: who leads whom, coordinator -> member (directed);
- :func:`third_state_graph`: third states and the projects they were admitted to;
- :func:`wave_graphs`: the cumulative co-participation network after each wave;
- :func:`domain_graph`: the co-participation network of one capability domain.

:func:`write_network` writes any of them as GraphML or GEXF, deterministically.

Examples
--------
>>> from pesco_graph.network import bipartite_graph, state_projection
>>> bip = bipartite_graph()
>>> bip.nodes["military-mobility"]["kind"], bip.nodes["NL"]["kind"]
('project', 'state')
>>> bip.edges["NL", "military-mobility"]["role"]
'coordinator'
>>> states = state_projection(bip)
>>> states.edges["DE", "FR"]["weight"] > 0
True
"""

from __future__ import annotations

import io
import re
from collections import defaultdict
from collections.abc import Mapping
from itertools import combinations
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .backends import GraphBackend
from .errors import ParameterError, PescoGraphError
from .query import run_query
from .vocabularies import ROLES as VOCABULARY_ROLES
from .writers import write_atomic

if TYPE_CHECKING:  # networkx is imported inside the functions (``pesco-graph --help`` stays fast)
    import networkx as nx

__all__ = [
    "ROLES",
    "NETWORK_FORMATS",
    "bipartite_graph",
    "select_projects",
    "state_projection",
    "coparticipation_graph",
    "cocoordination_graph",
    "coordination_graph",
    "third_state_graph",
    "wave_graphs",
    "domain_graph",
    "network_bytes",
    "write_network",
]

#: Roles from the strongest to the weakest; an edge's ``role`` is the strongest it holds.
ROLES = VOCABULARY_ROLES

#: Network export formats and their file suffixes.
NETWORK_FORMATS = {"graphml": ".graphml", "gexf": ".gexf"}


def _rows(name: str, graph: GraphBackend | None, params: Mapping[str, str] | None = None
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
    for row in sorted(_rows("projects", graph), key=lambda r: r["project"]):
        attrs = {"kind": "project", "bipartite": 1, "label": row["name"], "wave": int(row["wave"]),
                 "status": row["status"], "domain": row["domain"], "acronym": row["acronym"]}
        bip.add_node(row["project"], **{k: v for k, v in attrs.items() if v is not None})
    kinds = {r["state"]: (r["stateName"], r["kind"]) for r in _rows("states", graph)}
    roles: dict[tuple[str, str], set[str]] = defaultdict(set)
    for row in _rows("project-participants", graph):
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
                           domain=_domain_label(graph, domain) if domain is not None else None)


def _domain_label(graph: GraphBackend | None, domain: str) -> str:
    """The label of a capability domain given by label or notation."""
    for row in _rows("capability-domains", graph):
        if domain in (row["notation"], row["domain"]):
            return str(row["domain"])
    known = ", ".join(str(r["notation"]) for r in _rows("capability-domains", graph))
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


def _projects_of(bipartite: nx.Graph[str], role: str) -> dict[str, list[str]]:
    """For each project, the sorted states holding ``role`` in it."""
    out: dict[str, list[str]] = {}
    for node, data in bipartite.nodes(data=True):
        if data["kind"] == "project":
            out[node] = sorted(s for s in bipartite[node] if bipartite.edges[s, node].get(role))
    return out


def state_projection(bipartite: nx.Graph[str], role: str = "member") -> nx.Graph[str]:
    """States linked by the projects in which both hold ``role``.

    Parameters
    ----------
    bipartite
        A graph from :func:`bipartite_graph`.
    role
        ``member`` (default: co-participation, coordinators included since a coordinator is
        also a member) or ``coordinator`` (co-coordination).

    Returns
    -------
    networkx.Graph
        Nodes: the states holding ``role`` in at least one project, with ``label``,
        ``stateKind`` and ``projects`` (how many projects they hold ``role`` in). Edges:
        ``weight`` (projects shared), ``jaccard`` (shared projects divided by the projects
        either state is in: a normalised weight in (0, 1]) and ``distance`` (1 / weight, for
        shortest paths: the more projects two states share, the closer they are).

    Notes
    -----
    This is the weighted one-mode projection of the two-mode network (Newman 2001), with the
    Jaccard index as normalisation.

    Examples
    --------
    >>> import networkx as nx
    >>> bip = nx.Graph()
    >>> bip.add_nodes_from(["A", "B", "C"], kind="state", label="", stateKind="participating")
    >>> bip.add_nodes_from(["p", "q"], kind="project")
    >>> bip.add_edges_from([("A", "p"), ("B", "p"), ("A", "q"), ("B", "q"), ("C", "q")], member=True)
    >>> g = state_projection(bip)
    >>> g.edges["A", "B"]["weight"], g.edges["A", "C"]["jaccard"]
    (2, 0.5)
    """
    import networkx as nx

    if role not in ROLES:
        raise ParameterError(f"unknown role {role!r}; choose one of {', '.join(ROLES)}")
    holders = _projects_of(bipartite, role)
    counts: dict[str, int] = defaultdict(int)
    shared: dict[tuple[str, str], int] = defaultdict(int)
    for states in holders.values():
        for state in states:
            counts[state] += 1
        for a, b in combinations(states, 2):
            shared[(a, b)] += 1
    name = "co-participation" if role == "member" else f"co-{role}"
    out: nx.Graph[str] = nx.Graph(name=f"{name} of states", role=role)
    for state in sorted(counts):
        data = bipartite.nodes[state]
        out.add_node(state, label=data.get("label", state), stateKind=data.get("stateKind", "unknown"),
                     projects=counts[state])
    for (a, b), weight in sorted(shared.items()):
        out.add_edge(a, b, weight=weight, jaccard=weight / (counts[a] + counts[b] - weight),
                     distance=1.0 / weight)
    for key in ("include_closed", "max_wave", "domain"):
        if key in bipartite.graph:
            out.graph[key] = bipartite.graph[key]
    return out


def coparticipation_graph(
    graph: GraphBackend | None = None,
    *,
    include_closed: bool = True,
    max_wave: int | None = None,
    domain: str | None = None,
) -> nx.Graph[str]:
    """The weighted co-participation network of states.

    Parameters
    ----------
    graph, include_closed, max_wave, domain
        As for :func:`bipartite_graph`.

    Returns
    -------
    networkx.Graph
        See :func:`state_projection`; ``weight`` equals the ``co-participation`` query's
        ``sharedProjects`` and each node's ``projects`` the ``state-ranking`` query's
        ``projects``.
    """
    bip = bipartite_graph(graph, include_closed=include_closed, max_wave=max_wave, domain=domain)
    return state_projection(bip, "member")


def cocoordination_graph(graph: GraphBackend | None = None, *, include_closed: bool = True) -> nx.Graph[str]:
    """States linked by the projects they coordinate together.

    Parameters
    ----------
    graph, include_closed
        As for :func:`bipartite_graph`.

    Returns
    -------
    networkx.Graph
        Nodes: every state coordinating at least one project (``projects`` = how many);
        edges: ``weight`` = projects both coordinate (most projects have one coordinator, so
        most nodes are isolated).
    """
    return state_projection(bipartite_graph(graph, include_closed=include_closed), "coordinator")


def coordination_graph(bipartite: nx.Graph[str]) -> nx.DiGraph[str]:
    """Who leads whom: an arc from each coordinator to each other member of its projects.

    Parameters
    ----------
    bipartite
        A graph from :func:`bipartite_graph`.

    Returns
    -------
    networkx.DiGraph
        Arcs ``coordinator -> member`` with ``weight`` = the projects in which the first
        coordinates and the second is a member. Nodes carry ``label`` and ``stateKind``.

    Examples
    --------
    >>> g = coordination_graph(bipartite_graph())
    >>> g.has_edge("NL", "DE")  # the Netherlands coordinate Military Mobility
    True
    """
    import networkx as nx

    leads = _projects_of(bipartite, "coordinator")
    members = _projects_of(bipartite, "member")
    weights: dict[tuple[str, str], int] = defaultdict(int)
    for project, coordinators in leads.items():
        for a in coordinators:
            for b in members[project]:
                if a != b:
                    weights[(a, b)] += 1
    out: nx.DiGraph[str] = nx.DiGraph(name="coordinator to member")
    for state in sorted({s for pair in weights for s in pair}):
        data = bipartite.nodes[state]
        out.add_node(state, label=data.get("label", state), stateKind=data.get("stateKind", "unknown"))
    for (a, b), weight in sorted(weights.items()):
        out.add_edge(a, b, weight=weight)
    return out


def third_state_graph(graph: GraphBackend | None = None) -> nx.Graph[str]:
    """Third states linked to the projects they were admitted to.

    Parameters
    ----------
    graph
        The RDF graph to query (default: the packaged graph).

    Returns
    -------
    networkx.Graph
        From the ``third-states`` query: state nodes (``kind`` ``state``, ``label``) and
        project nodes (``kind`` ``project``, ``label``, ``wave``, ``status``, ``domain``), an
        edge per admission with the admitting ``decision`` (its ELI) and ``since``.
    """
    import networkx as nx

    projects = {r["project"]: r for r in _rows("projects", graph)}
    out: nx.Graph[str] = nx.Graph(name="third states in projects")
    rows = sorted(_rows("third-states", graph), key=lambda r: (r["state"], r["project"], r["since"]))
    for row in rows:
        out.add_node(row["state"], kind="state", bipartite=0, label=row["stateName"], stateKind="third")
    for row in sorted(rows, key=lambda r: r["project"]):
        info = projects.get(row["project"], {})
        attrs = {"kind": "project", "bipartite": 1, "label": info.get("name", row["project"]),
                 "wave": info.get("wave"), "status": info.get("status"), "domain": info.get("domain")}
        out.add_node(row["project"], **{k: v for k, v in attrs.items() if v is not None})
    for row in rows:
        out.add_edge(row["state"], row["project"], decision=row["decision"], since=str(row["since"]))
    return out


def wave_graphs(
    graph: GraphBackend | None = None,
    *,
    include_closed: bool = True,
    bipartite: nx.Graph[str] | None = None,
) -> dict[int, nx.Graph[str]]:
    """The cumulative co-participation network after each wave.

    Parameters
    ----------
    graph, include_closed
        As for :func:`bipartite_graph`.
    bipartite
        An already built :func:`bipartite_graph` to filter instead of querying again.

    Returns
    -------
    dict of int to networkx.Graph
        For each wave ``w`` (ascending), :func:`state_projection` of the projects listed in
        waves 1 to ``w`` with their current members. The graph attributes hold ``wave``,
        ``date`` (of the wave) and ``projects`` (how many projects it covers).

    Notes
    -----
    Members are today's members of those projects, not the members at the wave's date: many
    participations are only dated by the page that attests them, so an "as of" network would
    understate early cooperation.
    """
    if bipartite is None:
        bipartite = bipartite_graph(graph, include_closed=include_closed)
    out = {}
    for row in sorted(_rows("projects-by-wave", graph), key=lambda r: int(r["wave"])):
        wave = int(row["wave"])
        bip = select_projects(bipartite, include_closed=include_closed, max_wave=wave)
        g = state_projection(bip)
        g.graph.update({"wave": wave, "date": str(row["date"]),
                        "projects": sum(1 for _, d in bip.nodes(data=True) if d["kind"] == "project")})
        out[wave] = g
    return out


def domain_graph(graph: GraphBackend | None, domain: str, *, include_closed: bool = True) -> nx.Graph[str]:
    """The co-participation network of the projects of one capability domain.

    Parameters
    ----------
    graph, include_closed
        As for :func:`bipartite_graph`.
    domain
        A capability domain by notation (``maritime``, ``cyber-c4isr``, ...) or label.

    Returns
    -------
    networkx.Graph
        See :func:`state_projection`; ``graph.graph["domain"]`` is the domain's label.

    Examples
    --------
    >>> g = domain_graph(None, "space")
    >>> g.graph["domain"]
    'Space'
    """
    return coparticipation_graph(graph, include_closed=include_closed, domain=domain)


# -- writing -------------------------------------------------------------------------------

_SCALARS = (str, int, float, bool)


def _clean(attrs: Mapping[str, Any]) -> dict[str, Any]:
    """Attributes GraphML and GEXF can hold: no None, sequences joined with ';', floats rounded
    to 10 decimals, sorted keys."""
    out: dict[str, Any] = {}
    for key in sorted(attrs):
        value = attrs[key]
        if value is None:
            continue
        if isinstance(value, float):
            value = round(value, 10)  # last-bit noise of iterative algorithms must not change bytes
        elif isinstance(value, (list, tuple, set, frozenset)):
            value = ";".join(sorted(str(v) for v in value))
        elif not isinstance(value, _SCALARS):
            value = str(value)
        out[str(key)] = value
    return out


def _canonical(g: nx.Graph[str]) -> nx.Graph[str]:
    """A copy of ``g`` with nodes and edges in sorted order and clean attributes."""
    out = g.__class__()
    out.graph.update(_clean(g.graph))
    for node in sorted(g.nodes, key=str):
        out.add_node(str(node), **_clean(g.nodes[node]))

    def ends(u: Any, v: Any) -> tuple[str, str]:
        a, b = str(u), str(v)
        return (a, b) if g.is_directed() or a <= b else (b, a)

    for a, b, data in sorted(((*ends(u, v), d) for u, v, d in g.edges(data=True)), key=lambda e: e[:2]):
        out.add_edge(a, b, **_clean(data))
    return out


_GEXF_DATE = re.compile(rb'\s*lastmodifieddate="[^"]*"')


def network_bytes(g: nx.Graph[str], fmt: str) -> bytes:
    """``g`` serialised as GraphML or GEXF, deterministically.

    Parameters
    ----------
    g
        Any NetworkX graph or digraph (not a multigraph).
    fmt
        ``graphml`` or ``gexf``.

    Returns
    -------
    bytes
        The document: nodes and edges sorted, None attributes left out, floats rounded to 10
        decimals, and no date of writing (GEXF's optional ``lastmodifieddate``), so the same graph gives the
        same bytes.
    """
    import networkx as nx

    if fmt not in NETWORK_FORMATS:
        raise PescoGraphError(f"unknown network format {fmt!r}; choose one of {', '.join(NETWORK_FORMATS)}")
    canonical = _canonical(g)
    buffer = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml_xml(canonical, buffer, encoding="utf-8", prettyprint=True)
        return buffer.getvalue()
    nx.write_gexf(canonical, buffer, encoding="utf-8", prettyprint=True)
    return _GEXF_DATE.sub(b"", buffer.getvalue(), count=1)


def write_network(g: nx.Graph[str], fmt: str, path: str | Path) -> Path:
    """Write ``g`` as GraphML or GEXF (for Gephi) to ``path``, atomically.

    Parameters
    ----------
    g
        A NetworkX graph, e.g. from :func:`bipartite_graph`.
    fmt
        ``graphml`` or ``gexf``.
    path
        The file to write (its folder is created).

    Returns
    -------
    pathlib.Path
        ``path``.

    Examples
    --------
    >>> import tempfile, networkx as nx
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     path = write_network(nx.path_graph(3), "gexf", f"{tmp}/p.gexf")
    ...     sorted(nx.read_gexf(path).nodes)
    ['0', '1', '2']
    """

    return write_atomic(path, network_bytes(g, fmt))

