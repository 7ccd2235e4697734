"""Serve webhook views from Flask: the :func:`webhook` view decorator.

Example:
    >>> import flask
    >>> from callmarkup import Hangup, Response, Say
    >>> from callmarkup.webhooks import IncomingCall
    >>> app = flask.Flask("phone")
    >>> @app.post("/call")
    ... @webhook(IncomingCall)
    ... def incoming_call(call: IncomingCall) -> Response:
    ...     return Response(Say(f"Hi {call.from_}"), Hangup())
    >>> reply = app.test_client().post("/call", data={
    ...     "CallSid": "CA1", "AccountSid": "AC1", "From": "3035550000", "To": "8044731212",
    ...     "CallStatus": "ringing", "ApiVersion": "2012-04-24", "Direction": "inbound",
    ... })
    >>> reply.status_code, reply.content_type
    (200, 'text/xml; charset=utf-8')
    >>> print(reply.get_data(as_text=True))
    <?xml version="1.0" encoding="UTF-8"?><Response><Say>Hi 3035550000</Say><Hangup/></Response>
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Concatenate, ParamSpec, TypeVar

from callmarkup.integrations._common import first_values, missing_framework, reads_multipart
from callmarkup.webhooks import CallRequest, WebhookError, WebhookResponse

try:
    import flask
except ImportError as error:
    raise missing_framework("flask", "Flask", "flask", error) from error

if TYPE_CHECKING:
    from collections.abc import Callable

    from callmarkup._nodes import Response

__all__ = ["webhook"]

M = TypeVar("M", bound=CallRequest)
P = ParamSpec("P")


def webhook(
    model: type[M],
) -> Callable[[Callable[Concatenate[M, P], Response]], Callable[P, flask.Response]]:
    """Make a view that takes a webhook model and returns markup into a Flask view.

    The decorated view is called with the request read into ``model`` (then any arguments of
    the URL rule), and the :class:`~callmarkup.Response` it returns is sent as ``200``,
    ``text/xml; charset=utf-8``, with the canonical bytes. A request that cannot be read,
    and a ``WebhookError`` raised by the view, are answered ``400``
    in plain text, with the error's message (``WebhookResponse.from_error``).

    The fields are the query string for ``GET`` and ``HEAD``, the raw body otherwise (both
    read by ``from_body``), or Flask's ``request.form`` for a ``multipart/form-data`` body or
    when a ``before_request`` hook has read the form already (Werkzeug does not keep a body
    it parsed); a repeated field's first value wins in each. Which methods reach the view is
    the route's business: ``app.post(...)`` or ``app.route(..., methods=["GET", "POST"])``.

    Args:
        model: The webhook model to read, such as ``IncomingCall`` or ``GatherAction``.

    Returns:
        The decorator. Put it under the route decorator.

    Example:
        >>> from callmarkup import Response, Say
        >>> from callmarkup.webhooks import GatherAction
        >>> @webhook(GatherAction)
        ... def menu(action: GatherAction) -> Response:
        ...     return Response(Say(f"You pressed {action.digits}."))
        >>> app = flask.Flask("menu")
        >>> app.add_url_rule("/menu", view_func=menu, methods=["POST"])
        >>> reply = app.test_client().post("/menu", data={"CallSid": "CA1"})
        >>> reply.status_code, reply.content_type, reply.get_data(as_text=True)
        (400, 'text/plain; charset=utf-8', 'AccountSid: required field is missing')
    """

    def decorate(view: Callable[Concatenate[M, P], Response]) -> Callable[P, flask.Response]:
        @functools.wraps(view)
        def endpoint(*args: P.args, **kwargs: P.kwargs) -> flask.Response:
            request = flask.request
            try:
                if request.method in ("GET", "HEAD"):
                    call = model.from_body(request.query_string)
                elif reads_multipart(request.method, request.content_type):
                    call = model.from_form(first_values(request.form))
                elif body := request.get_data():
                    call = model.from_body(body)
                else:
                    # A hook that read request.form first (as some extensions do) has used up
                    # the body, which Werkzeug does not keep: its parsed fields are what is left.
                    call = model.from_form(first_values(request.form))
                answer = WebhookResponse.from_document(view(call, *args, **kwargs))
            except WebhookError as error:
                answer = WebhookResponse.from_error(error)
            return flask.Response(answer.body, status=answer.status, headers=answer.headers)

        return endpoint

    return decorate
