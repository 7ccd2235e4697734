"""One form field's text: reading it into a typed value, and writing a typed value back.

The converters take the raw text of a field that is present, non-empty and not ``null``, and
return the typed value or raise ``ValueError`` with the reason; the writers are their
inverses. A model is a table of :class:`Row`, one per field, naming its converter.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Final, TypeVar

import attrs

from callmarkup.webhooks._values import Value

__all__ = [
    "ABSENT",
    "BARE_NAME",
    "FrozenMap",
    "Row",
    "decimal",
    "dump",
    "integer",
    "shorten",
    "show",
    "strict",
    "timestamp",
    "tolerant",
]


class FrozenMap(Mapping[str, str]):
    """A read-only, hashable, insertion-ordered mapping of text to text."""

    __slots__ = ("_data",)

    def __init__(self, items: Mapping[str, str] | None = None) -> None:
        self._data: dict[str, str] = dict(items or {})

    def __getitem__(self, key: str) -> str:
        return self._data[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._data)

    def __len__(self) -> int:
        return len(self._data)

    def __hash__(self) -> int:
        return hash(frozenset(self._data.items()))

    def __repr__(self) -> str:
        return repr(self._data)


# Converters: each takes the raw text of a field that is present, non-empty and not `null`,
# and returns the typed value or raises ValueError with the reason.

_SHOWN = 40


# A field name as the platform writes one alone, without '=' (``SpeechResult``, ``X-Foo``).
BARE_NAME: Final = re.compile(r"[A-Za-z0-9_.\-]+")


def show(raw: str) -> str:
    """Quote a value for a message, shortened so that a huge value cannot flood a log."""
    return repr(raw) if len(raw) <= _SHOWN else repr(raw[:_SHOWN]) + "..."


def shorten(name: str) -> str:
    """A field name for a message: as it is, or its first characters and ``...``."""
    return name if len(name) <= _SHOWN else name[:_SHOWN] + "..."


def _text(raw: str) -> str:
    return raw


# 18 digits is beyond any duration or counter; the cap also keeps int() away from huge inputs.
_INTEGER = re.compile(r"[0-9]{1,18}")
_DECIMAL = re.compile(r"[0-9]{1,18}(?:\.[0-9]{1,18})?")


def integer(raw: str) -> int:
    if _INTEGER.fullmatch(raw) is None:
        raise ValueError(f"expected a whole number (digits only), got {show(raw)}")
    return int(raw)


def decimal(raw: str) -> float:
    if _DECIMAL.fullmatch(raw) is None:
        raise ValueError(f"expected a number of seconds such as 12 or 4.25, got {show(raw)}")
    return float(raw)


_E = TypeVar("_E", bound=Value)


def tolerant(kind: type[_E]) -> Callable[[str], _E | str]:
    def load(raw: str) -> _E | str:
        try:
            return kind(raw)
        except ValueError:
            return raw

    return load


def strict(kind: type[_E]) -> Callable[[str], _E]:
    allowed = ", ".join(member.value for member in kind)

    def load(raw: str) -> _E:
        try:
            return kind(raw)
        except ValueError:
            raise ValueError(f"expected one of {allowed}, got {show(raw)}") from None

    return load


# The offset is part of both grammars: a time without one is refused rather than guessed.
_ISO_8601 = re.compile(
    r"(?P<year>[0-9]{4})-(?P<month>[0-9]{2})-(?P<day>[0-9]{2})"
    r"T(?P<hour>[0-9]{2}):(?P<minute>[0-9]{2}):(?P<second>[0-9]{2})"
    r"(?:[.,](?P<fraction>[0-9]{1,9}))?"
    r"(?:Z|(?P<sign>[+-])(?P<oh>[01][0-9]|2[0-3]):?(?P<om>[0-5][0-9]))"
)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_RFC_2822 = re.compile(
    r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun),[ \t]*)?"
    rf"(?P<day>[0-9]{{1,2}})[ \t]+(?P<month>{'|'.join(_MONTHS)})[ \t]+(?P<year>[0-9]{{4}})"
    r"[ \t]+(?P<hour>[0-9]{2}):(?P<minute>[0-9]{2})(?::(?P<second>[0-9]{2}))?"
    # Besides RFC 2822's zones, the zone id "UTC" that the platform prints for a numeric offset.
    r"[ \t]+(?:UTC|UT|GMT|(?P<sign>[+-])(?P<oh>[01][0-9]|2[0-3])(?P<om>[0-5][0-9]))"
)


def timestamp(raw: str) -> datetime:
    match = _ISO_8601.fullmatch(raw)
    if match is not None:
        month = int(match["month"])
        # Digits past the sixth are below datetime's resolution and are dropped.
        microsecond = int((match["fraction"] or "0").ljust(6, "0")[:6])
    else:
        match = _RFC_2822.fullmatch(raw)
        if match is None:
            raise ValueError(
                f"expected an ISO-8601 or RFC 2822 date and time with a UTC offset, got {show(raw)}"
            )
        month = _MONTHS.index(match["month"]) + 1
        microsecond = 0
    offset = timedelta()
    if match["sign"] is not None:
        offset = timedelta(hours=int(match["oh"]), minutes=int(match["om"]))
        if match["sign"] == "-":
            offset = -offset
    try:
        local = datetime(
            int(match["year"]),
            month,
            int(match["day"]),
            int(match["hour"]),
            int(match["minute"]),
            int(match["second"] or 0),
            microsecond,
            tzinfo=timezone(offset),
        )
        return local.astimezone(timezone.utc)
    except (ValueError, OverflowError) as error:
        raise ValueError(f"{show(raw)} is not a valid date and time ({error})") from None


# Writers, the inverses of the converters above, chosen by the type of the value.

# The fields the platform writes in RFC 2822; other timestamps are ISO-8601.
_RFC_2822_FIELDS = frozenset({"Timestamp"})
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


def dump(name: str, value: object) -> str:
    """The text of a field's typed value, as ``from_form`` reads it back."""
    if isinstance(value, str):  # text, and the enumerations, whose members are str
        return str(value)
    if isinstance(value, datetime):
        return _dump_timestamp(value, rfc_2822=name in _RFC_2822_FIELDS)
    if isinstance(value, bool):
        raise TypeError(f"expected text, a number or a datetime, got {value!r}")
    if isinstance(value, int):
        text = str(value)
        if _INTEGER.fullmatch(text) is None:
            raise ValueError(f"{value} is not a whole number of 1 to 18 digits")
        return text
    if isinstance(value, float):
        # repr() is the shortest text that reads back as the same float.
        text = repr(value)
        if "e" in text or "E" in text:
            text = format(Decimal(text), "f")
        if _DECIMAL.fullmatch(text) is None:
            raise ValueError(f"{value!r} is not a number of seconds the form can carry")
        return text
    raise TypeError(f"expected text, a number or a datetime, got {type(value).__name__}")


def _dump_timestamp(moment: datetime, *, rfc_2822: bool) -> str:
    if moment.utcoffset() is None:
        raise ValueError(f"{moment.isoformat()} has no UTC offset")
    utc = moment.astimezone(timezone.utc)
    date = f"{utc.year:04d}-{utc.month:02d}-{utc.day:02d}"
    time = f"{utc.hour:02d}:{utc.minute:02d}:{utc.second:02d}"
    if rfc_2822 and utc.microsecond == 0:
        day = _DAYS[utc.weekday()]
        month = _MONTHS[utc.month - 1]
        return f"{day}, {utc.day:02d} {month} {utc.year:04d} {time} +0000"
    if utc.microsecond % 1000 == 0:
        return f"{date}T{time}.{utc.microsecond // 1000:03d}Z"
    return f"{date}T{time}.{utc.microsecond:06d}Z"


@attrs.frozen
class Row:
    """One form field of a model: its wire name, its attribute, how to read it."""

    name: str
    attr: str
    load: Callable[[str], object] = _text
    required: bool = False
    unless: str | None = None
    """Another field whose value makes this required one optional (``SpeechResult``)."""


# The values that mean "no value" in any field, and how an error names them.
ABSENT = {"": "empty", "null": "null"}
