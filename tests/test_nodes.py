"""Node construction: values, normalisation, and one rejection test per rule of the dialect."""

from __future__ import annotations

import pickle
from typing import Any

import attrs
import pytest

import callmarkup
from callmarkup import (
    Client,
    Code,
    Dial,
    Gather,
    Hangup,
    InvalidMarkupError,
    Number,
    Pause,
    Redirect,
    Reject,
    Response,
    Say,
    Sip,
    Violation,
)
from callmarkup._nodes import NODE_CLASSES

# Calls that break the static types on purpose, to test what happens at run time.
loose: Any = callmarkup


def _violations(build: Any) -> list[tuple[str, str]]:
    """The (code, path) of every violation raised by ``build()``."""
    with pytest.raises(InvalidMarkupError) as raised:
        build()
    return [(violation.code.value, violation.path) for violation in raised.value.violations]


def test_nodes_compare_and_hash_by_class_and_fields() -> None:
    """Equal only to a node of the same class with equal fields; equal nodes hash alike."""
    say = Say("Hi", loop=2, voice="woman")
    assert say == Say("Hi", voice="woman", loop=2)
    assert say != Say("Hi", loop=2)
    assert Hangup() == Hangup()
    assert Hangup() != Pause()
    assert Pause() != Pause(length=1)
    assert Number("+15551234567") != Client("alice")
    assert say.__eq__("Hi") is NotImplemented
    assert say != "Hi"
    assert len({say, Say("Hi", loop=2, voice="woman"), Say("Hi"), Hangup(), Hangup()}) == 3
    assert hash(Reject()) == hash(Reject(reason=None))
    assert hash(Reject()) != hash(Reject(reason="busy"))
    again = pickle.loads(pickle.dumps(say))  # noqa: S301 - our own bytes
    assert (again == say, hash(again) == hash(say)) == (True, True)
    assert attrs.evolve(say, loop=3) == Say("Hi", loop=3, voice="woman")


def test_a_subclass_of_a_node_class_compares_by_its_fields() -> None:
    """A class derived from a node class compares its own instances by their fields too."""

    @attrs.frozen(eq=False)
    class Whisper(Say):
        pass

    quiet = Whisper("psst")
    assert quiet == Whisper("psst")
    assert quiet != Whisper("hey")
    assert quiet != Say("psst")
    assert hash(quiet) == hash(Whisper("psst"))


def test_nodes_are_frozen_values() -> None:
    """Equal structure means equal and same hash; attributes cannot be reassigned."""
    first = Response(Gather(Say("Hi", loop=2), num_digits=1), Hangup())
    second = Response(Gather(Say("Hi", loop=2), num_digits=1), Hangup())
    assert first == second
    assert hash(first) == hash(second)
    assert first != Response(Gather(Say("Hi", loop=3), num_digits=1), Hangup())
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        first.children = ()  # type: ignore[misc]  # pyright: ignore[reportAttributeAccessIssue]


def test_nodes_are_slotted() -> None:
    """Nodes carry no instance dictionary."""
    assert not hasattr(Say("Hi"), "__dict__")
    assert not hasattr(Response(), "__dict__")


def test_repr_is_python_that_rebuilds_the_node() -> None:
    """repr() shows set values only, and evaluates back to an equal node."""
    node = Response(
        Gather(Say("Press 1", voice="man"), action="/m", hints=("a", "b")),
        Dial(Number("+1555", status_callback_event=("answered",)), caller_id="+1444"),
        Dial("client:bob"),
    )
    text = repr(node)
    assert text == (
        "Response(Gather(Say('Press 1', voice='man'), action='/m', hints=('a', 'b')),"
        " Dial(Number('+1555', status_callback_event=('answered',)), caller_id='+1444'),"
        " Dial('client:bob'))"
    )
    namespace: dict[str, Any] = {cls.__name__: cls for cls in NODE_CLASSES.values()}
    assert eval(text, namespace) == node  # noqa: S307 - evaluating our own repr


def test_evolve_changes_attributes_and_children() -> None:
    """attrs.evolve works on leaves and containers alike, re-checking the result."""
    gather = Gather(Say("One"), action="/a")
    assert attrs.evolve(gather, timeout=3) == Gather(Say("One"), action="/a", timeout=3)
    assert attrs.evolve(gather, children=(Pause(),)) == Gather(Pause(), action="/a")
    dial = Dial(Number("1"), timeout=5)
    assert attrs.evolve(dial, timeout=6) == Dial(Number("1"), timeout=6)
    assert attrs.evolve(Dial("123"), text="456") == Dial("456")
    assert attrs.evolve(Say("a"), loop=0) == Say("a", loop=0)
    with pytest.raises(InvalidMarkupError):
        attrs.evolve(Say("a"), loop=-1)


def test_nodes_pickle() -> None:
    """A document survives pickling."""
    node = Response(Dial(Sip("sip:a@example.com", username="u")), Reject(reason="busy"))
    assert pickle.loads(pickle.dumps(node)) == node  # noqa: S301 - our own data


def test_children_may_be_given_as_keyword() -> None:
    """children= is the same as positional children, and both at once is a TypeError."""
    assert Response(children=[Hangup()]) == Response(Hangup())
    assert Gather(children=(Say("x"),)) == Gather(Say("x"))
    assert Dial(children=[Client("a")]) == Dial(Client("a"))
    with pytest.raises(TypeError, match="not both"):
        Response(Hangup(), children=[Hangup()])


def test_text_and_string_attributes_are_trimmed_of_xml_whitespace_only() -> None:
    """Constructors trim exactly as the parser does (spec §7.3)."""
    assert Say(" \t\r\nHi there\n ") == Say("Hi there")
    assert Say("\u00a0Hi\u00a0").text == "\u00a0Hi\u00a0"
    assert Gather(action=" /menu ").action == "/menu"
    assert loose.Gather(method=" GET ", input="\tdtmf ") == Gather(method="GET", input="dtmf")
    assert Gather(hints=(" a ", "b ")).hints == ("a", "b")
    events: Any = [" answered "]
    assert Number(" +1555 ", status_callback_event=events).status_callback_event == ("answered",)


def test_lists_become_tuples() -> None:
    """A list given for a list attribute is stored as a tuple, so the node stays hashable."""
    node = Gather(hints=["one", "two"])  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    assert node.hints == ("one", "two")
    assert isinstance(hash(node), int)


def test_dial_text_is_stored_trimmed_and_blank_dial_is_empty() -> None:
    """A Dial with only whitespace as text has no destination at all."""
    assert Dial(" 123 ").text == "123"
    assert _violations(lambda: Dial("  ")) == [("empty", "/Dial")]


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: loose.Say(42), "expected a str"),
        (lambda: loose.Say(None), "expected a str"),
        (lambda: loose.Say("x", loop="2"), "expected an int"),
        (lambda: loose.Say("x", loop=2.0), "expected an int"),
        (lambda: loose.Say("x", loop=True), "expected an int"),
        (lambda: loose.Record(play_beep=1), "expected a bool"),
        (lambda: loose.Gather(method=1), "expected a str"),
        (lambda: loose.Gather(hints="a,b"), "expected a tuple of str"),
        (lambda: loose.Gather(hints=("a", 1)), "expected a str"),
        (lambda: loose.Number("1", status_callback_event="answered"), "expected a tuple of str"),
        (lambda: loose.Response("Say"), "takes nodes as children"),
        (lambda: loose.Gather(loose.Say("x"), "y"), "takes nodes as children"),
        (lambda: loose.Dial("1", "2"), "at most one destination"),
        (lambda: loose.Dial("1", text="2"), "at most one destination"),
        (lambda: loose.Say(), "missing 1 required positional argument"),
    ],
)
def test_wrong_python_types_raise_type_error(build: Any, message: str) -> None:
    """Wrong Python types are TypeError, never InvalidMarkupError (spec §7.8)."""
    with pytest.raises(TypeError, match=message):
        build()


def test_type_error_names_the_element_and_attribute() -> None:
    """The TypeError says which keyword was wrong."""
    with pytest.raises(TypeError, match=r"<Say> loop: expected an int, got str '2'"):
        Say("x", loop="2")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


@pytest.mark.parametrize(
    ("build", "expected"),
    [
        # bad-attribute-value: ranges
        (lambda: loose.Say("x", loop=-1), [("bad-attribute-value", "/Say/@loop")]),
        (
            lambda: loose.Play("/a.wav", loop=2_147_483_648),
            [("bad-attribute-value", "/Play/@loop")],
        ),
        (lambda: loose.Pause(length=0), [("bad-attribute-value", "/Pause/@length")]),
        (lambda: loose.Gather(timeout=0), [("bad-attribute-value", "/Gather/@timeout")]),
        (lambda: loose.Gather(num_digits=0), [("bad-attribute-value", "/Gather/@numDigits")]),
        (lambda: loose.Record(max_length=0), [("bad-attribute-value", "/Record/@maxLength")]),
        (lambda: loose.Dial("1", time_limit=0), [("bad-attribute-value", "/Dial/@timeLimit")]),
        # enums, methods
        (lambda: loose.Say("x", voice="child"), [("bad-attribute-value", "/Say/@voice")]),
        (lambda: loose.Gather(method="get"), [("bad-attribute-value", "/Gather/@method")]),
        (lambda: loose.Gather(input="voice"), [("bad-attribute-value", "/Gather/@input")]),
        (lambda: loose.Gather(language="de-DE"), [("bad-attribute-value", "/Gather/@language")]),
        (lambda: loose.Reject(reason="Busy"), [("bad-attribute-value", "/Reject/@reason")]),
        # key sets
        (
            lambda: loose.Gather(finish_on_key="##"),
            [("bad-attribute-value", "/Gather/@finishOnKey")],
        ),
        (
            lambda: loose.Gather(finish_on_key="a"),
            [("bad-attribute-value", "/Gather/@finishOnKey")],
        ),
        (lambda: loose.Record(finish_on_key=""), [("bad-attribute-value", "/Record/@finishOnKey")]),
        (
            lambda: loose.Record(finish_on_key="1 1"),
            [("bad-attribute-value", "/Record/@finishOnKey")],
        ),
        (
            lambda: loose.Record(finish_on_key="-1#"),
            [("bad-attribute-value", "/Record/@finishOnKey")],
        ),
        # lists
        (lambda: loose.Gather(hints=()), [("bad-attribute-value", "/Gather/@hints")]),
        (lambda: loose.Gather(hints=("a", "")), [("bad-attribute-value", "/Gather/@hints")]),
        (lambda: loose.Gather(hints=("a,b",)), [("bad-attribute-value", "/Gather/@hints")]),
        (lambda: loose.Gather(hints=("x" * 101,)), [("bad-attribute-value", "/Gather/@hints")]),
        (lambda: loose.Gather(hints=("x",) * 51), [("bad-attribute-value", "/Gather/@hints")]),
        (
            lambda: loose.Number("1", status_callback_event=("answered", "answered")),
            [("bad-attribute-value", "/Number/@statusCallbackEvent")],
        ),
        (
            lambda: loose.Number("1", status_callback_event=("hangup",)),
            [("bad-attribute-value", "/Number/@statusCallbackEvent")],
        ),
        (
            lambda: loose.Number("1", status_callback_event=()),
            [("bad-attribute-value", "/Number/@statusCallbackEvent")],
        ),
        # URLs and caller ids
        (lambda: loose.Gather(action=""), [("bad-attribute-value", "/Gather/@action")]),
        (lambda: loose.Gather(action="/a b"), [("bad-attribute-value", "/Gather/@action")]),
        (lambda: loose.Gather(action="ftp://x/y"), [("bad-attribute-value", "/Gather/@action")]),
        (
            lambda: loose.Gather(action="https:no-host"),
            [("bad-attribute-value", "/Gather/@action")],
        ),
        (lambda: loose.Dial("1", dial_music="enabled "), []),
        (lambda: loose.Dial("1", caller_id="b b"), [("bad-attribute-value", "/Dial/@callerId")]),
        (
            lambda: loose.Dial("1", caller_id="client:"),
            [("bad-attribute-value", "/Dial/@callerId")],
        ),
        # characters XML cannot carry
        (lambda: loose.Client("a", name="bell\x07"), [("bad-attribute-value", "/Client/@name")]),
        (lambda: loose.Gather(action="/\ufffe"), [("bad-attribute-value", "/Gather/@action")]),
        (lambda: loose.Say("bell\x07"), [("bad-text-value", "/Say")]),
        (lambda: loose.Say("\ufffe"), [("bad-text-value", "/Say")]),
        (lambda: loose.Say("\ud800"), [("bad-text-value", "/Say")]),
        # text rules
        (lambda: loose.Say(""), [("text-required", "/Say")]),
        (lambda: loose.Play("  "), [("text-required", "/Play")]),
        (lambda: loose.Redirect(""), [("text-required", "/Redirect")]),
        (lambda: loose.Number(""), [("text-required", "/Number")]),
        (lambda: loose.Client("\n"), [("text-required", "/Client")]),
        (lambda: loose.Sip(""), [("text-required", "/Sip")]),
        (lambda: loose.Play("not a url"), [("bad-text-value", "/Play")]),
        (lambda: loose.Redirect("mailto:x@example.com"), [("bad-text-value", "/Redirect")]),
        (lambda: loose.Number("{{PhoneNumber}}"), [("bad-text-value", "/Number")]),
        (lambda: loose.Number("+1888XXXXXXX"), [("bad-text-value", "/Number")]),
        (lambda: loose.Number("123?X-A"), [("bad-text-value", "/Number")]),
        (lambda: loose.Sip("foo@example.com"), [("bad-text-value", "/Sip")]),
        (lambda: loose.Sip("sip:a@300.1.1.1"), [("bad-text-value", "/Sip")]),
        (lambda: loose.Sip("sip:a@example.123"), [("bad-text-value", "/Sip")]),
        (lambda: loose.Sip("sip:a@[::g]"), [("bad-text-value", "/Sip")]),
        (lambda: loose.Sip("sip:a@example.com:0"), [("bad-text-value", "/Sip")]),
        (lambda: loose.Sip("sip:a@example.com:70000"), [("bad-text-value", "/Sip")]),
        (lambda: loose.Sip("sip:a@example.com;transport=sctp"), [("bad-text-value", "/Sip")]),
        (lambda: loose.Sip("sip:a@example.com;transport"), [("bad-text-value", "/Sip")]),
        (lambda: loose.Sip("sip:a@" + "h" * 260 + ".com"), [("bad-text-value", "/Sip")]),
        (lambda: loose.Sip("sip:a@h.com?x=" + "v" * 1030), [("bad-text-value", "/Sip")]),
        (lambda: loose.Sip("sip:a b@h.com"), [("bad-text-value", "/Sip")]),
        (lambda: loose.Dial("client:"), [("bad-text-value", "/Dial")]),
        (lambda: loose.Dial("bob@"), [("bad-text-value", "/Dial")]),
        (lambda: loose.Dial("alice"), [("bad-text-value", "/Dial")]),
        # content rules of Dial
        (lambda: loose.Dial(), [("empty", "/Dial")]),
        (lambda: loose.Dial("123", loose.Number("1")), [("text-forbidden", "/Dial")]),
        (lambda: loose.Dial(loose.Number("1"), "123"), [("text-forbidden", "/Dial")]),
        (
            lambda: loose.Dial(*(loose.Number(str(n)) for n in range(11))),
            [("too-many-children", "/Dial")],
        ),
        (
            lambda: loose.Dial(loose.Sip("sip:a@b.com"), loose.Sip("sip:c@d.com")),
            [("too-many-children", "/Dial")],
        ),
        (
            lambda: loose.Dial(loose.Client("a"), loose.Sip("sip:a@b.com")),
            [("child-not-allowed", "/Dial/Sip[1]")],
        ),
        # nesting
        (lambda: loose.Gather(loose.Dial("1")), [("child-not-allowed", "/Gather/Dial[1]")]),
        (lambda: loose.Gather(loose.Gather()), [("child-not-allowed", "/Gather/Gather[1]")]),
        (lambda: loose.Response(loose.Number("1")), [("child-not-allowed", "/Response/Number[1]")]),
        (lambda: loose.Dial(loose.Say("x")), [("child-not-allowed", "/Dial/Say[1]")]),
        (
            lambda: loose.Response(loose.Response()),
            [("child-not-allowed", "/Response/Response[1]")],
        ),
    ],
)
def test_dialect_violations_raise_invalid_markup_error(
    build: Any,
    expected: list[tuple[str, str]],
) -> None:
    """Each rule of the dialect is enforced when a node is built (spec §7.8)."""
    if not expected:
        build()
        return
    assert _violations(build) == expected


def test_every_violation_of_one_call_is_reported_in_order() -> None:
    """Attributes in table order, then content, then children placement (spec §7.1)."""
    violations = _violations(
        lambda: loose.Dial(
            loose.Say("x"),
            *(loose.Number(str(n)) for n in range(11)),
            timeout=0,
            caller_id="no body",
        ),
    )
    assert violations == [
        ("bad-attribute-value", "/Dial/@timeout"),
        ("bad-attribute-value", "/Dial/@callerId"),
        ("too-many-children", "/Dial"),
        ("child-not-allowed", "/Dial/Say[1]"),
    ]


def test_construction_violations_have_no_position() -> None:
    """A node built in Python has paths relative to itself and no line or column."""
    with pytest.raises(InvalidMarkupError) as raised:
        loose.Gather(loose.Say("a"), loose.Dial("1"), loose.Dial("2"), timeout=0)
    assert raised.value.violations == (
        Violation(
            Code.BAD_ATTRIBUTE_VALUE,
            '<Gather> timeout="0" is not allowed: expected an integer from 1 to 2147483647;'
            " the platform uses the default, 5",
            "/Gather/@timeout",
        ),
        Violation(
            Code.CHILD_NOT_ALLOWED,
            "<Dial> is not allowed inside <Gather>; allowed: <Pause>, <Play>, <Say>",
            "/Gather/Dial[1]",
        ),
        Violation(
            Code.CHILD_NOT_ALLOWED,
            "<Dial> is not allowed inside <Gather>; allowed: <Pause>, <Play>, <Say>",
            "/Gather/Dial[2]",
        ),
    )


def test_method_hint_suggests_upper_case() -> None:
    """A lower-case method is refused with the spelling to use (spec §7.7)."""
    with pytest.raises(InvalidMarkupError, match='write "POST"'):
        Redirect("/x", method="post")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


def test_dial_destination_kinds() -> None:
    """Dial text is a SIP URI with @, client:name, or a phone with optional headers."""
    for destination in ("sip:a@example.com", "client:alice", "1-444-555-666", "123?X-A=1&X-B=2"):
        assert Dial(destination).text == destination
