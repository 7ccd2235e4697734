"""Properties of the simulator over any valid document an application may serve."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hypothesis import given, settings
from hypothesis import strategies as st
from simulated import FINAL
from test_simulator_webhooks import model_of

from callmarkup import Response, render_bytes, validate
from callmarkup.strategies import invalid_documents, responses
from callmarkup.testing import Call, Caller, Platform, Simulator, callers, platforms

if TYPE_CHECKING:
    from collections.abc import Callable


def serving(document: Response) -> Callable[[dict[str, Any], Callable[..., Any]], list[bytes]]:
    """A WSGI app that answers every document request with ``document``."""
    body = render_bytes(document)

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        form = environ["wsgi.input"].read() if environ["REQUEST_METHOD"] == "POST" else b""
        finished = any(f"CallStatus={status}".encode() in form for status in FINAL)
        answer = b"<Response/>" if finished else body
        start_response(
            "200 OK", [("Content-Type", "text/xml"), ("Content-Length", str(len(answer)))]
        )
        return [answer]

    return application


def check(call: Call, platform: Platform) -> None:
    """What holds of every call, whatever the document."""
    assert call.status in FINAL
    times = [event.at for event in call.events]
    assert times == sorted(times)
    assert call.events[-1].kind == "end"
    assert call.requests[-1].kind == "status"
    assert call.requests[-1].form["CallStatus"] == call.status
    assert call.seconds <= platform.max_call_seconds
    assert call.documents <= platform.max_documents
    for exchange in call.requests:
        model_of(exchange).from_form(exchange.form)


@settings(max_examples=40, deadline=None)
@given(
    document=responses(max_verbs=4),
    caller=callers(max_actions=3),
    platform=platforms(max_call_seconds=3600.0, max_documents=8),
)
def test_any_valid_document_runs_to_a_final_status(
    document: Response, caller: Caller, platform: Platform
) -> None:
    """The call ends with a final status, in time order, and every request reads as a model."""
    call = Simulator(serving(document), incoming_url="http://app.test/call").call(
        caller, platform=platform
    )
    check(call, platform)


@settings(max_examples=20, deadline=None)
@given(document=responses(max_verbs=3), data=st.data())
def test_a_call_is_the_same_each_time(document: Response, data: st.DataObject) -> None:
    """The simulator is deterministic: the same call twice gives the same transcript."""
    caller = data.draw(callers(max_actions=2))
    simulator = Simulator(serving(document))
    first, second = simulator.call(caller), simulator.call(caller)
    assert [str(e) for e in first.events] == [
        str(e).replace(second.requests[0].form["CallSid"], first.requests[0].form["CallSid"])
        for e in second.events
    ]


@settings(max_examples=40, deadline=None)
@given(case=invalid_documents(as_bytes=True), lenient=st.booleans())
def test_any_broken_document_ends_the_call_cleanly(
    case: tuple[bytes, object], lenient: bool
) -> None:
    """A broken document is an application error, strict or lenient, never a crash."""
    data, _ = case

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        form = environ["wsgi.input"].read()
        answer = b"<Response/>" if b"PostStatus=callback" in form else data
        start_response("200 OK", [("Content-Type", "text/xml")])
        return [answer]

    platform = Platform(lenient=lenient, max_documents=5)
    call = Simulator(application).call(platform=platform)
    check(call, platform)
    # The platform trims a body before reading it, which repairs some faults (padding).
    if any(v.severity == "error" for v in validate(data.strip())):
        assert call.errors
