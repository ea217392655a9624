"""The tables: their columns, keys and the order in which they are mapped."""

from __future__ import annotations

from ..namespace import (
    PESCO,
)

__all__ = ['TABLES', 'KEYS', 'MAX_CELL', 'ORDER', 'STATE_KINDS', 'ACT_TYPES']

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
