"""The example IVR apps of examples/web, called through the simulator and explored.

Each app runs in process through its own framework (Flask and Django as WSGI, FastAPI as
ASGI), and the Flask one behind a real server through ``callmarkup call``.

The apps must also tell the status notifications the platform posts to the incoming URL from
requests for markup: answering a notification with the menu is an application error
(``markup-to-notification``), which the checks below do not ignore.
"""

from __future__ import annotations

import importlib
import io
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.test import override_settings
from hypothesis import strategies as st
from servers import wsgi_server

from callmarkup._cli import main
from callmarkup.testing import (
    Answer,
    Busy,
    Caller,
    Fail,
    FarEnd,
    NoAnswer,
    Press,
    Simulator,
    check_calls,
    platforms,
)

if TYPE_CHECKING:
    from collections.abc import Iterable
    from types import ModuleType

    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "web"
SALES, SUPPORT = "+15550100001", "+15550100002"
# Django's example allows only these hosts.
URLS = {"django_app": "http://localhost/call"}


def load(name: str) -> ModuleType:
    """Import an example app; the apps import their shared ``ivr`` module as a sibling."""
    sys.path.insert(0, str(EXAMPLES))
    try:
        return importlib.import_module(name)
    finally:
        sys.path.remove(str(EXAMPLES))


def simulator_of(name: str) -> Simulator:
    """A simulator of one example app, in process through its framework."""
    module = load(name)
    if name != "django_app":
        return Simulator(module.app, incoming_url="http://app.test/call")
    django_app: WSGIApplication = module.application

    def application(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        # Django's settings are made once per process, maybe by another test module first.
        with override_settings(ROOT_URLCONF=module.__name__, MIDDLEWARE=[]):
            return list(django_app(environ, start_response))

    return Simulator(application, incoming_url=URLS[name])


APPS = ["django_app", "fastapi_app", "flask_app"]
BEHAVIOURS: list[FarEnd] = [Answer(after=2, talks=30), Busy(), NoAnswer(), Fail(sip_code=480)]
FAR_ENDS: st.SearchStrategy[dict[str, FarEnd]] = st.fixed_dictionaries(
    {number: st.sampled_from(BEHAVIOURS) for number in (SALES, SUPPORT)}
)


@pytest.mark.parametrize("name", APPS)
def test_every_call_to_the_example_ends_well(name: str) -> None:
    """Whatever the caller, departments and platform variants, no error, loop or endless call."""
    check_calls(
        simulator_of(name),
        far_ends=FAR_ENDS,
        platforms=platforms(),
        max_examples=40,
    )


@pytest.mark.parametrize("name", APPS)
@pytest.mark.parametrize(("key", "number"), [("1", SALES), ("2", SUPPORT)])
def test_each_key_is_put_through_to_its_department(name: str, key: str, number: str) -> None:
    """Key 1 bridges the caller to sales, key 2 to support."""
    far_ends: dict[str, FarEnd] = {number: Answer(after=2, talks=30)}
    call = simulator_of(name).call(Caller([Press(key)]), far_ends=far_ends)
    dialled = [
        event["targets"] for event in call.events if event.kind == "dial" and event.get("targets")
    ]
    assert dialled == [number]
    assert "bridge" in call.kinds()
    assert call.errors == ()


@pytest.mark.parametrize("name", APPS)
def test_a_wrong_key_offers_the_menu_again(name: str) -> None:
    """A key that is not an option redirects to the menu, which then runs again."""
    call = simulator_of(name).call(Caller([Press("9")]))
    assert [r.kind for r in call.requests if r.kind != "status"] == [
        "incoming",
        "action",
        "redirect",
    ]
    prompts = [event["text"] for event in call.events if event.kind == "say"]
    assert prompts.count("Press 1 for sales, or 2 for support.") == 2
    assert call.errors == ()


def test_the_flask_example_behind_a_real_server_through_the_command_line() -> None:
    """``callmarkup call`` reaches the Flask example over HTTP and is put through to support."""
    app = load("flask_app").app
    with wsgi_server(app) as base:
        out, err = io.StringIO(), io.StringIO()
        status = main(
            ["call", f"{base}/call", "--press", "2", "--far-end", f"{SUPPORT}=answer"],
            stdout=out,
            stderr=err,
        )
    transcript = out.getvalue()
    assert f"request kind=action method=POST url={base}/menu status=200" in transcript
    assert f"dial targets={SUPPORT}" in transcript
    assert "bridge leg=1" in transcript
    assert "errors:" not in transcript
    assert status == 0
