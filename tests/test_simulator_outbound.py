"""Calls created through the REST API (calls.md §3.7)."""

from __future__ import annotations

import pytest
from simulated import BYE_DOC, Reply, doc, lines, of_kind, simulate

from callmarkup.testing import (
    Answer,
    Busy,
    Caller,
    Fail,
    FarEnd,
    NoAnswer,
    Outbound,
    Platform,
    Press,
)
from callmarkup.webhooks import CallProgressEvent, OutboundStatusUpdate, VoicemailDetector

REMINDER = doc(
    '<Reject/><Gather action="/confirm" numDigits="1"><Say>Press 1 to confirm.</Say></Gather>'
)
ROUTES = {"/call": REMINDER, "/confirm": BYE_DOC, "/status": "<Response/>"}


def test_answered_outbound_call_requests_its_url_as_outbound_api() -> None:
    """On answer the Url is requested in progress, outbound-api, without PostStatus (§3.7)."""
    outbound = Outbound(voicemail_detector="person_found")
    call = simulate(ROUTES).call(Caller([Press("1")]), outbound=outbound)
    first, action = call.requests[0], of_kind(call, "action")[0]
    assert (first.kind, first.at) == ("incoming", 3.0)
    update = OutboundStatusUpdate.from_form(first.form)
    assert (update.direction, update.call_status, update.post_status) == (
        "outbound-api",
        "in-progress",
        None,
    )
    assert update.voicemail_detector is VoicemailDetector.PERSON_FOUND
    assert "VoicemailDetector" not in action.form
    assert "PostStatus" not in action.form
    assert lines(call, "skip") == ["skip verb=Reject why=answered"]
    assert [r.kind for r in call.requests] == ["incoming", "action"]  # no final notification


def test_failing_url_falls_back_once() -> None:
    """A failing first request is retried once with FallbackUrl (§3.7, §6.1)."""
    routes: dict[str, str | Reply] = {
        **ROUTES,
        "/call": Reply(b"", 500, None),
        "/fallback": REMINDER,
    }
    outbound = Outbound(fallback_url="http://app.test/fallback")
    call = simulate(routes).call(Caller([Press("1")]), outbound=outbound)
    assert [(r.kind, r.url, r.status) for r in call.requests[:2]] == [
        ("incoming", "http://app.test/call", 500),
        ("incoming", "http://app.test/fallback", 200),
    ]
    assert [error.code for error in call.errors] == ["http-status"]
    assert call.status == "completed"


@pytest.mark.parametrize(
    ("answers", "status", "seconds"),
    [(Busy(after=4), "busy", 4), (Fail(after=2), "failed", 2), (NoAnswer(), "no-answer", 60)],
)
def test_unanswered_outbound_call_ends_with_its_status(
    answers: FarEnd, status: str, seconds: int
) -> None:
    """A callee that is busy, fails or never answers ends the call so, with no request."""
    outbound = Outbound(answers=answers, status_callback="http://app.test/status")
    call = simulate(ROUTES).call(outbound=outbound)
    assert (call.status, call.seconds) == (status, seconds)
    assert [r.kind for r in call.requests] == ["progress"]
    event = CallProgressEvent.from_form(call.requests[0].form)
    # CallDuration: 0 when busy or failed, creation to end for a canceled call (§4.6.3).
    assert (event.call_status, event.call_duration) == ("completed", 0 if seconds < 60 else 60)


def test_status_callback_reports_the_call_s_progress() -> None:
    """StatusCallback gets the call's events (§4.6), here all four in base."""
    outbound = Outbound(answers=Answer(after=2), status_callback="http://app.test/status")
    call = simulate(ROUTES, platform=Platform(events="base")).call(
        Caller([Press("1")]), outbound=outbound
    )
    progress = of_kind(call, "progress")
    assert [r.form["CallStatus"] for r in progress] == [
        "initiated",
        "ringing",
        "answered",
        "completed",
    ]
    assert "ParentCallSid" not in progress[0].form
    assert progress[-1].form["CallDuration"] == "2"  # answered at 2 s, ended at 4.6 s


def test_dial_legs_of_an_outbound_call_are_outbound_api_but_sip() -> None:
    """Number legs of an outbound call are outbound-api; Sip legs stay outbound-dial (§3.7)."""
    progress = '<Dial><{0} statusCallback="http://app.test/status">{1}</{0}></Dial>'
    directions: list[str] = []
    for noun, target in (("Number", "+15550003333"), ("Sip", "sip:bob@example.com")):
        routes = {**ROUTES, "/call": doc(progress.format(noun, target))}
        call = simulate(routes).call(outbound=Outbound(), far_ends={target: Busy()})
        directions.append(of_kind(call, "progress")[0].form["Direction"])
    assert directions == ["outbound-api", "outbound-dial"]
