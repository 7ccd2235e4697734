"""``callmarkup call``: one simulated call to a real server, over HTTP."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from servers import wsgi_server
from simulated import BYE_DOC, Reply, doc
from simulated import app as routes_app

from callmarkup._cli import main

if TYPE_CHECKING:
    from simulated import Handler


def run(*argv: str) -> tuple[int, str, str]:
    """Run the command line; its exit status, standard output and standard error."""
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


MENU = doc('<Gather action="/menu" numDigits="1"><Say>Press 1.</Say></Gather>')


def menu(form: dict[str, str]) -> str | Reply:
    """Key 1 dials sales; anything else is a missing page."""
    if form["Digits"] == "1":
        return doc('<Dial action="/bye" timeout="5">+15550100001</Dial>')
    return doc("<Redirect>/missing</Redirect>")


ROUTES: dict[str, str | Reply | Handler] = {"/call": MENU, "/menu": menu, "/bye": BYE_DOC}


def test_call_command_prints_the_transcript_of_a_sound_call() -> None:
    """A call that ends well prints its transcript and exits 0."""
    with wsgi_server(routes_app(ROUTES)) as base:
        status, out, err = run(
            "call", f"{base}/call", "--press", "1", "--far-end", "+15550100001=busy"
        )
    assert (status, err) == (0, "")
    assert f"request kind=action method=POST url={base}/menu status=200" in out
    assert f"request kind=action method=POST url={base}/bye status=200" in out
    assert out.rstrip().endswith("end status=completed seconds=2")


def test_call_command_exits_1_on_an_application_error() -> None:
    """A call that reaches a missing page exits 1; the actions keep their order."""
    with wsgi_server(routes_app(ROUTES)) as base:
        silent, _, _ = run("call", f"{base}/call", "--silence", "--press", "2")
        status, out, _ = run("call", f"{base}/call", "--press", "2", "--silence")
    assert silent == 0  # silence answers the menu, which then ends the call
    assert status == 1
    assert f"not-found {base}/missing: HTTP 404" in out


def test_call_command_refuses_a_bad_far_end() -> None:
    """A --far-end without DEST= or with an unknown behaviour is a usage error."""
    status, out, err = run("call", "http://127.0.0.1:9/call", "--far-end", "+1555=maybe")
    assert (status, out) == (2, "")
    assert "expected DEST=answer|busy|no-answer|fail" in err


def test_call_command_reports_an_unreachable_server() -> None:
    """Nothing listening: the call fails, unreachable, exit 1."""
    with wsgi_server(routes_app(ROUTES)) as base:
        pass  # the server is stopped: its port refuses connections now
    status, out, _ = run("call", f"{base}/call")
    assert status == 1
    assert "unreachable" in out
