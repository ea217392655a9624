"""The static linked-data site: pages, data files, links, ontology docs, determinism."""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pyoxigraph as ox
import pytest

from pesco_graph.namespace import BASE
from pesco_graph.publish.site import W3ID_FILE, resource_paths, write_site

MM = "project/military-mobility"


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    write_site(out, hosting_base="https://example.org/pesco/")
    return out


@pytest.fixture(scope="module")
def paths() -> list[str]:
    return resource_paths()


class _Page(HTMLParser):
    """Links, alternates, ids, embedded JSON-LD and text of one page."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.alternates: dict[str, str] = {}
        self.ids: set[str] = set()
        self.scripts: list[str] = []
        self.text: list[str] = []
        self.bars: list[dict[str, str]] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and "href" in a:
            self.hrefs.append(a["href"])
        if tag == "link" and a.get("rel") == "alternate":
            self.alternates[a["type"]] = a["href"]
        if tag == "script" and a.get("type") == "application/ld+json":
            self._in_script = True
            self.scripts.append("")
        if tag == "span" and "bar" in a.get("class", "").split():
            self.bars.append(a)

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data
        else:
            self.text.append(data)


def parse_page(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text(encoding="utf-8"))
    return page


def _lines(data: bytes, fmt: ox.RdfFormat) -> list[bytes]:
    out = ox.serialize(ox.parse(data, format=fmt), format=ox.RdfFormat.N_TRIPLES)
    return sorted(line for line in out.split(b"\n") if line)


def test_resource_paths_cover_every_kind(paths):
    assert {MM, "state/FR", "state/US", "ontology", "dataset", "wave/1", "domain/maritime", "domain",
            "legal-act/protocol-10", "role/coordinator"} <= set(paths)
    assert any(p.startswith("participation/military-mobility/NL/coordinator") for p in paths)
    assert not [p for p in paths if p.endswith(("/interval", "/start", "/end")) or "#" in p or not p]
    assert "dist/pesco.ttl" not in paths and "dataset/class/Project" not in paths
    assert paths == sorted(paths)


def test_every_resource_has_a_page_and_three_data_files(site, paths):
    for path in paths:
        for suffix in ("html", "ttl", "jsonld", "nt"):
            assert (site / f"{path}.{suffix}").is_file(), f"{path}.{suffix}"
    for name in ("index.html", "ontology.html", "context.jsonld", "style.css", ".htaccess", W3ID_FILE,
                 "dist/pesco.ttl", "dist/pesco.nt", "dist/pesco.jsonld"):
        assert (site / name).is_file(), name


def test_data_files_are_twins(site, paths):
    """Turtle, N-Triples and JSON-LD of every resource hold exactly the same triples, and
    pyld (a JSON-LD 1.1 processor) expands the JSON-LD to them."""
    from pyld import jsonld

    # pyld takes ~0.1 s a document: every kind of resource, and every 10th participation
    sample = {p for p in paths if not p.startswith("participation/")} | set(
        [p for p in paths if p.startswith("participation/")][::10])
    for path in paths:
        nt = (site / f"{path}.nt").read_bytes()
        expected = _lines(nt, ox.RdfFormat.N_TRIPLES)
        assert expected, path
        assert _lines((site / f"{path}.ttl").read_bytes(), ox.RdfFormat.TURTLE) == expected, path
        if path not in sample:
            continue
        doc = json.loads((site / f"{path}.jsonld").read_bytes())
        nquads = jsonld.to_rdf(doc, {"format": "application/n-quads"}).encode("utf-8")
        assert _lines(nquads, ox.RdfFormat.N_QUADS) == expected, path


def test_resource_files_describe_the_resource(site):
    lines = (site / f"{MM}.nt").read_bytes().decode("utf-8").splitlines()
    assert all(line.startswith(f"<{BASE}{MM}>") for line in lines)
    part = next((site / "participation/military-mobility/NL/coordinator").glob("*.nt"))
    text = part.read_text(encoding="utf-8")
    assert "/interval> <http://www.w3.org/2006/time#hasBeginning>" in text  # folded interval


def test_dump_is_the_whole_graph(site):
    from pesco_graph.load import load_graph

    expected = load_graph().nt_lines()
    assert _lines((site / "dist/pesco.ttl").read_bytes(), ox.RdfFormat.TURTLE) == expected
    assert (site / "dist/pesco.nt").read_bytes() == b"\n".join(expected) + b"\n"


def test_project_page_shows_what_an_analyst_reads(site):
    page = parse_page(site / f"{MM}.html")
    text = " ".join(page.text)
    assert "Military Mobility (MM)" in text
    assert "../wave/1.html" in page.hrefs and "http://data.europa.eu/eli/dec/2018/340/oj" in page.hrefs
    assert "../domain/enabling-joint.html" in page.hrefs and "../status/ongoing.html" in page.hrefs
    assert "https://www.pesco.europa.eu/project/military-mobility/" in page.hrefs
    assert "harmonise national procedures" in text  # the description
    assert {"members", "participations", "observers", "third-states", "sources"} <= page.ids
    # members over time: one bar per participation, the coordinator's among them
    states = {h for h in page.hrefs if h.startswith("../state/")}
    assert {"../state/NL.html", "../state/FR.html", "../state/US.html"} <= states
    roles = {bar["class"].split()[1] for bar in page.bars}
    assert roles == {"coordinator", "member", "observer"}
    assert all(re.fullmatch(r"left:[0-9.]+%;width:[0-9.]+%", bar["style"]) for bar in page.bars)
    # third states with the decisions that admitted them
    assert "http://data.europa.eu/eli/dec/2021/750/oj" in page.hrefs or any(
        "2021/750" in h for h in page.hrefs)
    # every cited source is listed and links out
    cited = {h for h in page.hrefs if h.startswith("#src-")}
    listed = {f"#{i}" for i in page.ids if i.startswith("src-")}
    assert cited == listed and len(listed) >= 4


def test_page_links_and_embeds_its_data(site):
    page = parse_page(site / f"{MM}.html")
    assert page.alternates == {"text/turtle": "military-mobility.ttl",
                               "application/ld+json": "military-mobility.jsonld",
                               "application/n-triples": "military-mobility.nt"}
    assert len(page.scripts) == 1
    assert json.loads(page.scripts[0]) == json.loads((site / f"{MM}.jsonld").read_bytes())


def test_state_page_lists_projects_over_time_with_roles(site):
    page = parse_page(site / "state/NL.html")
    text = " ".join(page.text)
    assert "Netherlands" in text and "Projects over time" in text
    assert "../project/military-mobility.html" in page.hrefs
    roles = {bar["class"].split()[1] for bar in page.bars}
    assert "coordinator" in roles and "member" in roles


def test_internal_links_resolve(site):
    broken = []
    ids: dict[Path, set[str]] = {}

    def anchors(file: Path) -> set[str]:
        if file not in ids:
            ids[file] = parse_page(file).ids
        return ids[file]

    for html in sorted(site.rglob("*.html")):
        page = parse_page(html)
        for href in page.hrefs:
            if href.startswith(("http://", "https://")) or not href:
                continue
            target, _, anchor = href.partition("#")
            file = (html.parent / target).resolve() if target else html
            if not file.is_file():
                broken.append(f"{html.relative_to(site)} -> {href}")
            elif anchor and file.suffix == ".html" and anchor not in anchors(file):
                broken.append(f"{html.relative_to(site)} -> {href} (no anchor)")
        if len(broken) > 10:
            break
    assert broken == []


def test_ontology_page_documents_every_term(site):
    from pesco_graph.namespace import PESCO

    page = parse_page(site / "ontology.html")
    local = set(PESCO.terms)  # every term the closed namespace declares
    assert local <= page.ids, sorted(local - page.ids)
    assert {"domain/maritime", "role/coordinator", "activity", "commitment/1"} <= page.ids
    text = " ".join(page.text)
    assert "Properties with this domain" in text and "instances in the graph" in text
    html = (site / "ontology.html").read_text(encoding="utf-8")
    entry = html[html.index('id="hasMember"'):]
    entry = entry[: entry.index("</section>")]
    assert "Domain" in entry and "Range" in entry and "triples of the graph" in entry


def test_index_has_counts_navigation_downloads_and_citation(site):
    page = parse_page(site / "index.html")
    text = " ".join(page.text)
    assert {"waves", "domains", "states", "downloads", "cite"} <= page.ids
    assert "project/military-mobility.html" in page.hrefs and "state/FR.html" in page.hrefs
    for href in ("dist/pesco.ttl", "dist/pesco.nt", "dist/pesco.jsonld", "context.jsonld"):
        assert href in page.hrefs and (site / href).is_file()
    assert "How to cite" in text and "https://w3id.org/pesco-kg/dataset" in text
    assert re.search(r"\b82\s*projects\b", text)


def test_conneg_files(site):
    rules = (site / ".htaccess").read_text()
    for media in ("text/turtle", "application/ld\\+json", "application/n-triples"):
        assert media in rules
    redirect = (site / W3ID_FILE).read_text()
    assert "https://example.org/pesco/$1.ttl [R=303,L]" in redirect
    assert "https://example.org/pesco/$1.html [R=303,L]" in redirect


def _digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_site_is_byte_identical_under_two_hash_seeds(tmp_path):
    digests = []
    for seed in ("0", "123"):
        out = tmp_path / seed
        done = subprocess.run([sys.executable, "-m", "pesco_graph", "site", "--out", str(out)],
                              env={"PYTHONHASHSEED": seed, "PATH": "/usr/bin:/bin"}, capture_output=True,
                              text=True, timeout=300)
        assert done.returncode == 0, done.stderr
        assert "pages" in done.stdout
        digests.append(_digest(out))
    assert digests[0] == digests[1]
    assert len(digests[0]) > 2000


def test_site_refuses_bad_input_in_one_line(tmp_path, cli):
    file = tmp_path / "a-file"
    file.write_text("x")
    done = cli("site", "--out", str(file))
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.strip().count("\n") == 0 and "not a folder" in done.stderr
    done = cli("site", "--out", str(tmp_path / "s"), "--hosting-base", "ftp://example.org/")
    assert done.returncode == 2 and "http(s)" in done.stderr and "Traceback" not in done.stderr
