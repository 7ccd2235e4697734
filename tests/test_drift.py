"""The table, the node classes and their static types describe the same dialect.

Adding an attribute means one row in ``_schema`` and one typed field; these tests fail when
either is missing or when a ``Literal`` or a child union disagrees with the table.
"""

from __future__ import annotations

import collections.abc
import inspect
import types
import typing
from typing import Any

import attrs
import pytest

from callmarkup import _codecs, _list_codecs, _nodes
from callmarkup._schema import ELEMENTS, ROOT, ElementRule

TAGS = sorted(ELEMENTS)
_NAMESPACE = {**vars(_nodes), "Iterable": collections.abc.Iterable}


def _hints(target: Any) -> dict[str, Any]:
    return typing.get_type_hints(target, globalns=_NAMESPACE)


def _strip_none(annotation: Any) -> Any:
    """``X | None`` to ``X``."""
    arguments = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
    if typing.get_origin(annotation) in (typing.Union, types.UnionType) and len(arguments) == 1:
        return arguments[0]
    return annotation


def _literal_values(annotation: Any) -> set[str]:
    annotation = _strip_none(annotation)
    if typing.get_origin(annotation) is tuple:
        annotation = typing.get_args(annotation)[0]
    assert typing.get_origin(annotation) is typing.Literal, annotation
    return set(typing.get_args(annotation))


def _expected_fields(rule: ElementRule) -> list[str]:
    fields = [row.field for row in rule.attributes]
    if rule.children:
        fields.insert(0, "children")
    if rule.text is not None:
        fields.insert(0, "text")
    return fields


def test_every_element_has_a_node_class_and_no_more() -> None:
    """One class per row, named after the tag."""
    assert sorted(_nodes.NODE_CLASSES) == TAGS
    for tag, cls in _nodes.NODE_CLASSES.items():
        assert cls.__name__ == tag
    assert ROOT in ELEMENTS


@pytest.mark.parametrize("tag", TAGS)
def test_fields_match_table_rows(tag: str) -> None:
    """The attrs fields are text, children and the attribute rows, in table order."""
    rule = ELEMENTS[tag]
    cls = _nodes.NODE_CLASSES[tag]
    names = [field.name for field in attrs.fields(cls)]
    assert sorted(names) == sorted(_expected_fields(rule))
    attribute_order = [name for name in names if name not in ("text", "children")]
    assert attribute_order == [row.field for row in rule.attributes]


@pytest.mark.parametrize("tag", TAGS)
def test_constructor_keywords_match_table_rows(tag: str) -> None:
    """Every attribute is a keyword-only constructor argument, and nothing else is."""
    rule = ELEMENTS[tag]
    signature = inspect.signature(_nodes.NODE_CLASSES[tag])
    keywords = [
        name
        for name, parameter in signature.parameters.items()
        if parameter.kind is inspect.Parameter.KEYWORD_ONLY and name not in ("children", "text")
    ]
    assert keywords == [row.field for row in rule.attributes]


@pytest.mark.parametrize("tag", TAGS)
def test_literal_types_match_enumerations(tag: str) -> None:
    """Each Literal annotation lists exactly the values its codec accepts."""
    rule = ELEMENTS[tag]
    hints = _hints(_nodes.NODE_CLASSES[tag])
    for row in rule.attributes:
        codec = row.codec
        if isinstance(codec, (_codecs.Enumeration, _list_codecs.TokenList, _codecs.Method)):
            assert _literal_values(hints[row.field]) == set(codec.values), row.field


@pytest.mark.parametrize("tag", TAGS)
def test_python_types_match_codecs(tag: str) -> None:
    """Int fields have Integer codecs, bool fields Boolean, str fields string codecs."""
    rule = ELEMENTS[tag]
    hints = _hints(_nodes.NODE_CLASSES[tag])
    expected: dict[type[_codecs.Codec[Any]], Any] = {
        _codecs.Integer: int,
        _codecs.Boolean: bool,
        _codecs.FreeText: str,
        _codecs.Url: str,
        _codecs.Pattern: str,
        _codecs.OneKey: str,
        _codecs.KeySet: str,
        _list_codecs.PhraseList: tuple[str, ...],
    }
    for row in rule.attributes:
        wanted = expected.get(type(row.codec))
        if wanted is not None:
            assert _strip_none(hints[row.field]) == wanted, row.field


@pytest.mark.parametrize("tag", TAGS)
def test_child_unions_match_allowed_children(tag: str) -> None:
    """The static type of children names exactly the allowed child elements."""
    rule = ELEMENTS[tag]
    cls = _nodes.NODE_CLASSES[tag]
    if not rule.children:
        assert "children" not in attrs.fields_dict(cls)
        return
    field_type = _hints(cls)["children"]
    assert typing.get_origin(field_type) is tuple
    union = typing.get_args(field_type)[0]
    members = typing.get_args(union) or (union,)  # one allowed child is no union
    assert {member.__name__ for member in members} == set(rule.children)
    init = _hints(cls.__init__)
    star = next(
        parameter.name
        for parameter in inspect.signature(cls).parameters.values()
        if parameter.kind is inspect.Parameter.VAR_POSITIONAL
    )
    positional = {member.__name__ for member in typing.get_args(init[star])}
    assert positional - {"str"} == set(rule.children)


def test_text_fields_match_text_rules() -> None:
    """Elements with text take it as their first positional argument."""
    for tag, rule in ELEMENTS.items():
        parameters = list(inspect.signature(_nodes.NODE_CLASSES[tag]).parameters.values())
        if rule.text is None:
            assert "text" not in attrs.fields_dict(_nodes.NODE_CLASSES[tag])
        elif rule.text.required and rule.child_form is None:
            assert parameters[0].name == "text"
            assert parameters[0].kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
        else:
            assert parameters[0].kind is inspect.Parameter.VAR_POSITIONAL
