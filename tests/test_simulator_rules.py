"""The simulator against the call execution model, rule by rule, where other modules miss one."""

from __future__ import annotations

import re
from typing import Any, cast
from urllib.parse import parse_qsl, urlsplit

import pytest
from documents import UNKNOWN
from simulated import BYE_DOC, STANDARD_FIELDS, Reply, doc, lines, of_kind, simulate

from callmarkup.testing import (
    Answer,
    Busy,
    Caller,
    Event,
    Fail,
    FarEnd,
    HangUp,
    NoAnswer,
    Outbound,
    Platform,
    Press,
    Recording,
    Simulator,
    Speak,
)


def test_gather_inter_key_timer_runs_from_the_last_key() -> None:
    """Input ends ``timeout`` seconds after the last key, not after the prompts."""
    routes = {"/call": doc('<Gather action="/menu" timeout="5"/>'), "/menu": BYE_DOC}
    call = simulate(routes).call(Caller([Press("12", after=3, gap=10)]))
    ended = [event for event in call.events if event.kind == "gather"][-1]
    assert (ended.at, ended["digits"], ended["reason"]) == (8.0, "1", "timeout")
    assert of_kind(call, "action")[0].at == 8.0


def test_hanging_up_during_the_beep_is_an_empty_recording() -> None:
    """A hang-up during the beep requests the action only where empty recordings are sent."""
    routes = {"/call": doc('<Record action="/saved"/>'), "/saved": BYE_DOC}
    caller = Caller(hangs_up_after=0.5)
    base = simulate(routes, platform=Platform(empty="base")).call(caller)
    action = of_kind(base, "action")[0].form
    assert (action["Digits"], action["CallStatus"], action["RecordingDuration"]) == (
        "hangup",
        "completed",
        "0.0",
    )
    assert "RecordingUrl" in action
    assert action["RecordingUrl"] == ""
    assert lines(base, "say") == []
    assert base.status == "completed"
    docs = simulate(routes).call(caller)
    assert of_kind(docs, "action") == []
    assert docs.status == "completed"
    assert lines(docs, "record") == []


def test_hanging_up_during_the_recording_with_nothing_said_sends_no_action() -> None:
    """A caller who hangs up before speaking leaves an empty recording: no request by default."""
    routes = {"/call": doc('<Record action="/saved"/>'), "/saved": BYE_DOC}
    call = simulate(routes).call(Caller([HangUp(after=2)]))
    assert of_kind(call, "action") == []
    assert lines(call, "record")[-1] == "record phase=end duration=2.0 digits=hangup reason=hangup"


def test_a_get_redirect_keeps_the_fields() -> None:
    """A redirected GET is sent to the new location with the same fields as its query."""
    moved = Reply(b"", 302, None, (("Location", "/moved?x=1"),))
    routes: dict[str, str | Reply] = {
        "/call": doc('<Gather action="/menu" method="GET"/>'),
        "/menu": moved,
    }
    call = simulate({**routes, "/moved": BYE_DOC}).call(Caller([Press("4")]))
    first, second = of_kind(call, "action")
    assert (first.method, second.method, second.status) == ("GET", "GET", 200)
    query = dict(parse_qsl(urlsplit(second.url).query, keep_blank_values=True))
    assert (urlsplit(second.url).path, query["x"], query["Digits"]) == ("/moved", "1", "4")
    assert query["CallSid"] == first.form["CallSid"]
    assert call.ok


SIP = "sip:bob@example.com"
SCREENED_SIP = doc(f'<Dial action="/dialed"><Sip url="/screen">{SIP}</Sip></Dial>')


def test_screening_request_carries_the_far_end_s_sip_headers() -> None:
    """A SIP far end's headers reach the screening request as SipHeader_ fields, last."""
    routes = {"/call": SCREENED_SIP, "/screen": "<Response/>", "/dialed": BYE_DOC}
    far = Answer(after=1, talks=5, sip_headers={"X-Agent": "17", "X-Queue": "sales"})
    call = simulate(routes).call(far_ends={SIP: far})
    screening = of_kind(call, "screening")[0]
    assert [name for name, _ in screening.fields][-3:] == [
        "SipCallId",
        "SipHeader_X-Agent",
        "SipHeader_X-Queue",
    ]
    assert (screening.form["SipHeader_X-Agent"], screening.form["SipHeader_X-Queue"]) == (
        "17",
        "sales",
    )
    action = of_kind(call, "action")[0]
    assert [name for name, _ in action.fields][-2:] == [
        "DialSipHeader_X-Agent",
        "DialSipHeader_X-Queue",
    ]
    assert action.form["DialSipHeader_X-Queue"] == "sales"


def test_dial_action_carries_the_headers_of_a_refusing_sip_far_end() -> None:
    """A busy or failing SIP far end's headers are DialSipHeader_ fields; a canceled has none."""
    routes = {"/call": doc(f'<Dial action="/dialed" timeout="5">{SIP}</Dial>'), "/dialed": BYE_DOC}
    busy = simulate(routes).call(far_ends={SIP: Busy(sip_headers={"X-Reason": "meeting"})})
    form = of_kind(busy, "action")[0].form
    assert (form["DialSipResponseCode"], form["DialSipHeader_X-Reason"]) == ("486", "meeting")
    failed = simulate(routes).call(far_ends={SIP: Fail(480, sip_headers=[("X-Why", "away")])})
    assert of_kind(failed, "action")[0].form["DialSipHeader_X-Why"] == "away"
    ringing = simulate(routes).call(far_ends={SIP: NoAnswer()})
    assert not any(n.startswith("DialSipHeader_") for n in of_kind(ringing, "action")[0].form)


def test_number_legs_carry_no_sip_headers() -> None:
    """Only SIP legs pass on headers: a Number far end's are not sent."""
    routes = {
        "/call": doc('<Dial action="/dialed"><Number url="/screen">+15550003333</Number></Dial>'),
        "/screen": "<Response/>",
        "/dialed": BYE_DOC,
    }
    far = Answer(after=1, talks=5, sip_headers={"X-Agent": "17"})
    call = simulate(routes).call(far_ends={"+15550003333": far})
    assert all("Sip" not in name for r in call.requests for name, _ in r.fields)


def test_sip_headers_must_be_custom_headers_of_text() -> None:
    """Only X- headers with text values are accepted; others are a ValueError or TypeError."""
    with pytest.raises(ValueError, match="X-"):
        Answer(sip_headers={"Contact": "sip:x@y"})
    with pytest.raises(TypeError, match="sip_headers"):
        Answer(sip_headers=cast("Any", {"X-Agent": 17}))
    with pytest.raises(TypeError, match="sip_headers"):
        Busy(sip_headers=cast("Any", 5))
    assert Answer(sip_headers={"X-B": "2", "X-A": "1"}) != Answer(sip_headers={"X-A": "1"})


@pytest.mark.parametrize(
    ("build", "error", "message"),
    [
        (lambda: Simulator(5), TypeError, "app must be a WSGI or ASGI application or None, got 5"),
        (lambda: Press("x"), ValueError, "keys must be one or more of the keys 0-9, \\* and #"),
        (lambda: Press(cast("Any", 5)), TypeError, "keys must be a string, got 5"),
        (
            lambda: Caller(cast("Any", ["1"])),
            TypeError,
            "actions must be Press or Speak or Silence",
        ),
        (lambda: Caller(cast("Any", "1")), TypeError, "actions must be a sequence of Press"),
        (lambda: Caller(cast("Any", 5)), TypeError, "actions must be a sequence of Press"),
        (lambda: Caller(hangs_up_after=True), TypeError, "hangs_up_after must be a number"),
        (lambda: Recording(seconds=-1), ValueError, "seconds must be at least 0"),
        (lambda: Recording(key="12"), ValueError, "key must be one of"),
        (lambda: Speak(cast("Any", 5)), TypeError, "text must be a string, got 5"),
        (lambda: Answer(after=cast("Any", "3")), TypeError, "after must be a number, got '3'"),
        (lambda: Fail(sip_code=200), ValueError, "sip_code must be a SIP failure code"),
        (
            lambda: Outbound(method=cast("Any", "PUT")),
            ValueError,
            "method must be one of 'GET', 'POST'",
        ),
        (lambda: Outbound(timeout=-1), ValueError, "timeout must be at least 0"),
        (
            lambda: Platform(empty=cast("Any", "api19")),
            ValueError,
            "empty must be one of 'base', 'docs'",
        ),
        (lambda: Platform(max_documents=0), ValueError, "max_documents must be at least 1"),
        (lambda: Platform(http_timeout=True), TypeError, "http_timeout must be a number"),
    ],
)
def test_wrong_arguments_are_named_in_the_error(
    build: Any, error: type[Exception], message: str
) -> None:
    """A wrong argument raises TypeError or ValueError with one line naming it, not attrs' tuple."""
    with pytest.raises(error, match=message) as raised:
        build()
    assert len(raised.value.args) == 1
    assert "Attribute(" not in str(raised.value)


def test_one_action_is_a_script_of_one() -> None:
    """``Caller(Press("1"))`` is the same script as ``Caller([Press("1")])``."""
    assert Caller(Press("1")) == Caller([Press("1")])


def test_platform_notification_codes_are_recorded() -> None:
    """Errors the platform files in its log carry its code: 21402, 11100, 13233, 11205, 11206."""
    missing = simulate({}).call()
    assert [(e.code, e.notification) for e in missing.errors] == [("not-found", 21402)]
    assert "notification=21402" in lines(missing, "error")[0]
    assert str(missing.errors[0]).endswith("[platform 21402]")
    unreadable = simulate({"/call": doc("<Redirect>http://::</Redirect>")}).call()
    assert [e.notification for e in unreadable.errors] == [11100]
    media = simulate({"/call": doc("<Play>/a.wav</Play>")}, platform=Platform(fetch_media=True))
    assert [(e.code, e.notification) for e in media.call().errors] == [("media-failed", 13233)]
    later = simulate({"/call": doc('<Gather action="/gone"/>')}).call(Caller([Press("1")]))
    assert [(e.code, e.notification) for e in later.errors] == [("not-found", None)]


def test_fetch_failures_before_the_fallback_are_filed() -> None:
    """A first request of an outbound call that fails and falls back files 11205 or 11206."""
    routes: dict[str, str | Reply] = {"/fb": BYE_DOC, "/broken": Reply("<Response>", 200)}
    for url, code, filed in (
        ("http://elsewhere.test/x", "unreachable", 11205),
        ("http://app.test/broken", "malformed", 11206),
    ):
        call = simulate(routes).call(outbound=Outbound(url, fallback_url="http://app.test/fb"))
        assert [(e.code, e.notification) for e in call.errors] == [(code, filed)]
        assert call.status == "completed"


@pytest.mark.parametrize(
    ("reference", "url"),
    [
        ("#f", "http://app.test/ivr/start"),
        ("//other.test/p", "http://other.test/p"),
        ("?step=2", "http://app.test/ivr/"),
    ],
)
def test_java_resolution_of_fragments_and_network_paths(reference: str, url: str) -> None:
    """A fragment resolves to the document itself, ``//host`` to another host, fragment dropped."""
    routes = {"/ivr/start": doc(f"<Redirect>{reference}</Redirect>")}
    call = simulate(routes, incoming_url="http://app.test/ivr/start").call()
    assert of_kind(call, "redirect")[0].url == url


def test_methods_are_read_in_any_case() -> None:
    """``method="get"`` is a GET."""
    routes = {"/call": doc('<Gather action="/menu" method="get"/>'), "/menu": BYE_DOC}
    call = simulate(routes).call(Caller([Press("1")]))
    assert of_kind(call, "action")[0].method == "GET"


@pytest.mark.parametrize(
    ("reply", "usable"),
    [
        (Reply(BYE_DOC, 200, "text/html; charset=utf-8"), True),
        (Reply(BYE_DOC, 200, "application/xml"), True),
        (Reply(BYE_DOC, 204), False),
        (Reply(BYE_DOC, 200, "audio/wav"), False),
        (Reply(BYE_DOC, 200, "text/plain"), False),
    ],
)
def test_only_a_200_of_an_xml_or_html_type_is_a_document(reply: Reply, usable: bool) -> None:
    """A 200 with text/xml, application/xml or text/html runs; 204 or another type fails."""
    call = simulate({"/call": reply}).call()
    assert call.ok is usable
    assert call.status == ("completed" if usable else "failed")


def test_a_later_parse_failure_ends_completed_and_a_refused_body_failed() -> None:
    """After answer an invalid or empty document ends completed; a declared malformed one failed."""
    cases = (
        (Reply("<Response><Dail/></Response>"), "markup-invalid", "completed"),
        (Reply(""), "malformed", "completed"),
        (Reply("<Response><Say>"), "malformed", "failed"),
    )
    for reply, code, status in cases:
        routes: dict[str, str | Reply] = {"/call": doc('<Gather action="/menu"/>'), "/menu": reply}
        call = simulate(routes).call(Caller([Press("1")]))
        assert ([e.code for e in call.errors], call.status) == ([code], status)
        assert lines(call, "hangup") == [f"hangup by=platform reason={code}"]


LENIENT = Platform(lenient=True)


def test_lenient_booleans_read_anything_but_true_as_false() -> None:
    """Under lenient reading ``playBeep="yes"`` is false: no beep; ``TRUE`` is true."""
    routes = {"/call": doc('<Record playBeep="yes"/><Record playBeep="TRUE"/>')}
    call = simulate(routes, platform=LENIENT).call(Caller([Recording(2), Recording(2)]))
    assert call.kinds().count("beep") == 1
    first_record = next(e for e in call.events if e.kind == "record")
    assert first_record.at == 0.0


def test_lenient_status_callback_events_split_on_commas_only() -> None:
    """Spaces are removed and names split on commas only; unknown names never fire."""
    dial = (
        '<Dial timeout="5"><Number statusCallback="http://app.test/st" '
        'statusCallbackEvent="{events}">+15550003333</Number></Dial>'
    )
    routes: dict[str, str] = {"/st": "<Response/>"}
    sent: dict[str, list[str]] = {}
    for events in ("initiated, ringing,bogus", "bogus,  initiated ringing"):
        routes["/call"] = doc(dial.format(events=events))
        call = simulate(routes, platform=LENIENT).call()
        sent[events] = [r.form["CallStatus"] for r in of_kind(call, "progress")]
        assert [e.code for e in call.errors] == ["markup-invalid"]
    assert sent == {
        "initiated, ringing,bogus": ["initiated", "ringing"],
        "bogus,  initiated ringing": [],
    }


def test_lenient_unreadable_url_stops_the_call_where_it_is() -> None:
    """A verb whose URL the platform cannot read files 11100 and hangs up when reached."""
    routes = {
        "/call": doc("<Say>Hello.</Say><Play>http://app.test/a b.wav</Play><Say>Never.</Say>")
    }
    call = simulate(routes, platform=LENIENT).call()
    assert lines(call, "say") == ["say text=Hello. loop=1"]
    assert [(e.code, e.notification) for e in call.errors] == [
        ("markup-invalid", None),
        ("unreadable-url", 11100),
    ]
    assert lines(call, "hangup") == ["hangup by=platform reason=unreadable-url"]
    assert call.status == "completed"
    strict = simulate(routes).call()
    assert [e.code for e in strict.errors] == ["markup-invalid"]


def test_lenient_empty_gather_action_stops_the_call() -> None:
    """``<Gather action="">`` files 11101 and ends the call instead of gathering."""
    routes = {"/call": doc('<Say>Hi.</Say><Gather action=""><Say>Menu.</Say></Gather>')}
    call = simulate(routes, platform=LENIENT).call(Caller([Press("1")]))
    assert [(e.code, e.notification) for e in call.errors][-1] == ("empty-action", 11101)
    assert "gather" not in call.kinds()
    assert call.status == "completed"


def test_lenient_hints_past_the_limits_are_still_refused() -> None:
    """Hints over 50 entries are refused by the platform's parser: the call ends, completed."""
    hints = ",".join(["word"] * 51)
    routes = {"/call": doc(f'<Say>Hi.</Say><Gather input="speech" hints="{hints}"/>')}
    call = simulate(routes, platform=LENIENT).call()
    assert [e.code for e in call.errors] == ["markup-invalid"]
    assert "say" not in call.kinds()
    assert call.status == "completed"


def test_dial_text_is_a_sip_client_or_number_leg() -> None:
    """Dial text with ``@`` is a SIP leg, ``client…`` a client, anything else a number."""
    kinds: dict[str, bool] = {}
    for text in ("sip:bob@example.com", "client:alice", "+15550003333"):
        routes = {
            "/call": doc(f'<Dial action="/dialed" timeout="5">{text}</Dial>'),
            "/dialed": BYE_DOC,
        }
        call = simulate(routes).call(far_ends={text: Busy()})
        kinds[text] = "DialSipCallId" in of_kind(call, "action")[0].form
    assert kinds == {"sip:bob@example.com": True, "client:alice": False, "+15550003333": False}


def test_legs_call_from_the_caller_id_else_the_caller() -> None:
    """Each leg's From is ``callerId`` when given, else the caller's From."""
    dial = '<Dial {attr}timeout="5"><Number url="/screen">+15550003333</Number></Dial>'
    froms: list[str] = []
    for attr in ('callerId="+15550009999" ', ""):
        routes = {"/call": doc(dial.format(attr=attr)), "/screen": "<Response/>"}
        call = simulate(routes).call(far_ends={"+15550003333": Answer(after=1, talks=1)})
        froms.append(of_kind(call, "screening")[0].form["From"])
    assert froms == ["+15550009999", "+15550001111"]


def test_screening_resolves_against_the_caller_s_document_and_then_its_own() -> None:
    """The screening URL resolves against the caller's document; its actions against its own URL."""
    routes = {
        "/ivr/start": doc('<Dial><Number url="screen/one">+15550003333</Number></Dial>'),
        "/ivr/screen/one": doc('<Gather action="two" numDigits="1"/>'),
        "/ivr/screen/two": "<Response/>",
    }
    far = Answer(after=1, talks=2, screening=Caller([Press("1")]))
    call = simulate(routes, incoming_url="http://app.test/ivr/start").call(
        far_ends={"+15550003333": far}
    )
    assert [r.url for r in call.requests if r.kind in {"screening", "action"}] == [
        "http://app.test/ivr/screen/one",
        "http://app.test/ivr/screen/two",
    ]
    screening = of_kind(call, "screening")[0]
    assert ("CallerName", None) in screening.fields
    assert ("ForwardedFrom", None) in screening.fields
    assert "PostStatus" not in screening.form
    assert "bridge" in call.kinds()


def test_progress_call_duration_per_outcome() -> None:
    """CallDuration: answer to end when answered, creation to end when canceled, 0 when busy."""
    numbers = ("+15550003333", "+15550004444", "+15550005555")
    nouns = "".join(
        f'<Number statusCallback="http://app.test/p" statusCallbackEvent="completed">{n}</Number>'
        for n in numbers
    )
    routes = {"/call": doc(f'<Dial timeout="30">{nouns}</Dial>'), "/p": "<Response/>"}
    platform = Platform(afterbridge="docs")
    call = simulate(routes, platform=platform).call(
        far_ends={
            numbers[0]: Busy(after=2),
            numbers[1]: Answer(after=6, talks=10),
            numbers[2]: NoAnswer(),
        }
    )
    durations = {r.form["To"]: r.form["CallDuration"] for r in of_kind(call, "progress")}
    assert durations == {numbers[0]: "0", numbers[1]: "10", numbers[2]: "6"}


def test_mixed_busy_and_failed_legs_report_the_last_to_end() -> None:
    """When every leg is busy or failed, the Dial reports the status of the last leg to end."""
    routes = {
        "/call": doc(
            '<Dial action="/dialed"><Number>+15550003333</Number>'
            "<Number>+15550004444</Number></Dial>"
        ),
        "/dialed": BYE_DOC,
    }
    for first, second, status in (
        (Busy(after=1), Fail(after=2), "failed"),
        (Fail(after=1), Busy(after=2), "busy"),
    ):
        call = simulate(routes).call(far_ends={"+15550003333": first, "+15550004444": second})
        form = of_kind(call, "action")[0].form
        assert (form["DialCallStatus"], form["DialRingDuration"], form["DialCallDuration"]) == (
            status,
            "2",
            "0",
        )
        assert form["DialCallSid"].endswith("-2")


def test_incoming_sip_headers_are_x_headers_and_diversion() -> None:
    """The INVITE's X- and Diversion headers become SipHeader_ fields; others are refused."""
    call = simulate({"/call": BYE_DOC}).call(
        sip_headers={"X-Team": "sales", "Diversion": "<sip:+15550001111@a.test>"}
    )
    assert [name for name, _ in call.requests[0].fields][-3:] == [
        "SipHeader_X-Team",
        "SipHeader_Diversion",
        "PostStatus",
    ]
    simulator = simulate({"/call": BYE_DOC})
    with pytest.raises(ValueError, match="Contact"):
        simulator.call(sip_headers={"Contact": "sip:x@y"})
    with pytest.raises(TypeError, match="sip_headers"):
        simulator.call(sip_headers=cast("Any", 5))


def test_a_leg_that_cannot_be_created_is_dropped_and_the_others_ring() -> None:
    """A far end failing at setup leaves no leg; the other destinations still ring and answer."""
    routes = {
        "/call": doc(
            '<Dial action="/dialed"><Number>+15550003333</Number>'
            "<Number>+15550004444</Number></Dial>"
        ),
        "/dialed": BYE_DOC,
    }
    far_ends: dict[str, FarEnd] = {
        "+15550003333": Fail(at_setup=True),
        "+15550004444": Answer(after=2, talks=5),
    }
    call = simulate(routes).call(far_ends=far_ends)
    assert lines(call, "leg")[0] == "leg index=1 event=not-created sip=500"
    assert "bridge leg=2" in lines(call, "bridge")[0]
    form = of_kind(call, "action")[0].form
    assert (form["DialCallStatus"], form["DialCallDuration"], form["DialRingDuration"]) == (
        "completed",
        "5",
        "2",
    )


def test_record_finish_on_key_minus_one_ignores_keys() -> None:
    """Record ``finishOnKey="-1"``: no key ends the recording; silence does."""
    routes = {
        "/call": doc('<Record action="/saved" finishOnKey="-1" timeout="3"/>'),
        "/saved": BYE_DOC,
    }
    call = simulate(routes).call(Caller([Recording(seconds=4, key="#")]))
    assert lines(call, "record")[-1] == "record phase=end duration=7.0 digits= reason=silence"
    assert of_kind(call, "action")[0].form["Digits"] == ""


def test_partial_results_do_not_move_the_base_url() -> None:
    """A relative action after a partial-result callback resolves against the document's URL."""
    routes = {
        "/ivr/start": doc(
            '<Gather input="speech" action="next" partialResultCallback="/cb/partial"/>'
        ),
        "/cb/partial": "<Response/>",
        "/ivr/next": BYE_DOC,
    }
    simulator = simulate(routes, incoming_url="http://app.test/ivr/start")
    call = simulator.call(Caller([Speak("sales", partials=("sa",))]))
    assert [r.url for r in call.requests if r.kind in {"partial", "action"}] == [
        "http://app.test/cb/partial",
        "http://app.test/ivr/next",
    ]


def test_transcription_is_sent_after_the_caller_hung_up() -> None:
    """A recording cut by the caller's hang-up is still transcribed, before the final status."""
    routes = {
        "/call": doc('<Record action="/saved" transcribeCallback="http://app.test/tr"/>'),
        "/saved": BYE_DOC,
        "/tr": "<Response/>",
    }
    call = simulate(routes).call(Caller([Recording(seconds=10, transcript="Hi")], hangs_up_after=4))
    assert [r.kind for r in call.requests] == ["incoming", "action", "transcription", "status"]
    assert of_kind(call, "transcription")[0].form["TranscriptionText"] == "Hi"
    assert of_kind(call, "action")[0].form["RecordingDuration"] == "3.0"


SCREENED_NUMBER = doc(
    '<Dial action="/dialed"><Number url="/screen">+15550003333</Number></Dial><Say>Next.</Say>'
)


def test_far_end_hanging_up_during_screening_ends_the_call() -> None:
    """The far end leaving during screening ends the call; the Dial action is sent, not run."""
    routes = {"/call": SCREENED_NUMBER, "/screen": doc('<Pause length="5"/>'), "/dialed": BYE_DOC}
    far = Answer(after=2, screening=Caller(hangs_up_after=1))
    call = simulate(routes).call(far_ends={"+15550003333": far})
    assert lines(call, "hangup") == ["hangup by=platform reason=screening-far-end"]
    form = of_kind(call, "action")[0].form
    assert (form["DialCallStatus"], form["CallStatus"]) == ("completed", "completed")
    assert lines(call, "say") == []
    assert (call.status, call.seconds) == ("completed", 3.0)


def test_caller_hanging_up_during_screening_sends_the_action_as_bridged() -> None:
    """The caller leaving during screening ends the leg; the action says completed, not run."""
    routes = {"/call": SCREENED_NUMBER, "/screen": doc('<Pause length="5"/>'), "/dialed": BYE_DOC}
    call = simulate(routes).call(
        Caller(hangs_up_after=4), far_ends={"+15550003333": Answer(after=2)}
    )
    assert lines(call, "hangup") == ["hangup by=caller reason=hangup"]
    form = of_kind(call, "action")[0].form
    assert (form["DialCallStatus"], form["CallStatus"]) == ("completed", "completed")
    assert lines(call, "say") == []
    assert call.status == "completed"


def test_reject_is_skipped_in_an_outbound_call() -> None:
    """A call placed through the REST API is answered already: its Reject is skipped."""
    routes = {"/out": doc("<Reject/><Say>Hello.</Say>")}
    call = simulate(routes).call(outbound=Outbound("http://app.test/out"))
    assert lines(call, "skip") == ["skip verb=Reject why=answered"]
    assert lines(call, "say") == ["say text=Hello. loop=1"]


def test_lenient_noun_method_other_than_get_or_post_fails_the_screening() -> None:
    """A noun ``method="PUT"`` has no fallback: the screening is never requested, the call ends."""
    routes = {
        "/call": doc(
            '<Dial action="/dialed"><Number url="/screen" method="PUT">+15550003333</Number></Dial>'
        ),
        "/screen": "<Response/>",
        "/dialed": BYE_DOC,
    }
    call = simulate(routes, platform=LENIENT).call(far_ends={"+15550003333": Answer(after=2)})
    assert of_kind(call, "screening") == []
    assert [e.code for e in call.errors] == ["markup-invalid", "unreadable-method"]
    assert lines(call, "hangup") == ["hangup by=platform reason=screening-unreadable-method"]
    assert of_kind(call, "action")[0].form["DialCallStatus"] == "completed"
    gather = {"/call": doc('<Gather action="/menu" method="PUT"/>'), "/menu": BYE_DOC}
    fallback = simulate(gather, platform=LENIENT).call(Caller([Press("1")]))
    assert of_kind(fallback, "action")[0].method == "POST"


def test_a_gather_cut_by_a_hang_up_ends_with_reason_hangup() -> None:
    """The transcript closes a Gather cut by the caller's hang-up, showing the keys lost."""
    routes = {"/call": doc('<Gather action="/menu" timeout="5"/>'), "/menu": BYE_DOC}
    call = simulate(routes).call(Caller([Press("123", after=0, gap=2)], hangs_up_after=3))
    assert lines(call, "gather", "hangup") == [
        "gather phase=start",
        "gather phase=end digits=12 reason=hangup",
        "hangup by=caller reason=hangup",
    ]
    assert of_kind(call, "action") == []


def test_play_seconds_must_map_urls_to_seconds() -> None:
    """``play_seconds`` values are non-negative numbers; anything else is named in the error."""
    assert Platform(play_seconds={"b.wav": 2, "a.wav": 1.5}).play_seconds == (
        ("a.wav", 1.5),
        ("b.wav", 2),
    )
    with pytest.raises(TypeError, match=r"'a\.wav': 'long'"):
        Platform(play_seconds=cast("Any", {"a.wav": "long"}))
    with pytest.raises(ValueError, match=r"play_seconds\['a\.wav'\] must be at least 0"):
        Platform(play_seconds={"a.wav": -1})


def test_dial_action_fields_come_in_the_platform_s_order() -> None:
    """The Dial action: the standard fields, then ring, sid, status, duration and recordings."""
    routes = {"/call": doc(f'<Dial action="/dialed">{SIP}</Dial>'), "/dialed": BYE_DOC}
    call = simulate(routes).call(far_ends={SIP: Answer(after=1, talks=2, sip_headers={"X-A": "1"})})
    assert [name for name, _ in of_kind(call, "action")[0].fields] == [
        *STANDARD_FIELDS,
        "DialRingDuration",
        "DialCallSid",
        "DialCallStatus",
        "DialCallDuration",
        "RecordingUrl",
        "PublicRecordingUrl",
        "DialSipCallId",
        "DialSipResponseCode",
        "DialSipHeader_X-A",
    ]


def test_record_and_gather_action_fields_come_in_the_platform_s_order() -> None:
    """Record: recording URLs, duration, then Digits; Gather: Digits then SpeechResult."""
    routes = {
        "/call": doc('<Gather action="/menu" numDigits="1"/>'),
        "/menu": doc('<Record action="/saved"/>'),
        "/saved": BYE_DOC,
    }
    call = simulate(routes).call(Caller([Press("1"), Recording(2, "#")]))
    gather, record = of_kind(call, "action")
    assert [name for name, _ in gather.fields][-2:] == ["Digits", "SpeechResult"]
    assert [name for name, _ in record.fields][-5:] == [
        "PostStatus",
        "RecordingUrl",
        "PublicRecordingUrl",
        "RecordingDuration",
        "Digits",
    ]


def test_a_wsgi_application_breaking_the_protocol_is_a_500() -> None:
    """Text instead of bytes, or a status line without a code, is answered 500 with the reason."""

    def text_body(environ: dict[str, Any], start_response: Any) -> list[str]:
        del environ
        start_response("200 OK", [("Content-Type", "text/xml")])
        return ["<Response/>"]

    def bad_status(environ: dict[str, Any], start_response: Any) -> list[bytes]:
        del environ
        start_response("OK", [("Content-Type", "text/xml")])
        return [b"<Response/>"]

    for application, reason in ((text_body, "must return bytes, not str"), (bad_status, "'OK'")):
        call = Simulator(application).call()
        error = call.errors[0]
        assert (error.code, error.notification, call.status) == ("http-status", None, "failed")
        assert reason in error.detail


def test_lenient_empty_record_finish_on_key_is_hash() -> None:
    """Record ``finishOnKey=""`` stops on ``#`` alone under lenient reading."""
    routes = {"/call": doc('<Record action="/saved" finishOnKey=""/>'), "/saved": BYE_DOC}
    stops = simulate(routes, platform=LENIENT).call(Caller([Recording(2, "#")]))
    assert of_kind(stops, "action")[0].form["Digits"] == "#"
    ignored = simulate(routes, platform=LENIENT).call(Caller([Recording(2, "1")]))
    assert of_kind(ignored, "action")[0].form["Digits"] == ""


def test_legs_ringing_when_the_caller_hangs_up_are_canceled_and_reported() -> None:
    """The caller leaving while legs ring cancels them; each reports completed, then the action."""
    routes = {
        "/call": doc(
            '<Dial action="/dialed"><Number statusCallback="http://app.test/p" '
            'statusCallbackEvent="completed">+15550003333</Number></Dial>'
        ),
        "/dialed": BYE_DOC,
        "/p": "<Response/>",
    }
    call = simulate(routes).call(Caller(hangs_up_after=7))
    assert [r.kind for r in call.requests] == ["incoming", "progress", "action", "status"]
    progress = of_kind(call, "progress")[0].form
    assert (progress["CallStatus"], progress["CallDuration"]) == ("completed", "7")
    action = of_kind(call, "action")[0].form
    assert (action["DialCallStatus"], action["CallStatus"], action["DialRingDuration"]) == (
        "completed",
        "completed",
        "7",
    )
    assert lines(call, "say") == []


def test_text_split_by_a_comment_keeps_its_last_piece() -> None:
    """The platform keeps the piece after the last comment or processing instruction in a text."""
    routes = {
        "/call": doc(
            "<Say>Hello <!-- the name --> Ann</Say><Gather><Say>Press<?x?> one</Say></Gather>"
            "<Say>Bye <!-- --></Say><Redirect>/ne<!-- -->xt</Redirect>"
        ),
        "/xt": BYE_DOC,
    }
    call = simulate(routes).call()
    assert lines(call, "say")[:3] == [
        "say text=Ann loop=1",
        "say text=one loop=1",
        "say text=Bye loop=1",
    ]
    assert of_kind(call, "redirect")[0].url == "http://app.test/xt"
    stranger = f"<Response><{UNKNOWN}/>"
    unknown = {**routes, "/call": routes["/call"].replace("<Response>", stranger)}
    lenient = simulate(unknown, platform=LENIENT).call()
    assert [e.code for e in lenient.errors] == ["markup-invalid"]
    assert lines(lenient, "say") == lines(call, "say")


def test_status_callback_events_separated_by_spaces_are_never_reported() -> None:
    """``statusCallbackEvent="initiated ringing"`` reports nothing: only commas separate names."""
    dial = (
        '<Dial timeout="5"><Number statusCallback="http://app.test/st" '
        'statusCallbackEvent="{events}">+15550003333</Number></Dial>'
    )
    sent: dict[str, list[str]] = {}
    for events in ("initiated ringing", "initiated, ringing"):
        routes = {"/call": doc(dial.format(events=events)), "/st": "<Response/>"}
        call = simulate(routes).call()
        sent[events] = [r.form["CallStatus"] for r in of_kind(call, "progress")]
    assert sent == {"initiated ringing": [], "initiated, ringing": ["initiated", "ringing"]}


def test_every_event_kind_is_documented() -> None:
    """Each kind of event a call can record is listed in ``Event``'s documentation."""
    documented = set(re.findall(r"``([a-z]+)``", (Event.__doc__ or "").split("details:")[0]))
    routes = {
        "/call": doc('<Record action="/dial"/>'),
        "/dial": doc(
            "<Reject/><Pause/><Play>/a.wav</Play>"
            '<Dial><Number url="/screen">+15550003333</Number></Dial>'
            '<Gather action="/x" numDigits="1"/>'
        ),
        "/screen": "<Response/>",
    }
    far = {"+15550003333": Answer(after=1, talks=1)}
    call = simulate(routes, platform=Platform(stall="base", afterbridge="docs")).call(
        Caller([Recording(2, "#"), Press("1")], hangs_up_after=60), far_ends=far
    )
    seen = set(call.kinds())
    assert seen - documented == set()
    assert {"screening", "stall", "skip", "bridge", "leg", "beep", "error"} <= seen
