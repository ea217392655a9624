"""HTTP for remote endpoints: one request function with a whole-request deadline, a size
cap on responses, credential-free error messages and http(s) only.

Every fault (refused connection, deadline, HTTP error, an oversized answer) becomes an
:class:`~pesco_graph.errors.EndpointError` with a one-line reason. Credentials come from
arguments or the environment (``PESCO_ENDPOINT_USER``, ``PESCO_ENDPOINT_PASSWORD``) and never
appear in messages.
"""

from __future__ import annotations

import io
import socket
import threading
import time
import urllib.error
import urllib.parse
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from .errors import EndpointError
from .urls import check_endpoint, check_timeout, credentials, redact, user_agent, without_userinfo

if TYPE_CHECKING:
    import urllib.request

# urllib.request (with http.client and email) is imported by the functions that send a
# request: importing it costs more than a local query, which never needs it.

__all__ = ["user_agent", "MAX_RESPONSE_BYTES", "redact", "credentials", "check_endpoint",
           "check_timeout", "request", "stream"]

MAX_RESPONSE_BYTES = 256 * 1024 * 1024

T = TypeVar("T")


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


class _Watchdog:
    """Shuts the sockets of a request down at its deadline, so that no read (of the status
    line, the headers or the body) can outlast it, however slowly the server drips bytes."""

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline
        self.fired = False
        self.sockets: list[socket.socket] = []
        self.lock = threading.Lock()
        self.timer = threading.Timer(max(0.0, deadline - time.monotonic()), self.fire)
        self.timer.daemon = True
        self.timer.start()

    def fire(self) -> None:
        with self.lock:
            self.fired = True
            for sock in self.sockets:
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass

    def watch(self, sock: socket.socket | None) -> None:
        if sock is None:
            return
        with self.lock:
            self.sockets.append(sock)
        if self.fired:
            self.fire()

    def left(self) -> float:
        """Seconds until the deadline; a TimeoutError once it has passed."""
        left = self.deadline - time.monotonic()
        if left <= 0 or self.fired:
            raise TimeoutError
        return left

    def cancel(self) -> None:
        self.timer.cancel()


def _connection_handlers(watchdog: _Watchdog) -> list[urllib.request.BaseHandler]:
    """HTTP and HTTPS handlers whose connections report their sockets to ``watchdog``."""
    import http.client
    import urllib.request

    class Connection(http.client.HTTPConnection):
        def connect(self) -> None:
            super().connect()
            watchdog.watch(self.sock)

    class SecureConnection(http.client.HTTPSConnection):
        def connect(self) -> None:
            super().connect()
            watchdog.watch(self.sock)

    class Handler(urllib.request.HTTPHandler):
        def http_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
            return self.do_open(Connection, req)

    class SecureHandler(urllib.request.HTTPSHandler):
        def https_open(self, req: urllib.request.Request) -> http.client.HTTPResponse:
            return self.do_open(SecureConnection, req, context=getattr(self, "_context", None))

    return [Handler(), SecureHandler()]


def _opener(url: str, user: str | None, password: str | None, auth: str,
            watchdog: _Watchdog) -> urllib.request.OpenerDirector:
    import urllib.request

    handlers: list[urllib.request.BaseHandler] = _connection_handlers(watchdog)
    if user and password:
        manager = urllib.request.HTTPPasswordMgrWithDefaultRealm()
        manager.add_password(None, url, user, password)
        if auth in ("basic", "auto"):
            handlers.append(urllib.request.HTTPBasicAuthHandler(manager))
        if auth in ("digest", "auto"):
            handlers.append(urllib.request.HTTPDigestAuthHandler(manager))
    return urllib.request.build_opener(*handlers)


def _authorization(url: str, method: str, user: str, password: str, auth: str,
                   watchdog: _Watchdog) -> str | None:
    """The ``Authorization`` header for ``method url``, from the challenge a bodiless probe
    (``HEAD``) gets; None when the server asks for none (or one this client does not speak)."""
    import base64
    import urllib.request

    probe = urllib.request.Request(url, method="HEAD", headers={"User-Agent": user_agent()})
    opener = urllib.request.build_opener(*_connection_handlers(watchdog))
    try:
        with opener.open(probe, timeout=watchdog.left()):
            return None
    except urllib.error.HTTPError as exc:
        if exc.code != 401:
            return None
        challenge = exc.headers.get("WWW-Authenticate", "") or ""
    except Exception as exc:  # also http.client's protocol faults (a bad status line)
        raise EndpointError(_reason(TimeoutError() if watchdog.fired else exc, url)) from None
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


def _paced(body: Iterable[bytes], watchdog: _Watchdog) -> Iterator[bytes]:
    """The chunks of ``body``, stopped by the deadline."""
    for chunk in body:
        watchdog.left()
        yield chunk


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

    The same as :func:`stream` with the answer read into bytes.
    """
    return stream(url, _read_all, method=method, body=body, headers=headers, timeout=timeout,
                  max_bytes=max_bytes, user=user, password=password, auth=auth)


def stream(
    url: str,
    consume: Callable[[io.RawIOBase], T],
    *,
    method: str = "GET",
    body: bytes | Iterable[bytes] | None = None,
    headers: Mapping[str, str] | None = None,
    timeout: float = 30.0,
    max_bytes: int = MAX_RESPONSE_BYTES,
    user: str | None = None,
    password: str | None = None,
    auth: str = "auto",
) -> tuple[int, T]:
    """Send one request and hand the answer, as a file read as it streams in, to ``consume``
    (a parser); returns the status and what ``consume`` returned, all within ``timeout``
    seconds. An exception ``consume`` raises of its own (the answer is not what it expects)
    comes out unchanged; a fault of the transfer is an :class:`EndpointError`.

    ``body`` may be an iterable of chunks: it is streamed (give a ``Content-Length`` header,
    or it goes with ``Transfer-Encoding: chunked``), and credentials are settled before by a
    bodiless probe, since a streamed body cannot be sent twice. An answer longer than
    ``max_bytes`` is refused as it streams in; an answer cut short is refused too.
    """
    check_endpoint(url)
    timeout = check_timeout(timeout)
    parts = urllib.parse.urlsplit(url)
    if parts.username is not None:  # credentials in the URL: taken out, used like --user/--password
        user = user or urllib.parse.unquote(parts.username)
        password = password or urllib.parse.unquote(parts.password or "")
        url = without_userinfo(url)
    if max_bytes <= 0:
        raise EndpointError(f"the size limit of an answer must be positive, not {max_bytes!r}")
    watchdog = _Watchdog(time.monotonic() + timeout)
    try:
        return _request(url, method, body, headers, max_bytes, user, password, auth, watchdog, consume)
    except _Unparsed as exc:
        raise exc.cause from None
    finally:
        watchdog.cancel()


class _Unparsed(Exception):
    """What the consumer of an answer raised (the answer arrived, but is not what it expects)."""

    def __init__(self, cause: Exception) -> None:
        super().__init__(str(cause))
        self.cause = cause


class _Reader(io.RawIOBase):
    """The body of a response as a file, read as it streams in, within the deadline and the
    size cap; a fault is kept in ``fault`` (an :class:`EndpointError`) and raised."""

    def __init__(self, response: Any, url: str, max_bytes: int, watchdog: _Watchdog) -> None:
        super().__init__()
        self.response, self.url, self.max_bytes, self.watchdog = response, url, max_bytes, watchdog
        self.size = 0
        self.fault: EndpointError | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self.fault is not None:
            raise self.fault
        try:
            chunk = self._next(min(len(buffer), 65536))
        except EndpointError as exc:
            self.fault = exc
            raise
        except Exception as exc:
            if not self.watchdog.fired and exc.__class__.__name__ == "IncompleteRead":
                self.fault = EndpointError(
                    f"{redact(self.url)} closed the connection before the end of its answer")
            else:
                self.fault = EndpointError(_reason(TimeoutError() if self.watchdog.fired else exc, self.url))
            raise self.fault from None
        buffer[: len(chunk)] = chunk
        return len(chunk)

    def _next(self, size: int) -> bytes:
        left = self.watchdog.left()
        response = self.response
        sock = getattr(getattr(getattr(response, "fp", None), "raw", None), "_sock", None)
        if sock is not None:
            sock.settimeout(left)
        chunk: bytes = response.read1(size) if hasattr(response, "read1") else response.read(size)
        if not chunk:
            self.watchdog.left()
            missing = getattr(response, "length", None)
            if missing:
                raise EndpointError(f"{redact(self.url)} closed the connection before the end of its answer "
                                    f"({missing} of {self.size + missing} bytes missing)")
            return b""
        self.size += len(chunk)
        if self.size > self.max_bytes:
            raise EndpointError(f"{redact(self.url)} sent more than {self.max_bytes} bytes; refused "
                                "(raise the limit with --max-response-mb)")
        return chunk


def _read_all(reader: io.RawIOBase) -> bytes:
    return reader.read() or b""


def _request(url: str, method: str, body: bytes | Iterable[bytes] | None, headers: Mapping[str, str] | None,
             max_bytes: int, user: str | None, password: str | None, auth: str,
             watchdog: _Watchdog, consume: Callable[[io.RawIOBase], T]) -> tuple[int, T]:
    import urllib.request

    user, password = credentials(user, password)
    all_headers = {"User-Agent": user_agent(), **(headers or {})}
    streamed = body is not None and not isinstance(body, bytes)
    if user and password and body is not None:
        # authenticate before the body is sent: a server that answers 401 to a large body
        # closes the connection while it is still being sent (a broken pipe)
        authorization = _authorization(url, method, user, password, auth, watchdog)
        if authorization:
            all_headers["Authorization"] = authorization
    data: bytes | Iterable[bytes] | None = body
    if streamed:
        assert body is not None and not isinstance(body, bytes)
        data = _paced(body, watchdog)
    req = urllib.request.Request(url, data=data, method=method, headers=all_headers)
    # a streamed body cannot be sent again after a challenge: its credentials went with it
    opener = _opener(url, None if streamed else user, password, auth, watchdog)
    try:
        with opener.open(req, timeout=watchdog.left()) as response:
            reader = _Reader(response, url, max_bytes, watchdog)
            try:
                value = consume(reader)
                if reader.fault is None:
                    reader.read()  # whatever the parser left must still arrive whole and in time
            except Exception as exc:
                if reader.fault is not None:
                    raise reader.fault from None
                raise _Unparsed(exc) from None
            if reader.fault is not None:
                raise reader.fault
            return response.status, value
    except (EndpointError, _Unparsed):
        raise
    except (urllib.error.URLError, OSError, ValueError, TimeoutError) as exc:
        raise EndpointError(_reason(TimeoutError() if watchdog.fired else exc, url)) from None
    except Exception as exc:  # http.client.IncompleteRead and other protocol faults
        if not watchdog.fired and exc.__class__.__name__ == "IncompleteRead":
            raise EndpointError(f"{redact(url)} closed the connection before the end of its answer") from None
        raise EndpointError(_reason(TimeoutError() if watchdog.fired else exc, url)) from None
