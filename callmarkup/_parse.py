"""Documents to nodes: hardened parsing, every violation with its place, then the tree.

The pipeline (spec §7.1, §7.2, §7.5):

1. the input type and the size cap, before anything is read;
2. decoding, and the prolog: a DOCTYPE is reported and blanked out, never parsed;
3. references to non-predefined entities are reported and masked, so lxml never sees one;
4. a fresh lxml parser with entities, DTDs, network and recovery off builds the tree;
5. one pre-order walk judges every element through ``_rules.judge`` and, when nothing is
   wrong, builds the nodes from the values it judged;
6. findings are placed at lines and columns only when there are some.

Warnings, when asked for, come from the same walk and are placed the same way: an element's
warnings follow its own errors and come before anything found in its children.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs
from lxml import etree

from callmarkup import _rules
from callmarkup._codecs import trim
from callmarkup._nodes import NODE_CLASSES, Node, Response, build_checked
from callmarkup._schema import ELEMENTS, ROOT, ElementRule
from callmarkup._source import (
    DecodeError,
    SourceMap,
    decode,
    has_suspect_ampersand,
    scan_prolog,
)
from callmarkup.exceptions import Code, InvalidMarkupError, ParseError, Violation

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

__all__ = ["DEFAULT_MAX_BYTES", "DEFAULT_MAX_DEPTH", "Document", "parse", "validate"]

DEFAULT_MAX_BYTES = 1_048_576
"""The default size cap: 1 MiB (spec §7.5)."""
DEFAULT_MAX_DEPTH = 32
"""The default depth cap, in elements; the root is at depth 1 (spec §7.5)."""

_HOSTILE = frozenset(
    (Code.MALFORMED, Code.DOCTYPE_FORBIDDEN, Code.ENTITY_FORBIDDEN, Code.TOO_LARGE)
)
# lxml reports a bare "&" with these codes; the hint and the position are ours.
_BARE_AMPERSAND_ERRORS = frozenset(
    (etree.ErrorTypes.ERR_NAME_REQUIRED, etree.ErrorTypes.ERR_ENTITYREF_SEMICOL_MISSING),
)
# Resource refusals of libxml2 are never "malformed" (spec §7.2).
_RESOURCE_ERRORS = frozenset(
    (
        etree.ErrorTypes.ERR_RESOURCE_LIMIT,
        etree.ErrorTypes.ERR_NAME_TOO_LONG,
        etree.ErrorTypes.ERR_NO_MEMORY,
        etree.ErrorTypes.ERR_ENTITY_LOOP,
    ),
)

Document = str | bytes | bytearray | memoryview
"""What :func:`parse` and :func:`validate` read."""


class _TooDeep(Exception):  # noqa: N818 - internal control flow
    def __init__(self, ordinal: int) -> None:
        super().__init__(ordinal)
        self.ordinal = ordinal


def _new_parser() -> etree.XMLParser:
    # A fresh parser per document: lxml parsers keep state and are not shared across threads.
    return etree.XMLParser(
        encoding="utf-8",
        resolve_entities=False,
        load_dtd=False,
        dtd_validation=False,
        no_network=True,
        huge_tree=False,
        recover=False,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
    )


def _document_violation(code: Code, message: str, line: int = 1, column: int = 1) -> Violation:
    return Violation(code, message, "/", line, column)


class _Walker:
    """One pre-order walk over a parsed tree: findings in document order, and the nodes."""

    def __init__(
        self,
        source: SourceMap | None,
        max_depth: int,
        *,
        build: bool,
        warnings: bool = False,
    ) -> None:
        self.source = source
        self.max_depth = max_depth
        self.build = build
        self.warnings = warnings
        self.findings: list[tuple[_rules.Finding, int]] = []
        self.failed = False
        """Whether an error (not a warning) has been found: no node is built then."""
        self.ordinal = 0

    def _add(self, findings: Iterable[_rules.Finding], ordinal: int) -> None:
        for finding in findings:
            self.findings.append((finding, ordinal))
            self.failed = self.failed or finding.code.severity == "error"

    def _entities(self, ordinal: int) -> tuple[Mapping[str, Sequence[str]], Sequence[str]]:
        if self.source is None or ordinal >= len(self.source.tags):
            return {}, ()
        tag = self.source.tags[ordinal]
        return tag.attribute_entities, tag.content_entities

    def _enter(self, depth: int) -> int:
        ordinal = self.ordinal
        self.ordinal += 1
        if depth > self.max_depth:
            raise _TooDeep(ordinal)
        return ordinal

    def root(self, element: Any) -> Node | None:
        tag = element.tag
        if tag != ROOT:
            self.foreign(element, f"/{tag}", 1, _rules.wrong_root(tag))
            return None
        return self.known(element, ELEMENTS[ROOT], f"/{ROOT}", 1)

    def foreign(self, element: Any, path: str, depth: int, finding: _rules.Finding | None) -> None:
        """An unknown element or a wrong root: only entity references are judged inside."""
        ordinal = self._enter(depth)
        if finding is not None:
            self._add((finding,), ordinal)
        attribute_entities, content_entities = self._entities(ordinal)
        if attribute_entities or content_entities:
            self._add(_rules.entity_findings(path, attribute_entities, content_entities), ordinal)
        for child, child_path in zip(element, _child_paths(path, element), strict=True):
            self.foreign(child, child_path, depth + 1, None)

    def known(
        self,
        element: Any,
        rule: ElementRule,
        path: str,
        depth: int,
        verdicts: tuple[str | None, str | None] = (None, None),
    ) -> Node | None:
        """A known element; ``verdicts`` are its parent's placement and reachability messages."""
        ordinal = self._enter(depth)
        misplaced, unreachable = verdicts
        if misplaced is not None:
            self._add((_rules.Finding(Code.CHILD_NOT_ALLOWED, misplaced, path),), ordinal)
        children = list(element)
        text = element.text or ""
        for child in children:
            if child.tail:
                text += child.tail
        child_tags = [child.tag if child.tag in ELEMENTS else None for child in children]
        attribute_entities, content_entities = self._entities(ordinal)
        judgement = _rules.judge(
            rule,
            path,
            element.items(),
            trim(text),
            child_tags,
            from_source=True,
            attribute_entities=attribute_entities,
            content_entities=content_entities,
            warnings=self.warnings,
            child_attributes=[child.keys() for child in children] if self.warnings else (),
        )
        self._add(judgement.findings, ordinal)
        if unreachable is not None:
            self._add((_rules.Finding(Code.UNREACHABLE_VERB, unreachable, path),), ordinal)
        self._add(judgement.warnings, ordinal)
        nodes = self._children(
            children, child_tags, rule=rule, path=path, depth=depth, judgement=judgement
        )
        if self.failed or not self.build:
            return None
        values = judgement.values
        if rule.text is not None:
            values["text"] = judgement.text
        if rule.children:
            values["children"] = tuple(nodes)
        return build_checked(NODE_CLASSES[rule.tag], values)

    def _children(  # noqa: PLR0913 - the facts of one element
        self,
        children: list[Any],
        child_tags: list[str | None],
        *,
        rule: ElementRule,
        path: str,
        depth: int,
        judgement: _rules.Judgement,
    ) -> list[Node]:
        nodes: list[Node] = []
        for child, tag, child_path, misplaced, unreachable in zip(
            children,
            child_tags,
            _child_paths(path, children),
            judgement.misplaced,
            judgement.unreachable or [None] * len(children),
            strict=True,
        ):
            if tag is None:
                self.foreign(
                    child,
                    child_path,
                    depth + 1,
                    _rules.unknown_element(child.tag, rule, child_path),
                )
            else:
                verdicts = (misplaced, unreachable)
                node = self.known(child, ELEMENTS[tag], child_path, depth + 1, verdicts)
                if node is not None:
                    nodes.append(node)
        return nodes


def _child_paths(path: str, children: Sequence[Any]) -> list[str]:
    seen: dict[str, int] = {}
    paths: list[str] = []
    for child in children:
        tag = child.tag
        seen[tag] = seen.get(tag, 0) + 1
        paths.append(f"{path}/{tag}[{seen[tag]}]")
    return paths


def _prolog_violations(
    doctype: int, declarations: Sequence[int], source: SourceMap
) -> list[Violation]:
    """The DOCTYPE at offset ``doctype`` and the entity declarations inside it."""
    line, column = source.position(doctype)
    found = [
        Violation(
            Code.DOCTYPE_FORBIDDEN,
            "a document type declaration (<!DOCTYPE ...>) is not allowed",
            "/",
            line,
            column,
        ),
    ]
    for offset in declarations:
        line, column = source.position(offset)
        found.append(
            Violation(
                Code.ENTITY_FORBIDDEN,
                "an entity declaration (<!ENTITY ...>) is not allowed",
                "/",
                line,
                column,
            ),
        )
    return found


def _as_text(  # noqa: PLR0911 - one return per way of reading the input
    data: object,
    max_bytes: int,
) -> tuple[str, bytes | None] | Violation:
    """The document as text (and as UTF-8 when that is at hand), or why it cannot be read."""
    if isinstance(data, str):
        if len(data) > max_bytes:
            return _document_violation(Code.TOO_LARGE, f"the document is over {max_bytes} bytes")
        try:
            encoded = data.encode("utf-8")
        except UnicodeEncodeError as error:
            return _document_violation(
                Code.MALFORMED,
                f"the text contains U+{ord(data[error.start]):04X}, which is not a character",
            )
        if len(encoded) > max_bytes:
            return _document_violation(Code.TOO_LARGE, f"the document is over {max_bytes} bytes")
        if data.startswith("\ufeff"):
            return data[1:], None
        return data, encoded
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(
            f"expected str, bytes, bytearray or memoryview, got {type(data).__name__}",
        )
    # Measure before copying: an oversized buffer is refused without being duplicated.
    view = memoryview(data)  # pyright: ignore[reportUnknownArgumentType] - memoryview[Unknown]
    if view.nbytes > max_bytes:
        return _document_violation(Code.TOO_LARGE, f"the document is over {max_bytes} bytes")
    raw = view.tobytes()
    try:
        return decode(raw), None
    except DecodeError as error:
        line, column = SourceMap.read(error.prefix).position(len(error.prefix))
        return _document_violation(Code.MALFORMED, error.message, line, column)


@attrs.frozen
class _SyntaxFault:
    """What lxml said about a document it refused, typed."""

    code: int
    message: str
    line: int
    column: int

    @classmethod
    def of(cls, error: etree.XMLSyntaxError) -> _SyntaxFault:
        line, column = getattr(error, "position", None) or (1, 1)
        message = str(getattr(error, "msg", "") or "not well-formed XML")
        message = message.split(", line ", maxsplit=1)[0]
        return cls(int(getattr(error, "code", 0)), message, line, column)

    @property
    def reason(self) -> str:
        """The message without libxml2's advice on options we keep off on purpose."""
        return self.message.split(", use XML_PARSE_HUGE", maxsplit=1)[0]

    @property
    def is_resource_limit(self) -> bool:
        return self.code in _RESOURCE_ERRORS or "Excessive depth" in self.message


def _malformed(fault: _SyntaxFault, source: SourceMap) -> Violation:
    if fault.code in _BARE_AMPERSAND_ERRORS and source.first_bare_ampersand is not None:
        line, column = source.position(source.first_bare_ampersand)
        return _document_violation(
            Code.MALFORMED,
            "a bare '&' is not well-formed XML; write &amp;",
            line,
            column,
        )
    return _document_violation(
        Code.MALFORMED,
        fault.message,
        max(fault.line, 1),
        max(fault.column, 1),
    )


def _check_caps(max_bytes: int, max_depth: int) -> None:
    for name, value in (("max_bytes", max_bytes), ("max_depth", max_depth)):
        if isinstance(value, bool) or not isinstance(value, int):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise TypeError(f"{name} must be an int, got {type(value).__name__}")
        if value < 1:
            raise ValueError(f"{name} must be at least 1, got {value}")


def analyse(  # noqa: C901 - the pipeline of the module docstring, step by step
    data: object,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_depth: int = DEFAULT_MAX_DEPTH,
    build: bool,
    warnings: bool = False,
) -> tuple[Response | None, tuple[Violation, ...]]:
    """Judge a document; with ``build``, also build its nodes when it has no error.

    With ``warnings``, the violations include the warnings, in document order.
    """
    _check_caps(max_bytes, max_depth)
    read = _as_text(data, max_bytes)
    if isinstance(read, Violation):
        return None, (read,)
    text, encoded = read
    prolog = scan_prolog(text)
    if prolog.doctype is not None:
        text = prolog.blanked(text)
        encoded = None
    source: SourceMap | None = None
    if has_suspect_ampersand(text):
        source = SourceMap.read(text)
        if source.text is not text:
            encoded = None
        text = source.text
    violations: list[Violation] = []
    if prolog.doctype is not None:
        source = source or SourceMap.read(text)
        violations += _prolog_violations(prolog.doctype[0], prolog.entity_declarations, source)
    try:
        root = etree.fromstring(
            encoded if encoded is not None else text.encode("utf-8"),
            _new_parser(),
        )
    except etree.XMLSyntaxError as error:
        fault = _SyntaxFault.of(error)
        if fault.is_resource_limit:
            return None, (
                _document_violation(
                    Code.TOO_LARGE,
                    f"the XML parser refused the document at a resource limit: {fault.reason}",
                    fault.line,
                    fault.column,
                ),
            )
        if not text:
            violations.append(_document_violation(Code.MALFORMED, "the document is empty"))
        else:
            violations.append(_malformed(fault, source or SourceMap.read(text)))
        return None, tuple(violations)
    walker = _Walker(source, max_depth, build=build and not violations, warnings=warnings)
    try:
        node = walker.root(root)
    except _TooDeep as too_deep:
        line, column = (source or SourceMap.read(text)).tag_position(too_deep.ordinal) or (1, 1)
        return None, (
            _document_violation(
                Code.TOO_LARGE,
                f"the document is nested deeper than {max_depth} elements",
                line,
                column,
            ),
        )
    if walker.findings:
        source = source or SourceMap.read(text)
        for finding, ordinal in walker.findings:
            place = source.tag_position(ordinal, finding.attribute)
            violations.append(
                Violation(
                    finding.code,
                    finding.message,
                    finding.path,
                    place[0] if place else None,
                    place[1] if place else None,
                    finding.code.severity,
                ),
            )
    return node if isinstance(node, Response) else None, tuple(violations)


def parse(
    data: Document,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_depth: int = DEFAULT_MAX_DEPTH,
) -> Response:
    """Read a document into nodes, refusing anything that breaks the dialect.

    ``str`` is read as UTF-8 whatever its declaration says; bytes honour a BOM or the declared
    encoding. Whitespace around text and attribute values is trimmed; comments and processing
    instructions are dropped; a DOCTYPE, an entity or an oversized or overdeep document is
    refused before it can cost anything (spec §1.3).

    Args:
        data: The document.
        max_bytes: Refuse documents larger than this many bytes (UTF-8 for ``str``).
        max_depth: Refuse documents nested deeper than this many elements.

    Returns:
        The document's :class:`~callmarkup.Response`.

    Raises:
        ParseError: The document is malformed, hostile or too large.
        InvalidMarkupError: The document is XML but breaks the dialect; ``violations`` lists
            every problem with its path, line and column.
        TypeError: ``data`` is not text or bytes.

    Example:
        >>> from callmarkup import Response, Say
        >>> parse('<Response><Say loop="2"> Hello </Say></Response>')
        Response(Say('Hello', loop=2))
        >>> try:
        ...     parse(b"<Response><Dail/></Response>")
        ... except InvalidMarkupError as error:
        ...     print(error.violations[0].message)
        <Dail> is not an element of the dialect; did you mean <Dial>? (allowed in <Response>: <Dial>, <Gather>, <Hangup>, <Pause>, <Play>, <Record>, <Redirect>, <Reject>, <Say>)
    """  # noqa: E501 - the example shows one message line
    node, violations = analyse(data, max_bytes=max_bytes, max_depth=max_depth, build=True)
    if violations:
        if any(violation.code in _HOSTILE for violation in violations):
            raise ParseError(violations)
        raise InvalidMarkupError(violations)
    if node is None:  # pragma: no cover - a document without violations has a root
        raise AssertionError
    return node


def validate(
    data: Document,
    *,
    warnings: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_depth: int = DEFAULT_MAX_DEPTH,
) -> tuple[Violation, ...]:
    """Report every problem of a document, in document order; never raises for its content.

    Args:
        data: The document.
        warnings: Also report legal but suspect uses (severity ``"warning"``): verbs that can
            never run, a ``<Gather>`` or ``<Record>`` without ``action``, a noun's
            ``statusCallbackEvent`` without ``statusCallback``, a ``client:`` caller ID on a
            ``<Dial>`` that calls no client. An element's warnings come right after its own
            errors, before anything found in its children.
        max_bytes: Report documents larger than this many bytes as ``too-large``.
        max_depth: Report documents nested deeper than this as ``too-large``.

    Returns:
        The violations; a document is valid when none of them has the severity ``"error"``.
        Without ``warnings`` every violation is an error, so ``()`` means valid.

    Raises:
        TypeError: ``data`` is not text or bytes.

    Example:
        >>> for violation in validate("<Response><Pause length='0'/><Dial/></Response>"):
        ...     print(violation.line, violation.column, violation.code, violation.path)
        1 18 bad-attribute-value /Response/Pause[1]/@length
        1 30 empty /Response/Dial[1]
        >>> validate("<Response><Hangup/></Response>")
        ()
        >>> for warning in validate("<Response><Hangup/><Say>Bye</Say></Response>", warnings=True):
        ...     print(warning.severity, warning.code, warning.path)
        warning unreachable-verb /Response/Say[1]
    """
    return analyse(
        data,
        max_bytes=max_bytes,
        max_depth=max_depth,
        build=False,
        warnings=warnings,
    )[1]
