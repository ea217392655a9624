"""What the endpoint refuses before a query runs: ``SERVICE`` (the server would fetch any URL
it is given) and updates (the endpoint is read-only).

The check is lexical, on the query with its comments, string literals and IRIs removed: what
is left of the word ``SERVICE`` can then only be the keyword, unless it is part of a prefixed
name (``ex:SERVICE``, ``SERVICE:x``), a variable (``?SERVICE``) or a longer word. A
``SERVICE`` inside a string or an IRI is therefore not refused.
"""

from __future__ import annotations

import re

__all__ = ["strip_opaque", "uses_service", "is_update", "refusal"]

# the SPARQL 1.1 grammar's terminals that may contain arbitrary text
_OPAQUE = re.compile(
    r'''"""(?:[^"\\]|\\.|"(?!""))*"""'''   # STRING_LITERAL_LONG2
    r"""|'''(?:[^'\\]|\\.|'(?!''))*'''"""   # STRING_LITERAL_LONG1
    r'''|"(?:[^"\\\n\r]|\\.)*"'''           # STRING_LITERAL2
    r"""|'(?:[^'\\\n\r]|\\.)*'"""           # STRING_LITERAL1
    r'''|<[^<>"{}|^`\\\x00-\x20]*>'''       # IRIREF (a comparison "?a < ?b" has spaces: not an IRI)
    r"""|\#[^\n\r]*""",                     # comment
    re.S,
)
_WORD = r"(?<![\w:?$\-.]){}(?![\w:\-])"
_SERVICE = re.compile(_WORD.format("SERVICE"), re.I)
_UPDATE = re.compile(
    _WORD.format(r"(?:INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)"), re.I
)


def strip_opaque(query: str) -> str:
    """``query`` with every comment, string literal and IRI replaced by a space."""
    return _OPAQUE.sub(" ", query)


def uses_service(query: str) -> bool:
    """Whether ``query`` uses the ``SERVICE`` keyword (federated query).

    >>> uses_service("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }")
    True
    >>> uses_service('SELECT * WHERE { ?s ?p "SERVICE <http://example.org/>" }')
    False
    """
    return bool(_SERVICE.search(strip_opaque(query)))


def is_update(query: str) -> bool:
    """Whether ``query`` reads as a SPARQL Update (an update keyword outside strings and IRIs)."""
    return bool(_UPDATE.search(strip_opaque(query)))


def refusal(query: str) -> str | None:
    """The reason to refuse ``query`` before running it, or ``None``."""
    if uses_service(query):
        return "SERVICE (federated query) is not allowed on this endpoint"
    if is_update(query):
        return "this endpoint is read-only: SPARQL Update is not allowed"
    return None
