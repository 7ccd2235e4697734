"""The public strategies: coverage of the table, options, and the Hypothesis entry point.

The coverage tests read the table, not a list of their own: for every attribute and text of
every element they derive the values that must come up (each enumeration value, the range
edges, every shape of every grammar) from the codec, and for every container the nesting forms
(no child, each child, the child limits, the solitary child). A codec or grammar without
targets here, or without a strategy in ``callmarkup.strategies``, fails the suite.
"""

from __future__ import annotations

import contextlib
import functools
import importlib.metadata
import ipaddress
import re
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs
import pytest
from hypothesis import Phase, find, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument, NoSuchExample

from callmarkup import (
    Client,
    Code,
    Dial,
    Gather,
    Hangup,
    Noun,
    Number,
    Pause,
    Redirect,
    Response,
    Say,
    Sip,
    Verb,
    parse,
    render,
    render_bytes,
    validate,
)
from callmarkup import _codecs as codecs
from callmarkup import _grammars as grammars
from callmarkup import _list_codecs as list_codecs
from callmarkup import strategies as cs
from callmarkup._hypothesis_plugin import (
    _hypothesis_setup_hook,  # pyright: ignore[reportPrivateUsage]
)
from callmarkup._nodes import NODE_CLASSES, RULES, Node
from callmarkup._schema import ELEMENTS, ROOT, ChildLimit, ElementRule, TextRule

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from hypothesis.strategies import SearchStrategy

# Facts of the spec the targets are written against (§1.1, §3.5, §3.6, §7.7).
_KEYS = "0123456789#*"
_SIP_ADDRESS_UNDER = 254
"""The longest part of a SIP URI before ``?``: under 255 characters."""
_SIP_HEADERS_UNDER = 1023
"""The longest header part of a SIP URI: under 1024 characters."""

_ERRORS = [code for code in Code if code.severity == "error"]
"""The codes of documents that break a rule; the others are warnings."""

# The options of a strategy (include, exclude, the verb counts, pretty, codes) hold by how it is
# built, so a hundred draws show one that is ignored; the properties of what it draws (valid,
# round-trips) take the profile's count. A smaller profile (the quick local run) still rules.
_OPTIONS = settings(max_examples=min(100, settings().max_examples))

# A search, not a test of a property: generate until every target is met, never shrink.
_SEARCH = settings(
    database=None,
    max_examples=4000,
    phases=[Phase.generate],
    deadline=None,
    # The same examples every run: a search that may or may not meet its targets would flake.
    derandomize=True,
)


def _classes(node: Node) -> Iterator[type[Node]]:
    yield type(node)
    for child in getattr(node, "children", ()):
        yield from _classes(child)


def _is_ascii(value: str) -> bool:
    return value.isascii()


def _equals(expected: object) -> Callable[[Any], bool]:
    return lambda value: bool(value == expected)


def _has_length(length: int) -> Callable[[Any], bool]:
    return lambda value: len(value) == length


def _contains(item: object) -> Callable[[Any], bool]:
    return lambda value: item in value


def _is_set(field: str) -> Callable[[Any], bool]:
    return lambda node: getattr(node, field) is not None


def _child_tags(node: Node) -> list[str]:
    return [RULES[type(child)].tag for child in getattr(node, "children", ())]


def _with_child(tag: str) -> Callable[[Any], bool]:
    return lambda node: tag in _child_tags(node)


def _at_limit(limit: ChildLimit) -> Callable[[Any], bool]:
    return lambda node: sum(tag in limit.tags for tag in _child_tags(node)) == limit.maximum


def _alone(tag: str) -> Callable[[Any], bool]:
    return lambda node: _child_tags(node) == [tag]


def _url_targets(codec: codecs.Url) -> dict[str, Callable[[Any], bool]]:
    targets: dict[str, Callable[[Any], bool]] = {
        "http": lambda v: v.lower().startswith("http://"),
        "https": lambda v: v.lower().startswith("https://"),
        "relative": lambda v: (
            not v.lower().startswith(("http:", "https:")) and v not in codec.literals
        ),
        "with &": lambda v: "&" in v,
        "non-ASCII": lambda v: not _is_ascii(v),
    }
    for literal in codec.literals:
        targets[f"literal {literal}"] = _equals(literal)
    return targets


def _sip_targets() -> dict[str, Callable[[Any], bool]]:
    def address(v: str) -> str:
        return v.partition("?")[0]

    def host(v: str) -> str:
        rest = address(v)[len("sip:") :].rpartition("@")[2]
        return rest.partition(";")[0]

    def is_ipv4(v: str) -> bool:
        name = host(v).rpartition(":")[0] or host(v)
        try:
            ipaddress.IPv4Address(name)
        except ValueError:
            return False
        return True

    return {
        "user": lambda v: "@" in address(v),
        "no user": lambda v: "@" not in address(v),
        "password": lambda v: ":" in address(v)[len("sip:") :].partition("@")[0] and "@" in v,
        "IPv4 host": is_ipv4,
        "IPv6 host": lambda v: host(v).startswith("["),
        "port": lambda v: host(v).rpartition("]")[2].count(":") == 1,
        "transport": lambda v: ";transport=" in v.lower(),
        "headers": lambda v: "?" in v,
        "address at its limit": lambda v: len(address(v)) == _SIP_ADDRESS_UNDER,
        "headers at their limit": lambda v: len(v.partition("?")[2]) == _SIP_HEADERS_UNDER,
        "XML-special": lambda v: any(c in v for c in "&<>\"'"),
    }


def _free_text_targets(*, text: bool) -> dict[str, Callable[[Any], bool]]:
    targets: dict[str, Callable[[Any], bool]] = {
        "non-ASCII": lambda v: not _is_ascii(v),
        "astral": lambda v: any(ord(c) > 0xFFFF for c in v),
        "&": lambda v: "&" in v,
        "<": lambda v: "<" in v,
        ">": lambda v: ">" in v,
        "quote": lambda v: '"' in v,
        "apostrophe": lambda v: "'" in v,
        "inner line break": lambda v: "\n" in v or "\r" in v,
        "inner tab": lambda v: "\t" in v,
        # The text is trimmed of XML whitespace, so a space left at an end is another kind.
        "non-XML space at an end": lambda v: bool(v) and (v[0].isspace() or v[-1].isspace()),
    }
    if not text:
        targets["empty"] = lambda v: v == ""
    return targets


def _pattern_targets(codec: codecs.Pattern) -> dict[str, Callable[[Any], bool]]:
    def phone_with_headers(v: str) -> bool:
        return "?" in v and "@" not in v and grammars.is_phone(v.partition("?")[0])

    shapes: dict[Callable[[str], bool], dict[str, Callable[[Any], bool]]] = {
        grammars.is_phone: {"phone": grammars.is_phone, "+": lambda v: v.startswith("+")},
        grammars.is_caller_id: {
            "phone": grammars.is_phone,
            "client": lambda v: v.startswith("client:"),
            "SIP URI": grammars.is_sip_scheme,
            "SIP user": lambda v: not grammars.is_phone(v) and ":" not in v,
        },
        grammars.is_number_target: {
            "phone": grammars.is_phone,
            "with headers": phone_with_headers,
            "with * or #": lambda v: "*" in v or "#" in v,
        },
        grammars.is_client_target: {
            "name": lambda v: "?" not in v,
            "with headers": lambda v: "?" in v,
        },
        grammars.is_dial_destination: {
            "SIP URI": lambda v: "@" in v,
            "client": lambda v: v.startswith("client:"),
            "phone": grammars.is_phone,
            "phone with headers": phone_with_headers,
        },
    }
    if codec.matches not in shapes:
        pytest.fail(f"no coverage targets for the grammar {codec.name!r}")
    return shapes[codec.matches]


def _targets(codec: codecs.Codec[Any], *, text: bool) -> dict[str, Callable[[Any], bool]]:  # noqa: C901, PLR0911 - one case per codec type
    """What the strategies must produce for a value of ``codec``."""
    if isinstance(codec, codecs.Integer):
        low, high = codec.minimum, codec.maximum
        return {"minimum": lambda v: v == low, "maximum": lambda v: v == high}
    if isinstance(codec, codecs.Boolean):
        return {"true": lambda v: v is True, "false": lambda v: v is False}
    if isinstance(codec, (codecs.Enumeration, codecs.Method)):
        return {value: _equals(value) for value in codec.values}
    if isinstance(codec, codecs.Url):
        return _url_targets(codec)
    if isinstance(codec, codecs.OneKey):
        keys = ("", *_KEYS)
        return {f"key {key!r}": _equals(key) for key in keys}
    if isinstance(codec, codecs.KeySet):
        return {
            "-1": lambda v: v == "-1",
            "every key": lambda v: sorted(v) == sorted(_KEYS),
            "one key": lambda v: len(v) == 1,
        }
    if isinstance(codec, list_codecs.TokenList):
        found: dict[str, Callable[[Any], bool]] = {
            f"has {value}": _contains(value) for value in codec.values
        }
        everything = len(codec.values)
        return found | {"all": _has_length(everything), "one": _has_length(1)}
    if isinstance(codec, list_codecs.PhraseList):
        most, longest = codec.max_entries, codec.max_length
        return {
            "most entries": lambda v: len(v) == most,
            "longest entry": lambda v: any(len(entry) == longest for entry in v),
            "one entry": lambda v: len(v) == 1,
            "inner space": lambda v: any(" " in entry for entry in v),
        }
    if isinstance(codec, codecs.SipUri):
        return _sip_targets()
    if isinstance(codec, codecs.Pattern):
        return _pattern_targets(codec)
    if isinstance(codec, codecs.FreeText):
        return _free_text_targets(text=text)
    pytest.fail(f"no coverage targets for the codec {codec!r}")


def _structure_targets(rule: ElementRule) -> dict[str, Callable[[Any], bool]]:
    """Nesting forms a container must take: read from its children, limits and text rule."""
    targets: dict[str, Callable[[Any], bool]] = {}
    if rule.children and not rule.text_or_children:
        targets["no children"] = lambda node: not _child_tags(node)
        if all(limit.maximum >= 3 for limit in rule.child_limits):
            targets["several children"] = lambda node: len(_child_tags(node)) >= 3
    if rule.text_or_children or rule.child_form is not None:
        targets["text"] = _is_set("text")
    for tag in rule.children:
        targets[f"a {tag} child"] = _with_child(tag)
    for limit in rule.child_limits:
        targets[f"{limit.maximum} of {sorted(limit.tags)}"] = _at_limit(limit)
    for tag in rule.solitary_children:
        targets[f"a lone {tag}"] = _alone(tag)
    if len(rule.children - rule.solitary_children) > 1:
        targets["mixed children"] = lambda node: len(set(_child_tags(node))) > 1
    return targets


def _fields(tag: str) -> list[tuple[str, codecs.Codec[Any], bool]]:
    """``(field, codec, is_text)`` for every attribute of the element, and for its text."""
    rule = ELEMENTS[tag]
    fields: list[tuple[str, codecs.Codec[Any], bool]] = [
        (row.field, row.codec, False) for row in rule.attributes
    ]
    if rule.text is not None:
        fields.append(("text", rule.text.codec, True))
    return fields


def _search(strategy: SearchStrategy[Any], targets: dict[str, Callable[[Any], bool]]) -> set[str]:
    """Generate until every target is met (or the budget is spent); the targets never met."""
    missing = set(targets)

    def met(example: Any) -> bool:
        missing.difference_update([name for name in list(missing) if targets[name](example)])
        return not missing

    with contextlib.suppress(NoSuchExample):
        find(strategy, met, settings=_SEARCH)
    return missing


@pytest.mark.parametrize(
    ("tag", "field"),
    [(tag, field) for tag in ELEMENTS for field, _, _ in _fields(tag)],
)
def test_values_cover_every_attribute_and_text(tag: str, field: str) -> None:
    """Every enumeration value, range edge and grammar shape of the table is generated."""
    codec, text = next((codec, text) for name, codec, text in _fields(tag) if name == field)
    missing = _search(cs.values(NODE_CLASSES[tag], field), _targets(codec, text=text))
    assert not missing, f"<{tag}> {field}: never generated: {sorted(missing)}"


@pytest.mark.parametrize("tag", list(ELEMENTS))
def test_elements_set_every_attribute_and_take_every_nesting_form(tag: str) -> None:
    """elements(cls) sets each attribute (drawn from values(cls, field)) and nests every way."""
    targets: dict[str, Callable[[Any], bool]] = {
        f"{field} set": _is_set(field) for field, _, _ in _fields(tag)
    }
    targets |= _structure_targets(ELEMENTS[tag])
    missing = _search(cs.elements(NODE_CLASSES[tag]), targets)
    assert not missing, f"<{tag}>: never generated: {sorted(missing)}"


def test_responses_cover_the_edges_of_a_document() -> None:
    """An empty Response, and Responses holding every verb, come out of responses()."""
    verbs = ELEMENTS[ROOT].children
    targets: dict[str, Callable[[Any], bool]] = {"empty": lambda doc: not doc.children}
    for tag in verbs:
        targets[tag] = _with_child(tag)
    assert not _search(cs.responses(max_verbs=3), targets)


def _broken(pair: tuple[str, Code]) -> frozenset[str]:
    """What the one violation of an invalid document is about: ``Tag@attribute`` or ``Tag``."""
    return _broken_in(pair[0])


# A search asks every target of one drawn document in turn: the document is validated once.
@functools.lru_cache(maxsize=1)
def _broken_in(document: str) -> frozenset[str]:
    found: set[str] = set()
    for violation in validate(document):
        steps = violation.path.split("/")
        if violation.code is Code.BAD_ATTRIBUTE_VALUE:
            found.add(steps[-2].partition("[")[0] + "@" + steps[-1].removeprefix("@"))
        elif violation.code is Code.BAD_TEXT_VALUE:
            found.add(steps[-1].partition("[")[0])
    return frozenset(found)


def _breaks(place: str) -> Callable[[Any], bool]:
    return lambda pair: place in _broken(pair)


def _injects(code: Code, *, pretty: bool) -> Callable[[Any], bool]:
    return lambda pair: pair[1] is code and (b"\n  <" in pair[0]) == pretty


def _refusable(code: Code) -> dict[str, Callable[[Any], bool]]:
    """Each place whose codec refuses some value a document can hold (free text refuses none).

    A place is ``Tag@attribute`` for bad-attribute-value, ``Tag`` for bad-text-value.
    """
    targets: dict[str, Callable[[Any], bool]] = {}
    for tag, rule in ELEMENTS.items():
        places = (
            [(f"{tag}@{row.xml}", row.codec) for row in rule.attributes]
            if code is Code.BAD_ATTRIBUTE_VALUE
            else [(tag, rule.text.codec)]
            if rule.text is not None
            else []
        )
        for name, codec in places:
            if not isinstance(codec, codecs.FreeText):
                targets[name] = _breaks(name)
    return targets


@pytest.mark.parametrize("code", [Code.BAD_ATTRIBUTE_VALUE, Code.BAD_TEXT_VALUE])
def test_invalid_documents_break_every_checked_attribute_and_text(code: Code) -> None:
    """Every attribute and text whose codec can refuse a value gets a refused value."""
    missing = _search(cs.invalid_documents(codes=[code]), _refusable(code))
    assert not missing, f"never broken: {sorted(missing)}"


def test_invalid_documents_cover_every_code() -> None:
    """Each error code is injected, in both layouts (warnings mark legal documents)."""
    targets: dict[str, Callable[[Any], bool]] = {}
    for code in _ERRORS:
        targets[f"{code.value} compact"] = _injects(code, pretty=False)
        targets[f"{code.value} pretty"] = _injects(code, pretty=True)
    missing = _search(cs.invalid_documents(as_bytes=True), targets)
    assert not missing, f"never injected: {sorted(missing)}"


def _solitary_beside_others(pair: tuple[bytes, Code]) -> bool:
    """A child that must be alone (a Sip), reported beside children of other kinds."""
    steps = [v.path.split("/")[-2:] for v in validate(pair[0]) if v.code is Code.CHILD_NOT_ALLOWED]
    return any(
        parent.partition("[")[0] in ELEMENTS
        and child.partition("[")[0] in ELEMENTS[parent.partition("[")[0]].solitary_children
        for parent, child in steps
    )


def _ampersand_in_attribute(pair: tuple[bytes, Code]) -> bool:
    """A bare & reported inside a start tag, that is, in an attribute value."""
    text = pair[0].decode("utf-8")
    for violation in validate(text):
        if violation.code is Code.MALFORMED and violation.line and violation.column:
            # Lines end at XML line breaks only, not at every break Python knows.
            line = re.split(r"\r\n|\r|\n", text)[violation.line - 1]
            before = line[: violation.column - 1]
            if line[violation.column - 1 :].startswith("&") and before.rfind("<") > before.rfind(
                ">"
            ):
                return True
    return False


def test_invalid_documents_take_every_shape_of_a_fault() -> None:
    """The faults the spec singles out come up: a Sip among nouns, a bare & in a value."""
    missing = _search(
        cs.invalid_documents(codes=[Code.CHILD_NOT_ALLOWED, Code.MALFORMED], as_bytes=True),
        {
            "solitary child beside others": _solitary_beside_others,
            "bare & in an attribute value": _ampersand_in_attribute,
        },
    )
    assert not missing, f"never injected: {sorted(missing)}"


# Options -----------------------------------------------------------------------------------


_VERBS = [NODE_CLASSES[tag] for tag in ELEMENTS[ROOT].children]


@pytest.mark.parametrize(
    ("make", "options"),
    [
        (cs.responses, {"min_verbs": -1}),
        (cs.responses, {"min_verbs": 1.5}),
        (cs.responses, {"min_verbs": True}),
        (cs.responses, {"max_verbs": -2}),
        (cs.responses, {"max_verbs": "3"}),
        (cs.responses, {"min_verbs": 3, "max_verbs": 2}),
        (cs.responses, {"include": Say}),
        (cs.responses, {"include": ["Say"]}),
        (cs.responses, {"include": [int]}),
        (cs.responses, {"exclude": [Response]}),
        (cs.responses, {"include": [Number]}),
        (cs.responses, {"include": [], "min_verbs": 1}),
        (cs.responses, {"extensions": "yes"}),
        (cs.verbs, {"include": [Number]}),
        (cs.verbs, {"exclude": _VERBS}),
        (cs.nouns, {"exclude": [Number, Client, Sip]}),
        (cs.nouns, {"include": [Say]}),
        (cs.elements, {"cls": int}),
        (cs.elements, {"cls": Node}),
        (cs.elements, {"cls": Say, "exclude": [Say]}),
        (cs.values, {"cls": Say, "field": "nope"}),
        (cs.values, {"cls": Pause, "field": "text"}),
        (cs.values, {"cls": Hangup, "field": "length"}),
        (cs.values, {"cls": str, "field": "text"}),
        (cs.documents, {"pretty": "yes"}),
        (cs.documents, {"as_bytes": None}),
        (cs.documents, {"min_verbs": -1}),
        (cs.invalid_documents, {"codes": ["nope"]}),
        (cs.invalid_documents, {"codes": []}),
        (cs.invalid_documents, {"codes": "malformed"}),
        (cs.invalid_documents, {"codes": 3}),
        (cs.invalid_documents, {"codes": [Code.UNREACHABLE_VERB]}),
        (cs.invalid_documents, {"pretty": 1}),
        (cs.invalid_documents, {"as_bytes": "x"}),
    ],
)
def test_wrong_options_raise_invalid_argument(
    make: Callable[..., object],
    options: dict[str, Any],
) -> None:
    """Options of the wrong type, out of range or contradictory raise InvalidArgument."""
    with pytest.raises(InvalidArgument):
        make(**options)


@_OPTIONS
@given(cs.responses(include={Say, Gather, Pause}, min_verbs=1, max_verbs=4))
def test_include_limits_the_classes_that_appear(doc: Response) -> None:
    """Only the included classes (and the Response) appear, and the verb count is bounded."""
    assert set(_classes(doc)) <= {Response, Say, Gather, Pause}
    assert 1 <= len(doc.children) <= 4


@_OPTIONS
@given(cs.responses(exclude={Dial, Pause}, max_verbs=3))
def test_exclude_removes_a_class_and_its_contents(doc: Response) -> None:
    """An excluded container takes its children with it."""
    assert not set(_classes(doc)) & {Dial, Number, Client, Sip, Pause}


@_OPTIONS
@given(cs.responses(min_verbs=2, max_verbs=2))
def test_verb_count_bounds_are_exact(doc: Response) -> None:
    """min_verbs and max_verbs bound the Response's own children."""
    assert len(doc.children) == 2


@_OPTIONS
@given(cs.responses(extensions=False, max_verbs=3))
def test_extensions_false_leaves_out_restcomm_attributes(doc: Response) -> None:
    """No attribute marked ext in the table is set when extensions=False."""
    stack: list[Node] = [doc]
    while stack:
        node = stack.pop()
        for row in RULES[type(node)].attributes:
            if row.ext:
                assert getattr(node, row.field) is None, row.field
        stack += getattr(node, "children", ())


@_OPTIONS
@given(cs.elements(Gather, include=()))
def test_a_container_without_allowed_children_is_empty(gather: Gather) -> None:
    """With none of its children allowed, a Gather has no prompts."""
    assert gather.children == ()


@_OPTIONS
@given(cs.elements(Dial, exclude={Number, Client, Sip}))
def test_a_dial_without_nouns_dials_text(dial: Dial) -> None:
    """With no noun allowed, every Dial dials a text destination."""
    assert dial.text is not None
    assert dial.children == ()


@_OPTIONS
@given(cs.elements(Gather, include={Say, Dial}))
def test_an_include_may_list_classes_that_cannot_appear_inside(gather: Gather) -> None:
    """A class the element could never contain is simply not generated."""
    assert all(isinstance(child, Say) for child in gather.children)


@_OPTIONS
@given(cs.verbs(include={Redirect, Hangup}))
def test_verbs_are_the_included_verbs(verb: Verb) -> None:
    """verbs() draws only from the Response's children that are included."""
    assert type(verb) in {Redirect, Hangup}


@given(cs.verbs())
def test_verbs_are_verbs(verb: Verb) -> None:
    """verbs() draws only what a Response may contain."""
    assert RULES[type(verb)].tag in ELEMENTS[ROOT].children
    assert validate(render(Response(verb))) == ()


@_OPTIONS
@given(cs.nouns(exclude={Sip}))
def test_nouns_are_nouns(noun: Noun) -> None:
    """nouns() draws only what a Dial may contain."""
    assert type(noun) in {Number, Client}
    assert Dial(noun).children == (noun,)


@pytest.mark.parametrize("cls", list(NODE_CLASSES.values()))
def test_elements_draw_their_class(cls: type[Node]) -> None:
    """elements(cls) produces instances of cls."""
    found = find(cs.elements(cls), lambda _: True, settings=_SEARCH)
    assert type(found) is cls


@pytest.mark.parametrize(
    ("cls", "field"),
    [(NODE_CLASSES[tag], row.field) for tag, rule in ELEMENTS.items() for row in rule.attributes]
    + [(NODE_CLASSES[tag], "text") for tag, rule in ELEMENTS.items() if rule.text is not None],
)
def test_values_are_accepted_unchanged(cls: type[Node], field: str) -> None:
    """values(cls, field) gives what the codec accepts as it is, and reads back the same."""
    rule = RULES[cls]
    text_rule = rule.text
    codec = (
        text_rule.codec
        if field == "text" and text_rule is not None
        else next(row.codec for row in rule.attributes if row.field == field)
    )

    @settings(max_examples=50)
    @given(cs.values(cls, field))
    def check(value: Any) -> None:
        assert codec.check(value) == value
        assert codec.load(grammars.trim(codec.dump(value))) == value

    check()


@given(cs.documents(pretty=None, as_bytes=True, max_verbs=3))
def test_documents_as_bytes_are_valid_utf8_documents(doc: bytes) -> None:
    """documents(as_bytes=True) gives UTF-8 that validates and parses."""
    assert validate(doc) == ()
    assert render_bytes(parse(doc)) == render_bytes(parse(doc.decode("utf-8")))


@_OPTIONS
@given(cs.documents(pretty=True, min_verbs=1, max_verbs=3))
def test_pretty_documents_are_indented(doc: str) -> None:
    """documents(pretty=True) gives the indented form."""
    assert doc.endswith("</Response>\n")
    assert "\n  <" in doc


@_OPTIONS
@given(cs.invalid_documents(codes=["empty", Code.TOO_MANY_CHILDREN], as_bytes=True))
def test_invalid_documents_keep_to_the_codes_asked(pair: tuple[bytes, Code]) -> None:
    """codes= limits the faults; as_bytes=True gives bytes."""
    doc, code = pair
    assert isinstance(doc, bytes)
    assert code in {Code.EMPTY, Code.TOO_MANY_CHILDREN}


@_OPTIONS
@given(cs.invalid_documents(pretty=False))
def test_compact_invalid_documents_have_no_indentation(pair: tuple[str, Code]) -> None:
    """pretty=False writes faults into compact documents."""
    body = re.sub(r"<!DOCTYPE[^[>]*(\[.*?\])?>", "", pair[0], flags=re.DOTALL)
    assert "\n  <" not in body


# Table shapes the dialect does not have today fail loudly rather than generate wrongly -----

# The internals these tests reach, named once.
_legal = cs._legal  # noqa: SLF001  # pyright: ignore[reportPrivateUsage]
_illegal = cs._illegal  # noqa: SLF001  # pyright: ignore[reportPrivateUsage]
_limit_of = cs._limit_of  # noqa: SLF001  # pyright: ignore[reportPrivateUsage]
_content = cs._content  # noqa: SLF001  # pyright: ignore[reportPrivateUsage]
_Options = cs._Options  # noqa: SLF001  # pyright: ignore[reportPrivateUsage]
_Draft = cs._Draft  # noqa: SLF001  # pyright: ignore[reportPrivateUsage]
_to_raw = cs._to_raw  # noqa: SLF001  # pyright: ignore[reportPrivateUsage]
_serialize = cs._serialize  # noqa: SLF001  # pyright: ignore[reportPrivateUsage]
_shell = cs._shell  # noqa: SLF001  # pyright: ignore[reportPrivateUsage]


@attrs.frozen
class _UnknownCodec(codecs.Codec[str]):
    pass


def _unknown_grammar(text: str) -> bool:
    return bool(text)


_ANY = re.compile(".+")


@pytest.mark.parametrize(
    "make",
    [
        lambda: _legal(_UnknownCodec(), text=False),
        lambda: _illegal(_UnknownCodec()),
        lambda: _legal(
            codecs.Pattern("a new grammar", _unknown_grammar, _ANY, key="new"), text=False
        ),
        lambda: _illegal(codecs.Pattern("a new grammar", _unknown_grammar, _ANY, key="new")),
        lambda: _limit_of(
            ElementRule(
                "X",
                "verb",
                "",
                children=frozenset("ab"),
                child_limits=(ChildLimit(frozenset("a"), 1),),
            ),
            ("a", "b"),
        ),
    ],
)
def test_a_codec_or_limit_without_a_strategy_fails_loudly(make: Callable[[], object]) -> None:
    """A new codec, grammar or kind of child limit must get a strategy; nothing is skipped."""
    with pytest.raises(NotImplementedError):
        make()


def test_optional_text_without_children_may_be_absent() -> None:
    """An element whose text is optional (not in the table today) sometimes has none."""
    rule = ElementRule(
        "X", "verb", "", text=TextRule(codecs.FreeText(), required=False, summary="")
    )
    content = _content(rule, _Options(frozenset(ELEMENTS)))
    assert find(content, lambda values: values["text"] is None, settings=_SEARCH) == {"text": None}
    found = find(content, lambda values: values["text"] is not None, settings=_SEARCH)
    assert found["text"]


def test_text_or_children_without_text_takes_children() -> None:
    """An element that must have text or children but has no text rule gets children."""
    rule = ElementRule("X", "verb", "", children=frozenset(("Say",)), text_or_children=True)
    content = _content(rule, _Options(frozenset(ELEMENTS)))
    found = find(content, lambda _: True, settings=_SEARCH)
    assert len(found["children"]) >= 1


@st.composite
def _shells(draw: st.DrawFn, tag: str) -> cs._Raw:  # pyright: ignore[reportPrivateUsage]
    return _shell(draw, tag)


@given(_shells("Say"))
def test_a_new_parent_gets_the_text_its_row_requires(raw: cs._Raw) -> None:  # pyright: ignore[reportPrivateUsage]
    """A parent made to hold a fault has legal text when its row requires some."""
    assert raw.tag == "Say"
    assert raw.text


@given(cs.responses(max_verbs=3), st.booleans())
def test_the_fault_writer_writes_valid_trees_as_render_does(doc: Response, pretty: bool) -> None:
    """Before any fault, the editable copy of a tree serialises to render()'s exact text."""
    draft = _Draft(_to_raw(doc))
    serialised = _serialize(draft, pretty=pretty, declaration=True)
    assert serialised == render(doc, pretty=pretty)


# The Hypothesis entry point ----------------------------------------------------------------


@pytest.mark.parametrize("cls", list(NODE_CLASSES.values()))
def test_from_type_draws_valid_nodes_of_every_class(cls: type[Node]) -> None:
    """After the setup hook, st.from_type(cls) draws cls instances from our strategies."""
    _hypothesis_setup_hook()
    node = find(st.from_type(cls), lambda _: True, settings=_SEARCH)
    assert type(node) is cls


def _run(code: str, *paths: Path) -> subprocess.CompletedProcess[str]:
    roots = [str(path) for path in paths] + [str(Path(cs.__file__).parent.parent.parent)]
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=False,
        env={"PYTHONPATH": ":".join(roots), "PATH": ""},
    )


def test_from_type_works_through_the_entry_point_alone(tmp_path: Path) -> None:
    """Hypothesis finds the hook through the entry point; users import nothing of ours."""
    info = tmp_path / "callmarkup_entry_point-0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: callmarkup-entry-point\nVersion: 0\n"
    )
    (info / "entry_points.txt").write_text(
        "[hypothesis]\n_ = callmarkup._hypothesis_plugin:_hypothesis_setup_hook\n",
    )
    result = _run(
        """
        import sys
        from hypothesis import HealthCheck, find, settings, strategies as st
        from callmarkup import Response, Say, render, validate
        quiet = settings(database=None, max_examples=1000, suppress_health_check=list(HealthCheck))
        say = find(st.from_type(Say), lambda say: say.loop is not None, settings=quiet)
        assert validate(render(Response(say))) == ()
        print("ok", "callmarkup.strategies" in sys.modules)
        """,
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["ok", "True"], result.stderr


def test_the_package_imports_without_hypothesis() -> None:
    """The package needs no Hypothesis; callmarkup.strategies says how to get it."""
    result = _run(
        """
        import sys
        sys.modules["hypothesis"] = None  # as if it were not installed
        import callmarkup
        from callmarkup import Response, Say, render
        render(Response(Say("Hi")))
        try:
            import callmarkup.strategies
        except ImportError as error:
            print(error)
        """,
    )
    assert result.returncode == 0, result.stderr
    assert "callmarkup.strategies needs Hypothesis: pip install hypothesis" in result.stdout


def test_importing_the_package_does_not_import_hypothesis() -> None:
    """The entry point module and the package leave Hypothesis unimported."""
    result = _run(
        """
        import sys
        import callmarkup, callmarkup._hypothesis_plugin
        print("hypothesis" in sys.modules)
        """,
    )
    assert result.stdout.split() == ["False"], result.stderr


def test_installed_package_declares_the_entry_point() -> None:
    """The package metadata names the setup hook in Hypothesis' entry-point group."""
    hooks = [
        point.value
        for point in importlib.metadata.entry_points(group="hypothesis")
        if point.value.startswith("callmarkup.")
    ]
    assert hooks == ["callmarkup._hypothesis_plugin:_hypothesis_setup_hook"]
