"""HTTP for remote endpoints: one request function with a whole-request deadline, a size
cap on responses, credential-free error messages and http(s) only.

Every fault (refused connection, deadline, HTTP error, an oversized answer) becomes an
:class:`~pesco_graph.errors.EndpointError` with a one-line reason. Credentials come from
arguments or the environment (``PESCO_ENDPOINT_USER``, ``PESCO_ENDPOINT_PASSWORD``) and never
appear in messages.
"""

from __future__ import annotations

import math
import os
import socket
import time
import urllib.error
import urllib.parse
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from .errors import EndpointError

if TYPE_CHECKING:
    import urllib.request

# urllib.request (with http.client and email) is imported by the functions that send a
# request: importing it costs more than a local query, which never needs it.

__all__ = ["user_agent", "MAX_RESPONSE_BYTES", "redact", "credentials", "check_endpoint",
           "check_timeout", "request"]

MAX_RESPONSE_BYTES = 256 * 1024 * 1024


def user_agent() -> str:
    """The ``User-Agent`` of every request: the package, its version and where it lives."""
    from . import __version__

    return f"pesco-graph/{__version__} (+https://w3id.org/pesco-kg/)"


def redact(url: str) -> str:
    """``url`` without its user information.

    >>> redact("http://user:secret@example.org:8890/sparql")
    'http://example.org:8890/sparql'
    """
    try:
        parts = urllib.parse.urlsplit(url)
        if parts.username is not None or parts.password is not None:
            netloc = parts.hostname or ""
            if parts.port:
                netloc += f":{parts.port}"
            parts = parts._replace(netloc=netloc)
        shown = urllib.parse.urlunsplit(parts)
    except ValueError:
        shown = "the endpoint"
    return shown if len(shown) <= 200 else shown[:199] + "…"


def credentials(user: str | None, password: str | None) -> tuple[str | None, str | None]:
    """The user and password from the arguments or the environment."""
    return (user or os.environ.get("PESCO_ENDPOINT_USER"),
            password or os.environ.get("PESCO_ENDPOINT_PASSWORD"))


def check_endpoint(url: str) -> str:
    """``url`` if it is an http(s) URL with a host, else an :class:`EndpointError`."""
    try:
        parts = urllib.parse.urlsplit(url)
        ok = parts.scheme in ("http", "https") and bool(parts.hostname)
    except ValueError:
        ok = False
    if not ok:
        raise EndpointError(f"{redact(url)!r} is not an http or https URL")
    return url


def check_timeout(seconds: float) -> float:
    """``seconds`` if it is a positive finite number, else an :class:`EndpointError`."""
    if not isinstance(seconds, (int, float)) or not math.isfinite(seconds) or seconds <= 0:
        raise EndpointError(f"timeout must be a positive number of seconds, not {seconds!r}")
    return float(seconds)


def _reason(exc: BaseException, url: str) -> str:
    shown = redact(url)
    if isinstance(exc, urllib.error.HTTPError):
        return f"{shown} answered HTTP {exc.code} {str(exc.reason)[:100]}"
    if isinstance(exc, urllib.error.URLError):
        inner = exc.reason
        if isinstance(inner, ConnectionRefusedError):
            return f"cannot connect to {shown}: connection refused"
        if isinstance(inner, (socket.timeout, TimeoutError)):
            return f"{shown} did not answer in time"
        if isinstance(inner, socket.gaierror):
            return f"cannot resolve the host of {shown}"
        return f"cannot reach {shown}: {str(inner)[:100]}"
    if isinstance(exc, (socket.timeout, TimeoutError)):
        return f"{shown} did not answer in time"
    if isinstance(exc, ConnectionError):
        return f"connection to {shown} failed: {exc.__class__.__name__}"
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else exc.__class__.__name__
    return f"{shown}: {text[:200]}"


def _opener(url: str, user: str | None, password: str | None, auth: str) -> urllib.request.OpenerDirector:
    import urllib.request

    handlers: list[urllib.request.BaseHandler] = []
    if user and password:
        manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        manager.add_password(None, url, user, password)
        if auth in ("basic", "auto"):
            handlers.append(urllib.request.HTTPBasicAuthHandler(manager))
        if auth in ("digest", "auto"):
            handlers.append(urllib.request.HTTPDigestAuthHandler(manager))
    return urllib.request.build_opener(*handlers)


def _authorization(url: str, method: str, user: str, password: str, auth: str, timeout: float) -> str | None:
    """The ``Authorization`` header for ``method url``, from the challenge a bodiless probe
    (``HEAD``) gets; None when the server asks for none (or one this client does not speak)."""
    import base64
    import urllib.request

    probe = urllib.request.Request(url, method="HEAD", headers={"User-Agent": user_agent()})
    try:
        with urllib.request.urlopen(probe, timeout=timeout):
            return None
    except urllib.error.HTTPError as exc:
        if exc.code != 401:
            return None
        challenge = exc.headers.get("WWW-Authenticate", "") or ""
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise EndpointError(_reason(exc, url)) from None
    scheme = challenge.split(" ", 1)[0].lower()
    if scheme == "basic" and auth in ("basic", "auto"):
        return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
    if scheme == "digest" and auth in ("digest", "auto"):
        manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        manager.add_password(None, url, user, password)
        handler = urllib.request.HTTPDigestAuthHandler(manager)
        fields = urllib.request.parse_keqv_list(
            urllib.request.parse_http_list(challenge.split(" ", 1)[1]))
        target = urllib.request.Request(url, method=method)
        answer = handler.get_authorization(target, fields)
        return f"Digest {answer}" if answer else None
    return None


def request(
    url: str,
    *,
    method: str = "GET",
    body: bytes | Iterable[bytes] | None = None,
    headers: Mapping[str, str] | None = None,
    timeout: float = 30.0,
    max_bytes: int = MAX_RESPONSE_BYTES,
    user: str | None = None,
    password: str | None = None,
    auth: str = "auto",
) -> tuple[int, bytes]:
    """Send one request and read the whole answer within ``timeout`` seconds in all.

    ``body`` may be an iterable of chunks (streamed with ``Transfer-Encoding: chunked``).
    An answer longer than ``max_bytes`` is refused as it streams in.
    """
    check_endpoint(url)
    deadline = time.monotonic() + check_timeout(timeout)
    user, password = credentials(user, password)
    all_headers = {"User-Agent": user_agent(), **(headers or {})}
    if user and password and body is not None:
        # authenticate before the body is sent: a server that answers 401 to a large body
        # closes the connection while it is still being sent (a broken pipe)
        authorization = _authorization(url, method, user, password, auth, timeout)
        if authorization:
            all_headers["Authorization"] = authorization
    import urllib.request

    data: bytes | Iterable[bytes] | None = body
    req = urllib.request.Request(url, data=data, method=method, headers=all_headers)
    opener = _opener(url, user, password, auth)
    try:
        with opener.open(req, timeout=timeout) as response:
            chunks: list[bytes] = []
            size = 0
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError
                sock = getattr(getattr(getattr(response, "fp", None), "raw", None), "_sock", None)
                if sock is not None:
                    sock.settimeout(left)
                chunk = response.read1(65536) if hasattr(response, "read1") else response.read(65536)
                if not chunk:
                    break
                size += len(chunk)
                if size > max_bytes:
                    raise EndpointError(f"{redact(url)} sent more than {max_bytes} bytes; refused")
                chunks.append(chunk)
            return response.status, b"".join(chunks)
    except EndpointError:
        raise
    except (urllib.error.URLError, OSError, ValueError, TimeoutError) as exc:
        raise EndpointError(_reason(exc, url)) from None
    except Exception as exc:  # http.client.IncompleteRead and other protocol faults
        raise EndpointError(_reason(exc, url)) from None
