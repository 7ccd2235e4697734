"""``safe_text`` turns any text into text a ``Say`` accepts."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from callmarkup import Response, Say, parse, render, safe_text

# Every code point, surrogates and controls included, weighted towards the troublesome ones.
ANY_CHARACTER = st.characters(codec=None, categories=None) | st.sampled_from(
    ["\x00", "\x01", "\x0b", "\x1f", "\x7f", "\x85", "\xa0", "\u2028", "\ufffe", "\uffff",
     "\ud800", "\udfff", "\ud83d", "\ude00", " ", "\t", "\n", "\r"]
)  # fmt: skip
ANY_TEXT = st.text(ANY_CHARACTER, max_size=60)


# Any text with one letter kept somewhere in it: safe_text of it is never empty.
KEPT_TEXT = st.tuples(ANY_TEXT, st.sampled_from("aé1"), ANY_TEXT).map("".join)


@given(KEPT_TEXT)
@example("\ud83d\ude00 \ud83da")
@example("\x00" * 5 + "a")
def test_say_of_safe_text_never_raises_and_round_trips(text: str) -> None:
    """For any text with something to keep, safe_text builds a Say that survives a round trip."""
    safe = safe_text(text)
    assert safe
    doc = Response(Say(safe))
    assert doc.children[0] == Say(safe)
    assert Say(safe).text == safe  # nothing left to trim or refuse
    assert parse(render(doc)) == doc


@given(ANY_TEXT)
def test_safe_text_is_one_tidy_line(text: str) -> None:
    """No control character, no surrogate, no run of spaces, nothing at the ends; idempotent."""
    safe = safe_text(text)
    assert safe == safe.strip()
    assert "  " not in safe
    assert all(c == " " or not c.isspace() for c in safe)
    assert not any(
        ord(c) < 0x20 or 0x7F <= ord(c) <= 0x9F or 0xD800 <= ord(c) <= 0xDFFF for c in safe
    )
    assert "\ufffe" not in safe
    assert "\uffff" not in safe
    assert safe_text(safe) == safe


@given(st.text(st.characters(categories=("L", "N", "P", "S")), min_size=1, max_size=30))
def test_ordinary_text_is_kept_as_it_is(text: str) -> None:
    """Letters, digits, punctuation and symbols pass unchanged."""
    assert safe_text(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  Ann\x01  Smith\n\t(mobile)\ufffe ", "Ann Smith (mobile)"),
        ("Zoë\u00a0&\u2003<Ann>", "Zoë & <Ann>"),
        ("\ud83d\ude00 smile", "\U0001f600 smile"),  # a surrogate pair is joined
        ("lone \ud800 surrogate", "lone surrogate"),
        ("\x1b[31mred\x1b[0m", "[31mred[0m"),
        # Controls that separate words or lines are spaces, not dropped.
        ("Ann\x85Smith\x0bJr\x0c.\x1fUK\x1cX", "Ann Smith Jr . UK X"),
        ("", ""),
        (" \t\r\n ", ""),
    ],
)
def test_safe_text_drops_what_xml_cannot_carry_and_tidies_spacing(text: str, expected: str) -> None:
    """Controls go, surrogate pairs join, whitespace becomes single spaces."""
    assert safe_text(text) == expected


@pytest.mark.parametrize(
    ("length", "expected"), [(0, ""), (1, "A"), (6, "A very"), (7, "A very"), (100, "A very long")]
)
def test_max_length_cuts_and_trims(length: int, expected: str) -> None:
    """max_length keeps at most that many characters, without a space at the end."""
    assert safe_text("A very long", max_length=length) == expected


@given(ANY_TEXT, st.integers(min_value=0, max_value=80))
def test_max_length_is_never_exceeded(text: str, length: int) -> None:
    """The result is never longer than max_length, and is a prefix of the uncut result."""
    cut = safe_text(text, max_length=length)
    assert len(cut) <= length
    assert safe_text(text).startswith(cut)


def test_wrong_argument_types_are_type_errors() -> None:
    """A text that is not a str, or a max_length that is not an int, is a TypeError."""
    with pytest.raises(TypeError, match="safe_text\\(\\) takes a str, got bytes"):
        safe_text(b"Ann")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    with pytest.raises(TypeError, match="max_length must be an int or None, got float"):
        safe_text("Ann", max_length=1.5)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    with pytest.raises(TypeError, match="max_length must be an int or None, got bool"):
        safe_text("Ann", max_length=True)
    with pytest.raises(ValueError, match="max_length must be 0 or more, got -1"):
        safe_text("Ann", max_length=-1)
