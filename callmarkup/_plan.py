"""The one compiler of the table: a plan per element, the constructors, the quick checks' code.

``_rules.judge`` is the interpreter of the table and phrases every violation. Where speed needs
straight-line code, this module is the only other reader of the rules' meaning: :func:`plan`
turns a row of the table into an :class:`ElementPlan` (what must be checked: attributes and
their quick checks, text, children, limits), and the plan alone drives both generated paths:

* :func:`constructor`: the body of a node class's ``__init__``, which checks the arguments as
  given and hands the node to the interpreter at the first thing wrong;
* the quick readers of parsed elements (``_readers``, which reads plans only and takes the
  code of each quick check from :func:`read_source` here), which load and check a valid
  document in one pass and decline (:class:`Declined`) at anything the interpreter must
  report.

Every field of the table's row classes is either planned here or listed as one the fast paths
may leave to the interpreter, with the reason. A field this module does not know is an error
at import (:class:`PlanError`), never a silent skip: a rule added to the interpreter alone would
otherwise be bypassed by every valid-looking document. The differential tests
(``tests/test_compiled.py``) hold the generated code to the interpreter.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

import attrs

from callmarkup._codecs import BadValue, Codec, clean_text
from callmarkup._compile import Source, compile_function, slot_setter
from callmarkup._grammars import XML_WHITESPACE
from callmarkup._quick import Clean, FullMatch, IntRange, Member, Plain
from callmarkup._rows import fields_repr

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from callmarkup._quick import QuickCheck
    from callmarkup._schema import ElementRule

__all__ = [
    "AdvicePlan",
    "Declined",
    "ElementPlan",
    "FlowPlan",
    "PlanError",
    "constructor",
    "count_tests",
    "guard_source",
    "plan",
    "read_source",
]


class PlanError(TypeError):
    """A row of the table holds something the generator does not understand."""


class Declined(Exception):  # noqa: N818 - control flow inside generated code
    """Something is not as the fast path expects: the interpreter takes over."""


# Every field of the row classes, with what the fast paths do with it. "planned": the plan
# carries it and the generated code checks it. Anything else is the reason the fast paths may
# leave the field to the interpreter; a field missing here stops the import.
_ELEMENT_FIELDS: Mapping[str, str] = {
    "tag": "planned",
    "attributes": "planned",
    "text": "planned",
    "children": "planned",
    "child_limits": "planned",
    "solitary_children": "planned",
    "text_or_children": "planned",
    "child_form": "planned",  # the form with a child is declined: the interpreter judges it
    "kind": "documentation only",
    "summary": "documentation only",
    "ends_document": "planned",
    "ends_document_if": "planned",
    "answers_call": "planned",
    "unanswered_only": "planned",
    "advice": "planned",
    "by_xml": "derived from attributes",
    "attribute_names": "derived from attributes",
}
_ATTRIBUTE_FIELDS: Mapping[str, str] = {
    "field": "planned",
    "xml": "planned",
    "codec": "planned",
    "default": "documentation only",
    "summary": "documentation only",
    "ext": "documentation only",
    "if_bad": "the wording of a violation, phrased by the interpreter",
    "if_empty": "the wording of a violation, phrased by the interpreter",
}
_TEXT_FIELDS: Mapping[str, str] = {
    "codec": "planned",
    "required": "planned",
    "summary": "documentation only",
}
_LIMIT_FIELDS: Mapping[str, str] = {"tags": "planned", "maximum": "planned"}
_ADVICE_FIELDS: Mapping[str, str] = {
    "code": "the wording of a warning, phrased by the interpreter",
    "message": "the wording of a warning, phrased by the interpreter",
    "present": "planned",
    "prefix": "planned",
    "missing": "planned",
    "unless_children": "planned",
    "unless_text": "planned",
    "equals": "planned",
    "relative": "planned",
    "inside": "planned",
    "text_test": "planned",
}


def _audit(row: attrs.AttrsInstance, known: Mapping[str, str], where: str) -> None:
    """Refuse a row with a field this module does not know."""
    for field in attrs.fields(type(row)):
        if field.name not in known:
            raise PlanError(
                f"{where}: the table field {type(row).__name__}.{field.name} is not known to"
                " the generator of the fast paths (callmarkup._plan); plan it there, or list it"
                " as one the interpreter alone judges"
            )


def _quick_of(codec: Codec[Any], where: str) -> QuickCheck | None:
    quick = codec.quick()
    # A codec may return anything: the declared type is not trusted here.
    kinds = (Member, IntRange, FullMatch, Clean, Plain)
    if quick is not None and not isinstance(quick, kinds):  # pyright: ignore[reportUnnecessaryIsInstance]
        raise PlanError(
            f"{where}: the quick check {type(quick).__name__} of {codec!r} is not a kind the"
            " generator knows (see callmarkup._quick)"
        )
    return quick


# Plans are made once per row and never compared: attrs writes neither equality nor a repr
# for them at import; one shared function shows them.
@attrs.frozen(eq=False, repr=False)
class AttributePlan:
    """One attribute: its field, its XML name, its codec and the codec's quick check."""

    __repr__ = fields_repr

    field: str
    xml: str
    codec: Codec[Any]
    quick: QuickCheck | None


@attrs.frozen(eq=False, repr=False)
class TextPlan:
    """The text: its codec, the codec's quick check, and whether it is required."""

    __repr__ = fields_repr

    codec: Codec[Any]
    quick: QuickCheck | None
    required: bool


@attrs.frozen(eq=False, repr=False)
class Count:
    """A count of children with tags in ``tags``: at most ``maximum``.

    With ``None``, they must be the only children there are (a solitary child).
    """

    __repr__ = fields_repr

    tags: frozenset[str]
    maximum: int | None


@attrs.frozen(eq=False, repr=False)
class AdvicePlan:
    """The conditions of one advice row, all of which must hold for its warning.

    ``present`` is the attribute whose canonical value is tested (by ``prefix``, ``equals``,
    ``relative``), ``missing`` the field of the attribute that must not be written.
    """

    __repr__ = fields_repr

    present: AttributePlan | None
    prefix: str
    missing: str | None
    unless_children: frozenset[str]
    unless_text: str | None
    equals: str | None
    relative: bool
    inside: frozenset[str]
    text_test: Callable[[str], str | None] | None


@attrs.frozen(eq=False, repr=False)
class FlowPlan:
    """What an element does to the flow of its siblings, for the flow warnings."""

    __repr__ = fields_repr

    ends: bool
    """Whether nothing after it runs (``ends_document``), on its own."""
    ends_if: str | None
    """An attribute whose presence alone makes it end the document."""
    answers: bool
    unanswered_only: bool
    """Whether the platform ignores it once the call is answered."""


@attrs.frozen(eq=False, repr=False)
class ElementPlan:
    """What the fast paths check of one element, derived from its row."""

    __repr__ = fields_repr

    tag: str
    attributes: tuple[AttributePlan, ...]
    text: TextPlan | None
    children: tuple[str, ...]
    """The allowed child tags, sorted."""
    counts: tuple[Count, ...]
    text_or_children: bool
    declines_children: bool
    """Whether any element child is left to the interpreter (another form of the element)."""
    flow: FlowPlan = FlowPlan(ends=False, ends_if=None, answers=False, unanswered_only=False)
    advice: tuple[AdvicePlan, ...] = ()


def plan(rule: ElementRule) -> ElementPlan:
    """The plan of one row.

    Raises:
        PlanError: the row has a field, or a codec a quick check, this module does not know.
    """
    where = f"<{rule.tag}>"
    _audit(rule, _ELEMENT_FIELDS, where)
    attributes: list[AttributePlan] = []
    for row in rule.attributes:
        place = f"{where} attribute {row.xml}"
        _audit(row, _ATTRIBUTE_FIELDS, place)
        attributes.append(AttributePlan(row.field, row.xml, row.codec, _quick_of(row.codec, place)))
    text = None
    if rule.text is not None:
        _audit(rule.text, _TEXT_FIELDS, f"{where} text")
        quick = _quick_of(rule.text.codec, f"{where} text")
        text = TextPlan(rule.text.codec, quick, rule.text.required)
    counts: list[Count] = []
    for limit in rule.child_limits:
        _audit(limit, _LIMIT_FIELDS, f"{where} child limit")
        counts.append(Count(limit.tags, limit.maximum))
    counts += [Count(frozenset((tag,)), None) for tag in sorted(rule.solitary_children)]
    by_xml = {row.xml: row for row in attributes}
    advice: list[AdvicePlan] = []
    for number, advised in enumerate(rule.advice):
        _audit(advised, _ADVICE_FIELDS, f"{where} advice {number}")
        missing = by_xml.get(advised.missing) if advised.missing is not None else None
        advice.append(
            AdvicePlan(
                present=None if advised.present is None else by_xml[advised.present],
                prefix=advised.prefix,
                missing=None if missing is None else missing.field,
                unless_children=advised.unless_children,
                unless_text=advised.unless_text,
                equals=advised.equals,
                relative=advised.relative,
                inside=advised.inside,
                text_test=advised.text_test,
            )
        )
    flow = FlowPlan(
        ends=rule.ends_document is not None and rule.ends_document_if is None,
        ends_if=None if rule.ends_document is None else rule.ends_document_if,
        answers=rule.answers_call,
        unanswered_only=rule.unanswered_only is not None,
    )
    return ElementPlan(
        tag=rule.tag,
        attributes=tuple(attributes),
        text=text,
        children=tuple(sorted(rule.children)),
        counts=tuple(counts),
        text_or_children=rule.text_or_children,
        declines_children=rule.child_form is not None,
        flow=flow,
        advice=tuple(advice),
    )


# ---------------------------------------------------------------------------------------------
# Quick checks as code


# The tables of a set of values are made once: the attributes of several elements share a codec
# (the event lists of the nouns), and each has a constructor and two readers.
@functools.cache
def _value_set(quick: Member) -> frozenset[Any]:
    return frozenset(quick.values)


@functools.cache
def _written_values(codec: Codec[Any], quick: Member) -> dict[str, Any]:
    """Each value by its written form; reading one back gives it (the round trip)."""
    return {codec.dump(member): member for member in quick.values}


def guard_source(quick: QuickCheck, value: str, prefix: str, namespace: dict[str, Any]) -> str:
    """An expression over the variable ``value``, true only of a value ``check`` keeps.

    Names it needs are added to ``namespace``, each starting with ``prefix``.
    """
    if isinstance(quick, Member):
        kinds: set[type] = {type(member) for member in quick.values}
        if len(kinds) != 1:
            raise PlanError(f"the members of {quick!r} are not all of one type")
        kind = kinds.pop()
        namespace[f"{prefix}values"] = _value_set(quick)
        if kind is tuple:
            return _tuple_member_source(quick, value, prefix, namespace)
        namespace[f"{prefix}type"] = kind
        return f"(type({value}) is {prefix}type and {value} in {prefix}values)"
    if isinstance(quick, IntRange):
        return f"(type({value}) is int and {quick.minimum} <= {value} <= {quick.maximum})"
    if isinstance(quick, FullMatch):
        namespace[f"{prefix}match"] = quick.pattern.fullmatch
        return f"(type({value}) is str and {prefix}match({value}) is not None)"
    if isinstance(quick, Clean):
        # strip() returns the very same str when there is nothing to strip; when it makes a
        # copy anyway, the test is false and the value is checked the long way, as rightly.
        return (
            f"(type({value}) is str and {value}.isprintable()"
            f" and {value}.strip({XML_WHITESPACE!r}) is {value})"
        )
    if isinstance(quick, Plain):  # pyright: ignore[reportUnnecessaryIsInstance]
        namespace[f"{prefix}plain"] = quick.predicate
        return f"(type({value}) is str and {prefix}plain({value}))"
    raise PlanError(f"not a quick check the generator knows: {quick!r}")  # pragma: no cover


def _tuple_member_source(quick: Member, value: str, prefix: str, namespace: dict[str, Any]) -> str:
    """The guard of a :class:`Member` whose values are tuples of ``str``.

    An equal tuple is not enough: one holding a ``str`` subclass would be stored as it is, and
    looking it up would run the subclass's ``__hash__`` and ``__eq__``. Every entry's type is
    tested first (``type()`` runs no code of the entry's class).
    """
    if not all(type(entry) is str for member in quick.values for entry in member):
        raise PlanError(f"the members of {quick!r} are tuples of something else than str")
    namespace[f"{prefix}strings"] = frozenset((str,)).issuperset
    return (
        f"(type({value}) is tuple and {prefix}strings(map(type, {value}))"
        f" and {value} in {prefix}values)"
    )


def read_source(  # noqa: PLR0911 - one return per kind of quick check
    codec: Codec[Any], value: str, prefix: str, namespace: dict[str, Any]
) -> str:
    """An expression over ``value``, a trimmed string of a document: what ``load`` gives.

    Values the codec's quick check covers are read inline; the rest through ``load``, bound
    as ``{prefix}load``. Names it needs are added to ``namespace``, each starting with
    ``prefix``.
    """
    quick = codec.quick()
    load = f"{prefix}load"
    namespace[load] = codec.load
    if quick is None:
        return f"{load}({value})"
    if isinstance(quick, Member):
        if all(type(member) is str for member in quick.values):
            namespace[f"{prefix}values"] = _value_set(quick)
            return f"({value} if {value} in {prefix}values else {load}({value}))"
        # Written values map back to the values (load(dump(x)) == x, the round trip).
        namespace[f"{prefix}read"] = _written_values(codec, quick)
        return f"({prefix}read[{value}] if {value} in {prefix}read else {load}({value}))"
    if isinstance(quick, IntRange):
        # Few enough digits to be under the maximum, and not under the minimum.
        number = f"{prefix}number"
        short = (
            f"{value}.isdigit() and {value}.isascii() and len({value}) <= "
            f"{len(str(quick.maximum)) - 1} and ({number} := int({value})) >= {quick.minimum}"
        )
        return f"({number} if {short} else {load}({value}))"
    if isinstance(quick, FullMatch):
        namespace[f"{prefix}match"] = quick.pattern.fullmatch
        return f"({value} if {prefix}match({value}) is not None else {load}({value}))"
    if isinstance(quick, Clean):
        # A document's string is trimmed already.
        return f"({value} if {value}.isprintable() else {load}({value}))"
    if isinstance(quick, Plain):  # pyright: ignore[reportUnnecessaryIsInstance]
        namespace[f"{prefix}plain"] = quick.predicate
        return f"({value} if {prefix}plain({value}) else {load}({value}))"
    raise PlanError(f"not a quick check the generator knows: {quick!r}")  # pragma: no cover


# ---------------------------------------------------------------------------------------------
# Constructors


def constructor(  # noqa: PLR0913 - what a constructor is made of, each given
    cls: type,
    element: ElementPlan,
    header: str,
    *,
    classes: Mapping[str, type],
    judge: Callable[[Any], None],
    refuse: Callable[[type, dict[str, object]], Exception] | None = None,
) -> Callable[..., None]:
    """The compiled constructor body of the node class ``cls``, generated from its plan.

    With ``refuse``, ``header`` takes ``**unknown``, and any keyword it collects is refused
    first with the exception ``refuse(cls, unknown)`` makes. ``classes`` are the node classes
    by tag, for the children.

    It runs the checks the interpreter would run, on the arguments as they were given: the
    element's rules on children and text, and each attribute's quick check, its codec's
    ``check`` only when that is false; then it stores the normalised values. At the first
    thing wrong it stores the arguments as given and calls ``judge`` on the node, which runs
    the interpreter to find every violation and phrase it (or, when the quick path was only
    cautious, stores the same normalised values).
    """
    fields = [field.name for field in attrs.fields(cls)]
    namespace: dict[str, Any] = {
        "BadValue": BadValue,
        "Declined": Declined,
        "clean_text": clean_text,
        "judge": judge,
    }
    for field in fields:
        namespace[f"set_{field}"] = slot_setter(cls, field)
    source = Source(header)
    if refuse is not None:
        namespace["cls"] = cls
        namespace["refuse"] = refuse
        with source.block("if unknown:"):
            source.add("raise refuse(cls, unknown)")
    with source.block("try:"):
        if not element.children and element.text is None and not element.attributes:
            source.add("pass")
        if element.declines_children:
            with source.block("if children:"):
                source.add("raise Declined")
        if element.children:
            _children_lines(source, namespace, element, classes)
        if element.text is not None:
            _text_lines(source, namespace, element, element.text)
        for number, row in enumerate(element.attributes):
            field = row.field
            source.add(f"v_{field} = {field}")
            test = f"v_{field} is not None"
            if row.quick is not None:
                guard = guard_source(row.quick, f"v_{field}", f"g{number}_", namespace)
                test += f" and not {guard}"
            namespace[f"check_{number}"] = row.codec.check
            with source.block(f"if {test}:"):
                source.add(f"v_{field} = check_{number}(v_{field})")
    # The interpreter runs after the except clause, not in it: the error it raises is the
    # user's, and must not show the quick path's internal exception as its context.
    with source.block("except (BadValue, TypeError, Declined):"):
        source.add("pass")
    with source.block("else:"):
        for field in fields:
            value = "children" if field == "children" else f"v_{field}"
            source.add(f"set_{field}(self, {value})")
        source.add("return")
    source.add(*(f"set_{field}(self, {field})" for field in fields))
    source.add("judge(self)")
    name = header.removeprefix("def ").partition("(")[0]
    function: Callable[..., None] = compile_function(name, source, namespace)
    return function


def count_tests(element: ElementPlan, children: str) -> list[str]:
    """The test that breaks each count, over ``count_N`` and the number of ``children``."""
    return [
        f"count_{number} > {count.maximum}"
        if count.maximum is not None
        # A child that must be alone is misplaced beside any child of another element.
        else f"count_{number} and count_{number} != {children}"
        for number, count in enumerate(element.counts)
    ]


def _children_lines(
    source: Source, namespace: dict[str, Any], element: ElementPlan, classes: Mapping[str, type]
) -> None:
    """Every child a node of an allowed element, within the counts."""

    def of(tags: set[str]) -> frozenset[type]:
        return frozenset(classes[tag] for tag in tags)

    # The allowed classes, grouped by the counts each adds to: one test per child.
    groups: dict[tuple[int, ...], set[str]] = {}
    for tag in element.children:
        adds = tuple(number for number, count in enumerate(element.counts) if tag in count.tags)
        groups.setdefault(adds, set()).add(tag)
    for number in range(len(element.counts)):
        source.add(f"count_{number} = 0")
    with source.block("for x in children:"):
        source.add("k = type(x)")  # what x is, not what its __class__ claims
        test = "if"
        for number, (adds, tags) in enumerate(item for item in groups.items() if item[0]):
            namespace[f"group_{number}"] = of(tags)
            with source.block(f"{test} k in group_{number}:"):
                source.add(*(f"count_{count} += 1" for count in adds))
            test = "elif"
        # The rest of the allowed classes, which add to no count.
        namespace["allowed"] = of(groups.get((), set()))
        with source.block(f"{test} k not in allowed:"):
            source.add("raise Declined")
    for broken in count_tests(element, "len(children)"):
        with source.block(f"if {broken}:"):
            source.add("raise Declined")


def _text_lines(
    source: Source, namespace: dict[str, Any], element: ElementPlan, text: TextPlan
) -> None:
    """The text: trimmed and checked, required, or exclusive with the children.

    A text codec's check is ``clean_text``, then ``load`` (a test holds every text codec to
    that), so its quick check stands for both; without one, a text already clean is still
    loaded.
    """
    required = text.required
    namespace["load_text"] = text.codec.load
    quick = guard_source(text.quick or Clean(), "v_text", "text_", namespace)

    def load() -> None:
        if required:
            source.add("v_text = load_text(v_text)")
        else:
            with source.block("if v_text is not None:"):
                source.add("v_text = load_text(v_text)")

    source.add("v_text = text")
    given = "" if required else "v_text is not None and "
    with source.block(f"if {given}not ({quick} and v_text):"):
        if required:
            source.add("v_text = clean_text(v_text)")
            with source.block("if not v_text:"):
                source.add("raise Declined")
        else:
            source.add("v_text = clean_text(v_text) or None")
        if text.quick is not None:
            load()
    if text.quick is None:
        load()
    if element.text_or_children:
        # Every child is allowed by now, so any child excludes text, and one is needed.
        with source.block("if (v_text is None) == (not children):"):
            source.add("raise Declined")
