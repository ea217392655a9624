"""Namespaces and IRI minting, without rdflib.

Terms are :class:`pyoxigraph.NamedNode` objects, the currency of every graph backend (see
:mod:`pesco_graph.backends`). ``PESCO`` and ``ELI`` are closed: using a term the ontology
does not declare raises ``AttributeError`` instead of silently minting a new IRI (a test
checks ``PESCO``'s list against ``ontology/pesco.ttl``).

>>> PESCO.Project.value
'https://w3id.org/pesco-kg/ontology#Project'
>>> getattr(PESCO, "Proj" + "ekt")
Traceback (most recent call last):
...
AttributeError: 'Projekt' is not a term of https://w3id.org/pesco-kg/ontology#
"""

from __future__ import annotations

import re
from urllib.parse import quote

from pyoxigraph import NamedNode

__all__ = [
    "BASE", "Namespace", "ClosedNamespace", "PESCO", "ELI", "EU_COUNTRY", "WD", "RDF", "RDFS",
    "OWL", "XSD", "SKOS", "DCTERMS", "FOAF", "ORG", "TIME", "VOID", "PROV", "DCAT", "SH",
    "PREFIXES", "slugify", "project_iri", "state_iri", "participation_iri", "wave_iri",
    "concept_iri", "output_iri", "phase_iri", "capability_iri", "legal_act_iri",
]

BASE = "https://w3id.org/pesco-kg/"


class Namespace:
    """An open namespace: ``NS.term`` and ``NS["term"]`` are :class:`NamedNode` objects.

    (Not a ``str`` subclass: ``DCTERMS.title`` must be a term, not ``str.title``.)

    >>> DCTERMS.title.value
    'http://purl.org/dc/terms/title'
    """

    __slots__ = ("iri",)

    def __init__(self, iri: str) -> None:
        self.iri = iri

    def __str__(self) -> str:
        return self.iri

    def __repr__(self) -> str:
        return f"Namespace({self.iri!r})"

    def __getitem__(self, name: str) -> NamedNode:
        return NamedNode(self.iri + name)

    def __getattr__(self, name: str) -> NamedNode:
        if name.startswith("__"):
            raise AttributeError(name)
        return NamedNode(self.iri + name)


class ClosedNamespace:
    """A namespace of a fixed list of terms; any other name raises ``AttributeError``."""

    def __init__(self, iri: str, terms: tuple[str, ...]) -> None:
        self.iri = iri
        self.terms = terms
        self._nodes = {t: NamedNode(iri + t) for t in terms}

    def __str__(self) -> str:
        return self.iri

    def __getattr__(self, name: str) -> NamedNode:
        nodes: dict[str, NamedNode] = self.__dict__["_nodes"]
        try:
            return nodes[name]
        except KeyError:
            raise AttributeError(f"{name!r} is not a term of {self.__dict__.get('iri')}") from None

    def __getitem__(self, name: str) -> NamedNode:
        return self.__getattr__(name)


PESCO = ClosedNamespace(BASE + "ontology#", (
    # classes
    "Project", "Wave", "Capability", "PlannedOutput", "ProjectPhase", "State",
    "ParticipatingMemberState", "NonParticipatingMemberState", "ThirdState", "Participation",
    "LegalAct", "CouncilDecision", "CouncilRecommendation", "TreatyProvision", "Source",
    "ProjectCountReport", "StateProjectReport",
    # properties
    "acronym", "slug", "wave", "waveNumber", "adoptedBy", "listedBy", "capabilityDomain", "status",
    "statusDate", "statusSource", "ongoingProjects", "createdProjects", "closedProjects",
    "mergedInto", "developsCapability", "pursuesActivity", "plannedOutput", "hasPhase",
    "phaseNumber", "phaseOutput", "memberListCompleteness", "memberListAsOf", "coordinatedBy",
    "hasMember", "hasObserver", "alpha2", "alpha3", "joinedPESCO", "admittedToPESCOBy", "since",
    "until", "attestedOn", "sinceBasis", "admittedBy", "actRole", "officialJournal", "eliConstructed",
    "commitmentNumber", "confirmed", "coverageNote", "reportedState", "reportedProjects",
    "reportedMemberships", "reportedObserverSeats", "listComplete",
))
ELI = ClosedNamespace("http://data.europa.eu/eli/ontology#", (
    "LegalResource", "title", "date_document", "id_local", "amends", "based_on", "repeals",
))
ELI_RESOURCE = Namespace("http://data.europa.eu/eli/")
EU_COUNTRY = Namespace("http://publications.europa.eu/resource/authority/country/")
WD = Namespace("http://www.wikidata.org/entity/")
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
RDFS = Namespace("http://www.w3.org/2000/01/rdf-schema#")
OWL = Namespace("http://www.w3.org/2002/07/owl#")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
SKOS = Namespace("http://www.w3.org/2004/02/skos/core#")
DCTERMS = Namespace("http://purl.org/dc/terms/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
ORG = Namespace("http://www.w3.org/ns/org#")
TIME = Namespace("http://www.w3.org/2006/time#")
VOID = Namespace("http://rdfs.org/ns/void#")
PROV = Namespace("http://www.w3.org/ns/prov#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
SH = Namespace("http://www.w3.org/ns/shacl#")
VANN = Namespace("http://purl.org/vocab/vann/")

PREFIXES: dict[str, str] = {
    "pesco": PESCO.iri,
    "project": BASE + "project/",
    "state": BASE + "state/",
    "wave": BASE + "wave/",
    "part": BASE + "participation/",
    "domain": BASE + "domain/",
    "activity": BASE + "activity/",
    "status": BASE + "status/",
    "role": BASE + "role/",
    "commitment": BASE + "commitment/",
    "eli": ELI.iri,
    "eu-country": str(EU_COUNTRY),
    "wd": str(WD),
    "org": str(ORG),
    "time": str(TIME),
    "skos": str(SKOS),
    "dcterms": str(DCTERMS),
    "prov": str(PROV),
    "dcat": str(DCAT),
    "void": str(VOID),
    "foaf": str(FOAF),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "vann": str(VANN),
}


_SLUG_RE = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """Make a lowercase, hyphenated slug.

    >>> slugify("EU Military Partnership (EU MilPart)")
    'eu-military-partnership-eu-milpart'
    """
    return _SLUG_RE.sub("-", text.lower()).strip("-")


def project_iri(slug: str) -> NamedNode:
    """IRI of a project from its stable slug."""
    return NamedNode(f"{BASE}project/{quote(slug)}")


def state_iri(alpha2: str) -> NamedNode:
    """IRI of a state from its ISO 3166-1 alpha-2 code."""
    return NamedNode(f"{BASE}state/{alpha2.upper()}")


def participation_iri(project_slug: str, alpha2: str, role: str, since: str | None = None) -> NamedNode:
    """IRI of a participation: ``participation/{project}/{state}/{role}[/{since}]``."""
    tail = f"/{since}" if since else ""
    return NamedNode(f"{BASE}participation/{quote(project_slug)}/{alpha2.upper()}/{role}{tail}")


def wave_iri(number: int) -> NamedNode:
    """IRI of a wave from its number."""
    return NamedNode(f"{BASE}wave/{int(number)}")


def concept_iri(scheme: str, notation: str) -> NamedNode:
    """IRI of a concept of one of the ontology's SKOS schemes, e.g. ``("role", "member")``."""
    return NamedNode(f"{BASE}{scheme}/{notation}")


def output_iri(project_slug: str, slug: str) -> NamedNode:
    """IRI of a project's planned output."""
    return NamedNode(f"{BASE}project/{quote(project_slug)}/output/{quote(slug)}")


def phase_iri(project_slug: str, number: int) -> NamedNode:
    """IRI of a phase of a project."""
    return NamedNode(f"{BASE}project/{quote(project_slug)}/phase/{int(number)}")


def capability_iri(slug: str) -> NamedNode:
    """IRI of a capability."""
    return NamedNode(f"{BASE}capability/{quote(slug)}")


def legal_act_iri(number: str, kind: str = "dec") -> NamedNode:
    """ELI IRI of an act from its number, e.g. ``legal_act_iri("2017/2315")``.

    >>> legal_act_iri("2017/2315").value
    'http://data.europa.eu/eli/dec/2017/2315/oj'
    """
    year, num = number.split("/")
    return NamedNode(f"http://data.europa.eu/eli/{kind}/{int(year)}/{int(num)}/oj")
