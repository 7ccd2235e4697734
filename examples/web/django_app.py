"""The example IVR served by Django, as a single file with its settings in code.

Run it from this folder with ``python django_app.py runserver`` and set the number's incoming
URL to ``http://<host>/call``; ``django_app.application`` is the WSGI application.
"""

from __future__ import annotations

import sys

import ivr
from django.conf import settings
from django.core.management import execute_from_command_line
from django.core.wsgi import get_wsgi_application
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from callmarkup.webhooks import GatherAction, IncomingCall, WebhookError, WebhookResponse

settings.configure(
    ROOT_URLCONF=__name__,
    ALLOWED_HOSTS=["localhost", "127.0.0.1"],
    # No sessions, users or CSRF tokens: the platform sends none of them.
    MIDDLEWARE=[],
)


def send(answer: WebhookResponse) -> HttpResponse:
    """Turn the framework-free answer into Django's response."""
    return HttpResponse(answer.body, status=answer.status, headers=answer.headers)


@csrf_exempt
@require_POST
def incoming_call(request: HttpRequest) -> HttpResponse:
    """Answer a new call with the menu."""
    try:
        call = IncomingCall.from_form(request.POST)
    except WebhookError as error:
        return send(WebhookResponse.from_error(error))
    return send(WebhookResponse.from_document(ivr.welcome(call)))


@csrf_exempt
@require_POST
def menu_choice(request: HttpRequest) -> HttpResponse:
    """Act on the key pressed in the menu."""
    try:
        action = GatherAction.from_form(request.POST)
    except WebhookError as error:
        return send(WebhookResponse.from_error(error))
    return send(WebhookResponse.from_document(ivr.choose(action)))


urlpatterns = [
    path(ivr.CALL_PATH.removeprefix("/"), incoming_call),
    path(ivr.MENU_PATH.removeprefix("/"), menu_choice),
]

application = get_wsgi_application()

if __name__ == "__main__":
    execute_from_command_line(sys.argv)
