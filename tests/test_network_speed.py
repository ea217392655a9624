"""The state-project graph built in one pass is the graph the former builder gave (three
queries read as records, the full graph, then a filtered copy): the same nodes, edges and
attributes in the same order, and the same GraphML and GEXF bytes."""

from __future__ import annotations

import networkx as nx
import pytest

from pesco_graph.network import bipartite_graph, network_bytes

from .conftest import FIXTURES, synthetic_graph
from .network_reference import reference_bipartite_graph

# the filters that keep every project give the copy's order; the others a copy whose node order
# came from a set (NetworkX iterates a small subgraph through its node set), so only content counts
UNFILTERED = [{}, {"as_of": "2018-03-06"}, {"as_of": "2019-12-01"},
              {"as_of": "2022-01-01", "bound": "certain"}, {"as_of": "2024-06-30", "bound": "upper"},
              {"as_of": "2030-01-01"}]
FILTERED = [{"include_closed": False}, {"max_wave": 2}, {"max_wave": 1, "include_closed": False},
            {"domain": "maritime"}, {"domain": "Space"}, {"as_of": "2022-01-01", "include_closed": False},
            {"as_of": "2024-06-30", "max_wave": 3, "domain": "cyber-c4isr", "bound": "upper"}]


def _ordered(g: nx.Graph) -> tuple:
    return (type(g), list(g.graph.items()),
            [(n, list(d.items())) for n, d in g.nodes(data=True)],
            [(u, v, list(d.items())) for u, v, d in g.edges(data=True)],
            [(n, list(g.adj[n])) for n in g])


def _content(g: nx.Graph) -> tuple:
    return (type(g), list(g.graph.items()),
            sorted((n, list(d.items())) for n, d in g.nodes(data=True)),
            sorted((*sorted((u, v)), list(d.items())) for u, v, d in g.edges(data=True)))


def _assert_same(graph, options: dict, ordered: bool) -> nx.Graph:
    new, old = bipartite_graph(graph, **options), reference_bipartite_graph(graph, **options)
    if ordered:
        assert _ordered(new) == _ordered(old), options
    assert _content(new) == _content(old), options
    for fmt in ("graphml", "gexf"):
        assert network_bytes(new, fmt) == network_bytes(old, fmt), (options, fmt)
    return new


@pytest.fixture(scope="module")
def small():
    from pesco_graph.derive import derive
    from pesco_graph.load import load_files
    from pesco_graph.resources import ontology_files

    return derive(load_files([*ontology_files(), FIXTURES / "network.ttl"]))


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    return synthetic_graph(tmp_path_factory.mktemp("network"), 10_000)


@pytest.mark.parametrize("options", UNFILTERED + FILTERED, ids=str)
def test_same_graph_as_before_on_the_real_graph(graph, options):
    new = _assert_same(graph, options, options in UNFILTERED)
    assert new.number_of_edges() > 0 or options.get("as_of") == "2018-03-06"


@pytest.mark.parametrize("options", UNFILTERED + FILTERED, ids=str)
def test_same_graph_as_before_on_the_fixture(small, options):
    _assert_same(small, options, options in UNFILTERED)


@pytest.mark.parametrize("options", [{}, {"as_of": "2022-01-01"}, {"include_closed": False}, {"max_wave": 3}],
                         ids=str)
def test_same_graph_as_before_on_a_synthetic_graph(synthetic, options):
    new = _assert_same(synthetic, options, options in UNFILTERED)
    assert new.number_of_edges() > 100


def test_the_default_graph_pinned(graph):
    # what the comparisons rest on: the real graph's network has projects without known
    # participants and states holding several roles, so the cases above are not empty ones
    bip = bipartite_graph(graph)
    projects = [n for n, d in bip.nodes(data=True) if d["kind"] == "project"]
    assert any(bip.degree(p) == 0 for p in projects) and len(projects) > 60
    assert any(d["coordinator"] and d["member"] for _, _, d in bip.edges(data=True))
    assert list(bip.graph) == ["name", "include_closed"]
    first_state = next(n for n, d in bip.nodes(data=True) if d["kind"] == "state")
    assert list(bip)[: len(projects)] == sorted(projects) and first_state == min(
        n for n, d in bip.nodes(data=True) if d["kind"] == "state")


@pytest.mark.parametrize("options", FILTERED, ids=str)
def test_a_filtered_graph_keeps_the_order_of_the_full_one(graph, options):
    full = bipartite_graph(graph, **{k: v for k, v in options.items() if k in ("as_of", "bound")})
    part = bipartite_graph(graph, **options)
    assert 0 < part.number_of_nodes() < full.number_of_nodes()
    assert list(part) == [n for n in full if n in part]
    assert [(u, v) for u, v in part.edges] == [(u, v) for u, v in full.edges if u in part and v in part]


@pytest.mark.parametrize("options", [{"max_wave": 1}, {"include_closed": False}, {"domain": "Maritime"}],
                         ids=str)
def test_select_projects_keeps_the_original_order(graph, options):
    from pesco_graph.network import select_projects

    from .network_reference import reference_select_projects

    full = bipartite_graph(graph)
    part = select_projects(full, **options)
    assert 0 < part.number_of_nodes() < full.number_of_nodes() / 2 or "include_closed" in options
    assert list(part) == [n for n in full if n in part]
    assert [list(part.adj[n]) for n in part] == [[m for m in full.adj[n] if m in part] for n in part]
    assert _content(part) == _content(reference_select_projects(full, **options))
    assert all(part.nodes[n] is not full.nodes[n] for n in part)  # a copy, not a view
