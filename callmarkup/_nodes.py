"""The node classes: frozen, slotted, hashable values, one per element of the dialect.

Each class declares its typed fields; what they may hold is decided by its row of the table in
``_schema`` and enforced when the node is built, so an illegal tree cannot be built. The
constructors are generated at import from each row's plan by ``_plan``, the one compiler of the
table: they run each codec's checks and the element's rules on the arguments directly, and at
the first thing wrong hand the node to ``_rules.judge``, the one interpreter of the table, which
finds and phrases every violation. The parser, which has already judged every element, builds
nodes through :func:`build_checked` without judging them twice.
"""

from __future__ import annotations

import difflib
import inspect
from typing import TYPE_CHECKING, Any, ClassVar, Literal, TypeVar, cast

import attrs

from callmarkup._codecs import described
from callmarkup._grammars import DestinationKind, destination_kind
from callmarkup._plan import ElementPlan, constructor, plan
from callmarkup._rules import Finding, child_paths, judge
from callmarkup._schema import ELEMENTS, ElementRule
from callmarkup.exceptions import Code, InvalidMarkupError, Violation

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable


__all__ = [
    "INITIALISERS",
    "NODE_CLASSES",
    "PLANS",
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
    "build_checked",
    "judge_node",
    "unknown_keywords",
]

Method = Literal["GET", "POST"]
"""An HTTP method of a callback."""
Voice = Literal["man", "woman"]
"""The legacy ``<Say voice>`` values."""
GatherInput = Literal["dtmf", "speech", "dtmf speech"]
"""``<Gather input>`` modes; ``speech`` and ``dtmf speech`` are Restcomm extensions."""
GatherLanguage = Literal["en-US", "en-GB", "es-ES", "it-IT", "fr-FR", "pl-PL", "pt-PT"]
"""``<Gather language>`` recognition languages."""
CallEvent = Literal["initiated", "ringing", "answered", "completed"]
"""Call-progress events a noun can report (``status_callback_event``)."""
RejectReason = Literal[
    "rejected",
    "busy",
    "forbidden",
    "anonymity_disallowed",
    "address_incomplete",
    "no_route",
    "service_unavailable",
    "unwanted",
]
"""``<Reject reason>`` values."""


class Node:
    """The base of every node class: a readable ``repr`` (the constructors are generated)."""

    __slots__ = ()

    if TYPE_CHECKING:
        # Every concrete node class is an attrs class; this tells type checkers so.
        __attrs_attrs__: ClassVar[tuple[attrs.Attribute[Any], ...]]

    def __repr__(self) -> str:
        """Python source that builds an equal node, with only the values that are set."""
        parts: list[str] = []
        text = getattr(self, "text", None)
        if text is not None:
            parts.append(repr(text))
        parts += [repr(child) for child in getattr(self, "children", ())]
        for row in RULES[type(self)].attributes:
            value = getattr(self, row.field)
            if value is not None:
                parts.append(f"{row.field}={value!r}")
        return f"{type(self).__name__}({', '.join(parts)})"


_N = TypeVar("_N", bound=Node)


def build_checked(cls: type[_N], values: dict[str, Any]) -> _N:
    """Build a node from values the parser has already judged legal, without judging again."""
    node = object.__new__(cls)
    for name, default in _DEFAULTS[cls]:
        object.__setattr__(node, name, values.get(name, default))
    return node


def unknown_keywords(cls: type[Node], unknown: dict[str, object]) -> TypeError:
    """The error for keywords a constructor does not take, with the one most likely meant.

    The XML name of an attribute (``numDigits``) suggests its Python name (``num_digits``);
    any other name, the keyword closest to it; with no close keyword, every keyword is listed.
    """
    rule = RULES[cls]
    keywords = [field.name for field in attrs.fields(cls)]
    name = next(iter(unknown))
    row = rule.by_xml.get(name)
    folded = {keyword.replace("_", "").lower(): keyword for keyword in keywords}
    guess = (
        row.field
        if row is not None
        else folded.get(name.replace("_", "").lower())
        or next(iter(difflib.get_close_matches(name, keywords, n=1)), None)
    )
    hint = (
        f"; did you mean {guess}?"
        if guess is not None
        else f"; its keywords are: {', '.join(keywords)}"
        if keywords
        else "; it takes no keywords"
    )
    return TypeError(f"{cls.__name__}() got an unexpected keyword argument {name!r}{hint}")


def judge_node(node: Node) -> None:
    """Judge a node being built; normalise its values or raise with every violation."""
    rule = RULES[type(node)]
    children: tuple[object, ...] = getattr(node, "children", ())
    for child in children:
        # type(), not isinstance(): a mock or proxy can claim any __class__, and a subclass
        # could change how the node renders.
        if type(child) not in RULES:
            what = described(child)
            if isinstance(child, type) and issubclass(child, Node):
                what = f"the class {child.__name__}; did you mean {child.__name__}(...)?"
            raise TypeError(f"<{rule.tag}> takes nodes as children, got {what}")
    child_tags = [RULES[type(child)].tag for child in children if isinstance(child, Node)]
    path = f"/{rule.tag}"
    attributes = [
        (row.xml, value)
        for row in rule.attributes
        if (value := getattr(node, row.field)) is not None
    ]
    judgement = judge(
        rule,
        path,
        attributes,
        getattr(node, "text", None),
        child_tags,
        from_source=False,
    )
    findings = list(judgement.findings)
    for child_path, message in zip(
        child_paths(path, child_tags),
        judgement.misplaced,
        strict=True,
    ):
        if message is not None:
            findings.append(Finding(Code.CHILD_NOT_ALLOWED, message, child_path))
    if findings:
        raise InvalidMarkupError(
            tuple(Violation(finding.code, finding.message, finding.path) for finding in findings),
        )
    for name, value in judgement.values.items():
        object.__setattr__(node, name, value)
    if rule.text is not None:
        object.__setattr__(node, "text", judgement.text)


@attrs.frozen(repr=False)
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


@attrs.frozen(repr=False)
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


@attrs.frozen(repr=False)
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


@attrs.frozen(repr=False, init=False)
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
                if _none_given(children)
                else _positional_or_keyword("Gather", prompts, children),
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


def _none_given(children: Iterable[Any]) -> bool:
    """Whether ``children=`` was left out (or given as an empty tuple)."""
    return type(children) is tuple and not children


def _positional_or_keyword(tag: str, positional: tuple[Any, ...], keyword: Iterable[Any]) -> Any:
    given = tuple(keyword)
    if positional and given:
        raise TypeError(f"{tag}() takes its children positionally or as children=, not both")
    return positional or given


@attrs.frozen(repr=False)
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


@attrs.frozen(repr=False)
class _Noun(Node):
    """The attributes every noun shares (its text is declared by each noun)."""

    url: str | None = attrs.field(default=None, kw_only=True)
    """Screening document run on the answering party; it must not contain ``<Dial>``."""
    method: Method | None = attrs.field(default=None, kw_only=True)
    """HTTP method for ``url``."""
    status_callback_event: tuple[CallEvent, ...] | None = attrs.field(default=None, kw_only=True)
    """Which call-progress events to report."""
    status_callback: str | None = attrs.field(default=None, kw_only=True)
    """Receives the call-progress events."""
    status_callback_method: Method | None = attrs.field(default=None, kw_only=True)
    """HTTP method for ``status_callback``."""


@attrs.frozen(repr=False)
class Number(_Noun):
    """A phone number to dial, inside :class:`Dial`.

    Example:
        >>> Number("+15551234567", status_callback="/events", status_callback_event=("answered",))
        Number('+15551234567', status_callback_event=('answered',), status_callback='/events')
    """

    text: str
    """The phone number, optionally followed by ``?X-Header=value&...``."""


@attrs.frozen(repr=False)
class Video(Node):
    """Makes the call of its :class:`Client` or :class:`Sip` a video call.

    The parent then takes its destination from ``name``, not from its text.

    Example:
        >>> Video(enable=True, overlay="Support")
        Video(enable=True, overlay='Support')
    """

    enable: bool | None = attrs.field(default=None, kw_only=True)
    """Whether video is on (the platform's default: off)."""
    overlay: str | None = attrs.field(default=None, kw_only=True)
    """A caption drawn on the video."""


def _text_or_video(
    tag: str, content: tuple[str | Video, ...], text: str | None, children: Iterable[Video]
) -> tuple[str | None, Any]:
    """The destination string and the ``<Video>`` children of a Client or Sip's arguments."""
    if len(content) == 1 and text is None and _none_given(children):
        only = content[0]
        if isinstance(only, str):
            return only, ()
    texts = [item for item in content if isinstance(item, str)]
    if len(texts) + (text is not None) > 1:
        raise TypeError(f"{tag}() takes at most one destination string")
    nodes = tuple(item for item in content if not isinstance(item, str))
    if not _none_given(children):
        nodes = _positional_or_keyword(tag, nodes, children)
    return (texts[0] if texts else text), nodes


@attrs.frozen(repr=False, init=False)
class Client(_Noun):
    """A client of the platform to dial, inside :class:`Dial`.

    Give the client as text, or, for a video call, a :class:`Video` and ``name=``.

    Example:
        >>> Client("alice")
        Client('alice')
        >>> Client(Video(enable=True), name="alice")
        Client(Video(enable=True), name='alice')
    """

    text: str | None
    """The client identifier, optionally followed by ``?X-Header=value&...``; ``None`` with
    a :class:`Video`."""
    children: tuple[Video, ...]
    """At most one :class:`Video`."""
    name: str | None
    """The client to call with :class:`Video` (then required); unchecked otherwise."""

    def __init__(  # noqa: PLR0913 - one keyword per attribute of the dialect
        self,
        *content: str | Video,
        text: str | None = None,
        children: Iterable[Video] = (),
        url: str | None = None,
        method: Method | None = None,
        status_callback_event: tuple[CallEvent, ...] | None = None,
        status_callback: str | None = None,
        status_callback_method: Method | None = None,
        name: str | None = None,
    ) -> None:
        text, nodes = _text_or_video("Client", content, text, children)
        _init_client(
            self,
            url,
            method,
            status_callback_event,
            status_callback,
            status_callback_method,
            text,
            nodes,
            name,
        )


@attrs.frozen(repr=False, init=False)
class Sip(_Noun):
    """A SIP endpoint to dial; the only noun of its :class:`Dial`.

    Give the URI as text, or, for a video call, a :class:`Video` and the URI as ``name=``.

    Example:
        >>> Sip("sip:alice@example.com:5080", username="alice", password="secret")
        Sip('sip:alice@example.com:5080', username='alice', password='secret')
        >>> Sip(Video(enable=True), name="sip:alice@example.com")
        Sip(Video(enable=True), name='sip:alice@example.com')
    """

    text: str | None
    """The SIP URI; ``None`` with a :class:`Video`."""
    children: tuple[Video, ...]
    """At most one :class:`Video`."""
    name: str | None
    """The SIP URI to call with :class:`Video` (then required); unchecked otherwise."""
    username: str | None
    """SIP digest-authentication user (Restcomm extension)."""
    password: str | None
    """SIP digest-authentication password (Restcomm extension)."""

    def __init__(  # noqa: PLR0913 - one keyword per attribute of the dialect
        self,
        *content: str | Video,
        text: str | None = None,
        children: Iterable[Video] = (),
        url: str | None = None,
        method: Method | None = None,
        status_callback_event: tuple[CallEvent, ...] | None = None,
        status_callback: str | None = None,
        status_callback_method: Method | None = None,
        name: str | None = None,
        username: str | None = None,
        password: str | None = None,
    ) -> None:
        text, nodes = _text_or_video("Sip", content, text, children)
        _init_sip(
            self,
            url,
            method,
            status_callback_event,
            status_callback,
            status_callback_method,
            text,
            nodes,
            name,
            username,
            password,
        )


Noun = Number | Client | Sip
"""What a :class:`Dial` may contain."""


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


@attrs.frozen(repr=False, init=False)
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
                if _none_given(children)
                else _positional_or_keyword("Dial", content, children),
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


@attrs.frozen(repr=False)
class Hangup(Node):
    """Ends the call.

    Example:
        >>> Hangup()
        Hangup()
    """


@attrs.frozen(repr=False)
class Reject(Node):
    """Refuses the call.

    Example:
        >>> Reject(reason="busy")
        Reject(reason='busy')
    """

    reason: RejectReason | None = attrs.field(default=None, kw_only=True)
    """How the call is refused."""


@attrs.frozen(repr=False)
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


@attrs.frozen(repr=False, init=False)
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
                if _none_given(children)
                else _positional_or_keyword("Response", verbs, children),
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

RULES: dict[type[Node], ElementRule] = {cls: ELEMENTS[tag] for tag, cls in NODE_CLASSES.items()}
"""The row of the table of every node class."""

_DEFAULTS: dict[type[Node], tuple[tuple[str, Any], ...]] = {
    cls: tuple(
        (field.name, () if field.name == "children" else None) for field in attrs.fields(cls)
    )
    for cls in NODE_CLASSES.values()
}


PLANS: dict[type[Node], ElementPlan] = {cls: plan(rule) for cls, rule in RULES.items()}
"""The plan of every node class, from its row: what its compiled constructor checks."""


def _compile_init(
    cls: type[Node], header: str, *, refuse_unknown: bool = False
) -> Callable[..., None]:
    """The compiled constructor body of ``cls``, generated from its plan (``_plan``)."""
    return constructor(
        cls,
        PLANS[cls],
        header,
        classes=NODE_CLASSES,
        judge=judge_node,
        refuse=unknown_keywords if refuse_unknown else None,
    )


def _signature(cls: type[Node]) -> str:
    """The parameters of the ``__init__`` attrs writes for ``cls``: the same, in source."""
    positional: list[str] = []
    keywords: list[str] = []
    for field in attrs.fields(cls):
        if field.default is attrs.NOTHING:
            positional.append(field.name)
        elif field.default is None and field.kw_only:
            keywords.append(f"{field.name}=None")
        else:  # pragma: no cover - every field is required or a keyword that defaults to None
            raise AssertionError(f"{cls.__name__}.{field.name}: an unexpected default")
    # Unknown keywords are taken, to be refused with a suggestion (``unknown_keywords``).
    return ", ".join(["self", *positional, *(["*", *keywords] if keywords else []), "**unknown"])


def _install_init(cls: type[Node], rule: ElementRule) -> Callable[..., None]:
    """Compile the constructor of ``cls``; replace attrs' ``__init__`` when it wrote one.

    A class with its own ``__init__`` (taking children positionally) calls the returned
    function with every field, in order.
    """
    fields = ", ".join(field.name for field in attrs.fields(cls))
    initialise = _compile_init(cls, f"def init_{rule.tag}(self, {fields}):")
    generated = vars(cls)["__init__"]
    if generated.__code__.co_filename != __file__:  # written by attrs, not in this module
        init = _compile_init(cls, f"def __init__({_signature(cls)}):", refuse_unknown=True)
        init.__qualname__ = f"{cls.__name__}.__init__"
        init.__module__ = cls.__module__
        init.__annotations__ = generated.__annotations__
        init.__doc__ = generated.__doc__
        # Help and the docs show the parameters attrs wrote, without ``**unknown``.
        init.__signature__ = inspect.signature(generated)  # type: ignore[attr-defined]
        cls.__init__ = init  # type: ignore[method-assign]
    return initialise


INITIALISERS: dict[type[Node], Callable[..., None]] = {
    cls: _install_init(cls, rule) for cls, rule in RULES.items()
}
"""The compiled constructor of every node class, taking every field positionally."""
# Help and the docs show the parameters of the constructors without ``**unknown``.
for _cls in (Gather, Dial, Response):
    _init: Any = _cls.__init__
    _signature_of = inspect.signature(_init)
    _init.__signature__ = _signature_of.replace(
        parameters=[p for p in _signature_of.parameters.values() if p.kind is not p.VAR_KEYWORD]
    )

_init_gather = INITIALISERS[Gather]
_init_dial = INITIALISERS[Dial]
_init_response = INITIALISERS[Response]
_init_client = INITIALISERS[Client]
_init_sip = INITIALISERS[Sip]
