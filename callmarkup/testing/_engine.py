"""The engine of the call simulator: one simulated call, verb by verb, on a virtual clock.

This module is the call's loop: answering or ringing out, running each document's verbs in
order, and ending the call. What it builds on is in other modules, one responsibility each:
the call's state, transcript and clock (``_call_state``), the requests and their replies
(``_requests``), and each family of verbs (``_verb_prompts``, ``_verb_gather``,
``_verb_record``, ``_verb_dial``; ``<Hangup>``, ``<Reject>`` and ``<Redirect>`` are here).
Time never sleeps: the clock jumps from one event to the next.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final, NoReturn

import attrs

from callmarkup._nodes import Dial, Gather, Hangup, Pause, Play, Record, Reject, Response, Say
from callmarkup.testing._call_state import NEVER, Chooser, Ended, Interrupt, Session, SessionOver
from callmarkup.testing._result import Call
from callmarkup.testing._urls import resolve
from callmarkup.testing._values import Answer, Busy, Fail, NoAnswer
from callmarkup.testing._verb_dial import DialVerb
from callmarkup.testing._verb_gather import GatherVerb
from callmarkup.testing._verb_record import RecordVerb

if TYPE_CHECKING:
    from collections.abc import Mapping

    from callmarkup._nodes import Redirect, Verb
    from callmarkup.testing._transport import Transport
    from callmarkup.testing._values import Caller, FarEnd, Outbound, Platform

__all__ = ["Chooser", "run_call"]

_REJECT_STATUS: Final = {"busy": "busy", "rejected": "no-answer"}


class _Run(DialVerb, RecordVerb, GatherVerb):
    """One call from its first request to its final notification."""

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
            except Interrupt as interrupt:
                self.interrupted(interrupt)
        except Ended:
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
        after = getattr(far, "after", NEVER)
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

    def interrupted(self, interrupt: Interrupt) -> NoReturn:
        """End the call on the caller's hang-up or the simulator's time limit."""
        if interrupt.kind == "caller":
            raise self.caller_hung_up()
        raise self.end("completed", "platform", "max-call-seconds")

    def caller_hung_up(self) -> Ended:
        """The caller hangs up: ``completed`` once answered, else ``canceled``."""
        status = "canceled" if self.status == "ringing" else "completed"
        return self.end(status, "caller", "hangup")

    def run_documents(self, session: Session, document: Response) -> None:
        """Run documents until one runs out of verbs."""
        current: Response | None = document
        while current is not None:
            current = self.run_document(session, current)

    def run_document(self, session: Session, document: Response) -> Response | None:
        """Run a document's verbs; return the next document, or ``None`` at its end."""
        for verb in document.children:
            following = self.verb(session, verb)
            if following is not None:
                return following
        return None

    def verb(self, session: Session, verb: Verb) -> Response | None:  # noqa: PLR0911
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
                raise SessionOver("hangup")
            raise self.end("completed", "app", "hangup")
        if isinstance(verb, Reject):
            self.reject(session, verb)
            return None
        return self.redirect(session, verb)

    def stop_at(self, session: Session, verb: Verb) -> None:
        """End the call at a verb the platform could not read (lenient reading only)."""
        stop = self.stops.get(id(verb))
        if stop is None or stop[0] is not verb:
            return
        _, notification, detail = stop
        code = "unreadable-url" if notification == 11100 else "empty-action"
        self.error(code, detail, session.url, notification=notification)
        if session.screening:
            raise SessionOver(code)
        raise self.end("completed", "platform", code)

    # Reject, Redirect ------------------------------------------------------------------------

    def reject(self, session: Session, verb: Reject) -> None:
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

    def redirect(self, session: Session, verb: Redirect) -> Response:
        """Fetch the next document."""
        self.answer(session)
        url = resolve(session.base, verb.text)
        return self.document(session, "redirect", verb.method or "POST", url, session.block())


def _seconds(t: float) -> str:
    return f"{t:g}"


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
