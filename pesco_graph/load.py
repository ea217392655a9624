"""The one loader: ontology, data files (Turtle and CSV tables) and fixtures into a graph.

Turtle is parsed by the backend itself; the CSV tables are mapped to triples by
:mod:`pesco_graph.tabular` (no rdflib) and added in one go. :func:`load_graph` builds the
packaged graph straight into the chosen backend (Oxigraph by default) and derives it.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib.resources.abc import Traversable
from pathlib import Path

from . import derive as derive_module
from . import namespace, tabular, vocabularies
from .backends import DEFAULT_BACKEND, GraphBackend, new_graph
from .cache import cached_graph, content_key, store_graph
from .derive import derive as add_derived
from .errors import InputError, InputErrors
from .resources import data_files, ontology_files, shown_path
from .tabular import TABLES, map_tables

__all__ = ["FileLike", "read_file", "load_files", "load_graph", "load_ontology", "load_data"]

FileLike = Path | Traversable | str

# the code whose change changes the graph built from the same files (this module included)
MAPPING_CODE = (Path(__file__), *(Path(m.__file__ or "") for m in (derive_module, namespace, vocabularies)),
                *sorted(Path(tabular.__file__ or "").parent.glob("*.py")))


def read_file(file: FileLike) -> tuple[str, bytes]:
    """The path to show for ``file`` and its bytes, with a clear error when it cannot be read."""
    shown = shown_path(file)
    try:
        path = Path(file) if isinstance(file, str) else file
        if isinstance(path, Path) and path.is_dir():
            raise InputError("is a folder, not a file", shown)
        return shown, path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", shown) from None
    except OSError as exc:
        raise InputError(f"cannot read file ({exc.strerror or exc})", shown) from None


def decode_text(shown: str, data: bytes) -> str:
    """UTF-8 text of a file (a byte-order mark is dropped); a bad byte is named by line and column."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(f"column {column}: byte 0x{data[exc.start]:02x} is not UTF-8 "
                         "(save the file as UTF-8)", shown, line) from None


def load_files(
    files: Iterable[FileLike],
    graph: GraphBackend | None = None,
    backend: str = DEFAULT_BACKEND,
    defaults: Iterable[FileLike] = (),
) -> GraphBackend:
    """Load Turtle (``.ttl``) files and CSV tables (``.csv``, named after their table).

    CSV tables are mapped together, so rows of one table may refer to ids from another.
    Several files of one table add up. ``defaults`` (for example the packaged data files)
    are loaded first, except those whose file name is the name of one of ``files``: an edited
    copy of a table replaces the default one instead of being added to it. All the problems
    of the tables are reported together (:class:`~pesco_graph.errors.InputErrors`).
    """
    graph = new_graph(backend) if graph is None else graph
    files = list(files)
    given = {Path(shown_path(f)).name for f in files}
    files = [f for f in defaults if Path(shown_path(f)).name not in given] + files
    tables: dict[str, list[tuple[str, str]]] = {}
    problems: list[InputError] = []
    hidden = 0  # problems counted beyond those kept
    unread_table = False
    for file in files:
        try:
            shown, data = read_file(file)
            name = Path(shown).name
            if name.endswith(".csv"):
                if name not in TABLES:
                    known = ", ".join(TABLES)
                    raise InputError(f"unknown CSV table {name!r}; expected one of {known}", shown)
                try:
                    tables.setdefault(name, []).append((shown, decode_text(shown, data)))
                except InputError:
                    unread_table = True
                    raise
            elif name.endswith((".ttl", ".turtle")):
                graph.load(data.removeprefix(b"\xef\xbb\xbf"), "turtle", shown)
            elif name.endswith(".nt"):
                graph.load(data.removeprefix(b"\xef\xbb\xbf"), "ntriples", shown)
            else:
                raise InputError("unsupported file type (expected .ttl, .nt or .csv)", shown)
        except InputErrors as exc:
            problems.extend(exc.errors)
        except InputError as exc:
            problems.append(exc)
    # a table that could not be read would make every reference to it a problem of its own:
    # its own problem is reported alone
    if tables and not unread_table:
        try:
            # the backend's own parser reads the terms faster than they can be handed over one by one
            graph.load(map_tables(tables).ntriples(), "ntriples", "the CSV tables")
        except InputErrors as exc:
            problems.extend(exc.errors)
            hidden += exc.total - len(exc.errors)
        except InputError as exc:
            problems.append(exc)
    if len(problems) == 1 and not hidden:
        raise problems[0]
    if problems:
        raise InputErrors(problems, total=len(problems) + hidden)
    return graph


def load_ontology(backend: str = DEFAULT_BACKEND) -> GraphBackend:
    """The ontology and its concept schemes."""
    return load_files(ontology_files(), backend=backend)


def load_data(backend: str = DEFAULT_BACKEND) -> GraphBackend:
    """The curated data of ``data/`` (without ontology and without derived triples)."""
    return load_files(data_files(), backend=backend)


def load_graph(derive: bool = True, backend: str = DEFAULT_BACKEND, cache: bool = True) -> GraphBackend:
    """The whole graph: ontology, schemes, data and (by default) the derived triples.

    The derived graph in the default backend is kept in a cache (see :mod:`pesco_graph.cache`)
    keyed on the content of every input file and of the code that maps them, so a later
    call reads it back instead of mapping the tables again, and can never get stale data.

    >>> graph = load_graph()
    >>> graph.name, len(graph) > 10000
    ('oxigraph', True)
    """
    files = [*ontology_files(), *data_files()]
    cacheable = cache and derive and backend == "oxigraph"
    key = content_key(files, MAPPING_CODE) if cacheable else None
    if key is not None:
        cached = cached_graph(key)
        if cached is not None:
            return cached
    graph = load_files(files, backend=backend)
    if derive:
        add_derived(graph)
    if key is not None:
        store_graph(key, graph.nt_lines())
    return graph
