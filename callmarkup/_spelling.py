"""Spelling suggestions: the legal name a misspelt one most likely stands for.

The interpreter's messages about an unknown element or attribute end with "did you mean ...?"
when a legal name is one slip away. A document can misspell names a hundred thousand times, so
a suggestion costs a few dictionary probes per character, however many names there are.
"""

from __future__ import annotations

import functools

import attrs

__all__ = ["Spellings", "closest"]


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
