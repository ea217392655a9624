"""The content-keyed cache of the built graph: never stale, and only a shortcut."""

from __future__ import annotations

from pathlib import Path

from pesco_graph import cache
from pesco_graph.load import MAPPING_CODE, load_graph
from pesco_graph.resources import data_files, ontology_files


def test_a_cached_graph_is_the_graph_built_from_scratch(tmp_path, monkeypatch):
    monkeypatch.setenv("PESCO_GRAPH_CACHE", str(tmp_path))
    fresh = load_graph()
    assert len(list(tmp_path.glob("graph-*.nt"))) == 1
    again = load_graph()
    assert again.nt_lines() == fresh.nt_lines() == load_graph(cache=False).nt_lines()


def test_any_change_of_an_input_gives_another_key(tmp_path):
    files = [Path(str(f)) for f in [*ontology_files(), *data_files()]]
    copies = []
    for f in files:
        copy = tmp_path / f.name
        copy.write_bytes(f.read_bytes())
        copies.append(copy)
    key = cache.content_key(copies, MAPPING_CODE)
    assert key == cache.content_key(files, MAPPING_CODE)
    table = tmp_path / "projects.csv"
    table.write_bytes(table.read_bytes().replace(b"Military Mobility", b"Military Mobilitx", 1))
    assert cache.content_key(copies, MAPPING_CODE) != key
    assert cache.content_key(files, MAPPING_CODE) != cache.content_key(files, ())  # the code counts too
    names = {p.name for p in MAPPING_CODE}
    assert {"load.py", "derive.py", "namespace.py", "vocabularies.py", "mappers.py", "rows.py"} <= names


def test_the_cache_can_be_turned_off_and_a_broken_entry_is_ignored(tmp_path, monkeypatch):
    monkeypatch.setenv("PESCO_GRAPH_CACHE", "off")
    assert cache.cache_dir() is None
    load_graph()
    monkeypatch.setenv("PESCO_GRAPH_CACHE", str(tmp_path))
    load_graph()
    entry = next(tmp_path.glob("graph-*.nt"))
    entry.write_bytes(b"<broken")
    assert cache.cached_graph(entry.stem.removeprefix("graph-")) is None


def test_an_unwritable_cache_costs_nothing_but_time(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("PESCO_GRAPH_CACHE", str(blocker / "cache"))
    assert len(load_graph()) > 10000


def test_an_edit_that_keeps_the_triple_count_is_seen_by_the_next_query(tmp_path, monkeypatch):
    """The old cache keyed on the triple count missed this edit: a label replaced by another."""
    from pesco_graph import load
    from pesco_graph.query import run_query

    data = tmp_path / "data"
    data.mkdir()
    copies = []
    for f in data_files():
        copies.append(data / f.name)
        copies[-1].write_bytes(f.read_bytes())
    monkeypatch.setattr(load, "data_files", lambda: list(copies))
    monkeypatch.setenv("PESCO_GRAPH_CACHE", str(tmp_path / "cache"))

    def names() -> dict[str, str]:
        rows = run_query("projects", graph=load.load_graph()).records()
        return {r["project"]: r["name"] for r in rows}

    first = load.load_graph()
    assert names()["military-mobility"] == "Military Mobility"
    entries = list((tmp_path / "cache").glob("graph-*.nt"))
    assert len(entries) == 1  # the second call was served by the cache
    entries[0].write_bytes(entries[0].read_bytes().replace(b'"Military Mobility"', b'"Cached Mobility"'))
    assert names()["military-mobility"] == "Cached Mobility"  # so the cache is what answers

    projects = data / "projects.csv"
    projects.write_bytes(projects.read_bytes().replace(b",Military Mobility,", b",Military Mobilitx,", 1))
    edited = load.load_graph()
    assert len(edited) == len(first)
    assert names()["military-mobility"] == "Military Mobilitx"
    assert len(list((tmp_path / "cache").glob("graph-*.nt"))) == 2


def test_a_truncated_entry_is_passed_over(tmp_path, monkeypatch):
    monkeypatch.setenv("PESCO_GRAPH_CACHE", str(tmp_path))
    whole = load_graph()
    entry = next(tmp_path.glob("graph-*.nt"))
    key = entry.stem.removeprefix("graph-")
    assert cache.cached_graph(key) is not None
    data = entry.read_bytes()
    entry.write_bytes(data[: data.rindex(b"\n", 0, len(data) - 1) + 1])  # the last triple lost
    assert cache.cached_graph(key) is None
    assert load_graph().nt_lines() == whole.nt_lines()
    assert cache.cached_graph(key) is not None  # written again, whole
