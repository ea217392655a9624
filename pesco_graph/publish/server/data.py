"""Where the server gets its graph and its pages: the one place to adapt when the graph core
changes."""

from __future__ import annotations

from pathlib import Path

from ...errors import PescoGraphError

__all__ = ["write_graph_ntriples", "write_pages"]


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
