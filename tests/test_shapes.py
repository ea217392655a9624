"""Each SHACL rule: a valid fixture passes, and an invalid one fails on that rule and path."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, ORG, RDF, RDFS, XSD

from pesco_graph.validate import validate_files

from .conftest import FIXTURES

PESCO = Namespace("https://w3id.org/pesco-kg/ontology#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")

B = Namespace("https://w3id.org/pesco-kg/")
SH = "https://w3id.org/pesco-kg/shapes#"
MM = B["project/mm"]
NL_COORD = B["participation/mm/NL/coordinator/2018-03-06"]
NL_MEMBER = B["participation/mm/NL/member/2018-03-06"]
US_MEMBER = B["participation/mm/US/member/2021-05-06"]
SRC = URIRef("https://example.org/source-1")
DEC_2315 = URIRef("http://data.europa.eu/eli/dec/2017/2315/oj")
D = XSD.date


def base() -> Graph:
    return Graph().parse(FIXTURES / "valid.ttl")


def check(tmp_path, graph: Graph, engine: str = "sparql"):
    path = tmp_path / "case.ttl"
    graph.serialize(path, format="turtle")
    return validate_files([path], engine=engine)


def new_participation(g: Graph, state: str, role: str, since: str, **extra) -> URIRef:
    iri = B[f"participation/mm/{state}/{role}/{since}"]
    g.add((iri, RDF.type, PESCO.Participation))
    g.add((iri, ORG.organization, MM))
    g.add((iri, ORG.member, B[f"state/{state}"]))
    g.add((iri, ORG.role, B[f"role/{role}"]))
    g.add((iri, PESCO.since, Literal(since, datatype=D)))
    g.add((iri, DCTERMS.source, SRC))
    for p, o in extra.items():
        g.add((iri, PESCO[p], o))
    return iri


@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
def test_valid_fixture_conforms_without_warnings(tmp_path, engine):
    report = check(tmp_path, base(), engine)
    assert report.conforms, report.to_text()
    assert report.results == []


def _remove(*triples):
    def edit(g: Graph) -> None:
        for t in triples:
            g.remove(t)
    return edit


def _add(*triples):
    def edit(g: Graph) -> None:
        for t in triples:
            g.add(t)
    return edit


def _denmark_2022(g: Graph) -> None:
    dk = B["state/DK"]
    g.add((dk, RDF.type, PESCO.State))
    g.add((dk, RDF.type, PESCO.ParticipatingMemberState))
    g.add((dk, RDFS.label, Literal("Denmark", lang="en")))
    g.add((dk, PESCO.alpha2, Literal("DK")))
    g.add((dk, PESCO.joinedPESCO, Literal("2023-05-23", datatype=D)))
    g.add((dk, PESCO.admittedToPESCOBy, DEC_2315))
    g.add((dk, DCTERMS.source, SRC))
    new_participation(g, "DK", "member", "2022-01-01")


def _second_wave(g: Graph) -> None:
    w2 = B["wave/2"]
    g.add((w2, RDF.type, PESCO.Wave))
    g.add((w2, PESCO.waveNumber, Literal(2)))
    g.add((w2, DCTERMS.date, Literal("2018-11-19", datatype=D)))
    g.add((w2, PESCO.adoptedBy, URIRef("http://data.europa.eu/eli/dec/2018/340/oj")))
    g.add((MM, PESCO.wave, w2))


def _bad_eli(g: Graph) -> None:
    act = URIRef("https://example.org/act/1")
    g.add((act, RDF.type, PESCO.LegalAct))
    g.add((act, RDF.type, PESCO.CouncilDecision))
    g.add((act, ELI.title, Literal("Not an ELI", lang="en")))
    g.add((act, ELI.date_document, Literal("2019-01-01", datatype=D)))
    g.add((act, DCTERMS.source, SRC))


def _malta_member(g: Graph) -> None:
    new_participation(g, "MT", "member", "2019-01-01")


def _source_not_web(g: Graph) -> None:
    src = URIRef("urn:isbn:123")
    g.add((src, DCTERMS.title, Literal("A book")))
    g.add((src, DCTERMS.date, Literal("2020", datatype=XSD.gYear)))
    g.add((NL_MEMBER, DCTERMS.source, src))


def _count_without_number(g: Graph) -> None:
    report = B["project-count/2019-11-12"]
    g.add((report, RDF.type, PESCO.ProjectCountReport))
    g.add((report, DCTERMS.date, Literal("2019-11-12", datatype=D)))
    g.add((report, DCTERMS.source, SRC))


def _count_as_text(g: Graph) -> None:
    _count_without_number(g)
    g.add((B["project-count/2019-11-12"], PESCO.ongoingProjects, Literal("47")))


CASES = [
    # name, edit, shape, path
    ("project without name", _remove((MM, RDFS.label, None)), "ProjectName", "rdfs:label"),
    ("project in two waves", _second_wave, "ProjectWave", "pesco:wave"),
    ("project without status", _remove((MM, PESCO.status, None)), "ProjectStatus", "pesco:status"),
    ("project with two domains",
     _add((MM, PESCO.capabilityDomain, B["domain/space"])), "ProjectDomainMax", "pesco:capabilityDomain"),
    ("project without source", _remove((MM, DCTERMS.source, None)), "ProjectSource", "dcterms:source"),
    ("closed project without status source",
     lambda g: g.set((MM, PESCO.status, B["status/closed"])), "ClosedProjectShape", None),
    ("coordinator who is not a member", _remove((NL_MEMBER, None, None)),
     "CoordinatorIsMemberShape", "org:member"),
    ("participation without project", _remove((NL_MEMBER, ORG.organization, None)),
     "ParticipationProject", "org:organization"),
    ("participation without state", _remove((NL_MEMBER, ORG.member, None)),
     "ParticipationState", "org:member"),
    ("participation with two roles", _add((NL_MEMBER, ORG.role, B["role/observer"])),
     "ParticipationRole", "org:role"),
    ("participation without start or attestation", _remove((NL_MEMBER, PESCO.since, None)),
     "ParticipationDatedShape", None),
    ("participation with two start dates", _add((NL_MEMBER, PESCO.since, Literal("2019-01-01", datatype=D))),
     "ParticipationSince", "pesco:since"),
    ("participation attested before its wave",
     _add((NL_MEMBER, PESCO.attestedOn, Literal("2018-01-01", datatype=D))),
     "ParticipationAttestedAfterWave", "org:organization/pesco:wave/dcterms:date"),
    ("participation without source", _remove((NL_MEMBER, DCTERMS.source, None)),
     "ParticipationSource", "dcterms:source"),
    ("participation ending before it starts",
     _add((NL_MEMBER, PESCO.until, Literal("2018-01-01", datatype=D))),
     "ParticipationEndsAfterStart", "pesco:since"),
    ("participation before its wave",
     lambda g: g.set((NL_MEMBER, PESCO.since, Literal("2018-01-01", datatype=D))),
     "ParticipationAfterWave", "org:organization/pesco:wave/dcterms:date"),
    ("participation before its state joined PESCO", _denmark_2022,
     "ParticipationAfterJoining", "org:member/pesco:joinedPESCO"),
    ("third state before its admission",
     lambda g: g.set((US_MEMBER, PESCO.since, Literal("2020-01-01", datatype=D))),
     "ParticipationAfterAdmission", "pesco:admittedBy/eli:date_document"),
    ("Malta takes part", _malta_member, "NonParticipatingMemberStateShape", "^org:member"),
    ("third state without admitting decision", _remove((US_MEMBER, PESCO.admittedBy, None)),
     "ThirdStateShape", "^org:member"),
    ("third state as coordinator",
     lambda g: new_participation(g, "US", "coordinator", "2021-06-01",
                                 admittedBy=URIRef("http://data.europa.eu/eli/dec/2021/750/oj")),
     "ThirdStateShape", "^org:member"),
    ("decision that is not an ELI IRI", _bad_eli, "CouncilDecisionShape", None),
    ("legal act without date", _remove((DEC_2315, ELI.date_document, None)), "LegalActShape",
     "eli:date_document"),
    ("legal act without title", _remove((DEC_2315, ELI.title, None)), "LegalActShape", "eli:title"),
    ("source without date", _remove((SRC, DCTERMS.date, None)), "SourceShape", "dcterms:date"),
    ("source that is not a web page", _source_not_web, "SourceShape", None),
    ("state without ISO code", _remove((B["state/NL"], PESCO.alpha2, None)), "StateShape",
     "pesco:alpha2"),
    ("project count without a number", _count_without_number, "ProjectCountReportShape",
     "pesco:ongoingProjects"),
    ("project count that is not an integer", _count_as_text, "ProjectCountReportShape",
     "pesco:ongoingProjects"),
    ("member state without join date", _remove((B["state/NL"], PESCO.joinedPESCO, None)),
     "ParticipatingMemberStateShape", "pesco:joinedPESCO"),
]


@pytest.mark.parametrize("engine", ["sparql", "pyshacl"])
@pytest.mark.parametrize("name,edit,shape,path", CASES, ids=[c[0] for c in CASES])
def test_invalid_fixture_fails_on_its_rule(tmp_path, name, edit, shape, path, engine):
    g = base()
    edit(g)
    report = check(tmp_path, g, engine)
    assert not report.conforms, f"{name}: expected a violation"
    hits = [r for r in report.violations if r.shape == f"pshape:{shape}"]
    assert hits, f"{name}: no violation from {shape}:\n{report.to_text()}"
    if path is not None:
        assert any(r.path == path for r in hits), f"{name}: paths {[r.path for r in hits]}"


def test_gaps_are_warnings_not_violations(tmp_path):
    g = base()
    g.remove((MM, PESCO.capabilityDomain, None))
    g.remove((NL_COORD, None, None))
    report = check(tmp_path, g)
    assert report.conforms
    shapes = {r.shape for r in report.warnings}
    assert {"pshape:ProjectDomainKnown", "pshape:ProjectCoordinatorKnown"} <= shapes


def test_violation_report_names_node_property_value_and_rule(tmp_path):
    g = base()
    g.set((NL_MEMBER, PESCO.since, Literal("2018-01-01", datatype=D)))
    report = check(tmp_path, g)
    text = report.to_text()
    assert "mm/NL/member/2018-03-06" in text
    assert "org:organization/pesco:wave/dcterms:date" in text
    assert "2018-03-06" in text  # the offending value
    assert "ParticipationAfterWave" in text
    assert "cannot start before its project's wave" in text


def _keys(report):
    return sorted({(r.severity, r.focus_node, r.path, r.shape, r.value) for r in report.results},
                  key=repr)


@pytest.mark.parametrize("name,edit", [(c[0], c[1]) for c in CASES], ids=[c[0] for c in CASES])
def test_both_engines_give_the_same_results(tmp_path, name, edit):
    g = base()
    edit(g)
    assert _keys(check(tmp_path, g, "sparql")) == _keys(check(tmp_path, g, "pyshacl"))


def test_both_engines_agree_on_the_real_data(graph):
    from pesco_graph.validate import validate

    sparql, reference = validate(graph, "sparql"), validate(graph, "pyshacl")
    assert _keys(sparql) == _keys(reference)
    assert len(sparql.warnings) > 0
