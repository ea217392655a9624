"""A query worker: a subprocess that holds the graph read-only and answers one query at a time.

Started by :class:`pesco_graph.publish.server.pool.WorkerPool` as
``python -m pesco_graph.publish.server.worker GRAPH.nt MEMORY_MB``. It loads the N-Triples
file into an in-memory pyoxigraph store, caps its address space at what loading took plus
``MEMORY_MB`` (``RLIMIT_AS``; 0 for no cap), says ``ready`` and then serves requests read from
stdin. The pool kills it when a query passes its deadline; when a query passes the memory cap
the allocation fails and the worker ends with an error or is aborted; either way the pool
replaces it.

Messages are frames: a 4-byte big-endian length and that many bytes. A request is one JSON
frame ``{"query": ..., "accept": ...}``; a reply is a JSON frame ``{"status": 200,
"content_type": ...}`` or ``{"status": 4xx/5xx, "error": ...}`` followed by a body frame.
"""

from __future__ import annotations

import ctypes
import json
import os
import resource
import signal
import struct
import sys
from typing import Any, BinaryIO

from .guard import refusal
from .negotiate import GRAPH_ALIASES, GRAPH_TYPES, SOLUTION_ALIASES, SOLUTION_TYPES, choose

__all__ = ["read_frame", "write_frame", "answer", "die_with_parent", "main", "MAX_RESULT_BYTES"]

MAX_RESULT_BYTES = 64 * 1024 * 1024
_HEADER = struct.Struct(">I")


def read_frame(stream: BinaryIO) -> bytes | None:
    """One frame from ``stream``; ``None`` at end of input."""
    head = stream.read(_HEADER.size)
    if len(head) < _HEADER.size:
        return None
    (size,) = _HEADER.unpack(head)
    body = stream.read(size)
    return body if len(body) == size else None


def write_frame(stream: BinaryIO, data: bytes) -> None:
    stream.write(_HEADER.pack(len(data)) + data)


def _formats() -> tuple[dict[str, Any], dict[str, Any]]:
    import pyoxigraph as ox

    solutions = dict(zip(SOLUTION_TYPES, (ox.QueryResultsFormat.JSON, ox.QueryResultsFormat.XML,
                                          ox.QueryResultsFormat.CSV, ox.QueryResultsFormat.TSV), strict=True))
    graphs = dict(zip(GRAPH_TYPES, (ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES, ox.RdfFormat.JSON_LD),
                      strict=True))
    return solutions, graphs


def answer(store: Any, query: str, accept: str | None) -> tuple[dict[str, Any], bytes]:
    """Run ``query`` on ``store``; the reply header and body."""
    import pyoxigraph as ox

    reason = refusal(query)
    if reason:
        return {"status": 400, "error": reason}, b""
    try:
        result = store.query(query)
        solutions, graphs = _formats()
        if isinstance(result, ox.QueryTriples):
            media = choose(accept, GRAPH_TYPES, GRAPH_ALIASES)
            if media is None:
                return {"status": 406, "error": "CONSTRUCT results come as " + ", ".join(GRAPH_TYPES)}, b""
            body = result.serialize(format=graphs[media])
        else:
            media = choose(accept, SOLUTION_TYPES, SOLUTION_ALIASES)
            if media is None:
                return {"status": 406, "error": "results come as " + ", ".join(SOLUTION_TYPES)}, b""
            body = result.serialize(format=solutions[media])
    except SyntaxError as exc:
        return {"status": 400, "error": f"query syntax error: {exc}"}, b""
    except MemoryError:
        return {"status": 503, "error": "the query needed more memory than this server allows"}, b""
    except OSError as exc:  # evaluation errors (pyoxigraph raises OSError for them)
        return {"status": 400, "error": f"query failed: {exc}"}, b""
    if body is None:  # pragma: no cover - serialize() without output returns bytes
        body = b""
    if len(body) > MAX_RESULT_BYTES:
        return {"status": 503, "error": f"the result is larger than {MAX_RESULT_BYTES // 2**20} MB"}, b""
    return {"status": 200, "content_type": media}, body


def die_with_parent() -> None:
    """Ask Linux to kill this process when the server that started it dies (even by SIGKILL)."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):  # not Linux: the closed stdin still ends the worker
        pass


def _vm_size() -> int:
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def main(argv: list[str] | None = None) -> int:
    import pyoxigraph as ox

    args = sys.argv[1:] if argv is None else argv
    path, memory_mb = args[0], int(args[1])
    die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the server stops its workers itself
    store = ox.Store()
    store.bulk_load(path=path, format=ox.RdfFormat.N_TRIPLES)
    if memory_mb > 0:
        cap = _vm_size() + memory_mb * 2**20
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    # the replies go to a private copy of stdout; whatever else writes to fd 1 goes to stderr
    stdin, stdout = sys.stdin.buffer, os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)
    write_frame(stdout, json.dumps({"ready": os.getpid()}).encode())
    stdout.flush()
    while (frame := read_frame(stdin)) is not None:
        request = json.loads(frame)
        try:
            head, body = answer(store, request["query"], request.get("accept"))
        except MemoryError:
            head, body = {"status": 503, "error": "the query needed more memory than this server allows"}, b""
        write_frame(stdout, json.dumps(head).encode())
        write_frame(stdout, body)
        stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
