"""Start, run and stop the server: temporary files, workers, the HTTP front, signals."""

from __future__ import annotations

import asyncio
import shutil
import signal
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from aiohttp import web

from ...errors import PescoGraphError
from .app import Limits, build_app
from .data import site_pages, write_graph_ntriples
from .pool import WorkerPool

__all__ = ["ServeOptions", "serve", "serve_async"]


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


async def serve_async(options: ServeOptions, announce: Callable[[str], None] = _announce,
                      ready: asyncio.Event | None = None) -> None:
    """Serve until SIGTERM or SIGINT, then stop the workers and remove the temporary files."""
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    workdir = Path(tempfile.mkdtemp(prefix="pesco-serve-"))
    limits = Limits(**{**options.limits.__dict__, "query_timeout": options.query_timeout,
                       "header_timeout": options.header_timeout, "body_timeout": options.header_timeout})
    pool = WorkerPool(workdir / "graph.nt", options.workers, options.memory_limit_mb)
    runner: web.AppRunner | None = None
    try:
        triples = await asyncio.to_thread(write_graph_ntriples, workdir / "graph.nt")
        pages = await asyncio.to_thread(site_pages, options.site)
        await pool.start()
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
    finally:
        await pool.close()
        if runner is not None:
            await runner.cleanup()
        shutil.rmtree(workdir, ignore_errors=True)
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.remove_signal_handler(signum)


def serve(options: ServeOptions | None = None, announce: Callable[[str], None] = _announce) -> None:
    """Serve the graph (see :func:`serve_async`) until SIGTERM or SIGINT."""
    if sys.platform == "win32":  # pragma: no cover
        raise PescoGraphError("serve needs a POSIX system (signals, resource limits)")
    asyncio.run(serve_async(options or ServeOptions(), announce))
