"""Nodes to canonical XML (spec §7.4), walking the rows of the table.

For every node class the attribute rows are compiled once into ``(field, ' xml="', dump)``
triples, so rendering a node is a loop over prepared pieces.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from callmarkup._nodes import RULES, Node, Response

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["DECLARATION", "render", "render_bytes"]

DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'
"""The XML declaration every rendered document starts with."""


def escape_text(text: str) -> str:
    """Escape element text: ``& < >`` and CR (spec §7.4)."""
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")
    )


def escape_attribute(value: str) -> str:
    """Escape a double-quoted attribute value: ``& < > "``, tab, LF and CR (spec §7.4)."""
    return (
        value.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("\t", "&#9;")
        .replace("\n", "&#10;")
        .replace("\r", "&#13;")
    )


_Piece = tuple[str, str, "Callable[[Any], str]"]

_PIECES: dict[type[Node], tuple[_Piece, ...]] = {
    cls: tuple((row.field, f' {row.xml}="', row.codec.dump) for row in rule.attributes)
    for cls, rule in RULES.items()
}
_TAGS: dict[type[Node], str] = {cls: rule.tag for cls, rule in RULES.items()}


def _start_tag(node: Node) -> str:
    parts = ["<", _TAGS[type(node)]]
    for field, prefix, dump in _PIECES[type(node)]:
        value = getattr(node, field)
        if value is not None:
            parts += (prefix, escape_attribute(dump(value)), '"')
    return "".join(parts)


def _write(node: Node, out: list[str]) -> None:
    start = _start_tag(node)
    text: str | None = getattr(node, "text", None)
    children: tuple[Node, ...] = getattr(node, "children", ())
    if text is None and not children:
        out += (start, "/>")
        return
    out += (start, ">")
    if text is not None:
        out.append(escape_text(text))
    for child in children:
        _write(child, out)
    out += ("</", _TAGS[type(node)], ">")


def _write_pretty(node: Node, out: list[str], indent: str) -> None:
    start = _start_tag(node)
    text: str | None = getattr(node, "text", None)
    children: tuple[Node, ...] = getattr(node, "children", ())
    tag = _TAGS[type(node)]
    if text is None and not children:
        out += (indent, start, "/>\n")
    elif not children:
        out += (indent, start, ">", escape_text(text or ""), "</", tag, ">\n")
    else:
        out += (indent, start, ">\n")
        for child in children:
            _write_pretty(child, out, indent + "  ")
        out += (indent, "</", tag, ">\n")


def render(response: Response, *, pretty: bool = False) -> str:
    """Render a document in canonical form, or indented for people with ``pretty=True``.

    The canonical form is the XML declaration immediately followed by the root, with no
    whitespace between elements, attributes in table order and unset attributes left out
    (spec §7.4). The pretty form puts one element per line, indented by two spaces, and ends
    with a newline; it parses to the same node.

    Args:
        response: The document to render.
        pretty: Indent for people instead of writing the canonical form.

    Returns:
        The document as text.

    Raises:
        TypeError: ``response`` is not a :class:`~callmarkup.Response`.

    Example:
        >>> from callmarkup import Response, Say, Hangup
        >>> render(Response(Say("Goodbye & thanks", loop=2), Hangup()))
        '<?xml version="1.0" encoding="UTF-8"?><Response><Say loop="2">Goodbye &amp; thanks</Say><Hangup/></Response>'
        >>> print(render(Response(Say("Hi")), pretty=True), end="")
        <?xml version="1.0" encoding="UTF-8"?>
        <Response>
          <Say>Hi</Say>
        </Response>
    """  # noqa: E501 - the example shows one canonical line
    if not isinstance(response, Response):  # pyright: ignore[reportUnnecessaryIsInstance]
        raise TypeError(f"render() takes a Response, got {type(response).__name__}")
    out = [DECLARATION, "\n"] if pretty else [DECLARATION]
    if pretty:
        _write_pretty(response, out, "")
    else:
        _write(response, out)
    return "".join(out)


def render_bytes(response: Response, *, pretty: bool = False) -> bytes:
    r"""Render a document as UTF-8 bytes, what goes on the wire.

    Args:
        response: The document to render.
        pretty: Indent for people instead of writing the canonical form.

    Returns:
        ``render(response, pretty=pretty)`` encoded as UTF-8.

    Example:
        >>> from callmarkup import Response, Say
        >>> render_bytes(Response(Say("Café")))
        b'<?xml version="1.0" encoding="UTF-8"?><Response><Say>Caf\xc3\xa9</Say></Response>'
    """
    return render(response, pretty=pretty).encode("utf-8")
