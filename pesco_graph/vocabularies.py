"""The controlled values of the data, read from the SKOS schemes in ``ontology/schemes.ttl``.

The domains, roles, statuses, member-list completeness values, start bases and legal-act roles
are concepts of the ontology's schemes; code takes their notations from here, so a value
added to a scheme is accepted everywhere and nowhere else is a list to keep in step.

>>> from pesco_graph.vocabularies import ROLES
>>> ROLES
('coordinator', 'member', 'observer')
>>> notations("role")
('coordinator', 'member', 'observer')
>>> "maritime" in notations("domain")
True
"""

from __future__ import annotations

from functools import cache

import pyoxigraph as ox

from .errors import PescoGraphError
from .namespace import BASE, SKOS
from .resources import resource_dir

# DOMAINS, ROLES, STATUSES, COMPLETENESS, START_BASES, ACT_ROLES and ACTIVITIES are also
# importable: module attributes read from the schemes when first asked for
__all__ = ["SCHEMES", "notations"]

#: the schemes of ``schemes.ttl`` by the last segment of their IRI
SCHEMES = ("domain", "activity", "status", "role", "completeness", "start-basis", "act-role")


@cache
def _schemes() -> dict[str, tuple[str, ...]]:
    data = (resource_dir("ontology") / "schemes.ttl").read_bytes()
    in_scheme: dict[str, str] = {}
    notation: dict[str, str] = {}
    order: dict[str, None] = {}
    for quad in ox.parse(data, format=ox.RdfFormat.TURTLE):
        s, p, o = quad.subject, quad.predicate, quad.object
        if not isinstance(s, ox.NamedNode):
            continue
        order.setdefault(s.value)
        if p == SKOS.inScheme and isinstance(o, ox.NamedNode):
            in_scheme[s.value] = o.value
        elif p == SKOS.notation and isinstance(o, ox.Literal):
            notation[s.value] = o.value
    out: dict[str, list[str]] = {}
    for concept in order:
        scheme = in_scheme.get(concept, "")
        if scheme.startswith(BASE) and concept in notation:
            out.setdefault(scheme[len(BASE):], []).append(notation[concept])
    return {name: tuple(values) for name, values in out.items()}


def notations(scheme: str) -> tuple[str, ...]:
    """The notations of the concepts of ``scheme`` (a name of :data:`SCHEMES`), in file order."""
    try:
        return _schemes()[scheme]
    except KeyError:
        known = ", ".join(SCHEMES)
        raise PescoGraphError(f"unknown concept scheme {scheme!r}; choose one of {known}") from None


# the notations of each scheme under a constant's name, read when first asked for (so that
# importing this module costs nothing until a value is needed)
_CONSTANTS = {"DOMAINS": "domain", "ROLES": "role", "STATUSES": "status", "COMPLETENESS": "completeness",
              "START_BASES": "start-basis", "ACT_ROLES": "act-role", "ACTIVITIES": "activity"}


def __getattr__(name: str) -> tuple[str, ...]:
    scheme = _CONSTANTS.get(name)
    if scheme is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return notations(scheme)
