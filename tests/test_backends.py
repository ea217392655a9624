"""The graph protocol: every backend gives the same answers, sees edits, and refuses clearly."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from pesco_graph.backends import (
    BACKENDS,
    EndpointBackend,
    GraphBackend,
    OxigraphBackend,
    RdflibBackend,
    new_graph,
)
from pesco_graph.errors import EndpointError, InputError, PescoGraphError, QueryError
from pesco_graph.query import run_query

LABEL = "<https://w3id.org/pesco-kg/project/military-mobility> <http://www.w3.org/2000/01/rdf-schema#label>"


@pytest.mark.parametrize("name", ["oxigraph", "rdflib"])
def test_an_edit_that_keeps_the_triple_count_is_seen_by_the_next_query(name):
    from pesco_graph.load import load_graph

    graph = load_graph(backend=name, cache=False)
    before = {r["project"]: r["name"] for r in run_query("projects", graph=graph).records()}
    assert before["military-mobility"] == "Military Mobility"
    size = len(graph)
    graph.update(f"""DELETE {{ {LABEL} ?old }} INSERT {{ {LABEL} "Mobilité militaire"@fr }}
                     WHERE {{ {LABEL} ?old }}""")
    assert len(graph) == size  # the old cache keyed on len() would have missed this
    after = {r["project"]: r["name"] for r in run_query("projects", graph=graph).records()}
    assert after["military-mobility"] == "Mobilité militaire"


def test_a_users_rdflib_graph_is_queried_in_place():
    from rdflib import Graph, Literal, URIRef

    from pesco_graph.load import load_graph

    mine = Graph().parse(data=b"\n".join(load_graph().nt_lines()).decode(), format="nt")
    assert run_query("state-portfolio", {"state": "NL"}, graph=mine).rows
    mine.remove((None, URIRef("https://w3id.org/pesco-kg/ontology#alpha2"), Literal("NL")))
    with pytest.raises(QueryError, match="no state 'NL'"):  # the removal is seen: no copy was queried
        run_query("state-portfolio", {"state": "NL"}, graph=mine)


def test_both_local_backends_load_the_same_bytes_and_refuse_bad_turtle_the_same_way():
    data = b'@prefix ex: <http://ex/> .\nex:a ex:b "x"@en, 3 .\nex:a ex:c ex:d .\n'
    lines = []
    for name in ("oxigraph", "rdflib"):
        graph = new_graph(name)
        graph.load(data, "turtle", "mine.ttl")
        lines.append(graph.nt_lines())
        with pytest.raises(InputError, match=r"^mine\.ttl:2: "):
            graph.load(b'@prefix ex: <http://ex/> .\nex:a ex:b "oops .\n', "turtle", "mine.ttl")
    assert lines[0] == lines[1] and len(lines[0]) == 3


def test_select_and_construct_give_terms_of_one_kind():
    graph = OxigraphBackend()
    graph.load(b"<http://e/a> <http://e/b> 1 .", "turtle")
    for backend in (graph, RdflibBackend()):
        if isinstance(backend, RdflibBackend):
            backend.add([ox.Triple(ox.NamedNode("http://e/a"), ox.NamedNode("http://e/b"),
                                   ox.Literal("1", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")))])
        rows = backend.select("SELECT ?s ?o WHERE { ?s ?p ?o }")
        assert rows.columns == ["s", "o"] and rows.rows == [(ox.NamedNode("http://e/a"),
                                                            ox.Literal("1", datatype=ox.NamedNode(
                                                                "http://www.w3.org/2001/XMLSchema#integer")))]
        # a literal cannot be a subject: the template gives no triple for it
        assert backend.construct("CONSTRUCT { ?o ?p ?s } WHERE { ?s ?p ?o }") == []
        assert [str(t) for t in backend.construct("CONSTRUCT { ?s ?p ?s } WHERE { ?s ?p ?o }")] == [
            "<http://e/a> <http://e/b> <http://e/a>"]
        with pytest.raises(QueryError):
            backend.select("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
        with pytest.raises(QueryError, match="query failed"):
            backend.select("SELECT nonsense")


def test_the_registry_names_every_backend_and_refuses_others():
    from pesco_graph import names

    assert tuple(BACKENDS) == names.BACKENDS
    assert all(isinstance(new_graph(n), GraphBackend) for n in names.LOCAL_BACKENDS)
    with pytest.raises(PescoGraphError, match="unknown backend 'memory'; choose one of oxigraph, rdflib"):
        new_graph("memory")


def test_an_endpoint_is_read_only_and_checked():
    endpoint = EndpointBackend("http://127.0.0.1:9/sparql")
    for write in (lambda: endpoint.update("CLEAR ALL"), lambda: endpoint.load(b"", "turtle"),
                  lambda: endpoint.add([])):
        with pytest.raises(EndpointError, match="read-only"):
            write()
    with pytest.raises(EndpointError, match="not an http or https URL"):
        EndpointBackend("file:///etc/passwd")
    for bad in (0, -1, float("nan"), float("inf")):
        with pytest.raises(EndpointError, match="positive number of seconds"):
            EndpointBackend("http://127.0.0.1:9/sparql", timeout=bad)
