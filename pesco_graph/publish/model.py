"""What the site reads from the graph: one index of triples by subject, labels, site queries.

The graph arrives as a pyoxigraph ``Store`` through :func:`graph_store`, the one place that
knows where the data comes from (any graph backend; the packaged graph by default).
Everything else reads a :class:`SiteData` built once: the sorted N-Triples lines grouped by
subject (for the per-resource data files), the terms by subject and by object (for the
pages), the best label of each IRI, and the results of the site's own queries
(``pesco_graph/publish/queries/*.rq``; no SPARQL is built here).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from importlib.resources import files
from typing import TYPE_CHECKING, Any

from ..namespace import BASE

if TYPE_CHECKING:
    import pyoxigraph as ox

__all__ = ["graph_store", "SiteData", "site_query", "Row", "LABEL_ORDER"]

Row = dict[str, Any]

# which property's label wins, best first
LABEL_ORDER = (
    "http://www.w3.org/2004/02/skos/core#prefLabel",
    "http://www.w3.org/2000/01/rdf-schema#label",
    "http://xmlns.com/foaf/0.1/name",
    "http://purl.org/dc/terms/title",
)
_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def graph_store(graph: object = None) -> ox.Store:
    """The graph as a pyoxigraph store: the packaged graph (loaded and derived) by default,
    an Oxigraph backend's own store, or any other backend's triples copied into one. The one
    place that knows where the site's data comes from."""
    import pyoxigraph as ox

    from ..backends import OxigraphBackend, as_backend

    if graph is None:
        from ..load import load_graph

        graph = load_graph()
    if isinstance(graph, ox.Store):
        return graph
    backend = as_backend(graph)
    if isinstance(backend, OxigraphBackend):
        return backend.store
    store = ox.Store()
    lines = backend.nt_lines()
    if lines:
        store.bulk_load(b"\n".join(lines) + b"\n", format=ox.RdfFormat.N_TRIPLES)
    return store


def site_query(store: ox.Store, name: str) -> list[Row]:
    """Run the site query ``name`` (a file of ``publish/queries``); rows of Python values:
    IRIs as ``str``, literals as their lexical form, unbound as ``None``."""
    import pyoxigraph as ox

    text = (files("pesco_graph.publish") / "queries" / f"{name}.rq").read_text(encoding="utf-8")
    result = store.query(text)
    assert isinstance(result, ox.QuerySolutions)
    names = [v.value for v in result.variables]
    rows: list[Row] = []
    for solution in result:
        row: Row = {}
        for var in names:
            term = solution[var]
            row[var] = None if term is None else term.value
        rows.append(row)
    return rows


@dataclass
class SiteData:
    """The graph indexed for the site's pages."""

    lines_by_subject: dict[str, list[bytes]]
    out: dict[str, dict[str, list[Any]]]
    incoming: dict[str, list[tuple[str, str]]]
    labels: dict[str, str]
    queries: dict[str, list[Row]] = field(default_factory=dict)
    all_lines: list[bytes] = field(default_factory=list)

    @classmethod
    def from_store(cls, store: ox.Store) -> SiteData:
        import pyoxigraph as ox

        data = store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()) or b""
        lines = sorted(line for line in data.split(b"\n") if line)
        by_subject: dict[str, list[bytes]] = defaultdict(list)
        for line in lines:
            subject = line[: line.index(b" ")]
            by_subject[_token_key(subject)].append(line)
        out: dict[str, dict[str, list[Any]]] = defaultdict(lambda: defaultdict(list))
        incoming: dict[str, list[tuple[str, str]]] = defaultdict(list)
        for quad in store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
            if isinstance(quad.subject, ox.Triple):  # RDF-star: not in this graph
                continue
            s, p, o = quad.subject.value, quad.predicate.value, quad.object
            out[s][p].append(o)
            if isinstance(o, ox.NamedNode):
                incoming[o.value].append((p, s))
        for table in out.values():
            for values in table.values():
                values.sort(key=lambda term: str(term))
        for refs in incoming.values():
            refs.sort()
        ranked: dict[str, tuple[int, str]] = {}
        for row in site_query(store, "labels"):
            rank = (LABEL_ORDER.index(row["property"]), row["label"])
            if row["resource"] not in ranked or rank < ranked[row["resource"]]:
                ranked[row["resource"]] = rank
        labels = {iri: label for iri, (_, label) in ranked.items()}
        queries = {name: site_query(store, name) for name in ("participations", "projects", "counts")}
        return cls(dict(by_subject), out, incoming, labels, queries, lines)

    # --- reading --------------------------------------------------------------------------
    def label(self, iri: str) -> str:
        """The best label of ``iri``, or a short form of the IRI itself."""
        found = self.labels.get(iri)
        if found is not None:
            return found
        if iri.startswith(BASE):
            return iri[len(BASE):]
        return iri

    def values(self, iri: str, predicate: str) -> list[Any]:
        """The objects of ``iri``'s ``predicate`` (pyoxigraph terms, sorted)."""
        return list(self.out.get(iri, {}).get(predicate, []))

    def first(self, iri: str, predicate: str) -> str | None:
        found = self.values(iri, predicate)
        return found[0].value if found else None

    def types(self, iri: str) -> list[str]:
        return [t.value for t in self.values(iri, _TYPE)]


def _token_key(token: bytes) -> str:
    """The IRI (or blank node label) of an N-Triples subject token."""
    text = token.decode("utf-8")
    return text[1:-1] if text.startswith("<") else text
