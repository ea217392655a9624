"""Validation of query parameters into RDF terms.

A parameter value is checked against its type and turned into an RDF term; it is then bound
to the query's variable (locally) or written into a VALUES block as an escaped term
(remotely). It never becomes query text of its own, so it cannot change a query's structure.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import NamedTuple

from pyoxigraph import Literal

from .backends import GraphBackend, Term
from .catalog import NamedQuery, get_query
from .errors import ParameterError, cut
from .namespace import XSD
from .vocabularies import notations

__all__ = ["bind_params", "check_known", "values_block", "sparql_term", "KNOWN_VALUE_QUERIES",
           "KnownValueQuery"]

_CODEPOINT_ESCAPE = re.compile(r"\\[uU]")
_ALPHA2 = re.compile(r"^[A-Za-z]{2}$")
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")


def _term(name: str, kind: str, raw: str) -> Literal:
    value = raw.strip()
    if kind == "alpha2":
        if not _ALPHA2.match(value):
            raise ParameterError(
                f"parameter {name!r}: {cut(raw)!r} is not an ISO 3166-1 alpha-2 code (e.g. FR)")
        return Literal(value.upper())
    if kind == "slug":
        if not _SLUG.match(value):
            raise ParameterError(
                f"parameter {name!r}: {cut(raw)!r} is not a project slug (e.g. military-mobility)"
            )
        return Literal(value)
    if kind == "date":
        # only YYYY-MM-DD: date.fromisoformat also takes week dates (2021-W01-1) and 20210101
        try:
            if not _DATE.match(value):
                raise ValueError(value)
            date.fromisoformat(value)
        except ValueError:
            raise ParameterError(f"parameter {name!r}: {cut(raw)!r} is not a date (YYYY-MM-DD)") from None
        return Literal(value, datatype=XSD.date)
    if kind == "integer":
        if not re.fullmatch(r"[0-9]{1,6}", value):
            raise ParameterError(f"parameter {name!r}: {cut(raw)!r} is not a whole number")
        return Literal(str(int(value)), datatype=XSD.integer)
    if kind == "domain":
        # a closed scheme of the ontology: checked here, offline, for every graph and endpoint
        if value not in notations("domain"):
            known = ", ".join(notations("domain"))
            raise ParameterError(f"no capability domain {cut(value)!r}; "
                                 f"`pesco-graph query capability-domains` lists them ({known})")
        return Literal(value)
    if kind == "role":
        if value not in notations("role"):
            known = ", ".join(notations("role"))
            raise ParameterError(f"parameter {name!r}: {cut(raw)!r} is not one of {known}")
        return Literal(value)
    if kind == "text":
        if len(raw) > 200:
            raise ParameterError(f"parameter {name!r}: longer than 200 characters")
        if _CODEPOINT_ESCAPE.search(raw):
            # SPARQL expands \uXXXX / \UXXXXXXXX before parsing, so such a sequence could turn
            # into a quote; refuse it rather than guess what a search for it meant.
            raise ParameterError(f"parameter {name!r}: backslash-u escape sequences are not allowed")
        return Literal(raw)
    raise ParameterError(f"parameter {name!r}: unknown type {kind!r}")  # pragma: no cover


def bind_params(query: NamedQuery, params: Mapping[str, str] | None) -> dict[str, Term]:
    """Check ``params`` against the query's declared parameters; return variable bindings."""
    params = dict(params or {})
    unknown = sorted(set(params) - {p.name for p in query.params})
    if unknown:
        declared = ", ".join(p.name for p in query.params) or "none"
        raise ParameterError(
            f"query {query.name!r} has no parameter {cut(unknown[0], 40)!r} (its parameters: {declared})"
        )
    bindings: dict[str, Term] = {}
    for p in query.params:
        if p.name not in params or params[p.name] is None:
            if p.default == "today":
                bindings[p.name] = Literal(date.today().isoformat(), datatype=XSD.date)
                continue
            if p.required:
                raise ParameterError(f"query {query.name!r} needs parameter {p.name!r}: {p.description}")
            continue
        bindings[p.name] = _term(p.name, p.type, str(params[p.name]))
    return bindings


class KnownValueQuery(NamedTuple):
    """How to check that a parameter's value names something in the graph."""

    noun: str  # what the value names, in messages
    exists: str  # the named query that returns a row when it exists (one parameter, ``param``)
    param: str
    listing: str  # the named query that lists the valid values


#: parameter type -> the queries that check and list its values
KNOWN_VALUE_QUERIES = {
    "slug": KnownValueQuery("project", "project-exists", "project", "projects"),
    "alpha2": KnownValueQuery("state", "state-exists", "state", "states"),
}


def check_known(bindings: Mapping[str, Term], query: NamedQuery, graph: GraphBackend) -> None:
    """Refuse a project or state parameter that names nothing in ``graph`` (local or an endpoint).

    Each value is looked up with a named query (``project-exists``, ``state-exists``) bound like
    any other parameter; the error names the value and the query that lists the valid ones.

    >>> from pesco_graph import run_query
    >>> run_query("state-portfolio", {"state": "JP"})
    Traceback (most recent call last):
    ...
    pesco_graph.errors.ParameterError: no state 'JP'; `pesco-graph query states` lists them
    """
    for p in query.params:
        known = KNOWN_VALUE_QUERIES.get(p.type)
        term = bindings.get(p.name)
        if known is None or term is None:
            continue
        lookup = get_query(known.exists)
        if not len(graph.select(values_block(lookup.text, {known.param: term}))):
            shown = term.value if isinstance(term, Literal) else str(term)
            which = "" if p.name == known.param else f" (parameter {p.name!r})"
            raise ParameterError(
                f"no {known.noun} {shown!r}{which}; `pesco-graph query {known.listing}` lists them"
            )


_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t",
            "\b": "\\b", "\f": "\\f"}


def sparql_term(term: Term) -> str:
    """A term as SPARQL text: a literal in one-line double quotes with every special escaped.

    >>> print(sparql_term(Literal("a \\"b\\"")))
    "a \\"b\\""
    """
    if isinstance(term, Literal):
        body = "".join(_ESCAPES.get(ch, ch) for ch in term.value)
        if term.language:
            return f'"{body}"@{term.language}'
        if term.datatype.value != XSD.string.value:
            return f'"{body}"^^<{term.datatype.value}>'
        return f'"{body}"'
    return str(term)


_WHERE = re.compile(r"\bWHERE\s*\{", re.I)


def values_block(query_text: str, bindings: Mapping[str, Term]) -> str:
    """The query with a VALUES block of escaped terms at the start of its outer WHERE.

    Only the terms' escaped forms go into the block, never raw input.
    """
    if not bindings:
        return query_text
    match = _WHERE.search(query_text)
    if match is None:
        raise ParameterError("cannot bind parameters: the query has no WHERE clause")
    names = sorted(bindings)
    block = "VALUES (" + " ".join(f"?{n}" for n in names) + ") { (" + " ".join(
        sparql_term(bindings[n]) for n in names) + ") }\n"
    return query_text[: match.end()] + "\n  " + block + query_text[match.end():]
