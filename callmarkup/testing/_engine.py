"""The call's state machine: one simulated call, verb by verb, on a virtual clock.

Everything that decides what the simulated platform does with a call lives in this module, in
this order: the requests and their fields, the call's life, each verb, errors and hang-ups.
Time never sleeps: the clock jumps from one event to the next.
"""

from __future__ import annotations

import base64
import math
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Final, NoReturn
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

import attrs

from callmarkup._nodes import (
    Client,
    Dial,
    Gather,
    Hangup,
    Pause,
    Play,
    Record,
    Redirect,
    Reject,
    Response,
    Say,
    Sip,
)
from callmarkup._parse import parse
from callmarkup.exceptions import Code, InvalidMarkupError, ParseError, Violation
from callmarkup.testing._lenient import Stops, lenient_reading, platform_text
from callmarkup.testing._result import AppError, Call, Event, Exchange
from callmarkup.testing._transport import Reply
from callmarkup.testing._urls import base_of, encode, resolve, split_query
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
)
from callmarkup.webhooks import ENDED_STATUSES

if TYPE_CHECKING:
    from collections.abc import Mapping

    from callmarkup._nodes import Noun, Prompt, Verb
    from callmarkup.testing._transport import Transport

__all__ = ["API_VERSION", "DEFAULT_TIMESTAMP", "run_call"]

API_VERSION: Final = "2012-04-24"
DEFAULT_TIMESTAMP: Final = "2020-05-26T17:59:16.555Z"
"""The ``CallTimestamp`` of a simulated call unless one is given: a Tuesday, 17:59 UTC."""
_API: Final = "https://api.api19.com/2012-04-24/Accounts"
_FORM: Final = "application/x-www-form-urlencoded; charset=UTF-8"
_DOCUMENT_TYPES: Final = ("text/xml", "application/xml", "text/html")
_REDIRECTS: Final = frozenset({301, 302, 303, 307})
_MAX_REDIRECTS: Final = 10
_DOCUMENT_KINDS: Final = frozenset({"incoming", "action", "redirect", "screening"})
_SCREENING_SECONDS: Final = 60.0
_PROGRESS_SEQUENCE: Final = {"initiated": 0, "ringing": 1, "answered": 2, "completed": 3}
_PROGRESS_AS_STATUS: Final = {"initiated": "initiated", "ringing": "ringing"}
_REJECT_STATUS: Final = {"busy": "busy", "rejected": "no-answer"}
_NEVER: Final = math.inf
_UNREADABLE: Final = "unreadable URL"

Fields = list[tuple[str, "str | None"]]
Chooser = Callable[[Gather | Record], Action]
"""Chooses the caller's action at a verb that takes input, once the script has run out."""


class _Interrupt(Exception):  # noqa: N818 - control flow, not an error
    """The clock reached something that stops the current verb: a hang-up or a time limit."""

    def __init__(self, kind: str) -> None:
        super().__init__(kind)
        self.kind = kind


class _Ended(Exception):  # noqa: N818 - control flow, not an error
    """The call has ended; its final status is set."""


class _SessionOver(Exception):  # noqa: N818 - control flow, not an error
    """A screening document ended other than by running out of verbs.

    By a ``<Hangup>`` or the far end hanging up, a ``<Dial>``, or a request that failed.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@attrs.define
class _Failure:
    """Why a document request did not give a usable document."""

    code: str
    detail: str
    parse: bool = False
    """A parser rejection: the call ends ``completed`` rather than ``failed``."""
    violations: tuple[Violation, ...] = ()


def _no_actions() -> list[Action]:
    return []


@attrs.define
class _Session:
    """Whoever the current documents run against: the caller, or a screened far end."""

    actions: tuple[Action, ...]
    hangs_up_at: float
    block: Callable[[], Fields]
    base: str
    url: str
    screening: bool = False
    deadline: float = _NEVER
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
class _Leg:
    """One leg of a ``<Dial>``."""

    index: int
    sid: str
    kind: str
    target: str
    noun: Noun | None
    far: FarEnd
    created: float
    answered: float | None = None
    ended: float = _NEVER
    status: str = "ringing"
    rings: bool = True
    sent: set[str] = attrs.field(factory=_no_events)


def _words(text: str) -> int:
    return max(1, len(text.split()))


def _java_double(seconds: float) -> str:
    # Java's Double.toString for the durations the simulator produces: "7.0", "12.345".
    return repr(float(round(seconds, 3)))


def _targets(dial: Dial) -> list[tuple[str, str, Noun | None]]:
    if dial.text is not None:
        text = dial.text
        kind = "sip" if "@" in text else "client" if text.startswith("client") else "number"
        return [(kind, text, None)]
    out: list[tuple[str, str, Noun | None]] = []
    for noun in dial.children:
        kind = (
            "sip" if isinstance(noun, Sip) else "client" if isinstance(noun, Client) else "number"
        )
        out.append((kind, noun.text or getattr(noun, "name", "") or "", noun))
    return out


class _Run:
    """One call from its first request to its final notification."""

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
        self.t = 0.0
        self.status = "ringing"
        self.final = "completed"
        self.requests: list[Exchange] = []
        self.events: list[Event] = []
        self.errors: list[AppError] = []
        self.documents = 0
        self.legs = 0
        self.recordings = 0
        self.outbound_call_sid: str | None = None
        self.notified: set[str] = set()
        self.stops: Stops = {}
        self.call_sid = fields.get("CallSid", f"CA{number:032x}")
        self.account_sid = fields.get("AccountSid", "AC" + "0" * 31 + "1")
        # The outbound call itself, as a leg whose progress its StatusCallback reports.
        to = fields.get("To", "")
        self.call_leg = _Leg(0, self.call_sid, "number", to, None, NoAnswer(), 0.0)
        self.fields = dict(fields)
        self.start = _start_time(fields.get("CallTimestamp", DEFAULT_TIMESTAMP))
        hangs_up = caller.hangs_up_after
        self.main = _Session(
            actions=caller.actions,
            hangs_up_at=_NEVER if hangs_up is None else float(hangs_up),
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

    def advance_to(self, session: _Session, at: float) -> None:
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
            raise _Interrupt(first[1])
        self.t = max(self.t, at)

    def answer(self, session: _Session) -> None:
        """Answer the call if it is still ringing."""
        if session.screening or self.status != "ringing":
            return
        self.status = "in-progress"
        self.event("answer")
        if self.platform.notify == "base":
            self.notify("in-progress")

    def end(self, status: str, by: str | None, reason: str) -> _Ended:
        """End the call with its final status; return the exception that unwinds it."""
        if by is not None:
            self.event("hangup", by=by, reason=reason)
        self.final = status
        self.status = "completed"
        return _Ended()

    # Requests ------------------------------------------------------------------------------

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

    def http(self, kind: str, method: str, url: str, fields: Fields) -> Reply:
        """Send one request as the platform does and log the exchange."""
        try:
            return self.send(kind, method, url, fields)
        except ValueError as error:
            # A URL nothing can read (``http://::``): the platform files error 11100 and fails.
            reply = Reply(None, failure="unreachable", detail=f"{_UNREADABLE} ({error})")
            self.log(kind, method.upper(), url, fields, reply)
            return reply

    def send(self, kind: str, method: str, url: str, fields: Fields) -> Reply:
        """Encode the request, send it, retry and follow redirects as the platform does."""
        method = method.upper() if method.upper() in {"GET", "POST"} else "POST"
        if self.platform.query == "base":
            target, params = split_query(url)
            fields = fields + params
        else:
            target = urlunsplit(urlsplit(url)._replace(fragment=""))
        if self.platform.bare == "docs":
            fields = [(name, "" if value is None else value) for name, value in fields]
        parts = urlsplit(target)
        credentials = parts.username
        if method == "GET":
            # The URL is rebuilt without user info: a GET never sends credentials.
            host = parts.netloc.rpartition("@")[2]
            query = encode(fields)
            if parts.query:
                query = f"{parts.query}&{query}"
            target = urlunsplit((parts.scheme, host, parts.path, query, ""))
            body: bytes | None = None
            headers: dict[str, str] = {}
        else:
            body = encode(fields).encode()
            headers = {"Content-Type": _FORM}
        reply = self.transport.send(method, target, body, headers, self.platform.http_timeout)
        self.log(kind, method, target, fields, reply)
        challenge = (reply.header("www-authenticate") or "").lower()
        if reply.status == 401 and method == "POST" and credentials and "basic" in challenge:
            secret = f"{unquote(parts.username or '')}:{unquote(parts.password or '')}"
            token = base64.b64encode(secret.encode()).decode()
            headers = {**headers, "Authorization": f"Basic {token}"}
            reply = self.transport.send(method, target, body, headers, self.platform.http_timeout)
            self.log(kind, method, target, fields, reply)
        hops = 0
        while reply.status in _REDIRECTS and reply.header("location") and hops < _MAX_REDIRECTS:
            hops += 1
            target = urljoin(target, reply.header("location") or "")
            if method == "GET":
                # The same fields follow a GET too: they are the query of the new location.
                moved = urlsplit(target)
                query = "&".join(part for part in (moved.query, encode(fields)) if part)
                target = urlunsplit(moved._replace(query=query, fragment=""))
            reply = self.transport.send(method, target, body, headers, self.platform.http_timeout)
            self.log(kind, method, target, fields, reply)
        return reply

    def log(self, kind: str, method: str, url: str, fields: Fields, reply: Reply) -> None:
        """Keep one exchange, and its line in the transcript."""
        content_type = reply.header("content-type")
        self.requests.append(
            Exchange(
                kind, method, url, tuple(fields), reply.status, content_type, reply.body, self.t
            )
        )
        self.event(
            "request",
            kind=kind,
            method=method,
            url=url,
            status=reply.status if reply.status is not None else reply.failure,
        )

    def judge(self, reply: Reply) -> Response | _Failure:  # noqa: PLR0911 - one per reason
        """The document of a reply, or why it is not usable.

        Unless the platform is lenient, a document that fails validation is not usable either.
        """
        if reply.status is None:
            return _Failure(reply.failure or "unreachable", reply.detail)
        if reply.status != 200:
            detail = f"HTTP {reply.status}" + (f" ({reply.detail})" if reply.detail else "")
            return _Failure("not-found" if reply.status == 404 else "http-status", detail)
        content_type = reply.header("content-type")
        if content_type is None or not any(t in content_type.lower() for t in _DOCUMENT_TYPES):
            return _Failure("unsupported-content-type", f"Content-Type {content_type!r}")
        declared = (reply.header("content-length") or "0").strip() not in {"", "0"}
        try:
            return platform_text(parse(reply.body.strip()), reply.body.strip())
        except ParseError as error:
            violations = error.violations
            if any(v.code == Code.MALFORMED for v in violations):
                return _Failure("malformed", _first(violations), not declared, violations)
            return _Failure("markup-invalid", _first(violations), parse=True, violations=violations)
        except InvalidMarkupError as error:
            # Hints past the platform's limits are refused by its parser, even when lenient.
            refused = any(v.path.endswith("/@hints") for v in error.violations)
            if self.platform.lenient and not refused:
                # Lenient: the platform runs what it can read; the fault is still reported.
                reading = lenient_reading(reply.body.strip())
                if reading is not None:
                    self.error(
                        "markup-invalid", _first(error.violations), violations=error.violations
                    )
                    self.stops.update(reading[1])
                    return reading[0]
            return _Failure(
                "markup-invalid", _first(error.violations), parse=True, violations=error.violations
            )

    def document(  # noqa: PLR0913, PLR0917 - a request, and where to fall back
        self,
        session: _Session,
        kind: str,
        method: str,
        url: str,
        fields: Fields,
        fallback: tuple[str, str] | None = None,
    ) -> Response:
        """Request a document to run; on failure the fallback, or the call (or screening) ends."""
        self.count_document()
        reply = self.http(kind, method, url, fields)
        found = self.judge(reply)
        if isinstance(found, Response):
            session.url = url
            session.base = base_of(url)
            return found
        self.error(
            found.code,
            found.detail,
            url,
            violations=found.violations,
            notification=_notification(found, ringing=self.status == "ringing", fallback=fallback),
        )
        if fallback is not None:
            return self.document(session, kind, fallback[0], fallback[1], fields)
        if session.screening:
            raise _SessionOver(found.code)
        if self.status == "ringing":
            if found.code == "not-found":
                raise self.end("not-found", "platform", found.code)
            raise self.end("completed" if found.parse else "failed", "platform", found.code)
        if self.platform.stall == "base" and found.code in {
            "not-found",
            "unsupported-content-type",
        }:
            self.event("stall", reason=found.code)
            self.advance_to(session, _NEVER)
        raise self.end("completed" if found.parse else "failed", "platform", found.code)

    def count_document(self) -> None:
        """Count a document request; past ``max_documents``, end the call."""
        if self.documents >= self.platform.max_documents:
            self.error("loop-limit", f"more than {self.platform.max_documents} documents")
            raise self.end("completed", "platform", "loop-limit")
        self.documents += 1

    def unexecuted(self, kind: str, method: str, url: str, fields: Fields) -> None:
        """A document request made once the call is over: its answer is read but not run."""
        self.documents += 1
        found = self.judge(self.http(kind, method, url, fields))
        if isinstance(found, _Failure):
            self.error(found.code, found.detail, url, violations=found.violations)

    def notification(
        self, kind: str, method: str, url: str, fields: Fields, *, markup_is_error: bool = True
    ) -> None:
        """A request whose answer is ignored; a failure, or a document in it, is reported."""
        reply = self.http(kind, method, url, fields)
        if reply.status is None or not 200 <= reply.status < 300:
            what = reply.failure if reply.status is None else f"HTTP {reply.status}"
            self.error("notification-failed", f"{kind} notification: {what}", url)
            return
        content_type = (reply.header("content-type") or "").lower()
        if reply.body.strip() and any(t in content_type for t in _DOCUMENT_TYPES):
            try:
                document = parse(reply.body.strip())
            except (ParseError, InvalidMarkupError):
                return
            if document.children and markup_is_error:
                self.error(
                    "markup-to-notification",
                    f"a {kind} notification was answered with a document of "
                    f"{len(document.children)} verbs, which the platform ignores",
                    url,
                )

    def notify(self, status: str) -> None:
        """A status notification, sent by POST to the incoming URL."""
        if status in self.notified:
            return
        self.notified.add(status)
        saved, self.status = self.status, status
        fields = self.standard_block()
        self.status = saved
        # Only the final notification can be told from a request for markup (its status says
        # the call ended); the ringing and in-progress ones of ``notify="base"`` carry
        # what a Redirect to the incoming URL carries, so an app cannot but answer them.
        self.notification(
            "status",
            "POST",
            self.incoming_url,
            fields,
            markup_is_error=status in ENDED_STATUSES,
        )

    # The call ------------------------------------------------------------------------------

    def run(self) -> Call:
        """Run the call to its end and return what happened."""
        try:
            try:
                if self.outbound is not None:
                    document = self.ring_out(self.outbound)
                else:
                    if self.platform.notify == "base":
                        self.notify("ringing")
                    fields = self.standard_block(new=True)
                    url = self.incoming_url
                    document = self.document(self.main, "incoming", self.method, url, fields)
                self.run_documents(self.main, document)
                if self.status == "ringing":
                    raise self.end("completed", "platform", "end-of-document-unanswered")
                raise self.end("completed", "platform", "end-of-document")
            except _Interrupt as interrupt:
                self.interrupted(interrupt)
        except _Ended:
            pass
        if self.outbound is None:
            self.notify(self.final)
        else:
            self.outbound_progress("completed")
        self.event("end", status=self.final, seconds=_seconds(self.t))
        caller = self.caller
        if self.main.choose is not None:
            caller = attrs.evolve(caller, actions=tuple(self.main.taken))
        return Call(
            caller,
            self.final,
            self.t,
            tuple(self.requests),
            tuple(self.events),
            tuple(self.errors),
            self.documents,
        )

    def ring_out(self, outbound: Outbound) -> Response:
        """Ring the callee of an outbound call; on answer, request its document."""
        far = outbound.answers
        self.call_leg.far = far
        self.call_leg.rings = isinstance(far, (Answer, NoAnswer))
        self.outbound_progress("initiated")
        if self.call_leg.rings:
            self.outbound_progress("ringing")
        after = getattr(far, "after", _NEVER)
        timeout = float(outbound.timeout)
        if isinstance(far, Answer) and after < timeout:
            self.advance_to(self.main, after)
            self.call_leg.answered = self.t
            self.status = "in-progress"
            self.event("answer")
            self.outbound_progress("answered")
            fields = self.standard_block(new=True)
            url = outbound.url or self.incoming_url
            fallback = None
            if outbound.fallback_url is not None:
                fallback = (outbound.fallback_method, outbound.fallback_url)
            return self.document(self.main, "incoming", outbound.method, url, fields, fallback)
        status = "no-answer"
        if isinstance(far, (Busy, Fail)) and after < timeout:
            status = "busy" if isinstance(far, Busy) else "failed"
        else:
            after = timeout
        self.advance_to(self.main, after)
        raise self.end(status, "far-end", status)

    def outbound_progress(self, event: str) -> None:
        """A status callback event of the outbound call itself."""
        outbound = self.outbound
        if outbound is None or outbound.status_callback is None:
            return
        leg = self.call_leg
        if event == "completed":
            leg.ended = self.t
            leg.status = self.final
        self.report(
            leg,
            event,
            (outbound.status_callback, outbound.status_callback_method),
            outbound.status_callback_event,
            caller_id=self.fields.get("From", ""),
            parent=None,
            direction="outbound-api",
        )

    def interrupted(self, interrupt: _Interrupt) -> NoReturn:
        """End the call on the caller's hang-up or the simulator's time limit."""
        if interrupt.kind == "caller":
            raise self.caller_hung_up()
        raise self.end("completed", "platform", "max-call-seconds")

    def caller_hung_up(self) -> _Ended:
        """The caller hangs up: ``completed`` once answered, else ``canceled``."""
        status = "canceled" if self.status == "ringing" else "completed"
        return self.end(status, "caller", "hangup")

    def run_documents(self, session: _Session, document: Response) -> None:
        """Run documents until one runs out of verbs."""
        current: Response | None = document
        while current is not None:
            current = self.run_document(session, current)

    def run_document(self, session: _Session, document: Response) -> Response | None:
        """Run a document's verbs; return the next document, or ``None`` at its end."""
        for verb in document.children:
            following = self.verb(session, verb)
            if following is not None:
                return following
        return None

    def verb(self, session: _Session, verb: Verb) -> Response | None:  # noqa: PLR0911
        """Run one verb; return the document that replaces the current one, if any."""
        self.stop_at(session, verb)
        if isinstance(verb, (Say, Play)):
            self.answer(session)
            self.prompt(session, verb, in_gather=False)
            return None
        if isinstance(verb, Pause):
            self.prompt(session, verb, in_gather=False)
            return None
        if isinstance(verb, Gather):
            return self.gather(session, verb)
        if isinstance(verb, Record):
            return self.record(session, verb)
        if isinstance(verb, Dial):
            return self.dial(session, verb)
        if isinstance(verb, Hangup):
            self.answer(session)
            if session.screening:
                raise _SessionOver("hangup")
            raise self.end("completed", "app", "hangup")
        if isinstance(verb, Reject):
            self.reject(session, verb)
            return None
        return self.redirect(session, verb)

    def stop_at(self, session: _Session, verb: Verb) -> None:
        """End the call at a verb the platform could not read (lenient reading only)."""
        stop = self.stops.get(id(verb))
        if stop is None or stop[0] is not verb:
            return
        _, notification, detail = stop
        code = "unreadable-url" if notification == 11100 else "empty-action"
        self.error(code, detail, session.url, notification=notification)
        if session.screening:
            raise _SessionOver(code)
        raise self.end("completed", "platform", code)

    # Say, Play, Pause -------------------------------------------------------------------------

    def prompt_length(
        self, session: _Session, verb: Prompt, *, in_gather: bool
    ) -> tuple[float, int]:
        """How long a prompt lasts and how many times it plays (``loop``)."""
        if isinstance(verb, Pause):
            return float(verb.length or 1), 1
        loop = 1 if verb.loop is None else verb.loop
        if isinstance(verb, Say):
            unit = max(
                self.platform.say_min_seconds,
                _words(verb.text) * self.platform.say_seconds_per_word,
            )
        else:
            lengths = dict(self.platform.play_seconds)
            url = resolve(session.base, verb.text)
            unit = lengths.get(url, lengths.get(verb.text, self.platform.play_default_seconds))
        if loop == 0:
            if self.platform.loop0 == "docs":
                return _NEVER, 0
            return (0.0, 0) if in_gather else (unit, 1)
        return unit * loop, loop

    def prompt_event(self, session: _Session, verb: Prompt, loop: int) -> None:
        """Record a prompt in the transcript (and fetch its media when asked to)."""
        if isinstance(verb, Pause):
            self.event("pause", length=verb.length or 1)
        elif isinstance(verb, Say):
            self.event("say", text=verb.text, voice=verb.voice, language=verb.language, loop=loop)
        else:
            url = resolve(session.base, verb.text)
            self.event("play", url=url, loop=loop)
            if self.platform.fetch_media:
                reply = self.http("media", "GET", url, [])
                if reply.status != 200:
                    self.error(
                        "media-failed",
                        f"media fetch: {reply.status or reply.failure}",
                        url,
                        notification=13233,
                    )
                    raise self.end("completed", "platform", "media-failed")

    def prompt(self, session: _Session, verb: Prompt, *, in_gather: bool) -> None:
        """Play one prompt outside a Gather."""
        seconds, loop = self.prompt_length(session, verb, in_gather=in_gather)
        self.prompt_event(session, verb, 0 if seconds == _NEVER else loop)
        self.advance_to(session, self.t + seconds)

    # Gather ------------------------------------------------------------------------------------

    def gather(self, session: _Session, verb: Gather) -> Response | None:  # noqa: C901, PLR0912, PLR0915
        """Play the prompts, collect the input, and request the action."""
        self.answer(session)
        action = session.take(verb)
        start = self.t
        timeline: list[tuple[float, Prompt, int]] = []
        cursor = start
        for prompt in verb.children:
            seconds, loop = self.prompt_length(session, prompt, in_gather=True)
            if loop or seconds:
                timeline.append((cursor, prompt, 0 if seconds == _NEVER else loop))
            cursor += seconds
        prompts_end = cursor
        modes = (verb.input or "dtmf").split()
        finish = "#" if verb.finish_on_key is None else verb.finish_on_key
        if finish == "" and self.platform.fok == "base":
            finish = "#"
        timeout = float(verb.timeout or 5)
        if isinstance(action, HangUp):
            session.hangs_up_at = min(session.hangs_up_at, start + action.after)
        digits, reason, speech = "", "timeout", None
        end = prompts_end + timeout
        barge = _NEVER
        partials: list[tuple[float, str]] = []
        pressed: list[tuple[float, str]] = []
        if isinstance(action, Press) and "dtmf" in modes:
            first = action.after if action.after is not None else prompts_end - start
            if first == _NEVER:
                first = 1.0
            deadline = prompts_end + timeout
            for index, key in enumerate(action.keys):
                at = start + first + index * action.gap
                if at > deadline:
                    end = deadline  # the timer restarted by the last key ran out first
                    break
                barge = min(barge, at)
                if key == finish:
                    end, reason = at, "finishOnKey"
                    break
                digits += key
                pressed.append((at, key))
                deadline = at + timeout
                if verb.num_digits is not None and len(digits) >= verb.num_digits:
                    end, reason = at, "numDigits"
                    break
            else:
                end = deadline
        elif isinstance(action, Speak) and "speech" in modes:
            begins = prompts_end if prompts_end != _NEVER else start + 1.0
            length = _words(action.text) * self.platform.say_seconds_per_word
            barge, end, speech, reason = begins, begins + length, action.text, "speech"
            step = length / (len(action.partials) + 1)
            partials = [(begins + step * (i + 1), text) for i, text in enumerate(action.partials)]
        self.event("gather", phase="start")
        try:
            self.gather_input(session, verb, timeline, barge, partials, end)
        except _Interrupt as interrupt:
            if interrupt.kind in {"caller", "far-end"}:
                # The keys so far are shown, and lost: no request is made.
                so_far = "".join(key for at, key in pressed if at <= self.t)
                self.event("gather", phase="end", digits=so_far, reason="hangup")
            raise
        self.event("gather", phase="end", digits=digits, reason=reason)
        if not digits and speech is None:
            return None
        if verb.action is not None:
            url = resolve(session.base, verb.action)
        elif self.platform.noaction == "docs":
            url = session.url
        else:
            return None
        fields = [*session.block(), ("Digits", digits), ("SpeechResult", speech)]
        return self.document(session, "action", verb.method or "POST", url, fields)

    def gather_input(  # noqa: PLR0913, PLR0917 - the Gather's timeline, worked out by gather()
        self,
        session: _Session,
        verb: Gather,
        timeline: list[tuple[float, Prompt, int]],
        barge: float,
        partials: list[tuple[float, str]],
        end: float,
    ) -> None:
        """Play the prompts until the first input, send the partial results, wait for the end."""
        for at, prompt, loop in timeline:
            if at >= barge:
                break
            self.advance_to(session, at)
            self.prompt_event(session, prompt, loop)
        callback = verb.partial_result_callback
        for at, text in partials:
            self.advance_to(session, at)
            if callback is not None:
                fields = [*session.block(), ("UnstableSpeechResult", text)]
                url = resolve(session.base, callback)
                method = verb.partial_result_callback_method or "POST"
                self.notification("partial", method, url, fields)
        self.advance_to(session, end)

    # Record ------------------------------------------------------------------------------------

    def record(self, session: _Session, verb: Record) -> Response | None:  # noqa: C901, PLR0912, PLR0915
        """Beep, record until a key, silence or the limit, and request the action."""
        self.answer(session)
        action = session.take(verb)
        hung_up = False
        if verb.play_beep is not False:
            self.event("beep")
            try:
                self.advance_to(session, self.t + self.platform.beep_seconds)
            except _Interrupt as interrupt:
                if interrupt.kind != "caller" or session.screening:
                    raise
                # Hanging up during the beep leaves an empty recording, reported as one.
                hung_up = True
        start = self.t
        if not hung_up:
            self.event("record", phase="start")
        finish = verb.finish_on_key
        keys = "1234567890*#" if finish is None else "" if finish == "-1" else finish or "#"
        timeout = float(verb.timeout or 5)
        limit = float(verb.max_length or 3600)
        speech, length, digits, reason = 0.0, timeout, "", "silence"
        transcript: str | None = ""
        if isinstance(action, Recording):
            speech, transcript = float(action.seconds), action.transcript
            if action.key is not None and action.key in keys:
                length, digits, reason = speech, action.key, "key"
            else:
                length = speech + timeout
        elif isinstance(action, Speak):
            speech = _words(action.text) * self.platform.say_seconds_per_word
            length, transcript = speech + timeout, action.text
        elif isinstance(action, Press):
            for index, key in enumerate(action.keys):
                if key in keys:
                    length, digits, reason = (action.after or 0.0) + index * action.gap, key, "key"
                    break
        elif isinstance(action, HangUp):
            session.hangs_up_at = min(session.hangs_up_at, start + action.after)
        if length > limit:
            length, digits, reason, speech = limit, "", "maxLength", min(speech, limit)
        if hung_up:
            digits, reason, speech = "hangup", "hangup", 0.0
        else:
            try:
                self.advance_to(session, start + length)
            except _Interrupt as interrupt:
                if interrupt.kind != "caller" or session.screening:
                    raise
                hung_up, digits, reason = True, "hangup", "hangup"
                speech = min(speech, self.t - start)
            self.event(
                "record",
                phase="end",
                duration=_java_double(self.t - start),
                digits=digits,
                reason=reason,
            )
        elapsed = self.t - start
        empty = speech <= 0
        if hung_up:
            self.event("hangup", by="caller", reason="hangup")
            self.status = "completed"
        url: str | None = None
        if verb.action is not None:
            url = resolve(session.base, verb.action)
        elif self.platform.noaction == "docs":
            url = session.url
        recording = None
        if not empty:
            self.recordings += 1
            recording = f"{_API}/{self.account_sid}/Recordings/RE{self.recordings:032x}.wav"
        following: Response | None = None
        if url is not None and not (empty and self.platform.empty == "docs"):
            fields = [
                *session.block(),
                ("RecordingUrl", recording),
                ("PublicRecordingUrl", recording),
                ("RecordingDuration", "0.0" if empty else _java_double(elapsed)),
                ("Digits", digits),
            ]
            method = verb.method or "POST"
            if hung_up:
                self.unexecuted("action", method, url, fields)
            else:
                following = self.document(session, "action", method, url, fields)
        if recording is not None and (verb.transcribe or verb.transcribe_callback is not None):
            self.transcription(session, verb, recording, transcript)
        if hung_up:
            raise self.end("completed", None, "hangup")
        return following

    def transcription(
        self, session: _Session, verb: Record, recording: str, text: str | None
    ) -> None:
        """Send the transcription of a recording to ``transcribeCallback``."""
        callback = verb.transcribe_callback
        if callback is None:
            return
        if not urlsplit(callback).scheme:
            self.error("unresolvable-callback", "transcribeCallback is not absolute", callback)
            return
        fields = [
            *session.block(),
            ("TranscriptionText", text),
            ("TranscriptionStatus", "failed" if text is None else "completed"),
            ("TranscriptionUrl", recording.replace("/Recordings/RE", "/Transcriptions/TR")),
            ("RecordingUrl", recording),
        ]
        self.notification("transcription", "POST", callback, fields)

    # Reject, Redirect ------------------------------------------------------------------------

    def reject(self, session: _Session, verb: Reject) -> None:
        """Refuse a ringing call; skip once answered."""
        if session.screening or self.status != "ringing":
            self.event("skip", verb="Reject", why="answered")
            return
        reason = verb.reason or "rejected"
        self.event("reject", reason=reason)
        status = "busy"
        if self.platform.reject == "docs":
            status = _REJECT_STATUS.get(reason, "failed")
        raise self.end(status, None, "reject")

    def redirect(self, session: _Session, verb: Redirect) -> Response:
        """Fetch the next document."""
        self.answer(session)
        url = resolve(session.base, verb.text)
        return self.document(session, "redirect", verb.method or "POST", url, session.block())

    # Dial ------------------------------------------------------------------------------------

    def far_end(self, target: str, kind: str) -> FarEnd:
        """The scripted far end of a destination; a client also answers to ``client:name``."""
        far = self.far_ends.get(target)
        if far is None and kind == "client":
            far = self.far_ends.get(f"client:{target.removeprefix('client:')}")
            far = far or self.far_ends.get(target.removeprefix("client:"))
        return self.default_far_end if far is None else far

    def progress(self, leg: _Leg, event: str, caller_id: str) -> None:
        """A call-progress event of a leg, if its noun subscribes to it."""
        noun = leg.noun
        if noun is None or noun.status_callback is None:
            return
        # Legs of an outbound call are outbound-api, but for SIP.
        direction = "outbound-api" if self.outbound and leg.kind != "sip" else "outbound-dial"
        self.report(
            leg,
            event,
            (noun.status_callback, noun.status_callback_method or "POST"),
            noun.status_callback_event,
            caller_id=caller_id,
            parent=self.call_sid,
            direction=direction,
        )

    def report(  # noqa: PLR0913 - one progress event, field by field
        self,
        leg: _Leg,
        event: str,
        target: tuple[str, str],
        wanted: tuple[str, ...] | None,
        *,
        caller_id: str,
        parent: str | None,
        direction: str,
    ) -> None:
        """Send one call-progress event of a leg or an outbound call."""
        url, method = target
        if event in leg.sent:
            return
        leg.sent.add(event)
        if wanted is None:
            wanted = ("initiated", "ringing", "answered", "completed")
            if self.platform.events == "docs":
                wanted = ("completed",)
        if event not in wanted:
            return
        if not urlsplit(url).scheme:
            self.error("unresolvable-callback", "statusCallback is not absolute", url)
            return
        status = event
        if self.platform.progress_status == "docs":
            status = _PROGRESS_AS_STATUS.get(event, "in-progress")
            if event == "completed":
                status = leg.status
        fields: Fields = [
            ("InstanceId", self.fields.get("InstanceId", "ID1")),
            ("AccountSid", self.account_sid),
            ("CallSid", leg.sid),
            ("From", caller_id),
            ("To", leg.target),
            ("Direction", direction),
            ("CallerName", None),
            ("ForwardedFrom", None),
            ("ParentCallSid", parent),
            ("CallStatus", status),
        ]
        if parent is None:
            fields.remove(("ParentCallSid", None))
        if event == "completed":
            since = leg.answered if leg.answered is not None else leg.created
            duration = 0 if leg.status in {"busy", "failed"} else int(leg.ended - since)
            fields.append(("CallDuration", str(duration)))
        stamp = self.start + timedelta(seconds=self.t)
        fields += [
            ("Timestamp", stamp.strftime("%a, %d %b %Y %H:%M:%S +0000")),
            ("CallbackSource", "call-progress-events"),
            ("SequenceNumber", str(_PROGRESS_SEQUENCE[event])),
        ]
        self.notification("progress", method, url, fields)

    def dial(self, session: _Session, verb: Dial) -> Response | None:  # noqa: C901, PLR0912, PLR0915
        """Ring the legs, screen and bridge the winner, then request the action."""
        if session.screening:
            raise _SessionOver("dial-in-screening")
        self.answer(session)
        targets = _targets(verb)
        self.event("dial", targets=",".join(target for _, target, _ in targets))
        start = self.t
        timeout = float(verb.timeout or 30)
        caller_id = verb.caller_id or self.fields.get("From", "")
        legs: list[_Leg] = []
        for index, (kind, target, noun) in enumerate(targets, 1):
            far = self.far_end(target, kind)
            if isinstance(far, Fail) and far.at_setup:
                self.event("leg", index=index, event="not-created", sip=far.sip_code)
                continue
            self.legs += 1
            leg = _Leg(index, f"{self.call_sid}-{self.legs}", kind, target, noun, far, start)
            self.outbound_call_sid = leg.sid
            if isinstance(far, (Busy, Fail)):
                leg.rings = False
                if far.after < timeout:
                    leg.ended = start + far.after
                    leg.status = "busy" if isinstance(far, Busy) else "failed"
            elif isinstance(far, Answer) and far.after < timeout:
                leg.answered = start + far.after
            legs.append(leg)
        winner = min(
            (leg for leg in legs if leg.answered is not None),
            key=lambda leg: (leg.answered, leg.index),
            default=None,
        )
        if winner is not None:
            settled = winner.answered or start
        elif legs and all(leg.ended != _NEVER for leg in legs):
            settled = max(leg.ended for leg in legs)
        else:
            settled = start + timeout if legs else start
        caller_leaves = self.main.hangs_up_at
        if caller_leaves < settled:
            settled, winner = caller_leaves, None
        # The simulator's own limit stops the ringing too, after what happened before it.
        cut = self.platform.max_call_seconds < settled
        if cut:
            settled, winner = self.platform.max_call_seconds, None
        # Ringing and progress, in virtual-time order, up to the moment the Dial is settled.
        moments: list[tuple[float, int, int, str]] = []
        for leg in legs:
            moments.append((leg.created, leg.index, 0, "initiated"))
            if leg.rings:
                moments.append((leg.created, leg.index, 1, "ringing"))
            if leg is winner:
                moments.append((settled, leg.index, 2, "answered"))
            elif leg.ended <= settled:
                moments.append((leg.ended, leg.index, 3, "completed"))
        by_index = {leg.index: leg for leg in legs}
        for at, index, _, event in sorted(moments):
            self.advance_to_quietly(at)
            leg = by_index[index]
            if event == "answered":
                leg.status = "in-progress"
            status = leg.status if event == "completed" else None
            self.event("leg", index=index, sid=leg.sid, event=event, status=status)
            self.progress(leg, event, caller_id)
        self.advance_to_quietly(settled)
        for leg in legs:  # the losers still ringing are canceled now
            if leg is not winner and leg.ended > settled:
                leg.ended, leg.status = settled, "canceled"
                self.event("leg", index=leg.index, sid=leg.sid, event="canceled")
                self.progress(leg, "completed", caller_id)
        if cut:
            raise _Interrupt("max-seconds")
        if not legs:
            return self.dial_over(session, verb, "failed", None, bridged=False)
        if winner is None:
            last = max(legs, key=lambda leg: (leg.ended, leg.index))
            if caller_leaves <= settled:
                self.event("hangup", by="caller", reason="hangup")
                self.status = "completed"
                status = "completed" if self.platform.callerhup == "base" else "canceled"
                self.dial_over(session, verb, status, last, bridged=False, executed=False)
                raise self.end("completed", None, "hangup")
            if all(leg.status in {"busy", "failed"} for leg in legs):
                status = last.status
            else:
                status = "no-answer" if self.platform.noanswer == "docs" else "canceled"
            return self.dial_over(session, verb, status, last, bridged=False)
        if not isinstance(winner.far, Answer):  # only an Answer far end wins
            raise TypeError(winner.far)
        answered = winner.answered or start
        noun = winner.noun
        if noun is not None and noun.url is not None:
            outcome = self.screen(winner, noun, winner.far, caller_id)
            if outcome != "bridge":
                winner.ended, winner.status = self.t, "completed"
                self.progress(winner, "completed", caller_id)
                if outcome == "caller":
                    self.event("hangup", by="caller", reason="hangup")
                else:
                    reason = outcome.removeprefix("screening-")
                    self.event("hangup", by="platform", reason=f"screening-{reason}")
                self.status = "completed"
                self.dial_over(session, verb, "completed", winner, bridged=True, executed=False)
                raise self.end("completed", None, outcome)
        bridge = self.t
        self.event("bridge", leg=winner.index, sid=winner.sid)
        talks = winner.far.talks
        ends = [
            (bridge + (talks if talks is not None else _NEVER), "far-end"),
            (self.main.hangs_up_at, "caller"),
            (bridge + float(verb.time_limit or 14400), "time-limit"),
            (self.platform.max_call_seconds, "max-seconds"),
        ]
        ended_at, by = min(ends)
        self.advance_to_quietly(max(ended_at, self.t))
        if by == "max-seconds":
            raise _Interrupt(by)
        winner.ended, winner.status = self.t, "completed"
        self.event("leg", index=winner.index, sid=winner.sid, event="completed", by=by)
        self.progress(winner, "completed", caller_id)
        winner.answered = answered
        if by == "caller":
            self.event("hangup", by="caller", reason="hangup")
            self.status = "completed"
            self.dial_over(session, verb, "completed", winner, bridged=True, executed=False)
            raise self.end("completed", None, "hangup")
        if self.platform.afterbridge == "base":
            self.event("hangup", by="platform", reason="after-bridge")
            self.status = "completed"
            self.dial_over(session, verb, "completed", winner, bridged=True, executed=False)
            raise self.end("completed", None, "after-bridge")
        return self.dial_over(session, verb, "completed", winner, bridged=True)

    def advance_to_quietly(self, at: float) -> None:
        """Move the clock forward without checking hang-ups (the Dial accounts for them)."""
        if at != _NEVER:
            self.t = max(self.t, at)

    def dial_over(  # noqa: PLR0913 - the outcome of a Dial, field by field
        self,
        session: _Session,
        verb: Dial,
        status: str,
        leg: _Leg | None,
        *,
        bridged: bool,
        executed: bool = True,
    ) -> Response | None:
        """Request the Dial's action with its outcome."""
        self.event("dial", phase="end", status=status)
        if verb.action is None:
            return None
        fields = session.block()
        if leg is not None:
            since = leg.answered if leg.answered is not None else leg.ended
            fields.append(("DialRingDuration", str(int(since - leg.created))))
        duration = 0
        if bridged and leg is not None and leg.answered is not None:
            duration = int(leg.ended - leg.answered)
        recording = None
        if bridged and verb.record:
            self.recordings += 1
            recording = f"{_API}/{self.account_sid}/Recordings/RE{self.recordings:032x}.wav"
        fields += [
            ("DialCallSid", "null" if leg is None else leg.sid),
            ("DialCallStatus", status),
            ("DialCallDuration", str(duration)),
            ("RecordingUrl", recording),
            ("PublicRecordingUrl", recording),
        ]
        if leg is not None and leg.kind == "sip":
            fields += [
                ("DialSipCallId", f"{leg.sid}@sip.api19.test"),
                ("DialSipResponseCode", str(_sip_code(leg))),
            ]
            # The headers of the far end's final answer; a canceled leg sent none.
            if leg.answered is not None or isinstance(leg.far, (Busy, Fail)):
                headers = getattr(leg.far, "sip_headers", ())
                fields += [(f"DialSipHeader_{name}", value) for name, value in headers]
        url = resolve(session.base, verb.action)
        method = verb.method or "POST"
        if not executed:
            self.unexecuted("action", method, url, fields)
            return None
        return self.document(session, "action", method, url, fields)

    def screen(self, leg: _Leg, noun: Noun, far: Answer, caller_id: str) -> str:
        """Run the screening document on the far end; ``bridge`` if it ends."""
        url = resolve(self.main.base, noun.url or "")
        stop = self.stops.get(id(noun))
        if stop is not None and stop[0] is noun:
            # A method the platform cannot send (lenient reading only): the screening fails.
            self.error("unreadable-method", stop[2], url)
            return "unreadable-method"

        def block() -> Fields:
            fields: Fields = [
                ("CallSid", leg.sid),
                ("AccountSid", self.account_sid),
                ("From", caller_id),
                ("To", leg.target),
                ("CallStatus", "in-progress"),
                ("ApiVersion", API_VERSION),
                (
                    "Direction",
                    "outbound-api" if self.outbound and leg.kind != "sip" else "outbound-dial",
                ),
                ("CallerName", None),
                ("ForwardedFrom", None),
            ]
            if leg.kind == "sip":
                fields.append(("SipCallId", f"{leg.sid}@sip.api19.test"))
                fields += [(f"SipHeader_{name}", value) for name, value in far.sip_headers]
            return fields

        hangs_up = far.screening.hangs_up_after
        session = _Session(
            actions=far.screening.actions,
            hangs_up_at=_NEVER if hangs_up is None else self.t + hangs_up,
            block=block,
            base=base_of(url),
            url=url,
            screening=True,
            deadline=self.t + _SCREENING_SECONDS,
        )
        self.event("screening", phase="start", leg=leg.index)
        try:
            document = self.document(session, "screening", noun.method or "POST", url, block())
            self.run_documents(session, document)
        except _SessionOver as over:
            return over.reason
        except _Interrupt as interrupt:
            if interrupt.kind == "max-seconds":
                raise
            return interrupt.kind
        self.event("screening", phase="end", leg=leg.index)
        return "bridge"


def _sip_code(leg: _Leg) -> int:
    # The final SIP status of a leg: 200 once answered, else what its far end answered.
    if leg.answered is not None:
        return 200
    if isinstance(leg.far, Fail):
        return leg.far.sip_code
    return 486 if leg.status == "busy" else 487


def _notification(
    found: _Failure, *, ringing: bool, fallback: tuple[str, str] | None
) -> int | None:
    # The code the platform files for a failed document request, where it files one.
    if found.detail.startswith(_UNREADABLE):
        return 11100
    if fallback is not None:
        return 11205 if found.code in {"timeout", "unreachable"} else 11206
    if found.code == "not-found" and ringing:
        return 21402
    return None


def _first(violations: tuple[Violation, ...]) -> str:
    if not violations:
        return "the document was refused"
    first = violations[0]
    return f"line {first.line}: {first.path}: {first.message} [{first.code}]"


def _seconds(t: float) -> str:
    return f"{t:g}"


def _start_time(stamp: str) -> datetime:
    text = stamp.replace("Z", "+00:00")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        moment = datetime(2020, 5, 26, 17, 59, 16, tzinfo=timezone.utc)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc)


def run_call(  # noqa: PLR0913 - the call's whole context
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
    choose: Chooser | None = None,
    outbound: Outbound | None = None,
) -> Call:
    """Run one call (see :meth:`callmarkup.testing.Simulator.call`)."""
    return _Run(
        transport=transport,
        platform=platform,
        incoming_url=incoming_url,
        method=method,
        caller=caller,
        far_ends=far_ends,
        default_far_end=default_far_end,
        fields=fields,
        number=number,
        choose=choose,
        outbound=outbound,
    ).run()
