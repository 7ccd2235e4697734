"""The call simulator, verb by verb, and hang-ups mid-verb (calls.md §4, §5, §7, §10)."""

from __future__ import annotations

import re

import pytest
from simulated import BYE_DOC, doc, lines, names, of_kind, simulate

from callmarkup.testing import (
    Answer,
    Busy,
    Caller,
    Fail,
    FarEnd,
    HangUp,
    NoAnswer,
    Platform,
    Press,
    Recording,
    Silence,
    Speak,
    Variant,
)

MENU = doc('<Gather action="/menu" numDigits="2" timeout="3"><Say>Press two keys.</Say></Gather>')
ROUTES = {"/call": MENU, "/menu": BYE_DOC}


def digits_sent(caller: Caller, routes: dict[str, str] | None = None) -> str | None:
    """The Digits of the first Gather action, or None when none was requested."""
    call = simulate(routes or ROUTES).call(caller)
    actions = of_kind(call, "action")
    return actions[0].form["Digits"] if actions else None


# §4.1 Say, Play, Pause -----------------------------------------------------------------------


def test_say_lasts_per_word_times_loop() -> None:
    """Say lasts 0.4 s per word, at least 1 s, times ``loop`` (§4.1.2, Q7)."""
    call = simulate({"/call": doc('<Say loop="3">one two three four five</Say>')}).call()
    assert call.seconds == pytest.approx(6.0)
    assert lines(call, "say") == ["say text=one two three four five loop=3"]


def test_play_resolves_its_url_and_lasts_its_configured_length() -> None:
    """Play's URL is resolved against the document's URL; its length comes from the table."""
    platform = Platform(play_seconds={"http://app.test/audio/hi.wav": 7})
    call = simulate({"/call": doc("<Play>audio/hi.wav</Play>")}, platform=platform).call()
    assert lines(call, "play") == ["play url=http://app.test/audio/hi.wav loop=1"]
    assert call.seconds == 7


def test_fetch_media_failure_hangs_up_completed() -> None:
    """With ``fetch_media``, an unreachable Play URL hangs up the call, completed (§4.1.4)."""
    simulator = simulate(
        {"/call": doc("<Play>/missing.wav</Play>")}, platform=Platform(fetch_media=True)
    )
    call = simulator.call()
    assert [error.code for error in call.errors] == ["media-failed"]
    assert call.status == "completed"


@pytest.mark.parametrize(("variant", "seconds"), [("base", 1.0), ("docs", 30.0)])
def test_loop_zero_plays_once_or_forever(variant: Variant, seconds: float) -> None:
    """``loop="0"``: base plays once; docs plays until the caller hangs up (V-loop0)."""
    platform = Platform(loop0=variant)
    call = simulate({"/call": doc('<Say loop="0">Hold.</Say>')}, platform=platform).call(
        Caller(hangs_up_after=30)
    )
    assert call.seconds == seconds


def test_loop_zero_in_gather_is_never_played_in_base() -> None:
    """Inside a Gather, base plays a ``loop="0"`` prompt not at all (V-loop0)."""
    routes = {"/call": doc('<Gather><Say loop="0">Menu.</Say></Gather>')}
    base = simulate(routes, platform=Platform(loop0="base")).call()
    assert lines(base, "say") == []
    docs = simulate(routes).call(Caller([Press("1#", after=2)]))
    assert lines(docs, "say") == ["say text=Menu. loop=0"]


# §4.2 Gather ---------------------------------------------------------------------------------


def test_gather_ends_at_num_digits() -> None:
    """Input ends when ``numDigits`` keys arrived; later keys are not sent (§4.2.3)."""
    assert digits_sent(Caller([Press("123")])) == "12"


def test_gather_finish_on_key_is_removed() -> None:
    """The finishOnKey key ends input and is not in Digits (§4.2.4)."""
    assert digits_sent(Caller([Press("5#")])) == "5"


def test_gather_finish_on_key_first_falls_through_at_once() -> None:
    """FinishOnKey before any digit ends the Gather at once with no request (Q8)."""
    call = simulate(ROUTES).call(Caller([Press("#")]))
    assert of_kind(call, "action") == []
    assert lines(call, "gather")[-1] == "gather phase=end digits= reason=finishOnKey"


def test_gather_inter_key_timeout_sends_what_arrived() -> None:
    """The timer restarts with each key; a gap longer than ``timeout`` ends input (§4.2.2)."""
    assert digits_sent(Caller([Press("19", gap=4)])) == "1"


def test_gather_silence_falls_through_to_the_next_verb() -> None:
    """No input: no request, the next verb runs (§4.2.4)."""
    routes = {
        "/call": doc(
            '<Gather action="/menu" timeout="3"><Say>Menu.</Say></Gather><Say>No input.</Say>'
        ),
        "/menu": BYE_DOC,
    }
    call = simulate(routes).call(Caller([Silence()]))
    assert of_kind(call, "action") == []
    assert lines(call, "gather", "say") == [
        "gather phase=start",
        "say text=Menu. loop=1",
        "gather phase=end digits= reason=timeout",
        "say text=No input. loop=1",
    ]
    assert call.seconds == pytest.approx(1 + 3 + 1)


def test_first_key_stops_the_prompts() -> None:
    """Barge-in: prompts after the first key are not played (§4.2.1)."""
    routes = {
        "/call": doc('<Gather action="/menu"><Say>One.</Say><Say>Two.</Say></Gather>'),
        "/menu": BYE_DOC,
    }
    call = simulate(routes).call(Caller([Press("1#", after=0.5)]))
    assert lines(call, "say")[0] == "say text=One. loop=1"
    assert "say text=Two. loop=1" not in lines(call, "say")


@pytest.mark.parametrize(
    ("variant", "expected"), [("base", None), ("docs", "http://app.test/call")]
)
def test_gather_without_action(variant: Variant, expected: str | None) -> None:
    """No ``action``: base goes on; docs posts to the document's URL (V-noaction)."""
    routes = {"/call": doc('<Gather numDigits="1"/><Hangup/>')}
    platform = Platform(noaction=variant)
    call = simulate(routes, platform=platform).call(Caller([Press("1")]))
    actions = of_kind(call, "action")
    assert (actions[0].url if actions else None) == expected


@pytest.mark.parametrize(("variant", "digits"), [("base", "1"), ("docs", "1#")])
def test_empty_finish_on_key(variant: Variant, digits: str) -> None:
    """``finishOnKey=""``: base still ends on #; docs has no terminator (V-fok)."""
    routes = {"/call": doc('<Gather action="/menu" finishOnKey="" timeout="3"/>'), "/menu": BYE_DOC}
    platform = Platform(fok=variant)
    call = simulate(routes, platform=platform).call(Caller([Press("1#")]))
    assert of_kind(call, "action")[0].form["Digits"] == digits


def test_speech_gather_sends_partials_then_the_result() -> None:
    """In speech mode partial results go to partialResultCallback, then the action (§4.2.8)."""
    routes = {
        "/call": doc('<Gather input="speech" action="/menu" partialResultCallback="/partial"/>'),
        "/menu": BYE_DOC,
        "/partial": "<Response/>",
    }
    call = simulate(routes).call(Caller([Speak("sales please", partials=("sal",))]))
    assert [r.kind for r in call.requests] == ["incoming", "partial", "action", "status"]
    assert call.requests[1].form["UnstableSpeechResult"] == "sal"
    action = call.requests[2].form
    assert (action["Digits"], action["SpeechResult"]) == ("", "sales please")


def test_dtmf_gather_ignores_speech() -> None:
    """A DTMF-only Gather ignores the caller's speech (§4.2.8)."""
    assert digits_sent(Caller([Speak("one")])) is None


# §4.3 Record ---------------------------------------------------------------------------------

RECORD = doc('<Record action="/saved" timeout="2" maxLength="20"/><Say>After.</Say>')
SAVED = {"/call": RECORD, "/saved": BYE_DOC}


def record_action(caller: Caller, platform: Platform | None = None) -> dict[str, str] | None:
    """The fields of the Record action, or None when none was requested."""
    call = simulate(SAVED, platform=platform).call(caller)
    actions = of_kind(call, "action")
    return actions[0].form if actions else None


def test_record_stops_on_a_key() -> None:
    """A finishOnKey key ends the recording: Digits is that key (§4.3.2)."""
    form = record_action(Caller([Recording(seconds=4, key="#")]))
    assert form is not None
    assert (form["Digits"], form["RecordingDuration"]) == ("#", "4.0")
    assert form["RecordingUrl"].startswith("https://api.api19.com/2012-04-24/Accounts/AC")
    assert form["RecordingUrl"].endswith(".wav")


def test_record_stops_after_silence_with_it_counted() -> None:
    """Silence of ``timeout`` seconds ends it; the duration includes that silence (§4.3.3)."""
    form = record_action(Caller([Recording(seconds=4)]))
    assert form is not None
    assert (form["Digits"], form["RecordingDuration"]) == ("", "6.0")


def test_record_stops_at_max_length() -> None:
    """``maxLength`` ends the recording with empty Digits (§4.3.2)."""
    form = record_action(Caller([Recording(seconds=60)]))
    assert form is not None
    assert (form["Digits"], form["RecordingDuration"]) == ("", "20.0")


def test_record_starts_with_a_beep() -> None:
    """A beep, then the recording (§4.3.1)."""
    call = simulate(SAVED).call(Caller([Recording(seconds=1, key="1")]))
    assert lines(call, "beep", "record") == [
        "beep",
        "record phase=start",
        "record phase=end duration=1.0 digits=1 reason=key",
    ]


@pytest.mark.parametrize("variant", ["base", "docs"])
def test_empty_recording(variant: Variant) -> None:
    """Empty recording: docs goes on; base posts without RecordingUrl (V-empty)."""
    platform = Platform(empty=variant)
    call = simulate(SAVED, platform=platform).call(Caller([Silence()]))
    actions = of_kind(call, "action")
    if variant == "docs":
        assert actions == []
        assert "say text=After. loop=1" in lines(call, "say")
    else:
        assert ("RecordingUrl", None) in actions[0].fields
        assert actions[0].form["RecordingDuration"] == "0.0"


def test_record_hangup_posts_the_action_completed_and_runs_nothing() -> None:
    """The caller hangs up while recording: action with Digits=hangup, completed, not run (§7)."""
    call = simulate(SAVED).call(Caller([Recording(seconds=10)], hangs_up_after=4))
    action = of_kind(call, "action")[0].form
    assert (action["Digits"], action["CallStatus"]) == ("hangup", "completed")
    assert "say text=Bye. loop=1" not in lines(call, "say")
    assert call.status == "completed"


def test_transcription_follows_the_action() -> None:
    """A transcribed recording sends its text to transcribeCallback after the action (§4.3.6)."""
    routes = {
        "/call": doc('<Record action="/saved" transcribeCallback="http://app.test/tr"/>'),
        "/saved": BYE_DOC,
        "/tr": "<Response/>",
    }
    call = simulate(routes).call(Caller([Recording(seconds=3, key="#", transcript="Call me")]))
    assert [r.kind for r in call.requests] == ["incoming", "action", "transcription", "status"]
    form = call.requests[2].form
    assert (form["TranscriptionText"], form["TranscriptionStatus"]) == ("Call me", "completed")
    failed = simulate(routes).call(Caller([Recording(seconds=3, key="#", transcript=None)]))
    assert of_kind(failed, "transcription")[0].form["TranscriptionStatus"] == "failed"


def test_relative_transcribe_callback_is_never_sent() -> None:
    """A relative transcribeCallback is unresolvable (§2.3.3)."""
    routes = {"/call": doc('<Record transcribeCallback="/tr"/>')}
    call = simulate(routes).call(Caller([Recording(seconds=3, key="#")]))
    assert [error.code for error in call.errors] == ["unresolvable-callback"]


# §4.4 Dial -------------------------------------------------------------------------------------

DIAL = doc(
    '<Dial action="/dialed" timeout="10"><Number>+15550003333</Number></Dial><Say>Next.</Say>'
)
AFTER = doc("<Say>After.</Say>")
DIALED = {"/call": DIAL, "/dialed": AFTER}
NUMBER = "+15550003333"


def dial_action(
    far: FarEnd, platform: Platform | None = None, caller: Caller | None = None
) -> dict[str, str]:
    """The fields of the Dial action when the number does what ``far`` says."""
    call = simulate(DIALED, platform=platform).call(caller, far_ends={NUMBER: far})
    return of_kind(call, "action")[0].form


def test_bridged_dial_hangs_up_after_the_bridge_in_base() -> None:
    """After a bridge base hangs up and posts the action completed, not run (V-afterbridge)."""
    call = simulate(DIALED).call(far_ends={NUMBER: Answer(after=3, talks=20)})
    action = of_kind(call, "action")[0].form
    assert (action["DialCallStatus"], action["CallStatus"]) == ("completed", "completed")
    assert (action["DialCallDuration"], action["DialRingDuration"]) == ("20", "3")
    assert action["DialCallSid"] == action["OutboundCallSid"]
    assert lines(call, "say") == []
    assert call.seconds == 23


def test_bridged_dial_continues_with_the_action_in_docs() -> None:
    """V-afterbridge docs: the action's document runs, the call still in progress."""
    call = simulate(DIALED, platform=Platform(afterbridge="docs")).call(
        far_ends={NUMBER: Answer(after=3, talks=20)}
    )
    assert of_kind(call, "action")[0].form["CallStatus"] == "in-progress"
    assert lines(call, "say") == ["say text=After. loop=1"]


@pytest.mark.parametrize(
    ("far", "status"),
    [(Busy(after=2), "busy"), (Fail(sip_code=480, after=1), "failed")],
)
def test_unbridged_dial_runs_the_action(far: FarEnd, status: str) -> None:
    """Busy and failed legs post their status; the action's document runs (§4.4.6, §4.4.8)."""
    call = simulate(DIALED).call(far_ends={NUMBER: far})
    action = of_kind(call, "action")[0].form
    assert (action["DialCallStatus"], action["DialCallDuration"]) == (status, "0")
    assert lines(call, "say") == ["say text=After. loop=1"]


@pytest.mark.parametrize(("variant", "status"), [("base", "canceled"), ("docs", "no-answer")])
def test_dial_timeout(variant: Variant, status: str) -> None:
    """Nobody answers within ``timeout``: no-answer (docs) or canceled (base) (V-noanswer)."""
    action = dial_action(NoAnswer(), Platform(noanswer=variant))
    assert (action["DialCallStatus"], action["DialRingDuration"]) == (status, "10")


def test_dial_without_a_leg_fails_with_null_sid() -> None:
    """No leg could be created: failed, DialCallSid null, no DialRingDuration (§4.4.6)."""
    action = dial_action(Fail(at_setup=True))
    assert (action["DialCallStatus"], action["DialCallSid"]) == ("failed", "null")
    assert "DialRingDuration" not in action


@pytest.mark.parametrize(("variant", "status"), [("base", "completed"), ("docs", "canceled")])
def test_caller_hanging_up_while_legs_ring(variant: Variant, status: str) -> None:
    """The caller leaves while legs ring: action with V-callerhup's status, not run (§7)."""
    platform = Platform(callerhup=variant)
    call = simulate(DIALED, platform=platform).call(Caller(hangs_up_after=4))
    action = of_kind(call, "action")[0].form
    assert (action["DialCallStatus"], action["CallStatus"]) == (status, "completed")
    assert lines(call, "say") == []
    assert call.status == "completed"


def test_first_leg_to_answer_wins_and_the_others_are_canceled() -> None:
    """All legs ring at once; the first to answer wins (§4.4.2)."""
    routes = {
        "/call": doc(
            '<Dial action="/dialed"><Number>+15550000001</Number>'
            "<Number>+15550000002</Number></Dial>"
        ),
        "/dialed": AFTER,
    }
    far_ends = {"+15550000001": Answer(after=5), "+15550000002": Answer(after=2, talks=10)}
    call = simulate(routes).call(far_ends=far_ends)
    assert lines(call, "leg", "bridge")[-3:] == [
        f"leg index=1 sid={call.requests[0].form['CallSid']}-1 event=canceled",
        f"bridge leg=2 sid={call.requests[0].form['CallSid']}-2",
        f"leg index=2 sid={call.requests[0].form['CallSid']}-2 event=completed by=far-end",
    ]


def test_recorded_bridge_sends_a_recording_url() -> None:
    """``record="true"`` puts the recording's URL in the action; otherwise bare names (§4.4.6)."""
    routes = {
        "/call": doc('<Dial action="/dialed" record="true">+15550003333</Dial>'),
        "/dialed": AFTER,
    }
    call = simulate(routes).call(far_ends={NUMBER: Answer(after=1, talks=5)})
    assert of_kind(call, "action")[0].form["RecordingUrl"].endswith(".wav")
    assert ("RecordingUrl", None) in of_kind(
        simulate(DIALED).call(far_ends={NUMBER: Busy()}), "action"
    )[0].fields


def test_time_limit_ends_the_bridge() -> None:
    """``timeLimit`` ends the bridge (§4.4.3)."""
    routes = {
        "/call": doc('<Dial action="/dialed" timeLimit="7">+15550003333</Dial>'),
        "/dialed": AFTER,
    }
    call = simulate(routes).call(far_ends={NUMBER: Answer(after=1, talks=None)})
    assert of_kind(call, "action")[0].form["DialCallDuration"] == "7"


def test_bridged_caller_hangup_posts_the_action_completed() -> None:
    """The caller hangs up while bridged: action completed, not run (§7)."""
    call = simulate(DIALED, platform=Platform(afterbridge="docs")).call(
        Caller(hangs_up_after=10), far_ends={NUMBER: Answer(after=1, talks=60)}
    )
    action = of_kind(call, "action")[0].form
    assert (action["DialCallStatus"], action["CallStatus"], action["DialCallDuration"]) == (
        "completed",
        "completed",
        "9",
    )
    assert lines(call, "say") == []


def test_dial_without_action_goes_on_with_the_next_verb() -> None:
    """Without ``action`` an unbridged Dial goes on (§4.4.8)."""
    call = simulate({"/call": doc('<Dial timeout="5">+15550003333</Dial><Say>Sorry.</Say>')}).call()
    assert lines(call, "say") == ["say text=Sorry. loop=1"]
    assert call.ok


# §4.5 Screening ----------------------------------------------------------------------------------

SCREENED = doc('<Dial action="/dialed"><Number url="/screen">+15550003333</Number></Dial>')


def test_screening_document_runs_on_the_far_end_then_bridges() -> None:
    """The screening document runs against the far end; its end bridges the call (§4.5)."""
    routes = {
        "/call": SCREENED,
        "/screen": doc(
            '<Gather action="/accept" numDigits="1"><Say>Press 1.</Say></Gather><Hangup/>'
        ),
        "/accept": doc("<Say>Connecting.</Say>"),
        "/dialed": AFTER,
    }
    far = Answer(after=2, talks=30, screening=Caller([Press("1")]))
    call = simulate(routes).call(far_ends={NUMBER: far})
    screening = of_kind(call, "screening")[0]
    assert names(screening) == [
        "CallSid",
        "AccountSid",
        "From",
        "To",
        "CallStatus",
        "ApiVersion",
        "Direction",
        "CallerName",
        "ForwardedFrom",
    ]
    assert (screening.form["Direction"], screening.form["To"]) == ("outbound-dial", NUMBER)
    accept = next(r for r in call.requests if r.url == "http://app.test/accept")
    assert accept.form["CallSid"] == screening.form["CallSid"]
    assert "bridge" in call.kinds()
    assert call.ok


def test_screening_hangup_ends_the_call() -> None:
    """A far end that declines ends the whole call; the action is posted completed (Q4)."""
    routes = {"/call": SCREENED, "/screen": doc("<Say>Declined.</Say><Hangup/>"), "/dialed": AFTER}
    call = simulate(routes).call(far_ends={NUMBER: Answer(after=2)})
    assert "bridge" not in call.kinds()
    action = of_kind(call, "action")[0].form
    assert (action["DialCallStatus"], action["CallStatus"]) == ("completed", "completed")
    assert lines(call, "say") == ["say text=Declined. loop=1"]
    assert call.status == "completed"


# §4.6 Progress events ----------------------------------------------------------------------------


def progress_dial(events: str = "") -> str:
    """A Dial whose number reports progress to an absolute URL."""
    subscribe = f' statusCallbackEvent="{events}"' if events else ""
    return doc(
        '<Dial action="/dialed"><Number statusCallback="http://app.test/progress"'
        f"{subscribe}>+15550003333</Number></Dial>"
    )


@pytest.mark.parametrize(
    ("variant", "expected"),
    [("base", ["initiated", "ringing", "answered", "completed"]), ("docs", ["completed"])],
)
def test_progress_events_without_a_subscription(variant: Variant, expected: list[str]) -> None:
    """No statusCallbackEvent: all four (base) or completed only (docs) (V-events)."""
    routes = {"/call": progress_dial(), "/dialed": AFTER, "/progress": "<Response/>"}
    platform = Platform(events=variant)
    call = simulate(routes, platform=platform).call(far_ends={NUMBER: Answer(after=2, talks=5)})
    progress = of_kind(call, "progress")
    assert [r.form["CallStatus"] for r in progress] == expected
    assert [r.form["SequenceNumber"] for r in progress] == [
        str(["initiated", "ringing", "answered", "completed"].index(e)) for e in expected
    ]


@pytest.mark.parametrize(
    ("variant", "statuses"),
    [("base", ["answered", "completed"]), ("docs", ["in-progress", "completed"])],
)
def test_progress_status_values(variant: Variant, statuses: list[str]) -> None:
    """Progress CallStatus is the event name (base) or a call status (docs) (V-progress-status)."""
    routes = {
        "/call": progress_dial("answered,completed"),
        "/dialed": AFTER,
        "/progress": "<Response/>",
    }
    platform = Platform(progress_status=variant)
    call = simulate(routes, platform=platform).call(far_ends={NUMBER: Answer(after=2, talks=5)})
    progress = of_kind(call, "progress")
    assert [r.form["CallStatus"] for r in progress] == statuses
    last = progress[-1]
    assert names(last) == [
        "InstanceId",
        "AccountSid",
        "CallSid",
        "From",
        "To",
        "Direction",
        "CallerName",
        "ForwardedFrom",
        "ParentCallSid",
        "CallStatus",
        "CallDuration",
        "Timestamp",
        "CallbackSource",
        "SequenceNumber",
    ]
    assert last.form["CallDuration"] == "5"
    assert re.fullmatch(r"Tue, 26 May 2020 17:59:2\d \+0000", last.form["Timestamp"])


def test_progress_events_come_before_the_document_request_of_the_same_instant() -> None:
    """At equal time, progress events are sent before the document request (§4.6.4, §5)."""
    routes = {"/call": progress_dial("completed"), "/dialed": AFTER, "/progress": "<Response/>"}
    call = simulate(routes).call(far_ends={NUMBER: Busy(after=2)})
    assert [r.kind for r in call.requests] == ["incoming", "progress", "action", "status"]
    assert call.requests[1].at == call.requests[2].at


# §4.7-§4.9 Hangup, Reject, Redirect ---------------------------------------------------------------


def test_hangup_answers_then_ends() -> None:
    """Hangup answers a ringing call and ends it, completed; nothing after it runs (§4.7)."""
    call = simulate({"/call": doc("<Hangup/><Say>Never.</Say>")}).call()
    assert call.kinds()[:3] == ["request", "answer", "hangup"]
    assert lines(call, "say") == []


@pytest.mark.parametrize(
    ("variant", "reason", "status"),
    [
        ("base", "rejected", "busy"),
        ("docs", "busy", "busy"),
        ("docs", "rejected", "no-answer"),
        ("docs", "forbidden", "failed"),
    ],
)
def test_reject_while_ringing(variant: Variant, reason: str, status: str) -> None:
    """Reject refuses a ringing call; its final status follows V-reject (§4.8.1)."""
    platform = Platform(reject=variant)
    call = simulate(
        {"/call": doc(f'<Pause/><Reject reason="{reason}"/>')}, platform=platform
    ).call()
    assert "answer" not in call.kinds()
    assert call.status == status


def test_reject_after_answer_is_skipped() -> None:
    """An answered call skips Reject and goes on (§4.8.2)."""
    call = simulate({"/call": doc("<Say>Hi.</Say><Reject/><Say>Still here.</Say>")}).call()
    assert lines(call, "skip") == ["skip verb=Reject why=answered"]
    assert len(lines(call, "say")) == 2


# §7 Hang-ups mid-verb ---------------------------------------------------------------------------


def test_caller_hanging_up_during_a_gather_loses_the_keys() -> None:
    """Keys pressed before a hang-up in a Gather are lost: no request (§7)."""
    call = simulate(ROUTES).call(Caller([HangUp(after=2)]))
    assert of_kind(call, "action") == []
    assert lines(call, "hangup") == ["hangup by=caller reason=hangup"]
    assert call.seconds == 2


def test_caller_hanging_up_during_a_say_makes_no_request() -> None:
    """A hang-up during a Say ends the call; only the final notification follows (§7)."""
    call = simulate({"/call": doc('<Say loop="10">Long.</Say><Redirect>/x</Redirect>')}).call(
        Caller(hangs_up_after=3)
    )
    assert [r.kind for r in call.requests] == ["incoming", "status"]
    assert call.status == "completed"


def test_sip_leg_reports_its_sip_call_id_and_response_code() -> None:
    """A Sip leg's Dial action carries DialSipCallId and DialSipResponseCode (§4.4.6)."""
    routes = {"/call": doc('<Dial action="/dialed"><Sip>sip:bob@example.com</Sip></Dial>')}
    routes["/dialed"] = AFTER
    call = simulate(routes).call(far_ends={"sip:bob@example.com": Fail(sip_code=480)})
    action = of_kind(call, "action")[0].form
    assert (action["DialCallStatus"], action["DialSipResponseCode"]) == ("failed", "480")
    assert action["DialSipCallId"].startswith(action["DialCallSid"])


def test_screening_longer_than_a_minute_ends_the_call() -> None:
    """Screening that lasts over 60 s ends the call; the action is posted, not run (§4.5.4)."""
    routes = {"/call": SCREENED, "/screen": doc('<Pause length="90"/>'), "/dialed": AFTER}
    call = simulate(routes).call(far_ends={NUMBER: Answer(after=2)})
    assert call.seconds == 62
    assert lines(call, "hangup") == ["hangup by=platform reason=screening-timeout"]
    assert lines(call, "say") == []


@pytest.mark.parametrize(
    ("screen", "reason"),
    [
        (doc("<Dial>+15550009999</Dial>"), "screening-dial-in-screening"),
        (None, "screening-not-found"),
    ],
)
def test_screening_dial_or_failure_ends_the_call(screen: str | None, reason: str) -> None:
    """A Dial in the screening document, or its fetch failing, ends the call (§4.5.4)."""
    routes = {"/call": SCREENED, "/dialed": AFTER}
    if screen is not None:
        routes["/screen"] = screen
    call = simulate(routes).call(far_ends={NUMBER: Answer(after=2)})
    assert lines(call, "hangup") == [f"hangup by=platform reason={reason}"]
    assert of_kind(call, "action")[0].form["DialCallStatus"] == "completed"


def test_each_gather_uses_its_own_num_digits() -> None:
    """A later Gather without numDigits does not inherit an earlier one's (§4.2.7)."""
    routes = {
        "/call": doc('<Gather action="/next" numDigits="1"/>'),
        "/next": doc('<Gather action="/done"/>'),
        "/done": BYE_DOC,
    }
    call = simulate(routes).call(Caller([Press("1"), Press("123#")]))
    assert [r.form["Digits"] for r in of_kind(call, "action")] == ["1", "123"]


@pytest.mark.parametrize(("variant", "requested"), [("base", False), ("docs", True)])
def test_record_without_action(variant: Variant, requested: bool) -> None:
    """Record without action: next verb (base) or post to the document's URL (V-noaction)."""
    routes = {"/call": doc('<Record timeout="2"/><Hangup/>')}
    platform = Platform(noaction=variant)
    call = simulate(routes, platform=platform).call(Caller([Recording(seconds=3, key="#")]))
    actions = of_kind(call, "action")
    assert bool(actions) == requested
    if requested:
        assert actions[0].url == "http://app.test/call"
