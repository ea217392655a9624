"""A cache of the built graph between command-line calls, keyed on content.

The key is a BLAKE2b digest over the bytes of every input file (ontology, data), of the code
that maps them and of the engine's version, so an edit anywhere gives a new key: a cached
graph is never stale. The cached graph is its sorted N-Triples after a first line that says
how many triples follow; the engine's parser reads it back without checking each IRI
again (they were checked when the graph was built, and the file is only ever written whole),
and an entry whose count differs (damaged, or of an older layout) is passed over. The folder
is ``$PESCO_GRAPH_CACHE``, else ``$XDG_CACHE_HOME/pesco-graph``, else ``~/.cache/pesco-graph``;
``PESCO_GRAPH_CACHE=off`` turns the cache off. A cache that cannot be read or written is
skipped without a word: it only saves time.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from importlib.resources.abc import Traversable
from pathlib import Path

import pyoxigraph as ox

from .backends.oxigraph import OxigraphBackend
from .errors import PescoGraphError
from .writers import write_atomic, write_ntriples

try:  # the built-in module: importing hashlib would load OpenSSL first, for nothing here
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - a Python built without it
    from hashlib import blake2b

__all__ = ["cache_dir", "content_key", "cached_graph", "store_graph"]

_KEEP = 4  # cached graphs kept (the newest), so edits do not fill the disk
_HEADER = b"# pesco-graph cache: %d triples\n"


def cache_dir() -> Path | None:
    """The cache folder, or None when the cache is off."""
    chosen = os.environ.get("PESCO_GRAPH_CACHE")
    if chosen is not None:
        return None if chosen.strip().lower() in ("", "off", "0", "no") else Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "pesco-graph"


def content_key(files: Iterable[Path | Traversable], code: Iterable[Path] = ()) -> str:
    """A key over the names and bytes of ``files`` and ``code``, and the engine's version.

    >>> import tempfile, pathlib
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "a.ttl"
    >>> _ = f.write_bytes(b"x")
    >>> k = content_key([f]); _ = f.write_bytes(b"y"); k == content_key([f])
    False
    """
    digest = blake2b(f"pyoxigraph {ox.__version__}\0".encode(), digest_size=16)
    for item in [*files, *code]:
        data = item.read_bytes()
        digest.update(f"{item.name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def _entry(folder: Path, key: str) -> Path:
    return folder / f"graph-{key}.nt"


def cached_graph(key: str) -> OxigraphBackend | None:
    """The cached graph of ``key``, or None."""
    folder = cache_dir()
    if folder is None:
        return None
    path = _entry(folder, key)
    try:
        with open(path, "rb") as handle:
            header = handle.readline()
            data = handle.read()
        count = data.count(b"\n")
        if header != _HEADER % count:  # an entry of an older layout, or a damaged one
            return None
        graph = OxigraphBackend()
        # load, not bulk_load: for a graph this size the bulk loader's set-up costs more than it saves
        graph.store.load(data, format=ox.RdfFormat.N_TRIPLES, lenient=True)
        os.utime(path)  # most recently used
        return graph
    except (OSError, SyntaxError, ValueError):
        return None


def store_graph(key: str, lines: list[bytes]) -> None:
    """Keep the graph of ``key`` (its sorted N-Triples lines) in the cache, if it can."""
    folder = cache_dir()
    if folder is None:
        return
    try:
        write_atomic(_entry(folder, key), _HEADER % len(lines) + write_ntriples(lines))
        old = sorted(folder.glob("graph-*.nt"), key=lambda p: p.stat().st_mtime, reverse=True)[_KEEP:]
        for path in old:
            path.unlink(missing_ok=True)
    except (OSError, PescoGraphError):
        return
