"""callmarkup: typed nodes, checked when built; canonical rendering; parsing with every rule."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import callmarkup
from callmarkup import (
    Client,
    Dial,
    Gather,
    Hangup,
    Number,
    Pause,
    Play,
    Record,
    Redirect,
    Response,
    Say,
    Sip,
    parse,
    render,
    render_bytes,
    validate,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from documents import Block, Small

__all__ = [
    "LOCATION",
    "NAME",
    "build_menu",
    "build_small",
    "parse",
    "render",
    "to_xml",
    "validate",
    "validate_warnings",
]

NAME = f"callmarkup {callmarkup.__version__}"

LOCATION = str(Path(callmarkup.__file__).parent)
"""The folder of the package measured (a checkout on ``PYTHONPATH`` or the installed one)."""


def build_small(data: Small) -> Response:
    """Build the small document."""
    return Response(Say(data.greeting, language=data.language), Hangup())


def build_menu(blocks: Sequence[Block]) -> Response:
    """Build a document of menu blocks."""
    verbs: list[callmarkup.Verb] = []
    for b in blocks:
        first, second, third = b.numbers
        verbs += (
            Say(
                b.greeting,
                language=b.greeting_language,
                loop=b.greeting_loop,
                voice=b.greeting_voice,
            ),
            Gather(
                Say(b.prompt, loop=b.prompt_loop),
                Play(b.music_url, loop=b.music_loop),
                Pause(length=b.menu_pause),
                action=b.menu_action,
                method=b.menu_method,
                timeout=b.menu_timeout,
                finish_on_key=b.menu_finish_on_key,
                num_digits=b.menu_num_digits,
            ),
            Dial(
                Sip(
                    b.sip_uri,
                    url=b.sip_url,
                    status_callback_event=b.sip_events,
                    status_callback=b.sip_callback,
                    status_callback_method=b.sip_callback_method,
                    username=b.sip_username,
                    password=b.sip_password,
                ),
                timeout=b.sip_dial_timeout,
                time_limit=b.sip_dial_time_limit,
            ),
            Dial(
                Number(
                    first, status_callback=b.number_callback, status_callback_event=b.number_events
                ),
                Number(second, url=b.whisper_url),
                Number(third, url=b.whisper_url),
                Client(b.client, url=b.client_url),
                action=b.dial_action,
                method=b.dial_method,
                timeout=b.dial_timeout,
                time_limit=b.dial_time_limit,
                caller_id=b.caller_id,
                record=b.dial_record,
            ),
            Record(
                action=b.voicemail_action,
                max_length=b.voicemail_max_length,
                play_beep=b.voicemail_beep,
                finish_on_key=b.voicemail_keys,
            ),
            Pause(length=b.pause),
            Redirect(b.next_url, method=b.next_method),
        )
    return Response(*verbs)


def validate_warnings(data: bytes) -> tuple[callmarkup.Violation, ...]:
    """Validate, warnings included."""
    return validate(data, warnings=True)


def to_xml(node: Response) -> bytes:
    """The document a parse result stands for, to check it."""
    return render_bytes(node)
