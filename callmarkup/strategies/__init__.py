"""Hypothesis strategies for call-control documents, derived from the dialect table.

Everything here is read from the table in ``callmarkup._schema``: which elements exist, which
attributes each one has and which codec checks each value, what text an element carries, which
children it may hold and how many. A value strategy exists for every codec (and for every text
grammar a :class:`~callmarkup._codecs.Pattern` codec names), so an attribute added to the table
is generated without a change here, and a codec without a strategy fails loudly instead of being
skipped.

The valid strategies produce nodes that the constructors accept unchanged: text and values are
already trimmed, so ``parse(render(node)) == node`` holds for every node they produce. They
cover the edges of the dialect (``loop=0``, the ten-noun ``<Dial>``, the lone ``<Sip>``, the
empty ``<Response>``, the maximal ``hints`` list, SIP URIs one character under their length
caps, non-ASCII text and the characters XML escapes) and use only characters XML can carry.

:func:`invalid_documents` produces documents that break exactly one rule, each paired with the
violation code :func:`callmarkup.validate` must report for it.

This module needs Hypothesis (the ``hypothesis`` extra, or ``pip install hypothesis``); the rest
of the package does not.

Example:
    >>> from hypothesis import given, settings
    >>> from callmarkup import parse, render
    >>> from callmarkup.strategies import responses
    >>> @settings(max_examples=20)
    ... @given(responses(max_verbs=3))
    ... def test_round_trip(doc):
    ...     assert parse(render(doc)) == doc
    >>> test_round_trip()
"""

# The modules of the package share their private helpers; none of them is public.
# pyright: reportPrivateUsage=false

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, Literal, TypeVar, cast, overload

try:
    from hypothesis import strategies as st
    from hypothesis.errors import InvalidArgument
except ImportError as error:  # pragma: no cover - exercised in a separate interpreter
    raise ImportError(
        "callmarkup.strategies needs Hypothesis: pip install hypothesis"
        " (or install callmarkup with its hypothesis extra)",
    ) from error

from callmarkup._nodes import Node, Noun, Response, Verb
from callmarkup._render import render
from callmarkup._schema import ELEMENTS, ROOT, AttributeRule
from callmarkup.exceptions import Code
from callmarkup.strategies._faults import _FAULTS, _invalid
from callmarkup.strategies._faults import _Draft as _Draft
from callmarkup.strategies._faults import _Raw as _Raw
from callmarkup.strategies._faults import _serialize as _serialize
from callmarkup.strategies._faults import _shell as _shell
from callmarkup.strategies._faults import _to_raw as _to_raw
from callmarkup.strategies._refused import _illegal as _illegal
from callmarkup.strategies._trees import (
    _check_bool,
    _element,
    _one_of_kind,
    _options,
    _ordered,
    _tag_of,
)
from callmarkup.strategies._trees import _content as _content
from callmarkup.strategies._trees import _limit_of as _limit_of
from callmarkup.strategies._trees import _Options as _Options
from callmarkup.strategies._values import _legal as _legal

if TYPE_CHECKING:
    from hypothesis.strategies import SearchStrategy

__all__ = [
    "documents",
    "elements",
    "invalid_documents",
    "nouns",
    "responses",
    "values",
    "verbs",
]

N = TypeVar("N", bound=Node)


# ---------------------------------------------------------------------------------------------
# Public strategies: valid nodes and documents
# ---------------------------------------------------------------------------------------------


def responses(
    *,
    min_verbs: int = 0,
    max_verbs: int | None = None,
    include: Iterable[type[Node]] | None = None,
    exclude: Iterable[type[Node]] | None = None,
    extensions: bool = True,
) -> SearchStrategy[Response]:
    """Valid documents as :class:`~callmarkup.Response` nodes.

    Args:
        min_verbs: The fewest verbs directly in the ``<Response>``.
        max_verbs: The most verbs directly in the ``<Response>``; ``None`` lets Hypothesis
            choose.
        include: The node classes that may appear (the ``Response`` itself always does).
            Every class listed must be able to appear: ``include={Number}`` without
            :class:`~callmarkup.Dial` is an error.
        exclude: Node classes that must not appear; their contents go with them.
        extensions: Whether the Restcomm-only attributes (``ext`` in the grammar reference)
            may appear.

    Returns:
        A strategy for ``Response`` nodes that render, validate and round-trip.

    Raises:
        hypothesis.errors.InvalidArgument: The options are of the wrong type or contradict
            each other.

    Example:
        >>> from hypothesis import find
        >>> from callmarkup import Hangup, Say
        >>> doc = find(responses(include={Say, Hangup}, min_verbs=2), lambda doc: True)
        >>> len(doc.children)
        2
    """
    options = _options(
        (ROOT,),
        include=include,
        exclude=exclude,
        extensions=extensions,
        min_verbs=min_verbs,
        max_verbs=max_verbs,
    )
    return cast("SearchStrategy[Response]", _element(ROOT, options))


def verbs(
    *,
    include: Iterable[type[Node]] | None = None,
    exclude: Iterable[type[Node]] | None = None,
    extensions: bool = True,
) -> SearchStrategy[Verb]:
    """Valid verbs: the nodes a :class:`~callmarkup.Response` may contain.

    Args:
        include: The node classes that may appear, the verbs and what they contain.
        exclude: Node classes that must not appear.
        extensions: Whether the Restcomm-only attributes may appear.

    Returns:
        A strategy for verb nodes, any of :data:`callmarkup.Verb`.

    Raises:
        hypothesis.errors.InvalidArgument: The options are wrong or leave no verb.

    Example:
        >>> from hypothesis import find
        >>> from callmarkup import Pause
        >>> find(verbs(include={Pause}), lambda verb: verb.length == 7)
        Pause(length=7)
    """
    starts = _ordered(ELEMENTS[ROOT].children)
    options = _options(starts, include=include, exclude=exclude, extensions=extensions)
    return cast("SearchStrategy[Verb]", _one_of_kind(starts, options))


def nouns(
    *,
    include: Iterable[type[Node]] | None = None,
    exclude: Iterable[type[Node]] | None = None,
    extensions: bool = True,
) -> SearchStrategy[Noun]:
    """Valid nouns: the nodes a :class:`~callmarkup.Dial` may contain.

    Args:
        include: The noun classes that may appear.
        exclude: Noun classes that must not appear.
        extensions: Whether the Restcomm-only attributes may appear.

    Returns:
        A strategy for noun nodes, any of :data:`callmarkup.Noun`.

    Raises:
        hypothesis.errors.InvalidArgument: The options are wrong or leave no noun.

    Example:
        >>> from hypothesis import find
        >>> from callmarkup import Sip
        >>> noun = find(nouns(include={Sip}), lambda noun: noun.password is not None)
        >>> type(noun).__name__
        'Sip'
    """
    # The nouns a verb holds (<Video> is a noun of nouns).
    held = {tag for rule in ELEMENTS.values() if rule.kind == "verb" for tag in rule.children}
    starts = tuple(tag for tag, rule in ELEMENTS.items() if rule.kind == "noun" and tag in held)
    options = _options(starts, include=include, exclude=exclude, extensions=extensions)
    return cast("SearchStrategy[Noun]", _one_of_kind(starts, options))


def elements(
    cls: type[N],
    *,
    include: Iterable[type[Node]] | None = None,
    exclude: Iterable[type[Node]] | None = None,
    extensions: bool = True,
) -> SearchStrategy[N]:
    """Valid nodes of one class, for example ``elements(Gather)``.

    Args:
        cls: The node class; ``elements(Response)`` is :func:`responses`.
        include: The node classes that may appear inside (``cls`` itself always may).
        exclude: Node classes that must not appear inside.
        extensions: Whether the Restcomm-only attributes may appear.

    Returns:
        A strategy for ``cls`` nodes.

    Raises:
        hypothesis.errors.InvalidArgument: ``cls`` is not a node class, or the options are
            wrong.

    Example:
        >>> from hypothesis import find
        >>> from callmarkup import Dial
        >>> dial = find(elements(Dial), lambda dial: len(dial.children) == 10)
        >>> len(dial.children)
        10
    """
    tag = _tag_of(cls, "cls")
    options = _options((tag,), include=include, exclude=exclude, extensions=extensions)
    return cast("SearchStrategy[N]", _element(tag, options))


def values(cls: type[Node], field: str) -> SearchStrategy[Any]:
    """Legal values of one attribute, or of the text (``field="text"``), of a node class.

    Useful for the inputs of code that builds nodes: phone numbers, SIP URIs, callback URLs
    that the constructors accept as they are.

    Args:
        cls: The node class.
        field: The attribute's Python name, as the class's keyword argument, or ``"text"``.

    Returns:
        A strategy for values the constructor accepts unchanged.

    Raises:
        hypothesis.errors.InvalidArgument: ``cls`` has no such attribute or no text.

    Example:
        >>> from hypothesis import find
        >>> from callmarkup import Number
        >>> phone = find(values(Number, "text"), lambda text: "?" in text)
        >>> Number(phone).text == phone
        True
    """
    rule = ELEMENTS[_tag_of(cls, "cls")]
    if field == "text":
        if rule.text is None:
            raise InvalidArgument(f"<{rule.tag}> carries no text")
        return _legal(rule.text.codec, text=True)
    rows: dict[str, AttributeRule] = {row.field: row for row in rule.attributes}
    if field not in rows:
        known = ", ".join(sorted(rows)) or "none"
        raise InvalidArgument(f"{cls.__name__} has no attribute {field!r} (attributes: {known})")
    return _legal(rows[field].codec, text=False)


def _render_pair(pair: tuple[Response, bool]) -> str:
    return render(pair[0], pretty=pair[1])


@overload
def documents(
    *,
    pretty: bool | None = ...,
    as_bytes: Literal[False] = ...,
    min_verbs: int = ...,
    max_verbs: int | None = ...,
    include: Iterable[type[Node]] | None = ...,
    exclude: Iterable[type[Node]] | None = ...,
    extensions: bool = ...,
) -> SearchStrategy[str]: ...
@overload
def documents(
    *,
    pretty: bool | None = ...,
    as_bytes: Literal[True],
    min_verbs: int = ...,
    max_verbs: int | None = ...,
    include: Iterable[type[Node]] | None = ...,
    exclude: Iterable[type[Node]] | None = ...,
    extensions: bool = ...,
) -> SearchStrategy[bytes]: ...
def documents(  # noqa: PLR0913 - the options of responses(), and the form
    *,
    pretty: bool | None = False,
    as_bytes: bool = False,
    min_verbs: int = 0,
    max_verbs: int | None = None,
    include: Iterable[type[Node]] | None = None,
    exclude: Iterable[type[Node]] | None = None,
    extensions: bool = True,
) -> SearchStrategy[str] | SearchStrategy[bytes]:
    """Valid documents, rendered: what an application serves.

    Args:
        pretty: ``False`` for the canonical form, ``True`` for the indented one, ``None`` for
            either.
        as_bytes: UTF-8 bytes instead of text.
        min_verbs: As for :func:`responses`.
        max_verbs: As for :func:`responses`.
        include: As for :func:`responses`.
        exclude: As for :func:`responses`.
        extensions: As for :func:`responses`.

    Returns:
        A strategy for documents that :func:`callmarkup.validate` finds no fault in.

    Raises:
        hypothesis.errors.InvalidArgument: The options are wrong.

    Example:
        >>> from hypothesis import find
        >>> from callmarkup import validate
        >>> doc = find(documents(as_bytes=True, min_verbs=1), lambda doc: True)
        >>> doc.startswith(b"<?xml"), validate(doc)
        (True, ())
    """
    _check_bool(pretty, "pretty", optional=True)
    _check_bool(as_bytes, "as_bytes")
    nodes = responses(
        min_verbs=min_verbs,
        max_verbs=max_verbs,
        include=include,
        exclude=exclude,
        extensions=extensions,
    )
    forms = st.sampled_from((False, True)) if pretty is None else st.just(pretty)
    rendered = st.tuples(nodes, forms).map(_render_pair)
    if as_bytes:
        return rendered.map(str.encode)
    return rendered


_CODES_BY_VALUE = {code.value: code for code in Code}


def _codes(value: object) -> tuple[Code, ...]:
    if value is None:
        return tuple(_FAULTS)
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise InvalidArgument(f"codes: expected a collection of violation codes, got {value!r}")
    found: list[Code] = []
    for item in cast("Iterable[object]", value):
        if not isinstance(item, str) or item not in _CODES_BY_VALUE:
            raise InvalidArgument(f"codes: {item!r} is not a violation code")
        code = _CODES_BY_VALUE[item]
        if code not in _FAULTS:
            # A warning marks a legal document; these documents are invalid.
            raise InvalidArgument(f"codes: {code.value!r} is a warning, not an error")
        found.append(code)
    if not found:
        raise InvalidArgument("codes: expected at least one violation code")
    return tuple(dict.fromkeys(found))


@overload
def invalid_documents(
    *,
    codes: Iterable[Code | str] | None = ...,
    pretty: bool | None = ...,
    as_bytes: Literal[False] = ...,
) -> SearchStrategy[tuple[str, Code]]: ...
@overload
def invalid_documents(
    *,
    codes: Iterable[Code | str] | None = ...,
    pretty: bool | None = ...,
    as_bytes: Literal[True],
) -> SearchStrategy[tuple[bytes, Code]]: ...
def invalid_documents(
    *,
    codes: Iterable[Code | str] | None = None,
    pretty: bool | None = None,
    as_bytes: bool = False,
) -> SearchStrategy[tuple[str, Code]] | SearchStrategy[tuple[bytes, Code]]:
    """Documents that each break exactly one rule, with the code of the violation.

    Each document is a valid one with one fault injected: a misspelt element or attribute, a
    value out of its range or grammar, a misplaced child, missing or forbidden text, too many
    nouns, an empty ``<Dial>``, a wrong root, a bare ``&`` or other malformed XML, a DOCTYPE,
    an entity reference, or a document over the size or depth cap. :func:`callmarkup.validate`
    reports exactly one violation for it, with the paired code, and :func:`callmarkup.parse`
    raises for it.

    Args:
        codes: Only faults with these codes (:class:`~callmarkup.Code` members or their
            values); all of them by default.
        pretty: ``False`` for compact documents, ``True`` for indented ones, ``None`` for
            either.
        as_bytes: UTF-8 bytes instead of text.

    Returns:
        A strategy for ``(document, code)`` pairs.

    Raises:
        hypothesis.errors.InvalidArgument: The options are wrong.

    Example:
        >>> from hypothesis import find
        >>> from callmarkup import Code, validate
        >>> doc, code = find(invalid_documents(codes=[Code.EMPTY]), lambda pair: True)
        >>> [violation.code for violation in validate(doc)] == [code]
        True
    """
    chosen = _codes(codes)
    _check_bool(pretty, "pretty", optional=True)
    _check_bool(as_bytes, "as_bytes")
    pairs = _invalid(chosen, pretty)
    if as_bytes:
        return pairs.map(lambda pair: (pair[0].encode("utf-8"), pair[1]))
    return pairs
