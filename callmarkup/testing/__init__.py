"""Test a whole call-control application the way the platform runs it: the call simulator.

:class:`Simulator` places simulated calls to a WSGI or ASGI application in process (or to a
running server over HTTP), follows the call execution model of the api19 platform verb by
verb on a virtual clock, and returns a :class:`Call` with every request, the transcript, the
application errors and the final status. :func:`callers` and :func:`check_calls` (which need
Hypothesis) explore many calls and shrink a failing one to the shortest caller script.

Example:
    >>> from urllib.parse import parse_qs
    >>> def app(environ, start_response):
    ...     form = parse_qs(environ["wsgi.input"].read().decode())
    ...     start_response("200 OK", [("Content-Type", "text/xml")])
    ...     if form["CallStatus"] == ["completed"]:  # the final status notification
    ...         return [b"<Response/>"]
    ...     return [b"<Response><Say>Hello.</Say><Hangup/></Response>"]
    >>> print(Simulator(app).call())
       0.0s  request kind=incoming method=POST url=http://app.test/call status=200
       0.0s  answer
       0.0s  say text=Hello. loop=1
       1.0s  hangup by=app reason=hangup
       1.0s  request kind=status method=POST url=http://app.test/call status=200
       1.0s  end status=completed seconds=1
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from callmarkup.testing._result import AppError, Call, Event, Exchange
from callmarkup.testing._simulator import Simulator
from callmarkup.testing._values import (
    Action,
    Answer,
    Busy,
    Caller,
    Fail,
    FarEnd,
    HangUp,
    NoAnswer,
    Outbound,
    Platform,
    Press,
    Recording,
    Silence,
    Speak,
    Variant,
)

if TYPE_CHECKING:
    from callmarkup.testing._explore import CallCheckError, callers, check_calls, platforms

__all__ = [
    "Action",
    "Answer",
    "AppError",
    "Busy",
    "Call",
    "CallCheckError",
    "Caller",
    "Event",
    "Exchange",
    "Fail",
    "FarEnd",
    "HangUp",
    "NoAnswer",
    "Outbound",
    "Platform",
    "Press",
    "Recording",
    "Silence",
    "Simulator",
    "Speak",
    "Variant",
    "callers",
    "check_calls",
    "platforms",
]

_EXPLORE = frozenset({"CallCheckError", "callers", "check_calls", "platforms"})


def __getattr__(name: str) -> Any:
    # The exploration needs Hypothesis; importing it only when asked for keeps the simulator
    # usable without it.
    if name in _EXPLORE:
        from callmarkup.testing import _explore  # noqa: PLC0415

        return getattr(_explore, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
