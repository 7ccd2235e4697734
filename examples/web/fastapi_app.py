"""The example IVR served by FastAPI.

Run it from this folder with ``uvicorn fastapi_app:app`` and set the number's incoming URL to
``http://<host>/call``.
"""

from __future__ import annotations

import ivr
from fastapi import FastAPI, Request, Response

from callmarkup.webhooks import GatherAction, IncomingCall, WebhookError, WebhookResponse

app = FastAPI()


def send(answer: WebhookResponse) -> Response:
    """Turn the framework-free answer into Starlette's response."""
    return Response(answer.body, status_code=answer.status, headers=answer.headers)


@app.post(ivr.CALL_PATH)
async def incoming_call(request: Request) -> Response:
    """Answer a new call with the menu."""
    try:
        call = IncomingCall.from_form(await request.form())
    except WebhookError as error:
        return send(WebhookResponse.from_error(error))
    return send(WebhookResponse.from_document(ivr.welcome(call)))


@app.post(ivr.MENU_PATH)
async def menu_choice(request: Request) -> Response:
    """Act on the key pressed in the menu."""
    try:
        action = GatherAction.from_form(await request.form())
    except WebhookError as error:
        return send(WebhookResponse.from_error(error))
    return send(WebhookResponse.from_document(ivr.choose(action)))
