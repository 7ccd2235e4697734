"""What ``<Dial>`` does: ring its legs, report their progress, screen and bridge the winner.

Each noun (or the Dial's text) is a leg rung at once; the far ends the simulator was given
decide which answers. A noun with a ``url`` runs a screening document on its far end, in a
session of its own, before the legs are bridged; then the Dial's action is requested with its
outcome.
"""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Final
from urllib.parse import urlsplit

from callmarkup._nodes import Client, Sip
from callmarkup.testing._call_state import (
    ACCOUNTS_URL,
    API_VERSION,
    NEVER,
    Fields,
    Interrupt,
    Leg,
    Session,
    SessionOver,
)
from callmarkup.testing._requests import Requests
from callmarkup.testing._urls import base_of, resolve
from callmarkup.testing._values import Answer, Busy, Fail

if TYPE_CHECKING:
    from callmarkup._nodes import Dial, Noun, Response
    from callmarkup.testing._values import FarEnd

__all__ = ["DialVerb"]

_SCREENING_SECONDS: Final = 60.0
_PROGRESS_SEQUENCE: Final = {"initiated": 0, "ringing": 1, "answered": 2, "completed": 3}
_PROGRESS_AS_STATUS: Final = {"initiated": "initiated", "ringing": "ringing"}


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


class DialVerb(Requests):
    """Runs ``<Dial>``: its legs, their progress events, screening, the bridge and its action."""

    def far_end(self, target: str, kind: str) -> FarEnd:
        """The scripted far end of a destination; a client also answers to ``client:name``."""
        far = self.far_ends.get(target)
        if far is None and kind == "client":
            far = self.far_ends.get(f"client:{target.removeprefix('client:')}")
            far = far or self.far_ends.get(target.removeprefix("client:"))
        return self.default_far_end if far is None else far

    def progress(self, leg: Leg, event: str, caller_id: str) -> None:
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
        leg: Leg,
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

    def dial(self, session: Session, verb: Dial) -> Response | None:  # noqa: C901, PLR0912, PLR0915
        """Ring the legs, screen and bridge the winner, then request the action."""
        if session.screening:
            raise SessionOver("dial-in-screening")
        self.answer(session)
        targets = _targets(verb)
        self.event("dial", targets=",".join(target for _, target, _ in targets))
        start = self.t
        timeout = float(verb.timeout or 30)
        caller_id = verb.caller_id or self.fields.get("From", "")
        legs: list[Leg] = []
        for index, (kind, target, noun) in enumerate(targets, 1):
            far = self.far_end(target, kind)
            if isinstance(far, Fail) and far.at_setup:
                self.event("leg", index=index, event="not-created", sip=far.sip_code)
                continue
            self.legs += 1
            leg = Leg(index, f"{self.call_sid}-{self.legs}", kind, target, noun, far, start)
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
        elif legs and all(leg.ended != NEVER for leg in legs):
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
            raise Interrupt("max-seconds")
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
            (bridge + (talks if talks is not None else NEVER), "far-end"),
            (self.main.hangs_up_at, "caller"),
            (bridge + float(verb.time_limit or 14400), "time-limit"),
            (self.platform.max_call_seconds, "max-seconds"),
        ]
        ended_at, by = min(ends)
        self.advance_to_quietly(max(ended_at, self.t))
        if by == "max-seconds":
            raise Interrupt(by)
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
        if at != NEVER:
            self.t = max(self.t, at)

    def dial_over(  # noqa: PLR0913 - the outcome of a Dial, field by field
        self,
        session: Session,
        verb: Dial,
        status: str,
        leg: Leg | None,
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
            recording = f"{ACCOUNTS_URL}/{self.account_sid}/Recordings/RE{self.recordings:032x}.wav"
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

    def screen(self, leg: Leg, noun: Noun, far: Answer, caller_id: str) -> str:
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
        session = Session(
            actions=far.screening.actions,
            hangs_up_at=NEVER if hangs_up is None else self.t + hangs_up,
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
        except SessionOver as over:
            return over.reason
        except Interrupt as interrupt:
            if interrupt.kind == "max-seconds":
                raise
            return interrupt.kind
        self.event("screening", phase="end", leg=leg.index)
        return "bridge"

    def run_documents(self, session: Session, document: Response) -> None:
        """Run documents until one runs out of verbs: the engine's loop (``_engine``)."""
        raise NotImplementedError


def _sip_code(leg: Leg) -> int:
    # The final SIP status of a leg: 200 once answered, else what its far end answered.
    if leg.answered is not None:
        return 200
    if isinstance(leg.far, Fail):
        return leg.far.sip_code
    return 486 if leg.status == "busy" else 487
