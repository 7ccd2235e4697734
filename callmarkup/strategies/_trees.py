"""Valid trees: the options users combine, and nodes built from the table."""

# The modules of the package share their private helpers; none of them is public.
# pyright: reportPrivateUsage=false, reportUnusedFunction=false

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, cast

import attrs
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from callmarkup._dialect import DIALECT
from callmarkup._nodes import NODE_CLASSES, Node
from callmarkup._rules import in_table_order
from callmarkup._schema import ELEMENTS, ROOT, ChildLimit, ElementRule

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

    from callmarkup._rows import Dialect

from callmarkup.strategies._values import (
    _legal,
)

# ---------------------------------------------------------------------------------------------
# Options
# ---------------------------------------------------------------------------------------------


@attrs.frozen
class _Options:
    tags: frozenset[str]
    """Tags of the elements that may appear."""
    extensions: bool = True
    """Whether attributes marked ``ext`` in the table may appear."""
    min_verbs: int = 0
    max_verbs: int | None = None
    dialect: Dialect = DIALECT
    """The rows and classes generated from."""


_NESTED = _Options(frozenset(ELEMENTS), max_verbs=2)
"""Options for the valid elements placed inside invalid documents: small, complete."""
_BASE = _Options(frozenset(ELEMENTS), max_verbs=3)
"""Options for the valid documents faults are injected into."""


_ordered = in_table_order


def _tag_of(cls: object, argument: str) -> str:
    for tag, node_class in NODE_CLASSES.items():
        if cls is node_class:
            return tag
    raise InvalidArgument(f"{argument}: expected a node class of callmarkup, got {cls!r}")


def _tags_of(classes: object, argument: str) -> frozenset[str]:
    if isinstance(classes, (str, bytes, type)) or not isinstance(classes, Iterable):
        raise InvalidArgument(f"{argument}: expected a collection of node classes, got {classes!r}")
    return frozenset(_tag_of(cls, argument) for cls in cast("Iterable[object]", classes))


def _check_bool(value: object, argument: str, *, optional: bool = False) -> None:
    if not (isinstance(value, bool) or (optional and value is None)):
        what = "True, False or None" if optional else "True or False"
        raise InvalidArgument(f"{argument}: expected {what}, got {value!r}")


def _check_size(value: object, argument: str, *, optional: bool = False) -> None:
    if optional and value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        raise InvalidArgument(f"{argument}: expected an int, got {value!r}")
    if value < 0:
        raise InvalidArgument(f"{argument}: must be at least 0, got {value}")


def _reachable(start: Iterable[str], tags: frozenset[str]) -> set[str]:
    """The tags that can appear under (and including) ``start`` when only ``tags`` may."""
    seen: set[str] = set()
    pending = [tag for tag in start if tag in tags]
    while pending:
        tag = pending.pop()
        if tag not in seen:
            seen.add(tag)
            pending += [child for child in ELEMENTS[tag].children if child in tags]
    return seen


def _options(  # noqa: PLR0913 - the options users combine
    starts: tuple[str, ...],
    *,
    include: object,
    exclude: object,
    extensions: object,
    min_verbs: object = 0,
    max_verbs: object = None,
) -> _Options:
    """Check the user's options and resolve which tags may appear.

    ``starts`` are the tags the strategy draws from; a single one (the ``Response`` of
    :func:`responses`, the class of :func:`elements`) is allowed even if ``include`` omits it.
    """
    _check_bool(extensions, "extensions")
    _check_size(min_verbs, "min_verbs")
    _check_size(max_verbs, "max_verbs", optional=True)
    low = cast("int", min_verbs)
    high = cast("int | None", max_verbs)
    if high is not None and high < low:
        raise InvalidArgument(f"max_verbs={high} is less than min_verbs={low}")
    included = frozenset(ELEMENTS) if include is None else _tags_of(include, "include")
    excluded = frozenset[str]() if exclude is None else _tags_of(exclude, "exclude")
    implicit = frozenset(starts) if len(starts) == 1 else frozenset[str]()
    tags = (included | implicit) - excluded
    if not any(start in tags for start in starts):
        allowed = ", ".join(f"<{tag}>" for tag in starts)
        raise InvalidArgument(f"the options leave none of {allowed} to generate")
    reachable = _reachable(starts, tags)
    # Included classes that could appear here but for the options: <Number> without <Dial>.
    possible = _reachable(starts, frozenset(ELEMENTS))
    stranded = _ordered((tags & possible) - reachable)
    if include is not None and stranded:
        raise InvalidArgument(
            "included but unreachable, because no element that may contain them is"
            " allowed: " + ", ".join(f"<{tag}>" for tag in stranded),
        )
    if low > 0 and not any(tag in reachable for tag in ELEMENTS[ROOT].children):
        raise InvalidArgument(f"min_verbs={low}, but the options allow no verb")
    return _Options(frozenset(reachable), cast("bool", extensions), low, high)


# ---------------------------------------------------------------------------------------------
# Valid nodes, from the table
# ---------------------------------------------------------------------------------------------


@functools.cache
def _attributes(rule: ElementRule, options: _Options) -> SearchStrategy[dict[str, Any]]:
    """Any subset of the element's attributes, each with a legal value."""
    return st.fixed_dictionaries(
        {},
        optional={
            row.field: _legal(row.codec, text=False)
            for row in rule.attributes
            if options.extensions or not row.ext
        },
    )


def _groups(rule: ElementRule, options: _Options) -> list[tuple[str, ...]]:
    """The sets of child tags that may be mixed: the ordinary ones, and each solitary one."""
    allowed = [tag for tag in _ordered(rule.children, options.dialect.table) if tag in options.tags]
    shared = tuple(tag for tag in allowed if tag not in rule.solitary_children)
    return ([shared] if shared else []) + [
        (tag,) for tag in allowed if tag in rule.solitary_children
    ]


def _limit_of(rule: ElementRule, group: tuple[str, ...]) -> int | None:
    """How many children of ``group`` the element may have, by its child limits."""
    limits: list[ChildLimit] = [limit for limit in rule.child_limits if limit.tags & set(group)]
    for limit in limits:
        if not set(group) <= limit.tags:
            # Not in the table today; generating for it would need more than a size bound.
            raise NotImplementedError(f"<{rule.tag}>: a child limit splits {group}")
    return min((limit.maximum for limit in limits), default=None)


def _children(
    rule: ElementRule,
    group: tuple[str, ...],
    options: _Options,
    *,
    min_size: int,
    max_size: int | None,
) -> SearchStrategy[tuple[Node, ...]]:
    child = st.one_of([st.deferred(lambda tag=tag: _element(tag, options)) for tag in group])  # type: ignore[misc]
    limit = _limit_of(rule, group)
    if limit is None:
        return st.lists(child, min_size=min_size, max_size=max_size).map(tuple)
    high = limit if max_size is None else min(limit, max_size)
    low = min(min_size, high)
    # Reach the limit in about a third of draws: the ten-noun Dial and the lone Sip are edges
    # worth testing, but full Dials make every document slower to draw.
    full = st.lists(child, min_size=high, max_size=high)
    below = st.lists(child, min_size=low, max_size=high)
    return st.integers(0, 2).flatmap(lambda which: full if which == 0 else below).map(tuple)


def _content(rule: ElementRule, options: _Options) -> SearchStrategy[dict[str, Any]]:
    """The element's text and children, as keyword arguments of its class."""
    text = None if rule.text is None else _legal(rule.text.codec, text=True)
    root = rule.tag == ROOT
    low = options.min_verbs if root else 0
    high = options.max_verbs if root else None
    groups = _groups(rule, options)
    form = rule.child_form
    if form is not None and text is not None:
        # Text, or the form with a child (<Video>): the destination then in an attribute.
        shapes = [text.map(lambda value: {"text": value})]
        if form.child in options.tags:
            child = st.deferred(lambda: _element(form.child, options))
            field = rule.by_xml[form.attribute].field
            shapes.append(
                st.tuples(child, _legal(form.codec, text=False)).map(
                    lambda pair: {"children": (pair[0],), field: pair[1]}
                )
            )
        return st.one_of(shapes)
    if rule.text_or_children:
        forms: list[SearchStrategy[dict[str, Any]]] = []
        if text is not None:
            forms.append(text.map(lambda value: {"text": value}))
        for group in groups:
            kids = _children(rule, group, options, min_size=max(low, 1), max_size=high)
            forms.append(kids.map(lambda value: {"children": value}))
        return st.one_of(forms)
    parts: dict[str, SearchStrategy[Any]] = {}
    if text is not None and rule.text is not None:
        parts["text"] = text if rule.text.required else st.none() | text
    if rule.children:
        parts["children"] = st.one_of(
            [_children(rule, group, options, min_size=low, max_size=high) for group in groups]
            or [st.just(())],
        )
    return st.fixed_dictionaries(parts)


@functools.cache
def _element(tag: str, options: _Options) -> SearchStrategy[Node]:
    rule = options.dialect.table[tag]
    factory = cast("Callable[..., Node]", options.dialect.classes[tag])

    def build(parts: tuple[dict[str, Any], dict[str, Any]]) -> Node:
        attributes, content = parts
        return factory(**{**attributes, **content})

    return st.tuples(_attributes(rule, options), _content(rule, options)).map(build)


def _one_of_kind(starts: tuple[str, ...], options: _Options) -> SearchStrategy[Node]:
    return st.one_of([_element(tag, options) for tag in starts if tag in options.tags])
