"""The document the platform runs when one breaks the dialect.

Under ``Platform(lenient=True)`` a well-formed document that fails validation is not refused:
the platform skips what it does not know and falls back on defaults. This module reads such a
document into the nodes the platform in effect runs: an unknown or misplaced element is
skipped but the verbs inside it still run; an attribute the platform cannot read is left out
(its default applies); ``<Dial>`` with both text and nouns dials the text; a verb that still
cannot be built (a ``<Say>`` without text, an empty ``<Dial>``) is skipped.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from lxml import etree

import callmarkup
from callmarkup._schema import ELEMENTS, ROOT
from callmarkup.exceptions import CallMarkupError

if TYPE_CHECKING:
    from collections.abc import Iterator

    from callmarkup._nodes import Node, Response, Verb

__all__ = ["lenient_document"]

# The caller has already refused DOCTYPEs, entities and oversized input (callmarkup.parse
# raised InvalidMarkupError, not ParseError), so this parser only reads a well-formed tree.
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=False
)


def lenient_document(data: bytes) -> Response | None:
    """The document as the platform runs it, or ``None`` when its root is not ``<Response>``.

    Example:
        >>> lenient_document(b'<Response><Foo><Say loop="x">Hi</Say></Foo><Dial/></Response>')
        Response(Say('Hi'))
    """
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError:
        return None
    if root.tag != ROOT:
        return None
    # Only the verbs Response allows are built at its level, so each node is a Verb.
    verbs = cast("list[Verb]", list(_nodes(root, ELEMENTS[ROOT].children)))
    return callmarkup.Response(*verbs)


def _nodes(element: Any, allowed: frozenset[str]) -> Iterator[Node]:
    for child in element:
        tag = child.tag
        if not isinstance(tag, str):
            continue  # comments and processing instructions
        if tag in allowed:
            node = _build(child)
            if node is not None:
                yield node
        else:
            # Unknown or misplaced: skipped, but the verbs inside still run.
            yield from _nodes(child, allowed)


def _build(element: Any) -> Node | None:
    rule = ELEMENTS[element.tag]
    cls = getattr(callmarkup, rule.tag)
    keywords: dict[str, Any] = {}
    for name, raw in element.attrib.items():
        row = rule.by_xml.get(name)
        if row is None:
            continue  # an unknown attribute is ignored
        try:
            keywords[row.field] = row.codec.load(str(raw).strip())
        except ValueError:
            continue  # unreadable: the platform uses the default
    text = "".join(element.itertext()).strip() if not len(element) else (element.text or "")
    text = text.strip()
    children = list(_nodes(element, rule.children)) if rule.children else []
    arguments: list[Any] = []
    if rule.text is not None and text:
        arguments.append(text)  # with nouns too, the platform dials the text
    elif children:
        arguments.extend(children)
    for attempt in (keywords, {}):
        try:
            node: Node = cls(*arguments, **attempt)
        except (CallMarkupError, ValueError, TypeError):
            continue
        return node
    return None
