"""The raw-text reader: encodings, the prolog, the source map and positions."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from callmarkup import validate
from callmarkup._decode import CHARSETS, DecodeError, decode
from callmarkup._prolog import Prolog, scan_prolog
from callmarkup._source import SourceMap, place_start_tags


def _codes(data: str | bytes) -> list[str]:
    return [violation.code.value for violation in validate(data)]


def test_utf16_without_bom_is_recognised() -> None:
    """Both byte orders of UTF-16 are found from the first bytes (XML 1.0 appendix F)."""
    document = '<?xml version="1.0" encoding="UTF-16"?><Response/>'
    assert decode(document.encode("utf-16-be")) == document
    assert decode(document.encode("utf-16-le")) == document


def test_every_character_set_is_listed_by_pythons_own_name() -> None:
    """Each allowed character set is written as codecs.lookup names it, or it would never match."""
    names = {name: codecs.lookup(name).name for name in CHARSETS}
    assert names == {name: name for name in CHARSETS}
    assert {codecs.lookup(alias).name for alias in ("UTF8", "latin-1", "SJIS", "cp936")} <= CHARSETS


def test_decode_errors_carry_the_text_before_them() -> None:
    """The prefix locates the failure."""
    with pytest.raises(DecodeError) as raised:
        decode(b"<Response>\xff</Response>")
    assert raised.value.prefix == "<Response>"
    with pytest.raises(DecodeError, match="unknown encoding"):
        decode(b'<?xml version="1.0" encoding="nope"?><Response/>')


def test_prolog_without_doctype_changes_nothing() -> None:
    """Blanking a prolog without DOCTYPE is the identity."""
    text = "<?xml version='1.0'?><!-- c --><Response/>"
    prolog = scan_prolog(text)
    assert prolog == Prolog((), ())
    assert prolog.blanked(text) is text


def test_unterminated_prolog_constructs() -> None:
    """An unterminated comment, PI or DOCTYPE never hangs: the parser reports malformed."""
    assert scan_prolog("<!-- never closed <Response/>") == Prolog((), ())
    assert scan_prolog("<?pi never closed <Response/>") == Prolog((), ())
    assert _codes("<!-- never closed <Response/>") == ["malformed"]
    assert _codes("<!DOCTYPE r [ <!ENTITY a 'x'> <Response/>") == [
        "doctype-forbidden",
        "entity-forbidden",
        "malformed",
    ]


def test_doctype_blanking_keeps_line_breaks() -> None:
    """The DOCTYPE becomes spaces of the same length, newlines kept (spec §7.1)."""
    text = "<!DOCTYPE r [\r\n<!ENTITY a 'x'>\n]><Response/>"
    prolog = scan_prolog(text)
    assert prolog.doctype == (0, text.index("<Response"))
    blanked = prolog.blanked(text)
    assert len(blanked) == len(text)
    assert blanked == " " * 13 + "\r\n" + " " * 15 + "\n" + "  <Response/>"


def test_source_map_masks_references_with_filler_of_same_length() -> None:
    """Non-predefined references are masked; predefined and character ones are kept."""
    source = SourceMap.read("<a x='&e;&amp;'>&f;&#65;<!-- &g; --><![CDATA[&h;]]></a>")
    assert source.text == "<a x='xxx&amp;'>xxx&#65;<!-- &g; --><![CDATA[&h;]]></a>"
    assert source.attribute_entities == {0: {"x": ("e",)}}
    assert list(source.content_entities[0]) == ["f"]
    assert source.first_bare_ampersand is None


def test_source_map_positions() -> None:
    """Offsets become 1-based lines and columns; unknown places fall back to the tag."""
    source = SourceMap.read("<a>\n  <b  k='1' p:q='2'/>\r\n<c/></a>")
    assert source.tag_position(1) == (2, 3)
    assert source.tag_position(1, "k") == (2, 7)
    assert source.tag_position(1, "{urn:p}q") == (2, 13)
    assert source.tag_position(1, "missing") == (2, 3)
    assert source.tag_position(2) == (3, 1)
    assert source.tag_position(9) is None


@pytest.mark.parametrize(
    ("text", "starts"),
    [
        ("", [0]),
        ("<a/>", [0]),
        ("<a>\n\n<b/>\n</a>\n", [0, 4, 5, 10, 15]),
        ("<a>\r\n<b/>\r<c/>\n\r</a>", [0, 5, 10, 15, 16]),
    ],
)
def test_source_map_lines_start_after_every_kind_of_line_break(
    text: str, starts: list[int]
) -> None:
    """A line starts after LF, CR LF or CR, whether the text has a CR or not."""
    assert SourceMap.read(text).line_starts == starts


def test_source_map_stops_at_broken_markup() -> None:
    """A start tag it cannot read ends the scan; the XML parser reports the document."""
    source = SourceMap.read("<a><b c=></a>&x;")
    assert source.tag_offsets == [0]
    assert _codes("<Response><Say c=>&x;</Say></Response>") == ["malformed"]


_MARKUP_AROUND_TAGS = (
    "<?xml version='1.0'?>\n<!-- <Say> -->"
    "<Response a='>' b=\"-->\"><?pi <Play> ?><Say><![CDATA[<Pause/> ]]>Hi</Say>\r\n"
    "<Gather\tinput = 'dtmf' ><Play>u</Play></Gather><!-- --><Hangup/></Response>"
)


@pytest.mark.parametrize("references", ["", "&#65;&e;"])
def test_start_tags_are_found_past_comments_cdata_and_pis(references: str) -> None:
    """Markup inside comments, CDATA sections, PIs and attribute values is not a start tag.

    Without references the start tags are found by one regular expression when a position is
    first asked for; with some, by the reader that also finds the references: both agree.
    """
    text = _MARKUP_AROUND_TAGS.replace("Hi", f"Hi{references}")
    source = SourceMap.read(text)
    body = text.index("<Response")
    starts = [
        text.index(tag, body) for tag in ("<Response", "<Say><!", "<Gather", "<Play>u", "<Hangup")
    ]
    assert source.tag_offsets == starts
    assert source.attribute_entities == {}
    assert source.content_entities == ({1: {"e": None}} if references else {})
    assert source.tag_position(2, "input") == (3, 9)


def test_bare_ampersand_after_the_root_is_found() -> None:
    """A bare ``&`` outside every element is still the one to point at."""
    text = "<Response/> & "
    assert SourceMap.read(text).first_bare_ampersand == text.index("&")


@pytest.mark.parametrize("declaration", ["", '<?xml version="1.0"?>\n'])
def test_start_tags_of_a_document_of_only_elements_and_text_are_found_alike(
    declaration: str,
) -> None:
    """A map made knowing there is no comment, CDATA or PI finds the start tags ``read`` finds.

    End tags, empty elements, the declaration and a ``>`` in a value are passed over alike.
    """
    body = (
        "<Response>\n<Say a='>'>Hi &amp; bye</Say><Pause/>"
        "<Gather><Play>u</Play></Gather></Response>"
    )
    text = declaration + body
    start = len(declaration)
    expected = [
        start + body.index(tag) for tag in ("<Response", "<Say", "<Pause", "<Gather", "<Play")
    ]
    assert SourceMap.read(text).tag_offsets == expected


@st.composite
def _placed(draw: st.DrawFn) -> tuple[str, list[tuple[int, str | None]], bool]:
    """A document of start tags whose attributes may sit lines apart, and what to place in it.

    The wanted pairs are sorted by ordinal, an ordinal may be wanted more than once (for the
    tag and for attributes in any order) or lie past the last tag, and an attribute may be
    missing, prefixed, or named ``{uri}local`` as lxml names it.
    """
    comments = draw(st.booleans())
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))  # one kind a document, mostly
    breaks = st.sampled_from(["", " ", newline, f"{newline}{newline}  ", "\n"])
    count = draw(st.integers(1, 6))
    pieces = [draw(st.sampled_from(["", '<?xml version="1.0"?>\n']))]
    for number in range(count):
        pieces.append(f"<E{number}")
        names = draw(st.lists(st.sampled_from(["a", "b", "x:c"]), unique=True))
        pieces.extend(f"{draw(breaks) or ' '}{name}={draw(breaks)}'v'" for name in names)
        pieces.append(f"{draw(breaks)}>{draw(breaks)}")
        if comments and draw(st.booleans()):
            pieces.append("<!-- <E> --><?p <E>?>")
    pieces.extend(f"</E{number}>{draw(breaks)}" for number in reversed(range(count)))
    asked = st.sampled_from([None, "a", "b", "{u}c", "d"])
    wanted = draw(st.lists(st.tuples(st.integers(0, count + 1), asked), max_size=8))
    wanted.sort(key=lambda pair: pair[0])
    return "".join(pieces), wanted, not comments


@given(_placed())
def test_start_tags_placed_in_one_pass_are_where_the_source_map_places_them(
    case: tuple[str, list[tuple[int, str | None]], bool],
) -> None:
    """Placing many start tags and attributes at once gives what placing each one gives."""
    text, wanted, only_tags = case
    source = SourceMap.read(text)
    expected = [source.tag_position(ordinal, attribute) for ordinal, attribute in wanted]
    assert place_start_tags(text, wanted, only_tags=only_tags) == expected
    assert place_start_tags(text, wanted) == expected
