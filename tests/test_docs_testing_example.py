"""The worked example of ``docs/testing.md``, run as tests.

The page shows the code between the markers below, block by block; a test here checks that every
Python block of the page (other than ``>>>`` sessions, which the docs tests run themselves) is
copied from this file word for word, so the page cannot drift from code that runs.
"""

from __future__ import annotations

import re
from pathlib import Path

import hypothesis
import pytest

# --- page: imports
from hypothesis import given
from hypothesis import strategies as st

from callmarkup import (
    CallMarkupError,
    Code,
    Dial,
    Hangup,
    InvalidMarkupError,
    Number,
    Response,
    Say,
    Verb,
    parse,
    render,
    validate,
)
from callmarkup.strategies import documents, invalid_documents, values

# --- page: forward_call_v1


def forward_call_v1(greeting: str, numbers: list[str]) -> Response:
    """Greet the caller, ring all the numbers at once, and apologise if nobody answers."""
    return Response(
        Say(greeting),
        Dial(*(Number(number) for number in numbers), timeout=20),
        Say("Nobody is available. Goodbye."),
        Hangup(),
    )


# --- page: forward_call


def forward_call(greeting: str, numbers: list[str]) -> Response:
    """Greet the caller, ring the numbers ten at a time, and apologise if nobody answers."""
    verbs: list[Verb] = [Say(greeting)]
    for start in range(0, len(numbers), 10):
        group = numbers[start : start + 10]
        verbs.append(Dial(*(Number(number) for number in group), timeout=20))
    verbs += [Say("Nobody is available. Goodbye."), Hangup()]
    return Response(*verbs)


# --- page: forward_call tests


@given(
    greeting=values(Say, "text"),
    numbers=st.lists(values(Number, "text"), max_size=25),
)
def test_forward_call_serves_valid_documents(greeting: str, numbers: list[str]) -> None:
    """Whatever the greeting and the numbers, the document is valid and reads back the same."""
    doc = forward_call(greeting, numbers)
    xml = render(doc)
    assert validate(xml) == ()
    assert parse(xml) == doc


@given(
    greeting=values(Say, "text"),
    numbers=st.lists(values(Number, "text"), max_size=25),
)
def test_forward_call_rings_every_number_in_order(greeting: str, numbers: list[str]) -> None:
    """Every number is dialled once, in the order given."""
    doc = forward_call(greeting, numbers)
    dialled = [
        noun.text for verb in doc.children if isinstance(verb, Dial) for noun in verb.children
    ]
    assert dialled == numbers


# --- page: load_document

FALLBACK = Response(Say("Sorry, something went wrong. Please call again later."), Hangup())


def load_document(data: bytes) -> Response:
    """Read a stored document; serve the fallback if it is not valid."""
    try:
        return parse(data)
    except CallMarkupError:
        return FALLBACK


# --- page: load_document tests


@given(invalid_documents(as_bytes=True))
def test_broken_documents_fall_back(case: tuple[bytes, Code]) -> None:
    """A document with any fault at all is replaced by the fallback."""
    data, _ = case
    assert load_document(data) == FALLBACK


@given(documents(as_bytes=True, pretty=None))
def test_valid_documents_are_served_as_stored(data: bytes) -> None:
    """A valid document is served as it was stored."""
    assert load_document(data) == parse(data)


# --- page: end


@pytest.mark.parametrize(
    ("numbers", "code"),
    [([], Code.EMPTY), (["0"] * 11, Code.TOO_MANY_CHILDREN)],
)
def test_the_first_try_fails_as_the_page_says(numbers: list[str], code: Code) -> None:
    """The two failures the page reports for forward_call_v1 are what it raises."""
    with pytest.raises(InvalidMarkupError) as raised:
        forward_call_v1("0", numbers)
    assert [violation.code for violation in raised.value.violations] == [code]


def test_the_first_try_is_refuted_with_no_numbers() -> None:
    """Hypothesis' smallest counterexample for forward_call_v1 is the empty list."""

    def refutes(numbers: list[str]) -> bool:
        try:
            forward_call_v1("0", numbers)
        except InvalidMarkupError:
            return True
        return False

    smallest = hypothesis.find(st.lists(values(Number, "text"), max_size=25), refutes)
    assert smallest == []


def _page_blocks() -> list[str]:
    page = Path(__file__).resolve().parent.parent / "docs" / "testing.md"
    fence = re.compile(r"^```python\n(.*?)^```$", re.MULTILINE | re.DOTALL)
    blocks = fence.findall(page.read_text(encoding="utf-8"))
    return [block for block in blocks if not block.lstrip().startswith(">>>")]


def _is_subsequence(lines: list[str], of: list[str]) -> bool:
    remaining = iter(of)
    return all(line in remaining for line in lines)


def test_the_page_shows_this_code() -> None:
    """Each Python block of docs/testing.md is a passage of this file, copied exactly.

    A block of imports only may leave out lines (the names only these tests use).
    """
    source = Path(__file__).read_text(encoding="utf-8")
    blocks = _page_blocks()
    assert len(blocks) >= 5
    for block in blocks:
        lines = [line for line in block.splitlines() if line.strip()]
        if all(line.startswith(("from ", "import ", "    ", ")")) for line in lines):
            assert _is_subsequence(lines, source.splitlines()), block
        else:
            assert block in source, block
