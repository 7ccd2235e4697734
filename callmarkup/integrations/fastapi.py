"""Serve webhook views from FastAPI (or Starlette): a dependency and a response class.

:func:`webhook` makes a dependency that reads the request into a webhook model, and
:class:`MarkupResponse` sends a document as ``text/xml; charset=utf-8``.

Example:
    >>> from typing import Annotated
    >>> from fastapi import Depends, FastAPI
    >>> from fastapi.testclient import TestClient
    >>> from callmarkup import Hangup, Response, Say
    >>> from callmarkup.webhooks import IncomingCall
    >>> app = FastAPI()
    >>> @app.post("/call")
    ... async def incoming_call(
    ...     call: Annotated[IncomingCall, Depends(webhook(IncomingCall))],
    ... ) -> MarkupResponse:
    ...     return MarkupResponse(Response(Say(f"Hi {call.from_}"), Hangup()))
    >>> reply = TestClient(app).post("/call", data={
    ...     "CallSid": "CA1", "AccountSid": "AC1", "From": "3035550000", "To": "8044731212",
    ...     "CallStatus": "ringing", "ApiVersion": "2012-04-24", "Direction": "inbound",
    ... })
    >>> reply.status_code, reply.headers["Content-Type"]
    (200, 'text/xml; charset=utf-8')
    >>> print(reply.text)
    <?xml version="1.0" encoding="UTF-8"?><Response><Say>Hi 3035550000</Say><Hangup/></Response>
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from callmarkup._nodes import Response
from callmarkup._render import render_bytes
from callmarkup.integrations._common import first_values, missing_framework, reads_multipart
from callmarkup.webhooks import CONTENT_TYPE, CallRequest, WebhookError

try:
    import fastapi
    from fastapi import HTTPException, Request
except ImportError as error:
    raise missing_framework("fastapi", "FastAPI", "fastapi python-multipart", error) from error

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Callable

__all__ = ["MarkupResponse", "webhook"]

M = TypeVar("M", bound=CallRequest)


class MarkupResponse(fastapi.Response):
    """A markup document, sent as ``text/xml; charset=utf-8`` with its canonical bytes.

    Return it from a path operation: ``return MarkupResponse(document)``. It takes the
    arguments of Starlette's ``Response``, with a :class:`~callmarkup.Response` as the
    content (``bytes`` pass as they are). Give it as ``response_class`` too, so that the
    OpenAPI schema says what the operation answers.

    Example:
        >>> from callmarkup import Response, Say
        >>> answer = MarkupResponse(Response(Say("Goodbye.")))
        >>> answer.status_code, answer.media_type
        (200, 'text/xml; charset=utf-8')
        >>> answer.body
        b'<?xml version="1.0" encoding="UTF-8"?><Response><Say>Goodbye.</Say></Response>'
    """

    media_type = CONTENT_TYPE

    def render(self, content: Any) -> bytes | memoryview:
        """The canonical bytes of a document; ``bytes`` as they are.

        Raises:
            TypeError: ``content`` is neither a :class:`~callmarkup.Response` nor bytes.
        """
        if isinstance(content, Response):
            return render_bytes(content)
        if isinstance(content, (bytes, memoryview)):
            return super().render(content)
        raise TypeError(
            f"MarkupResponse takes a callmarkup Response or bytes, got {type(content).__name__}"
        )


def webhook(model: type[M]) -> Callable[[Request], AsyncIterator[M]]:
    """A dependency that reads the request into a webhook model.

    Use it as ``call: Annotated[IncomingCall, Depends(webhook(IncomingCall))]``. A request
    that cannot be read, and a ``WebhookError`` raised by the path
    operation, raise ``HTTPException(400)`` whose detail is the error's message, so FastAPI
    answers them like its other errors: ``400``, ``{"detail": "<field>: <reason>"}``.

    The fields are the query string for ``GET`` and ``HEAD``, the raw body otherwise (both
    read by ``from_body``), or Starlette's ``await request.form()`` for a
    ``multipart/form-data`` body, which needs ``python-multipart``; a repeated field's first
    value wins in each.

    Args:
        model: The webhook model to read, such as ``IncomingCall`` or ``GatherAction``.

    Returns:
        An ``async`` generator function of the ``Request``, which yields the model.

    Example:
        >>> from typing import Annotated
        >>> from fastapi import Depends, FastAPI
        >>> from fastapi.testclient import TestClient
        >>> from callmarkup import Response, Say
        >>> from callmarkup.webhooks import GatherAction
        >>> app = FastAPI()
        >>> @app.post("/menu", response_class=MarkupResponse)
        ... async def menu(
        ...     action: Annotated[GatherAction, Depends(webhook(GatherAction))],
        ... ) -> MarkupResponse:
        ...     return MarkupResponse(Response(Say(f"You pressed {action.digits}.")))
        >>> reply = TestClient(app).post("/menu", data={"CallSid": "CA1"})
        >>> reply.status_code, reply.json()
        (400, {'detail': 'AccountSid: required field is missing'})
    """

    async def read(request: Request) -> AsyncIterator[M]:
        try:
            if request.method in ("GET", "HEAD"):
                call = model.from_body(request.url.query)
            elif reads_multipart(request.method, request.headers.get("content-type")):
                async with request.form() as form:
                    call = model.from_form(first_values(form))
            else:
                call = model.from_body(await request.body())
        except WebhookError as error:
            raise HTTPException(status_code=400, detail=str(error)) from None
        # The path operation runs at the yield: a WebhookError it raises comes back here.
        try:
            yield call
        except WebhookError as error:
            raise HTTPException(status_code=400, detail=str(error)) from None

    read.__name__ = f"read_{model.__name__}"
    read.__qualname__ = f"webhook.<locals>.read_{model.__name__}"
    return read
