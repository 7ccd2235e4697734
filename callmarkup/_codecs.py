"""Value codecs: how one attribute value or one element text is read, checked and written.

A codec owns the whole life of a value of one type of the dialect (spec §1.1, §7.7):

* ``load(raw)`` reads a trimmed string from a document and returns the Python value;
* ``check(value)`` takes the Python value a constructor was given and returns it normalised
  (trimmed, a list made a tuple), raising :class:`TypeError` for a wrong Python type;
* ``dump(value)`` writes the canonical string.

``load`` and ``check`` raise :class:`BadValue` with the reason when the value is outside the
type, range or enumeration. Everything that decides whether a value is legal lives here; the
table in ``_schema`` says which codec each attribute and text uses.
"""

from __future__ import annotations

import ipaddress
import re
from itertools import permutations
from typing import TYPE_CHECKING, ClassVar, Generic, Literal, TypeVar, cast

if TYPE_CHECKING:
    from collections.abc import Callable

import attrs

from callmarkup._quick import Clean, FullMatch, IntRange, Member, Plain, QuickCheck

__all__ = [
    "HEADER_SUFFIX",
    "INT_MAX",
    "PHONE",
    "PLAIN_PHONE",
    "PLAIN_URL",
    "SIP",
    "SIP_MAX_HEADERS",
    "SIP_MAX_URI",
    "SIP_USER",
    "XML_WHITESPACE",
    "BadValue",
    "Boolean",
    "Codec",
    "Enumeration",
    "FreeText",
    "Integer",
    "KeySet",
    "Method",
    "OneKey",
    "Pattern",
    "PhraseList",
    "SipUri",
    "TokenList",
    "Url",
    "clean_text",
    "described",
    "is_plain_url",
    "text_of",
    "trim",
]

T = TypeVar("T")

XML_WHITESPACE = " \t\n\r"
"""The only characters XML calls whitespace (spec §7.3); ``str.strip()`` strips more."""

# Characters outside the XML 1.0 ``Char`` production cannot be carried by any document.
_NOT_XML_CHAR = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

INT_MAX = 2_147_483_647
"""The largest integer the dialect accepts anywhere."""


class BadValue(ValueError):  # noqa: N818 - internal signal, never escapes the package
    """A value outside its type, range or enumeration; the message says why."""


def trim(value: str) -> str:
    """Strip XML whitespace (and only that) from both ends of ``value``."""
    return value.strip(XML_WHITESPACE)


_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_LOWER = "abcdefghijklmnopqrstuvwxyz"
_ASCII_LOWER = str.maketrans(_UPPER, _LOWER)
_ASCII_UPPER = str.maketrans(_LOWER, _UPPER)


# "Any case" in the dialect means A-Z and a-z: str.lower() and str.upper() also map letters
# such as U+017F (long s) or U+212A (Kelvin sign) onto ASCII, which would let a long s pass
# for the s of POST.
def _ascii_lower(text: str) -> str:
    return text.translate(_ASCII_LOWER)


def _ascii_upper(text: str) -> str:
    return text.translate(_ASCII_UPPER)


def clean_text(value: object) -> str:
    """Trim the text given to a constructor and refuse characters XML cannot carry."""
    if type(value) is str:
        text = value.strip(XML_WHITESPACE)
        # Printable text holds no character XML refuses: all of those are unprintable.
        if text.isprintable():
            return text
    return _checked_chars(trim(_require_str(value)))


def _require_str(value: object) -> str:
    """``value`` as an exact ``str``: a subclass is copied, so none of its methods runs later.

    The type is tested with ``type()``: an object can claim any ``__class__``.
    """
    kind = type(value)
    if kind is str:
        return cast("str", value)
    if not issubclass(kind, str):
        raise TypeError(f"expected a str, got {described(value)}")
    return str.__str__(cast("str", value))


_SHOWN = 60
"""The longest a value is shown in a message, in characters."""
_DIGITS_SHOWN = 200
"""Integers with more bits than this are described by their size, not written out."""


def _shortened(text: str) -> str:
    return text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…"


def text_of(value: object) -> str:
    """``value`` as a message quotes it: text as it is, anything else as its short repr.

    No method of the value's own class runs (a ``str`` or ``int`` subclass may override any),
    and an integer too long to write out (Python refuses more than 4,300 digits) is described
    by its size.

    Example:
        >>> text_of(10**5000)
        '<an integer of about 5,001 digits>'
    """
    if issubclass(type(value), str):
        return str.__str__(cast("str", value))
    return _short_repr(value)


def _short_repr(value: object) -> str:
    kind = type(value)
    if kind is bool:
        return repr(value)
    if issubclass(kind, int):
        number = cast("int", value)
        bits = int.bit_length(number)
        if bits > _DIGITS_SHOWN:
            return f"<an integer of about {int(bits * 0.30103) + 1:,} digits>"
        return _shortened(int.__repr__(number))
    if issubclass(kind, str):
        return _shortened(str.__repr__(cast("str", value)))
    try:
        return _shortened(repr(value))
    except Exception:  # noqa: BLE001 - a repr that fails still leaves the type to say
        return _shortened(object.__repr__(value))


def described(value: object) -> str:
    """The type and the short repr of ``value``, for a message about a wrong type.

    Example:
        >>> described(3.5)
        'float 3.5'
    """
    return f"{type(value).__name__} {_short_repr(value)}"


def _checked_chars(value: str) -> str:
    if value.isprintable():
        return value
    bad = _NOT_XML_CHAR.search(value)
    if bad is not None:
        raise BadValue(
            f"contains the character U+{ord(bad.group()):04X}, which XML cannot carry",
        )
    return value


class Codec(Generic[T]):
    """The interface of every codec (see the module docstring)."""

    __slots__ = ()

    def describe(self) -> str:  # pragma: no cover - every codec overrides it
        """What the codec accepts, in words, for messages and the grammar reference."""
        raise NotImplementedError

    def load(self, raw: str) -> T:  # pragma: no cover - every codec overrides it
        """Read a trimmed string from a document."""
        raise NotImplementedError

    def check(self, value: object) -> T:  # pragma: no cover - every codec overrides it
        """Normalise and check a value given to a constructor."""
        raise NotImplementedError

    def dump(self, value: T) -> str:
        """Write the canonical string of ``value``."""
        return str(value)

    def finite(self) -> tuple[T, ...] | None:
        """Every value the codec accepts when there are only a few, else ``None``.

        The renderer writes such values from a table made once.
        """
        return None

    def alphabet(self) -> str | None:
        """The characters a written value is made of, when they are known, else ``None``."""
        return None

    def written_among(self, characters: str) -> str:
        """Those of ``characters`` a written value may hold; the renderer tests only those.

        Example:
            >>> Integer(minimum=0).written_among('&<>"')
            ''
        """
        alphabet = self.alphabet()
        if alphabet is None:
            return characters
        return "".join(character for character in characters if character in alphabet)

    def quick(self) -> QuickCheck | None:
        """The values ``check`` and ``load`` both keep as they are, declared, if any.

        Generated constructors and readers test these inline and call the codec only for
        other values (see ``_quick``).
        """
        return None


@attrs.frozen
class FreeText(Codec[str]):
    """Any text; only non-empty after trimming if ``required``."""

    def describe(self) -> str:
        """Describe the accepted values."""
        return "any text"

    def load(self, raw: str) -> str:
        """Read ``raw`` as it is."""
        return raw

    def check(self, value: object) -> str:
        """Trim ``value`` and refuse characters XML cannot carry."""
        return clean_text(value)

    def quick(self) -> Clean:
        """Text already trimmed, of printable characters."""
        return Clean()


@attrs.frozen
class Pattern(Codec[str]):
    """Text that must match a grammar (a phone, a caller id, a Dial destination)."""

    name: str
    """How the grammar is called in messages, for example ``"a phone number"``."""
    matches: Callable[[str], bool] = attrs.field(eq=False, repr=False)
    """Whether a trimmed string is in the grammar."""
    plain: re.Pattern[str] = attrs.field(eq=False, repr=False)
    """The common values, each trimmed, printable and in the grammar.

    One regular expression tests them, where others take three tests and ``matches``.
    """
    reason: Callable[[str], str | None] | None = attrs.field(default=None, eq=False, repr=False)
    """Why a value outside the grammar is refused, when there is more to say than its name."""
    key: str = attrs.field(kw_only=True)
    """The grammar's stable name (``"phone"``, ``"caller-id"``): the strategies and the schema
    export find their own form of the grammar under it."""

    def describe(self) -> str:
        """Describe the accepted values."""
        return self.name

    def load(self, raw: str) -> str:
        """Check ``raw`` against the grammar."""
        if not self.matches(raw):
            reason = None if self.reason is None else self.reason(raw)
            raise BadValue(reason or f"expected {self.name}")
        return raw

    def check(self, value: object) -> str:
        """Trim ``value`` and check it against the grammar."""
        return self.load(clean_text(value))

    def quick(self) -> FullMatch:
        """The common values of the grammar (``plain``)."""
        return FullMatch(self.plain)


@attrs.frozen
class Integer(Codec[int]):
    """A decimal integer in ``[minimum, 2147483647]``; digits only, no sign (spec §7.7)."""

    minimum: int
    maximum: int = INT_MAX
    _short: int = attrs.field(init=False, eq=False, repr=False)
    """Numbers written with at most this many digits are never above the maximum."""

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_short", len(str(self.maximum)) - 1)

    def describe(self) -> str:
        """Describe the accepted values."""
        return f"an integer from {self.minimum} to {self.maximum}"

    def load(self, raw: str) -> int:
        """Read decimal digits; leading zeros are accepted and dropped."""
        if raw.isdigit() and raw.isascii() and len(raw) <= self._short:
            value = int(raw)
            if value >= self.minimum:
                return value
        if not raw.isascii() or not raw.isdigit():
            raise BadValue(f"expected {self.describe()}, written with digits only")
        # Checking the length first keeps a 5,000-digit value cheap and out of int(), and
        # leading zeros are dropped before it: int() refuses more than 4,300 digits.
        digits = raw.lstrip("0")
        if len(digits) > len(str(self.maximum)):
            raise BadValue(f"expected {self.describe()}")
        return self._in_range(int(digits or "0"))

    def check(self, value: object) -> int:
        """Refuse ``bool`` and non-integers, then check the range."""
        if type(value) is int and self.minimum <= value <= self.maximum:
            return value
        kind = type(value)
        if kind is bool or not issubclass(kind, int):
            raise TypeError(f"expected an int, got {described(value)}")
        # An exact int: a subclass's comparisons, __int__ or __str__ never run again.
        return self._in_range(int.__int__(cast("int", value)))

    def _in_range(self, value: int) -> int:
        if not self.minimum <= value <= self.maximum:
            raise BadValue(f"expected {self.describe()}")
        return value

    def alphabet(self) -> str:
        """Decimal digits."""
        return "0123456789"

    def quick(self) -> IntRange:
        """An ``int`` in range."""
        return IntRange(self.minimum, self.maximum)


@attrs.frozen
class Boolean(Codec[bool]):
    """``true`` / ``false``, read in any case, written in lower case."""

    def describe(self) -> str:
        """Describe the accepted values."""
        return "true or false"

    def load(self, raw: str) -> bool:
        """Read ``true`` or ``false`` in any case."""
        lowered = _ascii_lower(raw)
        if lowered == "true":
            return True
        if lowered == "false":
            return False
        raise BadValue("expected true or false")

    def check(self, value: object) -> bool:
        """Accept only a real ``bool``."""
        # bool cannot be subclassed: identity is exact, and cannot be claimed by __class__.
        if value is not True and value is not False:
            raise TypeError(f"expected a bool, got {described(value)}")
        return value

    def dump(self, value: bool) -> str:
        """Write ``true`` or ``false``."""
        return "true" if value else "false"

    def finite(self) -> tuple[bool, ...]:
        """``False`` and ``True``."""
        return (False, True)

    def quick(self) -> Member:
        """``False`` and ``True``."""
        return Member((False, True))


@attrs.frozen
class Enumeration(Codec[str]):
    """Exactly one of the listed values, case-sensitive."""

    values: tuple[str, ...]

    def describe(self) -> str:
        """Describe the accepted values."""
        return "one of " + ", ".join(f'"{v}"' for v in sorted(self.values))

    def load(self, raw: str) -> str:
        """Accept a listed value, exactly as listed."""
        if raw not in self.values:
            raise BadValue(f"expected {self.describe()}")
        return raw

    def check(self, value: object) -> str:
        """Trim ``value`` and accept a listed value, exactly as listed."""
        if type(value) is str and value in self.values:
            return value
        return self.load(trim(_require_str(value)))

    def finite(self) -> tuple[str, ...]:
        """The listed values."""
        return self.values

    def quick(self) -> Member:
        """The listed values."""
        return Member(self.values)


@attrs.frozen
class Method(Codec[str]):
    """An HTTP method: ``GET`` or ``POST``; any case in documents, upper case in Python."""

    values: ClassVar[tuple[str, ...]] = ("GET", "POST")

    def describe(self) -> str:
        """Describe the accepted values."""
        return '"GET" or "POST"'

    def load(self, raw: str) -> str:
        """Read a method in any case and normalise it to upper case."""
        upper = _ascii_upper(raw)
        if upper not in self.values:
            raise BadValue('expected "GET" or "POST"')
        return upper

    def check(self, value: object) -> str:
        """Trim ``value`` and accept exactly ``"GET"`` or ``"POST"``."""
        if type(value) is str and value in self.values:
            return value
        text = trim(_require_str(value))
        if text not in self.values:
            upper = _ascii_upper(text)
            hint = f' (write "{upper}")' if upper in self.values else ""
            raise BadValue(f'expected "GET" or "POST"{hint}')
        return text

    def finite(self) -> tuple[str, ...]:
        """``GET`` and ``POST``."""
        return self.values

    def quick(self) -> Member:
        """``"GET"`` and ``"POST"``."""
        return Member(self.values)


_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
_HTTP_WITH_HOST = re.compile(r"https?://[^/?#]+", re.IGNORECASE)
_WHITESPACE_OR_CONTROL = re.compile("[\x00-\x20\x7f-\x9f]")
URL_UNREADABLE = '"<>\\^`{|}'
"""Characters the platform cannot read in a URL (spec §8.2.2): such a URL ends the call."""
_UNREADABLE = re.compile(f"[{re.escape(URL_UNREADABLE)}]")
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
# What the common-URL test leaves to the full checks: all the platform cannot read, "%", "#"
# (one is legal, two are not) and brackets.
_URL_SPECIAL = re.compile(f"[{re.escape(URL_UNREADABLE)}%#\\[\\]]")
_BRACKETED_HOST = re.compile(r"\[([^\]]*)\](?::[^\[\]]*)?")
# One pass that accepts the common URL, only ever a legal one: an http(s) URL with a host, or a
# reference without a scheme, none with whitespace, control characters, what XML refuses or
# what the platform cannot read, without "%", brackets or a second "#". Anything else takes the
# checks below, which say what is wrong. The host ends at the first "/", "?" or "#", so a long
# value that fails is refused in linear time.
_NOT_URL = "\x00-\x20\x7f-\x9f\ud800-\udfff\ufffe\uffff" + re.escape(URL_UNREADABLE + "%[]")
PLAIN_URL = re.compile(
    rf"(?i:https?)://[^/?#{_NOT_URL}]+(?:[/?][^#{_NOT_URL}]*)?(?:#[^#{_NOT_URL}]*)?"
    rf"|(?![A-Za-z][A-Za-z0-9+.-]*:)(?:[^#{_NOT_URL}]+(?:#[^#{_NOT_URL}]*)?|#[^#{_NOT_URL}]*)",
)


def has_scheme(url: str) -> bool:
    """Whether ``url`` starts with a scheme (``http:``), that is, is not a relative reference."""
    return _SCHEME.match(url) is not None


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


def _url_reason(raw: str) -> str | None:
    """Why the platform cannot read ``raw``, a URL of legal shape, or ``None`` (spec §8.2.2)."""
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
    wrong = "[ and ] may only enclose an IPv6 host"
    if not _HTTP_WITH_HOST.match(raw):
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


@attrs.frozen
class Url(Codec[str]):
    """An absolute ``http(s)://`` URL or a relative reference (spec §7.7).

    ``literals`` are words accepted in place of a URL (``dialMusic="disabled"``).
    """

    literals: tuple[str, ...] = ()

    def describe(self) -> str:
        """Describe the accepted values."""
        extra = "".join(f' or "{word}"' for word in self.literals)
        return f"an http(s) URL or a relative reference{extra}"

    def load(self, raw: str) -> str:
        """Check the URL lexically."""
        if PLAIN_URL.fullmatch(raw) is not None:
            return raw
        if raw in self.literals:
            return raw
        if not raw:
            raise BadValue(f"expected {self.describe()}, got an empty value")
        if _WHITESPACE_OR_CONTROL.search(raw):
            raise BadValue("a URL cannot contain whitespace or control characters")
        if _SCHEME.match(raw) and not _HTTP_WITH_HOST.match(raw):
            raise BadValue("an absolute URL must start with http:// or https:// and a host")
        reason = _url_reason(raw)
        if reason is not None:
            raise BadValue(f"{reason}; the platform cannot read the URL and ends the call")
        return raw

    def check(self, value: object) -> str:
        """Trim ``value``, refuse characters XML cannot carry, and check it lexically."""
        return self.load(clean_text(value))

    def written_among(self, characters: str) -> str:
        """A URL holds no whitespace, control character, ``"``, ``<`` or ``>`` (refused)."""
        return "".join(
            character
            for character in characters
            if not _WHITESPACE_OR_CONTROL.match(character) and character not in URL_UNREADABLE
        )

    def quick(self) -> Plain:
        """A common URL (see :func:`is_plain_url`)."""
        return Plain(is_plain_url)


@attrs.frozen
class OneKey(Codec[str]):
    """Gather ``finishOnKey``: one of ``0``-``9``, ``#``, ``*``, or the empty string."""

    def describe(self) -> str:
        """Describe the accepted values."""
        return "one of 0-9, #, * or the empty string"

    def load(self, raw: str) -> str:
        """Accept a single key or nothing."""
        if raw and (len(raw) != 1 or raw not in _KEYS):
            raise BadValue(f"expected {self.describe()}")
        return raw

    def check(self, value: object) -> str:
        """Accept a single key or nothing."""
        return self.load(trim(_require_str(value)))

    def quick(self) -> Member:
        """One key, or the empty string."""
        return Member(("", *_KEYS))

    def alphabet(self) -> str:
        """The keys of a phone's keypad."""
        return _KEYS


_KEYS = "0123456789#*"
# Keys, repeats allowed (spec §8.2.7): the set of keys that stop the recording.
_KEY_SET = re.compile(r"-1|[0-9#*]+")


@attrs.frozen
class KeySet(Codec[str]):
    """Record ``finishOnKey``: keys from ``0``-``9``, ``#``, ``*`` (repeats allowed), or ``-1``."""

    def describe(self) -> str:
        """Describe the accepted values."""
        return "one or more keys from 0-9, #, *, or -1"

    def load(self, raw: str) -> str:
        """Accept one or more keys, or ``-1``."""
        if raw == "-1" or _KEY_SET.fullmatch(raw) is not None:
            return raw
        raise BadValue(f"expected {self.describe()}")

    def check(self, value: object) -> str:
        """Accept one or more keys, or ``-1``."""
        return self.load(trim(_require_str(value)))

    def quick(self) -> FullMatch:
        """Keys, or ``-1``."""
        return FullMatch(_KEY_SET)

    def alphabet(self) -> str:
        """The keys of a phone's keypad, and ``-1``."""
        return _KEYS + "-"


_FEW = 6
_LIST_SEPARATOR = re.compile(r"[ \t\n\r]*,[ \t\n\r]*")
_INNER_WHITESPACE = re.compile(r"[ \t\n\r]+")


def _as_entries(value: object) -> tuple[str, ...]:
    kind = type(value)
    if issubclass(kind, (str, bytes)) or not issubclass(kind, (tuple, list)):
        raise TypeError(f"expected a tuple of str, got {described(value)}")
    items: tuple[object, ...] = tuple(cast("tuple[object, ...] | list[object]", value))
    return tuple(_require_str(item) for item in items)


@attrs.frozen
class TokenList(Codec[tuple[str, ...]]):
    """A list of distinct enumeration values (``statusCallbackEvent``, spec §6.3, §8.2.1).

    Read with commas between values, whitespace allowed around them (whitespace alone does not
    separate: the platform removes it before splitting); written joined by ``,``.
    """

    values: tuple[str, ...]
    _lists: dict[tuple[str, ...], tuple[str, ...]] = attrs.field(
        init=False,
        eq=False,
        repr=False,
    )
    """Every legal list, when there are only a few (at most six values): each to itself."""

    def __attrs_post_init__(self) -> None:
        lists: dict[tuple[str, ...], tuple[str, ...]] = {}
        if len(self.values) <= _FEW:
            for length in range(1, len(self.values) + 1):
                lists.update((entries, entries) for entries in permutations(self.values, length))
        object.__setattr__(self, "_lists", lists)

    def describe(self) -> str:
        """Describe the accepted values."""
        return "a comma-separated list of distinct values from " + ", ".join(
            f'"{v}"' for v in self.values
        )

    def load(self, raw: str) -> tuple[str, ...]:
        """Split on commas, then check every entry."""
        entries = tuple(_LIST_SEPARATOR.split(raw))
        return self._lists.get(entries) or self._checked(entries)

    def check(self, value: object) -> tuple[str, ...]:
        """Check a tuple of values."""
        known = self._known(value)
        if known is not None:
            return known
        return self._checked(tuple(trim(entry) for entry in _as_entries(value)))

    def _known(self, value: object) -> tuple[str, ...] | None:
        """The legal list equal to ``value``, made of ``str``, when there is one at hand."""
        if type(value) is not tuple:
            return None
        for entry in value:  # pyright: ignore[reportUnknownVariableType]
            if type(entry) is not str:  # pyright: ignore[reportUnknownArgumentType]
                return None  # not looked up: hashing and comparing it would run its code
        try:
            return self._lists.get(value)  # pyright: ignore[reportUnknownArgumentType]
        except TypeError:  # an entry that cannot be hashed: the long way says what
            return None

    def _checked(self, entries: tuple[str, ...]) -> tuple[str, ...]:
        if not entries or entries == ("",):
            raise BadValue("the list is empty")
        for entry in entries:
            if entry in self.values:
                continue
            if _INNER_WHITESPACE.search(entry):
                fixed = ",".join(_INNER_WHITESPACE.sub(",", trim(each)) for each in entries)
                raise BadValue(
                    "whitespace alone is not a separator: the platform removes spaces and splits"
                    f" on commas, so this reports no event; write {fixed}",
                )
            if not entry:
                raise BadValue("an empty entry is not one of " + ", ".join(self.values))
            raise BadValue(
                f'"{entry}" is not one of ' + ", ".join(self.values) + "; it is never reported",
            )
        if len(set(entries)) != len(entries):
            raise BadValue("the list repeats a value")
        return entries

    def dump(self, value: tuple[str, ...]) -> str:
        """Join the values with ``,``."""
        return ",".join(value)

    def alphabet(self) -> str:
        """The characters of the listed values, and the comma."""
        return "".join(sorted({",", *"".join(self.values)}))


@attrs.frozen
class PhraseList(Codec[tuple[str, ...]]):
    """Gather ``hints``: comma-separated phrases, each trimmed, bounded in count and length."""

    max_entries: int
    max_length: int

    def describe(self) -> str:
        """Describe the accepted values."""
        return (
            f"a comma-separated list of at most {self.max_entries} phrases"
            f" of at most {self.max_length} characters"
        )

    def load(self, raw: str) -> tuple[str, ...]:
        """Split on commas only: phrases contain spaces.

        The length limit counts each phrase as written, spaces around it included (spec
        §8.2.8): the platform counts it so. The values are the trimmed phrases.
        """
        written = raw.split(",")
        for number, entry in enumerate(written, start=1):
            if len(entry) > self.max_length and len(written) <= self.max_entries:
                raise BadValue(
                    f"phrase {number} is {len(entry)} characters long as written (spaces"
                    f" included); at most {self.max_length} are allowed, the platform hangs up"
                    " past them",
                )
        return self._checked(tuple(trim(entry) for entry in written))

    def check(self, value: object) -> tuple[str, ...]:
        """Check a tuple of phrases; a phrase cannot contain a comma."""
        entries = tuple(_checked_chars(trim(entry)) for entry in _as_entries(value))
        for entry in entries:
            if "," in entry:
                raise BadValue(f'the phrase "{entry}" contains a comma, which separates phrases')
        return self._checked(entries)

    def _checked(self, entries: tuple[str, ...]) -> tuple[str, ...]:
        if not entries:
            raise BadValue("the list is empty")
        if len(entries) > self.max_entries:
            raise BadValue(f"{len(entries)} phrases; at most {self.max_entries} are allowed")
        for number, entry in enumerate(entries, start=1):
            if not entry:
                raise BadValue(f"phrase {number} is empty")
            if len(entry) > self.max_length:
                raise BadValue(
                    f"phrase {number} is {len(entry)} characters long;"
                    f" at most {self.max_length} are allowed",
                )
        return entries

    def dump(self, value: tuple[str, ...]) -> str:
        """Join the phrases with ``,``."""
        return ",".join(value)


# SIP URI (spec §1.1, §7.7): sip:[user[:password]@]host[:port][;param[=value]]*[?headers]
SIP = re.compile(  # the shape; sip_uri_reason checks the rest
    r"[Ss][Ii][Pp][Ss]?:(?:[^:@;?\s]+(?::[^@;?\s]*)?@)?"
    r"(?P<host>\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+)"
    r"(?::(?P<port>[0-9]{1,5}))?"
    r"(?P<params>(?:;[^;?=\s]+(?:=[^;?\s]*)?)*)"
    r"(?:\?(?P<headers>[^=&\s]+=[^&\s]+(?:&[^=&\s]+=[^&\s]+)*))?",
)
_HOST_LABEL = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?")
SIP_SCHEME = "sip:"
"""The scheme SIP URIs are written with; ``sips:`` and any case are read too (spec §8.2.4)."""
SIP_SCHEMES = ("sip:", "sips:")
"""The schemes of a SIP URI, compared in any case."""
SIP_MAX_URI = 255
"""A SIP URI's part before ``?`` is shorter than this."""
SIP_MAX_HEADERS = 1024
"""A SIP URI's header part (after ``?``) is shorter than this."""


def _sip_host_reason(host: str) -> str | None:
    if host.startswith("["):
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
        if _ascii_lower(name) == "transport" and (
            not equals or _ascii_lower(value) not in ("udp", "tcp")
        ):
            return "the transport parameter must be udp or tcp"
    address, _, headers = text.partition("?")
    if len(address) >= SIP_MAX_URI:
        return f"the URI before '?' must be under {SIP_MAX_URI} characters"
    if len(headers) >= SIP_MAX_HEADERS:
        return f"the header part must be under {SIP_MAX_HEADERS} characters"
    return None


def is_sip_scheme(text: str) -> bool:
    """Whether ``text`` starts with ``sip:`` or ``sips:``, in any case."""
    return _ascii_lower(text[:5]).startswith(SIP_SCHEMES)


@attrs.frozen
class SipUri(Codec[str]):
    """A SIP URI (spec §1.1): ``sip:[user[:password]@]host[:port][;params][?headers]``."""

    def describe(self) -> str:
        """Describe the accepted values."""
        return "a SIP URI (sip:[user[:password]@]host[:port][;params][?headers])"

    def load(self, raw: str) -> str:
        """Check ``raw`` against the SIP URI grammar."""
        reason = sip_uri_reason(raw)
        if reason is not None:
            raise BadValue(reason)
        return raw

    def check(self, value: object) -> str:
        """Trim ``value`` and check it against the SIP URI grammar."""
        return self.load(clean_text(value))


PHONE = re.compile(r"\+?[().\- ]*[0-9][0-9().\- ]*")
r"""A phone number (spec §1.1); the exported schemas reuse the pattern.

Separators, then a digit, then digits and separators: the first digit has one place to be, so
a long value that fails is refused in linear time (with ``[0-9().\- ]*`` before the digit, a
20,000-character one took five seconds).
"""
PLAIN_PHONE = re.compile(r"\+?[().-]*[0-9](?:[0-9().\- ]*[0-9().-])?")
"""A phone number with nothing to trim (the ``plain`` values of the phone grammars).

Its first digit has one place to be and its last character is not a space, so it is tested
in linear time.
"""
DIALED_PHONE = re.compile(r"\+?[().\- *#]*[0-9][0-9().\- *#]*")
"""A phone number to dial (spec §8.2.5): a phone, ``*`` and ``#`` allowed (``*72``)."""
HEADER_SUFFIX = re.compile(r"[^=&]+=[^&]+(?:&[^=&]+=[^&]+)*")
"""The ``Name=value&...`` headers after the ``?`` of a phone or client destination: every
entry has a name, ``=`` and a value (spec §8.2.6)."""


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

    The platform sends only the part of such a value before the second ``=`` (spec §8.2.6).
    """
    _, question, headers = text.partition("?")
    if not question:
        return None
    for entry in headers.split("&"):
        if entry.count("=") > 1:
            return entry
    return None


def is_phone(text: str) -> bool:
    """Whether ``text`` is a phone number of the dialect (spec §1.1)."""
    return PHONE.fullmatch(text) is not None


CLIENT_PREFIX = "client:"
"""What a caller ID or Dial destination naming a client starts with."""


def _is_client(text: str) -> bool:
    """Whether ``text`` is ``client:`` followed by a non-empty name."""
    return text.startswith(CLIENT_PREFIX) and bool(trim(text[len(CLIENT_PREFIX) :]))


SIP_USER = re.compile(r"(?:[A-Za-z0-9\-_.!~*'()&=+$,;?/]|%[0-9A-Fa-f]{2})+")
"""A bare SIP user as a caller ID (spec §8.2.3), without its length limit."""
SIP_USER_MAX = 128
"""The most characters a bare SIP user caller ID has (``%XX`` counts three)."""


def is_caller_id(text: str) -> bool:
    """Whether ``text`` is a caller ID (spec §1.1, §8.2.3, §8.8).

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
_NUMBER_TARGET = re.compile(rf"{DIALED_PHONE.pattern}(?:\?{HEADER_SUFFIX.pattern})?")
# The name's first non-whitespace character has one place to be: linear on a failing value.
CLIENT_TARGET = re.compile(rf"[ \t\n\r]*[^? \t\n\r][^?]*(?:\?{HEADER_SUFFIX.pattern})?")
"""A client name, optionally followed by header entries (spec §8.8)."""


def is_number_target(text: str) -> bool:
    """Whether ``text`` is a phone number, optionally followed by ``?Name=value&...``."""
    return _NUMBER_TARGET.fullmatch(text) is not None


PLAIN_CLIENT = re.compile(r"[A-Za-z0-9_.@:+-]+")
"""A client name with nothing to trim and no headers (the ``plain`` values of client text)."""


def is_client_name(text: str) -> bool:
    """Whether ``text`` is a non-empty client name (``<Client name>`` with ``<Video>``)."""
    return bool(trim(text))


def is_client_target(text: str) -> bool:
    """Whether ``text`` is a client name, optionally followed by ``?Name=value&...`` (§8.8)."""
    return CLIENT_TARGET.fullmatch(text) is not None


def target_reason(text: str) -> str | None:
    """Why a destination outside its grammar is refused, when a clause says more."""
    return header_reason(text.partition("?")[2]) if "?" in text else None


DestinationKind = Literal["sip", "client", "number"]


def destination_kind(text: str) -> DestinationKind:
    """How the platform reads a plain Dial destination (spec §3.7, §6.10).

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
