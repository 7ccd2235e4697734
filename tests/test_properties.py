"""Properties of rendering, parsing and validating, over generated documents and junk.

For every generated node ``x``: ``parse(render(x)) == x``, rendering is idempotent through
``parse``, ``validate(render(x)) == ()``, and the pretty form parses to ``x``. For every document
with one injected fault, ``validate`` reports exactly one violation, with the injected code, and
``parse`` raises the matching error. For any input whatsoever, ``validate`` returns and ``parse``
either returns or raises one of our errors, and the two agree.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from hypothesis import example, given
from hypothesis import strategies as st

from callmarkup import (
    CallMarkupError,
    Code,
    InvalidMarkupError,
    ParseError,
    Response,
    Violation,
    parse,
    render,
    render_bytes,
    validate,
)
from callmarkup.strategies import documents, invalid_documents, responses

if TYPE_CHECKING:
    from hypothesis.strategies import DrawFn

_HOSTILE = {Code.MALFORMED, Code.DOCTYPE_FORBIDDEN, Code.ENTITY_FORBIDDEN, Code.TOO_LARGE}
"""The codes for which parse raises ParseError rather than InvalidMarkupError (spec §7.9)."""

_DOCUMENTS = responses(max_verbs=4)


@given(_DOCUMENTS)
def test_parse_inverts_render(doc: Response) -> None:
    """parse(render(x)) == x, from text and from bytes."""
    assert parse(render(doc)) == doc
    assert parse(render_bytes(doc)) == doc


@given(_DOCUMENTS)
def test_render_is_idempotent_through_parse(doc: Response) -> None:
    """render(parse(render(x))) == render(x): the canonical form is a fixed point."""
    assert render(parse(render(doc))) == render(doc)


@given(_DOCUMENTS)
def test_rendered_documents_have_no_violations(doc: Response) -> None:
    """validate(render(x)) == (), in both forms."""
    assert validate(render(doc)) == ()
    assert validate(render_bytes(doc, pretty=True)) == ()


@given(_DOCUMENTS)
def test_pretty_form_parses_to_the_same_node(doc: Response) -> None:
    """The indented form is not canonical, but it reads back as the same node."""
    pretty = render(doc, pretty=True)
    assert parse(pretty) == doc
    assert render(parse(pretty)) == render(doc)


def _agree(data: str | bytes, *, max_bytes: int = 1_048_576, max_depth: int = 32) -> None:
    """Check that validate returns and that parse agrees with it.

    parse must succeed on exactly the documents without violations, and otherwise raise our
    error carrying the same violations.
    """
    violations = validate(data, max_bytes=max_bytes, max_depth=max_depth)
    assert isinstance(violations, tuple)
    assert all(isinstance(violation, Violation) for violation in violations)
    outcome: Response | CallMarkupError
    try:
        outcome = parse(data, max_bytes=max_bytes, max_depth=max_depth)
    except CallMarkupError as error:
        outcome = error
    if isinstance(outcome, Response):
        assert violations == ()
        assert parse(render(outcome)) == outcome
    else:
        assert isinstance(outcome, (ParseError, InvalidMarkupError))
        assert outcome.violations == violations
        hostile = any(violation.code in _HOSTILE for violation in violations)
        assert isinstance(outcome, ParseError) == hostile


@given(invalid_documents())
def test_validate_reports_exactly_the_injected_fault(pair: tuple[str, Code]) -> None:
    """One violation, with the injected code; parse raises the matching error with it."""
    doc, code = pair
    assert [violation.code for violation in validate(doc)] == [code]
    _agree(doc)


@given(invalid_documents(as_bytes=True))
def test_validate_reports_exactly_the_injected_fault_in_bytes(pair: tuple[bytes, Code]) -> None:
    """The same holds for the documents as UTF-8 bytes."""
    doc, code = pair
    assert [violation.code for violation in validate(doc)] == [code]


@given(st.binary(max_size=400))
@example(b"")
@example(b"\xef\xbb\xbf")
@example(b"\xff\xfe<\x00")
@example(b"<?xml version='1.0' encoding='nonsense'?><Response/>")
def test_arbitrary_bytes_raise_only_our_errors(data: bytes) -> None:
    """Any bytes at all: validate returns, parse raises only CallMarkupError subclasses."""
    _agree(data)


@given(st.text(max_size=300))
@example("\ud800")
@example("<Response>\ud800</Response>")
def test_arbitrary_text_raises_only_our_errors(data: str) -> None:
    """Any text at all, lone surrogates included."""
    _agree(data)


_PIECES = (
    "<Response>",
    "</Response>",
    "<Response/>",
    "<Say>",
    "</Say>",
    "<Dial>",
    "</Dial>",
    "<Number>",
    "</Number>",
    "<Sip>sip:a@b</Sip>",
    "<Gather>",
    "</Gather>",
    '<Pause length="',
    '"/>',
    "<?xml version='1.0'?>",
    "<?pi x?>",
    "<!DOCTYPE Response [",
    "]>",
    '<!ENTITY e "x">',
    "&e;",
    "&amp;",
    "&#13;",
    "&#0;",
    "&",
    "<![CDATA[",
    "]]>",
    "<!--",
    "-->",
    "<",
    ">",
    "/",
    "=",
    '"',
    "'",
    " ",
    "\n",
    "\r\n",
    "\t",
    "x",
    "1",
    "\u00e9",
    "\ufeff",
    "xmlns:p='urn:p'",
    "p:",
)


@st.composite
def _markup_soup(draw: DrawFn) -> str:
    """Text made of markup fragments: closer to documents than random characters are."""
    pieces = draw(st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=3)), max_size=40))
    return "".join(pieces)


@given(_markup_soup(), st.integers(1, 400), st.integers(1, 6))
def test_markup_soup_raises_only_our_errors(data: str, max_bytes: int, max_depth: int) -> None:
    """Fragments of markup in any order, under any caps: validate and parse agree."""
    _agree(data)
    _agree(data.encode("utf-8"), max_bytes=max_bytes, max_depth=max_depth)


@st.composite
def _mutated(draw: DrawFn) -> bytes:
    """A valid document with a few bytes deleted, inserted, replaced or duplicated."""
    data = bytearray(draw(documents(as_bytes=True, pretty=None, max_verbs=3)))
    for _ in range(draw(st.integers(1, 3))):
        start = draw(st.integers(0, len(data)))
        end = draw(st.integers(start, min(len(data), start + 8)))
        how = draw(st.sampled_from(("delete", "insert", "replace", "duplicate")))
        if how == "delete":
            del data[start:end]
        elif how == "insert":
            data[start:start] = draw(st.binary(min_size=1, max_size=4))
        elif how == "replace":
            data[start:end] = draw(st.binary(max_size=4))
        else:
            data[start:start] = data[start:end]
    return bytes(data)


@given(_mutated())
def test_mutated_documents_raise_only_our_errors(data: bytes) -> None:
    """A valid document damaged at the byte level: validate and parse agree."""
    _agree(data)
