"""Real SPARQL servers for the tests, started on free loopback ports.

Oxigraph comes from the ``oxigraph`` PyPI package; Virtuoso from Debian's
``virtuoso-opensource`` (``.ci/run`` installs it). When ``PESCO_REQUIRE_SERVERS`` is set (as
in CI), a missing server fails the tests instead of skipping them.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

from pesco_graph.serve import free_port, oxigraph_command, stop_process, wait_ready

VIRTUOSO_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")


def _missing(what: str) -> None:
    if os.environ.get("PESCO_REQUIRE_SERVERS"):
        pytest.fail(f"{what} is required here (PESCO_REQUIRE_SERVERS is set) but not installed")
    pytest.skip(f"{what} is not installed, so the tests against it are skipped "
                "(.ci/run installs it; PESCO_REQUIRE_SERVERS=1 makes this a failure)")


@dataclass
class RunningServer:
    name: str
    query_url: str
    store_url: str
    process: subprocess.Popen
    workdir: str
    user: str | None = None
    password: str | None = None

    def stop(self) -> None:
        stop_process(self.process)
        shutil.rmtree(self.workdir, ignore_errors=True)


def start_oxigraph() -> RunningServer:
    try:
        command = oxigraph_command()
    except Exception:
        _missing("the oxigraph server")
    workdir = tempfile.mkdtemp(prefix="pesco-oxigraph-")
    port = free_port()
    process = subprocess.Popen(
        [command, "serve", "--location", workdir, "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    wait_ready(base + "/", process, 30)
    return RunningServer("oxigraph", base + "/query", base + "/store", process, workdir)


def start_virtuoso(max_query_seconds: int | None = None, buffers: int | None = None) -> RunningServer:
    """Virtuoso on free loopback ports in a temporary database. ``buffers`` sets
    ``NumberOfBuffers`` (8 KB pages; Debian's 10000 keep a million-triple load on disk)."""
    binary = shutil.which("virtuoso-t")
    if binary is None or not VIRTUOSO_INI.exists():
        _missing("Virtuoso (Debian package virtuoso-opensource)")
    workdir = tempfile.mkdtemp(prefix="pesco-virtuoso-")
    sql_port, http_port = free_port(), free_port()
    text = VIRTUOSO_INI.read_text()
    text = re.sub(r"/var/lib/virtuoso-opensource-7/db/", workdir + "/", text)
    text = re.sub(r"(?m)^ServerPort\s*=\s*1111\s*$", f"ServerPort = 127.0.0.1:{sql_port}", text)
    text = re.sub(r"(?m)^ServerPort\s*=\s*8890\s*$", f"ServerPort = 127.0.0.1:{http_port}", text)
    allowed = f"DirsAllowed = ., {workdir}, /usr/share/virtuoso-opensource-7/vad"
    text = re.sub(r"(?m)^DirsAllowed\s*=.*$", allowed, text)
    if max_query_seconds is not None:  # [SPARQL] MaxQueryExecutionTime: the query deadline
        deadline = f"MaxQueryExecutionTime = {max_query_seconds}"
        text = re.sub(r"(?m)^MaxQueryExecutionTime\s*=.*$", deadline, text)
    if buffers is not None:
        text = re.sub(r"(?m)^NumberOfBuffers\s*=.*$", f"NumberOfBuffers = {buffers}", text)
        text = re.sub(r"(?m)^MaxDirtyBuffers\s*=.*$", f"MaxDirtyBuffers = {buffers * 3 // 4}", text)
    ini = Path(workdir) / "virtuoso.ini"
    ini.write_text(text)
    process = subprocess.Popen([binary, "+foreground", "+configfile", str(ini)], cwd=workdir,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{http_port}"
    wait_ready(base + "/sparql?query=ASK%7B%7D", process, 90)
    return RunningServer("virtuoso", base + "/sparql", base + "/sparql-graph-crud-auth", process, workdir,
                         user="dba", password="dba")
