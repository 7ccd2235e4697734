"""Tests of the webhook request models (spec §4, §5, §7.11)."""

from __future__ import annotations

import pickle
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlencode

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from callmarkup import Gather, Hangup, Response, Say, parse, render_bytes, webhooks
from callmarkup.exceptions import CallMarkupError
from callmarkup.webhooks import (
    CONTENT_TYPE,
    CallProgressEvent,
    CallRequest,
    CallStatus,
    DialAction,
    DialCallStatus,
    Direction,
    GatherAction,
    GatherPartialResult,
    IncomingCall,
    OutboundStatusUpdate,
    PostStatus,
    RecordAction,
    SipScreening,
    Transcription,
    TranscriptionStatus,
    VoicemailDetector,
    WebhookError,
    WebhookResponse,
)

UTC = timezone.utc

# The complete incoming-call request of spec §5.1, one field per line, as written there.
SPEC_EXAMPLE = """\
CallSid=IDfbf7e812ere32hfhfg6e10-Cd5dacca0c-CA9d3572be-9f7a-11ea-97f4-5ffeb3239325
InstanceId=ID242258723hHds8fh29G4569b66e10
AccountSid=AC06bc1hjh293hFH9edjJ23539a9ddb1
From=3035550000
To=8044731212
CallStatus=ringing
ApiVersion=2012-04-24
Direction=inbound
CallerName=3035550000
ForwardedFrom=null
CallTimestamp=2020-05-26T17:59:16.555Z
PostStatus=new"""

MODELS: tuple[type[CallRequest], ...] = (
    CallRequest,
    IncomingCall,
    OutboundStatusUpdate,
    CallProgressEvent,
    GatherAction,
    GatherPartialResult,
    RecordAction,
    Transcription,
    DialAction,
    SipScreening,
)

# The fields every request must carry (spec §7.11), with a valid value each.
CALL: dict[str, str] = {
    "CallSid": "CA1",
    "AccountSid": "AC1",
    "From": "3035550000",
    "To": "8044731212",
    "CallStatus": "ringing",
    "ApiVersion": "2012-04-24",
    "Direction": "inbound",
}
CALL_ATTRS = ("call_sid", "account_sid", "from_", "to", "call_status", "api_version", "direction")
# Standard fields a model does not require: the platform sends progress events without
# ApiVersion (calls.md §12).
CALL_OPTIONAL: dict[type[CallRequest], tuple[str, str]] = {
    CallProgressEvent: ("ApiVersion", "api_version"),
}

# The fields each callback must carry besides CALL (spec §7.11), with a valid value each.
OWN_REQUIRED: dict[type[CallRequest], dict[str, str]] = {
    CallRequest: {},
    IncomingCall: {},
    OutboundStatusUpdate: {},
    CallProgressEvent: {
        "Timestamp": "Tue, 26 May 2020 17:59:16 +0000",
        "CallbackSource": "call-progress-events",
        "SequenceNumber": "0",
    },
    GatherAction: {"Digits": "1"},
    GatherPartialResult: {},
    RecordAction: {"RecordingDuration": "1"},
    Transcription: {"TranscriptionStatus": "failed"},
    DialAction: {},
    SipScreening: {},
}
OWN_REQUIRED_ATTRS: dict[type[CallRequest], tuple[str, ...]] = {
    CallProgressEvent: ("timestamp", "callback_source", "sequence_number"),
    GatherAction: ("digits",),
    RecordAction: ("recording_duration",),
    Transcription: ("transcription_status",),
}

# Every standard field set, and the typed values it must give.
FULL_CALL: dict[str, str] = {
    "CallSid": "CA9d3572be",
    "InstanceId": "ID242258723",
    "AccountSid": "AC06bc1hjh",
    "From": "3035550000",
    "To": "8044731212",
    "CallStatus": "in-progress",
    "ApiVersion": "2012-04-24",
    "Direction": "outbound-dial",
    "CallerName": "Ann Smith",
    "ForwardedFrom": "3035550001",
    "CallTimestamp": "2020-05-26T19:59:16+02:00",
    "PostStatus": "callback",
    "SipHeader_X-Team": "sales",
}
FULL_CALL_VALUES: dict[str, Any] = {
    "call_sid": "CA9d3572be",
    "instance_id": "ID242258723",
    "account_sid": "AC06bc1hjh",
    "from_": "3035550000",
    "to": "8044731212",
    "call_status": CallStatus.IN_PROGRESS,
    "api_version": "2012-04-24",
    "direction": Direction.OUTBOUND_DIAL,
    "caller_name": "Ann Smith",
    "forwarded_from": "3035550001",
    "call_timestamp": datetime(2020, 5, 26, 17, 59, 16, tzinfo=UTC),
    "post_status": PostStatus.CALLBACK,
    "sip_headers": {"X-Team": "sales"},
}

# For each model: every field of its own set, and the typed values it must give.
FULL: dict[type[CallRequest], tuple[dict[str, str], dict[str, Any]]] = {
    CallRequest: ({}, {}),
    IncomingCall: ({}, {}),
    OutboundStatusUpdate: (
        {"VoicemailDetector": "voicemail"},
        {"voicemail_detector": VoicemailDetector.VOICEMAIL},
    ),
    CallProgressEvent: (
        {
            "CallDuration": "42",
            "Timestamp": "Tue, 26 May 2020 17:59:58 +0000",
            "CallbackSource": "call-progress-events",
            "SequenceNumber": "3",
        },
        {
            "call_duration": 42,
            "timestamp": datetime(2020, 5, 26, 17, 59, 58, tzinfo=UTC),
            "callback_source": "call-progress-events",
            "sequence_number": 3,
        },
    ),
    GatherAction: (
        {"Digits": "1234", "SpeechResult": "sales please"},
        {"digits": "1234", "speech_result": "sales please"},
    ),
    GatherPartialResult: (
        {"UnstableSpeechResult": "sales pl"},
        {"unstable_speech_result": "sales pl"},
    ),
    RecordAction: (
        {
            "RecordingUrl": "https://rec.example.com/RE1.wav",
            "RecordingDuration": "4.25",
            "Digits": "#",
            "PublicRecordingUrl": "https://pub.example.com/RE1.wav",
        },
        {
            "recording_url": "https://rec.example.com/RE1.wav",
            "recording_duration": 4.25,
            "digits": "#",
            "public_recording_url": "https://pub.example.com/RE1.wav",
        },
    ),
    Transcription: (
        {
            "TranscriptionText": "Call me back",
            "TranscriptionStatus": "completed",
            "TranscriptionUrl": "https://api.example.com/TR1",
            "RecordingUrl": "https://rec.example.com/RE1.wav",
        },
        {
            "transcription_text": "Call me back",
            "transcription_status": TranscriptionStatus.COMPLETED,
            "transcription_url": "https://api.example.com/TR1",
            "recording_url": "https://rec.example.com/RE1.wav",
        },
    ),
    DialAction: (
        {
            "DialCallStatus": "completed",
            "DialCallSid": "CA2",
            "DialCallDuration": "61",
            "RecordingUrl": "https://rec.example.com/RE2.wav",
            "DialRingDuration": "7",
            "DialSipCallId": "a84b4c76e66710@pc33",
            "DialSipResponseCode": "200",
            "DialSipHeader_X-Trunk": "east",
        },
        {
            "dial_call_status": DialCallStatus.COMPLETED,
            "dial_call_sid": "CA2",
            "dial_call_duration": 61,
            "recording_url": "https://rec.example.com/RE2.wav",
            "dial_ring_duration": 7,
            "dial_sip_call_id": "a84b4c76e66710@pc33",
            "dial_sip_response_code": 200,
            "dial_sip_headers": {"X-Trunk": "east"},
        },
    ),
    SipScreening: ({"SipCallId": "a84b4c76e66710@pc33"}, {"sip_call_id": "a84b4c76e66710@pc33"}),
}

HEADER_PREFIXES = ("SipHeader_", "DialSipHeader_")


def minimal(model: type[CallRequest]) -> dict[str, str]:
    """Return the smallest valid form of a model."""
    optional = CALL_OPTIONAL.get(model, ("", ""))[0]
    return {k: v for k, v in {**CALL, **OWN_REQUIRED[model]}.items() if k != optional}


def call_attrs(model: type[CallRequest]) -> set[str]:
    """Return the attributes of the standard fields a model requires."""
    names: set[str] = set(CALL_ATTRS)
    return names - {CALL_OPTIONAL.get(model, ("", ""))[1]}


def full(model: type[CallRequest]) -> dict[str, str]:
    """Return a form of a model that sets every field it reads."""
    return {**FULL_CALL, **FULL[model][0]}


def required_fields(model: type[CallRequest]) -> list[str]:
    """Return the names of the form fields a model requires."""
    return list(minimal(model))


def optional_fields(model: type[CallRequest]) -> list[str]:
    """Return the names of the form fields a model reads but does not require."""
    required = required_fields(model)
    return [
        name
        for name in full(model)
        if name not in required and not name.startswith(HEADER_PREFIXES)
    ]


def body_of(lines: str) -> str:
    """Join one-field-per-line text into a form body (values need no escaping here)."""
    return "&".join(lines.splitlines())


def outcome(read: Callable[[], CallRequest]) -> CallRequest | tuple[str | None, str]:
    """Return what a read gives: the model, or the field and reason of its WebhookError."""
    try:
        return read()
    except WebhookError as error:
        return (error.field, error.reason)


M = TypeVar("M", bound=CallRequest)


def read_with(model: type[M], name: str, value: str) -> M:
    """Read the smallest valid form of a model with one field set to the given text."""
    return model.from_form({**minimal(model), name: value})


def progress_event(timestamp: str) -> CallProgressEvent:
    """Read a call-progress event whose Timestamp is the given text."""
    return read_with(CallProgressEvent, "Timestamp", timestamp)


def raises_for(field: str | None, read: Callable[[], object]) -> WebhookError:
    """Check that a read raises a WebhookError naming the given field, and return it."""
    with pytest.raises(WebhookError) as caught:
        read()
    assert caught.value.field == field
    return caught.value


# The example of spec §5.1


def test_spec_example_parses_to_the_typed_values_of_the_spec() -> None:
    """The complete incoming-call example of spec §5.1 gives exactly the values written there."""
    call = IncomingCall.from_body(body_of(SPEC_EXAMPLE))
    assert (
        call.call_sid
        == "IDfbf7e812ere32hfhfg6e10-Cd5dacca0c-CA9d3572be-9f7a-11ea-97f4-5ffeb3239325"
    )
    assert call.instance_id == "ID242258723hHds8fh29G4569b66e10"
    assert call.account_sid == "AC06bc1hjh293hFH9edjJ23539a9ddb1"
    assert call.from_ == "3035550000"
    assert call.to == "8044731212"
    assert call.call_status is CallStatus.RINGING
    assert call.api_version == "2012-04-24"
    assert call.direction is Direction.INBOUND
    assert call.caller_name == "3035550000"
    assert call.forwarded_from is None
    assert call.call_timestamp is not None
    assert call.call_timestamp == datetime(2020, 5, 26, 17, 59, 16, 555000, tzinfo=UTC)
    assert call.call_timestamp.tzinfo is UTC
    assert call.post_status is PostStatus.NEW
    assert call.sip_headers == {}
    assert call.extra == {}


def test_spec_example_reads_the_same_from_form_and_from_body() -> None:
    """The §5.1 example gives equal models from its fields and from its raw body."""
    lines = (line.partition("=") for line in SPEC_EXAMPLE.splitlines())
    fields = {name: value for name, _, value in lines}
    body = body_of(SPEC_EXAMPLE)
    assert IncomingCall.from_form(fields) == IncomingCall.from_body(body)
    assert IncomingCall.from_body(body.encode()) == IncomingCall.from_body(body)


# Every model, every field


@pytest.mark.parametrize("model", MODELS)
def test_full_form_gives_every_typed_value(model: type[CallRequest]) -> None:
    """A form setting every field of a model gives exactly the expected typed values."""
    parsed = model.from_form(full(model))
    expected = model(**FULL_CALL_VALUES, **FULL[model][1])
    assert parsed == expected
    for field in attrs.fields(model):
        assert type(getattr(parsed, field.name)) is type(getattr(expected, field.name)), field.name


@pytest.mark.parametrize("model", MODELS)
def test_full_form_fills_every_attribute_and_leaves_no_extra(model: type[CallRequest]) -> None:
    """Every attribute of a model is read from some field, and every field is read."""
    parsed = model.from_form(full(model))
    for field in attrs.fields(model):
        if field.name != "extra":
            assert getattr(parsed, field.name) not in (None, {}), field.name
    assert parsed.extra == {}


@pytest.mark.parametrize("model", MODELS)
def test_minimal_form_leaves_every_optional_attribute_unset(model: type[CallRequest]) -> None:
    """A form with only the required fields sets nothing else."""
    parsed = model.from_form(minimal(model))
    required = call_attrs(model) | set(OWN_REQUIRED_ATTRS.get(model, ()))
    for field in attrs.fields(model):
        value = getattr(parsed, field.name)
        if field.name in required:
            assert value is not None, field.name
        else:
            assert value in (None, {}), field.name


@pytest.mark.parametrize("model", MODELS)
def test_required_attributes_have_no_default(model: type[CallRequest]) -> None:
    """Exactly the attributes of required fields (spec §7.11) must be passed to the class."""
    no_default = {field.name for field in attrs.fields(model) if field.default is attrs.NOTHING}
    required = call_attrs(model) | set(OWN_REQUIRED_ATTRS.get(model, ()))
    # Digits is required unless a SpeechResult stands in for it, so it may be None.
    assert no_default == (required - {"digits"} if model is GatherAction else required)


@pytest.mark.parametrize(
    ("model", "name"), [(model, name) for model in MODELS for name in required_fields(model)]
)
@pytest.mark.parametrize(("value", "why"), [(None, "missing"), ("", "empty"), ("null", "null")])
def test_required_field_missing_empty_or_null_is_an_error(
    model: type[CallRequest], name: str, value: str | None, why: str
) -> None:
    """A required field that is missing, empty or null raises WebhookError naming it."""
    form = minimal(model)
    if value is None:
        del form[name]
    else:
        form[name] = value
    error = raises_for(name, lambda: model.from_form(form))
    # Digits may be left out when a SpeechResult stands in for it; the message says so.
    also = " (and there is no SpeechResult)" if (model, name) == (GatherAction, "Digits") else ""
    assert error.reason == f"required field is {why}{also}"
    assert str(error) == f"{name}: required field is {why}{also}"


@pytest.mark.parametrize(
    ("model", "name"), [(model, name) for model in MODELS for name in optional_fields(model)]
)
@pytest.mark.parametrize("value", ["", "null"])
def test_optional_field_empty_or_null_is_none(
    model: type[CallRequest], name: str, value: str
) -> None:
    """An optional field that is empty or null reads as None, and changes nothing else."""
    reference = model.from_form(full(model))
    parsed = model.from_form({**full(model), name: value})
    changed = [
        field.name
        for field in attrs.fields(model)
        if getattr(parsed, field.name) != getattr(reference, field.name)
    ]
    assert len(changed) == 1
    assert getattr(parsed, changed[0]) is None


@pytest.mark.parametrize(
    ("model", "name"), [(model, name) for model in MODELS for name in optional_fields(model)]
)
def test_optional_field_may_be_missing(model: type[CallRequest], name: str) -> None:
    """Leaving out an optional field gives the same model as sending it empty."""
    form = full(model)
    del form[name]
    assert model.from_form(form) == model.from_form({**full(model), name: ""})


def test_models_are_distinct_types_even_with_the_same_fields() -> None:
    """An IncomingCall never equals a CallRequest read from the same fields."""
    assert IncomingCall.from_form(CALL) != CallRequest.from_form(CALL)


def test_text_is_kept_exactly_as_received() -> None:
    """Text values are neither trimmed nor otherwise changed."""
    call = IncomingCall.from_form({**CALL, "CallerName": "  Zoë  ", "From": " 303 "})
    assert call.caller_name == "  Zoë  "
    assert call.from_ == " 303 "


def test_digits_may_be_hangup() -> None:
    """A Record action's Digits may be the word hangup, kept as a string."""
    record = read_with(RecordAction, "Digits", "hangup")
    assert record.digits == "hangup"


# Enumerations


@pytest.mark.parametrize("status", list(CallStatus))
def test_every_call_status_reads_as_its_member(status: CallStatus) -> None:
    """Every CallStatus of spec §5.1 and §5.3 reads as its enum member."""
    assert IncomingCall.from_form({**CALL, "CallStatus": status.value}).call_status is status


@pytest.mark.parametrize("direction", list(Direction))
def test_every_direction_reads_as_its_member(direction: Direction) -> None:
    """Every Direction of spec §5.1 and §5.2 reads as its enum member."""
    assert IncomingCall.from_form({**CALL, "Direction": direction.value}).direction is direction


@pytest.mark.parametrize("value", ["on-hold", "Ringing", "RINGING", " ringing"])
def test_unknown_call_status_is_kept_as_raw_string(value: str) -> None:
    """An unknown CallStatus, a different case included, is kept as the raw str."""
    status = IncomingCall.from_form({**CALL, "CallStatus": value}).call_status
    assert type(status) is str
    assert status == value


@pytest.mark.parametrize("value", ["outbound-api-transfer", "Inbound"])
def test_unknown_direction_is_kept_as_raw_string(value: str) -> None:
    """An unknown Direction is kept as the raw str."""
    direction = IncomingCall.from_form({**CALL, "Direction": value}).direction
    assert type(direction) is str
    assert direction == value


# The strict enumerations: model, field, attribute, members.
STRICT: list[tuple[type[CallRequest], str, str, tuple[str, ...]]] = [
    (IncomingCall, "PostStatus", "post_status", tuple(PostStatus)),
    (OutboundStatusUpdate, "VoicemailDetector", "voicemail_detector", tuple(VoicemailDetector)),
    (Transcription, "TranscriptionStatus", "transcription_status", tuple(TranscriptionStatus)),
    (DialAction, "DialCallStatus", "dial_call_status", tuple(DialCallStatus)),
]


@pytest.mark.parametrize(
    ("model", "name", "attr", "member"),
    [(model, name, attr, member) for model, name, attr, members in STRICT for member in members],
)
def test_every_strict_enum_value_reads_as_its_member(
    model: type[CallRequest], name: str, attr: str, member: str
) -> None:
    """Every listed PostStatus, VoicemailDetector, TranscriptionStatus, DialCallStatus reads."""
    assert getattr(read_with(model, name, str(member)), attr) is member


@pytest.mark.parametrize(
    ("model", "name", "members"), [(model, name, members) for model, name, _, members in STRICT]
)
@pytest.mark.parametrize("value", ["answered", "Completed", "new "])
def test_unknown_strict_enum_value_is_an_error(
    model: type[CallRequest], name: str, members: tuple[str, ...], value: str
) -> None:
    """An unlisted value of a strict enumeration raises WebhookError listing what is allowed."""
    error = raises_for(name, lambda: read_with(model, name, value))
    allowed = ", ".join(members)
    assert error.reason == f"expected one of {allowed}, got {value!r}"


def test_enum_members_compare_and_print_as_their_values() -> None:
    """Members equal their wire values and print as them."""
    status: str = CallStatus.NO_ANSWER
    assert status == "no-answer"
    assert str(Direction.OUTBOUND_API) == "outbound-api"
    assert f"{VoicemailDetector.PERSON_FOUND}" == "person_found"
    assert hash(CallStatus.RINGING) == hash("ringing")


# Timestamps

GOOD_TIMESTAMPS = [
    ("2020-05-26T17:59:16.555Z", datetime(2020, 5, 26, 17, 59, 16, 555000, tzinfo=UTC)),
    ("2020-05-26T17:59:16Z", datetime(2020, 5, 26, 17, 59, 16, tzinfo=UTC)),
    ("2020-05-26T19:59:16.555+02:00", datetime(2020, 5, 26, 17, 59, 16, 555000, tzinfo=UTC)),
    ("2020-05-26T12:59:16-0500", datetime(2020, 5, 26, 17, 59, 16, tzinfo=UTC)),
    ("2020-05-27T01:29:16+07:30", datetime(2020, 5, 26, 17, 59, 16, tzinfo=UTC)),
    ("2020-05-26T17:59:16,5Z", datetime(2020, 5, 26, 17, 59, 16, 500000, tzinfo=UTC)),
    ("2020-05-26T17:59:16.123456789Z", datetime(2020, 5, 26, 17, 59, 16, 123456, tzinfo=UTC)),
    ("Tue, 26 May 2020 17:59:16 +0000", datetime(2020, 5, 26, 17, 59, 16, tzinfo=UTC)),
    ("Tue, 26 May 2020 13:59:16 -0400", datetime(2020, 5, 26, 17, 59, 16, tzinfo=UTC)),
    ("Tue, 26 May 2020 17:59:16 -0000", datetime(2020, 5, 26, 17, 59, 16, tzinfo=UTC)),
    ("26 May 2020 17:59:16 GMT", datetime(2020, 5, 26, 17, 59, 16, tzinfo=UTC)),
    ("Tue,26 May 2020 17:59 UT", datetime(2020, 5, 26, 17, 59, tzinfo=UTC)),
    ("Wed, 1 Jan 2020 00:30:00 +0100", datetime(2019, 12, 31, 23, 30, tzinfo=UTC)),
]


@pytest.mark.parametrize(("text", "expected"), GOOD_TIMESTAMPS)
@pytest.mark.parametrize(
    ("model", "name", "attr"),
    [
        (IncomingCall, "CallTimestamp", "call_timestamp"),
        (CallProgressEvent, "Timestamp", "timestamp"),
    ],
)
def test_timestamps_in_both_formats_read_as_utc(
    model: type[CallRequest], name: str, attr: str, text: str, expected: datetime
) -> None:
    """Both timestamp fields accept ISO-8601 and RFC 2822 and return UTC-aware datetimes."""
    value = getattr(read_with(model, name, text), attr)
    assert value == expected
    assert value.tzinfo is UTC


@pytest.mark.parametrize(
    "text",
    [
        "2020-05-26T17:59:16",  # no offset: the time is not guessed
        "2020-05-26T17:59:16.555",
        "2020-05-26 17:59:16Z",
        "2020-05-26T17:59Z",
        "20200526T175916Z",
        "2020-13-01T00:00:00Z",
        "2020-02-30T00:00:00Z",
        "2020-05-26T24:00:00Z",
        "2020-05-26T23:59:60Z",
        "2020-05-26T17:59:16+24:00",
        "2020-05-26T17:59:16+05:60",
        "2020-05-26T17:59:16.Z",
        "0001-01-01T00:00:00+01:00",  # before the first representable UTC instant
        "9999-12-31T23:59:59-01:00",  # after the last one
        "\u0662\u0660\u0662\u0660-05-26T17:59:16Z",  # non-ASCII digits
        "Tue, 26 May 2020 17:59:16",
        "Tue, 26 May 2020 17:59:16 EST",
        "Tue, 26 Mai 2020 17:59:16 +0000",
        "Tue, 31 Jun 2020 17:59:16 +0000",
        "26 May 20 17:59:16 +0000",
        "May 26 17:59:16 2020",
        "1590515956",
        "yesterday",
    ],
)
def test_malformed_timestamp_is_an_error(text: str) -> None:
    """A timestamp outside both grammars, without an offset, or impossible is refused."""
    error = raises_for("Timestamp", lambda: progress_event(text))
    assert repr(text) in error.reason


def test_timestamp_error_says_which_grammars_are_accepted() -> None:
    """The reason for an unreadable timestamp names both accepted formats."""
    error = raises_for("Timestamp", lambda: progress_event("soon"))
    assert error.reason == (
        "expected an ISO-8601 or RFC 2822 date and time with a UTC offset, got 'soon'"
    )


def test_impossible_date_error_says_why() -> None:
    """A well-formed but impossible date says what is wrong with it."""
    error = raises_for("Timestamp", lambda: progress_event("2020-02-30T00:00:00Z"))
    assert error.reason.startswith("'2020-02-30T00:00:00Z' is not a valid date and time (")


def aware_datetimes() -> st.SearchStrategy[datetime]:
    """Aware datetimes with whole-minute offsets, away from the ends of the UTC range."""
    offsets = st.integers(-(24 * 60 - 1), 24 * 60 - 1).map(
        lambda minutes: timezone(timedelta(minutes=minutes))
    )
    # Hypothesis takes naive bounds and attaches the zone afterwards.
    earliest = datetime(1, 1, 2)  # noqa: DTZ001
    latest = datetime(9999, 12, 30)  # noqa: DTZ001
    return st.datetimes(min_value=earliest, max_value=latest, timezones=offsets)


@given(aware_datetimes())
def test_iso_8601_timestamps_round_trip(moment: datetime) -> None:
    """Any ISO-8601 time with an offset reads back as the same instant, in UTC."""
    value = progress_event(moment.isoformat()).timestamp
    assert value == moment
    assert value.tzinfo is UTC


@given(aware_datetimes())
def test_rfc_2822_timestamps_round_trip(moment: datetime) -> None:
    """Any RFC 2822 time reads back as the same instant, in UTC."""
    moment = moment.replace(microsecond=0)
    value = progress_event(format_datetime(moment)).timestamp
    assert value == moment
    assert value.tzinfo is UTC


# Numbers


@pytest.mark.parametrize(
    ("text", "expected"), [("0", 0), ("42", 42), ("0042", 42), ("9" * 18, int("9" * 18))]
)
def test_integer_fields_read_digits(text: str, expected: int) -> None:
    """Durations and SequenceNumber are whole numbers written in digits."""
    event = CallProgressEvent.from_form(
        {**minimal(CallProgressEvent), "CallDuration": text, "SequenceNumber": text}
    )
    assert event.call_duration == expected
    assert event.sequence_number == expected
    assert type(event.call_duration) is int


@pytest.mark.parametrize(
    "text", ["-1", "+1", "1.5", " 1", "1 ", "1e3", "0x1F", "1_000", "\u0661\u0662", "9" * 19]
)
@pytest.mark.parametrize(
    ("model", "name"),
    [
        (CallProgressEvent, "CallDuration"),
        (CallProgressEvent, "SequenceNumber"),
        (DialAction, "DialCallDuration"),
        (DialAction, "DialRingDuration"),
        (DialAction, "DialSipResponseCode"),
    ],
)
def test_integer_fields_refuse_anything_but_digits(
    model: type[CallRequest], name: str, text: str
) -> None:
    """Signs, decimals, spaces, non-ASCII digits and over-long numbers are refused."""
    error = raises_for(name, lambda: read_with(model, name, text))
    assert error.reason.startswith("expected a whole number (digits only), got ")


def test_long_values_are_shortened_in_messages() -> None:
    """A huge bad value is quoted only in part."""
    text = "9" * 5000
    error = raises_for(
        "SequenceNumber", lambda: read_with(CallProgressEvent, "SequenceNumber", text)
    )
    assert error.reason.endswith(f"got {'9' * 40!r}...")


@pytest.mark.parametrize(
    ("text", "expected"), [("7", 7.0), ("4.25", 4.25), ("0.5", 0.5), ("0012.50", 12.5)]
)
def test_recording_duration_is_a_float(text: str, expected: float) -> None:
    """RecordingDuration reads as a float, fractional or not."""
    record = read_with(RecordAction, "RecordingDuration", text)
    assert record.recording_duration == expected
    assert type(record.recording_duration) is float


@pytest.mark.parametrize(
    "text", [".5", "5.", "-1", "+1", "nan", "inf", "1e3", "1,5", "1_000", "4.25s", "1." + "0" * 19]
)
def test_recording_duration_refuses_anything_but_a_decimal(text: str) -> None:
    """RecordingDuration must be digits with an optional fraction."""
    error = raises_for(
        "RecordingDuration", lambda: read_with(RecordAction, "RecordingDuration", text)
    )
    assert error.reason.startswith("expected a number of seconds such as 12 or 4.25, got ")


# SIP headers and extra fields


def test_sip_headers_are_keyed_by_suffix_with_case_and_order_kept() -> None:
    """SipHeader_* fields go into sip_headers, keyed by their suffix as sent, in order."""
    call = IncomingCall.from_form(
        {**CALL, "SipHeader_X-Foo": "1", "SipHeader_x-bar": "", "SipHeader_X-Null": "null"}
    )
    assert list(call.sip_headers.items()) == [("X-Foo", "1"), ("x-bar", ""), ("X-Null", "null")]
    assert call.extra == {}


def test_dial_sip_headers_are_gathered_apart_from_sip_headers() -> None:
    """In a Dial action, DialSipHeader_* and SipHeader_* go into separate mappings."""
    dial = DialAction.from_form(
        {**minimal(DialAction), "DialSipHeader_X-Trunk": "east", "SipHeader_X-Team": "sales"}
    )
    assert dict(dial.dial_sip_headers) == {"X-Trunk": "east"}
    assert dict(dial.sip_headers) == {"X-Team": "sales"}
    assert dial.extra == {}


@pytest.mark.parametrize("model", [m for m in MODELS if m is not DialAction])
def test_dial_sip_headers_outside_a_dial_action_are_extra(model: type[CallRequest]) -> None:
    """Only the Dial action reads DialSipHeader_* fields; elsewhere they are kept as extras."""
    parsed = read_with(model, "DialSipHeader_X-Trunk", "east")
    assert dict(parsed.extra) == {"DialSipHeader_X-Trunk": "east"}


def test_header_prefix_without_a_name_is_extra() -> None:
    """A bare SipHeader_ field names no header and is kept as an extra."""
    dial = DialAction.from_form({**minimal(DialAction), "SipHeader_": "a", "DialSipHeader_": "b"})
    assert dial.sip_headers == {}
    assert dial.dial_sip_headers == {}
    assert dict(dial.extra) == {"SipHeader_": "a", "DialSipHeader_": "b"}


def test_unknown_fields_are_kept_verbatim_in_order() -> None:
    """Every field no model row reads is kept in extra, value untouched, in received order."""
    form = {
        "ReferTarget": "null",
        **CALL,
        "OutboundCallSid": "CA7",
        "Transferor": "",
        "callsid": "lower-case names are other fields",
    }
    call = IncomingCall.from_form(form)
    assert list(call.extra.items()) == [
        ("ReferTarget", "null"),
        ("OutboundCallSid", "CA7"),
        ("Transferor", ""),
        ("callsid", "lower-case names are other fields"),
    ]


def test_callback_fields_sent_to_another_model_are_extra() -> None:
    """A field one model reads is an extra for a model that does not read it."""
    call = IncomingCall.from_form({**CALL, "Digits": "1", "RecordingUrl": "https://r.example"})
    assert dict(call.extra) == {"Digits": "1", "RecordingUrl": "https://r.example"}


def test_mappings_are_read_only() -> None:
    """sip_headers and extra cannot be changed after reading."""
    call = IncomingCall.from_form({**CALL, "SipHeader_X-A": "1", "Other": "2"})
    with pytest.raises(TypeError):
        call.extra["Other"] = "3"  # type: ignore[index]  # pyright: ignore[reportIndexIssue]
    with pytest.raises(TypeError):
        call.sip_headers["X-A"] = "3"  # type: ignore[index]  # pyright: ignore[reportIndexIssue]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        call.extra = {}  # type: ignore[misc]  # pyright: ignore[reportAttributeAccessIssue]


@pytest.mark.parametrize("model", MODELS)
def test_models_are_hashable_values(model: type[CallRequest]) -> None:
    """Equal reads give equal models with equal hashes, and models pickle."""
    first = model.from_form({**full(model), "Other": "x"})
    second = model.from_body(urlencode({**full(model), "Other": "x"}))
    assert first == second
    assert hash(first) == hash(second)
    assert len({first, second}) == 1
    assert pickle.loads(pickle.dumps(first)) == first  # noqa: S301 - our own data


def test_direct_construction_freezes_mappings() -> None:
    """Mappings given to a constructor are copied into read-only, hashable ones."""
    headers = {"X-A": "1"}
    call = IncomingCall(
        call_sid="CA1",
        account_sid="AC1",
        from_="3035550000",
        to="8044731212",
        call_status=CallStatus.RINGING,
        api_version="2012-04-24",
        direction=Direction.INBOUND,
        sip_headers=headers,
    )
    headers["X-B"] = "2"
    assert dict(call.sip_headers) == {"X-A": "1"}
    assert call.extra == {}
    assert hash(call) == hash(IncomingCall.from_form({**CALL, "SipHeader_X-A": "1"}))
    assert call == IncomingCall.from_form({**CALL, "SipHeader_X-A": "1"})
    assert repr(call.sip_headers) == "{'X-A': '1'}"


# Forms and bodies


class FirstValueMultiDict(Mapping[str, str]):
    """A mapping that, like Werkzeug's MultiDict, holds lists and gives the first value."""

    def __init__(self, pairs: list[tuple[str, str]]) -> None:
        """Store the pairs in order."""
        self._lists: dict[str, list[str]] = {}
        for key, value in pairs:
            self._lists.setdefault(key, []).append(value)

    def __getitem__(self, key: str) -> str:
        """Return the first value of the key."""
        return self._lists[key][0]

    def __iter__(self) -> Iterator[str]:
        """Yield each key once."""
        return iter(self._lists)

    def __len__(self) -> int:
        """Count the keys."""
        return len(self._lists)


def test_from_form_takes_whatever_the_mapping_gives_for_a_key() -> None:
    """A multi-value mapping is read through mapping[key], as frameworks define it."""
    form = FirstValueMultiDict([*CALL.items(), ("CallerName", "Ann"), ("CallerName", "Bob")])
    assert IncomingCall.from_form(form).caller_name == "Ann"


@pytest.mark.parametrize("value", [["CA1"], b"CA1", 1, None])
def test_from_form_refuses_values_that_are_not_text(value: object) -> None:
    """A value that is not a str (an uploaded file, a list) raises WebhookError naming it."""
    error = raises_for("CallSid", lambda: IncomingCall.from_form({**CALL, "CallSid": value}))
    assert error.reason == f"expected text, got {type(value).__name__}"


def test_from_body_first_value_of_a_repeated_key_wins() -> None:
    """When a raw body repeats a key, the first value is the one read."""
    body = body_of(SPEC_EXAMPLE) + "&CallSid=CA2&CallStatus=completed&X=1&X=2"
    call = IncomingCall.from_body("CallerName=Ann&" + body + "&CallerName=Bob")
    assert call.call_sid.startswith("IDfbf")
    assert call.call_status is CallStatus.RINGING
    assert call.caller_name == "Ann"
    assert dict(call.extra) == {"X": "1"}


def test_from_body_decodes_percent_escapes_plus_signs_and_utf8() -> None:
    """Bodies are percent-decoded as UTF-8, with + as space, from bytes or str."""
    body = urlencode({**CALL, "From": "+13035550000", "CallerName": "Zoë & Ann"})
    assert "%2B1303" in body
    for raw in (body, body.encode(), body.encode().replace(b"%C3%AB", "ë".encode())):
        call = IncomingCall.from_body(raw)
        assert call.from_ == "+13035550000"
        assert call.caller_name == "Zoë & Ann"


def test_from_body_reads_blank_values_as_empty() -> None:
    """A key with no value in the body is an empty field, so an optional one is None."""
    call = IncomingCall.from_body(urlencode(CALL) + "&CallerName=&Other=")
    assert call.caller_name is None
    assert dict(call.extra) == {"Other": ""}


@pytest.mark.parametrize(
    "body",
    [
        urlencode(CALL) + "&",  # an empty field
        urlencode(CALL) + "&&CallerName=Ann",
        urlencode(CALL) + "&CallerName=%FF",  # percent-escape that is not UTF-8
        urlencode(CALL).encode() + b"&CallerName=\xff",  # raw bytes that are not UTF-8
    ],
)
def test_from_body_refuses_a_malformed_body(body: str | bytes) -> None:
    """A body that is not UTF-8 form encoding raises WebhookError with no field."""
    error = raises_for(None, lambda: IncomingCall.from_body(body))
    assert error.reason.startswith("not UTF-8 form encoding (")
    assert str(error).startswith("request body: not UTF-8 form encoding (")


def test_from_body_of_an_empty_body_misses_the_first_required_field() -> None:
    """An empty body has no fields, so the first required field is reported missing."""
    error = raises_for("CallSid", lambda: IncomingCall.from_body(b""))
    assert error.reason == "required field is missing"


def test_first_missing_field_in_spec_order_is_reported() -> None:
    """With several required fields missing, the first in spec order is named."""
    error = raises_for("AccountSid", lambda: IncomingCall.from_form({"CallSid": "CA1"}))
    assert str(error) == "AccountSid: required field is missing"


texts = st.text(st.characters(codec="utf-8"), max_size=12)
field_names = st.sampled_from(sorted({name for model in MODELS for name in full(model)})) | texts
field_values = (
    st.sampled_from(["", "null", "ringing", "inbound", "busy", "7", "4.25", "hangup"])
    | st.sampled_from([value for model in MODELS for value in full(model).values()])
    | texts
)


@given(
    model=st.sampled_from(MODELS),
    base=st.booleans(),
    fields=st.dictionaries(field_names, field_values, max_size=8),
)
def test_from_body_of_the_encoded_fields_agrees_with_from_form(
    model: type[CallRequest], base: bool, fields: dict[str, str]
) -> None:
    """from_body(urlencode(fields)) gives what from_form(fields) gives, model or error."""
    form = {**full(model), **fields} if base else fields
    body = urlencode(form)
    assert outcome(lambda: model.from_body(body)) == outcome(lambda: model.from_form(form))
    assert outcome(lambda: model.from_body(body.encode())) == outcome(lambda: model.from_form(form))


@given(model=st.sampled_from(MODELS), body=st.binary(max_size=200))
def test_from_body_raises_only_webhook_error(model: type[CallRequest], body: bytes) -> None:
    """Whatever the bytes, reading a body returns a model or raises WebhookError."""
    outcome(lambda: model.from_body(body))


# Errors and constants


def test_webhook_error_is_a_callmarkup_error_and_a_value_error() -> None:
    """WebhookError can be caught as CallMarkupError or as ValueError."""
    assert issubclass(WebhookError, CallMarkupError)
    assert issubclass(WebhookError, ValueError)


@pytest.mark.parametrize(
    ("error", "text"),
    [
        (
            WebhookError("CallSid", "required field is missing"),
            "CallSid: required field is missing",
        ),
        (
            WebhookError(None, "not UTF-8 form encoding (x)"),
            "request body: not UTF-8 form encoding (x)",
        ),
    ],
)
def test_webhook_error_pickles(error: WebhookError, text: str) -> None:
    """A WebhookError survives pickling with its field, reason and message."""
    restored = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own data
    assert type(restored) is WebhookError
    assert (restored.field, restored.reason, str(restored)) == (error.field, error.reason, text)
    assert restored.args == error.args


def test_content_type_is_utf8_text_xml() -> None:
    """Markup is served as text/xml in UTF-8 (spec §6.18)."""
    assert CONTENT_TYPE == "text/xml; charset=utf-8"


def test_every_public_class_and_reader_has_an_example() -> None:
    """Every public class, and both readers, carry a runnable example in their docstring."""
    documented: list[object] = [
        getattr(webhooks, name)
        for name in webhooks.__all__
        if name not in ("CONTENT_TYPE", "ENDED_STATUSES")
    ]
    documented += [CallRequest.from_form, CallRequest.from_body]
    for item in documented:
        assert ">>> " in (item.__doc__ or ""), item


def test_docs_page_names_every_model_field_and_value() -> None:
    """The Webhooks page mentions every public name, form field and enumeration value."""
    page = (Path(__file__).parent.parent / "docs" / "webhooks.md").read_text(encoding="utf-8")
    fields = {name for model in MODELS for name in full(model)}
    words = {name for name in fields if not name.startswith(HEADER_PREFIXES)}
    words |= {f"{prefix}<name>" for prefix in HEADER_PREFIXES}
    words |= {field.name for model in MODELS for field in attrs.fields(model)}
    words |= set(webhooks.__all__)
    enums = (
        CallStatus,
        Direction,
        PostStatus,
        DialCallStatus,
        TranscriptionStatus,
        VoicemailDetector,
    )
    for kind in enums:
        words |= {member.value for member in kind}
    missing = sorted(word for word in words if f"`{word}`" not in page)
    assert missing == []


def test_document_is_answered_200_with_its_canonical_bytes_as_text_xml() -> None:
    """A document is answered 200, as CONTENT_TYPE, with the bytes render_bytes gives."""
    menu = Response(Gather(Say("Press 1."), action="/menu", num_digits=1), Hangup())
    answer = WebhookResponse.from_document(menu)
    assert (answer.status, answer.content_type) == (200, CONTENT_TYPE)
    assert answer.headers == {"Content-Type": CONTENT_TYPE}
    assert answer.body == render_bytes(menu)
    assert parse(answer.body) == menu


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("CallSid=CA1", b"AccountSid: required field is missing"),
        (urlencode({**CALL, "Digits": "null"}), b"Digits: required field is null"),
        (b"CallSid=\xff", b"request body: not UTF-8 form encoding"),
    ],
)
def test_unreadable_request_is_answered_400_with_the_error_as_plain_text(
    body: str | bytes, message: bytes
) -> None:
    """A request that cannot be read is answered 400, in UTF-8 text, with the error message."""
    with pytest.raises(WebhookError) as caught:
        GatherAction.from_body(body)
    answer = WebhookResponse.from_error(caught.value)
    assert (answer.status, answer.content_type) == (400, "text/plain; charset=utf-8")
    assert answer.headers == {"Content-Type": "text/plain; charset=utf-8"}
    assert answer.body.startswith(message)
    assert answer.body == str(caught.value).encode()


def test_webhook_response_is_a_frozen_value() -> None:
    """Responses compare and hash by value, cannot be changed, and give fresh headers."""
    goodbye = Response(Say("Goodbye."), Hangup())
    answer = WebhookResponse.from_document(goodbye)
    assert answer == WebhookResponse(render_bytes(goodbye))
    assert hash(answer) == hash(WebhookResponse.from_document(goodbye))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        answer.status = 500  # type: ignore[misc]  # pyright: ignore[reportAttributeAccessIssue]
    answer.headers["X-Extra"] = "1"
    assert answer.headers == {"Content-Type": CONTENT_TYPE}


# Speech input


def test_gather_action_reads_a_speech_result_without_digits() -> None:
    """With input="speech" the platform may send only SpeechResult: Digits is then None."""
    action = GatherAction.from_form({**CALL, "SpeechResult": "sales please"})
    assert (action.digits, action.speech_result) == (None, "sales please")


@pytest.mark.parametrize("speech", [None, "", "null"])
def test_gather_action_without_digits_or_speech_is_an_error(speech: str | None) -> None:
    """Without Digits, an absent, empty or null SpeechResult leaves the request unreadable."""
    form = dict(CALL) if speech is None else {**CALL, "SpeechResult": speech}
    error = raises_for("Digits", lambda: GatherAction.from_form(form))
    assert error.reason == "required field is missing (and there is no SpeechResult)"


def test_gather_action_reads_both_digits_and_speech() -> None:
    """With input="dtmf speech" both may arrive, and both are kept."""
    action = GatherAction.from_form({**CALL, "Digits": "", "SpeechResult": "two"})
    assert (action.digits, action.speech_result) == (None, "two")
    action = GatherAction.from_form({**CALL, "Digits": "2", "SpeechResult": "two"})
    assert (action.digits, action.speech_result) == ("2", "two")


# Wrong argument types, and huge values in messages


@pytest.mark.parametrize("body", [memoryview(b"CallSid=CA1"), bytearray(b"CallSid=CA1"), 5, None])
def test_from_body_of_a_wrong_type_is_a_type_error(body: object) -> None:
    """A body that is neither bytes nor str is a TypeError naming the type, not a crash inside."""
    with pytest.raises(TypeError) as caught:
        IncomingCall.from_body(body)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    assert str(caught.value) == (
        f"IncomingCall.from_body() takes the body as bytes or str, got {type(body).__name__}"
    )
    assert not isinstance(caught.value, WebhookError)


@pytest.mark.parametrize("key", [1, b"CallSid", ("CallSid",), None])
def test_from_form_with_a_field_name_that_is_not_text_is_a_type_error(key: object) -> None:
    """A form whose keys are not str is a TypeError naming the key's type."""
    keys: list[object] = [*CALL, key]
    form = dict.fromkeys(keys, "x")
    with pytest.raises(TypeError) as caught:
        IncomingCall.from_form(form)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    assert str(caught.value) == (
        f"IncomingCall.from_form() takes field names as str, got {type(key).__name__}"
    )


@pytest.mark.parametrize("fields", [5, "CallSid=CA1", [("CallSid", "CA1")]])
def test_from_form_of_something_not_a_mapping_is_a_type_error(fields: object) -> None:
    """from_form takes a mapping; a body string or a list of pairs is a TypeError."""
    with pytest.raises(TypeError, match=r"takes a mapping of field names to text, got "):
        IncomingCall.from_form(fields)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


HUGE = "x" * 1_000_000


@pytest.mark.parametrize(
    ("model", "body"),
    [
        (IncomingCall, f"{urlencode(CALL)}&{HUGE} "),  # a piece without '=', no name
        (IncomingCall, f"{HUGE}:&{urlencode(CALL)}"),
        (IncomingCall, f"{urlencode(CALL)}&CallerName=%FF{HUGE}"),  # not UTF-8 once decoded
        (IncomingCall, f"{urlencode(CALL)}&{HUGE}=%FF"),
        (IncomingCall, f"{urlencode(CALL)}&PostStatus={HUGE}"),
        (CallProgressEvent, f"{urlencode(CALL)}&SequenceNumber=1&Timestamp={HUGE}"),
        (CallProgressEvent, f"{urlencode(CALL)}&CallDuration=1{HUGE}"),
    ],
)
def test_errors_about_a_huge_body_stay_short(model: type[CallRequest], body: str) -> None:
    """Whatever part of a 1 MB body is at fault, the message and the 400 body stay short."""
    with pytest.raises(WebhookError) as caught:
        model.from_body(body)
    assert len(str(caught.value)) < 200, str(caught.value)[:300]
    assert len(WebhookResponse.from_error(caught.value).body) < 200


def test_error_about_a_huge_field_name_keeps_it_whole_in_field_only() -> None:
    """A huge field name is shortened in the message, and kept whole in ``field``."""
    name = "SipHeader_" + HUGE
    with pytest.raises(WebhookError) as caught:
        IncomingCall.from_form({**CALL, name: b"x"})
    assert caught.value.field == name
    assert str(caught.value) == f"{name[:40]}...: expected text, got bytes"


def test_bare_field_name_is_read_as_empty() -> None:
    """A field name without '=' (how the platform sends an absent value) reads as empty."""
    call = IncomingCall.from_body(urlencode(CALL) + "&CallerName&ForwardedFrom")
    assert call.caller_name is None
    assert call.forwarded_from is None


def test_piece_without_equals_that_is_no_name_is_quoted_shortened() -> None:
    """A piece with no '=' that is not a field name is refused, quoted and shortened."""
    error = raises_for(None, lambda: IncomingCall.from_body(urlencode(CALL) + '&{"a": 1}'))
    assert error.reason == """not UTF-8 form encoding (a field without '=': '{"a": 1}')"""
    error = raises_for(None, lambda: IncomingCall.from_body(urlencode(CALL) + "&" + "y " * 99))
    assert error.reason == f"not UTF-8 form encoding (a field without '=': {'y ' * 20!r}...)"


@pytest.mark.parametrize("body", [urlencode(CALL) + "&", "&" + urlencode(CALL), "CallSid=1&&To=2"])
def test_an_empty_piece_of_a_body_is_named_as_such(body: str) -> None:
    """An '&' at an end of the body, or two in a row, are called that, not a quoted ''."""
    error = raises_for(None, lambda: IncomingCall.from_body(body))
    assert error.reason == (
        "not UTF-8 form encoding (an empty field: an '&' at an end, or two in a row)"
    )


# Status notifications on the incoming URL

ENDED = {"completed", "busy", "failed", "no-answer", "canceled", "not-found"}


@pytest.mark.parametrize("status", list(CallStatus))
@pytest.mark.parametrize("post_status", ["new", "callback", None])
def test_a_request_is_a_status_notification_exactly_when_the_call_ended(
    status: CallStatus, post_status: str | None
) -> None:
    """A status that says the call is over makes a request a notification; no other does."""
    form = {**CALL, "CallStatus": status.value}
    if post_status is not None:
        form["PostStatus"] = post_status
    for model in MODELS:
        request = model.from_form({**OWN_REQUIRED[model], **form})
        assert request.is_status_notification is (status.value in ENDED)
    assert (status in webhooks.ENDED_STATUSES) is (status.value in ENDED)


@pytest.mark.parametrize("status", ["Completed", "hung-up", "COMPLETED"])
def test_an_unknown_status_is_not_taken_as_the_end_of_the_call(status: str) -> None:
    """A status the platform may add later is kept raw and is not a notification."""
    call = IncomingCall.from_form({**CALL, "CallStatus": status, "PostStatus": "callback"})
    assert call.call_status == status
    assert not call.is_status_notification
