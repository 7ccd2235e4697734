"""The error for a webhook request that cannot be read."""

from __future__ import annotations

from callmarkup.exceptions import CallMarkupError
from callmarkup.webhooks._fields import shorten

__all__ = ["WebhookError"]


class WebhookError(CallMarkupError, ValueError):
    """A webhook request that cannot be read.

    Raised for a required field that is missing, empty or the literal ``null``, for a value
    that does not parse as its type, for a form value that is not text, and for a raw body
    that is not ``application/x-www-form-urlencoded`` UTF-8.

    Attributes:
        field: The form field at fault, or ``None`` when the body as a whole is unreadable.
        reason: Why the field (or body) was refused.

    Example:
        >>> from callmarkup.webhooks import IncomingCall
        >>> try:
        ...     IncomingCall.from_form({"CallSid": "CA1"})
        ... except WebhookError as error:
        ...     print(error)
        AccountSid: required field is missing
    """

    def __init__(self, field: str | None, reason: str) -> None:
        """Record the field at fault (``None`` for the whole body) and the reason."""
        # Passing every constructor argument to Exception keeps the error picklable.
        super().__init__(field, reason)
        self.field = field
        self.reason = reason

    def __str__(self) -> str:
        """Say which field is at fault, then why.

        A field name is shortened like a quoted value: the message is sent back to whoever
        sent the request, and must stay small whatever they sent.
        """
        where = "request body" if self.field is None else shorten(self.field)
        return f"{where}: {self.reason}"
