"""Servers the site tests start: Apache (Debian ``apache2``) and a plain static HTTP server.

Apache runs on 127.0.0.1 at a free port from a generated minimal configuration (mod_rewrite,
mod_headers, mod_mime, mod_dir; ``AllowOverride All``), so the site's own ``.htaccess`` is
what decides. When ``PESCO_REQUIRE_SERVERS`` is set (as in CI), a missing program fails
the test instead of skipping it.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

APACHE = Path("/usr/sbin/apache2")
MODULES = Path("/usr/lib/apache2/modules")
CHROMIUM = Path("/usr/bin/chromium")


def require(path: Path, what: str) -> None:
    """Skip (or fail, under PESCO_REQUIRE_SERVERS) when ``path`` is not there."""
    if path.exists():
        return
    if os.environ.get("PESCO_REQUIRE_SERVERS"):
        pytest.fail(f"{what} is required here (PESCO_REQUIRE_SERVERS is set) but {path} is missing")
    pytest.skip(f"{what} is not installed ({path} missing; .ci/run installs it)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_http(url: str, process: subprocess.Popen, log: Path | None = None, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            detail = log.read_text(errors="replace")[-2000:] if log and log.exists() else ""
            raise RuntimeError(f"server exited with code {process.returncode}: {detail}")
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"no answer from {url} within {timeout} s")


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


APACHE_CONF = """ServerRoot "{work}"
ServerName 127.0.0.1
Listen 127.0.0.1:{port}
PidFile "{work}/httpd.pid"
DefaultRuntimeDir "{work}"
Mutex file:{work} default
ErrorLog "{work}/error.log"
LogLevel warn
LoadModule mpm_event_module {modules}/mod_mpm_event.so
LoadModule authz_core_module {modules}/mod_authz_core.so
LoadModule dir_module {modules}/mod_dir.so
LoadModule mime_module {modules}/mod_mime.so
LoadModule rewrite_module {modules}/mod_rewrite.so
LoadModule headers_module {modules}/mod_headers.so
TypesConfig /etc/mime.types
DocumentRoot "{root}"
<Directory />
    AllowOverride None
    Require all denied
</Directory>
<Directory "{root}">
    Options FollowSymLinks
    AllowOverride All
    Require all granted
</Directory>
"""


def start_apache(root: Path, work: Path) -> tuple[subprocess.Popen, str]:
    """Apache serving ``root`` (readable by its worker user); returns (process, base URL)."""
    require(APACHE, "Apache (Debian package apache2)")
    port = free_port()
    conf = work / "httpd.conf"
    conf.write_text(APACHE_CONF.format(work=work, port=port, modules=MODULES, root=root))
    process = subprocess.Popen([str(APACHE), "-f", str(conf), "-DFOREGROUND"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}/"
    try:
        wait_http(base, process, work / "error.log")
    except Exception:
        stop(process)
        raise
    return process, base


def start_static(root: Path) -> tuple[subprocess.Popen, str]:
    """Python's plain static file server over ``root``."""
    port = free_port()
    command = [sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
               "--directory", str(root)]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/"
    wait_http(base, process)
    return process, base


def world_readable(folder: Path) -> None:
    """Let Apache's worker user (not root) read ``folder``."""
    for path in [folder, *folder.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)


def remove(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)
