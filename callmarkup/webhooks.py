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

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar, Final, TypeVar
from urllib.parse import parse_qsl, urlencode

import attrs

from callmarkup._render import render_bytes
from callmarkup.exceptions import CallMarkupError

if TYPE_CHECKING:
    from typing_extensions import Self

    from callmarkup._nodes import Response

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

CONTENT_TYPE: Final = "text/xml; charset=utf-8"
"""The content type to answer a webhook with when the body is markup.

The platform documents ``text/xml`` and ``application/xml`` as the content types of markup
(https://apidocs.ahoi.net/call-api-markup/api-call-markup-language); documents are served as
``text/xml`` in UTF-8.
"""


class WebhookError(CallMarkupError, ValueError):
    """A webhook request that cannot be read.

    Raised for a required field that is missing, empty or the literal ``null``, for a value
    that does not parse as its type, for a form value that is not text, and for a raw body
    that is not ``application/x-www-form-urlencoded`` UTF-8.

    Attributes:
        field: The form field at fault, or ``None`` when the body as a whole is unreadable.
        reason: Why the field (or body) was refused.

    Example:
        >>> try:
        ...     IncomingCall.from_form({"CallSid": "CA1"})
        ... except WebhookError as error:
        ...     print(error)
        AccountSid: required field is missing
    """

    def __init__(self, field: str | None, reason: str) -> None:
        """Record the field at fault (``None`` for the whole body) and the reason."""
        # Passing every constructor argument to Exception keeps the error picklable.
        super().__init__(field, reason)
        self.field = field
        self.reason = reason

    def __str__(self) -> str:
        """Say which field is at fault, then why.

        A field name is shortened like a quoted value: the message is sent back to whoever
        sent the request, and must stay small whatever they sent.
        """
        where = "request body" if self.field is None else _shorten(self.field)
        return f"{where}: {self.reason}"


class _Value(str, enum.Enum):
    """An enumeration whose members are, and print as, their wire values."""

    _value_: str

    def __str__(self) -> str:
        """Return the wire value."""
        return self.value


class CallStatus(_Value):
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


class Direction(_Value):
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


class PostStatus(_Value):
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


class DialCallStatus(_Value):
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


class TranscriptionStatus(_Value):
    """Whether a transcription succeeded.

    Strict: any other value is a :class:`WebhookError`.

    Example:
        >>> TranscriptionStatus("failed")
        <TranscriptionStatus.FAILED: 'failed'>
    """

    COMPLETED = "completed"
    FAILED = "failed"


class VoicemailDetector(_Value):
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


class _FrozenMap(Mapping[str, str]):
    """A read-only, hashable, insertion-ordered mapping of text to text."""

    __slots__ = ("_data",)

    def __init__(self, items: Mapping[str, str] | None = None) -> None:
        self._data: dict[str, str] = dict(items or {})

    def __getitem__(self, key: str) -> str:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        return hash(frozenset(self._data.items()))

    def __repr__(self) -> str:
        return repr(self._data)


# Converters: each takes the raw text of a field that is present, non-empty and not `null`,
# and returns the typed value or raises ValueError with the reason.

_SHOWN = 40


# A field name as the platform writes one alone, without '=' (``SpeechResult``, ``X-Foo``).
_BARE_NAME: Final = re.compile(r"[A-Za-z0-9_.\-]+")


def _show(raw: str) -> str:
    """Quote a value for a message, shortened so that a huge value cannot flood a log."""
    return repr(raw) if len(raw) <= _SHOWN else repr(raw[:_SHOWN]) + "..."


def _shorten(name: str) -> str:
    """A field name for a message: as it is, or its first characters and ``...``."""
    return name if len(name) <= _SHOWN else name[:_SHOWN] + "..."


def _text(raw: str) -> str:
    return raw


# 18 digits is beyond any duration or counter; the cap also keeps int() away from huge inputs.
_INTEGER = re.compile(r"[0-9]{1,18}")
_DECIMAL = re.compile(r"[0-9]{1,18}(?:\.[0-9]{1,18})?")


def _integer(raw: str) -> int:
    if _INTEGER.fullmatch(raw) is None:
        raise ValueError(f"expected a whole number (digits only), got {_show(raw)}")
    return int(raw)


def _decimal(raw: str) -> float:
    if _DECIMAL.fullmatch(raw) is None:
        raise ValueError(f"expected a number of seconds such as 12 or 4.25, got {_show(raw)}")
    return float(raw)


_E = TypeVar("_E", bound=_Value)


def _tolerant(kind: type[_E]) -> Callable[[str], _E | str]:
    def load(raw: str) -> _E | str:
        try:
            return kind(raw)
        except ValueError:
            return raw

    return load


def _strict(kind: type[_E]) -> Callable[[str], _E]:
    allowed = ", ".join(member.value for member in kind)

    def load(raw: str) -> _E:
        try:
            return kind(raw)
        except ValueError:
            raise ValueError(f"expected one of {allowed}, got {_show(raw)}") from None

    return load


# The offset is part of both grammars: a time without one is refused rather than guessed.
_ISO_8601 = re.compile(
    r"(?P<year>[0-9]{4})-(?P<month>[0-9]{2})-(?P<day>[0-9]{2})"
    r"T(?P<hour>[0-9]{2}):(?P<minute>[0-9]{2}):(?P<second>[0-9]{2})"
    r"(?:[.,](?P<fraction>[0-9]{1,9}))?"
    r"(?:Z|(?P<sign>[+-])(?P<oh>[01][0-9]|2[0-3]):?(?P<om>[0-5][0-9]))"
)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_RFC_2822 = re.compile(
    r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun),[ \t]*)?"
    rf"(?P<day>[0-9]{{1,2}})[ \t]+(?P<month>{'|'.join(_MONTHS)})[ \t]+(?P<year>[0-9]{{4}})"
    r"[ \t]+(?P<hour>[0-9]{2}):(?P<minute>[0-9]{2})(?::(?P<second>[0-9]{2}))?"
    # Besides RFC 2822's zones, the zone id "UTC" that the platform prints for a numeric offset.
    r"[ \t]+(?:UTC|UT|GMT|(?P<sign>[+-])(?P<oh>[01][0-9]|2[0-3])(?P<om>[0-5][0-9]))"
)


def _timestamp(raw: str) -> datetime:
    match = _ISO_8601.fullmatch(raw)
    if match is not None:
        month = int(match["month"])
        # Digits past the sixth are below datetime's resolution and are dropped.
        microsecond = int((match["fraction"] or "0").ljust(6, "0")[:6])
    else:
        match = _RFC_2822.fullmatch(raw)
        if match is None:
            raise ValueError(
                "expected an ISO-8601 or RFC 2822 date and time with a UTC offset, "
                f"got {_show(raw)}"
            )
        month = _MONTHS.index(match["month"]) + 1
        microsecond = 0
    offset = timedelta()
    if match["sign"] is not None:
        offset = timedelta(hours=int(match["oh"]), minutes=int(match["om"]))
        if match["sign"] == "-":
            offset = -offset
    try:
        local = datetime(
            int(match["year"]),
            month,
            int(match["day"]),
            int(match["hour"]),
            int(match["minute"]),
            int(match["second"] or 0),
            microsecond,
            tzinfo=timezone(offset),
        )
        return local.astimezone(timezone.utc)
    except (ValueError, OverflowError) as error:
        raise ValueError(f"{_show(raw)} is not a valid date and time ({error})") from None


# Writers, the inverses of the converters above, chosen by the type of the value.

# The fields the platform writes in RFC 2822; other timestamps are ISO-8601.
_RFC_2822_FIELDS = frozenset({"Timestamp"})
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def _dump(name: str, value: object) -> str:
    """The text of a field's typed value, as ``from_form`` reads it back."""
    if isinstance(value, str):  # text, and the enumerations, whose members are str
        return str(value)
    if isinstance(value, datetime):
        return _dump_timestamp(value, rfc_2822=name in _RFC_2822_FIELDS)
    if isinstance(value, bool):
        raise TypeError(f"expected text, a number or a datetime, got {value!r}")
    if isinstance(value, int):
        text = str(value)
        if _INTEGER.fullmatch(text) is None:
            raise ValueError(f"{value} is not a whole number of 1 to 18 digits")
        return text
    if isinstance(value, float):
        # repr() is the shortest text that reads back as the same float.
        text = repr(value)
        if "e" in text or "E" in text:
            text = format(Decimal(text), "f")
        if _DECIMAL.fullmatch(text) is None:
            raise ValueError(f"{value!r} is not a number of seconds the form can carry")
        return text
    raise TypeError(f"expected text, a number or a datetime, got {type(value).__name__}")


def _dump_timestamp(moment: datetime, *, rfc_2822: bool) -> str:
    if moment.utcoffset() is None:
        raise ValueError(f"{moment.isoformat()} has no UTC offset")
    utc = moment.astimezone(timezone.utc)
    date = f"{utc.year:04d}-{utc.month:02d}-{utc.day:02d}"
    time = f"{utc.hour:02d}:{utc.minute:02d}:{utc.second:02d}"
    if rfc_2822 and utc.microsecond == 0:
        day = _DAYS[utc.weekday()]
        month = _MONTHS[utc.month - 1]
        return f"{day}, {utc.day:02d} {month} {utc.year:04d} {time} +0000"
    if utc.microsecond % 1000 == 0:
        return f"{date}T{time}.{utc.microsecond // 1000:03d}Z"
    return f"{date}T{time}.{utc.microsecond:06d}Z"


@attrs.frozen
class _Row:
    """One form field of a model: its wire name, its attribute, how to read it."""

    name: str
    attr: str
    load: Callable[[str], object] = _text
    required: bool = False
    unless: str | None = None
    """Another field whose value makes this required one optional (``SpeechResult``)."""


# The values that mean "no value" in any field, and how an error names them.
_ABSENT = {"": "empty", "null": "null"}


# The standard call fields, in the order the platform sends them; every model starts with
# these rows.
_CALL_ROWS: Final = (
    _Row("CallSid", "call_sid", required=True),
    _Row("InstanceId", "instance_id"),
    _Row("AccountSid", "account_sid", required=True),
    _Row("From", "from_", required=True),
    _Row("To", "to", required=True),
    _Row("CallStatus", "call_status", _tolerant(CallStatus), required=True),
    _Row("ApiVersion", "api_version", required=True),
    _Row("Direction", "direction", _tolerant(Direction), required=True),
    _Row("CallerName", "caller_name"),
    _Row("ForwardedFrom", "forwarded_from"),
    _Row("CallTimestamp", "call_timestamp", _timestamp),
    _Row("PostStatus", "post_status", _strict(PostStatus)),
)
# Families of fields gathered into one mapping: (prefix, attribute).
_CALL_HEADER_ROWS: Final = (("SipHeader_", "sip_headers"),)


@attrs.frozen(kw_only=True)
class CallRequest:
    """The standard call fields, sent with every request.

    This is the base of every model. On its own it reads any request for markup that carries
    only the standard fields, such as the one made for a ``<Redirect>``.

    Fields whose value is empty or the literal ``null`` are ``None``; a required one is then a
    :class:`WebhookError`. Text is kept exactly as received (no trimming).

    Attributes:
        call_sid: ``CallSid``, unique per call. Required.
        instance_id: ``InstanceId``, the server instance that handled the call.
        account_sid: ``AccountSid``. Required.
        from_: ``From``, the caller: a number, or a client or SIP user. Required.
        to: ``To``, the called party. Required.
        call_status: ``CallStatus``; an unknown value stays a ``str``. Required.
        api_version: ``ApiVersion``, ``2012-04-24`` today. Required.
        direction: ``Direction``; an unknown value stays a ``str``. Required.
        caller_name: ``CallerName``.
        forwarded_from: ``ForwardedFrom``, the number the call was forwarded from.
        call_timestamp: ``CallTimestamp``, when the call started, in UTC.
        post_status: ``PostStatus``: ``new`` on the first request of a call, ``callback`` on
            later ones; absent on outbound calls.
        sip_headers: The ``SipHeader_<name>`` fields, keyed by ``<name>`` (e.g. ``X-Foo``),
            case kept, in the order received.
        extra: Every field this model does not read, in the order received. Like
            ``sip_headers`` it is a read-only, hashable mapping, so models can be hashed.

    Example:
        >>> request = CallRequest.from_form({
        ...     "CallSid": "CA1", "AccountSid": "AC1", "From": "3035550000",
        ...     "To": "8044731212", "CallStatus": "in-progress", "ApiVersion": "2012-04-24",
        ...     "Direction": "inbound", "SipHeader_X-Team": "sales", "ReferTarget": "null",
        ... })
        >>> request.call_status, request.caller_name
        (<CallStatus.IN_PROGRESS: 'in-progress'>, None)
        >>> dict(request.sip_headers), dict(request.extra)
        ({'X-Team': 'sales'}, {'ReferTarget': 'null'})
    """

    _rows: ClassVar[tuple[_Row, ...]] = _CALL_ROWS
    _header_rows: ClassVar[tuple[tuple[str, str], ...]] = _CALL_HEADER_ROWS

    call_sid: str
    instance_id: str | None = None
    account_sid: str
    from_: str
    to: str
    call_status: CallStatus | str
    api_version: str
    direction: Direction | str
    caller_name: str | None = None
    forwarded_from: str | None = None
    call_timestamp: datetime | None = None
    post_status: PostStatus | None = None
    sip_headers: Mapping[str, str] = attrs.field(factory=_FrozenMap, converter=_FrozenMap)
    extra: Mapping[str, str] = attrs.field(factory=_FrozenMap, converter=_FrozenMap)

    @property
    def is_status_notification(self) -> bool:
        """Whether the request only reports that the call ended, so no markup is needed.

        The platform requests the number's incoming URL more than once per call:
        ``PostStatus=new`` when the call arrives, then ``PostStatus=callback`` both when a
        document asks for it again (a ``<Redirect>`` back to it) and to report that the call
        ended. The rule that tells them apart is the call's status: one of
        :data:`ENDED_STATUSES` (``completed``, ``busy``, ``failed``, ``no-answer``,
        ``canceled``, ``not-found``) means a notification, whose answer is not run; any
        other status asks for the markup that continues the call. An unknown status is not
        taken as the end of the call.

        On the other models the property says the same of the answer (the call is over, so
        none is run), but such a request still carries its own data: a ``RecordAction`` sent
        after the caller hung up holds the recording. Handle that data before answering.

        Example:
            >>> fields = {
            ...     "CallSid": "CA1", "AccountSid": "AC1", "From": "3035550000",
            ...     "To": "8044731212", "ApiVersion": "2012-04-24", "Direction": "inbound",
            ...     "PostStatus": "callback",
            ... }
            >>> ended = IncomingCall.from_form({**fields, "CallStatus": "completed"})
            >>> ended.is_status_notification
            True
            >>> redirected = IncomingCall.from_form({**fields, "CallStatus": "in-progress"})
            >>> redirected.is_status_notification
            False
        """
        return self.call_status in ENDED_STATUSES

    @classmethod
    def from_form(cls, fields: Mapping[str, object]) -> Self:
        """Read a request from its decoded form fields or query parameters.

        Args:
            fields: The fields as a web framework gives them (Flask ``request.values``,
                Django ``request.POST``, Starlette ``await request.form()``, or a ``dict``).
                For a repeated key the value is whatever ``fields[key]`` gives: the first one
                for Werkzeug, the last one for Django and Starlette; use :meth:`from_body`
                when the first must win. Every value must be a ``str``.

        Returns:
            The model, with every field it does not read kept in ``extra``.

        Raises:
            TypeError: ``fields`` is not a mapping, or a field name is not a ``str``: a
                mistake in the calling code, not in the request.
            WebhookError: A required field is missing, empty or ``null``; a value does not
                parse; or a value is not text (an uploaded file, say).

        Example:
            >>> action = GatherAction.from_form({
            ...     "CallSid": "CA1", "AccountSid": "AC1", "From": "3035550000",
            ...     "To": "8044731212", "CallStatus": "in-progress", "ApiVersion": "2012-04-24",
            ...     "Direction": "inbound", "Digits": "42",
            ... })
            >>> action.digits
            '42'
        """
        if not isinstance(fields, Mapping):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise TypeError(
                f"{cls.__name__}.from_form() takes a mapping of field names to text, "
                f"got {type(fields).__name__}"
            )
        form: dict[str, str] = {}
        for key in fields:
            if not isinstance(key, str):  # pyright: ignore[reportUnnecessaryIsInstance]
                raise TypeError(
                    f"{cls.__name__}.from_form() takes field names as str, got {type(key).__name__}"
                )
            value = fields[key]
            if not isinstance(value, str):
                raise WebhookError(key, f"expected text, got {type(value).__name__}")
            form[key] = value
        values: dict[str, Any] = {}
        for row in cls._rows:
            raw = form.pop(row.name, None)
            if raw is None or raw in _ABSENT:
                if row.required and (row.unless is None or form.get(row.unless, "") in _ABSENT):
                    why = "missing" if raw is None else _ABSENT[raw]
                    also = "" if row.unless is None else f" (and there is no {row.unless})"
                    raise WebhookError(row.name, f"required field is {why}{also}")
                values[row.attr] = None
                continue
            try:
                values[row.attr] = row.load(raw)
            except ValueError as error:
                raise WebhookError(row.name, str(error)) from None
        for prefix, attr in cls._header_rows:
            names = [key for key in form if key.startswith(prefix) and key != prefix]
            values[attr] = {key[len(prefix) :]: form.pop(key) for key in names}
        return cls(**values, extra=form)

    @classmethod
    def from_body(cls, body: bytes | str) -> Self:
        """Read a request from its raw ``application/x-www-form-urlencoded`` body.

        This is also the way to read a query string. When a key repeats, its first value wins.

        Args:
            body: The body as received: ``bytes`` are decoded as UTF-8.

        Returns:
            The model, as :meth:`from_form` returns it for the decoded fields.

        Raises:
            TypeError: ``body`` is neither ``bytes`` nor ``str`` (a ``memoryview`` or
                ``bytearray`` must be turned into ``bytes`` first).
            WebhookError: The body is not valid UTF-8 form encoding (``field`` is ``None``),
                or :meth:`from_form` refuses the fields.

        Example:
            >>> call = IncomingCall.from_body(
            ...     b"CallSid=CA1&AccountSid=AC1&From=%2B13035550000&To=8044731212"
            ...     b"&CallStatus=ringing&ApiVersion=2012-04-24&Direction=inbound"
            ...     b"&CallerName=Ann+Smith&CallerName=ignored"
            ... )
            >>> call.from_, call.caller_name
            ('+13035550000', 'Ann Smith')
        """
        if not isinstance(body, (bytes, str)):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise TypeError(
                f"{cls.__name__}.from_body() takes the body as bytes or str, "
                f"got {type(body).__name__}"
            )
        try:
            text = body.decode() if isinstance(body, bytes) else body
        except UnicodeDecodeError as error:
            raise WebhookError(None, f"not UTF-8 form encoding ({error})") from None
        pairs: list[tuple[str, str]] = []
        # An empty body has no fields; Python 3.10's strict parsing calls it malformed.
        if text:
            pieces = text.split("&")
            for index, piece in enumerate(pieces):
                if "=" in piece:
                    continue
                # The platform's HTTP client writes a field without a value as its bare name
                # (``&SpeechResult&``); web frameworks read it as empty, and so does this.
                # Anything else without '=' (a JSON body, say) is not form encoding; it is
                # refused here because parse_qsl's message would quote it whole.
                if not piece:
                    raise WebhookError(
                        None,
                        "not UTF-8 form encoding (an empty field: an '&' at an end, or two in a"
                        " row)",
                    )
                if _BARE_NAME.fullmatch(piece) is None:
                    raise WebhookError(
                        None, f"not UTF-8 form encoding (a field without '=': {_show(piece)})"
                    )
                pieces[index] = piece + "="
            text = "&".join(pieces)
            try:
                pairs = parse_qsl(
                    text, keep_blank_values=True, strict_parsing=True, errors="strict"
                )
            except ValueError as error:  # an empty piece, or a UnicodeDecodeError of an escape
                raise WebhookError(None, f"not UTF-8 form encoding ({error})") from None
        fields: dict[str, str] = {}
        for key, value in pairs:
            fields.setdefault(key, value)
        return cls.from_form(fields)

    @classmethod
    def _is_header(cls, name: str) -> bool:
        """Whether ``from_form`` reads the field ``name`` as a header (``SipHeader_X``)."""
        return any(name.startswith(prefix) and name != prefix for prefix, _ in cls._header_rows)

    def to_form(self) -> dict[str, str]:
        """The form fields the platform would send for this request.

        The inverse of :meth:`from_form`: ``type(m).from_form(m.to_form()) == m`` for every
        model the platform could send, so tests can post a model to a handler. Fields that are
        ``None`` are left out; enumerations are written as their values; numbers in digits;
        ``Timestamp`` in RFC 2822 and ``CallTimestamp`` in ISO-8601 with milliseconds, both in
        UTC, as the platform writes them (a time with finer precision than the format holds
        is written in ISO-8601 with microseconds, which both fields read); then the
        ``SipHeader_*`` and ``DialSipHeader_*`` fields, then ``extra``.

        A text field holding ``""`` or ``"null"`` is written as it is, and reads back as
        ``None``: the platform cannot send such a value.

        Returns:
            A new ``dict`` of field names to text, in the order of the tables of the
            Webhooks page.

        Raises:
            TypeError: An attribute holds a value of a type no field has (a ``bool``).
            ValueError: A value the form cannot carry: a naive ``datetime``, a negative
                number or one of more than 18 digits, a duration that is not finite, a header
                with an empty name, or an ``extra`` field whose name this model reads
                (``CallSid``, ``SipHeader_X``).

        Example:
            >>> action = GatherAction(
            ...     call_sid="CA1", account_sid="AC1", from_="3035550000", to="8044731212",
            ...     call_status=CallStatus.IN_PROGRESS, api_version="2012-04-24",
            ...     direction=Direction.INBOUND, digits="1", sip_headers={"X-Team": "sales"},
            ... )
            >>> action.to_form()  # doctest: +NORMALIZE_WHITESPACE
            {'CallSid': 'CA1', 'AccountSid': 'AC1', 'From': '3035550000', 'To': '8044731212',
             'CallStatus': 'in-progress', 'ApiVersion': '2012-04-24', 'Direction': 'inbound',
             'Digits': '1', 'SipHeader_X-Team': 'sales'}
            >>> GatherAction.from_form(action.to_form()) == action
            True
        """
        form: dict[str, str] = {}
        for row in self._rows:
            value = getattr(self, row.attr)
            if value is not None:
                try:
                    form[row.name] = _dump(row.name, value)
                except (TypeError, ValueError) as error:
                    raise type(error)(f"{row.attr}: {error}") from None
        for prefix, attr in self._header_rows:
            headers: Mapping[str, str] = getattr(self, attr)
            for key, value in headers.items():
                if not key:  # "SipHeader_" alone is no header: from_form keeps it in extra
                    raise ValueError(f"{attr}: a header name is empty, which {prefix} cannot carry")
                form[prefix + key] = value
        for key, value in self.extra.items():
            if key in form or any(r.name == key for r in self._rows) or self._is_header(key):
                raise ValueError(
                    f"extra: {_shorten(key)} is a field {type(self).__name__} reads, "
                    "so it cannot be sent as an extra field"
                )
            form[key] = value
        return form

    def to_body(self) -> bytes:
        """The ``application/x-www-form-urlencoded`` body the platform would send.

        The inverse of :meth:`from_body`: the fields of :meth:`to_form`, percent-encoded as
        UTF-8 with ``+`` for a space.

        Returns:
            The body, ASCII bytes.

        Raises:
            TypeError: As :meth:`to_form`.
            ValueError: As :meth:`to_form`; or a text holds a lone surrogate, which UTF-8
                cannot encode.

        Example:
            >>> call = IncomingCall.from_body(
            ...     "CallSid=CA1&AccountSid=AC1&From=%2B13035550000&To=8044731212"
            ...     "&CallStatus=ringing&ApiVersion=2012-04-24&Direction=inbound"
            ...     "&CallerName=Ann+Smith"
            ... )
            >>> call.to_body()
            b'CallSid=CA1&AccountSid=AC1&From=%2B13035550000&To=8044731212&CallStatus=ringing&ApiVersion=2012-04-24&Direction=inbound&CallerName=Ann+Smith'
            >>> IncomingCall.from_body(call.to_body()) == call
            True
        """
        try:
            return urlencode(self.to_form()).encode("ascii")
        except UnicodeEncodeError as error:
            raise ValueError(f"a text cannot be encoded as UTF-8 ({error.reason})") from None


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

    _rows: ClassVar[tuple[_Row, ...]] = (
        *_CALL_ROWS,
        _Row("VoicemailDetector", "voicemail_detector", _strict(VoicemailDetector)),
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

    _rows: ClassVar[tuple[_Row, ...]] = (
        *(_Row(row.name, row.attr) if row.name == "ApiVersion" else row for row in _CALL_ROWS),
        _Row("CallDuration", "call_duration", _integer),
        _Row("Timestamp", "timestamp", _timestamp, required=True),
        _Row("CallbackSource", "callback_source", required=True),
        _Row("SequenceNumber", "sequence_number", _integer, required=True),
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

    _rows: ClassVar[tuple[_Row, ...]] = (
        *_CALL_ROWS,
        _Row("Digits", "digits", required=True, unless="SpeechResult"),
        _Row("SpeechResult", "speech_result"),
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

    _rows: ClassVar[tuple[_Row, ...]] = (
        *_CALL_ROWS,
        _Row("UnstableSpeechResult", "unstable_speech_result"),
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

    _rows: ClassVar[tuple[_Row, ...]] = (
        *_CALL_ROWS,
        _Row("RecordingUrl", "recording_url"),
        _Row("RecordingDuration", "recording_duration", _decimal, required=True),
        _Row("Digits", "digits"),
        _Row("PublicRecordingUrl", "public_recording_url"),
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

    _rows: ClassVar[tuple[_Row, ...]] = (
        *_CALL_ROWS,
        _Row("TranscriptionText", "transcription_text"),
        _Row(
            "TranscriptionStatus",
            "transcription_status",
            _strict(TranscriptionStatus),
            required=True,
        ),
        _Row("TranscriptionUrl", "transcription_url"),
        _Row("RecordingUrl", "recording_url"),
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

    _rows: ClassVar[tuple[_Row, ...]] = (
        *_CALL_ROWS,
        _Row("DialCallStatus", "dial_call_status", _strict(DialCallStatus)),
        _Row("DialCallSid", "dial_call_sid"),
        _Row("DialCallDuration", "dial_call_duration", _integer),
        _Row("RecordingUrl", "recording_url"),
        _Row("DialRingDuration", "dial_ring_duration", _integer),
        _Row("DialSipCallId", "dial_sip_call_id"),
        _Row("DialSipResponseCode", "dial_sip_response_code", _integer),
    )
    _header_rows: ClassVar[tuple[tuple[str, str], ...]] = (
        *_CALL_HEADER_ROWS,
        ("DialSipHeader_", "dial_sip_headers"),
    )

    dial_call_status: DialCallStatus | None = None
    dial_call_sid: str | None = None
    dial_call_duration: int | None = None
    recording_url: str | None = None
    dial_ring_duration: int | None = None
    dial_sip_call_id: str | None = None
    dial_sip_response_code: int | None = None
    dial_sip_headers: Mapping[str, str] = attrs.field(factory=_FrozenMap, converter=_FrozenMap)


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

    _rows: ClassVar[tuple[_Row, ...]] = (*_CALL_ROWS, _Row("SipCallId", "sip_call_id"))

    sip_call_id: str | None = None


# A request that cannot be read is answered in plain text: the message is for the person
# reading the platform's logs, not for the platform.
_ERROR_CONTENT_TYPE: Final = "text/plain; charset=utf-8"


@attrs.frozen
class WebhookResponse:
    """The HTTP answer to a webhook request, independent of any web framework.

    Build one with :meth:`from_document` for markup, or :meth:`from_error` for a request that
    could not be read, then hand its three parts to the framework's response class, e.g.
    ``flask.Response(answer.body, status=answer.status, headers=answer.headers)``.

    Attributes:
        body: The bytes to send.
        status: The HTTP status code.
        content_type: The value of the ``Content-Type`` header.

    Example:
        >>> from callmarkup import Hangup, Response, Say
        >>> answer = WebhookResponse.from_document(Response(Say("Goodbye."), Hangup()))
        >>> answer.status, answer.headers
        (200, {'Content-Type': 'text/xml; charset=utf-8'})
        >>> answer.body
        b'<?xml version="1.0" encoding="UTF-8"?><Response><Say>Goodbye.</Say><Hangup/></Response>'
    """

    body: bytes
    status: int = 200
    content_type: str = CONTENT_TYPE

    @property
    def headers(self) -> dict[str, str]:
        """The headers to send, as a new ``dict`` that every framework accepts."""
        return {"Content-Type": self.content_type}

    @classmethod
    def from_document(cls, document: Response) -> Self:
        """Answer with a markup document: ``200``, :data:`CONTENT_TYPE`, the canonical bytes.

        Args:
            document: The document, already valid since nodes check themselves when built.

        Returns:
            The response, whose body is ``render_bytes(document)``.

        Example:
            >>> from callmarkup import Reject, Response, render_bytes
            >>> busy = Response(Reject(reason="busy"))
            >>> WebhookResponse.from_document(busy).body == render_bytes(busy)
            True
        """
        return cls(render_bytes(document))

    @classmethod
    def from_error(cls, error: WebhookError) -> Self:
        """Answer a request that could not be read: ``400`` and the error's message as text.

        Args:
            error: What :meth:`CallRequest.from_form` or :meth:`CallRequest.from_body` raised.

        Returns:
            The response, whose body is ``str(error)`` in UTF-8 plain text.

        Example:
            >>> try:
            ...     GatherAction.from_form({"CallSid": "CA1", "AccountSid": "AC1"})
            ... except WebhookError as error:
            ...     answer = WebhookResponse.from_error(error)
            >>> answer.status, answer.content_type, answer.body
            (400, 'text/plain; charset=utf-8', b'From: required field is missing')
        """
        return cls(str(error).encode(), status=400, content_type=_ERROR_CONTENT_TYPE)
