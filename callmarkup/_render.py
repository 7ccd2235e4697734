"""Nodes to canonical XML, walking the rows of the table.

For every node class the attribute rows are compiled once, at import, into a function that
writes the element (see ``_compile``): each row becomes a test of one field and the piece of
text it adds, with the escaping its codec needs and no more. Values of codecs with only a few
values (methods, booleans, enumerations) are written from a table of finished pieces; a value
is tested only for the characters its codec may write that need escaping (none for integers
and keys; no whitespace in a URL), and escaped only when it holds one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from callmarkup._codecs import Codec
from callmarkup._compile import Source, compile_function
from callmarkup._nodes import RULES, Node, Response

if TYPE_CHECKING:
    from collections.abc import Callable

    from callmarkup._schema import AttributeRule, ElementRule

__all__ = [
    "DECLARATION",
    "escape_attribute",
    "escape_text",
    "render",
    "render_bytes",
]

DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'
"""The XML declaration every rendered document starts with."""


_REFERENCES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    '"': "&quot;",
    "\t": "&#9;",
    "\n": "&#10;",
    "\r": "&#13;",
}
"""The reference each character a value cannot carry as it is written as; ``&`` first, since
every other reference adds one."""


# Each character is looked for on its own and replaced only when present: most values hold
# none, and the common one that does (a URL or a sentence with "&") holds one kind, so it costs
# one copy instead of a replacement per character. str.translate() and a regular expression
# were measured and are slower on values of this size.
def escape_text(text: str) -> str:
    """Escape element text: ``& < >`` and CR.

    Example:
        >>> escape_text("Fish & <chips>")
        'Fish &amp; &lt;chips&gt;'
    """
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    return text


def escape_attribute(value: str) -> str:
    """Escape a double-quoted attribute value: ``& < > "``, tab, LF and CR.

    Example:
        >>> escape_attribute('/next?a=1&b="2"')
        '/next?a=1&amp;b=&quot;2&quot;'
    """
    if "&" in value:
        value = value.replace("&", "&amp;")
    if "<" in value:
        value = value.replace("<", "&lt;")
    if ">" in value:
        value = value.replace(">", "&gt;")
    if '"' in value:
        value = value.replace('"', "&quot;")
    if "\t" in value:
        value = value.replace("\t", "&#9;")
    if "\n" in value:
        value = value.replace("\n", "&#10;")
    if "\r" in value:
        value = value.replace("\r", "&#13;")
    return value


_WRITTEN_BY_STR = Codec[Any].dump
"""The ``dump`` of codecs whose values are written as ``str()`` makes them.

Checked values of such codecs are ``str`` (written as they are) or ``int``.
"""

_ATTRIBUTE_ESCAPED = '&<>"\t\n\r'
"""Characters an attribute value cannot carry as they are."""
_TEXT_ESCAPED = "&<>\r"
"""Characters element text cannot carry as they are."""


def _escape_lines(source: Source, value: str, characters: str) -> None:
    """Lines that escape in ``value`` those of ``characters`` it holds, as the escapers do.

    Inline, one test per character the codec may write, and a copy only for those present: a
    URL, which may hold only ``&`` of them, takes one test.
    """
    for character, reference in _REFERENCES.items():
        if character in characters:
            with source.block(f"if {character!r} in {value}:"):
                source.add(f"{value} = {value}.replace({character!r}, {reference!r})")


def _attribute_lines(
    source: Source,
    namespace: dict[str, Any],
    number: int,
    row: AttributeRule,
    emit: str,
) -> None:
    """The lines that write one attribute row, if its field is set, with ``emit`` (``{}``)."""
    codec = row.codec
    source.add(f"v = n.{row.field}")
    with source.block("if v is not None:"):
        finite = codec.finite()
        if finite is not None:
            # A table of finished pieces, one per value: written without any work.
            pieces = {
                value: f' {row.xml}="{escape_attribute(codec.dump(value))}"' for value in finite
            }
            namespace[f"pieces_{number}"] = pieces
            source.add(emit.format(f"pieces_{number}[v]"))
            return
        if type(codec).dump is not _WRITTEN_BY_STR:
            namespace[f"dump_{number}"] = codec.dump
            source.add(f"v = dump_{number}(v)")
        _escape_lines(source, "v", codec.written_among(_ATTRIBUTE_ESCAPED))
        source.add(emit.format(f"f' {row.xml}=\"{{v}}\"'"))


def _compile_writers(rule: ElementRule) -> tuple[Callable[..., Any], ...]:
    """The start-tag function and the writer of one node class, from its rows.

    The start tag (for the pretty form) is built up as one string; the writer appends its
    pieces to the output list, which is joined once for the whole document.
    """
    namespace: dict[str, Any] = {
        "escape_attribute": escape_attribute,
        "escape_text": escape_text,
        "WRITERS": _WRITERS,
    }
    tag = rule.tag
    # Names go into the source as they are; the dialect's names are plain words.
    if not all(name.isidentifier() for name in (tag, *rule.by_xml)):
        raise AssertionError(f"<{tag}> has a name that is not a plain word")
    start = Source(f"def start_{tag}(n):")
    start.add(f"s = '<{tag}'")
    write = Source(f"def write_{tag}(n, out):")
    write.add(f"out.append('<{tag}')")
    for number, row in enumerate(rule.attributes):
        _attribute_lines(start, namespace, number, row, "s += {}")
        _attribute_lines(write, namespace, number, row, "out.append({})")
    start.add("return s")
    _content_lines(write, rule)
    return (
        compile_function(f"start_{tag}", start, namespace),
        compile_function(f"write_{tag}", write, namespace),
    )


def _content_lines(write: Source, rule: ElementRule) -> None:
    """The lines that end an element: ``/>`` when empty, else its text or children, end tag."""
    tag, text, children = rule.tag, rule.text, rule.children
    if text is not None:
        write.add("t = n.text")
    if children:
        write.add("c = n.children")
    empty = " and ".join(
        (["t is None"] if text is not None else []) + (["not c"] if children else [])
    )
    if not empty:
        write.add("out.append('/>')")
        return
    with write.block(f"if {empty}:"):
        write.add("out.append('/>')")
        write.add("return")
    if text is None:
        write.add("out.append('>')")
    else:
        escaped = text.codec.written_among(_TEXT_ESCAPED)
        if not children:
            _escape_lines(write, "t", escaped)
            write.add(f"out.append(f'>{{t}}</{tag}>')")
            return
        with write.block("if t is not None:"):
            _escape_lines(write, "t", escaped)
            write.add("out.append(f'>{t}')")
        with write.block("else:"):
            write.add("out.append('>')")
    with write.block("for x in c:"):
        write.add("WRITERS[x.__class__](x, out)")
    write.add(f"out.append('</{tag}>')")


_WRITERS: dict[type[Node], Callable[[Node, list[str]], None]] = {}
"""The compiled writer of every node class: appends the element's text to a list."""
_STARTS: dict[type[Node], Callable[[Node], str]] = {}
"""The compiled start tag (without its closing ``>``) of every node class."""
for _cls, _rule in RULES.items():
    _STARTS[_cls], _WRITERS[_cls] = _compile_writers(_rule)
_TAGS: dict[type[Node], str] = {cls: rule.tag for cls, rule in RULES.items()}


def _start_tag(node: Node) -> str:
    return _STARTS[type(node)](node)


def _write(node: Node, out: list[str]) -> None:
    _WRITERS[type(node)](node, out)


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
