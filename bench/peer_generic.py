"""The generic floor: one string-join writer for any document, from a neutral description.

The hand-written floor (``peer_floor.py``) knows each document's shape and writes it in one
f-string per element; no library can be that specific. This floor is what a renderer that knows
nothing of the dialect costs at the least: the application's data becomes a neutral tree of
tuples, ``(tag, ((name, value), ...), text, children)``, with every value already a string, and
one recursive function writes any such tree, escaping every value and text. No checks.

Building the tuples is this contender's "build"; writing them is its "render". Its output is
the canonical form, byte for byte.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from peer_floor import escape_text, escape_value

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from documents import Block, Small

__all__ = ["NAME", "Node", "build_menu", "build_small", "render"]

NAME = "string join, generic (floor)"

Node = tuple[str, tuple[tuple[str, str], ...], str | None, tuple["Node", ...]]
"""An element: its tag, its attributes in order, its text (or ``None``) and its children."""

_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'


def _attributes(*pairs: tuple[str, object]) -> tuple[tuple[str, str], ...]:
    """The set attributes among ``pairs``, as text: ``None`` is unset; lists join with commas."""
    out: list[tuple[str, str]] = []
    for name, value in pairs:
        if value is None:
            continue
        if isinstance(value, bool):
            out.append((name, "true" if value else "false"))
        elif isinstance(value, tuple):
            out.append((name, ",".join(value)))
        else:
            out.append((name, str(value)))
    return tuple(out)


def _leaf(tag: str, text: str | None, *pairs: tuple[str, object]) -> Node:
    return (tag, _attributes(*pairs), text, ())


def build_small(data: Small) -> Node:
    """Describe the small document."""
    return (
        "Response",
        (),
        None,
        (_leaf("Say", data.greeting, ("language", data.language)), _leaf("Hangup", None)),
    )


def _block(b: Block) -> tuple[Node, ...]:
    first, second, third = b.numbers
    return (
        _leaf(
            "Say",
            b.greeting,
            ("language", b.greeting_language),
            ("loop", b.greeting_loop),
            ("voice", b.greeting_voice),
        ),
        (
            "Gather",
            _attributes(
                ("action", b.menu_action),
                ("method", b.menu_method),
                ("timeout", b.menu_timeout),
                ("finishOnKey", b.menu_finish_on_key),
                ("numDigits", b.menu_num_digits),
            ),
            None,
            (
                _leaf("Say", b.prompt, ("loop", b.prompt_loop)),
                _leaf("Play", b.music_url, ("loop", b.music_loop)),
                _leaf("Pause", None, ("length", b.menu_pause)),
            ),
        ),
        (
            "Dial",
            _attributes(("timeout", b.sip_dial_timeout), ("timeLimit", b.sip_dial_time_limit)),
            None,
            (
                _leaf(
                    "Sip",
                    b.sip_uri,
                    ("url", b.sip_url),
                    ("statusCallbackEvent", b.sip_events),
                    ("statusCallback", b.sip_callback),
                    ("statusCallbackMethod", b.sip_callback_method),
                    ("username", b.sip_username),
                    ("password", b.sip_password),
                ),
            ),
        ),
        (
            "Dial",
            _attributes(
                ("action", b.dial_action),
                ("method", b.dial_method),
                ("timeout", b.dial_timeout),
                ("timeLimit", b.dial_time_limit),
                ("callerId", b.caller_id),
                ("record", b.dial_record),
            ),
            None,
            (
                _leaf(
                    "Number",
                    first,
                    ("statusCallbackEvent", b.number_events),
                    ("statusCallback", b.number_callback),
                ),
                _leaf("Number", second, ("url", b.whisper_url)),
                _leaf("Number", third, ("url", b.whisper_url)),
                _leaf("Client", b.client, ("url", b.client_url)),
            ),
        ),
        _leaf(
            "Record",
            None,
            ("action", b.voicemail_action),
            ("finishOnKey", b.voicemail_keys),
            ("maxLength", b.voicemail_max_length),
            ("playBeep", b.voicemail_beep),
        ),
        _leaf("Pause", None, ("length", b.pause)),
        _leaf("Redirect", b.next_url, ("method", b.next_method)),
    )


def build_menu(blocks: Sequence[Block]) -> Node:
    """Describe a document of menu blocks."""
    children: list[Node] = []
    for b in blocks:
        children += _block(b)
    return ("Response", (), None, tuple(children))


def _write(node: Node, append: Callable[[str], object]) -> None:
    tag, attributes, text, children = node
    append("<" + tag)
    for name, value in attributes:
        append(f' {name}="{escape_value(value)}"')
    if text is None and not children:
        append("/>")
        return
    append(">")
    if text is not None:
        append(escape_text(text))
    for child in children:
        _write(child, append)
    append(f"</{tag}>")


def render(node: Node) -> str:
    """Write any described document, with its XML declaration."""
    out = [_DECLARATION]
    _write(node, out.append)
    return "".join(out)
