"""Where the package's data files live: found through the installed package, never the CWD."""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable

__all__ = ["resource_dir", "ontology_files", "shape_files", "data_files", "query_files"]


def resource_dir(name: str) -> Traversable:
    """Return the packaged folder ``name`` (``ontology``, ``shapes``, ``data`` or ``queries``)."""
    if name not in {"ontology", "shapes", "data", "queries"}:
        raise ValueError(f"unknown resource folder {name!r}")
    return files("pesco_graph") / name


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
