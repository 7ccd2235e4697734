"""The static types carry the nesting rules: type checkers reject illegal trees.

Each line marked below must be an error for mypy and for pyright; both run in strict mode with
unused ignores reported, so the suppressions themselves fail the type check if a rule is lost.
At run time the same trees raise InvalidMarkupError.
"""

from __future__ import annotations

import pytest

from callmarkup import (
    Client,
    Dial,
    Gather,
    Hangup,
    InvalidMarkupError,
    Number,
    Response,
    Say,
    Sip,
)


def test_dial_inside_gather_is_a_type_error_and_a_violation() -> None:
    """Gather(Dial(...)) is rejected statically and at run time."""
    with pytest.raises(InvalidMarkupError):
        Gather(Dial("1"))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


def test_noun_outside_dial_is_a_type_error_and_a_violation() -> None:
    """Response(Number(...)) is rejected statically and at run time."""
    with pytest.raises(InvalidMarkupError):
        Response(Number("1"))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


def test_verb_inside_dial_is_a_type_error_and_a_violation() -> None:
    """Dial(Hangup()) is rejected statically and at run time."""
    with pytest.raises(InvalidMarkupError):
        Dial(Hangup())  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


def test_unknown_enum_value_is_a_type_error_and_a_violation() -> None:
    """Literal types reject values the dialect does not have."""
    with pytest.raises(InvalidMarkupError):
        Say("x", voice="robot")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


def test_legal_trees_type_check() -> None:
    """The legal forms need no suppression at all."""
    document = Response(
        Gather(Say("Press 1"), action="/menu", method="POST", num_digits=1),
        Dial(Number("+15551234567"), Client("alice"), timeout=20),
        Dial(Sip("sip:alice@example.com")),
        Dial("+15551234567"),
        Hangup(),
    )
    assert len(document.children) == 5


def test_attributes_are_keyword_only() -> None:
    """Only the text is positional; an attribute given positionally is rejected."""
    with pytest.raises(TypeError):
        Say("x", "kevin")  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    with pytest.raises(TypeError):
        Number("1", "/screen")  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
