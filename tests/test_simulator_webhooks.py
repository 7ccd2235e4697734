"""The webhook models read every request the simulator sends (calls.md §12)."""

from __future__ import annotations

from datetime import datetime, timezone
from urllib.parse import urlsplit

import attrs
import pytest
from simulated import doc, simulate

from callmarkup.testing import (
    Answer,
    Busy,
    Call,
    Caller,
    Exchange,
    Fail,
    FarEnd,
    Platform,
    Press,
    Recording,
    Speak,
)
from callmarkup.testing._urls import encode
from callmarkup.webhooks import (
    CallProgressEvent,
    CallRequest,
    DialAction,
    DialCallStatus,
    GatherAction,
    GatherPartialResult,
    IncomingCall,
    RecordAction,
    SipScreening,
    Transcription,
)

NUMBER = "+15550003333"
SIP = "sip:alice@example.com"
AFTER = doc("<Say>After.</Say>")
ROUTES = {
    "/call": doc(
        '<Gather action="/menu" numDigits="1" input="dtmf speech" partialResultCallback="/partial">'
        "<Say>Press 1 or 2, or 3.</Say></Gather>"
    ),
    "/partial": "<Response/>",
    "/menu": doc('<Redirect method="GET">/route?from=menu</Redirect>'),
    "/route": doc(
        '<Record action="/saved" transcribeCallback="http://app.test/tr" timeout="2"/>'
        '<Dial action="/dialed" timeout="5"><Number statusCallback="http://app.test/progress">'
        f"{NUMBER}</Number></Dial>"
    ),
    "/saved": doc(
        f'<Dial action="/dialed"><Sip url="/screen" statusCallback="http://app.test/progress" '
        f'statusCallbackEvent="initiated,ringing,answered,completed">{SIP}</Sip></Dial>'
    ),
    "/screen": doc("<Say>A call for you.</Say>"),
    "/dialed": AFTER,
    "/tr": "<Response/>",
    "/progress": "<Response/>",
}
CALLERS = [
    Caller([Press("1"), Recording(seconds=3, key="#", transcript="Hello")]),
    Caller([Speak("sales", partials=("sa",)), Recording(seconds=3)]),
    Caller([Press("2")]),
    Caller([Press("1")], hangs_up_after=9),
]
FAR_ENDS: list[dict[str, FarEnd]] = [
    {SIP: Answer(after=1, talks=5)},
    {NUMBER: Busy(after=1)},
    {SIP: Fail(at_setup=True)},
]
PLATFORMS = [
    Platform(),
    Platform(empty="base", events="base", notify="base", bare="docs", afterbridge="docs"),
    Platform(progress_status="docs", noanswer="base", query="docs", noaction="docs"),
]


def model_of(exchange: Exchange) -> type[CallRequest]:
    """The model that reads a request of this kind."""
    form = exchange.form
    if exchange.kind == "action":
        if "DialCallStatus" in form:
            return DialAction
        if "RecordingDuration" in form:
            return RecordAction
        return GatherAction
    return {
        "incoming": IncomingCall,
        "status": IncomingCall,
        "redirect": CallRequest,
        "screening": SipScreening,
        "progress": CallProgressEvent,
        "partial": GatherPartialResult,
        "transcription": Transcription,
    }[exchange.kind]


def all_calls() -> list[Call]:
    """Calls that make every kind of request, in every variant that changes fields."""
    return [
        simulate(ROUTES, platform=platform).call(caller, far_ends=far_ends)
        for platform in PLATFORMS
        for caller in CALLERS
        for far_ends in FAR_ENDS
    ]


def test_every_request_the_simulator_sends_is_read_by_its_model() -> None:
    """Each request, as decoded fields and as its raw body or query, reads without error."""
    kinds: set[str] = set()
    for call in all_calls():
        assert call.errors == (), str(call)
        for exchange in call.requests:
            kinds.add(exchange.kind)
            model = model_of(exchange)
            from_form = model.from_form(exchange.form)
            raw = urlsplit(exchange.url).query if exchange.method == "GET" else None
            from_body = model.from_body(raw if raw is not None else encode(list(exchange.fields)))
            # A GET's URL may keep its own query (V-query docs): only ``extra`` differs then.
            assert attrs.evolve(from_form, extra={}) == attrs.evolve(from_body, extra={})
            assert from_form.call_sid == exchange.form["CallSid"]
    assert kinds == {
        "incoming",
        "action",
        "redirect",
        "screening",
        "status",
        "progress",
        "partial",
        "transcription",
    }


def test_progress_event_reads_without_api_version() -> None:
    """Progress requests carry no ApiVersion; the model reads them (calls.md §12)."""
    event = CallProgressEvent.from_body(
        "InstanceId=ID1&AccountSid=AC1&CallSid=CA2&From=%2B1555&To=%2B1666&Direction=outbound-dial"
        "&CallerName&ForwardedFrom&ParentCallSid=CA1&CallStatus=answered"
        "&Timestamp=Tue%2C+26+May+2020+17%3A59%3A16+UTC&CallbackSource=call-progress-events"
        "&SequenceNumber=2"
    )
    assert event.api_version is None
    assert event.call_status == "answered"
    assert event.timestamp == datetime(2020, 5, 26, 17, 59, 16, tzinfo=timezone.utc)


def test_record_action_reads_without_recording_url() -> None:
    """An empty recording under V-empty base has no RecordingUrl (calls.md §12)."""
    action = RecordAction.from_body(
        "CallSid=CA1&AccountSid=AC1&From=1&To=2&CallStatus=in-progress&ApiVersion=2012-04-24"
        "&Direction=inbound&RecordingUrl&PublicRecordingUrl&RecordingDuration=0.0&Digits="
    )
    assert action.recording_url is None
    assert action.recording_duration == 0.0


@pytest.mark.parametrize(
    ("raw", "status"),
    [("null", None), ("in-progress", DialCallStatus.IN_PROGRESS), ("busy", DialCallStatus.BUSY)],
)
def test_dial_action_reads_the_statuses_base_sends(raw: str, status: DialCallStatus | None) -> None:
    """DialCallStatus may be the literal null or, after timeLimit, in-progress (calls.md §12)."""
    action = DialAction.from_form(
        {
            "CallSid": "CA1",
            "AccountSid": "AC1",
            "From": "1",
            "To": "2",
            "CallStatus": "completed",
            "ApiVersion": "2012-04-24",
            "Direction": "inbound",
            "DialCallStatus": raw,
        }
    )
    assert action.dial_call_status == status


def test_bare_names_in_a_raw_body_read_as_empty() -> None:
    """A bare name (no ``=``) in a raw body is an empty value, as web frameworks read it."""
    action = GatherAction.from_body(
        "CallSid=CA1&AccountSid=AC1&From=1&To=2&CallStatus=in-progress&ApiVersion=2012-04-24"
        "&Direction=inbound&Digits=1&SpeechResult"
    )
    assert action.speech_result is None
    assert action.digits == "1"
