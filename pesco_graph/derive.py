"""Triples derived at build time from the curated ones, never maintained by hand.

One set of rules, as SPARQL updates, run by whichever backend holds the graph:

- each participation's ``org:memberDuring`` interval (OWL-Time) from ``pesco:since``/``until``;
- the shortcuts ``pesco:coordinatedBy``, ``pesco:hasMember`` and ``pesco:hasObserver`` from
  current participations (those without ``pesco:until``);
- the dataset description's counts (VoID): ``void:triples`` (every triple of the graph as
  written, these counts included) and a class partition with
  ``void:entities`` for projects, states, participations, legal acts and sources, when the
  graph holds the dataset description.
"""

from __future__ import annotations

from .backends import GraphBackend

__all__ = ["DERIVE_RULES", "derive"]

_PREFIXES = """PREFIX pesco: <https://w3id.org/pesco-kg/ontology#>
PREFIX org: <http://www.w3.org/ns/org#>
PREFIX time: <http://www.w3.org/2006/time#>
PREFIX void: <http://rdfs.org/ns/void#>
"""

DERIVE_RULES: tuple[str, ...] = (
    _PREFIXES + """INSERT { ?m org:memberDuring ?i . ?i a time:Interval }
    WHERE { ?m a pesco:Participation . BIND (IRI(CONCAT(STR(?m), "/interval")) AS ?i) }""",
    _PREFIXES + """INSERT { ?i time:hasBeginning ?x . ?x a time:Instant ; time:inXSDDate ?since }
    WHERE { ?m a pesco:Participation ; pesco:since ?since .
            BIND (IRI(CONCAT(STR(?m), "/interval")) AS ?i)
            BIND (IRI(CONCAT(STR(?m), "/interval/start")) AS ?x) }""",
    _PREFIXES + """INSERT { ?i time:hasEnd ?x . ?x a time:Instant ; time:inXSDDate ?until }
    WHERE { ?m a pesco:Participation ; pesco:until ?until .
            BIND (IRI(CONCAT(STR(?m), "/interval")) AS ?i)
            BIND (IRI(CONCAT(STR(?m), "/interval/end")) AS ?x) }""",
    _PREFIXES + """INSERT { ?p ?shortcut ?s }
    WHERE { ?m a pesco:Participation ; org:organization ?p ; org:member ?s ; org:role ?r .
            FILTER NOT EXISTS { ?m pesco:until ?u }
            VALUES (?r ?shortcut) {
              (<https://w3id.org/pesco-kg/role/coordinator> pesco:coordinatedBy)
              (<https://w3id.org/pesco-kg/role/member> pesco:hasMember)
              (<https://w3id.org/pesco-kg/role/observer> pesco:hasObserver) } }""",
    # the dataset's VoID counts: void:triples counts the graph as written, the count triples
    # themselves included (one void:triples, three per non-empty class partition)
    _PREFIXES + """INSERT { <https://w3id.org/pesco-kg/dataset> void:triples ?n ;
               void:classPartition ?part . ?part void:class ?cls ; void:entities ?k }
    WHERE { <https://w3id.org/pesco-kg/dataset> a void:Dataset .
            { SELECT (COUNT(*) AS ?before) WHERE { ?s ?p ?o } }
            { SELECT (COUNT(DISTINCT ?c) AS ?parts) WHERE {
                VALUES ?c { pesco:Project pesco:State pesco:Participation pesco:LegalAct pesco:Source }
                ?x a ?c } }
            # cast: rdflib evaluates integer arithmetic to xsd:decimal
            BIND (<http://www.w3.org/2001/XMLSchema#integer>(?before + 1 + 3 * ?parts) AS ?n)
            VALUES ?local { "Project" "State" "Participation" "LegalAct" "Source" }
            BIND (IRI(CONCAT(STR(pesco:), ?local)) AS ?cls)
            BIND (IRI(CONCAT("https://w3id.org/pesco-kg/dataset/class/", ?local)) AS ?part)
            { SELECT ?cls (COUNT(DISTINCT ?x) AS ?k) WHERE { ?x a ?cls } GROUP BY ?cls } }""",
)


def derive(graph: GraphBackend) -> GraphBackend:
    """Add the derived triples to ``graph`` in place and return it."""
    for rule in DERIVE_RULES:
        graph.update(rule)
    return graph
