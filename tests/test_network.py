"""Networks and measures: hand-computed values on small fixtures, agreement with the named
queries on the real data, GraphML/GEXF round trips and the export command."""

from __future__ import annotations

import math

import networkx as nx
import pytest

from pesco_graph.errors import ParameterError
from pesco_graph.measures import (
    backbone,
    centrality_table,
    communities,
    core_numbers,
    eigenvector,
    evolution,
    network_summary,
    strength,
)
from pesco_graph.network import (
    bipartite_graph,
    cocoordination_graph,
    coordination_graph,
    coparticipation_graph,
    domain_graph,
    network_bytes,
    select_projects,
    state_projection,
    third_state_graph,
    wave_graphs,
    write_network,
)
from pesco_graph.profiles import domain_profile, leadership
from pesco_graph.query import run_query

from .conftest import FIXTURES


@pytest.fixture(scope="module")
def small():
    """The graph of tests/fixtures/network.ttl (see the table at the top of that file)."""
    from pesco_graph.derive import derive
    from pesco_graph.load import load_files
    from pesco_graph.resources import ontology_files

    return derive(load_files([*ontology_files(), FIXTURES / "network.ttl"]))


def by_node(rows, key):
    return {r.get("node", r.get("state")): r[key] for r in rows}


def pairs(g, attr="weight"):
    return {tuple(sorted((u, v))): d[attr] for u, v, d in g.edges(data=True)}


# -- the small fixture, computed by hand -----------------------------------------------------

def test_bipartite_graph_of_the_fixture(small):
    bip = bipartite_graph(small)
    assert sorted(n for n, d in bip.nodes(data=True) if d["kind"] == "project") == [
        "alpha", "bravo", "charlie", "delta"]
    states = sorted(n for n, d in bip.nodes(data=True) if d["kind"] == "state")
    assert states == ["DE", "FR", "IT", "NL", "US"]
    assert bip.number_of_edges() == 12  # IT's ended membership of delta is not an edge
    assert not bip.has_edge("IT", "delta")
    assert bip.edges["FR", "alpha"] == {"role": "coordinator", "coordinator": True, "member": True,
                                        "observer": False}
    assert bip.edges["NL", "alpha"]["role"] == "observer" and not bip.edges["NL", "alpha"]["member"]
    assert bip.nodes["alpha"] == {"kind": "project", "bipartite": 1, "label": "Alpha", "acronym": "A",
                                  "wave": 1, "status": "ongoing", "domain": "Maritime"}
    assert "domain" not in bip.nodes["delta"]  # unknown: left out, never None
    assert bip.nodes["US"]["stateKind"] == "third" and bip.nodes["US"]["label"] == "United States"
    assert all(v is not None for _, d in bip.nodes(data=True) for v in d.values())


def test_coparticipation_weights_and_jaccard_by_hand(small):
    g = coparticipation_graph(small)
    assert pairs(g) == {("DE", "FR"): 2, ("FR", "IT"): 2, ("DE", "IT"): 1, ("DE", "US"): 1,
                        ("FR", "US"): 1, ("IT", "NL"): 1, ("FR", "NL"): 1, ("DE", "NL"): 1}
    assert {n: d["projects"] for n, d in g.nodes(data=True)} == {"DE": 3, "FR": 3, "IT": 2, "NL": 2, "US": 1}
    jaccard = pairs(g, "jaccard")
    assert jaccard[("DE", "FR")] == pytest.approx(2 / 4)
    assert jaccard[("FR", "IT")] == pytest.approx(2 / 3)
    assert jaccard[("DE", "NL")] == pytest.approx(1 / 4)
    assert jaccard[("DE", "US")] == pytest.approx(1 / 3)
    assert pairs(g, "distance")[("DE", "FR")] == 0.5


def test_closed_projects_can_be_dropped(small):
    g = coparticipation_graph(small, include_closed=False)  # charlie is closed
    assert pairs(g) == {("DE", "FR"): 2, ("FR", "IT"): 1, ("DE", "IT"): 1, ("DE", "US"): 1,
                        ("FR", "US"): 1, ("DE", "NL"): 1}
    assert "charlie" not in bipartite_graph(small, include_closed=False)


def test_degree_strength_and_betweenness_of_the_fixture_by_hand(small):
    rows = centrality_table(coparticipation_graph(small))
    assert by_node(rows, "degree") == {"DE": 4, "FR": 4, "IT": 3, "NL": 3, "US": 2}
    assert by_node(rows, "strength") == {"DE": 5, "FR": 6, "IT": 4, "NL": 3, "US": 2}
    # along distance = 1/weight: FR lies on IT-US (only path), on half of NL-US's two paths and on
    # half of DE-IT's (direct, 1, or via FR, 0.5 + 0.5); DE on the other half of NL-US.
    # Normalised by (n-1)(n-2)/2 = 6 pairs.
    betweenness = by_node(rows, "betweenness")
    assert betweenness["FR"] == pytest.approx(2 / 6)
    assert betweenness["DE"] == pytest.approx(0.5 / 6)
    assert betweenness["IT"] == betweenness["NL"] == betweenness["US"] == 0
    # US: distances 1 (DE), 1 (FR), 1.5 (IT via FR), 2 (NL) -> closeness 4 / 5.5
    assert by_node(rows, "closeness")["US"] == pytest.approx(4 / 5.5)


def test_cocoordination_and_coordination_by_hand(small):
    co = cocoordination_graph(small)
    assert pairs(co) == {("DE", "NL"): 1}  # delta
    assert sorted(co.nodes) == ["DE", "FR", "IT", "NL"]
    lead = coordination_graph(bipartite_graph(small))
    assert sorted(lead.edges) == [("DE", "FR"), ("DE", "NL"), ("DE", "US"), ("FR", "DE"), ("FR", "IT"),
                                  ("IT", "FR"), ("IT", "NL"), ("NL", "DE")]


def test_leadership_by_hand(small):
    rows = {r["state"]: r for r in leadership(bipartite_graph(small))}
    assert (rows["DE"]["joined"], rows["DE"]["coordinated"], rows["DE"]["observed"]) == (3, 2, 0)
    assert rows["DE"]["leadership"] == pytest.approx(2 / 3)
    assert rows["DE"]["coordination_share"] == pytest.approx(2 / 5)  # 5 coordinator seats
    assert (rows["NL"]["joined"], rows["NL"]["coordinated"], rows["NL"]["observed"]) == (2, 1, 1)
    assert rows["US"]["leadership"] == 0


def test_domain_profile_and_specialisation_by_hand(small):
    profile = domain_profile(bipartite_graph(small))
    # memberships in projects of known domain: maritime (alpha, charlie) 6, space (bravo) 3
    assert profile.domains == ("Maritime", "Space")
    assert profile.states == ("DE", "FR", "IT", "NL", "US")
    assert profile.total == 9
    assert profile.count("FR", "Maritime") == 2 and profile.count("IT", "Space") == 0
    assert profile.specialisation("FR", "Maritime") == pytest.approx(1.0)
    assert profile.specialisation("DE", "Maritime") == pytest.approx((1 / 2) / (6 / 9))
    assert profile.specialisation("DE", "Space") == pytest.approx((1 / 2) / (3 / 9))
    assert profile.specialisation("US", "Space") == pytest.approx(3.0)
    assert profile.specialisation("IT", "Space") == 0
    assert profile.matrix("projects")[0] == [1.0, 1.0]


def test_dated_waves_by_hand(small):
    waves = wave_graphs(small)
    assert sorted(waves) == [1, 2]
    # on 2018-03-06 the US (admitted in 2021) is not yet in bravo: DE, FR and IT only
    first, second = waves[1], waves[2]
    assert sorted(first.nodes) == ["DE", "FR", "IT"] and first.graph["projects"] == 2
    assert pairs(first) == {("DE", "FR"): 2, ("DE", "IT"): 1, ("FR", "IT"): 1}
    # on 2018-11-19 charlie and delta hold (IT leaves delta only in 2020); still no US
    assert pairs(second) == {("DE", "FR"): 2, ("DE", "IT"): 2, ("DE", "NL"): 1, ("FR", "IT"): 2,
                             ("FR", "NL"): 1, ("IT", "NL"): 2}
    rows = evolution(waves)
    assert [r["edges"] for r in rows] == [3, 6] and [r["strong_edges"] for r in rows] == [1, 4]
    assert [(r["states_certain"], r["states_upper"]) for r in rows] == [(3, 3), (4, 4)]
    assert [r["listed"] for r in rows] == [2, 4]


def test_undated_waves_by_hand(small):
    waves = wave_graphs(small, dated=False)
    assert sorted(waves) == [1, 2]
    first = waves[1]  # alpha and bravo; NL only observes, so it is not in the projection
    assert sorted(first.nodes) == ["DE", "FR", "IT", "US"] and first.graph["projects"] == 2
    rows = evolution(waves)
    assert [r["edges"] for r in rows] == [5, 8]
    assert rows[0]["density"] == pytest.approx(5 / 6) and rows[1]["density"] == pytest.approx(8 / 10)
    # after wave 1 only IT-US is two hops apart; after wave 2 IT-US and NL-US
    assert rows[0]["average_path_length"] == pytest.approx(7 / 6)
    assert rows[1]["average_path_length"] == pytest.approx(12 / 10)
    assert [r["strong_edges"] for r in rows] == [1, 2]


def test_domain_and_third_state_graphs(small):
    maritime = domain_graph(small, "maritime")
    assert maritime.graph["domain"] == "Maritime"
    assert pairs(maritime) == {("DE", "FR"): 1, ("DE", "IT"): 1, ("FR", "IT"): 2, ("FR", "NL"): 1,
                               ("IT", "NL"): 1}
    assert pairs(domain_graph(small, "Space")) == {("DE", "FR"): 1, ("DE", "US"): 1, ("FR", "US"): 1}
    with pytest.raises(ParameterError, match="unknown capability domain"):
        domain_graph(small, "underwater basket weaving")
    third = third_state_graph(small)
    assert list(third.edges(data=True)) == [
        ("US", "bravo", {"decision": "http://data.europa.eu/eli/dec/2021/750/oj", "since": "2021-05-06"})]


# -- measures on hand-made graphs ------------------------------------------------------------

def test_star_centralities():
    star = nx.star_graph(3)  # centre 0
    rows = {r["node"]: r for r in centrality_table(star, weight=None, distance=None)}
    assert rows["0"]["degree"] == 3 and rows["1"]["degree"] == 1
    assert rows["0"]["betweenness"] == 1.0 and rows["1"]["betweenness"] == 0.0
    # adjacency eigenvector (sqrt 3, 1, 1, 1) normalised
    assert rows["0"]["eigenvector"] == pytest.approx(1 / math.sqrt(2), abs=1e-6)
    assert rows["1"]["eigenvector"] == pytest.approx(1 / math.sqrt(6), abs=1e-6)
    assert rows["0"]["closeness"] == 1.0 and rows["1"]["closeness"] == pytest.approx(3 / 5)
    assert rows["0"]["clustering"] == 0.0


def test_strength_clustering_and_cores():
    g = nx.Graph()
    g.add_edge("a", "b", weight=2)
    g.add_edge("b", "c", weight=3)
    g.add_edge("a", "c", weight=1)
    g.add_edge("c", "d", weight=4)
    assert strength(g) == {"a": 3, "b": 5, "c": 8, "d": 4}
    assert core_numbers(g) == {"a": 2, "b": 2, "c": 2, "d": 1}
    rows = {r["node"]: r for r in centrality_table(g)}
    assert rows["a"]["clustering"] == 1.0 and rows["c"]["clustering"] == pytest.approx(1 / 3)
    assert rows["d"]["core"] == 1
    assert sorted(backbone(g, 3).edges) == [("b", "c"), ("c", "d")]


def test_louvain_communities_and_modularity_of_two_triangles():
    g = nx.Graph([("a", "b"), ("b", "c"), ("a", "c"), ("d", "e"), ("e", "f"), ("d", "f"), ("c", "d")])
    found = communities(g, weight=None)
    assert found.groups == (("a", "b", "c"), ("d", "e", "f"))
    # m = 7; each community: 3 inner edges, degree sum 7 -> Q = 2 (3/7 - (7/14)^2) = 5/14
    assert found.modularity == pytest.approx(5 / 14)
    assert found.membership()["f"] == 2
    assert communities(g, weight=None, seed=7).groups == found.groups


def test_summary_of_a_path_and_of_a_disconnected_graph():
    s = network_summary(nx.path_graph(4), weight=None)
    assert s["density"] == pytest.approx(3 / 6)
    assert s["average_path_length"] == pytest.approx((1 * 3 + 2 * 2 + 3) / 6)
    assert s["diameter"] == 3
    g = nx.Graph([("a", "b"), ("c", "d"), ("d", "e")])
    s = network_summary(g, weight=None)
    assert s["components"] == 2 and s["largest_component"] == 3
    assert s["average_path_length"] == pytest.approx(4 / 3)  # within c-d-e
    assert eigenvector(nx.empty_graph(2)) == {0: 0.0, 1: 0.0}


# -- the real data agrees with the named queries ---------------------------------------------

def test_coparticipation_weights_equal_the_query(graph):
    g = coparticipation_graph(graph)
    expected = {(r["stateA"], r["stateB"]): r["sharedProjects"] for r in run_query("co-participation",
                                                                                   graph=graph).records()}
    assert len(expected) > 300
    assert pairs(g) == expected


def test_project_counts_equal_the_state_ranking(graph):
    g = coparticipation_graph(graph)
    bip = bipartite_graph(graph)
    lead = {r["state"]: r for r in leadership(bip)}
    ranking = run_query("state-ranking", graph=graph).records()
    assert len(ranking) >= 30
    for row in ranking:
        state = row["state"]
        assert (g.nodes[state]["projects"] if state in g else 0) == row["projects"], state
        assert lead[state]["coordinated"] == row["coordinated"], state
        assert lead[state]["observed"] == row["observed"], state


def test_real_bipartite_graph(graph):
    bip = bipartite_graph(graph)
    projects = run_query("projects", graph=graph).records()
    assert {n for n, d in bip.nodes(data=True) if d["kind"] == "project"} == {r["project"] for r in projects}
    assert bip.edges["NL", "military-mobility"]["coordinator"]
    assert all(v is not None for _, d in bip.nodes(data=True) for v in d.values())
    ongoing = select_projects(bip, include_closed=False)
    assert {d["status"] for _, d in ongoing.nodes(data=True) if d["kind"] == "project"} == {"ongoing"}
    assert "emc" in bip and "emc" not in ongoing  # the European Medical Command closed in 2024


def test_cumulative_waves_follow_projects_by_wave(graph):
    counts = {r["wave"]: r["projects"] for r in run_query("projects-by-wave", graph=graph).records()}
    waves = wave_graphs(graph, dated=False)
    assert sorted(waves) == sorted(counts)
    total = 0
    for wave in sorted(counts):
        total += counts[wave]
        assert waves[wave].graph["projects"] == total == waves[wave].graph["listed"]
    last = waves[max(waves)]
    assert pairs(last) == pairs(coparticipation_graph(graph))
    weights = [sum(pairs(waves[w]).values()) for w in sorted(waves)]
    assert weights == sorted(weights)  # cumulative: ties only grow


def test_third_states_follow_the_query(graph):
    third = third_state_graph(graph)
    rows = run_query("third-states", graph=graph).records()
    assert sorted((r["state"], r["project"]) for r in rows) == sorted(
        (u, v) if third.nodes[u]["kind"] == "state" else (v, u) for u, v in third.edges)


# -- writing ---------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_write_network_round_trip(small, tmp_path, fmt):
    bip = bipartite_graph(small)
    path = write_network(bip, fmt, tmp_path / f"net.{fmt}")
    back = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    assert sorted(back.nodes) == sorted(bip.nodes)
    assert back.number_of_edges() == bip.number_of_edges()
    assert back.nodes["alpha"]["kind"] == "project" and back.nodes["alpha"]["domain"] == "Maritime"
    assert int(back.nodes["charlie"]["wave"]) == 2
    assert back.nodes["US"]["stateKind"] == "third"
    assert back.edges["FR", "alpha"]["role"] == "coordinator"
    assert back.edges["FR", "alpha"]["coordinator"] in (True, "true")


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_network_bytes_are_deterministic(small, fmt):
    g = coparticipation_graph(small)
    shuffled = nx.Graph()
    shuffled.graph.update(g.graph)
    shuffled.add_nodes_from(sorted(g.nodes(data=True), reverse=True))
    shuffled.add_edges_from((v, u, d) for u, v, d in sorted(g.edges(data=True), reverse=True))
    data = network_bytes(g, fmt)
    assert data == network_bytes(shuffled, fmt)
    assert b"lastmodifieddate" not in data and b"None" not in data


def test_write_network_rejects_unknown_format(tmp_path):
    from pesco_graph.errors import PescoGraphError

    with pytest.raises(PescoGraphError, match="graphml"):
        write_network(nx.path_graph(2), "dot", tmp_path / "x.dot")


def test_state_projection_rejects_unknown_role(small):
    with pytest.raises(ParameterError):
        state_projection(bipartite_graph(small), "chair")


@pytest.mark.parametrize("fmt,reader", [("graphml", nx.read_graphml), ("gexf", nx.read_gexf)])
def test_cli_export_network(cli, tmp_path, fmt, reader):
    out = tmp_path / f"pesco.{fmt}"
    result = cli("export", "--format", fmt, "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert str(out) in result.stdout
    g = reader(out)
    kinds = {d["kind"] for _, d in g.nodes(data=True)}
    assert kinds == {"state", "project"}
    assert g.nodes["military-mobility"]["label"] == "Military Mobility"
    assert g.has_edge("NL", "military-mobility")
