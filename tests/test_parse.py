"""Parsing and validating documents: values, trimming, positions, paths, order, input types."""

from __future__ import annotations

import pickle
from typing import TYPE_CHECKING

import pytest
from documents import UNKNOWN
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from callmarkup import (
    Code,
    Dial,
    Gather,
    InvalidMarkupError,
    Number,
    ParseError,
    Pause,
    Record,
    Redirect,
    Response,
    Say,
    Violation,
    parse,
    validate,
)
from callmarkup._schema import ELEMENTS, FOREIGN, ROOT

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable


def _codes(data: str | bytes) -> list[str]:
    return [violation.code.value for violation in validate(data)]


def _found(data: str | bytes) -> list[tuple[str, str, int | None, int | None]]:
    return [(v.code.value, v.path, v.line, v.column) for v in validate(data)]


def test_values_are_read_into_python_types() -> None:
    """Integers, booleans, methods and lists come back typed and normalised."""
    doc = parse(
        "<Response>"
        '<Gather numDigits=" 007 " method="get" hints=" a b , c " finishOnKey=" ">'
        "<Say>Hi</Say></Gather>"
        '<Record playBeep="TRUE" transcribe="False" finishOnKey="#1"/>'
        '<Dial record="true"><Number statusCallbackEvent="answered ,completed,\n ringing">'
        "1</Number></Dial>"
        "</Response>",
    )
    assert doc == Response(
        Gather(Say("Hi"), num_digits=7, method="GET", hints=("a b", "c"), finish_on_key=""),
        Record(play_beep=True, transcribe=False, finish_on_key="#1"),
        Dial(
            Number("1", status_callback_event=("answered", "completed", "ringing")),
            record=True,
        ),
    )


def test_text_is_trimmed_and_joined_across_comments_and_cdata() -> None:
    """Text, CDATA and tails are concatenated, then trimmed of XML whitespace (spec §7.3)."""
    doc = parse(
        "<Response>\n  <Say>\n   Hi <!-- pause -->there<![CDATA[ & <friends> ]]>!\n  </Say>"
        "<?pi ignored?></Response>",
    )
    assert doc == Response(Say("Hi there & <friends> !"))


def test_non_breaking_space_is_not_trimmed() -> None:
    """Only XML whitespace is trimmed, never U+00A0."""
    assert parse("<Response><Say>\u00a0Hi</Say></Response>") == Response(Say("\u00a0Hi"))


def test_whitespace_between_verbs_is_ignored_but_text_is_not() -> None:
    """Indentation is fine; words directly in <Response> are text-forbidden."""
    assert validate("<Response>\n\t<Hangup/>\n</Response>") == ()
    assert _found("<Response>\n  Hello\n  <Hangup/>\n</Response>") == [
        ("text-forbidden", "/Response", 1, 1),
    ]


def test_positions_are_at_start_tags_and_attribute_names() -> None:
    """Lines and columns are 1-based and count characters (spec §7.6)."""
    document = (
        "<Response>\n"
        "  <Say loop='x'>Grüße</Say>\n"
        "\t<Gather\n"
        '      numDigits="0">\n'
        "    <Dial>1</Dial>\n"
        "  </Gather>\n"
        "  <Sé>x</Sé><Pause\tlength='-1'/>\n"
        "</Response>"
    )
    assert _found(document) == [
        ("bad-attribute-value", "/Response/Say[1]/@loop", 2, 8),
        ("bad-attribute-value", "/Response/Gather[1]/@numDigits", 4, 7),
        ("child-not-allowed", "/Response/Gather[1]/Dial[1]", 5, 5),
        ("unknown-element", "/Response/Sé[1]", 7, 3),
        ("bad-attribute-value", "/Response/Pause[1]/@length", 7, 20),
    ]


def test_crlf_and_cr_count_as_one_line_break() -> None:
    """Windows and old Mac line ends are each one line."""
    assert _found("<Response>\r\n<Say/>\r<Play/></Response>") == [
        ("text-required", "/Response/Say[1]", 2, 1),
        ("text-required", "/Response/Play[1]", 3, 1),
    ]


def test_paths_count_same_named_siblings() -> None:
    """Steps are Name[n] among siblings of the same name (spec §7.6)."""
    document = (
        "<Response><Say>a</Say><Pause/><Say/><Dial><Number>1</Number><Client/></Dial>"
        "<Dial><Number>2</Number><Number>x</Number></Dial></Response>"
    )
    assert [(v.code.value, v.path) for v in validate(document)] == [
        ("text-required", "/Response/Say[2]"),
        ("text-required", "/Response/Dial[1]/Client[1]"),
        ("bad-text-value", "/Response/Dial[2]/Number[2]"),
    ]


def test_violations_follow_document_order() -> None:
    """Placement, attributes, entities, content, child count, then children (spec §7.1)."""
    document = (
        "<Response>"
        '<Gather bogus="1" timeout="0"><Dial foo="2">x<Number/>'
        + "<Number>1</Number>"
        * 10
        + "</Dial></Gather>"
        "</Response>"
    )
    assert [(v.code.value, v.path) for v in validate(document)] == [
        ("unknown-attribute", "/Response/Gather[1]/@bogus"),
        ("bad-attribute-value", "/Response/Gather[1]/@timeout"),
        ("child-not-allowed", "/Response/Gather[1]/Dial[1]"),
        ("unknown-attribute", "/Response/Gather[1]/Dial[1]/@foo"),
        ("text-forbidden", "/Response/Gather[1]/Dial[1]"),
        ("too-many-children", "/Response/Gather[1]/Dial[1]"),
        ("text-required", "/Response/Gather[1]/Dial[1]/Number[1]"),
    ]


def test_the_stock_unknown_element_is_plainly_unknown() -> None:
    """The tests' unknown element is no element here or elsewhere, nor a slip of one."""
    assert UNKNOWN not in ELEMENTS
    assert UNKNOWN not in FOREIGN
    (violation,) = validate(f"<Response><{UNKNOWN}/></Response>")
    assert violation.code == "unknown-element"
    assert violation.message.startswith(f"<{UNKNOWN}> is not an element of the dialect;")
    assert "did you mean" not in violation.message


def test_unknown_element_is_reported_once_and_not_judged_inside() -> None:
    """Its attributes and content are not judged; its tail belongs to the parent (§7.2)."""
    assert _found(f'<Response><{UNKNOWN} x="1"><Say/></{UNKNOWN}></Response>') == [
        ("unknown-element", f"/Response/{UNKNOWN}[1]", 1, 11),
    ]
    assert _codes(f"<Response><Dial><{UNKNOWN}>sip:a@b.c</{UNKNOWN}></Dial></Response>") == [
        "unknown-element",
    ]
    assert _codes("<Response><Say><b>Hi</b></Say></Response>") == [
        "text-required",
        "unknown-element",
    ]
    assert _codes("<Response><Say><b>Hi</b>there</Say></Response>") == ["unknown-element"]


def test_misplaced_known_element_is_judged_completely() -> None:
    """A child-not-allowed element still has its attributes and text checked (§7.2)."""
    assert _codes('<Response><Gather><Record maxLength="0">x</Record></Gather></Response>') == [
        "child-not-allowed",
        "bad-attribute-value",
        "text-forbidden",
    ]


def test_wrong_root_stops_judging() -> None:
    """Under a wrong root nothing but hostile-input codes is reported."""
    assert _found('<Resp><Say loop="x"/></Resp>') == [("wrong-root", "/Resp", 1, 1)]
    assert _codes("<response/>") == ["wrong-root"]


def test_namespaces() -> None:
    """Namespaced elements are unknown; xmlns is no attribute; prefixed attributes are."""
    assert _found('<Response xmlns="urn:x"/>') == [("wrong-root", "/{urn:x}Response", 1, 1)]
    assert _found(
        '<Response xmlns:p="urn:p"><p:Say>x</p:Say><Say xml:lang="en" p:a="1">x</Say></Response>',
    ) == [
        ("unknown-element", "/Response/{urn:p}Say[1]", 1, 27),
        (
            "unknown-attribute",
            "/Response/Say[1]/@{http://www.w3.org/XML/1998/namespace}lang",
            1,
            48,
        ),
        ("unknown-attribute", "/Response/Say[1]/@{urn:p}a", 1, 62),
    ]


def test_dial_content_rules() -> None:
    """Text XOR nouns; empty; unknown children prevent empty; Sip alone; at most 10."""
    assert _codes("<Response><Dial/></Response>") == ["empty"]
    assert _codes("<Response><Dial>  </Dial></Response>") == ["empty"]
    assert _codes(f"<Response><Dial><{UNKNOWN}>x</{UNKNOWN}></Dial></Response>") == [
        "unknown-element"
    ]
    assert _codes(f"<Response><Dial>123<{UNKNOWN}>x</{UNKNOWN}></Dial></Response>") == [
        "unknown-element"
    ]
    assert _codes("<Response><Dial>123<Number>1</Number></Dial></Response>") == [
        "text-forbidden",
    ]
    assert _codes(
        "<Response><Dial><Number>1</Number><Sip>sip:a@b.com</Sip></Dial></Response>",
    ) == ["child-not-allowed"]
    assert _codes(
        "<Response><Dial><Sip>sip:a@b.com</Sip><Sip>sip:c@d.com</Sip></Dial></Response>",
    ) == ["too-many-children"]
    ten = "<Client>a</Client>" * 10
    assert validate(f"<Response><Dial>{ten}</Dial></Response>") == ()
    assert _codes(f"<Response><Dial>{ten}<Number>1</Number></Dial></Response>") == [
        "too-many-children",
    ]


@pytest.mark.parametrize(
    ("attribute", "valid"),
    [
        ('loop="1.5"', False),
        ('loop="+1"', False),
        ('loop="-0"', False),
        ('loop="\u0661"', False),
        ('loop="0000000000000000000000002"', True),
        ('loop="2147483647"', True),
        ('loop="2147483648"', False),
        ('loop="' + "9" * 5000 + '"', False),
        ('loop=""', False),
        ('loop=" 3 "', True),
    ],
)
def test_integer_lexical_rules(attribute: str, valid: bool) -> None:
    """Digits only, at most 2147483647, cheap even for 5,000 digits (spec §7.7)."""
    codes = _codes(f"<Response><Say {attribute}>x</Say></Response>")
    assert codes == ([] if valid else ["bad-attribute-value"])


@pytest.mark.parametrize(
    ("element", "valid"),
    [
        ('<Record playBeep="TrUe"/>', True),
        ('<Record playBeep="1"/>', False),
        ('<Record playBeep="yes"/>', False),
        ('<Redirect method="pOsT">/x</Redirect>', True),
        ('<Redirect method="PUT">/x</Redirect>', False),
        ('<Redirect method="po\u017ft">/x</Redirect>', False),
        ('<Record playBeep="\u0074rue"/>', True),
        ("<Dial>sip:a@example.com;transport=\u212aCP</Dial>", False),
        ('<Say voice="Woman">x</Say>', False),
        ('<Gather input="dtmf  speech"/>', False),
        ('<Gather finishOnKey="10"/>', False),
        ('<Record finishOnKey=" -1 "/>', True),
        ('<Dial><Number statusCallbackEvent="answered,,completed">1</Number></Dial>', False),
        ('<Dial><Number statusCallbackEvent=" ">1</Number></Dial>', False),
        ('<Gather hints="a,,b"/>', False),
        ("<Play>https://example.com/ü.wav</Play>", True),
        ("<Play>//cdn.example.com/a.wav</Play>", True),
        ("<Play>http:///a.wav</Play>", False),
        ('<Dial dialMusic="disabled">1</Dial>', True),
        ('<Dial callerId="client:alice">1</Dial>', True),
        ("<Dial>sip:alice@example.com;transport=UDP</Dial>", True),
    ],
)
def test_value_grammars(element: str, valid: bool) -> None:
    """Case rules, key sets, lists, URLs and destinations as spec §7.7 says."""
    assert (validate(f"<Response>{element}</Response>") == ()) is valid


def test_message_suggests_the_closest_spelling() -> None:
    """Case-insensitive match first, else the closest legal name (spec §7.9)."""
    messages = [
        v.message
        for v in validate(
            '<Response><SIP/><Dail/><Gather numdigits="1" actoin="/x"/><Fax/></Response>',
        )
    ]
    assert "; did you mean <Sip>? (allowed in <Response>: <Dial>, <Gather>," in messages[0]
    assert "; did you mean <Dial>?" in messages[1]
    assert 'did you mean "numDigits"?' in messages[2]
    assert 'did you mean "action"?' in messages[3]
    assert "did you mean" not in messages[4]


def test_message_lists_allowed_children_alphabetically() -> None:
    """The allowed: list is sorted."""
    (violation,) = validate("<Response><Gather><Hangup/></Gather></Response>")
    assert violation.message == (
        "<Hangup> is not allowed inside <Gather>; allowed: <Pause>, <Play>, <Say>"
    )


def test_parse_raises_invalid_markup_error_with_every_violation() -> None:
    """A dialect problem is InvalidMarkupError; violations equal validate()'s."""
    document = "<Response><Pause length='0'/><Say/></Response>"
    with pytest.raises(InvalidMarkupError) as raised:
        parse(document)
    assert raised.value.violations == validate(document)
    assert len(raised.value.violations) == 2
    assert not isinstance(raised.value, ParseError)


def test_parse_error_carries_first_position() -> None:
    """Malformed input is ParseError with the line and column of its first violation."""
    with pytest.raises(ParseError) as raised:
        parse("<Response>\n  <Say>Hi</Sai>\n</Response>")
    assert raised.value.violations[0].code is Code.MALFORMED
    assert (raised.value.line, raised.value.column) == (2, 16)
    assert str(raised.value).startswith("line 2, column 16: /: Opening and ending tag mismatch")


def test_errors_pickle() -> None:
    """Both error types survive pickling with their violations."""
    for document in ("<Response><Say/></Response>", "<Response>"):
        with pytest.raises((InvalidMarkupError, ParseError)) as raised:
            parse(document)
        copy = pickle.loads(pickle.dumps(raised.value))  # noqa: S301 - our own data
        assert type(copy) is type(raised.value)
        assert copy.violations == raised.value.violations
        assert str(copy) == str(raised.value)


def test_error_message_lists_every_violation() -> None:
    """str() of an error with several violations has one line each."""
    with pytest.raises(InvalidMarkupError) as raised:
        parse("<Response><Say/><Play/></Response>")
    assert str(raised.value).splitlines() == [
        "2 violations:",
        "  line 1, column 11: /Response/Say[1]: <Say> requires text: the words to speak."
        " [text-required]",
        "  line 1, column 17: /Response/Play[1]: <Play> requires text: URL of the audio file."
        " [text-required]",
    ]


@pytest.mark.parametrize(
    "data",
    [
        "<Response><Say>Hi</Say></Response>",
        b"<Response><Say>Hi</Say></Response>",
        bytearray(b"<Response><Say>Hi</Say></Response>"),
        memoryview(b"<Response><Say>Hi</Say></Response>"),
        "\ufeff<Response><Say>Hi</Say></Response>",
        b"\xef\xbb\xbf<Response><Say>Hi</Say></Response>",
        '<?xml version="1.0" encoding="UTF-16"?><Response><Say>Hi</Say></Response>'.encode(
            "utf-16",
        ),
        "<Response><Say>Hi</Say></Response>".encode("utf-16-le"),
        "<Response><Say>Hi</Say></Response>".encode("utf-32"),
    ],
)
def test_accepted_input_types_and_encodings(data: str | bytes | bytearray | memoryview) -> None:
    """str, bytes, bytearray and memoryview; BOMs and UTF-16/32 (spec §7.5)."""
    assert parse(data) == Response(Say("Hi"))


def test_str_is_read_as_utf8_whatever_it_declares() -> None:
    """A declaration in a str does not change how the str is read."""
    document = '<?xml version="1.0" encoding="ISO-8859-1"?><Response><Say>Café</Say></Response>'
    assert parse(document) == Response(Say("Café"))


def test_bytes_honour_the_declared_encoding() -> None:
    """Latin-1 bytes with their declaration decode correctly."""
    document = '<?xml version="1.0" encoding="ISO-8859-1"?><Response><Say>Café</Say></Response>'
    assert parse(document.encode("latin-1")) == Response(Say("Café"))


def test_undecodable_bytes_are_malformed_at_their_place() -> None:
    """Bad UTF-8 is malformed, placed where decoding failed."""
    assert _found(b"<Response>\n<Say>caf\xe9</Say></Response>") == [("malformed", "/", 2, 9)]
    assert _codes(b'<?xml version="1.0" encoding="x-klingon"?><Response/>') == ["malformed"]


def test_lone_surrogate_in_str_is_malformed() -> None:
    """A str that is not text cannot be a document."""
    assert _codes("<Response><Say>\ud800</Say></Response>") == ["malformed"]


def test_other_input_types_are_type_errors() -> None:
    """Anything but text or bytes is a TypeError, not a violation."""
    with pytest.raises(TypeError, match="expected str, bytes"):
        validate(42)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    with pytest.raises(TypeError, match="expected str, bytes"):
        parse(["<Response/>"])  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


def test_bad_caps_are_refused() -> None:
    """max_bytes and max_depth are positive integers."""
    with pytest.raises(ValueError, match="max_bytes must be at least 1"):
        validate("<Response/>", max_bytes=0)
    with pytest.raises(TypeError, match="max_depth must be an int"):
        validate("<Response/>", max_depth=2.5)  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


def test_empty_and_blank_documents_are_malformed() -> None:
    """No root at all is malformed; an empty document at (1, 1)."""
    assert _found("") == [("malformed", "/", 1, 1)]
    assert _found(b"") == [("malformed", "/", 1, 1)]
    assert _codes("  \n ") == ["malformed"]


def test_bare_ampersand_is_placed_at_itself_with_a_hint() -> None:
    """A bare & is malformed at the &, suggesting &amp; (spec §6.14)."""
    (violation,) = validate("<Response>\n  <Dial><Number>1?a=1&b=2</Number></Dial></Response>")
    assert (violation.code, violation.line, violation.column) == (Code.MALFORMED, 2, 22)
    assert "&amp;" in violation.message
    # The value is then judged as the platform repairs it (spec §8.6): "GET&" is no method.
    in_attribute, repaired = validate('<Response><Redirect method="GET&">/x</Redirect></Response>')
    assert (in_attribute.code, in_attribute.column) == (Code.MALFORMED, 32)
    assert (repaired.code, repaired.column) == (Code.BAD_ATTRIBUTE_VALUE, 21)


def test_first_fatal_error_wins_over_a_later_bare_ampersand() -> None:
    """Malformed is reported once, at the first fatal error."""
    assert _found("<Response><Say>x</Sa>&</Response>") == [("malformed", "/", 1, 22)]


def test_ampersand_inside_comments_and_cdata_is_fine() -> None:
    """Neither is a reference."""
    assert validate("<Response><!-- a & b --><Say><![CDATA[a & b &c;]]></Say></Response>") == ()


def test_leading_and_trailing_text_outside_root_is_malformed() -> None:
    """Only markup may surround the root."""
    assert _codes("%%<Response/>") == ["malformed"]
    assert _codes("<Response/>trailing") == ["malformed"]
    assert _codes("<Response/><Response/>") == ["malformed"]


def test_valid_documents_give_an_empty_tuple() -> None:
    """validate() returns () for a valid document, and parse() the node."""
    document = (
        '<?xml version="1.0"?><!-- greeting --><Response><Say>Hello</Say>'
        '<Gather action="/m"><Pause/></Gather><Record/><Redirect>/n</Redirect></Response>'
    )
    assert validate(document) == ()
    assert parse(document) == Response(
        Say("Hello"),
        Gather(Pause(), action="/m"),
        Record(),
        Redirect("/n"),
    )


def test_violation_str_and_defaults() -> None:
    """A Violation reads as one line and defaults to severity error."""
    violation = Violation(Code.EMPTY, "<Dial> is empty", "/Response/Dial[1]")
    assert violation.severity == "error"
    assert str(violation) == "/Response/Dial[1]: <Dial> is empty [empty]"
    assert str(Code.EMPTY) == "empty"


def test_dial_plain_destinations_parse() -> None:
    """Each kind of Dial text parses to Dial(text)."""
    for destination in ("sip:a@example.com", "client:alice", "+1 (555) 123-4567"):
        assert parse(f"<Response><Dial>{destination}</Dial></Response>") == Response(
            Dial(destination),
        )


def test_element_without_children_refuses_any() -> None:
    """A known element inside a leaf is child-not-allowed, and says the leaf has none."""
    (violation,) = validate("<Response><Say>Hi<Play>/a.wav</Play></Say></Response>")
    assert violation.code is Code.CHILD_NOT_ALLOWED
    assert violation.message == "<Play> is not allowed inside <Say>, which has no child elements"


def test_error_without_violations_reads_plainly() -> None:
    """An error built with no violations still has a message."""
    assert str(InvalidMarkupError(())) == "no violations"
    assert ParseError(()).line is None


def _one_letter_out(word: str) -> set[str]:
    return {word[:index] + word[index + 1 :] for index in range(len(word))}


def _equal_to(word: str) -> Callable[[str], bool]:
    return lambda legal_name: legal_name == word


def _anagram_of(word: str) -> Callable[[str], bool]:
    return lambda legal_name: sorted(legal_name) == sorted(word)


def _one_letter_more(word: str) -> Callable[[str], bool]:
    return lambda legal_name: word in _one_letter_out(legal_name)


def _reference_guess(name: str, legal: Iterable[str]) -> str | None:
    """The suggestion of spec §7.9, by brute force, in the order of preference of the index.

    The same letters in any case, then any anagram, then a legal name with a letter missing,
    then, for each letter of ``name`` left out in turn, a legal name, else a legal name with a
    letter missing; the first legal name in alphabetical order wins each step.
    """
    names = sorted(legal)
    lower = name.lower()

    def first(test: Callable[[str], bool]) -> str | None:
        return next((legal_name for legal_name in names if test(legal_name.lower())), None)

    guess = first(_equal_to(lower)) or first(_anagram_of(lower)) or first(_one_letter_more(lower))
    for index in range(len(lower)):
        variant = lower[:index] + lower[index + 1 :]
        guess = guess or first(_equal_to(variant)) or first(_one_letter_more(variant))
    return guess


_LETTERS = "".join(sorted({letter for tag in ELEMENTS for letter in tag + tag.lower()})) + "xqz"


@st.composite
def _slips(draw: st.DrawFn) -> str:
    """A legal element name with up to two slips: case, order, a letter out, in or changed."""
    name = list(draw(st.sampled_from(sorted(ELEMENTS))))
    for _ in range(draw(st.integers(0, 2))):
        slip = draw(st.sampled_from(["case", "shuffle", "out", "in", "change"]))
        at = draw(st.integers(0, len(name) - 1))
        letter = draw(st.sampled_from(_LETTERS))
        if slip == "case":
            name[at] = name[at].swapcase()
        elif slip == "shuffle":
            name = draw(st.permutations(name))
        elif slip == "out" and len(name) > 1:
            del name[at]
        elif slip == "in":
            name.insert(at, letter)
        else:
            name[at] = letter
    return "".join(name)


@settings(max_examples=1000, deadline=None)
@given(_slips() | st.text(alphabet=_LETTERS, min_size=1, max_size=9))
def test_spelling_suggestions_match_their_definition(name: str) -> None:
    """The index of one-slip names suggests what a search of every legal name would."""
    assume(name not in ELEMENTS and name not in FOREIGN)
    (violation,) = validate(f"<Response><{name}/></Response>")
    same_letters = [tag for tag in ELEMENTS if tag.lower() == name.lower()]
    guess = same_letters[0] if same_letters else _reference_guess(name, ELEMENTS[ROOT].children)
    assert violation.code is Code.UNKNOWN_ELEMENT
    hint = f"; did you mean <{guess}>? (allowed" if guess else " (allowed"
    skipped = "; the platform skips it; verbs inside it still run"
    assert f"<{name}> is not an element of the dialect{skipped}{hint}" in violation.message


_DECLARED = b'<?xml version="1.0" encoding="UTF-8"?>'


@pytest.mark.parametrize(
    ("body", "codes"),
    [
        (b"<Response><Say>Caf\xc3\xa9</Say></Response>", []),
        (b"<Response><Say>Caf\xe9</Say></Response>", [Code.MALFORMED]),
        (b"<Response><Say>" + b"x" * 200 + b"</Say></Response>", [Code.TOO_LARGE]),
        (b"<!doctype Response><Response/>", [Code.DOCTYPE_FORBIDDEN]),
        (b'<Response><Say voice="bad">Hi</Say></Response>', [Code.BAD_ATTRIBUTE_VALUE]),
    ],
    ids=["valid", "not-utf-8", "too-large", "doctype", "invalid"],
)
def test_declared_utf8_bytes_read_as_any_other_buffer(body: bytes, codes: list[Code]) -> None:
    """Bytes with the declaration the library writes give what the same bytearray gives."""
    document = _DECLARED + body
    found = validate(document, max_bytes=200)
    assert found == validate(bytearray(document), max_bytes=200)
    assert [violation.code for violation in found] == codes


def test_declared_utf8_bytes_are_decoded_as_utf8() -> None:
    """The text of bytes with the declaration the library writes is read as UTF-8."""
    document = _DECLARED + "<Response><Say>Café ☎</Say></Response>".encode()
    assert parse(document) == Response(Say("Café ☎"))
