"""The HTTP front: an aiohttp application for the query page, ``/query`` and the resource pages.

Every query runs in a worker process of a :class:`.pool.WorkerPool`; this process only parses
requests, negotiates and copies bytes, so slow or many clients cost it little.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
from importlib.resources import files
from pathlib import PurePosixPath
from typing import Any

from aiohttp import web

from ...catalog import catalog, get_query
from ...errors import QueryError
from ...params import bind_params, values_block
from .negotiate import EXTENSIONS, RESOURCE_TYPES, resource_type
from .pool import WorkerPool

__all__ = ["Limits", "build_app", "POOL", "LIMITS", "PAGES"]

POOL: web.AppKey[WorkerPool] = web.AppKey("pool", WorkerPool)
# the site's files by path ("project/military-mobility.ttl"), held in memory
PAGES: web.AppKey[Mapping[str, bytes]] = web.AppKey("pages", Mapping)


@dataclass(frozen=True)
class Limits:
    """What one request may take."""

    query_timeout: float = 10.0  # seconds a query may run, waiting for a worker included
    body_timeout: float = 10.0  # seconds to receive a request body
    header_timeout: float = 10.0  # seconds to receive a request's headers (also the idle time)
    max_body: int = 1024 * 1024  # bytes of a request body
    max_line: int = 64 * 1024  # bytes of the request line (a query in a GET URL)


LIMITS: web.AppKey[Limits] = web.AppKey("limits", Limits)

_STATIC = files("pesco_graph.publish.server") / "static"
_STATIC_TYPES = {"html": "text/html", "js": "text/javascript", "css": "text/css", "svg": "image/svg+xml"}
_SITE_TYPES = {**EXTENSIONS, "json": "application/json", "css": "text/css", "js": "text/javascript",
               "csv": "text/csv", "svg": "image/svg+xml", "png": "image/png", "gz": "application/gzip"}
_TEXT = ("text/", "application/ld+json", "application/n-triples", "application/json", "image/svg")
_CORS = {"Access-Control-Allow-Origin": "*"}


def _error(status: int, message: str, headers: dict[str, str] | None = None) -> web.Response:
    return web.Response(status=status, text=message.rstrip() + "\n", headers=headers)


def _typed(media: str) -> str:
    return f"{media}; charset=utf-8" if media.startswith(_TEXT) else media


# --- the query page ---------------------------------------------------------------------------
async def page(request: web.Request) -> web.StreamResponse:
    return _static_file("index.html")


async def static(request: web.Request) -> web.StreamResponse:
    return _static_file(request.match_info["name"])


def _static_file(name: str) -> web.Response:
    if "/" in name or name.startswith("."):
        raise web.HTTPNotFound()
    item = _STATIC / name
    if not item.is_file():
        raise web.HTTPNotFound()
    media = _STATIC_TYPES.get(name.rsplit(".", 1)[-1], "application/octet-stream")
    return web.Response(body=item.read_bytes(), content_type=media,
                        charset="utf-8" if media.startswith("text/") else None,
                        headers={"Cache-Control": "max-age=300"})


def _example(name: str, params: Mapping[str, str]) -> str:
    query = get_query(name)
    return values_block(query.text, bind_params(query, params))


async def named_queries(request: web.Request) -> web.Response:
    """The named queries with their parameters and the query text bound to the example."""
    out: list[dict[str, Any]] = []
    for query in sorted(catalog().values(), key=lambda q: q.name):
        out.append({
            "name": query.name, "title": query.title, "description": query.description,
            "form": query.form, "columns": list(query.columns), "example": query.example,
            "params": [{"name": p.name, "required": p.required, "description": p.description}
                       for p in query.params],
            "text": _example(query.name, query.example),
        })
    return web.json_response(out)


async def bind(request: web.Request) -> web.Response:
    """A named query's text with the parameters given in the URL bound as terms."""
    try:
        text = _example(request.match_info["name"], dict(request.query))
    except QueryError as exc:
        return _error(400, str(exc))
    return web.json_response({"query": text})


# --- SPARQL protocol --------------------------------------------------------------------------
async def _read_body(request: web.Request) -> bytes:
    limits = request.app[LIMITS]
    if request.content_length is not None and request.content_length > limits.max_body:
        raise web.HTTPRequestEntityTooLarge(max_size=limits.max_body, actual_size=request.content_length)
    try:
        return await asyncio.wait_for(request.read(), limits.body_timeout)
    except TimeoutError:
        raise web.HTTPRequestTimeout(text="the request body did not arrive in time\n") from None


async def query(request: web.Request) -> web.Response:
    """SPARQL 1.1 protocol, query operation: GET ``?query=``, POST form or ``application/sparql-query``."""
    text: str | None
    if request.method == "GET":
        if "update" in request.query:
            return _error(403, "this endpoint is read-only: SPARQL Update is not allowed", _CORS)
        text = request.query.get("query")
    else:
        media = request.content_type
        body = await _read_body(request)
        if media == "application/sparql-update":
            return _error(403, "this endpoint is read-only: SPARQL Update is not allowed", _CORS)
        if media == "application/sparql-query":
            text = body.decode("utf-8", errors="replace")
        elif media == "application/x-www-form-urlencoded":
            from urllib.parse import parse_qs

            form = parse_qs(body.decode("utf-8", errors="replace"))
            if "update" in form:
                return _error(403, "this endpoint is read-only: SPARQL Update is not allowed", _CORS)
            text = form.get("query", [None])[0]
        else:
            return _error(415, "POST a query as application/sparql-query or as a form "
                               "(application/x-www-form-urlencoded, field 'query')", _CORS)
    if not text or not text.strip():
        return _error(400, "no query: give it as the 'query' parameter", _CORS)
    limits = request.app[LIMITS]
    reply = await request.app[POOL].run(text, request.headers.get("Accept"), limits.query_timeout)
    if reply.error is not None:
        return _error(reply.status, reply.error, _CORS)
    return web.Response(body=reply.body, status=reply.status, headers={
        "Content-Type": _typed(reply.content_type), "Vary": "Accept", **_CORS})


async def update(request: web.Request) -> web.Response:
    return _error(403, "this endpoint is read-only: SPARQL Update is not allowed")


# --- resource pages ---------------------------------------------------------------------------
def _site_file(pages: Mapping[str, bytes], relative: str) -> bytes | None:
    parts = PurePosixPath(relative).parts
    if not parts or any(p in ("..", ".") or p.startswith(".") for p in parts):
        return None
    return pages.get("/".join(parts))


def _file_response(data: bytes, media: str, vary: bool) -> web.Response:
    headers = {"Content-Type": _typed(media), **_CORS}
    if vary:
        headers["Vary"] = "Accept"
    return web.Response(body=data, headers=headers)


async def resource(request: web.Request) -> web.Response:
    """A resource path: HTML by default, its RDF by ``Accept`` or by extension; 404 otherwise."""
    site = request.app[PAGES]
    relative = request.match_info["path"].rstrip("/")
    stem, dot, extension = relative.rpartition(".")
    if dot and "/" not in extension and extension in _SITE_TYPES:
        found = _site_file(site, relative)
        if found is not None:
            return _file_response(found, _SITE_TYPES[extension], vary=False)
    if _site_file(site, relative + ".html") is None:
        return _error(404, f"no resource /{relative} here")
    media = resource_type(request.headers.get("Accept"))
    if media is None:
        return _error(406, "this resource comes as " + ", ".join(RESOURCE_TYPES))
    found = _site_file(site, f"{relative}.{RESOURCE_TYPES[media]}")
    if found is None:
        return _error(406, f"/{relative} has no {media} form here")
    return _file_response(found, media, vary=True)


def build_app(pool: WorkerPool, pages: Mapping[str, bytes], limits: Limits) -> web.Application:
    """The application: ``/`` the query page, ``/query`` SPARQL, anything else a resource of
    ``pages`` (the site's files by path)."""
    app = web.Application(client_max_size=limits.max_body)
    app[POOL], app[PAGES], app[LIMITS] = pool, pages, limits
    app.router.add_get("/", page)
    app.router.add_get("/_static/{name}", static)
    app.router.add_get("/_api/queries", named_queries)
    app.router.add_get("/_api/queries/{name}", bind)
    app.router.add_route("GET", "/query", query)
    app.router.add_route("POST", "/query", query)
    app.router.add_route("*", "/update", update)
    app.router.add_get("/{path:.+}", resource)
    return app


