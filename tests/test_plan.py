"""The generator of the fast paths refuses what it does not understand, and plans every row."""

from __future__ import annotations

from typing import Any

import attrs
import pytest

from callmarkup import _codecs, _plan
from callmarkup._schema import ELEMENTS, Advice, AttributeRule, ElementRule


def _with_field(base: type[Any], name: str) -> type[Any]:
    """``base`` with one more field, as a new rule kind would add it."""
    made: type[Any] = attrs.make_class(
        f"Extended{base.__name__}", {name: attrs.field(default=True)}, bases=(base,), frozen=True
    )
    return made


def test_a_rule_field_only_the_interpreter_knows_is_refused_naming_it() -> None:
    """A new ElementRule field the generator has not planned stops the plan, naming the field."""
    say = ELEMENTS["Say"]
    extended = _with_field(ElementRule, "must_come_first")
    rule = extended(
        tag=say.tag,
        kind=say.kind,
        summary=say.summary,
        attributes=say.attributes,
        text=say.text,
    )
    with pytest.raises(_plan.PlanError, match=r"ElementRule\.must_come_first|must_come_first"):
        _plan.plan(rule)


def test_an_attribute_field_unknown_to_the_generator_is_refused_naming_it() -> None:
    """A new AttributeRule field stops the plan of the element that has such an attribute."""
    row = ELEMENTS["Say"].attributes[0]
    extended = _with_field(AttributeRule, "deprecated_since")
    new_row = extended(field=row.field, xml=row.xml, codec=row.codec, default="", summary="")
    rule = attrs.evolve(ELEMENTS["Say"], attributes=(new_row,))
    with pytest.raises(_plan.PlanError, match="deprecated_since"):
        _plan.plan(rule)


def test_an_advice_field_unknown_to_the_generator_is_refused_naming_it() -> None:
    """A new Advice field stops the plan of the element whose row has such advice."""
    gather = ELEMENTS["Gather"]
    advice = gather.advice[0]
    extended = _with_field(Advice, "only_on_weekdays")
    new_advice = extended(code=advice.code, message=advice.message, missing=advice.missing)
    rule = attrs.evolve(gather, advice=(new_advice,))
    with pytest.raises(_plan.PlanError, match="only_on_weekdays"):
        _plan.plan(rule)


def test_every_advice_row_and_flow_field_is_planned() -> None:
    """Each plan carries one advice plan per advice row, and its row's flow."""
    for tag, rule in ELEMENTS.items():
        element = _plan.plan(rule)
        assert len(element.advice) == len(rule.advice), tag
        for advice, row in zip(element.advice, rule.advice, strict=True):
            assert (advice.present and advice.present.xml) == row.present, tag
            assert advice.text_test is row.text_test, tag
        assert element.flow.answers == rule.answers_call, tag
        assert element.flow.unanswered_only == (rule.unanswered_only is not None), tag
        assert (element.flow.ends or element.flow.ends_if is not None) == (
            rule.ends_document is not None
        ), tag


@attrs.frozen
class _Oddly(_codecs.FreeText):
    """A codec whose quick check is of a kind the generator does not know."""

    def quick(self) -> Any:
        """Not a kind of ``_quick``."""
        return "anything"


def test_a_quick_check_of_an_unknown_kind_is_refused() -> None:
    """A codec declaring a quick check the generator has no case for stops the plan."""
    row = ELEMENTS["Say"].attributes[0]
    rule = attrs.evolve(ELEMENTS["Say"], attributes=(attrs.evolve(row, codec=_Oddly()),))
    with pytest.raises(_plan.PlanError, match="not a kind the generator knows"):
        _plan.plan(rule)


def test_every_row_of_the_table_is_planned_whole() -> None:
    """Each plan carries every attribute, the children and the limits of its row."""
    for tag, rule in ELEMENTS.items():
        element = _plan.plan(rule)
        assert [row.xml for row in element.attributes] == [row.xml for row in rule.attributes]
        assert set(element.children) == rule.children
        limited = [count.tags for count in element.counts if count.maximum is not None]
        assert limited == [limit.tags for limit in rule.child_limits], tag
        alone = {tag for count in element.counts if count.maximum is None for tag in count.tags}
        assert alone == rule.solitary_children


def test_a_plan_shows_its_fields_by_keyword() -> None:
    """A plan's repr gives its class and every field by keyword, nested plans included."""
    shown = repr(_plan.plan(ELEMENTS["Play"]))
    assert shown.startswith("ElementPlan(tag='Play', attributes=(AttributePlan(field='loop', ")
    assert "text=TextPlan(codec=" in shown
    assert "children=(), counts=(), text_or_children=False, declines_children=False, " in shown
    assert "flow=FlowPlan(ends=False, ends_if=None, answers=True, unanswered_only=False)" in shown
    assert shown.endswith(
        "equals='0', relative=False, inside=frozenset({'Gather'}), text_test=None),))"
    )
