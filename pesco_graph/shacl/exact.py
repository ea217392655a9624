"""Literals that Oxigraph stores in another form, and when the compiled engine can still
report them exactly.

Oxigraph keeps typed literals in canonical form: ``"4.0"^^xsd:decimal`` is stored as
``"4"^^xsd:decimal``, ``"5"^^xsd:int`` as ``"5"^^xsd:integer``. SHACL compares RDF terms, so:

- a literal whose datatype would change is refused (``sh:datatype`` would see another type);
- two different literals (in the data, or in the shapes' ``sh:in``, ``sh:hasValue`` and
  ``sh:targetNode``) that would be stored as one are refused (they would compare equal);
- when shapes read lexical forms (``sh:pattern``, ``sh:minLength``, ``sh:maxLength``,
  ``sh:sparql``), any changed literal is refused;
- otherwise each stored form stands for exactly one original, and results are reported with
  the original term.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rdflib import Graph, Literal
from rdflib.collection import Collection
from rdflib.namespace import SH, XSD

from .errors import UnsupportedShape

__all__ = ["Literals", "UnsupportedData", "literal_key", "restore_map"]

Literals = dict[tuple[str, str], str]  # (lexical form, datatype IRI) -> where it was read
_LEXICAL = (SH.pattern, SH.minLength, SH.maxLength, SH.sparql)


class UnsupportedData(UnsupportedShape):
    """The data holds a literal the store cannot keep exactly (exit 2)."""

    def __init__(self, message: str) -> None:
        Exception.__init__(self, message)
        self.construct = "literal"
        self.shape = None


def literal_key(term: Any) -> tuple[str, str] | None:
    """(lexical form, datatype) of a pyoxigraph literal Oxigraph may store in another form."""
    import pyoxigraph as ox

    if isinstance(term, ox.Literal) and not term.language:
        datatype = term.datatype.value
        if datatype.startswith(str(XSD)) and datatype != str(XSD.string):
            return (term.value, datatype)
    return None


def _nt(value: str, datatype: str) -> str:
    import pyoxigraph as ox

    return str(ox.Literal(value, datatype=ox.NamedNode(datatype)))


def _stored(keys: list[tuple[str, str]]) -> dict[tuple[str, str], tuple[str, str]]:
    """How the store keeps each literal."""
    import pyoxigraph as ox

    scratch = ox.Store()
    predicate = ox.NamedNode("urn:x-check:p")
    scratch.extend(ox.Quad(ox.NamedNode(f"urn:x-check:{i}"), predicate,
                           ox.Literal(v, datatype=ox.NamedNode(d))) for i, (v, d) in enumerate(keys))
    out = {}
    for quad in scratch:
        out[keys[int(quad.subject.value.rsplit(":", 1)[1])]] = (quad.object.value, quad.object.datatype.value)
    return out


def _shape_literals(shapes: Graph) -> Iterable[Literal]:
    for p in (SH.targetNode, SH.hasValue):
        yield from (o for o in shapes.objects(None, p) if isinstance(o, Literal))
    for members in shapes.objects(None, SH["in"]):
        yield from (o for o in Collection(shapes, members) if isinstance(o, Literal))


def restore_map(data: Literals, shapes: Graph) -> dict[str, str]:
    """Stored form -> original term (N-Triples) for each literal the store changes; raises
    :class:`UnsupportedData` when the results could not be exact."""
    literals = dict(data)
    for lit in _shape_literals(shapes):
        if lit.datatype is not None and not lit.language and str(lit.datatype).startswith(str(XSD)):
            literals.setdefault((str(lit), str(lit.datatype)), "the shapes")
    keys = sorted(literals)
    stored = _stored(keys)
    originals: dict[tuple[str, str], tuple[str, str]] = {}
    restore: dict[str, str] = {}
    for key in keys:
        now = stored[key]
        where, original, shown = literals[key], _nt(*key), _nt(*now)
        if now[1] != key[1]:
            raise UnsupportedData(f"{where}: the literal {original} would be stored as {shown} (another "
                                  "datatype) by Oxigraph; the compiled SHACL engine cannot check it exactly "
                                  "(use --engine pyshacl)")
        other = originals.setdefault(now, key)
        if other != key:
            raise UnsupportedData(f"{where}: the literals {_nt(*other)} and {original} would both be "
                                  f"stored as {shown} by Oxigraph; the compiled SHACL engine cannot tell "
                                  "them apart (use --engine pyshacl)")
        if now != key:
            restore[shown] = original
    if restore:
        for p in _LEXICAL:
            if (None, p, None) in shapes:
                stored_as, original = next(iter(sorted(restore.items())))
                raise UnsupportedData(f"the literal {original} would be stored as {stored_as} by Oxigraph, "
                                      f"and the shapes use {p.n3(shapes.namespace_manager)}, which reads "
                                      "lexical forms (write it in canonical form, or use --engine pyshacl)")
    return restore
