"""The node classes: frozen, slotted, hashable values, one per element of the dialect.

Each class declares its typed fields; what they may hold is decided by its row of the table in
``_schema`` and enforced when the node is built, by the constructor ``_node_base`` generates
from the row's plan. This module declares the verbs and the document (``<Response>``), with
their typed signatures; the nouns of ``<Dial>`` and ``<Video>`` are declared in ``_nouns``.
Every node class, the types of their fields and the registries of their rows and
constructors are imported from here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

import attrs

from callmarkup._grammars import DestinationKind, destination_kind
from callmarkup._node_base import (
    INITIALISERS,
    RULES,
    CallEvent,
    GatherInput,
    GatherLanguage,
    Method,
    Node,
    RejectReason,
    Voice,
    hide_unknown_keywords,
    install,
    none_given,
    positional_or_keyword,  # pyright: ignore[reportUnusedImport] - in the __init__s that run
    unknown_keywords,
)
from callmarkup._nouns import Client, Noun, Number, Sip, Video

if TYPE_CHECKING:
    from collections.abc import Iterable


__all__ = [
    "NODE_CLASSES",
    "RULES",
    "CallEvent",
    "Client",
    "DestinationKind",
    "Dial",
    "Gather",
    "GatherInput",
    "GatherLanguage",
    "Hangup",
    "Method",
    "Node",
    "Noun",
    "Number",
    "Pause",
    "Play",
    "Prompt",
    "Record",
    "Redirect",
    "Reject",
    "RejectReason",
    "Response",
    "Say",
    "Sip",
    "Verb",
    "Video",
    "Voice",
]


@attrs.frozen(repr=False, eq=False)
class Say(Node):
    """Speaks text to the caller.

    Example:
        >>> Say("Hello, world.", loop=2)
        Say('Hello, world.', loop=2)
    """

    text: str
    """The words to speak (required, trimmed)."""
    language: str | None = attrs.field(default=None, kw_only=True)
    """Voice and language, for example ``"joanna-en-US-female"`` or ``"kevin"``."""
    loop: int | None = attrs.field(default=None, kw_only=True)
    """Times the text is spoken, ``0`` until the call ends."""
    voice: Voice | None = attrs.field(default=None, kw_only=True)
    """Legacy voice gender (Restcomm extension)."""


@attrs.frozen(repr=False, eq=False)
class Play(Node):
    """Plays an audio file to the caller.

    Example:
        >>> Play("https://example.com/hold.mp3", loop=0)
        Play('https://example.com/hold.mp3', loop=0)
    """

    text: str
    """URL of the audio file, absolute or relative."""
    loop: int | None = attrs.field(default=None, kw_only=True)
    """Times the file is played, ``0`` until the call ends."""


@attrs.frozen(repr=False, eq=False)
class Pause(Node):
    """Waits in silence.

    Example:
        >>> Pause(length=3)
        Pause(length=3)
    """

    length: int | None = attrs.field(default=None, kw_only=True)
    """Seconds of silence, at least 1."""


Prompt = Say | Play | Pause
"""What a :class:`Gather` may contain."""


@attrs.frozen(repr=False, eq=False, init=False)
class Gather(Node):
    """Collects keypad digits (or speech) while its prompts play.

    Prompts are given positionally, or all at once as ``children=``.

    Example:
        >>> Gather(Say("Press 1 for sales."), action="/menu", num_digits=1)
        Gather(Say('Press 1 for sales.'), action='/menu', num_digits=1)
    """

    children: tuple[Prompt, ...]
    """The prompts, in order."""
    action: str | None
    """Where the input is sent."""
    method: Method | None
    """HTTP method for ``action``."""
    timeout: int | None
    """Seconds to wait for the next key."""
    finish_on_key: str | None
    """Key that ends input: one of ``0-9#*``, or ``""`` for none."""
    num_digits: int | None
    """Input ends after this many digits."""
    input: GatherInput | None
    """Input mode."""
    partial_result_callback: str | None
    """Receives partial speech results."""
    partial_result_callback_method: Method | None
    """HTTP method for ``partial_result_callback`` (Restcomm extension)."""
    language: GatherLanguage | None
    """Speech recognition language."""
    hints: tuple[str, ...] | None
    """Expected phrases: at most 50, each at most 100 characters, without commas."""

    # Type checkers read the first signature; the one that runs also takes unknown keywords,
    # to refuse them with a suggestion (``unknown_keywords``).
    if TYPE_CHECKING:

        def __init__(  # noqa: PLR0913 - one keyword per attribute of the dialect
            self,
            *prompts: Prompt,
            children: Iterable[Prompt] = (),
            action: str | None = None,
            method: Method | None = None,
            timeout: int | None = None,
            finish_on_key: str | None = None,
            num_digits: int | None = None,
            input: GatherInput | None = None,  # noqa: A002 - the dialect's name
            partial_result_callback: str | None = None,
            partial_result_callback_method: Method | None = None,
            language: GatherLanguage | None = None,
            hints: tuple[str, ...] | None = None,
        ) -> None: ...

    else:

        def __init__(  # noqa: PLR0913 - one keyword per attribute of the dialect
            self,
            *prompts: Prompt,
            children: Iterable[Prompt] = (),
            action: str | None = None,
            method: Method | None = None,
            timeout: int | None = None,
            finish_on_key: str | None = None,
            num_digits: int | None = None,
            input: GatherInput | None = None,  # noqa: A002 - the dialect's name
            partial_result_callback: str | None = None,
            partial_result_callback_method: Method | None = None,
            language: GatherLanguage | None = None,
            hints: tuple[str, ...] | None = None,
            **unknown: object,
        ) -> None:
            if unknown:
                raise unknown_keywords(Gather, unknown)
            _init_gather(
                self,
                prompts
                if none_given(children)
                else positional_or_keyword("Gather", prompts, children),
                action,
                method,
                timeout,
                finish_on_key,
                num_digits,
                input,
                partial_result_callback,
                partial_result_callback_method,
                language,
                hints,
            )


@attrs.frozen(repr=False, eq=False)
class Record(Node):
    """Records the caller.

    Example:
        >>> Record(action="/voicemail", max_length=120, play_beep=True)
        Record(action='/voicemail', max_length=120, play_beep=True)
    """

    action: str | None = attrs.field(default=None, kw_only=True)
    """Receives the recording."""
    method: Method | None = attrs.field(default=None, kw_only=True)
    """HTTP method for ``action``."""
    timeout: int | None = attrs.field(default=None, kw_only=True)
    """Seconds of silence that end the recording."""
    finish_on_key: str | None = attrs.field(default=None, kw_only=True)
    """Distinct keys from ``0-9#*`` that stop the recording, or ``"-1"`` for none."""
    max_length: int | None = attrs.field(default=None, kw_only=True)
    """Maximum length in seconds."""
    play_beep: bool | None = attrs.field(default=None, kw_only=True)
    """Whether a beep sounds first."""
    transcribe: bool | None = attrs.field(default=None, kw_only=True)
    """Whether to transcribe (Restcomm extension)."""
    transcribe_callback: str | None = attrs.field(default=None, kw_only=True)
    """Receives the transcription (Restcomm extension)."""


def _destination_given(
    content: tuple[str | Noun, ...], text: str | None
) -> tuple[str, tuple[Noun, ...]]:
    """The one destination string among a Dial's positional content, and the nouns."""
    if len(content) == 1 and text is None:
        return cast("str", content[0]), ()
    texts = [item for item in content if isinstance(item, str)]
    if len(texts) + (text is not None) > 1:
        raise TypeError("Dial() takes at most one destination string")
    return texts[0], tuple(item for item in content if not isinstance(item, str))


@attrs.frozen(repr=False, eq=False, init=False)
class Dial(Node):
    """Connects the caller to another party.

    Give either one destination as text (a phone number, ``client:name`` or a SIP URI), or
    1-10 :class:`Number`/:class:`Client` nouns, or exactly one :class:`Sip`. Content is given
    positionally, or as ``text=`` / ``children=``.

    Example:
        >>> Dial("+15551234567", timeout=20)
        Dial('+15551234567', timeout=20)
        >>> Dial(Number("+15551234567"), Client("alice"), caller_id="+15550000000")
        Dial(Number('+15551234567'), Client('alice'), caller_id='+15550000000')
    """

    text: str | None
    """A single destination, or ``None`` when dialing nouns."""
    children: tuple[Noun, ...]
    """The nouns rung together."""
    action: str | None
    """Requested when the dialed leg ends."""
    method: Method | None
    """HTTP method for ``action``."""
    timeout: int | None
    """Seconds to wait for an answer."""
    time_limit: int | None
    """Maximum call duration in seconds."""
    caller_id: str | None
    """Caller ID shown to the called party: a phone number or ``client:name``."""
    record: bool | None
    """Whether to record the call."""
    dial_music: str | None
    """Audio played while dialing, or ``"disabled"``."""

    # Type checkers read the first signature: one destination string, first (or as text=),
    # then nouns, so that Dial("+1555...", "+1555...") is refused before it runs. The one that
    # runs takes any mix, to refuse it with a clear message, and unknown keywords, to suggest
    # the one meant. (A positional-only parameter would be truer, but mypy's attrs plugin
    # cannot then type attrs.evolve.)
    if TYPE_CHECKING:

        def __init__(  # noqa: PLR0913 - one keyword per attribute of the dialect
            self,
            text: str | Noun | None = None,
            *nouns: Noun,
            children: Iterable[Noun] = (),
            action: str | None = None,
            method: Method | None = None,
            timeout: int | None = None,
            time_limit: int | None = None,
            caller_id: str | None = None,
            record: bool | None = None,
            dial_music: str | None = None,
        ) -> None: ...

    else:

        def __init__(  # noqa: PLR0913 - one keyword per attribute of the dialect
            self,
            *content: str | Noun,
            text: str | None = None,
            children: Iterable[Noun] = (),
            action: str | None = None,
            method: Method | None = None,
            timeout: int | None = None,
            time_limit: int | None = None,
            caller_id: str | None = None,
            record: bool | None = None,
            dial_music: str | None = None,
            **unknown: object,
        ) -> None:
            if unknown:
                raise unknown_keywords(Dial, unknown)
            # A loop, not a comprehension: most Dials hold only nouns, and this costs no call.
            for item in content:
                if isinstance(item, str):
                    text, content = _destination_given(content, text)
                    break
            _init_dial(
                self,
                text,
                content
                if none_given(children)
                else positional_or_keyword("Dial", content, children),
                action,
                method,
                timeout,
                time_limit,
                caller_id,
                record,
                dial_music,
            )

    @property
    def destination_kind(self) -> DestinationKind | None:
        """How the platform reads the text destination: ``"sip"``, ``"client"`` or ``"number"``.

        ``None`` when the Dial rings nouns instead.

        Example:
            >>> Dial("sip:alice@example.com").destination_kind
            'sip'
            >>> Dial("client:alice").destination_kind
            'client'
            >>> Dial("+15551234567").destination_kind
            'number'
            >>> print(Dial(Number("+15551234567")).destination_kind)
            None
        """
        return None if self.text is None else destination_kind(self.text)


@attrs.frozen(repr=False, eq=False)
class Hangup(Node):
    """Ends the call.

    Example:
        >>> Hangup()
        Hangup()
    """


@attrs.frozen(repr=False, eq=False)
class Reject(Node):
    """Refuses the call.

    Example:
        >>> Reject(reason="busy")
        Reject(reason='busy')
    """

    reason: RejectReason | None = attrs.field(default=None, kw_only=True)
    """How the call is refused."""


@attrs.frozen(repr=False, eq=False)
class Redirect(Node):
    """Continues the call with the document at a URL.

    Example:
        >>> Redirect("/next", method="GET")
        Redirect('/next', method='GET')
    """

    text: str
    """URL of the next document."""
    method: Method | None = attrs.field(default=None, kw_only=True)
    """HTTP method used to fetch it."""


Verb = Say | Play | Pause | Gather | Record | Dial | Hangup | Reject | Redirect
"""What a :class:`Response` may contain."""


@attrs.frozen(repr=False, eq=False, init=False)
class Response(Node):
    """The document: verbs that run one after another.

    Verbs are given positionally, or all at once as ``children=``. ``str()`` of a document is
    its canonical XML, what :func:`~callmarkup.render` returns, so ``return str(response)``
    serves the markup; ``repr()`` stays the Python call that builds it. The other nodes are
    not documents: their ``str()`` is their ``repr()``.

    Example:
        >>> from callmarkup import Hangup, Response, Say
        >>> doc = Response(Say("Goodbye."), Hangup())
        >>> doc
        Response(Say('Goodbye.'), Hangup())
        >>> print(doc)
        <?xml version="1.0" encoding="UTF-8"?><Response><Say>Goodbye.</Say><Hangup/></Response>
        >>> str(Say("Goodbye."))
        "Say('Goodbye.')"
    """

    children: tuple[Verb, ...]
    """The verbs, in order."""

    def __str__(self) -> str:
        """The canonical XML of the document: ``render(self)``."""
        from callmarkup._render import render  # noqa: PLC0415 - _render imports this module

        return render(self)

    # Type checkers read the first signature; the one that runs also takes unknown keywords,
    # to refuse them with a suggestion (``unknown_keywords``).
    if TYPE_CHECKING:

        def __init__(self, *verbs: Verb, children: Iterable[Verb] = ()) -> None: ...

    else:

        def __init__(self, *verbs: Verb, children: Iterable[Verb] = (), **unknown: object) -> None:
            if unknown:
                raise unknown_keywords(Response, unknown)
            _init_response(
                self,
                verbs
                if none_given(children)
                else positional_or_keyword("Response", verbs, children),
            )


NODE_CLASSES: dict[str, type[Node]] = {
    cls.__name__: cls
    for cls in (
        Response,
        Say,
        Play,
        Pause,
        Gather,
        Record,
        Dial,
        Number,
        Client,
        Video,
        Sip,
        Hangup,
        Reject,
        Redirect,
    )
}
"""Every node class, keyed by the tag of its element (the class is named after it)."""


# The nouns are installed by ``_nouns``, which this module imports; every other class here.
install(*(cls for cls in NODE_CLASSES.values() if cls not in RULES))
# Help and the docs show the parameters of the constructors without ``**unknown``.
hide_unknown_keywords(Gather, Dial, Response)

_init_gather = INITIALISERS[Gather]
_init_dial = INITIALISERS[Dial]
_init_response = INITIALISERS[Response]
