"""The document the platform runs when one breaks the dialect.

Under ``Platform(lenient=True)`` a well-formed document that fails validation is not refused:
the platform skips what it does not know and falls back on defaults. This module reads such a
document into the nodes the platform in effect runs: an unknown or misplaced element is
skipped but the verbs inside it still run; an attribute the platform cannot read is left out
(its default applies); ``<Dial>`` with both text and nouns dials the text; a verb that still
cannot be built (a ``<Say>`` without text, an empty ``<Dial>``) is skipped.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, cast

import attrs
from lxml import etree

import callmarkup
from callmarkup import _codecs as codecs
from callmarkup import _list_codecs as list_codecs
from callmarkup._decode import decode
from callmarkup._grammars import trim
from callmarkup._schema import ELEMENTS, ROOT, AttributeRule
from callmarkup._walk import text_pieces
from callmarkup._xmlparser import ResourceRefused, new_parser
from callmarkup.exceptions import CallMarkupError

if TYPE_CHECKING:
    from collections.abc import Iterator

    from callmarkup._nodes import Node, Response, Verb

__all__ = ["Stops", "lenient_reading", "platform_text"]

Stops = dict[int, tuple["Node", "int | None", str]]
"""Nodes the platform reads only to stop: ``id(node)`` to the node (kept alive so that its id is
not reused), the code the platform files (if any) and what it could not read. A verb stops the
call when reached; a noun stops its screening (a ``method`` other than GET or POST)."""

_XML_SPACE = re.compile("[ \t\n\r]")
_EVENTS = frozenset({"initiated", "ringing", "answered", "completed"})


class _Stop(Exception):  # noqa: N818 - control flow, not an error
    """An element the platform reads only to stop the call when it reaches it."""

    def __init__(self, notification: int, detail: str) -> None:
        super().__init__(detail)
        self.notification = notification
        self.detail = detail


def _tree(data: bytes) -> Any:
    """The element tree of a document, read as ``callmarkup.parse`` reads it, comments kept.

    The caller has already refused DOCTYPEs, entities and oversized input (``callmarkup.parse``
    raised ``InvalidMarkupError``, not ``ParseError``); the document is still decoded once and
    read by the parser that can open nothing, so this reading cannot differ from that one.
    ``None`` when it cannot be read.
    """
    try:
        return etree.fromstring(decode(data).encode("utf-8"), new_parser(keep_comments=True))
    except (etree.XMLSyntaxError, ValueError, ResourceRefused):  # DecodeError is a ValueError
        return None


def lenient_reading(data: bytes) -> tuple[Response, Stops] | None:
    """The document as the platform runs it, with the verbs at which it stops the call.

    ``None`` when it cannot be read or its root is not ``<Response>``.

    A verb with a URL the platform cannot read (filed as 11100), or a ``<Gather>`` whose
    ``action`` is empty (11101), is read as a ``<Hangup>`` listed in the stops.

    Example:
        >>> document, stops = lenient_reading(b'<Response><Say>Hi</Say><Redirect>a b</Redirect></Response>')
        >>> document, [(code, detail) for _, code, detail in stops.values()]
        (Response(Say('Hi'), Hangup()), [(11100, '<Redirect> text is not a URL: a b')])
    """  # noqa: E501 - the example shows one input line
    root = _tree(data)
    if root is None:
        return None
    if root.tag != ROOT:
        return None
    stops: Stops = {}
    return _response(root, stops), stops


def platform_text(document: Response, data: bytes) -> Response:
    """The document with what the dialect reads one way and the platform another, as the platform.

    Text split by a comment or a processing instruction is one text for the dialect, but the
    platform keeps only the piece after the last break. ``statusCallbackEvent`` names separated
    by whitespace alone are one list for the dialect; the platform removes the whitespace and
    splits on commas only, so such names are never reported.

    Example:
        >>> data = b"<Response><Say>Hello <!-- name --> Ann</Say></Response>"
        >>> platform_text(callmarkup.parse(data), data)
        Response(Say('Ann'))
    """
    if b"<!--" not in data and data.find(b"<?", 1) == -1 and b"statusCallbackEvent" not in data:
        return document  # nothing the platform reads differently
    root = _tree(data)
    if root is None:
        return document
    return cast("Response", _retext(document, root))


def _retext(node: Any, element: Any) -> Any:
    changes: dict[str, Any] = {}
    text = getattr(node, "text", None)
    pieces = text_pieces(element)
    if isinstance(text, str) and len(pieces) > 1:
        changes["text"] = pieces[-1]
    events = element.get("statusCallbackEvent")
    if events is not None and getattr(node, "status_callback_event", None) is not None:
        names = [n for n in _XML_SPACE.sub("", events).split(",") if n in _EVENTS]
        if tuple(names) != node.status_callback_event:
            # Only whole names between commas are reported.
            changes["status_callback_event"] = tuple(dict.fromkeys(names)) or None
            if not names:
                changes["status_callback"] = None
    children = getattr(node, "children", ())
    elements = [child for child in element if isinstance(child.tag, str)]
    if children and len(elements) == len(children):
        retexted = tuple(_retext(n, e) for n, e in zip(children, elements, strict=True))
        if any(new is not old for new, old in zip(retexted, children, strict=True)):
            changes["children"] = retexted
    return attrs.evolve(node, **changes) if changes else node


def _text_of(element: Any) -> str:
    # The platform keeps the last piece of a split text.
    pieces = text_pieces(element)
    return pieces[-1] if pieces else ""


def _response(root: Any, stops: Stops) -> Response:
    # Only the verbs Response allows are built at its level, so each node is a Verb.
    verbs = cast("list[Verb]", list(_nodes(root, ELEMENTS[ROOT].children, stops, top=True)))
    return callmarkup.Response(*verbs)


def _nodes(
    element: Any, allowed: frozenset[str], stops: Stops, *, top: bool = False
) -> Iterator[Node]:
    for child in element:
        tag = child.tag
        if not isinstance(tag, str):
            continue  # comments and processing instructions
        if tag in allowed:
            try:
                node = _build(child, stops)
            except _Stop as stop:
                if not top:
                    raise  # the verb that holds this element stops the call
                marker = callmarkup.Hangup()
                stops[id(marker)] = (marker, stop.notification, stop.detail)
                node = marker
            if node is not None:
                yield node
        else:
            # Unknown or misplaced: skipped, but the verbs inside still run.
            yield from _nodes(child, allowed, stops, top=top)


def _attribute(tag: str, row: AttributeRule, raw: str) -> tuple[bool, Any]:
    """How the platform reads one attribute: ``(True, value)``, or ``(False, None)`` to skip it."""
    codec, name = row.codec, row.xml
    if isinstance(codec, codecs.Boolean):
        return True, raw.lower() == "true"  # anything but true reads as false
    if isinstance(codec, codecs.KeySet) and not raw:
        return True, "#"  # Record's finishOnKey="": the platform stops on # alone
    if isinstance(codec, list_codecs.TokenList):
        # Spaces removed, split on commas; names it does not know never fire.
        known = [n for n in _XML_SPACE.sub("", raw).split(",") if n in codec.values]
        return True, tuple(dict.fromkeys(known))
    try:
        return True, codec.load(raw)
    except ValueError:
        if isinstance(codec, codecs.Url):
            # The table says which URL the platform stops the call on when it is empty
            # (Gather's action, filed as 11101).
            if not raw and row.if_empty is not None:
                raise _Stop(11101, f"<{tag}> {name} is empty") from None
            if raw:
                raise _Stop(11100, f"<{tag}> {name} is not a URL: {raw}") from None
        return False, None  # unreadable: the platform uses the default


def _keywords(rule: Any, element: Any) -> dict[str, Any]:
    """The attributes of an element as the platform reads them, by keyword."""
    keywords: dict[str, Any] = {}
    for name, raw in element.attrib.items():
        row = rule.by_xml.get(name)
        if row is None:
            continue  # an unknown attribute is ignored
        readable, value = _attribute(rule.tag, row, trim(str(raw)))
        if readable:
            keywords[row.field] = value
    if keywords.get("status_callback_event") == ():
        # No event it knows: nothing is ever reported.
        keywords.pop("status_callback_event")
        keywords.pop("status_callback", None)
    return keywords


def _build(element: Any, stops: Stops) -> Node | None:
    rule = ELEMENTS[element.tag]
    cls = getattr(callmarkup, rule.tag)
    keywords = _keywords(rule, element)
    # A noun's method has no fallback: the platform cannot request its screening document.
    method = element.attrib.get("method")
    bad_method = rule.kind == "noun" and method is not None and "method" not in keywords
    text = _text_of(element)
    if rule.text is not None and isinstance(rule.text.codec, codecs.Url) and text:
        try:
            rule.text.codec.load(text)
        except ValueError:
            raise _Stop(11100, f"<{rule.tag}> text is not a URL: {text}") from None
    children = list(_nodes(element, rule.children, stops)) if rule.children else []
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
        if bad_method:
            stops[id(node)] = (
                node,
                None,
                f"<{rule.tag}> method={method!r} is neither GET nor POST",
            )
        return node
    return None
