"""The one load layer: ontology, data files (Turtle and CSV tables) and fixtures into a graph.

Nothing outside this module knows how files are parsed or which store holds the triples:
callers get an :class:`rdflib.Graph` (see :mod:`pesco_graph.store` for the query engines).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from importlib.resources.abc import Traversable
from pathlib import Path

from rdflib import Graph

from .errors import InputError
from .namespace import bind_prefixes
from .resources import data_files, ontology_files
from .tabular import TABLES, map_tables

__all__ = ["load_graph", "load_ontology", "load_data", "load_files", "parse_turtle"]

_LINE_RE = re.compile(r"at line (\d+)")

FileLike = Path | Traversable | str


def parse_turtle(text: str, path: str, graph: Graph | None = None) -> Graph:
    """Parse Turtle ``text`` into ``graph``; a syntax error names ``path`` and the line."""
    graph = Graph() if graph is None else graph
    try:
        graph.parse(data=text, format="turtle")
    except Exception as exc:  # rdflib raises BadSyntax and assorted others
        line = getattr(exc, "lines", None)
        match = _LINE_RE.search(str(exc))
        lineno = int(match.group(1)) if match else (line + 1 if isinstance(line, int) else None)
        why = getattr(exc, "_why", None) or str(exc).splitlines()[-1]
        raise InputError(f"Turtle syntax error: {why}", path, lineno) from None
    return graph


def _read(file: FileLike) -> tuple[str, str]:
    """The display path and text of a file, with a clear error when it cannot be read."""
    shown = str(file)
    try:
        if isinstance(file, str):
            file = Path(file)
        return shown, file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError("no such file", shown) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read file ({exc})", shown) from None


def load_files(files: Iterable[FileLike], graph: Graph | None = None) -> Graph:
    """Load Turtle (``.ttl``) files and CSV tables (``.csv``, named after their table).

    CSV tables are mapped together, so rows of one table may refer to ids from another.
    """
    graph = bind_prefixes(Graph()) if graph is None else graph
    tables: dict[str, list[tuple[str, str]]] = {}
    for file in files:
        shown, text = _read(file)
        name = Path(shown).name
        if name.endswith(".csv"):
            if name not in TABLES:
                raise InputError(
                    f"unknown CSV table {name!r}; expected one of {', '.join(TABLES)}", shown
                )
            # several files of one table (the packaged one and a maintainer's new rows) add up
            tables.setdefault(name, []).append((shown, text))
        elif name.endswith((".ttl", ".turtle")):
            parse_turtle(text, shown, graph)
        else:
            raise InputError("unsupported file type (expected .ttl or .csv)", shown)
    if tables:
        map_tables(tables, graph)
    return graph


def load_ontology() -> Graph:
    """The ontology and its SKOS concept schemes."""
    return load_files(ontology_files())


def load_data() -> Graph:
    """The curated data of ``data/`` (without ontology and without derived triples)."""
    return load_files(data_files())


def load_graph(derive: bool = True) -> Graph:
    """The whole graph: ontology, schemes, data and (by default) the derived triples."""
    from .derive import derive as add_derived

    graph = load_files([*ontology_files(), *data_files()])
    if derive:
        add_derived(graph)
    return graph
