"""The framework adapters: each through its framework's test client, and behind real servers.

The same three views are served by Flask, FastAPI and Django through
``callmarkup.integrations``: ``/call`` greets the caller (or answers a status notification with
an empty document), ``/menu/<step>`` passes an argument of the URL through to the view, and
``/refuse`` raises a ``WebhookError`` from inside the view.
"""

from __future__ import annotations

import importlib
import subprocess
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, cast
from urllib.parse import urlencode

import django.test
import flask
import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.urls import path
from fastapi import Depends, FastAPI
from servers import FORM, Reply, http_post, uvicorn_server, wsgi_server
from starlette.testclient import TestClient

from callmarkup import Hangup, Response, Say, parse
from callmarkup.integrations import django as django_glue
from callmarkup.integrations import fastapi as fastapi_glue
from callmarkup.integrations import flask as flask_glue
from callmarkup.webhooks import CONTENT_TYPE, GatherAction, IncomingCall, WebhookError

if TYPE_CHECKING:
    from django.http import HttpRequest

PLAIN_TEXT = "text/plain; charset=utf-8"
CALL: dict[str, str] = {
    "CallSid": "CA1",
    "AccountSid": "AC1",
    "From": "3035550000",
    "To": "8044731212",
    "CallStatus": "ringing",
    "ApiVersion": "2012-04-24",
    "Direction": "inbound",
    "PostStatus": "new",
}
GREETING = Response(Say("Hello 3035550000."), Hangup())
ENDED = Response()


# The views, written once against the models; each framework wraps them in its adapter.


def greet(call: IncomingCall) -> Response:
    """Greet the caller by number; a notification that the call ended needs no markup."""
    if call.is_status_notification:
        return ENDED
    return Response(Say(f"Hello {call.from_}."), Hangup())


def step(action: GatherAction, name: str) -> Response:
    """Say the step named in the URL and the keys pressed."""
    return Response(Say(f"{name}: {action.digits}"))


def refuse(call: IncomingCall) -> Response:
    """Refuse the request from inside the view, as a view may for a field it reads itself."""
    raise WebhookError("To", f"{call.to} is not one of our numbers")


# Flask

flask_app = flask.Flask(__name__)


@flask_app.route("/call", methods=["GET", "POST"])
@flask_glue.webhook(IncomingCall)
def flask_call(call: IncomingCall) -> Response:
    """Flask: the greeting."""
    return greet(call)


@flask_app.post("/menu/<name>")
@flask_glue.webhook(GatherAction)
def flask_menu(action: GatherAction, name: str) -> Response:
    """Flask: a view with an argument from the URL."""
    return step(action, name)


@flask_app.post("/refuse")
@flask_glue.webhook(IncomingCall)
def flask_refuse(call: IncomingCall) -> Response:
    """Flask: a view that raises WebhookError."""
    return refuse(call)


# FastAPI

fastapi_app = FastAPI()
Call = Annotated[IncomingCall, Depends(fastapi_glue.webhook(IncomingCall))]
Action = Annotated[GatherAction, Depends(fastapi_glue.webhook(GatherAction))]


@fastapi_app.api_route("/call", methods=["GET", "POST"], response_class=fastapi_glue.MarkupResponse)
async def fastapi_call(call: Call) -> fastapi_glue.MarkupResponse:
    """FastAPI: the greeting."""
    return fastapi_glue.MarkupResponse(greet(call))


@fastapi_app.post("/menu/{name}", response_class=fastapi_glue.MarkupResponse)
async def fastapi_menu(action: Action, name: str) -> fastapi_glue.MarkupResponse:
    """FastAPI: a view with an argument from the URL."""
    return fastapi_glue.MarkupResponse(step(action, name))


@fastapi_app.post("/refuse", response_class=fastapi_glue.MarkupResponse)
def fastapi_refuse(call: Call) -> fastapi_glue.MarkupResponse:
    """FastAPI: a view that raises WebhookError (a plain function, run in a worker thread)."""
    return fastapi_glue.MarkupResponse(refuse(call))


# Django: settings are process-wide, and another test module may have made them first, so
# these URLs are switched in with override_settings around each request.


@django_glue.webhook(IncomingCall)
def django_call(request: HttpRequest, call: IncomingCall) -> Response:
    """Django: the greeting."""
    assert request.path == "/call"
    return greet(call)


@django_glue.webhook(GatherAction)
def django_menu(_request: HttpRequest, action: GatherAction, name: str) -> Response:
    """Django: a view with an argument from the URL."""
    return step(action, name)


@django_glue.webhook(IncomingCall)
def django_refuse(_request: HttpRequest, call: IncomingCall) -> Response:
    """Django: a view that raises WebhookError."""
    return refuse(call)


urlpatterns = [
    path("call", django_call),
    path("menu/<str:name>", django_menu),
    path("refuse", django_refuse),
]
if not settings.configured:
    settings.configure(ALLOWED_HOSTS=["testserver", "localhost", "127.0.0.1"], MIDDLEWARE=[])
DJANGO_SETTINGS = django.test.override_settings(ROOT_URLCONF=__name__, MIDDLEWARE=[])


# Sends (method, path with query, body, content type) to one app and returns its reply.
Send = Callable[[str, str, bytes, str], Reply]


def flask_send(method: str, target: str, body: bytes, content_type: str) -> Reply:
    """Send through Flask's test client."""
    reply = flask_app.test_client().open(
        target, method=method, data=body, content_type=content_type
    )
    return Reply(reply.status_code, reply.headers["Content-Type"], reply.data)


FASTAPI_CLIENT = TestClient(fastapi_app)


def fastapi_send(method: str, target: str, body: bytes, content_type: str) -> Reply:
    """Send through Starlette's test client."""
    reply = FASTAPI_CLIENT.request(
        method, target, content=body, headers={"Content-Type": content_type}
    )
    return Reply(reply.status_code, reply.headers["Content-Type"], reply.content)


def django_send(method: str, target: str, body: bytes, content_type: str) -> Reply:
    """Send through Django's test client."""
    client = django.test.Client()
    where, _, query = target.partition("?")
    with DJANGO_SETTINGS:
        reply = client.generic(method, where, body, content_type=content_type, QUERY_STRING=query)
    return Reply(reply.status_code, reply["Content-Type"], reply.content)


SENDERS: dict[str, Send] = {"flask": flask_send, "fastapi": fastapi_send, "django": django_send}


@pytest.fixture(params=sorted(SENDERS))
def send(request: pytest.FixtureRequest) -> Send:
    """Each framework in turn, behind its own test client."""
    return SENDERS[cast("str", request.param)]


def post(send: Send, target: str, fields: dict[str, str]) -> Reply:
    """Post form-encoded fields."""
    return send("POST", target, urlencode(fields).encode(), FORM)


def assert_markup(reply: Reply, expected: Response) -> None:
    """The reply is a 200 of canonical markup, served as text/xml, that reads as ``expected``."""
    assert (reply.status, reply.content_type) == (200, CONTENT_TYPE)
    assert parse(reply.body) == expected
    assert reply.body == str(expected).encode()


def assert_refused(reply: Reply, message: str, *, framework: str) -> None:
    """The reply is a 400 that carries the message: plain text, or FastAPI's JSON detail."""
    assert reply.status == 400
    if framework == "fastapi":
        assert reply.content_type == "application/json"
        assert reply.body.decode() == '{"detail":"' + message + '"}'
    else:
        assert (reply.content_type, reply.body.decode()) == (PLAIN_TEXT, message)


def framework_of(send: Send) -> str:
    """The name of the framework behind a sender."""
    return next(name for name, sender in SENDERS.items() if sender is send)


def test_a_form_post_is_answered_with_the_markup_the_view_returns(send: Send) -> None:
    """A form-encoded POST reaches the view as a model, and its Response comes back as XML."""
    assert_markup(post(send, "/call", CALL), GREETING)


def test_a_get_request_is_read_from_the_query_string(send: Send) -> None:
    """With method="GET" the platform sends the fields as query parameters."""
    assert_markup(send("GET", "/call?" + urlencode(CALL), b"", ""), GREETING)


def post_multipart(send: Send, target: str, fields: list[tuple[str, str]]) -> Reply:
    """Post fields, in order, as a multipart/form-data body."""
    boundary = "callmarkup-boundary"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'
        for name, value in fields
    ]
    body = ("".join(parts) + f"--{boundary}--\r\n").encode()
    return send("POST", target, body, f"multipart/form-data; boundary={boundary}")


def test_a_multipart_post_is_read_by_the_framework_form_parser(send: Send) -> None:
    """A multipart/form-data body reads as the same model."""
    assert_markup(post_multipart(send, "/call", list(CALL.items())), GREETING)


def test_a_repeated_multipart_field_reads_its_first_value_in_every_framework(send: Send) -> None:
    """Starlette's and Django's forms give a repeated field's last value; the adapters the first."""
    reply = post_multipart(send, "/call", [*CALL.items(), ("From", "5550000000")])
    assert_markup(reply, GREETING)


def test_a_repeated_field_reads_its_first_value_in_every_framework(send: Send) -> None:
    """Form bodies are read raw, so the first value wins (spec §7.11) whatever the framework."""
    body = urlencode(CALL) + "&From=5550000000"
    assert_markup(send("POST", "/call", body.encode(), FORM), GREETING)
    assert_markup(send("GET", "/call?" + body, b"", ""), GREETING)


def test_a_status_notification_is_answered_with_an_empty_document(send: Send) -> None:
    """A notification that the call ended reaches the view, which needs to answer no markup."""
    reply = post(send, "/call", {**CALL, "CallStatus": "completed", "PostStatus": "callback"})
    assert_markup(reply, ENDED)


def test_arguments_of_the_url_reach_the_view(send: Send) -> None:
    """The URL's own arguments follow the model; a speech result reads without digits."""
    reply = post(send, "/menu/billing", {**CALL, "Digits": "42"})
    assert_markup(reply, Response(Say("billing: 42")))
    reply = post(send, "/menu/speech", {**CALL, "SpeechResult": "sales please"})
    assert_markup(reply, Response(Say("speech: None")))


@pytest.mark.parametrize(
    ("target", "fields", "message"),
    [
        ("/call", {}, "CallSid: required field is missing"),
        (
            "/call",
            {**CALL, "PostStatus": "old"},
            "PostStatus: expected one of new, callback, got 'old'",
        ),
        (
            "/menu/x",
            CALL,
            "Digits: required field is missing (and there is no SpeechResult)",
        ),
        ("/refuse", CALL, "To: 8044731212 is not one of our numbers"),
    ],
)
def test_an_unreadable_request_is_answered_400_with_the_reason(
    send: Send, target: str, fields: dict[str, str], message: str
) -> None:
    """A WebhookError, from reading the request or from the view, is a 400 naming the field."""
    assert_refused(post(send, target, fields), message, framework=framework_of(send))


def test_a_body_that_is_not_form_encoding_is_answered_400(send: Send) -> None:
    """A JSON body is not form encoding: 400, not 500."""
    reply = send("POST", "/call", b'{"CallSid": "CA1"}', "application/json")
    assert reply.status == 400
    assert b"not UTF-8 form encoding" in reply.body


def test_flask_reads_a_form_that_a_hook_has_parsed_already() -> None:
    """A before_request hook that reads request.form uses up the body; the fields still read."""
    app = flask.Flask("peeking")

    @app.before_request
    def peek() -> None:
        assert flask.request.form  # as extensions that look at every form do

    app.add_url_rule("/call", view_func=flask_call, methods=["POST"])
    body = urlencode(CALL) + "&From=5550000000"
    reply = app.test_client().post("/call", data=body, content_type=FORM)
    assert_markup(Reply(reply.status_code, reply.content_type, reply.data), GREETING)
    other = app.test_client().post("/call", data=b"x=1", content_type=FORM)
    assert (other.status_code, other.data) == (400, b"CallSid: required field is missing")


def test_django_answers_other_methods_405_and_needs_no_csrf_token() -> None:
    """The Django view takes GET, HEAD and POST only, says so, and is exempt from CSRF checks."""
    with DJANGO_SETTINGS:
        refused = django.test.Client().put("/call", urlencode(CALL), content_type=FORM)
    assert (refused.status_code, refused["Allow"]) == (405, "GET, HEAD, POST")
    middleware = ["django.middleware.csrf.CsrfViewMiddleware"]
    client = django.test.Client(enforce_csrf_checks=True)
    with DJANGO_SETTINGS, django.test.override_settings(MIDDLEWARE=middleware):
        reply = client.post("/call", urlencode(CALL), content_type=FORM)
    assert_markup(Reply(reply.status_code, reply["Content-Type"], reply.content), GREETING)


def test_decorated_views_keep_their_names() -> None:
    """The adapters wrap views with functools.wraps, so routes and logs show the view's name."""
    assert flask_call.__name__ == "flask_call"
    assert django_call.__name__ == "django_call"
    assert fastapi_glue.webhook(GatherAction).__name__ == "read_GatherAction"


def test_markup_response_refuses_content_that_is_not_markup() -> None:
    """MarkupResponse takes a document or bytes; a str or a dict is a TypeError."""
    assert fastapi_glue.MarkupResponse(b"<Response/>").body == b"<Response/>"
    for content in ("<Response/>", {"detail": "x"}):
        with pytest.raises(TypeError, match="MarkupResponse takes a callmarkup Response or bytes"):
            fastapi_glue.MarkupResponse(content)


# The frameworks stay optional.


def test_importing_callmarkup_imports_no_web_framework() -> None:
    """``import callmarkup`` (and its webhooks) loads none of the frameworks."""
    code = (
        "import sys, callmarkup, callmarkup.webhooks, callmarkup.integrations\n"
        "print(sorted(m for m in ('flask', 'django', 'fastapi', 'starlette') if m in sys.modules))"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize(
    ("adapter", "framework", "needs"),
    [
        ("flask", "flask", "needs Flask"),
        ("fastapi", "fastapi", "needs FastAPI"),
        ("django", "django.http", "needs Django"),
    ],
)
def test_an_adapter_without_its_framework_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, adapter: str, framework: str, needs: str
) -> None:
    """Importing an adapter whose framework is missing is an ImportError naming the fix."""
    name = f"callmarkup.integrations.{adapter}"
    monkeypatch.setitem(sys.modules, framework, None)  # makes `import framework` fail
    monkeypatch.delitem(sys.modules, name)
    with pytest.raises(ImportError) as caught:
        importlib.import_module(name)
    assert str(caught.value).startswith(f"{name} {needs} (")
    assert ": pip install " in str(caught.value)


# Behind real servers, over real HTTP on 127.0.0.1.


def test_every_adapter_serves_real_http() -> None:
    """FastAPI under uvicorn, Flask and Django under a WSGI server, answer real form posts."""
    refused = "CallSid: required field is missing"
    with uvicorn_server(fastapi_app) as base:
        assert_markup(http_post(f"{base}/call", CALL), GREETING)
        assert_refused(http_post(f"{base}/call", {}), refused, framework="fastapi")
    with wsgi_server(flask_app) as base:
        assert_markup(http_post(f"{base}/call", CALL), GREETING)
        assert_refused(http_post(f"{base}/call", {}), refused, framework="flask")
    with DJANGO_SETTINGS, wsgi_server(WSGIHandler()) as base:
        assert_markup(http_post(f"{base}/call", CALL), GREETING)
        assert_refused(http_post(f"{base}/call", {}), refused, framework="django")
