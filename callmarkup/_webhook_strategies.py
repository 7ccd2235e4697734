"""Hypothesis strategies for the webhook models: requests the platform could send.

``st.from_type(IncomingCall)`` (registered by :mod:`callmarkup._hypothesis_plugin`) draws from
:func:`webhook_requests`: SIDs shaped like the platform's, documented statuses and directions,
UTC-aware timestamps at the precision of the format each field is sent in, counters and
durations in range, and the fields each model needs (a ``GatherAction`` has digits, a speech
result, or both). Free text (a caller name, a speech result, a header value) is any text a form
can carry, control characters included: handlers must cope with it. Every model drawn
round-trips: ``type(m).from_form(m.to_form()) == m`` and ``from_body(m.to_body()) == m``.

This module needs Hypothesis; the package imports it only when Hypothesis asks for a strategy.
"""

from __future__ import annotations

import functools
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any, TypeVar, cast

from hypothesis import strategies as st

from callmarkup.webhooks import (
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
)

if TYPE_CHECKING:
    from hypothesis.strategies import DrawFn, SearchStrategy

__all__ = ["MODELS", "webhook_requests"]

M = TypeVar("M", bound=CallRequest)

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
"""Every webhook model, each registered with ``st.from_type``."""

_EPOCH = datetime(2015, 1, 1, tzinfo=timezone.utc)
_SPAN_SECONDS = 20 * 366 * 86_400  # calls from 2015 to about 2035


# Drawn as one integer each rather than character by character: a request has several.
def _sid(prefix: str) -> SearchStrategy[str]:
    return st.integers(0, 2**128 - 1).map(lambda n: f"{prefix}{n:032x}")


def _join(plus: str, number: int) -> str:
    return f"{plus}{number}"


def _phone() -> SearchStrategy[str]:
    return st.builds(_join, st.sampled_from(["", "+"]), st.integers(10**6, 10**15 - 1))


def _party() -> SearchStrategy[str]:
    """A caller or called party: a number, a client, or a SIP address."""
    names = st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=12)
    return _phone() | names.map(lambda n: f"client:{n}") | names.map(lambda n: f"sip:{n}@ex.com")


def _free_text() -> SearchStrategy[str]:
    """Text a caller or a recogniser may produce: anything a form carries but empty and null."""
    return st.text(st.characters(codec="utf-8"), min_size=1, max_size=30).filter(
        lambda text: text != "null"
    )


def _url() -> SearchStrategy[str]:
    return _sid("RE").map(lambda sid: f"https://api.example.com/recordings/{sid}.wav")


def _after_epoch(seconds: int, milliseconds: int = 0) -> datetime:
    return _EPOCH + timedelta(seconds=seconds, milliseconds=milliseconds)


def _moment(*, milliseconds: bool) -> SearchStrategy[datetime]:
    """A UTC-aware instant, whole seconds or to the millisecond, as the field is sent."""
    seconds = st.integers(0, _SPAN_SECONDS)
    if not milliseconds:
        return st.builds(_after_epoch, seconds)
    return st.builds(_after_epoch, seconds, st.integers(0, 999))


def _headers() -> SearchStrategy[dict[str, str]]:
    names = st.text(
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-", min_size=1, max_size=12
    )
    values = st.text(st.characters(codec="utf-8"), max_size=20)
    return st.dictionaries(names.map(lambda n: f"X-{n}"), values, max_size=3)


# Fields the platform is known to add, which no model reads.
_EXTRA_NAMES = ("OutboundCallSid", "ReferTarget", "Transferor", "Transferee")


def _optional(strategy: SearchStrategy[Any]) -> SearchStrategy[Any]:
    return st.none() | strategy


# The statuses a request can carry, by model: the call is in progress when a verb reports, and
# progress events carry the statuses the platform documents for them.
_LIVE = (CallStatus.IN_PROGRESS,)
_STATUSES: dict[type[CallRequest], tuple[CallStatus, ...]] = {
    CallProgressEvent: (
        CallStatus.QUEUED,
        CallStatus.INITIATED,
        CallStatus.RINGING,
        CallStatus.IN_PROGRESS,
        CallStatus.BUSY,
        CallStatus.FAILED,
        CallStatus.NO_ANSWER,
        CallStatus.COMPLETED,
    ),
    GatherAction: _LIVE,
    GatherPartialResult: _LIVE,
    RecordAction: (CallStatus.IN_PROGRESS, CallStatus.COMPLETED),
    Transcription: (CallStatus.IN_PROGRESS, CallStatus.COMPLETED),
    DialAction: (CallStatus.IN_PROGRESS, CallStatus.COMPLETED),
    SipScreening: _LIVE,
}


# Built once: a strategy made inside a draw would be made, and checked, at every draw.
_CALL_SID = _sid("CA")
_ACCOUNT_SID = _sid("AC")
_INSTANCE_ID = _optional(_sid("ID"))
_PARTY = _party()
_CALLER_NAME = _optional(_free_text())
_FORWARDED_FROM = _optional(_phone())
_CALL_TIMESTAMP = _optional(_moment(milliseconds=True))
_POST_STATUS = _optional(st.sampled_from(list(PostStatus)))
_HEADERS = _headers()
_EXTRA = st.dictionaries(st.sampled_from(_EXTRA_NAMES), _free_text(), max_size=2)
_DIRECTIONS: dict[type[CallRequest], SearchStrategy[Direction]] = {
    IncomingCall: st.just(Direction.INBOUND),
    OutboundStatusUpdate: st.sampled_from([Direction.OUTBOUND_API, Direction.OUTBOUND_DIAL]),
}
_ANY_DIRECTION = st.sampled_from(list(Direction))


@st.composite
def _call_fields(
    draw: DrawFn, statuses: SearchStrategy[CallStatus], model: type[CallRequest]
) -> dict[str, Any]:
    """The standard call fields of one request of ``model``."""
    direction = draw(_DIRECTIONS.get(model, _ANY_DIRECTION))
    return {
        "call_sid": draw(_CALL_SID),
        "instance_id": draw(_INSTANCE_ID),
        "account_sid": draw(_ACCOUNT_SID),
        "from_": draw(_PARTY),
        "to": draw(_PARTY),
        "call_status": draw(statuses),
        "api_version": "2012-04-24",
        "direction": direction,
        "caller_name": draw(_CALLER_NAME),
        "forwarded_from": draw(_FORWARDED_FROM),
        "call_timestamp": draw(_CALL_TIMESTAMP),
        # PostStatus is sent on inbound calls only.
        "post_status": draw(_POST_STATUS) if direction is Direction.INBOUND else None,
        "sip_headers": draw(_HEADERS),
        "extra": draw(_EXTRA),
    }


_DIGITS = st.text("0123456789*#", min_size=1, max_size=10)
_SECONDS = st.integers(0, 86_400)

# Each model's own fields (the standard ones are drawn by _call_fields).
_OWN: dict[type[CallRequest], dict[str, SearchStrategy[Any]]] = {
    CallRequest: {},
    IncomingCall: {},
    OutboundStatusUpdate: {
        "voicemail_detector": _optional(st.sampled_from(list(VoicemailDetector)))
    },
    CallProgressEvent: {
        "call_duration": _optional(_SECONDS),
        "timestamp": _moment(milliseconds=False),
        "callback_source": st.just("call-progress-events"),
        "sequence_number": st.integers(0, 1000),
    },
    GatherAction: {"digits": _optional(_DIGITS), "speech_result": _optional(_free_text())},
    GatherPartialResult: {"unstable_speech_result": _optional(_free_text())},
    RecordAction: {
        "recording_url": _url(),
        # Seconds to the millisecond.
        "recording_duration": st.integers(0, 3_600_000).map(lambda ms: ms / 1000),
        "digits": _optional(st.sampled_from([*"0123456789*#", "hangup"])),
        "public_recording_url": _optional(_url()),
    },
    Transcription: {
        "transcription_text": _optional(_free_text()),
        "transcription_status": st.sampled_from(list(TranscriptionStatus)),
        "transcription_url": _optional(_url()),
        "recording_url": _optional(_url()),
    },
    DialAction: {
        "dial_call_status": st.sampled_from(list(DialCallStatus)),
        "dial_call_sid": _optional(_sid("CA")),
        "dial_call_duration": _optional(_SECONDS),
        "recording_url": _optional(_url()),
        "dial_ring_duration": _optional(st.integers(0, 600)),
        "dial_sip_call_id": _optional(_sid("").map(lambda sid: f"{sid}@10.0.0.1")),
        "dial_sip_response_code": _optional(st.integers(100, 699)),
        "dial_sip_headers": _headers(),
    },
    SipScreening: {"sip_call_id": _optional(_sid("").map(lambda sid: f"{sid}@10.0.0.1"))},
}


def webhook_requests(model: type[M]) -> SearchStrategy[M]:
    """Requests of one webhook model, as the platform could send them.

    Args:
        model: A model of :mod:`callmarkup.webhooks`, such as ``IncomingCall``.

    Returns:
        A strategy for instances of exactly ``model``.

    Raises:
        TypeError: ``model`` is not one of the webhook models.

    Example:
        >>> from hypothesis import find
        >>> call = find(webhook_requests(IncomingCall), lambda c: c.is_status_notification)
        >>> call.direction, IncomingCall.from_form(call.to_form()) == call
        (<Direction.INBOUND: 'inbound'>, True)
    """
    if model not in _OWN:
        raise TypeError(f"webhook_requests() takes a webhook model, got {model!r}")
    cached = _CACHE.get(model)
    if cached is None:
        statuses = st.sampled_from(_STATUSES.get(model, tuple(CallStatus)))
        own = st.fixed_dictionaries(_OWN[model])
        drawn = st.builds(_merge, _call_fields(statuses, model), own)
        if model is GatherAction:
            drawn = drawn.filter(_has_input)
        cached = _CACHE[model] = drawn.map(functools.partial(_construct, model))
    return cast("SearchStrategy[M]", cached)


def _merge(call: dict[str, Any], own: dict[str, Any]) -> dict[str, Any]:
    return {**call, **own}


def _has_input(fields: dict[str, Any]) -> bool:
    """The platform sends the keys pressed, what was said, or both."""
    return fields["digits"] is not None or fields["speech_result"] is not None


def _construct(model: type[CallRequest], fields: dict[str, Any]) -> CallRequest:
    return model(**fields)


_CACHE: dict[type[CallRequest], SearchStrategy[CallRequest]] = {}
