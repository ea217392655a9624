"""The main job: build, validate, write deterministic Turtle; exit codes."""

from __future__ import annotations

import hashlib

from rdflib import Graph
from rdflib.compare import isomorphic

from pesco_graph.build import build


def test_build_writes_every_rdf_format_with_the_graphs_triples(tmp_path, graph):
    summary = build(tmp_path)
    assert summary.report.conforms
    assert summary.outputs == [tmp_path / "pesco.ttl", tmp_path / "pesco.nt", tmp_path / "pesco.jsonld"]
    expected = Graph().parse(data=b"\n".join(graph.nt_lines()).decode(), format="nt")
    for name, fmt in (("pesco.ttl", "turtle"), ("pesco.nt", "nt"), ("pesco.jsonld", "json-ld")):
        assert isomorphic(Graph().parse(tmp_path / name, format=fmt), expected), name
    assert summary.triples == len(graph) == len(expected)


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


def test_both_backends_build_the_same_bytes_and_report(tmp_path):
    a = build(tmp_path / "ox", store="oxigraph")
    b = build(tmp_path / "rdflib", store="rdflib")
    for name in ("pesco.ttl", "pesco.nt", "pesco.jsonld"):
        assert (tmp_path / "ox" / name).read_bytes() == (tmp_path / "rdflib" / name).read_bytes(), name
    assert a.counts == b.counts and a.triples == b.triples
    assert a.report.results == b.report.results


def test_build_export_and_every_backend_write_the_same_bytes(tmp_path, cli):
    built = tmp_path / "built"
    assert cli("build", "--out", str(built)).returncode == 0
    for store in ("oxigraph", "rdflib"):
        for fmt in ("ttl", "nt", "jsonld"):
            out = tmp_path / f"{store}.{fmt}"
            result = cli("export", "--format", fmt, "--out", str(out), "--store", store)
            assert result.returncode == 0, result.stderr
            assert out.read_bytes() == (built / f"pesco.{fmt}").read_bytes(), (store, fmt)


def test_jsonld_export_is_the_same_under_five_hash_seeds(tmp_path, cli):
    digests = set()
    for seed in ("0", "1", "2", "3", "4242"):
        out = tmp_path / f"{seed}.jsonld"
        result = cli("export", "--format", "jsonld", "--out", str(out), env={"PYTHONHASHSEED": seed})
        assert result.returncode == 0, result.stderr
        digests.add(hashlib.sha256(out.read_bytes()).hexdigest())
    assert len(digests) == 1


def test_a_build_replaces_the_whole_set_or_nothing(tmp_path, monkeypatch):
    import pytest

    from pesco_graph import writers
    from pesco_graph.errors import OutputError

    build(tmp_path / "dist")
    before = {p.name: p.read_bytes() for p in (tmp_path / "dist").iterdir()}
    calls = []

    def failing_fsync(fd: int) -> None:
        calls.append(fd)
        if len(calls) == 2:  # the second file of the new set cannot be written
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(writers.files.os, "fsync", failing_fsync)
    with pytest.raises(OutputError, match="No space left on device"):
        build(tmp_path / "dist")
    after = {p.name: p.read_bytes() for p in (tmp_path / "dist").iterdir()}
    assert after == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dist"]  # no staging folder left


def test_outputs_are_world_readable(tmp_path):
    import os
    import stat

    build(tmp_path)
    mode = stat.S_IMODE(os.stat(tmp_path / "pesco.ttl").st_mode)
    umask = os.umask(0)
    os.umask(umask)
    assert mode == 0o666 & ~umask
