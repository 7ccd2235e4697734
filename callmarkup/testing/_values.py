"""The scripted parties of a simulated call and the platform's settings, as frozen values.

A :class:`Caller` is a list of actions, each answering the next verb that takes input
(``<Gather>`` or ``<Record>``); a far end of ``<Dial>`` is one of :class:`Answer`,
:class:`Busy`, :class:`NoAnswer` or :class:`Fail`; :class:`Platform` holds the variants of the
call execution model where the platform's code and its documentation disagree, and the
simulator's timing settings.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Literal

import attrs

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping

__all__ = [
    "FAR_ENDS",
    "VARIANTS",
    "Action",
    "Answer",
    "Busy",
    "Caller",
    "Fail",
    "FarEnd",
    "HangUp",
    "NoAnswer",
    "Outbound",
    "Platform",
    "Press",
    "Recording",
    "Silence",
    "Speak",
    "Variant",
    "invite_headers",
]

_KEYS = frozenset("0123456789*#")


def _non_negative(_: object, attribute: attrs.Attribute[float], value: float) -> None:
    if value < 0:
        raise ValueError(f"{attribute.name} must be at least 0, got {value!r}")


def _optional_non_negative(
    _: object, attribute: attrs.Attribute[float | None], value: float | None
) -> None:
    if value is not None and value < 0:
        raise ValueError(f"{attribute.name} must be at least 0 or None, got {value!r}")


def _positive(_: object, attribute: attrs.Attribute[int], value: int) -> None:
    if value < 1:
        raise ValueError(f"{attribute.name} must be at least 1, got {value!r}")


def _sip_failure(_: object, attribute: attrs.Attribute[int], value: int) -> None:
    if not 400 <= value <= 699:
        raise ValueError(f"{attribute.name} must be a SIP failure code, 400-699, got {value!r}")


def _keys(_: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not value or not _KEYS.issuperset(value):
        raise ValueError(
            f"{attribute.name} must be one or more of the keys 0-9, * and #, got {value!r}"
        )


def _type_name(kind: type | tuple[type, ...]) -> str:
    kinds = kind if isinstance(kind, tuple) else (kind,)
    names = {"int": "an integer", "float": "a number", "str": "a string", "bool": "True or False"}
    if set(kinds) == {int, float}:
        return "a number"
    return " or ".join(names.get(k.__name__, k.__name__) for k in kinds)


def _is(kind: type | tuple[type, ...]) -> Any:
    """A validator: the value is of ``kind`` (``True``/``False`` are no numbers), else TypeError."""

    def check(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
        kinds = kind if isinstance(kind, tuple) else (kind,)
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
            raise TypeError(f"{attribute.name} must be {_type_name(kind)}, got {value!r}")

    return check


def _in(options: Iterable[object]) -> Any:
    """A validator: the value is one of ``options``, else ValueError."""
    allowed = tuple(sorted(options, key=str))

    def check(_: object, attribute: attrs.Attribute[Any], value: object) -> None:
        if value not in allowed:
            choices = ", ".join(repr(option) for option in allowed)
            raise ValueError(f"{attribute.name} must be one of {choices}, got {value!r}")

    return check


_NUMBER = _is((int, float))
# Typed loosely: the bound check is shared with the float fields.
_COUNT: Any = [_is(int), _non_negative]
_OPTIONAL_NUMBER = attrs.validators.optional(_NUMBER)
# Typed loosely: a field with a non-None default would otherwise be inferred as not optional.
_OPTIONAL_SECONDS: Any = [_OPTIONAL_NUMBER, _optional_non_negative]
_OPTIONAL_TEXT: Any = attrs.validators.optional(_is(str))
_OPTIONAL_EVENTS: Any = attrs.validators.optional(
    attrs.validators.deep_iterable(
        _in(("initiated", "ringing", "answered", "completed")),
        _is(tuple),
    )
)


def _actions(value: Iterable[Action] | Action) -> tuple[Action, ...]:
    if isinstance(value, _ACTIONS):
        return (value,)  # one action is a script of one
    if isinstance(value, (str, bytes)) or not hasattr(value, "__iter__"):
        raise TypeError(
            f"actions must be a sequence of Press, Speak, Silence, Recording or HangUp, "
            f"got {value!r}"
        )
    return tuple(value)


def _sip_headers(
    value: Mapping[str, str] | Iterable[tuple[str, str]], *, diversion: bool = False
) -> tuple[tuple[str, str], ...]:
    try:
        pairs = dict(value)
    except (TypeError, ValueError):
        raise TypeError(f"sip_headers must map header names to values, got {value!r}") from None
    for name, text in pairs.items():
        if not isinstance(name, str) or not isinstance(text, str):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise TypeError(f"sip_headers must map text to text, got {name!r}: {text!r}")
        if not _HEADER.fullmatch(name) and not (diversion and name == "Diversion"):
            also = " and Diversion" if diversion else ""
            raise ValueError(
                f"sip_headers: {name!r} is not a custom SIP header; the platform passes on "
                f"only headers named X-...{also}"
            )
    return tuple(pairs.items())


_HEADER = re.compile(r"[Xx]-[A-Za-z0-9!#$%&'*+.^_`|~-]+")


def invite_headers(
    value: Mapping[str, str] | Iterable[tuple[str, str]],
) -> tuple[tuple[str, str], ...]:
    """The headers of an incoming INVITE the platform passes on: ``X-...`` and ``Diversion``.

    Example:
        >>> invite_headers({"X-Team": "sales", "Diversion": "<sip:+15550001111@a.test>"})
        (('X-Team', 'sales'), ('Diversion', '<sip:+15550001111@a.test>'))
    """
    return _sip_headers(value, diversion=True)


def _texts(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


@attrs.frozen
class Press:
    """The caller presses keys.

    In a ``<Gather>`` the first key comes ``after`` seconds into the Gather (``None``: as soon
    as its prompts end), then one key every ``gap`` seconds. In a ``<Record>`` the first key
    that stops the recording ends it.

    Example:
        >>> Press("12#")
        Press(keys='12#', after=None, gap=1.0)
    """

    keys: str = attrs.field(validator=[_is(str), _keys])
    after: float | None = attrs.field(
        default=None, kw_only=True, validator=[_OPTIONAL_NUMBER, _optional_non_negative]
    )
    gap: float = attrs.field(default=1.0, kw_only=True, validator=[_NUMBER, _non_negative])


@attrs.frozen
class Speak:
    """The caller says something: recognised by a speech ``<Gather>``, recorded by ``<Record>``.

    A DTMF-only Gather ignores it. ``partials`` are the interim results sent to a Gather's
    ``partialResultCallback`` before the final one.

    Example:
        >>> Speak("sales")
        Speak(text='sales', partials=())
    """

    text: str = attrs.field(validator=_is(str))
    partials: tuple[str, ...] = attrs.field(
        default=(),
        kw_only=True,
        converter=_texts,
        validator=attrs.validators.deep_iterable(_is(str)),
    )


@attrs.frozen
class Silence:
    """The caller stays silent: a Gather times out, a Record ends empty after its timeout.

    Example:
        >>> Silence()
        Silence()
    """


@attrs.frozen
class Recording:
    """The caller speaks for ``seconds`` into a ``<Record>``, then presses ``key`` (or waits).

    ``transcript`` is what a transcription returns (``None``: the transcription fails). In a
    ``<Gather>`` a recording is silence.

    Example:
        >>> Recording(seconds=5, key="#")
        Recording(seconds=5, key='#', transcript='')
    """

    seconds: float = attrs.field(default=5.0, validator=[_NUMBER, _non_negative])
    key: str | None = attrs.field(
        default=None,
        validator=attrs.validators.optional([_is(str), _in(_KEYS)]),
    )
    transcript: str | None = attrs.field(default="", kw_only=True, validator=_OPTIONAL_TEXT)


@attrs.frozen
class HangUp:
    """The caller hangs up ``after`` seconds into the next Gather or Record.

    Example:
        >>> HangUp()
        HangUp(after=0.0)
    """

    after: float = attrs.field(default=0.0, validator=[_NUMBER, _non_negative])


Action = Press | Speak | Silence | Recording | HangUp
"""What a caller does at one ``<Gather>`` or ``<Record>``."""

_ACTIONS = (Press, Speak, Silence, Recording, HangUp)


@attrs.frozen
class Caller:
    """A scripted caller: one action per Gather or Record, in order, then silence.

    Args:
        actions: What the caller does at each verb that takes input, in order.
        hangs_up_after: Seconds after the call starts at which the caller hangs up,
            wherever the call is then; ``None``: never.

    Example:
        >>> Caller((Press("1"), Recording(seconds=3)))
        Caller(actions=(Press(keys='1', after=None, gap=1.0), Recording(seconds=3, key=None, transcript='')), hangs_up_after=None)
    """  # noqa: E501 - the example shows one output line

    actions: tuple[Action, ...] = attrs.field(
        default=(),
        converter=_actions,
        validator=attrs.validators.deep_iterable(_is(_ACTIONS)),
    )
    hangs_up_after: float | None = attrs.field(
        default=None, kw_only=True, validator=[_OPTIONAL_NUMBER, _optional_non_negative]
    )


@attrs.frozen
class Answer:
    """A far end that answers ``after`` seconds of ringing, then talks ``talks`` seconds.

    ``talks=None`` stays on the line until the caller hangs up or ``timeLimit``. When the
    noun has a screening ``url``, ``screening`` is what the far end does in that document.

    Example:
        >>> Answer(after=3, talks=60)
        Answer(after=3, talks=60, screening=Caller(actions=(), hangs_up_after=None), sip_headers=())

    A SIP far end can answer with custom headers: the screening request carries them as
    ``SipHeader_X-...`` fields and the Dial action as ``DialSipHeader_X-...`` fields.

        >>> Answer(sip_headers={"X-Agent": "17"}).sip_headers
        (('X-Agent', '17'),)
    """

    after: float = attrs.field(default=3.0, validator=[_NUMBER, _non_negative])
    talks: float | None = attrs.field(default=60.0, validator=_OPTIONAL_SECONDS)
    screening: Caller = attrs.field(factory=Caller, kw_only=True, validator=_is(Caller))
    sip_headers: tuple[tuple[str, str], ...] = attrs.field(
        factory=tuple, kw_only=True, converter=_sip_headers
    )


@attrs.frozen
class Busy:
    """A far end that is busy ``after`` seconds after it is called.

    Example:
        >>> Busy()
        Busy(after=0.0, sip_headers=())
    """

    after: float = attrs.field(default=0.0, validator=[_NUMBER, _non_negative])
    sip_headers: tuple[tuple[str, str], ...] = attrs.field(
        factory=tuple, kw_only=True, converter=_sip_headers
    )


@attrs.frozen
class NoAnswer:
    """A far end that rings until the Dial's ``timeout``.

    Example:
        >>> NoAnswer()
        NoAnswer()
    """


@attrs.frozen
class Fail:
    """A far end that fails with a SIP error ``after`` seconds, or cannot be called at all.

    With ``at_setup=True`` the leg cannot be created and is dropped.

    Example:
        >>> Fail(sip_code=480)
        Fail(sip_code=480, after=0.0, at_setup=False, sip_headers=())
    """

    sip_code: int = attrs.field(default=500, validator=[_is(int), _sip_failure])
    after: float = attrs.field(default=0.0, kw_only=True, validator=[_NUMBER, _non_negative])
    at_setup: bool = attrs.field(default=False, kw_only=True, validator=_is(bool))
    sip_headers: tuple[tuple[str, str], ...] = attrs.field(
        factory=tuple, kw_only=True, converter=_sip_headers
    )


FarEnd = Answer | Busy | NoAnswer | Fail
"""What the party a ``<Dial>`` calls does."""

FAR_ENDS = (Answer, Busy, NoAnswer, Fail)


@attrs.frozen
class Outbound:
    """A call created through the REST API: what the platform was asked to do.

    The callee is rung first; once it answers, ``url`` (the simulator's incoming URL when
    ``None``) is requested with ``Direction=outbound-api`` and no ``PostStatus``. A failing
    first request is retried once with ``fallback_url``. ``status_callback`` receives the
    call's progress events. ``url``, ``method``, the fallback, the status callback and
    ``timeout`` are those of the platform's request that creates a call, with its defaults
    (https://apidocs.ahoi.net/call-apis/making-calls/example-code).

    Example:
        >>> Outbound(answers=Busy()).timeout
        60
    """

    url: str | None = attrs.field(default=None, validator=_OPTIONAL_TEXT)
    method: Literal["GET", "POST"] = attrs.field(
        default="POST", kw_only=True, validator=_in(("GET", "POST"))
    )
    fallback_url: str | None = attrs.field(default=None, kw_only=True, validator=_OPTIONAL_TEXT)
    fallback_method: Literal["GET", "POST"] = attrs.field(
        default="POST", kw_only=True, validator=_in(("GET", "POST"))
    )
    status_callback: str | None = attrs.field(default=None, kw_only=True, validator=_OPTIONAL_TEXT)
    status_callback_method: Literal["GET", "POST"] = attrs.field(
        default="POST", kw_only=True, validator=_in(("GET", "POST"))
    )
    status_callback_event: tuple[str, ...] | None = attrs.field(
        default=None, kw_only=True, validator=_OPTIONAL_EVENTS
    )
    timeout: int = attrs.field(default=60, kw_only=True, validator=_COUNT)
    answers: FarEnd = attrs.field(
        factory=lambda: Answer(after=3.0, talks=None),
        kw_only=True,
        validator=_is(FAR_ENDS),
    )
    voicemail_detector: Literal["voicemail", "person_found"] | None = attrs.field(
        default=None,
        kw_only=True,
        validator=attrs.validators.optional(_in(("voicemail", "person_found"))),
    )


Variant = Literal["base", "docs"]
"""Which source a variant follows: the platform's base code, or api19's documentation."""

_VARIANT = _in(("base", "docs"))


def _durations(
    value: Mapping[str, float] | Iterable[tuple[str, float]],
) -> tuple[tuple[str, float], ...]:
    try:
        pairs = dict(value)
    except (TypeError, ValueError):
        raise TypeError(f"play_seconds must map URLs to seconds, got {value!r}") from None
    for url, seconds in pairs.items():
        if not isinstance(url, str) or isinstance(seconds, bool):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise TypeError(f"play_seconds must map URLs to seconds, got {url!r}: {seconds!r}")
        if not isinstance(seconds, (int, float)):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise TypeError(f"play_seconds must map URLs to seconds, got {url!r}: {seconds!r}")
        if seconds < 0:
            raise ValueError(f"play_seconds[{url!r}] must be at least 0, got {seconds!r}")
    return tuple(sorted(pairs.items()))


@attrs.frozen
class Platform:
    """How the simulated platform behaves: its variants and its timings.

    The variants are the points where the platform's code and api19's documentation disagree.
    Each is ``"base"`` (the platform's code) or ``"docs"`` (api19's documentation, or for
    ``query``, ``bare`` and ``stall``, the plain alternative); the testing guide lists them
    with their defaults ("Where the platform and its documentation disagree").

    Attributes:
        noaction: Gather/Record without ``action``: next verb (base) or request the current
            document's URL (docs).
        empty: An empty recording: action still requested without ``RecordingUrl`` (base),
            or no request and the next verb (docs, default).
        afterbridge: After a bridged Dial: hang up, action requested but not run (base,
            default), or continue with the action's document or the next verb (docs).
        noanswer: Dial timeout: ``DialCallStatus=canceled`` (base) or ``no-answer`` (docs).
        callerhup: Caller hangs up while legs ring: ``completed`` (base) or ``canceled``.
        progress_status: Progress ``CallStatus``: the event name (base) or a call status.
        events: No ``statusCallbackEvent``: all four events (base) or ``completed`` (docs).
        reject: ``<Reject>``'s final status: ``busy`` (base) or by reason (docs).
        fok: Gather ``finishOnKey=""``: ``#`` (base) or no terminator (docs).
        loop0: ``loop="0"``: once, never inside a Gather (base) or forever (docs).
        query: A URL's query: moved after the fields (base) or kept in the URL (docs).
        bare: Absent values: bare names (base) or ``name=`` (docs).
        notify: Status notifications: ringing, in-progress and final (base) or final only.
        stall: 404 or unknown content type after answer: silence (base) or hang up (docs).
        lenient: Run documents that fail :func:`callmarkup.validate` as the platform does:
            unknown elements skipped with their verbs still run, unreadable attributes left at
            their defaults. ``False`` (the default): end the call.
        http_timeout: Seconds a request may take (6).
        max_call_seconds: The simulator hangs up a call that lasts longer (14400).
        max_documents: Document requests per call before ``error(loop-limit)`` (100).
        fetch_media: GET each ``<Play>`` URL; a failure hangs up the call.
        say_seconds_per_word: Length of speech, per word (0.4), at least ``say_min_seconds``.
        say_min_seconds: The shortest ``<Say>`` (1).
        play_seconds: Length of a ``<Play>`` by URL; other URLs last ``play_default_seconds``.
        play_default_seconds: Length of a ``<Play>`` not in ``play_seconds`` (1).
        beep_seconds: Length of ``<Record>``'s beep (1).

    Example:
        >>> Platform().empty, Platform(empty="base").empty
        ('docs', 'base')
    """

    noaction: Variant = attrs.field(default="base", kw_only=True, validator=_VARIANT)
    empty: Variant = attrs.field(default="docs", kw_only=True, validator=_VARIANT)
    afterbridge: Variant = attrs.field(default="base", kw_only=True, validator=_VARIANT)
    noanswer: Variant = attrs.field(default="docs", kw_only=True, validator=_VARIANT)
    callerhup: Variant = attrs.field(default="base", kw_only=True, validator=_VARIANT)
    progress_status: Variant = attrs.field(default="base", kw_only=True, validator=_VARIANT)
    events: Variant = attrs.field(default="docs", kw_only=True, validator=_VARIANT)
    reject: Variant = attrs.field(default="base", kw_only=True, validator=_VARIANT)
    fok: Variant = attrs.field(default="base", kw_only=True, validator=_VARIANT)
    loop0: Variant = attrs.field(default="docs", kw_only=True, validator=_VARIANT)
    query: Variant = attrs.field(default="base", kw_only=True, validator=_VARIANT)
    bare: Variant = attrs.field(default="base", kw_only=True, validator=_VARIANT)
    notify: Variant = attrs.field(default="docs", kw_only=True, validator=_VARIANT)
    stall: Variant = attrs.field(default="docs", kw_only=True, validator=_VARIANT)
    lenient: bool = attrs.field(default=False, kw_only=True, validator=[_is(bool)])
    http_timeout: float = attrs.field(default=6.0, kw_only=True, validator=[_NUMBER, _non_negative])
    max_call_seconds: float = attrs.field(
        default=14400.0, kw_only=True, validator=[_NUMBER, _non_negative]
    )
    max_documents: int = attrs.field(default=100, kw_only=True, validator=[_is(int), _positive])
    fetch_media: bool = attrs.field(default=False, kw_only=True, validator=_is(bool))
    say_seconds_per_word: float = attrs.field(
        default=0.4, kw_only=True, validator=[_NUMBER, _non_negative]
    )
    say_min_seconds: float = attrs.field(
        default=1.0, kw_only=True, validator=[_NUMBER, _non_negative]
    )
    play_seconds: tuple[tuple[str, float], ...] = attrs.field(
        default=(), kw_only=True, converter=_durations
    )
    play_default_seconds: float = attrs.field(
        default=1.0, kw_only=True, validator=[_NUMBER, _non_negative]
    )
    beep_seconds: float = attrs.field(default=1.0, kw_only=True, validator=[_NUMBER, _non_negative])


VARIANTS: tuple[str, ...] = (
    "noaction",
    "empty",
    "afterbridge",
    "noanswer",
    "callerhup",
    "progress_status",
    "events",
    "reject",
    "fok",
    "loop0",
    "query",
    "bare",
    "notify",
    "stall",
)
"""The names of :class:`Platform`'s variant settings, in the order of its attributes."""
