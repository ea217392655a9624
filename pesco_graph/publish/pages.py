"""The HTML body of one resource's page: project, state, or any other resource.

A project page shows what an analyst reads first (name and acronym, wave and listing
decision, domain, status, description), then its members over time as a timeline, the
participations with their dates, observers, third states with the acts that admitted them,
and the numbered sources of each fact. A state page shows its projects over time with
roles. Every other resource gets its properties and what refers to it.
"""

from __future__ import annotations

from datetime import date

from ..namespace import BASE
from .html import Linker, esc, formats_line
from .model import Row, SiteData
from .timeline import Span, render_timeline

__all__ = ["PageContext", "render_body", "Sources", "AXIS_START"]

AXIS_START = date(2017, 12, 11)  # Decision (CFSP) 2017/2315 establishes PESCO
_P = "https://w3id.org/pesco-kg/ontology#"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_DCT = "http://purl.org/dc/terms/"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_WD = "http://www.wikidata.org/entity/"


class Sources:
    """The sources cited on one page, numbered in order of first citation."""

    def __init__(self, data: SiteData) -> None:
        self.data = data
        self.order: list[str] = []

    def cite(self, iris: list[str]) -> str:
        refs = []
        for iri in sorted(set(iris)):
            if iri not in self.order:
                self.order.append(iri)
            n = self.order.index(iri) + 1
            refs.append(f'<a class="src" href="#src-{n}">[{n}]</a>')
        return f'<sup class="src">{"".join(refs)}</sup>' if refs else ""

    def render(self) -> str:
        if not self.order:
            return ""
        items = []
        for n, iri in enumerate(self.order, 1):
            title = self.data.first(iri, _DCT + "title") or iri
            publisher = self.data.first(iri, _DCT + "publisher")
            when = self.data.first(iri, _DCT + "date")
            tail = ", ".join(esc(x) for x in (publisher, when) if x)
            items.append(f'<li id="src-{n}"><a href="{esc(iri)}" rel="external">{esc(title)}</a>'
                         + (f" ({tail})" if tail else "") + "</li>")
        return '<h2 id="sources">Sources</h2>\n<ol class="sources">\n' + "\n".join(items) + "\n</ol>"


class PageContext:
    """What every page body needs: the data, the links, the end of the time axis."""

    def __init__(self, data: SiteData, linker: Linker, axis_end: date) -> None:
        self.data = data
        self.linker = linker
        self.axis_end = axis_end
        self.parts_by_project: dict[str, list[Row]] = {}
        self.parts_by_state: dict[str, list[Row]] = {}
        for row in data.queries["participations"]:
            self.parts_by_project.setdefault(row["project"], []).append(row)
            self.parts_by_state.setdefault(row["state"], []).append(row)


def _day(text: str | None) -> date | None:
    if text is None or len(text) != 10:
        return None
    return date.fromisoformat(text)


def _role(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def _facts(items: list[tuple[str, str]]) -> str:
    shown = [f"<dt>{esc(k)}</dt><dd>{v}</dd>" for k, v in items if v]
    return '<dl class="facts">\n' + "\n".join(shown) + "\n</dl>" if shown else ""


def _links(ctx: PageContext, path: str, iris: list[str]) -> str:
    return ", ".join(ctx.linker.link(path, iri) for iri in iris)


def _head(ctx: PageContext, path: str, iri: str, title: str) -> str:
    types = [t for t in ctx.data.types(iri)]
    kinds = ", ".join(ctx.linker.link(path, t) for t in types)
    return (f"<h1>{esc(title)}</h1>\n<p class=\"iri\">{esc(iri)}" + (f" · {kinds}" if kinds else "")
            + "</p>\n" + formats_line(path))


def _texts(data: SiteData, iri: str, predicate: str) -> list[str]:
    return [t.value for t in data.values(iri, predicate)]


def _iris(data: SiteData, iri: str, predicate: str) -> list[str]:
    import pyoxigraph as ox

    return [t.value for t in data.values(iri, predicate) if isinstance(t, ox.NamedNode)]


def _participation_table(ctx: PageContext, path: str, rows: list[Row], sources: Sources,
                         column: str) -> str:
    lines = [f"<table><thead><tr><th>{'State' if column == 'state' else 'Project'}</th><th>Role</th>"
             "<th>Since</th><th>Until</th><th>Start known from</th><th>Admitted by</th><th>Sources</th>"
             "</tr></thead><tbody>"]
    for row in sorted(rows, key=lambda r: (ctx.data.label(r[column]), r["role"], r["since"] or "")):
        cited = sources.cite(_iris(ctx.data, row["part"], _DCT + "source"))
        basis = ctx.data.label(row["basis"]) if row["basis"] else ""
        admitted = ctx.linker.link(path, row["admittedBy"]) if row["admittedBy"] else ""
        lines.append(f"<tr><td>{ctx.linker.link(path, row[column])}</td>"
                     f"<td>{ctx.linker.link(path, row['part'], _role(row['role']))}</td>"
                     f"<td>{esc(row['since'] or '')}</td><td>{esc(row['until'] or '')}</td>"
                     f"<td>{esc(basis)}</td><td>{admitted}</td><td>{cited}</td></tr>")
    return "\n".join(lines) + "\n</tbody></table>"


def _spans(ctx: PageContext, path: str, rows: list[Row], column: str) -> list[Span]:
    return [Span(ctx.data.label(r[column]), ctx.linker.link(path, r[column]), _role(r["role"]),
                 _day(r["since"]), _day(r["until"])) for r in rows]


def render_project(ctx: PageContext, path: str, iri: str) -> tuple[str, str]:
    data, link = ctx.data, ctx.linker.link
    name = data.label(iri)
    acronym = data.first(iri, _P + "acronym")
    sources = Sources(data)
    cited = sources.cite(_iris(data, iri, _DCT + "source"))
    wave = data.first(iri, _P + "wave")
    wave_text = ""
    if wave:
        when = data.first(wave, _DCT + "date")
        wave_text = link(path, wave) + (f" ({esc(when)})" if when else "")
    status = data.first(iri, _P + "status")
    status_text = ""
    if status:
        status_date = data.first(iri, _P + "statusDate")
        status_text = (link(path, status) + (f", {esc(status_date)}" if status_date else "")
                       + sources.cite(_iris(data, iri, _P + "statusSource")))
    wikidata = [i for i in _iris(data, iri, _SKOS + "exactMatch") if i.startswith(_WD)]
    completeness = data.first(iri, _P + "memberListCompleteness")
    as_of = data.first(iri, _P + "memberListAsOf")
    facts = _facts([
        ("Acronym", esc(acronym or "")),
        ("Wave", wave_text),
        ("Listed by", _links(ctx, path, _iris(data, iri, _P + "listedBy"))),
        ("Capability domain", _links(ctx, path, _iris(data, iri, _P + "capabilityDomain"))),
        ("Status", status_text),
        ("Merged into", _links(ctx, path, _iris(data, iri, _P + "mergedInto"))),
        ("PESCO page", ", ".join(link(path, i, i) for i in _iris(data, iri, "http://xmlns.com/foaf/0.1/page"))),
        ("Wikidata", ", ".join(link(path, i, i[len(_WD):]) for i in wikidata)),
        ("Member list", (esc(data.label(completeness)) if completeness else "")
         + (f", as of {esc(as_of)}" if as_of else "")),
        ("Sources of these facts", cited),
    ])
    title = f"{name} ({acronym})" if acronym and acronym != name else name
    body = [_head(ctx, path, iri, title), facts]
    body += [f'<p class="description">{esc(d)}</p>' for d in _texts(data, iri, _DCT + "description")]
    rows = ctx.parts_by_project.get(iri, [])
    body.append('<h2 id="members">Members over time</h2>')
    body.append(render_timeline(_spans(ctx, path, rows, "state"), AXIS_START, ctx.axis_end))
    body.append('<h2 id="participations">Participations</h2>')
    body.append(_participation_table(ctx, path, rows, sources, "state"))
    observers = sorted({r["state"] for r in rows if _role(r["role"]) == "observer"}, key=data.label)
    body.append('<h2 id="observers">Observers</h2>')
    body.append("<p>" + (_links(ctx, path, observers) or "None recorded.") + "</p>")
    third = [r for r in rows if "ThirdState" in " ".join(data.types(r["state"]))]
    body.append('<h2 id="third-states">Third states</h2>')
    if third:
        items = [f"<li>{link(path, r['state'])} ({esc(_role(r['role']))} since {esc(r['since'] or '?')})"
                 + (f", admitted by {link(path, r['admittedBy'])}" if r["admittedBy"] else "") + "</li>"
                 for r in sorted(third, key=lambda r: (data.label(r["state"]), r["role"]))]
        body.append("<ul>\n" + "\n".join(items) + "\n</ul>")
    else:
        body.append("<p>None recorded.</p>")
    notes = _texts(data, iri, _SKOS + "note")
    if notes:
        body.append('<h2 id="notes">Notes</h2>\n' + "\n".join(f"<p>{esc(n)}</p>" for n in notes))
    body.append(sources.render())
    return title, "\n".join(body)


def render_state(ctx: PageContext, path: str, iri: str) -> tuple[str, str]:
    data, link = ctx.data, ctx.linker.link
    name = data.label(iri)
    sources = Sources(data)
    joined = data.first(iri, _P + "joinedPESCO")
    act = _iris(data, iri, _P + "admittedToPESCOBy")
    facts = _facts([
        ("ISO 3166-1 codes", esc(" / ".join(x for x in (data.first(iri, _P + "alpha2"),
                                                         data.first(iri, _P + "alpha3")) if x))),
        ("Joined PESCO", esc(joined or "") + (" by " + _links(ctx, path, act) if act else "")),
        ("Same as", ", ".join(link(path, i, i) for i in _iris(data, iri, _SKOS + "exactMatch"))),
        ("Sources of these facts", sources.cite(_iris(data, iri, _DCT + "source"))),
    ])
    rows = ctx.parts_by_state.get(iri, [])
    body = [_head(ctx, path, iri, name), facts]
    body += [f"<p>{esc(n)}</p>" for n in _texts(data, iri, _SKOS + "note")]
    projects = {r["project"] for r in rows}
    body.append(f'<h2 id="projects">Projects over time ({len(projects)})</h2>')
    body.append(render_timeline(_spans(ctx, path, rows, "project"), AXIS_START, ctx.axis_end))
    body.append('<h2 id="participations">Participations</h2>')
    body.append(_participation_table(ctx, path, rows, sources, "project"))
    body.append(sources.render())
    return name, "\n".join(body)


def _value_html(ctx: PageContext, path: str, term: object) -> str:
    import pyoxigraph as ox

    if isinstance(term, ox.NamedNode):
        return ctx.linker.link(path, term.value)
    if isinstance(term, ox.Literal):
        language = term.language
        return esc(term.value) + (f' <span class="iri">@{esc(language)}</span>' if language else "")
    return esc(str(term))


def render_generic(ctx: PageContext, path: str, iri: str, folded: list[str]) -> tuple[str, str]:
    """Any resource: its properties (and those of the nodes folded into it), and what cites it."""
    data = ctx.data
    title = data.label(iri)
    body = [_head(ctx, path, iri, title)]
    for node in [iri, *folded]:
        table = data.out.get(node, {})
        if node != iri:
            body.append(f'<h3 id="{esc(node[len(iri) + 1:])}">{esc(node[len(BASE):])}</h3>')
        rows = []
        for predicate in sorted(table, key=lambda p: (p != _RDF_TYPE, data.label(p), p)):
            values = ", ".join(_value_html(ctx, path, t) for t in table[predicate])
            rows.append(f"<tr><th>{ctx.linker.link(path, predicate)}</th><td>{values}</td></tr>")
        body.append("<table>\n" + "\n".join(rows) + "\n</table>")
    refs = data.incoming.get(iri, [])
    if refs:
        body.append(f'<h2 id="referenced-by">Referenced by ({len(refs)})</h2>\n<table>')
        for predicate, subject in refs[:500]:
            body.append(f"<tr><td>{ctx.linker.link(path, subject)}</td>"
                        f"<td>{ctx.linker.link(path, predicate)}</td></tr>")
        body.append("</table>" + ("<p>(first 500 shown)</p>" if len(refs) > 500 else ""))
    return title, "\n".join(body)


def render_body(ctx: PageContext, path: str, iri: str, folded: list[str]) -> tuple[str, str]:
    """(title, HTML body) of the page of ``iri`` at ``path``."""
    types = ctx.data.types(iri)
    if _P + "Project" in types:
        return render_project(ctx, path, iri)
    if _P + "State" in types:
        return render_state(ctx, path, iri)
    return render_generic(ctx, path, iri, folded)
