"""Regular expressions compiled when first used, not when their module is imported.

Compiling a regular expression takes from a few microseconds to several milliseconds (a class
of astral characters, such as the characters of an XML name, is the costly kind), and most of
the library's are needed only by some documents, some values or some errors. :func:`lazy` is
written where ``re.compile`` would be: it gives what stands for the compiled pattern. Its
``pattern`` (the source) is there from the start; the first use of anything else compiles it,
and from then on its methods are the compiled pattern's own, bound once, so that a call costs
what a call of the compiled pattern does. Two threads using it first at once both compile it,
to the same pattern: nothing is shared half-made.
"""

from __future__ import annotations

import re
from typing import Any, AnyStr, cast

__all__ = ["lazy"]

# What a compiled pattern offers, copied onto the stand-in when it is compiled.
_ATTRIBUTES = (
    *("search", "match", "fullmatch", "split", "findall", "finditer", "sub", "subn"),
    *("flags", "groups", "groupindex"),
)


class _Lazy:
    """A regular expression, compiled at the first use of anything but its source."""

    def __init__(self, pattern: str | bytes, flags: int) -> None:
        self.pattern = pattern
        self._flags = flags

    def _compile(self) -> re.Pattern[Any]:
        compiled = re.compile(self.pattern, self._flags)
        self.__dict__.update({name: getattr(compiled, name) for name in _ATTRIBUTES})
        self.__dict__["_pattern"] = compiled
        # A class without __getattr__ from now on: the interpreter reads the attributes of a
        # plain instance as fast as a compiled pattern's own.
        object.__setattr__(self, "__class__", _Compiled)
        return compiled

    def __getattr__(self, name: str) -> Any:
        # Called only for what the instance does not hold yet, that is, before the first use.
        if name.startswith("__") or name in ("pattern", "_flags"):
            raise AttributeError(name)
        return getattr(self._compile(), name)

    def __repr__(self) -> str:
        return repr(self._compile())


class _Compiled:
    """A stand-in once compiled: it holds the compiled pattern's attributes as its own."""

    _pattern: re.Pattern[Any]

    def __repr__(self) -> str:
        return repr(self._pattern)


def lazy(pattern: AnyStr, flags: int = 0) -> re.Pattern[AnyStr]:
    r"""What stands for ``re.compile(pattern, flags)``, compiled when first used.

    Example:
        >>> digits = lazy(r"[0-9]+")
        >>> digits.pattern
        '[0-9]+'
        >>> digits.fullmatch("2024") is not None, digits.fullmatch("20x") is not None
        (True, False)
    """
    return cast("re.Pattern[AnyStr]", _Lazy(pattern, flags))
