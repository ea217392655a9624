"""The parser of the ``pesco-graph`` command line: each command's options in a function of its
own, so that :func:`parser` can build the one command a command line names (the others would
only cost start-up time). What each command's ``--help`` says around its options is in
:mod:`pesco_graph.cli_help`."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from .cli_options import CommandParser, OneLineParser, VersionAction, remote_options, store_option
from .names import DEFAULT_ENGINE, ENGINES, EXPORT_FORMATS, RDF_FORMATS

if TYPE_CHECKING:
    Subparsers = argparse._SubParsersAction[CommandParser]

__all__ = ["COMMAND_PARSERS", "parser"]


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
