"""Start, run and stop the server: temporary files, workers, the HTTP front, signals."""

from __future__ import annotations

import asyncio
import contextlib
import shutil
import signal
import sys
import tempfile
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from aiohttp import web

from ...errors import PescoGraphError
from .app import Limits, build_app
from .data import read_pages, scratch_parent
from .pool import WorkerPool

__all__ = ["ServeOptions", "serve", "serve_async"]

T = TypeVar("T")


@dataclass(frozen=True)
class ServeOptions:
    """How to serve: where to listen, the per-query deadline and memory bound, the pool size."""

    host: str = "127.0.0.1"
    port: int = 7878
    query_timeout: float = 10.0
    memory_limit_mb: int = 1024  # address space a query may add to a worker; 0: no bound
    workers: int = 2
    site: Path | None = None  # a site written beforehand; default: write one at start
    header_timeout: float = 10.0  # seconds to send a request's headers, and its body
    limits: Limits = field(default_factory=Limits)


def _announce(message: str) -> None:
    print(message, flush=True)


class _Stopped(Exception):
    """A stop was asked for during start-up."""


async def _unless_stopped(awaitable: Awaitable[T], stop: asyncio.Event) -> T:
    """The result of ``awaitable``, or :class:`_Stopped` (``awaitable`` cancelled) on a stop."""
    task = asyncio.ensure_future(awaitable)
    stopper = asyncio.ensure_future(stop.wait())
    done, _ = await asyncio.wait({task, stopper}, return_when=asyncio.FIRST_COMPLETED)
    if task in done:
        stopper.cancel()
        return task.result()
    task.cancel()
    with contextlib.suppress(BaseException):
        await task
    raise _Stopped


async def _prepare(graph: Path, site: Path | None) -> None:
    """Write the graph and the site in a subprocess (see :mod:`.data`), killed if cancelled."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "pesco_graph.publish.server.data", str(graph), *([str(site)] if site else []),
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
    try:
        _, err = await process.communicate()
    except asyncio.CancelledError:
        with contextlib.suppress(ProcessLookupError):
            process.kill()
        await process.wait()
        raise
    if process.returncode:
        lines = err.decode("utf-8", errors="replace").strip().splitlines()
        raise PescoGraphError(lines[-1] if lines else f"writing the graph failed (exit {process.returncode})")


async def serve_async(options: ServeOptions, announce: Callable[[str], None] = _announce,
                      ready: asyncio.Event | None = None) -> None:
    """Serve until SIGTERM or SIGINT, then stop the workers and remove the temporary files."""
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    workdir = Path(tempfile.mkdtemp(prefix="pesco-serve-"))
    # the site is written into a scratch folder, read into memory and removed at once
    scratch = None
    if options.site is None:
        scratch = Path(tempfile.mkdtemp(prefix="pesco-serve-site-", dir=scratch_parent()))
    site = options.site or Path(scratch or workdir) / "site"
    limits = Limits(**{**options.limits.__dict__, "query_timeout": options.query_timeout,
                       "header_timeout": options.header_timeout, "body_timeout": options.header_timeout})
    pool = WorkerPool(workdir / "graph.nt", options.workers, options.memory_limit_mb)
    runner: web.AppRunner | None = None
    try:
        await _unless_stopped(_prepare(workdir / "graph.nt", None if options.site else site), stop)
        triples = (workdir / "graph.nt").read_bytes().count(b"\n")
        pages = read_pages(site)
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
        await _unless_stopped(pool.start(), stop)
        app = build_app(pool, pages, limits)
        runner = web.AppRunner(app, access_log=None, shutdown_timeout=1.0,
                               keepalive_timeout=limits.header_timeout, max_line_size=limits.max_line,
                               max_field_size=16 * 1024)
        await runner.setup()
        try:
            await web.TCPSite(runner, options.host, options.port, backlog=512).start()
        except OSError as exc:
            raise PescoGraphError(f"cannot listen on {options.host}:{options.port}: {exc.strerror}") from None
        base = f"http://{options.host}:{options.port}"
        announce(f"serving {triples} triples with {options.workers} query workers "
                 f"(deadline {options.query_timeout:g} s"
                 + (f", {options.memory_limit_mb} MB per query)" if options.memory_limit_mb else ")"))
        announce(f"query page:      {base}/")
        announce(f"SPARQL endpoint: {base}/query (read-only)")
        announce("press Ctrl-C to stop")
        if ready is not None:
            ready.set()
        await stop.wait()
        announce("stopping")
    except _Stopped:
        announce("stopping")
    finally:
        await pool.close()
        if runner is not None:
            await runner.cleanup()
        shutil.rmtree(workdir, ignore_errors=True)
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(signum)


def serve(options: ServeOptions | None = None, announce: Callable[[str], None] = _announce) -> None:
    """Serve the graph (see :func:`serve_async`) until SIGTERM or SIGINT."""
    if sys.platform == "win32":  # pragma: no cover
        raise PescoGraphError("serve needs a POSIX system (signals, resource limits)")
    asyncio.run(serve_async(options or ServeOptions(), announce))
