"""The call flow shared by the example apps: a one-key menu, and what each key does.

Nothing here knows about HTTP. Each app serves these functions through its framework's adapter
in ``callmarkup.integrations``, which reads the request into the typed model, calls the function
and sends back the document it returns.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from callmarkup import Dial, Gather, Hangup, Number, Redirect, Response, Say

if TYPE_CHECKING:
    from datetime import datetime

    from callmarkup.webhooks import GatherAction, IncomingCall

CALL_PATH = "/call"
"""Where the platform asks for markup when a call arrives: the number's incoming URL."""
MENU_PATH = "/menu"
"""Where the menu's ``<Gather>`` sends the key pressed."""

# The key to press, and who answers it.
DEPARTMENTS = {"1": ("sales", "+15550100001"), "2": ("support", "+15550100002")}


def is_open(start: datetime | None) -> bool:
    """Whether a call that started at ``start`` (UTC) is within office hours.

    The office is open Monday to Friday, 08:00 to 20:00 UTC. A call whose start time the
    platform did not send is let through.
    """
    return start is None or (start.weekday() < 5 and 8 <= start.hour < 20)


def welcome(call: IncomingCall) -> Response:
    """Offer the menu, or say the office is closed when the call starts out of hours.

    The incoming URL is also requested when the call has ended (``PostStatus=callback`` with
    a status such as ``completed``): that is a notification, answered with an empty document.
    """
    if call.is_status_notification:
        return Response()
    if not is_open(call.call_timestamp):
        return Response(
            Say("Our office is open Monday to Friday, from 8 AM to 8 PM. Please call again."),
            Hangup(),
        )
    return Response(
        Gather(
            Say("Press 1 for sales, or 2 for support."),
            action=MENU_PATH,
            num_digits=1,
            timeout=5,
        ),
        Say("We did not receive your choice. Goodbye."),
        Hangup(),
    )


def choose(action: GatherAction) -> Response:
    """Put the caller through to the department of the key pressed, or offer the menu again."""
    department = DEPARTMENTS.get(action.digits or "")
    if department is None:
        return Response(Say("Sorry, that is not an option."), Redirect(CALL_PATH))
    name, number = department
    return Response(Say(f"Connecting you to {name}."), Dial(Number(number)))
