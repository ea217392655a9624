from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from ..backends import GraphBackend
from ..errors import ParameterError, QueryError
from ..query import SelectResult, run_query
from ..vocabularies import ROLES as VOCABULARY_ROLES

if TYPE_CHECKING:  # networkx is imported inside the functions (``pesco-graph --help`` stays fast)
    import networkx as nx

__all__ = [
    "ROLES", "BOUNDS", "bipartite_graph", "select_projects", "query_rows", "domain_label", "in_force",
    "check_date",
]


#: Roles from the strongest to the weakest; an edge's ``role`` is the strongest it holds.
ROLES = VOCABULARY_ROLES

#: Which participations count as of a date, from the fewest to the most:
#: ``certain`` those whose start date a source gives (started by then); ``attested`` also those
#: without a start date that a source showed by then; ``upper`` also those a source only showed
#: later, when they could have begun by then (project listed, state in PESCO, third state admitted).
BOUNDS = ("certain", "attested", "upper")


def check_date(value: str | date, name: str = "as_of") -> str:
    """``value`` as an ISO date string (YYYY-MM-DD); a clear :class:`ParameterError` otherwise."""
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    try:
        date.fromisoformat(text)
    except ValueError:
        raise ParameterError(f"{name}: {value!r} is not a date (YYYY-MM-DD)") from None
    if len(text) != 10:
        raise ParameterError(f"{name}: {value!r} is not a date (YYYY-MM-DD)")
    return text


def in_force(row: Mapping[str, Any], on: str, bound: str = "attested") -> str | None:
    """Whether a ``participation-dates`` row held on the day ``on``, and how sure that is.

    Returns ``"certain"`` (it started by then, from a source's start date), ``"attested"``
    (no start date is known and a source showed it by then, or, with ``bound="upper"``, a
    source showed it later and it could have begun by then), or None (not in force).
    """
    if bound not in BOUNDS:
        raise ParameterError(f"bound: {bound!r} is not one of {', '.join(BOUNDS)}")
    until, closed = row.get("until"), row.get("closed")
    if until and str(until) <= on:
        return None
    # a closing date may be a year-month: the project counts on each day of that month ("~"
    # sorts after every digit and "-"), as in the state-counts query
    if closed and on >= str(closed) + "~":
        return None
    since, attested = row.get("since"), row.get("attestedOn")
    if since:
        return "certain" if str(since) <= on else None
    if bound == "certain" or not attested:
        return None
    if str(attested) <= on:
        return "attested"
    if bound == "upper" and row.get("earliest") and str(row["earliest"]) <= on:
        return "attested"
    return None

def query_rows(name: str, graph: GraphBackend | None, params: Mapping[str, str] | None = None
          ) -> list[dict[str, Any]]:
    return run_query(name, params, graph=graph).records()


def bipartite_graph(
    graph: GraphBackend | None = None,
    *,
    include_closed: bool = True,
    max_wave: int | None = None,
    domain: str | None = None,
    as_of: str | date | None = None,
    bound: str = "attested",
) -> nx.Graph[str]:
    """The state-project graph of current participations (or of those in force on a date),
    roles on the edges.

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
    as_of
        A date (``YYYY-MM-DD`` or :class:`datetime.date`): keep the participations in force on
        that day, in the projects listed by then and not closed by then, instead of the
        current ones. Default: today's participations, as the named queries give them.
    bound
        With ``as_of``, which participations count (see :data:`BOUNDS`): ``certain`` (a
        lower bound), ``attested`` (default: also those a source showed by then) or ``upper``
        (also those a source showed later that could have begun by then).

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
        ever None. With ``as_of``, each edge also has ``certainty`` (``certain`` when one of
        its participations has a start date by then, else ``attested``) and
        ``graph.graph`` holds ``as_of`` and ``bound``.

    Examples
    --------
    >>> bip = bipartite_graph(include_closed=False)
    >>> all(d["status"] == "ongoing" for _, d in bip.nodes(data=True) if d["kind"] == "project")
    True
    >>> first = bipartite_graph(as_of="2018-03-06")
    >>> "DK" in first, "US" in first, first.edges["NL", "military-mobility"]["certainty"]
    (False, False, 'certain')
    """
    import networkx as nx

    # the kept projects, their states and the edges are worked out first and the graph built
    # once, in the order the filtered copy of the full graph had (projects by slug, then states,
    # edges by state and project), without building the full graph or copying it; the answers
    # are read as columns and the roles held as bits, so that few objects live long enough to
    # keep the garbage collector busy
    on = check_date(as_of) if as_of is not None else None
    nodes: dict[str, dict[str, Any]] = {}
    for project, name, acronym, wave, domain_, status in sorted(
            _rows("projects", graph, "project", "name", "acronym", "wave", "domain", "status"),
            key=itemgetter(0)):
        attrs = {"kind": "project", "bipartite": 1, "label": name, "wave": int(wave), "status": status,
                 "domain": domain_, "acronym": acronym}
        nodes.setdefault(project, {}).update({k: v for k, v in attrs.items() if v is not None})
    kinds = {s: (name, kind) for s, name, kind in _rows("states", graph, "state", "stateName", "kind")}
    held: dict[str, dict[str, int]] = defaultdict(dict)  # state -> project -> bits of the roles held
    certain: dict[str, set[str]] = defaultdict(set)  # state -> projects with a dated participation
    if on is None:
        rows: Iterable[tuple[Any, ...]] = _rows("project-participants", graph, "state", "project", "role",
                                                "stateName")
    else:
        dated = []
        dates = query_rows("participation-dates", graph)
        for row in dates:
            sure = in_force(row, on, bound)
            if sure is not None:
                dated.append((row["state"], row["project"], row["role"], row["stateName"]))
                if sure == "certain":
                    certain[row["state"]].add(row["project"])
        rows = dated
        listed = {int(r["wave"]) for r in query_rows("projects-by-wave", graph) if str(r["date"]) <= on}
        closed = {r["project"] for r in dates if r.get("closed") and on >= str(r["closed"]) + "~"}
        nodes = {p: d for p, d in nodes.items() if d["wave"] in listed and p not in closed}
    for state, project, role, state_name in rows:
        projects = held[state]
        projects[project] = projects.get(project, 0) | _ROLE_BITS.get(role, 0)
        if state not in kinds:
            kinds[state] = (state_name, "unknown")
    label = domain_label(graph, domain) if domain is not None else None
    kept = {p: d for p, d in nodes.items() if _keep(d, include_closed, max_wave, label)}
    states = sorted(s for s, projects in held.items() if not kept.keys().isdisjoint(projects))
    templates: dict[tuple[int, bool], dict[str, Any]] = {}

    def edges() -> Iterator[tuple[str, str, dict[str, Any]]]:
        for state in states:
            projects = held[state]
            for project in sorted(projects):
                if project not in kept:  # not a listed project, or one left out
                    continue
                key = (projects[project], project in certain[state] if on is not None else False)
                if key not in templates:
                    bits = key[0]
                    data = {"role": next(r for r in ROLES if bits & _ROLE_BITS[r]),
                            **{r: bool(bits & _ROLE_BITS[r]) for r in ROLES}}
                    if on is not None:
                        data["certainty"] = "certain" if key[1] else "attested"
                    templates[key] = data
                yield state, project, templates[key]  # add_edges_from copies it into a dict of its own

    bip: nx.Graph[str] = nx.Graph(name="state-project participations", include_closed=include_closed)
    bip.add_nodes_from(kept.items())
    bip.add_nodes_from((state, {"kind": "state", "bipartite": 0, "label": kinds[state][0],
                                "stateKind": kinds[state][1]}) for state in states)
    bip.add_edges_from(edges())
    if on is not None:
        bip.graph.update({"as_of": on, "bound": bound})
    if max_wave is not None:
        bip.graph["max_wave"] = max_wave
    if label is not None:
        bip.graph["domain"] = label
    return bip


_ROLE_BITS = {role: 1 << i for i, role in enumerate(ROLES)}


def _rows(name: str, graph: GraphBackend | None, *columns: str) -> Iterator[tuple[Any, ...]]:
    """The rows of the named query ``name`` (run without parameters), only ``columns``, in that
    order; read from the answer's columns, a tuple at a time."""
    result = run_query(name, graph=graph)
    if not isinstance(result, SelectResult):  # pragma: no cover - the catalog's queries are SELECTs
        raise QueryError(f"query {name!r} is not a SELECT query")
    return zip(*(result.values(c) for c in columns), strict=True)


def _keep(data: Mapping[str, Any], include_closed: bool, max_wave: int | None, domain: str | None) -> bool:
    """Whether :func:`select_projects` keeps the project node with ``data``."""
    if data["kind"] != "project":
        return False
    if not include_closed and data.get("status") != "ongoing":
        return False
    if max_wave is not None and data.get("wave", max_wave + 1) > max_wave:
        return False
    return domain is None or data.get("domain") == domain


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

    projects = {n for n, d in bipartite.nodes(data=True) if _keep(d, include_closed, max_wave, domain)}
    states = {s for p in projects for s in bipartite[p]}
    kept = projects | states
    # what bipartite.subgraph(kept).copy() holds, but always in the original order (NetworkX
    # walks a subgraph of less than half the nodes in the order of its node set)
    out = bipartite.__class__()
    out.graph.update(bipartite.graph)
    out.add_nodes_from((n, d.copy()) for n, d in bipartite.nodes(data=True) if n in kept)
    out.add_edges_from((u, v, d.copy()) for u, neighbours in bipartite.adj.items() if u in kept
                       for v, d in neighbours.items() if v in kept)
    out.graph.update({"include_closed": include_closed})
    if max_wave is not None:
        out.graph["max_wave"] = max_wave
    if domain is not None:
        out.graph["domain"] = domain
    return out
