"""Where the package's data files live: found through the installed package, never the CWD."""

from __future__ import annotations

import os
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

__all__ = ["resource_dir", "ontology_files", "shape_files", "data_files", "query_files", "shown_path"]


def resource_dir(name: str) -> Traversable:
    """Return the packaged folder ``name`` (``ontology``, ``shapes``, ``data`` or ``queries``)."""
    if name not in {"ontology", "shapes", "data", "queries"}:
        raise ValueError(f"unknown resource folder {name!r}")
    here = Path(__file__).parent / name
    # a package in a folder (the usual install) is read directly: importlib.resources' readers
    # cost more than the listing; a zipped one goes through them
    return here if here.is_dir() else files("pesco_graph") / name


def _listing(name: str, suffixes: tuple[str, ...]) -> list[Traversable]:
    folder = resource_dir(name)
    found = [f for f in folder.iterdir() if f.is_file() and f.name.endswith(suffixes)]
    return sorted(found, key=lambda f: f.name)


def ontology_files() -> list[Traversable]:
    """The ontology and its concept schemes, as Turtle files."""
    return _listing("ontology", (".ttl",))


def shape_files() -> list[Traversable]:
    """The SHACL shapes, as Turtle files."""
    return _listing("shapes", (".ttl",))


def data_files() -> list[Traversable]:
    """The curated data: Turtle files and the CSV tables mapped to RDF at load time."""
    return _listing("data", (".ttl", ".csv"))


def query_files() -> list[Traversable]:
    """The named SPARQL queries."""
    return _listing("queries", (".rq",))


def shown_path(file: Path | Traversable | str) -> str:
    """The path to show for ``file`` in messages: the real file (not the package's symlink
    to it), relative to the current folder when it lies inside it.

    >>> shown_path("data/../data/projects.csv")
    'data/projects.csv'
    """
    text = str(file)
    try:
        real = os.path.realpath(text)
        relative = os.path.relpath(real)
    except (OSError, ValueError):
        return text
    return relative if not relative.startswith("..") else real
