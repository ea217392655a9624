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
