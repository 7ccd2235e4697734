"""callmarkup: typed, validated call-control markup for the api19 Call API.

Build documents from typed nodes, render them to canonical XML, parse XML back into the same
nodes, and validate existing documents with every problem placed by line, column and path.

Example:
    >>> from callmarkup import Response, Gather, Say, Hangup, render, parse
    >>> doc = Response(Gather(Say("Press 1."), action="/menu", num_digits=1), Hangup())
    >>> parse(render(doc)) == doc
    True
"""

from typing import TYPE_CHECKING, Any

from callmarkup._nodes import (
    CallEvent,
    Client,
    DestinationKind,
    Dial,
    Gather,
    GatherInput,
    GatherLanguage,
    Hangup,
    Method,
    Node,
    Noun,
    Number,
    Pause,
    Play,
    Prompt,
    Record,
    Redirect,
    Reject,
    RejectReason,
    Response,
    Say,
    Sip,
    Verb,
    Video,
    Voice,
)
from callmarkup._render import render, render_bytes
from callmarkup._safe_text import safe_text
from callmarkup._version import __version__
from callmarkup.exceptions import CallMarkupError, Code, InvalidMarkupError, ParseError, Violation

if TYPE_CHECKING:
    from callmarkup._parse import (
        DEFAULT_MAX_BYTES,
        DEFAULT_MAX_DEPTH,
        Document,
        parse,
        validate,
    )

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_DEPTH",
    "CallEvent",
    "CallMarkupError",
    "Client",
    "Code",
    "DestinationKind",
    "Dial",
    "Document",
    "Gather",
    "GatherInput",
    "GatherLanguage",
    "Hangup",
    "InvalidMarkupError",
    "Method",
    "Node",
    "Noun",
    "Number",
    "ParseError",
    "Pause",
    "Play",
    "Prompt",
    "Record",
    "Redirect",
    "Reject",
    "RejectReason",
    "Response",
    "Say",
    "Sip",
    "Verb",
    "Video",
    "Violation",
    "Voice",
    "__version__",
    "parse",
    "render",
    "render_bytes",
    "safe_text",
    "validate",
]

_PARSER = frozenset({"DEFAULT_MAX_BYTES", "DEFAULT_MAX_DEPTH", "Document", "parse", "validate"})
"""The names of the parser, loaded at the first use of one of them."""


def __getattr__(name: str) -> Any:
    # A program that builds and renders documents never parses one: the parser, its scans of
    # the source and its interpreter are loaded when one of their names is first asked for,
    # then bound here like the others.
    if name in _PARSER:
        from callmarkup import _parse  # noqa: PLC0415

        value = getattr(_parse, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_PARSER})
