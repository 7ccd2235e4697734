"""The floor: the documents written straight from their data with ``str.join`` and escaping.

No tree and no checks: what any renderer has to do at the least. It writes the canonical form
byte for byte, with the canonical escaping applied to every text and attribute value.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from documents import Block, Small

__all__ = ["NAME", "escape_text", "escape_value", "render_menu", "render_small"]

NAME = "string join (floor)"

_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'


def escape_text(text: str) -> str:
    """Escape element text as the canonical form does."""
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    )


def escape_value(value: str) -> str:
    """Escape an attribute value as the canonical form does."""
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
    return "" if value is None else f' {name}="{escape_value(value)}"'


def render_small(data: Small) -> str:
    """Write the small document."""
    return "".join(
        (
            _DECLARATION,
            '<Response><Say language="',
            escape_value(data.language),
            '">',
            escape_text(data.greeting),
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
        sip_events = None if b.sip_events is None else ",".join(b.sip_events)
        out += (
            f'<Say language="{escape_value(b.greeting_language)}" loop="{b.greeting_loop}"',
            _optional("voice", b.greeting_voice),
            f">{escape_text(b.greeting)}</Say>",
            f'<Gather action="{escape_value(b.menu_action)}"',
            _optional("method", b.menu_method),
            f' timeout="{b.menu_timeout}"',
            _optional("finishOnKey", b.menu_finish_on_key),
            f' numDigits="{b.menu_num_digits}">',
            f'<Say loop="{b.prompt_loop}">{escape_text(b.prompt)}</Say>',
            f'<Play loop="{b.music_loop}">{escape_text(b.music_url)}</Play>',
            f'<Pause length="{b.menu_pause}"/></Gather>',
            f'<Dial timeout="{b.sip_dial_timeout}" timeLimit="{b.sip_dial_time_limit}"><Sip',
            _optional("url", b.sip_url),
            _optional("statusCallbackEvent", sip_events),
            f' statusCallback="{escape_value(b.sip_callback)}"',
            _optional("statusCallbackMethod", b.sip_callback_method),
            _optional("username", b.sip_username),
            _optional("password", b.sip_password),
            f">{escape_text(b.sip_uri)}</Sip></Dial>",
            f'<Dial action="{escape_value(b.dial_action)}"',
            _optional("method", b.dial_method),
            f' timeout="{b.dial_timeout}" timeLimit="{b.dial_time_limit}"',
            f' callerId="{escape_value(b.caller_id)}"',
            _optional("record", record),
            "><Number",
            _optional("statusCallbackEvent", events),
            f' statusCallback="{escape_value(b.number_callback)}">{escape_text(first)}</Number>',
            f'<Number url="{escape_value(b.whisper_url)}">{escape_text(second)}</Number>',
            f'<Number url="{escape_value(b.whisper_url)}">{escape_text(third)}</Number>',
            f'<Client url="{escape_value(b.client_url)}">{escape_text(b.client)}</Client></Dial>',
            f'<Record action="{escape_value(b.voicemail_action)}"',
            _optional("finishOnKey", b.voicemail_keys),
            f' maxLength="{b.voicemail_max_length}"',
            f' playBeep="{"true" if b.voicemail_beep else "false"}"/>',
            f'<Pause length="{b.pause}"/>',
            f'<Redirect method="{escape_value(b.next_method)}">',
            f"{escape_text(b.next_url)}</Redirect>",
        )
    out.append("</Response>")
    return "".join(out)
