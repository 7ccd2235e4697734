"""The prolog of a document's text: every DOCTYPE, its entity declarations, and any stray one.

A DOCTYPE must never reach the XML parser: :func:`scan_prolog` finds each one before the root
element, as far as libxml2 would read the prolog and further, with the offsets of its
``<!ENTITY`` declarations, so that it is reported and blanked out (:meth:`Prolog.blanked`).
:func:`stray_doctype` is the last net under that scan: anything else that looks like a
DOCTYPE, outside comments and CDATA sections, keeps the document from the parser. Every scan
runs in linear time whatever the input, and a text without ``<!DOCTYPE`` in any case
(:func:`may_hold_doctype`) costs one search.
"""

from __future__ import annotations

import re

import attrs

from callmarkup._patterns import lazy

__all__ = ["NO_PROLOG", "Prolog", "may_hold_doctype", "scan_prolog", "stray_doctype"]

# Patterns are compiled at their first use (``lazy``), most only for a document that holds
# something like a DOCTYPE; the others at import.


@attrs.frozen
class Prolog:
    """What the prolog holds: the DOCTYPE spans and the offsets of their entity declarations."""

    doctypes: tuple[tuple[int, int], ...]
    """The start and end offsets of every DOCTYPE, in document order."""
    entity_declarations: tuple[int, ...]

    @property
    def doctype(self) -> tuple[int, int] | None:
        """The span of the first DOCTYPE, if there is one."""
        return self.doctypes[0] if self.doctypes else None

    def blanked(self, text: str) -> str:
        """``text`` with every DOCTYPE replaced by spaces, newlines kept."""
        if not self.doctypes:
            return text
        pieces: list[str] = []
        previous = 0
        for start, end in self.doctypes:
            pieces += (text[previous:start], _NOT_LINE_BREAK.sub(_spaces, text[start:end]))
            previous = end
        pieces.append(text[previous:])
        return "".join(pieces)


NO_PROLOG = Prolog((), ())
"""The prolog of a document without a DOCTYPE."""
# What may come between the pieces of a prolog, as libxml2 reads it or more: XML whitespace
# and byte order marks. One BOM is taken off with the encoding; libxml2 skips another.
# Runs of it and of whole PIs and comments, and runs of what holds no mark in a DOCTYPE or its
# subset, are each read by one match (see _run_end): a prolog of 100,000 pieces costs no
# 100,000 turns of a loop. Every piece ends at its first closer, as the parser ends it, and
# nothing follows the repetition, so a match never backtracks into a piece it has read: linear
# time. What stops a run (a DOCTYPE, a mark, a piece unterminated or longer than the window) is
# read by the loops below, on the whole text.
_PROLOG_RUN = re.compile(r"(?:[ \t\r\n\ufeff]+|<\?.*?\?>|<!--.*?-->)*", re.DOTALL)
_DOCTYPE_RUN = lazy(r"""(?:[^"'\[>]+|"[^"]*"|'[^']*')*""")
_SUBSET_RUN = lazy(r"""(?:[^"'\]<]+|"[^"]*"|'[^']*'|<!--.*?-->|<\?.*?\?>)*""", re.DOTALL)
_NOT_LINE_BREAK = lazy(r"[^\r\n]+")
_DOCTYPE_OPENER = re.compile(r"<!(?ai:doctype)")
"""What a DOCTYPE starts with. libxml2 knows only ``<!DOCTYPE``; other cases are refused too."""
# In a DOCTYPE: a quoted string, the internal subset, or the end.
_DOCTYPE_MARK = lazy(r"""["'\[>]""")
# In the internal subset: a quoted string, its end, a comment, a PI, an entity declaration.
_SUBSET_MARK = lazy(r"""["'\]]|<!--|<\?|<!ENTITY""")
_CLOSERS = {"<!--": "-->", "<?": "?>", '"': '"', "'": "'"}
# What the parser reads as a whole outside a DOCTYPE, and what looks like one; before the
# root, the start of a start tag as well.
_LEXED = lazy(r"<\?|<!--|<!\[CDATA\[|<!(?ai:doctype)")
_LEXED_BEFORE_ROOT = lazy(rf"{_LEXED.pattern}|<(?=[^!?/])")


def _spaces(run: re.Match[str]) -> str:
    return " " * (run.end() - run.start())


_RUN_WINDOW = 8192
"""The most characters one run match reads.

The regular expression engine keeps a record of every repetition of a group until the match
ends; the window bounds that memory to about a megabyte, whatever the document.
"""


def _run_end(run: re.Pattern[str], text: str, start: int) -> int:
    """The offset where the run of ``run`` from ``start`` stops, one window after another.

    A piece cut by the end of a window is read whole by the next one; a piece longer than the
    window, or unterminated, stops the run.
    """
    end = start
    while (match := run.match(text, end, end + _RUN_WINDOW)) is not None and match.end() > end:
        end = match.end()
    return end


def _past(text: str, closer: str, start: int) -> int:
    """The offset just past the first ``closer`` from ``start``, or the end of ``text``."""
    close = text.find(closer, start)
    return len(text) if close < 0 else close + len(closer)


def _subset_end(text: str, start: int, declarations: list[int]) -> int:
    """The offset just past the ``]`` that ends the internal subset opened before ``start``.

    A ``]`` or ``>`` inside a quoted string, a comment or a processing instruction ends
    nothing; fills in the offsets of the entity declarations on the way.
    """
    i = _run_end(_SUBSET_RUN, text, start)
    while (mark := _SUBSET_MARK.search(text, i)) is not None:
        piece = mark.group()
        if piece == "]":
            return mark.end()
        if piece == "<!ENTITY":
            declarations.append(mark.start())
            i = mark.end()
        else:
            i = _past(text, _CLOSERS[piece], mark.end())
        i = _run_end(_SUBSET_RUN, text, i)
    return len(text)


def _doctype_end(text: str, start: int, declarations: list[int]) -> int:
    """The offset just past the DOCTYPE at ``start``; fills in its entity declarations.

    Every search starts where the previous one ended: linear time, whatever the input. An
    unterminated DOCTYPE runs to the end of the text.
    """
    i = _run_end(_DOCTYPE_RUN, text, start + len("<!DOCTYPE"))
    while (mark := _DOCTYPE_MARK.search(text, i)) is not None:
        char = mark.group()
        if char == ">":
            return mark.end()
        if char == "[":
            i = _subset_end(text, mark.end(), declarations)
        else:
            i = _past(text, char, mark.end())
        i = _run_end(_DOCTYPE_RUN, text, i)
    return len(text)


def scan_prolog(text: str) -> Prolog:
    """Find every DOCTYPE before the root element, and their entity declarations.

    The prolog is read as far as libxml2 would read it, and further: any number of byte order
    marks, whitespace, comments, processing instructions and DOCTYPEs, in any order.

    Example:
        >>> scan_prolog("\ufeff<!-- c --><!DOCTYPE a><?p x?><!DOCTYPE b []><Response/>")
        Prolog(doctypes=((11, 23), (30, 45)), entity_declarations=())
    """
    if _DOCTYPE_OPENER.search(text) is None:
        # No DOCTYPE anywhere: the common document is done with one search (a regular
        # expression finds "<!" faster than str.find, which stops at every "<").
        return NO_PROLOG
    i = 0
    doctypes: list[tuple[int, int]] = []
    declarations: list[int] = []
    length = len(text)
    while i < length:
        i = _run_end(_PROLOG_RUN, text, i)
        if text.startswith("<?", i):
            i = _past(text, "?>", i + 2)
        elif text.startswith("<!--", i):
            i = _past(text, "-->", i + 4)
        elif _DOCTYPE_OPENER.match(text, i):
            end = _doctype_end(text, i, declarations)
            doctypes.append((i, end))
            i = end
        else:
            break
    if not doctypes:
        return NO_PROLOG
    return Prolog(tuple(doctypes), tuple(declarations))


@attrs.frozen
class StrayDoctype:
    """Something that looks like a DOCTYPE, found by :func:`stray_doctype`."""

    offset: int
    before_root: bool
    """Whether it comes before the first start tag: in the prolog, where a DOCTYPE may be."""


def may_hold_doctype(text: str) -> bool:
    """Whether ``text`` holds ``<!DOCTYPE``, in any case, anywhere: without, no scan finds one.

    Example:
        >>> may_hold_doctype("<Response/>"), may_hold_doctype("<Response/><!doctype a>")
        (False, True)
    """
    return _DOCTYPE_OPENER.search(text) is not None


def stray_doctype(text: str) -> StrayDoctype | None:
    """The first ``<!DOCTYPE``, in any case, outside comments and CDATA sections, if any.

    The last net under the prolog scan: whatever it missed, a document that still holds
    something that looks like a DOCTYPE never reaches the XML parser. The text is read from
    left to right as the parser reads it, so that a ``<!--`` inside a processing instruction
    opens no comment; a DOCTYPE inside a processing instruction still counts.

    Example:
        >>> stray_doctype("<Response/><!-- <!DOCTYPE a> -->") is None
        True
        >>> stray_doctype("<Response/><?p <!-- ?><!doctype a><!-- -->")
        StrayDoctype(offset=22, before_root=False)
    """
    if _DOCTYPE_OPENER.search(text) is None:
        return None
    i = 0
    lexed = _LEXED_BEFORE_ROOT
    while (mark := lexed.search(text, i)) is not None:
        piece = mark.group()
        if piece == "<?":
            end = _past(text, "?>", mark.end())
            inside = _DOCTYPE_OPENER.search(text, mark.end(), end)
            if inside is not None:
                return StrayDoctype(inside.start(), before_root=lexed is _LEXED_BEFORE_ROOT)
            i = end
        elif piece == "<!--":
            i = _past(text, "-->", mark.end())
        elif piece == "<![CDATA[":
            i = _past(text, "]]>", mark.end())
        elif piece == "<":
            # The first start tag: from here on, only what hides or looks like a DOCTYPE.
            lexed = _LEXED
            i = mark.end()
        else:
            return StrayDoctype(mark.start(), before_root=lexed is _LEXED_BEFORE_ROOT)
    return None
