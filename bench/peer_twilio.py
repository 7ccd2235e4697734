"""twilio's ``VoiceResponse``: the builder most TwiML applications use; it checks nothing."""

from __future__ import annotations

from importlib.metadata import version
from typing import TYPE_CHECKING

from twilio.twiml.voice_response import VoiceResponse

if TYPE_CHECKING:
    from collections.abc import Sequence

    from documents import Block, Small

__all__ = ["NAME", "build_menu", "build_small", "render"]

NAME = f"twilio {version('twilio')}"


def build_small(data: Small) -> VoiceResponse:
    """Build the small document."""
    response = VoiceResponse()
    response.say(data.greeting, language=data.language)
    response.hangup()
    return response


def build_menu(blocks: Sequence[Block]) -> VoiceResponse:
    """Build a document of menu blocks."""
    response = VoiceResponse()
    for b in blocks:
        first, second, third = b.numbers
        response.say(
            b.greeting,
            language=b.greeting_language,
            loop=b.greeting_loop,
            voice=b.greeting_voice,
        )
        gather = response.gather(
            action=b.menu_action,
            method=b.menu_method,
            timeout=b.menu_timeout,
            finish_on_key=b.menu_finish_on_key,
            num_digits=b.menu_num_digits,
        )
        gather.say(b.prompt, loop=b.prompt_loop)
        gather.play(b.music_url, loop=b.music_loop)
        gather.pause(length=b.menu_pause)
        response.dial(timeout=b.sip_dial_timeout, time_limit=b.sip_dial_time_limit).sip(
            b.sip_uri,
            url=b.sip_url,
            status_callback_event=None if b.sip_events is None else ",".join(b.sip_events),
            status_callback=b.sip_callback,
            status_callback_method=b.sip_callback_method,
            username=b.sip_username,
            password=b.sip_password,
        )
        dial = response.dial(
            action=b.dial_action,
            method=b.dial_method,
            timeout=b.dial_timeout,
            time_limit=b.dial_time_limit,
            caller_id=b.caller_id,
            record=b.dial_record,
        )
        dial.number(
            first,
            status_callback=b.number_callback,
            status_callback_event=None if b.number_events is None else ",".join(b.number_events),
        )
        dial.number(second, url=b.whisper_url)
        dial.number(third, url=b.whisper_url)
        dial.client(b.client, url=b.client_url)
        response.record(
            action=b.voicemail_action,
            max_length=b.voicemail_max_length,
            play_beep=b.voicemail_beep,
            finish_on_key=b.voicemail_keys,
        )
        response.pause(length=b.pause)
        response.redirect(b.next_url, method=b.next_method)
    return response


def render(response: VoiceResponse) -> str:
    """Serialise with the XML declaration."""
    return response.to_xml()
