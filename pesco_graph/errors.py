"""One exception hierarchy for everything pesco-graph raises on purpose."""

from __future__ import annotations

from typing import Protocol

__all__ = [
    "PescoGraphError",
    "InputError",
    "ValidationFailed",
    "QueryError",
    "ParameterError",
    "EndpointError",
    "OutputError",
]


class Report(Protocol):
    """What an error needs of a validation report (see :class:`pesco_graph.validate.ValidationReport`)."""

    def to_text(self, warnings: bool = True) -> str: ...


class PescoGraphError(Exception):
    """Base class of the errors pesco-graph raises; the CLI prints them as one line."""

    exit_code = 2


class InputError(PescoGraphError):
    """A file cannot be read or parsed; the message names the file and, when known, the line."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None) -> None:
        where = ""
        if path is not None:
            where = f"{path}:{line}: " if line is not None else f"{path}: "
        super().__init__(f"{where}{message}")
        self.path = path
        self.line = line


class ValidationFailed(PescoGraphError):
    """The graph violates its SHACL shapes; ``report`` holds the typed results."""

    exit_code = 1

    def __init__(self, report: Report) -> None:
        super().__init__("the graph does not conform to its SHACL shapes")
        self.report = report


class QueryError(PescoGraphError):
    """A named query is unknown, malformed or failed to run."""


class ParameterError(QueryError):
    """A query parameter is unknown, missing or malformed."""


class EndpointError(PescoGraphError):
    """A remote SPARQL endpoint or Graph Store could not be used; the message says why."""


class OutputError(PescoGraphError):
    """An output file or folder cannot be written; the message names it and says why."""
