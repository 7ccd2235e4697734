"""Escaping writes exactly what the plain reading of the rules writes, byte for byte.

The escapers and the escaping lines generated into the writers replace only the characters a
value holds; these tests hold them to the obvious implementation, every replacement in turn.
"""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from callmarkup import Client, Dial, Redirect, Response, Say, _render, _writers, render
from callmarkup import strategies as cs
from callmarkup._compile import Source, compile_function
from callmarkup._nodes import RULES
from callmarkup._schema import ELEMENTS

_ATTRIBUTE = (
    ("&", "&amp;"),
    ("<", "&lt;"),
    (">", "&gt;"),
    ('"', "&quot;"),
    ("\t", "&#9;"),
    ("\n", "&#10;"),
    ("\r", "&#13;"),
)
_TEXT = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\r", "&#13;"))
_ATTRIBUTE_ESCAPED = "".join(character for character, _ in _ATTRIBUTE)
_TEXT_ESCAPED = "".join(character for character, _ in _TEXT)


def _reference(value: str, escapes: tuple[tuple[str, str], ...]) -> str:
    """Every replacement in turn, ``&`` first."""
    for character, reference in escapes:
        value = value.replace(character, reference)
    return value


# Mostly the characters that are escaped, and those that look like them, among others.
_values = st.text(
    st.sampled_from('&<>"\t\n\r' + "'; #&amp;x") | st.characters(codec="utf-8"),
    max_size=30,
)


@given(_values)
def test_escape_attribute_writes_what_the_reference_writes(value: str) -> None:
    """``escape_attribute`` is every attribute replacement in turn."""
    assert _render.escape_attribute(value) == _reference(value, _ATTRIBUTE)


@given(_values)
def test_escape_text_writes_what_the_reference_writes(value: str) -> None:
    """``escape_text`` is every text replacement in turn."""
    assert _render.escape_text(value) == _reference(value, _TEXT)


def _alphabets() -> list[str]:
    """The escaped characters each codec of the table may write, in attributes and in text."""
    found: set[str] = set()
    for rule in ELEMENTS.values():
        for row in rule.attributes:
            found.add(row.codec.written_among(_ATTRIBUTE_ESCAPED))
        if rule.text is not None:
            found.add(rule.text.codec.written_among(_TEXT_ESCAPED))
    return sorted(found)


@pytest.mark.parametrize("characters", _alphabets(), ids=repr)
@given(value=_values)
def test_generated_escaping_writes_what_the_reference_writes(characters: str, value: str) -> None:
    """The lines generated for a codec escape as the reference does, on what it may write."""
    source = Source("def escaped(v):")
    _writers._escape_lines(source, "v", characters)  # noqa: SLF001  # pyright: ignore[reportPrivateUsage]
    source.add("return v")
    escaped: Any = compile_function("escaped", source, {})
    # A value of the codec holds none of the escaped characters it may not write.
    written = "".join(
        character
        for character in value
        if character not in _ATTRIBUTE_ESCAPED or character in characters
    )
    assert escaped(written) == _reference(written, _ATTRIBUTE)


@pytest.mark.parametrize(
    ("node", "xml"),
    [
        (Say("a\rb & c < d > e"), "<Say>a&#13;b &amp; c &lt; d &gt; e</Say>"),
        (Say("no \"escape\" 'in' \t\n text"), "<Say>no \"escape\" 'in' \t\n text</Say>"),
        (Say("&amp;&&"), "<Say>&amp;amp;&amp;&amp;</Say>"),
        (
            Redirect("https://example.com/next?a=1&b=2&c=3"),
            "<Redirect>https://example.com/next?a=1&amp;b=2&amp;c=3</Redirect>",
        ),
        (
            Dial(Client("x", name='tab\tLF\nCR\r "q" <&>')),
            '<Dial><Client name="tab&#9;LF&#10;CR&#13; &quot;q&quot; &lt;&amp;&gt;">x</Client>'
            "</Dial>",
        ),
    ],
)
def test_escaped_golden_bytes(node: Any, xml: str) -> None:
    """Each escaped character is written as its reference, byte for byte."""
    assert render(Response(node)) == _render.DECLARATION + f"<Response>{xml}</Response>"


@given(cs.responses())
def test_documents_render_as_the_reference_escapes_them(document: Response) -> None:
    """A drawn document's text and attribute values are written as the reference escapes them."""
    rendered = render(document)
    pretty = render(document, pretty=True)
    for node in _walk(document):
        rule = RULES[type(node)]
        for row in rule.attributes:
            value = getattr(node, row.field)
            if value is not None:
                piece = f' {row.xml}="{_reference(row.codec.dump(value), _ATTRIBUTE)}"'
                assert piece in rendered
                assert piece in pretty
        text: str | None = getattr(node, "text", None)
        if text is not None:
            assert f">{_reference(text, _TEXT)}<" in rendered


def _walk(node: Any) -> list[Any]:
    return [node, *(found for child in getattr(node, "children", ()) for found in _walk(child))]
