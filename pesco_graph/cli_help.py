"""What each command's ``--help`` says around its options: a one-line summary, a paragraph
and examples, kept apart from the option definitions in :mod:`pesco_graph.cli` so that adding
an option and rewording a command's help do not touch the same lines.

A command's parser is a :class:`CommandParser`, which takes its description and examples from
:data:`COMMAND_HELP`; a test checks that every command has an entry and that every example
parses.
"""

from __future__ import annotations

import argparse
from typing import Any, NamedTuple

__all__ = ["CommandHelp", "COMMAND_HELP", "CommandParser"]


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
    import textwrap  # only when a help is shown

    return "\n".join(line if line.startswith("  ") else textwrap.fill(line, width=88)
                     for line in details.split("\n"))


class CommandParser(argparse.ArgumentParser):
    """A command's parser: its description and examples come from :data:`COMMAND_HELP`; the
    paragraph is wrapped when the help is shown, not each time the parser is made."""

    def __init__(self, **kwargs: Any) -> None:
        self.help_text = COMMAND_HELP.get(str(kwargs.get("prog", "")).rsplit(" ", 1)[-1])
        if self.help_text is not None:  # a command without an entry keeps what it was given
            kwargs["description"] = self.help_text.summary
            kwargs["epilog"] = "examples:\n" + "\n".join(f"  {e}" for e in self.help_text.examples)
            kwargs["formatter_class"] = argparse.RawDescriptionHelpFormatter
        super().__init__(**kwargs)

    def format_help(self) -> str:
        if self.help_text is not None:
            self.description = self.help_text.summary + "\n\n" + _fill(self.help_text.details)
        return super().format_help()
