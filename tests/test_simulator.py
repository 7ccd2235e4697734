"""The call simulator: the call, its requests and errors (calls.md §1-§3, §5, §6)."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from typing import TYPE_CHECKING, Any, cast

import pytest
from documents import UNKNOWN
from simulated import STANDARD_FIELDS, Reply, doc, lines, names, of_kind, simulate

from callmarkup import parse
from callmarkup.testing import Caller, HangUp, Platform, Press, Silence, Simulator

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable, MutableMapping

MENU = doc('<Gather action="/menu" numDigits="1"><Say>Press 1.</Say></Gather>')
BYE = doc("<Say>Bye.</Say><Hangup/>")
# Before any <Dial> made a leg, there is no OutboundCallSid.
STANDARD = [name for name in STANDARD_FIELDS if name != "OutboundCallSid"]


# §1 The call and its state -------------------------------------------------------------------


def test_call_is_answered_by_the_first_verb_other_than_pause() -> None:
    """Pauses while ringing delay the answer; the first Say answers the call (§1.3)."""
    call = simulate({"/call": doc('<Pause length="2"/><Pause/><Say>Hi.</Say>')}).call()
    answer = next(event for event in call.events if event.kind == "answer")
    assert answer.at == 3.0
    assert call.kinds()[:4] == ["request", "pause", "pause", "answer"]
    assert call.status == "completed"


def test_document_of_pauses_only_ends_unanswered_but_completed() -> None:
    """A call that runs out of verbs while ringing is never answered and ends completed (§3.5)."""
    call = simulate({"/call": doc("<Pause/>")}).call()
    assert "answer" not in call.kinds()
    assert call.status == "completed"
    assert lines(call, "hangup") == ["hangup by=platform reason=end-of-document-unanswered"]


# §2.1 Fields --------------------------------------------------------------------------------


def test_incoming_request_carries_the_standard_block_in_order() -> None:
    """The first request: POST, S in order, ringing, inbound, PostStatus=new (§2.1, §3.1)."""
    call = simulate({"/call": BYE}).call(CallerName="Ann", sip_headers={"X-Team": "sales"})
    incoming = call.requests[0]
    assert (incoming.kind, incoming.method, incoming.url) == (
        "incoming",
        "POST",
        "http://app.test/call",
    )
    expected = [*STANDARD[:-1], "SipHeader_X-Team", "PostStatus"]
    assert names(incoming) == expected
    form = incoming.form
    assert (form["CallStatus"], form["Direction"], form["PostStatus"]) == (
        "ringing",
        "inbound",
        "new",
    )
    assert (form["ApiVersion"], form["CallerName"], form["ForwardedFrom"]) == (
        "2012-04-24",
        "Ann",
        "null",
    )
    assert form["CallTimestamp"] == "2020-05-26T17:59:16.555Z"


def test_speech_result_is_a_bare_name_in_a_dtmf_gather_action() -> None:
    """An absent value is sent as a bare name (V-bare base) or as ``name=`` (docs) (§2.1.3)."""
    routes = {"/call": MENU, "/menu": BYE}
    base = simulate(routes).call(Caller([Press("1")]))
    docs = simulate(routes, platform=Platform(bare="docs")).call(Caller([Press("1")]))
    assert ("SpeechResult", None) in of_kind(base, "action")[0].fields
    assert ("SpeechResult", "") in of_kind(docs, "action")[0].fields


def test_outbound_call_sid_appears_once_a_dial_created_a_leg() -> None:
    """After a Dial created a leg, every later request carries OutboundCallSid third (§2.1.1)."""
    routes = {
        "/call": doc('<Dial action="/after" timeout="5">+15550003333</Dial>'),
        "/after": doc("<Redirect>/next</Redirect>"),
        "/next": BYE,
    }
    call = simulate(routes).call()
    assert "OutboundCallSid" not in names(call.requests[0])
    for request in call.requests[1:]:
        assert names(request)[2] == "OutboundCallSid", request
        assert request.form["OutboundCallSid"].startswith(call.requests[0].form["CallSid"])


# §2.2 Method and encoding --------------------------------------------------------------------


def test_get_sends_the_fields_as_the_query_and_no_body() -> None:
    """A GET action carries the fields as its query string (§2.2.1)."""
    routes = {"/call": doc('<Gather action="/menu" method="GET"/>'), "/menu": BYE}
    call = simulate(routes).call(Caller([Press("42#")]))
    action = of_kind(call, "action")[0]
    assert action.method == "GET"
    assert action.url.startswith("http://app.test/menu?CallSid=")
    assert "&Digits=42&SpeechResult&PostStatus" not in action.url  # Digits comes after S
    assert action.url.endswith("&PostStatus=callback&Digits=42&SpeechResult")


def test_post_body_is_form_encoded_utf8() -> None:
    """A POST is form-encoded, space as +, with charset UTF-8 (§2.2.1)."""
    seen: list[str] = []

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        seen.append(str(environ["CONTENT_TYPE"]))
        seen.append(environ["wsgi.input"].read().decode())
        start_response("200 OK", [("Content-Type", "text/xml")])
        return [b"<Response/>"]

    Simulator(application).call(CallerName="Ann Smith")
    assert seen[0] == "application/x-www-form-urlencoded; charset=UTF-8"
    assert "&CallerName=Ann+Smith&" in seen[1]


def test_url_query_is_moved_after_the_fields_or_kept() -> None:
    """``action="/menu?step=2"``: base POSTs to /menu with step=2 last; docs keeps it (§2.2.3)."""
    routes = {"/call": doc('<Gather action="/menu?step=2"/>'), "/menu": BYE}
    base = of_kind(simulate(routes).call(Caller([Press("1#")])), "action")[0]
    assert base.url == "http://app.test/menu"
    assert base.fields[-1] == ("step", "2")
    docs_sim = simulate(routes, platform=Platform(query="docs"))
    docs = of_kind(docs_sim.call(Caller([Press("1#")])), "action")[0]
    assert docs.url == "http://app.test/menu?step=2"
    assert "step" not in docs.form


def test_user_info_is_sent_after_a_basic_challenge_for_post_only() -> None:
    """POST retries once with the URL's credentials on a Basic 401; GET drops them (Q11)."""
    seen: list[str | None] = []

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        seen.append(environ.get("HTTP_AUTHORIZATION"))
        if environ["PATH_INFO"] == "/call" and environ["REQUEST_METHOD"] == "POST":
            first = b"PostStatus=new" in environ["wsgi.input"].read()
            start_response("200 OK", [("Content-Type", "text/xml")])
            if not first:
                return [b"<Response/>"]
            return [
                b"<Response><Redirect>http://u:p@app.test/in</Redirect>"
                b'<Redirect method="GET">http://u:p@app.test/call</Redirect></Response>'
            ]
        if environ.get("HTTP_AUTHORIZATION") is None:
            start_response("401 Unauthorized", [("WWW-Authenticate", 'Basic realm="x"')])
            return [b""]
        start_response("200 OK", [("Content-Type", "text/xml")])
        return [b"<Response><Hangup/></Response>"]

    call = Simulator(application).call()
    redirects = of_kind(call, "redirect")
    assert [r.status for r in redirects] == [401, 200]
    assert seen[2] == "Basic dTpw"
    assert call.ok
    get = simulate(
        {"/call": doc('<Redirect method="GET">http://u:p@app.test/bye</Redirect>'), "/bye": BYE}
    ).call()
    assert of_kind(get, "redirect")[0].url.startswith("http://app.test/bye?CallSid=")


# §2.3 Resolution ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reference", "path"),
    [
        ("next", "/ivr/next"),
        ("/abs", "/abs"),
        ("../up", "/up"),
        ("?step=2", "/ivr/"),
        ("../../../x", "/../../x"),
    ],
)
def test_relative_redirects_resolve_as_java_does(reference: str, path: str) -> None:
    """Relative URLs resolve against the last document's URL with Java's rules (§2.3.2)."""
    routes = {"/ivr/start": doc(f"<Redirect>{reference}</Redirect>")}
    simulator = simulate(routes, incoming_url="http://app.test/ivr/start")
    redirect = of_kind(simulator.call(), "redirect")[0]
    assert redirect.url == f"http://app.test{path}"


def test_relative_status_callback_is_never_sent() -> None:
    """A relative statusCallback is recorded as unresolvable and not requested (§2.3.3)."""
    routes = {
        "/call": doc('<Dial timeout="5"><Number statusCallback="/st">+15550003333</Number></Dial>')
    }
    call = simulate(routes).call()
    assert of_kind(call, "progress") == []
    assert [error.code for error in call.errors] == ["unresolvable-callback"]


# §2.4 Transport ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("status", "followed"), [(301, True), (302, True), (303, True), (307, True), (308, False)]
)
def test_redirect_statuses_are_followed_with_the_same_method(status: int, followed: bool) -> None:
    """301, 302, 303 and 307 are followed with the same method and fields; 308 fails (§2.4.2)."""
    moved = Reply(b"", status, None, (("Location", "/moved"),))
    call = simulate({"/call": moved, "/moved": BYE}).call()
    if followed:
        assert [(r.method, r.url, r.status) for r in of_kind(call, "incoming")] == [
            ("POST", "http://app.test/call", status),
            ("POST", "http://app.test/moved", 200),
        ]
        assert call.requests[0].fields == call.requests[1].fields
        assert call.ok
    else:
        assert [error.code for error in call.errors] == ["http-status"]
        assert call.status == "failed"


def test_slow_app_times_out() -> None:
    """An answer slower than ``http_timeout`` (wall time in process) is a timeout (§2.4.1)."""
    slow = simulate({"/call": Reply(BYE, sleep=0.05)}, platform=Platform(http_timeout=0.01))
    call = slow.call()
    assert [error.code for error in call.errors] == ["timeout"]
    assert call.status == "failed"


# §2.5, §6 Usable documents and errors ----------------------------------------------------------


@pytest.mark.parametrize(
    ("reply", "code", "status"),
    [
        (Reply(b"gone", 404, "text/plain"), "not-found", "not-found"),
        (Reply(BYE, 500), "http-status", "failed"),
        (Reply(BYE, 201), "http-status", "failed"),
        (Reply(BYE, 200, "text/plain"), "unsupported-content-type", "failed"),
        (Reply(BYE, 200, None), "unsupported-content-type", "failed"),
        (Reply("<Response><Say>", 200), "malformed", "failed"),
        (Reply("", 200), "malformed", "completed"),
        (Reply("<Response><Dail/></Response>", 200), "markup-invalid", "completed"),
    ],
)
def test_unusable_first_document_ends_the_call(reply: Reply, code: str, status: str) -> None:
    """A failing first request ends the call unanswered with the §3.5 status (§2.5, §6.1, §6.3)."""
    call = simulate({"/call": reply}).call()
    assert [error.code for error in call.errors] == [code]
    assert call.status == status
    assert "answer" not in call.kinds()
    assert of_kind(call, "status")[0].form["CallStatus"] == status  # Q3: sent even for 404


def test_malformed_body_without_content_length_is_a_parse_failure() -> None:
    """A chunked (no Content-Length) malformed body ends the call completed (§6.3)."""

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        del environ
        start_response("200 OK", [("Content-Type", "text/xml")])
        return [b"<Response><Say>"]

    call = Simulator(application).call()
    assert [error.code for error in call.errors] == ["malformed"]
    assert call.status == "completed"


def test_invalid_markup_error_carries_the_violations() -> None:
    """A document that fails validation is recorded with its violations (Q1 strict)."""
    call = simulate({"/call": "<Response><Dial/></Response>"}).call()
    error = call.errors[0]
    assert error.code == "markup-invalid"
    assert [v.code for v in error.violations] == ["empty"]
    assert "empty" in error.detail


def test_later_document_failure_hangs_up_failed_or_stalls() -> None:
    """After answer a 404 hangs up, failed; under V-stall base the call stays silent (§6.2)."""
    routes = {"/call": MENU}
    call = simulate(routes).call(Caller([Press("1")]))
    assert [error.code for error in call.errors] == ["not-found"]
    assert call.status == "failed"
    assert lines(call, "hangup") == ["hangup by=platform reason=not-found"]
    stalled = simulate(routes, platform=Platform(stall="base")).call(
        Caller([Press("1")], hangs_up_after=100)
    )
    assert stalled.status == "completed"
    assert stalled.seconds == 100
    assert lines(stalled, "hangup") == ["hangup by=caller reason=hangup"]


def test_app_exception_is_a_500() -> None:
    """An application that raises is answered 500, with the exception in the error (§2.5)."""

    def application(environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        del environ, start_response
        raise KeyError("Digits")

    call = Simulator(application).call()
    assert call.errors[0].code == "http-status"
    assert "KeyError" in call.errors[0].detail


# §3 The call's life ---------------------------------------------------------------------------


def test_later_requests_are_in_progress_callbacks_and_the_final_notification_is_last() -> None:
    """Action and Redirect requests carry in-progress and callback; the final status comes last."""
    routes = {"/call": MENU, "/menu": doc("<Redirect>/bye</Redirect>"), "/bye": BYE}
    call = simulate(routes).call(Caller([Press("1")]))
    assert [r.kind for r in call.requests] == ["incoming", "action", "redirect", "status"]
    for request in call.requests[1:3]:
        assert (request.form["CallStatus"], request.form["PostStatus"]) == (
            "in-progress",
            "callback",
        )
    final = call.requests[-1]
    assert (final.method, final.url) == ("POST", "http://app.test/call")
    assert (final.form["CallStatus"], final.form["PostStatus"]) == ("completed", "callback")
    assert call.kinds()[-1] == "end"


def test_notify_variant_sends_ringing_and_in_progress_once() -> None:
    """V-notify base adds ringing before the first request and in-progress on answer (§3.3.2)."""
    routes = {"/call": doc("<Say>Hi.</Say><Redirect>/bye</Redirect>"), "/bye": BYE}
    base = simulate(routes, platform=Platform(notify="base")).call()
    assert [(r.kind, r.form["CallStatus"]) for r in base.requests] == [
        ("status", "ringing"),
        ("incoming", "ringing"),
        ("status", "in-progress"),
        ("redirect", "in-progress"),
        ("status", "completed"),
    ]
    assert base.requests[1].form["PostStatus"] == "new"
    docs = simulate(routes).call()
    assert [r.kind for r in docs.requests] == ["incoming", "redirect", "status"]


def test_only_the_final_notification_answered_with_markup_is_an_error() -> None:
    """A menu sent back to the ringing or in-progress notification is no error; to the last, one.

    Those two carry what a request for markup to the incoming URL carries, so an app cannot
    tell them apart; the final one says the call ended (``is_status_notification``).
    """

    def menu_to_all(_environ: dict[str, Any], start_response: Callable[..., Any]) -> list[bytes]:
        start_response("200 OK", [("Content-Type", "text/xml")])
        return [doc("<Say>Hi.</Say>").encode()]

    call = Simulator(menu_to_all, platform=Platform(notify="base")).call()
    assert [r.kind for r in call.requests] == ["status", "incoming", "status", "status"]
    assert [(e.code, e.at) for e in call.errors] == [("markup-to-notification", call.seconds)]


def test_caller_hanging_up_before_answer_cancels_the_call() -> None:
    """A caller who hangs up while the call rings leaves it canceled (§3.5)."""
    call = simulate({"/call": doc('<Pause length="5"/><Say>Hi.</Say>')}).call(
        Caller(hangs_up_after=2)
    )
    assert call.status == "canceled"
    assert call.seconds == 2


def test_end_of_document_hangs_up() -> None:
    """The platform hangs up when the verbs run out (§3.6)."""
    call = simulate({"/call": doc("<Say>One two three four five.</Say>")}).call()
    assert lines(call, "hangup", "end") == [
        "hangup by=platform reason=end-of-document",
        "end status=completed seconds=2",
    ]


def test_loop_limit_ends_a_redirect_loop() -> None:
    """A Redirect loop stops at ``max_documents`` with error(loop-limit) (§4.9)."""
    simulator = simulate(
        {"/call": doc("<Redirect>/call</Redirect>")}, platform=Platform(max_documents=5)
    )
    call = simulator.call()
    assert call.documents == 5
    assert [error.code for error in call.errors] == ["loop-limit"]
    assert call.status == "completed"


# Transports ------------------------------------------------------------------------------------


def test_asgi_app_runs_in_process() -> None:
    """An ASGI application receives the same request, on a private loop, without sockets."""
    bodies: list[bytes] = []

    async def application(
        scope: MutableMapping[str, Any],
        receive: Callable[[], Awaitable[dict[str, Any]]],
        send: Callable[[dict[str, Any]], Awaitable[None]],
    ) -> None:
        assert scope["type"] == "http"
        message = await receive()
        bodies.append(message["body"])
        await asyncio.sleep(0)
        answer = b"<Response/>" if b"CallStatus=completed" in message["body"] else BYE.encode()
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", b"text/xml")],
            }
        )
        await send({"type": "http.response.body", "body": answer})

    call = Simulator(application).call()
    assert call.ok
    assert call.status == "completed"
    assert len(bodies) == 2
    assert bodies[0].startswith(b"CallSid=")


def test_other_hosts_are_unreachable_in_process() -> None:
    """In process, a URL on another host than the incoming URL's is unreachable."""
    call = simulate({"/call": doc("<Redirect>https://elsewhere.test/x</Redirect>")}).call()
    assert [error.code for error in call.errors] == ["unreachable"]


def test_wrong_arguments_raise_type_error() -> None:
    """Wrong argument types and unknown call fields are TypeErrors."""
    simulator = simulate({"/call": BYE})
    with pytest.raises(TypeError, match="unknown call field"):
        simulator.call(Nickname="x")
    with pytest.raises(TypeError, match="caller must be a Caller"):
        simulator.call(cast("Any", HangUp()))
    with pytest.raises(TypeError, match="incoming_url"):
        Simulator(None, incoming_url="ftp://x")


def test_unreadable_url_fails_the_call_as_unreachable() -> None:
    """A URL nothing can read (``http://::``) is an unreachable request, not a crash."""
    call = simulate({"/call": doc("<Redirect>http://::</Redirect>")}).call()
    assert [error.code for error in call.errors] == ["unreachable"]
    assert call.status == "failed"


def test_max_call_seconds_stops_a_ringing_dial() -> None:
    """The simulator's time limit also stops legs that ring longer than it."""
    platform = Platform(max_call_seconds=60)
    call = simulate({"/call": doc('<Dial timeout="600">+15550003333</Dial>')}, platform=platform)
    ended = call.call()
    assert ended.seconds == 60
    assert lines(ended, "hangup") == ["hangup by=platform reason=max-call-seconds"]


def test_lenient_platform_runs_what_it_can_read() -> None:
    """Q1 lenient: unknown elements are skipped but their verbs run; bad values use defaults."""
    document = (
        f'<Response><{UNKNOWN}><Say loop="x">Hello.</Say></{UNKNOWN}>'
        '<Gather action="/menu" timeout="soon"><Say>Menu.</Say></Gather><Dial/></Response>'
    )
    routes = {"/call": document, "/menu": BYE}
    strict = simulate(routes).call(Caller([Press("1#")]))
    assert strict.status == "completed"
    assert "say" not in strict.kinds()
    lenient = simulate(routes, platform=Platform(lenient=True)).call(Caller([Silence()]))
    assert lines(lenient, "say")[:2] == ["say text=Hello. loop=1", "say text=Menu. loop=1"]
    gather_end = [e for e in lenient.events if e.kind == "gather" and e.get("phase") == "end"]
    assert gather_end[0].at == pytest.approx(2.0 + 5.0)  # the default timeout of 5 s
    assert {error.code for error in lenient.errors} == {"markup-invalid"}


def test_incoming_url_may_be_requested_with_get() -> None:
    """``method="GET"`` sends the incoming request's fields as its query, with no body."""
    simulator = simulate({"/call": BYE}, method="GET")
    incoming = simulator.call().requests[0]
    assert incoming.method == "GET"
    assert incoming.url.startswith("http://app.test/call?CallSid=CA")
    assert incoming.url.endswith("&PostStatus=new")


def test_simulator_and_command_line_import_without_hypothesis() -> None:
    """Hypothesis is needed only by the exploration: the rest imports and runs without it."""
    code = (
        "import sys; sys.modules['hypothesis'] = None\n"
        "import callmarkup._cli, callmarkup.testing as t\n"
        "assert t.Simulator and t.Caller\n"
        "try:\n    t.check_calls\nexcept ImportError:\n    print('lazy')\n"
    )
    done = subprocess.run(  # noqa: S603 - the interpreter running the tests, a fixed script
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=60
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "lazy\n", "")


def test_the_lenient_reading_decodes_as_parse_does() -> None:
    """A document in a declared encoding reads the same text leniently as strictly."""
    from callmarkup.testing._lenient import lenient_reading  # noqa: PLC0415 - a private reader

    data = '<?xml version="1.0" encoding="ISO-8859-1"?><Response><Say>Olá</Say></Response>'
    encoded = data.encode("iso-8859-1")
    assert lenient_reading(encoded) == (parse(encoded), {})
