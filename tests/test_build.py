"""The main job: build, validate, write deterministic Turtle; exit codes."""

from __future__ import annotations

import hashlib

from rdflib import Graph
from rdflib.compare import isomorphic

from pesco_graph.build import build


def test_build_writes_turtle_isomorphic_to_the_graph(tmp_path, graph):
    summary = build(tmp_path)
    assert summary.report.conforms
    out = tmp_path / "pesco.ttl"
    assert summary.outputs == [out]
    reparsed = Graph().parse(out, format="turtle")
    assert isomorphic(reparsed, graph)
    assert summary.triples == len(graph)


def test_build_summary_counts(tmp_path):
    summary = build(tmp_path)
    text = summary.to_text()
    for word in ("triples", "projects", "states", "participations", "sources", "validation"):
        assert word in text
    assert summary.counts["projects"] >= 80
    assert summary.counts["states"] == 32


def test_two_builds_under_different_hash_seeds_are_byte_identical(tmp_path, cli):
    digests = []
    for seed in ("1", "4242"):
        out = tmp_path / seed
        result = cli("build", "--out", str(out), "--format", "ttl", "--format", "nt",
                     "--format", "jsonld", env={"PYTHONHASHSEED": seed})
        assert result.returncode == 0, result.stderr
        digests.append({f.name: hashlib.sha256(f.read_bytes()).hexdigest()
                        for f in sorted(out.iterdir())})
    assert digests[0] == digests[1]
    assert set(digests[0]) == {"pesco.ttl", "pesco.nt", "pesco.jsonld"}


def test_cli_build_prints_summary_and_exits_0(tmp_path, cli):
    result = cli("build", "--out", str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "projects" in result.stdout and "conforms" in result.stdout


def test_cli_validate_json_on_invalid_file_exits_1(tmp_path, cli):
    import json
    import re

    from .conftest import FIXTURES

    text = re.sub(
        r"<https://w3id.org/pesco-kg/participation/mm/NL/member/2018-03-06> a .*?\.\n",
        "", (FIXTURES / "valid.ttl").read_text(), flags=re.S,
    )
    bad = tmp_path / "bad.ttl"
    bad.write_text(text)
    result = cli("validate", "--format", "json", str(bad))
    assert result.returncode == 1
    data = json.loads(result.stdout)
    assert data["conforms"] is False
    assert any(r["shape"] == "pshape:CoordinatorIsMemberShape" for r in data["results"])


def test_real_data_conforms(report):
    assert report.conforms, report.to_text(warnings=False)


def test_both_stores_build_the_same_triples_and_report(tmp_path):
    a = build(tmp_path / "ox", formats=("ttl", "nt"), store="oxigraph")
    b = build(tmp_path / "mem", formats=("ttl", "nt"), store="memory")
    assert (tmp_path / "ox" / "pesco.nt").read_bytes() == (tmp_path / "mem" / "pesco.nt").read_bytes()
    ox_ttl = Graph().parse(tmp_path / "ox" / "pesco.ttl")
    assert isomorphic(ox_ttl, Graph().parse(tmp_path / "mem" / "pesco.ttl"))
    assert a.counts == b.counts and a.triples == b.triples
    assert a.report.results == b.report.results


def test_oxigraph_store_names_file_and_line_of_bad_turtle(tmp_path):
    import pytest

    from pesco_graph.errors import InputError
    from pesco_graph.oxstore import OxigraphGraph

    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix ex: <http://ex/> .\nex:a ex:b ex:c .\nex:d ex:e "oops .\n')
    with pytest.raises(InputError, match=rf"{bad}:3:"):
        OxigraphGraph.from_files([bad])


def test_derive_updates_match_the_python_derivation(graph):
    from pesco_graph.oxstore import OxigraphGraph

    og = OxigraphGraph.packaged()
    assert isomorphic(og.to_rdflib(), graph)


def test_outputs_are_world_readable(tmp_path):
    import os
    import stat

    build(tmp_path)
    mode = stat.S_IMODE(os.stat(tmp_path / "pesco.ttl").st_mode)
    umask = os.umask(0)
    os.umask(umask)
    assert mode == 0o666 & ~umask
