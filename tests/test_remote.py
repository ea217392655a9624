"""Remote endpoints: the same rows locally and on real Oxigraph and Virtuoso servers after
``push``; endpoint faults give a one-line reason and exit 2."""

from __future__ import annotations

import http.server
import os
import threading
import time

import pytest

from pesco_graph.catalog import catalog
from pesco_graph.errors import EndpointError
from pesco_graph.query import run_query
from pesco_graph.remote import DEFAULT_GRAPH, push
from pesco_graph.serve import free_port

from .servers import start_oxigraph, start_virtuoso
from .test_queries import EXAMPLE_PARAMS

SELECTS = sorted(n for n, q in catalog().items() if q.form == "SELECT")


@pytest.fixture(scope="module")
def oxigraph_server(graph):
    server = start_oxigraph()
    push(graph, server.store_url)
    yield server
    server.stop()


@pytest.fixture(scope="module")
def virtuoso_server(graph):
    server = start_virtuoso()
    for attempt in range(5):  # Virtuoso answers queries a moment before its Graph Store is ready
        try:
            status = push(graph, server.store_url, user=server.user, password=server.password, auth="digest")
            break
        except EndpointError:
            if attempt == 4:
                raise
            time.sleep(1)
    assert status in (200, 201, 204)
    yield server
    server.stop()


def _normalise(rows):
    return sorted(tuple("" if v is None else str(v) for v in row) for row in rows)


@pytest.mark.parametrize("server", ["oxigraph_server", "virtuoso_server"])
@pytest.mark.parametrize("name", SELECTS)
def test_same_rows_on_real_servers(graph, request, server, name):
    endpoint = request.getfixturevalue(server).query_url
    local = run_query(name, EXAMPLE_PARAMS.get(name), graph=graph)
    remote = run_query(name, EXAMPLE_PARAMS.get(name), endpoint=endpoint, default_graph=DEFAULT_GRAPH)
    assert remote.columns == local.columns
    assert _normalise(remote.rows) == _normalise(local.rows)


def test_construct_on_oxigraph_server(graph, oxigraph_server):
    local = run_query("project-neighbourhood", {"project": "emc"}, graph=graph)
    remote = run_query("project-neighbourhood", {"project": "emc"}, endpoint=oxigraph_server.query_url,
                       default_graph=DEFAULT_GRAPH)
    assert remote.triples == local.triples and len(local.triples) > 0


def test_cli_push_and_query(tmp_path, cli, oxigraph_server):
    result = cli("push", "--endpoint", oxigraph_server.store_url, "--graph", "https://example.org/g2")
    assert result.returncode == 0, result.stderr
    assert "pushed" in result.stdout
    result = cli("query", "third-states", "--endpoint", oxigraph_server.query_url,
                 "--graph", "https://example.org/g2", "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert "US,United States,military-mobility" in result.stdout


def test_push_with_digest_credentials_from_environment(graph, virtuoso_server, cli):
    result = cli("push", "--endpoint", virtuoso_server.store_url, "--graph", "https://example.org/g3",
                 env={"PESCO_ENDPOINT_USER": "dba", "PESCO_ENDPOINT_PASSWORD": "dba"})
    assert result.returncode == 0, result.stderr
    assert "dba" not in result.stdout + result.stderr
    result = cli("push", "--endpoint", virtuoso_server.store_url, "--user", "dba", "--password", "wrong")
    assert result.returncode == 2
    assert "wrong" not in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


# --- faults --------------------------------------------------------------------------


def _assert_one_line(result):
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_closed_port(cli):
    url = f"http://127.0.0.1:{free_port()}/sparql"
    with pytest.raises(EndpointError, match="connection refused"):
        run_query("projects", endpoint=url)
    result = cli("query", "projects", "--endpoint", url)
    _assert_one_line(result)
    assert "connection refused" in result.stderr
    _assert_one_line(cli("push", "--endpoint", url))


def test_server_stopped_mid_run(graph):
    server = start_oxigraph()
    try:
        push(graph, server.store_url)
        assert len(run_query("projects", endpoint=server.query_url, default_graph=DEFAULT_GRAPH)) >= 80
    finally:
        server.stop()
    with pytest.raises(EndpointError, match="connection refused"):
        run_query("projects", endpoint=server.query_url)


class _Handler(http.server.BaseHTTPRequestHandler):
    mode = "500"

    def _answer(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        if self.mode == "slow":
            time.sleep(3)
        if self.mode == "500":
            self.send_response(500)
            self.end_headers()
            self.wfile.write(b"internal error")
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.end_headers()
        body = b"this is not json" if self.mode == "garbage" else b'{"head": {}, "boolean": true}'
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = _answer

    def log_message(self, *args):
        pass


@pytest.fixture
def fake_endpoint():
    servers = []

    def make(mode: str) -> str:
        handler = type("H", (_Handler,), {"mode": mode})
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/sparql"

    yield make
    for server in servers:
        server.shutdown()


@pytest.mark.parametrize("mode,reason", [
    ("500", "500"), ("garbage", "did not answer with SPARQL JSON"), ("wrongshape", "SPARQL JSON"),
])
def test_bad_answers(cli, fake_endpoint, mode, reason):
    url = fake_endpoint(mode)
    with pytest.raises(EndpointError, match=reason):
        run_query("projects", endpoint=url)
    result = cli("query", "projects", "--endpoint", url)
    _assert_one_line(result)
    assert reason in result.stderr


def test_timeout(cli, fake_endpoint):
    url = fake_endpoint("slow")
    with pytest.raises(EndpointError, match="did not answer in time"):
        run_query("projects", endpoint=url, timeout=1)
    result = cli("query", "projects", "--endpoint", url, "--timeout", "1")
    _assert_one_line(result)


def test_push_http_error(cli, fake_endpoint):
    url = fake_endpoint("500")
    result = cli("push", "--endpoint", url)
    _assert_one_line(result)
    assert "HTTP 500" in result.stderr


def test_push_a_million_triples_to_both_servers(tmp_path):
    """A graph of about a million triples goes to Oxigraph and to Virtuoso (digest auth) in
    streamed pieces, both at once, and each server counts it whole."""
    import sys
    from concurrent.futures import ThreadPoolExecutor

    from pesco_graph.backends.remote import EndpointBackend
    from pesco_graph.load import load_files
    from pesco_graph.resources import ontology_files

    from .conftest import ROOT

    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from generate import generate
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    data = tmp_path / "million.ttl"
    data.write_text(generate(int(os.environ.get("PESCO_PUSH_TRIPLES", "1000000"))), encoding="utf-8")
    big = load_files([*ontology_files(), data])
    size = len(big)
    assert size > 0.95 * int(os.environ.get("PESCO_PUSH_TRIPLES", "1000000"))
    servers = [start_oxigraph()]
    try:
        servers.append(start_virtuoso())

        def send(server):
            options = {}
            if server.user:
                options = {"user": server.user, "password": server.password, "auth": "digest"}
            tiny = load_files(ontology_files())
            for attempt in range(30):  # Virtuoso's Graph Store is ready a moment after its endpoint
                try:
                    push(tiny, server.store_url, graph_iri="urn:ready", timeout=5, **options)
                    break
                except EndpointError:
                    if attempt == 29:
                        raise
                    time.sleep(1)
            return push(big, server.store_url, timeout=300, **options)

        started = time.monotonic()
        with ThreadPoolExecutor(2) as pool:
            statuses = list(pool.map(send, servers))
        assert statuses == [201, 201] or set(statuses) <= {200, 201, 204}
        assert time.monotonic() - started < 240
        for server in servers:
            remote = EndpointBackend(server.query_url, default_graph=DEFAULT_GRAPH, timeout=120)
            assert len(remote) == size, server.name
    finally:
        for server in servers:
            server.stop()
