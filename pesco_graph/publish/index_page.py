"""``index.html``: counts, navigation by wave, domain and state, downloads, how to cite."""

from __future__ import annotations

from .html import Linker, esc
from .model import SiteData

__all__ = ["render_index", "DUMPS"]

_P = "https://w3id.org/pesco-kg/ontology#"
_DCT = "http://purl.org/dc/terms/"
_DCAT = "http://www.w3.org/ns/dcat#"
DATASET = "https://w3id.org/pesco-kg/dataset"
# site path of a dump, media type, what it is
DUMPS = [
    ("dist/pesco.ttl", "text/turtle", "Turtle"),
    ("dist/pesco.nt", "application/n-triples", "N-Triples"),
    ("dist/pesco.jsonld", "application/ld+json", "JSON-LD (with the context below)"),
    ("context.jsonld", "application/ld+json", "the JSON-LD context: short keys for the graph's terms"),
]


def _project_item(data: SiteData, linker: Linker, row: dict[str, str | None]) -> str:
    project = row["project"] or ""
    acronym = f" ({esc(row['acronym'])})" if row["acronym"] and row["acronym"] != row["name"] else ""
    status = f' <span class="iri">{esc(data.label(row["status"]))}</span>' if row["status"] else ""
    return f"<li>{linker.link('index', project)}{acronym}{status}</li>"


def render_index(data: SiteData, linker: Linker, triples: int) -> tuple[str, str]:
    """(title, HTML body) of the site's front page."""
    path = "index"
    title = data.label(DATASET)
    counts = {row["cls"]: int(row["n"]) for row in data.queries["counts"]}
    shown = [("projects", "Project"), ("states", "State"), ("participations", "Participation"),
             ("waves", "Wave"), ("legal acts", "LegalAct"), ("sources", "Source")]
    body = [f"<h1>{esc(title)}</h1>", f"<p>{esc(data.first(DATASET, _DCT + 'description') or '')}</p>"]
    body.append('<ul class="counts">' + "".join(
        f"<li><b>{counts.get(_P + local, 0)}</b>{esc(name)}</li>" for name, local in shown)
        + f"<li><b>{triples}</b>triples</li></ul>")
    projects: dict[str | None, dict[str, str | None]] = {}
    for row in data.queries["projects"]:
        projects.setdefault(row["project"], row)  # one row per project (the first domain)
    by_wave: dict[str, list[dict[str, str | None]]] = {}
    by_domain: dict[str, list[dict[str, str | None]]] = {}
    for row in data.queries["projects"]:
        by_domain.setdefault(row["domain"] or "", []).append(row)
    for row in projects.values():
        by_wave.setdefault(row["wave"] or "", []).append(row)
    body.append('<h2 id="waves">Projects by wave</h2>')
    for wave, rows in sorted(by_wave.items(), key=lambda kv: int(kv[1][0]["waveNumber"] or 0)):
        head = linker.link(path, wave) if wave else "Wave not recorded"
        when = f" ({esc(rows[0]['waveDate'])})" if rows[0]["waveDate"] else ""
        decision = f", listed by {linker.link(path, rows[0]['listedBy'])}" if rows[0]["listedBy"] else ""
        body.append(f"<h3>{head}{when}{decision}: {len(rows)} projects</h3>")
        body.append('<ul class="cols">' + "".join(_project_item(data, linker, r) for r in rows) + "</ul>")
    body.append('<h2 id="domains">Projects by capability domain</h2>')
    for domain, rows in sorted(by_domain.items(), key=lambda kv: data.label(kv[0]) if kv[0] else "~"):
        head = linker.link(path, domain) if domain else "Domain not recorded"
        body.append(f"<h3>{head}: {len(rows)} projects</h3>")
        body.append('<ul class="cols">' + "".join(_project_item(data, linker, r) for r in rows) + "</ul>")
    body.append('<h2 id="states">States</h2>')
    states = sorted({r["state"] for r in data.queries["participations"] if r["state"]}, key=data.label)
    per_state = {s: len({r["project"] for r in data.queries["participations"] if r["state"] == s})
                 for s in states}
    body.append('<ul class="cols">' + "".join(
        f"<li>{linker.link(path, s)} <span class=\"iri\">{per_state[s]} projects</span></li>" for s in states)
        + "</ul>")
    body.append('<h2 id="downloads">Downloads</h2>\n<ul>')
    for file, media, what in DUMPS:
        body.append(f'<li><a href="{esc(file)}" type="{esc(media)}">{esc(file)}</a>: {esc(what)}</li>')
    body.append('<li><a href="dataset.html">The dataset description</a> (DCAT-AP and VoID) and '
                '<a href="ontology.html">the ontology</a>.</li></ul>')
    body.append("<p>Every resource's IRI answers with HTML for people and with Turtle, JSON-LD or "
                "N-Triples when asked for them (<code>Accept</code> header), or by adding "
                "<code>.ttl</code>, <code>.jsonld</code> or <code>.nt</code> to the page's address.</p>")
    version = data.first(DATASET, _DCAT + "version") or ""
    issued = data.first(DATASET, _DCT + "modified") or data.first(DATASET, _DCT + "issued") or ""
    publisher = data.first(DATASET, _DCT + "publisher") or ""
    publisher_name = data.label(publisher) if publisher.startswith("http") else publisher
    body.append('<h2 id="cite">How to cite</h2>')
    body.append(f"<blockquote>{esc(publisher_name)} ({esc(issued[:4])}). <i>{esc(title)}</i>, version "
                f"{esc(version)} ({esc(issued)}). {linker.link(path, DATASET, DATASET)}. Licence: CC BY 4.0."
                "</blockquote>")
    body.append("<p>Cite the source given for a fact when you use that fact; every page lists them.</p>")
    return title, "\n".join(body)
