"""The JSON-LD writer: pyld expands what it writes to exactly the input triples."""

from __future__ import annotations

import json
import subprocess
import sys

import pyoxigraph as ox
import pytest

from pesco_graph.writers.jsonld import load_context, write_jsonld

pyld = pytest.importorskip("pyld")


def canonical_lines(data: bytes, fmt: ox.RdfFormat = ox.RdfFormat.N_TRIPLES) -> list[bytes]:
    if fmt == ox.RdfFormat.N_QUADS:
        triples = (quad.triple for quad in ox.parse(data, format=fmt))
    else:
        triples = (triple for triple in ox.parse(data, format=fmt))
    out = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)
    return sorted(line for line in out.split(b"\n") if line)


def expand_to_lines(doc: bytes) -> list[bytes]:
    """The triples a JSON-LD 1.1 processor reads from ``doc``, as canonical N-Triples."""
    from pyld import jsonld

    nquads = jsonld.to_rdf(json.loads(doc), {"format": "application/n-quads"})
    return canonical_lines(nquads.encode("utf-8"), ox.RdfFormat.N_QUADS)


@pytest.fixture(scope="module")
def packaged_lines() -> list[bytes]:
    from pesco_graph.load import load_graph

    return load_graph().nt_lines()


def test_whole_graph_expands_to_its_triples(packaged_lines):
    doc = write_jsonld(packaged_lines)
    assert expand_to_lines(doc) == packaged_lines


def test_short_keys_and_typed_values(packaged_lines):
    data = json.loads(write_jsonld(packaged_lines))
    nodes = {node["@id"]: node for node in data["@graph"]}
    project = nodes["project:military-mobility"]
    assert "state:NL" in project["coordinatedBy"]
    assert "state:FR" in project["members"] and isinstance(project["members"], list)
    assert project["label"] == "Military Mobility"
    assert project["domain"] == "pesco-domain:enabling-joint"
    part = next(n for i, n in nodes.items() if i.startswith("part:military-mobility/NL/coordinator"))
    assert part["role"] == "pesco-role:coordinator" and part["member"] == "state:NL"
    assert len(part["since"]) == 10 and part["since"][4] == "-"  # a plain date string, typed by the context
    ids = [node["@id"] for node in data["@graph"]]
    assert ids == sorted(ids) and len(ids) == len(set(ids))
    assert '"pesco:hasMember":' not in json.dumps(data["@graph"])  # the term is the key


EDGE = """
@prefix pesco: <https://w3id.org/pesco-kg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <https://example.org/> .
<https://w3id.org/pesco-kg/participation/x/FR/member> pesco:since "2018"^^xsd:gYear,
    "2019-01-02"^^xsd:date, "not a date", "7"^^xsd:integer .
<https://w3id.org/pesco-kg/project/x> rdfs:label "Projet \\"X\\"\\nligne"@fr, "Project X"@en, "no language",
        <https://example.org/an-iri> ;
    pesco:hasMember "FR", _:b1 ;
    ex:count "007"^^xsd:integer, "12"^^xsd:integer ;
    ex:flag "1"^^xsd:boolean, "true"^^xsd:boolean ;
    ex:unicode "\u00e9\u20ac \\t tab" ;
    a "a literal type" .
<https://w3id.org/pesco-kg/project/x//y> pesco:status <https://w3id.org/pesco-kg/status//odd> .
_:b1 rdfs:label "blank"@en .
""".encode("utf-8")


def test_values_the_context_cannot_coerce_stay_exact():
    lines = canonical_lines(EDGE, ox.RdfFormat.TURTLE)
    doc = write_jsonld(lines)
    got = expand_to_lines(doc)
    # blank node labels are the processor's own: compare with them renamed away
    assert [line.replace(b"_:b1", b"_:B") for line in lines] == sorted(
        line.replace(b"_:b0", b"_:B").replace(b"_:b1", b"_:B") for line in got)
    assert len(got) == len(lines) == 18


def test_empty_graph_is_a_valid_document():
    data = json.loads(write_jsonld([]))
    assert data["@graph"] == [] and data["@context"] == load_context()


def test_context_file_terms_do_not_shadow_prefixes():
    context = load_context()
    terms = {k for k, v in context.items() if isinstance(v, dict)}
    prefixes = {k for k, v in context.items() if isinstance(v, str)}
    assert {"members", "since", "role", "sources"} <= terms
    assert not terms & prefixes
    assert all(v.endswith(("/", "#")) for v in context.values() if isinstance(v, str))


def test_export_jsonld_is_identical_under_two_hash_seeds(tmp_path):
    outputs = []
    for seed in ("1", "2"):
        out = tmp_path / f"pesco-{seed}.jsonld"
        command = [sys.executable, "-m", "pesco_graph", "export", "--format", "jsonld", "--out", str(out)]
        env = {"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"}
        subprocess.run(command, check=True, env=env, capture_output=True)
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    assert b'"members": [' in outputs[0]
