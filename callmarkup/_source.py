"""The source map of a document's text: start tags, entity references and source positions.

lxml builds the tree but cannot be trusted with all of the text: references to undeclared
entities must be reported as ``entity-forbidden`` rather than as malformed XML, and elements
have no column in lxml. This module reads the text itself (decoded by ``_decode``, its
DOCTYPEs found and blanked by ``_prolog``), in linear time whatever the input:

* :class:`SourceMap` finds every start tag, attribute and entity reference with its offset,
  and turns offsets into lines and columns;
* :func:`comments` finds the comments and processing instructions, which the nodes do not keep.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from itertools import islice
from typing import TYPE_CHECKING

import attrs

from callmarkup._patterns import lazy

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

__all__ = [
    "PREDEFINED_ENTITIES",
    "SourceMap",
    "bare_ampersands",
    "comments",
    "has_suspect_ampersand",
    "place_start_tags",
]

# Patterns are compiled at their first use (``lazy``), most only for some documents (a
# reference, a finding to place); those every document is read with are compiled
# at import.


# An XML name (XML 1.0, fifth edition, as libxml2 reads it): astral characters included.
_NAME_START = (
    ":A-Z_a-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff"
    "\u200c\u200d\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd"
    "\U00010000-\U000effff"
)
_NAME = rf"[{_NAME_START}][{_NAME_START}\-.0-9\u00b7\u0300-\u036f\u203f\u2040]*"
PREDEFINED_ENTITIES = frozenset(("amp", "lt", "gt", "quot", "apos"))
"""The entities XML predefines; a reference to any other needs a DOCTYPE."""
_AMPERSAND = lazy(rf"&(?:(#[0-9]+|#x[0-9A-Fa-f]+|{_NAME});)?")
_SUSPECT_AMPERSAND = re.compile(r"&(?!(?:amp|lt|gt|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);)")
# Names end at XML whitespace only: \s would also end them at U+1680, a name character.
_START_TAG = lazy(
    r"<([^ \t\r\n/>!?]+)"
    r"((?:[ \t\r\n]+[^ \t\r\n=/>]+[ \t\r\n]*=[ \t\r\n]*(?:\"[^\"]*\"|'[^']*'))*)"
    r"[ \t\r\n]*(/?)>",
)
_ATTRIBUTE = lazy(r"[ \t\r\n]+([^ \t\r\n=/>]+)[ \t\r\n]*=[ \t\r\n]*(\"[^\"]*\"|'[^']*')")
_LINE_BREAK = lazy(r"\r\n|\r|\n")


def has_suspect_ampersand(text: str) -> bool:
    """Whether ``text`` has an ``&`` that is not a predefined entity or character reference."""
    return _SUSPECT_AMPERSAND.search(text) is not None


class StartTag:
    """Where the attributes of one start tag are, read when a finding needs them."""

    __slots__ = ("_by_local", "attributes")

    def __init__(self, attributes: dict[str, int]) -> None:
        self.attributes = attributes
        """Attribute name, as written (prefix included), to the offset of the name."""
        self._by_local: dict[str, int] | None = None

    @classmethod
    def read(cls, text: str, offset: int) -> StartTag:
        """The start tag at ``offset`` of ``text``."""
        attributes: dict[str, int] = {}
        match = _START_TAG.match(text, offset)
        if match is not None:
            for attribute in _ATTRIBUTE.finditer(text, match.start(2), match.end(2)):
                attributes.setdefault(attribute.group(1), attribute.start(1))
        return cls(attributes)

    def prefixed(self, local: str) -> int | None:
        """The offset of the first attribute written ``prefix:local``, if there is one."""
        if self._by_local is None:
            # Built once per tag: a tag with many namespaced attributes is looked up many times.
            self._by_local = {}
            for written, offset in self.attributes.items():
                _, colon, name = written.rpartition(":")
                if colon:
                    self._by_local.setdefault(name, offset)
        return self._by_local.get(local)


# Markup of a well-formed document, each piece whole; only a start tag captures its "<".
_MARKUP = lazy(r"<!--.*?-->|<!\[CDATA\[.*?]]>|<\?.*?\?>|</|(<)", re.DOTALL)
_START = lazy(r"<(?![/!?])")
"""A start tag's ``<``, in a document without comments, CDATA or processing instructions."""


def _opens(match: re.Match[str]) -> bool:
    """Whether a match of ``_MARKUP`` is a start tag's ``<``."""
    return match.lastindex is not None


def _start_tag_offsets(text: str) -> list[int]:
    """The offset of every start tag of a well-formed document, in document order."""
    return [match.start() for match in _MARKUP.finditer(text) if match.lastindex]


class _Reader:
    """One linear pass over a document text with references: start tags, entities, bare ``&``.

    It reads the text as written, well-formed or not, and stops at a start tag it cannot read:
    the XML parser reports the document then.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.tag_offsets: list[int] = []
        self.attribute_entities: dict[int, dict[str, tuple[str, ...]]] = {}
        self.content_entities: dict[int, dict[str, None]] = {}
        self.start_tags: dict[int, StartTag] = {}
        self.open_tags: list[int] = []
        self.fills: list[int] = []
        """Start and end offsets of the references to mask, one after the other."""
        self.bare: list[int] = []

    def entities(self, start: int, end: int) -> list[str]:
        """Entity names referenced in ``text[start:end]``; bare ``&`` noted on the way."""
        text = self.text
        found: list[str] = []
        position = text.find("&", start, end)
        while position >= 0:
            match = _AMPERSAND.match(text, position, end)
            name = match.group(1) if match else None
            if match is None or name is None:
                self.bare.append(position)
            elif not name.startswith("#") and name not in PREDEFINED_ENTITIES:
                found.append(name)
                self.fills += (position, match.end())
            position = text.find("&", position + 1, end)
        return found

    def content(self, start: int, end: int) -> None:
        """Character data between two pieces of markup."""
        if self.text.find("&", start, end) < 0:
            return
        entities = self.entities(start, end)
        if entities and self.open_tags:
            # Names once each: an element's content may reference one entity between a
            # hundred thousand children, and one report per name is enough.
            found = self.content_entities.setdefault(self.open_tags[-1], {})
            found.update(dict.fromkeys(entities))

    def start_tag(self, lt: int) -> int:
        """Read the start tag at ``lt``; the offset after it, or -1 if it cannot be read."""
        text = self.text
        match = _START_TAG.match(text, lt)
        if match is None:
            return -1
        ordinal = len(self.tag_offsets)
        self.tag_offsets.append(lt)
        if text.find("&", match.start(2), match.end(2)) >= 0:
            entities_of: dict[str, tuple[str, ...]] = {}
            offsets: dict[str, int] = {}
            for attribute in _ATTRIBUTE.finditer(text, match.start(2), match.end(2)):
                name = attribute.group(1)
                offsets.setdefault(name, attribute.start(1))
                entities = self.entities(attribute.start(2), attribute.end(2))
                if entities:
                    entities_of.setdefault(name, tuple(entities))
            # Read once: the findings of these attributes will ask where they are.
            self.start_tags[ordinal] = StartTag(offsets)
            if entities_of:
                self.attribute_entities[ordinal] = entities_of
        if not match.group(3):
            self.open_tags.append(ordinal)
        return match.end()

    def skip(self, lt: int) -> int:
        """Skip the comment, CDATA section, PI, end tag or declaration at ``lt``."""
        text = self.text
        if text.startswith("<!--", lt):
            closer = "-->"
        elif text.startswith("<![CDATA[", lt):
            closer = "]]>"
        elif text.startswith("<?", lt):
            closer = "?>"
        else:
            closer = ">"
            if text.startswith("</", lt) and self.open_tags:
                self.open_tags.pop()
        close = text.find(closer, lt + 2)
        return len(text) if close < 0 else close + len(closer)

    def read(self) -> None:
        """Walk the whole text once."""
        text = self.text
        length = len(text)
        i = 0
        while i < length:
            lt = text.find("<", i)
            if lt < 0:
                self.content(i, length)
                return
            self.content(i, lt)
            i = self.skip(lt) if text[lt + 1 : lt + 2] in "!?/" else self.start_tag(lt)
            if i < 0:
                return

    def filled(self) -> str:
        """The text with every reference to a non-predefined entity masked."""
        if not self.fills:
            return self.text
        pieces: list[str] = []
        previous = 0
        for start, end in zip(self.fills[::2], self.fills[1::2], strict=True):
            pieces += (self.text[previous:start], "x" * (end - start))
            previous = end
        pieces.append(self.text[previous:])
        return "".join(pieces)


def _line_starts(text: str) -> list[int]:
    """The offset where each line of ``text`` starts: after CR LF, CR or LF."""
    if "\r" in text:
        return [0] + [match.end() for match in _LINE_BREAK.finditer(text)]
    # Only LF: a search for one character is many times quicker than the expression.
    starts = [0]
    found = text.find("\n")
    while found >= 0:
        starts.append(found + 1)
        found = text.find("\n", found + 1)
    return starts


@attrs.define
class SourceMap:
    """Start tags, references and line breaks of one document text.

    Build it with :meth:`read`. ``text`` is what to give the XML parser: the input with every
    reference to a non-predefined entity replaced by filler of the same length, so that the
    parser neither expands nor refuses it and its error positions stay true.
    """

    text: str
    first_bare_ampersand: int | None
    line_starts: list[int]
    attribute_entities: dict[int, dict[str, tuple[str, ...]]]
    """By the ordinal of a start tag: the entities each attribute's value references."""
    content_entities: dict[int, dict[str, None]]
    """By the ordinal of a start tag: the entities its content references, each name once."""
    _tag_offsets: list[int] | None
    _start_tags: dict[int, StartTag] = attrs.field(factory=dict[int, StartTag])
    """The start tags whose attributes have been read, by ordinal."""

    @classmethod
    def read(cls, text: str) -> SourceMap:
        """Read ``text`` (a document with its DOCTYPE already blanked) in one linear pass.

        Without any reference or bare ``&``, the start tags are only found when a position is
        asked for, and then by one regular expression: the document is well-formed by then.
        """
        line_starts = _line_starts(text)
        if not has_suspect_ampersand(text):
            return cls(text, None, line_starts, {}, {}, None)
        reader = _Reader(text)
        reader.read()
        first_bare = reader.bare[0] if reader.bare else None
        return cls(
            reader.filled(),
            first_bare,
            line_starts,
            reader.attribute_entities,
            reader.content_entities,
            reader.tag_offsets,
            reader.start_tags,
        )

    @property
    def tag_offsets(self) -> list[int]:
        """The offset of every start tag read, in document order."""
        if self._tag_offsets is None:
            self._tag_offsets = _start_tag_offsets(self.text)
        return self._tag_offsets

    def position(self, offset: int) -> tuple[int, int]:
        """The 1-based line and column (in characters) of ``offset``."""
        line = bisect_right(self.line_starts, offset)
        return line, offset - self.line_starts[line - 1] + 1

    def tag_position(self, ordinal: int, attribute: str | None = None) -> tuple[int, int] | None:
        """Where the ``ordinal``-th start tag (or one of its attributes) is."""
        offsets = self.tag_offsets
        if ordinal >= len(offsets):
            return None
        offset = offsets[ordinal]
        if attribute is not None:
            offset = self._attribute_offset(ordinal, offset, attribute)
        line_starts = self.line_starts
        line = bisect_right(line_starts, offset)
        return line, offset - line_starts[line - 1] + 1

    def _attribute_offset(self, ordinal: int, offset: int, attribute: str) -> int:
        """The offset of ``attribute`` in the start tag at ``offset``, or the tag's own."""
        return _attribute_at(self.text, self._start_tags, ordinal, offset, attribute)


def place_start_tags(
    text: str, wanted: Sequence[tuple[int, str | None]], *, only_tags: bool = False
) -> list[tuple[int, int] | None]:
    r"""Where each wanted start tag (or one of its attributes) is, in one pass over ``text``.

    ``text`` is a well-formed document without references or bare ``&``; ``wanted`` holds
    pairs ``(ordinal, attribute)``, sorted by ordinal. Each answer is what
    :meth:`SourceMap.tag_position` gives for the pair, but the start tags are searched only up
    to the last one wanted, and the lines counted only up to it, instead of all of them
    being found and the line of each looked up. ``only_tags`` is as for
    :meth:`SourceMap.plain`.

    Example:
        >>> place_start_tags('<a>\n <b x="1"\n  y="2"/></a>', [(0, None), (1, "y")])
        [(1, 1), (3, 3)]
    """
    matches: Iterator[re.Match[str]] = (
        _START.finditer(text) if only_tags else filter(_opens, _MARKUP.finditer(text))
    )
    line_starts = _line_starts(text) if "\r" in text else None
    placed: list[tuple[int, int] | None] = []
    tags: dict[int, StartTag] = {}
    read = -1  # the ordinal of the last start tag taken from ``matches``
    offset = -1
    here: tuple[int, int] | None = None  # where that tag is
    line, line_start, counted = 1, 0, 0  # the line at ``counted``, and where it starts
    for ordinal, attribute in wanted:
        if ordinal != read:
            match = next(islice(matches, ordinal - read - 1, None), None)
            read = ordinal
            offset = -1 if match is None else match.start()
            if offset < 0:
                here = None
            elif line_starts is None:
                # The tags come in document order: the lines are counted on from the last.
                breaks = text.count("\n", counted, offset)
                if breaks:
                    line += breaks
                    line_start = text.rfind("\n", counted, offset) + 1
                counted = offset
                here = (line, offset - line_start + 1)
            else:
                number = bisect_right(line_starts, offset)
                here = (number, offset - line_starts[number - 1] + 1)
        if attribute is None or here is None:
            placed.append(here)
            continue
        at = _attribute_at(text, tags, ordinal, offset, attribute)
        if line_starts is not None:
            number = bisect_right(line_starts, at)
            placed.append((number, at - line_starts[number - 1] + 1))
        elif breaks := text.count("\n", offset, at):  # an attribute may be lines further on
            placed.append((line + breaks, at - text.rfind("\n", offset, at)))
        else:
            placed.append((line, at - line_start + 1))
    return placed


def _attribute_at(
    text: str, tags: dict[int, StartTag], ordinal: int, offset: int, attribute: str
) -> int:
    """The offset of ``attribute`` in the start tag at ``offset``, or the tag's own."""
    tag = tags.get(ordinal)
    if tag is None:
        tag = tags[ordinal] = StartTag.read(text, offset)
    found = tag.attributes.get(attribute)
    if found is None and attribute.startswith("{"):
        # lxml names a namespaced attribute {uri}local; the source has prefix:local.
        found = tag.prefixed(attribute.rpartition("}")[2])
    return offset if found is None else found


_KEPT_ASIDE = lazy(r"<!--|<\?|<!\[CDATA\[")
_DECLARATION = lazy(r"<\?xml[ \t\r\n]")


def comments(text: str) -> list[int]:
    """The offsets of the comments and processing instructions of a well-formed document.

    The XML declaration is not a processing instruction; what looks like markup inside a CDATA
    section is text. Only meaningful for a document the XML parser accepted.

    Example:
        >>> comments('<?xml version="1.0"?><Response><!-- hi --><![CDATA[<!--]]></Response>')
        [31]
    """
    found: list[int] = []
    position = 0
    while (match := _KEPT_ASIDE.search(text, position)) is not None:
        opener = match.group()
        closer = {"<!--": "-->", "<?": "?>"}.get(opener, "]]>")
        if opener != "<![CDATA[" and not (match.start() == 0 and _DECLARATION.match(text)):
            found.append(match.start())
        close = text.find(closer, match.end())
        position = len(text) if close < 0 else close + len(closer)
    return found


def bare_ampersands(text: str) -> list[int]:
    """The offset of every bare ``&`` of ``text``, found in one linear pass.

    Example:
        >>> bare_ampersands('<Response><Say a="x&y">A & B &amp; C</Say></Response>')
        [19, 25]
    """
    reader = _Reader(text)
    reader.read()
    return reader.bare
