"""The ``pesco-graph`` command: a thin layer over the library.

Each command calls one library function, formats its result and sets the exit code:
0 success, 1 the graph violates its shapes, 2 unusable input or an unreachable endpoint.
Heavy imports happen inside the commands so that ``--help`` starts fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from . import __version__
from .errors import PescoGraphError, ValidationFailed

__all__ = ["main", "parser"]


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def cmd_build(args: argparse.Namespace) -> int:
    from .build import build

    formats = tuple(args.format) if args.format else ("ttl",)
    try:
        summary = build(args.out, formats=formats)
    except ValidationFailed as exc:
        print(exc.report.to_text(warnings=False))
        print("build failed: fix the violations above; nothing was written", file=sys.stderr)
        return 1
    print(summary.to_text())
    if args.warnings and summary.report.warnings:
        print("\n".join(r.to_text() for r in summary.report.warnings))
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from .validate import validate, validate_files

    if args.paths:
        report = validate_files(args.paths, with_data=args.with_data)
    else:
        from .load import load_graph

        report = validate(load_graph())
    if args.format == "json":
        print(report.to_json())
    else:
        print(report.to_text(warnings=not args.no_warnings))
    return 0 if report.conforms else 1


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "build": cmd_build,
    "validate": cmd_validate,
}


def parser() -> argparse.ArgumentParser:
    """The argument parser of ``pesco-graph``."""
    p = argparse.ArgumentParser(
        prog="pesco-graph",
        description="Build, validate, query and analyse the PESCO knowledge graph.",
        epilog="Exit codes: 0 success, 1 SHACL violations, 2 unusable input or endpoint.",
    )
    p.add_argument("--version", action="version", version=f"pesco-graph {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", required=True)

    b = sub.add_parser("build", help="load, derive, validate and write the graph, print a summary")
    b.add_argument("--out", default="dist", help="output folder (default: dist)")
    b.add_argument(
        "--format", action="append", choices=["ttl", "nt", "jsonld"],
        help="RDF format(s) to write (repeatable; default: ttl)",
    )
    b.add_argument("--warnings", action="store_true", help="also list the warnings (gaps)")

    v = sub.add_parser("validate", help="SHACL-validate the graph or the given files")
    v.add_argument("paths", nargs="*", metavar="PATH", help="Turtle or CSV files (default: the whole graph)")
    v.add_argument("--format", choices=["text", "json"], default="text")
    v.add_argument(
        "--with-data", action="store_true", help="validate the files together with the packaged data"
    )
    v.add_argument("--no-warnings", action="store_true", help="list violations only")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``pesco-graph`` command."""
    args = parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except PescoGraphError as exc:
        print(f"pesco-graph {args.command}: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
