"""Illegal values: strings a document may hold that a codec refuses."""

# The modules of the package share their private helpers; none of them is public.
# pyright: reportPrivateUsage=false, reportUnusedFunction=false

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hypothesis import strategies as st

from callmarkup import _codecs as codecs
from callmarkup import _grammars as grammars
from callmarkup import _list_codecs as list_codecs
from callmarkup._grammars import CLIENT_PREFIX, SIP_MAX_HEADERS, SIP_MAX_URI, SIP_SCHEME

if TYPE_CHECKING:
    from collections.abc import Callable

    from hypothesis.strategies import SearchStrategy

from callmarkup.strategies._values import (
    _per_codec,
)

# ---------------------------------------------------------------------------------------------
# Illegal values: what a document may hold that a codec refuses
# ---------------------------------------------------------------------------------------------


def _bad_integers(codec: codecs.Integer) -> SearchStrategy[str]:
    below = (str(codec.minimum - 1),) if codec.minimum > 0 else ()
    return st.one_of(
        st.sampled_from(
            (*below, str(codec.maximum + 1), "-1", "+1", "1.5", "1e3", "", "one", "0x10", "\u0663"),
        ),
        st.integers(codec.maximum + 1, 10**30).map(str),
        st.integers(max_value=-1).map(str),
        st.integers(11, 5000).map("9".__mul__),
    )


def _bad_booleans(_codec: codecs.Boolean) -> SearchStrategy[str]:
    # A long s (U+017F) upper-cases to S in Python; documents use ASCII case only.
    return st.sampled_from(("yes", "no", "1", "0", "", "t", "truee", "on", "fal\u017fe"))


def _bad_enumeration(codec: codecs.Enumeration) -> SearchStrategy[str]:
    variants = st.sampled_from(codec.values).flatmap(
        lambda value: st.sampled_from(
            (value.upper(), value.lower(), value.title(), value + "_", value.replace("-", "_")),
        ),
    )
    return st.one_of(variants, st.sampled_from(("", "none", "*"))).filter(
        lambda value: grammars.trim(value) not in codec.values,
    )


def _bad_method(_codec: codecs.Method) -> SearchStrategy[str]:
    return st.sampled_from(
        ("PUT", "DELETE", "", "GETPOST", "GET POST", "G ET", "HEAD", "po\u017ft"),
    )


def _bad_urls(codec: codecs.Url) -> SearchStrategy[str]:
    spaced = st.tuples(
        st.sampled_from(("/a", "https://example.com/x", "next")),
        st.sampled_from(" \t\n\r\x7f\x85\x9f"),
        st.sampled_from(("b", "/y", "?q=1")),
    ).map("".join)
    fixed = st.sampled_from(
        (
            "",
            "ftp://example.com/a.wav",
            "http://",
            "https:///x",
            "mailto:ops@example.com",
            "javascript:alert(1)",
            "file:///etc/passwd",
            "urn:isbn:1",
            "/a{b}",
            "/a|b",
            '/say?q="hi"',
            "/a<b>",
            "/a\\b",
            "/a^b",
            "/a`b",
            "/100%",
            "/a%zz",
            "/a#b#c",
            "/x?y=[1]",
            "https://[::g]/",
            "https://h/[x]",
        ),
    )
    return st.one_of(fixed, spaced).filter(lambda value: value not in codec.literals)


def _bad_one_key(_codec: codecs.OneKey) -> SearchStrategy[str]:
    return st.sampled_from(("##", "12", "a", "-1", "0 1", "*#", "10"))


def _bad_key_set(_codec: codecs.KeySet) -> SearchStrategy[str]:
    return st.sampled_from(("", "a", "-1#", "1 2", "-2", "0-1", "-11"))


def _bad_token_list(codec: list_codecs.TokenList) -> SearchStrategy[str]:
    value = st.sampled_from(codec.values)
    return st.one_of(
        st.sampled_from(("", ",", "unknown", "*")),
        value.map("{0},{0}".format),
        value.map("{},".format),
        value.map(",{}".format),
        value.map(str.upper),
        st.permutations(codec.values).map(" ".join),
    )


def _bad_phrase_list(codec: list_codecs.PhraseList) -> SearchStrategy[str]:
    return st.sampled_from(
        (
            "",
            ",",
            "a,,b",
            " , ",
            "x," * codec.max_entries + "x",
            "y" * (codec.max_length + 1),
            "short," + "z" * (codec.max_length + 1),
        ),
    )


_BAD_GRAMMARS: dict[str, tuple[str, ...]] = {
    "phone": ("", "abc", "+", "1-800-FLOWERS", "{{From}}", "12?X=1", "++1"),
    "caller-id": (
        "a b",
        CLIENT_PREFIX,
        "client: ",
        "+",
        "1-800-FLOWERS",
        "{{From}}",
        "sip:alice@",
        "12?X-A=b",
        "*72#",
        "b" * (grammars.SIP_USER_MAX + 1),
        "+1888XXXXXXX",
    ),
    "client-target": ("?X-A=1", "alice?", "alice?X-A", "alice?X-A=", "a?X=1&Y="),
    "client-name": ("", " \t"),
    "number-target": (
        "+1888XXXXXXX",
        "{{PhoneNumber}}",
        "123?",
        "123?a",
        "123?=b",
        "123?a=b&",
        "123?X-A=",
        "*#",
        "abc",
        "client:alice",
        "sip:alice@example.com",
    ),
    "dial-destination": (
        "alice@",
        "user@example.com",
        CLIENT_PREFIX,
        "+1888XXXXXXX",
        "{{PhoneNumber}}",
        "123?a",
        "sip:bob",
        "abc",
        "sip:a b@example.com",
        "123?X-A=",
        "client:alice?X-A=",
    ),
}
"""Texts outside each grammar, by the key a :class:`~callmarkup._codecs.Pattern` gives."""


def _bad_pattern(codec: codecs.Pattern) -> SearchStrategy[str]:
    bad = _BAD_GRAMMARS.get(codec.key)
    if bad is None:
        raise NotImplementedError(f"no illegal values for the grammar {codec.key!r} ({codec.name})")
    return st.sampled_from(bad)


def _bad_sip_uri(_codec: codecs.SipUri) -> SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(
            (
                "alice@example.com",
                "tel:alice@example.com",
                "sipx:alice@example.com",
                SIP_SCHEME,
                "sip:alice@",
                "sip:alice@1.2.3.256",
                "sip:alice@1.2.3",
                "sip:alice@example.com:0",
                "sip:alice@example.com:65536",
                "sip:alice@example.com;transport=sctp",
                "sip:alice@example.com;transport",
                "sip:alice@-example.com",
                "sip:alice@example.123",
                "sip:alice@[::g]",
                "sip:alice@[1::2::3]",
                "sip:al ice@example.com",
                "sip:alice@example.com?X-A",
                "sip:alice@example.com?X-A=",
            ),
        ),
        st.just(SIP_SCHEME + "a" * SIP_MAX_URI + "@example.com"),
        st.just("sip:alice@example.com?X=" + "h" * SIP_MAX_HEADERS),
    )


_ILLEGAL: dict[type[codecs.Codec[Any]], Callable[[Any], SearchStrategy[str]] | None] = {
    codecs.Integer: _bad_integers,
    codecs.Boolean: _bad_booleans,
    codecs.Enumeration: _bad_enumeration,
    codecs.Method: _bad_method,
    codecs.Url: _bad_urls,
    codecs.OneKey: _bad_one_key,
    codecs.KeySet: _bad_key_set,
    list_codecs.TokenList: _bad_token_list,
    list_codecs.PhraseList: _bad_phrase_list,
    codecs.SipUri: _bad_sip_uri,
    codecs.Pattern: _bad_pattern,
    # Free text refuses only characters XML cannot carry, which no document can hold.
    codecs.FreeText: None,
}
"""Strings a document may hold that each codec type refuses (``None``: there are none)."""


def _illegal(codec: codecs.Codec[Any], *, text: bool = False) -> SearchStrategy[str] | None:
    """Strings ``codec`` refuses; as element text (``text=True``) never empty once trimmed."""
    return _illegal_cached(codec, text)


@_per_codec
def _illegal_cached(codec: codecs.Codec[Any], text: bool) -> SearchStrategy[str] | None:
    if type(codec) not in _ILLEGAL:
        raise NotImplementedError(f"no illegal values known for the codec {codec!r}")
    maker = _ILLEGAL[type(codec)]
    if maker is None:
        return None
    if text:
        # Empty text is a different fault (text-required, or empty).
        return maker(codec).filter(lambda value: bool(grammars.trim(value)))
    return maker(codec)
