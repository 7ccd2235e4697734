"""The shapes of the dialect's rows, and of a whole dialect.

The table itself is data in ``_schema``; this module says what a row is (an element, its
attributes, its text, its limits, the forms and advice it has) and what a :class:`Dialect`
holds: the rows, the node classes built from them, and the code generated from both (quick
readers, writers, builders), which ``_dialect`` makes. Nothing here reads a row's meaning.
"""

from __future__ import annotations

import functools
import operator
from typing import TYPE_CHECKING, Any

import attrs

from callmarkup import _codecs as codecs

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from callmarkup._tree import Element
    from callmarkup.exceptions import Code

__all__ = [
    "READS_FALSE",
    "USES_DEFAULT",
    "Advice",
    "AttributeRule",
    "ChildForm",
    "ChildLimit",
    "Dialect",
    "ElementRule",
    "TextRule",
    "fields_repr",
]


USES_DEFAULT = "the platform uses the default, {default}"
"""What the platform does with a bad integer, method or enumeration value."""
READS_FALSE = "the platform reads anything but true as false"
"""What the platform does with a bad boolean."""


def fields_repr(self: attrs.AttrsInstance) -> str:
    """What attrs' ``repr`` would give: the class and every field shown, by keyword.

    One function for every row class (and plan class, ``_plan``) rather than one generated per
    class at import; rows are shown in tests and while debugging, never on a path that runs
    per document.
    """
    shown = ", ".join(
        f"{field.name}={getattr(self, field.name)!r}"
        for field in attrs.fields(type(self))
        if field.repr
    )
    return f"{type(self).__name__}({shown})"


class _Row:
    """What every row class shares: equality, hashing and ``repr`` by its fields, as attrs does.

    One method each for every row class, rather than attrs compiling the same three again for
    each class at import (the row classes are declared with ``eq=False, repr=False``). Rows are
    equal when they are of the same class and every field attrs compares is equal.
    """

    __slots__ = ()

    __repr__ = fields_repr

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        values = _compared(self.__class__)
        return values(self) == values(other)

    def __hash__(self) -> int:
        return hash((self.__class__, _compared(self.__class__)(self)))


_COMPARED: dict[type[Any], Callable[[Any], object]] = {}


def _compared(cls: type[Any]) -> Callable[[Any], object]:
    """The fields of a ``cls`` row that equality and hashing read, as one value."""
    found = _COMPARED.get(cls)
    if found is None:
        names = [field.name for field in attrs.fields(cls) if field.eq]
        found = _COMPARED[cls] = operator.attrgetter(*names)
    return found


@attrs.frozen(eq=False, repr=False)
class AttributeRule(_Row):
    """One attribute: its Python and XML names, its codec, and what the docs say of it."""

    field: str
    """The keyword argument and attribute name of the node class (snake_case)."""
    xml: str
    """The attribute name in documents (camelCase, case-sensitive)."""
    codec: codecs.Codec[Any]
    """Reads, checks and writes the value."""
    default: str
    """What the platform does when the attribute is absent (never written out)."""
    summary: str
    """One sentence on what the attribute does."""
    ext: bool = False
    """Documented by Restcomm only, not by api19."""
    if_bad: str | None = attrs.field(
        default=attrs.Factory(lambda row: _if_bad(row.codec, row.default), takes_self=True),
    )
    """What the platform does with a bad value, as a clause for messages: by
    default, the one every boolean, integer or method shares."""
    if_empty: str | None = None
    """What the platform does with an empty value, when that is known and differs."""


def _if_bad(codec: codecs.Codec[Any], default: str) -> str | None:
    if isinstance(codec, codecs.Boolean):
        return READS_FALSE
    if isinstance(codec, (codecs.Integer, codecs.Method)):
        return USES_DEFAULT.format(default=default)
    return None


@attrs.frozen(eq=False, repr=False)
class TextRule(_Row):
    """The text an element carries."""

    codec: codecs.Codec[Any]
    """Checks the trimmed text."""
    required: bool
    """Whether an element without text is a ``text-required`` violation."""
    summary: str
    """What the text means."""


@attrs.frozen(eq=False, repr=False)
class ChildLimit(_Row):
    """At most ``maximum`` children whose tags are in ``tags`` (``too-many-children``)."""

    tags: frozenset[str]
    maximum: int


@attrs.frozen(eq=False, repr=False)
class ChildForm(_Row):
    """The form an element takes with a child of ``child`` (``<Video>``).

    Its destination is then the attribute ``attribute``, which is required
    (``attribute-required``) and read by ``codec``; text is ``text-forbidden`` and no longer
    required.
    """

    child: str
    """The tag of the child that selects the form."""
    attribute: str
    """The XML name of the attribute that holds the destination in this form."""
    codec: codecs.Codec[Any]
    """How the attribute is read in this form."""
    text_forbidden: str
    """Why text is refused in this form, for messages."""


@attrs.frozen(eq=False, repr=False)
class Advice(_Row):
    """A legal but suspect use of an element: a warning, never an error.

    It applies when every condition given holds: ``present`` is written with a legal value
    that starts with ``prefix``; ``missing`` is not written (whatever its value); no element
    child has a tag in ``unless_children``; the text does not start with ``unless_text``.
    An attribute whose value is bad is reported as an error and so never triggers advice.
    """

    code: Code
    """The warning's code."""
    message: str
    """What is suspect and what to do; ``{tag}`` and ``{value}`` (the quoted value of
    ``present``) are filled in."""
    present: str | None = None
    """An attribute (XML name) that must be written; the warning is placed at it."""
    prefix: str = ""
    """What the value of ``present`` must start with."""
    missing: str | None = None
    """An attribute (XML name) that must not be written."""
    unless_children: frozenset[str] = frozenset()
    """Child tags any of which makes the advice not apply."""
    unless_text: str | None = None
    """A text prefix that makes the advice not apply."""
    equals: str | None = None
    """The value ``present`` must have, exactly, as written canonically."""
    relative: bool = False
    """Whether the value of ``present`` must be a relative URL (no scheme)."""
    inside: frozenset[str] = frozenset()
    """Parent tags the element must be inside, when not empty."""
    text_test: Callable[[str], str | None] | None = attrs.field(default=None, eq=False, repr=False)
    """A test of the element's legal text: what it returns, when not ``None``, fills
    ``{detail}`` and makes the advice apply (it is then placed at the element)."""


@attrs.frozen(eq=False, repr=False)
class ElementRule(_Row):
    """One element of the dialect."""

    tag: str
    """The element name (case-sensitive)."""
    kind: str
    """``root``, ``verb`` or ``noun``."""
    summary: str
    """One sentence on what the element does."""
    attributes: tuple[AttributeRule, ...] = ()
    """In canonical (rendering) order."""
    text: TextRule | None = None
    """``None``: the element carries no text (``text-forbidden``)."""
    children: frozenset[str] = frozenset()
    """Tags of the elements it may contain, any number, any order unless limited below."""
    child_limits: tuple[ChildLimit, ...] = ()
    """Caps on how many children of some tags it may have."""
    solitary_children: frozenset[str] = frozenset()
    """Children that must be the only kind of child: no sibling of another allowed tag."""
    text_or_children: bool = False
    """Text and children exclude each other and one of them is required (``empty``)."""
    ends_document: str | None = None
    """Why nothing after the element runs, for example ``"ends the call"``; ``None`` when the
    next verb may run. Every later sibling is then an ``unreachable-verb`` warning."""
    ends_document_if: str | None = None
    """An attribute (XML name) that must be written for ``ends_document`` to apply."""
    answers_call: bool = True
    """Whether the platform answers the call to run the verb (all but ``<Pause>``)."""
    unanswered_only: str | None = None
    """For a verb the platform ignores once the call is answered (``<Reject>``):
    the warning's message. The verb then neither ends the document nor runs."""
    advice: tuple[Advice, ...] = ()
    """Legal but suspect uses of the element, in the order they are reported."""
    child_form: ChildForm | None = None
    """Another form the element takes with a certain child (``<Video>``)."""
    by_xml: dict[str, AttributeRule] = attrs.field(init=False, eq=False, repr=False)
    """The attribute rows keyed by XML name (derived)."""
    attribute_names: frozenset[str] = attrs.field(init=False, eq=False, repr=False)
    """The XML names of the attributes (derived)."""

    def __attrs_post_init__(self) -> None:
        object.__setattr__(self, "by_xml", {row.xml: row for row in self.attributes})
        object.__setattr__(self, "attribute_names", frozenset(self.by_xml))


@attrs.frozen(eq=False, repr=False)
class Dialect:
    """A whole dialect: its rows, its node classes, and the code generated from them.

    Built by ``_dialect.build``, which generates the derived fields (the readers, checkers and
    builders at their first use); the package's own is ``_dialect.DIALECT``. The parser, the
    validator, the renderer, the interpreter's walk and the strategies take one, so a test can
    run them all over another table. Compared by identity: one object per dialect, so what is
    made for it is cached once.
    """

    __repr__ = fields_repr

    table: Mapping[str, ElementRule]
    """Every element, keyed by tag."""
    classes: Mapping[str, type[Any]]
    """The node class of every element, keyed by tag."""
    root: str
    """The tag of the document element."""
    foreign: Mapping[str, str]
    """Elements of other dialects, with what they are there, for the messages."""
    foreign_hints: Mapping[str, str]
    """What to write instead of some of them."""
    make_readers: Callable[[bool], Mapping[str, Callable[[Element, int, int], Any]]] = attrs.field(
        repr=False
    )
    """Makes the quick readers of every element, by tag: building nodes (``True``) or not."""
    make_warners: Callable[[], Mapping[str, Callable[..., int]]] = attrs.field(repr=False)
    """Makes the quick checkers of every element that also find their warnings' places."""
    make_builders: Callable[[], Mapping[str, Callable[[Mapping[str, Any]], Any]]] = attrs.field(
        repr=False
    )
    """Makes the builders of every element, by tag."""
    writers: Mapping[type[Any], Callable[[Any, list[str]], None]]
    """Appends the canonical text of a node to a list, by node class."""
    starts: Mapping[type[Any], Callable[[Any], str]]
    """The start tag of a node, without its closing ``>``, by node class."""
    tags: Mapping[type[Any], str]
    """The tag of every node class."""

    # Made at their first use: only parsing and validating need them, and a program that
    # builds and renders documents never makes them. From then on each is a plain slot.

    @functools.cached_property
    def readers(self) -> Mapping[str, Callable[[Element, int, int], Any]]:
        """The quick reader of every element that builds its node (``parse``), by tag."""
        return self.make_readers(True)  # noqa: FBT003 - the one flag make_readers takes

    @functools.cached_property
    def checkers(self) -> Mapping[str, Callable[[Element, int, int], Any]]:
        """The quick reader of every element that only checks it (``validate``), by tag."""
        return self.make_readers(False)  # noqa: FBT003 - the one flag make_readers takes

    @functools.cached_property
    def warners(self) -> Mapping[str, Callable[..., int]]:
        """The quick checker of every element that also finds its warnings' places, by tag."""
        return self.make_warners()

    @functools.cached_property
    def builders(self) -> Mapping[str, Callable[[Mapping[str, Any]], Any]]:
        """Builds a node from values already judged legal, by tag (the interpreter's walk)."""
        return self.make_builders()
