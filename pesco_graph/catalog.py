"""The catalog of named queries: ``queries/*.rq`` files whose header describes them.

A header is a block of comment lines at the top of the file::

    # title: Projects a state takes part in
    # description: ...
    # param: state  ISO 3166-1 alpha-2 code of a state, e.g. FR
    # param: project optional  slug of a project
    # param: as_of optional default=today  a date, YYYY-MM-DD
    # example: state=FR
    # columns: project name role since

``example`` gives parameter values that the tests, the benchmarks and ``pesco-graph queries``
use to show the query at work.

A parameter's type follows from its name (see :data:`PARAM_TYPES`). An optional parameter may
name a default after ``default=``; the only one known is ``today`` (for a date), computed when
the query runs and bound like any value, never written into the query text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from types import MappingProxyType
from typing import NamedTuple

from .errors import QueryError

__all__ = ["Param", "NamedQuery", "catalog", "get_query", "parse_query_file", "PARAM_TYPES", "DEFAULTS"]

# parameter name -> type (see pesco_graph.params for what each accepts)
PARAM_TYPES = {
    "state": "alpha2",
    "stateA": "alpha2",
    "stateB": "alpha2",
    "project": "slug",
    "date": "date",
    "as_of": "date",
    "wave": "integer",
    "domain": "domain",
    "role": "role",
    "text": "text",
}

#: Defaults an optional parameter may name: ``today`` is the date the query runs.
DEFAULTS = ("today",)

_FORM_RE = re.compile(r"^\s*(SELECT|CONSTRUCT|ASK|DESCRIBE)\b", re.I | re.M)


class Param(NamedTuple):
    """A parameter of a named query."""

    name: str
    type: str
    required: bool
    description: str
    default: str | None = None


class NamedQuery(NamedTuple):
    """A named SPARQL query with its header."""

    name: str
    title: str
    description: str
    columns: tuple[str, ...]
    params: tuple[Param, ...] = ()
    text: str = ""
    form: str = "SELECT"
    example: Mapping[str, str] = MappingProxyType({})

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


def parse_query_file(name: str, text: str) -> NamedQuery:
    """Parse a ``.rq`` file's header and body."""
    fields: dict[str, str] = {}
    params: list[Param] = []
    example: dict[str, str] = {}
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        key, _, value = line[1:].strip().partition(":")
        key, value = key.strip().lower(), value.strip()
        if key == "param":
            parts = value.split(None, 1)
            if not parts:
                raise QueryError(f"query {name!r}: empty param line")
            pname = parts[0]
            rest = parts[1] if len(parts) > 1 else ""
            required = True
            default = None
            if rest.startswith("optional"):
                required, rest = False, rest[len("optional"):].strip()
                if rest.startswith("default="):
                    default, _, rest = rest[len("default="):].partition(" ")
                    rest = rest.strip()
                    if default not in DEFAULTS:
                        raise QueryError(
                            f"query {name!r}: parameter {pname!r} has an unknown default {default!r}")
            if pname not in PARAM_TYPES:
                raise QueryError(f"query {name!r}: parameter {pname!r} has no known type")
            params.append(Param(pname, PARAM_TYPES[pname], required, rest, default))
        elif key == "example":
            for pair in value.split():
                k, sep, v = pair.partition("=")
                if not sep:
                    raise QueryError(f"query {name!r}: example takes KEY=VALUE pairs, got {pair!r}")
                example[k] = v
        elif key:
            fields[key] = value
    missing = [p.name for p in params if p.required and p.name not in example]
    if missing:
        raise QueryError(f"query {name!r}: header has no example value for {missing[0]!r}")
    for required_field in ("title", "description", "columns"):
        if not fields.get(required_field):
            raise QueryError(f"query {name!r}: header has no {required_field!r}")
    match = _FORM_RE.search(text)
    if match is None:
        raise QueryError(f"query {name!r}: no SELECT, CONSTRUCT, ASK or DESCRIBE")
    return NamedQuery(
        name=name,
        title=fields["title"],
        description=fields["description"],
        columns=tuple(fields["columns"].split()),
        params=tuple(params),
        text=text,
        form=match.group(1).upper(),
        example=example,
    )


@lru_cache(maxsize=1)
def catalog() -> dict[str, NamedQuery]:
    """All named queries, by name."""
    from .resources import query_files

    out = {}
    for f in query_files():
        name = f.name[: -len(".rq")]
        out[name] = parse_query_file(name, f.read_text(encoding="utf-8"))
    return out


def get_query(name: str) -> NamedQuery:
    """The named query ``name``; a clear error listing the known names otherwise."""
    queries = catalog()
    try:
        return queries[name]
    except KeyError:
        raise QueryError(f"unknown query {name[:60]!r}; known: {', '.join(sorted(queries))}") from None
