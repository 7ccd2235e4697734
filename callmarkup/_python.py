"""Nodes to Python source: the code that builds the same document with the node classes.

``callmarkup py`` uses :func:`python_source` to turn hand-written XML into typed code. The
output walks the rows of the table like the nodes' ``repr`` does (text first, then children,
then the attributes that are set, in table order) and is laid out the way common Python
formatters lay out calls: one node per line, nested nodes indented, a trailing comma after
every argument of a call that does not fit on one line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from callmarkup._nodes import RULES, Node, Response

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["WIDTH", "python_source"]

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


def _arguments(node: Node) -> Iterator[tuple[str | None, object]]:
    """The arguments of the call that builds ``node``: text, children, then keywords.

    Each is ``(keyword, value)``, with ``None`` for a positional argument.
    """
    text = getattr(node, "text", None)
    if text is not None:
        yield None, text
    for child in getattr(node, "children", ()):
        yield None, child
    for row in RULES[type(node)].attributes:
        value = getattr(node, row.field)
        if value is not None:
            yield row.field, value


def _code(keyword: str | None, value: object) -> str:
    code = _one_line(value) if isinstance(value, Node) else _value(value)
    return code if keyword is None else f"{keyword}={code}"


def _one_line(node: Node) -> str:
    arguments = ", ".join(_code(keyword, value) for keyword, value in _arguments(node))
    return f"{type(node).__name__}({arguments})"


def _lines(node: Node, indent: str, suffix: str) -> list[str]:
    """The lines of ``node`` at ``indent``; ``suffix`` follows its closing parenthesis."""
    line = f"{indent}{_one_line(node)}{suffix}"
    if not getattr(node, "children", ()) and len(line) <= WIDTH:
        return [line]
    lines = [f"{indent}{type(node).__name__}("]
    inner = indent + _INDENT
    for keyword, value in _arguments(node):
        code = _code(keyword, value)
        if isinstance(value, Node):
            lines += _lines(value, inner, ",")
        elif isinstance(value, tuple) and len(inner) + len(code) + 1 > WIDTH:
            lines.append(f"{inner}{keyword}=(")
            items = cast("tuple[object, ...]", value)
            lines += (f"{inner}{_INDENT}{_value(item)}," for item in items)
            lines.append(f"{inner}),")
        else:
            lines.append(f"{inner}{code},")
    lines.append(f"{indent}){suffix}")
    return lines


def _classes(node: Node) -> set[str]:
    found = {type(node).__name__}
    for child in getattr(node, "children", ()):
        found |= _classes(child)
    return found


def _imports(names: list[str]) -> list[str]:
    line = f"from callmarkup import {', '.join(names)}"
    if len(line) <= WIDTH:
        return [line]
    return ["from callmarkup import (", *(f"{_INDENT}{name}," for name in names), ")"]


def python_source(response: Response, *, name: str = "response") -> str:
    """Python source that builds ``response`` with the node classes and binds it to ``name``.

    The source imports what it uses from ``callmarkup``; running it gives a node equal to
    ``response``.

    Args:
        response: The document.
        name: The variable the document is assigned to.

    Returns:
        The source, ending with a newline.

    Raises:
        TypeError: ``response`` is not a :class:`~callmarkup.Response`.

    Example:
        >>> from callmarkup import Response, Gather, Say, Hangup
        >>> doc = Response(Gather(Say("Press 1."), action="/menu", num_digits=1), Hangup())
        >>> print(python_source(doc), end="")
        from callmarkup import Gather, Hangup, Response, Say
        <BLANKLINE>
        response = Response(
            Gather(
                Say("Press 1."),
                action="/menu",
                num_digits=1,
            ),
            Hangup(),
        )
        >>> namespace = {}
        >>> exec(python_source(doc), namespace)
        >>> namespace["response"] == doc
        True
    """
    if not isinstance(response, Response):  # pyright: ignore[reportUnnecessaryIsInstance]
        raise TypeError(f"python_source() takes a Response, got {type(response).__name__}")
    if not name.isidentifier():
        raise ValueError(f"{name!r} is not a Python name")
    body = _lines(response, "", "")
    body[0] = f"{name} = {body[0]}"
    return "\n".join([*_imports(sorted(_classes(response))), "", *body, ""])
