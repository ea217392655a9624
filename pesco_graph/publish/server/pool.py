"""A small pool of query workers, each a subprocess (see :mod:`.worker`).

A query borrows an idle worker; when its deadline passes the worker is killed (SIGKILL, so
the CPU is free at once) and a fresh one is started in its place. A worker that dies of the
memory cap is replaced the same way. The HTTP front never waits on a query in its own
process, so one runaway query never blocks the others.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import signal
import struct
import sys
import time
from dataclasses import dataclass
from pathlib import Path

__all__ = ["QueryReply", "WorkerPool"]

_HEADER = struct.Struct(">I")


@dataclass(frozen=True)
class QueryReply:
    """What a query gave: an HTTP status, a media type or an error message, and a body."""

    status: int
    content_type: str = "text/plain; charset=utf-8"
    body: bytes = b""
    error: str | None = None


class _Worker:
    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process

    @property
    def pid(self) -> int:
        return self.process.pid

    async def read_frame(self) -> bytes:
        assert self.process.stdout is not None
        (size,) = _HEADER.unpack(await self.process.stdout.readexactly(_HEADER.size))
        return await self.process.stdout.readexactly(size)

    async def ask(self, query: str, accept: str | None) -> QueryReply:
        assert self.process.stdin is not None
        data = json.dumps({"query": query, "accept": accept}).encode()
        self.process.stdin.write(_HEADER.pack(len(data)) + data)
        await self.process.stdin.drain()
        head = json.loads(await self.read_frame())
        body = await self.read_frame()
        if head["status"] == 200:
            return QueryReply(200, head["content_type"], body)
        return QueryReply(head["status"], error=head["error"])

    async def kill(self) -> None:
        if self.process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                self.process.send_signal(signal.SIGKILL)
        await self.process.wait()


class WorkerPool:
    """``size`` workers over the N-Triples file ``data``, each capped at ``memory_mb`` MB of
    address space beyond what loading took (0: no cap)."""

    def __init__(self, data: Path, size: int = 2, memory_mb: int = 0, max_waiting: int = 64) -> None:
        self.data, self.size, self.memory_mb, self.max_waiting = data, size, memory_mb, max_waiting
        self._idle: asyncio.Queue[_Worker] = asyncio.Queue()
        self._all: set[_Worker] = set()
        self._waiting = 0
        self._closed = False
        self._starting: set[asyncio.Task[None]] = set()

    @property
    def pids(self) -> list[int]:
        """The process ids of the workers alive now."""
        return sorted(w.pid for w in self._all)

    async def start(self) -> None:
        """Start the workers and wait until each has loaded the graph."""
        await asyncio.gather(*(self._spawn() for _ in range(self.size)))

    async def _spawn(self) -> None:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "pesco_graph.publish.server.worker", str(self.data), str(self.memory_mb),
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.DEVNULL,
        )
        worker = _Worker(process)
        self._all.add(worker)
        try:
            json.loads(await asyncio.wait_for(worker.read_frame(), 120))
        except (TimeoutError, asyncio.IncompleteReadError, ValueError):
            self._all.discard(worker)
            await worker.kill()
            raise RuntimeError("a query worker failed to load the graph") from None
        if self._closed:
            self._all.discard(worker)
            await worker.kill()
            return
        self._idle.put_nowait(worker)

    def _replace(self, worker: _Worker) -> None:
        self._all.discard(worker)
        if self._closed:
            return
        task = asyncio.get_running_loop().create_task(self._spawn())
        self._starting.add(task)
        task.add_done_callback(self._starting.discard)

    async def run(self, query: str, accept: str | None, timeout: float) -> QueryReply:
        """Run ``query`` on a worker within ``timeout`` seconds (waiting for one included)."""
        if self._waiting >= self.max_waiting:
            return QueryReply(503, error="the server is busy; try again shortly")
        deadline = time.monotonic() + timeout
        self._waiting += 1
        try:
            worker = await asyncio.wait_for(self._idle.get(), timeout)
        except TimeoutError:
            return QueryReply(503, error=f"no query worker was free within the {timeout:g} s deadline")
        finally:
            self._waiting -= 1
        try:
            reply = await asyncio.wait_for(worker.ask(query, accept), max(0.0, deadline - time.monotonic()))
        except TimeoutError:
            await worker.kill()
            self._replace(worker)
            return QueryReply(503, error=f"the query was stopped at the {timeout:g} s deadline")
        except (asyncio.IncompleteReadError, ConnectionError, BrokenPipeError):
            await worker.kill()
            self._replace(worker)
            if self._closed:
                return QueryReply(503, error="the server is stopping")
            if self.memory_mb:
                return QueryReply(503, error=f"the query was stopped: it needed more than the server's "
                                             f"{self.memory_mb} MB memory limit")
            return QueryReply(500, error="the query worker ended unexpectedly")
        except asyncio.CancelledError:  # the client went away: the worker may still be busy
            await worker.kill()
            self._replace(worker)
            raise
        if reply.status == 503 and self.memory_mb and "memory" in (reply.error or ""):
            await worker.kill()  # a worker that hit its cap may have a fragmented heap: start afresh
            self._replace(worker)
        else:
            self._idle.put_nowait(worker)
        return reply

    async def close(self) -> None:
        """Stop every worker (SIGKILL: they hold nothing worth saving)."""
        self._closed = True
        for task in list(self._starting):
            task.cancel()
        await asyncio.gather(*(w.kill() for w in list(self._all)), return_exceptions=True)
        self._all.clear()
