"""What the library reads of a parsed element: the typed boundary with lxml.

lxml's stubs type an element's tag, names and values as ``str | bytes`` (and its ``xpath`` as
a union of everything a query can return), because a tree can come from anywhere. The trees
read here all come from one parser (``_xmlparser.new_parser``): it reads UTF-8 and drops comments
and processing instructions, so every tag, text, attribute name and value is ``str``, and
``xpath("@*")`` gives attribute values that know their names. :class:`Element` states exactly
that; ``_parse`` casts the tree it has just parsed to it, once, and the modules that read
elements (the interpreter's walk, the quick readers) are typed from there on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping, Sequence

__all__ = ["AttributeValue", "Element"]


class AttributeValue(Protocol):
    """An attribute's value as ``xpath("@*")`` gives it: a string that knows its name."""

    @property
    def attrname(self) -> str:
        """The attribute's name."""
        ...

    def __str__(self) -> str:
        """The attribute's value."""
        ...


class Element(Protocol):
    """An element of a tree parsed by ``_xmlparser.new_parser``: what is read of it."""

    @property
    def tag(self) -> str:
        """Its name, with ``{namespace}`` first when it has one."""
        ...

    @property
    def text(self) -> str | None:
        """The text before its first child, if any."""
        ...

    @property
    def tail(self) -> str | None:
        """The text after it, up to its next sibling, if any."""
        ...

    @property
    def attrib(self) -> Mapping[str, str]:
        """Its attributes: name to value."""
        ...

    def items(self) -> Sequence[tuple[str, str]]:
        """Its attributes as ``(name, value)`` pairs, in document order."""
        ...

    def keys(self) -> Sequence[str]:
        """Its attributes' names, in document order."""
        ...

    def xpath(self, path: str) -> Sequence[AttributeValue]:
        """The result of ``path``; only ``@*`` (its attributes) is asked for."""
        ...

    def iter(self) -> Iterator[Element]:
        """It and its descendants, in document order."""
        ...

    def getparent(self) -> Element | None:
        """Its parent, ``None`` for the root."""
        ...

    def itersiblings(self, tag: str, *, preceding: bool) -> Iterator[Element]:
        """Its siblings of ``tag``, before it (``preceding``) or after it."""
        ...

    def __iter__(self) -> Iterator[Element]:
        """Its element children, in order."""
        ...

    def __len__(self) -> int:
        """How many element children it has."""
        ...
