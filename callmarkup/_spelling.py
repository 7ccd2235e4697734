"""The name meant: what a name the dialect does not know most likely stands for.

The interpreter's messages about an unknown element or attribute end with "did you mean ...?"
when a legal name is one slip away. A document can misspell names a hundred thousand times, so
a suggestion costs a few dictionary probes per character, however many names there are. The
message about an unknown element is worded here from what the dialect says of its names (the
element names, the children each allows, the elements of other platforms), derived once per
dialect; ``_rules`` makes it a finding.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

import attrs

from callmarkup._schema import ELEMENTS, FOREIGN, FOREIGN_HINTS, ROOT

if TYPE_CHECKING:
    from collections.abc import Mapping

    from callmarkup._rows import Dialect, ElementRule

__all__ = ["closest", "local_name", "tag_list", "unknown_element_message"]


# Made once per set of names and never compared or shown: attrs writes neither equality
# nor a repr for it (at import, where every generated method costs a compilation).
@attrs.frozen(eq=False, repr=False)
class Spellings:
    """Every name one slip away from a legal name, for "did you mean" in constant time.

    A slip is a change of case, two letters swapped (any anagram, in fact), one letter missing,
    one letter too many, or one letter wrong. Looking a name up costs a few dictionary probes
    per character, however many names are misspelt in a document.
    """

    exact: dict[str, str]
    """Each legal name, lower-cased."""
    anagrams: dict[str, str]
    """Each legal name's letters, lower-cased and sorted."""
    shortened: dict[str, str]
    """Each legal name, lower-cased, with one letter left out."""
    one_off: dict[str, str]
    """``exact`` and then ``shortened``: what a name with one letter left out may stand for."""
    lengths: frozenset[int]
    """The lengths of the legal names: a slip changes a length by one at most."""

    @classmethod
    @functools.cache
    def of(cls, names: frozenset[str]) -> Spellings:
        """The spellings of ``names``, made once per set of names."""
        exact: dict[str, str] = {}
        anagrams: dict[str, str] = {}
        shortened: dict[str, str] = {}
        for name in sorted(names):
            lower = name.lower()
            exact.setdefault(lower, name)
            anagrams.setdefault("".join(sorted(lower)), name)
            for index in range(len(lower)):
                shortened.setdefault(lower[:index] + lower[index + 1 :], name)
        one_off = {**shortened, **exact}
        return cls(exact, anagrams, shortened, one_off, frozenset(map(len, names)))

    def closest(self, name: str) -> str | None:
        """The legal name ``name`` most likely stands for, if any."""
        lower = name.lower()
        guess = self.exact.get(lower)
        if guess is not None:
            return guess
        length = len(lower)
        lengths = self.lengths
        if length in lengths:
            guess = self.anagrams.get("".join(sorted(lower)))
            if guess is not None:
                return guess
        if length + 1 in lengths:
            guess = self.shortened.get(lower)
            if guess is not None:
                return guess
        if length in lengths or length - 1 in lengths:
            # One letter too many, or one letter wrong: without one of its letters, the name
            # is a legal name, or a legal name without one of its letters.
            one_off = self.one_off
            for index in range(length):
                guess = one_off.get(lower[:index] + lower[index + 1 :])
                if guess is not None:
                    return guess
        return None


def closest(name: str, candidates: frozenset[str]) -> str | None:
    """The name of ``candidates`` that ``name`` most likely stands for, if any.

    Example:
        >>> closest("Dail", frozenset({"Dial", "Say"}))
        'Dial'
        >>> closest("Conference", frozenset({"Dial", "Say"})) is None
        True
    """
    return Spellings.of(candidates).closest(name)


@functools.cache
def tag_list(tags: frozenset[str]) -> str:
    """The element names ``tags`` as a message lists them, in order.

    Example:
        >>> tag_list(frozenset({"Say", "Play"}))
        '<Play>, <Say>'
    """
    return ", ".join(f"<{tag}>" for tag in sorted(tags))


def local_name(tag: str) -> str:
    """``tag`` without its namespace, as lxml writes it (``{uri}name``).

    Example:
        >>> local_name("{urn:x}Say")
        'Say'
    """
    return tag.rpartition("}")[2]


@attrs.frozen(eq=False)
class _Names:
    """What the messages about unknown elements say of one dialect, derived once."""

    table: Mapping[str, ElementRule]
    root: str
    foreign: Mapping[str, str]
    foreign_hints: Mapping[str, str]
    tags: Spellings
    """The spellings of every element name."""
    children: Mapping[str, Spellings]
    """The spellings of the children each element allows, by its tag."""
    allowed: Mapping[str, str]
    """How an unknown element's message ends, by the tag of its parent."""

    @classmethod
    def of(
        cls,
        table: Mapping[str, ElementRule],
        root: str,
        foreign: Mapping[str, str],
        foreign_hints: Mapping[str, str],
    ) -> _Names:
        return cls(
            table,
            root,
            foreign,
            foreign_hints,
            Spellings.of(frozenset(table)),
            {tag: Spellings.of(rule.children) for tag, rule in table.items()},
            {
                tag: f"allowed in <{tag}>: {tag_list(rule.children)}"
                if rule.children
                else f"<{tag}> has no child elements"
                for tag, rule in table.items()
            },
        )


_PACKAGE_NAMES = _Names.of(ELEMENTS, ROOT, FOREIGN, FOREIGN_HINTS)


@functools.cache
def _names_of(dialect: Dialect) -> _Names:
    package = (ELEMENTS, ROOT, FOREIGN, FOREIGN_HINTS)
    if (dialect.table, dialect.root, dialect.foreign, dialect.foreign_hints) == package:
        return _PACKAGE_NAMES
    return _Names.of(dialect.table, dialect.root, dialect.foreign, dialect.foreign_hints)


def _names(dialect: Dialect | None) -> _Names:
    return _PACKAGE_NAMES if dialect is None else _names_of(dialect)


_SKIPPED = "the platform skips it; verbs inside it still run"
"""What the platform does with an element it does not know."""


def unknown_element_message(tag: str, parent_tag: str, *, dialect: Dialect | None = None) -> str:
    """The message for an element ``tag`` the dialect does not know, inside ``parent_tag``.

    Example:
        >>> message = unknown_element_message("Sya", "Response")
        >>> message.partition("; did you mean ")[2].partition(" (")[0]
        '<Say>?'
        >>> message.startswith("<Sya> is not an element of the dialect")
        True
    """
    names = _names(dialect)
    local = local_name(tag)
    allowed = names.allowed[parent_tag]
    kind = names.foreign.get(tag)
    if kind is not None:
        hints = names.foreign_hints
        hint = f"; {hints[tag]}" if tag in hints else ""
        return (
            f"<{tag}> is a {kind} of other TwiML-family platforms; api19's Call API does not"
            f" have it{hint}; {_SKIPPED} ({allowed})"
        )
    if tag.startswith("{") and local in names.table:
        hint = f"; elements of the dialect have no namespace: write <{local}>"
    else:
        guess = names.tags.exact.get(local.lower()) or names.children[parent_tag].closest(local)
        hint = f"; did you mean <{guess}>?" if guess else ""
    return f"<{tag}> is not an element of the dialect; {_SKIPPED}{hint} ({allowed})"
