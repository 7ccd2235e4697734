"""What ``<Gather>`` does: play its prompts, collect keys or speech, request its action.

The prompts play as ``_verb_prompts`` plays them, until the caller's first input.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from callmarkup.testing._call_state import NEVER, Interrupt, Session, words
from callmarkup.testing._urls import resolve
from callmarkup.testing._values import HangUp, Press, Speak
from callmarkup.testing._verb_prompts import PromptVerbs

if TYPE_CHECKING:
    from callmarkup._nodes import Gather, Prompt, Response

__all__ = ["GatherVerb"]


class GatherVerb(PromptVerbs):
    """Runs ``<Gather>``: its prompts, the caller's input on the clock, and its action."""

    def gather(self, session: Session, verb: Gather) -> Response | None:  # noqa: C901, PLR0912, PLR0915
        """Play the prompts, collect the input, and request the action."""
        self.answer(session)
        action = session.take(verb)
        start = self.t
        timeline: list[tuple[float, Prompt, int]] = []
        cursor = start
        for prompt in verb.children:
            seconds, loop = self.prompt_length(session, prompt, in_gather=True)
            if loop or seconds:
                timeline.append((cursor, prompt, 0 if seconds == NEVER else loop))
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
        barge = NEVER
        partials: list[tuple[float, str]] = []
        pressed: list[tuple[float, str]] = []
        if isinstance(action, Press) and "dtmf" in modes:
            first = action.after if action.after is not None else prompts_end - start
            if first == NEVER:
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
            begins = prompts_end if prompts_end != NEVER else start + 1.0
            length = words(action.text) * self.platform.say_seconds_per_word
            barge, end, speech, reason = begins, begins + length, action.text, "speech"
            step = length / (len(action.partials) + 1)
            partials = [(begins + step * (i + 1), text) for i, text in enumerate(action.partials)]
        self.event("gather", phase="start")
        try:
            self.gather_input(session, verb, timeline, barge, partials, end)
        except Interrupt as interrupt:
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
        session: Session,
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
