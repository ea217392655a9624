"""One writer per format, and atomic writes that fail with one clear error."""

from __future__ import annotations

import os

import pytest

from pesco_graph.errors import OutputError, PescoGraphError
from pesco_graph.writers import RDF_WRITERS, rdf_bytes, write_atomic, write_csv, write_set, write_turtle


def test_writers_are_registered_by_the_names_the_cli_offers():
    from pesco_graph import names

    assert tuple(RDF_WRITERS) == names.RDF_FORMATS
    with pytest.raises(PescoGraphError, match="unknown format 'xml'"):
        rdf_bytes([], "xml")


def test_turtle_says_exactly_what_the_ntriples_say():
    import pyoxigraph as ox

    lines = sorted([
        b'<https://w3id.org/pesco-kg/project/a> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> '
        b'<https://w3id.org/pesco-kg/ontology#Project> .',
        b'<https://w3id.org/pesco-kg/project/a> <http://www.w3.org/2000/01/rdf-schema#label> '
        b'"A \\"b\\"\\n"@en .',
        b'<https://w3id.org/pesco-kg/project/a> <http://example.org/odd#x-y.z> "2020-01-01"'
        b'^^<http://www.w3.org/2001/XMLSchema#date> .',
        b'_:b0 <http://www.w3.org/2000/01/rdf-schema#label> "blank" .',
    ])
    turtle = write_turtle(lines)
    assert turtle.startswith(b"@prefix")
    assert b"    a pesco:Project ;" in turtle
    back = sorted(str(q.triple).encode() + b" ." for q in ox.parse(turtle, format=ox.RdfFormat.TURTLE))
    named = [line for line in back if not line.startswith(b"_:")]
    assert named == [line for line in lines if not line.startswith(b"_:")] and len(named) == 3
    blank = [line.split(b" ", 1)[1] for line in back if line.startswith(b"_:")]
    assert blank == [b'<http://www.w3.org/2000/01/rdf-schema#label> "blank" .']


def test_csv_dialect():
    assert write_csv(["a", "b"], [("x,y", None), ('q"', 1)]) == b'a,b\n"x,y",\n"q""",1\n'


def test_write_atomic_refuses_a_folder_and_keeps_what_was_there(tmp_path):
    target = tmp_path / "out.ttl"
    write_atomic(target, b"old")
    with pytest.raises(OutputError, match="is a folder"):
        write_atomic(tmp_path, b"new")
    if os.geteuid() != 0:  # root writes into read-only folders
        tmp_path.chmod(0o500)
        try:
            with pytest.raises(OutputError, match="cannot write"):
                write_atomic(target, b"new")
        finally:
            tmp_path.chmod(0o700)
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.ttl"]


def test_write_set_replaces_the_set_and_keeps_other_files(tmp_path):
    out = tmp_path / "dist"
    write_set(out, {"a.ttl": b"1", "b.nt": b"1"})
    (out / "notes.txt").write_text("mine")
    write_set(out, {"a.ttl": b"2", "b.nt": b"2"})
    written = {p.name: p.read_bytes() for p in out.iterdir()}
    assert written == {"a.ttl": b"2", "b.nt": b"2", "notes.txt": b"mine"}
    with pytest.raises(OutputError, match="is a file"):
        write_set(out / "a.ttl", {"x": b""})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dist"]


def test_a_killed_build_leaves_the_old_set_or_the_new_one(tmp_path):
    """Kill build processes at random moments: every file of dist/ is always from one build."""
    import random
    import signal
    import subprocess
    import sys
    import time

    out = tmp_path / "dist"
    assert subprocess.run([sys.executable, "-m", "pesco_graph", "build", "--out", str(out)],
                          capture_output=True).returncode == 0
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    # mark the old set so that a mix of old and new files would show
    for name, data in first.items():
        (out / name).write_bytes(data + b"\n# old set\n")
    old = {p.name: p.read_bytes() for p in out.iterdir()}
    rng = random.Random(7)
    outcomes = set()
    for _ in range(6):
        process = subprocess.Popen([sys.executable, "-m", "pesco_graph", "build", "--out", str(out)],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.2, 1.2))
        process.send_signal(signal.SIGKILL)
        process.wait()
        now = {p.name: p.read_bytes() for p in out.iterdir()} if out.exists() else {}
        assert now in (old, first), sorted(now)
        outcomes.add("old" if now == old else "new")
        if now == first:  # the build finished: mark the set as old again
            for name, data in first.items():
                (out / name).write_bytes(data + b"\n# old set\n")


# --- streamed writing: the same bytes in bounded memory -----------------------------------

def _synthetic_lines(triples: int) -> list[bytes]:

    from pesco_graph.backends import new_graph

    from .conftest import synthetic_turtle

    graph = new_graph()
    graph.load(synthetic_turtle(triples).encode("utf-8"), "turtle")
    # subjects whose N-Triples order and compact @id order differ ('a>' after 'a-b>', but
    # 'project:a' before 'project:a-b'), so the JSON-LD nodes must be sorted again
    graph.load(b"@prefix p: <https://w3id.org/pesco-kg/project/> . p:a a p:X . p:a-b a p:X .", "turtle")
    return graph.nt_lines()


@pytest.mark.parametrize("fmt", ["ttl", "nt", "jsonld"])
def test_a_streamed_document_has_the_bytes_of_the_one_in_memory(fmt, tmp_path, monkeypatch):
    """More than a block, so the streaming writers flush; a small sort buffer, so the sort of
    the JSON-LD nodes spills to files."""
    import io

    from pesco_graph.writers import RDF_STREAMERS, jsonld, ordering, turtle

    lines = _synthetic_lines(30000)
    expected = rdf_bytes(lines, fmt)
    monkeypatch.setattr(ordering, "SORT_BUFFER", "1M")
    # the writers' caches start again many times over: what they write must not change
    monkeypatch.setattr(turtle, "CACHE_LIMIT", 7)
    monkeypatch.setattr(jsonld, "CACHE_LIMIT", 7)
    out = io.BytesIO()
    RDF_STREAMERS[fmt](iter(lines), out)
    assert len(expected) > 1_200_000 and out.getvalue() == expected


def test_the_graphs_lines_are_sorted_on_disk_as_in_memory_with_or_without_sort(monkeypatch):
    from pesco_graph.load import load_graph
    from pesco_graph.writers import ordering, read_lines, sorted_ntriples

    for backend in ("oxigraph", "rdflib"):
        graph = load_graph(backend=backend)
        expected = graph.nt_lines()
        with sorted_ntriples(graph) as path:
            assert list(read_lines(path)) == expected
        monkeypatch.setattr(ordering.shutil, "which", lambda name: None)  # no sort program
        with sorted_ntriples(graph) as path:
            assert list(read_lines(path)) == expected
        monkeypatch.undo()


def test_a_sort_that_fails_is_one_clear_error(tmp_path, monkeypatch):
    from pesco_graph.writers import ordering

    (tmp_path / "in").write_bytes(b"b\na\n")
    monkeypatch.setattr(ordering, "SORT_BUFFER", "not-a-size")
    with pytest.raises(OutputError, match="cannot sort the graph's lines"):
        ordering.sort_file(tmp_path / "in", tmp_path / "out")


def test_a_sort_without_the_options_gives_way_to_the_sort_in_memory(tmp_path, monkeypatch):
    """A sort that knows no -S or -T (busybox's, say) answers with its usage."""
    from pesco_graph.writers import ordering

    fake = tmp_path / "sort"
    fake.write_text("#!/bin/sh\necho 'sort: unrecognized option -S' >&2\n"
                    "echo 'Usage: sort [-nru] [FILE]' >&2\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setattr(ordering.shutil, "which", lambda name: str(fake))
    (tmp_path / "in").write_bytes("b\né\na\n".encode())
    ordering.sort_file(tmp_path / "in", tmp_path / "out")
    assert (tmp_path / "out").read_bytes() == "a\nb\né\n".encode()


def test_a_writer_that_fails_leaves_the_old_set_and_no_staging(tmp_path):
    out = tmp_path / "dist"
    write_set(out, {"a.ttl": b"old"})

    def broken(handle):
        handle.write(b"half")
        raise PescoGraphError("the writer broke")

    with pytest.raises(PescoGraphError, match="the writer broke"):
        write_set(out, {"a.ttl": broken})
    assert (out / "a.ttl").read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dist"]
    write_set(out, {"a.ttl": lambda handle: handle.write(b"new")})
    assert (out / "a.ttl").read_bytes() == b"new"


def test_the_dump_goes_through_sort_or_falls_back_with_the_same_lines(tmp_path, monkeypatch):
    """A sort that knows no -S gives way to the sort in memory, and a sort that fails
    otherwise is one clear error, not a partial file."""
    from pesco_graph.load import load_graph
    from pesco_graph.writers import ordering, read_lines, sorted_ntriples

    graph = load_graph()
    expected = graph.nt_lines()
    fake = tmp_path / "sort"
    fake.write_text("#!/bin/sh\necho 'Usage: sort [-nru] [FILE]' >&2\nexit 1\n")
    fake.chmod(0o755)
    monkeypatch.setattr(ordering.shutil, "which", lambda name: str(fake))
    with sorted_ntriples(graph) as path:
        assert list(read_lines(path)) == expected
    monkeypatch.undo()
    monkeypatch.setattr(ordering, "SORT_BUFFER", "not-a-size")
    with pytest.raises(OutputError, match="cannot sort the graph's lines"):
        with sorted_ntriples(graph):
            pass
