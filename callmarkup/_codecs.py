"""Value codecs: how one attribute value or one element text is read, checked and written.

A codec owns the whole life of a value of one type of the dialect:

* ``load(raw)`` reads a trimmed string from a document and returns the Python value;
* ``check(value)`` takes the Python value a constructor was given and returns it normalised
  (trimmed, a list made a tuple), raising :class:`TypeError` for a wrong Python type;
* ``dump(value)`` writes the canonical string.

``load`` and ``check`` raise :class:`BadValue` with the reason when the value is outside the
type, range or enumeration. Everything that decides whether a value is legal lives here, and
in ``_list_codecs`` for lists of values; the table in ``_schema`` says which codec each
attribute and text uses.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar, Generic, TypeVar, cast

if TYPE_CHECKING:
    from collections.abc import Callable

import attrs

from callmarkup._grammars import (
    HTTP_WITH_HOST,
    PLAIN_SIP,
    PLAIN_URL,
    SCHEME,
    URL_UNREADABLE,
    WHITESPACE_OR_CONTROL,
    XML_WHITESPACE,
    ascii_lower,
    ascii_upper,
    is_plain_url,
    sip_uri_reason,
    trim,
    url_reason,
)
from callmarkup._patterns import lazy
from callmarkup._quick import Clean, FullMatch, IntRange, Member, Plain, QuickCheck

__all__ = [
    "INT_MAX",
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
    "SipUri",
    "Url",
    "checked_chars",
    "clean_text",
    "described",
    "require_str",
    "text_of",
]

T = TypeVar("T")


# Characters outside the XML 1.0 ``Char`` production cannot be carried by any document. The
# class is written as what is outside (a negated class with astral ranges takes milliseconds to
# compile), and compiled at its first use.
_NOT_XML_CHAR = lazy("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")

INT_MAX = 2_147_483_647
"""The largest integer the dialect accepts anywhere."""


class BadValue(ValueError):  # noqa: N818 - internal signal, never escapes the package
    """A value outside its type, range or enumeration; the message says why."""


def clean_text(value: object) -> str:
    """Trim the text given to a constructor and refuse characters XML cannot carry."""
    if type(value) is str:
        text = value.strip(XML_WHITESPACE)
        # Printable text holds no character XML refuses: all of those are unprintable.
        if text.isprintable():
            return text
    return checked_chars(trim(require_str(value)))


def require_str(value: object) -> str:
    """``value`` as an exact ``str``: a subclass is copied, so none of its methods runs later.

    The type is tested with ``type()``: an object can claim any ``__class__``.

    Example:
        >>> require_str(3)
        Traceback (most recent call last):
        TypeError: expected a str, got int 3
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


def checked_chars(value: str) -> str:
    r"""``value``, refused with :class:`BadValue` if it holds a character XML cannot carry.

    Example:
        >>> checked_chars("bell \x07")
        Traceback (most recent call last):
        callmarkup._codecs.BadValue: contains the character U+0007, which XML cannot carry
    """
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
    """A decimal integer in ``[minimum, 2147483647]``; digits only, no sign."""

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
        lowered = ascii_lower(raw)
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
        return self.load(trim(require_str(value)))

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
        upper = ascii_upper(raw)
        if upper not in self.values:
            raise BadValue('expected "GET" or "POST"')
        return upper

    def check(self, value: object) -> str:
        """Trim ``value`` and accept exactly ``"GET"`` or ``"POST"``."""
        if type(value) is str and value in self.values:
            return value
        text = trim(require_str(value))
        if text not in self.values:
            upper = ascii_upper(text)
            hint = f' (write "{upper}")' if upper in self.values else ""
            raise BadValue(f'expected "GET" or "POST"{hint}')
        return text

    def finite(self) -> tuple[str, ...]:
        """``GET`` and ``POST``."""
        return self.values

    def quick(self) -> Member:
        """``"GET"`` and ``"POST"``."""
        return Member(self.values)


@attrs.frozen
class Url(Codec[str]):
    """An absolute ``http(s)://`` URL or a relative reference.

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
        if WHITESPACE_OR_CONTROL.search(raw):
            raise BadValue("a URL cannot contain whitespace or control characters")
        if SCHEME.match(raw) and not HTTP_WITH_HOST.match(raw):
            raise BadValue("an absolute URL must start with http:// or https:// and a host")
        reason = url_reason(raw)
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
            if not WHITESPACE_OR_CONTROL.match(character) and character not in URL_UNREADABLE
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
        return self.load(trim(require_str(value)))

    def quick(self) -> Member:
        """One key, or the empty string."""
        return Member(("", *_KEYS))

    def alphabet(self) -> str:
        """The keys of a phone's keypad."""
        return _KEYS


_KEYS = "0123456789#*"
# Keys, repeats allowed: the set of keys that stop the recording.
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
        return self.load(trim(require_str(value)))

    def quick(self) -> FullMatch:
        """Keys, or ``-1``."""
        return FullMatch(_KEY_SET)

    def alphabet(self) -> str:
        """The keys of a phone's keypad, and ``-1``."""
        return _KEYS + "-"


@attrs.frozen
class SipUri(Codec[str]):
    """A SIP URI: ``sip:[user[:password]@]host[:port][;params][?headers]``."""

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

    def quick(self) -> FullMatch:
        """A common SIP URI (see ``PLAIN_SIP``): the full grammar takes several passes."""
        return FullMatch(PLAIN_SIP)
