"""Typed models of the requests the platform sends to the application.

The platform asks the application for markup, and reports what happened, with HTTP requests
whose form fields (POST) or query parameters (GET) carry the call fields. Each model here reads
one kind of request, either from the fields a web framework has already decoded
(:meth:`CallRequest.from_form`) or from the raw ``application/x-www-form-urlencoded`` body
(:meth:`CallRequest.from_body`), and returns a frozen, hashable value.

Every model is described by a table of rows (form field, attribute, converter, required); one
function, :meth:`CallRequest.from_form`, reads every model from its rows, so a new field is a
new row and a new attribute.

The answer goes back as a :class:`WebhookResponse`: the status, content type and body bytes of
either a markup document or the ``400`` for a request that could not be read, ready to hand to
any web framework's own response class.

Example:
    >>> call = IncomingCall.from_body(
    ...     "CallSid=CA1&AccountSid=AC1&From=3035550000&To=8044731212"
    ...     "&CallStatus=ringing&ApiVersion=2012-04-24&Direction=inbound"
    ... )
    >>> call.call_status, call.from_
    (<CallStatus.RINGING: 'ringing'>, '3035550000')
    >>> CONTENT_TYPE
    'text/xml; charset=utf-8'
"""

from callmarkup.webhooks._errors import WebhookError
from callmarkup.webhooks._models import (
    CallProgressEvent,
    DialAction,
    GatherAction,
    GatherPartialResult,
    IncomingCall,
    OutboundStatusUpdate,
    RecordAction,
    SipScreening,
    Transcription,
)
from callmarkup.webhooks._request import CallRequest
from callmarkup.webhooks._response import CONTENT_TYPE, WebhookResponse
from callmarkup.webhooks._values import (
    ENDED_STATUSES,
    CallStatus,
    DialCallStatus,
    Direction,
    PostStatus,
    TranscriptionStatus,
    VoicemailDetector,
)

__all__ = [
    "CONTENT_TYPE",
    "ENDED_STATUSES",
    "CallProgressEvent",
    "CallRequest",
    "CallStatus",
    "DialAction",
    "DialCallStatus",
    "Direction",
    "GatherAction",
    "GatherPartialResult",
    "IncomingCall",
    "OutboundStatusUpdate",
    "PostStatus",
    "RecordAction",
    "SipScreening",
    "Transcription",
    "TranscriptionStatus",
    "VoicemailDetector",
    "WebhookError",
    "WebhookResponse",
]
