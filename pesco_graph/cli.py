"""The ``pesco-graph`` command: a thin layer over the library.

Each command calls one library function, formats its result and sets the exit code:
0 success, 1 the graph violates its shapes, 2 unusable input or an unreachable endpoint.
Heavy imports happen inside the commands so that ``--help`` starts fast.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NoReturn

from .cli_parser import parser
from .errors import InputErrors, ParameterError, PescoGraphError, QueryError, ValidationFailed, cut
from .names import DEFAULT_BACKEND, RDF_FORMATS

if TYPE_CHECKING:
    from .backends import GraphBackend


__all__ = ["main", "entry", "parser"]


def _progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def cmd_build(args: argparse.Namespace) -> int:
    from .build import build

    formats = tuple(dict.fromkeys(args.format)) if args.format else RDF_FORMATS
    try:
        summary = build(args.out, formats=formats, engine=args.engine, store=args.store,
                        progress=_progress)
    except ValidationFailed as exc:
        print(exc.report.to_text(warnings=False))
        print("build failed: fix the violations above; nothing was written", file=sys.stderr)
        return 1
    print(summary.to_text())
    if args.warnings and summary.report.warnings:
        print("\n".join(r.to_text() for r in summary.report.warnings))
    elif summary.report.warnings:
        print(f"  ({len(summary.report.warnings)} warnings: the known gaps; "
              "list them with `pesco-graph build --warnings` or `pesco-graph validate`)")
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    from .validate import validate, validate_files

    if args.shapes:
        from .validate import validate_with_shapes

        if args.paths:
            report = validate_with_shapes(args.paths, args.shapes, engine=args.engine)
        else:
            from .load import load_graph

            report = validate_with_shapes(load_graph(backend="oxigraph"), args.shapes, engine=args.engine)
    elif args.paths:
        report = validate_files(args.paths, with_data=args.with_data, engine=args.engine)
    else:
        from .load import load_graph

        backend = "oxigraph" if args.engine == "sparql" else "rdflib"
        report = validate(load_graph(backend=backend), args.engine)
    if args.format == "json":
        print(report.to_json())
    else:
        print(report.to_text(warnings=not args.no_warnings))
    return 0 if report.conforms else 1


def cmd_queries(args: argparse.Namespace) -> int:
    from .catalog import catalog

    for query in sorted(catalog().values(), key=lambda q: q.name):
        print(f"{query.name}  ({query.form})")
        print(f"    {query.title}: {query.description}")
        for p in query.params:
            flag = "" if p.required else " (optional)"
            print(f"    --param {p.name}=...{flag}  {p.description}")
        print(f"    columns: {' '.join(query.columns)}")
        if query.example:
            shown = " ".join(f"--param {k}={v}" for k, v in query.example.items())
            print(f"    example: pesco-graph query {query.name} {shown}")
    return 0


def _params(pairs: list[str] | None) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in pairs or []:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise ParameterError(f"--param takes KEY=VALUE, got {cut(pair)!r}")
        out[key.strip()] = value
    return out


def cmd_query(args: argparse.Namespace) -> int:
    from .query import GraphResult, run_query

    options: dict[str, object] = {}
    if args.endpoint is not None:
        options = {"default_graph": args.graph, "timeout": args.timeout, "user": args.user,
                   "password": args.password, "max_bytes": _max_bytes(args)}
    result = run_query(args.name, _params(args.param), endpoint=args.endpoint,
                       store=None if args.endpoint else args.store, **options)
    fmt = args.format
    if isinstance(result, GraphResult) and fmt in ("ttl", "jsonld", "nt"):
        sys.stdout.write(result.serialize(fmt))
        return 0
    if fmt in ("ttl", "jsonld", "nt"):
        raise QueryError(f"{fmt} output is for CONSTRUCT queries; {args.name!r} is a SELECT query")
    if fmt == "csv":
        sys.stdout.write(result.to_csv())
    elif fmt == "json":
        sys.stdout.write(result.to_json())
    else:
        print(result.to_table())
    return 0


def _local_graph(args: argparse.Namespace) -> GraphBackend:
    from .load import load_graph

    return load_graph(backend=getattr(args, "store", None) or DEFAULT_BACKEND)


def cmd_export(args: argparse.Namespace) -> int:
    from .export import export

    path = export(_local_graph(args), args.format, args.out, as_of=args.as_of)
    print(f"wrote {path}")
    return 0


def cmd_push(args: argparse.Namespace) -> int:
    from .remote import push

    graph = _local_graph(args)
    status = push(graph, args.endpoint, graph_iri=None if args.graph == "default" else args.graph,
                  user=args.user, password=args.password, auth=args.auth, timeout=args.timeout,
                  max_bytes=_max_bytes(args))
    target = "the default graph" if args.graph == "default" else f"graph <{args.graph}>"
    print(f"pushed {len(graph)} triples to {target} (HTTP {status})")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .serve import serve

    if not 0 <= args.port <= 65535 or args.query_timeout <= 0 or args.memory_limit < 0 or args.workers < 1 \
            or args.header_timeout <= 0:
        raise PescoGraphError("serve: needs --port 0-65535, --query-timeout > 0, --memory-limit >= 0 "
                              "and --workers >= 1")
    serve(host=args.host, port=args.port, query_timeout=args.query_timeout, memory_limit_mb=args.memory_limit,
          workers=args.workers, site=args.site, header_timeout=args.header_timeout)
    return 0


def cmd_analyze(args: argparse.Namespace) -> int:
    from .analysis import analyze

    result = analyze(_local_graph(args), args.out, include_closed=not args.ongoing_only, seed=args.seed,
                     progress=_progress, as_of=args.as_of)
    print(result.to_text())
    return 0


def cmd_coverage(args: argparse.Namespace) -> int:
    from .coverage import coverage

    report = coverage(_local_graph(args))
    print(report.to_text())
    if args.figure is not None:
        from .figures import coverage_figure, save_png

        print(f"wrote {save_png(coverage_figure(report), args.figure)}")
    return 0


def cmd_site(args: argparse.Namespace) -> int:
    from pathlib import Path

    from .publish.site import write_site

    print(write_site(Path(args.out), hosting_base=args.hosting_base).to_text())
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "build": cmd_build,
    "validate": cmd_validate,
    "queries": cmd_queries,
    "query": cmd_query,
    "export": cmd_export,
    "push": cmd_push,
    "serve": cmd_serve,
    "coverage": cmd_coverage,
    "analyze": cmd_analyze,
    "site": cmd_site,
}


def _max_bytes(args: argparse.Namespace) -> int:
    return max(1, int(args.max_response_mb * 1024 * 1024))


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``pesco-graph`` command."""
    argv = sys.argv[1:] if argv is None else list(argv)
    args = parser(argv[0] if argv and argv[0] in COMMANDS else None).parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except InputErrors as exc:
        for line in exc.lines():
            print(f"pesco-graph {args.command}: error: {line}", file=sys.stderr)
        return exc.exit_code
    except PescoGraphError as exc:
        lines = str(exc).splitlines() or [exc.__class__.__name__]
        print(f"pesco-graph {args.command}: error: {' '.join(lines)}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # output piped into a command that stopped reading (e.g. head)
        sys.stderr.close()
        return 0


# commands that leave nothing behind but what they printed (no files, threads or servers)
_PRINT_ONLY = frozenset({"query", "queries"})


def entry() -> NoReturn:
    """The ``pesco-graph`` executable: :func:`main`, then the exit.

    A command that only prints runs without the cycle collector, and its process ends once
    the output is flushed, without tearing the interpreter down: it lasts a fraction of a
    second and its memory goes back with the process, so collecting cycles along the way
    and freeing the graph and every module one by one at the end would only cost time
    (10-20 ms, about a tenth of a ``query``). Every other command runs and exits the usual way.
    """
    argv = sys.argv[1:]
    printing = bool(argv) and argv[0] in _PRINT_ONLY
    if printing:
        gc.disable()
    code = main(argv)
    if printing:
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except OSError:  # the reader stopped, or the disk is full: the usual exit reports it
            pass
        else:
            os._exit(code)
    sys.exit(code)


if __name__ == "__main__":  # pragma: no cover
    entry()
