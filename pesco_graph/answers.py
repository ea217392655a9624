"""SELECT answers as rows of plain Python values: str, int, bool or None.

Two ways give the same values, a column at a time. :func:`python_columns` turns the terms of
any backend's :class:`~pesco_graph.backends.Solutions` (:func:`to_python` for each cell).
:func:`oxigraph_columns` asks the Oxigraph store for the answer as SPARQL TSV, which the engine
writes natively, and reads the text: that skips creating a Python object per term, the cost
that made a named query with many rows take up to twice the bare engine's time. Columns, not
rows, keep the garbage collector out of the way: a list of strings and numbers is one object to
it, a row a tuple more. The TSV
writer keeps what :func:`to_python` needs (the datatype of every typed literal, which is
short for ``xsd:integer`` and ``xsd:boolean``); ``tests/test_answers.py`` holds both ways equal
on every named query and on literals of every kind.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from operator import attrgetter
from typing import Any

import pyoxigraph as ox

from .backends import Term
from .errors import QueryError

__all__ = ["to_python", "python_columns", "python_rows", "oxigraph_columns", "oxigraph_rows", "INTEGER_TYPES",
           "BOOLEAN"]

_XSD = "http://www.w3.org/2001/XMLSchema#"
#: the datatypes whose literals become int
INTEGER_TYPES = frozenset(_XSD + t for t in ("integer", "int", "long", "nonNegativeInteger", "short",
                                             "positiveInteger"))
#: the datatype whose literals become bool
BOOLEAN = _XSD + "boolean"


def to_python(term: Term | None) -> Any:
    """A plain Python value for a result cell: str for IRIs and most literals, int for
    integers, bool for booleans, None for unbound.

    >>> to_python(ox.Literal("7", datatype=ox.NamedNode(_XSD + "integer")))
    7
    >>> to_python(ox.NamedNode("https://w3id.org/pesco-kg/state/FR"))
    'https://w3id.org/pesco-kg/state/FR'
    """
    if term is None:
        return None
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if datatype in INTEGER_TYPES:
            try:
                return int(term.value)
            except ValueError:
                return term.value
        if datatype == BOOLEAN:
            return term.value in ("true", "1")
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    return term.value


# -- from terms ------------------------------------------------------------------------------
_NONE = type(None)
_DATATYPE = attrgetter("datatype")
_SPECIAL_NODES = frozenset(ox.NamedNode(t) for t in (*INTEGER_TYPES, BOOLEAN))


def _term_column(column: Sequence[Term | None]) -> list[Any]:
    # a column of IRIs, or of literals none of which is an integer or a boolean, is read
    # with one comprehension; anything else cell by cell
    kinds = set(map(type, column))
    optional = _NONE in kinds
    kinds.discard(_NONE)
    if kinds == {ox.Literal}:
        present = [t for t in column if t is not None] if optional else column
        if not _SPECIAL_NODES.isdisjoint(map(_DATATYPE, present)):
            return list(map(to_python, column))
    elif kinds and kinds != {ox.NamedNode}:  # blank nodes, or a mixed column
        return list(map(to_python, column))
    if optional:
        return [None if t is None else t.value for t in column]
    return [t.value for t in column]  # type: ignore[union-attr]


def python_columns(rows: Sequence[Sequence[Term | None]], width: int) -> list[list[Any]]:
    """The columns of a SELECT answer's rows of terms, every term a plain value (:func:`to_python`).

    >>> two = ox.Literal("2", datatype=ox.NamedNode(_XSD + "integer"))
    >>> python_columns([(ox.NamedNode("http://e/a"), two), (ox.NamedNode("http://e/b"), None)], 2)
    [['http://e/a', 'http://e/b'], [2, None]]
    """
    if not rows:
        return [[] for _ in range(width)]
    return [_term_column(column) for column in zip(*rows, strict=True)]


def python_rows(rows: Sequence[Sequence[Term | None]], width: int) -> list[tuple[Any, ...]]:
    """The rows of a SELECT answer with every term turned into a plain value (:func:`to_python`).

    >>> python_rows([(ox.NamedNode("http://e/a"), ox.Literal("2", datatype=ox.NamedNode(_XSD + "integer"))),
    ...              (ox.NamedNode("http://e/b"), None)], 2)
    [('http://e/a', 2), ('http://e/b', None)]
    """
    if not width:
        return [() for _ in rows]
    return list(zip(*python_columns(rows, width), strict=True))


# -- from the engine's TSV -------------------------------------------------------------------
# Oxigraph writes a cell as: nothing (unbound), <iri>, _:id, "escaped"  "escaped"@lang,
# "escaped"^^<datatype>, or a bare true, false, integer, decimal or double (the last three only
# for xsd:integer, xsd:decimal and xsd:double). Only \t \n \r \" and \\ are escaped.
_INTEGER = re.compile(r"[+-]?[0-9]+")
_ESCAPE = re.compile(r"\\(.)", re.S)
_UNESCAPED = {"t": "\t", "n": "\n", "r": "\r", '"': '"', "\\": "\\"}


def _unescape(body: str) -> str:
    if "\\" not in body:
        return body
    return _ESCAPE.sub(lambda m: _UNESCAPED[m.group(1)], body)


def _cell(cell: str) -> Any:
    """:func:`to_python` of the term a TSV cell writes."""
    if not cell:
        return None
    first = cell[0]
    if first == '"':
        end = cell.rindex('"')  # language tags and datatype IRIs hold no quote
        value = _unescape(cell[1:end])
        if cell.startswith("^^<", end + 1):
            datatype = cell[end + 4:-1]
            if datatype in INTEGER_TYPES:
                try:
                    return int(value)
                except ValueError:
                    return value
            if datatype == BOOLEAN:
                return value in ("true", "1")
        return value
    if first == "<":
        return cell[1:-1]
    if cell == "true":
        return True
    if cell == "false":
        return False
    if _INTEGER.fullmatch(cell):
        try:
            return int(cell)
        except ValueError:  # more digits than int() takes: the lexical form, as to_python gives
            return cell
    return cell  # a blank node as _:id, or a decimal or a double as written


def _tsv_column(cells: list[str]) -> list[Any]:
    if not cells:
        return []
    if "" in cells:  # unbound cells: read the bound ones, then put the gaps back
        values = iter(_tsv_column([c for c in cells if c]))
        return [next(values) if c else None for c in cells]
    joined = "\t".join(cells)
    bounds = len(cells) - 1  # a tab never occurs inside a cell, so this is the number of boundaries
    if "\\" not in joined:
        # without escapes a literal's lexical form holds no quote, so "^^ marks a datatype
        if joined[0] == '"' and joined.count('\t"') == bounds and '"^^' not in joined:
            # every cell a string, maybe with a language tag
            if joined[-1] == '"' and joined.count('"\t') == bounds:
                return [c[1:-1] for c in cells]
            return [c[1:c.index('"', 1)] for c in cells]
        if joined[0] == "<" and joined.count("\t<") == bounds and "<<" not in joined:
            return [c[1:-1] for c in cells]  # every cell an IRI
        if joined.isascii() and joined.replace("\t", "").isdigit() and len(joined) < 4000:
            return [int(c) for c in cells]  # every cell a bare xsd:integer
    return [_cell(c) for c in cells]


def oxigraph_columns(store: ox.Store, query: str) -> tuple[list[str], list[list[Any]], int]:
    """The variables, the columns of plain values and the number of rows of a SELECT query on an
    Oxigraph store.

    >>> store = ox.Store()
    >>> oxigraph_columns(store, 'SELECT ?a ?b WHERE { VALUES (?a ?b) { (<http://e/a> 2) ("x"@en UNDEF) } }')
    (['a', 'b'], [['http://e/a', 'x'], [2, None]], 2)
    """
    try:
        result = store.query(query)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("not a SELECT query")
        names = [v.value for v in result.variables]
        data = (result.serialize(format=ox.QueryResultsFormat.TSV) or b"").decode("utf-8")
    except (SyntaxError, OSError, ValueError) as exc:
        raise QueryError(f"query failed: {str(exc)[:300]}") from None
    body = data[data.index("\n") + 1:]
    count = body.count("\n")
    width = len(names)
    if not width or not count:
        return names, [[] for _ in range(width)], count
    cells = body[:-1].replace("\n", "\t").split("\t")
    if len(cells) != count * width:  # pragma: no cover - the TSV writer escapes tabs and line ends
        raise QueryError("query failed: a SELECT answer that does not read as a table")
    return names, [_tsv_column(cells[i::width]) for i in range(width)], count


def oxigraph_rows(store: ox.Store, query: str) -> tuple[list[str], list[tuple[Any, ...]]]:
    """The variables and rows of plain values of a SELECT query on an Oxigraph store.

    >>> store = ox.Store()
    >>> oxigraph_rows(store, 'SELECT ?a ?b WHERE { VALUES (?a ?b) { (<http://e/a> 2) ("x"@en UNDEF) } }')
    (['a', 'b'], [('http://e/a', 2), ('x', None)])
    """
    names, columns, count = oxigraph_columns(store, query)
    if not names:
        return names, [() for _ in range(count)]
    return names, list(zip(*columns, strict=True))
