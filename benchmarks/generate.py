"""Synthetic PESCO-shaped graphs of a given size, valid against the project's shapes.

The graph has the real graph's shape: 26 participating Member States (one joining later,
like Denmark), Malta, five third states, six waves with their listing decisions, projects
with a domain, a status and sources, and dated participations (a coordinator who is also a
member, members, observers, a third state admitted by a decision). Only the number of
projects grows with the size. Output is Turtle, deterministic for a given size and seed.

    python benchmarks/generate.py 100000 > /tmp/pesco-100k.ttl
"""

from __future__ import annotations

import random
import sys

__all__ = ["generate", "TRIPLES_PER_PROJECT"]

PMS = ["AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE",
       "IT", "LT", "LU", "LV", "NL", "PL", "PT", "RO", "SE", "SI", "SK"]
THIRD = ["US", "CA", "NO", "GB", "CH"]
DOMAINS = ["training-facilities", "land-formations-systems", "maritime", "air-systems",
           "cyber-c4isr", "enabling-joint", "space"]
WAVES = [(1, "2018-03-06", "2018/340"), (2, "2018-11-19", "2018/1797"), (3, "2019-11-12", "2019/1909"),
         (4, "2021-11-16", "2021/2008"), (5, "2023-05-22", "2023/995"), (6, "2025-05-27", "2025/1107")]
THIRD_DECISION = ("2021/750", "2021-05-06")

PREFIXES = """@prefix pesco: <https://w3id.org/pesco-kg/ontology#> .
@prefix project: <https://w3id.org/pesco-kg/project/> .
@prefix state: <https://w3id.org/pesco-kg/state/> .
@prefix wave: <https://w3id.org/pesco-kg/wave/> .
@prefix role: <https://w3id.org/pesco-kg/role/> .
@prefix status: <https://w3id.org/pesco-kg/status/> .
@prefix domain: <https://w3id.org/pesco-kg/domain/> .
@prefix completeness: <https://w3id.org/pesco-kg/completeness/> .
@prefix basis: <https://w3id.org/pesco-kg/start-basis/> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix eli: <http://data.europa.eu/eli/ontology#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix src: <https://example.org/source/> .
"""

# data triples a project brings: 10 for the project, 7 per participation (8 of them), 4 for its source
TRIPLES_PER_PROJECT = 10 + 7 * 8 + 4


def _act(number: str, date: str) -> str:
    year, num = number.split("/")
    return (f"<http://data.europa.eu/eli/dec/{year}/{num}/oj> a pesco:LegalAct, pesco:CouncilDecision ;\n"
            f'    eli:title "Council Decision (CFSP) {number}"@en ; eli:date_document "{date}"^^xsd:date ;\n'
            f"    dcterms:source src:acts .\n")


def _participation(slug: str, code: str, role: str, since: str, extra: str = "") -> str:
    return (f"<https://w3id.org/pesco-kg/participation/{slug}/{code}/{role}/{since}> a pesco:Participation ;\n"
            f"    org:organization project:{slug} ; org:member state:{code} ; org:role role:{role} ;\n"
            f'    pesco:since "{since}"^^xsd:date ; pesco:sinceBasis basis:listed ;{extra}\n'
            f"    dcterms:source src:{slug} .\n")


def generate(triples: int, seed: int = 0) -> str:
    """Turtle text of a synthetic graph with about ``triples`` data triples."""
    rng = random.Random(seed)
    out = [PREFIXES]
    out.append('src:acts a pesco:Source ; dcterms:title "Official Journal" ; '
               'dcterms:date "2018-03-08"^^xsd:date .\n')
    out.append(_act("2017/2315", "2017-12-11"))
    out.append(_act(*THIRD_DECISION))
    for number, date, decision in WAVES:
        out.append(_act(decision, date))
        year, num = decision.split("/")
        out.append(f'wave:{number} a pesco:Wave ; pesco:waveNumber {number} ; dcterms:date "{date}"^^xsd:date ;\n'
                   f"    pesco:adoptedBy <http://data.europa.eu/eli/dec/{year}/{num}/oj> ; dcterms:source src:acts .\n")
    for code in PMS:
        joined = "2023-05-23" if code == "DK" else "2017-12-11"
        out.append(f"state:{code} a pesco:State, pesco:ParticipatingMemberState ; rdfs:label \"{code}\"@en ;\n"
                   f'    pesco:alpha2 "{code}" ; pesco:joinedPESCO "{joined}"^^xsd:date ;\n'
                   f"    pesco:admittedToPESCOBy <http://data.europa.eu/eli/dec/2017/2315/oj> ; dcterms:source src:acts .\n")
    out.append('state:MT a pesco:State, pesco:NonParticipatingMemberState ; rdfs:label "MT"@en ; '
               'pesco:alpha2 "MT" ; dcterms:source src:acts .\n')
    for code in THIRD:
        out.append(f'state:{code} a pesco:State, pesco:ThirdState ; rdfs:label "{code}"@en ; '
                   f'pesco:alpha2 "{code}" ; dcterms:source src:acts .\n')
    projects = max(1, (triples - 400) // TRIPLES_PER_PROJECT)
    for i in range(projects):
        number, date, _decision = WAVES[i % len(WAVES)]
        slug = f"p{i:07d}"
        out.append(f"src:{slug} a pesco:Source ; dcterms:title \"Page about project {i}\" ;\n"
                   f'    dcterms:date "{date}"^^xsd:date ; dcterms:issued "{date}"^^xsd:date .\n')
        out.append(f"project:{slug} a pesco:Project ; pesco:slug \"{slug}\" ; rdfs:label \"Project {i}\"@en ;\n"
                   f"    pesco:acronym \"P{i}\" ; pesco:wave wave:{number} ; pesco:capabilityDomain "
                   f"domain:{DOMAINS[rng.randrange(len(DOMAINS))]} ;\n"
                   f"    pesco:status status:ongoing ; pesco:memberListCompleteness completeness:complete ;\n"
                   f"    dcterms:source src:{slug} .\n")
        eligible = [c for c in PMS if not (c == "DK" and date < "2023-05-23")]
        chosen = rng.sample(eligible, 7)
        coordinator = chosen[0]
        out.append(_participation(slug, coordinator, "coordinator", date))
        out.append(_participation(slug, coordinator, "member", date))
        for code in chosen[1:5]:
            out.append(_participation(slug, code, "member", date))
        out.append(_participation(slug, chosen[5], "observer", date))
        if i % 10 == 0 and date >= THIRD_DECISION[1]:
            third = THIRD[rng.randrange(len(THIRD))]
            out.append(_participation(slug, third, "member", date,
                                      " pesco:admittedBy <http://data.europa.eu/eli/dec/2021/750/oj> ;"))
        else:
            out.append(_participation(slug, chosen[6], "observer", date))
    return "".join(out)


if __name__ == "__main__":
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    sys.stdout.write(generate(size))
