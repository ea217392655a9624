"""Loading: bad input gives a clear error naming the file and line, and exit code 2."""

from __future__ import annotations

import pytest

from pesco_graph.errors import InputError
from pesco_graph.load import load_files


def test_malformed_turtle_names_file_and_line(tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text('@prefix ex: <http://ex/> .\nex:a ex:b ex:c .\nex:d ex:e "oops .\n')
    with pytest.raises(InputError) as info:
        load_files([bad])
    assert str(bad) in str(info.value)
    assert ":3:" in str(info.value)


def test_cli_malformed_turtle_exit_2_without_traceback(tmp_path, cli):
    bad = tmp_path / "broken.ttl"
    bad.write_text("@prefix ex: <http://ex/> .\n\nex:a ex:b ex:c ex:d .\n")
    result = cli("validate", str(bad))
    assert result.returncode == 2
    assert f"{bad}:3:" in result.stderr
    assert "Traceback" not in result.stderr


def test_csv_bad_cell_names_file_line_and_column(tmp_path):
    table = tmp_path / "sources.csv"
    table.write_text("id,url,title,publisher,date,date_kind\n"
                     "s1,https://example.org/a,A,,2020-01-01,published\n"
                     "s2,https://example.org/b,B,,2020-13-45,published\n")
    with pytest.raises(InputError) as info:
        load_files([table])
    message = str(info.value)
    assert f"{table}:3:" in message and "'date'" in message


def test_csv_wrong_header(tmp_path):
    table = tmp_path / "waves.csv"
    table.write_text("number,date\n1,2018-03-06\n")
    with pytest.raises(InputError, match="missing decision, sources"):
        load_files([table])


def test_csv_unknown_reference(tmp_path):
    table = tmp_path / "waves.csv"
    table.write_text("number,date,decision,sources\n1,2018-03-06,,s9\n")
    with pytest.raises(InputError, match="unknown source 's9'"):
        load_files([table])


def test_missing_file(tmp_path, cli):
    result = cli("validate", str(tmp_path / "nope.ttl"))
    assert result.returncode == 2
    assert "no such file" in result.stderr


def test_new_rows_validate_together_with_the_packaged_data(tmp_path, cli):
    rows = tmp_path / "participations.csv"
    rows.write_text("project,state,role,since,since_basis,until,admitted_by,sources,note\n"
                    "military-mobility,MT,member,2020-01-01,attested,,,s0001,\n")
    result = cli("validate", "--with-data", "--no-warnings", "--format", "json", str(rows))
    assert result.returncode == 1, result.stderr
    import json

    shapes = {r["shape"] for r in json.loads(result.stdout)["results"]}
    assert "pshape:NonParticipatingMemberStateShape" in shapes
