"""Hypothesis strategies for call-control documents, derived from the dialect table.

Everything here is read from the table in ``callmarkup._schema``: which elements exist, which
attributes each one has and which codec checks each value, what text an element carries, which
children it may hold and how many. A value strategy exists for every codec (and for every text
grammar a :class:`~callmarkup._codecs.Pattern` codec names), so an attribute added to the table
is generated without a change here, and a codec without a strategy fails loudly instead of being
skipped.

The valid strategies produce nodes that the constructors accept unchanged: text and values are
already trimmed, so ``parse(render(node)) == node`` holds for every node they produce. They
cover the edges of the dialect (``loop=0``, the ten-noun ``<Dial>``, the lone ``<Sip>``, the
empty ``<Response>``, the maximal ``hints`` list, SIP URIs one character under their length
caps, non-ASCII text and the characters XML escapes) and use only characters XML can carry.

:func:`invalid_documents` produces documents that break exactly one rule, each paired with the
violation code :func:`callmarkup.validate` must report for it.

This module needs Hypothesis (``pip install "callmarkup[hypothesis]"``); the rest of the package
does not.

Example:
    >>> from hypothesis import given, settings
    >>> from callmarkup import parse, render
    >>> from callmarkup.strategies import responses
    >>> @settings(max_examples=20)
    ... @given(responses(max_verbs=3))
    ... def test_round_trip(doc):
    ...     assert parse(render(doc)) == doc
    >>> test_round_trip()
"""

from __future__ import annotations

import functools
import string
from collections.abc import Callable, Collection, Iterable
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast, overload

import attrs

try:
    from hypothesis import strategies as st
    from hypothesis.errors import InvalidArgument
except ImportError as error:  # pragma: no cover - exercised in a separate interpreter
    raise ImportError(
        'callmarkup.strategies needs Hypothesis: pip install "callmarkup[hypothesis]"',
    ) from error

from callmarkup import _codecs as codecs
from callmarkup._codecs import CLIENT_PREFIX, SIP_MAX_HEADERS, SIP_MAX_URI, SIP_SCHEME
from callmarkup._nodes import NODE_CLASSES, RULES, Node, Noun, Response, Verb
from callmarkup._parse import DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH
from callmarkup._render import DECLARATION, escape_attribute, escape_text, render
from callmarkup._schema import ELEMENTS, ROOT, AttributeRule, ChildLimit, ElementRule
from callmarkup.exceptions import Code

if TYPE_CHECKING:
    from hypothesis.strategies import DrawFn, SearchStrategy

__all__ = [
    "documents",
    "elements",
    "invalid_documents",
    "nouns",
    "responses",
    "values",
    "verbs",
]

N = TypeVar("N", bound=Node)

# ---------------------------------------------------------------------------------------------
# Characters
# ---------------------------------------------------------------------------------------------

_KEYS = codecs.OneKey().alphabet()
"""The keys of a phone's keypad, as the finishOnKey codecs know them."""
_NOT_XML = "".join(chr(c) for c in range(0x20) if chr(c) not in "\t\n\r") + "\ufffe\uffff"
"""Characters outside XML 1.0 ``Char`` (lone surrogates are excluded by category)."""
_SPECIAL = "&<>\"'"
"""The characters the renderer must escape (or, for quotes, may leave alone)."""
_SAMPLES = "\u00e9\u00df\u65e5\u672c\U0001f4de\u00a0\u2003\u0085\u200b\u2028\ufeff"
"""Non-ASCII characters, among them spaces that XML does not trim (spec §7.3)."""


def _chars(exclude: str = "", *, spaces: bool = True) -> SearchStrategy[str]:
    r"""Single characters XML can carry, weighted towards the ones that matter, minus ``exclude``.

    With ``spaces=False``, every character that Python's ``str.isspace`` (and so a regular
    expression's ``\\s``) calls whitespace is left out too, as the SIP URI grammar requires.
    """
    if spaces:
        categories: tuple[str, ...] = ("Cs",)
        extra = _SPECIAL + _SAMPLES + codecs.XML_WHITESPACE
    else:
        categories = ("Cs", "Cc", "Zs", "Zl", "Zp")
        extra = _SPECIAL + "".join(c for c in _SAMPLES if not c.isspace())
    kept = "".join(dict.fromkeys(c for c in extra if c not in exclude))
    return st.one_of(
        st.characters(exclude_categories=categories, exclude_characters=_NOT_XML + exclude),  # type: ignore[arg-type]
        st.sampled_from(kept),
    )


def _text(
    exclude: str = "",
    *,
    min_size: int = 0,
    max_size: int = 40,
    spaces: bool = True,
) -> SearchStrategy[str]:
    return st.text(_chars(exclude, spaces=spaces), min_size=min_size, max_size=max_size)


@functools.cache
def _free_text(exclude: str = "", *, non_empty: bool, max_size: int = 40) -> SearchStrategy[str]:
    """Text trimmed as the constructors trim it; non-empty after trimming if asked."""
    trimmed = _text(exclude, max_size=max_size).map(codecs.trim)
    return trimmed.filter(bool) if non_empty else trimmed


# ---------------------------------------------------------------------------------------------
# Legal values: one strategy per codec, and one per text grammar of Pattern codecs
# ---------------------------------------------------------------------------------------------


def _integers(codec: codecs.Integer) -> SearchStrategy[int]:
    low, high = codec.minimum, codec.maximum
    # Every draw stays within both bounds, however close together they are.
    edges = st.sampled_from(sorted({low, min(low + 1, high), high}))
    return st.one_of(edges, st.integers(low, min(low + 100, high)), st.integers(low, high))


def _enumeration(codec: codecs.Enumeration) -> SearchStrategy[str]:
    return st.sampled_from(codec.values)


def _method(codec: codecs.Method) -> SearchStrategy[str]:
    return st.sampled_from(codec.values)


def _boolean(_codec: codecs.Boolean) -> SearchStrategy[bool]:
    return st.booleans()


def _free(_codec: codecs.FreeText) -> SearchStrategy[str]:
    return _free_text(non_empty=False)


# URL pieces: no whitespace, no control character (spec §7.7), nothing the platform cannot
# read, "%" only before two hexadecimal digits, one "#" at most, brackets only around an IPv6
# host (spec §8.2.2); anything else XML carries.
_URL_EXCLUDED = " \ufffe\uffff%#[]" + codecs.URL_UNREADABLE


def _url_chars(exclude: str = "") -> SearchStrategy[str]:
    extra = "".join(c for c in "&'=?/:;@+~\u00e9\u65e5" if c not in exclude)
    return st.one_of(
        st.characters(
            exclude_categories=("Cs", "Cc"),
            exclude_characters=_URL_EXCLUDED + exclude,
        ),
        st.sampled_from(extra),
        st.sampled_from(("%20", "%2F", "%e9", "%41")),
    )


def _url_text(exclude: str = "", *, max_size: int = 40) -> SearchStrategy[str]:
    return st.lists(_url_chars(exclude), max_size=max_size).map("".join)


def _fragment() -> SearchStrategy[str]:
    """Empty, or one ``#`` and what follows it."""
    return st.one_of(st.just(""), _url_text(max_size=10).map("#{}".format))


def _url_rest() -> SearchStrategy[str]:
    """What may follow a host or a path prefix: empty, or ``/``, ``?`` or ``#`` and more."""
    return st.one_of(
        st.just(""),
        st.tuples(st.sampled_from("/?"), _url_text(), _fragment()).map("".join),
        _fragment(),
    )


def _urls(codec: codecs.Url) -> SearchStrategy[str]:
    host = st.one_of(
        st.sampled_from(("example.com", "example.com:8080", "127.0.0.1", "[::1]", "u@[::1]:80")),
        st.lists(_url_chars("/?"), min_size=1, max_size=20).map("".join),
    )
    absolute = st.tuples(
        st.sampled_from(("http://", "https://", "HTTP://", "Https://")),
        host,
        _url_rest(),
    ).map("".join)
    # A relative reference must not look like a scheme: its first segment has no colon.
    first_segment = st.lists(_url_chars(":/?"), min_size=1, max_size=20).map("".join)
    relative = st.one_of(
        st.tuples(
            st.sampled_from(("/", "./", "../", "//", "?")),
            _url_text(),
            _fragment(),
        ).map("".join),
        _url_text(max_size=10).map("#{}".format),
        st.tuples(first_segment, _url_rest()).map("".join),
    )
    forms = [absolute, relative]
    if codec.literals:
        forms.append(st.sampled_from(codec.literals))
    return st.one_of(forms)


def _one_key(_codec: codecs.OneKey) -> SearchStrategy[str]:
    return st.sampled_from(("", *_KEYS))


_NO_KEY = "-1"
"""Record's finishOnKey for "no key stops the recording"."""


def _key_set(_codec: codecs.KeySet) -> SearchStrategy[str]:
    return st.one_of(
        st.just(_NO_KEY),
        st.permutations(_KEYS).map("".join),
        st.lists(st.sampled_from(_KEYS), min_size=1, unique=True).map("".join),
        # Repeated keys are legal: they name the same key twice (spec §8.2.7).
        st.lists(st.sampled_from(_KEYS), min_size=2, max_size=6).map("".join),
    )


def _token_list(codec: codecs.TokenList) -> SearchStrategy[tuple[str, ...]]:
    return st.one_of(
        st.permutations(codec.values).map(tuple),
        st.lists(st.sampled_from(codec.values), min_size=1, unique=True).map(tuple),
    )


def _phrase_list(codec: codecs.PhraseList) -> SearchStrategy[tuple[str, ...]]:
    phrase = _free_text(",", non_empty=True, max_size=min(codec.max_length, 30))
    longest = _text(
        "," + codecs.XML_WHITESPACE,
        min_size=codec.max_length,
        max_size=codec.max_length,
    )
    return st.one_of(
        st.lists(phrase, min_size=1, max_size=min(codec.max_entries, 5)),
        st.lists(st.one_of(phrase, longest), min_size=1, max_size=3),
        st.lists(phrase, min_size=codec.max_entries, max_size=codec.max_entries),
    ).map(tuple)


# Text grammars (spec §1.1, §7.7).

_PHONE_CHARS = "0123456789().- "


def _phones(extra: str = "") -> SearchStrategy[str]:
    """Phone numbers; with ``extra``, those characters among the separators too."""
    separators = _PHONE_CHARS + extra
    built = (
        st.tuples(
            st.sampled_from(("", "+")),
            st.text(separators, max_size=6),
            st.sampled_from(string.digits),
            st.text(separators, max_size=14),
        )
        .map("".join)
        .map(codecs.trim)
    )
    known: tuple[str, ...] = ("+15551234567", "1-444-555-666", "18004444444", "+1 (555) 010-9999")
    if extra:
        known += ("*72", "*123#", "#31#5550100")
    return st.one_of(st.sampled_from(known), built)


def _header_suffix(exclude: str = "") -> SearchStrategy[str]:
    """``?Name=value&Name2=value2``, as a phone or a client may carry; no value is empty."""
    pair = st.tuples(
        _text("=&" + exclude, min_size=1, max_size=12).filter(lambda name: "?" not in name[:1]),
        _text("&" + exclude, min_size=1, max_size=12),
    ).map("=".join)
    return st.lists(pair, min_size=1, max_size=3).map("&".join).map("?{}".format)


def _number_targets(exclude: str = "") -> SearchStrategy[str]:
    headers = st.one_of(st.just(""), _header_suffix(exclude))
    return (
        st.tuples(_phones("*#"), headers)
        .map("".join)
        .map(codecs.trim)
        .filter(codecs.is_number_target)
    )


def _client_targets(exclude: str = "") -> SearchStrategy[str]:
    """A client name, optionally with headers (spec §8.8)."""
    name = _free_text("?" + exclude, non_empty=True)
    headers = st.one_of(st.just(""), _header_suffix(exclude))
    return st.tuples(name, headers).map("".join).map(codecs.trim).filter(codecs.is_client_target)


"""The prefix that makes a caller id or a Dial destination a client."""


def _client_ids(exclude: str = "") -> SearchStrategy[str]:
    return (
        _client_targets(exclude)
        .map((CLIENT_PREFIX + "{}").format)
        .filter(codecs.is_dial_destination if "@" in exclude else bool)
    )


_SIP_USER_CHARS = string.ascii_letters + string.digits + "-_.!~*'()&=+$,;?/"


def _sip_users() -> SearchStrategy[str]:
    """Bare SIP users as caller IDs (spec §8.2.3): not starting as a phone does."""
    unit = st.one_of(st.sampled_from(_SIP_USER_CHARS), st.sampled_from(("%20", "%41", "%7e")))
    first = st.sampled_from(string.ascii_letters + "-_.!~*'()&=$,;?/")
    built = (
        st.tuples(first, st.lists(unit, max_size=20).map("".join))
        .map("".join)
        .filter(codecs.is_caller_id)
    )
    longest = st.just("b" * codecs.SIP_USER_MAX)
    return st.one_of(st.sampled_from(("bob", "Anonymous", "alice.smith")), built, longest)


def _caller_ids() -> SearchStrategy[str]:
    return st.one_of(
        _phones(),
        _client_ids(),
        _sip_users(),
        _sip_uris(user_required=False).filter(codecs.is_caller_id),
    )


def _sip_uris(*, user_required: bool) -> SearchStrategy[str]:
    """SIP URIs of every shape the grammar allows; with a user part (and so an ``@``) if asked."""
    user = _text(":@;?", min_size=1, max_size=16, spaces=False)
    password = _text("@;?", max_size=10, spaces=False)
    userinfo = st.tuples(user, st.one_of(st.just(""), password.map(":{}".format)), st.just("@"))
    userinfo_text = userinfo.map("".join)
    hostname = st.from_regex(
        r"(?:[a-z0-9](?:[a-z0-9-]{0,6}[a-z0-9])?\.){0,3}[A-Za-z](?:[A-Za-z0-9-]{0,6}[A-Za-z0-9])?",
        fullmatch=True,
    )
    host = st.one_of(
        st.just("example.com"),
        hostname,
        st.ip_addresses(v=4).map(str),
        st.ip_addresses(v=6).map("[{}]".format),
    )
    port = st.one_of(st.just(""), st.sampled_from((1, 5060, 65535)).map(":{}".format))
    port |= st.integers(1, 65535).map(":{}".format)
    transport = st.tuples(
        st.sampled_from((";transport=", ";Transport=", ";TRANSPORT=")),
        st.sampled_from(("udp", "tcp", "UDP", "Tcp")),
    ).map("".join)
    other = (
        st.tuples(
            _text(";?=", min_size=1, max_size=10, spaces=False).filter(_not_transport),
            st.one_of(st.just(""), _text(";?", max_size=10, spaces=False).map("={}".format)),
        )
        .map("".join)
        .map(";{}".format)
    )
    params = st.lists(st.one_of(transport, other), max_size=3).map("".join)
    header = st.tuples(
        _text("=&", min_size=1, max_size=10, spaces=False),
        _text("&", min_size=1, max_size=10, spaces=False),
    ).map("=".join)
    headers = st.one_of(
        st.just(""),
        st.lists(header, min_size=1, max_size=3).map("&".join).map("?{}".format),
    )
    built = st.tuples(
        st.sampled_from((SIP_SCHEME, SIP_SCHEME, "sips:", "SIP:", "Sips:")),
        userinfo_text if user_required else st.one_of(st.just(""), userinfo_text),
        host,
        port,
        params,
        headers,
    ).map("".join)
    return st.one_of(built, _sip_uris_at_limits())


def _sip_uris_at_limits() -> SearchStrategy[str]:
    """URIs whose address and header parts are one character under their caps (spec §7.7)."""
    host = "@example.com"
    filler = SIP_MAX_URI - 1 - len(SIP_SCHEME) - len(host)
    address = st.sampled_from("a\u00e9&<").map(lambda char: f"{SIP_SCHEME}{char * filler}{host}")
    headers = st.sampled_from(("", "?X=" + "h" * (SIP_MAX_HEADERS - 1 - len("X="))))
    return st.tuples(address, headers).map("".join)


def _not_transport(name: str) -> bool:
    # A transport parameter must say udp or tcp; it is generated on its own.
    return name.lower() != "transport"


def _dial_destinations() -> SearchStrategy[str]:
    # The platform reads a Dial text with an @ as a SIP URI, so only SIP URIs may have one.
    return st.one_of(
        _sip_uris(user_required=True),
        _client_ids("@"),
        _number_targets("@"),
    )


_GRAMMARS: dict[str, Callable[[], SearchStrategy[str]]] = {
    "phone": _phones,
    "caller-id": _caller_ids,
    "number-target": _number_targets,
    "client-target": _client_targets,
    "client-name": lambda: _free_text(non_empty=True),
    "dial-destination": _dial_destinations,
}
"""A strategy for each text grammar, by the key a :class:`~callmarkup._codecs.Pattern` gives."""


def _pattern(codec: codecs.Pattern) -> SearchStrategy[str]:
    grammar = _GRAMMARS.get(codec.key)
    if grammar is None:
        raise NotImplementedError(f"no strategy for the grammar {codec.key!r} ({codec.name})")
    return grammar()


def _sip_uri(_codec: codecs.SipUri) -> SearchStrategy[str]:
    return _sip_uris(user_required=False)


_LEGAL: dict[type[codecs.Codec[Any]], Callable[[Any], SearchStrategy[Any]]] = {
    codecs.Integer: _integers,
    codecs.Boolean: _boolean,
    codecs.Enumeration: _enumeration,
    codecs.Method: _method,
    codecs.Url: _urls,
    codecs.OneKey: _one_key,
    codecs.KeySet: _key_set,
    codecs.TokenList: _token_list,
    codecs.PhraseList: _phrase_list,
    codecs.SipUri: _sip_uri,
    codecs.Pattern: _pattern,
    codecs.FreeText: _free,
}
"""A strategy for the legal values of every codec type of the table."""


_T = TypeVar("_T")


def _per_codec(
    make: Callable[[codecs.Codec[Any], bool], _T],
) -> Callable[[codecs.Codec[Any], bool], _T]:
    """Build a codec's strategy once: strategies are costly to build and to validate.

    Codecs are keyed by identity, since a ``Pattern`` does not compare its grammar function.
    """
    built: dict[tuple[int, bool], tuple[codecs.Codec[Any], _T]] = {}

    def cached(codec: codecs.Codec[Any], flag: bool) -> _T:
        key = (id(codec), flag)
        if key not in built:
            built[key] = (codec, make(codec, flag))
        return built[key][1]

    return cached


def _legal(codec: codecs.Codec[Any], *, text: bool) -> SearchStrategy[Any]:
    """Legal values of ``codec``; as element text (``text=True``) they are never empty."""
    return _legal_cached(codec, text)


@_per_codec
def _legal_cached(codec: codecs.Codec[Any], text: bool) -> SearchStrategy[Any]:
    if text and isinstance(codec, codecs.FreeText):
        return _free_text(non_empty=True)
    maker = _LEGAL.get(type(codec))
    if maker is None:
        raise NotImplementedError(f"no strategy for the codec {codec!r}")
    return maker(codec)


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
        lambda value: codecs.trim(value) not in codec.values,
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


def _bad_token_list(codec: codecs.TokenList) -> SearchStrategy[str]:
    value = st.sampled_from(codec.values)
    return st.one_of(
        st.sampled_from(("", ",", "unknown", "*")),
        value.map("{0},{0}".format),
        value.map("{},".format),
        value.map(",{}".format),
        value.map(str.upper),
        st.permutations(codec.values).map(" ".join),
    )


def _bad_phrase_list(codec: codecs.PhraseList) -> SearchStrategy[str]:
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
        "b" * (codecs.SIP_USER_MAX + 1),
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
    codecs.TokenList: _bad_token_list,
    codecs.PhraseList: _bad_phrase_list,
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
        return maker(codec).filter(lambda value: bool(codecs.trim(value)))
    return maker(codec)


# ---------------------------------------------------------------------------------------------
# Options
# ---------------------------------------------------------------------------------------------


@attrs.frozen
class _Options:
    tags: frozenset[str]
    """Tags of the elements that may appear."""
    extensions: bool = True
    """Whether attributes marked ``ext`` in the table may appear."""
    min_verbs: int = 0
    max_verbs: int | None = None


_NESTED = _Options(frozenset(ELEMENTS), max_verbs=2)
"""Options for the valid elements placed inside invalid documents: small, complete."""
_BASE = _Options(frozenset(ELEMENTS), max_verbs=3)
"""Options for the valid documents faults are injected into."""


def _ordered(tags: Iterable[str]) -> tuple[str, ...]:
    """``tags`` in table order, so that generation does not depend on set ordering."""
    wanted = set(tags)
    return tuple(tag for tag in ELEMENTS if tag in wanted)


def _tag_of(cls: object, argument: str) -> str:
    for tag, node_class in NODE_CLASSES.items():
        if cls is node_class:
            return tag
    raise InvalidArgument(f"{argument}: expected a node class of callmarkup, got {cls!r}")


def _tags_of(classes: object, argument: str) -> frozenset[str]:
    if isinstance(classes, (str, bytes, type)) or not isinstance(classes, Iterable):
        raise InvalidArgument(f"{argument}: expected a collection of node classes, got {classes!r}")
    return frozenset(_tag_of(cls, argument) for cls in cast("Iterable[object]", classes))


def _check_bool(value: object, argument: str, *, optional: bool = False) -> None:
    if not (isinstance(value, bool) or (optional and value is None)):
        what = "True, False or None" if optional else "True or False"
        raise InvalidArgument(f"{argument}: expected {what}, got {value!r}")


def _check_size(value: object, argument: str, *, optional: bool = False) -> None:
    if optional and value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidArgument(f"{argument}: expected an int, got {value!r}")
    if value < 0:
        raise InvalidArgument(f"{argument}: must be at least 0, got {value}")


def _reachable(start: Iterable[str], tags: frozenset[str]) -> set[str]:
    """The tags that can appear under (and including) ``start`` when only ``tags`` may."""
    seen: set[str] = set()
    pending = [tag for tag in start if tag in tags]
    while pending:
        tag = pending.pop()
        if tag not in seen:
            seen.add(tag)
            pending += [child for child in ELEMENTS[tag].children if child in tags]
    return seen


def _options(  # noqa: PLR0913 - the options users combine
    starts: tuple[str, ...],
    *,
    include: object,
    exclude: object,
    extensions: object,
    min_verbs: object = 0,
    max_verbs: object = None,
) -> _Options:
    """Check the user's options and resolve which tags may appear.

    ``starts`` are the tags the strategy draws from; a single one (the ``Response`` of
    :func:`responses`, the class of :func:`elements`) is allowed even if ``include`` omits it.
    """
    _check_bool(extensions, "extensions")
    _check_size(min_verbs, "min_verbs")
    _check_size(max_verbs, "max_verbs", optional=True)
    low = cast("int", min_verbs)
    high = cast("int | None", max_verbs)
    if high is not None and high < low:
        raise InvalidArgument(f"max_verbs={high} is less than min_verbs={low}")
    included = frozenset(ELEMENTS) if include is None else _tags_of(include, "include")
    excluded = frozenset[str]() if exclude is None else _tags_of(exclude, "exclude")
    implicit = frozenset(starts) if len(starts) == 1 else frozenset[str]()
    tags = (included | implicit) - excluded
    if not any(start in tags for start in starts):
        allowed = ", ".join(f"<{tag}>" for tag in starts)
        raise InvalidArgument(f"the options leave none of {allowed} to generate")
    reachable = _reachable(starts, tags)
    # Included classes that could appear here but for the options: <Number> without <Dial>.
    possible = _reachable(starts, frozenset(ELEMENTS))
    stranded = _ordered((tags & possible) - reachable)
    if include is not None and stranded:
        raise InvalidArgument(
            "included but unreachable, because no element that may contain them is"
            " allowed: " + ", ".join(f"<{tag}>" for tag in stranded),
        )
    if low > 0 and not any(tag in reachable for tag in ELEMENTS[ROOT].children):
        raise InvalidArgument(f"min_verbs={low}, but the options allow no verb")
    return _Options(frozenset(reachable), cast("bool", extensions), low, high)


# ---------------------------------------------------------------------------------------------
# Valid nodes, from the table
# ---------------------------------------------------------------------------------------------


@functools.cache
def _attributes(rule: ElementRule, options: _Options) -> SearchStrategy[dict[str, Any]]:
    """Any subset of the element's attributes, each with a legal value."""
    return st.fixed_dictionaries(
        {},
        optional={
            row.field: _legal(row.codec, text=False)
            for row in rule.attributes
            if options.extensions or not row.ext
        },
    )


def _groups(rule: ElementRule, options: _Options) -> list[tuple[str, ...]]:
    """The sets of child tags that may be mixed: the ordinary ones, and each solitary one."""
    allowed = [tag for tag in _ordered(rule.children) if tag in options.tags]
    shared = tuple(tag for tag in allowed if tag not in rule.solitary_children)
    return ([shared] if shared else []) + [
        (tag,) for tag in allowed if tag in rule.solitary_children
    ]


def _limit_of(rule: ElementRule, group: tuple[str, ...]) -> int | None:
    """How many children of ``group`` the element may have, by its child limits."""
    limits: list[ChildLimit] = [limit for limit in rule.child_limits if limit.tags & set(group)]
    for limit in limits:
        if not set(group) <= limit.tags:
            # Not in the table today; generating for it would need more than a size bound.
            raise NotImplementedError(f"<{rule.tag}>: a child limit splits {group}")
    return min((limit.maximum for limit in limits), default=None)


def _children(
    rule: ElementRule,
    group: tuple[str, ...],
    options: _Options,
    *,
    min_size: int,
    max_size: int | None,
) -> SearchStrategy[tuple[Node, ...]]:
    child = st.one_of([st.deferred(lambda tag=tag: _element(tag, options)) for tag in group])  # type: ignore[misc]
    limit = _limit_of(rule, group)
    if limit is None:
        return st.lists(child, min_size=min_size, max_size=max_size).map(tuple)
    high = limit if max_size is None else min(limit, max_size)
    low = min(min_size, high)
    # Reach the limit in about a third of draws: the ten-noun Dial and the lone Sip are edges
    # worth testing, but full Dials make every document slower to draw.
    full = st.lists(child, min_size=high, max_size=high)
    below = st.lists(child, min_size=low, max_size=high)
    return st.integers(0, 2).flatmap(lambda which: full if which == 0 else below).map(tuple)


def _content(rule: ElementRule, options: _Options) -> SearchStrategy[dict[str, Any]]:
    """The element's text and children, as keyword arguments of its class."""
    text = None if rule.text is None else _legal(rule.text.codec, text=True)
    root = rule.tag == ROOT
    low = options.min_verbs if root else 0
    high = options.max_verbs if root else None
    groups = _groups(rule, options)
    form = rule.child_form
    if form is not None and text is not None:
        # Text, or the form with a child (<Video>): the destination then in an attribute.
        shapes = [text.map(lambda value: {"text": value})]
        if form.child in options.tags:
            child = st.deferred(lambda: _element(form.child, options))
            field = rule.by_xml[form.attribute].field
            shapes.append(
                st.tuples(child, _legal(form.codec, text=False)).map(
                    lambda pair: {"children": (pair[0],), field: pair[1]}
                )
            )
        return st.one_of(shapes)
    if rule.text_or_children:
        forms: list[SearchStrategy[dict[str, Any]]] = []
        if text is not None:
            forms.append(text.map(lambda value: {"text": value}))
        for group in groups:
            kids = _children(rule, group, options, min_size=max(low, 1), max_size=high)
            forms.append(kids.map(lambda value: {"children": value}))
        return st.one_of(forms)
    parts: dict[str, SearchStrategy[Any]] = {}
    if text is not None and rule.text is not None:
        parts["text"] = text if rule.text.required else st.none() | text
    if rule.children:
        parts["children"] = st.one_of(
            [_children(rule, group, options, min_size=low, max_size=high) for group in groups]
            or [st.just(())],
        )
    return st.fixed_dictionaries(parts)


def _construct(tag: str, values: dict[str, Any]) -> Node:
    factory = cast("Callable[..., Node]", NODE_CLASSES[tag])
    return factory(**values)


@functools.cache
def _element(tag: str, options: _Options) -> SearchStrategy[Node]:
    rule = ELEMENTS[tag]

    def build(parts: tuple[dict[str, Any], dict[str, Any]]) -> Node:
        attributes, content = parts
        return _construct(tag, {**attributes, **content})

    return st.tuples(_attributes(rule, options), _content(rule, options)).map(build)


def _one_of_kind(starts: tuple[str, ...], options: _Options) -> SearchStrategy[Node]:
    return st.one_of([_element(tag, options) for tag in starts if tag in options.tags])


# ---------------------------------------------------------------------------------------------
# Public strategies: valid nodes and documents
# ---------------------------------------------------------------------------------------------


def responses(
    *,
    min_verbs: int = 0,
    max_verbs: int | None = None,
    include: Iterable[type[Node]] | None = None,
    exclude: Iterable[type[Node]] | None = None,
    extensions: bool = True,
) -> SearchStrategy[Response]:
    """Valid documents as :class:`~callmarkup.Response` nodes.

    Args:
        min_verbs: The fewest verbs directly in the ``<Response>``.
        max_verbs: The most verbs directly in the ``<Response>``; ``None`` lets Hypothesis
            choose.
        include: The node classes that may appear (the ``Response`` itself always does).
            Every class listed must be able to appear: ``include={Number}`` without
            :class:`~callmarkup.Dial` is an error.
        exclude: Node classes that must not appear; their contents go with them.
        extensions: Whether the Restcomm-only attributes (``ext`` in the grammar reference)
            may appear.

    Returns:
        A strategy for ``Response`` nodes that render, validate and round-trip.

    Raises:
        hypothesis.errors.InvalidArgument: The options are of the wrong type or contradict
            each other.

    Example:
        >>> from hypothesis import find
        >>> from callmarkup import Hangup, Say
        >>> doc = find(responses(include={Say, Hangup}, min_verbs=2), lambda doc: True)
        >>> len(doc.children)
        2
    """
    options = _options(
        (ROOT,),
        include=include,
        exclude=exclude,
        extensions=extensions,
        min_verbs=min_verbs,
        max_verbs=max_verbs,
    )
    return cast("SearchStrategy[Response]", _element(ROOT, options))


def verbs(
    *,
    include: Iterable[type[Node]] | None = None,
    exclude: Iterable[type[Node]] | None = None,
    extensions: bool = True,
) -> SearchStrategy[Verb]:
    """Valid verbs: the nodes a :class:`~callmarkup.Response` may contain.

    Args:
        include: The node classes that may appear, the verbs and what they contain.
        exclude: Node classes that must not appear.
        extensions: Whether the Restcomm-only attributes may appear.

    Returns:
        A strategy for verb nodes, any of :data:`callmarkup.Verb`.

    Raises:
        hypothesis.errors.InvalidArgument: The options are wrong or leave no verb.

    Example:
        >>> from hypothesis import find
        >>> from callmarkup import Pause
        >>> find(verbs(include={Pause}), lambda verb: verb.length == 7)
        Pause(length=7)
    """
    starts = _ordered(ELEMENTS[ROOT].children)
    options = _options(starts, include=include, exclude=exclude, extensions=extensions)
    return cast("SearchStrategy[Verb]", _one_of_kind(starts, options))


def nouns(
    *,
    include: Iterable[type[Node]] | None = None,
    exclude: Iterable[type[Node]] | None = None,
    extensions: bool = True,
) -> SearchStrategy[Noun]:
    """Valid nouns: the nodes a :class:`~callmarkup.Dial` may contain.

    Args:
        include: The noun classes that may appear.
        exclude: Noun classes that must not appear.
        extensions: Whether the Restcomm-only attributes may appear.

    Returns:
        A strategy for noun nodes, any of :data:`callmarkup.Noun`.

    Raises:
        hypothesis.errors.InvalidArgument: The options are wrong or leave no noun.

    Example:
        >>> from hypothesis import find
        >>> from callmarkup import Sip
        >>> noun = find(nouns(include={Sip}), lambda noun: noun.password is not None)
        >>> type(noun).__name__
        'Sip'
    """
    # The nouns a verb holds (<Video> is a noun of nouns).
    held = {tag for rule in ELEMENTS.values() if rule.kind == "verb" for tag in rule.children}
    starts = tuple(tag for tag, rule in ELEMENTS.items() if rule.kind == "noun" and tag in held)
    options = _options(starts, include=include, exclude=exclude, extensions=extensions)
    return cast("SearchStrategy[Noun]", _one_of_kind(starts, options))


def elements(
    cls: type[N],
    *,
    include: Iterable[type[Node]] | None = None,
    exclude: Iterable[type[Node]] | None = None,
    extensions: bool = True,
) -> SearchStrategy[N]:
    """Valid nodes of one class, for example ``elements(Gather)``.

    Args:
        cls: The node class; ``elements(Response)`` is :func:`responses`.
        include: The node classes that may appear inside (``cls`` itself always may).
        exclude: Node classes that must not appear inside.
        extensions: Whether the Restcomm-only attributes may appear.

    Returns:
        A strategy for ``cls`` nodes.

    Raises:
        hypothesis.errors.InvalidArgument: ``cls`` is not a node class, or the options are
            wrong.

    Example:
        >>> from hypothesis import find
        >>> from callmarkup import Dial
        >>> dial = find(elements(Dial), lambda dial: len(dial.children) == 10)
        >>> len(dial.children)
        10
    """
    tag = _tag_of(cls, "cls")
    options = _options((tag,), include=include, exclude=exclude, extensions=extensions)
    return cast("SearchStrategy[N]", _element(tag, options))


def values(cls: type[Node], field: str) -> SearchStrategy[Any]:
    """Legal values of one attribute, or of the text (``field="text"``), of a node class.

    Useful for the inputs of code that builds nodes: phone numbers, SIP URIs, callback URLs
    that the constructors accept as they are.

    Args:
        cls: The node class.
        field: The attribute's Python name, as the class's keyword argument, or ``"text"``.

    Returns:
        A strategy for values the constructor accepts unchanged.

    Raises:
        hypothesis.errors.InvalidArgument: ``cls`` has no such attribute or no text.

    Example:
        >>> from hypothesis import find
        >>> from callmarkup import Number
        >>> phone = find(values(Number, "text"), lambda text: "?" in text)
        >>> Number(phone).text == phone
        True
    """
    rule = ELEMENTS[_tag_of(cls, "cls")]
    if field == "text":
        if rule.text is None:
            raise InvalidArgument(f"<{rule.tag}> carries no text")
        return _legal(rule.text.codec, text=True)
    rows: dict[str, AttributeRule] = {row.field: row for row in rule.attributes}
    if field not in rows:
        known = ", ".join(sorted(rows)) or "none"
        raise InvalidArgument(f"{cls.__name__} has no attribute {field!r} (attributes: {known})")
    return _legal(rows[field].codec, text=False)


def _render_pair(pair: tuple[Response, bool]) -> str:
    return render(pair[0], pretty=pair[1])


@overload
def documents(
    *,
    pretty: bool | None = ...,
    as_bytes: Literal[False] = ...,
    min_verbs: int = ...,
    max_verbs: int | None = ...,
    include: Iterable[type[Node]] | None = ...,
    exclude: Iterable[type[Node]] | None = ...,
    extensions: bool = ...,
) -> SearchStrategy[str]: ...
@overload
def documents(
    *,
    pretty: bool | None = ...,
    as_bytes: Literal[True],
    min_verbs: int = ...,
    max_verbs: int | None = ...,
    include: Iterable[type[Node]] | None = ...,
    exclude: Iterable[type[Node]] | None = ...,
    extensions: bool = ...,
) -> SearchStrategy[bytes]: ...
def documents(  # noqa: PLR0913 - the options of responses(), and the form
    *,
    pretty: bool | None = False,
    as_bytes: bool = False,
    min_verbs: int = 0,
    max_verbs: int | None = None,
    include: Iterable[type[Node]] | None = None,
    exclude: Iterable[type[Node]] | None = None,
    extensions: bool = True,
) -> SearchStrategy[str] | SearchStrategy[bytes]:
    """Valid documents, rendered: what an application serves.

    Args:
        pretty: ``False`` for the canonical form, ``True`` for the indented one, ``None`` for
            either.
        as_bytes: UTF-8 bytes instead of text.
        min_verbs: As for :func:`responses`.
        max_verbs: As for :func:`responses`.
        include: As for :func:`responses`.
        exclude: As for :func:`responses`.
        extensions: As for :func:`responses`.

    Returns:
        A strategy for documents that :func:`callmarkup.validate` finds no fault in.

    Raises:
        hypothesis.errors.InvalidArgument: The options are wrong.

    Example:
        >>> from hypothesis import find
        >>> from callmarkup import validate
        >>> doc = find(documents(as_bytes=True, min_verbs=1), lambda doc: True)
        >>> doc.startswith(b"<?xml"), validate(doc)
        (True, ())
    """
    _check_bool(pretty, "pretty", optional=True)
    _check_bool(as_bytes, "as_bytes")
    nodes = responses(
        min_verbs=min_verbs,
        max_verbs=max_verbs,
        include=include,
        exclude=exclude,
        extensions=extensions,
    )
    forms = st.sampled_from((False, True)) if pretty is None else st.just(pretty)
    rendered = st.tuples(nodes, forms).map(_render_pair)
    if as_bytes:
        return rendered.map(str.encode)
    return rendered


# ---------------------------------------------------------------------------------------------
# Invalid documents: a valid tree, made editable, with exactly one fault injected
# ---------------------------------------------------------------------------------------------


def _no_attributes() -> list[tuple[str, str]]:
    return []


def _no_children() -> list[_Raw]:
    return []


@attrs.define
class _Raw:
    """An element as markup: names as written, values and text already escaped."""

    tag: str
    attributes: list[tuple[str, str]] = attrs.field(factory=_no_attributes)
    text: str = ""
    """Markup written before the children."""
    children: list[_Raw] = attrs.field(factory=_no_children)
    trailing: str = ""
    """Markup written after the children."""
    end_tag: str | None = None
    """A different name for the end tag (to make the document malformed)."""


@attrs.define
class _Draft:
    root: _Raw
    doctype: str = ""
    edit: Callable[[str, int], str] | None = None
    """A change made to the finished document text, given the offset of its root element."""


def _to_raw(node: Node) -> _Raw:
    rule = RULES[type(node)]
    attributes = [
        (row.xml, escape_attribute(row.codec.dump(value)))
        for row in rule.attributes
        if (value := getattr(node, row.field)) is not None
    ]
    text: str | None = getattr(node, "text", None)
    children: tuple[Node, ...] = getattr(node, "children", ())
    return _Raw(
        rule.tag,
        attributes,
        "" if text is None else escape_text(text),
        [_to_raw(child) for child in children],
    )


def _write(raw: _Raw, out: list[str], indent: str | None) -> None:
    """Write ``raw`` as :func:`~callmarkup.render` would (``indent=None``: canonical)."""
    start = "<" + raw.tag + "".join(f' {name}="{value}"' for name, value in raw.attributes)
    margin, newline = ("", "") if indent is None else (indent, "\n")
    end = f"</{raw.end_tag or raw.tag}>"
    if not raw.children:
        if raw.text or raw.trailing or raw.end_tag:
            out.append(f"{margin}{start}>{raw.text}{raw.trailing}{end}{newline}")
        else:
            out.append(f"{margin}{start}/>{newline}")
        return
    out.append(f"{margin}{start}>{raw.text}{newline}")
    inner = None if indent is None else indent + "  "
    for child in raw.children:
        _write(child, out, inner)
    if raw.trailing:
        out.append(f"{'' if inner is None else inner}{raw.trailing}{newline}")
    out.append(f"{margin}{end}{newline}")


def _serialize(draft: _Draft, *, pretty: bool, declaration: bool) -> str:
    newline = "\n" if pretty else ""
    out: list[str] = []
    if declaration:
        out.append(DECLARATION + newline)
    if draft.doctype:
        out.append(draft.doctype + newline)
    root = len("".join(out))
    _write(draft.root, out, "" if pretty else None)
    document = "".join(out)
    return document if draft.edit is None else draft.edit(document, root)


def _walk(raw: _Raw, parent: _Raw | None = None) -> list[tuple[_Raw, _Raw | None]]:
    """Every element with its parent, in document order."""
    found = [(raw, parent)]
    for child in raw.children:
        found += _walk(child, raw)
    return found


def _fresh(draw: DrawFn, tag: str) -> _Raw:
    """A valid element of ``tag``, complete with its content."""
    return _to_raw(draw(_element(tag, _NESTED)))


def _shell(draw: DrawFn, tag: str) -> _Raw:
    """An element of ``tag`` with legal attributes and, where required, legal text only."""
    rule = ELEMENTS[tag]
    attributes = draw(_attributes(rule, _NESTED))
    raw = _Raw(
        tag,
        [
            (row.xml, escape_attribute(row.codec.dump(attributes[row.field])))
            for row in rule.attributes
            if row.field in attributes
        ],
    )
    if rule.text is not None and rule.text.required:
        raw.text = escape_text(draw(_legal(rule.text.codec, text=True)))
    return raw


def _place(draw: DrawFn, draft: _Draft, raw: _Raw) -> None:
    """Put ``raw`` where its tag is allowed, in new (otherwise valid) parents if need be."""
    parents = [tag for tag, rule in ELEMENTS.items() if raw.tag in rule.children]
    parent = draw(st.sampled_from(parents))
    if parent == draft.root.tag:
        siblings = draft.root.children
        siblings.insert(draw(st.integers(0, len(siblings))), raw)
        return
    holder = _shell(draw, parent)
    form = ELEMENTS[parent].child_form
    if form is not None and form.child == raw.tag:
        # The child selects the holder's other form (<Video>): no text, the attribute set.
        holder.text = ""
        value = draw(_legal(form.codec, text=False))
        _set_attribute(draw, holder, form.attribute, escape_attribute(value))
    holder.children.append(raw)
    _place(draw, draft, holder)


def _pick(draw: DrawFn, draft: _Draft, tags: Collection[str]) -> _Raw:
    """An element with one of ``tags``: one of the draft's, or a new one put in place."""
    existing = [raw for raw, _ in _walk(draft.root) if raw.tag in tags]
    placeable = [tag for tag in _ordered(tags) if tag != ROOT]
    if existing and (not placeable or draw(st.booleans())):
        return draw(st.sampled_from(existing))
    raw = _fresh(draw, draw(st.sampled_from(placeable)))
    _place(draw, draft, raw)
    return raw


@functools.cache
def _misspelt(names: frozenset[str], taken: frozenset[str]) -> SearchStrategy[str]:
    """Names one slip away from ``names`` (case, a letter lost, doubled, swapped or added)."""

    def slip(name: str, how: int, at: int, letter: str) -> str:
        i = at % len(name)
        return (
            name.upper(),
            name.lower(),
            name.swapcase(),
            name[:i] + name[i + 1 :],
            name[:i] + name[i] + name[i:],
            name[:i] + name[i + 1 : i + 2] + name[i : i + 1] + name[i + 2 :],
            name[:i] + letter + name[i:],
            name[:i] + letter + name[i + 1 :],
        )[how]

    return st.builds(
        slip,
        st.sampled_from(sorted(names)),
        st.integers(0, 7),
        st.integers(0, 30),
        st.sampled_from(string.ascii_letters),
    ).filter(
        lambda name: (
            bool(name)
            and name[0].isalpha()
            and name not in taken
            and not name.lower().startswith("xml")
        ),
    )


_NAMESPACE = "urn:example:other"


def _unknown_element(draw: DrawFn, draft: _Draft) -> None:
    known = frozenset(ELEMENTS)
    if draw(st.booleans()):
        name, declarations = draw(_misspelt(known, known)), []
    else:
        # A dialect name in a namespace is not a dialect element (spec §7.5).
        name = "x:" + draw(st.sampled_from(_ordered(known)))
        declarations = [("xmlns:x", _NAMESPACE)]
    # Not the child that selects its parent's form (<Video>): the parent would change form.
    inner = [
        (raw, parent)
        for raw, parent in _walk(draft.root)
        if parent is not None and not _selects_form(raw, parent)
    ]
    if bool(inner) and draw(st.booleans()):
        target = draw(st.sampled_from(inner))[0]
        target.tag = name
        target.attributes = declarations + target.attributes
        return
    host = draw(st.sampled_from(_walk(draft.root)))[0]
    stranger = _Raw(name, declarations)
    if draw(st.booleans()):
        # Nothing inside an unknown element is judged, not even a misplaced known one.
        stranger.children.append(_fresh(draw, draw(st.sampled_from(_ordered(known - {ROOT})))))
    else:
        stranger.text = escape_text(draw(_free_text(non_empty=False)))
    host.children.insert(draw(st.sampled_from((0, len(host.children)))), stranger)


def _selects_form(raw: _Raw, parent: _Raw) -> bool:
    form = ELEMENTS[parent.tag].child_form if parent.tag in ELEMENTS else None
    return form is not None and raw.tag == form.child


def _wrong_root(draw: DrawFn, draft: _Draft) -> None:
    root = draft.root
    choice = draw(st.integers(0, 2))
    if choice == 0:
        root.tag = draw(_misspelt(frozenset((ROOT,)), frozenset((ROOT,))))
    elif choice == 1:
        root.tag = draw(st.sampled_from(_ordered(set(ELEMENTS) - {ROOT})))
    else:
        root.attributes.insert(0, ("xmlns", _NAMESPACE))


def _child_not_allowed(draw: DrawFn, draft: _Draft) -> None:
    crowded = [
        rule
        for rule in ELEMENTS.values()
        if rule.solitary_children and rule.children - rule.solitary_children
    ]
    if bool(crowded) and draw(st.booleans()):
        _beside_a_solitary_child(draw, draft, draw(st.sampled_from(crowded)))
        return
    host = draw(st.sampled_from(_walk(draft.root)))[0]
    rule = ELEMENTS[host.tag]
    tag = draw(st.sampled_from([tag for tag in ELEMENTS if tag not in rule.children]))
    host.children.insert(draw(st.sampled_from((0, len(host.children)))), _fresh(draw, tag))


def _beside_a_solitary_child(draw: DrawFn, draft: _Draft, rule: ElementRule) -> None:
    """A child that must be alone (a Sip) among children of the other kinds (nouns)."""
    alone = draw(st.sampled_from(_ordered(rule.solitary_children)))
    others = _ordered(rule.children - rule.solitary_children)
    count = draw(st.integers(1, _limit_of(rule, others) or 3))
    holder = _shell(draw, rule.tag)
    holder.text = ""
    holder.children = [_fresh(draw, draw(st.sampled_from(others))) for _ in range(count)]
    holder.children.insert(draw(st.integers(0, count)), _fresh(draw, alone))
    _place(draw, draft, holder)


def _too_many_children(draw: DrawFn, draft: _Draft) -> None:
    choices = [
        (rule.tag, limit)
        for rule in ELEMENTS.values()
        for limit in rule.child_limits
        if rule.tag != ROOT
        and (limit.tags <= rule.solitary_children or not limit.tags & rule.solitary_children)
    ]
    tag, limit = draw(st.sampled_from(choices))
    holder = _shell(draw, tag)
    holder.text = ""
    form = ELEMENTS[tag].child_form
    if form is not None and form.child in limit.tags:
        # Too many of the child that selects the form: the form's attribute is there.
        value = draw(_legal(form.codec, text=False))
        _set_attribute(draw, holder, form.attribute, escape_attribute(value))
    count = draw(st.integers(limit.maximum + 1, limit.maximum + 2))
    kinds = _ordered(limit.tags)
    holder.children = [_fresh(draw, draw(st.sampled_from(kinds))) for _ in range(count)]
    _place(draw, draft, holder)


@functools.cache
def _all_attribute_names() -> frozenset[str]:
    return frozenset(row.xml for rule in ELEMENTS.values() for row in rule.attributes)


def _unknown_attribute(draw: DrawFn, draft: _Draft) -> None:
    host = draw(st.sampled_from(_walk(draft.root)))[0]
    rule = ELEMENTS[host.tag]
    value = escape_attribute(draw(_free_text(non_empty=False)))
    position = draw(st.integers(0, len(host.attributes)))
    kind = draw(st.integers(0, 2))
    if kind == 0:
        name = draw(_misspelt(_all_attribute_names(), frozenset(rule.by_xml)))
    elif kind == 1:
        # Namespaced attributes are never the dialect's (spec §7.5).
        name = "xml:" + draw(st.sampled_from(sorted(_all_attribute_names())))
    else:
        name = "x:" + draw(st.sampled_from(sorted(_all_attribute_names())))
        host.attributes.insert(0, ("xmlns:x", _NAMESPACE))
        position += 1
    host.attributes.insert(position, (name, value))


def _set_attribute(draw: DrawFn, raw: _Raw, name: str, value: str) -> None:
    for index, (written, _) in enumerate(raw.attributes):
        if written == name:
            raw.attributes[index] = (name, value)
            return
    raw.attributes.insert(draw(st.integers(0, len(raw.attributes))), (name, value))


@functools.cache
def _breakable_attributes() -> tuple[tuple[str, AttributeRule], ...]:
    """Every (tag, attribute) whose codec refuses some value a document can hold."""
    return tuple(
        (tag, row)
        for tag, rule in ELEMENTS.items()
        for row in rule.attributes
        if _illegal(row.codec) is not None
    )


def _bad_attribute_value(draw: DrawFn, draft: _Draft) -> None:
    tag, row = draw(st.sampled_from(_breakable_attributes()))
    host = _pick(draw, draft, (tag,))
    value = draw(cast("SearchStrategy[str]", _illegal(row.codec)))
    _set_attribute(draw, host, row.xml, escape_attribute(value))


_NO_TEXT = ("", " ", "\n  \t", "<!-- nothing -->", "<?note nothing?>", " <!--a--> \n ")
"""Content that gives an element no text: whitespace, comments, processing instructions."""


def _text_required(draw: DrawFn, draft: _Draft) -> None:
    tags = [
        tag
        for tag, rule in ELEMENTS.items()
        if rule.text is not None and rule.text.required and not rule.text_or_children
    ]
    host = _pick(draw, draft, tags)
    host.text = draw(st.sampled_from(_NO_TEXT))
    if ELEMENTS[host.tag].child_form is not None:
        host.children = []  # with its form's child, the element needs no text


def _attribute_required(draw: DrawFn, draft: _Draft) -> None:
    tags = [tag for tag, rule in ELEMENTS.items() if rule.child_form is not None]
    host = _pick(draw, draft, tags)
    form = ELEMENTS[host.tag].child_form
    assert form is not None  # noqa: S101 - chosen for having one above
    host.attributes = [pair for pair in host.attributes if pair[0] != form.attribute]
    host.text = draw(st.sampled_from(_NO_TEXT))
    host.trailing = ""
    host.children = [_fresh(draw, form.child)]


def _text_forbidden(draw: DrawFn, draft: _Draft) -> None:
    text = escape_text(draw(_free_text(non_empty=True)))
    textless = [tag for tag, rule in ELEMENTS.items() if rule.text is None]
    either = [tag for tag, rule in ELEMENTS.items() if rule.text_or_children]
    if draw(st.booleans()):
        host = _pick(draw, draft, textless)
    else:
        host = _pick(draw, draft, either)
        if host.text:
            # Text and a child it allows: one or the other, never both.
            tag = draw(st.sampled_from(_ordered(ELEMENTS[host.tag].children)))
            host.children.append(_fresh(draw, tag))
            return
    if draw(st.booleans()):
        host.text = text
    else:
        host.trailing = text


def _bad_text_value(draw: DrawFn, draft: _Draft) -> None:
    tags = [
        tag
        for tag, rule in ELEMENTS.items()
        if rule.text is not None and _illegal(rule.text.codec) is not None
    ]
    host = _pick(draw, draft, tags)
    text_rule = ELEMENTS[host.tag].text
    assert text_rule is not None  # noqa: S101 - chosen for having text above
    bad = cast("SearchStrategy[str]", _illegal(text_rule.codec, text=True))
    host.children = []
    host.text = escape_text(draw(bad))


def _empty(draw: DrawFn, draft: _Draft) -> None:
    tags = [tag for tag, rule in ELEMENTS.items() if rule.text_or_children]
    host = _pick(draw, draft, tags)
    host.children = []
    host.text = draw(st.sampled_from(_NO_TEXT))


_BARE_AMPERSANDS = ("&", " & ", "AT&T", "&amp", "&;", "&#x;", "& ")
"""Text ending in an ``&`` that starts no reference (it is followed by ``<`` or a quote)."""


def _malformed(draw: DrawFn, draft: _Draft) -> None:
    host = draw(st.sampled_from(_walk(draft.root)))[0]
    kind = draw(st.integers(0, 6))
    # The platform repairs a bare & (spec §8.6) and the document is judged as repaired: the &
    # goes where any text is legal, so that malformed is the one violation.
    if kind == 0:
        host = _pick(draw, draft, _free_texts())
        host.text += draw(st.sampled_from(_BARE_AMPERSANDS))
    elif kind == 1:
        # At the end of an attribute value, where the closing quote follows.
        tag, row = draw(st.sampled_from(_free_attributes()))
        host = _pick(draw, draft, (tag,))
        value = escape_attribute(row.codec.dump(draw(_legal(row.codec, text=False))))
        _set_attribute(draw, host, row.xml, value + draw(st.sampled_from(_BARE_AMPERSANDS)))
    elif kind == 2:
        host.end_tag = draw(_misspelt(frozenset((host.tag,)), frozenset((host.tag,))))
    elif kind == 3:
        host.text += draw(st.sampled_from(("a < b", "<3", "<")))
    elif kind == 4:
        host.text += draw(st.sampled_from(("&#0;", "&#xFFFE;", "&#xD800;", "&#1;")))
    elif kind == 5:
        name = draw(st.sampled_from(sorted(_all_attribute_names())))
        host.attributes += [(name, "1"), (name, "2")]
    else:
        cut = draw(st.integers(0, 10**6))
        draft.edit = lambda document, root: _truncated(document, root, cut)


@functools.cache
def _free_texts() -> tuple[str, ...]:
    """The tags whose text may be anything."""
    return tuple(
        tag
        for tag, rule in ELEMENTS.items()
        if rule.text is not None and isinstance(rule.text.codec, codecs.FreeText)
    )


@functools.cache
def _free_attributes() -> tuple[tuple[str, AttributeRule], ...]:
    """Every (tag, attribute) whose value may be anything, whatever the element's form."""
    return tuple(
        (tag, row)
        for tag, rule in ELEMENTS.items()
        for row in rule.attributes
        if isinstance(row.codec, codecs.FreeText)
        and (rule.child_form is None or row.xml != rule.child_form.attribute)
    )


def _truncated(document: str, root: int, cut: int) -> str:
    """A proper prefix of the document that stops inside its root element."""
    end = document.rindex(">") + 1
    return document[: root + cut % (end - root)]


_DOCTYPES = (
    "<!DOCTYPE {root}>",
    '<!DOCTYPE {root} SYSTEM "http://example.com/callmarkup.dtd">',
    '<!DOCTYPE {root} PUBLIC "-//Example//DTD Call//EN" "call.dtd">',
    "<!DOCTYPE {root} [<!ELEMENT {root} ANY>]>",
    "<!DOCTYPE {root} [\n  <!-- <!ENTITY x 'only a comment'> -->\n]>",
)


def _doctype(draw: DrawFn, draft: _Draft) -> None:
    draft.doctype = draw(st.sampled_from(_DOCTYPES)).format(root=draft.root.tag)


_PREDEFINED = frozenset(("amp", "lt", "gt", "quot", "apos"))


_ENTITY_NAMES = st.one_of(
    st.sampled_from(("nbsp", "copy", "x", "ee", "lol9")),
    st.from_regex(r"[A-Za-z_][A-Za-z0-9_.-]{0,8}", fullmatch=True),
).filter(lambda name: name not in _PREDEFINED)


def _entity(draw: DrawFn, draft: _Draft) -> None:
    name = draw(_ENTITY_NAMES)
    reference = f"&{name};" * draw(st.integers(1, 2))
    if draw(st.booleans()):
        tags = [tag for tag, rule in ELEMENTS.items() if rule.attributes]
        host = _pick(draw, draft, tags)
        row = draw(st.sampled_from(ELEMENTS[host.tag].attributes))
        # A value with a reference is not checked further (spec §7.2), so any text will do.
        _set_attribute(draw, host, row.xml, reference)
        return
    tags = [tag for tag, rule in ELEMENTS.items() if rule.text is not None]
    host = _pick(draw, draft, tags)
    host.children = []
    host.text = draw(st.sampled_from((reference, host.text + reference, reference + host.text)))


def _too_large(draw: DrawFn, draft: _Draft) -> None:
    if draw(st.booleans()):
        host = draw(st.sampled_from(_walk(draft.root)))[0]
        depth = draw(st.integers(DEFAULT_MAX_DEPTH, DEFAULT_MAX_DEPTH + 4))
        tag = draw(st.sampled_from(_ordered(ELEMENTS)))
        chain = _Raw(tag)
        for _ in range(depth - 1):
            chain = _Raw(tag, children=[chain])
        host.children.append(chain)
        return
    extra = draw(st.integers(1, 1000))
    padding = draw(st.sampled_from((" ", "\n")))

    def pad(document: str, root: int) -> str:
        # Whitespace before the root is harmless; only the size is wrong.
        missing = DEFAULT_MAX_BYTES + extra - len(document.encode("utf-8"))
        return document[:root] + padding * max(missing, 0) + document[root:]

    draft.edit = pad


_FAULTS: dict[Code, Callable[[DrawFn, _Draft], None]] = {
    Code.MALFORMED: _malformed,
    Code.DOCTYPE_FORBIDDEN: _doctype,
    Code.ENTITY_FORBIDDEN: _entity,
    Code.TOO_LARGE: _too_large,
    Code.WRONG_ROOT: _wrong_root,
    Code.UNKNOWN_ELEMENT: _unknown_element,
    Code.CHILD_NOT_ALLOWED: _child_not_allowed,
    Code.TOO_MANY_CHILDREN: _too_many_children,
    Code.UNKNOWN_ATTRIBUTE: _unknown_attribute,
    Code.BAD_ATTRIBUTE_VALUE: _bad_attribute_value,
    Code.TEXT_REQUIRED: _text_required,
    Code.TEXT_FORBIDDEN: _text_forbidden,
    Code.BAD_TEXT_VALUE: _bad_text_value,
    Code.EMPTY: _empty,
    Code.ATTRIBUTE_REQUIRED: _attribute_required,
}
"""How to break a valid document so that exactly one violation of each code results."""


@st.composite
def _invalid(
    draw: DrawFn,
    codes: tuple[Code, ...],
    pretty: bool | None,
) -> tuple[str, Code]:
    code = draw(st.sampled_from(codes))
    node = draw(_element(ROOT, _BASE))
    draft = _Draft(_to_raw(node))
    _FAULTS[code](draw, draft)
    indent = draw(st.booleans()) if pretty is None else pretty
    declaration = draw(st.booleans())
    return _serialize(draft, pretty=indent, declaration=declaration), code


_CODES_BY_VALUE = {code.value: code for code in Code}


def _codes(value: object) -> tuple[Code, ...]:
    if value is None:
        return tuple(_FAULTS)
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise InvalidArgument(f"codes: expected a collection of violation codes, got {value!r}")
    found: list[Code] = []
    for item in cast("Iterable[object]", value):
        if not isinstance(item, str) or item not in _CODES_BY_VALUE:
            raise InvalidArgument(f"codes: {item!r} is not a violation code")
        code = _CODES_BY_VALUE[item]
        if code not in _FAULTS:
            # A warning marks a legal document; these documents are invalid.
            raise InvalidArgument(f"codes: {code.value!r} is a warning, not an error")
        found.append(code)
    if not found:
        raise InvalidArgument("codes: expected at least one violation code")
    return tuple(dict.fromkeys(found))


@overload
def invalid_documents(
    *,
    codes: Iterable[Code | str] | None = ...,
    pretty: bool | None = ...,
    as_bytes: Literal[False] = ...,
) -> SearchStrategy[tuple[str, Code]]: ...
@overload
def invalid_documents(
    *,
    codes: Iterable[Code | str] | None = ...,
    pretty: bool | None = ...,
    as_bytes: Literal[True],
) -> SearchStrategy[tuple[bytes, Code]]: ...
def invalid_documents(
    *,
    codes: Iterable[Code | str] | None = None,
    pretty: bool | None = None,
    as_bytes: bool = False,
) -> SearchStrategy[tuple[str, Code]] | SearchStrategy[tuple[bytes, Code]]:
    """Documents that each break exactly one rule, with the code of the violation.

    Each document is a valid one with one fault injected: a misspelt element or attribute, a
    value out of its range or grammar, a misplaced child, missing or forbidden text, too many
    nouns, an empty ``<Dial>``, a wrong root, a bare ``&`` or other malformed XML, a DOCTYPE,
    an entity reference, or a document over the size or depth cap. :func:`callmarkup.validate`
    reports exactly one violation for it, with the paired code, and :func:`callmarkup.parse`
    raises for it.

    Args:
        codes: Only faults with these codes (:class:`~callmarkup.Code` members or their
            values); all of them by default.
        pretty: ``False`` for compact documents, ``True`` for indented ones, ``None`` for
            either.
        as_bytes: UTF-8 bytes instead of text.

    Returns:
        A strategy for ``(document, code)`` pairs.

    Raises:
        hypothesis.errors.InvalidArgument: The options are wrong.

    Example:
        >>> from hypothesis import find
        >>> from callmarkup import Code, validate
        >>> doc, code = find(invalid_documents(codes=[Code.EMPTY]), lambda pair: True)
        >>> [violation.code for violation in validate(doc)] == [code]
        True
    """
    chosen = _codes(codes)
    _check_bool(pretty, "pretty", optional=True)
    _check_bool(as_bytes, "as_bytes")
    pairs = _invalid(chosen, pretty)
    if as_bytes:
        return pairs.map(lambda pair: (pair[0].encode("utf-8"), pair[1]))
    return pairs
