"""One source for each controlled value: the SKOS schemes of the ontology."""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph as ox

from pesco_graph.vocabularies import SCHEMES, notations

ROOT = Path(__file__).resolve().parents[1]
BASE = "https://w3id.org/pesco-kg/"


def _concepts() -> set[str]:
    data = (ROOT / "ontology" / "schemes.ttl").read_bytes()
    skos = "http://www.w3.org/2004/02/skos/core#"
    return {q.subject.value for q in ox.parse(data, format=ox.RdfFormat.TURTLE)
            if q.predicate.value == skos + "inScheme"}


def test_every_scheme_has_its_notations():
    assert notations("domain") == ("training-facilities", "land-formations-systems", "maritime",
                                   "air-systems", "cyber-c4isr", "enabling-joint", "space")
    assert notations("role") == ("coordinator", "member", "observer")
    assert set(notations("status")) == {"ongoing", "completed", "closed", "merged"}
    assert all(notations(s) for s in SCHEMES)


def test_every_concept_iri_used_in_shapes_data_and_code_exists_in_the_schemes():
    concepts = _concepts()
    pattern = re.compile(re.escape(BASE) + r"(" + "|".join(map(re.escape, SCHEMES)) + r")/([a-z0-9-]+)")
    used: dict[str, set[str]] = {}
    for folder in ("shapes", "queries", "data", "pesco_graph", "notebooks"):
        for f in (ROOT / folder).rglob("*"):
            if f.is_symlink() or not f.is_file() or f.suffix not in {".ttl", ".rq", ".py", ".csv", ".ipynb"}:
                continue
            for m in pattern.finditer(f.read_text(encoding="utf-8")):
                used.setdefault(m.group(0), set()).add(str(f.relative_to(ROOT)))
    assert len(used) >= 10
    missing = {iri: sorted(files) for iri, files in used.items() if iri not in concepts}
    assert not missing, missing


def test_the_data_uses_only_the_schemes_values():
    import csv

    def column(table: str, name: str) -> set[str]:
        with open(ROOT / "data" / table, encoding="utf-8") as handle:
            return {row[name] for row in csv.DictReader(handle) if row[name]}

    assert column("participations.csv", "role") <= set(notations("role"))
    assert column("participations.csv", "since_basis") <= set(notations("start-basis"))
    assert column("projects.csv", "domain") <= set(notations("domain"))
    assert column("projects.csv", "status") <= set(notations("status"))
    assert column("projects.csv", "members_completeness") <= set(notations("completeness"))
