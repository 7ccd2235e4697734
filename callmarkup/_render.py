"""Nodes to canonical XML: the entry points, over a dialect's compiled writers.

Every node class has a writer compiled from its rows (``_writers``), held by its dialect
(``_dialect``): :func:`render` runs the package's, bound at import; :func:`render_in` runs
those of any dialect, for a test that renders another table. The pretty form is written here,
from the same start tags.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from callmarkup._dialect import DIALECT
from callmarkup._nodes import Response
from callmarkup._writers import escape_attribute, escape_text

if TYPE_CHECKING:
    from callmarkup._rows import Dialect

__all__ = [
    "DECLARATION",
    "escape_attribute",
    "escape_text",
    "render",
    "render_bytes",
    "render_in",
]

DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'
"""The XML declaration every rendered document starts with."""


def _write_pretty(node: Any, out: list[str], indent: str, dialect: Dialect) -> None:
    start = dialect.starts[type(node)](node)
    text: str | None = getattr(node, "text", None)
    children: tuple[Any, ...] = getattr(node, "children", ())
    tag = dialect.tags[type(node)]
    if text is None and not children:
        out += (indent, start, "/>\n")
    elif not children:
        out += (indent, start, ">", escape_text(text or ""), "</", tag, ">\n")
    else:
        out += (indent, start, ">\n")
        for child in children:
            _write_pretty(child, out, indent + "  ", dialect)
        out += (indent, "</", tag, ">\n")


def _rendered(root: Any, dialect: Dialect, *, pretty: bool) -> str:
    """The text of a document whose root node has been checked."""
    if pretty:
        out = [DECLARATION, "\n"]
        _write_pretty(root, out, "", dialect)
    else:
        out = [DECLARATION]
        dialect.writers[type(root)](root, out)
    return "".join(out)


def render_in(dialect: Dialect, root: object, *, pretty: bool = False) -> str:
    """:func:`render` of a document of ``dialect``, whose root node is ``root``.

    Raises:
        TypeError: ``root`` is not a node of the dialect's root class.
    """
    expected = dialect.classes[dialect.root]
    if type(root) is not expected:  # not isinstance(): a mock can claim to be one
        raise TypeError(f"render() takes a {expected.__name__}, got {type(root).__name__}")
    return _rendered(root, dialect, pretty=pretty)


_WRITE_RESPONSE = DIALECT.writers[Response]
"""The package's root writer, bound once: :func:`render` looks nothing up."""


def render(response: Response, *, pretty: bool = False) -> str:
    """Render a document in canonical form, or indented for people with ``pretty=True``.

    The canonical form is the XML declaration immediately followed by the root, with no
    whitespace between elements, attributes in the order of the grammar reference's tables and
    unset attributes left out. The pretty form puts one element per line, indented by two
    spaces, and ends with a newline; it parses to the same node.

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
    if type(response) is not Response:  # not isinstance(): a mock can claim to be one
        raise TypeError(f"render() takes a Response, got {type(response).__name__}")
    if pretty:
        return _rendered(response, DIALECT, pretty=True)
    out = [DECLARATION]
    _WRITE_RESPONSE(response, out)
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
