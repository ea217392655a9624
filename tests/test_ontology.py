"""The ontology declares every term it mints, and every pesco: term in use is declared."""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from pesco_graph.namespace import PESCO
from pesco_graph.resources import ontology_files

ROOT = Path(__file__).resolve().parents[1]
NS = PESCO.iri
ONTOLOGY = URIRef("https://w3id.org/pesco-kg/ontology")


def ontology() -> Graph:
    g = Graph()
    for f in ontology_files():
        g.parse(data=f.read_text(encoding="utf-8"), format="turtle")
    return g


def declared(g: Graph) -> set[str]:
    kinds = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
    return {str(s) for k in kinds for s in g.subjects(RDF.type, k) if str(s).startswith(NS)}


def test_ontology_has_metadata_header():
    g = ontology()
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in g
    for p in (OWL.versionInfo, URIRef("http://purl.org/dc/terms/license"),
              URIRef("http://purl.org/dc/terms/created"), URIRef("http://purl.org/dc/terms/modified")):
        assert g.value(ONTOLOGY, p) is not None, p


def test_every_minted_term_has_label_definition_and_is_defined_by():
    g = ontology()
    terms = declared(g)
    assert len(terms) > 40
    for t in terms:
        iri = URIRef(t)
        assert g.value(iri, RDFS.label) is not None, f"{t} has no rdfs:label"
        assert g.value(iri, SKOS.definition) is not None, f"{t} has no skos:definition"
        assert g.value(iri, RDFS.isDefinedBy) == ONTOLOGY, f"{t} has no rdfs:isDefinedBy"


def test_every_concept_of_the_schemes_has_label_and_definition():
    g = ontology()
    concepts = set(g.subjects(RDF.type, SKOS.Concept))
    assert len(concepts) >= 7 + 5 + 4 + 3
    for c in concepts:
        assert g.value(c, SKOS.prefLabel) is not None, c
        assert g.value(c, SKOS.definition) is not None, c
        assert g.value(c, SKOS.inScheme) is not None, c


def test_seven_domains_and_five_partnership_activities():
    g = ontology()
    scheme = URIRef("https://w3id.org/pesco-kg/domain")
    labels = {str(g.value(c, SKOS.prefLabel)) for c in g.subjects(SKOS.inScheme, scheme)}
    assert labels == {"Training, Facilities", "Land, Formations, Systems", "Maritime",
                      "Air, Systems", "Cyber, C4ISR", "Enabling, Joint", "Space"}
    scheme = URIRef("https://w3id.org/pesco-kg/activity")
    labels = {str(g.value(c, SKOS.prefLabel)) for c in g.subjects(SKOS.inScheme, scheme)}
    assert labels == {"Advise", "Train", "Equip", "Accompany", "Reform"}


def test_python_namespace_matches_the_ontology():
    g = ontology()
    in_python = {PESCO[name].value for name in PESCO.terms}
    assert in_python == declared(g)


def _used_terms() -> dict[str, set[str]]:
    pattern = re.compile(r"pesco:([A-Za-z][A-Za-z0-9_]*)|" + re.escape(NS) + r"([A-Za-z][A-Za-z0-9_]*)")
    attr = re.compile(r"PESCO\.([A-Za-z][A-Za-z0-9_]*)")
    used: dict[str, set[str]] = {}
    folders = ["shapes", "queries", "data", "pesco_graph", "tests", "benchmarks", "notebooks"]
    for folder in folders:
        base = ROOT / folder
        if not base.exists():
            continue
        for f in base.rglob("*"):
            if f.is_symlink() or not f.is_file() or f.suffix not in {".ttl", ".rq", ".py", ".csv", ".ipynb"}:
                continue
            if "fixtures" in f.parts and f.suffix != ".ttl":
                continue
            text = f.read_text(encoding="utf-8")
            for m in pattern.finditer(text):
                used.setdefault(NS + (m.group(1) or m.group(2)), set()).add(str(f.relative_to(ROOT)))
            if f.suffix == ".py":
                for m in attr.finditer(text):
                    if m.group(1) in ("iri", "terms"):  # the namespace object's own attributes
                        continue
                    used.setdefault(NS + m.group(1), set()).add(str(f.relative_to(ROOT)))
    return used


def test_every_pesco_term_used_anywhere_is_declared():
    known = declared(ontology())
    used = _used_terms()
    assert len(used) > 30
    missing = {t: sorted(files) for t, files in used.items() if t not in known}
    assert not missing, f"undeclared pesco: terms: {missing}"


def test_closed_namespace_rejects_unknown_terms():
    import pytest

    with pytest.raises(AttributeError):
        getattr(PESCO, "has" + "Membr")  # a misspelt term must raise
