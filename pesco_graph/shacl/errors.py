"""The error the compiled SHACL engine raises for what it does not implement."""

from __future__ import annotations

from rdflib import BNode
from rdflib.term import Node

from ..errors import PescoGraphError

__all__ = ["UnsupportedShape", "describe_shape"]


def describe_shape(shape: Node | None) -> str:
    if shape is None:
        return "a shape"
    if isinstance(shape, BNode):
        return "an anonymous shape"
    return f"shape {shape.n3()}"


class UnsupportedShape(PescoGraphError):
    """A shape uses a SHACL construct the compiled engine does not implement (exit 2).

    The message names the construct and the shape; ``--engine pyshacl`` validates it.
    """

    def __init__(self, construct: str, shape: Node | None = None) -> None:
        super().__init__(f"{describe_shape(shape)}: {construct} is not supported by the compiled "
                         "SHACL engine (use --engine pyshacl)")
        self.construct = construct
        self.shape = shape
