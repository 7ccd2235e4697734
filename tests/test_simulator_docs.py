"""The worked example of "Test your IVR without a phone" in ``docs/testing.md``, run as tests.

The page includes the passages between the ``# --- page:`` markers of this file, so it shows
code that runs; a test checks that the failure it prints is what ``check_calls`` reports.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

import flask
import pytest

# --- page: app
from callmarkup import Gather, Hangup, Record, Redirect, Response, Say
from callmarkup.webhooks import RecordAction, WebhookResponse

app = flask.Flask(__name__)
MESSAGES: list[tuple[str | None, float]] = []
FINISHED = {"completed", "busy", "failed", "no-answer", "canceled", "not-found"}


def send(document: Response) -> flask.Response:
    """Answer with a document."""
    answer = WebhookResponse.from_document(document)
    return flask.Response(answer.body, status=answer.status, headers=answer.headers)


@app.post("/call")
def incoming_call() -> flask.Response:
    """Offer the menu; the final status notification of the call gets an empty answer."""
    if flask.request.form["CallStatus"] in FINISHED:
        return send(Response())
    return send(
        Response(
            Gather(
                Say("Press 1 to leave a message, or 2 for our opening hours."),
                action="/menu",
                num_digits=1,
            ),
            Say("Goodbye."),
            Hangup(),
        )
    )


@app.post("/menu")
def menu() -> flask.Response:
    """Record a message, tell the opening hours, or offer the menu again."""
    digits = flask.request.form["Digits"]
    if digits == "1":
        return send(
            Response(
                Say("Leave your message after the tone."),
                Record(action="/voicemail", max_length=60),
            )
        )
    if digits == "2":
        return send(Response(Say("We are open from 9 to 5."), Redirect("/call")))
    return send(Response(Redirect("/call")))


@app.post("/voicemail")
def voicemail() -> flask.Response:
    """Keep the message."""
    seconds = int(flask.request.form["RecordingDuration"])
    MESSAGES.append((flask.request.form["RecordingUrl"], seconds))
    return send(Response(Say("Thank you. Goodbye."), Hangup()))


# --- page: test
from callmarkup.testing import Simulator, check_calls  # noqa: E402


def test_every_call_ends_well() -> None:
    """Whatever the caller does, the app never fails, loops or keeps the line open."""
    check_calls(Simulator(app), max_examples=100)


# --- page: fix


def voicemail_fixed() -> flask.Response:
    """Keep the message."""
    message = RecordAction.from_form(flask.request.form)
    MESSAGES.append((message.recording_url, message.recording_duration))
    return send(Response(Say("Thank you. Goodbye."), Hangup()))


# --- page: end

from callmarkup.testing import CallCheckError, Caller, Press, Recording  # noqa: E402

PAGE = Path(__file__).resolve().parent.parent / "docs" / "testing.md"
# The page's test fails on purpose for the first version; the tests below run it themselves.
test_every_call_ends_well.__dict__["__test__"] = False
# Flask logs each failing request's traceback, which costs more than the calls themselves.
app.logger.disabled = True


@functools.cache
def shrunk_failure() -> CallCheckError:
    """What check_calls raises for the first version of the app."""
    app.view_functions["voicemail"] = voicemail
    with pytest.raises(CallCheckError) as raised:
        check_calls(Simulator(app), max_examples=100)
    return raised.value


def test_check_calls_finds_the_duration_bug_with_the_shortest_script() -> None:
    """The shrunk script presses 1 and records: RecordingDuration "10.0" is not an int."""
    failure = shrunk_failure()
    assert failure.call.caller == Caller([Press("1"), Recording(seconds=5)])
    assert failure.problem.startswith("application error: ")
    assert failure.call.errors[0].code == "http-status"
    assert "ValueError" in failure.call.errors[0].detail or "500" in failure.call.errors[0].detail


def test_the_page_shows_the_failure_check_calls_reports() -> None:
    """The failure printed on the page is the message of the shrunk CallCheckError."""
    page = PAGE.read_text(encoding="utf-8")
    shown = re.search(r"```text\n(application error: .*?)```", page, re.DOTALL)
    assert shown is not None
    assert shown.group(1).rstrip("\n") == str(shrunk_failure())


def test_the_fixed_app_passes() -> None:
    """With the duration read as a number of seconds, every call ends well."""
    app.view_functions["voicemail"] = voicemail_fixed
    try:
        test_every_call_ends_well()
    finally:
        app.view_functions["voicemail"] = voicemail
