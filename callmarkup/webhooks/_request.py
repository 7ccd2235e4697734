"""The standard call fields every request carries, and how any model is read and written.

:class:`CallRequest` is the base of every model. Each model is described by a table of rows
(form field, attribute, converter, required); one method, :meth:`CallRequest.from_form`, reads
every model from its rows, and :meth:`CallRequest.to_form` writes it back.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime  # noqa: TC003 - the annotations are read at run time
from typing import TYPE_CHECKING, Any, ClassVar, Final
from urllib.parse import parse_qsl, urlencode

import attrs

from callmarkup.webhooks._errors import WebhookError
from callmarkup.webhooks._fields import (
    ABSENT,
    BARE_NAME,
    FrozenMap,
    Row,
    dump,
    shorten,
    show,
    strict,
    timestamp,
    tolerant,
)
from callmarkup.webhooks._values import ENDED_STATUSES, CallStatus, Direction, PostStatus

if TYPE_CHECKING:
    from typing_extensions import Self

__all__ = ["CALL_HEADER_ROWS", "CALL_ROWS", "CallRequest"]

# The standard call fields, in the order the platform sends them; every model starts with
# these rows.
CALL_ROWS: Final = (
    Row("CallSid", "call_sid", required=True),
    Row("InstanceId", "instance_id"),
    Row("AccountSid", "account_sid", required=True),
    Row("From", "from_", required=True),
    Row("To", "to", required=True),
    Row("CallStatus", "call_status", tolerant(CallStatus), required=True),
    Row("ApiVersion", "api_version", required=True),
    Row("Direction", "direction", tolerant(Direction), required=True),
    Row("CallerName", "caller_name"),
    Row("ForwardedFrom", "forwarded_from"),
    Row("CallTimestamp", "call_timestamp", timestamp),
    Row("PostStatus", "post_status", strict(PostStatus)),
)
# Families of fields gathered into one mapping: (prefix, attribute).
CALL_HEADER_ROWS: Final = (("SipHeader_", "sip_headers"),)


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

    _rows: ClassVar[tuple[Row, ...]] = CALL_ROWS
    _header_rows: ClassVar[tuple[tuple[str, str], ...]] = CALL_HEADER_ROWS

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
    sip_headers: Mapping[str, str] = attrs.field(factory=FrozenMap, converter=FrozenMap)
    extra: Mapping[str, str] = attrs.field(factory=FrozenMap, converter=FrozenMap)

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
            >>> from callmarkup.webhooks import IncomingCall
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
            >>> from callmarkup.webhooks import GatherAction
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
            if raw is None or raw in ABSENT:
                if row.required and (row.unless is None or form.get(row.unless, "") in ABSENT):
                    why = "missing" if raw is None else ABSENT[raw]
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
            >>> from callmarkup.webhooks import IncomingCall
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
                if BARE_NAME.fullmatch(piece) is None:
                    raise WebhookError(
                        None, f"not UTF-8 form encoding (a field without '=': {show(piece)})"
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
            >>> from callmarkup.webhooks import GatherAction
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
                    form[row.name] = dump(row.name, value)
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
                    f"extra: {shorten(key)} is a field {type(self).__name__} reads, "
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
            >>> from callmarkup.webhooks import IncomingCall
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
