"""``ontology.html``: the ontology and its SKOS schemes documented, one anchor per term.

Every class and property of ``pesco:`` with its label, definition, domain, range, super
class and where it is used (instances, triples); every concept scheme with its concepts
(label, notation, definition, broader, how many resources refer to it). Anchors are the
local names of ontology terms (``#Project``) and the paths of concepts
(``#domain/maritime``), so ``ontology#Project`` finds its entry.
"""

from __future__ import annotations

from collections import Counter

from .html import ONTOLOGY, Linker, esc, formats_line
from .model import SiteData

__all__ = ["render_ontology", "ontology_terms", "concept_anchor"]

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_OWL = "http://www.w3.org/2002/07/owl#"
_SKOS = "http://www.w3.org/2004/02/skos/core#"
_DCT = "http://purl.org/dc/terms/"
_CLASS_TYPES = (_OWL + "Class", _RDFS + "Class")
_PROPERTY_TYPES = (_OWL + "ObjectProperty", _OWL + "DatatypeProperty", _OWL + "AnnotationProperty",
                   _RDF + "Property")


def concept_anchor(iri: str) -> str:
    """The anchor of a concept or scheme on the ontology page: its path after the base."""
    return iri[len(ONTOLOGY) - len("ontology"):]


def ontology_terms(data: SiteData) -> tuple[list[str], list[str]]:
    """(classes, properties) of the ontology namespace, sorted by IRI."""
    classes, properties = [], []
    for iri in sorted(data.out):
        if not iri.startswith(ONTOLOGY + "#"):
            continue
        types = data.types(iri)
        if any(t in _CLASS_TYPES for t in types):
            classes.append(iri)
        elif any(t in _PROPERTY_TYPES for t in types):
            properties.append(iri)
    return classes, properties


def _definition(data: SiteData, iri: str) -> str:
    for predicate in (_SKOS + "definition", _RDFS + "comment", _DCT + "description"):
        found = data.first(iri, predicate)
        if found:
            return found
    return ""


def _term(data: SiteData, linker: Linker, iri: str, anchor: str, rows: list[tuple[str, str]]) -> str:
    shown = "".join(f"<tr><th>{esc(k)}</th><td>{v}</td></tr>" for k, v in rows if v)
    return (f'<section class="term" id="{esc(anchor)}"><h3>{esc(data.label(iri))} '
            f'<a href="#{esc(anchor)}" class="src">#</a></h3>\n<p class="iri">{esc(iri)}</p>\n'
            f"<p>{esc(_definition(data, iri))}</p>\n<table>{shown}</table></section>")


def render_ontology(data: SiteData, linker: Linker) -> tuple[str, str]:
    """(title, HTML body) of ``ontology.html``."""
    path = "ontology"
    used = Counter(line.split(b" ", 2)[1][1:-1].decode("utf-8") for line in data.all_lines)

    def links(iri: str, predicate: str) -> str:
        return ", ".join(linker.link(path, t.value) for t in data.values(iri, predicate))

    classes, properties = ontology_terms(data)
    schemes = sorted(i for i in data.out if _SKOS + "ConceptScheme" in data.types(i))
    title = data.label(ONTOLOGY)
    body = [f"<h1>{esc(title)}</h1>", f'<p class="iri">{esc(ONTOLOGY)}</p>', formats_line(path)]
    body.append(f"<p>{esc(data.first(ONTOLOGY, _DCT + 'description') or '')}</p>")
    meta = [("Version", esc(data.first(ONTOLOGY, _OWL + "versionInfo") or "")),
            ("Modified", esc(data.first(ONTOLOGY, _DCT + "modified") or "")),
            ("Licence", links(ONTOLOGY, _DCT + "license")),
            ("Imports", links(ONTOLOGY, _OWL + "imports")),
            ("Namespace", f"<code>{esc(ONTOLOGY)}#</code> (prefix <code>pesco:</code>)")]
    body.append("<table>" + "".join(f"<tr><th>{k}</th><td>{v}</td></tr>" for k, v in meta) + "</table>")
    toc = [f'<li><a href="#classes">Classes</a> ({len(classes)})</li>',
           f'<li><a href="#properties">Properties</a> ({len(properties)})</li>',
           f'<li><a href="#schemes">Concept schemes</a> ({len(schemes)})</li>']
    body.append("<ul>" + "".join(toc) + "</ul>")
    body.append('<h2 id="classes">Classes</h2>')
    for iri in classes:
        instances = sum(1 for p, _ in data.incoming.get(iri, []) if p == _RDF + "type")
        as_domain = [p for p in properties if iri in [t.value for t in data.values(p, _RDFS + "domain")]]
        as_range = [p for p in properties if iri in [t.value for t in data.values(p, _RDFS + "range")]]
        body.append(_term(data, linker, iri, iri.split("#", 1)[1], [
            ("Sub class of", links(iri, _RDFS + "subClassOf")),
            ("Disjoint with", links(iri, _OWL + "disjointWith")),
            ("Properties with this domain", ", ".join(linker.link(path, p) for p in as_domain)),
            ("Properties with this range", ", ".join(linker.link(path, p) for p in as_range)),
            ("Used", f"{instances} instance{'s' if instances != 1 else ''} in the graph"),
        ]))
    body.append('<h2 id="properties">Properties</h2>')
    for iri in properties:
        kinds = ", ".join(linker.link(path, t) for t in data.types(iri))
        count = used.get(iri, 0)
        body.append(_term(data, linker, iri, iri.split("#", 1)[1], [
            ("Kind", kinds), ("Domain", links(iri, _RDFS + "domain")), ("Range", links(iri, _RDFS + "range")),
            ("Sub property of", links(iri, _RDFS + "subPropertyOf")),
            ("Used", f"in {count} triple{'s' if count != 1 else ''} of the graph"),
        ]))
    body.append('<h2 id="schemes">Concept schemes</h2>')
    for scheme in schemes:
        concepts = sorted(s for p, s in data.incoming.get(scheme, []) if p == _SKOS + "inScheme")
        body.append(_term(data, linker, scheme, concept_anchor(scheme), [
            ("Concepts", ", ".join(f'<a href="#{esc(concept_anchor(c))}">{esc(data.label(c))}</a>'
                                   for c in concepts)),
            ("Page", linker.link(path, scheme, concept_anchor(scheme))),
        ]))
        for concept in concepts:
            refs = [s for p, s in data.incoming.get(concept, [])
                    if p not in (_SKOS + "hasTopConcept", _SKOS + "broader")]
            body.append(_term(data, linker, concept, concept_anchor(concept), [
                ("Notation", esc(data.first(concept, _SKOS + "notation") or "")),
                ("In scheme", links(concept, _SKOS + "inScheme")),
                ("Broader", links(concept, _SKOS + "broader")),
                ("Same as", links(concept, _SKOS + "exactMatch")),
                ("Used", f"referred to by {len(refs)} resource{'s' if len(refs) != 1 else ''}"
                 f" ({linker.link(path, concept, 'page')})"),
            ]))
    return title, "\n".join(body)
