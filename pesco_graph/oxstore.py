"""The graph held in the Oxigraph engine: load, derive, validate and serialise without rdflib.

This is the fast path of the build (``--store oxigraph``, the default): Turtle is parsed by
Oxigraph, the CSV tables are mapped through rdflib (they are small) and added, the derived
triples come from SPARQL updates equivalent to :mod:`pesco_graph.derive`, validation runs the
compiled shapes (:mod:`pesco_graph.shacl_sparql`), and Turtle / N-Triples are written from
Oxigraph's canonical N-Triples, sorted. The rdflib path (``--store memory``) gives the same
triples and the same validation results (tested).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from .errors import InputError

__all__ = ["OxigraphGraph", "DERIVE_UPDATES"]

_PREFIXES = """PREFIX pesco: <https://w3id.org/pesco-kg/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX time: <http://www.w3.org/2006/time#>
"""

# The same triples as pesco_graph.derive.derive, as SPARQL updates.
DERIVE_UPDATES = [
    _PREFIXES + """INSERT { ?m org:memberDuring ?i . ?i a time:Interval }
    WHERE { ?m a pesco:Participation . BIND (IRI(CONCAT(STR(?m), "/interval")) AS ?i) }""",
    _PREFIXES + """INSERT { ?i time:hasBeginning ?x . ?x a time:Instant ; time:inXSDDate ?since }
    WHERE { ?m a pesco:Participation ; pesco:since ?since .
            BIND (IRI(CONCAT(STR(?m), "/interval")) AS ?i)
            BIND (IRI(CONCAT(STR(?m), "/interval/start")) AS ?x) }""",
    _PREFIXES + """INSERT { ?i time:hasEnd ?x . ?x a time:Instant ; time:inXSDDate ?until }
    WHERE { ?m a pesco:Participation ; pesco:until ?until .
            BIND (IRI(CONCAT(STR(?m), "/interval")) AS ?i)
            BIND (IRI(CONCAT(STR(?m), "/interval/end")) AS ?x) }""",
    _PREFIXES + """INSERT { ?p ?shortcut ?s }
    WHERE { ?m a pesco:Participation ; org:organization ?p ; org:member ?s ; org:role ?r .
            FILTER NOT EXISTS { ?m pesco:until ?u }
            VALUES (?r ?shortcut) {
              (<https://w3id.org/pesco-kg/role/coordinator> pesco:coordinatedBy)
              (<https://w3id.org/pesco-kg/role/member> pesco:hasMember)
              (<https://w3id.org/pesco-kg/role/observer> pesco:hasObserver) } }""",
    # the dataset's VoID counts: void:triples counts the graph as written, the count triples
    # themselves included (one void:triples, three per non-empty class partition)
    _PREFIXES + """PREFIX void: <http://rdfs.org/ns/void#>
    INSERT { <https://w3id.org/pesco-kg/dataset> void:triples ?n ;
               void:classPartition ?part . ?part void:class ?cls ; void:entities ?k }
    WHERE { <https://w3id.org/pesco-kg/dataset> a void:Dataset .
            { SELECT (COUNT(*) AS ?before) WHERE { ?s ?p ?o } }
            { SELECT (COUNT(DISTINCT ?c) AS ?parts) WHERE {
                VALUES ?c { pesco:Project pesco:State pesco:Participation pesco:LegalAct pesco:Source }
                ?x a ?c } }
            BIND (?before + 1 + 3 * ?parts AS ?n)
            VALUES ?local { "Project" "State" "Participation" "LegalAct" "Source" }
            BIND (IRI(CONCAT(STR(pesco:), ?local)) AS ?cls)
            BIND (IRI(CONCAT("https://w3id.org/pesco-kg/dataset/class/", ?local)) AS ?part)
            { SELECT ?cls (COUNT(DISTINCT ?x) AS ?k) WHERE { ?x a ?cls } GROUP BY ?cls } }""",
]

_LOCAL_BYTES = re.compile(rb"^[A-Za-z_][A-Za-z0-9_-]*$")


class OxigraphGraph:
    """A PESCO graph in an in-memory Oxigraph store."""

    def __init__(self) -> None:
        import pyoxigraph as ox

        self.store = ox.Store()

    def __len__(self) -> int:
        return len(self.store)

    # --- loading ------------------------------------------------------------------------
    @classmethod
    def from_files(cls, files: Iterable) -> OxigraphGraph:
        """Load Turtle files and CSV tables (as :func:`pesco_graph.load.load_files` does)."""
        import pyoxigraph as ox

        from .load import _read
        from .tabular import TABLES, map_tables

        graph = cls()
        tables: dict[str, list[tuple[str, str]]] = {}
        for file in files:
            shown = str(file)
            name = Path(shown).name
            if name.endswith(".csv"):
                if name not in TABLES:
                    expected = ", ".join(TABLES)
                    raise InputError(f"unknown CSV table {name!r}; expected one of {expected}", shown)
                tables.setdefault(name, []).append(_read(file))
                continue
            if not name.endswith((".ttl", ".turtle")):
                raise InputError("unsupported file type (expected .ttl or .csv)", shown)
            try:
                if isinstance(file, (str, Path)):
                    graph.store.bulk_load(path=str(file), format=ox.RdfFormat.TURTLE)
                else:
                    graph.store.bulk_load(file.read_bytes(), format=ox.RdfFormat.TURTLE)
            except SyntaxError as exc:
                message = str(exc.msg if hasattr(exc, "msg") else exc).split(": ", 1)[-1]
                raise InputError(f"Turtle syntax error: {message}", shown, exc.lineno) from None
            except FileNotFoundError:
                raise InputError("no such file", shown) from None
            except OSError as exc:
                raise InputError(f"cannot read file ({exc})", shown) from None
        if tables:
            mapped = map_tables(tables)
            graph.store.bulk_load(mapped.serialize(format="nt", encoding="utf-8"),
                                  format=ox.RdfFormat.N_TRIPLES)
        return graph

    @classmethod
    def packaged(cls, derive: bool = True) -> OxigraphGraph:
        """The packaged ontology and data (derived by default)."""
        from .resources import data_files, ontology_files

        graph = cls.from_files([*ontology_files(), *data_files()])
        if derive:
            graph.derive()
        return graph

    def derive(self) -> OxigraphGraph:
        """Add the derived triples (intervals and current-role shortcuts)."""
        for update in DERIVE_UPDATES:
            self.store.update(update)
        return self

    # --- validation and queries ----------------------------------------------------------
    def validate(self):
        """Validate against the project's shapes (compiled to SPARQL)."""
        from .shacl_sparql import run_checks
        from .validate import ValidationReport, _compiled_checks, _order

        return ValidationReport(sorted(set(run_checks(self.store, _compiled_checks())), key=_order))

    def count(self, cls_iri: str) -> int:
        query = f"SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a <{cls_iri}> }}"
        return int(next(iter(self.store.query(query)))["n"].value)

    def count_sources(self) -> int:
        query = """SELECT (COUNT(DISTINCT ?o) AS ?n) WHERE {
            { ?s <http://purl.org/dc/terms/source> ?o } UNION
            { ?s <https://w3id.org/pesco-kg/ontology#statusSource> ?o } }"""
        return int(next(iter(self.store.query(query)))["n"].value)

    # --- serialisation ------------------------------------------------------------------
    def nt_lines(self) -> list[bytes]:
        """The graph as sorted canonical N-Triples lines (UTF-8 bytes: sorting the bytes of
        UTF-8 text sorts by code point, and skipping the decoding saves a second per million
        triples)."""
        import pyoxigraph as ox

        data = self.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph())
        lines = [line for line in data.split(b"\n") if line]
        lines.sort()
        return lines

    def serialize(self, fmt: str) -> bytes:
        """``ttl``, ``nt`` or ``jsonld`` (sorted, deterministic); others go through rdflib."""
        if fmt == "nt":
            return b"\n".join(self.nt_lines()) + b"\n"
        if fmt == "ttl":
            return _turtle_from_nt(self.nt_lines())
        if fmt == "jsonld":
            from .writers.jsonld import write_jsonld

            return write_jsonld(self.nt_lines())
        from .export import serialize

        return serialize(self.to_rdflib(), fmt)

    def to_rdflib(self):
        """The graph as an rdflib Graph (slow for big graphs)."""
        from rdflib import Graph

        from .namespace import bind_prefixes

        graph = bind_prefixes(Graph())
        graph.parse(data=self.serialize("nt").decode("utf-8"), format="nt")
        return graph


def _turtle_from_nt(lines: list[bytes]) -> bytes:
    """Turtle from sorted N-Triples lines: one block per subject, prefixed names where the
    local part is plain, everything else exactly as canonical N-Triples writes it."""
    from .namespace import PREFIXES

    # every namespace ends with / or #, and a prefixed local name holds neither, so a
    # compactable IRI's namespace is everything up to its last / or #
    by_namespace = {str(ns).encode(): p.encode() for p, ns in PREFIXES.items()}
    used: set[bytes] = set()
    cache: dict[bytes, bytes] = {b"<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>": b"a"}

    def compact(token: bytes) -> bytes:
        hit = cache.get(token)
        if hit is not None:
            return hit
        out = token
        if token.startswith(b"<"):
            iri = token[1:-1]
            cut = max(iri.rfind(b"/"), iri.rfind(b"#")) + 1
            prefix = by_namespace.get(iri[:cut])
            if prefix is not None and _LOCAL_BYTES.match(iri[cut:]):
                used.add(prefix)
                out = prefix + b":" + iri[cut:]
            cache[token] = out
        elif token.endswith(b">") and token.startswith(b'"'):
            head, _, datatype = token.rpartition(b"^^")
            out = head + b"^^" + compact(datatype)
            if len(token) < 100:  # typed literals repeat (dates): remember the short ones
                cache[token] = out
        return out

    chunks: list[bytes] = []
    subject = None
    block: dict[bytes, list[bytes]] = {}

    def flush() -> None:
        if subject is None:
            return
        verbs = sorted(block, key=lambda v: (v != b"a", v))
        body = b" ;\n".join(b"    " + v + b" " + b" ,\n        ".join(block[v]) for v in verbs)
        chunks.append(compact(subject) + b"\n" + body + b" .\n")

    get = cache.get
    for line in lines:
        s, p, rest = line.split(b" ", 2)
        if s != subject:
            flush()
            subject, block = s, {}
        o = rest[:-2]
        verb = get(p) or compact(p)
        obj = get(o) or compact(o)
        objects = block.get(verb)
        if objects is None:
            block[verb] = [obj]
        else:
            objects.append(obj)
    flush()
    header = b"".join(b"@prefix " + p + b": <" + str(PREFIXES[p.decode()]).encode() + b"> .\n"
                      for p in sorted(used))
    return header + b"\n" + b"\n".join(chunks)
