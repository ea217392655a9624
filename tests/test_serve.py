"""``serve``: a real read-only SPARQL server that answers SPARQLWrapper and refuses updates."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import urllib.error
import urllib.request

import pytest
from SPARQLWrapper import JSON, SPARQLWrapper

from pesco_graph.serve import free_port, start_server


def test_server_answers_sparqlwrapper_and_refuses_update(graph):
    with start_server(graph) as server:
        client = SPARQLWrapper(server.query_url)
        client.setQuery("PREFIX pesco: <https://w3id.org/pesco-kg/ontology#> "
                        "SELECT (COUNT(?p) AS ?n) WHERE { ?p a pesco:Project }")
        client.setReturnFormat(JSON)
        data = client.query().convert()
        assert int(data["results"]["bindings"][0]["n"]["value"]) >= 80
        request = urllib.request.Request(
            server.url + "/update", data=b"INSERT DATA { <http://a> <http://b> <http://c> }",
            method="POST", headers={"Content-Type": "application/sparql-update"})
        with pytest.raises(urllib.error.HTTPError) as info:
            urllib.request.urlopen(request)
        assert info.value.code in (403, 405)
        with urllib.request.urlopen(server.url + "/") as page:
            assert b"<html" in page.read(2000).lower()


def test_cli_serve_stops_cleanly_on_ctrl_c():
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "pesco_graph", "serve", "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        announced = []
        for line in process.stdout:  # the command says where it listens once it is ready
            announced.append(line)
            if "Ctrl-C" in line:
                break
        assert any(f"127.0.0.1:{port}" in line for line in announced), announced
        query = "ASK { ?s ?p ?o }"
        url = f"http://127.0.0.1:{port}/query?query={urllib.request.quote(query)}"
        req = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
        with urllib.request.urlopen(req, timeout=10) as answer:
            assert json.loads(answer.read())["boolean"] is True
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=30)
        assert process.returncode == 0, err
        assert "Traceback" not in err
        assert "stopping" in out
    finally:
        if process.poll() is None:
            process.kill()
    with pytest.raises(OSError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)
