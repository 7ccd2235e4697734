"""How the simulated platform's requests reach the application: WSGI, ASGI, or real HTTP.

In process, a request goes straight to the application callable (no socket), built as a
server would build it; an ASGI application runs on a private event loop. Without an
application, requests go over HTTP with :mod:`urllib.request`. Redirects are not followed
here: the engine follows them as the platform does (301, 302, 303 and 307, with the same
method and fields).
"""

from __future__ import annotations

import asyncio
import inspect
import io
import sys
import time
import traceback
import urllib.error
import urllib.request
from collections.abc import Awaitable, Callable, Iterable, Iterator, Mapping, MutableMapping
from typing import Any, Protocol, cast
from urllib.parse import SplitResult, unquote, urlsplit

import attrs

__all__ = ["AsgiTransport", "HttpTransport", "Reply", "Transport", "WsgiTransport", "transport"]

_DEFAULT_PORTS = {"http": 80, "https": 443}


@attrs.frozen
class Reply:
    """What came back for one request: a response, or why none came.

    Attributes:
        status: The HTTP status, or ``None`` when no response arrived.
        headers: The response headers, names in lower case.
        body: The response body.
        failure: ``timeout`` or ``unreachable`` when no response arrived.
        detail: Why, for a person (an exception raised by the application included).
    """

    status: int | None
    headers: tuple[tuple[str, str], ...] = ()
    body: bytes = b""
    failure: str | None = None
    detail: str = ""

    def header(self, name: str) -> str | None:
        """The first value of a header, by its lower-case name."""
        for key, value in self.headers:
            if key == name:
                return value
        return None


class Transport(Protocol):
    """Sends one request and returns what came back."""

    def send(
        self, method: str, url: str, body: bytes | None, headers: Mapping[str, str], timeout: float
    ) -> Reply:
        """Send ``method url`` with ``body`` and ``headers``, waiting at most ``timeout``."""
        ...

    def close(self) -> None:
        """Release what the transport holds."""
        ...


def _origin(parts: SplitResult) -> tuple[str, str, int]:
    port = parts.port or _DEFAULT_PORTS.get(parts.scheme, 80)
    return parts.scheme, (parts.hostname or ""), port


def _crashed(error: BaseException) -> Reply:
    # What a server answers when the application raises: a 500, with the reason kept for
    # the person reading the call log.
    detail = "".join(traceback.format_exception_only(type(error), error)).strip()
    return Reply(500, (("content-type", "text/plain"),), detail.encode(), detail=detail)


WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


@attrs.define
class WsgiTransport:
    """Calls a WSGI application in process for the URLs of its origin."""

    app: WsgiApp
    origin: tuple[str, str, int]

    def send(
        self, method: str, url: str, body: bytes | None, headers: Mapping[str, str], timeout: float
    ) -> Reply:
        """Build the WSGI environment of the request and call the application."""
        parts = urlsplit(url)
        if _origin(parts) != self.origin:
            return Reply(None, failure="unreachable", detail=f"no application serves {url}")
        data = body or b""
        environ: dict[str, Any] = {
            "REQUEST_METHOD": method,
            "SCRIPT_NAME": "",
            # PEP 3333: the path is decoded, then carried as latin-1 text.
            "PATH_INFO": unquote(parts.path or "/", "latin-1"),
            "QUERY_STRING": parts.query,
            "SERVER_NAME": self.origin[1],
            "SERVER_PORT": str(self.origin[2]),
            "SERVER_PROTOCOL": "HTTP/1.1",
            "REMOTE_ADDR": "127.0.0.1",
            "CONTENT_LENGTH": str(len(data)) if body is not None else "",
            "CONTENT_TYPE": headers.get("Content-Type", ""),
            "wsgi.version": (1, 0),
            "wsgi.url_scheme": parts.scheme,
            "wsgi.input": io.BytesIO(data),
            "wsgi.errors": sys.stderr,
            "wsgi.multithread": False,
            "wsgi.multiprocess": False,
            "wsgi.run_once": False,
        }
        host = parts.netloc.rpartition("@")[2]
        environ["HTTP_HOST"] = host
        for name, value in headers.items():
            if name.lower() not in {"content-type", "content-length"}:
                environ["HTTP_" + name.upper().replace("-", "_")] = value
        started: list[tuple[str, list[tuple[str, str]]]] = []

        def start_response(
            status: str, response_headers: list[tuple[str, str]], exc_info: object = None
        ) -> Callable[[bytes], object]:
            del exc_info
            started[:] = [(status, response_headers)]
            return chunks.append

        chunks: list[bytes] = []
        begun = time.perf_counter()
        try:
            result = self.app(environ, start_response)
            try:
                chunks.extend(_chunks(result))
            finally:
                close = getattr(result, "close", None)
                if close is not None:
                    close()
        except Exception as error:  # noqa: BLE001 - a server answers 500 whatever the app raised
            return _crashed(error)
        if time.perf_counter() - begun > timeout:
            return Reply(None, failure="timeout", detail=f"no answer within {timeout:g} s")
        if not started:
            return Reply(None, failure="unreachable", detail="the application never responded")
        return _wsgi_reply(*started[0], chunks)

    def close(self) -> None:
        """Nothing to release."""


def _chunks(result: Iterable[object]) -> Iterator[bytes]:
    # The body a WSGI application returns, refused item by item when it is not bytes.
    for chunk in result:
        if not isinstance(chunk, bytes):
            raise TypeError(f"a WSGI application must return bytes, not {type(chunk).__name__}")
        yield chunk


def _wsgi_reply(status: str, headers: list[tuple[str, str]], chunks: list[bytes]) -> Reply:
    # A status line without a three-digit code is the application's fault: a server's 500.
    code = str(status).split(" ", 1)[0]
    if not (code.isascii() and code.isdigit() and len(code) == 3):
        return _crashed(ValueError(f"the status line {status!r} has no HTTP status code"))
    pairs = tuple((str(name).lower(), str(value)) for name, value in headers)
    return Reply(int(code), pairs, b"".join(chunks))


AsgiApp = Callable[
    [MutableMapping[str, Any], Callable[[], Awaitable[Any]], Callable[[Any], Awaitable[None]]],
    Awaitable[None],
]


@attrs.define
class AsgiTransport:
    """Runs an ASGI application in process, on a private event loop, for its origin's URLs."""

    app: AsgiApp
    origin: tuple[str, str, int]
    _loop: asyncio.AbstractEventLoop | None = None

    def send(
        self, method: str, url: str, body: bytes | None, headers: Mapping[str, str], timeout: float
    ) -> Reply:
        """Run the application for one HTTP request and collect its response."""
        parts = urlsplit(url)
        if _origin(parts) != self.origin:
            return Reply(None, failure="unreachable", detail=f"no application serves {url}")
        if self._loop is None:
            self._loop = asyncio.new_event_loop()
        raw_headers = [(b"host", parts.netloc.rpartition("@")[2].encode())]
        raw_headers += [(name.lower().encode(), value.encode()) for name, value in headers.items()]
        if body is not None:
            raw_headers.append((b"content-length", str(len(body)).encode()))
        scope: dict[str, Any] = {
            "type": "http",
            "asgi": {"version": "3.0", "spec_version": "2.3"},
            "http_version": "1.1",
            "method": method,
            "scheme": parts.scheme,
            "path": unquote(parts.path or "/"),
            "raw_path": (parts.path or "/").encode(),
            "query_string": parts.query.encode(),
            "root_path": "",
            "headers": raw_headers,
            "client": ("127.0.0.1", 0),
            "server": (self.origin[1], self.origin[2]),
        }
        try:
            return self._loop.run_until_complete(self._run(scope, body or b"", timeout))
        except asyncio.TimeoutError:
            return Reply(None, failure="timeout", detail=f"no answer within {timeout:g} s")
        except Exception as error:  # noqa: BLE001 - a server answers 500 whatever the app raised
            return _crashed(error)

    async def _run(self, scope: dict[str, Any], body: bytes, timeout: float) -> Reply:
        done = asyncio.Event()
        received = False
        start: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def receive() -> dict[str, Any]:
            nonlocal received
            if not received:
                received = True
                return {"type": "http.request", "body": body, "more_body": False}
            await done.wait()
            return {"type": "http.disconnect"}

        async def send(message: Any) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(bytes(message.get("body", b"")))
                if not message.get("more_body", False):
                    done.set()

        await asyncio.wait_for(self.app(scope, receive, send), timeout)
        done.set()
        if not start:
            return Reply(None, failure="unreachable", detail="the application never responded")
        headers = tuple(
            (bytes(name).decode("latin-1").lower(), bytes(value).decode("latin-1"))
            for name, value in start.get("headers", ())
        )
        return Reply(int(start["status"]), headers, b"".join(chunks))

    def close(self) -> None:
        """Close the private event loop."""
        if self._loop is not None:
            self._loop.close()
            self._loop = None


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *_: Any, **__: Any) -> None:
        return None


@attrs.define
class HttpTransport:
    """Sends real HTTP requests with :mod:`urllib.request`, bypassing any proxy."""

    _opener: urllib.request.OpenerDirector = attrs.field(
        factory=lambda: urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirects())
    )

    def send(
        self, method: str, url: str, body: bytes | None, headers: Mapping[str, str], timeout: float
    ) -> Reply:
        """Send the request and read the whole answer, whatever its status."""
        parts = urlsplit(url)
        if parts.scheme not in _DEFAULT_PORTS:
            return Reply(None, failure="unreachable", detail=f"not an http(s) URL: {url}")
        # urllib refuses user info in the URL; the engine sends the credentials in a header, once
        # a 401 has asked for them.
        clean = parts._replace(netloc=parts.netloc.rpartition("@")[2]).geturl()
        request = urllib.request.Request(clean, data=body, headers=dict(headers), method=method)  # noqa: S310
        try:
            with self._opener.open(request, timeout=timeout) as answer:
                return Reply(answer.status, _lower(answer.headers.items()), answer.read())
        except urllib.error.HTTPError as error:
            with error:
                return Reply(error.code, _lower(error.headers.items()), error.read())
        except TimeoutError:
            return Reply(None, failure="timeout", detail=f"no answer within {timeout:g} s")
        except (urllib.error.URLError, OSError, ValueError) as error:
            reason = getattr(error, "reason", error)
            if isinstance(reason, TimeoutError):
                return Reply(None, failure="timeout", detail=f"no answer within {timeout:g} s")
            return Reply(None, failure="unreachable", detail=str(reason))

    def close(self) -> None:
        """Nothing to release."""


def _lower(items: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple((name.lower(), value) for name, value in items)


def is_asgi(app: object) -> bool:
    """Whether ``app`` is an ASGI application (a coroutine function of three arguments)."""
    if inspect.iscoroutinefunction(app):
        return True
    call = getattr(app, "__call__", None)  # noqa: B004 - a class instance's own method
    return inspect.iscoroutinefunction(call)


def transport(app: object, incoming_url: str) -> Transport:
    """The transport for ``app``: ASGI or WSGI in process, or HTTP when ``app`` is ``None``."""
    if app is None:
        return HttpTransport()
    if not callable(app):
        raise TypeError(f"app must be a WSGI or ASGI application or None, got {app!r}")
    origin = _origin(urlsplit(incoming_url))
    if is_asgi(app):
        return AsgiTransport(cast("AsgiApp", app), origin)
    return WsgiTransport(cast("WsgiApp", app), origin)
