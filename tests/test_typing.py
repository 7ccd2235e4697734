"""The static types carry the nesting rules: type checkers reject illegal trees.

Each line marked below must be an error for mypy and for pyright; both run in strict mode with
unused ignores reported, so the suppressions themselves fail the type check if a rule is lost.
At run time the same trees raise InvalidMarkupError, or TypeError for a wrong call.
"""

from __future__ import annotations

import ast
import inspect
import textwrap

import pytest

from callmarkup import (
    Client,
    Dial,
    Gather,
    Hangup,
    InvalidMarkupError,
    Noun,
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


def test_two_destination_strings_are_a_type_error() -> None:
    """Dial takes one destination string: a second one is rejected statically and at run time."""
    with pytest.raises(TypeError, match="at most one destination string"):
        Dial("+15551230001", "+15551230002")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


def test_destination_string_after_nouns_is_a_type_error_and_a_violation() -> None:
    """The destination string comes first; after a noun it is rejected statically too."""
    with pytest.raises(InvalidMarkupError):
        Dial(Number("+15551230002"), "+15551230001")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    with pytest.raises(TypeError, match="at most one destination string"):
        Dial("+15551230001", text="+15551230002")  # type: ignore[misc]  # pyright: ignore[reportCallIssue]


def test_unknown_keywords_are_type_errors() -> None:
    """A misspelt keyword (the XML name, say) is rejected statically and at run time."""
    with pytest.raises(TypeError, match="did you mean num_digits"):
        Gather(numDigits=1)  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    with pytest.raises(TypeError, match="did you mean caller_id"):
        Dial("+15551230001", callerId="+15550000000")  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    with pytest.raises(TypeError, match="did you mean loop"):
        Say("x", lop=2)  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]


def test_every_form_of_dial_gather_and_response_type_checks() -> None:
    """Each documented way to give content needs no suppression."""
    nouns: list[Noun] = [Number("+15551230001"), Client("alice")]
    dials = [
        Dial("+15551230001"),
        Dial("+15551230001", timeout=20, caller_id="+15550000000"),
        Dial(*nouns, record=True),
        Dial(Sip("sip:alice@example.com")),
        Dial(text="client:alice", action="/after"),
        Dial(children=nouns),
    ]
    gathers = [Gather(Say("a"), Say("b"), num_digits=1), Gather(children=[Say("a")]), Gather()]
    document = Response(*dials, *gathers)
    assert Response(children=document.children) == document
    assert Response() == Response(children=())


def _keywords(function: ast.FunctionDef) -> dict[str, tuple[str, str]]:
    """Each parameter that can be given by name: its annotation and default, as written."""
    arguments = function.args
    named = arguments.args[1:]  # without self
    pairs = [
        *zip(named[len(named) - len(arguments.defaults) :], arguments.defaults, strict=True),
        *zip(arguments.kwonlyargs, arguments.kw_defaults, strict=True),
    ]
    return {
        argument.arg: (ast.unparse(argument.annotation or ast.Constant(None)), ast.unparse(default))
        for argument, default in pairs
        if default is not None
    }


@pytest.mark.parametrize("cls", [Gather, Dial, Response])
def test_the_signature_type_checkers_read_matches_the_constructor_that_runs(cls: type) -> None:
    """The __init__ declared for type checkers takes the same keywords, typed the same.

    Type checkers read only the declared signature and skip the body that runs, so nothing
    else would notice a keyword added to one and not the other.
    """
    tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    branch = next(
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"
    )
    [declared], [running] = branch.body, branch.orelse
    assert isinstance(declared, ast.FunctionDef)
    assert isinstance(running, ast.FunctionDef)
    assert declared.name == running.name == "__init__"
    assert running.args.kwarg is not None  # to refuse an unknown keyword with a suggestion
    assert declared.args.kwarg is None  # to refuse it statically
    assert declared.args.vararg is not None
    assert running.args.vararg is not None
    varargs = [
        ast.unparse(function.args.vararg.annotation or ast.Constant(None))
        for function in (declared, running)
        if function.args.vararg is not None
    ]
    declared_keywords, running_keywords = _keywords(declared), _keywords(running)
    if cls is Dial:
        # Statically the destination string comes first, and only nouns follow it.
        assert declared_keywords.pop("text") == ("str | Noun | None", "None")
        assert running_keywords.pop("text") == ("str | None", "None")
        assert varargs == ["Noun", "str | Noun"]
    else:
        assert varargs[0] == varargs[1]
    assert declared_keywords == running_keywords
