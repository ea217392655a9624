"""The names the registries answer to, in one light module the command line can import
without loading any engine (``pesco-graph --help`` stays fast).

Each registry (:data:`pesco_graph.backends.BACKENDS`, :data:`pesco_graph.writers.RDF_WRITERS`,
:data:`pesco_graph.export.EXPORT_FORMATS`, :data:`pesco_graph.validate.ENGINES`) is keyed by
these names; a test checks that they agree.
"""

from __future__ import annotations

__all__ = ["BACKENDS", "LOCAL_BACKENDS", "DEFAULT_BACKEND", "RDF_FORMATS", "NETWORK_FORMATS",
           "EXPORT_FORMATS", "ENGINES", "DEFAULT_ENGINE"]

BACKENDS = ("oxigraph", "rdflib", "remote")
LOCAL_BACKENDS = ("oxigraph", "rdflib")
DEFAULT_BACKEND = "oxigraph"
RDF_FORMATS = ("ttl", "nt", "jsonld")
NETWORK_FORMATS = ("graphml", "gexf")
EXPORT_FORMATS = (*RDF_FORMATS, *NETWORK_FORMATS, "csv")
ENGINES = ("sparql", "pyshacl")
DEFAULT_ENGINE = "sparql"
