"""``pesco-graph site``: the static linked-data site, a page and data files for every IRI.

For every resource minted under the base (``https://w3id.org/pesco-kg/``), the site holds
``{path}.html`` for people and ``{path}.ttl``, ``{path}.jsonld`` and ``{path}.nt`` for
machines, where ``{path}`` is the IRI after the base. Nodes that only make sense inside
another one (a participation's interval and its instants, the dataset's class partitions
and distributions, the ontology's ``#`` terms) are described in that one's files. Beside
them: ``index.html``, ``ontology.html``, ``context.jsonld``, the dumps in ``dist/``, the
stylesheet, the ``.htaccess`` content negotiation and the w3id.org redirect file.
Output is deterministic: the same graph gives the same bytes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from .. import __version__
from ..errors import InputError, PescoGraphError
from ..namespace import BASE
from ..writers import write_ntriples, write_turtle
from ..writers.jsonld import load_context, write_jsonld
from .conneg import site_htaccess, w3id_htaccess
from .html import Linker, file_path, render_page, template_text
from .index_page import render_index
from .model import SiteData, graph_store
from .ontology_doc import render_ontology
from .pages import PageContext, render_body

__all__ = ["SiteSummary", "write_site", "resource_paths", "site_resources", "DEFAULT_HOSTING_BASE",
           "W3ID_FILE"]

DEFAULT_HOSTING_BASE = "https://pesco-kg.github.io/pesco-kg/"
W3ID_FILE = "w3id-redirect.htaccess"
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_FOLDED_TYPES = {"http://www.w3.org/2006/time#Interval", "http://www.w3.org/2006/time#Instant"}
_DCAT = "http://www.w3.org/ns/dcat#"
_DATASET = "dataset"
_ONTOLOGY = "ontology"


@dataclass
class SiteSummary:
    """What :func:`write_site` wrote."""

    out: Path
    pages: int
    resources: int
    files: int
    by_kind: dict[str, int] = field(default_factory=dict)
    triples: int = 0

    def to_text(self) -> str:
        lines = ["pesco-graph site", f"  folder          {self.out}", f"  triples         {self.triples}",
                 f"  resources       {self.resources}", f"  pages           {self.pages}",
                 f"  files           {self.files}"]
        lines += [f"    {kind:<14}{n}" for kind, n in sorted(self.by_kind.items())]
        return "\n".join(lines)


def _store(graph: Any = None) -> Any:
    return graph_store(graph)


def site_resources(data: SiteData) -> dict[str, list[str]]:
    """Path after the base -> IRIs described in its files (the resource first, then the nodes
    folded into it), for every resource that gets a page."""
    subjects = sorted(s for s in data.out if s.startswith(BASE))
    downloads = {t.value for s in data.out for p in (_DCAT + "downloadURL",) for t in data.values(s, p)}
    own: list[str] = []
    folded: list[str] = []
    for iri in subjects:
        path = iri[len(BASE):]
        types = set(data.types(iri))
        if not path or "#" in path or iri in downloads or not types or types <= _FOLDED_TYPES:
            folded.append(iri)
        else:
            own.append(iri)
    resources: dict[str, list[str]] = {iri[len(BASE):]: [iri] for iri in own}
    for iri in folded:
        path = iri[len(BASE):]
        owner = None
        if "#" in path:
            owner = path.split("#", 1)[0]
        elif iri in downloads or not path:
            owner = _DATASET
        else:
            parts = path.split("/")
            for cut in range(len(parts) - 1, 0, -1):
                if "/".join(parts[:cut]) in resources:
                    owner = "/".join(parts[:cut])
                    break
        if owner in resources:
            resources[owner].append(iri)
        else:
            resources[path] = [iri]  # nothing to fold it into: a page of its own
    return dict(sorted(resources.items()))


def resource_paths(graph: Any = None) -> list[str]:
    """The paths after the base of every resource with a page (``project/military-mobility``,
    ``state/FR``, ``ontology``...), sorted."""
    return list(site_resources(SiteData.from_store(_store(graph))))


def _lines_of(data: SiteData, iris: list[str]) -> list[bytes]:
    lines = [line for iri in iris for line in data.lines_by_subject.get(iri, [])]
    return sorted(lines)


def _axis_end(data: SiteData) -> date:
    days = [row[k] for row in data.queries["participations"] for k in ("since", "until") if row[k]]
    modified = data.first(BASE + _DATASET, "http://purl.org/dc/terms/modified")
    if modified:
        days.append(modified)
    return max(date.fromisoformat(d[:10]) for d in days) if days else date(2026, 1, 1)


def _write(path: Path, data: bytes | str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)


def write_site(out: Path, graph: Any = None, hosting_base: str = DEFAULT_HOSTING_BASE) -> SiteSummary:
    """Write the whole site into ``out`` (created if needed; files are overwritten).

    ``graph`` is any graph backend, an rdflib Graph or a pyoxigraph ``Store`` (the packaged
    graph by default); ``hosting_base`` is the URL the site is served from, which the
    w3id.org redirect file points to.
    """
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise InputError("not a folder; give --out a folder (it is created if missing)", str(out))
    if not hosting_base.startswith(("http://", "https://")):
        raise PescoGraphError(f"hosting base {hosting_base!r} is not an http(s) URL")
    data = SiteData.from_store(_store(graph))
    resources = site_resources(data)
    owner = {iri: path for path, iris in resources.items() for iri in iris[1:]}
    linker = Linker(set(resources), data.label, owner)
    ctx = PageContext(data, linker, _axis_end(data))
    context = load_context()
    files = 0
    by_kind: dict[str, int] = {}
    for path, iris in resources.items():
        lines = _lines_of(data, iris)
        base = out / file_path(path)
        jsonld = write_jsonld(lines, context)
        _write(base.with_name(base.name + ".nt"), write_ntriples(lines))
        _write(base.with_name(base.name + ".ttl"), write_turtle(lines))
        _write(base.with_name(base.name + ".jsonld"), jsonld)
        if path == _ONTOLOGY:
            title, body = render_ontology(data, linker)
        else:
            title, body = render_body(ctx, path, iris[0], iris[1:])
        page = render_page(path, title, body, __version__, jsonld, iris[0])
        _write(base.with_name(base.name + ".html"), page)
        files += 4
        kind = path.split("/", 1)[0]
        by_kind[kind] = by_kind.get(kind, 0) + 1
    all_lines = data.all_lines
    title, body = render_index(data, linker, len(all_lines))
    _write(out / "index.html", render_page("index", title, body, __version__))
    _write(out / "dist" / "pesco.nt", write_ntriples(all_lines))
    _write(out / "dist" / "pesco.ttl", write_turtle(all_lines))
    _write(out / "dist" / "pesco.jsonld", write_jsonld(all_lines, context))
    _write(out / "context.jsonld", template_context())
    _write(out / "style.css", template_text("style.css"))
    _write(out / ".htaccess", site_htaccess())
    _write(out / W3ID_FILE, w3id_htaccess(hosting_base))
    files += 8
    return SiteSummary(out, len(resources) + 1, len(resources), files, by_kind, len(all_lines))


def template_context() -> str:
    """The published ``context.jsonld`` (the packaged file, as is)."""
    from importlib.resources import files as package_files

    return (package_files("pesco_graph") / "ontology" / "context.jsonld").read_text(encoding="utf-8")
