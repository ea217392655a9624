"""Every bad input is a clear error: exit 2, one line per problem naming the file, the line
and the column, all the problems of a run at once, no traceback, no long value echoed.

Tables are edited copies of the packaged ones, validated on their own (the packaged data
resolves their references and the copy takes the packaged table's place).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest

from pesco_graph.cli import main
from pesco_graph.errors import MAX_REPORTED, InputError, InputErrors
from pesco_graph.load import load_files
from pesco_graph.resources import data_files
from pesco_graph.tabular import MAX_CELL, TABLES, map_tables


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, list[str]]:
    """``pesco-graph ARGS`` in this process: exit code, stdout and the lines of stderr."""
    try:
        code = main(list(args))
    except SystemExit as exc:  # argparse
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err.strip().splitlines()


def packaged(name: str) -> str:
    [path] = [f for f in data_files() if Path(str(f)).name == name]
    return path.read_text(encoding="utf-8")


def rows(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(packaged(name))))


def table_text(name: str, records: list[dict[str, str]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=TABLES[name], lineterminator="\n")
    writer.writeheader()
    writer.writerows(records)
    return out.getvalue()


def edited(tmp_path: Path, name: str, records: list[dict[str, str]] | str) -> Path:
    path = tmp_path / name
    path.write_text(records if isinstance(records, str) else table_text(name, records), encoding="utf-8")
    return path


def assert_lines(lines: list[str], count: int, *located: tuple[Path, int, str]) -> None:
    """``count`` error lines; each ``(file, line, text)`` in ``located`` is one of them, with the
    file:line: prefix and ``text`` after it."""
    assert len(lines) == count, lines
    for path, line, text in located:
        prefix = f"error: {path}:{line}: "
        assert any(prefix in shown and text in shown.split(prefix, 1)[1] for shown in lines), (
            prefix, text, lines)
    assert all(len(shown) < 400 for shown in lines)


# --- cells ------------------------------------------------------------------------------

def _with(name: str, index: int, **cells: str) -> list[dict[str, str]]:
    records = rows(name)
    records[index] = {**records[index], **cells}
    return records


@pytest.mark.parametrize("name,index,cells,column,text", [
    ("sources.csv", 0, {"url": 'https://example.org/a"b'}, "url", "is not a valid IRI"),
    ("sources.csv", 3, {"url": "https://example.org/<a>"}, "url", "is not a valid IRI"),
    ("sources.csv", 1, {"url": "not a url"}, "url", "is not an http(s) URL"),
    ("projects.csv", 2, {"pesco_url": "not a url"}, "pesco_url", "is not a valid IRI"),
    ("legal_acts.csv", 1, {"iri": "http://data.europa.eu/eli/dec 2017/2315"}, "iri", "is not a valid IRI"),
    ("commitment_areas.csv", 0, {"label": ""}, "label", "a value is required"),
    ("states.csv", 4, {"alpha3": "xx"}, "alpha3", "is not an ISO 3166-1 alpha-3 code"),
    ("waves.csv", 1, {"date": "2018-02-30"}, "date", "is not a valid date"),
    ("participations.csv", 5, {"role": "obsrver"}, "role", "is not one of"),
    ("state_reports.csv", 0, {"projects": "ten"}, "projects", "is not a number"),
    ("project_counts.csv", 0, {"date": "banana"}, "date", "is not a date"),
    ("commitments.csv", 0, {"confirmed": "yes"}, "confirmed", "is not one of true, false"),
])
def test_bad_cell_is_one_line(tmp_path, capsys, name, index, cells, column, text):
    path = edited(tmp_path, name, _with(name, index, **cells))
    code, _, lines = run(capsys, "validate", str(path))
    assert code == 2
    assert_lines(lines, 1, (path, index + 2, f"column {column!r}: "))
    assert text in lines[0]


def test_area_code_that_cannot_be_an_iri(tmp_path, capsys):
    path = edited(tmp_path, "commitment_areas.csv", packaged("commitment_areas.csv") + "x y,L,S,s0001\n")
    code, _, lines = run(capsys, "validate", str(path))
    assert code == 2
    assert_lines(lines, 1, (path, packaged("commitment_areas.csv").count("\n") + 1,
                            "column 'area': 'x y' is not an area code"))


def test_a_bad_source_is_reported_once_not_by_every_row_that_cites_it(tmp_path, capsys):
    records = rows("sources.csv")
    cited = next(r for r in records if r["id"] == "s0001")
    cited["url"] = "https://example.org/a b"
    path = edited(tmp_path, "sources.csv", records)
    code, _, lines = run(capsys, "validate", str(path))
    assert code == 2
    assert_lines(lines, 1, (path, records.index(cited) + 2, "column 'url'"))


@pytest.mark.parametrize("name", ["commitments.csv", "commitment_areas.csv", "waves.csv", "sources.csv",
                                  "states.csv", "projects.csv", "legal_acts.csv", "participations.csv",
                                  "project_counts.csv", "state_reports.csv"])
def test_duplicate_key_with_other_values_is_refused(tmp_path, capsys, name):
    records = rows(name)
    twin = dict(records[0])
    for column in ("summary", "title", "name", "note", "label", "ongoing"):
        if column in twin:
            twin[column] = "something else"
            break
    records.append(twin)
    path = edited(tmp_path, name, records)
    code, _, lines = run(capsys, "validate", str(path))
    assert code == 2
    assert_lines(lines, 1, (path, len(records) + 1, "duplicate"))
    assert "(first given on line 2)" in lines[0]


def test_the_same_commitment_number_written_twice_differently(tmp_path):
    text = packaged("commitments.csv") + "01,a,Another summary.,false,\n"
    with pytest.raises(InputError, match="duplicate commitment '1'"):
        map_tables({"commitment_areas.csv": ("a.csv", packaged("commitment_areas.csv")),
                    "sources.csv": ("s.csv", packaged("sources.csv")),
                    "commitments.csv": ("c.csv", text)})


@pytest.mark.parametrize("name", list(TABLES))
def test_cell_over_the_csv_limit_is_one_line(tmp_path, capsys, name):
    column = TABLES[name][-1]
    path = edited(tmp_path, name, _with(name, 0, **{column: "x" * (MAX_CELL + 10)}))
    code, _, lines = run(capsys, "validate", str(path))
    assert code == 2
    assert_lines(lines, 1, (path, 2, f"more than {MAX_CELL} characters"))


def test_unbalanced_quote_is_reported_on_its_own_line(tmp_path, capsys):
    lines_of = packaged("states.csv").splitlines(keepends=True)
    lines_of[1] = lines_of[1].replace(",", ',"', 2).replace(',"', ",", 1)  # one quote opened in cell 3
    path = edited(tmp_path, "states.csv", "".join(lines_of))
    code, _, lines = run(capsys, "validate", str(path))
    assert code == 2
    column = lines_of[1].index('"') + 1
    assert_lines(lines, 1, (path, 2, f"column {column}: a quoted cell is not closed on its line"))


def test_text_after_a_closing_quote(tmp_path, capsys):
    text = packaged("waves.csv").splitlines(keepends=True)
    text[2] = '"2"x' + text[2][1:]
    path = edited(tmp_path, "waves.csv", "".join(text))
    code, _, lines = run(capsys, "validate", str(path))
    assert code == 2
    assert_lines(lines, 1, (path, 3, "column 4: text after the closing quote"))


def test_latin1_byte_gets_line_and_column(tmp_path, capsys):
    text = packaged("sources.csv").splitlines(keepends=True)
    text[2] = text[2].replace(",", ",Caf\u00e9 ", 2).replace(",Caf\u00e9 ", ",", 1)
    path = tmp_path / "sources.csv"
    path.write_bytes("".join(text).encode("latin-1", errors="replace"))
    code, _, lines = run(capsys, "validate", str(path))
    assert code == 2
    column = text[2].index("\u00e9") + 1
    assert_lines(lines, 1, (path, 3, f"column {column}: byte 0xe9 is not UTF-8 (save the file as UTF-8)"))


@pytest.mark.parametrize("name", ["waves.csv", "valid.ttl"])
def test_byte_order_mark_is_accepted(tmp_path, name):
    from .conftest import FIXTURES

    data = (FIXTURES / name).read_bytes() if name.endswith(".ttl") else packaged(name).encode()
    path = tmp_path / name
    path.write_bytes(b"\xef\xbb\xbf" + data)
    assert len(load_files([path], defaults=data_files() if name.endswith(".csv") else ())) > 0
    text = "\ufeff" + packaged("sources.csv")
    assert len(map_tables({"sources.csv": ("s.csv", text)})) > 0


def test_all_problems_reported_together(tmp_path, capsys):
    records = rows("participations.csv")
    records[0]["role"] = "obsrver"
    records[3]["state"] = "XX"
    path = edited(tmp_path, "participations.csv", records)
    code, _, lines = run(capsys, "validate", str(path))
    assert code == 2
    assert_lines(lines, 2, (path, 2, "column 'role': 'obsrver' is not one of"),
                 (path, 5, "column 'state': unknown state 'XX'"))
    assert lines[0].index(":2:") < lines[1].index(":5:") or ":2:" in lines[0]


def test_problems_beyond_the_limit_are_counted(tmp_path, capsys):
    records = rows("participations.csv")
    for record in records[:MAX_REPORTED + 10]:
        record["since_basis"] = "guess"
    path = edited(tmp_path, "participations.csv", records)
    code, _, lines = run(capsys, "validate", str(path))
    assert code == 2
    assert len(lines) == MAX_REPORTED + 1
    assert all(f"{path}:" in line and "column 'since_basis'" in line for line in lines[:-1])
    assert lines[-1].endswith("and 10 more problems (fix these first)")
    with pytest.raises(InputErrors) as info:
        load_files([path], defaults=data_files())
    assert info.value.total == MAX_REPORTED + 10 and len(info.value.errors) == MAX_REPORTED


def test_problems_in_two_tables_together(tmp_path, capsys):
    waves = edited(tmp_path, "waves.csv", _with("waves.csv", 0, date="2018-13-01"))
    projects = edited(tmp_path, "projects.csv", _with("projects.csv", 4, status="finished"))
    code, _, lines = run(capsys, "validate", str(waves), str(projects))
    assert code == 2
    assert_lines(lines, 2, (waves, 2, "column 'date'"), (projects, 6, "column 'status'"))


@pytest.mark.parametrize("change,line,text", [
    (lambda t: t + "a,b,c\n", -1, "row has 3 cells, fewer than the header's"),
    (lambda t: t.replace("\n", ",extra\n", 2).replace(",extra\n", "\n", 1), 2, "more than the header's"),
    (lambda t: "", 1, "no header"),
    (lambda t: t.replace("number,", "numbr,", 1), 1, "header must be number,date,decision,sources "
                                                     "(missing number; unexpected 'numbr')"),
    (lambda t: "\n" + t, 1, "no header"),
])
def test_bad_table_shape(tmp_path, capsys, change, line, text):
    body = change(packaged("waves.csv"))
    path = edited(tmp_path, "waves.csv", body)
    code, _, lines = run(capsys, "validate", str(path))
    assert code == 2
    if line == -1:
        line = body.count("\n")
    assert_lines(lines, 1, (path, line, text))


@pytest.mark.parametrize("make,text", [
    (lambda p: p / "unknown.csv", "unknown CSV table 'unknown.csv'"),
    (lambda p: p / "notes.txt", "unsupported file type"),
    (lambda p: p / "missing.ttl", "no such file"),
    (lambda p: (p / "folder.ttl"), "is a folder, not a file"),
])
def test_bad_file(tmp_path, capsys, make, text):
    path = make(tmp_path)
    if path.name == "folder.ttl":
        path.mkdir()
    elif path.name != "missing.ttl":
        path.write_text("x\n")
    code, _, lines = run(capsys, "validate", str(path))
    assert code == 2
    assert len(lines) == 1 and f"{path}: {text}" in lines[0]


def test_turtle_syntax_error_names_the_line(tmp_path, capsys):
    path = tmp_path / "bad.ttl"
    path.write_text("@prefix ex: <http://ex/> .\nex:a ex:b ex:c .\nex:d ex:e \"oops .\n")
    code, _, lines = run(capsys, "validate", str(path))
    assert code == 2
    assert len(lines) == 1 and f"{path}:3:" in lines[0]


# --- edited copies of packaged tables ------------------------------------------------------

@pytest.mark.parametrize("with_data", [False, True])
def test_edited_copy_replaces_the_packaged_table(tmp_path, capsys, with_data):
    records = rows("projects.csv")
    records[0] = {**records[0], "name": "A renamed project"}
    path = edited(tmp_path, "projects.csv", records)
    args = ["validate", "--no-warnings", "--format", "json", str(path)]
    code, out, lines = run(capsys, *(args[:1] + ["--with-data"] + args[1:] if with_data else args))
    assert code == 0, lines
    assert '"conforms": true' in out


def test_one_edited_table_resolves_references_against_the_packaged_data(tmp_path, capsys):
    records = rows("participations.csv")[:5]  # refers to projects and states of other tables
    path = edited(tmp_path, "participations.csv", records)
    code, _, lines = run(capsys, "validate", "--no-warnings", str(path))
    assert not any("unknown project" in line for line in lines)
    assert code in (0, 1)  # a shorter member list may break a shape, never the loading


def test_the_replaced_table_is_gone(tmp_path):
    records = [r for r in rows("waves.csv") if r["number"] != "6"]
    path = edited(tmp_path, "waves.csv", records)
    with pytest.raises(InputError, match=r"projects\.csv:\d+: column 'wave': unknown wave '6'"):
        load_files([path], defaults=data_files())


# --- parameters ---------------------------------------------------------------------------

@pytest.mark.parametrize("value", ["2021-W01-1", "20210101", "2021-02-30", "2021-1-5", "2021-01-01T00:00",
                                   "１２３４-01-01"])
def test_bad_date_parameter(capsys, value):
    code, _, lines = run(capsys, "query", "membership-as-of", "--param", "project=military-mobility",
                         "--param", f"date={value}")
    assert code == 2
    assert len(lines) == 1 and "parameter 'date'" in lines[0] and "is not a date (YYYY-MM-DD)" in lines[0]


@pytest.mark.parametrize("args", [
    ["state-portfolio", "--param", "state=" + "F" * 100_000],
    ["state-portfolio", "--param", "F" * 100_000],
    ["state-portfolio", "--param", "x" * 100_000 + "=FR"],
    ["find-projects", "--param", "text=" + "a" * 100_000],
    ["q" * 100_000],
])
def test_long_values_are_cut_in_messages(capsys, args):
    code, _, lines = run(capsys, "query", *args)
    assert code == 2
    assert len(lines) == 1 and len(lines[0]) < 1000 and "x" * 100 not in lines[0]


# --- outputs ------------------------------------------------------------------------------

def test_export_to_a_folder_or_below_a_file(tmp_path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    for out in (tmp_path, blocker / "pesco.ttl"):
        code, _, lines = run(capsys, "export", "--format", "ttl", "--out", str(out))
        assert code == 2
        assert len(lines) == 1 and f"cannot write {out}" in lines[0]


def test_export_to_a_read_only_file_system(capsys):
    code, _, lines = run(capsys, "export", "--format", "nt", "--out", "/proc/pesco.nt")
    assert code == 2
    assert len(lines) == 1 and "cannot write /proc/pesco.nt" in lines[0]


def test_export_to_a_full_disk_keeps_the_old_file(tmp_path, capsys, monkeypatch):
    import os

    from pesco_graph.writers import files

    target = tmp_path / "pesco.ttl"
    target.write_text("old")

    def full(_fd: int) -> None:
        raise OSError(28, os.strerror(28))

    monkeypatch.setattr(files.os, "fsync", full)
    code, _, lines = run(capsys, "export", "--format", "ttl", "--out", str(target))
    assert code == 2
    assert len(lines) == 1 and "No space left on device" in lines[0]
    assert target.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["pesco.ttl"]


def test_build_into_a_file_or_a_read_only_place(tmp_path, capsys):
    blocker = tmp_path / "dist"
    blocker.write_text("x")
    for out in (blocker, Path("/proc/pesco-dist")):
        code, _, lines = run(capsys, "build", "--format", "nt", "--out", str(out))
        assert code == 2
        errors = [line for line in lines if "error:" in line]
        assert len(errors) == 1 and f"cannot write {out}" in errors[0], lines


def test_coverage_figure_into_a_folder(tmp_path, capsys):
    pytest.importorskip("matplotlib")
    code, _, lines = run(capsys, "coverage", "--figure", str(tmp_path))
    assert code == 2
    assert len(lines) == 1 and f"cannot write {tmp_path}" in lines[0]


def test_analyze_into_a_file(tmp_path, capsys):
    try:
        from pesco_graph.analysis import analyze  # noqa: F401
    except ImportError:
        pytest.skip("pesco_graph.analysis has no analyze() on this branch")
    blocker = tmp_path / "analysis"
    blocker.write_text("x")
    code, _, lines = run(capsys, "analyze", "--out", str(blocker))
    assert code == 2
    errors = [line for line in lines if "error:" in line]
    assert len(errors) == 1 and "cannot write" in errors[0]


# --- endpoints and options ----------------------------------------------------------------

@pytest.mark.parametrize("endpoint,text", [
    ("file:///etc/passwd", "is not an http or https URL"),
    ("bad:S3cretPW@host", "'host' is not an http or https URL"),
    ("ftp://user:S3cretPW@example.org/x", "is not an http or https URL"),
    ("http://user:S3cretPW@[::1/sparql", "is not an http or https URL"),
    ("http:///sparql", "is not an http or https URL"),
])
@pytest.mark.parametrize("command", ["query", "push"])
def test_bad_endpoint(capsys, endpoint, text, command):
    args = ["query", "projects", "--endpoint", endpoint] if command == "query" else [
        "push", "--endpoint", endpoint]
    code, _, lines = run(capsys, *args)
    assert code == 2
    assert len(lines) == 1 and text in lines[0]
    assert "S3cretPW" not in lines[0] and "/etc/passwd" not in lines[0] or "file:" in lines[0]


def test_credentials_never_shown(capsys):
    from pesco_graph.serve import free_port

    url = f"http://user:S3cretPW@127.0.0.1:{free_port()}/sparql"
    for args in (["query", "projects", "--endpoint", url], ["push", "--endpoint", url],
                 ["query", "projects", "--endpoint", url, "--password", "0therSecret"]):
        code, out, lines = run(capsys, *args)
        assert code == 2
        assert len(lines) == 1 and "connection refused" in lines[0]
        assert "S3cretPW" not in lines[0] + out and "0therSecret" not in lines[0] + out
        assert "http://127.0.0.1:" in lines[0]


@pytest.mark.parametrize("option,value", [
    ("--timeout", "0"), ("--timeout", "-1"), ("--timeout", "nan"), ("--timeout", "inf"),
    ("--timeout", "soon"), ("--max-response-mb", "0"), ("--max-response-mb", "-3"),
    ("--max-response-mb", "nan"), ("--max-response-mb", "1e300"),
])
@pytest.mark.parametrize("command", ["query", "push"])
def test_bad_option_values(capsys, option, value, command):
    args = ["query", "projects"] if command == "query" else ["push"]
    code, _, lines = run(capsys, *args, "--endpoint", "http://127.0.0.1:9/sparql", f"{option}={value}")
    assert code == 2
    assert len(lines) == 1 and option in lines[0] and re.search(r"is not a positive number", lines[0])


def test_unknown_option_is_one_line(capsys):
    code, _, lines = run(capsys, "validate", "--frobnicate")
    assert code == 2 and len(lines) == 1 and "unrecognized arguments: --frobnicate" in lines[0]


def test_cli_subprocess_prints_no_traceback(tmp_path, cli):
    """The same handler as a real process: exit 2, one line per problem."""
    records = rows("participations.csv")
    records[0]["role"] = "obsrver"
    records[1]["state"] = "XX"
    path = edited(tmp_path, "participations.csv", records)
    result = cli("validate", str(path))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2 and lines[0].startswith(f"pesco-graph validate: error: {path}:2: column 'role'")
    assert lines[1].startswith(f"pesco-graph validate: error: {path}:3: column 'state'")


def test_problems_in_turtle_and_tables_together(tmp_path, capsys):
    turtle = tmp_path / "extra.ttl"
    turtle.write_text("@prefix ex: <http://ex/> .\nex:a ex:b .\n")
    table = edited(tmp_path, "waves.csv", _with("waves.csv", 2, date="2019"))
    missing = tmp_path / "missing.ttl"
    code, _, lines = run(capsys, "validate", str(turtle), str(table), str(missing))
    assert code == 2
    assert_lines(lines, 3, (turtle, 2, "syntax error"), (table, 4, "column 'date'"))
    assert any(line.endswith(f"{missing}: no such file") for line in lines)


def test_an_unreadable_table_is_reported_alone(tmp_path, capsys):
    path = tmp_path / "states.csv"
    path.write_bytes(packaged("states.csv").encode().replace(b"Austria", b"\xd6sterreich"))
    code, _, lines = run(capsys, "validate", str(path))
    assert code == 2
    assert_lines(lines, 1, (path, 2, "byte 0xd6 is not UTF-8"))
