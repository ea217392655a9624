"""Content negotiation for real: Apache over the generated site and the w3id.org redirects."""

from __future__ import annotations

import tempfile
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from pesco_graph.publish.site import W3ID_FILE, resource_paths, write_site
from tests.site_servers import remove, require, start_apache, stop, world_readable

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
CASES = [  # Accept header, suffix of the file that must come back, Content-Type
    (BROWSER, "html", "text/html"),
    (None, "html", "text/html"),
    ("text/turtle", "ttl", "text/turtle"),
    ("text/turtle;q=1.0, application/rdf+xml;q=0.5", "ttl", "text/turtle"),
    ("application/ld+json", "jsonld", "application/ld+json"),
    ("application/n-triples", "nt", "application/n-triples"),
]


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def fetch(url: str, accept: str | None = None, follow: bool = True):
    request = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    opener = urllib.request.build_opener() if follow else urllib.request.build_opener(_NoRedirect)
    try:
        with opener.open(request, timeout=20) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture(scope="module")
def apache():
    require(Path("/usr/sbin/apache2"), "Apache (Debian package apache2)")
    root = Path(tempfile.mkdtemp(prefix="pesco-site-apache-"))
    work = root / "work"
    work.mkdir()
    docroot = root / "www"
    # the site at /site/, the w3id.org redirect rules at /pesco-kg/, both on one server
    (docroot / "pesco-kg").mkdir(parents=True)
    process = None
    try:
        # the hosting base must be known before the site is written: start, learn the port, write
        process, base = start_apache(docroot, work)
        site = docroot / "site"
        write_site(site, hosting_base=base + "site/")
        (docroot / "pesco-kg" / ".htaccess").write_text((site / W3ID_FILE).read_text())
        world_readable(root)
        yield base, site
    finally:
        if process is not None:
            stop(process)
        remove(root)


def _sample() -> list[str]:
    paths = resource_paths()
    with_children = next(p for p in paths if p.startswith("project/") and any(
        q.startswith(p + "/") for q in paths))
    return ["project/military-mobility", "state/FR", "ontology", "domain/maritime", "domain",
            next(p for p in paths if p.startswith("participation/")), with_children, "dataset"]


@pytest.mark.parametrize("path", _sample())
def test_every_accept_type_gets_its_file(apache, path):
    base, site = apache
    for accept, suffix, media in CASES:
        status, headers, body = fetch(f"{base}site/{path}", accept)
        assert status == 200, (path, accept, status)
        assert headers["Content-Type"].split(";")[0] == media, (path, accept)
        assert body == (site / f"{path}.{suffix}").read_bytes(), (path, accept)
        assert "Accept" in headers.get("Vary", ""), (path, accept)


def test_a_file_asked_for_by_name_is_that_file(apache):
    base, site = apache
    status, headers, body = fetch(f"{base}site/state/FR.ttl", BROWSER)
    assert status == 200 and headers["Content-Type"].startswith("text/turtle")
    assert body == (site / "state/FR.ttl").read_bytes()
    status, headers, body = fetch(f"{base}site/dist/pesco.jsonld", "text/turtle")
    assert status == 200 and headers["Content-Type"].startswith("application/ld+json")


def test_root_is_the_index_or_the_dataset_description(apache):
    base, site = apache
    assert fetch(f"{base}site/", BROWSER)[2] == (site / "index.html").read_bytes()
    assert fetch(f"{base}site/", "text/turtle")[2] == (site / "dataset.ttl").read_bytes()


def test_unknown_iri_is_not_found(apache):
    base, _ = apache
    assert fetch(f"{base}site/project/no-such-project", "text/turtle")[0] == 404
    assert fetch(f"{base}site/project/no-such-project", BROWSER)[0] == 404


def test_w3id_rules_redirect_to_the_hosted_files(apache):
    base, site = apache
    for accept, suffix, media in CASES:
        status, headers, _ = fetch(f"{base}pesco-kg/project/military-mobility", accept, follow=False)
        assert status == 303, accept
        assert headers["Location"] == f"{base}site/project/military-mobility.{suffix}"
        status, headers, body = fetch(f"{base}pesco-kg/project/military-mobility", accept)
        assert status == 200 and headers["Content-Type"].split(";")[0] == media
        assert body == (site / f"project/military-mobility.{suffix}").read_bytes()
    status, headers, _ = fetch(f"{base}pesco-kg/", BROWSER, follow=False)
    assert status == 303 and headers["Location"] == f"{base}site/index.html"
