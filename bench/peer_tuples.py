"""The parsing baseline: ``lxml.etree.fromstring`` and an unchecked walk into typed tuples.

Each element becomes a ``NamedTuple`` of its class with its attributes converted to Python
types (``int``, ``bool``, tuples for lists, upper-case methods) and its text trimmed. Nothing
is checked: an unknown attribute is ignored, an unknown element or a bad value raises whatever
Python raises. It is what a parser that builds typed values costs before any rule is enforced.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from lxml import etree

__all__ = ["NAME", "parse", "to_xml"]

NAME = "lxml + walk into typed tuples, no checks"

_SPACE = " \t\n\r"


def _int(raw: str) -> int:
    return int(raw)


def _bool(raw: str) -> bool:
    return raw.lower() == "true"


def _method(raw: str) -> str:
    return raw.upper()


def _str(raw: str) -> str:
    return raw


def _events(raw: str) -> tuple[str, ...]:
    return tuple(raw.replace(",", " ").split())


def _phrases(raw: str) -> tuple[str, ...]:
    return tuple(entry.strip(_SPACE) for entry in raw.split(","))


class Response(NamedTuple):
    """``<Response>``."""

    children: tuple[Any, ...]


class Say(NamedTuple):
    """``<Say>``."""

    text: str
    language: str | None
    loop: int | None
    voice: str | None


class Play(NamedTuple):
    """``<Play>``."""

    text: str
    loop: int | None


class Pause(NamedTuple):
    """``<Pause>``."""

    length: int | None


class Gather(NamedTuple):
    """``<Gather>``."""

    children: tuple[Any, ...]
    action: str | None
    method: str | None
    timeout: int | None
    finish_on_key: str | None
    num_digits: int | None
    input: str | None
    partial_result_callback: str | None
    partial_result_callback_method: str | None
    language: str | None
    hints: tuple[str, ...] | None


class Record(NamedTuple):
    """``<Record>``."""

    action: str | None
    method: str | None
    timeout: int | None
    finish_on_key: str | None
    max_length: int | None
    play_beep: bool | None
    transcribe: bool | None
    transcribe_callback: str | None


class Dial(NamedTuple):
    """``<Dial>``."""

    text: str | None
    children: tuple[Any, ...]
    action: str | None
    method: str | None
    timeout: int | None
    time_limit: int | None
    caller_id: str | None
    record: bool | None
    dial_music: str | None


class Number(NamedTuple):
    """``<Number>``."""

    text: str
    url: str | None
    method: str | None
    status_callback_event: tuple[str, ...] | None
    status_callback: str | None
    status_callback_method: str | None


class Client(NamedTuple):
    """``<Client>``."""

    text: str
    url: str | None
    method: str | None
    status_callback_event: tuple[str, ...] | None
    status_callback: str | None
    status_callback_method: str | None
    name: str | None


class Sip(NamedTuple):
    """``<Sip>``."""

    text: str
    url: str | None
    method: str | None
    status_callback_event: tuple[str, ...] | None
    status_callback: str | None
    status_callback_method: str | None
    name: str | None
    username: str | None
    password: str | None


class Hangup(NamedTuple):
    """``<Hangup>``."""


class Reject(NamedTuple):
    """``<Reject>``."""

    reason: str | None


class Redirect(NamedTuple):
    """``<Redirect>``."""

    text: str
    method: str | None


_NOUN = (
    ("url", _str),
    ("method", _method),
    ("statusCallbackEvent", _events),
    ("statusCallback", _str),
    ("statusCallbackMethod", _method),
)

# tag: (class, has text, has children, ((XML name, converter), ...) in field order)
_SPEC: dict[str, tuple[Any, bool, bool, tuple[tuple[str, Any], ...]]] = {
    "Response": (Response, False, True, ()),
    "Say": (Say, True, False, (("language", _str), ("loop", _int), ("voice", _str))),
    "Play": (Play, True, False, (("loop", _int),)),
    "Pause": (Pause, False, False, (("length", _int),)),
    "Gather": (
        Gather,
        False,
        True,
        (
            ("action", _str),
            ("method", _method),
            ("timeout", _int),
            ("finishOnKey", _str),
            ("numDigits", _int),
            ("input", _str),
            ("partialResultCallback", _str),
            ("partialResultCallbackMethod", _method),
            ("language", _str),
            ("hints", _phrases),
        ),
    ),
    "Record": (
        Record,
        False,
        False,
        (
            ("action", _str),
            ("method", _method),
            ("timeout", _int),
            ("finishOnKey", _str),
            ("maxLength", _int),
            ("playBeep", _bool),
            ("transcribe", _bool),
            ("transcribeCallback", _str),
        ),
    ),
    "Dial": (
        Dial,
        True,
        True,
        (
            ("action", _str),
            ("method", _method),
            ("timeout", _int),
            ("timeLimit", _int),
            ("callerId", _str),
            ("record", _bool),
            ("dialMusic", _str),
        ),
    ),
    "Number": (Number, True, False, _NOUN),
    "Client": (Client, True, False, (*_NOUN, ("name", _str))),
    "Sip": (Sip, True, False, (*_NOUN, ("name", _str), ("username", _str), ("password", _str))),
    "Hangup": (Hangup, False, False, ()),
    "Reject": (Reject, False, False, (("reason", _str),)),
    "Redirect": (Redirect, True, False, (("method", _method),)),
}


def _walk(element: Any) -> Any:
    cls, has_text, has_children, rows = _SPEC[element.tag]
    get = element.get
    values: list[Any] = []
    if has_text:
        text = element.text
        values.append(text.strip(_SPACE) or None if text else None)
    if has_children:
        values.append(tuple(map(_walk, element)))
    for name, convert in rows:
        raw = get(name)
        values.append(None if raw is None else convert(raw.strip(_SPACE)))
    return cls(*values)


def parse(data: bytes) -> Response:
    """Parse a document into typed tuples, checking nothing."""
    return _walk(etree.fromstring(data))


_FIELDS = {cls: rows for cls, _, _, rows in _SPEC.values()}


def _write(item: Any, parent: Any | None) -> Any:
    cls = type(item)
    rows = _FIELDS[cls]
    tag = cls.__name__
    element = etree.Element(tag) if parent is None else etree.SubElement(parent, tag)
    values = item._asdict()
    names = cls._fields[len(cls._fields) - len(rows) :]
    for (name, _), field in zip(rows, names, strict=True):
        value = values[field]
        if isinstance(value, bool):
            element.set(name, "true" if value else "false")
        elif isinstance(value, tuple):
            element.set(name, ",".join(value))
        elif value is not None:
            element.set(name, str(value))
    if values.get("text") is not None:
        element.text = values["text"]
    for child in values.get("children", ()):
        _write(child, element)
    return element


def to_xml(document: Response) -> bytes:
    """The document a parse result stands for, to check it."""
    return etree.tostring(_write(document, None))
