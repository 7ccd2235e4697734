"""The quick checks of SIP URIs and of event lists pass only what the full checks keep.

The generated constructors and readers test a codec's quick check inline and call the codec
only when it fails, so a quick check that passed one value too many would let an illegal value
in. These tests hold the SIP URI pattern to the full grammar on the grammar's own strategies and
on near misses of them, and the event lists' check to the codec, value by value.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from callmarkup import (
    Dial,
    InvalidMarkupError,
    Number,
    Response,
    Sip,
    _codecs,
    _grammars,
    _node_base,
    _plan,
    parse,
)
from callmarkup import strategies as cs
from callmarkup._quick import Member
from callmarkup._schema import ELEMENTS

if TYPE_CHECKING:
    from collections.abc import Callable

    from callmarkup import CallEvent

_SIP = _codecs.SipUri()
_legal_sip: st.SearchStrategy[str] = cs._legal(_SIP, text=True)  # noqa: SLF001  # pyright: ignore[reportPrivateUsage]
_refused: st.SearchStrategy[str] | None = cs._illegal(_SIP)  # noqa: SLF001  # pyright: ignore[reportPrivateUsage]
assert _refused is not None
_refused_sip: st.SearchStrategy[str] = _refused

# What a near miss is made of: separators of the grammar, characters it gives a meaning to, the
# limits of ports and octets, the transport parameter in several cases, whitespace and characters
# XML refuses, and letters that fold onto ASCII under Unicode case rules (long s, Kelvin sign).
_HOSTILE = (
    *("@", ":", ";", "?", "=", "&", ".", "-", "[", "]", "%", "/", "+", ",", "'", "~"),
    *(" ", "\t", "\n", "\r", "\xa0", "\x85", "\x00", "\x7f", "\ufffe", "\ud800", "é"),
    *("\u017f", "\u212a", "\u0131", "S", "s", "SIP:", "sips:", "sip:", "tel:"),
    *("0", "00", "1", "9", "256", "255", "65535", "65536", "99999", "0:", ":0", ":65536"),
    *("..", ".-", "-.", ".1", "1.", "a", "Z", "[::1]", "[fe80::1]", "1.2.3.4", "1.2.3.256"),
    *(";transport", ";transport=", ";transport=tls", ";TRANSPORT=udp", ";transport=udp"),
    *(";Transport=TCP", ";transports=x", ";lr", "?X-A=1", "?X-A=", "?X-A", "&X-B=2", "&"),
)


_ASCII_USER = st.text("abcXYZ019-_.!~*'()%&=+$,", min_size=1, max_size=8)
_LABEL = st.from_regex(r"[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,4}[a-zA-Z0-9])?", fullmatch=True)
_TOP = st.from_regex(r"[a-zA-Z](?:[a-zA-Z0-9-]{0,4}[a-zA-Z0-9])?", fullmatch=True)


@st.composite
def _common_sips(draw: st.DrawFn) -> str:
    """SIP URIs of the common form: ASCII parts, a host name or IPv4 address, port, params."""
    value = draw(st.sampled_from(("sip:", "sips:", "SIP:")))
    if draw(st.booleans()):
        value += draw(_ASCII_USER)
        if draw(st.booleans()):
            value += ":" + draw(_ASCII_USER | st.just(""))
        value += "@"
    if draw(st.booleans()):
        value += ".".join([*draw(st.lists(_LABEL, max_size=3)), draw(_TOP)])
    else:
        value += ".".join(str(draw(st.integers(0, 300))) for _ in range(4))
    if draw(st.booleans()):
        value += f":{draw(st.integers(0, 70000))}"
    for _ in range(draw(st.integers(0, 2))):
        name = draw(st.sampled_from(("transport", "Transport", "lr", "maddr", "x-y")))
        value += ";" + name
        if draw(st.booleans()):
            value += "=" + draw(st.sampled_from(("udp", "tcp", "TCP", "tls", "", "1.2.3.4")))
    headers = draw(st.lists(st.tuples(_ASCII_USER, _ASCII_USER), max_size=2))
    if headers:
        value += "?" + "&".join(f"{name}={entry}" for name, entry in headers)
    return value


@st.composite
def _near_misses(draw: st.DrawFn) -> str:
    """A legal or common SIP URI with a few pieces inserted, replaced or removed."""
    value = draw(_legal_sip | _common_sips())
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(value)))
        end = draw(st.integers(at, min(len(value), at + 3)))
        piece = draw(st.sampled_from(_HOSTILE) | st.characters())
        how = draw(st.sampled_from(("insert", "replace", "remove")))
        if how == "insert":
            value = value[:at] + piece + value[at:]
        elif how == "replace":
            value = value[:at] + piece + value[end:]
        else:
            value = value[:at] + value[end:]
    return value


_PLAIN_SIPS = st.from_regex(_grammars.PLAIN_SIP.pattern, fullmatch=True)
"""What the quick check's own expression matches."""


def _sip_values() -> st.SearchStrategy[str]:
    return st.one_of(_legal_sip, _refused_sip, _common_sips(), _near_misses(), _PLAIN_SIPS)


def _kept(codec: _codecs.Codec[Any], value: object) -> bool:
    """Whether ``check`` (and ``load``, for a string) returns ``value`` equal and of its types."""
    try:
        checked = codec.check(value)
        loaded = codec.load(value) if type(value) is str else checked
    except (_codecs.BadValue, TypeError):
        return False
    return all(result == value and _types(result) == _types(value) for result in (checked, loaded))


def _types(value: object) -> tuple[type, ...]:
    kind: type = type(value)
    items = cast("tuple[object, ...]", value) if kind is tuple else ()
    return (kind, *map(type, items))


def _guard(codec: _codecs.Codec[Any]) -> Callable[[object], Any]:
    """The generated test of ``codec``'s quick check, as the constructors run it."""
    quick = codec.quick()
    assert quick is not None
    names: dict[str, Any] = {}
    source = _plan.guard_source(quick, "value", "g_", names)

    def guard(value: object) -> Any:
        return eval(source, dict(names), {"value": value})  # noqa: S307 - the generator's own source

    return guard


def _read(codec: _codecs.Codec[Any]) -> Callable[[str], Any]:
    """The generated read of ``codec``'s values in a document, as the quick readers run it."""
    names: dict[str, Any] = {}
    source = _plan.read_source(codec, "value", "r_", names)

    def read(value: str) -> Any:
        return eval(source, dict(names), {"value": value})  # noqa: S307 - the generator's own source

    return read


@given(_PLAIN_SIPS | _sip_values())  # half of them matched, so that the assertions run
def test_sip_quick_check_passes_only_uris_the_grammar_keeps(value: str) -> None:
    """A value the SIP URI pattern matches is one the full grammar accepts and keeps as it is."""
    matched = _grammars.PLAIN_SIP.fullmatch(value) is not None
    assert not matched or (_grammars.sip_uri_reason(value) is None and _kept(_SIP, value)), value


@given(_sip_values())
def test_sip_quick_read_gives_what_load_gives(value: str) -> None:
    """A document's SIP URI reads the same inline and through ``load``, or fails the same way."""
    try:
        expected: Any = _SIP.load(value)
    except _codecs.BadValue:
        expected = _codecs.BadValue
    try:
        found: Any = _read(_SIP)(value)
    except _codecs.BadValue:
        found = _codecs.BadValue
    assert found == expected, value


def _interpreted(fields: dict[str, Any]) -> Any:
    node = object.__new__(Sip)
    for name, value in fields.items():
        object.__setattr__(node, name, value)
    try:
        _node_base.judge_node(node)
    except (TypeError, InvalidMarkupError) as error:
        return (type(error), str(error))
    return attrs.asdict(node, recurse=False)


def _compiled(fields: dict[str, Any]) -> Any:
    node = object.__new__(Sip)
    try:
        _node_base.INITIALISERS[Sip](node, *fields.values())
    except (TypeError, InvalidMarkupError) as error:
        return (type(error), str(error))
    return attrs.asdict(node, recurse=False)


@given(_sip_values(), st.sampled_from(("", " ", "\n\t")))
def test_sip_constructor_agrees_with_the_interpreter(value: str, padding: str) -> None:
    """``Sip(uri)`` stores what judging the node stores, or raises the same error."""
    fields: dict[str, object] = {field.name: None for field in attrs.fields(Sip)}
    fields.update(text=padding + value + padding, children=())
    assert _compiled(fields) == _interpreted(fields), value


_EDITED = (
    "sip:al.ice:pw@a-1.example.com:5080;transport=tcp;lr=1?X-A=1&X-B=b:2",
    "sips:+1555@10.0.0.255:65535;maddr=x?H=v",
)
_ONE_CHARACTERS = "".join(map(chr, range(128))) + "\xa0\x85\u017f\u212a\u0131\ufffeé"


@pytest.mark.parametrize("base", _EDITED)
def test_sip_quick_check_on_every_one_character_edit(base: str) -> None:
    """Every URI one character away from a common one: the pattern matches only legal ones."""
    for at in range(len(base) + 1):
        for character in _ONE_CHARACTERS:
            for value in (
                base[:at] + character + base[at:],
                base[:at] + character + base[at + 1 :],
            ):
                if _grammars.PLAIN_SIP.fullmatch(value) is not None:
                    assert _grammars.sip_uri_reason(value) is None, value
                    assert _kept(_SIP, value), value


@pytest.mark.parametrize(
    "uri",
    [
        "sip:alice@example.com",
        "sips:alice@example.com",
        "sip:example.com",
        "sip:+15550100000@pbx.example.com:5060",
        "sip:alice:secret@example.com:5080;transport=tcp?X-Account=42&X-Call=a-b",
        "sip:alice@192.168.10.1:5060;transport=udp",
        "sip:bob@host-1.sub.example.com;lr;maddr=10.0.0.1",
        "sip:alice@example.com:65535",
    ],
)
def test_sip_quick_check_takes_the_common_uris(uri: str) -> None:
    """Common URIs are recognised by the pattern alone, so they never take the full grammar."""
    assert _grammars.PLAIN_SIP.fullmatch(uri) is not None
    assert _guard(_SIP)(uri)


@pytest.mark.parametrize(
    ("address", "headers"),
    [
        (_grammars.SIP_MAX_URI - 1, 0),
        (_grammars.SIP_MAX_URI, 0),
        (20, _grammars.SIP_MAX_HEADERS - 1),
        (20, _grammars.SIP_MAX_HEADERS),
    ],
)
def test_sip_quick_check_keeps_the_length_limits(address: int, headers: int) -> None:
    """At the length limits the pattern agrees with the full grammar: under them only."""
    host = "@example.com"
    uri = "sip:" + "a" * (address - len("sip:") - len(host)) + host
    if headers:
        uri += "?X=" + "h" * (headers - len("X="))
    legal = _grammars.sip_uri_reason(uri) is None
    assert legal == (address < _grammars.SIP_MAX_URI and headers < _grammars.SIP_MAX_HEADERS)
    assert (_grammars.PLAIN_SIP.fullmatch(uri) is not None) == legal


_EVENTS = ELEMENTS["Sip"].by_xml["statusCallbackEvent"].codec


class _Event(str):
    """A str subclass: a list holding one must be stored as plain str."""

    __slots__ = ()


def _event_lists() -> st.SearchStrategy[Any]:
    names = st.sampled_from(("initiated", "ringing", "answered", "completed", "x", " ringing"))
    entries = names | names.map(_Event) | st.integers(0, 1)
    known = st.sampled_from(("initiated", "ringing", "answered", "completed"))
    return st.one_of(
        st.lists(known, unique=True, max_size=4).map(tuple),  # legal lists, often enough
        st.lists(entries, max_size=5).map(tuple),
        st.lists(names, max_size=3),
        st.text(max_size=5),
        st.none(),
    )


@given(_event_lists())
def test_event_list_quick_check_passes_only_lists_check_keeps(value: Any) -> None:
    """A list of events the quick check passes is one ``check`` keeps, entries of exact str."""
    assert not _guard(_EVENTS)(value) or _kept(_EVENTS, value), value


def test_event_list_quick_check_refuses_str_subclasses() -> None:
    """A legal list holding a str subclass is left to ``check``, which stores exact str."""
    value = (_Event("initiated"), "completed")
    assert not _guard(_EVENTS)(value)
    stored = Number("+15550100000", status_callback_event=value).status_callback_event  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    assert stored == value
    assert stored is not None
    assert [type(entry) for entry in stored] == [str, str]


@given(
    st.lists(st.sampled_from(("initiated", "ringing", "answered", "completed", "x", "")))
    .map(tuple)
    .flatmap(
        lambda entries: st.sampled_from((",", ", ", " ,", "\t,\n", ";", " ")).map(
            lambda s: s.join(entries)
        )
    )
)
def test_event_list_quick_read_gives_what_load_gives(raw: str) -> None:
    """A document's event list reads the same from the table of lists and through ``load``."""
    try:
        expected: Any = _EVENTS.load(raw)
    except _codecs.BadValue:
        expected = _codecs.BadValue
    try:
        found: Any = _read(_EVENTS)(raw)
    except _codecs.BadValue:
        found = _codecs.BadValue
    assert found == expected, raw


def test_every_event_list_is_read_quickly() -> None:
    """Every canonical list of events is read from the table, as ``load`` reads it."""
    quick = _EVENTS.quick()
    assert isinstance(quick, Member)
    read = _read(_EVENTS)
    for value in quick.values:
        raw = _EVENTS.dump(value)
        assert read(raw) == _EVENTS.load(raw) == value


def test_sip_document_reads_quickly_with_its_uri_and_events() -> None:
    """A document with a Sip, its URI and its events parses to the node built in Python."""
    uri = "sip:alice@example.com:5080;transport=tcp?X-Account=42"
    events: tuple[CallEvent, ...] = ("initiated", "completed")
    xml = (
        '<Response><Dial><Sip statusCallbackEvent="initiated,completed">'
        f"{uri}</Sip></Dial></Response>"
    )
    assert parse(xml) == Response(Dial(Sip(uri, status_callback_event=events)))


def test_a_member_of_tuples_of_other_than_str_is_refused() -> None:
    """The generator refuses a set of tuple values whose entries are not all exact str."""
    with pytest.raises(_plan.PlanError, match="tuples of something else than str"):
        _plan.guard_source(Member(((1, 2),)), "value", "g_", {})
