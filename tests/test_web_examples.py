"""Tests of the example IVR apps in examples/web, each through its framework's own test client.

The apps serve the flow of ``ivr.py`` through the adapters of ``callmarkup.integrations``.
"""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, cast
from urllib.parse import urlencode

import django.test
import pytest
from servers import FORM, Reply, http_post, uvicorn_server
from starlette.testclient import TestClient

from callmarkup import Dial, Gather, Hangup, Number, Redirect, Response, Say, parse, validate
from callmarkup._cli import main
from callmarkup.webhooks import CONTENT_TYPE

if TYPE_CHECKING:
    from types import ModuleType

    import flask
    from fastapi import FastAPI

ROOT = Path(__file__).parent.parent
EXAMPLES = ROOT / "examples" / "web"
PLAIN_TEXT = "text/plain; charset=utf-8"

# The complete incoming call of spec §5.1: a Tuesday, 17:59 UTC, within office hours.
CALL: dict[str, str] = {
    "CallSid": "IDfbf7e812ere32hfhfg6e10-Cd5dacca0c-CA9d3572be-9f7a-11ea-97f4-5ffeb3239325",
    "InstanceId": "ID242258723hHds8fh29G4569b66e10",
    "AccountSid": "AC06bc1hjh293hFH9edjJ23539a9ddb1",
    "From": "3035550000",
    "To": "8044731212",
    "CallStatus": "ringing",
    "ApiVersion": "2012-04-24",
    "Direction": "inbound",
    "CallerName": "3035550000",
    "ForwardedFrom": "null",
    "CallTimestamp": "2020-05-26T17:59:16.555Z",
    "PostStatus": "new",
}
# The same call once the menu has been answered, without the key: each test adds its own.
ANSWERED = {**CALL, "CallStatus": "in-progress", "PostStatus": "callback"}

MENU = Response(
    Gather(Say("Press 1 for sales, or 2 for support."), action="/menu", num_digits=1, timeout=5),
    Say("We did not receive your choice. Goodbye."),
    Hangup(),
)
CLOSED = Response(
    Say("Our office is open Monday to Friday, from 8 AM to 8 PM. Please call again."),
    Hangup(),
)
SALES = Response(Say("Connecting you to sales."), Dial(Number("+15550100001")))
SUPPORT = Response(Say("Connecting you to support."), Dial(Number("+15550100002")))
AGAIN = Response(Say("Sorry, that is not an option."), Redirect("/call"))


# Posts a form-encoded body to a path of one app and returns its reply.
Post = Callable[[str, str], Reply]


def load(name: str) -> ModuleType:
    """Import an example app; the apps import their shared ``ivr`` module as a sibling."""
    sys.path.insert(0, str(EXAMPLES))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(EXAMPLES))


def flask_client(module: ModuleType) -> Post:
    """Post through Flask's test client."""
    client = cast("flask.Flask", module.app).test_client()

    def post(path: str, body: str) -> Reply:
        reply = client.post(path, data=body, content_type=FORM)
        return Reply(reply.status_code, reply.headers["Content-Type"], reply.data)

    return post


def fastapi_client(module: ModuleType) -> Post:
    """Post through Starlette's test client."""
    client = TestClient(cast("FastAPI", module.app))

    def post(path: str, body: str) -> Reply:
        reply = client.post(path, content=body, headers={"Content-Type": FORM})
        return Reply(reply.status_code, reply.headers["Content-Type"], reply.content)

    return post


def django_client(module: ModuleType) -> Post:
    """Post through Django's test client, to a host the app's settings allow.

    Settings are made once per process, by whichever module comes first: the app's URLs are
    switched in around each request.
    """
    assert module.urlpatterns
    client = django.test.Client(SERVER_NAME="localhost")

    def post(path: str, body: str) -> Reply:
        with django.test.override_settings(ROOT_URLCONF=module.__name__, MIDDLEWARE=[]):
            reply = client.post(path, body, content_type=FORM)
        return Reply(reply.status_code, reply["Content-Type"], reply.content)

    return post


CLIENTS: dict[str, Callable[[ModuleType], Post]] = {
    "flask_app": flask_client,
    "fastapi_app": fastapi_client,
    "django_app": django_client,
}


@pytest.fixture(scope="module", params=sorted(CLIENTS))
def app_name(request: pytest.FixtureRequest) -> str:
    """The name of each example app in turn."""
    return cast("str", request.param)


@pytest.fixture(scope="module")
def post(app_name: str) -> Post:
    """Each example app in turn, behind its framework's test client."""
    return CLIENTS[app_name](load(app_name))


def assert_markup(reply: Reply, expected: Response) -> None:
    """The reply is a 200 with valid markup, served as text/xml, that reads as ``expected``."""
    assert (reply.status, reply.content_type) == (200, CONTENT_TYPE)
    assert validate(reply.body) == ()
    assert parse(reply.body) == expected


def test_incoming_call_is_answered_with_the_menu(post: Post) -> None:
    """The incoming call of spec §5.1 is answered with the Gather menu."""
    assert_markup(post("/call", urlencode(CALL)), MENU)


@pytest.mark.parametrize(
    ("started", "is_open"),
    [
        ("2020-05-26T08:00:00Z", True),
        ("2020-05-29T19:59:59Z", True),
        ("Tue, 26 May 2020 21:30:00 +0200", True),
        ("2020-05-26T07:59:59Z", False),
        ("2020-05-26T20:00:00Z", False),
        ("Sat, 30 May 2020 10:00:00 +0000", False),
        ("null", True),
    ],
)
def test_menu_is_offered_only_within_office_hours(post: Post, started: str, is_open: bool) -> None:
    """A call that starts out of office hours (UTC) is told when to call; no start time is open."""
    reply = post("/call", urlencode({**CALL, "CallTimestamp": started}))
    assert_markup(reply, MENU if is_open else CLOSED)


# What the menu answers for each key pressed.
KEYS = {"1": SALES, "2": SUPPORT, "0": AGAIN, "#": AGAIN, "hangup": AGAIN}


@pytest.mark.parametrize("digits", KEYS)
def test_each_key_gets_its_own_answer(post: Post, digits: str) -> None:
    """Keys 1 and 2 dial their department; anything else goes back to the menu."""
    assert_markup(post("/menu", urlencode({**ANSWERED, "Digits": digits})), KEYS[digits])


@pytest.mark.parametrize(
    ("path", "fields", "message"),
    [
        ("/call", {}, "CallSid: required field is missing"),
        (
            "/call",
            {k: v for k, v in CALL.items() if k != "From"},
            "From: required field is missing",
        ),
        (
            "/call",
            {**CALL, "CallTimestamp": "2020-05-26 17:59"},
            "CallTimestamp: expected an ISO-8601 or RFC 2822 date and time with a UTC offset, "
            "got '2020-05-26 17:59'",
        ),
        (
            "/call",
            {**CALL, "PostStatus": "old"},
            "PostStatus: expected one of new, callback, got 'old'",
        ),
        ("/menu", ANSWERED, "Digits: required field is missing (and there is no SpeechResult)"),
        (
            "/menu",
            {**ANSWERED, "Digits": "null"},
            "Digits: required field is null (and there is no SpeechResult)",
        ),
        (
            "/menu",
            {**ANSWERED, "Digits": ""},
            "Digits: required field is empty (and there is no SpeechResult)",
        ),
    ],
)
def test_unreadable_request_is_answered_400_with_the_reason(
    post: Post, app_name: str, path: str, fields: dict[str, str], message: str
) -> None:
    """A request that cannot be read is answered 400 naming the field and why.

    Flask and Django answer in plain text; FastAPI as its other errors, in JSON.
    """
    reply = post(path, urlencode(fields))
    assert reply.status == 400
    if app_name == "fastapi_app":
        assert reply.content_type == "application/json"
        assert json.loads(reply.body) == {"detail": message}
    else:
        assert (reply.content_type, reply.body.decode()) == (PLAIN_TEXT, message)


@pytest.mark.parametrize("status", ["completed", "busy", "failed", "no-answer", "canceled"])
def test_a_notification_that_the_call_ended_gets_no_menu(post: Post, status: str) -> None:
    """PostStatus=callback with an ended call is a notification: an empty document answers it."""
    reply = post("/call", urlencode({**CALL, "CallStatus": status, "PostStatus": "callback"}))
    assert_markup(reply, Response())


def test_a_later_request_for_markup_gets_the_menu_again(post: Post) -> None:
    """PostStatus=callback on a call in progress (a Redirect after a wrong key) asks for markup."""
    reply = post("/call", urlencode(ANSWERED))
    assert_markup(reply, MENU)


def test_a_speech_answer_to_the_menu_is_not_refused(post: Post) -> None:
    """A Gather action with a speech result and no digits gets the menu again, not a 400."""
    reply = post("/menu", urlencode({**ANSWERED, "SpeechResult": "sales please"}))
    assert_markup(reply, AGAIN)


def test_real_server_serves_the_call_flow_over_http() -> None:
    """Under uvicorn on 127.0.0.1, the FastAPI app answers real form posts with the markup."""
    app = cast("FastAPI", load("fastapi_app").app)
    with uvicorn_server(app) as base:
        menu = http_post(f"{base}/call", CALL)
        choice = http_post(f"{base}/menu", {**ANSWERED, "Digits": "2"})
    assert_markup(menu, MENU)
    assert_markup(choice, SUPPORT)


def test_examples_folder_still_validates_as_markup_only(capsys: pytest.CaptureFixture[str]) -> None:
    """``callmarkup validate examples/`` checks the .xml documents only, and all are valid."""
    documents = sorted((ROOT / "examples").rglob("*.xml"))
    assert documents
    assert main(["validate", str(ROOT / "examples")]) == 0
    summary = capsys.readouterr().out.splitlines()[-1]
    assert summary == f"{len(documents)} files: {len(documents)} valid, 0 invalid"


def test_docs_page_includes_every_example_app() -> None:
    """The web frameworks section of the docs includes each file of examples/web verbatim."""
    page = (ROOT / "docs" / "webhooks.md").read_text(encoding="utf-8")
    for source in sorted(EXAMPLES.glob("*.py")):
        assert f"```{{literalinclude}} ../examples/web/{source.name}\n" in page, source.name
