"""What a simulated call leaves behind: its requests, its transcript, its errors, its status.

Every value here is frozen; :class:`Call` prints as a call log a person can read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import attrs

if TYPE_CHECKING:
    from callmarkup.exceptions import Violation
    from callmarkup.testing._values import Caller

__all__ = ["AppError", "Call", "Event", "Exchange"]


Field = tuple[str, "str | None"]
"""A request field: its name and value; ``None`` is a bare name without ``=``."""


@attrs.frozen
class Exchange:
    """One HTTP request the platform made to the application, and the answer it got.

    Attributes:
        kind: ``incoming``, ``action``, ``redirect``, ``screening``, ``status``, ``progress``,
            ``partial``, ``transcription`` or ``media``.
        method: ``GET`` or ``POST``.
        url: The URL requested; for ``GET`` with the fields as its query.
        fields: The fields sent, in order; a ``None`` value was sent as a bare name.
        status: The HTTP status of the answer; ``None`` when none arrived.
        content_type: The answer's ``Content-Type``, if any.
        body: The answer's body.
        at: Virtual seconds since the call started.

    Example:
        >>> exchange = Exchange("action", "POST", "http://app.test/menu",
        ...                     (("Digits", "1"), ("SpeechResult", None)), 200, "text/xml", b"")
        >>> exchange.form
        {'Digits': '1', 'SpeechResult': ''}
    """

    kind: str
    method: str
    url: str
    fields: tuple[Field, ...]
    status: int | None
    content_type: str | None
    body: bytes
    at: float = 0.0

    @property
    def form(self) -> dict[str, str]:
        """The fields as a web framework decodes them; a bare name has the empty value.

        Example:
            >>> Exchange("action", "POST", "http://app.test/menu",
            ...          (("Digits", "1"), ("SpeechResult", None)), 200, "text/xml", b"").form
            {'Digits': '1', 'SpeechResult': ''}
        """
        form: dict[str, str] = {}
        for name, value in self.fields:
            form.setdefault(name, "" if value is None else value)
        return form

    def __str__(self) -> str:
        """One line: kind, method, URL and the answer's status."""
        answer = "no answer" if self.status is None else str(self.status)
        return f"{self.kind} {self.method} {self.url} -> {answer}"


@attrs.frozen
class Event:
    """One entry of a call's transcript.

    Attributes:
        at: Virtual seconds since the call started.
        kind: ``request``, ``answer``, ``say``, ``play``, ``pause``, ``beep``, ``gather``,
            ``record``, ``dial``, ``leg``, ``screening`` (its start and end), ``bridge``,
            ``skip``, ``reject``, ``stall`` (the call left silent), ``hangup``, ``error`` or
            ``end``.
        details: Its details as ``(name, value)`` pairs, in order.

    Example:
        >>> event = Event(1.5, "gather", (("phase", "end"), ("digits", "1")))
        >>> event["digits"], str(event)
        ('1', '   1.5s  gather phase=end digits=1')
    """

    at: float
    kind: str
    details: tuple[tuple[str, str], ...] = ()

    def __getitem__(self, name: str) -> str:
        """The value of one detail; ``KeyError`` if it is absent."""
        for key, value in self.details:
            if key == name:
                return value
        raise KeyError(name)

    def get(self, name: str, default: str | None = None) -> str | None:
        """The value of one detail, or ``default``.

        Example:
            >>> Event(0.0, "hangup", (("by", "caller"),)).get("reason", "none")
            'none'
        """
        try:
            return self[name]
        except KeyError:
            return default

    def __str__(self) -> str:
        """A line of the call log."""
        details = " ".join(f"{key}={value}" for key, value in self.details)
        return f"{self.at:6.1f}s  {self.kind} {details}".rstrip()


@attrs.frozen
class AppError:
    """An application error met during the call.

    Attributes:
        code: ``not-found``, ``http-status``, ``timeout``, ``unreachable``,
            ``unsupported-content-type``, ``malformed``, ``markup-invalid``, ``loop-limit``,
            ``unresolvable-callback``, ``notification-failed``, ``markup-to-notification``,
            ``media-failed``, or, under ``Platform(lenient=True)``, ``unreadable-url`` and
            ``empty-action`` (a verb the platform reads only to stop the call) and
            ``unreadable-method`` (a noun whose screening the platform cannot request).
        detail: What happened, for a person.
        url: The URL concerned, if any.
        at: Virtual seconds since the call started.
        violations: For ``markup-invalid``, what :func:`callmarkup.validate` reported.
        notification: The code the platform files in its own error log for this error, where
            it files one: ``11100`` a URL it cannot read, ``11101`` an empty Gather action,
            ``11205`` (no connection) or ``11206`` (an unusable answer) a failed request it
            then retries with the fallback URL, ``13233`` a media file it cannot fetch,
            ``21402`` a first document that is not found; else ``None``.

    Example:
        >>> print(AppError("not-found", "404 Not Found", "http://app.test/menu", 7.0))
        7.0s not-found http://app.test/menu: 404 Not Found
    """

    code: str
    detail: str
    url: str | None = None
    at: float = 0.0
    violations: tuple[Violation, ...] = ()
    notification: int | None = None

    def __str__(self) -> str:
        """One line: when, the code, the URL and the detail (and the platform's code)."""
        where = f" {self.url}" if self.url else ""
        filed = f" [platform {self.notification}]" if self.notification is not None else ""
        return f"{self.at:.1f}s {self.code}{where}: {self.detail}{filed}"


@attrs.frozen
class Call:
    """A simulated call, run to its end.

    Attributes:
        caller: The script the caller followed.
        status: The final ``CallStatus`` (``completed``, ``busy``, ``failed``,
            ``no-answer``, ``canceled`` or ``not-found``).
        seconds: How long the call lasted, in virtual seconds.
        requests: Every request made to the application, in order.
        events: The transcript.
        errors: The application errors met.
        documents: How many document requests were made (incoming, action, redirect,
            screening).

    Example:
        >>> from callmarkup.testing import Caller
        >>> call = Call(Caller(), "completed", 3.0, (), (Event(0.0, "answer"),), ())
        >>> call.ok
        True
    """

    caller: Caller
    status: str
    seconds: float
    requests: tuple[Exchange, ...]
    events: tuple[Event, ...]
    errors: tuple[AppError, ...]
    documents: int = 0

    @property
    def ok(self) -> bool:
        """Whether the call met no application error.

        Example:
            >>> from callmarkup.testing import Caller
            >>> Call(Caller(), "failed", 0.0, (), (), (AppError("timeout", "no answer"),)).ok
            False
        """
        return not self.errors

    def kinds(self) -> list[str]:
        """The kinds of the events, in order: a compact view for tests.

        Example:
            >>> from callmarkup.testing import Caller
            >>> Call(Caller(), "completed", 1.0, (), (Event(0.0, "answer"), Event(1.0, "end")), ()).kinds()
            ['answer', 'end']
        """  # noqa: E501 - the example shows one input line
        return [event.kind for event in self.events]

    def __str__(self) -> str:
        """The call log: the transcript, line by line, then the errors."""
        lines = [str(event) for event in self.events]
        if self.errors:
            lines.append("errors:")
            lines += [f"  {error}" for error in self.errors]
        return "\n".join(lines)
