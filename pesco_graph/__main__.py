"""``python -m pesco_graph`` runs the command-line interface."""

from .cli import entry

entry()
