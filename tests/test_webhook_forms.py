"""Webhook models written back as the platform would send them, and drawn by Hypothesis.

``to_form()`` and ``to_body()`` invert ``from_form`` and ``from_body`` for every model the
platform could send, and ``st.from_type(Model)`` draws only such models.
"""

from __future__ import annotations

import math
import re
from datetime import datetime, timedelta, timezone
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from callmarkup import webhooks
from callmarkup._webhook_strategies import MODELS, webhook_requests
from callmarkup.webhooks import (
    CallProgressEvent,
    CallRequest,
    CallStatus,
    Direction,
    GatherAction,
    IncomingCall,
    OutboundStatusUpdate,
    PostStatus,
    RecordAction,
)

UTC = timezone.utc

# The complete incoming call of spec §5.1.
SPEC_FIELDS = {
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

CALL: dict[str, Any] = {
    "call_sid": "CA1",
    "account_sid": "AC1",
    "from_": "3035550000",
    "to": "8044731212",
    "call_status": CallStatus.IN_PROGRESS,
    "api_version": "2012-04-24",
    "direction": Direction.INBOUND,
}


def event(**changes: Any) -> CallProgressEvent:
    """A call-progress event built directly, with some attributes changed."""
    fields: dict[str, Any] = {
        **CALL,
        "timestamp": datetime(2020, 5, 26, 17, 59, 16, tzinfo=UTC),
        "callback_source": "call-progress-events",
        "sequence_number": 0,
        **changes,
    }
    return CallProgressEvent(**fields)


def assert_the_platform_could_send(request: CallRequest) -> None:
    """UTC-aware times, documented statuses and directions, the fields each model needs."""
    model = type(request)
    assert type(request.call_status) is CallStatus
    assert type(request.direction) is Direction
    assert request.api_version == "2012-04-24"
    assert request.call_sid.startswith("CA")
    assert request.account_sid.startswith("AC")
    for field in attrs.fields(model):
        value = getattr(request, field.name)
        if isinstance(value, datetime):
            assert value.tzinfo is UTC, field.name
        if isinstance(value, str):
            assert value not in ("", "null"), field.name  # these would read as None
        if isinstance(value, int):
            assert 0 <= value < 10**18, field.name
    if request.post_status is not None:
        assert request.direction is Direction.INBOUND
    if isinstance(request, GatherAction):
        assert request.digits is not None or request.speech_result is not None
    if isinstance(request, CallProgressEvent):
        assert request.timestamp.microsecond == 0  # RFC 2822 holds whole seconds
        assert request.callback_source == "call-progress-events"
        assert request.call_status not in (CallStatus.CANCELED, CallStatus.NOT_FOUND)
    if isinstance(request, IncomingCall):
        assert request.direction is Direction.INBOUND
    if isinstance(request, OutboundStatusUpdate):
        assert request.direction is not Direction.INBOUND
        assert request.post_status is None


# One test over all the models: each draws a few dozen fields, and ten models each with their
# own full run of examples would cost ten times as much for little more.
@given(
    st.sampled_from(MODELS).flatmap(lambda model: st.tuples(st.just(model), st.from_type(model)))
)
def test_every_model_drawn_could_be_sent_and_reads_back_from_its_form_and_body(
    drawn: tuple[type[CallRequest], CallRequest],
) -> None:
    """st.from_type draws what the platform could send, and it survives to_form and to_body."""
    model, request = drawn
    assert type(request) is model
    assert_the_platform_could_send(request)
    form = request.to_form()
    assert all(type(key) is str and type(value) is str for key, value in form.items())
    assert model.from_form(form) == request
    body = request.to_body()
    assert type(body) is bytes
    assert model.from_body(body) == request


def test_webhook_requests_refuses_what_is_not_a_model() -> None:
    """The strategy function names its argument's fault."""
    with pytest.raises(TypeError, match="takes a webhook model"):
        webhook_requests(dict)  # type: ignore[type-var]  # pyright: ignore[reportArgumentType]


def test_spec_example_is_written_back_as_it_was_sent() -> None:
    """The incoming call of spec §5.1 comes back field for field; only the null is left out."""
    call = IncomingCall.from_form(SPEC_FIELDS)
    assert call.to_form() == {k: v for k, v in SPEC_FIELDS.items() if k != "ForwardedFrom"}
    assert list(call.to_form()) == [k for k in SPEC_FIELDS if k != "ForwardedFrom"]


@pytest.mark.parametrize(
    ("moment", "call_timestamp", "timestamp"),
    [
        (
            datetime(2020, 5, 26, 19, 59, 16, tzinfo=timezone(timedelta(hours=2))),
            "2020-05-26T17:59:16.000Z",
            "Tue, 26 May 2020 17:59:16 +0000",
        ),
        (
            datetime(2020, 5, 26, 17, 59, 16, 555000, tzinfo=UTC),
            "2020-05-26T17:59:16.555Z",
            "2020-05-26T17:59:16.555Z",  # RFC 2822 has no fraction of a second
        ),
        (
            datetime(2020, 5, 26, 17, 59, 16, 555123, tzinfo=UTC),
            "2020-05-26T17:59:16.555123Z",
            "2020-05-26T17:59:16.555123Z",
        ),
        (
            datetime(9, 1, 2, 3, 4, 5, tzinfo=UTC),
            "0009-01-02T03:04:05.000Z",
            "Fri, 02 Jan 0009 03:04:05 +0000",
        ),
    ],
)
def test_timestamps_are_written_in_utc_in_the_format_of_their_field(
    moment: datetime, call_timestamp: str, timestamp: str
) -> None:
    """CallTimestamp in ISO-8601 with milliseconds, Timestamp in RFC 2822, both UTC."""
    request = event(call_timestamp=moment, timestamp=moment)
    form = request.to_form()
    assert (form["CallTimestamp"], form["Timestamp"]) == (call_timestamp, timestamp)
    assert CallProgressEvent.from_form(form) == request


@pytest.mark.parametrize(
    ("seconds", "text"), [(4.25, "4.25"), (7.0, "7.0"), (0.0, "0.0"), (1e-7, "0.0000001")]
)
def test_durations_are_written_in_digits(seconds: float, text: str) -> None:
    """RecordingDuration is written in plain digits that read back as the same float."""
    record = RecordAction(
        **CALL, recording_url="https://r.example.com/1.wav", recording_duration=seconds
    )
    assert record.to_form()["RecordingDuration"] == text
    assert RecordAction.from_form(record.to_form()) == record


@pytest.mark.parametrize(
    ("request_", "message"),
    [
        (
            event(timestamp=datetime(2020, 5, 26, 17, 59, 16)),  # noqa: DTZ001 - on purpose
            "timestamp: 2020-05-26T17:59:16 has no UTC offset",
        ),
        (event(sequence_number=-1), "sequence_number: -1 is not a whole number of 1 to 18 digits"),
        (event(call_duration=10**18), "call_duration: 1000000000000000000 is not a whole number"),
        (
            RecordAction(**CALL, recording_url="u", recording_duration=math.inf),
            "recording_duration: inf is not a number of seconds the form can carry",
        ),
        (
            RecordAction(**CALL, recording_url="u", recording_duration=-1.5),
            "recording_duration: -1.5 is not a number of seconds",
        ),
        (
            IncomingCall(**CALL, extra={"CallSid": "CA2"}),
            "extra: CallSid is a field IncomingCall reads, so it cannot be sent as an extra field",
        ),
        (IncomingCall(**CALL, extra={"SipHeader_X-A": "1"}), "extra: SipHeader_X-A is a field"),
        (
            IncomingCall(**CALL, sip_headers={"": "1"}),
            "sip_headers: a header name is empty, which SipHeader_ cannot carry",
        ),
    ],
)
def test_values_the_form_cannot_carry_are_value_errors(request_: CallRequest, message: str) -> None:
    """A naive time, a negative or huge number, an extra that shadows a field: ValueError."""
    with pytest.raises(ValueError, match="^" + re.escape(message)):
        request_.to_form()


def test_a_bare_header_prefix_read_into_extra_is_written_back() -> None:
    """A field named SipHeader_ alone is no header: read into extra, it is sent back as it came."""
    form = {**IncomingCall(**CALL).to_form(), "SipHeader_": "x", "DialSipHeader_X": "y"}
    call = IncomingCall.from_form(form)
    assert dict(call.extra) == {"SipHeader_": "x", "DialSipHeader_X": "y"}
    assert call.to_form() == form
    assert IncomingCall.from_form(call.to_form()) == call


def test_a_value_of_a_type_no_field_has_is_a_type_error() -> None:
    """A bool where a number belongs, or bytes where text does: a TypeError naming both."""
    with pytest.raises(TypeError, match=r"^sequence_number: expected text, a number or a datetime"):
        event(sequence_number=True).to_form()
    with pytest.raises(TypeError, match=r"^caller_name: expected .* or a datetime, got bytes$"):
        IncomingCall(**CALL, caller_name=b"Ann").to_form()  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


def test_a_lone_surrogate_cannot_be_sent() -> None:
    """UTF-8 cannot carry a lone surrogate: to_body says so instead of crashing."""
    call = IncomingCall(**CALL, caller_name="Ann \ud800")
    assert call.to_form()["CallerName"] == "Ann \ud800"
    with pytest.raises(ValueError, match="cannot be encoded as UTF-8"):
        call.to_body()


def test_text_that_reads_as_absent_is_written_as_it_is() -> None:
    """A caller name of "null" is written as it is, and reads back as None, as documented."""
    call = IncomingCall(**CALL, caller_name="null", post_status=PostStatus.NEW)
    assert call.to_form()["CallerName"] == "null"
    assert IncomingCall.from_form(call.to_form()).caller_name is None


def test_every_webhook_model_has_a_registered_strategy() -> None:
    """Every model of callmarkup.webhooks is drawn by st.from_type from our strategy."""
    models = {
        value
        for name in webhooks.__all__
        if isinstance(value := getattr(webhooks, name), type) and issubclass(value, CallRequest)
    }
    assert models == set(MODELS)
    for model in MODELS:
        assert repr(st.from_type(model)) == repr(webhook_requests(model))
