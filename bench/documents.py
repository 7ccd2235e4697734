"""The three benchmark documents, as the plain data an application would build them from.

Every contender builds the same documents from the same data:

* ``small``: a greeting and a hangup (3 elements, 1 attribute);
* ``ivr``: one menu block (16 elements, 36 attributes): ``Say``; ``Gather`` with a nested
  ``Say``, ``Play`` and ``Pause``; ``Dial`` with three ``Number`` (one with a
  ``statusCallbackEvent``) and a ``Client``; ``Dial`` with a ``Sip`` (a URI with a port, a
  transport and custom headers; screening URL, progress callback and digest credentials);
  ``Record``; ``Pause``; ``Redirect``;
* ``large``: 130 menu blocks in one ``Response`` (1,951 elements, about 3,400 attributes);
  the blocks differ in their texts and numbers, and some leave optional attributes unset.

A :class:`Block` holds the values of one menu block; a field whose value is ``None`` is an
attribute that is not set. The texts contain characters that must be escaped (``&``, ``"``)
and a few non-ASCII ones, so escaping is always exercised.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["DOCUMENTS", "Block", "Document", "Small", "count", "ivr", "large"]


class Small(NamedTuple):
    """The values of the small document."""

    greeting: str
    language: str


class Block(NamedTuple):
    """The values of one menu block; ``None`` leaves an attribute unset."""

    greeting: str
    greeting_language: str
    greeting_loop: int
    greeting_voice: str | None
    menu_action: str
    menu_method: str | None
    menu_timeout: int
    menu_finish_on_key: str | None
    menu_num_digits: int
    prompt: str
    prompt_loop: int
    music_url: str
    music_loop: int
    menu_pause: int
    dial_action: str
    dial_method: str | None
    dial_timeout: int
    dial_time_limit: int
    caller_id: str
    dial_record: bool | None
    numbers: tuple[str, str, str]
    number_callback: str
    number_events: tuple[str, ...] | None
    whisper_url: str
    client: str
    client_url: str
    sip_dial_time_limit: int
    sip_dial_timeout: int
    sip_uri: str
    sip_url: str | None
    sip_events: tuple[str, ...] | None
    sip_callback: str
    sip_callback_method: str | None
    sip_username: str | None
    sip_password: str | None
    voicemail_action: str
    voicemail_max_length: int
    voicemail_beep: bool
    voicemail_keys: str | None
    pause: int
    next_url: str
    next_method: str


class Document(NamedTuple):
    """One benchmark document: its name and the data it is built from."""

    name: str
    small: Small | None
    blocks: tuple[Block, ...]


def _block(index: int, *, complete: bool) -> Block:
    """The data of the ``index``-th menu block; ``complete`` sets every optional attribute."""
    department = ("sales", "support", "billing", "accounts", "café")[index % 5]
    sparse = not complete and index % 4 != 0
    return Block(
        greeting=f'Welcome to the {department} line & thanks for calling, "option {index}".',
        greeting_language="joanna-en-US-female",
        greeting_loop=1,
        greeting_voice=None if sparse else "woman",
        menu_action=f"/menu?step={index}&lang=en",
        menu_method=None if sparse else "POST",
        menu_timeout=5 + index % 3,
        menu_finish_on_key=None if sparse else "#",
        menu_num_digits=1 + index % 2,
        prompt=f"Press 1 for {department}, 2 for an operator, or stay on the line.",
        prompt_loop=2,
        music_url=f"https://cdn.example.com/audio/menu-{index}.mp3",
        music_loop=1,
        menu_pause=1 + index % 2,
        dial_action=f"/dial-status?block={index}",
        dial_method=None if sparse else "POST",
        dial_timeout=20 + index % 10,
        dial_time_limit=3600,
        caller_id="+15550100000",
        dial_record=None if sparse else index % 2 == 0,
        numbers=(
            f"+1 (555) 01{index % 100:02d}-{1000 + index:04d}",
            f"+1555020{index % 1000:04d}",
            f"+1-555-030-{index % 10000:04d}",
        ),
        number_callback=f"https://hooks.example.com/events?block={index}",
        number_events=None if sparse else ("initiated", "answered", "completed"),
        whisper_url="/whisper",
        client=f"agent-{index}",
        client_url="/whisper?kind=client",
        sip_dial_time_limit=1800,
        sip_dial_timeout=15 + index % 5,
        sip_uri=(
            f"sip:agent-{index}@pbx.example.com:5080;transport=tcp?X-Block={index}&X-Queue=menu"
        ),
        sip_url=None if sparse else "/screen?kind=sip",
        sip_events=None if sparse else ("initiated", "ringing", "answered", "completed"),
        sip_callback=f"https://hooks.example.com/sip?block={index}",
        sip_callback_method=None if sparse else "POST",
        sip_username=None if sparse else f"agent-{index}",
        sip_password=None if sparse else "s3cret&key",
        voicemail_action=f"/voicemail?block={index}",
        voicemail_max_length=120,
        voicemail_beep=True,
        voicemail_keys=None if sparse else "#*",
        pause=1,
        next_url=f"/menu?step={index + 1}",
        next_method="GET",
    )


def ivr(index: int) -> Document:
    """The ``index``-th of a family of IVR documents: the ivr's block with other texts."""
    return Document("ivr", None, (_block(index, complete=True),))


def large(blocks: int = 130) -> Document:
    """A document of ``blocks`` menu blocks, three in four leaving optional attributes unset."""
    return Document("large", None, tuple(_block(index, complete=False) for index in range(blocks)))


SMALL = Document("small", Small("Thank you for calling. Goodbye!", "joanna-en-US-female"), ())
IVR = ivr(0)
LARGE = large()

DOCUMENTS: tuple[Document, ...] = (SMALL, IVR, LARGE)
"""The benchmark documents, smallest first."""


def count(xml: bytes) -> tuple[int, int]:
    """The number of elements and attributes of a rendered document."""
    from lxml import etree  # noqa: PLC0415 - only the harness counts

    root = etree.fromstring(xml)
    elements = 0
    attributes = 0
    for element in root.iter():
        elements += 1
        attributes += len(element.attrib)
    return elements, attributes
