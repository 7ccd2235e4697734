"""A dialect extended with new rows runs through the whole pipeline given that dialect.

The extension adds a verb with text and two attributes (a bounded integer, a phone number) and
an optional-text leaf, with node classes of its own, and keeps every element of the package,
``<Video>`` and the form it gives its parent included (a rule only the interpreter judges).
It is built once, as one :class:`~callmarkup._rows.Dialect`: render, parse and validate take it
as they take the package's own, and so do the interpreter's walk, the quick readers, the
strategies and the schema export. Adding an element is a row and a class, not a change to each
of them, and nothing is registered in the package's own tables.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from interpreter import interpret
from lxml import etree

from callmarkup import _codecs as codecs
from callmarkup import _dialect, _export, _parse, _plan, _render, _rules, _xmlparser, validate
from callmarkup import _grammars as grammars
from callmarkup import strategies as cs
from callmarkup._nodes import NODE_CLASSES, Client, Dial, Hangup, Response, Say, Video
from callmarkup._schema import ELEMENTS, AttributeRule, ElementRule, TextRule
from callmarkup.exceptions import InvalidMarkupError
from callmarkup.strategies import _trees

if TYPE_CHECKING:
    from callmarkup._tree import Element

_legal = cs._legal  # noqa: SLF001  # pyright: ignore[reportPrivateUsage]
_illegal = cs._illegal  # noqa: SLF001  # pyright: ignore[reportPrivateUsage]
_element = _trees._element  # noqa: SLF001  # pyright: ignore[reportPrivateUsage]
_Options = _trees._Options  # noqa: SLF001  # pyright: ignore[reportPrivateUsage]

_VOLUME = codecs.Integer(minimum=1, maximum=10)
_PHONE = codecs.Pattern(
    "a phone number", grammars.is_phone, plain=grammars.PLAIN_PHONE, key="phone"
)

_ANNOUNCE = ElementRule(
    tag="Announce",
    kind="verb",
    summary="Says a short announcement.",
    attributes=(
        AttributeRule("volume", "volume", _VOLUME, "5", "How loud, from 1 to 10."),
        AttributeRule("callback", "callbackNumber", _PHONE, "none", "Where to call back."),
    ),
    text=TextRule(codecs.FreeText(), required=True, summary="the announcement"),
)
_NOTE = ElementRule(
    tag="Note",
    kind="verb",
    summary="A note for people, ignored by the platform.",
    text=TextRule(codecs.FreeText(), required=False, summary="the note"),
)
TABLE: dict[str, ElementRule] = {
    **ELEMENTS,
    "Response": attrs.evolve(
        ELEMENTS["Response"], children=ELEMENTS["Response"].children | {"Announce", "Note"}
    ),
    "Announce": _ANNOUNCE,
    "Note": _NOTE,
}


class Refused(Exception):  # noqa: N818 - what the test's judge raises
    """The interpreter found errors in a node the constructor was given."""


@attrs.frozen(init=False)
class Announce:
    """The node of ``<Announce>``."""

    text: str
    volume: int | None = attrs.field(default=None, kw_only=True)
    callback: str | None = attrs.field(default=None, kw_only=True)


@attrs.frozen(init=False)
class Note:
    """The node of ``<Note>``."""

    text: str | None = None


@attrs.frozen(init=False)
class ExtendedResponse:
    """The root of the extended dialect."""

    children: tuple[Any, ...]


# The classes' constructors are generated below: type checkers see none, so calls go through Any.
make_announce: Any = Announce
make_note: Any = Note
make_response: Any = ExtendedResponse

CLASSES: dict[str, type[Any]] = {
    **NODE_CLASSES,
    "Response": ExtendedResponse,
    "Announce": Announce,
    "Note": Note,
}
EXTENDED = _dialect.build(TABLE, CLASSES)
"""The extended dialect: its rows, its classes, and its generated readers and writers."""


def _judge(node: Any) -> None:
    """Judge a node by its row through the interpreter; refuse it with the findings."""
    rule = TABLE[EXTENDED.tags[type(node)]]
    given_values = [(row.xml, getattr(node, row.field)) for row in rule.attributes]
    children: tuple[object, ...] = getattr(node, "children", ())
    judged = _rules.judge(
        rule,
        f"/{rule.tag}",
        [(name, value) for name, value in given_values if value is not None],
        getattr(node, "text", None),
        [EXTENDED.tags.get(type(child)) for child in children],
        from_source=False,
        dialect=EXTENDED,
    )
    if judged.findings or any(judged.misplaced):
        raise Refused([finding.code for finding in judged.findings], judged.misplaced)
    raise AssertionError("the quick path refused a node the interpreter accepts")


_PLANS = {tag: _plan.plan(TABLE[tag]) for tag in ("Response", "Announce", "Note")}
Announce.__init__ = _plan.constructor(  # type: ignore[method-assign]
    Announce,
    _PLANS["Announce"],
    "def __init__(self, text, *, volume=None, callback=None):",
    classes=CLASSES,
    judge=_judge,
)
Note.__init__ = _plan.constructor(  # type: ignore[method-assign]
    Note, _PLANS["Note"], "def __init__(self, text=None):", classes=CLASSES, judge=_judge
)
ExtendedResponse.__init__ = _plan.constructor(  # type: ignore[method-assign]
    ExtendedResponse,
    _PLANS["Response"],
    "def __init__(self, children):",
    classes=CLASSES,
    judge=_judge,
)

DOCUMENT = (
    '<Response><Announce volume="10" callbackNumber="+1 555 0100">Closing soon</Announce>'
    "<Note/><Note>kept</Note><Say>Bye</Say></Response>"
)
VIDEO_DOCUMENT = (
    '<Response><Announce>Connecting</Announce><Dial><Client name="alice">'
    '<Video enable="true"/></Client></Dial></Response>'
)


def _built() -> Any:
    announce: Any = make_announce("Closing soon", volume=10, callback="+1 555 0100")
    first: Any = make_note()
    second: Any = make_note("kept")
    return make_response((announce, first, second, Say("Bye")))


def _tree(xml: str) -> Element:
    root: Any = etree.fromstring(xml.encode(), _xmlparser.new_parser())
    return root  # type: ignore[no-any-return]


def test_a_row_shows_its_fields_by_keyword() -> None:
    """A row's repr gives every field by keyword, in order, without the derived ones."""
    text = repr(_NOTE.text)
    assert text == f"TextRule(codec={codecs.FreeText()!r}, required=False, summary='the note')"
    shown = repr(_ANNOUNCE)
    assert shown.startswith(
        "ElementRule(tag='Announce', kind='verb', summary='Says a short announcement.', "
        f"attributes={_ANNOUNCE.attributes!r}, text={_ANNOUNCE.text!r}, children=frozenset(), "
    )
    assert shown.endswith("advice=(), child_form=None)")
    assert "AttributeRule(field='volume', xml='volume', codec=" in shown
    assert "by_xml" not in shown
    assert "attribute_names" not in shown


def test_rows_compare_and_hash_by_class_and_fields() -> None:
    """Rows with equal fields are equal and hash alike; derived fields do not count."""
    again = ElementRule(
        tag="Note",
        kind="verb",
        summary="A note for people, ignored by the platform.",
        text=TextRule(codecs.FreeText(), required=False, summary="the note"),
    )
    assert again == _NOTE
    assert hash(again) == hash(_NOTE)
    assert again != attrs.evolve(_NOTE, summary="Another note.")
    assert _NOTE != _ANNOUNCE
    assert _NOTE.text != _NOTE
    assert _NOTE.__eq__("Note") is NotImplemented
    assert len({_NOTE, again, _ANNOUNCE}) == 2


def test_constructors_of_the_extension_check_its_rows() -> None:
    """The generated constructors keep legal values and refuse a volume above its maximum."""
    assert _built().children[0].volume == 10
    with pytest.raises(Refused, match="bad-attribute-value"):
        make_announce("Hi", volume=11)
    with pytest.raises(Refused, match="bad-attribute-value"):
        make_announce("Hi", callback="call me")
    with pytest.raises(Refused, match="not allowed inside <Response>"):
        make_response((Client("alice"),))


def test_render_and_parse_of_the_extension_round_trip() -> None:
    """The extension's document renders from its nodes and parses back to equal nodes."""
    rendered = _render.render_in(EXTENDED, _built())
    assert rendered == _render.DECLARATION + DOCUMENT
    assert _parse.parse_in(EXTENDED, rendered) == _built()
    pretty = _render.render_in(EXTENDED, _built(), pretty=True)
    assert "\n  <Note>kept</Note>\n" in pretty
    assert _parse.parse_in(EXTENDED, pretty) == _built()
    assert _parse.validate_in(EXTENDED, DOCUMENT) == ()


def test_the_package_dialect_refuses_what_only_the_extension_has() -> None:
    """Passed no dialect, the pipeline keeps to the package's own rows and classes."""
    assert [violation.code.value for violation in validate(DOCUMENT)] == ["unknown-element"] * 3
    with pytest.raises(TypeError, match="render\\(\\) takes a Response, got ExtendedResponse"):
        _render.render(_built())
    with pytest.raises(TypeError, match="takes a ExtendedResponse, got Response"):
        _render.render_in(EXTENDED, Response(Hangup()))


def test_the_quick_readers_and_the_walk_of_the_extension_agree() -> None:
    """Both readers of the extension build the same nodes; a bad volume only the walk reports."""
    for build in (True, False):
        quick = _parse.quick_read(_tree(DOCUMENT), 32, build=build, dialect=EXTENDED)
        walked, violations = interpret(_tree(DOCUMENT), DOCUMENT, 32, build=build, dialect=EXTENDED)
        assert violations == []
        assert quick == walked == (_built() if build else None)
    bad = DOCUMENT.replace('volume="10"', 'volume="11"')
    with pytest.raises(_plan.Declined):
        _parse.quick_read(_tree(bad), 32, build=True, dialect=EXTENDED)
    _, violations = interpret(_tree(bad), bad, 32, build=True, dialect=EXTENDED)
    assert [violation.path for violation in violations] == ["/Response/Announce[1]/@volume"]


def test_the_video_form_is_judged_in_the_extension() -> None:
    """A <Client> with <Video>, which only the interpreter reads, parses into extended nodes."""
    announce: Any = make_announce("Connecting")
    video = Response(Dial(Client(name="alice", children=(Video(enable=True),))))
    expected = make_response((announce, *video.children))
    assert _parse.parse_in(EXTENDED, VIDEO_DOCUMENT) == expected
    assert _render.render_in(EXTENDED, expected) == _render.DECLARATION + VIDEO_DOCUMENT
    nameless = VIDEO_DOCUMENT.replace(' name="alice"', "")
    with pytest.raises(InvalidMarkupError) as refused:
        _parse.parse_in(EXTENDED, nameless)
    [violation] = refused.value.violations
    assert (violation.code.value, violation.path) == (
        "attribute-required",
        "/Response/Dial[1]/Client[1]",
    )


@pytest.mark.parametrize(
    ("document", "found"),
    [
        (
            DOCUMENT.replace('volume="10"', 'volume="11"'),
            [("bad-attribute-value", "/Response/Announce[1]/@volume", 1, 21)],
        ),
        (
            "<Response><Announce/><Note><Say>Hi</Say></Note></Response>",
            [
                ("text-required", "/Response/Announce[1]", 1, 11),
                ("child-not-allowed", "/Response/Note[1]/Say[1]", 1, 28),
            ],
        ),
        (
            "<Response><Gather><Announce>Hi</Announce></Gather><Anounce/></Response>",
            [
                ("child-not-allowed", "/Response/Gather[1]/Announce[1]", 1, 19),
                ("unknown-element", "/Response/Anounce[1]", 1, 51),
            ],
        ),
    ],
)
def test_validate_over_the_extension_reports_its_violations(
    document: str, found: list[tuple[str, str, int, int]]
) -> None:
    """Violations of the extension's rows come with their codes, paths, lines and columns."""
    violations = _parse.validate_in(EXTENDED, document)
    assert [(v.code.value, v.path, v.line, v.column) for v in violations] == found
    unknown = [v.message for v in violations if v.code.value == "unknown-element"]
    assert all("did you mean <Announce>?" in message for message in unknown)
    assert all("<Announce>, <Dial>" in message for message in unknown)
    with pytest.raises(InvalidMarkupError):
        _parse.parse_in(EXTENDED, document)


def test_warnings_of_the_extension_read_its_rows() -> None:
    """A verb of the extension after <Hangup> is unreachable; it ends nothing itself."""
    document = "<Response><Announce>Hi</Announce><Hangup/><Note>late</Note></Response>"
    warnings = _parse.validate_in(EXTENDED, document, warnings=True)
    assert [(v.code.value, v.path) for v in warnings] == [("unreachable-verb", "/Response/Note[1]")]


EXTENDED_OPTIONS = _Options(frozenset(TABLE), max_verbs=4, dialect=EXTENDED)


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_strategies_build_documents_of_the_extension_that_round_trip(data: st.DataObject) -> None:
    """Trees drawn from the extended rows render, parse back equal, and satisfy the schema."""
    node: Any = data.draw(_element("Response", EXTENDED_OPTIONS))
    assert type(node) is ExtendedResponse
    xml = _render.render_in(EXTENDED, node)
    assert _parse.parse_in(EXTENDED, xml) == node
    assert _parse.validate_in(EXTENDED, xml) == ()
    assert _SCHEMA.validate(etree.fromstring(xml.encode()))


@settings(max_examples=30, deadline=None)
@given(data=st.data())
def test_strategies_draw_within_the_extended_codecs(data: st.DataObject) -> None:
    """Legal values respect the bounded integer's maximum and the phone grammar; bad ones fail."""
    volume = data.draw(_legal(_VOLUME, text=False))
    assert 1 <= volume <= 10
    phone = data.draw(_legal(_PHONE, text=False))
    assert _PHONE.check(phone) == phone
    bad_volume = _illegal(_VOLUME)
    assert bad_volume is not None
    with pytest.raises(codecs.BadValue):
        _VOLUME.load(grammars.trim(data.draw(bad_volume)))


_SCHEMA: Any = etree.XMLSchema(etree.fromstring(_export._xml_schema(TABLE).encode()))  # noqa: SLF001  # pyright: ignore[reportPrivateUsage]


@pytest.mark.parametrize("kind", ["xsd", "rng"])
def test_the_export_of_the_extension_accepts_and_refuses_as_its_rows_say(kind: str) -> None:
    """Both schemas of the extended table accept the document and refuse a volume of 11."""
    if kind == "xsd":
        schema: Any = etree.XMLSchema(etree.fromstring(_export._xml_schema(TABLE).encode()))  # noqa: SLF001  # pyright: ignore[reportPrivateUsage]
    else:
        schema = etree.RelaxNG(etree.fromstring(_export._relax_ng(TABLE).encode()))  # noqa: SLF001  # pyright: ignore[reportPrivateUsage]
    assert schema.validate(etree.fromstring(DOCUMENT))
    assert not schema.validate(etree.fromstring(DOCUMENT.replace('"10"', '"11"')))
    assert not schema.validate(etree.fromstring(DOCUMENT.replace("+1 555 0100", "call me")))
