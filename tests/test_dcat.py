"""The dataset description against the official DCAT-AP 3.0.1 shapes, and its VoID counts."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCTERMS, RDF, SH, VOID

from pesco_graph.namespace import BASE
from pesco_graph.resources import resource_dir

SHAPES = Path(__file__).parent / "fixtures" / "dcat-ap-3.0.1"
DATASET = URIRef(BASE + "dataset")
PESCO = Namespace("https://w3id.org/pesco-kg/ontology#")
DCAT = Namespace("http://www.w3.org/ns/dcat#")  # an open namespace: pytest probes module names
IANA = "http://www.iana.org/assignments/media-types/"
FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"


def _shapes(*names: str) -> Graph:
    graph = Graph()
    for name in names:
        graph.parse(SHAPES / name)
    return graph


def _results(data: Graph, shapes: Graph) -> list[tuple[str, str, str, str]]:
    from pyshacl import validate

    _, report, _ = validate(data, shacl_graph=shapes, inference="none", allow_warnings=True)
    rows = []
    for r in report.subjects(RDF.type, SH.ValidationResult):
        severity = str(report.value(r, SH.resultSeverity)).rsplit("#", 1)[-1]
        rows.append((severity, str(report.value(r, SH.focusNode)), str(report.value(r, SH.resultPath)),
                     str(report.value(r, SH.resultMessage))))
    return sorted(rows)


@pytest.fixture(scope="module")
def description() -> Graph:
    text = (resource_dir("data") / "dataset.ttl").read_text(encoding="utf-8")
    return Graph().parse(data=text, format="turtle")


@pytest.fixture(scope="module")
def published() -> Graph:
    from pesco_graph.load import load_graph

    return Graph().parse(data=b"\n".join(load_graph().nt_lines()).decode("utf-8"), format="nt")


def test_dataset_description_has_no_violations(description):
    assert _results(description, _shapes("html_shacl_shapes.ttl", "html_shacl_range.ttl")) == []


def test_dataset_description_has_every_recommended_property(description):
    assert _results(description, _shapes("html_shacl_shapes_recommended.ttl")) == []


def test_whole_published_graph_has_no_violations(published):
    assert _results(published, _shapes("html_shacl_shapes.ttl", "html_shacl_range.ttl")) == []


def test_shapes_do_catch_a_broken_description(description):
    """The check is not vacuous: a literal publisher and a distribution without its download
    details are reported."""
    broken = Graph()
    for triple in description:
        broken.add(triple)
    broken.remove((DATASET, DCTERMS.publisher, None))
    broken.add((DATASET, DCTERMS.publisher, Literal("someone")))
    dump = URIRef(BASE + "dist/pesco.nt")
    broken.remove((dump, DCAT.accessURL, None))
    broken.remove((dump, DCTERMS.format, None))
    violations = _results(broken, _shapes("html_shacl_shapes.ttl", "html_shacl_range.ttl"))
    paths = {(focus, path) for _, focus, path, _ in violations}
    assert (str(DATASET), str(DCTERMS.publisher)) in paths
    assert (str(dump), str(DCAT.accessURL)) in paths
    warnings = _results(broken, _shapes("html_shacl_shapes_recommended.ttl"))
    assert (str(dump), str(DCTERMS.format)) in {(focus, path) for _, focus, path, _ in warnings}


def test_every_download_is_a_described_distribution(description):
    from pesco_graph.publish.index_page import DUMPS

    distributions = set(description.objects(DATASET, DCAT.distribution))
    dumps = {URIRef(BASE + path) for path, _, _ in DUMPS if path.startswith("dist/")}
    assert distributions == dumps
    for dist in distributions:
        assert description.value(dist, DCAT.downloadURL) == dist
        media = str(description.value(dist, DCAT.mediaType))
        assert media.startswith(IANA)
        assert str(description.value(dist, DCTERMS.format)).startswith(FILE_TYPE)
        assert description.value(dist, DCTERMS.license) is not None
        suffix = str(dist).rsplit(".", 1)[1]
        from pesco_graph.publish.conneg import MEDIA_TYPES

        assert media == IANA + MEDIA_TYPES[suffix]
    publisher = description.value(DATASET, DCTERMS.publisher)
    assert isinstance(publisher, URIRef)
    assert (publisher, RDF.type, URIRef("http://xmlns.com/foaf/0.1/Agent")) in description


def test_void_triples_is_the_number_of_triples_of_the_dump(published):
    assert int(published.value(DATASET, VOID.triples)) == len(published)
    partitions = {published.value(p, VOID["class"]): int(published.value(p, VOID.entities))
                  for p in published.objects(DATASET, VOID.classPartition)}
    assert partitions[PESCO.Project] == len(set(published.subjects(RDF.type, PESCO.Project)))
    assert partitions[PESCO.Participation] == len(set(published.subjects(RDF.type, PESCO.Participation)))
    assert set(partitions) == {PESCO.Project, PESCO.State, PESCO.Participation, PESCO.LegalAct, PESCO.Source}


def test_every_backend_derives_the_same_count(published):
    from rdflib.namespace import XSD

    from pesco_graph.load import load_graph

    graph = load_graph(backend="rdflib")
    lines = graph.nt_lines()
    count = f'<{DATASET}> <{VOID.triples}> "{len(lines)}"^^<{XSD.integer}> .'.encode()
    assert count in lines and len(lines) == len(published)
