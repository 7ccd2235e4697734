"""The text grammars of the dialect: phone numbers, SIP URIs, clients, Dial destinations.

Each grammar is a test of a trimmed string (``is_phone``, ``is_caller_id``...) and, where a
refusal needs more words than the grammar's name, a function that says why (``..._reason``).
The codecs in ``_codecs`` check values with them; the grammar reference, the strategies and the
schema export know each grammar by the key its :class:`~callmarkup._codecs.Pattern` codec gives.
The whitespace and letter-case rules every codec rests on live here too: XML whitespace only,
and ASCII letters only.
"""

from __future__ import annotations

import re
from typing import Literal

from callmarkup._patterns import lazy

__all__ = [
    "CLIENT_PREFIX",
    "CLIENT_TARGET",
    "DIALED_PHONE",
    "HEADER_SUFFIX",
    "HTTP_WITH_HOST",
    "PHONE",
    "PLAIN_CLIENT",
    "PLAIN_PHONE",
    "PLAIN_SIP",
    "PLAIN_URL",
    "SCHEME",
    "SIP",
    "SIP_MAX_HEADERS",
    "SIP_MAX_URI",
    "SIP_SCHEME",
    "SIP_SCHEMES",
    "SIP_USER",
    "SIP_USER_MAX",
    "URL_UNREADABLE",
    "WHITESPACE_OR_CONTROL",
    "XML_WHITESPACE",
    "DestinationKind",
    "ascii_lower",
    "ascii_upper",
    "cut_header",
    "destination_kind",
    "destination_reason",
    "has_scheme",
    "header_reason",
    "is_caller_id",
    "is_client_name",
    "is_client_target",
    "is_dial_destination",
    "is_number_target",
    "is_phone",
    "is_plain_url",
    "is_sip_scheme",
    "sip_uri_reason",
    "target_reason",
    "trim",
    "url_reason",
]

XML_WHITESPACE = " \t\n\r"
"""The only characters XML calls whitespace; ``str.strip()`` strips more (such as U+0085)."""


def trim(value: str) -> str:
    r"""Strip XML whitespace (and only that) from both ends of ``value``.

    Example:
        >>> trim("\u00a0 x \n")
        '\xa0 x'
    """
    return value.strip(XML_WHITESPACE)


_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_LOWER = "abcdefghijklmnopqrstuvwxyz"
_ASCII_LOWER = str.maketrans(_UPPER, _LOWER)
_ASCII_UPPER = str.maketrans(_LOWER, _UPPER)


# "Any case" in the dialect means A-Z and a-z: str.lower() and str.upper() also map letters
# such as U+017F (long s) or U+212A (Kelvin sign) onto ASCII, which would let a long s pass
# for the s of POST.
def ascii_lower(text: str) -> str:
    """``text`` with the letters A-Z made lower case, and nothing else changed."""
    return text.translate(_ASCII_LOWER)


def ascii_upper(text: str) -> str:
    """``text`` with the letters a-z made upper case, and nothing else changed."""
    return text.translate(_ASCII_UPPER)


# URLs --------------------------------------------------------------------------------------

# Patterns are compiled at their first use (``lazy``), most only for some values or some
# refusals; the one every URL is tested with is compiled at import.
SCHEME = lazy(r"[A-Za-z][A-Za-z0-9+.-]*:")
HTTP_WITH_HOST = lazy(r"https?://[^/?#]+", re.IGNORECASE)
WHITESPACE_OR_CONTROL = lazy("[\x00-\x20\x7f-\x9f]")
URL_UNREADABLE = '"<>\\^`{|}'
"""Characters the platform cannot read in a URL: such a URL ends the call."""
_UNREADABLE = lazy(f"[{re.escape(URL_UNREADABLE)}]")
_BAD_PERCENT = lazy(r"%(?![0-9A-Fa-f]{2})")
# What the common-URL test leaves to the full checks: all the platform cannot read, "%", "#"
# (one is legal, two are not) and brackets.
_URL_SPECIAL = re.compile(f"[{re.escape(URL_UNREADABLE)}%#\\[\\]]")
_BRACKETED_HOST = lazy(r"\[([^\]]*)\](?::[^\[\]]*)?")
# One pass that accepts the common URL, only ever a legal one: an http(s) URL with a host, or a
# reference without a scheme, none with whitespace, control characters, what XML refuses or
# what the platform cannot read, without "%", brackets or a second "#". Anything else takes the
# checks below, which say what is wrong. The host ends at the first "/", "?" or "#", so a long
# value that fails is refused in linear time.
_NOT_URL = "\x00-\x20\x7f-\x9f\ud800-\udfff\ufffe\uffff" + re.escape(URL_UNREADABLE + "%[]")
PLAIN_URL = lazy(
    rf"(?i:https?)://[^/?#{_NOT_URL}]+(?:[/?][^#{_NOT_URL}]*)?(?:#[^#{_NOT_URL}]*)?"
    rf"|(?![A-Za-z][A-Za-z0-9+.-]*:)(?:[^#{_NOT_URL}]+(?:#[^#{_NOT_URL}]*)?|#[^#{_NOT_URL}]*)",
)


def has_scheme(url: str) -> bool:
    """Whether ``url`` starts with a scheme (``http:``), that is, is not a relative reference."""
    return SCHEME.match(url) is not None


def is_plain_url(url: str) -> bool:
    """Whether ``url`` is a common URL, only ever a legal one, trimmed and printable.

    The commonest take a few string methods, cheaper than a regular expression: printable
    ASCII without spaces, either a path from the root or ``http(s)://`` and a host; the rest
    take ``PLAIN_URL``.

    Example:
        >>> is_plain_url("https://example.com/next"), is_plain_url("https://")
        (True, False)
    """
    # The host's first character is not "/", "?" or "#"; "" is in any string, so a missing
    # host fails as well.
    if (
        url.isascii()
        and url.isprintable()
        and " " not in url
        and (
            url[:1] == "/"
            or (url.startswith("https://") and url[8:9] not in "/?#")
            or (url.startswith("http://") and url[7:8] not in "/?#")
        )
        and _URL_SPECIAL.search(url) is None
    ):
        return True
    return PLAIN_URL.fullmatch(url) is not None


def url_reason(raw: str) -> str | None:
    """Why the platform cannot read ``raw``, a URL of legal shape, or ``None``."""
    unreadable = _UNREADABLE.search(raw)
    if unreadable is not None:
        return f"the character {unreadable.group()} cannot be read in a URL"
    if _BAD_PERCENT.search(raw):
        return "a % must be followed by two hexadecimal digits"
    if raw.count("#") > 1:
        return "a URL has at most one #"
    if "[" in raw or "]" in raw:
        return _bracket_reason(raw)
    return None


def _bracket_reason(raw: str) -> str | None:
    """Brackets are legal only around the IPv6 address host of an http(s) URL."""
    import ipaddress  # noqa: PLC0415 - only a URL with brackets needs it: not at import

    wrong = "[ and ] may only enclose an IPv6 host"
    if not HTTP_WITH_HOST.match(raw):
        return wrong
    start = raw.index("//") + 2
    end = start
    while end < len(raw) and raw[end] not in "/?#":
        end += 1
    if "[" in raw[end:] or "]" in raw[end:]:
        return wrong
    authority = raw[start:end]
    userinfo, _, host = authority.rpartition("@")
    match = _BRACKETED_HOST.fullmatch(host)
    if "[" in userinfo or "]" in userinfo or match is None:
        return wrong
    try:
        ipaddress.IPv6Address(match.group(1))
    except ValueError:
        return f"[{match.group(1)}] is not an IPv6 address"
    return None


# SIP URI: sip:[user[:password]@]host[:port][;param[=value]]*[?headers]
SIP = lazy(  # the shape; sip_uri_reason checks the rest
    r"[Ss][Ii][Pp][Ss]?:(?:[^:@;?\s]+(?::[^@;?\s]*)?@)?"
    r"(?P<host>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)"
    r"(?::(?P<port>[0-9]{1,5}))?"
    r"(?P<params>(?:;[^;?=\s]+(?:=[^;?\s]*)?)*)"
    r"(?:\?(?P<headers>[^=&\s]+=[^&\s]+(?:&[^=&\s]+=[^&\s]+)*))?",
)
_HOST_LABEL = lazy(r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?")
SIP_SCHEME = "sip:"
"""The scheme SIP URIs are written with; ``sips:`` and any case are read too."""
SIP_SCHEMES = ("sip:", "sips:")
"""The schemes of a SIP URI, compared in any case."""
SIP_MAX_URI = 255
"""A SIP URI's part before ``?`` is shorter than this."""
SIP_MAX_HEADERS = 1024
"""A SIP URI's header part (after ``?``) is shorter than this."""


def _sip_host_reason(host: str) -> str | None:
    if host.startswith("["):
        import ipaddress  # noqa: PLC0415 - only an IPv6 host needs it: not at import

        try:
            ipaddress.IPv6Address(host[1:-1])
        except ValueError:
            return f"{host} is not an IPv6 address"
        return None
    if all(part.isdigit() for part in host.split(".")):
        octets = host.split(".")
        # Leading zeros dropped first: int() refuses more than 4,300 digits.
        digits = [octet.lstrip("0") for octet in octets]
        if len(octets) != 4 or any(len(octet) > 3 or int(octet or "0") > 255 for octet in digits):
            return f"{host} is not an IPv4 address"
        return None
    labels = host.split(".")
    if not all(_HOST_LABEL.fullmatch(label) for label in labels) or not labels[-1][0].isalpha():
        return f"{host} is not a host name"
    return None


def sip_uri_reason(text: str) -> str | None:  # noqa: PLR0911 - one return per rule of the grammar
    """Why ``text`` is not a SIP URI of the dialect, or ``None`` when it is one."""
    if not is_sip_scheme(text):
        return "a SIP URI must begin with 'sip:' or 'sips:'"
    match = SIP.fullmatch(text)
    if match is None:
        return header_reason(text.partition("?")[2]) or (
            "not of the form sip:[user[:password]@]host[:port][;params][?headers]"
        )
    reason = _sip_host_reason(match["host"])
    if reason is not None:
        return reason
    if match["port"] is not None and not 1 <= int(match["port"]) <= 65535:
        return f"port {match['port']} is not from 1 to 65535"
    for param in match["params"].split(";")[1:]:
        name, equals, value = param.partition("=")
        if ascii_lower(name) == "transport" and (
            not equals or ascii_lower(value) not in ("udp", "tcp")
        ):
            return "the transport parameter must be udp or tcp"
    address, _, headers = text.partition("?")
    if len(address) >= SIP_MAX_URI:
        return f"the URI before '?' must be under {SIP_MAX_URI} characters"
    if len(headers) >= SIP_MAX_HEADERS:
        return f"the header part must be under {SIP_MAX_HEADERS} characters"
    return None


# The common SIP URI, only ever a legal one: the parts of ``SIP`` with the common characters,
# read the same way, and each rule ``sip_uri_reason`` adds already in the pattern (a host name
# whose last label starts with a letter, or a dotted IPv4 address; a port from 1 to 65535; a
# transport of udp or tcp; the lengths). IPv6 hosts, other characters and other cases take the
# full grammar. The lengths are tested first, so a long value is refused after a bounded scan.
_SIP_USER = r"A-Za-z0-9\-_.!~*'()%&=+$,"
_SIP_PARAM = r"A-Za-z0-9\-_.!~*'()%+"
_SIP_HEADER = r"A-Za-z0-9\-_.!~*'()%+:/@$,"
_SIP_OCTET = r"(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])"
_SIP_PORT = (
    r"(?:[1-9][0-9]{0,3}|[1-5][0-9]{4}|6[0-4][0-9]{3}|65[0-4][0-9]{2}|655[0-2][0-9]|6553[0-5])"
)
PLAIN_SIP = lazy(
    rf"(?=[^?]{{0,{SIP_MAX_URI - 1}}}(?:\?[^?]{{0,{SIP_MAX_HEADERS - 1}}})?\Z)"
    rf"sips?:(?:[{_SIP_USER}]+(?::[{_SIP_USER}]*)?@)?"
    r"(?:(?:[A-Za-z0-9]+(?:-+[A-Za-z0-9]+)*\.)*[A-Za-z][A-Za-z0-9]*(?:-+[A-Za-z0-9]+)*"
    rf"|{_SIP_OCTET}(?:\.{_SIP_OCTET}){{3}})"
    rf"(?::{_SIP_PORT})?"
    r"(?:;transport=(?:udp|tcp)"
    rf"|;(?![Tt][Rr][Aa][Nn][Ss][Pp][Oo][Rr][Tt](?![{_SIP_PARAM}]))"
    rf"[{_SIP_PARAM}]+(?:=[{_SIP_PARAM}]*)?)*"
    rf"(?:\?[{_SIP_HEADER}]+=[{_SIP_HEADER}]+(?:&[{_SIP_HEADER}]+=[{_SIP_HEADER}]+)*)?",
)
"""A SIP URI with nothing to trim, in the common form (the quick check of SIP URI values)."""


def is_sip_scheme(text: str) -> bool:
    """Whether ``text`` starts with ``sip:`` or ``sips:``, in any case."""
    return ascii_lower(text[:5]).startswith(SIP_SCHEMES)


PHONE = lazy(r"\+?[().\- ]*[0-9][0-9().\- ]*")
r"""A phone number; the exported schemas reuse the pattern.

Separators, then a digit, then digits and separators: the first digit has one place to be, so
a long value that fails is refused in linear time (with ``[0-9().\- ]*`` before the digit, a
20,000-character one took five seconds).
"""
PLAIN_PHONE = lazy(r"\+?[().-]*[0-9](?:[0-9().\- ]*[0-9().-])?")
"""A phone number with nothing to trim (the ``plain`` values of the phone grammars).

Its first digit has one place to be and its last character is not a space, so it is tested
in linear time.
"""
DIALED_PHONE = lazy(r"\+?[().\- *#]*[0-9][0-9().\- *#]*")
"""A phone number to dial: a phone, ``*`` and ``#`` allowed (``*72``)."""
HEADER_SUFFIX = lazy(r"[^=&]+=[^&]+(?:&[^=&]+=[^&]+)*")
"""The ``Name=value&...`` headers after the ``?`` of a phone or client destination: every
entry has a name, ``=`` and a value."""


def header_reason(headers: str) -> str | None:
    """Why the header entries ``headers`` (after ``?``) are refused, when one has no value."""
    for entry in headers.split("&"):
        name, equals, value = entry.partition("=")
        if name and equals and not value:
            return (
                f"the header {name} has no value; the platform fails to place the call when a"
                " header has no value"
            )
    return None


def cut_header(text: str) -> str | None:
    """The first header of ``text`` (after its ``?``) whose value holds ``=``, if any.

    The platform sends only the part of such a value before the second ``=``.
    """
    _, question, headers = text.partition("?")
    if not question:
        return None
    for entry in headers.split("&"):
        if entry.count("=") > 1:
            return entry
    return None


def is_phone(text: str) -> bool:
    """Whether ``text`` is a phone number of the dialect."""
    return PHONE.fullmatch(text) is not None


CLIENT_PREFIX = "client:"
"""What a caller ID or Dial destination naming a client starts with."""


def _is_client(text: str) -> bool:
    """Whether ``text`` is ``client:`` followed by a non-empty name."""
    return text.startswith(CLIENT_PREFIX) and bool(trim(text[len(CLIENT_PREFIX) :]))


SIP_USER = lazy(r"(?:[A-Za-z0-9\-_.!~*'()&=+$,;?/]|%[0-9A-Fa-f]{2})+")
"""A bare SIP user as a caller ID, without its length limit."""
SIP_USER_MAX = 128
"""The most characters a bare SIP user caller ID has (``%XX`` counts three)."""


def is_caller_id(text: str) -> bool:
    """Whether ``text`` is a caller ID.

    A phone number, ``client:`` and a name, a SIP URI, or a bare SIP user; a value that
    starts with ``+`` or a digit is read as a phone number.
    """
    if is_phone(text) or _is_client(text):
        return True
    if text[:1] == "+" or text[:1].isdigit():
        return False
    if is_sip_scheme(text):
        return sip_uri_reason(text) is None
    return len(text) <= SIP_USER_MAX and SIP_USER.fullmatch(text) is not None


# A phone has no "?", so the first "?" starts the headers: one pass reads both.
_NUMBER_TARGET = lazy(rf"{DIALED_PHONE.pattern}(?:\?{HEADER_SUFFIX.pattern})?")
# The name's first non-whitespace character has one place to be: linear on a failing value.
CLIENT_TARGET = lazy(rf"[ \t\n\r]*[^? \t\n\r][^?]*(?:\?{HEADER_SUFFIX.pattern})?")
"""A client name, optionally followed by header entries."""


def is_number_target(text: str) -> bool:
    """Whether ``text`` is a phone number, optionally followed by ``?Name=value&...``."""
    return _NUMBER_TARGET.fullmatch(text) is not None


PLAIN_CLIENT = lazy(r"[A-Za-z0-9_.@:+-]+")
"""A client name with nothing to trim and no headers (the ``plain`` values of client text)."""


def is_client_name(text: str) -> bool:
    """Whether ``text`` is a non-empty client name (``<Client name>`` with ``<Video>``)."""
    return bool(trim(text))


def is_client_target(text: str) -> bool:
    """Whether ``text`` is a client name, optionally followed by ``?Name=value&...``."""
    return CLIENT_TARGET.fullmatch(text) is not None


def target_reason(text: str) -> str | None:
    """Why a destination outside its grammar is refused, when a clause says more."""
    return header_reason(text.partition("?")[2]) if "?" in text else None


DestinationKind = Literal["sip", "client", "number"]


def destination_kind(text: str) -> DestinationKind:
    """How the platform reads a plain Dial destination.

    A destination with ``@`` is a SIP URI, one starting with ``client`` a client, anything
    else a phone number.
    """
    if "@" in text:
        return "sip"
    if text.startswith("client"):
        return "client"
    return "number"


def destination_reason(text: str) -> str | None:
    """Why a Dial destination is refused, when there is more to say than the grammar's name."""
    if "@" in text:
        return sip_uri_reason(text)
    return target_reason(text)


def is_dial_destination(text: str) -> bool:
    """Whether ``text`` is a plain Dial destination: SIP URI, ``client:name`` or phone."""
    if "@" in text:
        return sip_uri_reason(text) is None
    if text.startswith(CLIENT_PREFIX):
        return is_client_target(text[len(CLIENT_PREFIX) :]) and _is_client(text)
    return is_number_target(text)
