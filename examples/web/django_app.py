"""The example IVR served by Django, as a single file with its settings in code.

Run it from this folder with ``python django_app.py runserver`` and set the number's incoming
URL to ``http://<host>/call``; ``django_app.application`` is the WSGI application.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import ivr
from django.conf import settings
from django.core.management import execute_from_command_line
from django.core.wsgi import get_wsgi_application
from django.urls import path

from callmarkup.integrations.django import webhook
from callmarkup.webhooks import GatherAction, IncomingCall

if TYPE_CHECKING:
    from django.http import HttpRequest

    from callmarkup import Response

# Settings are made once per process: a host process (a test run) may have made them first.
if not settings.configured:
    settings.configure(
        ROOT_URLCONF=__name__,
        ALLOWED_HOSTS=["localhost", "127.0.0.1"],
        # No sessions, users or CSRF tokens: the platform sends none of them.
        MIDDLEWARE=[],
    )


@webhook(IncomingCall)
def incoming_call(_request: HttpRequest, call: IncomingCall) -> Response:
    """Answer a new call with the menu, and a notification that it ended with nothing."""
    return ivr.welcome(call)


@webhook(GatherAction)
def menu_choice(_request: HttpRequest, action: GatherAction) -> Response:
    """Act on the key pressed in the menu."""
    return ivr.choose(action)


urlpatterns = [
    path(ivr.CALL_PATH.removeprefix("/"), incoming_call),
    path(ivr.MENU_PATH.removeprefix("/"), menu_choice),
]

application = get_wsgi_application()

if __name__ == "__main__":
    execute_from_command_line(sys.argv)
