"""The site in a real browser: Debian's chromium, headless, driven by playwright.

Serve the site with a plain static HTTP server, open the index, follow a link to a project
and check that its members, timeline and sources render (laid out, visible, with size), with
JavaScript off as the pages promise. Playwright's own browsers are never downloaded: the
system chromium is launched by path.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

from pesco_graph.publish.site import write_site
from tests.site_servers import CHROMIUM, remove, require, start_static, stop

ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="module")
def served():
    require(CHROMIUM, "Chromium (Debian package chromium)")
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        if os.environ.get("PESCO_REQUIRE_SERVERS"):
            pytest.fail("playwright is required here (PESCO_REQUIRE_SERVERS is set) but not installed")
        pytest.skip("playwright is not installed (pip install playwright; the test extra has it)")
    root = Path(tempfile.mkdtemp(prefix="pesco-site-browser-"))
    write_site(root)
    process, base = start_static(root)
    try:
        yield base
    finally:
        stop(process)
        remove(root)


@pytest.fixture(scope="module")
def browser(served):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield browser
        finally:
            browser.close()


def test_index_to_project_page_renders_members_timeline_and_sources(served, browser, tmp_path):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(served + "index.html")
    assert page.title().startswith("PESCO knowledge graph")
    assert page.locator("#waves").is_visible()
    page.locator("a[href='project/military-mobility.html']").first.click()
    page.wait_for_load_state()
    assert page.url.endswith("/project/military-mobility.html")
    assert page.locator("h1").inner_text() == "Military Mobility (MM)"

    rows = page.locator("#members + .timeline .row")
    assert rows.count() >= 25
    netherlands = page.locator(".timeline .row", has=page.locator("a[href='../state/NL.html']"))
    coordinator = netherlands.locator(".bar.coordinator").bounding_box()
    track = netherlands.locator(".track").bounding_box()
    assert coordinator is not None and track is not None
    assert coordinator["width"] > 0.5 * track["width"]  # coordinating since 2018: most of the axis
    denmark = page.locator(".timeline .row", has=page.locator("a[href='../state/DK.html']"))
    late = denmark.locator(".bar.member").bounding_box()
    assert late is not None and late["x"] > coordinator["x"] + 0.3 * track["width"]  # joined in 2023

    assert page.locator("#participations + table tbody tr").count() >= 25
    sources = page.locator("ol.sources li a[rel='external']")
    assert sources.count() >= 4 and sources.first.is_visible()
    assert sources.first.get_attribute("href").startswith("http")
    page.locator("a.src").first.click()  # a citation jumps to its source
    assert page.url.split("#")[1].startswith("src-")

    shot = tmp_path / "project-page.png"
    page.screenshot(path=str(shot), full_page=False)
    assert shot.stat().st_size > 10_000
    keep = os.environ.get("PESCO_SCREENSHOT")
    if keep:
        Path(keep).parent.mkdir(parents=True, exist_ok=True)
        page.goto(served + "project/military-mobility.html")
        page.screenshot(path=keep, full_page=False)
    context.close()


def test_state_page_and_ontology_anchor(served, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(served + "state/FR.html")
    assert page.locator("h1").inner_text() == "France"
    assert page.locator(".timeline .row").count() >= 30
    page.goto(served + "ontology.html#Participation")
    assert page.locator("#Participation h3").is_visible()
    context.close()
