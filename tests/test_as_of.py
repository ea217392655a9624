"""Time-true answers: start dates apart from attestations, answers as of a date marked certain
or attested, and networks in which nobody appears before they joined."""

from __future__ import annotations

import csv
import io
from datetime import date

import networkx as nx
import pytest

from pesco_graph.catalog import get_query
from pesco_graph.network import BOUNDS, bipartite_graph, wave_graphs
from pesco_graph.params import bind_params
from pesco_graph.query import run_query

LATER = ("DK", "US", "CA", "NO", "GB")  # joined a project only after March 2018


def portfolio(graph, state: str, on: str | None = None) -> dict[tuple[str, str], dict]:
    params = {"state": state} if on is None else {"state": state, "as_of": on}
    return {(r["project"], r["role"]): r for r in run_query("state-portfolio", params, graph=graph).records()}


def test_attested_rows_have_no_start_date(graph):
    rows = run_query("participation-dates", graph=graph).records()
    attested = [r for r in rows if r["basis"] == "attested"]
    assert len(attested) > 150
    assert all(r["since"] is None and r["attestedOn"] for r in attested)
    assert all(r["since"] and r["attestedOn"] is None for r in rows if r["basis"] in ("listed", "joined"))
    # the earliest possible start of Denmark's attested CRRT membership is its joining PESCO
    crrt = next(r for r in attested if r["project"] == "crrt" and r["state"] == "DK")
    assert crrt["attestedOn"] == "2024-05-28" and crrt["earliest"] >= "2023-05-01"


@pytest.mark.parametrize("bound", BOUNDS)
def test_nobody_in_the_first_wave_network_who_joined_later(graph, bound):
    waves = wave_graphs(graph, bound=bound)
    first = waves[1]
    assert first.graph["date"] == "2018-03-06"
    assert not set(LATER) & set(first.nodes), sorted(set(LATER) & set(first.nodes))
    assert "NL" in first and "FR" in first
    # the third states enter with their admission (May 2021), Denmark after it joined PESCO
    assert {"US", "CA", "NO"} <= set(waves[4].nodes) and "DK" not in waves[4]
    assert "DK" in waves[6]
    bip = bipartite_graph(graph, as_of="2018-03-06", bound=bound)
    assert not set(LATER) & {n for n, d in bip.nodes(data=True) if d["kind"] == "state"}


def test_wave_bounds_are_ordered(graph):
    for g in wave_graphs(graph).values():
        assert g.graph["states_certain"] <= g.number_of_nodes() <= g.graph["states_upper"]
        assert g.graph["ties_certain"] <= g.number_of_edges() <= g.graph["ties_upper"]
        assert 0 < g.graph["complete_lists"] < g.graph["projects"] <= g.graph["listed"]


def test_state_portfolio_on_the_first_listing(graph):
    # the Netherlands at the first listing: Military Mobility (which it coordinates), ESSOR, MAS MCM
    rows = portfolio(graph, "NL", "2018-03-06")
    assert set(rows) == {("military-mobility", "coordinator"), ("military-mobility", "member"),
                         ("essor", "member"), ("mas-mcm", "member")}
    assert {r["certainty"] for r in rows.values()} == {"certain"}
    assert rows[("military-mobility", "coordinator")]["since"] == "2018-03-06"
    assert portfolio(graph, "DK", "2018-03-06") == {}


def test_state_portfolio_follows_admissions_and_joinings(graph):
    # the US was admitted to Military Mobility on 6 May 2021, Denmark joined it in October 2023
    assert portfolio(graph, "US", "2021-05-05") == {}
    us = portfolio(graph, "US", "2021-05-06")
    assert set(us) == {("military-mobility", "member")}
    assert us[("military-mobility", "member")]["certainty"] == "certain"
    assert set(portfolio(graph, "DK", "2023-10-01")) == set()
    assert set(portfolio(graph, "DK", "2023-10-02")) == {("military-mobility", "member")}


def test_attested_rows_count_from_their_attestation(graph):
    # Denmark in CRRT rests on a page of 28 May 2024: not before it, attested from it
    assert ("crrt", "member") not in portfolio(graph, "DK", "2024-05-27")
    row = portfolio(graph, "DK", "2024-05-28")[("crrt", "member")]
    assert row["certainty"] == "attested" and row["since"] is None and row["attestedOn"] == "2024-05-28"


def test_closed_projects_leave_the_portfolio(graph):
    # EU TMCC closed in November 2019 (a year-month): in force during that month, not after
    assert ("eu-tmcc", "member") in portfolio(graph, "FR", "2019-11-30")
    assert ("eu-tmcc", "member") not in portfolio(graph, "FR", "2019-12-01")


def test_as_of_defaults_to_today_bound_as_a_parameter(graph):
    query = get_query("state-portfolio")
    assert query.param("as_of").default == "today" and not query.param("as_of").required
    today = date.today().isoformat()
    assert today not in query.text
    assert bind_params(query, {"state": "FR"})["as_of"].value == today
    assert portfolio(graph, "DK") == portfolio(graph, "DK", today)
    assert {r["certainty"] for r in portfolio(graph, "FR").values()} == {"certain", "attested"}


def test_bad_as_of_is_a_parameter_error(graph):
    from pesco_graph.errors import ParameterError

    with pytest.raises(ParameterError, match="as_of"):
        run_query("state-portfolio", {"state": "FR", "as_of": "2018-13-01"}, graph=graph)
    with pytest.raises(ParameterError, match="not a date"):
        bipartite_graph(graph, as_of="March 2018")


def test_dataframe_dates_are_datetimes(graph):
    pd = pytest.importorskip("pandas")
    frame = run_query("state-portfolio", {"state": "DK"}, graph=graph).to_dataframe()
    assert pd.api.types.is_datetime64_any_dtype(frame["since"])
    assert pd.api.types.is_datetime64_any_dtype(frame["attestedOn"])


def test_export_as_of_from_the_cli(cli, tmp_path):
    out = tmp_path / "first.csv"
    result = cli("export", "--format", "csv", "--as-of", "2018-03-06", "--out", str(out))
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows and not {r["state"] for r in rows} & set(LATER)
    assert {r["certainty"] for r in rows} <= {"certain", "attested"}
    assert {"project": "military-mobility", "state": "NL", "role": "coordinator"}.items() <= next(
        r for r in rows if r["project"] == "military-mobility" and r["state"] == "NL"
        and r["role"] == "coordinator").items()
    net = tmp_path / "first.graphml"
    assert cli("export", "--format", "graphml", "--as-of", "2018-03-06", "--out", str(net)).returncode == 0
    g = nx.read_graphml(net)
    assert "DK" not in g and "NL" in g and g.edges["NL", "military-mobility"]["certainty"] == "certain"
    bad = cli("export", "--format", "csv", "--as-of", "2018-02-30", "--out", str(out))
    assert bad.returncode == 2 and "not a date" in bad.stderr and "Traceback" not in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1
    rdf = cli("export", "--format", "ttl", "--as-of", "2018-03-06", "--out", str(tmp_path / "x.ttl"))
    assert rdf.returncode == 2 and "--as-of" in rdf.stderr


def test_analyze_as_of_from_the_cli(cli, tmp_path):
    result = cli("analyze", "--out", str(tmp_path), "--as-of", "2021-06-01")
    assert result.returncode == 0, result.stderr
    report = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert "in force on 2021-06-01" in report
    coop = nx.read_graphml(tmp_path / "networks" / "cooperation.graphml")
    assert {"US", "CA", "NO"} <= set(coop) and not {"DK", "GB"} & set(coop)
    evolution = list(csv.DictReader(open(tmp_path / "tables" / "evolution.csv", encoding="utf-8")))
    assert [int(r["wave"]) for r in evolution] == [1, 2, 3]  # the waves up to that date
    bad = cli("analyze", "--out", str(tmp_path), "--as-of", "yesterday")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
    early = cli("analyze", "--out", str(tmp_path / "early"), "--as-of", "2017-06-01")
    assert early.returncode == 2 and "Traceback" not in early.stderr
    assert "the first projects were listed on 2018-03-06" in early.stderr


def test_attestations_keep_every_source_date(graph):
    rows = run_query("attestations", graph=graph).records()
    dates = run_query("participation-dates", graph=graph).records()
    attested = {(r["project"], r["state"], r["role"]) for r in dates if r["attestedOn"]}
    sourced = {(r["project"], r["state"], r["role"]) for r in rows}
    assert attested <= sourced  # every attested participation keeps its sources' dates
    dk = [r for r in rows if (r["project"], r["state"], r["role"]) == ("crrt", "DK", "member")]
    assert len(dk) >= 2 and all(r["attestedOn"] == "2024-05-28" and r["since"] is None for r in dk)
    assert all(r["date"] for r in rows)
