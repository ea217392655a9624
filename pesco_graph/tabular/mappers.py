"""One function per table, mapping a row to triples."""

from __future__ import annotations

import re
from collections.abc import Callable

from pyoxigraph import Literal, NamedNode

from ..errors import cut
from ..namespace import (
    BASE,
    DCTERMS,
    ELI,
    EU_COUNTRY,
    FOAF,
    ORG,
    PESCO,
    RDF,
    RDFS,
    SKOS,
    WD,
    XSD,
    concept_iri,
    participation_iri,
    project_iri,
    state_iri,
    wave_iri,
)
from ..vocabularies import notations
from .context import MappingContext
from .rows import Row, literal
from .schema import ACT_TYPES, STATE_KINDS

__all__ = ['MAPPERS']

_WIKIDATA_RE = re.compile(r"^Q\d+$")
_ALPHA2_RE = re.compile(r"^[A-Z]{2}$")
_ALPHA3_RE = re.compile(r"^[A-Z]{3}$")
_SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_AREA_RE = re.compile(r"^[A-Za-z0-9]+([-_.][A-Za-z0-9]+)*$")


def _map_sources(ctx: MappingContext, row: Row) -> None:
    key = row.required("id")
    if key in ctx.sources:
        raise row.fail("id", f"duplicate source id {cut(key)!r}")
    url = row.required("url")
    if not re.match(r"^https?://\S+$", url):
        raise row.fail("url", f"{cut(url)!r} is not an http(s) URL")
    iri = row.iri("url")
    ctx.sources[key] = iri
    g = ctx.graph
    g.add((iri, RDF.type, PESCO.Source))
    g.add((iri, DCTERMS.title, literal(row.required("title"))))
    when = row.required_date("date", full=False)
    g.add((iri, DCTERMS.date, when))
    if row.choice("date_kind", ("published", "consulted")) == "published":
        g.add((iri, DCTERMS.issued, when))
    else:
        g.add((iri, SKOS.note, literal("Undated page: its date is the date it was consulted.", lang="en")))
    if row.get("publisher"):
        g.add((iri, DCTERMS.publisher, literal(row.get("publisher"))))


def _map_legal_acts(ctx: MappingContext, row: Row) -> None:
    key = row.required("id")
    iri = row.iri("iri")
    if key in ctx.acts:
        raise row.fail("id", f"duplicate legal act id {cut(key)!r}")
    ctx.acts[key] = iri
    g = ctx.graph
    kind = row.choice("type", tuple(ACT_TYPES))
    g.add((iri, RDF.type, ACT_TYPES[kind]))
    g.add((iri, RDF.type, PESCO.LegalAct))
    g.add((iri, RDF.type, ELI.LegalResource))
    g.add((iri, ELI.title, literal(row.required("title"), lang="en")))
    g.add((iri, RDFS.label, literal(row.required("number"), lang="en")))
    g.add((iri, ELI.date_document, row.required_date("date")))
    if row.get("celex"):
        g.add((iri, ELI.id_local, literal(row.get("celex"))))
    if row.get("oj"):
        g.add((iri, PESCO.officialJournal, literal(row.get("oj"))))
    for role in row.many("role"):
        if role not in notations("act-role"):
            raise row.fail("role", f"{cut(role)!r} is not one of {', '.join(notations('act-role'))}")
        g.add((iri, PESCO.actRole, concept_iri("act-role", role)))
    if row.get("eli_constructed"):
        flag = row.choice("eli_constructed", ("true", "false"))
        g.add((iri, PESCO.eliConstructed, literal(flag == "true", datatype=XSD.boolean)))
    for column, predicate in (("amends", ELI.amends), ("based_on", ELI.based_on), ("repeals", ELI.repeals)):
        for other in row.many(column):
            g.add((iri, predicate, ctx.act(row, column, other)))
    if row.get("note"):
        g.add((iri, SKOS.note, literal(row.get("note"), lang="en")))
    ctx.add_sources(iri, ctx.source_refs(row))


def _map_states(ctx: MappingContext, row: Row) -> None:
    code = row.required("code")
    if not _ALPHA2_RE.match(code):
        raise row.fail("code", f"{cut(code)!r} is not an ISO 3166-1 alpha-2 code")
    alpha3 = row.required("alpha3")
    if not _ALPHA3_RE.match(alpha3):
        raise row.fail("alpha3", f"{cut(alpha3)!r} is not an ISO 3166-1 alpha-3 code")
    iri = state_iri(code)
    if code in ctx.states:
        raise row.fail("code", f"duplicate state {cut(code)!r}")
    ctx.states[code] = iri
    g = ctx.graph
    kind = row.choice("kind", tuple(STATE_KINDS))
    g.add((iri, RDF.type, STATE_KINDS[kind]))
    g.add((iri, RDF.type, PESCO.State))
    g.add((iri, RDFS.label, literal(row.required("name"), lang="en")))
    g.add((iri, SKOS.prefLabel, literal(row.required("name"), lang="en")))
    g.add((iri, FOAF.name, literal(row.required("name"), lang="en")))  # DCAT-AP's agents have a name
    g.add((iri, PESCO.alpha2, literal(code)))
    g.add((iri, PESCO.alpha3, literal(alpha3)))
    g.add((iri, SKOS.exactMatch, EU_COUNTRY[alpha3]))
    if row.get("wikidata"):
        qid = row.get("wikidata")
        if not _WIKIDATA_RE.match(qid):
            raise row.fail("wikidata", f"{cut(qid)!r} is not a Wikidata item id (Q...)")
        g.add((iri, SKOS.exactMatch, WD[qid]))
    joined = row.date("joined")
    if joined is not None:
        g.add((iri, PESCO.joinedPESCO, joined))
    if row.get("joined_by"):
        g.add((iri, PESCO.admittedToPESCOBy, ctx.act(row, "joined_by", row.get("joined_by"))))
    if row.get("note"):
        g.add((iri, SKOS.note, literal(row.get("note"), lang="en")))
    ctx.add_sources(iri, ctx.source_refs(row))


def _map_waves(ctx: MappingContext, row: Row) -> None:
    number = row.required("number")
    if not number.isdigit():
        raise row.fail("number", f"{cut(number)!r} is not a wave number")
    iri = wave_iri(int(number))
    if number in ctx.waves:
        raise row.fail("number", f"duplicate wave {cut(number)!r}")
    ctx.waves[number] = iri
    g = ctx.graph
    g.add((iri, RDF.type, PESCO.Wave))
    g.add((iri, PESCO.waveNumber, literal(int(number))))
    g.add((iri, RDFS.label, literal(f"PESCO wave {number}", lang="en")))
    g.add((iri, DCTERMS.date, row.required_date("date")))
    if row.get("decision"):
        decision = ctx.act(row, "decision", row.get("decision"))
        ctx.wave_decisions[number] = decision
        g.add((iri, PESCO.adoptedBy, decision))
    ctx.add_sources(iri, ctx.source_refs(row))


def _map_projects(ctx: MappingContext, row: Row) -> None:
    slug = row.required("slug")
    if not _SLUG_RE.match(slug):
        raise row.fail("slug", f"{cut(slug)!r} is not a slug (lowercase letters, digits, hyphens)")
    if slug in ctx.projects:
        raise row.fail("slug", f"duplicate project {cut(slug)!r}")
    iri = project_iri(slug)
    ctx.projects[slug] = iri
    g = ctx.graph
    g.add((iri, RDF.type, PESCO.Project))
    g.add((iri, PESCO.slug, literal(slug)))
    g.add((iri, RDFS.label, literal(row.required("name"), lang="en")))
    if row.get("acronym"):
        g.add((iri, PESCO.acronym, literal(row.get("acronym"))))
    wave = row.required("wave")
    g.add((iri, PESCO.wave, ctx.ref(row, "wave", ctx.waves, "wave", wave)))
    if wave in ctx.wave_decisions:
        g.add((iri, PESCO.listedBy, ctx.wave_decisions[wave]))
    domain = row.choice("domain", notations("domain"), required=False)
    if domain:
        g.add((iri, PESCO.capabilityDomain, concept_iri("domain", domain)))
    status = row.choice("status", notations("status"))
    g.add((iri, PESCO.status, concept_iri("status", status)))
    status_date = row.date("status_date", full=False)
    if status_date is not None:
        g.add((iri, PESCO.statusDate, status_date))
    if row.get("merged_into"):
        ctx.pending_merges.append((row, iri, row.get("merged_into")))
    if row.get("description"):
        g.add((iri, DCTERMS.description, literal(row.get("description"), lang="en")))
    if row.get("pesco_url"):
        g.add((iri, FOAF.page, row.iri("pesco_url")))
    if row.get("wikidata"):
        qid = row.get("wikidata")
        if not _WIKIDATA_RE.match(qid):
            raise row.fail("wikidata", f"{cut(qid)!r} is not a Wikidata item id (Q...)")
        g.add((iri, SKOS.exactMatch, WD[qid]))
    ctx.add_sources(iri, ctx.source_refs(row))
    ctx.add_sources(iri, ctx.source_refs(row, "status_sources", required=False), PESCO.statusSource)
    completeness = row.choice("members_completeness", notations("completeness"))
    g.add((iri, PESCO.memberListCompleteness, concept_iri("completeness", completeness)))
    as_of = row.date("members_as_of", full=True)
    if as_of is not None:
        g.add((iri, PESCO.memberListAsOf, as_of))
    if row.get("note"):
        g.add((iri, SKOS.note, literal(row.get("note"), lang="en")))


def _map_participations(ctx: MappingContext, row: Row) -> None:
    slug = row.required("project")
    project = ctx.ref(row, "project", ctx.projects, "project", slug)
    code = row.required("state")
    state = ctx.ref(row, "state", ctx.states, "state", code)
    role = row.choice("role", notations("role"))
    since = row.required_date("since")
    iri = participation_iri(slug, code, role, since.value)
    g = ctx.graph
    if (iri, RDF.type, PESCO.Participation) in g:
        raise row.fail("since", f"duplicate participation {slug}/{code}/{role}/{since.value}")
    g.add((iri, RDF.type, PESCO.Participation))
    g.add((iri, ORG.organization, project))
    g.add((iri, ORG.member, state))
    g.add((iri, ORG.role, concept_iri("role", role)))
    basis = row.choice("since_basis", notations("start-basis"))
    # A start date only where a source gives one (listed with the project, a reported joining
    # date); a date that rests only on the first page showing the row is an attestation: the
    # participation held on that day, since when is not known.
    g.add((iri, PESCO.attestedOn if basis == "attested" else PESCO.since, since))
    g.add((iri, PESCO.sinceBasis, concept_iri("start-basis", basis)))
    until = row.date("until")
    if until is not None:
        g.add((iri, PESCO.until, until))
    if row.get("admitted_by"):
        g.add((iri, PESCO.admittedBy, ctx.act(row, "admitted_by", row.get("admitted_by"))))
    if row.get("note"):
        g.add((iri, SKOS.note, literal(row.get("note"), lang="en")))
    ctx.add_sources(iri, ctx.source_refs(row))


def _map_commitment_areas(ctx: MappingContext, row: Row) -> None:
    area = row.required("area")
    if not _AREA_RE.match(area):
        raise row.fail("area", f"{cut(area)!r} is not an area code (letters, digits, '-', '_', '.')")
    if area in ctx.areas:
        raise row.fail("area", f"duplicate commitment area {cut(area)!r}")
    iri = NamedNode(f"{BASE}commitment/area-{area}")
    ctx.areas[area] = iri
    g = ctx.graph
    scheme = NamedNode(f"{BASE}commitment")
    g.add((scheme, RDF.type, SKOS.ConceptScheme))
    for label_property in (SKOS.prefLabel, RDFS.label, DCTERMS.title):  # DCAT-AP: schemes have a title
        g.add((scheme, label_property, literal("PESCO more binding commitments", lang="en")))
    g.add((iri, RDF.type, SKOS.Concept))
    g.add((iri, SKOS.inScheme, scheme))
    g.add((iri, SKOS.topConceptOf, scheme))
    g.add((iri, SKOS.notation, literal(area)))
    g.add((iri, SKOS.prefLabel, literal(row.required("label"), lang="en")))
    g.add((iri, RDFS.label, literal(row.required("label"), lang="en")))
    g.add((iri, SKOS.definition, literal(row.required("summary"), lang="en")))
    ctx.add_sources(iri, ctx.source_refs(row))


def _map_commitments(ctx: MappingContext, row: Row) -> None:
    number = row.required("number")
    if not number.isdigit():
        raise row.fail("number", f"{cut(number)!r} is not a commitment number")
    iri = NamedNode(f"{BASE}commitment/{int(number)}")
    if str(int(number)) in ctx.commitments:
        raise row.fail("number", f"duplicate commitment {int(number)}")
    ctx.commitments.add(str(int(number)))
    g = ctx.graph
    if row.get("area"):
        g.add((iri, SKOS.broader, ctx.ref(row, "area", ctx.areas, "commitment area", row.get("area"))))
    g.add((iri, RDF.type, SKOS.Concept))
    g.add((iri, SKOS.inScheme, NamedNode(f"{BASE}commitment")))
    g.add((iri, SKOS.notation, literal(number)))
    g.add((iri, PESCO.commitmentNumber, literal(int(number))))
    g.add((iri, SKOS.prefLabel, literal(f"Commitment {int(number)}", lang="en")))
    g.add((iri, RDFS.label, literal(f"Commitment {int(number)}", lang="en")))
    g.add((iri, SKOS.definition, literal(row.required("summary"), lang="en")))
    confirmed = row.choice("confirmed", ("true", "false"))
    g.add((iri, PESCO.confirmed, literal(confirmed == "true", datatype=XSD.boolean)))
    ctx.add_sources(iri, ctx.source_refs(row, required=confirmed == "true"))


def _count(row: Row, column: str, required: bool = False) -> Literal | None:
    value = row.required(column) if required else row.get(column)
    if not value:
        return None
    if not value.isdigit():
        raise row.fail(column, f"{cut(value)!r} is not a number of projects")
    return literal(int(value))


def _map_project_counts(ctx: MappingContext, row: Row) -> None:
    when = row.required_date("date")
    iri = NamedNode(f"{BASE}project-count/{when.value}")
    g = ctx.graph
    if (iri, RDF.type, PESCO.ProjectCountReport) in g:
        raise row.fail("date", f"duplicate project count for {when.value}")
    g.add((iri, RDF.type, PESCO.ProjectCountReport))
    g.add((iri, DCTERMS.date, when))
    ongoing = _count(row, "ongoing", required=True)
    assert ongoing is not None  # a required cell is never empty
    g.add((iri, PESCO.ongoingProjects, ongoing))
    for column, predicate in (("created", PESCO.createdProjects), ("closed", PESCO.closedProjects)):
        value = _count(row, column)
        if value is not None:
            g.add((iri, predicate, value))
    if row.get("note"):
        g.add((iri, SKOS.note, literal(row.get("note"), lang="en")))
    ctx.add_sources(iri, ctx.source_refs(row))


def _map_state_reports(ctx: MappingContext, row: Row) -> None:
    """A dated national statement of how many projects a state took part in."""
    code = row.required("state")
    state = ctx.ref(row, "state", ctx.states, "state", code)
    when = row.required_date("date")
    iri = NamedNode(f"{BASE}state-report/{code}/{when.value}")
    g = ctx.graph
    if (iri, RDF.type, PESCO.StateProjectReport) in g:
        raise row.fail("date", f"duplicate report for {code} on {when.value}")
    counts = {c: _count(row, c, required=c == "projects") for c in ("projects", "as_member", "as_observer")}
    total, members, observers = (None if v is None else int(v.value) for v in counts.values())
    if members is not None and observers is not None and members + observers != total:
        raise row.fail("projects", f"{total} is not as_member + as_observer ({members + observers})")
    if max(members or 0, observers or 0) > (total or 0):
        raise row.fail("projects", f"{total} is less than one of its parts")
    complete = row.choice("list_complete", ("true", "false"))
    g.add((iri, RDF.type, PESCO.StateProjectReport))
    g.add((iri, PESCO.reportedState, state))
    g.add((iri, DCTERMS.date, when))
    for column, predicate in (
        ("projects", PESCO.reportedProjects),
        ("as_member", PESCO.reportedMemberships),
        ("as_observer", PESCO.reportedObserverSeats),
    ):
        value = counts[column]
        if value is not None:
            g.add((iri, predicate, value))
    g.add((iri, PESCO.listComplete, literal(complete == "true")))
    if row.get("note"):
        g.add((iri, SKOS.note, literal(row.get("note"), lang="en")))
    ctx.add_sources(iri, ctx.source_refs(row))


MAPPERS: dict[str, Callable[[MappingContext, Row], None]] = {
    "sources.csv": _map_sources,
    "legal_acts.csv": _map_legal_acts,
    "states.csv": _map_states,
    "waves.csv": _map_waves,
    "projects.csv": _map_projects,
    "participations.csv": _map_participations,
    "commitment_areas.csv": _map_commitment_areas,
    "commitments.csv": _map_commitments,
    "project_counts.csv": _map_project_counts,
    "state_reports.csv": _map_state_reports,
}
