"""A dialect extended with new rows runs through every reader of the table given that table.

The extension adds a verb with text and two attributes (a bounded integer, a phone number) and
an optional-text leaf, with node classes of its own. The generators (constructors, quick
readers, writers), the interpreter, the strategies' values and the schema export all take the
rows as given, so adding an element is a row and a class, not a change to each of them.
"""

from __future__ import annotations

from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from callmarkup import _codecs as codecs
from callmarkup import _export, _parse, _plan, _render, _rules
from callmarkup import _grammars as grammars
from callmarkup import strategies as cs
from callmarkup._nodes import NODE_CLASSES, Say
from callmarkup._schema import ELEMENTS, AttributeRule, ElementRule, TextRule
from callmarkup.strategies import _trees

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

CLASSES: dict[str, type] = {
    **NODE_CLASSES,
    "Response": ExtendedResponse,
    "Announce": Announce,
    "Note": Note,
}
PLANS = {tag: _plan.plan(rule) for tag, rule in TABLE.items()}


def _judge(node: Any) -> None:
    """Judge a node by its row through the interpreter; refuse it with the findings."""
    rule = TABLE["Announce" if type(node) is Announce else "Note"]
    given_values = [(row.xml, getattr(node, row.field)) for row in rule.attributes]
    judged = _rules.judge(
        rule,
        f"/{rule.tag}",
        [(name, value) for name, value in given_values if value is not None],
        node.text,
        (),
        from_source=False,
    )
    if judged.findings:
        raise Refused([finding.code for finding in judged.findings])
    raise AssertionError("the quick path refused a node the interpreter accepts")


Announce.__init__ = _plan.constructor(  # type: ignore[method-assign]
    Announce,
    PLANS["Announce"],
    "def __init__(self, text, *, volume=None, callback=None):",
    classes=CLASSES,
    judge=_judge,
)
Note.__init__ = _plan.constructor(  # type: ignore[method-assign]
    Note, PLANS["Note"], "def __init__(self, text=None):", classes=CLASSES, judge=_judge
)
ExtendedResponse.__init__ = _plan.constructor(  # type: ignore[method-assign]
    ExtendedResponse,
    PLANS["Response"],
    "def __init__(self, children):",
    classes=CLASSES,
    judge=_judge,
)

READERS = _plan.readers(PLANS, CLASSES, build=True)
DOCUMENT = (
    '<Response><Announce volume="10" callbackNumber="+1 555 0100">Closing soon</Announce>'
    "<Note/><Note>kept</Note><Say>Bye</Say></Response>"
)


def _built() -> Any:
    announce: Any = make_announce("Closing soon", volume=10, callback="+1 555 0100")
    first: Any = make_note()
    second: Any = make_note("kept")
    return make_response((announce, first, second, Say("Bye")))


def _read(xml: str) -> Any:
    root = etree.fromstring(xml.encode(), _parse.new_parser())
    return READERS["Response"](root, 1, 32)


def test_constructors_of_the_extension_check_its_rows() -> None:
    """The generated constructors keep legal values and refuse a volume above its maximum."""
    assert _built().children[0].volume == 10
    with pytest.raises(Refused, match="bad-attribute-value"):
        make_announce("Hi", volume=11)
    with pytest.raises(Refused, match="bad-attribute-value"):
        make_announce("Hi", callback="call me")


_compile_writers = _render._compile_writers  # noqa: SLF001  # pyright: ignore[reportPrivateUsage]
_ADDED_WRITERS = {
    CLASSES[tag]: _compile_writers(TABLE[tag])[1] for tag in ("Response", "Announce", "Note")
}


def _write(node: Any) -> str:
    """The canonical text of an extended node (without the XML declaration)."""
    registry: dict[Any, Any] = _render._WRITERS  # noqa: SLF001  # pyright: ignore[reportPrivateUsage]
    # The writers find a child's writer in the renderer's registry: the extension's classes
    # are in it only while the test writes.
    registry.update(_ADDED_WRITERS)
    try:
        out: list[str] = []
        registry[type(node)](node, out)
        return "".join(out)
    finally:
        for cls in _ADDED_WRITERS:
            del registry[cls]


def test_render_and_parse_of_the_extension_round_trip() -> None:
    """Writers and quick readers generated from the extended rows give back the same node."""
    assert _write(_built()) == DOCUMENT
    assert _read(DOCUMENT) == _built()


# The form with a <Video> child is always left to the interpreter's walk, which reads the
# package's own table: the documents drawn here are those the generated readers take whole.
EXTENDED = _Options(
    frozenset(TABLE) - {"Video"}, max_verbs=4, dialect=_trees.Dialect(TABLE, CLASSES)
)


@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_strategies_build_documents_of_the_extension_that_round_trip(data: st.DataObject) -> None:
    """Trees drawn from the extended rows render, read back equal, and satisfy the schema."""
    node: Any = data.draw(_element("Response", EXTENDED))
    assert type(node) is ExtendedResponse
    xml = _write(node)
    assert _read(xml) == node
    assert _SCHEMA.validate(etree.fromstring(xml))


def test_the_interpreter_and_quick_readers_refuse_a_bad_extended_document() -> None:
    """A volume above the maximum is declined by the readers and reported by the interpreter."""
    bad = DOCUMENT.replace('volume="10"', 'volume="11"')
    with pytest.raises((_plan.Declined, codecs.BadValue)):
        _read(bad)
    judged = _rules.judge(
        _ANNOUNCE, "/Response/Announce[1]", [("volume", "11")], "Hi", (), from_source=True
    )
    assert [finding.code.value for finding in judged.findings] == ["bad-attribute-value"]


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
