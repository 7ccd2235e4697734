"""Warnings on the fast path: the quick readers validate, then only the warnings are found.

``validate(data, warnings=True)`` reads a valid document with the quick readers and then finds
its warnings over the tree, from the same rows; the interpreter's walk judges every element.
Both must give the very same violations, in the same order, for any document.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast
from unittest import mock

import pytest
from documents import Tree, fuzzed, trees
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from interpreter import path_of
from lxml import etree

from callmarkup import Code, _parse, _plan, _rules, _walk, parse, validate
from callmarkup.strategies import documents, invalid_documents

if TYPE_CHECKING:
    from collections.abc import Callable

    from callmarkup._tree import Element
    from callmarkup.exceptions import Violation


def _interpreted(data: str | bytes) -> tuple[Violation, ...]:
    """The violations the interpreter's walk finds, every element judged."""

    def decline(*_: object, **__: object) -> None:
        raise _plan.Declined

    with (
        mock.patch.object(_parse, "quick_read", decline),
        mock.patch.object(_parse, "quick_warn", decline),
    ):
        return validate(data, warnings=True)


def _same(data: str | bytes) -> tuple[Violation, ...]:
    found = validate(data, warnings=True)
    assert found == _interpreted(data), data
    return found


_PIECES = ("<!-- note -->", "<?pi x?>", " ")


@st.composite
def _commented(draw: st.DrawFn, tree: st.SearchStrategy[Tree]) -> str:
    """A document with comments or processing instructions inside texts and between elements.

    They split a text in pieces (``split-text``) or sit between the elements.
    """
    xml = draw(tree).xml(spacing=draw(st.sampled_from(["", "\n  ", "<!--c-->"])))
    spots: list[int] = []  # in a text or between two tags; never in a tag or a reference
    in_tag = in_reference = False
    for index, char in enumerate(xml):
        if index and not (in_tag or in_reference):
            spots.append(index)
        if char == "<":
            in_tag = True
        elif char == ">":
            in_tag = False
        elif char == "&" and not in_tag:
            in_reference = True
        elif char == ";":
            in_reference = False
    for spot in sorted(draw(st.lists(st.sampled_from(spots), max_size=3)), reverse=True):
        xml = xml[:spot] + draw(st.sampled_from(_PIECES)) + xml[spot:]
    return xml


_SLOW = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SLOW
@given(st.one_of(trees(), fuzzed()), st.sampled_from(["", "\n  "]))
def test_quick_warnings_agree_on_drawn_trees(tree: Tree, spacing: str) -> None:
    """Drawn documents, legal or with near-miss values, warn the same on both paths."""
    _same(tree.xml(spacing=spacing))


@_SLOW
@given(_commented(trees()))
def test_quick_warnings_agree_on_split_texts(xml: str) -> None:
    """Comments and processing instructions inside texts split them the same on both paths."""
    _same(xml)


@_SLOW
@given(documents(pretty=None))
def test_quick_warnings_agree_on_generated_documents(xml: str) -> None:
    """Valid documents of the public strategies warn the same on both paths."""
    found = _same(xml)
    assert all(violation.severity == "warning" for violation in found)


@_SLOW
@given(invalid_documents())
def test_quick_warnings_agree_on_invalid_documents(case: tuple[str, Code]) -> None:
    """Fault-injected documents of the public strategies give the same violations."""
    xml, code = case
    assert code in {violation.code for violation in _same(xml)}


_WARNED = (
    "<Response><Hangup/><Say>Bye</Say><Reject/></Response>",
    "<Response><Pause/><Say>Hi</Say><Reject/><Hangup/><Reject/></Response>",
    "<Response><Gather finishOnKey=''><Say loop='0'>Hi</Say><Play loop='0'>/a</Play></Gather>"
    "<Record transcribeCallback='cb'/><Redirect>/x</Redirect></Response>",
    "<Response><Dial callerId='client:a' action='/d'><Number statusCallbackEvent='answered'>"
    "+1555?X-A=1=2</Number><Number statusCallback='relative'>+1</Number></Dial>"
    "<Say>never</Say></Response>",
    "<Response><Dial callerId='client:a'>client:bob</Dial><Dial>sip:a@b?X-H=1=2</Dial>"
    "<Dial><Sip statusCallback='/s'>sip:a@b?X-H=a=b</Sip></Dial></Response>",
    "<Response><Say>one<!-- c -->two</Say><Play>/a<?pi?>/b</Play></Response>",
    "<Response>\n  <Say>\n   Hi\n  </Say>\n  <Hangup/>\n  <Say>x</Say>\n</Response>",
    "<Response/>",
)


def test_quick_warnings_agree_on_every_kind_of_warning() -> None:
    """Documents with every warning of the table, valid, get them in the interpreter's order."""
    codes: set[Code] = set()
    for data in _WARNED:
        found = _same(data)
        assert all(violation.severity == "warning" for violation in found), data
        codes |= {violation.code for violation in found}
    assert codes == {code for code in Code if code.severity == "warning"}


def test_valid_documents_with_warnings_take_the_quick_readers() -> None:
    """A valid document asked for warnings is read by the quick readers, not judged."""
    judged: list[str] = []
    judge: Callable[..., _rules.Judgement] = _rules.judge

    def counting(rule: object, *arguments: object, **keywords: object) -> _rules.Judgement:
        judged.append(str(rule))
        return judge(rule, *arguments, **keywords)

    with mock.patch.object(_rules, "judge", counting):
        found = validate(_WARNED[3], warnings=True)
    assert judged == []
    assert [violation.code for violation in found] == [
        Code.CALLER_ID_NEEDS_CLIENT,
        Code.STATUS_CALLBACK_MISSING,
        Code.HEADER_VALUE_CUT,
        Code.RELATIVE_CALLBACK,
        Code.UNREACHABLE_VERB,
    ]


def test_a_valid_document_read_with_warnings_gives_its_nodes_and_warnings() -> None:
    """Reading with warnings, a valid document gives the nodes parse gives, and its warnings."""
    for data in _WARNED:
        node, found = _parse.analyse(data, build=True, warnings=True)
        assert node == parse(data), data
        assert found == validate(data, warnings=True), data


def test_a_warning_path_is_named_as_the_walk_names_it() -> None:
    """Every step but the root's is numbered among its tag, namespaced elements included."""
    root = cast(
        "Element",
        etree.fromstring('<R xmlns:x="u"><B/><x:A/><B><x:A/><x:A/><C/></B></R>'),
    )
    second = list(root)[2]
    assert path_of(second) == "/R/B[2]"
    assert path_of(list(second)[2]) == "/R/B[2]/C[1]"
    assert path_of(list(second)[1]) == "/R/B[2]/{u}A[2]"
    assert path_of(root) == "/R"
    defaulted = cast("Element", etree.fromstring('<R><D xmlns="v"/><D xmlns="v"/></R>'))
    assert path_of(list(defaulted)[1]) == "/R/{v}D[2]"
    assert _rules.child_paths("/R/B[2]", [child.tag for child in second]) == [
        "/R/B[2]/{u}A[1]",
        "/R/B[2]/{u}A[2]",
        "/R/B[2]/C[1]",
    ]


def test_warning_paths_numbered_per_parent_are_named_as_the_walk_names_them() -> None:
    """Paths found a parent's children at a time are those of ``path_of``, in any order."""
    root = cast(
        "Element",
        etree.fromstring(
            '<R xmlns:x="u"><B/><x:A/><!-- c --><B><x:A/><?p?><x:A/><C/><C/></B>'
            '<D xmlns="v"><B/></D><B><C/></B></R>'
        ),
    )
    elements = cast("list[Element]", root.xpath("descendant-or-self::*"))  # no comment, no PI
    for order in (elements, elements[::-1]):
        paths = _walk._Paths(root)  # noqa: SLF001  # pyright: ignore[reportPrivateUsage]
        assert [paths.of(element) for element in order] == [path_of(element) for element in order]


@pytest.mark.parametrize("spacing", ["\n   ", "\r\n ", "\r"])
def test_quick_warnings_agree_with_attributes_on_lines_of_their_own(spacing: str) -> None:
    """Warnings on attributes written lines after their tag are placed alike on both paths."""
    for data in _WARNED:
        _same(data.replace(" ", spacing))
