"""The functions compiled from the table agree with a plain reading of the table.

The renderer, the constructors and the parser run code generated from the rows of the table.
These tests compare what that code does with what the rows say, read the slow and obvious way:
the canonical text written row by row, and the verdicts of ``_rules.judge``.
"""

from __future__ import annotations

import enum
import random
import re
from typing import TYPE_CHECKING, Any, cast

import attrs
import pytest
from documents import Tree, fuzzed, trees
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from interpreter import interpret
from lxml import etree

from callmarkup import (
    Code,
    InvalidMarkupError,
    Response,
    _codecs,
    _list_codecs,
    _node_base,
    _parse,
    _plan,
    _source,
    _walk,
    _xmlparser,
    render,
)
from callmarkup._nodes import NODE_CLASSES, RULES, Node
from callmarkup._render import DECLARATION
from callmarkup._schema import ELEMENTS as RULES_BY_TAG
from callmarkup.strategies import invalid_documents

if TYPE_CHECKING:
    from callmarkup._schema import AttributeRule, ElementRule

_ATTRIBUTE_ESCAPES = (
    ("&", "&amp;"),
    ("<", "&lt;"),
    (">", "&gt;"),
    ('"', "&quot;"),
    ("\t", "&#9;"),
    ("\n", "&#10;"),
    ("\r", "&#13;"),
)
_TEXT_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ("\r", "&#13;"))


def _escaped(value: str, escapes: tuple[tuple[str, str], ...]) -> str:
    for char, reference in escapes:
        value = value.replace(char, reference)
    return value


def _reference(node: Node) -> str:
    """Spec §7.4, row by row: the canonical text of a node."""
    rule = RULES[type(node)]
    start = f"<{rule.tag}"
    for row in rule.attributes:
        value = getattr(node, row.field)
        if value is not None:
            start += f' {row.xml}="{_escaped(row.codec.dump(value), _ATTRIBUTE_ESCAPES)}"'
    text: str | None = getattr(node, "text", None)
    children: tuple[Node, ...] = getattr(node, "children", ())
    if text is None and not children:
        return start + "/>"
    inner = "" if text is None else _escaped(text, _TEXT_ESCAPES)
    inner += "".join(_reference(child) for child in children)
    return f"{start}>{inner}</{rule.tag}>"


# Legal values for every codec, with every character that needs escaping where one may appear.
_SAMPLES: dict[str, tuple[Any, ...]] = {
    "FreeText": ("plain", "A&B <c> \"d\" 'e'", "tab\there\nnew\rline", "Grüße 東京"),
    "Url": ("/next", "https://example.com/a?b=1&c='2'", "/q?x=%22y%22#top", "https://ex.com/é"),
    "Integer": (0, 1, 42, 2_147_483_647),
    "Boolean": (True, False),
    "Method": ("GET", "POST"),
    "OneKey": ("", "#", "5"),
    "KeySet": ("-1", "#*1", "0123456789", "11#"),
}


def _samples(row: AttributeRule) -> tuple[Any, ...]:
    codec = row.codec
    finite = codec.finite()
    if finite is not None:
        return finite
    if isinstance(codec, _codecs.Integer):
        inside = [value for value in _SAMPLES["Integer"] if codec.minimum <= value <= codec.maximum]
        return tuple(sorted({codec.minimum, *inside, codec.maximum}))
    if isinstance(codec, _list_codecs.TokenList):
        return (codec.values[:1], codec.values[::-1])
    if isinstance(codec, _list_codecs.PhraseList):
        return (("one",), ("a & b", "<c>", 'say "hi"'))
    if isinstance(codec, _codecs.Pattern):
        return ("+1 (555) 010-0000", "client:A&B <x>", "bob", "sips:a@h")
    return _SAMPLES[type(codec).__name__]


# Legal texts for every text codec (a pattern by its grammar's key), with the characters that
# need escaping where one may appear. An element's texts are those of its row's codec.
_TEXT_SAMPLES: dict[str, tuple[str, ...]] = {
    "FreeText": ("Hi", "Fish & <chips>\r\n"),
    "Url": ("/a.wav", "https://example.com/a.wav?x=1&y=%3C2%3E", "/next?a=1&b=2"),
    "SipUri": ("sip:alice@example.com", "sip:a@example.com?X-A=1&X-B=2"),
    "number-target": ("+15550100000", "+1555?X-A=1&X-B=<2>"),
    "client-target": ("alice", "bob & <carol>"),
    "dial-destination": ("+15550100000", "sip:bob@example.com?X-A=1&X-B=2"),
}


def _texts(rule: ElementRule) -> tuple[str, ...]:
    """Legal texts of the element, chosen by the codec of its row's text."""
    if rule.text is None:
        return ()
    codec = rule.text.codec
    return _TEXT_SAMPLES[codec.key if isinstance(codec, _codecs.Pattern) else type(codec).__name__]


def _random_node(tag: str, rng: random.Random) -> Node:
    rule = RULES[NODE_CLASSES[tag]]
    keywords: dict[str, Any] = {}
    for row in rule.attributes:
        if rng.random() < 0.6:
            keywords[row.field] = rng.choice(_samples(row))
    positional: list[Any] = []
    if rule.text is not None and (not rule.text_or_children or rng.random() < 0.5):
        positional.append(rng.choice(_texts(rule)))
    elif rule.solitary_children and rng.random() < 0.3:
        positional.append(_random_node(rng.choice(sorted(rule.solitary_children)), rng))
    elif rule.children:
        kinds = sorted(rule.children - rule.solitary_children)
        count = rng.randrange(1 if rule.text_or_children else 0, 4)
        positional += [_random_node(rng.choice(kinds), rng) for _ in range(count)]
    return NODE_CLASSES[tag](*positional, **keywords)


def _random_documents(count: int) -> list[Response]:
    rng = random.Random(20240611)  # noqa: S311 - reproducible samples, not secrets
    verbs = sorted(RULES[Response].children)
    return [
        Response(*(_random_node(rng.choice(verbs), rng) for _ in range(rng.randrange(1, 6))))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
        for _ in range(count)
    ]


@pytest.mark.parametrize("document", _random_documents(300))
def test_compiled_renderer_writes_what_the_rows_say(document: Response) -> None:
    """The generated writers give the text of spec §7.4, written row by row."""
    assert render(document) == DECLARATION + _reference(document)


class _Text(str):
    """A str subclass: checks must store plain str values."""

    __slots__ = ()


class _Count(enum.IntEnum):
    """An int subclass: checks must store plain int values."""

    TWO = 2


_ODD: tuple[Any, ...] = (
    0,
    -1,
    1,
    2**31,
    True,
    False,
    3.5,
    _Count.TWO,
    "",
    " ",
    "x",
    " padded ",
    "tab\tinside",
    "nul\x00",
    "bad\ufffe",
    "get",
    " GET ",
    "POST",
    _Text("GET"),
    _Text(" /x "),
    "/relative",
    "https://",
    "mailto:someone",
    "ftp://host/",
    "https://host/ok",
    "+15550100000",
    " +1 (555) 010-0000 ",
    "client:bob",
    "client: ",
    "sip:bob@example.com",
    "sip:bob@999.1.1.1",
    "#",
    "##",
    "-1",
    "12#",
    ("initiated",),
    ("ringing", "ringing"),
    (" answered ", "completed"),
    (_Text("initiated"),),
    ["completed"],
    (),
    ("a,b",),
    ("phrase",),
    (1,),
    b"bytes",
    [["unhashable"]],
    (["unhashable"],),
)


def _compiled(cls: type[Node], fields: dict[str, Any]) -> Node | Exception:
    node = object.__new__(cls)
    try:
        _node_base.INITIALISERS[cls](node, *fields.values())
    except (TypeError, InvalidMarkupError) as error:
        return error
    return node


def _interpreted(cls: type[Node], fields: dict[str, Any]) -> Node | Exception:
    node = object.__new__(cls)
    for name, value in fields.items():
        object.__setattr__(node, name, value)
    try:
        _node_base.judge_node(node)
    except (TypeError, InvalidMarkupError) as error:
        return error
    return node


def _types(value: object) -> tuple[type, ...]:
    kind: type = type(value)
    items = cast("tuple[object, ...]", value) if kind is tuple else ()
    return (kind, *map(type, items))


def _outcome(result: Node | Exception) -> Any:
    if isinstance(result, InvalidMarkupError):
        return ("invalid", result.violations)
    if isinstance(result, Exception):
        return (type(result), str(result))
    fields = attrs.asdict(result, recurse=False)
    return fields, {name: _types(value) for name, value in fields.items()}


def _random_children(rule: ElementRule, rng: random.Random) -> tuple[Any, ...]:
    """Mostly legal children; now and then a stranger, a non-node or too many."""
    roll = rng.random()
    verbs = sorted(RULES[Response].children)
    others = sorted(rule.children - rule.solitary_children)
    if roll < 0.05:
        # One more than a limit of the table allows, of a kind it limits.
        limit = rng.choice(_LIMITS)
        kinds = sorted(limit.tags)
        return tuple(_random_node(rng.choice(kinds), rng) for _ in range(limit.maximum + 1))
    if roll < 0.1 and rule.solitary_children and others:
        lone = rng.choice(sorted(rule.solitary_children))
        return (_random_node(lone, rng), _random_node(rng.choice(others), rng))
    if roll < 0.15:
        return (_random_node(rng.choice(verbs), rng), rng.choice(_ODD))
    if roll < 0.2:
        return (_random_node(rng.choice(verbs), rng),)
    if rule.solitary_children and roll < 0.3:
        return (_random_node(rng.choice(sorted(rule.solitary_children)), rng),)
    return tuple(_random_node(rng.choice(others), rng) for _ in range(rng.randrange(0, 4)))


_LIMITS = tuple(limit for rule in RULES_BY_TAG.values() for limit in rule.child_limits)
"""Every limit on children the table sets."""


def _random_fields(cls: type[Node], rng: random.Random) -> dict[str, Any]:
    """Arguments for every field: mostly legal, with odd values and omissions mixed in."""
    rule = RULES[cls]
    rows = {row.field: row for row in rule.attributes}
    fields: dict[str, Any] = {}
    for field in attrs.fields(cls):
        roll = rng.random()
        if field.name == "children":
            fields["children"] = _random_children(rule, rng)
        elif field.name == "text":
            if rule.text is not None and not rule.text.required and roll < 0.5:
                fields["text"] = None
            elif roll < 0.85:
                fields["text"] = rng.choice(_texts(rule))
            else:
                fields["text"] = rng.choice((None, *_ODD))
        elif roll < 0.4:
            fields[field.name] = None
        elif roll < 0.9:
            fields[field.name] = rng.choice(_samples(rows[field.name]))
        else:
            fields[field.name] = rng.choice(_ODD)
    return fields


@pytest.mark.parametrize("tag", sorted(NODE_CLASSES))
def test_compiled_constructors_agree_with_the_interpreter(tag: str) -> None:
    """Same stored values, or the same error, as judging the node with ``_rules.judge``."""
    cls = NODE_CLASSES[tag]
    rng = random.Random(tag)  # noqa: S311 - reproducible samples, not secrets
    for _ in range(400):
        fields = _random_fields(cls, rng)
        assert _outcome(_compiled(cls, fields)) == _outcome(_interpreted(cls, fields)), fields


@pytest.mark.parametrize("tag", sorted(tag for tag, rule in RULES_BY_TAG.items() if rule.text))
def test_text_codecs_check_as_clean_text_then_load(tag: str) -> None:
    """A text codec's ``check`` is ``clean_text`` then ``load``: its guard stands for both."""
    text_rule = RULES_BY_TAG[tag].text
    assert text_rule is not None
    codec = text_rule.codec
    for value in (*_texts(RULES_BY_TAG[tag]), *_ODD):
        try:
            expected: Any = codec.load(_codecs.clean_text(value))
        except (TypeError, _codecs.BadValue) as error:
            expected = type(error)
        try:
            found: Any = codec.check(value)
        except (TypeError, _codecs.BadValue) as error:
            found = type(error)
        assert found == expected, value


def _mutations(xml: str, rng: random.Random) -> list[str]:
    """Small edits of a valid document, most of which break it in one way or another."""
    edits = [
        ("<Say", "<say"),
        ("<Say", '<Say extra="1"'),
        ("<Say", '<Say xml:lang="en"'),
        ("<Say", '<Say xmlns="urn:x"'),
        ("<Say>", "<Say> <!-- c --> "),
        ("</Say>", "<![CDATA[ & more ]]></Say>"),
        ("</Say>", "<Pause/></Say>"),
        ('loop="', 'loop=" 00'),
        ('loop="', 'loop="-'),
        ('length="', 'length="0'),
        ('timeout="', 'timeout=" '),
        ('method="', 'method="x'),
        ('method="POST"', 'method="post"'),
        ('method="GET"', 'method=" get "'),
        ('playBeep="', 'playBeep="T'),
        ('playBeep="true"', 'playBeep="TRUE"'),
        ('finishOnKey="', 'finishOnKey="1'),
        ('statusCallbackEvent="', 'statusCallbackEvent="ringing '),
        ('statusCallbackEvent="', 'statusCallbackEvent="answered,'),
        ('hints="', 'hints=" ,'),
        ('url="', 'url="mailto:'),
        ('action="', 'action=" '),
        ("<Number>", "<Number>x"),
        ("<Number>", "<Number>  "),
        ("</Number>", "</Number><Sip>sip:a@example.com</Sip>"),
        ("</Number>", "</Number>" + "<Number>1</Number>" * 10),
        ("<Dial>", "<Dial>+15550100000"),
        ("<Dial>", "<Dial> "),
        ("<Gather>", "<Gather>text"),
        ("<Gather", "<Gather><Dial>1</Dial></Gather><Gather"),
        ("<Hangup/>", "<Hangup>text</Hangup>"),
        ("<Hangup/>", "<Hangup><Say>x</Say></Hangup>"),
        ("<Response>", "<Response>\n  "),
        ("<Response>", "<Response>stray text"),
        ("<Response>", "<Response><Dail/>"),
        ("<Response>", "<Response><Number>1</Number>"),
        ("<Response>", "<Response><Dial/>"),
        ("<Response", "<response"),
        ("<Play", "<Play loop=''"),
        ("<Redirect>", "<Redirect>  "),
        ("<Record", "<Record transcribeCallback='ftp://x'"),
        ("<Sip", '<Sip transport="udp"'),
        ("sip:", "sip:@"),
    ]
    found: list[str] = []
    for old, new in rng.sample(edits, 12):
        if old in xml:
            found.append(xml.replace(old, new, 1))
    return found


def _tree(xml: str) -> Any:
    return etree.fromstring(xml.encode("utf-8"), _xmlparser.new_parser())


def _walked(root: Any, xml: str, max_depth: int, *, build: bool) -> Any:
    try:
        node, findings = interpret(root, xml, max_depth, build=build)
    except _walk.TooDeep:
        return "too deep"
    return findings or node


def _quickly(root: Any, max_depth: int, *, build: bool) -> Any:
    try:
        return _parse.quick_read(root, max_depth, build=build)
    except _plan.Declined:
        return "declined"


def _documents_to_read() -> list[str]:
    rng = random.Random(7)  # noqa: S311 - reproducible samples, not secrets
    valid = [render(document) for document in _random_documents(150)]
    return valid + [mutated for xml in valid for mutated in _mutations(xml, rng)]


@pytest.mark.parametrize("build", [True, False], ids=["parse", "validate"])
@pytest.mark.parametrize("max_depth", [32, 2])
def test_compiled_readers_agree_with_the_interpreter(build: bool, max_depth: int) -> None:
    """Read quickly, a document gives the interpreter's nodes, or is left to the interpreter."""
    declined = 0
    for xml in _documents_to_read():
        if _source.has_suspect_ampersand(xml):
            continue
        try:
            root = _tree(xml)
        except etree.XMLSyntaxError:
            continue
        quick = _quickly(root, max_depth, build=build)
        walked = _walked(root, xml, max_depth, build=build)
        if quick == "declined":
            declined += 1
            continue
        assert not isinstance(walked, (list, str)), (xml, walked)
        assert quick == walked, xml
        if build:
            assert _outcome(quick) == _outcome(walked), xml
    assert declined


def test_compiled_readers_take_every_canonical_document() -> None:
    """Every document callmarkup writes is read by the quick path, not the interpreter."""
    for document in _random_documents(150):
        quick = _quickly(_tree(render(document)), 32, build=True)
        assert quick == document


def test_quick_readers_build_frozen_nodes_of_the_class_itself() -> None:
    """A node the quick readers build is of its very class, with its slots only, and frozen."""
    for document in _random_documents(40):
        quick = _quickly(_tree(render(document)), 32, build=True)
        pending: list[Any] = [quick]
        while pending:
            node = pending.pop()
            assert type(node) in NODE_CLASSES.values(), repr(node)
            assert not hasattr(node, "__dict__")
            with pytest.raises(attrs.exceptions.FrozenInstanceError):
                node.text = None
            pending += getattr(node, "children", ())


_RAW = (
    "",
    "0",
    "00",
    "1",
    "007",
    "999999999",
    "2147483647",
    "2147483648",
    "-1",
    "+1",
    "١٢",
    "true",
    "TRUE",
    "false",
    "yes",
    "GET",
    "get",
    "Post",
    "man",
    "dtmf speech",
    "#",
    "#*1",
    "11",
    "/next",
    "https://example.com/x?a=1",
    "https://",
    "mailto:x",
    "disabled",
    "+1 (555) 010-0000",
    "+1555?X-A=1",
    "client:bob",
    "initiated,answered",
    "answered answered",
    "a, b",
    "sip:bob@example.com",
)


def _codecs_of_the_table() -> list[Any]:
    found: list[Any] = []
    for rule in RULES_BY_TAG.values():
        codecs = [row.codec for row in rule.attributes]
        codecs += [rule.text.codec] if rule.text is not None else []
        # Equal codecs are one case: two Boolean attributes of one element are not two codecs.
        found += [codec for codec in dict.fromkeys(codecs) if codec not in found]
    return found


def _codecs_with_quick_checks() -> list[Any]:
    """The codecs of the table that declare a quick check, which the generator inlines."""
    return [codec for codec in _codecs_of_the_table() if codec.quick() is not None]


def _read_as_load(codec: _codecs.Codec[Any], raw: str) -> None:
    """A codec's inline read of a document's string equals ``load``, or raises as it does."""
    names: dict[str, Any] = {}
    source = _plan.read_source(codec, "value", "p_", names)
    try:
        expected: Any = codec.load(raw)
    except _codecs.BadValue:
        expected = _codecs.BadValue
    try:
        found: Any = eval(source, dict(names), {"value": raw})  # noqa: S307 - the codec's own source
    except _codecs.BadValue:
        found = _codecs.BadValue
    assert (found, type(found)) == (expected, type(expected)), raw


@pytest.mark.parametrize("codec", _codecs_with_quick_checks(), ids=repr)
def test_quick_reads_give_what_load_gives(codec: _codecs.Codec[Any]) -> None:
    """Every sample string reads the same through the inline read and through ``load``."""
    for raw in _RAW:
        _read_as_load(codec, raw)


def _agree(xml: str) -> None:
    """The quick readers give the interpreter's nodes, or leave the document to it."""
    if _source.has_suspect_ampersand(xml):
        return
    try:
        root = _tree(xml)
    except etree.XMLSyntaxError:
        return
    for build in (True, False):
        quick = _quickly(root, 32, build=build)
        if quick == "declined":
            continue
        walked = _walked(root, xml, 32, build=build)
        assert not isinstance(walked, (list, str)), (xml, walked)
        assert _outcome(quick) == _outcome(walked) if build else quick is walked is None, xml


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(trees(), fuzzed()), st.sampled_from(["", "\n  "]))
def test_quick_readers_agree_on_generated_documents(tree: Tree, spacing: str) -> None:
    """Legal documents, and documents with near-miss values anywhere, read the same both ways."""
    _agree(tree.xml(spacing=spacing))


# The codes of a tree the quick readers see: not the hostile ones, which the parser reports
# (read where the parser keeps them).
_TREE_CODES = tuple(
    code
    for code in Code
    if code.severity == "error" and code not in _parse._HOSTILE  # noqa: SLF001  # pyright: ignore[reportPrivateUsage]
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(invalid_documents(codes=_TREE_CODES))
def test_quick_readers_decline_every_broken_document(case: tuple[str, Code]) -> None:
    """A document with one rule broken is always left to the interpreter."""
    xml, _ = case
    assume(not _source.has_suspect_ampersand(xml))
    root = _tree(xml)
    for build in (True, False):
        assert _quickly(root, 32, build=build) == "declined", xml


def _url_by_the_rules(raw: str, literals: tuple[str, ...] = ()) -> bool:
    """Spec §7.7 for a trimmed URL, read the slow and obvious way."""
    if raw in literals:
        return True
    if not raw or any(char <= " " or "\x7f" <= char <= "\x9f" for char in raw):
        return False
    scheme = re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", raw)
    return scheme is None or re.match(r"(?i:https?)://[^/?#]", raw) is not None


@pytest.mark.parametrize(
    "raw",
    [
        "/next",
        "next?a=1&b=2",
        "HTTPS://Example.com",
        "http://h",
        "http://",
        "https:///path",
        "ftp://host",
        "mailto:x",
        "x1+.-:y",
        "/a:b",
        "a b",
        "",
        "/tab\t",
        "/del\x7f",
        "/c1\x85",
        "/nbsp\xa0",
        "/surrogate\ud800",
        "/nonchar\ufffe",
        "disabled",
        "also disabled",
    ],
)
def test_quick_url_test_accepts_only_legal_urls(raw: str) -> None:
    """The one-pass URL test, and the checks after it, agree with spec §7.7."""
    codec = _codecs.Url(literals=("disabled", "also disabled"))
    try:
        codec.load(raw)
    except _codecs.BadValue:
        accepted = False
    else:
        accepted = True
    assert accepted == _url_by_the_rules(raw, codec.literals)


_GUARDED_PIECES = (
    *("http://", "https://", "HTTP://", "//", "/", "?", "#", ":", "x:", "a", "é", "\xa0"),
    *(" ", "\t", "\x7f", "\x85", "\ufffe", "+", "1", "0", "(", ")", "-", ".", "#", "*", ","),
    *("client:", "sip:", "@", "=", "&", "<", '"', "answered", "initiated", "POST", "true"),
)


def _guarded_text() -> st.SearchStrategy[str]:
    pieces = st.sampled_from(_GUARDED_PIECES) | st.characters()
    return st.lists(pieces, min_size=1, max_size=8).map("".join)


def _guarded_values() -> st.SearchStrategy[Any]:
    events = st.sampled_from(("answered", "initiated", "x", " ringing"))
    return st.one_of(
        st.sampled_from(_RAW),
        _guarded_text(),
        st.integers(-2, 2**31),
        st.booleans(),
        st.lists(events, max_size=5).map(tuple),
    )


@pytest.mark.parametrize("codec", _codecs_with_quick_checks(), ids=repr)
@settings(max_examples=200, deadline=None)
@given(raw=_guarded_text())
def test_quick_reads_give_what_load_gives_on_generated_strings(
    codec: _codecs.Codec[Any], raw: str
) -> None:
    """Strings made of the pieces the guards look at read the same both ways."""
    _read_as_load(codec, raw)


@pytest.mark.parametrize("codec", _codecs_with_quick_checks(), ids=repr)
@settings(max_examples=300, deadline=None)
@given(value=_guarded_values())
def test_guards_pass_only_what_check_returns_unchanged(
    codec: _codecs.Codec[Any], value: Any
) -> None:
    """A value a quick check passes is one ``check`` (and ``load``, for a string) would keep."""
    quick = codec.quick()
    assert quick is not None
    names: dict[str, Any] = {}
    source = _plan.guard_source(quick, "value", "g_", names)
    if eval(source, dict(names), {"value": value}):  # noqa: S307 - the generator's own source
        assert codec.check(value) == value
        if type(value) is str:
            assert codec.load(value) == value
