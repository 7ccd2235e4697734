"""plivo's XML builder, writing the closest equivalent it can express.

plivo speaks its own dialect: ``Speak`` for ``Say``, ``GetDigits`` for ``Gather``, ``Wait``
for ``Pause``, ``User`` for ``Client`` and for ``Sip`` (a ``User`` holds a SIP URI), and it has
no call-progress callbacks, screening URLs, SIP digest credentials, ``voice``/``language`` on a
prompt or ``record`` on ``Dial``. It builds the same tree with the attributes it has (22 of the
IVR's 36); :func:`expected` gives that equivalent of any of our documents, which is what its
output is checked against.
"""

from __future__ import annotations

from importlib.metadata import version
from typing import TYPE_CHECKING

from lxml import etree
from plivo import plivoxml

if TYPE_CHECKING:
    from collections.abc import Sequence

    from documents import Block, Small

__all__ = ["NAME", "build_menu", "build_small", "expected", "render"]

NAME = f"plivo {version('plivo')} (closest equivalent)"


def build_small(data: Small) -> plivoxml.ResponseElement:
    """Build the small document (plivo's Speak has no free-form language)."""
    response = plivoxml.ResponseElement()
    response.add_speak(data.greeting)
    response.add_hangup()
    return response


def build_menu(blocks: Sequence[Block]) -> plivoxml.ResponseElement:
    """Build a document of menu blocks."""
    response = plivoxml.ResponseElement()
    for b in blocks:
        first, second, third = b.numbers
        response.add_speak(b.greeting, loop=b.greeting_loop)
        gather = plivoxml.GetDigitsElement(
            action=b.menu_action,
            method=b.menu_method,
            timeout=b.menu_timeout,
            finish_on_key=b.menu_finish_on_key,
            num_digits=b.menu_num_digits,
        )
        gather.add_speak(b.prompt, loop=b.prompt_loop)
        gather.add_play(b.music_url, loop=b.music_loop)
        gather.add_wait(length=b.menu_pause)
        response.add(gather)
        sip_dial = plivoxml.DialElement(
            timeout=b.sip_dial_timeout, time_limit=b.sip_dial_time_limit
        )
        sip_dial.add_user(b.sip_uri)
        response.add(sip_dial)
        dial = plivoxml.DialElement(
            action=b.dial_action,
            method=b.dial_method,
            timeout=b.dial_timeout,
            time_limit=b.dial_time_limit,
            caller_id=b.caller_id,
        )
        dial.add_number(first)
        dial.add_number(second)
        dial.add_number(third)
        dial.add_user(b.client)
        response.add(dial)
        response.add_record(
            action=b.voicemail_action,
            max_length=b.voicemail_max_length,
            play_beep=b.voicemail_beep,
            finish_on_key=b.voicemail_keys,
        )
        response.add_wait(length=b.pause)
        response.add_redirect(b.next_url, method=b.next_method)
    return response


def render(response: plivoxml.ResponseElement) -> str:
    """Serialise compactly (plivo writes no XML declaration)."""
    return response.to_string(pretty=False)


_TAGS = {"Say": "Speak", "Gather": "GetDigits", "Pause": "Wait", "Client": "User", "Sip": "User"}
_KEPT = {
    "Speak": {"loop"},
    "Play": {"loop"},
    "Wait": {"length"},
    "GetDigits": {"action", "method", "timeout", "finishOnKey", "numDigits"},
    "Dial": {"action", "method", "timeout", "timeLimit", "callerId"},
    "Record": {"action", "method", "timeout", "finishOnKey", "maxLength", "playBeep"},
    "Redirect": {"method"},
}


def expected(ours: bytes, *, small: bool) -> bytes:
    """Our document translated into what plivo can express, to check plivo's output."""
    root = etree.fromstring(ours)
    for element in root.iter():
        element.tag = _TAGS.get(element.tag, element.tag)
        kept = set() if small else _KEPT.get(element.tag, set())
        for name in list(element.attrib):
            if name not in kept:
                del element.attrib[name]
    return etree.tostring(root)
