"""SELECT answers as plain values: the engine's TSV read back (the fast path) gives exactly the
values and types that converting each term with ``to_python`` gives."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pesco_graph.answers import oxigraph_rows, python_rows, to_python
from pesco_graph.catalog import catalog
from pesco_graph.errors import QueryError
from pesco_graph.params import bind_params, values_block

from .conftest import synthetic_graph

XSD = "http://www.w3.org/2001/XMLSchema#"


def _reference(store: ox.Store, text: str) -> tuple[list[str], list[tuple[object, ...]]]:
    """The slow, obvious way: every term through ``to_python``."""
    result = store.query(text)
    columns = [v.value for v in result.variables]
    return columns, [tuple(to_python(s[i]) for i in range(len(columns))) for s in result]


def _typed(rows: list[tuple[object, ...]]) -> list[tuple[tuple[str, object], ...]]:
    # True == 1 and "1" != 1: compare the types too
    return [tuple((type(v).__name__, v) for v in row) for row in rows]


def _assert_same(store: ox.Store, text: str) -> int:
    columns, rows = oxigraph_rows(store, text)
    ref_columns, ref_rows = _reference(store, text)
    assert columns == ref_columns
    assert _typed(rows) == _typed(ref_rows)
    result = store.query(text)
    terms = [tuple(s) for s in result]
    assert _typed(python_rows(terms, len(columns))) == _typed(ref_rows)
    return len(rows)


def _select_queries() -> list[str]:
    return sorted(name for name, q in catalog().items() if q.form == "SELECT")


@pytest.mark.parametrize("name", _select_queries())
def test_every_named_query_reads_the_same_on_the_real_graph(graph, name):
    query = catalog()[name]
    text = values_block(query.text, bind_params(query, query.example))
    _assert_same(graph.store, text)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    return synthetic_graph(tmp_path_factory.mktemp("rows"), 10_000)


def test_the_heavy_queries_read_the_same_on_a_synthetic_graph(synthetic):
    for name in ("project-participants", "membership-changes", "state-ranking", "cooperation-by-domain",
                 "co-participation", "coverage", "projects", "participation-dates"):
        text = catalog()[name].text
        assert _assert_same(synthetic.store, text) > 0, name


# every kind of term a cell can hold
_TERMS = [
    ox.NamedNode("http://example.org/a"),
    ox.NamedNode("https://example.org/é?q=1#x"),
    ox.BlankNode("b0"),
    ox.Literal(""),
    ox.Literal("plain"),
    ox.Literal('quote " and backslash \\ and tab \t, new line \n, return \r'),
    ox.Literal('"'),
    ox.Literal("\\"),
    ox.Literal("trailing backslash \\"),
    ox.Literal("unicode ü € 𝄞 \u2028"),
    ox.Literal("ends with quote\""),
    ox.Literal("Projet", language="fr"),
    ox.Literal('"quoted"', language="en-gb"),
    ox.Literal("a^^b"),
    ox.Literal('x"^^<http://e/>'),
    ox.Literal("<http://not-an-iri>"),
    ox.Literal("_:notblank"),
    ox.Literal("true"),
    ox.Literal("12"),
    ox.Literal("7", datatype=ox.NamedNode(XSD + "integer")),
    ox.Literal("-7", datatype=ox.NamedNode(XSD + "integer")),
    ox.Literal("+0", datatype=ox.NamedNode(XSD + "integer")),
    ox.Literal("007", datatype=ox.NamedNode(XSD + "integer")),
    ox.Literal("12", datatype=ox.NamedNode(XSD + "int")),
    ox.Literal("12", datatype=ox.NamedNode(XSD + "long")),
    ox.Literal("3", datatype=ox.NamedNode(XSD + "nonNegativeInteger")),
    ox.Literal("3", datatype=ox.NamedNode(XSD + "positiveInteger")),
    ox.Literal("3", datatype=ox.NamedNode(XSD + "short")),
    ox.Literal("3", datatype=ox.NamedNode(XSD + "byte")),
    ox.Literal("not a number", datatype=ox.NamedNode(XSD + "integer")),
    ox.Literal(" 5", datatype=ox.NamedNode(XSD + "integer")),
    ox.Literal("1" * 5000, datatype=ox.NamedNode(XSD + "integer")),
    ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean")),
    ox.Literal("false", datatype=ox.NamedNode(XSD + "boolean")),
    ox.Literal("1", datatype=ox.NamedNode(XSD + "boolean")),
    ox.Literal("0", datatype=ox.NamedNode(XSD + "boolean")),
    ox.Literal("yes", datatype=ox.NamedNode(XSD + "boolean")),
    ox.Literal("1.5", datatype=ox.NamedNode(XSD + "decimal")),
    ox.Literal(".5", datatype=ox.NamedNode(XSD + "decimal")),
    ox.Literal("1.5E3", datatype=ox.NamedNode(XSD + "double")),
    ox.Literal("INF", datatype=ox.NamedNode(XSD + "double")),
    ox.Literal("2021-05-06", datatype=ox.NamedNode(XSD + "date")),
    ox.Literal("2021-05", datatype=ox.NamedNode(XSD + "gYearMonth")),
    ox.Literal("x", datatype=ox.NamedNode("http://example.org/type")),
]


Cell = ox.NamedNode | ox.BlankNode | ox.Literal | None


def _integer(n: int | str) -> ox.Literal:
    return ox.Literal(str(n), datatype=ox.NamedNode(XSD + "integer"))


def _table_store(columns: list[list[Cell]]) -> tuple[ox.Store, str]:
    """A store whose answer to the returned query is ``columns`` (None: unbound), row by row."""
    store = ox.Store()
    rows = max((len(c) for c in columns), default=0)
    quads = []
    for i in range(rows):
        row = ox.NamedNode(f"http://example.org/row/{i}")
        quads.append(ox.Quad(row, ox.NamedNode("http://example.org/i"), _integer(i)))
        for k, column in enumerate(columns):
            if i < len(column) and column[i] is not None:
                quads.append(ox.Quad(row, ox.NamedNode(f"http://example.org/c{k}"), column[i]))
    store.extend(quads)
    optionals = " ".join(f"OPTIONAL {{ ?row <http://example.org/c{k}> ?c{k} }}" for k in range(len(columns)))
    variables = " ".join(f"?c{k}" for k in range(len(columns)))
    return store, f"SELECT {variables} WHERE {{ ?row <http://example.org/i> ?i {optionals} }} ORDER BY ?i"


def test_every_kind_of_term_alone_and_in_mixed_columns():
    mixed = list(_TERMS)
    each_alone = [[t, t, None, t] for t in _TERMS]
    store, text = _table_store([mixed, list(reversed(mixed)), *each_alone])
    assert _assert_same(store, text) == len(_TERMS)
    columns, rows = oxigraph_rows(store, text)
    values = dict(zip(map(str, _TERMS), [r[0] for r in rows], strict=True))
    # spot checks of what to_python promises
    assert values[str(_TERMS[5])] == 'quote " and backslash \\ and tab \t, new line \n, return \r'
    assert values[str(ox.Literal("007", datatype=ox.NamedNode(XSD + "integer")))] == 7
    assert values[str(ox.Literal("1", datatype=ox.NamedNode(XSD + "boolean")))] is True
    assert values[str(ox.Literal("1.5", datatype=ox.NamedNode(XSD + "decimal")))] == "1.5"
    assert values[str(ox.Literal("1" * 5000, datatype=ox.NamedNode(XSD + "integer")))] == "1" * 5000
    assert values[str(ox.BlankNode("b0"))] == "_:b0"


def test_homogeneous_columns_take_the_fast_way_and_keep_their_values():
    strings = [ox.Literal(f"name {i}") for i in range(50)]
    tagged = [ox.Literal(f"nom {i}", language="fr") for i in range(50)]
    iris = [ox.NamedNode(f"http://example.org/p/{i}") for i in range(50)]
    counts = [_integer(i) for i in range(50)]
    gaps = [None if i % 3 else ox.Literal(f"g{i}") for i in range(50)]
    store, text = _table_store([strings, tagged, iris, counts, gaps])
    assert _assert_same(store, text) == 50
    _, rows = oxigraph_rows(store, text)
    assert rows[4] == ("name 4", "nom 4", "http://example.org/p/4", 4, None)
    assert rows[3][4] == "g3"


_literals = st.builds(
    lambda text, kind: ox.Literal(text, **kind),
    st.text(alphabet=st.characters(blacklist_categories=["Cs"]), max_size=12),
    st.sampled_from([{}, {"language": "en"}, {"datatype": ox.NamedNode(XSD + "integer")},
                     {"datatype": ox.NamedNode(XSD + "boolean")}, {"datatype": ox.NamedNode(XSD + "int")},
                     {"datatype": ox.NamedNode(XSD + "decimal")}, {"datatype": ox.NamedNode(XSD + "date")}]),
)
_integers = st.integers(-10**6, 10**6).map(_integer)
_cells = st.one_of(st.none(), _literals, _integers,
                   st.from_regex(r"http://e\.org/[a-z0-9]{0,5}", fullmatch=True).map(ox.NamedNode))


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(_cells, min_size=1, max_size=8), min_size=1, max_size=4))
def test_any_values_read_the_same(columns):
    try:
        store, text = _table_store(columns)
    except (SyntaxError, ValueError):  # a literal the engine refuses to hold
        return
    _assert_same(store, text)


def test_no_columns_no_rows_and_errors():
    store = ox.Store()
    assert oxigraph_rows(store, "SELECT * WHERE { }") == ([], [()])
    assert oxigraph_rows(store, "SELECT ?a WHERE { FILTER(false) }") == (["a"], [])
    assert oxigraph_rows(store, "SELECT ?a WHERE { }") == (["a"], [(None,)])
    with pytest.raises(QueryError, match="query failed"):
        oxigraph_rows(store, "SELECT ?a WHERE {")
    with pytest.raises(QueryError, match="not a SELECT query"):
        oxigraph_rows(store, "ASK { }")


@pytest.mark.parametrize("name", _select_queries())
def test_a_select_result_gives_the_same_columns_and_rows(graph, name):
    from pesco_graph.query import run_query

    query = catalog()[name]
    columns, rows = _reference(graph.store, values_block(query.text, bind_params(query, query.example)))
    result = run_query(name, query.example, graph=graph)
    assert result.columns == columns and len(result) == len(rows)
    for i, column in enumerate(columns):  # before the rows are put together, and after
        assert _typed([(v,) for v in result.values(column)]) == _typed([(r[i],) for r in rows])
    assert _typed(result.rows) == _typed(rows)
    assert result.values(columns[-1]) == [r[-1] for r in rows]
    assert result.records() == [dict(zip(columns, r, strict=True)) for r in rows]
    with pytest.raises(QueryError, match="no column"):
        result.values("nothing")
