"""The pieces the command line is built from: its parsers (help from :mod:`pesco_graph.cli_help`,
errors on one line), option types that refuse bad values, and the options several commands share."""

from __future__ import annotations

import argparse
import math

from .cli_help import CommandParser as HelpedParser
from .errors import cut
from .names import DEFAULT_BACKEND, LOCAL_BACKENDS

__all__ = ["VersionAction", "OneLineParser", "CommandParser", "seconds", "megabytes", "store_option",
           "remote_options"]


class VersionAction(argparse.Action):
    """``--version``: looks the version up only when asked (importing package metadata is slow)."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        from . import __version__

        print(f"pesco-graph {__version__}")
        parser.exit()


class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose errors are one line (the usage is one ``--help`` away)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {cut(message, 300)} (see {self.prog} --help)\n")


class CommandParser(HelpedParser, OneLineParser):
    """A command's parser: help from :mod:`pesco_graph.cli_help`, errors on one line."""


def seconds(text: str) -> float:
    """An argparse type: a positive finite number of seconds."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value <= 0:
        raise argparse.ArgumentTypeError(f"{text[:40]!r} is not a positive number of seconds")
    return value


def megabytes(text: str) -> float:
    """An argparse type: a positive finite number of megabytes."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value <= 0 or value > 1024 * 1024:
        raise argparse.ArgumentTypeError(f"{text[:40]!r} is not a positive number of megabytes")
    return value


def store_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--store", choices=LOCAL_BACKENDS, default=DEFAULT_BACKEND,
                   help="the backend that holds the graph: oxigraph (default, fastest) or rdflib; "
                        "both give the same results and the same bytes")


def remote_options(p: argparse.ArgumentParser, timeout: float) -> None:
    p.add_argument("--user", help="user name (or PESCO_ENDPOINT_USER)")
    p.add_argument("--password", help="password (or PESCO_ENDPOINT_PASSWORD); never printed")
    p.add_argument("--timeout", type=seconds, default=timeout,
                   help="deadline of the whole request in seconds (default: %(default)s)")
    p.add_argument("--max-response-mb", type=megabytes, default=256, metavar="MB",
                   help="refuse an answer larger than this many megabytes (default: %(default)s)")
