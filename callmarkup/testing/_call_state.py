"""One simulated call's state: its transcript, its virtual clock and the signals that unwind it.

:class:`CallState` holds what the platform knows of a call while it runs: its status, its
requests and events so far, the time on a clock that never sleeps (it jumps from one event to
the next), and the standard fields of a request about the call. The requests (``_requests``),
each family of verbs (``_verb_*``) and the engine's loop (``_engine``) build on it.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Final

import attrs

from callmarkup._nodes import Gather, Record
from callmarkup.testing._result import AppError, Event
from callmarkup.testing._urls import base_of
from callmarkup.testing._values import Action, NoAnswer, Silence

if TYPE_CHECKING:
    from collections.abc import Mapping

    from callmarkup._nodes import Noun
    from callmarkup.exceptions import Violation
    from callmarkup.testing._lenient import Stops
    from callmarkup.testing._result import Exchange
    from callmarkup.testing._transport import Transport
    from callmarkup.testing._values import Caller, FarEnd, Outbound, Platform

__all__ = [
    "ACCOUNTS_URL",
    "API_VERSION",
    "NEVER",
    "CallState",
    "Chooser",
    "Ended",
    "Fields",
    "Interrupt",
    "Leg",
    "Session",
    "SessionOver",
    "words",
]

API_VERSION: Final = "2012-04-24"
DEFAULT_TIMESTAMP: Final = "2020-05-26T17:59:16.555Z"
"""The ``CallTimestamp`` of a simulated call unless one is given: a Tuesday, 17:59 UTC."""
ACCOUNTS_URL: Final = "https://api.api19.com/2012-04-24/Accounts"
"""The platform's REST API of accounts, under which recordings are named."""
NEVER: Final = math.inf

Fields = list[tuple[str, "str | None"]]
Chooser = Callable[[Gather | Record], Action]
"""Chooses the caller's action at a verb that takes input, once the script has run out."""


class Interrupt(Exception):  # noqa: N818 - control flow, not an error
    """The clock reached something that stops the current verb: a hang-up or a time limit."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


class Ended(Exception):  # noqa: N818 - control flow, not an error
    """The call has ended; its final status is set."""


class SessionOver(Exception):  # noqa: N818 - control flow, not an error
    """A screening document ended other than by running out of verbs.

    By a ``<Hangup>`` or the far end hanging up, a ``<Dial>``, or a request that failed.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _no_actions() -> list[Action]:
    return []


@attrs.define
class Session:
    """Whoever the current documents run against: the caller, or a screened far end."""

    actions: tuple[Action, ...]
    hangs_up_at: float
    block: Callable[[], Fields]
    base: str
    url: str
    screening: bool = False
    deadline: float = NEVER
    next_action: int = 0
    choose: Chooser | None = None
    taken: list[Action] = attrs.field(factory=_no_actions)

    def take(self, verb: Gather | Record) -> Action:
        """The party's next action: scripted, then chosen (when exploring), then silence."""
        if self.next_action < len(self.actions):
            action = self.actions[self.next_action]
            self.next_action += 1
        elif self.choose is not None:
            action = self.choose(verb)
        else:
            return Silence()
        self.taken.append(action)
        return action


def _no_events() -> set[str]:
    return set()


@attrs.define
class Leg:
    """One leg of a ``<Dial>``."""

    index: int
    sid: str
    kind: str
    target: str
    noun: Noun | None
    far: FarEnd
    created: float
    answered: float | None = None
    ended: float = NEVER
    status: str = "ringing"
    rings: bool = True
    sent: set[str] = attrs.field(factory=_no_events)


def words(text: str) -> int:
    """How many words a text has, at least one: what spoken time is counted in."""
    return max(1, len(text.split()))


class CallState:
    """One call's state, transcript and clock, from its first request to its final notification."""

    def __init__(  # noqa: PLR0913 - the call's whole context, given once
        self,
        *,
        transport: Transport,
        platform: Platform,
        incoming_url: str,
        method: str,
        caller: Caller,
        far_ends: Mapping[str, FarEnd],
        default_far_end: FarEnd,
        fields: Mapping[str, str],
        number: int,
        choose: Chooser | None,
        outbound: Outbound | None,
    ) -> None:
        self.transport = transport
        self.outbound = outbound
        self.platform = platform
        self.incoming_url = incoming_url
        self.method = method
        self.caller = caller
        self.far_ends = far_ends
        self.default_far_end = default_far_end
        # Declared here for every module that moves them on (``+=`` alone declares no type).
        self.t: float = 0.0
        self.status: str = "ringing"
        self.final: str = "completed"
        self.requests: list[Exchange] = []
        self.events: list[Event] = []
        self.errors: list[AppError] = []
        self.documents: int = 0
        self.legs: int = 0
        self.recordings: int = 0
        self.outbound_call_sid: str | None = None
        self.notified: set[str] = set()
        self.stops: Stops = {}
        self.call_sid = fields.get("CallSid", f"CA{number:032x}")
        self.account_sid = fields.get("AccountSid", "AC" + "0" * 31 + "1")
        # The outbound call itself, as a leg whose progress its StatusCallback reports.
        to = fields.get("To", "")
        self.call_leg = Leg(0, self.call_sid, "number", to, None, NoAnswer(), 0.0)
        self.fields = dict(fields)
        self.start = _start_time(fields.get("CallTimestamp", DEFAULT_TIMESTAMP))
        hangs_up = caller.hangs_up_after
        self.main = Session(
            actions=caller.actions,
            hangs_up_at=NEVER if hangs_up is None else float(hangs_up),
            block=self.standard_block,
            base=base_of(incoming_url),
            url=incoming_url,
            choose=choose,
        )

    # The transcript ------------------------------------------------------------------------

    def event(self, what: str, /, **details: object) -> None:
        """Append an event at the current time; ``None`` details are left out."""
        pairs = tuple(
            (key.rstrip("_"), str(value)) for key, value in details.items() if value is not None
        )
        self.events.append(Event(self.t, what, pairs))

    def error(
        self,
        code: str,
        detail: str,
        url: str | None = None,
        violations: tuple[Violation, ...] = (),
        notification: int | None = None,
    ) -> None:
        """Record an application error, in the errors and in the transcript."""
        self.errors.append(AppError(code, detail, url, self.t, violations, notification))
        self.event("error", code=code, detail=detail, notification=notification)

    # The clock -----------------------------------------------------------------------------

    def advance_to(self, session: Session, at: float) -> None:
        """Move the clock to ``at``, or stop at the first hang-up or limit before it."""
        hazards = [
            (self.main.hangs_up_at, "caller"),
            (self.platform.max_call_seconds, "max-seconds"),
        ]
        if session.screening:
            hazards += [(session.hangs_up_at, "far-end"), (session.deadline, "screening-timeout")]
        first = min((h for h in hazards if h[0] <= at), default=None)
        if first is not None:
            self.t = max(self.t, first[0])
            raise Interrupt(first[1])
        self.t = max(self.t, at)

    def end(self, status: str, by: str | None, reason: str) -> Ended:
        """End the call with its final status; return the exception that unwinds it."""
        if by is not None:
            self.event("hangup", by=by, reason=reason)
        self.final = status
        self.status = "completed"
        return Ended()

    # The standard fields of a request ------------------------------------------------------

    def standard_block(self, *, new: bool = False) -> Fields:
        """The standard fields of a request about the call, as of now, in the platform's order.

        ``PostStatus`` is ``new`` on the first request and ``callback`` on every later one; a
        call created through the REST API carries none.
        """
        get = self.fields.get
        block: Fields = [("CallSid", self.call_sid), ("InstanceId", get("InstanceId", "ID1"))]
        if self.outbound_call_sid is not None:
            block.append(("OutboundCallSid", self.outbound_call_sid))
        block += [
            ("AccountSid", self.account_sid),
            ("From", get("From", "")),
            ("To", get("To", "")),
            ("CallStatus", self.status),
            ("ApiVersion", API_VERSION),
            ("Direction", "outbound-api" if self.outbound else "inbound"),
            ("CallerName", get("CallerName", "null")),
            ("ForwardedFrom", get("ForwardedFrom", "null")),
            ("CallTimestamp", get("CallTimestamp", DEFAULT_TIMESTAMP)),
        ]
        block += [
            (key, value) for key, value in self.fields.items() if key.startswith("SipHeader_")
        ]
        if self.outbound is None:
            block.append(("PostStatus", "new" if new else "callback"))
        elif new and self.outbound.voicemail_detector is not None:
            block.append(("VoicemailDetector", self.outbound.voicemail_detector))
        return block


def _start_time(stamp: str) -> datetime:
    text = stamp.replace("Z", "+00:00")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        moment = datetime(2020, 5, 26, 17, 59, 16, tzinfo=timezone.utc)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)
