"""The one XML parser: hardened, one per thread and reused, and what it says when it refuses.

Every tree the library reads is built here, by a parser of :func:`new_parser`: entities, DTDs,
the network and recovery are off, and a resolver refuses every URL, so a document can make it
open nothing and expand nothing (see ``docs/security.md``). A DOCTYPE is blanked out before a
document reaches it; if one ever did, the parser would still read nothing through it and
raise :class:`ResourceRefused`. :func:`parse_tree` keeps one parser of each kind per thread.

When lxml refuses a document, :class:`SyntaxFault` reads what it said and
:func:`malformed` turns it into the library's violation, with its place; a refusal at a
resource limit is ``too-large``, never ``malformed``.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any, NoReturn

import attrs
from lxml import etree

from callmarkup.exceptions import Code, Violation

if TYPE_CHECKING:
    from callmarkup._source import SourceMap

__all__ = [
    "ResourceRefused",
    "SyntaxFault",
    "document_violation",
    "malformed",
    "new_parser",
    "parse_tree",
]

# lxml reports a bare "&" with these codes; the hint and the position are ours.
_BARE_AMPERSAND_ERRORS = frozenset(
    (etree.ErrorTypes.ERR_NAME_REQUIRED, etree.ErrorTypes.ERR_ENTITYREF_SEMICOL_MISSING),
)
# Resource refusals of libxml2 are never "malformed".
_RESOURCE_ERRORS = frozenset(
    (
        etree.ErrorTypes.ERR_RESOURCE_LIMIT,
        etree.ErrorTypes.ERR_NAME_TOO_LONG,
        etree.ErrorTypes.ERR_NO_MEMORY,
        etree.ErrorTypes.ERR_ENTITY_LOOP,
    ),
)


class ResourceRefused(Exception):  # noqa: N818 - internal control flow
    """The XML parser asked for an external resource: only a DOCTYPE can make it ask."""


class _RefuseAll(etree.Resolver):
    """Refuses every URL the XML parser asks for: it opens no file and no connection.

    With ``collect_ids=False`` (which keeps an ``xml:id`` from being judged by libxml2),
    libxml2 loads external DTD subsets and parameter entities whatever the other options
    say. A DOCTYPE never reaches the parser, but if one did, nothing could be read through it.
    """

    def resolve(self, system_url: str, public_id: str, context: object = None) -> NoReturn:
        del public_id, context
        raise ResourceRefused(system_url)


_REFUSE_ALL = _RefuseAll()


def new_parser(*, keep_comments: bool = False) -> etree.XMLParser:
    """A parser that can open nothing and expands nothing (see ``docs/security.md``).

    It reads UTF-8 only: decode a document with ``_decode.decode`` first. With
    ``keep_comments``, comments and processing instructions stay in the tree, for the readers
    that carry them (``callmarkup py``, the simulator's reading of text split by a comment).
    """
    parser = etree.XMLParser(
        encoding="utf-8",
        resolve_entities=False,
        load_dtd=False,
        dtd_validation=False,
        attribute_defaults=False,
        no_network=True,
        huge_tree=False,
        recover=False,
        remove_comments=not keep_comments,
        remove_pis=not keep_comments,
        collect_ids=False,
    )
    parser.resolvers.add(_REFUSE_ALL)
    return parser


class _IdleParsers(threading.local):
    """The parsers of :func:`new_parser` that this thread has made and is not using."""

    def __init__(self) -> None:
        self.parsers: dict[bool, etree.XMLParser] = {}
        """By ``keep_comments``."""


_IDLE = _IdleParsers()


def parse_tree(document: bytes, *, keep_comments: bool = False) -> Any:
    """The root element of ``document`` (UTF-8), read by a parser of :func:`new_parser`.

    Making a parser costs more than reading a small document, so each thread keeps one of
    each kind and reuses it: lxml parsers keep state and must not be shared across threads,
    and each reading starts afresh (options, resolvers and limits are the parser's own and
    never change). The parser is taken while it reads, so a reading inside a reading on the
    same thread (a callback, a signal handler) gets a parser of its own.

    Raises:
        etree.XMLSyntaxError: ``document`` is not well-formed, or is refused at a limit.
        ResourceRefused: the parser asked for an external resource.
    """
    parser = _IDLE.parsers.pop(keep_comments, None) or new_parser(keep_comments=keep_comments)
    try:
        return etree.fromstring(document, parser)
    finally:
        _IDLE.parsers[keep_comments] = parser


def document_violation(code: Code, message: str, line: int = 1, column: int = 1) -> Violation:
    return Violation(code, message, "/", line, column)


@attrs.frozen
class SyntaxFault:
    """What lxml said about a document it refused, typed."""

    code: int
    message: str
    line: int
    column: int

    @classmethod
    def of(cls, error: etree.XMLSyntaxError) -> SyntaxFault:
        line, column = getattr(error, "position", None) or (1, 1)
        message = str(getattr(error, "msg", "") or "not well-formed XML")
        # libxml2 ends some messages with a line break, or follows it with a piece of the
        # document ("Comment not terminated \n<!--..."): a message is one line of its own words.
        message = message.split(", line ", maxsplit=1)[0].split("\n", maxsplit=1)[0].strip()
        return cls(int(getattr(error, "code", 0)), message or "not well-formed XML", line, column)

    @property
    def reason(self) -> str:
        """The message without libxml2's advice on options we keep off on purpose."""
        return self.message.split(", use XML_PARSE_HUGE", maxsplit=1)[0]

    @property
    def is_resource_limit(self) -> bool:
        return self.code in _RESOURCE_ERRORS or "Excessive depth" in self.message

    def resource_violation(self) -> Violation:
        """The ``too-large`` violation of a document refused at a resource limit."""
        return document_violation(
            Code.TOO_LARGE,
            f"the XML parser refused the document at a resource limit: {self.reason}",
            self.line,
            self.column,
        )


def malformed(fault: SyntaxFault, source: SourceMap) -> Violation:
    if fault.code in _BARE_AMPERSAND_ERRORS and source.first_bare_ampersand is not None:
        line, column = source.position(source.first_bare_ampersand)
        return document_violation(
            Code.MALFORMED,
            "a bare '&' is not well-formed XML; write &amp;",
            line,
            column,
        )
    return document_violation(
        Code.MALFORMED,
        fault.message,
        max(fault.line, 1),
        max(fault.column, 1),
    )
