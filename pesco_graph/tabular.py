"""The mapping from the curated CSV tables in ``data/`` to RDF.

Each table has a fixed set of columns (``TABLES``) and one record per line (a cell cannot
hold a line break). Cells that hold several values separate them with ``;``. Every row is
checked as it is mapped, and all the problems of a run are reported together
(:class:`~pesco_graph.errors.InputErrors`, one line each naming the file, the line and the
column); a single problem is one :class:`~pesco_graph.errors.InputError`. A key given twice
in a table is refused, and every cell that becomes an IRI is checked before anything is
serialised.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator, Mapping
from datetime import date
from typing import NamedTuple

from pyoxigraph import Literal, NamedNode, Triple

from .errors import MAX_REPORTED, InputError, InputErrors, cut
from .namespace import (
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
from .vocabularies import notations

__all__ = ["TABLES", "KEYS", "map_tables", "read_rows", "Row", "MappingContext", "TripleSet", "literal"]

TABLES: dict[str, tuple[str, ...]] = {
    "sources.csv": ("id", "url", "title", "publisher", "date", "date_kind"),
    "legal_acts.csv": (
        "id", "iri", "type", "number", "title", "date", "celex", "oj", "role",
        "amends", "based_on", "repeals", "eli_constructed", "sources", "note",
    ),
    "states.csv": (
        "code", "alpha3", "name", "kind", "joined", "joined_by", "wikidata", "sources", "note",
    ),
    "waves.csv": ("number", "date", "decision", "sources"),
    "projects.csv": (
        "slug", "name", "acronym", "wave", "domain", "status", "status_date", "merged_into",
        "description", "pesco_url", "wikidata", "sources", "status_sources",
        "members_completeness", "members_as_of", "note",
    ),
    "participations.csv": (
        "project", "state", "role", "since", "since_basis", "until", "admitted_by",
        "sources", "note",
    ),
    "commitment_areas.csv": ("area", "label", "summary", "sources"),
    "commitments.csv": ("number", "area", "summary", "confirmed", "sources"),
    "project_counts.csv": ("date", "ongoing", "created", "closed", "sources", "note"),
    "state_reports.csv": (
        "state", "date", "projects", "as_member", "as_observer", "list_complete", "sources", "note",
    ),
}

# The columns that identify a row of each table (a key given twice is refused), and what
# the key names in a reference from another table.
KEYS: dict[str, tuple[tuple[str, ...], str]] = {
    "sources.csv": (("id",), "source"),
    "legal_acts.csv": (("id",), "legal act"),
    "states.csv": (("code",), "state"),
    "waves.csv": (("number",), "wave"),
    "projects.csv": (("slug",), "project"),
    "participations.csv": (("project", "state", "role", "since"), "participation"),
    "commitment_areas.csv": (("area",), "commitment area"),
    "commitments.csv": (("number",), "commitment"),
    "project_counts.csv": (("date",), "project count"),
    "state_reports.csv": (("state", "date"), "state report"),
}

# Python's csv module refuses longer cells; a cell this long is a mistake in these tables.
MAX_CELL = 131072

# The order in which tables are mapped: later tables refer to ids defined by earlier ones.
ORDER = tuple(TABLES)

_DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_WIKIDATA_RE = re.compile(r"^Q\d+$")
_ALPHA2_RE = re.compile(r"^[A-Z]{2}$")
_ALPHA3_RE = re.compile(r"^[A-Z]{3}$")
_SLUG_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_AREA_RE = re.compile(r"^[A-Za-z0-9]+([-_.][A-Za-z0-9]+)*$")

STATE_KINDS = {
    "participating": PESCO.ParticipatingMemberState,
    "non-participating": PESCO.NonParticipatingMemberState,
    "third": PESCO.ThirdState,
}
ACT_TYPES = {
    "decision": PESCO.CouncilDecision,
    "recommendation": PESCO.CouncilRecommendation,
    "treaty": PESCO.TreatyProvision,
    "conclusions": PESCO.LegalAct,
    "notification": PESCO.LegalAct,
}

def literal(value: str | int | bool, lang: str | None = None, datatype: NamedNode | None = None) -> Literal:
    """A literal: a language-tagged string, a typed value, or an integer / boolean.

    >>> literal(3).datatype.value, literal(True).value, str(literal("x", lang="en"))
    ('http://www.w3.org/2001/XMLSchema#integer', 'true', '"x"@en')
    """
    if isinstance(value, bool):
        return Literal("true" if value else "false", datatype=XSD.boolean)
    if isinstance(value, int):
        return Literal(str(value), datatype=XSD.integer)
    if lang is not None:
        return Literal(value, language=lang)
    if datatype is not None:
        return Literal(value, datatype=datatype)
    return Literal(value)


class TripleSet:
    """The triples a mapping produced, in the order they were made, without repeats."""

    def __init__(self) -> None:
        self.triples: dict[Triple, None] = {}

    def add(self, triple: tuple[NamedNode, NamedNode, NamedNode | Literal]) -> None:
        self.triples[Triple(*triple)] = None

    def __contains__(self, triple: tuple[NamedNode, NamedNode, NamedNode | Literal]) -> bool:
        return Triple(*triple) in self.triples

    def __len__(self) -> int:
        return len(self.triples)

    def __iter__(self) -> Iterator[Triple]:
        return iter(self.triples)


class Row(NamedTuple):
    """One CSV row with the place it came from, for error messages."""

    path: str
    line: int
    cells: dict[str, str]

    def fail(self, column: str, message: str) -> InputError:
        return InputError(f"column {column!r}: {message}", self.path, self.line)

    def key(self, table: str) -> tuple[str, ...]:
        """The cells that identify this row in ``table`` (numbers without leading zeros)."""
        return tuple(str(int(v)) if v.isdigit() else v for v in (self.get(c) for c in KEYS[table][0]))

    def get(self, column: str) -> str:
        return (self.cells.get(column) or "").strip()

    def required(self, column: str) -> str:
        value = self.get(column)
        if not value:
            raise self.fail(column, "a value is required")
        return value

    def many(self, column: str) -> list[str]:
        return [v.strip() for v in self.get(column).split(";") if v.strip()]

    def choice(self, column: str, allowed: tuple[str, ...], required: bool = True) -> str:
        value = self.required(column) if required else self.get(column)
        if value and value not in allowed:
            raise self.fail(column, f"{cut(value)!r} is not one of {', '.join(allowed)}")
        return value

    def iri(self, column: str, value: str | None = None) -> NamedNode:
        """The cell (or ``value`` from it) as an IRI, refused when it is not a valid one."""
        text = self.required(column) if value is None else value
        try:
            return NamedNode(text)
        except ValueError as exc:
            raise self.fail(column, f"{cut(text)!r} is not a valid IRI ({cut(str(exc), 120)})") from None

    def required_date(self, column: str, full: bool = True) -> Literal:
        """The cell as a date literal; an empty cell is an error."""
        return parse_date(self.required(column), full=full, fail=lambda m: self.fail(column, m))

    def date(self, column: str, required: bool = False, full: bool = True) -> Literal | None:
        value = self.required(column) if required else self.get(column)
        if not value:
            return None
        return parse_date(value, full=full, fail=lambda m: self.fail(column, m))


def parse_date(value: str, full: bool, fail: Callable[[str], Exception]) -> Literal:
    """A date literal: xsd:date, or (when ``full`` is false) also xsd:gYearMonth / xsd:gYear."""
    if not _DATE_RE.match(value):
        raise fail(f"{cut(value)!r} is not a date (YYYY-MM-DD)")
    parts = value.split("-")
    try:
        if len(parts) == 3:
            date.fromisoformat(value)
            return literal(value, datatype=XSD.date)
        if full:
            raise fail(f"{cut(value)!r} is not a full date (YYYY-MM-DD)")
        if len(parts) == 2:
            date(int(parts[0]), int(parts[1]), 1)
            return literal(value, datatype=XSD.gYearMonth)
        return literal(value, datatype=XSD.gYear)
    except ValueError:
        raise fail(f"{cut(value)!r} is not a valid date") from None


def _quote_problem(line: str) -> tuple[int, str]:
    """The column (1-based character position) and the plain-words reason why ``line`` is not
    one CSV record of its own: a quoted cell left open, or text after a closing quote."""
    i, n = 0, len(line)
    while i <= n:
        if i < n and line[i] == '"':
            start = i
            i += 1
            while True:
                close = line.find('"', i)
                if close < 0:
                    return start + 1, ("a quoted cell is not closed on its line: add the closing "
                                       'quote (a quote inside a quoted cell is written "")')
                if close + 1 < n and line[close + 1] == '"':
                    i = close + 2
                    continue
                i = close + 1
                break
            if i < n and line[i] != ",":
                return i + 1, ('text after the closing quote of a cell: quote the whole cell and '
                               'double the quotes inside it ("")')
            i += 1
        else:
            comma = line.find(",", i)
            if comma < 0:
                break
            i = comma + 1
    return 1, "not a CSV record"


def _records(text: str, path: str, problems: list[InputError]) -> Iterator[tuple[int, list[str]]]:
    """``(line number, cells)`` of each line of ``text``; a line that is not one CSV record
    (an unbalanced quote, a cell over :data:`MAX_CELL` characters) is added to ``problems``."""
    if text.startswith("\ufeff"):
        text = text[1:]
    for number, line in enumerate(text.split("\n"), 1):
        line = line.removesuffix("\r")
        if not line.strip():
            continue
        try:
            cells = next(csv.reader([line], strict=True))
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                problems.append(_UnreadLine(
                    f"a cell of more than {MAX_CELL} characters: shorten it", path, number, line))
            else:
                column, reason = _quote_problem(line)
                problems.append(_UnreadLine(f"column {column}: {reason}", path, number, line))
            continue
        yield number, cells


def read_rows(text: str, path: str, table: str, problems: list[InputError] | None = None) -> Iterator[Row]:
    """Rows of a CSV table, after checking its header against ``TABLES``.

    Each line is one record. A line that cannot be read (an unbalanced quote, a cell too long,
    more or fewer cells than the header) is added to ``problems`` and skipped, or raised at
    once when ``problems`` is None. A byte-order mark before the header is dropped.
    """
    collect: list[InputError] = [] if problems is None else problems

    def report(error: InputError) -> None:
        if problems is None:
            raise error
        collect.append(error)

    expected = TABLES[table]
    records = _records(text, path, collect)
    seen = len(collect)
    first = next(records, None)
    if len(collect) > seen and (first is None or first[0] != 1):
        raise collect.pop()  # the header itself cannot be read
    if first is None or first[0] != 1:
        raise InputError(f"no header: the first line must be {','.join(expected)}", path, 1)
    header = tuple(c.strip() for c in first[1])
    if header != expected:
        missing = [c for c in expected if c not in header]
        extra = [cut(c, 40) for c in header if c not in expected]
        detail = []
        if missing:
            detail.append(f"missing {', '.join(missing)}")
        if extra:
            detail.append(f"unexpected {', '.join(repr(e) for e in extra)}")
        if not detail:
            detail.append("columns out of order")
        raise InputError(f"header must be {','.join(expected)} ({'; '.join(detail)})", path, 1)
    for number, values in records:
        if problems is None and collect:
            raise collect[0]
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(expected):
            more = "more" if len(values) > len(expected) else "fewer"
            report(_UnreadLine(f"row has {len(values)} cells, {more} than the header's {len(expected)}: "
                               "quote cells that hold a comma", path, number, values[0]))
            continue
        yield Row(path, number, dict(zip(expected, values, strict=True)))
    if problems is None and collect:
        raise collect[0]


class _UnreadLine(InputError):
    """A line that is not a usable record; ``first`` is its first cell as far as it can be told
    (the key of most tables), so that rows referring to it are not reported as well."""

    def __init__(self, message: str, path: str, line: int, text: str) -> None:
        super().__init__(message, path, line)
        self.first = re.match(r'\s*"?([^",]*)', text).group(1).strip()  # type: ignore[union-attr]


class _Consequence(InputError):
    """A row that refers to a row already reported as bad: not reported again."""


class MappingContext:
    """What the mapping has seen so far: ids of sources, acts, states, waves and projects."""

    def __init__(self, graph: TripleSet) -> None:
        self.graph = graph
        self.sources: dict[str, NamedNode] = {}
        self.acts: dict[str, NamedNode] = {}
        self.states: dict[str, NamedNode] = {}
        self.waves: dict[str, NamedNode] = {}
        self.wave_decisions: dict[str, NamedNode] = {}
        self.projects: dict[str, NamedNode] = {}
        self.areas: dict[str, NamedNode] = {}
        self.pending_merges: list[tuple[Row, NamedNode, str]] = []
        self.commitments: set[str] = set()
        # keys of rows that failed, by what they name: a reference to one is not a new problem
        self.broken: set[tuple[str, str]] = set()

    # --- references -------------------------------------------------------------------
    def _ref(self, row: Row, column: str, table: dict[str, NamedNode], what: str, key: str) -> NamedNode:
        try:
            return table[key]
        except KeyError:
            if (what, key) in self.broken or (what, "*") in self.broken:
                raise _Consequence("refers to a row reported above", row.path, row.line) from None
            raise row.fail(column, f"unknown {what} {cut(key)!r}") from None

    def source_refs(self, row: Row, column: str = "sources", required: bool = True) -> list[NamedNode]:
        keys = row.many(column)
        if required and not keys:
            raise row.fail(column, "at least one source id is required")
        return [self._ref(row, column, self.sources, "source", k) for k in keys]

    def act(self, row: Row, column: str, key: str) -> NamedNode:
        return self._ref(row, column, self.acts, "legal act", key)

    def add_sources(
        self, subject: NamedNode, refs: list[NamedNode], predicate: NamedNode = DCTERMS.source
    ) -> None:
        for ref in refs:
            self.graph.add((subject, predicate, ref))


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
    g.add((iri, PESCO.wave, ctx._ref(row, "wave", ctx.waves, "wave", wave)))
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
    project = ctx._ref(row, "project", ctx.projects, "project", slug)
    code = row.required("state")
    state = ctx._ref(row, "state", ctx.states, "state", code)
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
        g.add((iri, SKOS.broader, ctx._ref(row, "area", ctx.areas, "commitment area", row.get("area"))))
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
    state = ctx._ref(row, "state", ctx.states, "state", code)
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


def map_tables(
    tables: Mapping[str, tuple[str, str] | list[tuple[str, str]]], graph: TripleSet | None = None
) -> TripleSet:
    """Map CSV tables to RDF.

    Parameters
    ----------
    tables
        ``{table name: (path shown in errors, CSV text)}`` or a list of such pairs when several
        files hold rows of one table; names are keys of ``TABLES``. Tables may be missing (a
        fixture may hold only some), but references must resolve.
    graph
        The triples to add to; a new set when omitted.
    """
    graph = TripleSet() if graph is None else graph
    unknown = sorted(set(tables) - set(TABLES))
    if unknown:
        entry = tables[unknown[0]]
        path = (entry[0] if isinstance(entry, list) else entry)[0]
        raise InputError(f"unknown table; expected one of {', '.join(TABLES)}", path)
    ctx = MappingContext(graph)
    problems: list[InputError] = []
    for name in ORDER:
        if name not in tables:
            continue
        entry = tables[name]
        columns, what = KEYS[name]
        first_line: dict[tuple[str, ...], tuple[str, int]] = {}
        for path, text in entry if isinstance(entry, list) else [entry]:
            known = len(problems)
            try:
                rows = list(read_rows(text, path, name, problems))
            except InputError as exc:  # no usable header: the table is left out
                problems.append(exc)
                ctx.broken.add((what, "*"))
                continue
            if columns[0] == TABLES[name][0]:
                ctx.broken.update((what, p.first) for p in problems[known:] if isinstance(p, _UnreadLine))
            for row in rows:
                key = row.key(name)
                if all(key) and key in first_line:
                    where = first_line[key]
                    at = f"line {where[1]}" if where[0] == path else f"{where[0]}:{where[1]}"
                    problems.append(row.fail(columns[-1], f"duplicate {what} {cut('/'.join(key))!r} "
                                                          f"(first given on {at}): keep one row"))
                    continue
                first_line[key] = (path, row.line)
                try:
                    MAPPERS[name](ctx, row)
                except _Consequence:
                    pass
                except InputError as exc:
                    problems.append(exc)
                    if len(columns) == 1 and row.get(columns[0]):
                        ctx.broken.add((what, row.get(columns[0])))
    for row, iri, target in ctx.pending_merges:
        try:
            graph.add((iri, PESCO.mergedInto, ctx._ref(row, "merged_into", ctx.projects, "project", target)))
        except _Consequence:
            pass
        except InputError as exc:
            problems.append(exc)
    if len(problems) == 1:
        raise problems[0]
    if problems:
        raise InputErrors(problems[:MAX_REPORTED], total=len(problems))
    return graph
