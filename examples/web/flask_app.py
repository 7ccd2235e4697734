"""The example IVR served by Flask.

Run it from this folder with ``flask --app flask_app run`` and set the number's incoming URL to
``http://<host>/call``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import flask
import ivr

from callmarkup.integrations.flask import webhook
from callmarkup.webhooks import GatherAction, IncomingCall

if TYPE_CHECKING:
    from callmarkup import Response

app = flask.Flask(__name__)


@app.post(ivr.CALL_PATH)
@webhook(IncomingCall)
def incoming_call(call: IncomingCall) -> Response:
    """Answer a new call with the menu, and a notification that it ended with nothing."""
    return ivr.welcome(call)


@app.post(ivr.MENU_PATH)
@webhook(GatherAction)
def menu_choice(action: GatherAction) -> Response:
    """Act on the key pressed in the menu."""
    return ivr.choose(action)
