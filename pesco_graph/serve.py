"""Helpers for server processes (free ports, waiting for and stopping a server), and the
entry point of ``pesco-graph serve``, which lives in :mod:`pesco_graph.publish.server`.

The tests start Oxigraph's own server (the ``oxigraph`` command from the PyPI package
``oxigraph``) and Virtuoso with these helpers.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from .errors import PescoGraphError

__all__ = ["serve", "free_port", "oxigraph_command", "wait_ready", "stop_process"]


def oxigraph_command() -> str:
    """Path of the ``oxigraph`` server command."""
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        raise PescoGraphError(
            "the oxigraph server is not installed; "
            "install it with: pip install 'pesco-graph[oxigraph-server]'"
        )
    return found


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_ready(url: str, process: subprocess.Popen[Any], timeout: float = 30.0) -> None:
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


def stop_process(process: subprocess.Popen[Any], timeout: float = 20.0) -> None:
    """Terminate a server process, and kill it if it has not stopped within ``timeout`` s."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def serve(**options: Any) -> None:
    """Run ``pesco-graph serve`` (see :class:`pesco_graph.publish.server.ServeOptions`)."""
    try:
        import aiohttp  # noqa: F401
    except ImportError:
        raise PescoGraphError(
            "serve needs aiohttp; install it with: pip install 'pesco-graph[server]'") from None
    from .publish.server import ServeOptions
    from .publish.server import serve as run

    run(ServeOptions(**options))
