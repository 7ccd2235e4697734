"""Malformations the platform repairs: a bare ``&`` and whitespace before ``<?xml``.

The platform trims a document and escapes every bare ``&`` before it parses it. Both stay
``malformed`` (every XML tool refuses them), but they need not hide the rest of the document:
:func:`repair` finds them, each with its own violation at its place, and writes the document
as the platform reads it. The caller judges that text, and :meth:`Repair.place` moves the
positions of what it finds back to the input the user wrote.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from typing import TYPE_CHECKING

import attrs

from callmarkup._prolog import scan_prolog
from callmarkup._source import bare_ampersands
from callmarkup.exceptions import Code, Violation

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "BARE_AMPERSAND",
    "BEFORE_DECLARATION",
    "Repair",
    "before_declaration",
    "repair",
    "repaired_text",
]

BARE_AMPERSAND = "a bare '&' is not well-formed XML; write &amp;"
"""The message of each bare ``&``."""
BEFORE_DECLARATION = (
    "remove what comes before <?xml …?>; the platform trims it, XML tools refuse it"
)
"""The message of anything written before the XML declaration."""

_DECLARATION = re.compile(r"<\?xml[ \t\r\n]")
# An element's start or end tag: what comes before a late declaration has none.
_TAG = re.compile(r"<[^!?]")
_XML_WHITESPACE = re.compile(r"[ \t\r\n]+")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def _line_starts(text: str) -> list[int]:
    return [0] + [match.end() for match in _LINE_BREAK.finditer(text)]


@attrs.frozen
class Repair:
    """A document as the platform reads it, and the faults repaired on the way."""

    text: str
    """The repaired document."""
    faults: tuple[Violation, ...]
    """One ``malformed`` violation per repaired fault, placed in the input."""
    source: list[int] = attrs.field(eq=False, repr=False)
    """Where each line of the input starts, to place positions in it."""
    removed: int
    """How many characters were removed from the start."""
    inserted: tuple[int, ...]
    """The offsets, in the input, of the ``&`` after which ``amp;`` was inserted."""
    _lines: list[int] = attrs.field(init=False, eq=False, repr=False)
    """Where each line of the repaired text starts."""
    _shifted: list[int] = attrs.field(init=False, eq=False, repr=False)
    """Where each repaired ``&`` is, counted in the input with the insertions before it."""

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "_lines", _line_starts(self.text))
        shifted = [position + 4 * index for index, position in enumerate(self.inserted)]
        object.__setattr__(self, "_shifted", shifted)

    def place(self, violation: Violation) -> Violation:
        """``violation``, found in the repaired text, with its position in the input."""
        if violation.line is None or violation.column is None:
            return violation
        offset = self._lines[violation.line - 1] + violation.column - 1
        if not self.removed and (not self._shifted or offset <= self._shifted[0]):
            return violation  # before any change: the same place
        line, column = _position(self.source, self._original(offset))
        code, message, path, severity = (
            violation.code,
            violation.message,
            violation.path,
            violation.severity,
        )
        return Violation(code, message, path, line, column, severity)

    def _original(self, offset: int) -> int:
        """The offset in the input of ``offset`` in the repaired text."""
        # Each insertion before the offset moved it 4 characters to the right.
        original = offset + self.removed
        return original - 4 * bisect_right(self._shifted, original - 1)


def _position(line_starts: list[int], offset: int) -> tuple[int, int]:
    line = bisect_right(line_starts, offset)
    return line, offset - line_starts[line - 1] + 1


def before_declaration(text: str) -> tuple[str, bool] | None:
    """What comes before a late XML declaration, and whether it is only whitespace."""
    match = _DECLARATION.search(text)
    if match is None or match.start() == 0:
        return None
    prefix = text[: match.start()]
    if _TAG.search(prefix):
        return None  # a declaration after the root is another fault
    return prefix, _XML_WHITESPACE.fullmatch(prefix) is not None


def repaired_text(text: str) -> str | None:
    """``text`` as the platform repairs it, or ``None`` when there is nothing to repair.

    Example:
        >>> repaired_text(' <?xml version="1.0"?><Response><Say>A & B</Say></Response>')
        '<?xml version="1.0"?><Response><Say>A &amp; B</Say></Response>'
        >>> print(repaired_text("<Response/>"))
        None
    """
    fixed = repair(text, bare_ampersands(scan_prolog(text).blanked(text)))
    return None if fixed is None else fixed.text


def repair(text: str, bare: Sequence[int]) -> Repair | None:
    """The document ``text`` as the platform repairs it, or ``None`` when there is nothing to do.

    Args:
        text: The document as decoded.
        bare: The offsets of its bare ``&`` characters.

    Returns:
        The repair, when ``text`` has whitespace before its declaration or a bare ``&`` (and
        nothing else before its declaration); ``None`` otherwise.
    """
    source = _line_starts(text)
    faults: list[Violation] = []
    removed = 0
    late = before_declaration(text)
    if late is not None:
        prefix, whitespace = late
        if not whitespace:
            return None
        removed = len(prefix)
        faults.append(Violation(Code.MALFORMED, BEFORE_DECLARATION, "/", 1, 1))
    if not faults and not bare:
        return None
    pieces: list[str] = []
    previous = removed
    for offset in bare:
        line, column = _position(source, offset)
        faults.append(Violation(Code.MALFORMED, BARE_AMPERSAND, "/", line, column))
        pieces += (text[previous : offset + 1], "amp;")
        previous = offset + 1
    pieces.append(text[previous:])
    return Repair("".join(pieces), tuple(faults), source, removed, tuple(bare))
