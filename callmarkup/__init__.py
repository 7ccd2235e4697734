"""callmarkup: typed, validated call-control markup for the api19 Call API."""

from callmarkup._version import __version__
from callmarkup.exceptions import CallMarkupError, Code, InvalidMarkupError, ParseError, Violation

__all__ = [
    "CallMarkupError",
    "Code",
    "InvalidMarkupError",
    "ParseError",
    "Violation",
    "__version__",
]
