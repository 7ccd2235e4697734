"""Tiny WSGI applications for the simulator's tests: URL paths mapped to documents or handlers."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import parse_qsl

import attrs

from callmarkup.testing import Call, Exchange, Simulator

FINAL = frozenset({"completed", "busy", "failed", "no-answer", "canceled", "not-found"})


@attrs.frozen
class Reply:
    """An HTTP answer other than a plain 200 document."""

    body: bytes | str = b""
    status: int = 200
    content_type: str | None = "text/xml"
    headers: tuple[tuple[str, str], ...] = ()
    sleep: float = 0.0


Handler = Callable[[dict[str, str]], "str | Reply"]
WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


def form_of(environ: dict[str, Any]) -> dict[str, str]:
    """The request's fields, decoded as a web framework does (bare names are empty)."""
    if environ["REQUEST_METHOD"] == "GET":
        raw = str(environ.get("QUERY_STRING", ""))
    else:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        raw = environ["wsgi.input"].read(length).decode()
    return dict(parse_qsl(raw, keep_blank_values=True))


def app(routes: Mapping[str, str | Reply | Handler]) -> WsgiApp:
    """A WSGI app: each path answers its document, reply or handler's result; others 404.

    A status notification (a final ``CallStatus`` with the standard fields only) to any path is
    answered with an empty document, as a well-behaved application does.
    """

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        form = form_of(environ)
        path = str(environ["PATH_INFO"])
        route = routes.get(path)
        answer: str | Reply
        if form.get("CallStatus") in FINAL and _only_standard(form):
            answer = "<Response/>"
        elif route is None:
            answer = Reply(b"no such page", 404, "text/plain")
        elif isinstance(route, (str, Reply)):
            answer = route
        else:
            answer = route(form)
        if isinstance(answer, str):
            answer = Reply(answer)
        if answer.sleep:
            time.sleep(answer.sleep)
        body = answer.body.encode() if isinstance(answer.body, str) else answer.body
        headers = list(answer.headers)
        if answer.content_type is not None:
            headers.append(("Content-Type", answer.content_type))
        if not any(name.lower() == "content-length" for name, _ in headers):
            headers.append(("Content-Length", str(len(body))))
        reasons = {200: "OK", 404: "Not Found"}
        start_response(f"{answer.status} {reasons.get(answer.status, 'Status')}", headers)
        return [body]

    return application


# The standard fields in the platform's order; OutboundCallSid only once a <Dial> made a leg.
STANDARD_FIELDS = (
    "CallSid",
    "InstanceId",
    "OutboundCallSid",
    "AccountSid",
    "From",
    "To",
    "CallStatus",
    "ApiVersion",
    "Direction",
    "CallerName",
    "ForwardedFrom",
    "CallTimestamp",
    "PostStatus",
)


def _only_standard(form: Mapping[str, str]) -> bool:
    return all(key in STANDARD_FIELDS or key.startswith("SipHeader_") for key in form)


def simulate(routes: Mapping[str, str | Reply | Handler], **options: Any) -> Simulator:
    """A simulator of the app of ``routes``, calls arriving at ``/call``."""
    return Simulator(app(routes), **options)


def doc(body: str) -> str:
    """A document from the verbs of its ``<Response>``."""
    return f"<Response>{body}</Response>"


def of_kind(call: Call, kind: str) -> list[Exchange]:
    """The requests of one kind."""
    return [request for request in call.requests if request.kind == kind]


def names(exchange: Exchange) -> list[str]:
    """The field names of a request, in order."""
    return [name for name, _ in exchange.fields]


def lines(call: Call, *kinds: str) -> list[str]:
    """The transcript lines of some kinds of event, without their times."""
    return [str(event)[9:] for event in call.events if not kinds or event.kind in kinds]


BYE_DOC = "<Response><Say>Bye.</Say><Hangup/></Response>"
"""A document that says goodbye and hangs up."""
