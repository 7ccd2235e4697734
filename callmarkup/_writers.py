"""Canonical XML writers, compiled from the rows of the table.

For every element the attribute rows are compiled once into a function that writes the element
(see ``_compile``): each row becomes a test of one field and the piece of text it adds, with
the escaping its codec needs and no more. Values of codecs with only a few values (methods,
booleans, enumerations) are written from a table of finished pieces; a value is tested only
for the characters its codec may write that need escaping (none for integers and keys; no
whitespace in a URL), and escaped only when it holds one. ``_dialect`` compiles the writers of
a dialect; ``_render`` runs them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from callmarkup._codecs import Codec
from callmarkup._compile import Source, compile_function

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from callmarkup._rows import AttributeRule, ElementRule

__all__ = ["compile_writers", "escape_attribute", "escape_text"]


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


_ATTRIBUTE_ESCAPED = '&<>"\t\n\r'
"""Characters an attribute value cannot carry as they are."""
_TEXT_ESCAPED = "&<>\r"
"""Characters element text cannot carry as they are."""


# Each character is looked for on its own and replaced only when present: most values hold
# none, and the common one that does (a URL or a sentence with "&") holds one kind, so it costs
# one copy instead of a replacement per character. str.translate() and a regular expression
# were measured and are slower on values of this size. The writers inline the same tests
# (_escape_lines); these serve the pretty form and the tables of finished pieces.
def _escaped(value: str, characters: str) -> str:
    """``value`` with each of ``characters`` it holds written as its reference, ``&`` first."""
    for character in characters:
        if character in value:
            value = value.replace(character, _REFERENCES[character])
    return value


def escape_text(text: str) -> str:
    """Escape element text: ``& < >`` and CR.

    Example:
        >>> escape_text("Fish & <chips>")
        'Fish &amp; &lt;chips&gt;'
    """
    return _escaped(text, _TEXT_ESCAPED)


def escape_attribute(value: str) -> str:
    """Escape a double-quoted attribute value: ``& < > "``, tab, LF and CR.

    Example:
        >>> escape_attribute('/next?a=1&b="2"')
        '/next?a=1&amp;b=&quot;2&quot;'
    """
    return _escaped(value, _ATTRIBUTE_ESCAPED)


_WRITTEN_BY_STR = Codec[Any].dump
"""The ``dump`` of codecs whose values are written as ``str()`` makes them.

Checked values of such codecs are ``str`` (written as they are) or ``int``.
"""


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


def compile_writers(
    rule: ElementRule, writers: Mapping[type[Any], Callable[[Any, list[str]], None]]
) -> tuple[Callable[[Any], str], Callable[[Any, list[str]], None]]:
    """The start-tag function and the writer of one node class, from its rows.

    The start tag (for the pretty form) is built up as one string; the writer appends its
    pieces to the output list, which is joined once for the whole document, and finds the
    writer of each child in ``writers`` by the child's class (the dialect's writers, complete
    by the time anything is written).
    """
    namespace: dict[str, Any] = {
        "escape_attribute": escape_attribute,
        "escape_text": escape_text,
        "WRITERS": writers,
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
