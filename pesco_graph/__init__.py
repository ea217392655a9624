"""pesco-graph: a knowledge graph of the EU's Permanent Structured Cooperation (PESCO).

The package is a library first; the ``pesco-graph`` command is a thin layer over it.
Heavy modules are imported lazily so that ``import pesco_graph`` stays cheap.

>>> import pesco_graph
>>> isinstance(pesco_graph.__version__, str)
True
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_LAZY = {
    "load_graph": "pesco_graph.load",
    "load_files": "pesco_graph.load",
    "new_graph": "pesco_graph.backends",
    "GraphBackend": "pesco_graph.backends",
    "export": "pesco_graph.export",
    "coverage": "pesco_graph.coverage",
    "build": "pesco_graph.build",
    "validate": "pesco_graph.validate",
    "validate_files": "pesco_graph.validate",
    "run_query": "pesco_graph.query",
    "catalog": "pesco_graph.catalog",
    "PescoGraphError": "pesco_graph.errors",
}

__all__ = ["__version__", *_LAZY]


def _version() -> str:
    # importlib.metadata takes longer to import than the rest of the command line together,
    # so the version is looked up when it is first asked for
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("pesco-graph")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
        return "0.0.0"


def __getattr__(name: str) -> Any:
    if name == "__version__":
        value = globals()["__version__"] = _version()
        return value
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'pesco_graph' has no attribute {name!r}")
    return getattr(import_module(module), name)
