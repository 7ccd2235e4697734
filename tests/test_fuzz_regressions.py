"""Inputs the fuzzer (``fuzz/run.py``) or its follow-up found wrong, kept as they were found.

Each one escaped ``validate`` with an exception that was not ours, or took far too long. The
minimised input is written out in full so that the test needs nothing beside this file. The
inputs that took too long are kept at a size where the old quadratic code took many seconds
and the linear code takes a fraction of one; the time itself is measured by
``bench/floods.py``, not asserted here.
"""

from __future__ import annotations

import codecs
import warnings
from typing import TYPE_CHECKING

import pytest

from callmarkup import (
    Code,
    Gather,
    InvalidMarkupError,
    Number,
    ParseError,
    Pause,
    Response,
    Say,
    parse,
    validate,
)
from callmarkup._decode import CHARSETS
from callmarkup._prolog import scan_prolog

if TYPE_CHECKING:
    from collections.abc import Callable


def _codes(data: bytes | str) -> list[Code]:
    return [violation.code for violation in validate(data)]


# Fuzz seed 1, input 153898, minimised: a declared UTF-7 whose base64 run decodes to a lone
# surrogate (U+DBDE), which then failed to encode as UTF-8 inside validate().
UTF7_LONE_SURROGATE = b'<?xmlencoding="UTF7"+13055872294"'


def test_a_decoder_that_yields_a_lone_surrogate_is_malformed() -> None:
    """UTF-7 bytes decoding to a lone surrogate are malformed, placed where it starts."""
    violations = validate(UTF7_LONE_SURROGATE)
    assert [(v.code, v.line, v.column) for v in violations] == [(Code.MALFORMED, 1, 24)]
    assert "U+DBDE" in violations[0].message
    with pytest.raises(ParseError):
        parse(UTF7_LONE_SURROGATE)


@pytest.mark.parametrize(
    "encoding",
    # Found with the one above: codecs that are not character encodings.
    ["rot13", "base64", "hex", "zlib", "uu", "bz2", "quopri", "undefined", "punycode"],
)
def test_a_codec_that_is_no_character_encoding_is_malformed(encoding: str) -> None:
    """A declared codec of bytes to bytes, or one that refuses everything, is malformed."""
    data = f'<?xml version="1.0" encoding="{encoding}"?><Response/>'.encode()
    assert _codes(data) == [Code.MALFORMED]


@pytest.mark.parametrize("encoding", ["unicode_escape", "raw_unicode_escape"])
def test_escape_codecs_are_unknown_encodings_and_do_not_warn(encoding: str) -> None:
    """Python's escape codecs read no characters; decoding with them warned, or made U+D800."""
    data = f'<?xml version="1.0" encoding="{encoding}"?><Response><Say>\\ud800 \\q</Say></Response>'
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        violations = validate(data.encode())
    assert [v.code for v in violations] == [Code.MALFORMED]
    assert "unsupported encoding" in violations[0].message


def test_utf7_documents_still_read() -> None:
    """A well-formed UTF-7 document is still honoured."""
    data = b'<?xml version="1.0" encoding="UTF-7"?><Response><Say>Caf+AOk-</Say></Response>'
    assert parse(data) == Response(Say("Caf\u00e9"))


def _many_attributes(count: int, prefix: str = "") -> str:
    declaration = ' xmlns:p="urn:p"' if prefix else ""
    attributes = " ".join(f'{prefix}a{i}="1"' for i in range(count))
    return f"<Response><Say{declaration} {attributes}>x</Say></Response>"


@pytest.mark.parametrize("prefix", ["", "p:"])
def test_many_attributes_on_one_element_take_linear_time(prefix: str) -> None:
    """40,000 unknown attributes on one element are judged in well under a second.

    It took 25 s and more before: lxml's items() and the position lookup were both quadratic.
    """
    data = _many_attributes(40_000, prefix)
    violations = validate(data)
    assert len(violations) == 40_000
    assert {v.code for v in violations} == {Code.UNKNOWN_ATTRIBUTE}
    assert violations[-1].column == data.rindex(f" {prefix}a39999=") + 2


@pytest.mark.parametrize("prefix", ["", "p:"])
def test_many_attributes_keep_their_order_values_and_places(prefix: str) -> None:
    """Past the few attributes lxml reads directly, names, values and columns are unchanged."""
    data = _many_attributes(40, prefix).replace(f'{prefix}a7="1"', 'loop="x"')
    violations = validate(data)
    names = ["loop" if i == 7 else f"{prefix}a{i}" for i in range(40)]
    assert [v.column for v in violations] == [data.index(f" {name}=") + 2 for name in names]
    assert violations[7].code is Code.BAD_ATTRIBUTE_VALUE
    assert violations[7].path == "/Response/Say[1]/@loop"
    assert {v.code for i, v in enumerate(violations) if i != 7} == {Code.UNKNOWN_ATTRIBUTE}


def test_many_solitary_children_take_linear_time() -> None:
    """A Dial with a Number and 40,000 Sips took 24 s: each Sip re-read all its siblings."""
    data = "<Response><Dial><Number>1</Number>" + "<Sip/>" * 40_000 + "</Dial></Response>"
    violations = validate(data)
    assert [v.code for v in violations[:3]] == [
        Code.TOO_MANY_CHILDREN,
        Code.CHILD_NOT_ALLOWED,
        Code.TEXT_REQUIRED,
    ]
    assert violations[1].message == "<Sip> must be the only noun in <Dial>; found with <Number>"
    assert len(violations) == 1 + 2 * 40_000


def test_an_entity_between_many_children_is_reported_once() -> None:
    """``<a/>&e;`` repeated 40,000 times in one element took 1.2 s, and 17 s at the size cap.

    Each reference was appended to a copy of the element's list of references, so the reading
    was quadratic in their number; one report per entity name is all that is kept now.
    """
    data = "<Response>" + "<a/>&e;" * 40_000 + "</Response>"
    violations = validate(data)
    assert len(violations) == 2 + 40_000
    # A reference counts as text, which <Response> has none of (spec §7.2).
    assert [v.code for v in violations[:2]] == [Code.ENTITY_FORBIDDEN, Code.TEXT_FORBIDDEN]
    assert {(v.path, v.line, v.column) for v in violations[:2]} == {("/Response", 1, 1)}
    assert {v.code for v in violations[2:]} == {Code.UNKNOWN_ELEMENT}
    assert violations[-1].column == data.rindex("<a/>") + 1


# Fuzz seed 4, inputs 48522, 246053, 325973 and 367191, reduced by hand: long values that fail
# the phone or URL grammar at their last character. The regular expressions could split them
# in every place before giving up: quadratic, 8.6 s for 64 KiB of URL and a hang for 800 KiB.
LONG_FAILING_VALUES = [
    ("<Response><Dial><Number>" + "1" * 20_000 + "é</Number></Dial></Response>", "Number"),
    ("<Response><Dial callerId='1-" + "9" * 20_000 + "x'>1</Dial></Response>", "callerId"),
    ("<Response><Play>http://example.com:8" + "a" * 20_000 + " x</Play></Response>", "Play"),
    ("<Response><Redirect>Https://e" + "voice" * 4_000 + "\tx</Redirect></Response>", "Redirect"),
]


@pytest.mark.parametrize(("data", "where"), LONG_FAILING_VALUES)
def test_long_values_that_fail_a_grammar_are_refused_in_linear_time(data: str, where: str) -> None:
    """Each is one bad value; it took seconds, or hung, before the grammars were anchored."""
    violations = validate(data)
    assert len(violations) == 1
    assert violations[0].code in {Code.BAD_TEXT_VALUE, Code.BAD_ATTRIBUTE_VALUE}
    assert where in violations[0].message


# Integers longer than Python converts (4,300 digits): leading zeros are legal (spec §7.7).
LONG_ZEROS = "0" * 4_300 + "1"


def test_an_integer_with_thousands_of_leading_zeros_is_read() -> None:
    """4,300 zeros and a 1 is length=1, valid, from validate() and parse()."""
    document = f'<Response><Pause length="{LONG_ZEROS}"/></Response>'
    assert validate(document) == ()
    assert validate(document.encode()) == ()
    assert parse(document) == Response(Pause(length=1))


def test_integers_too_long_to_convert_are_bad_values_not_crashes() -> None:
    """Values of more digits than int() takes are bad-attribute-value, with short messages."""
    document = (
        f'<Response><Pause length="1{LONG_ZEROS}"/><Say loop="{"9" * 5_000}">x</Say></Response>'
    )
    violations = validate(document)
    assert [(v.code, v.path) for v in violations] == [
        (Code.BAD_ATTRIBUTE_VALUE, "/Response/Pause[1]/@length"),
        (Code.BAD_ATTRIBUTE_VALUE, "/Response/Say[1]/@loop"),
    ]
    assert all(len(v.message) < 200 for v in violations)


def test_an_ip_address_with_thousands_of_leading_zeros_is_judged() -> None:
    """A SIP host whose octet is 4,301 digits long is judged, not a crash inside validate()."""
    document = f"<Response><Dial><Sip>sip:1.1.1.{LONG_ZEROS}</Sip></Dial></Response>"
    assert [v.code for v in validate(document)] == [Code.BAD_TEXT_VALUE]
    assert validate("<Response><Dial><Sip>sip:1.1.1.00255</Sip></Dial></Response>") == ()


HUGE = 10**5000


@pytest.mark.parametrize(
    ("build", "error"),
    [
        (lambda: Pause(length=HUGE), InvalidMarkupError),
        (lambda: Say("x", loop=HUGE), InvalidMarkupError),
        (lambda: Say("x", language=HUGE), TypeError),  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
        (lambda: Gather(hints=(HUGE,)), TypeError),  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
        (lambda: Number("1", status_callback_event=HUGE), TypeError),  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
        (lambda: Response(HUGE), TypeError),  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    ],
)
def test_huge_integers_given_to_constructors_raise_the_documented_error(
    build: Callable[[], object], error: type[Exception]
) -> None:
    """A 5,001-digit int is described by its size in the message, never converted to str."""
    with pytest.raises(error, match="an integer of about 5,001 digits"):
        build()


# A declared punycode or idna made one 700 KB document cost 18-52 s: their decoders are
# quadratic. Only character sets are read now, and others are refused before decoding.
TEXT_TRANSFORMS = ["punycode", "idna", "rot13", "base64", "zlib", "hex", "utf-8-sig", "palmos"]


@pytest.mark.parametrize("encoding", TEXT_TRANSFORMS)
def test_a_large_document_in_a_text_transform_is_refused_at_once(encoding: str) -> None:
    """700 KB declaring a codec that is not a character set: malformed, nothing decoded."""
    head = f'<?xml version="1.0" encoding="{encoding}"?><Response><Say>'
    data = (head + "aé-" * 230_000 + "</Say></Response>").encode("utf-8")
    assert len(data) > 700_000
    violations = validate(data)
    assert [(v.code, v.line, v.column) for v in violations] == [(Code.MALFORMED, 1, 1)]
    assert f"unsupported encoding '{encoding}'" in violations[0].message


@pytest.mark.parametrize("encoding", sorted(CHARSETS))
def test_every_character_set_of_the_list_reads_a_document(encoding: str) -> None:
    """Each allowed character set, declared by its name, reads a document."""
    document = f'<?xml version="1.0" encoding="{encoding}"?><Response><Say>Hi</Say></Response>'
    if encoding.startswith("utf-32-"):
        data = (codecs.BOM_UTF32_LE if encoding.endswith("le") else codecs.BOM_UTF32_BE) + (
            document.encode(encoding)
        )
    elif encoding.startswith("utf-"):
        data = document.encode(encoding)
    else:
        data = document.encode("ascii")
    assert parse(data) == Response(Say("Hi"))


@pytest.mark.parametrize(
    ("alias", "text"),
    [("latin1", "caf\u00e9"), ("Windows-1252", "\u20ac 5"), ("Shift_JIS", "\u65e5\u672c")],
)
def test_character_sets_are_known_by_their_aliases(alias: str, text: str) -> None:
    """IANA names and aliases of an allowed character set are honoured."""
    document = f'<?xml version="1.0" encoding="{alias}"?><Response><Say>{text}</Say></Response>'
    assert parse(document.encode(alias)) == Response(Say(text))


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (
            "<Response><Say>\x00</Say></Response>",
            "Invalid character: Char 0x0 out of allowed range",
        ),
        ("<Response><!-- x\ny", "Comment not terminated"),
        ("<Response><![CDATA[x\ny", "CData section not finished"),
    ],
)
def test_parser_messages_are_one_line_without_document_text(document: str, message: str) -> None:
    """libxml2's trailing line breaks, and the document text it quotes after them, are cut."""
    violations = validate(document)
    assert [(v.code, v.message) for v in violations] == [(Code.MALFORMED, message)]


@pytest.mark.parametrize("encoding", ["utf-32-le", "utf-32-be", "utf-16-le", "utf-16-be"])
def test_utf16_and_utf32_without_byte_order_mark_are_read(encoding: str) -> None:
    """The first "<" tells UTF-16 and UTF-32 and their byte order, with or without a declaration."""
    document = "<Response><Say>Caf\u00e9 \U0001f4de</Say></Response>"
    declared = f'<?xml version="1.0" encoding="{encoding[:6].upper()}"?>{document}'
    for text in (document, declared):
        assert parse(text.encode(encoding)) == Response(Say("Caf\u00e9 \U0001f4de"))
    doctype = f"<!DOCTYPE r>{document}".encode(encoding)
    assert [v.code for v in validate(doctype)] == [Code.DOCTYPE_FORBIDDEN]


_MIB = 1 << 20
# Prologs of 1 MiB made of the pieces a prolog may hold, each followed by a DOCTYPE.
_LONG_PROLOGS = {
    "processing instructions": "<?p?>" * (_MIB // 5),
    "comments": "<!---->" * (_MIB // 7),
    "byte order marks and whitespace": "\ufeff \r\n\t" * (_MIB // 5),
    "all of them": "\ufeff <!--a--> <?b?>\n" * (_MIB // 20),
    "quoted strings in a DOCTYPE": "<!DOCTYPE a " + "''" * (_MIB // 2) + ">",
    "quoted strings in a subset": "<!DOCTYPE a [" + "''" * (_MIB // 2) + "]>",
    "PIs and comments in a subset": "<!DOCTYPE a [" + "<??><!---->" * (_MIB // 11) + "]>",
}


@pytest.mark.parametrize("name", list(_LONG_PROLOGS))
def test_a_long_prolog_is_scanned_to_its_end(name: str) -> None:
    """1 MiB of prolog pieces: the DOCTYPE after them is found where it is.

    What such prologs cost (they took up to 0.6 s, or held 100 MB of a regular expression's
    records) is measured by ``bench/floods.py`` (``long-prolog``, ``long-subset``).
    """
    prolog = _LONG_PROLOGS[name]
    text = prolog + "<!DOCTYPE b>"
    found = scan_prolog(text)
    assert found.doctypes[-1] == (len(prolog), len(text))


@pytest.mark.parametrize("width", [8190, 8191, 8192, 8193, 20_000])
def test_pieces_across_the_scan_window_are_read_whole(width: int) -> None:
    """Whitespace, comments and quoted strings cut by the scan's window are read whole."""
    space = " " * width
    comment = "<!--" + "-x" * (width // 2) + "<!DOCTYPE a>-->"
    quoted = "'" + "]>" * (width // 2) + "'"
    pi = "<?p " + "?" * width + "?>"
    text = f"{space}{pi}{comment}<!DOCTYPE r {quoted} [{pi}{comment}{quoted}]>{space}<!doctype s>"
    found = scan_prolog(text)
    first = text.index("<!DOCTYPE r")
    assert found.doctypes == (
        (first, text.rindex(f"{quoted}]>") + len(quoted) + 2),
        (text.rindex("<!doctype s>"), len(text)),
    )
