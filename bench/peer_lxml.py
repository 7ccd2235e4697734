"""Plain lxml: ``Element``/``SubElement`` and ``tostring``; ``fromstring``; an XML Schema.

The tree is built the way lxml is used by hand: values converted to strings, unset attributes
left out. Validation is the closest lxml offers without code of one's own: the dialect as an
XML Schema, as ``callmarkup schema`` prints it (it checks less than callmarkup, see its comment),
generated from the library under test when this module is imported.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from lxml import etree

from callmarkup._export import xml_schema

if TYPE_CHECKING:
    from collections.abc import Sequence

    from documents import Block, Small

__all__ = ["NAME", "build_menu", "build_small", "fromstring", "render", "schema_validate"]

NAME = "lxml " + ".".join(map(str, etree.LXML_VERSION[:3]))

_SCHEMA = etree.XMLSchema(etree.fromstring(xml_schema().encode()))

Element = etree.Element
SubElement = etree.SubElement


def _flag(value: bool) -> str:
    return "true" if value else "false"


def build_small(data: Small) -> etree._Element:
    """Build the small document's tree."""
    root = Element("Response")
    SubElement(root, "Say", language=data.language).text = data.greeting
    SubElement(root, "Hangup")
    return root


def _sip_dial(root: etree._Element, b: Block) -> None:
    """Append a block's ``Dial`` of one ``Sip``."""
    sip_dial = SubElement(
        root, "Dial", timeout=str(b.sip_dial_timeout), timeLimit=str(b.sip_dial_time_limit)
    )
    sip = SubElement(sip_dial, "Sip")
    if b.sip_url is not None:
        sip.set("url", b.sip_url)
    if b.sip_events is not None:
        sip.set("statusCallbackEvent", ",".join(b.sip_events))
    sip.set("statusCallback", b.sip_callback)
    if b.sip_callback_method is not None:
        sip.set("statusCallbackMethod", b.sip_callback_method)
    if b.sip_username is not None:
        sip.set("username", b.sip_username)
    if b.sip_password is not None:
        sip.set("password", b.sip_password)
    sip.text = b.sip_uri


def build_menu(blocks: Sequence[Block]) -> etree._Element:
    """Build the tree of a document of menu blocks."""
    root = Element("Response")
    for b in blocks:
        first, second, third = b.numbers
        say = SubElement(root, "Say", language=b.greeting_language, loop=str(b.greeting_loop))
        if b.greeting_voice is not None:
            say.set("voice", b.greeting_voice)
        say.text = b.greeting
        gather = SubElement(root, "Gather", action=b.menu_action)
        if b.menu_method is not None:
            gather.set("method", b.menu_method)
        gather.set("timeout", str(b.menu_timeout))
        if b.menu_finish_on_key is not None:
            gather.set("finishOnKey", b.menu_finish_on_key)
        gather.set("numDigits", str(b.menu_num_digits))
        SubElement(gather, "Say", loop=str(b.prompt_loop)).text = b.prompt
        SubElement(gather, "Play", loop=str(b.music_loop)).text = b.music_url
        SubElement(gather, "Pause", length=str(b.menu_pause))
        _sip_dial(root, b)
        dial = SubElement(root, "Dial", action=b.dial_action)
        if b.dial_method is not None:
            dial.set("method", b.dial_method)
        dial.set("timeout", str(b.dial_timeout))
        dial.set("timeLimit", str(b.dial_time_limit))
        dial.set("callerId", b.caller_id)
        if b.dial_record is not None:
            dial.set("record", _flag(b.dial_record))
        number = SubElement(dial, "Number")
        if b.number_events is not None:
            number.set("statusCallbackEvent", ",".join(b.number_events))
        number.set("statusCallback", b.number_callback)
        number.text = first
        SubElement(dial, "Number", url=b.whisper_url).text = second
        SubElement(dial, "Number", url=b.whisper_url).text = third
        SubElement(dial, "Client", url=b.client_url).text = b.client
        record = SubElement(root, "Record", action=b.voicemail_action)
        if b.voicemail_keys is not None:
            record.set("finishOnKey", b.voicemail_keys)
        record.set("maxLength", str(b.voicemail_max_length))
        record.set("playBeep", _flag(b.voicemail_beep))
        SubElement(root, "Pause", length=str(b.pause))
        SubElement(root, "Redirect", method=b.next_method).text = b.next_url
    return root


def render(root: etree._Element) -> bytes:
    """Serialise a tree with its XML declaration."""
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")


fromstring = etree.fromstring


def schema_validate(data: bytes) -> bool:
    """Parse a document and check it against the schema."""
    return _SCHEMA.validate(etree.fromstring(data))
