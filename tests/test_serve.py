"""``pesco-graph serve``: a running server process, exercised by real clients.

One server (deadline 2 s, memory bound 256 MB, two workers) serves most tests; the stop tests
start their own. Figures (deadline overshoot, peak memory, latencies) are printed: run with
``-s`` to see them.
"""

from __future__ import annotations

import csv
import io
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS
from SPARQLWrapper import JSON, SPARQLWrapper

from pesco_graph.publish.server.guard import refusal, uses_service
from pesco_graph.publish.server.negotiate import choose, resource_type
from pesco_graph.serve import free_port

BASE = "https://w3id.org/pesco-kg/"
MM = URIRef(BASE + "project/military-mobility")
CHROMIUM = Path("/usr/bin/chromium")
REQUIRE = bool(os.environ.get("PESCO_REQUIRE_SERVERS"))
CROSS_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
CROSS_ORDER = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f } ORDER BY ?c ?f"


# --- processes ---------------------------------------------------------------------------------
def children(pid: int) -> list[int]:
    """The process ids whose parent is ``pid``."""
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                out.append(int(entry.name))
    return out


def rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def cpu_ticks(pid: int) -> int:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0
    return int(fields[11]) + int(fields[12])


@dataclass
class Running:
    process: subprocess.Popen
    port: int
    announced: list[str]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def start(*options: str, env: dict[str, str] | None = None) -> Running:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "pesco_graph", "serve", "--port", str(port), *options],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, **(env or {})},
    )
    announced = []
    assert process.stdout is not None
    for line in process.stdout:  # the command says where it listens once it is ready
        announced.append(line)
        if "Ctrl-C" in line:
            break
    else:
        raise AssertionError(f"serve did not start: {announced} {process.stderr.read()}")  # type: ignore[union-attr]
    return Running(process, port, announced)


def stop(running: Running) -> None:
    if running.process.poll() is None:
        running.process.kill()
        running.process.wait()


@pytest.fixture(scope="module")
def site_args(tmp_path_factory) -> list[str]:
    """--site with a site written once, for the servers that need not write their own."""
    from pesco_graph.publish.site import write_site

    out = tmp_path_factory.mktemp("site")
    write_site(out)
    return ["--site", str(out)]


@pytest.fixture(scope="module")
def server():
    running = start("--query-timeout", "2", "--memory-limit", "256", "--workers", "2")
    yield running
    stop(running)


def get(url: str, accept: str | None = None, timeout: float = 10) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return answer.status, dict(answer.headers), answer.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def sparql(server: Running, query: str, accept: str = "application/sparql-results+json",
           how: str = "get", timeout: float = 30) -> tuple[int, dict[str, str], bytes]:
    if how == "get":
        return get(f"{server.url}/query?{urllib.parse.urlencode({'query': query})}", accept, timeout)
    if how == "form":
        data, media = urllib.parse.urlencode({"query": query}).encode(), "application/x-www-form-urlencoded"
    else:
        data, media = query.encode(), "application/sparql-query"
    request = urllib.request.Request(f"{server.url}/query", data=data, method="POST",
                                     headers={"Accept": accept, "Content-Type": media})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return answer.status, dict(answer.headers), answer.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


# --- units ---------------------------------------------------------------------------------------
def test_accept_negotiation_units():
    assert resource_type(None) == "text/html"
    assert resource_type("*/*") == "text/html"
    assert resource_type("text/turtle;q=0.9, application/ld+json") == "application/ld+json"
    assert resource_type("application/rdf+xml;q=1, text/turtle;q=0.5") == "text/turtle"
    assert resource_type("text/html;q=0, */*;q=0.1") == "text/turtle"
    assert resource_type("image/png") is None
    assert choose("text/*", ("application/sparql-results+json", "text/csv")) == "text/csv"


@pytest.mark.parametrize("query, refused", [
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", True),
    ("select * { service silent <http://example.org/> { ?s ?p ?o } }", True),
    ("SELECT * WHERE { ?s ?p ?o FILTER(?o < 3) SERVICE <http://x/> {} }", True),
    ('SELECT * WHERE { ?s ?p "SERVICE <http://example.org/>" }', False),
    ("SELECT * WHERE { ?s ?p '''a\nSERVICE <http://x/> { }''' }", False),
    ("SELECT * WHERE { ?s <http://example.org/SERVICE> ?o } # SERVICE <http://x/>", False),
    ("PREFIX ex: <http://example.org/> SELECT ?SERVICE WHERE { ?s ex:SERVICE ?SERVICE }", False),
])
def test_service_detection(query, refused):
    assert uses_service(query) is refused


def test_updates_are_refused_but_words_in_names_are_not():
    assert refusal("INSERT DATA { <http://a> <http://b> <http://c> }")
    assert refusal("PREFIX p: <http://p/> DELETE WHERE { ?s p:x ?o }")
    assert refusal("SELECT * WHERE { ?s <http://example.org/delete> 'INSERT' }") is None


# --- content negotiation -------------------------------------------------------------------------
@pytest.mark.parametrize("accept, media", [
    (None, "text/html"),
    ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html"),
    ("text/turtle", "text/turtle"),
    ("application/ld+json", "application/ld+json"),
    ("application/n-triples", "application/n-triples"),
    ("application/rdf+xml;q=1, text/turtle;q=0.5", "text/turtle"),
])
def test_resource_by_accept(server, accept, media):
    status, headers, body = get(f"{server.url}/project/military-mobility", accept)
    assert status == 200
    assert headers["Content-Type"].split(";")[0] == media
    assert "Accept" in headers.get("Vary", "")
    if media == "text/html":
        assert b"<html" in body.lower() and b"military-mobility" in body.lower()
        return
    graph = Graph().parse(data=body.decode("utf-8"), format={
        "text/turtle": "turtle", "application/ld+json": "json-ld", "application/n-triples": "nt"}[media])
    assert (MM, RDFS.label, Literal("Military Mobility", lang="en")) in graph or \
        any(str(o).startswith("Military Mobility") for o in graph.objects(MM, RDFS.label))


@pytest.mark.parametrize("ext, media, fmt", [
    ("ttl", "text/turtle", "turtle"), ("jsonld", "application/ld+json", "json-ld"),
    ("nt", "application/n-triples", "nt")])
def test_resource_by_extension(server, ext, media, fmt):
    status, headers, body = get(f"{server.url}/project/military-mobility.{ext}", "text/html")
    assert status == 200 and headers["Content-Type"].split(";")[0] == media
    assert (MM, None, None) in Graph().parse(data=body.decode("utf-8"), format=fmt)


def test_states_ontology_unknown_and_unacceptable(server):
    status, _, body = get(f"{server.url}/state/FR", "text/turtle")
    assert status == 200
    assert (URIRef(BASE + "state/FR"), None, None) in Graph().parse(data=body.decode(), format="turtle")
    assert get(f"{server.url}/ontology")[0] == 200
    for missing in ("/project/no-such-project", "/project/no-such-project.ttl", "/nothing",
                    "/project/../index.html", "/%2e%2e/etc/passwd"):
        assert get(server.url + missing, "text/turtle")[0] == 404, missing
    assert get(f"{server.url}/project/military-mobility", "image/png")[0] == 406


def test_pages_are_the_sites(server, site_args):
    """The server's pages are byte for byte those ``pesco-graph site`` writes."""
    from pesco_graph.publish.site import resource_paths

    site = Path(site_args[1])
    paths = resource_paths()
    assert len(paths) > 100 and "ontology" in paths
    for path in ["ontology", *paths[:: max(1, len(paths) // 20)]]:
        for ext, media in (("html", "text/html"), ("ttl", "text/turtle"), ("jsonld", "application/ld+json"),
                           ("nt", "application/n-triples")):
            status, headers, body = get(f"{server.url}/{path}", media)
            assert status == 200, path
            assert body == (site / f"{urllib.parse.unquote(path)}.{ext}").read_bytes(), path
    status, headers, body = get(f"{server.url}/context.jsonld")
    assert status == 200 and "@context" in json.loads(body)


# --- SPARQL protocol -----------------------------------------------------------------------------
COUNT_PROJECTS = ("PREFIX pesco: <https://w3id.org/pesco-kg/ontology#> "
                  "SELECT (COUNT(?p) AS ?n) WHERE { ?p a pesco:Project }")


@pytest.mark.parametrize("how", ["get", "form", "direct"])
@pytest.mark.parametrize("accept, media", [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"), ("text/tab-separated-values", "text/tab-separated-values"),
    ("*/*", "application/sparql-results+json")])
def test_select_in_each_format(server, how, accept, media):
    status, headers, body = sparql(server, COUNT_PROJECTS, accept, how)
    assert status == 200, body
    assert headers["Content-Type"].split(";")[0] == media
    text = body.decode()
    if media.endswith("json"):
        n = int(json.loads(text)["results"]["bindings"][0]["n"]["value"])
    elif media.endswith("xml"):
        import xml.etree.ElementTree as ET

        n = int(ET.fromstring(text).find(".//{http://www.w3.org/2005/sparql-results#}literal").text)
    elif media == "text/csv":
        n = int(list(csv.reader(io.StringIO(text)))[1][0])
    else:
        n = int(text.splitlines()[1].split("^^")[0].strip('"'))
    assert n >= 80


@pytest.mark.parametrize("accept, fmt", [("text/turtle", "turtle"), ("application/n-triples", "nt"),
                                         ("application/ld+json", "json-ld")])
def test_construct_in_each_format(server, accept, fmt):
    query = f"CONSTRUCT {{ <{MM}> ?p ?o }} WHERE {{ <{MM}> ?p ?o }}"
    status, headers, body = sparql(server, query, accept)
    assert status == 200 and headers["Content-Type"].split(";")[0] == accept
    graph = Graph().parse(data=body.decode(), format=fmt)
    assert any(str(o).startswith("Military Mobility") for o in graph.objects(MM, RDFS.label))


def test_sparqlwrapper_ask_and_bad_queries(server):
    client = SPARQLWrapper(f"{server.url}/query")
    client.setQuery(COUNT_PROJECTS)
    client.setReturnFormat(JSON)
    assert int(client.query().convert()["results"]["bindings"][0]["n"]["value"]) >= 80
    status, _, body = sparql(server, "ASK { ?s ?p ?o }")
    assert status == 200 and json.loads(body)["boolean"] is True
    status, _, body = sparql(server, "SELECT * WHERE { ?s ?p }")
    assert status == 400 and b"syntax" in body
    assert sparql(server, "")[0] == 400
    assert sparql(server, COUNT_PROJECTS, "image/png")[0] == 406


def test_updates_refused(server):
    for how in ("form", "direct"):
        status, _, body = sparql(server, "INSERT DATA { <http://a> <http://b> <http://c> }", how=how)
        assert status in (400, 403) and b"read-only" in body
    request = urllib.request.Request(f"{server.url}/update", data=b"update=CLEAR%20ALL", method="POST",
                                     headers={"Content-Type": "application/x-www-form-urlencoded"})
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(request, timeout=5)
    assert info.value.code == 403
    status, _, body = sparql(server, COUNT_PROJECTS)
    assert status == 200


def test_service_refused_on_the_server(server):
    # a listener the server would call if SERVICE ran: it must never see a connection
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    listener.settimeout(0.5)
    target = f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
    try:
        status, _, body = sparql(server, f"SELECT * WHERE {{ SERVICE <{target}> {{ ?s ?p ?o }} }}")
        assert status == 400 and b"SERVICE" in body and b"not allowed" in body
        with pytest.raises(socket.timeout):
            listener.accept()
    finally:
        listener.close()
    tricky = f'SELECT ?x WHERE {{ BIND("SERVICE <{target}> {{ }}" AS ?x) }}'
    status, _, body = sparql(server, tricky)
    assert status == 200
    assert json.loads(body)["results"]["bindings"][0]["x"]["value"].startswith("SERVICE <")


def test_request_size_limit(server):
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * (2 * 1024 * 1024)
    status, _, _ = sparql(server, big, how="direct")
    assert status == 413


# --- limits ------------------------------------------------------------------------------------
def test_deadline_stops_the_query_and_frees_the_cpu(server):
    workers = set(children(server.process.pid))
    assert len(workers) == 2
    started = time.monotonic()
    outcome: dict[str, object] = {}

    def runaway() -> None:
        outcome["reply"] = sparql(server, CROSS_COUNT, timeout=30)
        outcome["at"] = time.monotonic()

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.5)
    # one runaway query does not block the others
    quick = time.monotonic()
    assert sparql(server, COUNT_PROJECTS)[0] == 200
    assert time.monotonic() - quick < 1.0
    thread.join(30)
    status, _, body = outcome["reply"]  # type: ignore[misc]
    answered = outcome["at"] - started  # type: ignore[operator]
    assert status == 503 and b"2 s deadline" in body, body
    gone_after = None
    while time.monotonic() - started < 2 + 2:
        alive = set(children(server.process.pid))
        if len(workers - alive) == 1:
            gone_after = time.monotonic() - started - 2
            break
        time.sleep(0.02)
    assert gone_after is not None, "the worker that ran the query was not stopped"
    busy = {pid: cpu_ticks(pid) for pid in children(server.process.pid)}
    time.sleep(0.5)
    spent = sum(cpu_ticks(pid) - ticks for pid, ticks in busy.items())
    assert spent < 0.2 * os.sysconf("SC_CLK_TCK"), "a worker still burns CPU after the deadline"
    print(f"\ndeadline 2 s: error after {answered:.2f} s (overshoot {answered - 2:.2f} s), "
          f"worker gone {gone_after:.2f} s after the deadline")
    assert answered - 2 < 1.0 and gone_after < 2.0
    _wait_workers(server, 2)


def _wait_workers(server: Running, count: int) -> None:
    deadline = time.monotonic() + 20
    while len(children(server.process.pid)) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.5)  # a fresh worker loads the graph before it takes queries


def test_memory_bound_ends_the_query_not_the_server(server):
    peak = 0.0
    done = threading.Event()

    def watch() -> None:
        nonlocal peak
        while not done.is_set():
            for pid in children(server.process.pid):
                peak = max(peak, rss_mb(pid))
            time.sleep(0.01)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        status, _, body = sparql(server, CROSS_ORDER, timeout=30)
    finally:
        done.set()
        watcher.join()
    assert status == 503 and b"256 MB memory limit" in body, body
    print(f"\nmemory bound 256 MB: peak worker RSS {peak:.0f} MB under a runaway ORDER BY")
    assert peak < 256 + 200
    assert sparql(server, COUNT_PROJECTS)[0] == 200
    _wait_workers(server, 2)


def _named_query_urls(server: Running) -> list[str]:
    from pesco_graph.catalog import catalog
    from pesco_graph.params import bind_params, values_block

    urls = []
    for q in catalog().values():
        text = values_block(q.text, bind_params(q, q.example))
        urls.append(f"{server.url}/query?{urllib.parse.urlencode({'query': text})}")
    return urls


def test_slow_clients_do_not_starve_queries(server):
    slow: list[socket.socket] = []
    for _ in range(300):
        s = socket.create_connection(("127.0.0.1", server.port))
        s.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n")
        slow.append(s)
    stop_slow = threading.Event()

    def drip() -> None:  # a header line every 2 s on every slow connection
        while not stop_slow.wait(2):
            for s in slow:
                try:
                    s.sendall(b"X-Slow: 1\r\n")
                except OSError:
                    pass

    dripper = threading.Thread(target=drip)
    dripper.start()
    urls = _named_query_urls(server)
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def client(k: int) -> None:
        until = time.monotonic() + 5
        i = k
        while time.monotonic() < until:
            t = time.monotonic()
            status, _, body = get(urls[i % len(urls)], "application/sparql-results+json,text/turtle;q=0.5")
            with lock:
                latencies.append(time.monotonic() - t)
                if status != 200:
                    errors.append(f"{status} {body[:100]!r}")
            i += 7

    clients = [threading.Thread(target=client, args=(k,)) for k in range(20)]
    for c in clients:
        c.start()
    for c in clients:
        c.join()
    stop_slow.set()
    dripper.join()
    for s in slow:
        s.close()
    latencies.sort()
    p50 = statistics.median(latencies)
    p99 = latencies[int(0.99 * (len(latencies) - 1))]
    print(f"\n300 slow clients + 20 query clients: {len(latencies)} queries, p50 {p50 * 1000:.0f} ms, "
          f"p99 {p99 * 1000:.0f} ms, {len(errors)} errors")
    assert errors == []
    assert len(latencies) > 100
    assert p99 < 1.0


def test_stalled_headers_are_dropped(site_args):
    running = start("--workers", "1", "--header-timeout", "1", *site_args)
    try:
        s = socket.create_connection(("127.0.0.1", running.port))
        s.sendall(b"GET / HTTP/1.1\r\n")
        s.settimeout(5)
        started = time.monotonic()
        assert s.recv(100) == b""  # the server closed the connection
        assert time.monotonic() - started < 3
        # a body that does not come
        s = socket.create_connection(("127.0.0.1", running.port))
        s.sendall(b"POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                  b"Content-Length: 100\r\n\r\nSELECT")
        s.settimeout(5)
        started = time.monotonic()
        assert s.recv(100).startswith(b"HTTP/1.1 408")
        assert time.monotonic() - started < 3
    finally:
        stop(running)


# --- stopping ------------------------------------------------------------------------------------
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_signal_leaves_no_process_and_no_file(tmp_path, site_args, signum):
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    scratch = set(Path("/dev/shm").glob("pesco-serve-*"))
    # SIGTERM on a server that wrote its own site; SIGINT on one given a site
    own = site_args if signum == signal.SIGINT else []
    running = start("--workers", "2", *own, env={"TMPDIR": str(tmp)})
    try:
        assert any(f"127.0.0.1:{running.port}" in line for line in running.announced)
        workers = children(running.process.pid)
        assert len(workers) == 2 and any(tmp.iterdir())
        status, _, body = sparql(running, "ASK { ?s ?p ?o }")
        assert status == 200 and json.loads(body)["boolean"] is True
        # a query in flight when the signal comes
        threading.Thread(target=sparql, args=(running, CROSS_COUNT), daemon=True).start()
        time.sleep(0.3)
        sent = time.monotonic()
        running.process.send_signal(signum)
        running.process.wait(5)
        took = time.monotonic() - sent
        out, err = running.process.communicate()
        assert running.process.returncode == 0, err
        assert "Traceback" not in err and "stopping" in out
        while any(Path(f"/proc/{pid}").exists() for pid in workers) and time.monotonic() - sent < 2:
            time.sleep(0.02)
        took = max(took, time.monotonic() - sent)
        assert not [pid for pid in workers if Path(f"/proc/{pid}").exists()]
        assert list(tmp.iterdir()) == []
        assert set(Path("/dev/shm").glob("pesco-serve-*")) <= scratch
        assert took < 2.0
    finally:
        stop(running)
    with pytest.raises(OSError):
        urllib.request.urlopen(f"{running.url}/", timeout=2)


def test_signal_during_start_up(tmp_path):
    """A stop while the graph and the pages are still being written ends everything in 2 s."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    scratch = set(Path("/dev/shm").glob("pesco-serve-*"))
    process = subprocess.Popen([sys.executable, "-m", "pesco_graph", "serve", "--port", str(free_port())],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env={**os.environ, "TMPDIR": str(tmp)})
    try:
        deadline = time.monotonic() + 20
        while not children(process.pid) and time.monotonic() < deadline:  # the writer has started
            time.sleep(0.05)
        time.sleep(0.5)
        started = children(process.pid)
        assert started and process.poll() is None
        sent = time.monotonic()
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=5)
        took = time.monotonic() - sent
        assert process.returncode == 0 and "Traceback" not in err, err
        assert "Ctrl-C" not in out  # it never got to serve
        assert not [pid for pid in started if Path(f"/proc/{pid}").exists()]
        assert list(tmp.iterdir()) == [] and set(Path("/dev/shm").glob("pesco-serve-*")) <= scratch
        assert took < 2.0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


def test_cli_errors_are_one_line(tmp_path, cli, server, site_args):
    result = cli("serve", "--query-timeout", "0")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    result = cli("serve", "--site", str(tmp_path), "--port", str(free_port()))
    assert result.returncode == 2 and "no site here" in result.stderr and "Traceback" not in result.stderr
    before = set(children(os.getpid()))
    result = cli("serve", "--port", str(server.port), *site_args)  # the port is taken
    assert result.returncode == 2 and "cannot listen" in result.stderr, result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert set(children(os.getpid())) <= before


# --- the query page in a real browser ------------------------------------------------------------
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="module")
def browser():
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if REQUIRE:
            pytest.fail("playwright is required here (PESCO_REQUIRE_SERVERS is set) but not installed")
        pytest.skip("playwright is not installed (pip install 'pesco-graph[test]')")
    if not CHROMIUM.exists():
        if REQUIRE:
            pytest.fail("chromium is required here (PESCO_REQUIRE_SERVERS is set) but not installed")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def test_query_page_runs_an_example_and_opens_a_result(server, browser):
    page = browser.new_page(accept_downloads=True)
    outside: list[str] = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(server.url) else None)
    page.goto(server.url + "/")
    assert "PESCO" in page.title()
    assert page.get_attribute("#ontology-link", "href") == "/ontology"
    assert "pesco:" in page.text_content("#prefix-list")
    # the named queries are the examples, with their parameters
    page.wait_for_selector("#example option[value='state-portfolio']", state="attached")
    page.select_option("#example", "state-portfolio")
    assert page.input_value("#params input[name='state']") == "NL"
    page.fill("#params input[name='state']", "FR")
    page.dispatch_event("#params input[name='state']", "change")
    page.wait_for_function("document.getElementById('query').value.includes('\"FR\"')")
    page.click("#run")
    page.wait_for_selector("#results table tbody tr")
    headers = page.eval_on_selector_all("#results th", "ths => ths.map(t => t.textContent)")
    assert headers[:4] == ["project", "name", "role", "since"]  # DESIGN.md's columns come first
    # download the results
    with page.expect_download() as info:
        page.click("#download-csv")
    rows = list(csv.reader(io.StringIO(Path(info.value.path()).read_text())))
    assert rows[0] == headers and len(rows) == 1 + page.locator("#results tbody tr").count()
    # the projects example: a project opens its local page
    page.select_option("#example", "projects")
    page.click("#run")
    page.wait_for_selector("#results tbody a[href='/project/military-mobility']")
    page.click("#results tbody a[href='/project/military-mobility']")
    page.wait_for_url(server.url + "/project/military-mobility")
    assert "military-mobility" in page.content()
    # the default query gives IRIs: those under the base open the local pages too
    page.goto(server.url + "/")
    page.click("#run")
    link = page.locator("#results tbody a[href^='/project/']").first
    href = link.get_attribute("href")
    assert href and link.text_content() == BASE + href[1:]
    link.click()
    page.wait_for_url(server.url + href)
    assert href[1:] in page.content()
    assert outside == [], "the page fetched something from outside the server"
    # an error is shown, not swallowed
    page.goto(server.url + "/")
    page.fill("#query", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }")
    page.click("#run")
    page.wait_for_selector("#status.error")
    assert "SERVICE" in page.text_content("#status")
    page.close()


# --- past one machine: Virtuoso ------------------------------------------------------------------
def test_virtuoso_path_of_the_readme(cli):
    """The README's Virtuoso set-up: loaded with ``push``, ``MaxQueryExecutionTime`` set, the
    named queries answered, a runaway query stopped at the deadline, SERVICE refused."""
    from .servers import start_virtuoso

    virtuoso = start_virtuoso(max_query_seconds=2)
    try:
        graph_iri = "https://w3id.org/pesco-kg/graph"
        for attempt in range(5):  # Virtuoso answers queries a moment before its Graph Store is ready
            pushed = cli("push", "--endpoint", virtuoso.store_url, "--graph", graph_iri, "--auth", "digest",
                         env={"PESCO_ENDPOINT_USER": "dba", "PESCO_ENDPOINT_PASSWORD": "dba"})
            if pushed.returncode == 0 or attempt == 4:
                break
            time.sleep(1)
        assert pushed.returncode == 0, pushed.stderr
        answered = cli("query", "third-states", "--endpoint", virtuoso.query_url, "--graph", graph_iri,
                       "--format", "csv")
        assert answered.returncode == 0, answered.stderr
        assert "military-mobility" in answered.stdout and answered.stdout.startswith("state,stateName")
        query = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph_iri}> {{ ?a ?b ?c . ?d ?e ?f . ?g a ?h }} }}"
        started = time.monotonic()
        status, _, body = get(f"{virtuoso.query_url}?{urllib.parse.urlencode({'query': query})}",
                              "application/sparql-results+json", timeout=30)
        took = time.monotonic() - started
        print(f"\nVirtuoso, MaxQueryExecutionTime 2 s: runaway query ended after {took:.2f} s ({status})")
        # Virtuoso checks its limit as it works, so the overshoot is its own and grows with the
        # machine's load (2.0-2.1 s idle, 4 s seen with a benchmark running beside it): what
        # must hold is that the server, not the client's 30 s timeout, ends the query
        assert status == 500 and b"timed out" in body and took < 2 + 10
        status, _, body = get(f"{virtuoso.query_url}?" + urllib.parse.urlencode(
            {"query": "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }"}))
        assert status == 500 and b"SECURITY" in body
    finally:
        virtuoso.stop()


def test_named_queries_through_the_remote_client(server, graph):
    """``run_query(endpoint=...)`` (SPARQLWrapper, POST) gives the local rows and graphs."""
    from pesco_graph.query import run_query

    for name, params in (("state-portfolio", {"state": "FR"}), ("third-states", None)):
        local = run_query(name, params, graph=graph)
        remote = run_query(name, params, endpoint=f"{server.url}/query")
        assert remote.columns == local.columns and remote.rows == local.rows and len(remote.rows) > 3
    params = {"project": "military-mobility"}
    local_graph = run_query("project-neighbourhood", params, graph=graph)
    remote_graph = run_query("project-neighbourhood", params, endpoint=f"{server.url}/query")
    assert remote_graph.nt_lines() == local_graph.nt_lines()
    assert any(line.startswith(f"<{MM}>".encode()) for line in remote_graph.nt_lines())
