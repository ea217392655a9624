"""A read-only SPARQL endpoint on 127.0.0.1 with the graph loaded (the Oxigraph server).

The server is the ``oxigraph`` command from the PyPI package ``oxigraph`` (the ``server``
extra). It answers SPARQL queries at ``/query`` and shows a query page at ``/``; being
started with ``serve-read-only``, it refuses SPARQL UPDATE.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from .backends import GraphBackend
from .errors import PescoGraphError
from .writers import write_ntriples

__all__ = ["Server", "start_server", "serve", "free_port", "oxigraph_command", "wait_ready", "stop_process"]


def oxigraph_command() -> str:
    """Path of the ``oxigraph`` server command."""
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        raise PescoGraphError(
            "the oxigraph server is not installed; install it with: pip install 'pesco-graph[server]'"
        )
    return found


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    """A running read-only Oxigraph server."""

    port: int
    process: subprocess.Popen
    directory: tempfile.TemporaryDirectory = field(repr=False)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def query_url(self) -> str:
        return f"{self.url}/query"

    def stop(self) -> None:
        stop_process(self.process)
        self.directory.cleanup()

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def wait_ready(url: str, process: subprocess.Popen, timeout: float = 30.0) -> None:
    """Wait until the server started as ``process`` answers HTTP at ``url`` (any status)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise PescoGraphError(f"the SPARQL server exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return  # an error page is an answer: the server is up
        except OSError:
            time.sleep(0.05)
    raise PescoGraphError(f"the SPARQL server at {url} did not start within {timeout:.0f} s")


def stop_process(process: subprocess.Popen, timeout: float = 20.0) -> None:
    """Terminate a server process, and kill it if it has not stopped within ``timeout`` s."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def start_server(graph: GraphBackend, port: int | None = None) -> Server:
    """Load ``graph`` into a fresh Oxigraph database and serve it read-only on 127.0.0.1."""
    command = oxigraph_command()
    port = port or free_port()
    directory = tempfile.TemporaryDirectory(prefix="pesco-serve-")
    location = Path(directory.name) / "db"
    data = Path(directory.name) / "graph.nt"
    data.write_bytes(write_ntriples(graph.nt_lines()))
    load = subprocess.run([command, "load", "--location", str(location), "--file", str(data)],
                          capture_output=True, text=True)
    if load.returncode != 0:
        directory.cleanup()
        raise PescoGraphError(f"loading the graph into the server failed: {load.stderr.strip()[:200]}")
    process = subprocess.Popen(
        [command, "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True,  # Ctrl-C reaches us, and we stop the server ourselves
    )
    server = Server(port, process, directory)
    try:
        wait_ready(f"{server.url}/", process)
    except BaseException:
        server.stop()
        raise
    return server


def serve(graph: GraphBackend, port: int | None = None, announce=print) -> None:
    """Serve ``graph`` until interrupted (Ctrl-C), then stop the server cleanly."""
    server = start_server(graph, port)
    try:
        announce(f"SPARQL endpoint: {server.query_url} (read-only)")
        announce(f"query page:      {server.url}/")
        announce("press Ctrl-C to stop")
        while server.process.poll() is None:
            try:
                server.process.wait(timeout=0.5)
            except subprocess.TimeoutExpired:
                continue
        if server.process.returncode:
            raise PescoGraphError(f"the SPARQL server stopped with code {server.process.returncode}")
    except KeyboardInterrupt:
        announce("stopping")
    finally:
        server.stop()
