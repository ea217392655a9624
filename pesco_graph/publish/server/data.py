"""Where the server gets its graph and its pages: the one place to adapt when the graph core
changes.

The server runs :func:`prepare` in a subprocess (``python -m
pesco_graph.publish.server.data GRAPH.nt [SITE_DIR]``), so that a stop during start-up can
end it at once, and reads the pages into memory with :func:`read_pages`.
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path

from ...errors import PescoGraphError

__all__ = ["write_graph_ntriples", "write_pages", "read_pages", "scratch_parent", "prepare", "main"]


def write_graph_ntriples(path: Path) -> int:
    """Write the whole graph (derived) as N-Triples to ``path``; the number of triples."""
    from ...load import load_graph
    from ...writers import write_ntriples

    lines = load_graph().nt_lines()
    path.write_bytes(write_ntriples(lines))
    return len(lines)


def write_pages(out: Path) -> Path:
    """Write the linked-data site (pages and RDF files of every resource) into ``out``."""
    try:
        from ..site import write_site  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        raise PescoGraphError(
            "the site writer (pesco_graph.publish.site.write_site) is not available; "
            "serve a site written beforehand with --site DIR"
        ) from None
    write_site(out)
    return out


def read_pages(site: Path) -> dict[str, bytes]:
    """Every file of a site folder by its path (``project/military-mobility.ttl``)."""
    if not site.is_dir():
        raise PescoGraphError(f"{site}: no such folder")
    pages = {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}
    if not any(name.endswith(".html") for name in pages):
        raise PescoGraphError(f"{site}: no site here (write one with: pesco-graph site --out DIR)")
    return pages


def scratch_parent() -> str | None:
    """Memory-backed /dev/shm where there is one (a few thousand small files are written and
    removed there in a fraction of the time a disk takes); else the usual temporary folder."""
    shm = "/dev/shm"
    return shm if os.path.isdir(shm) and os.access(shm, os.W_OK | os.X_OK) else None


def prepare(graph_path: Path, site_out: Path | None) -> None:
    """Write the graph's N-Triples to ``graph_path`` and, unless ``site_out`` is ``None``, the
    site into ``site_out``."""
    write_graph_ntriples(graph_path)
    if site_out is not None:
        write_pages(site_out)


def main(argv: list[str] | None = None) -> int:
    from .worker import die_with_parent

    args = sys.argv[1:] if argv is None else argv
    die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server ends this process itself
    try:
        prepare(Path(args[0]), Path(args[1]) if len(args) > 1 else None)
    except PescoGraphError as exc:
        print(exc, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
