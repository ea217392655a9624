"""The ``pesco-graph`` command: a thin layer over the library.

Each command calls one library function, formats its result and sets the exit code:
0 success, 1 the graph violates its shapes, 2 unusable input or an unreachable endpoint.
Heavy imports happen inside the commands so that ``--help`` starts fast.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .cli_options import CommandParser, OneLineParser, VersionAction, remote_options, store_option
from .errors import InputErrors, ParameterError, PescoGraphError, QueryError, ValidationFailed, cut
from .names import DEFAULT_BACKEND, DEFAULT_ENGINE, ENGINES, EXPORT_FORMATS, RDF_FORMATS

if TYPE_CHECKING:
    from .backends import GraphBackend

    Subparsers = argparse._SubParsersAction[CommandParser]


__all__ = ["main", "parser"]


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


def _build_parser(sub: Subparsers) -> None:
    b = sub.add_parser("build", help="load, derive, validate and write the graph, print a summary")
    b.add_argument("--out", default="dist", metavar="DIR", help="output folder (default: dist)")
    b.add_argument(
        "--format", action="append", choices=RDF_FORMATS,
        help="RDF format to write (repeatable; default: all of " + ", ".join(RDF_FORMATS) + ")",
    )
    b.add_argument("--warnings", action="store_true", help="also list the warnings (gaps)")
    b.add_argument("--engine", choices=ENGINES, default=DEFAULT_ENGINE,
                   help="SHACL engine: shapes compiled to SPARQL on Oxigraph (default) or pySHACL")
    store_option(b)


def _validate_parser(sub: Subparsers) -> None:
    v = sub.add_parser("validate", help="SHACL-validate the graph or the given files")
    v.add_argument("paths", nargs="*", metavar="PATH", help="Turtle or CSV files (default: the whole graph)")
    v.add_argument("--format", choices=["text", "json"], default="text",
                   help="text (default) or json: one object per result, for tools")
    v.add_argument(
        "--with-data", action="store_true", help="validate the files together with the packaged data"
    )
    v.add_argument("--no-warnings", action="store_true", help="list violations only")
    v.add_argument("--shapes", action="append", metavar="FILE",
                   help="validate the PATHs (any RDF files; default: the whole graph) against these "
                        "SHACL shapes instead of the project's (repeatable)")
    v.add_argument("--engine", choices=ENGINES, default=DEFAULT_ENGINE,
                   help="SHACL engine: shapes compiled to SPARQL on Oxigraph (default) or pySHACL")


def _queries_parser(sub: Subparsers) -> None:
    sub.add_parser("queries", help="list the named queries with their descriptions and parameters")


def _query_parser(sub: Subparsers) -> None:
    q = sub.add_parser("query", help="run a named query locally or on a SPARQL 1.1 endpoint")
    q.add_argument("name", help="name of the query (see: pesco-graph queries)")
    q.add_argument("--param", action="append", metavar="K=V",
                   help="a parameter, e.g. state=FR (repeatable; `pesco-graph queries` lists each query's)")
    q.add_argument("--format", choices=["table", "csv", "json", *RDF_FORMATS], default="table",
                   help="output: table, csv, json (any query); ttl, nt or jsonld (CONSTRUCT queries)")
    q.add_argument("--endpoint", metavar="URL", help="run on this SPARQL endpoint instead of locally")
    q.add_argument("--graph", metavar="IRI", help="default graph on the endpoint (default-graph-uri)")
    store_option(q)
    remote_options(q, timeout=30.0)


def _export_parser(sub: Subparsers) -> None:
    e = sub.add_parser("export", help="write the graph in one format")
    e.add_argument("--format", required=True, choices=EXPORT_FORMATS,
                   help="RDF (ttl, nt, jsonld), the state-project network (graphml, gexf) or "
                        "every dated participation (csv)")
    store_option(e)
    e.add_argument("--out", metavar="PATH", help="output file (default: dist/pesco.<ext>)")
    e.add_argument("--as-of", metavar="DATE", default=None,
                   help="graphml, gexf, csv: the participations in force on this date (YYYY-MM-DD), "
                        "each certain or attested, instead of the current ones")


def _push_parser(sub: Subparsers) -> None:
    u = sub.add_parser("push", help="upload the graph to a SPARQL 1.1 Graph Store (replacing the graph)")
    u.add_argument("--endpoint", required=True, metavar="URL",
                   help="Graph Store URL, e.g. http://127.0.0.1:7878/store")
    u.add_argument("--graph", default="https://w3id.org/pesco-kg/graph", metavar="IRI",
                   help="named graph to replace (default: %(default)s; 'default' for the default graph)")
    u.add_argument("--auth", choices=["auto", "basic", "digest"], default="auto",
                   help="HTTP authentication: basic, digest or auto (default: what the server asks for)")
    remote_options(u, timeout=120.0)


def _serve_parser(sub: Subparsers) -> None:
    r = sub.add_parser("serve", help="linked-data pages, a query page and a bounded read-only SPARQL server")
    r.add_argument("--port", type=int, default=7878, help="port (default: %(default)s)")
    r.add_argument("--host", default="127.0.0.1", help="address to bind (default: %(default)s)")
    r.add_argument("--query-timeout", type=float, default=10.0, metavar="S",
                   help="seconds a query may run before it is stopped (default: %(default)s)")
    r.add_argument("--memory-limit", type=int, default=1024, metavar="MB",
                   help="memory a query may take in its worker, 0 for no bound (default: %(default)s)")
    r.add_argument("--workers", type=int, default=2, help="query worker processes (default: %(default)s)")
    r.add_argument("--header-timeout", type=float, default=10.0, metavar="S",
                   help="seconds a client has to send a request's headers or its body (default: %(default)s)")
    r.add_argument("--site", type=Path, default=None, metavar="DIR",
                   help="serve a site written beforehand (pesco-graph site) instead of writing one")


def _coverage_parser(sub: Subparsers) -> None:
    c = sub.add_parser("coverage", help="what the data holds and lacks, project by project")
    c.add_argument("--figure", metavar="PNG", default=None,
                   help="also draw the coverage per wave and the reported counts to this PNG file")


def _analyze_parser(sub: Subparsers) -> None:
    a = sub.add_parser("analyze", help="network analysis: report, figures, metric tables, GraphML/GEXF")
    a.add_argument("--out", default="analysis", metavar="DIR", help="output folder (default: %(default)s)")
    a.add_argument("--ongoing-only", action="store_true",
                   help="leave out projects that are no longer ongoing (default: keep them)")
    a.add_argument("--seed", type=int, default=42,
                   help="seed of the community detection and the layout (default: %(default)s)")
    a.add_argument("--as-of", metavar="DATE", default=None,
                   help="analyse the participations in force on this date (YYYY-MM-DD) instead of "
                        "the current ones; the waves are always taken on their own dates")


def _site_parser(sub: Subparsers) -> None:
    s = sub.add_parser("site", help="the static linked-data site: pages and data files for every IRI")
    s.add_argument("--out", default="site", metavar="DIR", help="output folder (default: %(default)s)")
    s.add_argument("--hosting-base", default="https://pesco-kg.github.io/pesco-kg/", metavar="URL",
                   help="URL the site is served from, for the w3id.org redirects (default: %(default)s)")


COMMAND_PARSERS: dict[str, Callable[[Subparsers], None]] = {
    "build": _build_parser,
    "validate": _validate_parser,
    "queries": _queries_parser,
    "query": _query_parser,
    "export": _export_parser,
    "push": _push_parser,
    "serve": _serve_parser,
    "coverage": _coverage_parser,
    "analyze": _analyze_parser,
    "site": _site_parser,
}


def parser(command: str | None = None) -> argparse.ArgumentParser:
    """The argument parser of ``pesco-graph``; with ``command``, one that knows only that
    command (what :func:`main` builds when the command line starts with one: the parsers of
    the other commands would only cost start-up time, and the answer is the same)."""
    p = OneLineParser(
        prog="pesco-graph",
        description="Build, validate, query and analyse the PESCO knowledge graph.",
        epilog="start with:\n"
               "  pesco-graph build                 # build and validate, write dist/pesco.*\n"
               "  pesco-graph queries               # what can be asked\n"
               "  pesco-graph query projects        # ask it\n"
               "  pesco-graph COMMAND --help        # a command's options and examples\n\n"
               "Exit codes: 0 success, 1 SHACL violations, 2 unusable input or endpoint.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--version", action=VersionAction, nargs=0, help="show the version and exit")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", required=True, parser_class=CommandParser)
    for name, add in COMMAND_PARSERS.items():
        if command is None or command == name:
            add(sub)
    return p


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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
