"""Content negotiation: pick a media type from an ``Accept`` header.

Used by the HTTP front (resource pages) and by the query workers (result formats), so it has
no dependency beyond the standard library.
"""

from __future__ import annotations

__all__ = [
    "parse_accept", "choose", "resource_type",
    "RESOURCE_TYPES", "EXTENSIONS", "SOLUTION_TYPES", "GRAPH_TYPES",
]

# media type -> file extension of the site's files, in order of preference on a tie
RESOURCE_TYPES: dict[str, str] = {
    "text/html": "html",
    "text/turtle": "ttl",
    "application/ld+json": "jsonld",
    "application/n-triples": "nt",
}
EXTENSIONS: dict[str, str] = {ext: media for media, ext in RESOURCE_TYPES.items()}
ALIASES: dict[str, str] = {
    "application/xhtml+xml": "text/html",
    "application/x-turtle": "text/turtle",
    "application/json": "application/ld+json",
    "text/plain": "application/n-triples",
}

# SELECT and ASK results; the first is the default
SOLUTION_TYPES: tuple[str, ...] = (
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
)
SOLUTION_ALIASES: dict[str, str] = {
    "application/json": "application/sparql-results+json",
    "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml",
}
# CONSTRUCT and DESCRIBE results; the first is the default
GRAPH_TYPES: tuple[str, ...] = ("text/turtle", "application/n-triples", "application/ld+json")
GRAPH_ALIASES: dict[str, str] = {
    "application/json": "application/ld+json", "text/plain": "application/n-triples",
}


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """The media ranges of an ``Accept`` header with their weights, best first (stable)."""
    if not header or not header.strip():
        return [("*/*", 1.0)]
    ranges: list[tuple[str, float, int]] = []
    for position, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        weight = 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    weight = max(0.0, min(1.0, float(value)))
                except ValueError:
                    weight = 0.0
        ranges.append((media, weight, position))
    ranges.sort(key=lambda r: (-r[1], r[2]))
    return [(media, weight) for media, weight, _ in ranges]


def choose(header: str | None, offered: tuple[str, ...], aliases: dict[str, str] | None = None) -> str | None:
    """The offered type the ``Accept`` header prefers; ``None`` when it accepts none of them.

    ``offered`` is in order of preference (the first wins ``*/*``); ``aliases`` maps other
    names of a type to the offered one (``application/json`` for JSON-LD, say).
    """
    aliases = aliases or {}
    ranges = [(aliases.get(media, media), weight) for media, weight in parse_accept(header)]
    refused = {media for media, weight in ranges if weight <= 0}  # "q=0": not acceptable
    best: tuple[float, int, str] | None = None
    for media, weight in ranges:
        if weight <= 0:
            continue
        for rank, candidate in enumerate(offered):
            if candidate in refused:
                continue
            if media == candidate or media == "*/*" or (
                media.endswith("/*") and candidate.startswith(media[:-1])
            ):
                # an exact match beats a wildcard of the same weight
                specificity = 0 if media == candidate else 1
                key = (-weight, specificity * 100 + rank, candidate)
                if best is None or key < best:
                    best = key
    return None if best is None else best[2]


def resource_type(header: str | None) -> str | None:
    """The media type of a resource page to send for ``Accept: header``."""
    return choose(header, tuple(RESOURCE_TYPES), ALIASES)
