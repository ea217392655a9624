"""No parameter value can change a query's structure (property-based)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pyoxigraph import Literal
from rdflib import Literal as RdflibLiteral
from rdflib.plugins.sparql import prepareQuery

from pesco_graph.catalog import get_query
from pesco_graph.errors import ParameterError
from pesco_graph.params import bind_params, sparql_term, values_block
from pesco_graph.query import run_query

HOSTILE = st.one_of(
    st.text(max_size=60),
    st.sampled_from([
        '"', "'", "\\", "}", "} DELETE WHERE { ?s ?p ?o }", '" } ; DROP ALL ; #', "\n", "\r\n",
        "\"\"\"", "?s ?p ?o", "<http://evil>", "FR\" ) } SELECT * WHERE { ?s ?p ?o } #",
        "ÉÇ漢字🙂", "\u0000", "\\u0022", "# comment", "%22",
    ]),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=HOSTILE)
def test_free_text_value_stays_one_literal(value):
    query = get_query("find-projects")
    try:
        bindings = bind_params(query, {"text": value})
    except ParameterError as exc:
        assert "backslash-u" in str(exc) and ("\\u" in value or "\\U" in value)
        return
    text = values_block(query.text, bindings)
    parsed = prepareQuery(text)  # still one well-formed query
    assert parsed.algebra.name == "SelectQuery"
    # the VALUES row holds exactly the value, as one literal
    values = [n for n in _walk(parsed.algebra) if getattr(n, "name", "") == "values"]
    assert values and values[0]["res"][0][next(iter(values[0]["res"][0]))] == RdflibLiteral(value)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=HOSTILE)
def test_structured_parameters_reject_or_bind(graph, value):
    try:
        result = run_query("state-portfolio", {"state": value}, graph=graph)
    except ParameterError as exc:
        assert "state" in str(exc)
    else:
        assert value.strip().isalpha() and len(value.strip()) == 2
        assert result.columns[:4] == ["project", "name", "role", "since"]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=HOSTILE)
def test_hostile_text_runs_on_both_backends(graphs, value):
    if "\\u" in value or "\\U" in value:
        return
    a = run_query("find-projects", {"text": value}, graph=graphs["oxigraph"])
    b = run_query("find-projects", {"text": value}, graph=graphs["rdflib"])
    assert a.columns == ["project", "name", "acronym", "wave"]
    assert sorted(a.rows) == sorted(b.rows)
    if value == "":
        assert len(a.rows) >= 80


def test_sparql_term_escapes_everything():
    assert sparql_term(Literal('a"b\nc\\d')) == '"a\\"b\\nc\\\\d"'


def _walk(node):
    seen = []
    stack = [node]
    while stack:
        n = stack.pop()
        seen.append(n)
        if isinstance(n, dict):
            stack.extend(v for v in n.values() if isinstance(v, dict | list))
        elif isinstance(n, list):
            stack.extend(v for v in n if isinstance(v, dict | list))
    return seen
