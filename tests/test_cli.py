"""The command line as a newcomer meets it: every command starts, explains itself with an
example, and answers bad input with one line that says what to do; each test runs the real
``pesco-graph`` in a separate process."""

from __future__ import annotations

import argparse
import csv
import io
import shlex
from pathlib import Path

import pytest

from pesco_graph import __version__
from pesco_graph.cli import COMMANDS, parser
from pesco_graph.cli_help import COMMAND_HELP

ROOT = Path(__file__).resolve().parents[1]


def _subparsers() -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def _one_line_error(result) -> str:
    """The error of a refused command: exit 2, nothing on stdout, one line on stderr."""
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_help(cli):
    result = cli("--help")
    assert result.returncode == 0
    for command in COMMANDS:
        assert command in result.stdout
    assert "pesco-graph COMMAND --help" in result.stdout  # where to go next


def test_version(cli):
    result = cli("--version")
    assert result.returncode == 0 and __version__ in result.stdout


# --- 1. every command's --help: a one-line description, help for every option, examples ---

@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_each_command_help_has_description_options_and_examples(cli, command):
    result = cli(command, "--help")
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert text.startswith(f"usage: pesco-graph {command}")
    # the first paragraph after the usage is the one-line description
    paragraphs = text.split("\n\n")
    usage_end = next(i for i, para in enumerate(paragraphs) if para.startswith("usage:"))
    summary = paragraphs[usage_end + 1]
    assert "\n" not in summary and summary.endswith(".") and len(summary) <= 88, summary
    assert summary == COMMAND_HELP[command].summary
    # at least one example, and every `pesco-graph ...` example is a valid command line
    examples = text.split("\nexamples:\n", 1)[1].splitlines()
    runnable = [e.split("#")[0].strip() for e in examples if e.strip().startswith("pesco-graph ")]
    assert runnable, text
    for example in runnable:
        args = parser().parse_args(shlex.split(example)[1:])
        assert args.command == command, example


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_option_has_help(command):
    sub = _subparsers()[command]
    for action in sub._actions:
        if isinstance(action, argparse._HelpAction):
            continue
        assert action.help and action.help.strip(), f"{command} {action.option_strings or action.dest}"


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_the_parser_built_for_one_command_answers_as_the_whole_one(command):
    """main builds only the named command's parser (start-up time): same help, same answers."""
    action = next(a for a in parser(command)._actions if isinstance(a, argparse._SubParsersAction))
    assert list(action.choices) == [command]
    assert action.choices[command].format_help() == _subparsers()[command].format_help()
    for example in COMMAND_HELP[command].examples:
        if example.startswith("pesco-graph "):
            argv = shlex.split(example.split("#")[0])[1:]
            assert parser(command).parse_args(argv) == parser().parse_args(argv), example


def test_every_command_has_help_text():
    assert set(_subparsers()) <= set(COMMAND_HELP), "a command without a description and examples"


def test_serve_help_says_what_it_serves_and_where(cli):
    text = cli("serve", "--help").stdout
    assert "http://127.0.0.1:7878" in text
    for path in ("/query", "/project/{slug}", "/state/{code}", "/ontology", "content negotiation"):
        assert path in text, path
    assert "read-only SPARQL" in text


def test_option_help_that_was_missing(cli):
    assert "json: one object per result" in cli("validate", "--help").stdout
    assert "HTTP authentication" in cli("push", "--help").stdout
    assert "participation" in cli("export", "--help").stdout


# --- 2. build: the promised formats by default, and how to list the warnings ---

def test_build_writes_every_format_and_says_how_to_list_warnings(cli, tmp_path):
    result = cli("build", "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    for name in ("pesco.ttl", "pesco.nt", "pesco.jsonld"):
        path = tmp_path / "out" / name
        assert path.stat().st_size > 100_000, name
        assert f"wrote           {tmp_path / 'out' / name}" in result.stdout
    assert "list them with `pesco-graph build --warnings`" in result.stdout


def test_build_warnings_lists_them(cli, tmp_path):
    result = cli("build", "--out", str(tmp_path), "--format", "ttl", "--warnings")
    assert result.returncode == 0, result.stderr
    assert "list them with" not in result.stdout
    count = int(result.stdout.split(" warning(s)")[0].rsplit(" ", 1)[1])
    assert count > 0 and result.stdout.count("\n[Warning] ") == count
    assert not (tmp_path / "pesco.nt").exists()  # --format narrows what is written


def test_readme_says_what_build_writes():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "`dist/pesco.ttl`, `dist/pesco.nt` and `dist/pesco.jsonld`" in readme


# --- 3. CONSTRUCT results as a table of subject, predicate and object ---

def test_construct_as_csv_and_table(cli):
    args = ("query", "project-neighbourhood", "--param", "project=military-mobility")
    nt = cli(*args, "--format", "nt")
    as_csv = cli(*args, "--format", "csv")
    table = cli(*args, "--format", "table")
    assert nt.returncode == as_csv.returncode == table.returncode == 0
    rows = list(csv.reader(io.StringIO(as_csv.stdout)))
    assert rows[0] == ["subject", "predicate", "object"]
    triples = [line for line in nt.stdout.splitlines() if line.strip()]
    assert len(rows) - 1 == len(triples) > 50
    # each row is one triple, in N-Triples terms
    assert all(s.startswith("<") and p.startswith("<") for s, p, _ in rows[1:])
    assert ["<https://w3id.org/pesco-kg/project/military-mobility>",
            "<http://www.w3.org/2000/01/rdf-schema#label>", '"Military Mobility"@en'] in rows
    lines = table.stdout.splitlines()
    assert lines[0].split() == ["subject", "predicate", "object"]
    assert lines[-1] == f"({len(triples)} rows)"
    assert "@prefix" not in table.stdout and "@prefix" not in as_csv.stdout


def test_a_printing_command_ends_with_its_whole_output_and_its_exit_code():
    """``query`` ends the process without tearing the interpreter down: nothing may be lost."""
    import subprocess
    import sys

    from pesco_graph.query import run_query

    done = subprocess.run([sys.executable, "-m", "pesco_graph", "query", "participations", "--format", "csv"],
                          capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr
    expected = run_query("participations").to_csv().encode()
    assert len(expected) > 65536 and done.stdout == expected  # more than a pipe's buffer
    refused = subprocess.run([sys.executable, "-m", "pesco_graph", "query", "projects", "--format", "ttl"],
                             capture_output=True, timeout=300)
    assert refused.returncode == 2 and refused.stdout == b""
    assert refused.stderr.decode().startswith("pesco-graph query: error: ttl output is for CONSTRUCT")


def test_select_in_an_rdf_format_is_refused(cli):
    line = _one_line_error(cli("query", "projects", "--format", "ttl"))
    assert "CONSTRUCT" in line and "'projects'" in line


def test_queries_lists_construct_columns(cli):
    text = cli("queries").stdout
    block = text.split("project-neighbourhood  (CONSTRUCT)", 1)[1].split("\n\n")[0]
    assert "columns: subject predicate object" in block


# --- 4. a parameter naming nothing in the graph ---

@pytest.mark.parametrize("args, expected", [
    (("membership-as-of", "--param", "project=nosuch", "--param", "date=2022-01-01"),
     "no project 'nosuch'; `pesco-graph query projects` lists them"),
    (("state-portfolio", "--param", "state=XX"), "no state 'XX'; `pesco-graph query states` lists them"),
    (("state-portfolio", "--param", "state=jp"), "no state 'JP'; `pesco-graph query states` lists them"),
    (("projects-in-domain", "--param", "domain=navy"),
     "no capability domain 'navy'; `pesco-graph query capability-domains` lists them"),
])
def test_unknown_project_state_or_domain(cli, args, expected):
    line = _one_line_error(cli("query", *args))
    assert expected in line
    assert line.startswith("pesco-graph query: error: ")


def test_known_values_still_answer(cli):
    result = cli("query", "state-portfolio", "--param", "state=nl", "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert "military-mobility,Military Mobility,coordinator," in result.stdout


def test_the_listing_queries_list_the_refused_kinds(cli):
    assert "\nmilitary-mobility," in cli("query", "projects", "--format", "csv").stdout
    assert "\nNL,Netherlands," in cli("query", "states", "--format", "csv").stdout
    assert "\nmaritime," in cli("query", "capability-domains", "--format", "csv").stdout


@pytest.fixture(scope="module")
def oxigraph_endpoint(graph):
    from pesco_graph.remote import push

    from .servers import start_oxigraph

    server = start_oxigraph()
    push(graph, server.store_url)
    yield server
    server.stop()


def test_unknown_project_on_an_endpoint(cli, oxigraph_endpoint):
    from pesco_graph.remote import DEFAULT_GRAPH

    remote = ("--endpoint", oxigraph_endpoint.query_url, "--graph", DEFAULT_GRAPH)
    line = _one_line_error(cli("query", "membership-changes", "--param", "project=nosuch", *remote))
    assert "no project 'nosuch'; `pesco-graph query projects` lists them" in line
    ok = cli("query", "membership-changes", "--param", "project=twister", "--format", "csv", *remote)
    assert ok.returncode == 0 and ok.stdout.count("\ntwister,") >= 5, ok.stderr


# --- 5. the CSV export can be read and cited on its own ---

def test_csv_export_has_names_and_sources(cli, tmp_path):
    out = tmp_path / "participations.csv"
    result = cli("export", "--format", "csv", "--out", str(out))
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8", newline="")))
    assert list(rows[0]) == ["project", "projectName", "state", "stateName", "role", "since", "until",
                             "basis", "attestedOn", "sources"]
    # a row dated only by the first page that shows it has no start date, but that attestation
    exported = {(r["project"], r["state"], r["role"], r["since"] or r["attestedOn"]): r for r in rows}
    assert all(bool(r["since"]) != bool(r["attestedOn"]) for r in rows)
    assert {r["basis"] for r in rows if r["attestedOn"]} == {"attested"}
    # every participation of data/participations.csv, with its sources' URLs from data/sources.csv
    urls = {r["id"]: r["url"] for r in csv.DictReader((ROOT / "data" / "sources.csv").open(encoding="utf-8"))}
    given = list(csv.DictReader((ROOT / "data" / "participations.csv").open(encoding="utf-8")))
    assert len(given) == len(rows)
    for row in given:
        got = exported[(row["project"], row["state"], row["role"], row["since"])]
        assert got["sources"].split(" ") == sorted({urls[i] for i in row["sources"].split(";") if i})
        assert got["until"] == row["until"]
    mm = exported[("military-mobility", "NL", "coordinator", "2018-03-06")]
    assert (mm["projectName"], mm["stateName"]) == ("Military Mobility", "Netherlands")
    assert all(u.startswith(("http://", "https://")) for r in rows for u in r["sources"].split(" "))


def test_csv_export_same_bytes_on_both_backends(cli, tmp_path):
    outs = []
    for store in ("oxigraph", "rdflib"):
        out = tmp_path / f"{store}.csv"
        assert cli("export", "--format", "csv", "--out", str(out), "--store", store).returncode == 0
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]


# --- 6. messages name the file the user edits ---

def test_messages_name_the_edited_file_not_a_symlink(cli, tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "pkg").mkdir()
    edited = tmp_path / "data" / "states.csv"
    edited.write_text("code,name\nXX,Nowhere\n", encoding="utf-8")
    (tmp_path / "pkg" / "states.csv").symlink_to("../data/states.csv")
    line = _one_line_error(cli("validate", "pkg/states.csv", cwd=tmp_path))
    assert "data/states.csv" in line and "pkg/" not in line


# --- 6. long tests show progress; skips say why where they happen ---

PROBE = '''
import time

import pytest

from tests.servers import _missing


@pytest.mark.slow("sleeps for a moment")
def test_long():
    time.sleep(0.1)


def test_unlisted_but_long():
    time.sleep(0.3)


def test_needs_virtuoso():
    _missing("Virtuoso (Debian package virtuoso-opensource)")


def test_needs_virtuoso_too():
    _missing("Virtuoso (Debian package virtuoso-opensource)")
'''


def _run_probe(tmp_path, *options, env=None):
    import os
    import subprocess
    import sys

    (tmp_path / "test_probe.py").write_text(PROBE, encoding="utf-8")
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    full_env = {k: v for k, v in os.environ.items() if k != "PESCO_REQUIRE_SERVERS"} | (env or {})
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "tests.progress", "-p", "no:cacheprovider", "-c",
         str(tmp_path / "pytest.ini"), "--rootdir", str(tmp_path), *options, str(tmp_path / "test_probe.py")],
        cwd=ROOT, env=full_env, capture_output=True, text=True, timeout=120,
    )


def test_slow_tests_announce_start_and_duration(tmp_path):
    result = _run_probe(tmp_path, "-q")
    out = result.stdout
    start = out.index("slow test, please wait: test_probe.py::test_long: sleeps for a moment")
    assert out.index("slow test passed: test_probe.py::test_long in 0 s") > start
    assert "test_unlisted_but_long" not in out  # under 20 s: no line of its own


def test_an_unlisted_long_test_is_reported_when_it_ends(tmp_path):
    out = _run_probe(tmp_path, "-q", env={"PESCO_LONG_TEST_SECONDS": "0.25"}).stdout
    assert "long test passed: test_probe.py::test_unlisted_but_long in 0 s (worth listing" in out
    assert "long test passed: test_probe.py::test_long " not in out  # announced already


def test_skip_reason_printed_where_it_happens_once(tmp_path):
    result = _run_probe(tmp_path, "-q", "-rs")
    out = result.stdout
    reason = ("Virtuoso (Debian package virtuoso-opensource) is not installed, "
              "so the tests against it are skipped")
    inline = out.split("short test summary")[0]
    assert inline.count(reason) == 1 and "skipping test_probe.py::test_needs_virtuoso " in inline
    summary = out.split("short test summary")[1]
    assert "SKIPPED [2] tests/servers.py" in summary and reason in summary  # -rs counts them
    assert "2 skipped" in out
    strict = _run_probe(tmp_path, "-q", env={"PESCO_REQUIRE_SERVERS": "1"})
    assert strict.returncode == 1 and "2 failed" in strict.stdout


def test_known_slow_tests_exist():
    from .progress import SLOW_TESTS

    for key in SLOW_TESTS:
        file, name = key.split("::")
        assert f"def {name}(" in (ROOT / "tests" / file).read_text(encoding="utf-8"), key
