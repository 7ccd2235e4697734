"""The simulator against the call execution model, rule by rule: the rules the other modules miss."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from simulated import BYE_DOC, Reply, doc, lines, of_kind, simulate

from callmarkup.testing import Caller, HangUp, Platform, Press


def test_gather_inter_key_timer_runs_from_the_last_key() -> None:
    """Input ends ``timeout`` seconds after the last key, not after the prompts."""
    routes = {"/call": doc('<Gather action="/menu" timeout="5"/>'), "/menu": BYE_DOC}
    call = simulate(routes).call(Caller([Press("12", after=3, gap=10)]))
    ended = [event for event in call.events if event.kind == "gather"][-1]
    assert (ended.at, ended["digits"], ended["reason"]) == (8.0, "1", "timeout")
    assert of_kind(call, "action")[0].at == 8.0


def test_hanging_up_during_the_beep_is_an_empty_recording() -> None:
    """A hang-up during the beep requests the action only where empty recordings are sent."""
    routes = {"/call": doc('<Record action="/saved"/>'), "/saved": BYE_DOC}
    caller = Caller(hangs_up_after=0.5)
    base = simulate(routes, platform=Platform(empty="base")).call(caller)
    action = of_kind(base, "action")[0].form
    assert (action["Digits"], action["CallStatus"], action["RecordingDuration"]) == (
        "hangup",
        "completed",
        "0.0",
    )
    assert "RecordingUrl" in action
    assert action["RecordingUrl"] == ""
    assert lines(base, "say") == []
    assert base.status == "completed"
    docs = simulate(routes).call(caller)
    assert of_kind(docs, "action") == []
    assert docs.status == "completed"
    assert lines(docs, "record") == []


def test_hanging_up_during_the_recording_with_nothing_said_sends_no_action() -> None:
    """A caller who hangs up before speaking leaves an empty recording: no request by default."""
    routes = {"/call": doc('<Record action="/saved"/>'), "/saved": BYE_DOC}
    call = simulate(routes).call(Caller([HangUp(after=2)]))
    assert of_kind(call, "action") == []
    assert lines(call, "record")[-1] == "record phase=end duration=2.0 digits=hangup reason=hangup"


def test_a_get_redirect_keeps_the_fields() -> None:
    """A redirected GET is sent to the new location with the same fields as its query."""
    moved = Reply(b"", 302, None, (("Location", "/moved?x=1"),))
    routes = {"/call": doc('<Gather action="/menu" method="GET"/>'), "/menu": moved}
    call = simulate({**routes, "/moved": BYE_DOC}).call(Caller([Press("4")]))
    first, second = of_kind(call, "action")
    assert (first.method, second.method, second.status) == ("GET", "GET", 200)
    query = dict(parse_qsl(urlsplit(second.url).query, keep_blank_values=True))
    assert (urlsplit(second.url).path, query["x"], query["Digits"]) == ("/moved", "1", "4")
    assert query["CallSid"] == first.form["CallSid"]
    assert call.ok
