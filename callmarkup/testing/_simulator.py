"""The simulator: places simulated calls to an application.

:class:`Simulator` ties an application (WSGI, ASGI, or a server reached over HTTP) to the
platform settings, and :meth:`Simulator.call` runs one call to its end.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import TYPE_CHECKING, Literal

from callmarkup.testing._engine import Chooser, run_call
from callmarkup.testing._transport import transport
from callmarkup.testing._values import (
    FAR_ENDS,
    Caller,
    FarEnd,
    NoAnswer,
    Outbound,
    Platform,
    invite_headers,
)

if TYPE_CHECKING:
    from types import TracebackType

    from typing_extensions import Self

    from callmarkup.testing._result import Call

__all__ = ["CALL_FIELDS", "Simulator"]

CALL_FIELDS = frozenset(
    {"CallSid", "AccountSid", "InstanceId", "CallerName", "ForwardedFrom", "CallTimestamp"}
)
"""The call fields :meth:`Simulator.call` accepts as keywords."""


class Simulator:
    """Places simulated calls to an application, as the api19 platform would.

    Args:
        app: A WSGI application, an ASGI application, or ``None`` to send real HTTP requests
            to ``incoming_url`` (a running server). In process, only the URLs of
            ``incoming_url``'s scheme, host and port reach the application; others are
            unreachable. An ASGI application gets no lifespan events: set up what its
            startup would before the calls.
        incoming_url: The number's incoming URL, requested when a call arrives and sent the
            final status notification.
        method: The method of the incoming request: ``POST`` on api19.
        platform: The platform's variants and timings.
        far_ends: What the destinations of ``<Dial>`` do, keyed by the destination as
            written (a phone number, ``alice`` or ``client:alice``, a SIP URI).
        default_far_end: What an unlisted destination does.

    Raises:
        TypeError: An argument of the wrong type, an ``incoming_url`` that is not an http(s)
            URL, or a ``method`` other than ``GET`` and ``POST``.

    Example:
        >>> def app(environ, start_response):
        ...     start_response("200 OK", [("Content-Type", "text/xml")])
        ...     return [b"<Response><Say>Hello.</Say></Response>"]
        >>> call = Simulator(app).call()
        >>> call.status, call.kinds()
        ('completed', ['request', 'answer', 'say', 'hangup', 'request', 'error', 'end'])
        >>> print(call.errors[0].code)
        markup-to-notification
    """

    def __init__(  # noqa: PLR0913 - every setting is keyword-only and has a default
        self,
        app: object,
        *,
        incoming_url: str = "http://app.test/call",
        method: Literal["GET", "POST"] = "POST",
        platform: Platform | None = None,
        far_ends: Mapping[str, FarEnd] | None = None,
        default_far_end: FarEnd | None = None,
    ) -> None:
        """Tie the application to the platform's settings."""
        if not isinstance(incoming_url, str) or not incoming_url.startswith(("http:", "https:")):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise TypeError(f"incoming_url must be an http(s) URL, got {incoming_url!r}")
        if method not in {"GET", "POST"}:
            raise TypeError(f"method must be 'GET' or 'POST', got {method!r}")
        if platform is not None and not isinstance(platform, Platform):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise TypeError(f"platform must be a Platform, got {platform!r}")
        self.app = app
        self.incoming_url = incoming_url
        self.method = method
        self.platform = Platform() if platform is None else platform
        self.far_ends = _far_ends(far_ends)
        self.default_far_end = NoAnswer() if default_far_end is None else default_far_end
        if not isinstance(self.default_far_end, FAR_ENDS):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise TypeError(f"default_far_end must be a far end, got {default_far_end!r}")
        self._transport = transport(app, incoming_url)
        self._numbers = itertools.count(1)

    def call(  # noqa: PLR0913 - the call's parties and fields, all keyword-only
        self,
        caller: Caller | None = None,
        *,
        from_: str = "+15550001111",
        to: str = "+15550002222",
        far_ends: Mapping[str, FarEnd] | None = None,
        platform: Platform | None = None,
        sip_headers: Mapping[str, str] | None = None,
        choose: Chooser | None = None,
        outbound: Outbound | None = None,
        **fields: str,
    ) -> Call:
        """Run one incoming call to its end, on a virtual clock, and return what happened.

        Args:
            caller: What the caller does; by default, nothing (silence).
            from_: The caller's number (``From``).
            to: The number called (``To``).
            far_ends: What the ``<Dial>`` destinations do, over the simulator's own.
            platform: The platform settings for this call, instead of the simulator's.
            sip_headers: The ``X-…`` and ``Diversion`` headers of the incoming INVITE, sent
                as ``SipHeader_<name>`` fields; other names are a ``ValueError``.
            choose: Once the caller's actions have run out, called with each ``<Gather>``
                or ``<Record>`` to choose what the caller does there (instead of silence);
                the returned call's ``caller`` then lists every action taken.
            outbound: Place a call created through the REST API instead of an incoming
                one: ``caller`` is then the callee, ``from_`` the account's number.
            **fields: Other call fields by their wire name: ``CallerName``,
                ``ForwardedFrom``, ``CallTimestamp``, ``CallSid``, ``AccountSid``,
                ``InstanceId``.

        Returns:
            The call, with its requests, transcript, errors and final status.

        Raises:
            TypeError: An argument of the wrong type or an unknown field.
            ValueError: A SIP header the platform does not pass on.

        Example:
            >>> from callmarkup.testing import Press
            >>> def app(environ, start_response):
            ...     start_response("200 OK", [("Content-Type", "text/xml")])
            ...     if environ["PATH_INFO"] == "/call":
            ...         return [b'<Response><Gather action="/menu" numDigits="1">'
            ...                 b'<Say>Press 1.</Say></Gather></Response>']
            ...     return [b"<Response><Say>Thanks.</Say><Hangup/></Response>"]
            >>> call = Simulator(app).call(Caller([Press("1")]))
            >>> [(r.kind, r.url, r.form.get("Digits")) for r in call.requests]
            [('incoming', 'http://app.test/call', None), ('action', 'http://app.test/menu', '1'), ('status', 'http://app.test/call', None)]
        """  # noqa: E501 - the example shows one output line
        if caller is None:
            caller = Caller()
        texts = {"From": from_, "To": to, **fields}
        headers = invite_headers(sip_headers or {})
        texts.update({f"SipHeader_{name}": value for name, value in headers})
        _check_call(caller, platform, fields, texts)
        if choose is not None and not callable(choose):
            raise TypeError(f"choose must be callable, got {choose!r}")
        if outbound is not None and not isinstance(outbound, Outbound):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise TypeError(f"outbound must be an Outbound, got {outbound!r}")
        return self._call(
            caller,
            far_ends=far_ends,
            platform=platform,
            fields=texts,
            choose=choose,
            outbound=outbound,
        )

    def _call(  # noqa: PLR0913 - the checked arguments of call()
        self,
        caller: Caller,
        *,
        far_ends: Mapping[str, FarEnd] | None,
        platform: Platform | None,
        fields: Mapping[str, str],
        choose: Chooser | None = None,
        outbound: Outbound | None = None,
    ) -> Call:
        """Run a call whose arguments are checked; ``choose`` picks actions past the script."""
        try:
            return run_call(
                transport=self._transport,
                platform=self.platform if platform is None else platform,
                incoming_url=self.incoming_url,
                method=self.method,
                caller=caller,
                far_ends={**self.far_ends, **_far_ends(far_ends)},
                default_far_end=self.default_far_end,
                fields=fields,
                number=next(self._numbers),
                choose=choose,
                outbound=outbound,
            )
        finally:
            self._transport.close()

    def close(self) -> None:
        """Release the transport (an ASGI application's event loop); ``with`` does it for you.

        Example:
            >>> def app(environ, start_response):
            ...     start_response("200 OK", [("Content-Type", "text/xml")])
            ...     return [b"<Response><Hangup/></Response>"]
            >>> with Simulator(app) as simulator:
            ...     simulator.call().status
            'completed'
        """
        self._transport.close()

    def __enter__(self) -> Self:
        """Use the simulator in a ``with`` block that closes it."""
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        """Close the simulator."""
        self.close()

    def __repr__(self) -> str:
        """Show the application and where calls arrive."""
        return f"Simulator({self.app!r}, incoming_url={self.incoming_url!r})"


def _check_call(
    caller: object, platform: object, fields: Mapping[str, object], texts: Mapping[str, object]
) -> None:
    if not isinstance(caller, Caller):
        raise TypeError(f"caller must be a Caller, got {caller!r}")
    if platform is not None and not isinstance(platform, Platform):
        raise TypeError(f"platform must be a Platform, got {platform!r}")
    for name in fields:
        if name not in CALL_FIELDS:
            raise TypeError(f"unknown call field {name!r}; allowed: {sorted(CALL_FIELDS)}")
    for name, value in texts.items():
        if not isinstance(value, str):
            raise TypeError(f"call field {name!r} must be text, got {value!r}")


def _far_ends(far_ends: Mapping[str, FarEnd] | None) -> dict[str, FarEnd]:
    if far_ends is None:
        return {}
    if not isinstance(far_ends, Mapping):  # pyright: ignore[reportUnnecessaryIsInstance]
        raise TypeError(f"far_ends must be a mapping of destination to far end, got {far_ends!r}")
    for target, far in far_ends.items():
        if not isinstance(target, str) or not isinstance(far, FAR_ENDS):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise TypeError(f"far_ends[{target!r}] must be a far end, got {far!r}")
    return dict(far_ends)
