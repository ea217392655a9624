"""The mapping from the curated CSV tables in ``data/`` to RDF.

Each table has a fixed set of columns (``TABLES``) and one record per line (a cell cannot
hold a line break). Cells that hold several values separate them with ``;``. Every row is
checked as it is mapped, and all the problems of a run are reported together
(:class:`~pesco_graph.errors.InputErrors`, one line each naming the file, the line and the
column); a single problem is one :class:`~pesco_graph.errors.InputError`. A key given twice
in a table is refused, and every cell that becomes an IRI is checked before anything is
serialised.
"""

from __future__ import annotations

from collections.abc import Mapping

from ..errors import MAX_REPORTED, InputError, InputErrors, cut
from ..namespace import PESCO
from .context import Consequence, MappingContext
from .mappers import MAPPERS
from .rows import Row, TripleSet, UnreadLine, literal, parse_date, read_rows
from .schema import KEYS, MAX_CELL, ORDER, TABLES

__all__ = ["TABLES", "KEYS", "MAX_CELL", "map_tables", "read_rows", "parse_date", "Row", "MappingContext",
           "TripleSet", "literal"]


def map_tables(
    tables: Mapping[str, tuple[str, str] | list[tuple[str, str]]], graph: TripleSet | None = None
) -> TripleSet:
    """Map CSV tables to RDF.

    Parameters
    ----------
    tables
        ``{table name: (path shown in errors, CSV text)}`` or a list of such pairs when several
        files hold rows of one table; names are keys of ``TABLES``. Tables may be missing (a
        fixture may hold only some), but references must resolve.
    graph
        The triples to add to; a new set when omitted.
    """
    graph = TripleSet() if graph is None else graph
    unknown = sorted(set(tables) - set(TABLES))
    if unknown:
        entry = tables[unknown[0]]
        path = (entry[0] if isinstance(entry, list) else entry)[0]
        raise InputError(f"unknown table; expected one of {', '.join(TABLES)}", path)
    ctx = MappingContext(graph)
    problems: list[InputError] = []
    for name in ORDER:
        if name not in tables:
            continue
        entry = tables[name]
        columns, what = KEYS[name]
        first_line: dict[tuple[str, ...], tuple[str, int]] = {}
        for path, text in entry if isinstance(entry, list) else [entry]:
            known = len(problems)
            try:
                rows = list(read_rows(text, path, name, problems))
            except InputError as exc:  # no usable header: the table is left out
                problems.append(exc)
                ctx.broken.add((what, "*"))
                continue
            if columns[0] == TABLES[name][0]:
                ctx.broken.update((what, p.first) for p in problems[known:] if isinstance(p, UnreadLine))
            for row in rows:
                key = row.key(name)
                if all(key) and key in first_line:
                    where = first_line[key]
                    at = f"line {where[1]}" if where[0] == path else f"{where[0]}:{where[1]}"
                    problems.append(row.fail(columns[-1], f"duplicate {what} {cut('/'.join(key))!r} "
                                                          f"(first given on {at}): keep one row"))
                    continue
                first_line[key] = (path, row.line)
                try:
                    MAPPERS[name](ctx, row)
                except Consequence:
                    pass
                except InputError as exc:
                    problems.append(exc)
                    if len(columns) == 1 and row.get(columns[0]):
                        ctx.broken.add((what, row.get(columns[0])))
    for row, iri, target in ctx.pending_merges:
        try:
            graph.add((iri, PESCO.mergedInto, ctx.ref(row, "merged_into", ctx.projects, "project", target)))
        except Consequence:
            pass
        except InputError as exc:
            problems.append(exc)
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise InputErrors(problems[:MAX_REPORTED], total=len(problems))
    return graph
