"""The enumerations of the webhook fields' values, and the statuses that end a call.

Each member is, and prints as, the text the platform sends. A tolerant field keeps a value
not listed as the raw ``str``; a strict one refuses it (``_fields.strict``).
"""

from __future__ import annotations

import enum
from typing import Final

__all__ = [
    "ENDED_STATUSES",
    "CallStatus",
    "DialCallStatus",
    "Direction",
    "PostStatus",
    "TranscriptionStatus",
    "Value",
    "VoicemailDetector",
]


class Value(str, enum.Enum):
    """An enumeration whose members are, and print as, their wire values."""

    _value_: str

    def __str__(self) -> str:
        """Return the wire value."""
        return self.value


class CallStatus(Value):
    """The state of a call leg: the values of requests for markup and of call-progress events.

    Tolerant: a value the platform sends that is not listed here is kept as the raw ``str``,
    so fields of this type are typed ``CallStatus | str``. A member compares equal to its
    value.

    Example:
        >>> CallStatus("in-progress")
        <CallStatus.IN_PROGRESS: 'in-progress'>
        >>> CallStatus.NO_ANSWER == "no-answer"
        True
    """

    QUEUED = "queued"
    INITIATED = "initiated"
    RINGING = "ringing"
    WAIT_FOR_ANSWER = "wait-for-answer"
    IN_PROGRESS = "in-progress"
    COMPLETED = "completed"
    FAILED = "failed"
    NO_ANSWER = "no-answer"
    BUSY = "busy"
    CANCELED = "canceled"
    NOT_FOUND = "not-found"


ENDED_STATUSES: Final = frozenset(
    {
        CallStatus.COMPLETED,
        CallStatus.BUSY,
        CallStatus.FAILED,
        CallStatus.NO_ANSWER,
        CallStatus.CANCELED,
        CallStatus.NOT_FOUND,
    }
)
"""The values of ``CallStatus`` that say the call is over: no markup can run any more."""


class Direction(Value):
    """Which way a call leg goes.

    Tolerant: an unlisted value is kept as the raw ``str``, so fields of this type are typed
    ``Direction | str``.

    Example:
        >>> Direction("outbound-dial")
        <Direction.OUTBOUND_DIAL: 'outbound-dial'>
    """

    INBOUND = "inbound"
    """A call to one of the account's numbers."""
    OUTBOUND_API = "outbound-api"
    """A call created through the REST Calls endpoint."""
    OUTBOUND_DIAL = "outbound-dial"
    """A leg created by ``<Dial>``."""


class PostStatus(Value):
    """Whether a request is the first one for a call.

    Strict: any other value is a :class:`WebhookError`.

    Example:
        >>> PostStatus("callback")
        <PostStatus.CALLBACK: 'callback'>
    """

    NEW = "new"
    """The first request for this call."""
    CALLBACK = "callback"
    """A later notification or advancement of the same call."""


class DialCallStatus(Value):
    """How the leg placed by ``<Dial>`` ended.

    Strict: any other value is a :class:`WebhookError`.

    Example:
        >>> DialCallStatus("no-answer")
        <DialCallStatus.NO_ANSWER: 'no-answer'>
    """

    COMPLETED = "completed"
    BUSY = "busy"
    NO_ANSWER = "no-answer"
    FAILED = "failed"
    CANCELED = "canceled"
    IN_PROGRESS = "in-progress"
    """Sent by the platform when ``timeLimit`` ended the bridge: the leg's status then."""


class TranscriptionStatus(Value):
    """Whether a transcription succeeded.

    Strict: any other value is a :class:`WebhookError`.

    Example:
        >>> TranscriptionStatus("failed")
        <TranscriptionStatus.FAILED: 'failed'>
    """

    COMPLETED = "completed"
    FAILED = "failed"


class VoicemailDetector(Value):
    """What voicemail detection found on an outbound call.

    Sent only for a call created through the REST API with voicemail detection asked for
    (``DetectVoicemail``, https://apidocs.teleapi.net/callapi/voice/calls/call-list-resource-uri).

    Strict: any other value is a :class:`WebhookError`.

    Example:
        >>> VoicemailDetector("person_found")
        <VoicemailDetector.PERSON_FOUND: 'person_found'>
    """

    VOICEMAIL = "voicemail"
    PERSON_FOUND = "person_found"
