"""The declarative quick checks a codec may offer: which values it keeps exactly as given.

A codec's :meth:`~callmarkup._codecs.Codec.quick` returns one of these kinds, or ``None``. Each
describes values that both ``check`` (a constructor's argument) and ``load`` (a document's
trimmed string) return unchanged, so that generated code can test them inline and call the
codec only for the rest. The generator in ``_plan`` turns each kind into code; codecs never
write code themselves. A new kind is a class here and a case in ``_plan``, which refuses at
import a kind it does not know.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    import re
    from collections.abc import Callable

__all__ = ["Clean", "FullMatch", "IntRange", "Member", "Plain", "QuickCheck"]


@attrs.frozen
class Member:
    """One of ``values``, all of one Python type, each kept as it is (written by ``dump``).

    The values may be tuples of ``str`` (a list of tokens): then a value's entries must be
    exact ``str`` too.
    """

    values: tuple[Any, ...]


@attrs.frozen
class IntRange:
    """An ``int`` (not a ``bool``) from ``minimum`` to ``maximum``; written with digits only."""

    minimum: int
    maximum: int


@attrs.frozen
class FullMatch:
    """A ``str`` that ``pattern`` matches whole; it matches only values kept as they are."""

    pattern: re.Pattern[str] = attrs.field(eq=False)


@attrs.frozen
class Clean:
    """A ``str`` already trimmed of XML whitespace, made of printable characters."""


@attrs.frozen
class Plain:
    """A ``str`` for which ``predicate`` is true; it is true only of values kept as they are."""

    predicate: Callable[[str], bool] = attrs.field(eq=False)


QuickCheck = Member | IntRange | FullMatch | Clean | Plain
"""Every kind of quick check."""
