"""Every codec of the table, directly: reading, checking, writing and describing values."""

from __future__ import annotations

import re
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from callmarkup import _codecs, _grammars, _list_codecs
from callmarkup._codecs import BadValue
from callmarkup._schema import ELEMENTS

# Each distinct codec once: the table holds equal codecs many times (seven FreeText()), and
# testing equal values again tests nothing more.
CODECS: list[_codecs.Codec[Any]] = list(
    dict.fromkeys(
        codec
        for rule in ELEMENTS.values()
        for codec in [row.codec for row in rule.attributes]
        + ([rule.text.codec] if rule.text else [])
    ),
)


@pytest.mark.parametrize("codec", CODECS, ids=repr)
def test_every_codec_describes_what_it_accepts(codec: _codecs.Codec[Any]) -> None:
    """describe() is the phrase used in messages and the grammar reference."""
    description = codec.describe()
    assert description
    assert description == description.strip()


@pytest.mark.parametrize(
    ("codec", "raw", "value", "written"),
    [
        (_codecs.Integer(minimum=1), "007", 7, "7"),
        (_codecs.Boolean(), "FALSE", False, "false"),
        (_codecs.Method(), "get", "GET", "GET"),
        (_codecs.Enumeration(("a", "b")), "b", "b", "b"),
        (_codecs.Url(), "/x?a=1&b=2", "/x?a=1&b=2", "/x?a=1&b=2"),
        (_codecs.Url(literals=("disabled",)), "disabled", "disabled", "disabled"),
        (_codecs.OneKey(), "", "", ""),
        (_codecs.KeySet(), "*#", "*#", "*#"),
        (_list_codecs.TokenList(("x", "y")), "y , x", ("y", "x"), "y,x"),
        (_list_codecs.PhraseList(max_entries=2, max_length=5), "a b, c", ("a b", "c"), "a b,c"),
        (_codecs.SipUri(), "sip:h.example", "sip:h.example", "sip:h.example"),
        (_codecs.FreeText(), "any & all", "any & all", "any & all"),
    ],
)
def test_codecs_round_trip(
    codec: _codecs.Codec[Any], raw: str, value: object, written: str
) -> None:
    """load() reads, dump() writes the canonical form, check() accepts the value."""
    assert codec.load(raw) == value
    assert codec.dump(codec.load(raw)) == written
    assert codec.check(value) == value


def test_sip_uri_check_trims_and_refuses() -> None:
    """SipUri.check trims like every constructor and refuses a bare user@host."""
    assert _codecs.SipUri().check(" sip:a@b.com ") == "sip:a@b.com"
    with pytest.raises(BadValue, match="must begin with 'sip:'"):
        _codecs.SipUri().check("a@b.com")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("sip:a@[fe80::1]", None),
        ("sip:a@[fe80::1::2]", "[fe80::1::2] is not an IPv6 address"),
        ("sip:a@10.0.0", "10.0.0 is not an IPv4 address"),
        ("sip:a@-bad-.com", "-bad-.com is not a host name"),
        ("sip:user:pw@host.example:5060;lr;transport=udp?X-A=1&X-B=2", None),
        ("SIPS:a@host.example", None),
        ("sips:a@host?X-A=b=c", None),
        (
            "sip:a@host?X-A=1&X-B=",
            "the header X-B has no value; the platform fails to place the call when a header"
            " has no value",
        ),
        ("tel:a@host", "a SIP URI must begin with 'sip:' or 'sips:'"),
        ("sip:a@host;transport=tls", "the transport parameter must be udp or tcp"),
        ("sip:a@host:65536", "port 65536 is not from 1 to 65535"),
        (
            "sip:a@host?noequals",
            "not of the form sip:[user[:password]@]host[:port][;params][?headers]",
        ),
    ],
)
def test_sip_uri_reasons(text: str, reason: str | None) -> None:
    """Each part of the SIP URI grammar has its own reason (spec §7.7)."""
    assert _grammars.sip_uri_reason(text) == reason


@pytest.mark.parametrize(
    ("text", "phone", "caller_id", "number", "destination"),
    [
        ("+1 (555) 123-4567", True, True, True, True),
        ("1-444-555-666", True, True, True, True),
        ("++1", False, False, False, False),
        ("()", False, True, False, False),
        ("bob", False, True, False, False),
        ("*72", False, True, True, True),
        ("*123#", False, False, True, True),
        ("*#", False, False, False, False),
        ("123?X-A=", False, False, False, False),
        ("123?X-A=b=c", False, False, True, True),
        ("+1888XXXXXXX", False, False, False, False),
        ("client:alice", False, True, False, True),
        ("client: ", False, False, False, False),
        ("123?X-A=1&X-B=2", False, False, True, True),
        ("123?X-A", False, False, False, False),
        ("bob@example.com", False, False, False, False),
        ("sip:bob@example.com", False, True, False, True),
        ("Sips:bob@example.com", False, True, False, True),
    ],
)
def test_phone_grammars(
    text: str,
    phone: bool,
    caller_id: bool,
    number: bool,
    destination: bool,
) -> None:
    """Phone, caller id, Number text and Dial destination grammars (spec §1.1, §7.7)."""
    assert _grammars.is_phone(text) is phone
    assert _grammars.is_caller_id(text) is caller_id
    assert _grammars.is_number_target(text) is number
    assert _grammars.is_dial_destination(text) is destination


def test_trim_strips_xml_whitespace_only() -> None:
    """trim() is not str.strip()."""
    assert _grammars.trim(" \t\r\n x \u00a0\u2028\n") == "x \u00a0\u2028"


# The grammars as first written: readable, but a long value that fails made the regular
# expression engine try every split, in time quadratic in the length (five seconds for
# 20,000 characters). The patterns in use must accept exactly the same strings.
_READABLE_PHONE = re.compile(r"\+?[0-9().\- ]*[0-9][0-9().\- ]*")
_NOT_URL = "\x00-\x20\x7f-\x9f\ud800-\udfff\ufffe\uffff"
_READABLE_URL = re.compile(
    rf"(?:(?i:https?)://[^/?#{_NOT_URL}]+|(?![A-Za-z][A-Za-z0-9+.-]*:)[^{_NOT_URL}])[^{_NOT_URL}]*",
)


def _pieces(*pieces: str) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(pieces) | st.characters(), max_size=12).map("".join)


@settings(max_examples=1000)
@given(_pieces("+", "1", "0", "(", ")", ".", "-", " ", "?", "a"))
def test_the_phone_pattern_accepts_what_the_readable_one_does(text: str) -> None:
    """One digit anchors the pattern, which changes its speed, not what it accepts."""
    readable = _READABLE_PHONE.fullmatch(text) is not None
    assert (_grammars.PHONE.fullmatch(text) is not None) == readable
    assert _grammars.is_phone(text) == readable


@settings(max_examples=1000)
@given(
    _pieces(
        "http", "HTTPS", "://", "/", "?", "#", "a", ":", "x:", " ", "\x7f", "é", ".", "%", "{", "["
    )
)
def test_the_url_pattern_accepts_what_the_readable_one_does(text: str) -> None:
    """The host ends at the first delimiter, which changes the speed, not what is accepted."""
    plain = _grammars.PLAIN_URL.fullmatch(text) is not None
    readable = _READABLE_URL.fullmatch(text) is not None
    # Spec §8.2.2: what the platform cannot read is never plain (the checks say what it is).
    readable = readable and not set(text) & set('"<>\\^`{|}%[]') and text.count("#") <= 1
    assert plain == readable


_MARKUP_CHARACTERS = '&<>"\t\n\r'


@pytest.mark.parametrize("codec", CODECS, ids=repr)
@settings(max_examples=200)
@given(text=_pieces("http://h/", "/", "a", "1", "#", "*", ",", "=", "?", *_MARKUP_CHARACTERS))
def test_written_values_hold_only_the_markup_characters_their_codec_admits(
    codec: _codecs.Codec[Any], text: str
) -> None:
    """The renderer escapes only what ``written_among`` names; no written value holds more."""
    try:
        written = codec.dump(codec.check(text))
    except (BadValue, TypeError):
        return
    admitted = codec.written_among(_MARKUP_CHARACTERS)
    assert {character for character in written if character in _MARKUP_CHARACTERS} <= set(admitted)


@pytest.mark.parametrize(
    ("codec", "admitted"),
    [
        (_codecs.Url(), "&"),
        (_codecs.Integer(minimum=0), ""),
        (_codecs.KeySet(), ""),
        (_codecs.FreeText(), _MARKUP_CHARACTERS),
    ],
)
def test_written_among_names_what_a_codec_may_write(
    codec: _codecs.Codec[Any], admitted: str
) -> None:
    """A URL never holds whitespace; digits and keys need no escaping; free text may need all."""
    assert codec.written_among(_MARKUP_CHARACTERS) == admitted


_PLAIN_PATTERNS = [codec for codec in CODECS if isinstance(codec, _codecs.Pattern)]
_PHONE_PATTERNS = [codec for codec in _PLAIN_PATTERNS if codec.plain is _grammars.PLAIN_PHONE]


def test_every_phone_grammar_has_its_plain_values() -> None:
    """Caller IDs, Number texts and Dial destinations: phones are tested by one expression."""
    assert len(_PHONE_PATTERNS) == 3
    assert len(_PLAIN_PATTERNS) == 4
    for codec in _PHONE_PATTERNS:
        for phone in ("+15551234567", "+1 (555) 010-0000", "555.0100", "(555) 0100-1000"):
            assert codec.plain.fullmatch(phone), phone
        for other in (" 5551234567", "5551234567 ", "+1555?X-a=b", "client:alice", "+", ""):
            assert codec.plain.fullmatch(other) is None, other


@pytest.mark.parametrize("codec", _PLAIN_PATTERNS, ids=repr)
@settings(max_examples=500)
@given(data=st.data())
def test_plain_values_are_values_the_grammar_accepts_unchanged(
    codec: _codecs.Pattern, data: st.DataObject
) -> None:
    """A value the plain expression matches is one ``check`` returns as it is."""
    # Pieces find the edges; the expression itself draws what it matches, often enough.
    pieces = _pieces("+", "1", "0", "(", ")", ".", "-", " ", "?", "\t", "\xa0", "client:")
    text = data.draw(pieces | st.from_regex(codec.plain.pattern, fullmatch=True))
    assert codec.plain.fullmatch(text) is None or codec.check(text) == text, text
