"""The answer to a webhook request: a markup document, or a ``400`` for one that cannot be read."""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

import attrs

from callmarkup._render import render_bytes

if TYPE_CHECKING:
    from typing_extensions import Self

    from callmarkup._nodes import Response
    from callmarkup.webhooks._errors import WebhookError

__all__ = ["CONTENT_TYPE", "WebhookResponse"]

CONTENT_TYPE: Final = "text/xml; charset=utf-8"
"""The content type to answer a webhook with when the body is markup.

The platform documents ``text/xml`` and ``application/xml`` as the content types of markup
(https://apidocs.ahoi.net/call-api-markup/api-call-markup-language); documents are served as
``text/xml`` in UTF-8.
"""


# A request that cannot be read is answered in plain text: the message is for the person
# reading the platform's logs, not for the platform.
_ERROR_CONTENT_TYPE: Final = "text/plain; charset=utf-8"


@attrs.frozen
class WebhookResponse:
    """The HTTP answer to a webhook request, independent of any web framework.

    Build one with :meth:`from_document` for markup, or :meth:`from_error` for a request that
    could not be read, then hand its three parts to the framework's response class, e.g.
    ``flask.Response(answer.body, status=answer.status, headers=answer.headers)``.

    Attributes:
        body: The bytes to send.
        status: The HTTP status code.
        content_type: The value of the ``Content-Type`` header.

    Example:
        >>> from callmarkup import Hangup, Response, Say
        >>> answer = WebhookResponse.from_document(Response(Say("Goodbye."), Hangup()))
        >>> answer.status, answer.headers
        (200, {'Content-Type': 'text/xml; charset=utf-8'})
        >>> answer.body
        b'<?xml version="1.0" encoding="UTF-8"?><Response><Say>Goodbye.</Say><Hangup/></Response>'
    """

    body: bytes
    status: int = 200
    content_type: str = CONTENT_TYPE

    @property
    def headers(self) -> dict[str, str]:
        """The headers to send, as a new ``dict`` that every framework accepts."""
        return {"Content-Type": self.content_type}

    @classmethod
    def from_document(cls, document: Response) -> Self:
        """Answer with a markup document: ``200``, :data:`CONTENT_TYPE`, the canonical bytes.

        Args:
            document: The document, already valid since nodes check themselves when built.

        Returns:
            The response, whose body is ``render_bytes(document)``.

        Example:
            >>> from callmarkup import Reject, Response, render_bytes
            >>> busy = Response(Reject(reason="busy"))
            >>> WebhookResponse.from_document(busy).body == render_bytes(busy)
            True
        """
        return cls(render_bytes(document))

    @classmethod
    def from_error(cls, error: WebhookError) -> Self:
        """Answer a request that could not be read: ``400`` and the error's message as text.

        Args:
            error: What :meth:`CallRequest.from_form` or :meth:`CallRequest.from_body` raised.

        Returns:
            The response, whose body is ``str(error)`` in UTF-8 plain text.

        Example:
            >>> from callmarkup.webhooks import GatherAction, WebhookError
            >>> try:
            ...     GatherAction.from_form({"CallSid": "CA1", "AccountSid": "AC1"})
            ... except WebhookError as error:
            ...     answer = WebhookResponse.from_error(error)
            >>> answer.status, answer.content_type, answer.body
            (400, 'text/plain; charset=utf-8', b'From: required field is missing')
        """
        return cls(str(error).encode(), status=400, content_type=_ERROR_CONTENT_TYPE)
