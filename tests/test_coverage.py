"""The coverage report: its figures agree with the data, it names every gap, and it draws."""

from __future__ import annotations

from collections import Counter

from pesco_graph.coverage import coverage
from pesco_graph.query import run_query


def test_figures_agree_with_the_register(graph):
    report = coverage(graph)
    projects = run_query("projects", graph=graph).records()
    assert report.projects == len(projects) == sum(report.projects_per_wave.values())
    assert report.projects_per_wave == dict(Counter(r["wave"] for r in projects))
    assert sum(report.completeness.values()) == report.projects
    assert report.participations_without_source == 0
    for wave, row in report.by_wave.items():
        assert row["projects"] == report.projects_per_wave[wave]
        assert row["complete"] + row["partial"] + row["unknown"] == row["projects"]
    assert sum(r["coordinator"] for r in report.by_wave.values()) == report.with_coordinator
    assert sum(r["domain"] for r in report.by_wave.values()) == report.with_domain
    assert report.sources_per_site["eur-lex.europa.eu"] >= 10


def test_every_gap_is_named_with_what_was_tried(graph):
    report = coverage(graph)
    rows = run_query("coverage", graph=graph).records()
    no_coordinator = {r["project"] for r in rows if not r["coordinators"]}
    named = {g["project"].rsplit("[", 1)[1].rstrip("]"): g for g in report.gaps}
    assert no_coordinator <= set(named)
    assert {"ssw", "eu-milpart", "ecowar"} <= no_coordinator
    for slug in no_coordinator:
        assert "coordinator" in named[slug]["missing"]
        assert named[slug]["note"], f"{slug}: no note says what was tried"
    text = report.to_text()
    assert "Projects with a sourced coordinator" in text
    assert "Reported numbers of ongoing projects against the register" in text


def test_counts_section_shows_the_known_differences(graph):
    counts = {str(c["date"]): c for c in coverage(graph).counts}
    assert counts["2019-02-05"]["difference"] == 0
    assert counts["2025-05-27"]["reported"] == 75


def test_cli_draws_the_coverage_figure_deterministically(cli, tmp_path):
    first, second = tmp_path / "a.png", tmp_path / "b.png"
    for path in (first, second):
        result = cli("coverage", "--figure", str(path))
        assert result.returncode == 0, result.stderr
        assert f"wrote {path}" in result.stdout
    data = first.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000
    assert data == second.read_bytes()


def test_per_state_dates_backed_by_a_complete_list(graph):
    report = coverage(graph)
    rows = run_query("state-counts", graph=graph).records()
    dates = report.complete_dates()
    assert sum(len(d["complete"]) + len(d["count"]) for d in dates.values()) == len(rows)
    # Austria's counts of March and June 2018 name the four projects; the 2020 one does not
    assert dates["AT"] == {"complete": ["2018-03-06", "2018-06-07"], "count": ["2020-06-16"]}
    assert "2023-06-12" in dates["IE"]["complete"] and "2023-05-18" in dates["IE"]["count"]
    text = report.to_text()
    assert "Dates backed by a complete list, per state" in text
    assert "  AT: complete list on 2018-03-06, 2018-06-07; a count only on 2020-06-16" in text
    assert "  AT     2018-03-06*         4         4          +0" in text
