"""Serve webhook views from Django: the :func:`webhook` view decorator.

Example:
    >>> from django.urls import path
    >>> from callmarkup import Hangup, Response, Say
    >>> from callmarkup.webhooks import IncomingCall
    >>> @webhook(IncomingCall)
    ... def incoming_call(request: HttpRequest, call: IncomingCall) -> Response:
    ...     return Response(Say(f"Hi {call.from_}"), Hangup())
    >>> urlpatterns = [path("call", incoming_call)]
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Concatenate, ParamSpec, TypeVar

from callmarkup.integrations._common import first_values, missing_framework, reads_multipart
from callmarkup.webhooks import CallRequest, WebhookError, WebhookResponse

try:
    from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
    from django.views.decorators.csrf import csrf_exempt
except ImportError as error:
    raise missing_framework("django", "Django", "django", error) from error

if TYPE_CHECKING:
    from collections.abc import Callable

    from callmarkup._nodes import Response

__all__ = ["webhook"]

M = TypeVar("M", bound=CallRequest)
P = ParamSpec("P")

# The platform asks with GET or POST, as the document's `method` attributes say.
_METHODS = ("GET", "HEAD", "POST")


def webhook(
    model: type[M],
) -> Callable[
    [Callable[Concatenate[HttpRequest, M, P], Response]],
    Callable[Concatenate[HttpRequest, P], HttpResponse],
]:
    """Make a view that takes a webhook model and returns markup into a Django view.

    The decorated view is called with the ``HttpRequest``, the request read into ``model``,
    then the arguments captured by the URL pattern; the :class:`~callmarkup.Response` it
    returns is sent as ``200``, ``text/xml; charset=utf-8``, with the canonical bytes. A
    request that cannot be read, and a ``WebhookError`` raised by
    the view, are answered ``400`` in plain text, with the error's message
    (``WebhookResponse.from_error``). Methods other than ``GET``, ``HEAD`` and ``POST`` are
    answered ``405``.

    The fields are the query string for ``GET`` and ``HEAD``, the raw body otherwise (both
    read by ``from_body``), or ``request.POST`` for a ``multipart/form-data`` body; a repeated
    field's first value wins in each. The view is exempt
    from CSRF checks: the platform sends no token.

    Args:
        model: The webhook model to read, such as ``IncomingCall`` or ``GatherAction``.

    Returns:
        The decorator.

    Example:
        >>> from callmarkup import Response, Say
        >>> from callmarkup.webhooks import GatherAction
        >>> @webhook(GatherAction)
        ... def menu(request: HttpRequest, action: GatherAction) -> Response:
        ...     return Response(Say(f"You pressed {action.digits}."))
        >>> menu.__name__, menu.csrf_exempt
        ('menu', True)
    """

    def decorate(
        view: Callable[Concatenate[HttpRequest, M, P], Response],
    ) -> Callable[Concatenate[HttpRequest, P], HttpResponse]:
        @csrf_exempt
        @functools.wraps(view)
        def endpoint(request: HttpRequest, /, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
            method = request.method or "GET"
            if method not in _METHODS:
                return HttpResponseNotAllowed(_METHODS)
            try:
                if method in ("GET", "HEAD"):
                    call = model.from_body(request.META.get("QUERY_STRING", ""))
                elif reads_multipart(method, request.META.get("CONTENT_TYPE")):
                    call = model.from_form(first_values(request.POST))
                else:
                    call = model.from_body(request.body)
                answer = WebhookResponse.from_document(view(request, call, *args, **kwargs))
            except WebhookError as error:
                answer = WebhookResponse.from_error(error)
            return HttpResponse(answer.body, status=answer.status, headers=answer.headers)

        return endpoint

    return decorate
