"""xsdata: dataclass models of the dialect, serialised and parsed by xsdata's XML bindings.

xsdata converts values to the field types (``int``, ``bool``, ``Literal`` enumerations are
not supported, so enumerations are plain strings) and checks nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib.metadata import version
from typing import TYPE_CHECKING

from xsdata.formats.dataclass.parsers import XmlParser
from xsdata.formats.dataclass.serializers import XmlSerializer
from xsdata.formats.dataclass.serializers.config import SerializerConfig

if TYPE_CHECKING:
    from collections.abc import Sequence

    from documents import Block, Small

__all__ = ["NAME", "Response", "build_menu", "build_small", "parse", "render", "to_xml"]

NAME = f"xsdata {version('xsdata')}"


def _attribute(name: str | None = None) -> object:
    metadata: dict[str, str] = {"type": "Attribute"}
    if name is not None:
        metadata["name"] = name
    return field(default=None, metadata=metadata)


def _text(*, required: bool = True) -> object:
    if required:
        return field(metadata={"type": "Text", "required": True})
    return field(default=None, metadata={"type": "Text"})


@dataclass
class Say:
    """``<Say>``."""

    text: str = _text()
    language: str | None = _attribute()
    loop: int | None = _attribute()
    voice: str | None = _attribute()


@dataclass
class Play:
    """``<Play>``."""

    text: str = _text()
    loop: int | None = _attribute()


@dataclass
class Pause:
    """``<Pause>``."""

    length: int | None = _attribute()


def _children(*classes: type) -> object:
    return field(
        default_factory=list,
        metadata={
            "type": "Elements",
            "choices": tuple({"name": cls.__name__, "type": cls} for cls in classes),
        },
    )


@dataclass
class Gather:
    """``<Gather>``."""

    children: list[Say | Play | Pause] = _children(Say, Play, Pause)  # noqa: RUF009 - a field specification
    action: str | None = _attribute()
    method: str | None = _attribute()
    timeout: int | None = _attribute()
    finish_on_key: str | None = _attribute("finishOnKey")
    num_digits: int | None = _attribute("numDigits")
    input: str | None = _attribute()
    partial_result_callback: str | None = _attribute("partialResultCallback")
    partial_result_callback_method: str | None = _attribute("partialResultCallbackMethod")
    language: str | None = _attribute()
    hints: str | None = _attribute()


@dataclass
class Record:
    """``<Record>``."""

    action: str | None = _attribute()
    method: str | None = _attribute()
    timeout: int | None = _attribute()
    finish_on_key: str | None = _attribute("finishOnKey")
    max_length: int | None = _attribute("maxLength")
    play_beep: bool | None = _attribute("playBeep")
    transcribe: bool | None = _attribute()
    transcribe_callback: str | None = _attribute("transcribeCallback")


@dataclass
class Number:
    """``<Number>``."""

    text: str = _text()
    url: str | None = _attribute()
    method: str | None = _attribute()
    status_callback_event: str | None = _attribute("statusCallbackEvent")
    status_callback: str | None = _attribute("statusCallback")
    status_callback_method: str | None = _attribute("statusCallbackMethod")


@dataclass
class Client:
    """``<Client>``."""

    text: str = _text()
    url: str | None = _attribute()
    method: str | None = _attribute()
    status_callback_event: str | None = _attribute("statusCallbackEvent")
    status_callback: str | None = _attribute("statusCallback")
    status_callback_method: str | None = _attribute("statusCallbackMethod")
    name: str | None = _attribute()


@dataclass
class Sip:
    """``<Sip>``."""

    text: str = _text()
    url: str | None = _attribute()
    method: str | None = _attribute()
    status_callback_event: str | None = _attribute("statusCallbackEvent")
    status_callback: str | None = _attribute("statusCallback")
    status_callback_method: str | None = _attribute("statusCallbackMethod")
    name: str | None = _attribute()
    username: str | None = _attribute()
    password: str | None = _attribute()


@dataclass
class Dial:
    """``<Dial>``: its text and its nouns."""

    class Meta:
        """Text and elements together."""

        mixed = True

    content: list[object] = field(
        default_factory=list,
        metadata={
            "type": "Wildcard",
            "namespace": "##any",
            "mixed": True,
            "choices": (
                {"name": "Number", "type": Number},
                {"name": "Client", "type": Client},
                {"name": "Sip", "type": Sip},
            ),
        },
    )
    action: str | None = _attribute()
    method: str | None = _attribute()
    timeout: int | None = _attribute()
    time_limit: int | None = _attribute("timeLimit")
    caller_id: str | None = _attribute("callerId")
    record: bool | None = _attribute()
    dial_music: str | None = _attribute("dialMusic")


@dataclass
class Hangup:
    """``<Hangup>``."""


@dataclass
class Reject:
    """``<Reject>``."""

    reason: str | None = _attribute()


@dataclass
class Redirect:
    """``<Redirect>``."""

    text: str = _text()
    method: str | None = _attribute()


@dataclass
class Response:
    """``<Response>``."""

    children: list[Say | Play | Pause | Gather | Record | Dial | Hangup | Reject | Redirect] = (
        _children(Say, Play, Pause, Gather, Record, Dial, Hangup, Reject, Redirect)  # noqa: RUF009 - a field specification
    )


def build_small(data: Small) -> Response:
    """Build the small document."""
    return Response(children=[Say(text=data.greeting, language=data.language), Hangup()])


def build_menu(blocks: Sequence[Block]) -> Response:
    """Build a document of menu blocks."""
    verbs: list[object] = []
    for b in blocks:
        first, second, third = b.numbers
        events = None if b.number_events is None else ",".join(b.number_events)
        sip_events = None if b.sip_events is None else ",".join(b.sip_events)
        verbs += (
            Say(
                text=b.greeting,
                language=b.greeting_language,
                loop=b.greeting_loop,
                voice=b.greeting_voice,
            ),
            Gather(
                children=[
                    Say(text=b.prompt, loop=b.prompt_loop),
                    Play(text=b.music_url, loop=b.music_loop),
                    Pause(length=b.menu_pause),
                ],
                action=b.menu_action,
                method=b.menu_method,
                timeout=b.menu_timeout,
                finish_on_key=b.menu_finish_on_key,
                num_digits=b.menu_num_digits,
            ),
            Dial(
                content=[
                    Sip(
                        text=b.sip_uri,
                        url=b.sip_url,
                        status_callback_event=sip_events,
                        status_callback=b.sip_callback,
                        status_callback_method=b.sip_callback_method,
                        username=b.sip_username,
                        password=b.sip_password,
                    ),
                ],
                timeout=b.sip_dial_timeout,
                time_limit=b.sip_dial_time_limit,
            ),
            Dial(
                content=[
                    Number(
                        text=first,
                        status_callback=b.number_callback,
                        status_callback_event=events,
                    ),
                    Number(text=second, url=b.whisper_url),
                    Number(text=third, url=b.whisper_url),
                    Client(text=b.client, url=b.client_url),
                ],
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
            Redirect(text=b.next_url, method=b.next_method),
        )
    return Response(children=verbs)


_SERIALIZER = XmlSerializer(config=SerializerConfig(xml_declaration=True, encoding="UTF-8"))
_PARSER = XmlParser()


def render(response: Response) -> str:
    """Serialise with the XML declaration."""
    return _SERIALIZER.render(response)


def parse(data: bytes) -> Response:
    """Parse a document into the models."""
    return _PARSER.from_bytes(data, Response)


def to_xml(response: Response) -> bytes:
    """The document a parse result stands for, to check it."""
    return render(response).encode("utf-8")
