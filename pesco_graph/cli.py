"""The ``pesco-graph`` command: a thin layer over the library.

Each command calls one library function, formats its result and sets the exit code:
0 success, 1 the graph violates its shapes, 2 unusable input or an unreachable endpoint.
Heavy imports happen inside the commands so that ``--help`` starts fast.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from .errors import PescoGraphError, ValidationFailed
from .names import DEFAULT_BACKEND, DEFAULT_ENGINE, ENGINES, EXPORT_FORMATS, LOCAL_BACKENDS, RDF_FORMATS

if TYPE_CHECKING:
    from .backends import GraphBackend


__all__ = ["main", "parser", "COMMANDS", "COMMAND_HELP", "CommandHelp"]


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

    if args.paths:
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
    from .errors import ParameterError

    out: dict[str, str] = {}
    for pair in pairs or []:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise ParameterError(f"--param takes KEY=VALUE, got {pair!r}")
        out[key.strip()] = value
    return out


def cmd_query(args: argparse.Namespace) -> int:
    from .query import GraphResult, run_query

    options: dict[str, object] = {}
    if args.endpoint is not None:
        options = {"default_graph": args.graph, "timeout": args.timeout, "user": args.user,
                   "password": args.password}
    result = run_query(args.name, _params(args.param), endpoint=args.endpoint,
                       store=None if args.endpoint else args.store, **options)
    fmt = args.format
    if isinstance(result, GraphResult) and fmt in ("ttl", "jsonld", "nt"):
        sys.stdout.write(result.serialize(fmt))
        return 0
    if fmt in ("ttl", "jsonld", "nt"):
        from .errors import QueryError

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

    path = export(_local_graph(args), args.format, args.out)
    print(f"wrote {path}")
    return 0


def cmd_push(args: argparse.Namespace) -> int:
    from .remote import push

    graph = _local_graph(args)
    status = push(graph, args.endpoint, graph_iri=None if args.graph == "default" else args.graph,
                  user=args.user, password=args.password, auth=args.auth, timeout=args.timeout)
    target = "the default graph" if args.graph == "default" else f"graph <{args.graph}>"
    print(f"pushed {len(graph)} triples to {target} (HTTP {status})")
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from .serve import serve

    serve(_local_graph(args), args.port)
    return 0


def cmd_analyze(args: argparse.Namespace) -> int:
    from .analysis import analyze

    result = analyze(_local_graph(args), args.out, include_closed=not args.ongoing_only, seed=args.seed,
                     progress=_progress)
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
}


class _VersionAction(argparse.Action):
    """``--version``: looks the version up only when asked (importing package metadata is slow)."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        from . import __version__

        print(f"pesco-graph {__version__}")
        parser.exit()


def parser() -> argparse.ArgumentParser:
    """The argument parser of ``pesco-graph``."""
    p = argparse.ArgumentParser(
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
    p.add_argument("--version", action=_VersionAction, nargs=0, help="show the version and exit")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", required=True, parser_class=_CommandParser)

    b = sub.add_parser("build", help="load, derive, validate and write the graph, print a summary")
    b.add_argument("--out", default="dist", metavar="DIR", help="output folder (default: dist)")
    b.add_argument(
        "--format", action="append", choices=RDF_FORMATS,
        help="RDF format to write (repeatable; default: all of " + ", ".join(RDF_FORMATS) + ")",
    )
    b.add_argument("--warnings", action="store_true", help="also list the warnings (gaps)")
    b.add_argument("--engine", choices=ENGINES, default=DEFAULT_ENGINE,
                   help="SHACL engine: shapes compiled to SPARQL on Oxigraph (default) or pySHACL")
    _store_option(b)

    v = sub.add_parser("validate", help="SHACL-validate the graph or the given files")
    v.add_argument("paths", nargs="*", metavar="PATH", help="Turtle or CSV files (default: the whole graph)")
    v.add_argument("--format", choices=["text", "json"], default="text",
                   help="text (default) or json: one object per result, for tools")
    v.add_argument(
        "--with-data", action="store_true", help="validate the files together with the packaged data"
    )
    v.add_argument("--no-warnings", action="store_true", help="list violations only")
    v.add_argument("--engine", choices=ENGINES, default=DEFAULT_ENGINE,
                   help="SHACL engine: shapes compiled to SPARQL on Oxigraph (default) or pySHACL")

    sub.add_parser("queries", help="list the named queries with their descriptions and parameters")

    q = sub.add_parser("query", help="run a named query locally or on a SPARQL 1.1 endpoint")
    q.add_argument("name", help="name of the query (see: pesco-graph queries)")
    q.add_argument("--param", action="append", metavar="K=V",
                   help="a parameter, e.g. state=FR (repeatable; `pesco-graph queries` lists each query's)")
    q.add_argument("--format", choices=["table", "csv", "json", *RDF_FORMATS], default="table",
                   help="output: table, csv, json (any query); ttl, nt or jsonld (CONSTRUCT queries)")
    q.add_argument("--endpoint", metavar="URL", help="run on this SPARQL endpoint instead of locally")
    q.add_argument("--graph", metavar="IRI", help="default graph on the endpoint (default-graph-uri)")
    _store_option(q)
    _remote_options(q, timeout=30.0)

    e = sub.add_parser("export", help="write the graph in one format")
    e.add_argument("--format", required=True, choices=EXPORT_FORMATS,
                   help="RDF (ttl, nt, jsonld), the state-project network (graphml, gexf) or "
                        "every dated participation (csv)")
    _store_option(e)
    e.add_argument("--out", metavar="PATH", help="output file (default: dist/pesco.<ext>)")

    u = sub.add_parser("push", help="upload the graph to a SPARQL 1.1 Graph Store (replacing the graph)")
    u.add_argument("--endpoint", required=True, metavar="URL",
                   help="Graph Store URL, e.g. http://127.0.0.1:7878/store")
    u.add_argument("--graph", default="https://w3id.org/pesco-kg/graph", metavar="IRI",
                   help="named graph to replace (default: %(default)s; 'default' for the default graph)")
    u.add_argument("--auth", choices=["auto", "basic", "digest"], default="auto",
                   help="HTTP authentication: basic, digest or auto (default: what the server asks for)")
    _remote_options(u, timeout=120.0)

    r = sub.add_parser("serve", help="a read-only SPARQL endpoint on 127.0.0.1 with the graph loaded")
    r.add_argument("--port", type=int, default=7878, help="port (default: %(default)s)")

    c = sub.add_parser("coverage", help="what the data holds and lacks, project by project",
                       description="Projects per wave, sourced coordinators, member-list completeness, "
                                   "domains, unsourced participations, sources per web site, the "
                                   "project counts official pages reported against the register, and "
                                   "each project's gaps with what was tried.")
    c.add_argument("--figure", metavar="PNG", default=None,
                   help="also draw the coverage per wave and the reported counts to this PNG file")

    a = sub.add_parser("analyze", help="network analysis: report, figures, metric tables, GraphML/GEXF",
                       description="Who cooperates with whom, who leads, and how that changed wave after "
                                   "wave: writes report.md, figures/*.png, tables/*.csv and "
                                   "networks/*.graphml|gexf.")
    a.add_argument("--out", default="analysis", metavar="DIR", help="output folder (default: %(default)s)")
    a.add_argument("--ongoing-only", action="store_true",
                   help="leave out projects that are no longer ongoing (default: keep them)")
    a.add_argument("--seed", type=int, default=42,
                   help="seed of the community detection and the layout (default: %(default)s)")
    return p


def _store_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--store", choices=LOCAL_BACKENDS, default=DEFAULT_BACKEND,
                   help="the backend that holds the graph: oxigraph (default, fastest) or rdflib; "
                        "both give the same results and the same bytes")


def _remote_options(p: argparse.ArgumentParser, timeout: float) -> None:
    p.add_argument("--user", help="user name (or PESCO_ENDPOINT_USER)")
    p.add_argument("--password", help="password (or PESCO_ENDPOINT_PASSWORD); never printed")
    p.add_argument("--timeout", type=float, default=timeout, metavar="S",
                   help="seconds to wait for the server's answer (default: %(default)s)")


# What each command's --help says beyond its usage: a description (what it does, what it
# reads and writes) and examples. Kept apart from the option definitions so that adding an
# option and rewording a help text do not touch the same lines.
class CommandHelp(NamedTuple):
    """The text of a command's ``--help`` around its options."""

    summary: str  # one line
    details: str  # a paragraph, wrapped when shown
    examples: tuple[str, ...]


COMMAND_HELP: dict[str, CommandHelp] = {
    "build": CommandHelp(
        "Build the graph: load, derive, validate and write it in every RDF format.",
        "Load the ontology and the data, derive the shortcut facts, validate the graph against its "
        "SHACL shapes and write it as Turtle, N-Triples and JSON-LD (OUT/pesco.ttl, pesco.nt, "
        "pesco.jsonld), then print a summary. When the graph violates its shapes nothing is "
        "written: the violations are listed and the exit code is 1. Warnings (the known gaps in "
        "the data) are counted; --warnings lists them.",
        ("pesco-graph build                      # dist/pesco.ttl, dist/pesco.nt, dist/pesco.jsonld",
         "pesco-graph build --out public --format ttl",
         "pesco-graph build --warnings           # also list the warnings"),
    ),
    "validate": CommandHelp(
        "Validate the graph, or the given files, against the SHACL shapes.",
        "Check the graph, or the given Turtle or CSV files, against the SHACL shapes and list "
        "the violations and warnings, each naming the node, the property and the rule. Exit 1 "
        "when there is a violation.",
        ("pesco-graph validate",
         "pesco-graph validate --no-warnings --format json",
         "pesco-graph validate --with-data new-projects.csv"),
    ),
    "queries": CommandHelp(
        "List the named queries with their parameters and columns.",
        "List the named queries (queries/*.rq): name, form, description, parameters, result "
        "columns and an example call.",
        ("pesco-graph queries",),
    ),
    "query": CommandHelp(
        "Run a named query locally or on a SPARQL 1.1 endpoint and print its results.",
        "Run a named query on the packaged graph, or on a SPARQL 1.1 endpoint with --endpoint, "
        "and print its rows. Parameters are checked (a state is an ISO code, a date YYYY-MM-DD) "
        "and must name something in the graph; they are bound as RDF terms, never pasted into "
        "the query. CONSTRUCT queries print a table (or CSV, JSON) of subject, predicate and "
        "object, or RDF with --format ttl, nt or jsonld.",
        ("pesco-graph query projects",
         "pesco-graph query state-portfolio --param state=FR --format csv",
         "pesco-graph query membership-as-of --param project=military-mobility --param date=2022-01-01",
         "pesco-graph query project-neighbourhood --param project=military-mobility --format ttl",
         "pesco-graph query third-states --endpoint http://127.0.0.1:7878/query "
         "--graph https://w3id.org/pesco-kg/graph"),
    ),
    "export": CommandHelp(
        "Write the graph in one format: RDF, a network or a CSV table of participations.",
        "Formats: ttl, nt and jsonld (RDF, the same bytes as build writes); graphml and gexf (the "
        "state-project network, for Gephi or NetworkX); csv (every dated participation: the "
        "project and the state with their names, the role, since, until, the basis of the start "
        "date and the URLs of its sources, space-separated, so a spreadsheet can cite them).",
        ("pesco-graph export --format csv --out participations.csv",
         "pesco-graph export --format gexf        # dist/pesco.gexf"),
    ),
    "push": CommandHelp(
        "Upload the graph to a SPARQL 1.1 Graph Store, replacing the graph there.",
        "Replace a named graph (or the default graph) on a SPARQL 1.1 Graph Store with this "
        "graph, over HTTP PUT. Credentials come from --user/--password or the environment "
        "variables PESCO_ENDPOINT_USER and PESCO_ENDPOINT_PASSWORD and are never printed.",
        ("pesco-graph push --endpoint http://127.0.0.1:7878/store",
         "pesco-graph push --endpoint http://127.0.0.1:8890/sparql-graph-crud-auth --user dba "
         "--auth digest --graph https://w3id.org/pesco-kg/graph"),
    ),
    "serve": CommandHelp(
        "Serve linked-data pages, a query page and a read-only SPARQL endpoint over HTTP.",
        "Serve the graph at http://HOST:PORT (default http://127.0.0.1:7878) until Ctrl-C:\n"
        "  /                 a PESCO query page: a SPARQL editor with the named queries to start from\n"
        "  /query            a read-only SPARQL 1.1 endpoint (GET or POST); a query is stopped\n"
        "                    after --query-timeout seconds or beyond --memory-limit megabytes\n"
        "  /project/{slug}   a project's page, as HTML, Turtle or JSON-LD by content negotiation\n"
        "  /state/{code}     a state's page (ISO 3166-1 alpha-2 code), likewise\n"
        "  /ontology         the ontology: its documentation, or its Turtle\n"
        "Use --host 0.0.0.0 only behind a firewall or proxy: the server answers anyone who reaches it.",
        ("pesco-graph serve                      # http://127.0.0.1:7878/",
         "pesco-graph serve --port 8080",
         "curl -H 'Accept: text/turtle' http://127.0.0.1:7878/project/military-mobility",
         "curl --data-urlencode 'query=SELECT * WHERE { ?s ?p ?o } LIMIT 5' "
         "http://127.0.0.1:7878/query"),
    ),
    "coverage": CommandHelp(
        "Report what the data holds and lacks, project by project.",
        "What the data holds and lacks: projects per wave, sourced coordinators, member-list "
        "completeness, domains, unsourced participations, sources per web site, the project "
        "counts official pages reported against the register, and each project's gaps with "
        "what was tried.",
        ("pesco-graph coverage",
         "pesco-graph coverage --figure coverage.png"),
    ),
    "analyze": CommandHelp(
        "Analyse the cooperation network over time: report, figures, tables, networks.",
        "Who cooperates with whom, who leads, and how that changed wave after wave: writes "
        "OUT/report.md, OUT/figures/*.png, OUT/tables/*.csv and OUT/networks/*.graphml|gexf.",
        ("pesco-graph analyze                    # into ./analysis",
         "pesco-graph analyze --out /tmp/analysis --ongoing-only"),
    ),
    "site": CommandHelp(
        "Write the static linked-data site: a page and data files for every IRI.",
        "Write the static linked-data site to DIR: a page (HTML) and Turtle, JSON-LD and "
        "N-Triples files for every resource IRI (project/{slug}, state/{code}, ...), the "
        "ontology's documentation, context.jsonld, the dumps and the content-negotiation rules "
        "(.htaccess); any static web server can serve it.",
        ("pesco-graph site --out site",),
    ),
}


def _fill(details: str) -> str:
    """Wrap each line of ``details`` to 88 columns, but keep indented lines (tables) as written."""
    return "\n".join(line if line.startswith("  ") else textwrap.fill(line, width=88)
                     for line in details.split("\n"))


class _CommandParser(argparse.ArgumentParser):
    """A command's parser: its description and examples come from :data:`COMMAND_HELP`."""

    def __init__(self, **kwargs: Any) -> None:
        text = COMMAND_HELP.get(str(kwargs.get("prog", "")).rsplit(" ", 1)[-1])
        if text is not None:  # a command without an entry keeps what it was given
            kwargs["description"] = text.summary + "\n\n" + _fill(text.details)
            kwargs["epilog"] = "examples:\n" + "\n".join(f"  {e}" for e in text.examples)
            kwargs["formatter_class"] = argparse.RawDescriptionHelpFormatter
        super().__init__(**kwargs)


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
    except BrokenPipeError:  # output piped into a command that stopped reading (e.g. head)
        sys.stderr.close()
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
