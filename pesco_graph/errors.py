"""One exception hierarchy for everything pesco-graph raises on purpose."""

from __future__ import annotations

from typing import Protocol

__all__ = [
    "PescoGraphError",
    "InputError",
    "InputErrors",
    "MAX_REPORTED",
    "cut",
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


# at most this many problems of one run are reported (the rest are counted)
MAX_REPORTED = 50


def cut(text: str, limit: int = 80) -> str:
    """``text`` on one line and cut to ``limit`` characters, for a message.

    >>> cut("a" * 100, 10)
    'aaaaaaaaa…'
    """
    text = " ".join(str(text).split()) if ("\n" in str(text) or "\r" in str(text)) else str(text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class InputError(PescoGraphError):
    """A file cannot be read or parsed; the message names the file and, when known, the line."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None) -> None:
        where = ""
        if path is not None:
            where = f"{path}:{line}: " if line is not None else f"{path}: "
        super().__init__(f"{where}{message}")
        self.path = path
        self.line = line


class InputErrors(InputError):
    """Several input problems found in one run, reported together (one line each).

    ``errors`` holds at most :data:`MAX_REPORTED` of them; ``total`` counts them all.
    """

    def __init__(self, errors: list[InputError], total: int | None = None) -> None:
        self.errors = list(errors[:MAX_REPORTED])
        self.total = max(len(errors), total or 0)
        first = self.errors[0] if self.errors else None
        PescoGraphError.__init__(self, "\n".join(self.lines()))
        self.path = first.path if first is not None else None
        self.line = first.line if first is not None else None

    def lines(self) -> list[str]:
        """One line per problem, and a last line when some were left out."""
        out = [str(e) for e in self.errors]
        if self.total > len(self.errors):
            out.append(f"... and {self.total - len(self.errors)} more problems (fix these first)")
        return out


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
