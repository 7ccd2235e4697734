"""Warnings: legal but suspect documents, reported only by ``validate(data, warnings=True)``."""

from __future__ import annotations

import pytest
from corpus import CorpusRow, corpus_cases, corpus_rows
from documents import UNKNOWN

from callmarkup import (
    Code,
    Dial,
    Gather,
    Hangup,
    Number,
    Response,
    Say,
    parse,
    render,
    validate,
)
from callmarkup._schema import ELEMENTS

WARNING_CODES = {
    Code.UNREACHABLE_VERB,
    Code.ACTION_MISSING,
    Code.STATUS_CALLBACK_MISSING,
    Code.CALLER_ID_NEEDS_CLIENT,
    Code.REJECT_IGNORED,
    Code.HEADER_VALUE_CUT,
    Code.SPLIT_TEXT,
    Code.FINISH_ON_KEY_EMPTY,
    Code.PROMPT_NOT_PLAYED,
    Code.RELATIVE_CALLBACK,
}
ROWS = corpus_rows()


def _warnings(data: str) -> list[tuple[str, str, int | None, int | None]]:
    return [
        (v.code.value, v.path, v.line, v.column)
        for v in validate(data, warnings=True)
        if v.severity == "warning"
    ]


def _all(data: str) -> list[tuple[str, str, str]]:
    return [(v.severity, v.code.value, v.path) for v in validate(data, warnings=True)]


def test_warnings_are_reported_only_when_asked_for() -> None:
    """Without warnings=True a suspect but valid document still gives ()."""
    data = "<Response><Hangup/><Say>Bye</Say></Response>"
    assert validate(data) == ()
    assert [v.code for v in validate(data, warnings=True)] == [Code.UNREACHABLE_VERB]


def test_warning_codes_have_the_warning_severity() -> None:
    """Exactly the warning codes are warnings; every other code is an error."""
    assert {code for code in Code if code.severity == "warning"} == WARNING_CODES
    assert all(code.severity == "error" for code in Code if code not in WARNING_CODES)
    for violation in validate("<Response><Gather/><Dial/></Response>", warnings=True):
        assert violation.severity == violation.code.severity


def test_every_warning_code_comes_from_the_table() -> None:
    """Each warning code is produced by a row of the table, so the table is where they live."""
    produced = {advice.code for rule in ELEMENTS.values() for advice in rule.advice}
    assert any(rule.ends_document for rule in ELEMENTS.values())
    assert any(rule.unanswered_only for rule in ELEMENTS.values())
    flow = {Code.UNREACHABLE_VERB, Code.REJECT_IGNORED, Code.SPLIT_TEXT}
    assert produced | flow == WARNING_CODES


@pytest.mark.parametrize(
    ("ender", "reason"),
    [
        ("<Hangup/>", "the <Hangup> before it ends the call"),
        ("<Reject reason='busy'/>", "the <Reject> before it refuses the call"),
        ("<Redirect>/next</Redirect>", "the <Redirect> before it continues the call"),
        (
            "<Dial action='/after'>+15550100</Dial>",
            "the <Dial> before it continues the call with the document its action returns",
        ),
    ],
)
def test_every_verb_after_an_ending_verb_is_unreachable(ender: str, reason: str) -> None:
    """One unreachable-verb warning per verb after the end, placed at that verb."""
    data = f"<Response><Pause length='2'/>{ender}\n<Say>Hi</Say>\n  <Hangup/></Response>"
    warnings = validate(data, warnings=True)
    assert [(v.code.value, v.path, v.line, v.column) for v in warnings] == [
        ("unreachable-verb", "/Response/Say[1]", 2, 1),
        (
            "unreachable-verb",
            "/Response/Hangup[1]" if "Hangup" not in ender else "/Response/Hangup[2]",
            3,
            3,
        ),
    ]
    assert warnings[0].message.startswith(f"<Say> can never run: {reason}")


def test_a_dial_without_action_lets_the_next_verb_run() -> None:
    """Only a Dial with action ends the document; a plain Dial falls through."""
    assert _warnings("<Response><Dial>+15550100</Dial><Say>Busy</Say></Response>") == []


def test_misplaced_elements_neither_end_nor_are_unreachable() -> None:
    """A Hangup where it is not allowed is an error, not an end; a misplaced noun is no verb."""
    data = (
        "<Response><Gather action='/g'><Hangup/><Say>Hi</Say></Gather><Say>Next</Say>"
        "<Hangup/><Number>+15550100</Number></Response>"
    )
    assert _all(data) == [
        ("error", "child-not-allowed", "/Response/Gather[1]/Hangup[1]"),
        ("error", "child-not-allowed", "/Response/Number[1]"),
    ]


def test_unknown_elements_after_an_end_are_only_unknown() -> None:
    """An unknown element is not judged, so it gets no warning either."""
    assert _all(f"<Response><Hangup/><{UNKNOWN}>Hi</{UNKNOWN}></Response>") == [
        ("error", "unknown-element", f"/Response/{UNKNOWN}[1]"),
    ]


@pytest.mark.parametrize("tag", ["Gather", "Record"])
def test_gather_and_record_without_action_are_reported(tag: str) -> None:
    """A Gather or Record without action gets action-missing at its start tag."""
    data = f"<Response>\n  <{tag} timeout='3'/></Response>"
    assert _warnings(data) == [("action-missing", f"/Response/{tag}[1]", 2, 3)]
    assert _warnings(f"<Response><{tag} action='/next'/></Response>") == []


def test_a_bad_action_is_an_error_and_not_missing() -> None:
    """An action with a bad value is written: the error is reported, no warning repeats it."""
    assert _all("<Response><Gather action='a b'/></Response>") == [
        ("error", "bad-attribute-value", "/Response/Gather[1]/@action"),
    ]


@pytest.mark.parametrize(
    ("noun", "text"),
    [("Number", "+15550100"), ("Client", "alice"), ("Sip", "sip:bob@example.com")],
)
def test_status_callback_event_without_status_callback(noun: str, text: str) -> None:
    """A noun's statusCallbackEvent without statusCallback is reported at the attribute."""
    data = (
        f"<Response><Dial><{noun} method='GET' statusCallbackEvent='answered'>{text}</{noun}>"
        "</Dial></Response>"
    )
    path = f"/Response/Dial[1]/{noun}[1]/@statusCallbackEvent"
    column = len(f"<Response><Dial><{noun} method='GET' ") + 1
    assert _warnings(data) == [("status-callback-missing", path, 1, column)]
    with_callback = data.replace("method='GET'", "statusCallback='https://a.example/events'")
    assert _warnings(with_callback) == []


def test_a_bad_status_callback_event_is_only_an_error() -> None:
    """A warning never repeats an error: a bad list of events triggers no advice."""
    data = "<Response><Dial><Number statusCallbackEvent='later'>1</Number></Dial></Response>"
    assert _all(data) == [
        ("error", "bad-attribute-value", "/Response/Dial[1]/Number[1]/@statusCallbackEvent"),
    ]


@pytest.mark.parametrize(
    ("content", "warned"),
    [
        ("+15550100", True),
        ("<Number>+15550100</Number>", True),
        ("<Sip>sip:bob@example.com</Sip>", True),
        ("<Number>+15550100</Number><Client>alice</Client>", False),
        ("client:alice", False),
    ],
)
def test_client_caller_id_needs_a_client(content: str, warned: bool) -> None:
    """A client: caller ID is suspect unless the Dial calls a client, as a noun or as text."""
    data = f"<Response><Dial action='/done' callerId=' client:support '>{content}</Dial></Response>"
    expected = [("caller-id-needs-client", "/Response/Dial[1]/@callerId", 1, 32)]
    assert _warnings(data) == (expected if warned else [])


def test_a_phone_caller_id_is_fine() -> None:
    """A phone caller ID on a Dial to a number gets no warning."""
    data = "<Response><Dial callerId='+15550199'>+15550100</Dial></Response>"
    assert _warnings(data) == []


def test_caller_id_message_quotes_the_value() -> None:
    """The message names the attribute, its value and what to do."""
    (warning,) = validate(
        "<Response><Dial callerId='client:desk'>+15550100</Dial></Response>",
        warnings=True,
    )
    assert warning.message == (
        '<Dial> callerId="client:desk" is a client caller ID, but this <Dial> calls no client;'
        " present a phone number instead"
    )


def test_warnings_follow_their_element_errors_in_document_order() -> None:
    """An element's warnings come after its own errors and before its children's findings."""
    data = (
        "<Response><Hangup/>"
        "<Gather timeout='0'><Say loop='x'>Hi</Say></Gather>"
        "<Dial callerId='client:a' timeLimit='0'><Number statusCallbackEvent='answered'>1</Number>"
        "</Dial></Response>"
    )
    assert _all(data) == [
        ("error", "bad-attribute-value", "/Response/Gather[1]/@timeout"),
        ("warning", "unreachable-verb", "/Response/Gather[1]"),
        ("warning", "action-missing", "/Response/Gather[1]"),
        ("error", "bad-attribute-value", "/Response/Gather[1]/Say[1]/@loop"),
        ("error", "bad-attribute-value", "/Response/Dial[1]/@timeLimit"),
        ("warning", "unreachable-verb", "/Response/Dial[1]"),
        ("warning", "caller-id-needs-client", "/Response/Dial[1]/@callerId"),
        ("warning", "status-callback-missing", "/Response/Dial[1]/Number[1]/@statusCallbackEvent"),
    ]


def test_no_warnings_where_the_content_is_not_judged() -> None:
    """Malformed documents and wrong roots get no warnings."""
    assert _all("<Response><Hangup/><Say>Hi</Say>") == [("error", "malformed", "/")]
    assert _all("<Twiml><Hangup/><Say>Hi</Say></Twiml>") == [("error", "wrong-root", "/Twiml")]


def test_parse_is_unaffected_by_warnings() -> None:
    """A document with only warnings parses, and construction never warns."""
    doc = Response(Gather(Say("Press 1.")), Hangup(), Dial(Number("1"), caller_id="client:x"))
    data = render(doc)
    assert parse(data) == doc
    assert validate(data) == ()
    assert [v.code for v in validate(data, warnings=True)] == [
        Code.ACTION_MISSING,
        Code.UNREACHABLE_VERB,
        Code.CALLER_ID_NEEDS_CLIENT,
    ]


@pytest.mark.parametrize("row", corpus_cases(ROWS))
def test_warnings_do_not_change_the_errors(row: CorpusRow) -> None:
    """With warnings=True the errors of every corpus document are the same, in the same order."""
    data = row.path.read_bytes()
    with_warnings = validate(data, warnings=True)
    assert tuple(v for v in with_warnings if v.severity == "error") == validate(data)
