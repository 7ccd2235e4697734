"""pydantic-xml: models of the dialect, with the checks pydantic types give for free.

The models use precise types (``Literal`` enumerations, bounded integers, ``bool``), so parsing
checks values; they cannot express the text grammars, list syntax or cross-element rules.
"""

from __future__ import annotations

from importlib.metadata import version
from typing import TYPE_CHECKING, Annotated, Literal

from pydantic import Field
from pydantic_xml import BaseXmlModel, attr, element

if TYPE_CHECKING:
    from collections.abc import Sequence

    from documents import Block, Small

__all__ = ["NAME", "Response", "build_menu", "build_small", "parse", "render", "to_xml"]

NAME = f"pydantic-xml {version('pydantic-xml')}"

Method = Literal["GET", "POST"]
GatherLanguage = Literal["en-US", "en-GB", "es-ES", "it-IT", "fr-FR", "pl-PL", "pt-PT"]
Count = Annotated[int, Field(ge=0, le=2_147_483_647)]
Positive = Annotated[int, Field(ge=1, le=2_147_483_647)]


class Say(BaseXmlModel, tag="Say"):
    """``<Say>``."""

    text: str
    language: str | None = attr(default=None)
    loop: Count | None = attr(default=None)
    voice: Literal["man", "woman"] | None = attr(default=None)


class Play(BaseXmlModel, tag="Play"):
    """``<Play>``."""

    text: str
    loop: Count | None = attr(default=None)


class Pause(BaseXmlModel, tag="Pause"):
    """``<Pause>``."""

    length: Positive | None = attr(default=None)


class Gather(BaseXmlModel, tag="Gather"):
    """``<Gather>``."""

    children: list[Say | Play | Pause] = element(default_factory=list)
    action: str | None = attr(default=None)
    method: Method | None = attr(default=None)
    timeout: Positive | None = attr(default=None)
    finish_on_key: str | None = attr(name="finishOnKey", default=None)
    num_digits: Positive | None = attr(name="numDigits", default=None)
    input: Literal["dtmf", "speech", "dtmf speech"] | None = attr(default=None)
    partial_result_callback: str | None = attr(name="partialResultCallback", default=None)
    partial_result_callback_method: Method | None = attr(
        name="partialResultCallbackMethod",
        default=None,
    )
    language: GatherLanguage | None = attr(default=None)
    hints: str | None = attr(default=None)


class Record(BaseXmlModel, tag="Record"):
    """``<Record>``."""

    action: str | None = attr(default=None)
    method: Method | None = attr(default=None)
    timeout: Positive | None = attr(default=None)
    finish_on_key: str | None = attr(name="finishOnKey", default=None)
    max_length: Positive | None = attr(name="maxLength", default=None)
    play_beep: bool | None = attr(name="playBeep", default=None)
    transcribe: bool | None = attr(default=None)
    transcribe_callback: str | None = attr(name="transcribeCallback", default=None)


class _Noun(BaseXmlModel):
    text: str
    url: str | None = attr(default=None)
    method: Method | None = attr(default=None)
    status_callback_event: str | None = attr(name="statusCallbackEvent", default=None)
    status_callback: str | None = attr(name="statusCallback", default=None)
    status_callback_method: Method | None = attr(name="statusCallbackMethod", default=None)


class Number(_Noun, tag="Number"):
    """``<Number>``."""


class Client(_Noun, tag="Client"):
    """``<Client>``."""

    name: str | None = attr(default=None)


class Sip(_Noun, tag="Sip"):
    """``<Sip>``."""

    name: str | None = attr(default=None)
    username: str | None = attr(default=None)
    password: str | None = attr(default=None)


class Dial(BaseXmlModel, tag="Dial"):
    """``<Dial>``."""

    text: str | None = None
    children: list[Number | Client | Sip] = element(default_factory=list)
    action: str | None = attr(default=None)
    method: Method | None = attr(default=None)
    timeout: Positive | None = attr(default=None)
    time_limit: Positive | None = attr(name="timeLimit", default=None)
    caller_id: str | None = attr(name="callerId", default=None)
    record: bool | None = attr(default=None)
    dial_music: str | None = attr(name="dialMusic", default=None)


class Hangup(BaseXmlModel, tag="Hangup"):
    """``<Hangup>``."""


class Reject(BaseXmlModel, tag="Reject"):
    """``<Reject>``."""

    reason: str | None = attr(default=None)


class Redirect(BaseXmlModel, tag="Redirect"):
    """``<Redirect>``."""

    text: str
    method: Method | None = attr(default=None)


Verb = Say | Play | Pause | Gather | Record | Dial | Hangup | Reject | Redirect


class Response(BaseXmlModel, tag="Response"):
    """``<Response>``."""

    children: list[Verb] = element(default_factory=list)


def build_small(data: Small) -> Response:
    """Build the small document."""
    return Response(children=[Say(text=data.greeting, language=data.language), Hangup()])


def build_menu(blocks: Sequence[Block]) -> Response:
    """Build a document of menu blocks."""
    verbs: list[Verb] = []
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
                children=[
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
                children=[
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


def render(response: Response) -> bytes:
    """Serialise with the XML declaration, leaving unset attributes out."""
    return response.to_xml(exclude_none=True, xml_declaration=True, encoding="UTF-8")


def parse(data: bytes) -> Response:
    """Parse and check a document into the models."""
    return Response.from_xml(data)


def to_xml(response: Response) -> bytes:
    """The document a parse result stands for, to check it."""
    return render(response)
