"""One model per kind of request the platform sends: each is a table of rows on CallRequest.

The models' annotations are read at run time (``typing.get_type_hints``, and the docs), in
this module's names for every field, inherited or not, so the types they name are imported at
run time.
"""

from __future__ import annotations

from collections.abc import Mapping  # noqa: TC003 - the annotations are read at run time
from datetime import datetime  # noqa: TC003 - the annotations are read at run time
from typing import ClassVar

import attrs

from callmarkup.webhooks._fields import FrozenMap, Row, decimal, integer, strict, timestamp
from callmarkup.webhooks._request import CALL_HEADER_ROWS, CALL_ROWS, CallRequest

# CallStatus, Direction and PostStatus are named by the annotations of CallRequest's fields,
# which every model's __init__ reads in this module's names.
from callmarkup.webhooks._values import (
    CallStatus,  # noqa: F401  # pyright: ignore[reportUnusedImport]
    DialCallStatus,
    Direction,  # noqa: F401  # pyright: ignore[reportUnusedImport]
    PostStatus,  # noqa: F401  # pyright: ignore[reportUnusedImport]
    TranscriptionStatus,
    VoicemailDetector,
)

__all__ = [
    "CallProgressEvent",
    "DialAction",
    "GatherAction",
    "GatherPartialResult",
    "IncomingCall",
    "OutboundStatusUpdate",
    "RecordAction",
    "SipScreening",
    "Transcription",
]


@attrs.frozen(kw_only=True)
class IncomingCall(CallRequest):
    """The request for markup when a call arrives: the standard fields only.

    Its ``direction`` is normally ``inbound`` and its ``post_status`` ``new``; neither is
    checked, so the model also reads the later requests of the same call.

    Example:
        >>> call = IncomingCall.from_form({
        ...     "CallSid": "CA1", "AccountSid": "AC1", "From": "3035550000",
        ...     "To": "8044731212", "CallStatus": "ringing", "ApiVersion": "2012-04-24",
        ...     "Direction": "inbound", "ForwardedFrom": "null", "PostStatus": "new",
        ...     "CallTimestamp": "2020-05-26T17:59:16.555Z",
        ... })
        >>> call.forwarded_from, call.post_status
        (None, <PostStatus.NEW: 'new'>)
        >>> call.call_timestamp
        datetime.datetime(2020, 5, 26, 17, 59, 16, 555000, tzinfo=datetime.timezone.utc)
    """


@attrs.frozen(kw_only=True)
class OutboundStatusUpdate(CallRequest):
    """The request for a call created through the REST API.

    Attributes:
        voicemail_detector: ``VoicemailDetector``, only when voicemail detection was asked
            for. Strict enumeration.

    Example:
        >>> update = OutboundStatusUpdate.from_form({
        ...     "CallSid": "CA1", "AccountSid": "AC1", "From": "3035550000",
        ...     "To": "8044731212", "CallStatus": "in-progress", "ApiVersion": "2012-04-24",
        ...     "Direction": "outbound-api", "VoicemailDetector": "voicemail",
        ... })
        >>> update.direction, update.voicemail_detector
        (<Direction.OUTBOUND_API: 'outbound-api'>, <VoicemailDetector.VOICEMAIL: 'voicemail'>)
    """

    _rows: ClassVar[tuple[Row, ...]] = (
        *CALL_ROWS,
        Row("VoicemailDetector", "voicemail_detector", strict(VoicemailDetector)),
    )

    voicemail_detector: VoicemailDetector | None = None


@attrs.frozen(kw_only=True)
class CallProgressEvent(CallRequest):
    """A call-progress event sent to a ``statusCallback``.

    Events may arrive out of order; ``sequence_number`` restores it. The platform sends no
    ``ApiVersion`` with them, so ``api_version`` is optional (``None``) here.

    Attributes:
        call_duration: ``CallDuration`` in seconds; sent with the ``completed`` event only.
        timestamp: ``Timestamp``, when the event happened, in UTC. Required.
        callback_source: ``CallbackSource``, ``call-progress-events``. Required.
        sequence_number: ``SequenceNumber``, 0-based. Required.

    Example:
        >>> event = CallProgressEvent.from_form({
        ...     "CallSid": "CA2", "AccountSid": "AC1", "From": "3035550000",
        ...     "To": "8044731212", "CallStatus": "completed", "ApiVersion": "2012-04-24",
        ...     "Direction": "outbound-dial", "CallDuration": "42",
        ...     "Timestamp": "Tue, 26 May 2020 19:59:16 +0200",
        ...     "CallbackSource": "call-progress-events", "SequenceNumber": "3",
        ... })
        >>> event.call_duration, event.sequence_number, event.timestamp.isoformat()
        (42, 3, '2020-05-26T17:59:16+00:00')
    """

    _rows: ClassVar[tuple[Row, ...]] = (
        *(Row(row.name, row.attr) if row.name == "ApiVersion" else row for row in CALL_ROWS),
        Row("CallDuration", "call_duration", integer),
        Row("Timestamp", "timestamp", timestamp, required=True),
        Row("CallbackSource", "callback_source", required=True),
        Row("SequenceNumber", "sequence_number", integer, required=True),
    )

    # Optional in this model only: the platform sends no ApiVersion with progress events.
    api_version: str | None = None  # type: ignore[assignment]  # pyright: ignore[reportIncompatibleVariableOverride]
    call_duration: int | None = None
    timestamp: datetime
    callback_source: str
    sequence_number: int


@attrs.frozen(kw_only=True)
class GatherAction(CallRequest):
    """The request to a ``<Gather>`` ``action`` once input arrived.

    With ``input="dtmf"`` (the default) the request carries the keys pressed; with
    ``input="speech"`` it may carry only what was said; with ``"dtmf speech"``, either.

    Attributes:
        digits: ``Digits``, the keys pressed, without the terminator. Required, unless a
            ``SpeechResult`` is sent.
        speech_result: ``SpeechResult``, the recognised text in speech mode.

    Example:
        >>> action = GatherAction.from_form({
        ...     "CallSid": "CA1", "AccountSid": "AC1", "From": "3035550000",
        ...     "To": "8044731212", "CallStatus": "in-progress", "ApiVersion": "2012-04-24",
        ...     "Direction": "inbound", "Digits": "1",
        ... })
        >>> action.digits, action.speech_result
        ('1', None)
        >>> spoken = GatherAction.from_form({
        ...     "CallSid": "CA1", "AccountSid": "AC1", "From": "3035550000",
        ...     "To": "8044731212", "CallStatus": "in-progress", "ApiVersion": "2012-04-24",
        ...     "Direction": "inbound", "SpeechResult": "sales please",
        ... })
        >>> spoken.digits, spoken.speech_result
        (None, 'sales please')
    """

    _rows: ClassVar[tuple[Row, ...]] = (
        *CALL_ROWS,
        Row("Digits", "digits", required=True, unless="SpeechResult"),
        Row("SpeechResult", "speech_result"),
    )

    digits: str | None = None
    speech_result: str | None = None


@attrs.frozen(kw_only=True)
class GatherPartialResult(CallRequest):
    """The request to a ``<Gather>`` ``partialResultCallback``; its answer is ignored.

    Attributes:
        unstable_speech_result: ``UnstableSpeechResult``, the interim recognised text.

    Example:
        >>> partial = GatherPartialResult.from_form({
        ...     "CallSid": "CA1", "AccountSid": "AC1", "From": "3035550000",
        ...     "To": "8044731212", "CallStatus": "in-progress", "ApiVersion": "2012-04-24",
        ...     "Direction": "inbound", "UnstableSpeechResult": "sales pl",
        ... })
        >>> partial.unstable_speech_result
        'sales pl'
    """

    _rows: ClassVar[tuple[Row, ...]] = (
        *CALL_ROWS,
        Row("UnstableSpeechResult", "unstable_speech_result"),
    )

    unstable_speech_result: str | None = None


@attrs.frozen(kw_only=True)
class RecordAction(CallRequest):
    """The request to a ``<Record>`` ``action``.

    Attributes:
        recording_url: ``RecordingUrl``; ``None`` for an empty recording, which the platform
            reports with ``RecordingDuration`` ``0.0`` and no recording.
        recording_duration: ``RecordingDuration`` in seconds, possibly fractional. Required.
        digits: ``Digits``, the key that stopped the recording, or ``hangup``.
        public_recording_url: ``PublicRecordingUrl``.

    Example:
        >>> record = RecordAction.from_form({
        ...     "CallSid": "CA1", "AccountSid": "AC1", "From": "3035550000",
        ...     "To": "8044731212", "CallStatus": "in-progress", "ApiVersion": "2012-04-24",
        ...     "Direction": "inbound", "RecordingUrl": "https://example.com/RE1.wav",
        ...     "RecordingDuration": "4.25", "Digits": "hangup",
        ... })
        >>> record.recording_duration, record.digits
        (4.25, 'hangup')
    """

    _rows: ClassVar[tuple[Row, ...]] = (
        *CALL_ROWS,
        Row("RecordingUrl", "recording_url"),
        Row("RecordingDuration", "recording_duration", decimal, required=True),
        Row("Digits", "digits"),
        Row("PublicRecordingUrl", "public_recording_url"),
    )

    recording_url: str | None = None
    recording_duration: float
    digits: str | None = None
    public_recording_url: str | None = None


@attrs.frozen(kw_only=True)
class Transcription(CallRequest):
    """The request to a ``<Record>`` ``transcribeCallback``.

    Attributes:
        transcription_text: ``TranscriptionText``.
        transcription_status: ``TranscriptionStatus``. Required; strict enumeration.
        transcription_url: ``TranscriptionUrl``.
        recording_url: ``RecordingUrl`` of the recording transcribed.

    Example:
        >>> transcription = Transcription.from_form({
        ...     "CallSid": "CA1", "AccountSid": "AC1", "From": "3035550000",
        ...     "To": "8044731212", "CallStatus": "completed", "ApiVersion": "2012-04-24",
        ...     "Direction": "inbound", "TranscriptionStatus": "completed",
        ...     "TranscriptionText": "Call me back",
        ... })
        >>> transcription.transcription_status, transcription.transcription_text
        (<TranscriptionStatus.COMPLETED: 'completed'>, 'Call me back')
    """

    _rows: ClassVar[tuple[Row, ...]] = (
        *CALL_ROWS,
        Row("TranscriptionText", "transcription_text"),
        Row(
            "TranscriptionStatus",
            "transcription_status",
            strict(TranscriptionStatus),
            required=True,
        ),
        Row("TranscriptionUrl", "transcription_url"),
        Row("RecordingUrl", "recording_url"),
    )

    transcription_text: str | None = None
    transcription_status: TranscriptionStatus
    transcription_url: str | None = None
    recording_url: str | None = None


@attrs.frozen(kw_only=True)
class DialAction(CallRequest):
    """The request to a ``<Dial>`` ``action`` when the dialed leg ends.

    Attributes:
        dial_call_status: ``DialCallStatus``; strict enumeration. ``None`` when the platform
            sends the literal ``null``, as it may (or when the field is absent).
        dial_call_sid: ``DialCallSid``, the SID of the dialed leg.
        dial_call_duration: ``DialCallDuration`` in seconds.
        recording_url: ``RecordingUrl``, only with ``record="true"``.
        dial_ring_duration: ``DialRingDuration`` in seconds.
        dial_sip_call_id: ``DialSipCallId``, for a SIP leg.
        dial_sip_response_code: ``DialSipResponseCode``, the final SIP status (e.g. 486).
        dial_sip_headers: The ``DialSipHeader_<name>`` fields, keyed by ``<name>``, case kept.

    Example:
        >>> dial = DialAction.from_form({
        ...     "CallSid": "CA1", "AccountSid": "AC1", "From": "3035550000",
        ...     "To": "8044731212", "CallStatus": "in-progress", "ApiVersion": "2012-04-24",
        ...     "Direction": "inbound", "DialCallStatus": "busy",
        ...     "DialSipResponseCode": "486", "DialSipHeader_X-Trunk": "east",
        ... })
        >>> dial.dial_call_status, dial.dial_sip_response_code, dict(dial.dial_sip_headers)
        (<DialCallStatus.BUSY: 'busy'>, 486, {'X-Trunk': 'east'})
    """

    _rows: ClassVar[tuple[Row, ...]] = (
        *CALL_ROWS,
        Row("DialCallStatus", "dial_call_status", strict(DialCallStatus)),
        Row("DialCallSid", "dial_call_sid"),
        Row("DialCallDuration", "dial_call_duration", integer),
        Row("RecordingUrl", "recording_url"),
        Row("DialRingDuration", "dial_ring_duration", integer),
        Row("DialSipCallId", "dial_sip_call_id"),
        Row("DialSipResponseCode", "dial_sip_response_code", integer),
    )
    _header_rows: ClassVar[tuple[tuple[str, str], ...]] = (
        *CALL_HEADER_ROWS,
        ("DialSipHeader_", "dial_sip_headers"),
    )

    dial_call_status: DialCallStatus | None = None
    dial_call_sid: str | None = None
    dial_call_duration: int | None = None
    recording_url: str | None = None
    dial_ring_duration: int | None = None
    dial_sip_call_id: str | None = None
    dial_sip_response_code: int | None = None
    dial_sip_headers: Mapping[str, str] = attrs.field(factory=FrozenMap, converter=FrozenMap)


@attrs.frozen(kw_only=True)
class SipScreening(CallRequest):
    """The request for the screening document of a ``<Sip>`` noun's ``url``.

    The document answered must not contain ``<Dial>``. The SIP headers of the answering leg
    are in ``sip_headers``.

    Attributes:
        sip_call_id: ``SipCallId``, the SIP Call-ID of the answering leg.

    Example:
        >>> screening = SipScreening.from_form({
        ...     "CallSid": "CA2", "AccountSid": "AC1", "From": "3035550000",
        ...     "To": "sip:alice@example.com", "CallStatus": "in-progress",
        ...     "ApiVersion": "2012-04-24", "Direction": "outbound-dial",
        ...     "SipCallId": "a84b4c76e66710", "SipHeader_X-Customer": "1234",
        ... })
        >>> screening.sip_call_id, screening.sip_headers["X-Customer"]
        ('a84b4c76e66710', '1234')
    """

    _rows: ClassVar[tuple[Row, ...]] = (*CALL_ROWS, Row("SipCallId", "sip_call_id"))

    sip_call_id: str | None = None
