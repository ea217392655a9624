"""Where the server gets its graph and its pages: the one place to adapt when the graph core
changes."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from ...errors import PescoGraphError

__all__ = ["write_graph_ntriples", "write_pages", "read_pages", "site_pages"]


def write_graph_ntriples(path: Path) -> int:
    """Write the packaged graph (derived) as N-Triples to ``path``; the number of triples."""
    from ...oxstore import OxigraphGraph

    graph = OxigraphGraph.packaged()
    path.write_bytes(graph.serialize("nt"))
    return len(graph)


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


def _scratch_parent() -> str | None:
    """Memory-backed /dev/shm where there is one: a few thousand small files are written and
    removed there in a fraction of the time a disk takes."""
    shm = "/dev/shm"
    return shm if os.path.isdir(shm) and os.access(shm, os.W_OK | os.X_OK) else None


def site_pages(site: Path | None = None) -> dict[str, bytes]:
    """The pages to serve: those of ``site``, or a site written now into a scratch folder that
    is read into memory and removed at once (so a stop has no pages to clean up)."""
    if site is not None:
        return read_pages(site)
    scratch = Path(tempfile.mkdtemp(prefix="pesco-serve-site-", dir=_scratch_parent()))
    try:
        return read_pages(write_pages(scratch / "site"))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
