"""Writing the graph out: one export in one format, through the one writer of that format.

RDF formats come from the graph's sorted canonical N-Triples (:mod:`pesco_graph.writers`),
so ``export``, ``build`` and every backend write the same bytes; the networks come from
:mod:`pesco_graph.network`, and the CSV from the named query ``participations`` (names and
source URLs included, so the table can be read and cited on its own).
"""

from __future__ import annotations

from pathlib import Path

from .backends import GraphBackend
from .errors import PescoGraphError
from .network import bipartite_graph, check_date, network_bytes
from .query import run_query
from .writers import RDF_SUFFIXES, rdf_bytes, rdf_content, sorted_ntriples, write_atomic

__all__ = ["EXPORT_FORMATS", "export_bytes", "export"]

EXPORT_FORMATS = {**RDF_SUFFIXES, "graphml": ".graphml", "gexf": ".gexf", "csv": ".csv"}


def export_bytes(graph: GraphBackend, fmt: str, as_of: str | None = None) -> bytes:
    """The bytes of one export of ``graph``: an RDF format (``ttl``, ``nt``, ``jsonld``), the
    state-project network (``graphml``, ``gexf``) or the participations table (``csv``).

    With ``as_of`` (YYYY-MM-DD) the network and the table hold the participations in force on
    that date (query ``participations-as-of``, each row certain or attested) instead of the
    current ones and every dated one; the RDF formats take no date."""
    if as_of is not None:
        as_of = check_date(as_of, "--as-of")
        if fmt in RDF_SUFFIXES:
            raise PescoGraphError(f"--as-of applies to graphml, gexf and csv, not to {fmt}")
    if fmt in RDF_SUFFIXES:
        return rdf_bytes(graph.nt_lines(), fmt)
    if fmt == "csv":
        if as_of is not None:
            return run_query("participations-as-of", {"as_of": as_of}, graph=graph).to_csv().encode("utf-8")
        return run_query("participations", graph=graph).to_csv().encode("utf-8")
    if fmt in ("graphml", "gexf"):
        return network_bytes(bipartite_graph(graph, as_of=as_of), fmt)
    raise PescoGraphError(f"unknown format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")


def export(graph: GraphBackend, fmt: str, out: str | Path | None = None, as_of: str | None = None) -> Path:
    """Write one export of ``graph`` atomically to ``out`` (default ``dist/pesco.<ext>``); see
    :func:`export_bytes` for ``as_of``."""
    if fmt not in EXPORT_FORMATS:
        raise PescoGraphError(f"unknown format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}")
    path = Path(out) if out else Path("dist") / f"pesco{EXPORT_FORMATS[fmt]}"
    if fmt in RDF_SUFFIXES and as_of is None:  # streamed from the sorted lines on disk
        with sorted_ntriples(graph) as lines:
            return write_atomic(path, rdf_content(lines, fmt))
    return write_atomic(path, export_bytes(graph, fmt, as_of))
