"""What ``<Record>`` does: beep, record the caller, request its action, send the transcription."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from callmarkup.testing._call_state import ACCOUNTS_URL, Interrupt, Session, words
from callmarkup.testing._requests import Requests
from callmarkup.testing._urls import resolve
from callmarkup.testing._values import HangUp, Press, Recording, Speak

if TYPE_CHECKING:
    from callmarkup._nodes import Record, Response

__all__ = ["RecordVerb"]


def _java_double(seconds: float) -> str:
    # Java's Double.toString for the durations the simulator produces: "7.0", "12.345".
    return repr(float(round(seconds, 3)))


class RecordVerb(Requests):
    """Runs ``<Record>``: the beep, the recording on the clock, its action and transcription."""

    def record(self, session: Session, verb: Record) -> Response | None:  # noqa: C901, PLR0912, PLR0915
        """Beep, record until a key, silence or the limit, and request the action."""
        self.answer(session)
        action = session.take(verb)
        hung_up = False
        if verb.play_beep is not False:
            self.event("beep")
            try:
                self.advance_to(session, self.t + self.platform.beep_seconds)
            except Interrupt as interrupt:
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
            speech = words(action.text) * self.platform.say_seconds_per_word
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
            except Interrupt as interrupt:
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
            recording = f"{ACCOUNTS_URL}/{self.account_sid}/Recordings/RE{self.recordings:032x}.wav"
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
        self, session: Session, verb: Record, recording: str, text: str | None
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
