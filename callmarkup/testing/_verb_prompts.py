"""What ``<Say>``, ``<Play>`` and ``<Pause>`` do: how long each plays, and its transcript line.

The same prompts play inside a ``<Gather>`` (``_verb_gather``), until the caller's first input.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from callmarkup._nodes import Pause, Say
from callmarkup.testing._call_state import NEVER, Session, words
from callmarkup.testing._requests import Requests
from callmarkup.testing._urls import resolve

if TYPE_CHECKING:
    from callmarkup._nodes import Prompt

__all__ = ["PromptVerbs"]


class PromptVerbs(Requests):
    """Plays ``<Say>``, ``<Play>`` and ``<Pause>``, alone or as the prompts of a ``<Gather>``."""

    def prompt_length(
        self, session: Session, verb: Prompt, *, in_gather: bool
    ) -> tuple[float, int]:
        """How long a prompt lasts and how many times it plays (``loop``)."""
        if isinstance(verb, Pause):
            return float(verb.length or 1), 1
        loop = 1 if verb.loop is None else verb.loop
        if isinstance(verb, Say):
            unit = max(
                self.platform.say_min_seconds,
                words(verb.text) * self.platform.say_seconds_per_word,
            )
        else:
            lengths = dict(self.platform.play_seconds)
            url = resolve(session.base, verb.text)
            unit = lengths.get(url, lengths.get(verb.text, self.platform.play_default_seconds))
        if loop == 0:
            if self.platform.loop0 == "docs":
                return NEVER, 0
            return (0.0, 0) if in_gather else (unit, 1)
        return unit * loop, loop

    def prompt_event(self, session: Session, verb: Prompt, loop: int) -> None:
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

    def prompt(self, session: Session, verb: Prompt, *, in_gather: bool) -> None:
        """Play one prompt outside a Gather."""
        seconds, loop = self.prompt_length(session, verb, in_gather=in_gather)
        self.prompt_event(session, verb, 0 if seconds == NEVER else loop)
        self.advance_to(session, self.t + seconds)
