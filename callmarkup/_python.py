"""Nodes to Python source: the code that builds the same document with the node classes.

``callmarkup py`` uses :func:`python_source` to turn hand-written XML into typed code. The
output walks the rows of the table like the nodes' ``repr`` does (text first, then children,
then the attributes that are set, in table order) and is laid out the way common Python
formatters lay out calls: one node per line, nested nodes indented, a trailing comma after
every argument of a call that does not fit on one line. The comments of the XML, which the
nodes cannot hold, are carried over as ``#`` comments where they stood
(:func:`document_comments`).
"""

from __future__ import annotations

import textwrap
from collections.abc import Mapping, Sequence
from keyword import iskeyword
from typing import TYPE_CHECKING, TypeAlias, cast

import attrs
from lxml import etree
from lxml.etree import _Comment as XmlComment  # pyright: ignore[reportPrivateUsage]
from lxml.etree import _Element as XmlElement  # pyright: ignore[reportPrivateUsage]
from lxml.etree import _ProcessingInstruction as XmlPI  # pyright: ignore[reportPrivateUsage]

from callmarkup._decode import decode
from callmarkup._nodes import RULES, Node, Response
from callmarkup._xmlparser import new_parser

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["WIDTH", "Comments", "document_comments", "python_source"]

WIDTH = 88
"""The longest line the layout aims for (the common formatter default)."""
_INDENT = "    "


def _string(text: str) -> str:
    """A string literal in double quotes unless that needs more escapes."""
    literal = repr(text)
    if literal.startswith("'") and '"' not in text:
        return '"' + literal[1:-1] + '"'
    return literal


def _value(value: object) -> str:
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, tuple):
        items = [_value(item) for item in cast("tuple[object, ...]", value)]
        return "(" + ", ".join(items) + ("," if len(items) == 1 else "") + ")"
    return repr(value)


def _children(node: Node) -> tuple[Node, ...]:
    return cast("tuple[Node, ...]", getattr(node, "children", ()))


def _keywords(node: Node) -> Iterator[tuple[str, object]]:
    """The attributes of ``node`` that are set, in table order, as ``(keyword, value)``."""
    for row in RULES[type(node)].attributes:
        value = getattr(node, row.field)
        if value is not None:
            yield row.field, value


def _arguments(node: Node) -> Iterator[tuple[str | None, object]]:
    """The arguments of the call that builds ``node``: text, children, then keywords.

    Each is ``(keyword, value)``, with ``None`` for a positional argument.
    """
    text = getattr(node, "text", None)
    if text is not None:
        yield None, text
    for child in _children(node):
        yield None, child
    yield from _keywords(node)


def _code(keyword: str | None, value: object) -> str:
    code = _one_line(value) if isinstance(value, Node) else _value(value)
    return code if keyword is None else f"{keyword}={code}"


def _one_line(node: Node) -> str:
    arguments = ", ".join(_code(keyword, value) for keyword, value in _arguments(node))
    return f"{type(node).__name__}({arguments})"


@attrs.frozen
class _Layout:
    """How one document is laid out: the comments to carry, by where they go."""

    comments: Comments

    def notes(self, slot: tuple[int, ...], indent: str) -> list[str]:
        """The comment lines of ``slot``, at ``indent``."""
        return [f"{indent}{line}" for line in self.comments.get(slot, ())]

    def lines(
        self, node: Node, at: tuple[int, ...], indent: str, head: str, tail: str
    ) -> list[str]:
        """The lines of ``node``, found at index path ``at``.

        ``head`` comes before the call on its first line (``response = ``), ``tail`` after its
        closing parenthesis.
        """
        children = _children(node)
        line = f"{indent}{head}{_one_line(node)}{tail}"
        # A node without children has its comments above it: there is no slot inside.
        lines = [] if children else self.notes((*at, 0), indent)
        if not children and len(line) <= WIDTH:
            return [*lines, line]
        lines.append(f"{indent}{head}{type(node).__name__}(")
        inner = indent + _INDENT
        text = getattr(node, "text", None)
        if text is not None:
            lines.append(f"{inner}{_value(text)},")
        for index, child in enumerate(children):
            lines += self.notes((*at, index), inner)
            lines += self.lines(child, (*at, index), inner, "", ",")
        if children:
            lines += self.notes((*at, len(children)), inner)
        for keyword, value in _keywords(node):
            code = _code(keyword, value)
            if isinstance(value, tuple) and len(inner) + len(code) + 1 > WIDTH:
                lines.append(f"{inner}{keyword}=(")
                items = cast("tuple[object, ...]", value)
                lines += (f"{inner}{_INDENT}{_value(item)}," for item in items)
                lines.append(f"{inner}),")
            else:
                lines.append(f"{inner}{code},")
        lines.append(f"{indent}){tail}")
        return lines


def _classes(node: Node) -> set[str]:
    found = {type(node).__name__}
    for child in _children(node):
        found |= _classes(child)
    return found


def _imports(names: list[str]) -> list[str]:
    line = f"from callmarkup import {', '.join(names)}"
    if len(line) <= WIDTH:
        return [line]
    return ["from callmarkup import (", *(f"{_INDENT}{name}," for name in names), ")"]


Comments: TypeAlias = Mapping[tuple[int, ...], Sequence[str]]
"""Comment lines (each starting with ``#``) by the place they go in the document.

A place is a slot between nodes, named by the index path of its parent and its index among
the parent's children: ``(0,)`` is before the root and ``(1,)`` after it, ``(0, k)`` before
the root's child ``k`` (or after the last child when ``k`` is the number of children),
``(0, k, j)`` inside that child, and so on. The comments inside a node without children are
in its slot ``(..., 0)`` and go above it.
"""


def _comment_lines(item: XmlElement) -> list[str]:
    """The ``#`` lines that carry an XML comment or processing instruction.

    The first line is trimmed and the others keep their indentation relative to each other;
    a blank comment gives no line. Every kind of line break ends a line, so nothing of the
    comment can leave it and become code.
    """
    if isinstance(item, XmlPI):
        target = str(item.target)
        body = f"<?{target} {item.text}?>" if item.text else f"<?{target}?>"
        return [f"# {line}".rstrip() for line in body.splitlines()]
    first, *rest = (item.text or "").splitlines() or [""]
    text = "\n".join([first.strip(), textwrap.dedent("\n".join(rest))])
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return [f"# {line}" if line else "#" for line in lines]


def document_comments(data: bytes) -> dict[tuple[int, ...], list[str]]:
    """The comments and processing instructions of a valid document, by place (:data:`Comments`).

    Only for a document that :func:`~callmarkup.validate` finds valid (so with no DOCTYPE and
    within the caps); the parser that reads it loads nothing, all the same.

    Args:
        data: The document, as read from its file.

    Returns:
        The ``#`` lines of each place that has any, for :func:`python_source`.

    Example:
        >>> document_comments(b"<!-- Menu --><Response><Say>Hi</Say><!-- end --></Response>")
        {(0,): ['# Menu'], (0, 1): ['# end']}
    """
    root = etree.fromstring(decode(data).encode("utf-8"), new_parser(keep_comments=True))
    found: dict[tuple[int, ...], list[str]] = {}

    def note(slot: tuple[int, ...], item: XmlElement) -> None:
        lines = _comment_lines(item)
        if lines:
            found.setdefault(slot, []).extend(lines)

    def walk(element: XmlElement, at: tuple[int, ...]) -> None:
        index = 0
        for child in element:
            if isinstance(child, (XmlComment, XmlPI)):
                note((*at, index), child)
            else:
                walk(child, (*at, index))
                index += 1

    for item in reversed(list(root.itersiblings(preceding=True))):
        note((0,), item)
    walk(root, (0,))
    for item in root.itersiblings():
        note((1,), item)
    return found


def python_source(
    response: Response,
    *,
    name: str = "response",
    comments: Comments | None = None,
) -> str:
    """Python source that builds ``response`` with the node classes and binds it to ``name``.

    The source imports what it uses from ``callmarkup``; running it gives a node equal to
    ``response``.

    Args:
        response: The document.
        name: The variable the document is assigned to.
        comments: Comment lines to place among the nodes (:data:`Comments`), such as
            :func:`document_comments` finds in the document's XML.

    Returns:
        The source, ending with a newline.

    Raises:
        TypeError: ``response`` is not a :class:`~callmarkup.Response`.
        ValueError: ``name`` is not a Python name or is a keyword (``class``), or a comment
            line does not start with ``#``, holds a line break (it would be code) or a NUL.

    Example:
        >>> from callmarkup import Response, Gather, Say, Hangup
        >>> doc = Response(Gather(Say("Press 1."), action="/menu", num_digits=1), Hangup())
        >>> print(python_source(doc, comments={(0, 1): ["# No input."]}), end="")
        from callmarkup import Gather, Hangup, Response, Say
        <BLANKLINE>
        response = Response(
            Gather(
                Say("Press 1."),
                action="/menu",
                num_digits=1,
            ),
            # No input.
            Hangup(),
        )
        >>> namespace = {}
        >>> exec(python_source(doc), namespace)
        >>> namespace["response"] == doc
        True
    """
    if not isinstance(response, Response):  # pyright: ignore[reportUnnecessaryIsInstance]
        raise TypeError(f"python_source() takes a Response, got {type(response).__name__}")
    if not name.isidentifier() or iskeyword(name):
        raise ValueError(f"{name!r} is not a Python name that can be assigned to")
    for lines in (comments or {}).values():
        for line in lines:
            # Python source cannot hold a NUL character, even in a comment.
            if not line.startswith("#") or line.splitlines() != [line] or "\0" in line:
                raise ValueError(f"{line!r} is not one line of a Python comment")
    layout = _Layout(comments or {})
    body = [
        *layout.notes((0,), ""),
        *layout.lines(response, (0,), "", f"{name} = ", ""),
        *layout.notes((1,), ""),
    ]
    return "\n".join([*_imports(sorted(_classes(response))), "", *body, ""])
