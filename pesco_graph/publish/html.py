"""HTML building blocks of the site: escaping, links between pages, the page skeleton.

Pages live at ``{path}.html`` where ``{path}`` is the IRI after the base; links between
pages are relative (``../state/FR.html``), so the site works from any folder, on a plain
static server and behind the content-negotiation rules alike.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from importlib.resources import files
from string import Template
from urllib.parse import unquote

from ..namespace import BASE

__all__ = ["esc", "rel", "file_path", "formats_line", "Linker", "render_page", "template_text",
           "embed_jsonld", "ONTOLOGY"]

ONTOLOGY = BASE + "ontology"


def esc(text: object) -> str:
    """HTML-escape ``text`` (quotes included)."""
    return html.escape(str(text), quote=True)


def template_text(name: str) -> str:
    """A file of ``pesco_graph/publish/templates``."""
    return (files("pesco_graph.publish") / "templates" / name).read_text(encoding="utf-8")


def rel(from_path: str, to: str) -> str:
    """The relative URL from the page ``from_path`` to ``to`` (both paths after the base)."""
    return "../" * from_path.count("/") + to


def file_path(path: str) -> str:
    """Where a path's files live on disk: the IRI path with its %-escapes decoded."""
    return unquote(path)


class Linker:
    """Links from one page to resources: pages of the site, ontology anchors, the web."""

    def __init__(self, pages: set[str], label: Callable[[str], str], owner: dict[str, str]) -> None:
        self.pages = pages
        self.label = label
        self.owner = owner  # folded IRIs (intervals, ...) -> the path of their page

    def href(self, from_path: str, iri: str) -> str:
        if iri.startswith(ONTOLOGY + "#"):
            return rel(from_path, "ontology.html#" + iri[len(ONTOLOGY) + 1:])
        if iri.startswith(BASE):
            path = iri[len(BASE):]
            path = self.owner.get(iri, path)
            if path in self.pages:
                return rel(from_path, path + ".html")
        return iri

    def link(self, from_path: str, iri: str, text: str | None = None) -> str:
        shown = self.label(iri) if text is None else text
        href = self.href(from_path, iri)
        external = "" if href != iri or not iri.startswith("http") else ' rel="external"'
        return f'<a href="{esc(href)}"{external}>{esc(shown)}</a>'


def embed_jsonld(doc: bytes) -> str:
    """A ``<script type="application/ld+json">`` holding ``doc``, safe inside HTML."""
    text = doc.decode("utf-8").replace("</", "<\\/").rstrip("\n")
    json.loads(doc)  # never embed something that is not JSON
    return f'<script type="application/ld+json">\n{text}\n</script>\n'


def render_page(path: str, title: str, body: str, version: str, jsonld: bytes | None = None,
                iri: str | None = None) -> str:
    """A whole page: the skeleton with its title, alternates, embedded JSON-LD and body."""
    name = path.rsplit("/", 1)[-1]
    head = []
    if iri is not None:
        head.append(f'<link rel="canonical" href="{esc(iri)}">')
    if jsonld is not None:
        for suffix, media in (("ttl", "text/turtle"), ("jsonld", "application/ld+json"),
                              ("nt", "application/n-triples")):
            head.append(f'<link rel="alternate" type="{media}" href="{esc(name)}.{suffix}">')
    text = "\n".join(head) + "\n" + (embed_jsonld(jsonld) if jsonld is not None else "")
    return Template(template_text("page.html")).substitute(
        title=esc(title), root=rel(path, ""), head=text, body=body, version=esc(version))


def formats_line(path: str) -> str:
    """The visible links to a page's data files."""
    name = esc(path.rsplit("/", 1)[-1])
    return (f'<p class="formats">Data: <a href="{name}.ttl">Turtle</a> <a href="{name}.jsonld">JSON-LD</a> '
            f'<a href="{name}.nt">N-Triples</a></p>')
