"""What a constructor says when it is called wrongly: the user's error, alone, with a hint.

The compiled constructors try a quick path first and hand anything unusual to the interpreter;
the error the user sees must not carry the quick path's internal exception as its context, and a
slip (a class for an instance, the XML name of an attribute) gets a suggestion.
"""

from __future__ import annotations

import traceback
from typing import TYPE_CHECKING, Any

import pytest

from callmarkup import (
    Client,
    Dial,
    Gather,
    Hangup,
    InvalidMarkupError,
    Node,
    Number,
    Pause,
    Play,
    Record,
    Redirect,
    Reject,
    Response,
    Say,
    Sip,
)

if TYPE_CHECKING:
    from collections.abc import Callable


def build(cls: Any, *args: Any, **kwargs: Any) -> object:
    """Call a constructor with arguments the type checkers would refuse."""
    return cls(*args, **kwargs)


# Lambdas delay the call until pytest.raises is active.
BAD_CALLS: list[tuple[Callable[[], object], type[Exception]]] = [
    (lambda: Say("\x01"), InvalidMarkupError),
    (lambda: Say(""), InvalidMarkupError),
    (lambda: build(Say, 5), TypeError),
    (lambda: Pause(length=0), InvalidMarkupError),
    (lambda: build(Pause, length="3"), TypeError),
    (lambda: Play("https://exa mple.com/a.mp3"), InvalidMarkupError),
    (lambda: Gather(Say("x"), num_digits=-1), InvalidMarkupError),
    (lambda: build(Gather, Dial("1")), InvalidMarkupError),
    (lambda: build(Gather, hints="a,b"), TypeError),
    (lambda: Record(finish_on_key=""), InvalidMarkupError),
    (lambda: Dial(), InvalidMarkupError),
    (lambda: build(Dial, "not a number"), InvalidMarkupError),
    (lambda: Dial(Sip("sip:a@example.com"), Number("1")), InvalidMarkupError),
    (lambda: Number("x"), InvalidMarkupError),
    (lambda: Client(""), InvalidMarkupError),
    (lambda: build(Reject, reason="nope"), InvalidMarkupError),
    (lambda: Redirect(""), InvalidMarkupError),
    (lambda: build(Response, Say), TypeError),
    (lambda: build(Response, 5), TypeError),
    (lambda: build(Response, Number("1")), InvalidMarkupError),
]


@pytest.mark.parametrize(("call", "kind"), BAD_CALLS)
def test_constructor_errors_carry_no_internal_exception(
    call: Callable[[], object], kind: type[Exception]
) -> None:
    """The error raised has no chained context: its traceback shows one exception, ours."""
    with pytest.raises(kind) as caught:
        call()
    error = caught.value
    assert error.__cause__ is None
    assert error.__context__ is None or error.__suppress_context__
    shown = "".join(traceback.format_exception(error))
    assert "During handling of the above exception" not in shown
    assert "BadValue" not in shown
    assert "Declined" not in shown


@pytest.mark.parametrize("cls", [Say, Hangup, Gather, Number, Dial])
def test_a_class_given_as_a_child_suggests_calling_it(cls: type[Node]) -> None:
    """Response(Say) says that Say(...) was meant."""
    with pytest.raises(TypeError) as caught:
        build(Response, cls)
    assert str(caught.value) == (
        f"<Response> takes nodes as children, got the class {cls.__name__}; "
        f"did you mean {cls.__name__}(...)?"
    )


def test_a_class_given_as_a_noun_suggests_calling_it() -> None:
    """The same hint inside a Dial and a Gather."""
    with pytest.raises(TypeError, match=r"got the class Number; did you mean Number\(\.\.\.\)\?"):
        build(Dial, Number)
    with pytest.raises(TypeError, match=r"got the class Say; did you mean Say\(\.\.\.\)\?"):
        build(Gather, Say)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: build(Gather, numDigits=1),
            "Gather() got an unexpected keyword argument 'numDigits'; did you mean num_digits?",
        ),
        (
            lambda: build(Dial, "+15551230001", callerId="+15550000000"),
            "Dial() got an unexpected keyword argument 'callerId'; did you mean caller_id?",
        ),
        (
            lambda: build(Number, "+15551230001", statusCallbackEvent=("answered",)),
            "Number() got an unexpected keyword argument 'statusCallbackEvent'; "
            "did you mean status_callback_event?",
        ),
        (
            lambda: build(Say, "x", lop=2),
            "Say() got an unexpected keyword argument 'lop'; did you mean loop?",
        ),
        (
            lambda: build(Say, "x", Language="en-US"),
            "Say() got an unexpected keyword argument 'Language'; did you mean language?",
        ),
        (
            lambda: build(Record, maxlength=10),
            "Record() got an unexpected keyword argument 'maxlength'; did you mean max_length?",
        ),
        (
            lambda: build(Record, colour="red"),
            "Record() got an unexpected keyword argument 'colour'; its keywords are: action, "
            "method, timeout, finish_on_key, max_length, play_beep, transcribe, "
            "transcribe_callback",
        ),
        (
            lambda: build(Response, verbs=()),
            "Response() got an unexpected keyword argument 'verbs'; its keywords are: children",
        ),
        (
            lambda: build(Hangup, reason="busy"),
            "Hangup() got an unexpected keyword argument 'reason'; it takes no keywords",
        ),
    ],
)
def test_an_unknown_keyword_suggests_the_one_meant(
    call: Callable[[], object], message: str
) -> None:
    """The XML name of an attribute, or a near miss, names the Python keyword to use."""
    with pytest.raises(TypeError) as caught:
        call()
    assert str(caught.value) == message
    assert caught.value.__context__ is None


def test_known_keywords_still_work_after_the_change() -> None:
    """Every constructor still takes its own keywords, positionally given content included."""
    gather = Gather(Say("x", language="en-US", loop=1), num_digits=1, input="speech")
    assert gather.num_digits == 1
    assert Dial(text="+15551230001", caller_id="+15550000000").caller_id == "+15550000000"
    assert Say(text="x") == Say("x")
