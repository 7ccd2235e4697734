"""The floor: the documents written straight from their data with ``str.join`` and escaping.

No tree and no checks: what any renderer has to do at the least. It writes the canonical form
byte for byte, with the canonical escaping applied to every text and attribute value.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from documents import Block, Small

__all__ = ["NAME", "render_menu", "render_small"]

NAME = "string join (floor)"

_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'


def _text(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    )


def _value(value: str) -> str:
    return (
        value.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("\t", "&#9;")
        .replace("\n", "&#10;")
        .replace("\r", "&#13;")
    )


def _optional(name: str, value: str | None) -> str:
    return "" if value is None else f' {name}="{_value(value)}"'


def render_small(data: Small) -> str:
    """Write the small document."""
    return "".join(
        (
            _DECLARATION,
            '<Response><Say language="',
            _value(data.language),
            '">',
            _text(data.greeting),
            "</Say><Hangup/></Response>",
        ),
    )


def render_menu(blocks: Sequence[Block]) -> str:
    """Write a document of menu blocks."""
    out = [_DECLARATION, "<Response>"]
    for b in blocks:
        first, second, third = b.numbers
        record = None if b.dial_record is None else ("true" if b.dial_record else "false")
        events = None if b.number_events is None else ",".join(b.number_events)
        out += (
            f'<Say language="{_value(b.greeting_language)}" loop="{b.greeting_loop}"',
            _optional("voice", b.greeting_voice),
            f">{_text(b.greeting)}</Say>",
            f'<Gather action="{_value(b.menu_action)}"',
            _optional("method", b.menu_method),
            f' timeout="{b.menu_timeout}"',
            _optional("finishOnKey", b.menu_finish_on_key),
            f' numDigits="{b.menu_num_digits}">',
            f'<Say loop="{b.prompt_loop}">{_text(b.prompt)}</Say>',
            f'<Play loop="{b.music_loop}">{_text(b.music_url)}</Play>',
            f'<Pause length="{b.menu_pause}"/></Gather>',
            f'<Dial action="{_value(b.dial_action)}"',
            _optional("method", b.dial_method),
            f' timeout="{b.dial_timeout}" timeLimit="{b.dial_time_limit}"',
            f' callerId="{_value(b.caller_id)}"',
            _optional("record", record),
            "><Number",
            _optional("statusCallbackEvent", events),
            f' statusCallback="{_value(b.number_callback)}">{_text(first)}</Number>',
            f'<Number url="{_value(b.whisper_url)}">{_text(second)}</Number>',
            f'<Number url="{_value(b.whisper_url)}">{_text(third)}</Number>',
            f'<Client url="{_value(b.client_url)}">{_text(b.client)}</Client></Dial>',
            f'<Record action="{_value(b.voicemail_action)}"',
            _optional("finishOnKey", b.voicemail_keys),
            f' maxLength="{b.voicemail_max_length}"',
            f' playBeep="{"true" if b.voicemail_beep else "false"}"/>',
            f'<Pause length="{b.pause}"/>',
            f'<Redirect method="{_value(b.next_method)}">{_text(b.next_url)}</Redirect>',
        )
    out.append("</Response>")
    return "".join(out)
