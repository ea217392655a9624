"""The register: counts per wave and facts verified from public sources, pinned.

Each fact below was read on the page its participation or project cites (see data/).
"""

from __future__ import annotations

import calendar
import csv
import re
from collections import Counter
from datetime import date

import pytest
from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF

from pesco_graph.query import run_query
from pesco_graph.resources import resource_dir

PESCO = Namespace("https://w3id.org/pesco-kg/ontology#")

B = "https://w3id.org/pesco-kg/"


def table(name: str) -> list[dict[str, str]]:
    return list(csv.DictReader((resource_dir("data") / name).read_text(encoding="utf-8").splitlines()))


def test_projects_per_wave(graph):
    rows = run_query("projects", graph=graph).records()
    assert Counter(r["wave"] for r in rows) == {1: 17, 2: 17, 3: 12, 4: 14, 5: 11, 6: 11}


def test_states():
    states = {r["code"]: r for r in table("states.csv")}
    kinds = Counter(r["kind"] for r in states.values())
    assert kinds == {"participating": 26, "non-participating": 1, "third": 5}
    assert states["MT"]["kind"] == "non-participating"
    assert states["DK"]["joined"] == "2023-05-23" and states["DK"]["joined_by"] == "2023/1015"
    assert states["FR"]["joined"] == "2017-12-11" and states["FR"]["joined_by"] == "2017/2315"
    assert "EL" not in states and states["GR"]["name"] == "Greece"
    assert {c for c, r in states.items() if r["kind"] == "third"} == {"US", "CA", "NO", "GB", "CH"}


@pytest.mark.parametrize("project,state", [
    ("military-mobility", "NL"), ("emc", "DE"), ("eufor-croc", "DE"), ("cbrn-saas", "AT"),
    ("ums", "GR"), ("harmspro", "IT"), ("twister", "FR"), ("mbt-simtec", "GR"), ("crf", "EE"),
    ("role-2f", "ES"), ("quest", "FI"),
])
def test_verified_coordinators(graph, project, state):
    rows = run_query("project-participants", {"project": project}, graph=graph).records()
    assert state in {r["state"] for r in rows if r["role"] == "coordinator"}
    assert state in {r["state"] for r in rows if r["role"] == "member"}  # a coordinator is a member


def test_third_state_admissions(graph):
    rows = {(r["state"], r["project"]): r for r in run_query("third-states", graph=graph).records()}
    expected = {("US", "military-mobility"): ("2021/750", "2021-05-06"),
                ("CA", "military-mobility"): ("2021/748", "2021-05-06"),
                ("NO", "military-mobility"): ("2021/749", "2021-05-06"),
                ("GB", "military-mobility"): ("2022/2244", "2022-11-14"),
                ("CH", "military-mobility"): ("2025/75", "2025-01-13"),
                ("CH", "crf"): ("2025/967", "2025-05-20"),
                ("CA", "netloghubs"): ("2023/385", "2023-02-20")}
    assert set(rows) == set(expected)
    for key, (number, decided) in expected.items():
        year, num = number.split("/")
        assert rows[key]["decision"] == f"http://data.europa.eu/eli/dec/{year}/{num}/oj"
        assert rows[key]["since"] >= decided


def test_closures(graph):
    rows = {r["project"]: r for r in run_query("project-status", graph=graph).records()}
    assert rows["emc"]["status"] == "closed" and rows["emc"]["statusDate"] == "2024-07-15"
    assert rows["eufor-croc"]["status"] == "closed" and rows["eufor-croc"]["statusDate"] == "2024-07-15"
    assert rows["eu-tmcc"]["status"] == "closed" and rows["eu-tmcc"]["statusDate"] == "2019-11"
    # Only closures a page confirms; the May 2023 candidates (EuroArtillery, EUTEC, Co-basing)
    # are likely closed but no page names them, so they stay ongoing with a note.
    closed = {slug for slug, r in rows.items() if r["status"] == "closed"}
    assert closed == {"eu-tmcc", "emc", "eufor-croc"}


def test_reported_counts_against_the_register(graph):
    rows = {str(r["date"]): r for r in run_query("project-counts", graph=graph).records()}
    assert rows["2019-02-05"]["reported"] == rows["2019-02-05"]["register"] == 34
    assert rows["2021-11-16"]["reported"] == 60
    last = rows["2025-05-27"]
    assert (last["reported"], last["created"], last["closed"]) == (75, 83, 8)
    # The gaps the counts expose: one project of the third wave and five closures are missing.
    assert rows["2019-11-12"]["difference"] == -1
    assert last["register"] - last["reported"] == last["difference"] == 4
    assert (last["registerCreated"], last["registerClosed"]) == (82, 3)
    assert rows["2023-05-23"]["closed"] == 4 and rows["2023-05-23"]["registerClosed"] == 1


def test_observer_who_became_member(graph):
    rows = run_query("membership-changes", {"project": "twister"}, graph=graph).records()
    de = {(r["role"], r["until"]) for r in rows if r["state"] == "DE"}
    assert ("observer", "2020-10-24") in de and ("member", None) in de


def test_waves_and_listing_decisions(graph):
    rows = {r["wave"]: r for r in run_query("projects-by-wave", graph=graph).records()}
    assert {w: rows[w]["date"] for w in rows} == {
        1: "2018-03-06", 2: "2018-11-19", 3: "2019-11-12", 4: "2021-11-16", 5: "2023-05-22", 6: "2025-05-27"}
    assert rows[3]["decision"] == "http://data.europa.eu/eli/dec/2019/1909/oj"
    assert rows[5]["decision"] == "http://data.europa.eu/eli/dec/2023/995/oj"


def test_every_fact_has_a_dated_web_source(rdf_graph):
    graph = rdf_graph
    parts = set(graph.subjects(RDF.type, PESCO.Participation))
    assert parts and all((p, DCTERMS.source, None) in graph for p in parts)
    for source in set(graph.objects(None, DCTERMS.source)):
        assert isinstance(source, URIRef) and re.match(r"^https?://", str(source))
        assert graph.value(source, DCTERMS.date) is not None, source
    assert run_query("unsourced-facts", graph=rdf_graph).rows == []


def test_legal_acts_are_eli_or_celex():
    for act in table("legal_acts.csv"):
        if act["type"] == "decision":
            assert re.match(r"^http://data\.europa\.eu/eli/dec/\d{4}/\d+/oj$", act["iri"]), act["id"]
        assert act["date"] and act["title"] and act["sources"]


def test_malta_takes_part_in_nothing(rdf_graph):
    graph = rdf_graph
    assert (None, URIRef("http://www.w3.org/ns/org#member"), URIRef(B + "state/MT")) not in graph


def test_milpart_in_full(rdf_graph):
    graph = rdf_graph
    project = URIRef(B + "project/eu-milpart")
    assert graph.value(project, PESCO.wave) == URIRef(B + "wave/4")
    assert len(set(graph.objects(project, PESCO.pursuesActivity))) == 5
    assert len(set(graph.objects(project, PESCO.plannedOutput))) == 5
    phases = sorted(int(graph.value(p, PESCO.phaseNumber)) for p in graph.objects(project, PESCO.hasPhase))
    assert phases == [1, 2]
    assert (project, PESCO.capabilityDomain, URIRef(B + "domain/land-formations-systems")) in graph


def test_descriptions_are_present_and_short():
    for row in table("projects.csv"):
        assert row["description"], row["slug"]
        assert len(row["description"]) < 600, row["slug"]


def test_slugs_are_stable_iris(rdf_graph):
    graph = rdf_graph
    slugs = {str(o) for o in graph.objects(None, PESCO.slug)}
    assert {"military-mobility", "eu-milpart", "emc", "twister", "quest"} <= slugs
    assert (URIRef(B + "project/military-mobility"), PESCO.slug, Literal("military-mobility")) in graph


def test_dataset_description_carries_its_counts(rdf_graph):
    graph = rdf_graph
    from rdflib.namespace import VOID

    dataset = URIRef(B + "dataset")
    counted = int(graph.value(dataset, VOID.triples))
    count_triples = 1 + 3 * len(set(graph.objects(dataset, VOID.classPartition)))
    assert counted == len(graph)  # exact: the count triples themselves included
    assert count_triples >= 6
    projects = URIRef(B + "dataset/class/Project")
    assert int(graph.value(projects, VOID.entities)) == len(set(graph.subjects(RDF.type, PESCO.Project)))
    assert graph.value(dataset, URIRef("http://purl.org/dc/terms/license")) is not None
    assert len(set(graph.objects(dataset, PESCO.coverageNote))) >= 3


def _end_of(value: str) -> date:
    """A (possibly partial) date as the last day of its period."""
    if len(value) == 4:
        return date(int(value), 12, 31)
    if len(value) == 7:
        year, month = int(value[:4]), int(value[5:])
        return date(year, month, calendar.monthrange(year, month)[1])
    return date.fromisoformat(value)


def test_no_state_holds_two_roles_in_a_project_at_once():
    rows = table("participations.csv")
    by: dict[tuple[str, str], list[dict]] = {}
    for r in rows:
        if r["role"] != "coordinator":  # a coordinator is also a member, by design
            by.setdefault((r["project"], r["state"]), []).append(r)
    for key, spans in by.items():
        for a in spans:
            for b in spans:
                if a["role"] < b["role"]:
                    overlap = a["since"] < (b["until"] or "9999") and b["since"] < (a["until"] or "9999")
                    assert not overlap, f"{key}: {a['role']} and {b['role']} overlap"


def test_no_participation_rests_on_a_page_from_long_before_its_project():
    # A page published more than a year before its project was listed (for the first wave:
    # before the political agreement of 11 December 2017) cannot show who takes part in it.
    # The one exception is a proposal announced early: Poland put forward the medical
    # training centre (SMTC) in June 2018, before it was listed in the third wave.
    sources = {s["id"]: s for s in table("sources.csv")}
    projects = {p["slug"]: p for p in table("projects.csv")}
    waves = {w["number"]: w["date"] for w in table("waves.csv")}
    allowed = {("smtc", "PL", "s0004")}
    for r in table("participations.csv"):
        wave = projects[r["project"]]["wave"]
        listed = date(2017, 12, 11) if wave == "1" else date.fromisoformat(waves[wave])
        for sid in r["sources"].split(";"):
            page = sources[sid]
            if page["date_kind"] != "published" or (r["project"], r["state"], sid) in allowed:
                continue
            assert (listed - _end_of(page["date"])).days <= 365, (r["project"], r["state"], sid)


def test_every_listed_source_is_cited():
    cited = set()
    for name in ("legal_acts.csv", "states.csv", "waves.csv", "projects.csv", "participations.csv",
                 "commitment_areas.csv", "commitments.csv", "project_counts.csv", "state_reports.csv"):
        for row in table(name):
            for column in ("sources", "status_sources"):
                cited.update(s for s in (row.get(column) or "").split(";") if s)
    listed = {s["id"] for s in table("sources.csv")}
    assert listed - cited == set(), "sources.csv lists pages nothing cites"
    assert cited - listed == set()


# ---------------------------------------------------------------------------------------------
#  National counts (data/state_reports.csv) against the register
# ---------------------------------------------------------------------------------------------


def _state_counts(graph) -> dict[tuple[str, str], dict]:
    return {(r["state"], str(r["date"])): r for r in run_query("state-counts", graph=graph).records()}


def test_national_counts_against_the_register(graph):
    rows = _state_counts(graph)
    # Complete national lists that the register now matches: Sweden, Austria and Croatia at the
    # first listing, Ireland's named answers of June 2023.
    for key, count in ((("SE", "2018-03-06"), 3), (("AT", "2018-03-06"), 4), (("HR", "2018-03-06"), 5),
                       (("IE", "2023-06-12"), 23)):
        assert rows[key]["reported"] == rows[key]["register"] == count, key
        assert rows[key]["complete"] is True and rows[key]["difference"] == 0
    # Counts the register cannot yet reach: Spain took part in twelve of the seventeen
    # first-wave projects, Italy in fifteen (Europa Press, Svenska Yle of 6 March 2018).
    assert rows[("ES", "2018-03-06")]["reported"] == 12
    assert rows[("IT", "2018-03-06")]["reported"] == 15
    assert rows[("ES", "2018-03-06")]["difference"] < 0 and rows[("IT", "2018-03-06")]["difference"] < 0
    # Ireland: 2 + 8 in July 2018, 4 + 21 in November 2023, 6 + 17 in October 2025.
    reports = {(r["state"], r["date"]): r for r in table("state_reports.csv")}
    july_2018 = reports[("IE", "2018-07-04")]
    assert (july_2018["as_member"], july_2018["as_observer"]) == ("2", "8")
    assert reports[("IE", "2023-11-07")]["projects"] == "25"
    assert reports[("IE", "2025-10-21")]["projects"] == "23"


def test_state_counts_take_a_state(graph):
    rows = run_query("state-counts", {"state": "SI"}, graph=graph).records()
    assert {r["state"] for r in rows} == {"SI"}
    assert [(str(r["date"]), r["reported"]) for r in rows] == [("2018-03-06", 7), ("2019-11-11", 8)]


@pytest.mark.parametrize("state,projects", [
    ("SE", {"emc", "military-mobility", "eu-tmcc"}),
    ("AT", {"dmdrcp", "military-mobility", "eu-tmcc", "ctirisp"}),
    ("HR", {"military-mobility", "dmdrcp", "netloghubs", "ums", "crrt"}),
])
def test_complete_lists_at_the_first_listing_start_at_the_listing(state, projects):
    # A state shown in a project on the day of its listing is in from the listing date.
    rows = {r["project"]: r for r in table("participations.csv")
            if r["state"] == state and r["role"] == "member" and r["project"] in projects}
    assert set(rows) == projects
    assert {(r["since"], r["since_basis"]) for r in rows.values()} == {("2018-03-06", "listed")}


def test_state_reports_cite_dated_pages_and_add_up():
    sources = {s["id"]: s for s in table("sources.csv")}
    for r in table("state_reports.csv"):
        date.fromisoformat(r["date"])
        assert r["sources"] and all(s in sources for s in r["sources"].split(";")), r
        parts = [int(r[c]) for c in ("as_member", "as_observer") if r[c]]
        assert sum(parts) <= int(r["projects"]), r
        if len(parts) == 2:
            assert sum(parts) == int(r["projects"]), r


_REPORT_TABLES = {
    "sources.csv": ("s.csv", "id,url,title,publisher,date,date_kind\n"
                             "s1,https://example.org/a,A,,2020-01-01,published\n"),
    "states.csv": ("st.csv", "code,alpha3,name,kind,joined,joined_by,wikidata,sources,note\n"
                             "IE,IRL,Ireland,participating,2017-12-11,,,s1,\n"),
}


@pytest.mark.parametrize("row,message", [
    ("IE,2019-02-05,10,2,7,false,s1,", "'projects': 10 is not as_member \\+ as_observer \\(9\\)"),
    ("IE,2019-02-05,3,4,,false,s1,", "'projects': 3 is less than one of its parts"),
    ("IE,2019-02-05,ten,,,false,s1,", "'projects': 'ten' is not a number"),
    ("IE,2019-02,10,,,false,s1,", "'date'"),
    ("IE,2019-02-05,10,,,yes,s1,", "'list_complete': 'yes' is not one of true, false"),
    ("XX,2019-02-05,10,,,false,s1,", "unknown state 'XX'"),
    ("IE,2019-02-05,10,,,false,s9,", "unknown source 's9'"),
])
def test_bad_state_report_names_line_and_column(row, message):
    from pesco_graph.errors import InputError
    from pesco_graph.tabular import map_tables

    tables = dict(_REPORT_TABLES)
    tables["state_reports.csv"] = ("r.csv", "state,date,projects,as_member,as_observer,list_complete,"
                                            f"sources,note\n{row}\n")
    with pytest.raises(InputError, match=message) as info:
        map_tables(tables)
    assert "r.csv:2" in str(info.value)


@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
@pytest.mark.parametrize("omit,path", [
    (None, None),
    (PESCO.listComplete, "pesco:listComplete"),
    (PESCO.reportedProjects, "pesco:reportedProjects"),
    (PESCO.reportedState, "pesco:reportedState"),
])
def test_state_report_shape(tmp_path, engine, omit, path):
    from rdflib import Graph
    from rdflib.namespace import XSD

    from pesco_graph.validate import validate_files

    from .conftest import FIXTURES

    g = Graph().parse(FIXTURES / "valid.ttl")
    report = URIRef(B + "state-report/NL/2019-11-12")
    for p, o in ((RDF.type, PESCO.StateProjectReport), (PESCO.reportedState, URIRef(B + "state/NL")),
                 (DCTERMS.date, Literal("2019-11-12", datatype=XSD.date)),
                 (PESCO.reportedProjects, Literal(8)), (PESCO.listComplete, Literal(False)),
                 (DCTERMS.source, URIRef("https://example.org/source-1"))):
        if p != omit:
            g.add((report, p, o))
    case = tmp_path / "case.ttl"
    g.serialize(case, format="turtle")
    result = validate_files([case], engine=engine)
    hits = [r for r in result.violations if r.shape == "pshape:StateProjectReportShape"]
    if path is None:
        assert result.conforms and hits == [], result.to_text()
    else:
        assert any(r.path == path for r in hits), result.to_text()
