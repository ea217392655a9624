"""Typed SHACL results, the same from both engines: :class:`ValidationResult` and
:class:`ValidationReport`."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from enum import StrEnum

from rdflib import Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from ..errors import ValidationFailed
from ..namespace import PREFIXES

__all__ = ["Severity", "ValidationResult", "ValidationReport", "short_name", "result_order", "nt_term"]


class Severity(StrEnum):
    """The three SHACL severities; a result's ``severity`` is one of them (or, for a severity
    of a shapes graph's own, that IRI in N-Triples)."""

    VIOLATION = "Violation"
    WARNING = "Warning"
    INFO = "Info"

    @property
    def iri(self) -> str:
        return str(SH[self.value])

    @classmethod
    def name_of(cls, node: Node) -> str:
        """``Violation``, ``Warning`` or ``Info`` for the SHACL severities, else ``<iri>``."""
        for member in cls:
            if node == SH[member.value]:
                return member.value
        return node.n3()


_SHORT = sorted(
    [(str(ns), p) for p, ns in PREFIXES.items()] + [("https://w3id.org/pesco-kg/shapes#", "pshape")],
    key=lambda x: -len(x[0]),
)


def short_name(node: Node | None) -> str | None:
    """A term with the project's prefixes (``pesco:Project``), for text output."""
    if node is None:
        return None
    if isinstance(node, URIRef):
        text = str(node)
        for ns, prefix in _SHORT:
            if text.startswith(ns) and len(text) > len(ns):
                return f"{prefix}:{text[len(ns):]}"
        return f"<{text}>"
    if isinstance(node, Literal):
        return nt_term(node)
    return f"_:{node}"


def nt_term(node: Node) -> str:
    """A term in N-Triples (rdflib's ``n3()`` writes long literals in Turtle's triple quotes)."""
    if isinstance(node, Literal):
        import pyoxigraph as ox

        if node.language:
            return str(ox.Literal(str(node), language=node.language))
        if node.datatype is not None:
            return str(ox.Literal(str(node), datatype=ox.NamedNode(str(node.datatype))))
        return str(ox.Literal(str(node)))
    return node.n3()


@dataclass(frozen=True, order=True)
class ValidationResult:
    """One SHACL result: which node broke which rule, on which property, with which value.

    The first fields are short, prefixed forms for people; the ``*_term`` fields and
    ``component`` are exact (N-Triples terms, SPARQL property-path syntax, full IRIs).
    """

    severity: str
    focus_node: str
    path: str | None
    value: str | None
    message: str
    shape: str | None
    constraint: str
    focus_term: str = ""
    path_term: str | None = None
    value_term: str | None = None
    shape_term: str | None = None
    component: str = ""

    def to_text(self) -> str:
        parts = [f"[{self.severity}] {self.focus_node}"]
        if self.path:
            parts.append(f"property {self.path}")
        if self.value is not None:
            parts.append(f"value {self.value}")
        parts.append(f"rule {self.shape or '(anonymous shape)'} ({self.constraint})")
        return " | ".join(parts) + f"\n    {self.message}"

    def to_dict(self) -> dict[str, str | None]:
        """The result with SHACL's names and exact terms (``--format json``)."""
        severity = (Severity(self.severity).iri if self.severity in {s.value for s in Severity}
                    else self.severity.strip("<>"))
        return {
            "focusNode": self.focus_term, "resultPath": self.path_term, "value": self.value_term,
            "sourceShape": self.shape_term, "sourceConstraintComponent": self.component,
            "resultSeverity": severity, "resultMessage": self.message,
            "severity": self.severity, "shape": self.shape,
        }


def result_order(r: ValidationResult) -> tuple[bool, str, str, str, str, str, str]:
    return (r.severity != Severity.VIOLATION.value, r.focus_node, r.path or "", r.message, r.value or "",
            r.component, r.shape_term or "")


@dataclass
class ValidationReport:
    """The typed outcome of a validation."""

    results: list[ValidationResult] = field(default_factory=list)

    @property
    def violations(self) -> list[ValidationResult]:
        return [r for r in self.results if r.severity == Severity.VIOLATION.value]

    @property
    def warnings(self) -> list[ValidationResult]:
        return [r for r in self.results if r.severity == Severity.WARNING.value]

    @property
    def conforms(self) -> bool:
        """True when there is no violation (warnings and infos are allowed)."""
        return not self.violations

    def raise_for_results(self) -> ValidationReport:
        """Raise :class:`~pesco_graph.errors.ValidationFailed` if there is a violation; else
        return the report."""
        if self.violations:
            raise ValidationFailed(self)
        return self

    def summary(self) -> str:
        verdict = "conforms" if self.conforms else "does NOT conform"
        return f"{verdict}: {len(self.violations)} violation(s), {len(self.warnings)} warning(s)"

    def to_text(self, warnings: bool = True) -> str:
        shown = self.results if warnings else self.violations
        lines = [r.to_text() for r in shown]
        lines.append(self.summary())
        return "\n".join(lines)

    def to_json(self) -> str:
        return json.dumps(
            {
                "conforms": self.conforms,
                "violations": len(self.violations),
                "warnings": len(self.warnings),
                "results": [r.to_dict() for r in self.results],
            },
            indent=2,
            ensure_ascii=False,
        )
