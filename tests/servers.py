"""Web apps behind real servers, on 127.0.0.1, and a form posted to them over real HTTP.

Shared by the tests of the framework adapters and of the example apps.
"""

from __future__ import annotations

import socket
import threading
import time
import urllib.error
import urllib.request
import wsgiref.simple_server
from contextlib import contextmanager
from typing import TYPE_CHECKING, NamedTuple, cast
from urllib.parse import urlencode

import uvicorn

if TYPE_CHECKING:
    from collections.abc import Generator

    from _typeshed.wsgi import WSGIApplication
    from fastapi import FastAPI

FORM = "application/x-www-form-urlencoded"


class Reply(NamedTuple):
    """What an app answered."""

    status: int
    content_type: str
    body: bytes


def http_post(url: str, fields: dict[str, str]) -> Reply:
    """Post a form over real HTTP, bypassing any proxy, with a bounded wait; errors included."""
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    request = urllib.request.Request(  # noqa: S310  # the URL is always http://127.0.0.1
        url, data=urlencode(fields).encode(), headers={"Content-Type": FORM}, method="POST"
    )
    try:
        with opener.open(request, timeout=10) as reply:
            return Reply(reply.status, reply.headers["Content-Type"], reply.read())
    except urllib.error.HTTPError as error:
        return Reply(error.code, error.headers["Content-Type"], error.read())


@contextmanager
def uvicorn_server(app: FastAPI) -> Generator[str, None, None]:
    """Serve an ASGI app with uvicorn on a free port of 127.0.0.1, in a thread, for a block."""
    config = uvicorn.Config(
        app, http="h11", ws="none", lifespan="off", log_level="warning", access_log=False
    )
    server = uvicorn.Server(config)
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))  # the system picks a free port
        port = cast("int", listener.getsockname()[1])
        thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
        thread.start()
        try:
            deadline = time.monotonic() + 10
            while not server.started:
                assert thread.is_alive(), "the server stopped while starting"
                assert time.monotonic() < deadline, "the server did not start within 10 s"
                time.sleep(0.01)
            yield f"http://127.0.0.1:{port}"
        finally:
            server.should_exit = True
            thread.join(timeout=10)
    assert not thread.is_alive()


class _QuietHandler(wsgiref.simple_server.WSGIRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base's name
        """Keep the test output clean."""


@contextmanager
def wsgi_server(app: WSGIApplication) -> Generator[str, None, None]:
    """Serve a WSGI app with the standard library's server on a free port, for a block."""
    server = wsgiref.simple_server.make_server("127.0.0.1", 0, app, handler_class=_QuietHandler)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)
    assert not thread.is_alive()
