"""Reading a table: records, rows with the place they came from, dates and literals."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from datetime import date
from typing import NamedTuple

from pyoxigraph import Literal, NamedNode, Triple

from ..errors import InputError, cut
from ..namespace import (
    XSD,
)
from .schema import KEYS, MAX_CELL, TABLES

__all__ = ['literal', 'TripleSet', 'TermTriple', 'Row', 'parse_date', 'read_rows', 'UnreadLine']

_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class UnreadLine(InputError):
    """A line that is not a usable record; ``first`` is its first cell as far as it can be told
    (the key of most tables), so that rows referring to it are not reported as well."""

    def __init__(self, message: str, path: str, line: int, text: str) -> None:
        super().__init__(message, path, line)
        self.first = re.match(r'\s*"?([^",]*)', text).group(1).strip()  # type: ignore[union-attr]


def literal(value: str | int | bool, lang: str | None = None, datatype: NamedNode | None = None) -> Literal:
    """A literal: a language-tagged string, a typed value, or an integer / boolean.

    >>> literal(3).datatype.value, literal(True).value, str(literal("x", lang="en"))
    ('http://www.w3.org/2001/XMLSchema#integer', 'true', '"x"@en')
    """
    if isinstance(value, bool):
        return Literal("true" if value else "false", datatype=XSD.boolean)
    if isinstance(value, int):
        return Literal(str(value), datatype=XSD.integer)
    if lang is not None:
        return Literal(value, language=lang)
    if datatype is not None:
        return Literal(value, datatype=datatype)
    return Literal(value)


TermTriple = tuple[NamedNode, NamedNode, NamedNode | Literal]


class TripleSet:
    """The triples a mapping produced, in the order they were made, without repeats.

    They are kept as tuples of terms (making a :class:`~pyoxigraph.Triple` of each would cost
    more than the rest of the mapping); :meth:`ntriples` writes them for a backend's parser.
    """

    def __init__(self) -> None:
        self.triples: dict[TermTriple, None] = {}

    def add(self, triple: TermTriple) -> None:
        self.triples[triple] = None

    def __contains__(self, triple: TermTriple) -> bool:
        return triple in self.triples

    def __len__(self) -> int:
        return len(self.triples)

    def __iter__(self) -> Iterator[Triple]:
        return (Triple(*t) for t in self.triples)

    def ntriples(self) -> bytes:
        """The triples as an N-Triples document, in the order they were made.

        >>> ts = TripleSet(); ts.add((XSD.a, XSD.b, literal("x", lang="en"))); print(ts.ntriples().decode())
        <http://www.w3.org/2001/XMLSchema#a> <http://www.w3.org/2001/XMLSchema#b> "x"@en .
        <BLANKLINE>
        """
        names: dict[NamedNode | Literal, str] = {}  # a tenth as many terms as places: each written once
        get, keep = names.get, names.setdefault
        lines = []
        for s, p, o in self.triples:
            subject, predicate = get(s) or keep(s, str(s)), get(p) or keep(p, str(p))
            lines.append(f"{subject} {predicate} {get(o) or keep(o, str(o))} .\n")
        return "".join(lines).encode()


class Row(NamedTuple):
    """One CSV row with the place it came from, for error messages."""

    path: str
    line: int
    cells: dict[str, str]  # stripped of surrounding blanks

    def fail(self, column: str, message: str) -> InputError:
        return InputError(f"column {column!r}: {message}", self.path, self.line)

    def key(self, table: str) -> tuple[str, ...]:
        """The cells that identify this row in ``table`` (numbers without leading zeros)."""
        return tuple(str(int(v)) if v.isdigit() else v for v in (self.get(c) for c in KEYS[table][0]))

    def get(self, column: str) -> str:
        return self.cells.get(column, "")

    def required(self, column: str) -> str:
        value = self.get(column)
        if not value:
            raise self.fail(column, "a value is required")
        return value

    def many(self, column: str) -> list[str]:
        return [v.strip() for v in self.get(column).split(";") if v.strip()]

    def choice(self, column: str, allowed: tuple[str, ...], required: bool = True) -> str:
        value = self.required(column) if required else self.get(column)
        if value and value not in allowed:
            raise self.fail(column, f"{cut(value)!r} is not one of {', '.join(allowed)}")
        return value

    def iri(self, column: str, value: str | None = None) -> NamedNode:
        """The cell (or ``value`` from it) as an IRI, refused when it is not a valid one."""
        text = self.required(column) if value is None else value
        try:
            return NamedNode(text)
        except ValueError as exc:
            raise self.fail(column, f"{cut(text)!r} is not a valid IRI ({cut(str(exc), 120)})") from None

    def required_date(self, column: str, full: bool = True) -> Literal:
        """The cell as a date literal; an empty cell is an error."""
        return parse_date(self.required(column), full=full, fail=lambda m: self.fail(column, m))

    def date(self, column: str, required: bool = False, full: bool = True) -> Literal | None:
        value = self.required(column) if required else self.get(column)
        if not value:
            return None
        return parse_date(value, full=full, fail=lambda m: self.fail(column, m))


def parse_date(value: str, full: bool, fail: Callable[[str], Exception]) -> Literal:
    """A date literal: xsd:date, or (when ``full`` is false) also xsd:gYearMonth / xsd:gYear."""
    if not _DATE_RE.match(value):
        raise fail(f"{cut(value)!r} is not a date (YYYY-MM-DD)")
    parts = value.split("-")
    try:
        if len(parts) == 3:
            date.fromisoformat(value)
            return literal(value, datatype=XSD.date)
        if full:
            raise fail(f"{cut(value)!r} is not a full date (YYYY-MM-DD)")
        if len(parts) == 2:
            date(int(parts[0]), int(parts[1]), 1)
            return literal(value, datatype=XSD.gYearMonth)
        return literal(value, datatype=XSD.gYear)
    except ValueError:
        raise fail(f"{cut(value)!r} is not a valid date") from None


def _quote_problem(line: str) -> tuple[int, str]:
    """The column (1-based character position) and the plain-words reason why ``line`` is not
    one CSV record of its own: a quoted cell left open, or text after a closing quote."""
    i, n = 0, len(line)
    while i <= n:
        if i < n and line[i] == '"':
            start = i
            i += 1
            while True:
                close = line.find('"', i)
                if close < 0:
                    return start + 1, ("a quoted cell is not closed on its line: add the closing "
                                       'quote (a quote inside a quoted cell is written "")')
                if close + 1 < n and line[close + 1] == '"':
                    i = close + 2
                    continue
                i = close + 1
                break
            if i < n and line[i] != ",":
                return i + 1, ('text after the closing quote of a cell: quote the whole cell and '
                               'double the quotes inside it ("")')
            i += 1
        else:
            comma = line.find(",", i)
            if comma < 0:
                break
            i = comma + 1
    return 1, "not a CSV record"


def _records(text: str, path: str, problems: list[InputError]) -> Iterator[tuple[int, list[str]]]:
    """``(line number, cells)`` of each line of ``text``; a line that is not one CSV record
    (an unbalanced quote, a cell over :data:`MAX_CELL` characters) is added to ``problems``."""
    if text.startswith("\ufeff"):
        text = text[1:]
    for number, line in enumerate(text.split("\n"), 1):
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        try:
            cells = next(csv.reader([line], strict=True))
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                problems.append(UnreadLine(
                    f"a cell of more than {MAX_CELL} characters: shorten it", path, number, line))
            else:
                column, reason = _quote_problem(line)
                problems.append(UnreadLine(f"column {column}: {reason}", path, number, line))
            continue
        yield number, cells


def read_rows(text: str, path: str, table: str, problems: list[InputError] | None = None) -> Iterator[Row]:
    """Rows of a CSV table, after checking its header against ``TABLES``.

    Each line is one record. A line that cannot be read (an unbalanced quote, a cell too long,
    more or fewer cells than the header) is added to ``problems`` and skipped, or raised at
    once when ``problems`` is None. A byte-order mark before the header is dropped.
    """
    collect: list[InputError] = [] if problems is None else problems

    def report(error: InputError) -> None:
        if problems is None:
            raise error
        collect.append(error)

    expected = TABLES[table]
    records = _records(text, path, collect)
    seen = len(collect)
    first = next(records, None)
    if len(collect) > seen and (first is None or first[0] != 1):
        raise collect.pop()  # the header itself cannot be read
    if first is None or first[0] != 1:
        raise InputError(f"no header: the first line must be {','.join(expected)}", path, 1)
    header = tuple(c.strip() for c in first[1])
    if header != expected:
        missing = [c for c in expected if c not in header]
        extra = [cut(c, 40) for c in header if c not in expected]
        detail = []
        if missing:
            detail.append(f"missing {', '.join(missing)}")
        if extra:
            detail.append(f"unexpected {', '.join(repr(e) for e in extra)}")
        if not detail:
            detail.append("columns out of order")
        raise InputError(f"header must be {','.join(expected)} ({'; '.join(detail)})", path, 1)
    for number, values in records:
        if problems is None and collect:
            raise collect[0]
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(expected):
            more = "more" if len(values) > len(expected) else "fewer"
            report(UnreadLine(f"row has {len(values)} cells, {more} than the header's {len(expected)}: "
                               "quote cells that hold a comma", path, number, values[0]))
            continue
        yield Row(path, number, dict(zip(expected, [v.strip() for v in values], strict=True)))
    if problems is None and collect:
        raise collect[0]
