"""Triples derived at build time from the curated ones, never maintained by hand.

- each participation's ``org:memberDuring`` interval (OWL-Time) from ``pesco:since``/``until``;
- the shortcuts ``pesco:coordinatedBy``, ``pesco:hasMember`` and ``pesco:hasObserver`` from
  current participations (those without ``pesco:until``);
- the dataset description's counts (VoID): ``void:triples`` (every triple of the graph as
  written, these counts included) and a class partition with ``void:entities`` for projects, states,
  participations, legal acts and sources, when the graph holds the dataset description.
"""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import ORG, RDF, TIME, VOID

from .namespace import BASE, PESCO, concept_iri

__all__ = ["derive", "SHORTCUTS", "DATASET", "COUNTED_CLASSES"]

DATASET = URIRef(BASE + "dataset")
COUNTED_CLASSES = ("Project", "State", "Participation", "LegalAct", "Source")

SHORTCUTS = {
    concept_iri("role", "coordinator"): PESCO.coordinatedBy,
    concept_iri("role", "member"): PESCO.hasMember,
    concept_iri("role", "observer"): PESCO.hasObserver,
}


def derive(graph: Graph) -> Graph:
    """Add the derived triples to ``graph`` in place and return it."""
    additions = []
    for part in sorted(set(graph.subjects(RDF.type, PESCO.Participation))):
        interval = URIRef(f"{part}/interval")
        additions.append((part, ORG.memberDuring, interval))
        additions.append((interval, RDF.type, TIME.Interval))
        for predicate, time_predicate, suffix in (
            (PESCO.since, TIME.hasBeginning, "start"),
            (PESCO.until, TIME.hasEnd, "end"),
        ):
            for value in graph.objects(part, predicate):
                instant = URIRef(f"{interval}/{suffix}")
                additions.append((interval, time_predicate, instant))
                additions.append((instant, RDF.type, TIME.Instant))
                additions.append((instant, TIME.inXSDDate, value))
        if (part, PESCO.until, None) in graph:
            continue
        projects = list(graph.objects(part, ORG.organization))
        states = list(graph.objects(part, ORG.member))
        for role in graph.objects(part, ORG.role):
            shortcut = SHORTCUTS.get(role)
            if shortcut is None:
                continue
            for project in projects:
                for state in states:
                    additions.append((project, shortcut, state))
    for triple in additions:
        graph.add(triple)
    graph += _dataset_counts(graph)
    return graph


def _dataset_counts(graph: Graph) -> Graph:
    out = Graph()
    if (DATASET, RDF.type, VOID.Dataset) not in graph:
        return out
    for local in COUNTED_CLASSES:
        cls = PESCO[local]
        count = len(set(graph.subjects(RDF.type, cls)))
        if count:
            part = URIRef(f"{DATASET}/class/{local}")
            out.add((DATASET, VOID.classPartition, part))
            out.add((part, VOID["class"], cls))
            out.add((part, VOID.entities, Literal(count)))
    # exact for the graph as written: the count triples themselves included
    out.add((DATASET, VOID.triples, Literal(len(graph) + len(out) + 1)))
    return out
