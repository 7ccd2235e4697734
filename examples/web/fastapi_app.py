"""The example IVR served by FastAPI.

Run it from this folder with ``uvicorn fastapi_app:app`` and set the number's incoming URL to
``http://<host>/call``.
"""

from __future__ import annotations

from typing import Annotated

import ivr
from fastapi import Depends, FastAPI

from callmarkup.integrations.fastapi import MarkupResponse, webhook
from callmarkup.webhooks import GatherAction, IncomingCall

app = FastAPI()


@app.post(ivr.CALL_PATH, response_class=MarkupResponse)
async def incoming_call(
    call: Annotated[IncomingCall, Depends(webhook(IncomingCall))],
) -> MarkupResponse:
    """Answer a new call with the menu, and a notification that it ended with nothing."""
    return MarkupResponse(ivr.welcome(call))


@app.post(ivr.MENU_PATH, response_class=MarkupResponse)
async def menu_choice(
    action: Annotated[GatherAction, Depends(webhook(GatherAction))],
) -> MarkupResponse:
    """Act on the key pressed in the menu."""
    return MarkupResponse(ivr.choose(action))
