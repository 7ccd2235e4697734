"""The example IVR served by Flask.

Run it from this folder with ``flask --app flask_app run`` and set the number's incoming URL to
``http://<host>/call``.
"""

from __future__ import annotations

import flask
import ivr

from callmarkup.webhooks import GatherAction, IncomingCall, WebhookError, WebhookResponse

app = flask.Flask(__name__)


def send(answer: WebhookResponse) -> flask.Response:
    """Turn the framework-free answer into Flask's response."""
    return flask.Response(answer.body, status=answer.status, headers=answer.headers)


@app.post(ivr.CALL_PATH)
def incoming_call() -> flask.Response:
    """Answer a new call with the menu."""
    try:
        call = IncomingCall.from_form(flask.request.form)
    except WebhookError as error:
        return send(WebhookResponse.from_error(error))
    return send(WebhookResponse.from_document(ivr.welcome(call)))


@app.post(ivr.MENU_PATH)
def menu_choice() -> flask.Response:
    """Act on the key pressed in the menu."""
    try:
        action = GatherAction.from_form(flask.request.form)
    except WebhookError as error:
        return send(WebhookResponse.from_error(error))
    return send(WebhookResponse.from_document(ivr.choose(action)))
