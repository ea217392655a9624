"""The Markdown report of ``pesco-graph analyze``: every number in it is computed, none typed.

The report's sentences are templates filled from an :class:`pesco_graph.analysis.Analysis`,
so they stay true when the data changes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from .. import __version__
from ..measures import top

if TYPE_CHECKING:
    from .model import Analysis

__all__ = ["render_report", "markdown_table"]


def markdown_table(headers: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    """A GitHub-flavoured Markdown table; floats with 3 decimals, ``|`` escaped.

    Examples
    --------
    >>> print(markdown_table(["a", "b"], [[1, 0.5]]))
    | a | b |
    |---|---|
    | 1 | 0.500 |
    """

    def cell(value: Any) -> str:
        text = f"{value:.3f}" if isinstance(value, float) else str(value)
        return text.replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


def _names(a: Analysis) -> dict[str, str]:
    return {n: d.get("label", n) for n, d in a.bipartite.nodes(data=True) if d["kind"] == "state"}


def _list(items: Sequence[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _lists(complete: int, total: int) -> str:
    """How complete the member lists behind a finding are, as a parenthesis."""
    return f" *(Member lists behind this: {complete} of {total} projects complete.)*"


def _entries(a: Analysis) -> list[tuple[int, str, list[str]]]:
    """For each wave after the first, the states that entered the network by its date."""
    out: list[tuple[int, str, list[str]]] = []
    seen: set[str] = set()
    for wave in sorted(a.waves):
        g = a.waves[wave]
        new = sorted(set(g.nodes) - seen)
        if seen and new:
            out.append((wave, str(g.graph.get("date", "")), new))
        seen |= set(g.nodes)
    return out


def _findings(a: Analysis, names: dict[str, str]) -> list[str]:
    bet = top(a.centrality, "betweenness", 3)
    eig = top(a.centrality, "eigenvector", 3)
    leaders = sorted(a.leadership, key=lambda r: (-r["coordinated"], -r["joined"], r["state"]))[:3]
    first, last = (a.evolution[0], a.evolution[-1]) if a.evolution else ({}, {})
    bet_text = _list([f"{names[r['node']]} ({r['betweenness']:.3f})" for r in bet])
    eig_text = _list([f"{names[r['node']]} ({r['eigenvector']:.3f})" for r in eig])
    lead_text = _list([f"{names[r['state']]} coordinates {r['coordinated']} of the {r['joined']} "
                       "projects it joined" for r in leaders])
    pairs = a.summary["nodes"] * (a.summary["nodes"] - 1) // 2
    behind = _lists(*a.lists_behind())
    out = [
        f"**Most central.** By betweenness, {bet_text}; by eigenvector centrality, {eig_text}." + behind,
        f"**Communities.** Louvain (seed {a.seed}) finds {len(a.communities)} communities with a modularity "
        f"of {a.communities.modularity:.3f}"
        + (" (below 0.3: a weak community structure, cooperation is not split into blocs)."
           if a.communities.modularity < 0.3 else ".") + behind,
        f"**Density.** {a.summary['edges']} of the {pairs} possible pairs of the {a.summary['nodes']} states "
        f"share at least one project (density {a.summary['density']:.3f}); {a.strong_summary['edges']} "
        f"pairs share at least {a.min_weight:g} (density {a.strong_summary['density']:.3f})." + behind,
        f"**Leaders.** {lead_text}." + behind,
    ]
    if first:
        bounds = ""
        if "states_certain" in first:
            bounds = (f" (between {first['states_certain']} and {first['states_upper']} states and "
                      f"{first['ties_certain']} and {first['ties_upper']} ties, from the participations "
                      "whose start a source gives to those a page only showed later)")
        out.append(
            f"**Waves.** On the date of wave {first['wave']} ({first['date']}) the network linked "
            f"{first['nodes']} states by {first['edges']} ties{bounds}; on the date of wave {last['wave']} "
            f"({last['date']}, {last['projects']} projects in force) {last['nodes']} states by "
            f"{last['edges']} ties, the mean tie carrying {last['mean_weight']:.2f} shared projects instead "
            f"of {first['mean_weight']:.2f}, and strong ties went from {first['strong_edges']} to "
            f"{last['strong_edges']}." + _lists(first.get("complete_lists", 0), first["projects"])[:-3]
            + f"; {last.get('complete_lists', 0)} of {last['projects']} at wave {last['wave']}.)*"
        )
    entries = _entries(a)
    if entries:
        out.append("**Who entered when.** " + "; ".join(
            f"by wave {w} ({d}): {_list([f'{names.get(s, s)} ({s})' for s in new])}" for w, d, new in entries)
            + ". A state is in a wave's network once one of its participations holds on that date.")
    return out


def _largest_project(a: Analysis) -> str:
    """A sentence on the project with the most members (it shapes the unweighted network)."""
    bip = a.bipartite
    sizes = [(sum(1 for s in bip[p] if bip.edges[s, p].get("member")), p)
             for p, d in bip.nodes(data=True) if d["kind"] == "project"]
    if not sizes:
        return ""
    members, project = min(sizes, key=lambda t: (-t[0], t[1]))
    data = bip.nodes[project]
    return (f" The largest project, {data['label']} (wave {data['wave']}), alone has {members} members: "
            f"it links {members * (members - 1) // 2} pairs of states, which is why the unweighted "
            "measures hardly move after the first wave while the weights keep growing.")


def render_report(a: Analysis, files: Sequence[Path] = ()) -> str:
    """The report as Markdown.

    Parameters
    ----------
    a
        The computed analysis (:func:`pesco_graph.analysis.compute`).
    files
        The files written, relative to the report's folder (listed at the end; figures
        under ``figures/`` are embedded).

    Returns
    -------
    str
        The Markdown text.
    """
    names = _names(a)
    nodes = dict(cast("list[tuple[str, dict[str, Any]]]", list(a.bipartite.nodes(data=True))))
    projects = [n for n, d in nodes.items() if d["kind"] == "project"]
    ongoing = sum(1 for p in projects if nodes[p].get("status") == "ongoing")
    edges: list[tuple[str, str, dict[str, Any]]] = list(a.bipartite.edges(data=True))
    seats = {r: sum(1 for *_, d in edges if d.get(r)) for r in ("member", "coordinator", "observer")}
    figure_names = {p.name for p in files if p.parts[:1] == ("figures",)}

    def figure(name: str, alt: str) -> str:
        return f"![{alt}](figures/{name})\n" if name in figure_names else ""

    out: list[str] = []
    add = out.append
    add("# Cooperation in PESCO: a network analysis\n")
    when = f"on {a.as_of}" if a.as_of else "today"
    add(f"Written by `pesco-graph analyze` (pesco-graph {__version__}) from the PESCO knowledge graph. "
        f"It covers {len(projects)} projects ({ongoing} ongoing; closed projects "
        f"{'included' if a.include_closed else 'left out'}) listed in {len(a.waves)} waves, and the "
        f"{a.summary['nodes']} states that are members of at least one of them {when}: "
        f"{seats['member']} memberships, {seats['coordinator']} coordinator seats and "
        f"{seats['observer']} observer seats.\n")
    add("## Findings\n")
    out += [f"- {line}" for line in _findings(a, names)]
    add("")
    add("## How to read this\n")
    if a.as_of:
        certain = sum(1 for *_, d in edges if d.get("certainty") == "certain")
        add(f"- Only participations **in force on {a.as_of}** count: {certain} of the {len(edges)} "
            "state-project links rest on a start date a source gives (certain), the others on a page "
            "that showed them by then (attested); a coordinator is also a member; observers are not "
            "members.\n")
    else:
        add("- Only **current** participations count (those without an end date), as in the named "
            "queries; a coordinator is also a member; observers are not members.\n")
    complete, total = a.lists_behind()
    add(f"- **How complete the data is.** Of the {total} projects analysed, {complete} have a member list "
        "known to be complete; the others are partial or unknown (`pesco-graph coverage`), so ties and "
        "counts are lower bounds of the real cooperation.\n")
    add("- The **waves** are networks on each wave's date: a participation counts once its start date "
        "(given by a source) has passed, or, where no source gives a start, once a page has shown it "
        "(attested). The lower bound counts only the first kind; the upper bound also counts "
        "participations a page showed only later, when they could have begun by then (the project "
        "listed, the state in PESCO, a third state admitted).\n")
    add(""
        "- In the **co-participation network**, two states are linked when they are members of a "
        "project together; the tie's `weight` is the number of such projects and its `jaccard` "
        "the weight divided by the number of projects either state is in.\n"
        "- **Strength** sums a state's weights; **eigenvector** centrality uses the weights (a state "
        "is central when its strong partners are); **betweenness** and **closeness** follow shortest "
        "paths along `distance` = 1 / weight, so a path through close partners is short.\n"
        f"- A **strong tie** joins states sharing at least {a.min_weight:g} projects; the k-core of "
        "the strong ties (`strong_core`) shows the most cohesive group.\n"
        f"- Communities: Louvain with seed {a.seed}, resolution {a.communities.resolution:g}, on the "
        "weights. Member lists of many projects are partial (see `pesco-graph coverage`), so the "
        "numbers describe the recorded cooperation.\n")

    add("## 1. Who cooperates with whom\n")
    add(figure("map.png", "Projects per state on a map of Europe"))
    add(figure("network.png", "The co-participation network"))
    ties = sorted(a.cooperation.edges(data=True),
                  key=lambda e: (-e[2]["weight"], -e[2]["jaccard"], e[0], e[1]))
    add("The strongest ties (most projects shared):\n")
    add(markdown_table(["state A", "state B", "shared projects", "Jaccard"],
                       [[names[u], names[v], d["weight"], d["jaccard"]] for u, v, d in ties[:10]]) + "\n")
    close = sorted((e for e in ties if e[2]["weight"] >= a.min_weight),
                   key=lambda e: (-e[2]["jaccard"], -e[2]["weight"], e[0], e[1]))
    add(f"The closest partners relative to their size (highest Jaccard, at least {a.min_weight:g} "
        "projects shared):\n")
    add(markdown_table(["state A", "state B", "shared projects", "Jaccard"],
                       [[names[u], names[v], d["weight"], d["jaccard"]] for u, v, d in close[:10]]) + "\n")

    add("## 2. Who is central\n")
    add(figure("ranking.png", "Rankings of states"))
    ranked = sorted(a.centrality, key=lambda r: (-r["eigenvector"], r["node"]))
    add(markdown_table(
        ["state", "projects", "degree", "strength", "betweenness", "eigenvector", "closeness",
         "weighted clustering", "strong core", "community"],
        [[f"{names[r['node']]} ({r['node']})", r["projects"], r["degree"], r["strength"], r["betweenness"],
          r["eigenvector"], r["closeness"], r["weighted_clustering"], r["strong_core"], r["community"]]
         for r in ranked]) + "\n")

    add("## 3. Communities and cores\n")
    add(f"{len(a.communities)} communities, modularity {a.communities.modularity:.3f}:\n")
    add(markdown_table(["community", "states", "members"],
                       [[i, len(g), ", ".join(g)] for i, g in enumerate(a.communities.groups, 1)]) + "\n")
    cores = {r["node"]: r["strong_core"] for r in a.centrality}
    kmax = max(cores.values(), default=0)
    core = sorted(n for n, k in cores.items() if k == kmax)
    add(f"The main core of the strong ties is a {kmax}-core of {len(core)} states: {', '.join(core)}. "
        f"Over all ties the network has {a.summary['components']} component(s), an average path of "
        f"{a.summary['average_path_length']:.3f} hops and an average clustering of "
        f"{a.summary['average_clustering']:.3f}; over the strong ties, "
        f"{a.strong_summary['components']} component(s) and {a.strong_summary['average_path_length']:.3f} "
        "hops within the largest.\n")

    add("## 4. Who leads\n")
    add(figure("leadership.png", "Coordination against participation"))
    leaders = sorted((r for r in a.leadership if r["coordinated"]),
                     key=lambda r: (-r["coordinated"], -r["leadership"], r["state"]))
    add("States that coordinate at least one project (leadership = coordinated / joined):\n")
    add(markdown_table(["state", "joined", "coordinated", "observed", "leadership",
                        "share of coordinator seats"],
                       [[f"{r['label']} ({r['state']})", r["joined"], r["coordinated"], r["observed"],
                         r["leadership"], r["coordination_share"]] for r in leaders]) + "\n")
    co = sorted(a.cocoordination.edges(data=True), key=lambda e: (-e[2]["weight"], e[0], e[1]))
    if co:
        add("Projects coordinated jointly (co-coordination): "
            + "; ".join(f"{names[u]} and {names[v]} ({d['weight']})" for u, v, d in co) + ".\n")
    arcs = sorted(a.coordination.edges(data=True), key=lambda e: (-e[2]["weight"], e[0], e[1]))
    add("Who most often joins whose projects (coordinator -> member):\n")
    add(markdown_table(["coordinator", "member", "projects"],
                       [[names[u], names[v], d["weight"]] for u, v, d in arcs[:10]]) + "\n")

    add("## 5. Evolution over the waves\n")
    add(figure("evolution.png", "Evolution of the network over the waves"))
    add(figure("waves.png", "The network on the date of each wave"))
    add("The network on the date of each wave: the projects listed by then and not closed, with the "
        "participations in force on that day (certain or attested by then); states and ties also as "
        "a lower bound (only certain starts) and an upper bound (with participations attested later "
        "that could have begun by then). complete lists: projects of that network whose member list "
        "is known to be complete." + _largest_project(a) + "\n")

    def bound(r: dict[str, Any], key: str, low: str, high: str) -> str:
        return f"{r[key]} ({r[low]}-{r[high]})" if low in r else str(r[key])

    add(markdown_table(
        ["wave", "date", "projects", "complete lists", "states (lower-upper)", "ties (lower-upper)",
         "density",
         "avg path (hops)", "mean weight", "strong ties", "communities", "modularity"],
        [[r["wave"], r["date"], r["projects"], r.get("complete_lists", ""),
          bound(r, "nodes", "states_certain", "states_upper"),
          bound(r, "edges", "ties_certain", "ties_upper"),
          r["density"], r["average_path_length"], r["mean_weight"], r["strong_edges"], r["communities"],
          r["modularity"]] for r in a.evolution]) + "\n")

    add("## 6. Capability domains\n")
    add(figure("domains.png", "State by domain specialisation heatmap"))
    p = a.profile
    add(f"Specialisation index = the state's share of its memberships in a domain divided by that "
        f"domain's share of all {p.total} memberships in projects of known domain (above 1: more than "
        "average).\n")
    add(markdown_table(["domain", "memberships", "overall share"],
                       [[d, p.domain_total(d), p.overall_share(d)] for d in p.domains]) + "\n")
    best = []
    for s in sorted(p.states, key=lambda s: (-p.state_total(s), s)):
        d = max(p.domains, key=lambda d: (p.specialisation(s, d), p.count(s, d)))
        best.append([f"{names.get(s, s)} ({s})", p.state_total(s), d, p.count(s, d), p.specialisation(s, d)])
    add("Each state's most specialised domain:\n")
    add(markdown_table(["state", "memberships", "domain", "projects there", "specialisation"], best) + "\n")

    add("## 7. Third states\n")
    third: list[tuple[str, str, dict[str, Any]]] = sorted(
        a.third_states.edges(data=True), key=lambda e: (e[2]["since"], e[0], e[1]))
    rows = []
    for u, v, edge in third:
        state, project = (u, v) if a.third_states.nodes[u]["kind"] == "state" else (v, u)
        rows.append([a.third_states.nodes[state]["label"], a.third_states.nodes[project]["label"],
                     edge["since"], edge["decision"]])
    add(markdown_table(["state", "project", "since", "admitting decision"], rows) + "\n")

    if files:
        add("## Files\n")
        out += [f"- `{f.as_posix()}`" for f in files]
        add("")
        add("The GraphML and GEXF files open in Gephi; `cooperation.*` carries every measure above "
            "as node attributes.\n")
    return "\n".join(out).rstrip() + "\n"
