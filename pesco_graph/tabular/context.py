"""What the mapping has seen so far, and the problems that are consequences of others."""

from __future__ import annotations

from pyoxigraph import NamedNode

from ..errors import InputError, cut
from ..namespace import (
    DCTERMS,
)
from .rows import Row, TripleSet

__all__ = ['Consequence', 'MappingContext']

class Consequence(InputError):
    """A row that refers to a row already reported as bad: not reported again."""


class MappingContext:
    """What the mapping has seen so far: ids of sources, acts, states, waves and projects."""

    def __init__(self, graph: TripleSet) -> None:
        self.graph = graph
        self.sources: dict[str, NamedNode] = {}
        self.acts: dict[str, NamedNode] = {}
        self.states: dict[str, NamedNode] = {}
        self.waves: dict[str, NamedNode] = {}
        self.wave_decisions: dict[str, NamedNode] = {}
        self.projects: dict[str, NamedNode] = {}
        self.areas: dict[str, NamedNode] = {}
        self.pending_merges: list[tuple[Row, NamedNode, str]] = []
        self.commitments: set[str] = set()
        # keys of rows that failed, by what they name: a reference to one is not a new problem
        self.broken: set[tuple[str, str]] = set()

    # --- references -------------------------------------------------------------------
    def ref(self, row: Row, column: str, table: dict[str, NamedNode], what: str, key: str) -> NamedNode:
        try:
            return table[key]
        except KeyError:
            if (what, key) in self.broken or (what, "*") in self.broken:
                raise Consequence("refers to a row reported above", row.path, row.line) from None
            raise row.fail(column, f"unknown {what} {cut(key)!r}") from None

    def source_refs(self, row: Row, column: str = "sources", required: bool = True) -> list[NamedNode]:
        keys = row.many(column)
        if required and not keys:
            raise row.fail(column, "at least one source id is required")
        return [self.ref(row, column, self.sources, "source", k) for k in keys]

    def act(self, row: Row, column: str, key: str) -> NamedNode:
        return self.ref(row, column, self.acts, "legal act", key)

    def add_sources(
        self, subject: NamedNode, refs: list[NamedNode], predicate: NamedNode = DCTERMS.source
    ) -> None:
        for ref in refs:
            self.graph.add((subject, predicate, ref))
