"""Legal values: one strategy per codec, and one per text grammar of Pattern codecs."""

# The modules of the package share their private helpers; none of them is public.
# pyright: reportPrivateUsage=false, reportUnusedFunction=false

from __future__ import annotations

import functools
import string
from typing import TYPE_CHECKING, Any, TypeVar

from hypothesis import strategies as st

from callmarkup import _codecs as codecs
from callmarkup import _grammars as grammars
from callmarkup import _list_codecs as list_codecs
from callmarkup._grammars import CLIENT_PREFIX, SIP_MAX_HEADERS, SIP_MAX_URI, SIP_SCHEME

if TYPE_CHECKING:
    from collections.abc import Callable

    from hypothesis.strategies import SearchStrategy


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
"""Non-ASCII characters, among them spaces that XML does not trim."""


def _chars(exclude: str = "", *, spaces: bool = True) -> SearchStrategy[str]:
    r"""Single characters XML can carry, weighted towards the ones that matter, minus ``exclude``.

    With ``spaces=False``, every character that Python's ``str.isspace`` (and so a regular
    expression's ``\\s``) calls whitespace is left out too, as the SIP URI grammar requires.
    """
    if spaces:
        categories: tuple[str, ...] = ("Cs",)
        extra = _SPECIAL + _SAMPLES + grammars.XML_WHITESPACE
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
    trimmed = _text(exclude, max_size=max_size).map(grammars.trim)
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


# URL pieces: no whitespace, no control character, nothing the platform cannot
# read, "%" only before two hexadecimal digits, one "#" at most, brackets only around an IPv6
# host; anything else XML carries.
_URL_EXCLUDED = " \ufffe\uffff%#[]" + grammars.URL_UNREADABLE


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
        # Repeated keys are legal: they name the same key twice.
        st.lists(st.sampled_from(_KEYS), min_size=2, max_size=6).map("".join),
    )


def _token_list(codec: list_codecs.TokenList) -> SearchStrategy[tuple[str, ...]]:
    return st.one_of(
        st.permutations(codec.values).map(tuple),
        st.lists(st.sampled_from(codec.values), min_size=1, unique=True).map(tuple),
    )


def _phrase_list(codec: list_codecs.PhraseList) -> SearchStrategy[tuple[str, ...]]:
    phrase = _free_text(",", non_empty=True, max_size=min(codec.max_length, 30))
    longest = _text(
        "," + grammars.XML_WHITESPACE,
        min_size=codec.max_length,
        max_size=codec.max_length,
    )
    return st.one_of(
        st.lists(phrase, min_size=1, max_size=min(codec.max_entries, 5)),
        st.lists(st.one_of(phrase, longest), min_size=1, max_size=3),
        st.lists(phrase, min_size=codec.max_entries, max_size=codec.max_entries),
    ).map(tuple)


# Text grammars.

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
        .map(grammars.trim)
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
        .map(grammars.trim)
        .filter(grammars.is_number_target)
    )


def _client_targets(exclude: str = "") -> SearchStrategy[str]:
    """A client name, optionally with headers."""
    name = _free_text("?" + exclude, non_empty=True)
    headers = st.one_of(st.just(""), _header_suffix(exclude))
    return (
        st.tuples(name, headers).map("".join).map(grammars.trim).filter(grammars.is_client_target)
    )


"""The prefix that makes a caller id or a Dial destination a client."""


def _client_ids(exclude: str = "") -> SearchStrategy[str]:
    return (
        _client_targets(exclude)
        .map((CLIENT_PREFIX + "{}").format)
        .filter(grammars.is_dial_destination if "@" in exclude else bool)
    )


_SIP_USER_CHARS = string.ascii_letters + string.digits + "-_.!~*'()&=+$,;?/"


def _sip_users() -> SearchStrategy[str]:
    """Bare SIP users as caller IDs: not starting as a phone does."""
    unit = st.one_of(st.sampled_from(_SIP_USER_CHARS), st.sampled_from(("%20", "%41", "%7e")))
    first = st.sampled_from(string.ascii_letters + "-_.!~*'()&=$,;?/")
    built = (
        st.tuples(first, st.lists(unit, max_size=20).map("".join))
        .map("".join)
        .filter(grammars.is_caller_id)
    )
    longest = st.just("b" * grammars.SIP_USER_MAX)
    return st.one_of(st.sampled_from(("bob", "Anonymous", "alice.smith")), built, longest)


def _caller_ids() -> SearchStrategy[str]:
    return st.one_of(
        _phones(),
        _client_ids(),
        _sip_users(),
        _sip_uris(user_required=False).filter(grammars.is_caller_id),
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
    """URIs whose address and header parts are one character under their caps."""
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
    list_codecs.TokenList: _token_list,
    list_codecs.PhraseList: _phrase_list,
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
