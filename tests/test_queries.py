"""The named query catalog: headers, columns, known facts of the real data, both local engines."""

from __future__ import annotations

import pytest

from pesco_graph.catalog import catalog, parse_query_file
from pesco_graph.errors import ParameterError, QueryError
from pesco_graph.query import run_query

FIXED = {
    "projects": "project name acronym wave domain status",
    "project-participants": "project name acronym state stateName role",
    "state-portfolio": "project name role since",
    "state-ranking": "state stateName projects coordinated observed",
    "co-participation": "stateA stateB sharedProjects",
    "projects-by-domain": "domain projects",
    "projects-by-wave": "wave date decision projects",
    "third-states": "state stateName project decision since",
    "legal-basis": "act title date role",
}

EXAMPLE_PARAMS = {name: q.example for name, q in catalog().items() if q.example}


def test_catalog_has_at_least_20_queries_with_headers():
    queries = catalog()
    assert len(queries) >= 20
    for q in queries.values():
        assert q.title and q.description and q.columns
    assert any(q.form == "CONSTRUCT" for q in queries.values())


@pytest.mark.parametrize("name,columns", sorted(FIXED.items()))
def test_fixed_queries_exist_with_their_columns(name, columns):
    # DESIGN.md fixes these columns first; a query may add columns after them
    fixed = tuple(columns.split())
    assert catalog()[name].columns[: len(fixed)] == fixed


@pytest.mark.parametrize("name", sorted(catalog()))
@pytest.mark.parametrize("store", ["oxigraph", "rdflib"])
def test_every_query_runs_and_returns_its_declared_columns(graphs, name, store):
    result = run_query(name, EXAMPLE_PARAMS.get(name), graph=graphs[store])
    query = catalog()[name]
    if query.form == "SELECT":
        assert result.columns == list(query.columns)
        if name != "unsourced-facts":
            assert result.rows, f"{name} returned no rows"
    else:
        assert len(result.triples) > 0
        assert result.columns == list(query.columns) == ["subject", "predicate", "object"]
        assert len(result.rows) == len(result.triples)


@pytest.mark.parametrize("name", sorted(n for n, q in catalog().items() if q.form == "SELECT"))
def test_backends_agree(graphs, name):
    a = run_query(name, EXAMPLE_PARAMS.get(name), graph=graphs["oxigraph"])
    b = run_query(name, EXAMPLE_PARAMS.get(name), graph=graphs["rdflib"])
    assert sorted(map(repr, a.rows)) == sorted(map(repr, b.rows))


def test_military_mobility_coordinator_and_third_states(graph):
    rows = run_query("project-participants", {"project": "military-mobility"}, graph=graph).records()
    assert {r["state"] for r in rows if r["role"] == "coordinator"} == {"NL"}
    members = {r["state"] for r in rows if r["role"] == "member"}
    assert {"US", "CA", "NO", "GB", "CH"} <= members
    assert "MT" not in members
    third = run_query("third-states", graph=graph).records()
    assert {(r["state"], r["project"]) for r in third} >= {
        ("US", "military-mobility"), ("CA", "military-mobility"), ("NO", "military-mobility"),
        ("GB", "military-mobility"), ("CH", "military-mobility"), ("CH", "crf"),
    }
    us = next(r for r in third if r["state"] == "US")
    assert us["decision"] == "http://data.europa.eu/eli/dec/2021/750/oj"


def test_projects_by_wave_counts(graph):
    rows = {r["wave"]: r for r in run_query("projects-by-wave", graph=graph).records()}
    assert rows[1]["projects"] == 17 and rows[2]["projects"] == 17
    assert rows[4]["projects"] == 14 and rows[5]["projects"] == 11 and rows[6]["projects"] == 11
    assert rows[1]["decision"] == "http://data.europa.eu/eli/dec/2018/340/oj"
    assert rows[1]["date"] == "2018-03-06"


def test_state_ranking_counts_memberships_not_observer_seats(graph):
    ranking = {r["state"]: r for r in run_query("state-ranking", graph=graph).records()}
    portfolio = run_query("state-portfolio", {"state": "FR"}, graph=graph).records()
    # the ranking counts current participations in closed projects too; the portfolio holds
    # those in force today, so not the ones in projects closed by now
    closed = {r["project"] for r in run_query("projects", graph=graph).records() if r["status"] != "ongoing"}
    held = run_query("project-participants", graph=graph).records()
    in_closed = {role: len({r["project"] for r in held if r["state"] == "FR" and r["role"] == role
                            and r["project"] in closed}) for role in ("member", "observer")}
    assert in_closed["member"] > 0
    assert ranking["FR"]["projects"] == len({r["project"] for r in portfolio if r["role"] == "member"}) + (
        in_closed["member"])
    assert ranking["FR"]["observed"] == len({r["project"] for r in portfolio if r["role"] == "observer"}) + (
        in_closed["observer"])
    assert "MT" not in ranking


def test_legal_basis_includes_the_founding_acts(graph):
    acts = {r["act"]: r for r in run_query("legal-basis", graph=graph).records()}
    assert acts["http://data.europa.eu/eli/dec/2017/2315/oj"]["date"] == "2017-12-11"
    assert "http://data.europa.eu/eli/dec/2018/909/oj" in acts
    assert "http://data.europa.eu/eli/dec/2020/1639/oj" in acts


def test_membership_as_of_a_date(graph):
    before = run_query("membership-as-of", {"project": "military-mobility", "date": "2021-01-01"},
                       graph=graph).records()
    after = run_query("membership-as-of", {"project": "military-mobility", "date": "2025-06-01"},
                      graph=graph).records()
    assert "US" not in {r["state"] for r in before}
    assert {"US", "CH"} <= {r["state"] for r in after}


def test_milpart_activities_and_outputs(graph):
    acts = run_query("partnership-activities", graph=graph).records()
    assert {r["activity"] for r in acts if r["project"] == "eu-milpart"} == {
        "Advise", "Train", "Equip", "Accompany", "Reform"}
    outputs = run_query("planned-outputs", graph=graph).records()
    assert {"Education and training catalogues", "Typology of equipment capabilities"} <= {
        r["output"] for r in outputs if r["project"] == "eu-milpart"}


def test_dataframe(graph):
    df = run_query("projects", graph=graph).to_dataframe()
    assert list(df.columns) == list(FIXED["projects"].split())
    assert len(df) >= 80


def test_parameter_errors(graph):
    with pytest.raises(ParameterError, match="needs parameter 'state'"):
        run_query("state-portfolio", graph=graph)
    with pytest.raises(ParameterError, match="no parameter 'colour'"):
        run_query("projects", {"colour": "red"}, graph=graph)
    with pytest.raises(ParameterError, match="not an ISO 3166-1 alpha-2"):
        run_query("state-portfolio", {"state": "FRA"}, graph=graph)
    with pytest.raises(ParameterError, match="not a date"):
        run_query("membership-as-of", {"project": "military-mobility", "date": "2021-02-30"}, graph=graph)
    with pytest.raises(QueryError, match="unknown query"):
        run_query("nope", graph=graph)


def test_required_parameters_have_examples():
    with pytest.raises(QueryError, match="no example value for 'state'"):
        parse_query_file("x", "# title: X\n# description: Y\n# param: state  a state\n# columns: a\n"
                         "SELECT ?a WHERE { ?a ?b ?state }")


def test_header_without_columns_is_rejected():
    with pytest.raises(QueryError, match="columns"):
        parse_query_file("x", "# title: X\n# description: Y\nSELECT * WHERE { ?s ?p ?o }")


def test_cli_query_formats(cli):
    import json

    result = cli("query", "state-portfolio", "--param", "state=NL", "--format", "json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert any(r["project"] == "military-mobility" and r["role"] == "coordinator" for r in rows)
    result = cli("query", "projects", "--format", "csv")
    assert result.stdout.splitlines()[0] == "project,name,acronym,wave,domain,status"
    result = cli("query", "project-neighbourhood", "--param", "project=emc", "--format", "ttl")
    assert result.returncode == 0 and "org:organization" in result.stdout
    result = cli("query", "state-portfolio", "--param", "state=F'R")
    assert result.returncode == 2 and "Traceback" not in result.stderr


def test_cli_queries_lists_every_query(cli):
    result = cli("queries")
    assert result.returncode == 0
    for name in catalog():
        assert name in result.stdout


def _pattern_after_optional(text: str) -> str | None:
    """The first required triple pattern that follows an OPTIONAL in the same group, if any."""
    body = text[text.index("WHERE {") + len("WHERE {"):] if "WHERE {" in text else ""
    seen = [False]  # per open group: has an OPTIONAL been seen in it
    for line in body.splitlines():
        code = "" if line.strip().startswith("#") else line.split(" #", 1)[0].strip()
        if not code:
            continue
        if code.startswith("OPTIONAL"):
            seen[-1] = True
        elif seen[-1] and code[0] in "?<abcdefghijklmnopqrstuvwxyz" and not code.upper().startswith(
                ("FILTER", "BIND", "VALUES", "MINUS", "SELECT", "}")):
            return code
        opened = code.count("{") - code.count("}")
        for _ in range(max(opened, 0)):
            seen.append(False)
        for _ in range(max(-opened, 0)):
            if len(seen) > 1:
                seen.pop()
    return None


@pytest.mark.parametrize("name", sorted(catalog()))
def test_optionals_come_after_the_required_patterns(name):
    """An OPTIONAL before a required pattern makes Oxigraph join the two the slow way: at 100k
    triples membership-changes took 46 s with its OPTIONALs in the middle, 0.7 s with them last."""
    bad = _pattern_after_optional(catalog()[name].text)
    assert bad is None, f"{name}: required pattern after an OPTIONAL: {bad}"
