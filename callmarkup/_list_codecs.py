"""Codecs of comma-separated lists: the events to report, and the phrases to listen for.

A list is split on its commas, each entry trimmed and checked, and written joined by ``,``.
The interface they implement, and the checks of single values they rest on, are in
``_codecs``.
"""

from __future__ import annotations

import re
from itertools import permutations
from typing import cast

import attrs

from callmarkup._codecs import BadValue, Codec, checked_chars, described, require_str
from callmarkup._grammars import trim
from callmarkup._quick import Member

__all__ = ["PhraseList", "TokenList"]


_FEW = 6
_LIST_SEPARATOR = re.compile(r"[ \t\n\r]*,[ \t\n\r]*")
_INNER_WHITESPACE = re.compile(r"[ \t\n\r]+")


def _as_entries(value: object) -> tuple[str, ...]:
    kind = type(value)
    if issubclass(kind, (str, bytes)) or not issubclass(kind, (tuple, list)):
        raise TypeError(f"expected a tuple of str, got {described(value)}")
    items: tuple[object, ...] = tuple(cast("tuple[object, ...] | list[object]", value))
    return tuple(require_str(item) for item in items)


@attrs.frozen
class TokenList(Codec[tuple[str, ...]]):
    """A list of distinct enumeration values (``statusCallbackEvent``).

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

    def quick(self) -> Member | None:
        """Every legal list, when there are only a few: read from its canonical text."""
        return Member(tuple(self._lists)) if self._lists else None

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

        The length limit counts each phrase as written, spaces around it included: the
        platform counts it so. The values are the trimmed phrases.
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
        entries = tuple(checked_chars(trim(entry)) for entry in _as_entries(value))
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
