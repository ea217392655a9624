"""Namespaces and IRI minting.

``PESCO`` is a closed namespace: using a term the ontology does not declare raises, instead
of silently minting a new IRI (a test checks the list against ``ontology/pesco.ttl``).
"""

from __future__ import annotations

import re
from urllib.parse import quote

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import (
    DCAT,
    DCTERMS,
    FOAF,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SKOS,
    TIME,
    VOID,
    XSD,
    DefinedNamespace,
)

__all__ = [
    "BASE",
    "PESCO",
    "ELI",
    "ELI_RESOURCE",
    "EU_COUNTRY",
    "WD",
    "PREFIXES",
    "bind_prefixes",
    "project_iri",
    "state_iri",
    "participation_iri",
    "wave_iri",
    "concept_iri",
    "output_iri",
    "phase_iri",
    "capability_iri",
    "legal_act_iri",
    "slugify",
]

BASE = "https://w3id.org/pesco-kg/"


class PESCO(DefinedNamespace):
    """Terms of the PESCO knowledge graph ontology (``ontology/pesco.ttl``)."""

    _NS = Namespace(BASE + "ontology#")
    _fail = True

    # classes
    Project: URIRef
    Wave: URIRef
    Capability: URIRef
    PlannedOutput: URIRef
    ProjectPhase: URIRef
    State: URIRef
    ParticipatingMemberState: URIRef
    NonParticipatingMemberState: URIRef
    ThirdState: URIRef
    Participation: URIRef
    LegalAct: URIRef
    CouncilDecision: URIRef
    CouncilRecommendation: URIRef
    TreatyProvision: URIRef
    Source: URIRef
    ProjectCountReport: URIRef
    StateProjectReport: URIRef
    # properties
    acronym: URIRef
    slug: URIRef
    wave: URIRef
    waveNumber: URIRef
    adoptedBy: URIRef
    listedBy: URIRef
    capabilityDomain: URIRef
    status: URIRef
    statusDate: URIRef
    statusSource: URIRef
    ongoingProjects: URIRef
    createdProjects: URIRef
    closedProjects: URIRef
    reportedState: URIRef
    reportedProjects: URIRef
    reportedMemberships: URIRef
    reportedObserverSeats: URIRef
    listComplete: URIRef
    mergedInto: URIRef
    developsCapability: URIRef
    pursuesActivity: URIRef
    plannedOutput: URIRef
    hasPhase: URIRef
    phaseNumber: URIRef
    phaseOutput: URIRef
    memberListCompleteness: URIRef
    memberListAsOf: URIRef
    coordinatedBy: URIRef
    hasMember: URIRef
    hasObserver: URIRef
    alpha2: URIRef
    alpha3: URIRef
    joinedPESCO: URIRef
    admittedToPESCOBy: URIRef
    since: URIRef
    until: URIRef
    sinceBasis: URIRef
    admittedBy: URIRef
    actRole: URIRef
    officialJournal: URIRef
    eliConstructed: URIRef
    commitmentNumber: URIRef
    confirmed: URIRef
    coverageNote: URIRef


class ELI(DefinedNamespace):
    """The terms of the European Legislation Identifier ontology that the graph uses."""

    _NS = Namespace("http://data.europa.eu/eli/ontology#")
    _fail = True

    LegalResource: URIRef
    title: URIRef
    date_document: URIRef
    id_local: URIRef
    amends: URIRef
    based_on: URIRef
    repeals: URIRef


ELI_RESOURCE = Namespace("http://data.europa.eu/eli/")
EU_COUNTRY = Namespace("http://publications.europa.eu/resource/authority/country/")
WD = Namespace("http://www.wikidata.org/entity/")
CELEX = Namespace("http://publications.europa.eu/resource/celex/")
VANN = Namespace("http://purl.org/vocab/vann/")

PREFIXES: dict[str, Namespace | str] = {
    "pesco": PESCO._NS,
    "project": Namespace(BASE + "project/"),
    "state": Namespace(BASE + "state/"),
    "wave": Namespace(BASE + "wave/"),
    "part": Namespace(BASE + "participation/"),
    "domain": Namespace(BASE + "domain/"),
    "activity": Namespace(BASE + "activity/"),
    "status": Namespace(BASE + "status/"),
    "role": Namespace(BASE + "role/"),
    "commitment": Namespace(BASE + "commitment/"),
    "eli": ELI._NS,
    "eu-country": EU_COUNTRY,
    "wd": WD,
    "org": ORG,
    "time": TIME,
    "skos": SKOS,
    "dcterms": DCTERMS,
    "prov": PROV,
    "dcat": DCAT,
    "void": VOID,
    "foaf": FOAF,
    "owl": OWL,
    "rdf": RDF,
    "rdfs": RDFS,
    "xsd": XSD,
    "vann": VANN,
}


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the project's prefixes on ``graph`` (so no ``ns1:`` appears in output)."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


_SLUG_RE = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """Make a lowercase, hyphenated slug.

    >>> slugify("EU Military Partnership (EU MilPart)")
    'eu-military-partnership-eu-milpart'
    """
    return _SLUG_RE.sub("-", text.lower()).strip("-")


def project_iri(slug: str) -> URIRef:
    """IRI of a project from its stable slug."""
    return URIRef(f"{BASE}project/{quote(slug)}")


def state_iri(alpha2: str) -> URIRef:
    """IRI of a state from its ISO 3166-1 alpha-2 code."""
    return URIRef(f"{BASE}state/{alpha2.upper()}")


def participation_iri(project_slug: str, alpha2: str, role: str, since: str | None = None) -> URIRef:
    """IRI of a participation: ``participation/{project}/{state}/{role}[/{since}]``."""
    tail = f"/{since}" if since else ""
    return URIRef(f"{BASE}participation/{quote(project_slug)}/{alpha2.upper()}/{role}{tail}")


def wave_iri(number: int) -> URIRef:
    """IRI of a wave from its number."""
    return URIRef(f"{BASE}wave/{int(number)}")


def concept_iri(scheme: str, notation: str) -> URIRef:
    """IRI of a concept of one of the ontology's SKOS schemes, e.g. ``("role", "member")``."""
    return URIRef(f"{BASE}{scheme}/{notation}")


def output_iri(project_slug: str, slug: str) -> URIRef:
    """IRI of a project's planned output."""
    return URIRef(f"{BASE}project/{quote(project_slug)}/output/{quote(slug)}")


def phase_iri(project_slug: str, number: int) -> URIRef:
    """IRI of a phase of a project."""
    return URIRef(f"{BASE}project/{quote(project_slug)}/phase/{int(number)}")


def capability_iri(slug: str) -> URIRef:
    """IRI of a capability."""
    return URIRef(f"{BASE}capability/{quote(slug)}")


def legal_act_iri(number: str, kind: str = "dec") -> URIRef:
    """ELI IRI of an act from its number, e.g. ``legal_act_iri("2017/2315")``.

    >>> str(legal_act_iri("2017/2315"))
    'http://data.europa.eu/eli/dec/2017/2315/oj'
    """
    year, num = number.split("/")
    return URIRef(f"http://data.europa.eu/eli/{kind}/{int(year)}/{int(num)}/oj")
