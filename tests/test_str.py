"""``str()`` of a document is its canonical XML; ``repr()`` stays the call that builds it."""

from __future__ import annotations

from hypothesis import given

from callmarkup import Hangup, Node, Response, Say, parse, render
from callmarkup.strategies import responses, verbs


def test_str_of_a_response_is_its_canonical_xml() -> None:
    """``return str(response)`` serves the markup, as TwiML tutorials write it."""
    doc = Response(Say("Goodbye."), Hangup())
    assert str(doc) == (
        '<?xml version="1.0" encoding="UTF-8"?><Response><Say>Goodbye.</Say><Hangup/></Response>'
    )
    assert f"{doc}" == str(doc)
    assert repr(doc) == "Response(Say('Goodbye.'), Hangup())"


def test_str_of_an_empty_response_is_a_document() -> None:
    """An empty document is still a whole document."""
    assert str(Response()) == '<?xml version="1.0" encoding="UTF-8"?><Response/>'


@given(responses(max_verbs=3))
def test_str_of_any_response_is_render_and_parses_back(doc: Response) -> None:
    """For every document, str() is render(), and it parses back to the same document."""
    assert str(doc) == render(doc)
    assert parse(str(doc)) == doc
    assert repr(doc) != str(doc)


@given(verbs())
def test_str_of_a_node_that_is_not_a_document_is_its_repr(node: Node) -> None:
    """A verb or noun is a piece of a document, not one: its str() is its repr()."""
    assert str(node) == repr(node)
    for child in getattr(node, "children", ()):
        assert str(child) == repr(child)
