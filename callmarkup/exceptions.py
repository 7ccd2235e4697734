"""Violations and the exceptions that carry them.

Everything callmarkup raises on purpose derives from :class:`CallMarkupError`:

.. code-block:: text

    CallMarkupError(Exception)
    ├── InvalidMarkupError(CallMarkupError, ValueError)   the dialect is broken
    └── ParseError(CallMarkupError, ValueError)           malformed, hostile or too large

Both subclasses carry :attr:`~InvalidMarkupError.violations`, the same tuple
:func:`callmarkup.validate` returns.
"""

from __future__ import annotations

import enum
from typing import Literal

import attrs

__all__ = [
    "CallMarkupError",
    "Code",
    "InvalidMarkupError",
    "ParseError",
    "Severity",
    "Violation",
]

Severity = Literal["error", "warning"]


class Code(str, enum.Enum):
    """The stable code of every violation and of every warning.

    A member compares equal to its value, so ``violation.code == "malformed"`` holds. Errors
    make a document invalid; warnings (see :attr:`severity`) mark documents that are legal but
    suspect, and are reported only by ``validate(data, warnings=True)``.

    Example:
        >>> Code.TEXT_REQUIRED == "text-required"
        True
        >>> Code("unknown-element").name
        'UNKNOWN_ELEMENT'
        >>> Code.UNREACHABLE_VERB.severity
        'warning'
    """

    MALFORMED = "malformed"
    """Not well-formed XML, an empty document included; reported once, at the first fatal error."""
    DOCTYPE_FORBIDDEN = "doctype-forbidden"
    """A document type declaration."""
    ENTITY_FORBIDDEN = "entity-forbidden"
    """An entity declaration, or a reference to an entity other than the five predefined ones."""
    TOO_LARGE = "too-large"
    """Over the size or depth cap, or refused by the XML library on a resource limit."""
    WRONG_ROOT = "wrong-root"
    """The root is not the dialect's document element without a namespace; its content is not
    judged further."""
    UNKNOWN_ELEMENT = "unknown-element"
    """An element that is not in the dialect; its attributes and content are not judged."""
    CHILD_NOT_ALLOWED = "child-not-allowed"
    """A known element where its parent does not allow it, or beside a child that must be the
    only kind of child."""
    TOO_MANY_CHILDREN = "too-many-children"
    """More children of some kinds than their parent allows."""
    UNKNOWN_ATTRIBUTE = "unknown-attribute"
    """An attribute the element does not have."""
    BAD_ATTRIBUTE_VALUE = "bad-attribute-value"
    """An attribute value outside its type, range or enumeration."""
    TEXT_REQUIRED = "text-required"
    """Text missing, or only whitespace, where the element requires it."""
    TEXT_FORBIDDEN = "text-forbidden"
    """Non-whitespace text where the element has none."""
    BAD_TEXT_VALUE = "bad-text-value"
    """Text present but outside the grammar of the element's text."""
    EMPTY = "empty"
    """An element that needs either text or element children has neither."""
    ATTRIBUTE_REQUIRED = "attribute-required"
    """An attribute is missing that the element needs in the form a certain child gives it."""
    UNREACHABLE_VERB = "unreachable-verb"
    """A verb that can never run, because a verb before it ends the document; one per such
    verb."""
    ACTION_MISSING = "action-missing"
    """An element that collects the caller's input names no URL to send it to; the platform
    then goes on with the next verb, although its documentation says the current document is
    requested."""
    STATUS_CALLBACK_MISSING = "status-callback-missing"
    """An element asks for call-progress events but names no URL to receive them, so no event
    is reported."""
    CALLER_ID_NEEDS_CLIENT = "caller-id-needs-client"
    """A client caller ID on an element that calls no client."""
    REJECT_IGNORED = "reject-ignored"
    """A verb the platform runs only on an unanswered call, after a verb that answers it; the
    platform ignores it and goes on with the next verb."""
    HEADER_VALUE_CUT = "header-value-cut"
    """A custom header whose value holds ``=``; the platform sends only the part before the
    second ``=``."""
    SPLIT_TEXT = "split-text"
    """Text split by a comment, a processing instruction or an element; the platform keeps only
    the last piece."""
    FINISH_ON_KEY_EMPTY = "finish-on-key-empty"
    """An empty key to end input; the platform then uses its default key, which still ends
    input."""
    PROMPT_NOT_PLAYED = "prompt-not-played"
    """A prompt played zero times inside an element that collects input, where it is then never
    played."""
    RELATIVE_CALLBACK = "relative-callback"
    """A relative URL where the platform needs an absolute one for a callback; it does not
    resolve it, so the callback never arrives."""

    @property
    def severity(self) -> Severity:
        """``"warning"`` for the codes of legal but suspect documents, ``"error"`` otherwise.

        Example:
            >>> Code.EMPTY.severity, Code.ACTION_MISSING.severity
            ('error', 'warning')
        """
        return "warning" if self in _WARNING_CODES else "error"

    def __str__(self) -> str:
        """The code itself, as written in reports."""
        return self.value


_WARNING_CODES = frozenset(
    (
        Code.UNREACHABLE_VERB,
        Code.ACTION_MISSING,
        Code.STATUS_CALLBACK_MISSING,
        Code.CALLER_ID_NEEDS_CLIENT,
        Code.REJECT_IGNORED,
        Code.HEADER_VALUE_CUT,
        Code.SPLIT_TEXT,
        Code.FINISH_ON_KEY_EMPTY,
        Code.PROMPT_NOT_PLAYED,
        Code.RELATIVE_CALLBACK,
    ),
)


@attrs.frozen
class Violation:
    """One problem found in a document or in a node under construction.

    Attributes:
        code: The stable code.
        message: What was found, where, and what is allowed instead.
        path: Where in the tree: ``/Response/Gather[1]/Say[2]``, ``/@name`` appended for an
            attribute, ``/`` for a problem of the whole document.
        line: 1-based line of the problem in the source, ``None`` when there is no source.
        column: 1-based column, in characters, ``None`` when there is no source.
        severity: ``"error"``, or ``"warning"`` for findings that do not make a document
            invalid.

    Example:
        >>> v = Violation(Code.EMPTY, "<Dial> is empty", "/Response/Dial[1]", 3, 5)
        >>> str(v)
        'line 3, column 5: /Response/Dial[1]: <Dial> is empty [empty]'
    """

    code: Code
    message: str
    path: str
    line: int | None = None
    column: int | None = None
    severity: Severity = "error"

    def __str__(self) -> str:
        """One line: position, path, message and code."""
        where = "" if self.line is None else f"line {self.line}, column {self.column}: "
        return f"{where}{self.path}: {self.message} [{self.code.value}]"


def _describe(violations: tuple[Violation, ...]) -> str:
    if not violations:
        return "no violations"
    lines = [str(v) for v in violations]
    if len(lines) == 1:
        return lines[0]
    return f"{len(lines)} violations:\n" + "\n".join(f"  {line}" for line in lines)


class CallMarkupError(Exception):
    """The base of every exception callmarkup raises on purpose."""


class _ViolationsError(CallMarkupError, ValueError):
    """An error that carries the violations behind it."""

    def __init__(self, violations: tuple[Violation, ...]) -> None:
        # Passing every constructor argument to Exception keeps the error picklable.
        super().__init__(violations)
        self.violations: tuple[Violation, ...] = violations
        """Every violation found, in document order."""

    def __str__(self) -> str:
        return _describe(self.violations)


class InvalidMarkupError(_ViolationsError):
    """Markup that breaks the dialect: raised by constructors and by :func:`callmarkup.parse`.

    Example:
        >>> from callmarkup import Pause
        >>> try:
        ...     Pause(length=0)
        ... except InvalidMarkupError as error:
        ...     print(error.violations[0].code, error.violations[0].path)
        bad-attribute-value /Pause/@length
    """


class ParseError(_ViolationsError):
    """Input that is not a document we read: malformed, hostile or too large.

    Raised by :func:`callmarkup.parse` when any of ``malformed``, ``doctype-forbidden``,
    ``entity-forbidden`` or ``too-large`` is found.

    Example:
        >>> from callmarkup import parse
        >>> try:
        ...     parse("<Response><Say>Hi</Response>")
        ... except ParseError as error:
        ...     print(error.violations[0].code, error.line, error.column)
        malformed 1 29
    """

    @property
    def line(self) -> int | None:
        """Line of the first violation."""
        return self.violations[0].line if self.violations else None

    @property
    def column(self) -> int | None:
        """Column of the first violation."""
        return self.violations[0].column if self.violations else None
