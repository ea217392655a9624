"""Endpoint URLs and what goes with them: checks (http and https only, positive finite
timeouts), credentials from arguments or the environment, messages without user information,
and the User-Agent of every request."""

from __future__ import annotations

import math
import os
import urllib.parse

from .errors import EndpointError

__all__ = ["user_agent", "without_userinfo", "redact", "credentials", "check_endpoint", "check_timeout"]


def user_agent() -> str:
    """The ``User-Agent`` of every request: the package, its version and where it lives."""
    from . import __version__

    return f"pesco-graph/{__version__} (+https://w3id.org/pesco-kg/)"


def without_userinfo(url: str) -> str:
    """``url`` with anything before an ``@`` in its authority left out, whether or not the
    URL has a scheme (``user:password@host`` alone parses as scheme ``user``)."""
    head, sep, rest = url.partition("://")
    if not sep:
        head, rest = "", url
    end = min([i for i in (rest.find("/"), rest.find("?"), rest.find("#")) if i >= 0] or [len(rest)])
    at = rest.rfind("@", 0, end)
    return head + sep + (rest[at + 1:] if at >= 0 else rest)


def redact(url: str) -> str:
    """``url`` without its user information, cut to 200 characters.

    >>> redact("http://user:secret@example.org:8890/sparql")
    'http://example.org:8890/sparql'
    >>> redact("user:secret@example.org/sparql")
    'example.org/sparql'
    """
    url = without_userinfo(url)
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
