"""Platform fidelity (spec §8): verdicts and messages that predict what the platform does.

Every rule is held in both directions where it has two: a document parsed and validated, and
the same value given to a constructor. Warnings are checked with their messages.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

import pytest
from documents import UNKNOWN
from hypothesis import given
from hypothesis import strategies as st
from interpreter import interpret
from lxml import etree

from callmarkup import (
    Client,
    Code,
    Dial,
    Gather,
    InvalidMarkupError,
    Number,
    Play,
    Record,
    Redirect,
    Response,
    Say,
    Sip,
    Video,
    _parse,
    _plan,
    _xmlparser,
    parse,
    render,
    validate,
)
from callmarkup._cli import main
from callmarkup._nodes import NODE_CLASSES
from callmarkup._python import python_source
from callmarkup._schema import FOREIGN
from callmarkup.strategies import invalid_documents

if TYPE_CHECKING:
    from pathlib import Path


def _errors(data: str) -> list[tuple[str, str]]:
    return [(v.code.value, v.path) for v in validate(data)]


def _warnings(data: str) -> list[tuple[str, str]]:
    return [
        (v.code.value, v.path) for v in validate(data, warnings=True) if v.severity == "warning"
    ]


def _message(data: str, code: Code) -> str:
    return next(v.message for v in validate(data, warnings=True) if v.code is code)


def _refused(build: Any) -> list[tuple[str, str, str]]:
    with pytest.raises(InvalidMarkupError) as raised:
        build()
    return [(v.code.value, v.path, v.message) for v in raised.value.violations]


def _round_trips(document: str) -> None:
    """The document is valid, parses, and its canonical form parses to the same node."""
    assert validate(document) == ()
    node = parse(document)
    assert parse(render(node)) == node


# §8.1 Messages ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("document", "code", "clause"),
    [
        (
            "<Response><Hangup foo='1'/></Response>",
            Code.UNKNOWN_ATTRIBUTE,
            "the platform ignores it",
        ),
        (
            f"<Response><{UNKNOWN}><Say>x</Say></{UNKNOWN}></Response>",
            Code.UNKNOWN_ELEMENT,
            "the platform skips it; verbs inside it still run",
        ),
        (
            "<Response><Dial record='yes'>1</Dial></Response>",
            Code.BAD_ATTRIBUTE_VALUE,
            "the platform reads anything but true as false",
        ),
        (
            "<Response><Gather timeout='soon'/></Response>",
            Code.BAD_ATTRIBUTE_VALUE,
            "the platform uses the default, 5",
        ),
        (
            "<Response><Redirect method='PUT'>/x</Redirect></Response>",
            Code.BAD_ATTRIBUTE_VALUE,
            "the platform uses the default, POST",
        ),
        (
            "<Response><Reject reason='later'/></Response>",
            Code.BAD_ATTRIBUTE_VALUE,
            "the platform uses the default, rejected",
        ),
        (
            "<Response><Say voice='child'>x</Say></Response>",
            Code.BAD_ATTRIBUTE_VALUE,
            "the platform uses its default voice",
        ),
        (
            "<Response><Gather language='de-DE'/></Response>",
            Code.BAD_ATTRIBUTE_VALUE,
            "the platform uses the default, en-US",
        ),
        (
            "<Response><Dial>1<Number>2</Number></Dial></Response>",
            Code.TEXT_FORBIDDEN,
            "the platform dials the text and drops the nouns",
        ),
        (
            "<Response><Gather action=''/></Response>",
            Code.BAD_ATTRIBUTE_VALUE,
            "the platform stops the call",
        ),
        (
            "<Response><Dial><Number statusCallbackEvent='answered,done'>1</Number></Dial>"
            "</Response>",
            Code.BAD_ATTRIBUTE_VALUE,
            '"done" is not one of initiated, ringing, answered, completed; it is never reported',
        ),
    ],
)
def test_error_messages_state_the_platforms_effect(document: str, code: Code, clause: str) -> None:
    """An error whose effect on the platform is known says it in one clause (spec §8.1)."""
    assert clause in _message(document, code)


def test_constructor_messages_state_the_platforms_effect_too() -> None:
    """The clause comes from the table, so a constructor's message has it as well."""
    ((code, path, message),) = _refused(lambda: Record(max_length=0))
    assert (code, path) == ("bad-attribute-value", "/Record/@maxLength")
    assert message.endswith("the platform uses the default, 3600")


@pytest.mark.parametrize("tag", sorted(FOREIGN))
def test_foreign_verbs_are_named_as_such(tag: str) -> None:
    """A verb or noun of another TwiML-family dialect is named so, never guessed at."""
    for document, path in (
        (f"<Response><{tag}/></Response>", f"/Response/{tag}[1]"),
        (f"<Response><Dial><{tag}>x</{tag}></Dial></Response>", f"/Response/Dial[1]/{tag}[1]"),
    ):
        (violation,) = validate(document)
        assert (violation.code, violation.path) == (Code.UNKNOWN_ELEMENT, path)
        kind = FOREIGN[tag]
        assert violation.message.startswith(
            f"<{tag}> is a {kind} of other TwiML-family platforms; api19's Call API does not"
            " have it"
        )
        assert "did you mean" not in violation.message
        assert ("use <Sip>" in violation.message) == (tag == "Uri")


def test_pay_is_not_taken_for_play() -> None:
    """The spec's own example: <Pay> is a verb of other platforms, not a misspelt <Play>."""
    (violation,) = validate("<Response><Pay/></Response>")
    assert violation.message.startswith(
        "<Pay> is a verb of other TwiML-family platforms; api19's Call API does not have it"
    )


# §8.2 Values -----------------------------------------------------------------------------


def _noun(attributes: str, text: str = "+15550100") -> str:
    return f"<Response><Dial><Number {attributes}>{text}</Number></Dial></Response>"


def test_events_separated_by_spaces_only_are_an_error() -> None:
    """Whitespace alone is not a separator: the platform would report no event (§8.2.1)."""
    document = _noun("statusCallback='https://a.example/s' statusCallbackEvent='initiated ringing'")
    path = "/Response/Dial[1]/Number[1]/@statusCallbackEvent"
    assert _errors(document) == [("bad-attribute-value", path)]
    message = _message(document, Code.BAD_ATTRIBUTE_VALUE)
    assert (
        "the platform removes spaces and splits on commas, so this reports no event;"
        " write initiated,ringing"
    ) in message
    refused = _refused(lambda: Number("1", status_callback_event=("initiated ringing",)))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    assert refused[0][:2] == ("bad-attribute-value", "/Number/@statusCallbackEvent")


def test_events_with_spaces_around_commas_are_written_without() -> None:
    """Commas with whitespace around them still separate; the output has none."""
    node = parse(_noun("statusCallbackEvent=' initiated , ringing,completed '"))
    dial = node.children[0]
    assert isinstance(dial, Dial)
    number = dial.children[0]
    assert isinstance(number, Number)
    assert number.status_callback_event == ("initiated", "ringing", "completed")
    assert 'statusCallbackEvent="initiated,ringing,completed"' in render(node)


_UNREADABLE_URLS = [
    "/a{b}",
    "/a|b",
    '/say?q="hi"',
    "/a<b>",
    "/a\\b",
    "/a^b",
    "/a`b",
    "/100%",
    "/a%zz",
    "/a#b#c",
    "/x?y=[1]",
    "https://[::g]/",
    "https://h/[x]",
    "https://[1:2]x/",
]
_READABLE_URLS = [
    "/a%20b#top",
    "https://[::1]:8080/x?y=1",
    "https://u@[2001:db8::7]/",
    "https://ex.example/caf\u00e9",
    "#only",
]


def _escaped(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")


@pytest.mark.parametrize("url", _UNREADABLE_URLS)
def test_urls_the_platform_cannot_read_are_errors(url: str) -> None:
    """Unreadable characters, a bad %, a second # or stray brackets end the call (§8.2.2)."""
    attribute = f'<Response><Record action="{_escaped(url)}"/></Response>'
    assert _errors(attribute) == [("bad-attribute-value", "/Response/Record[1]/@action")]
    assert "the platform cannot read the URL and ends the call" in _message(
        attribute, Code.BAD_ATTRIBUTE_VALUE
    )
    text = f"<Response><Redirect>{_escaped(url)}</Redirect></Response>"
    assert _errors(text) == [("bad-text-value", "/Response/Redirect[1]")]
    assert [v[:2] for v in _refused(lambda: Record(action=url))] == [
        ("bad-attribute-value", "/Record/@action")
    ]
    assert [v[:2] for v in _refused(lambda: Play(url))] == [("bad-text-value", "/Play")]
    assert [v[:2] for v in _refused(lambda: Dial("1", dial_music=url))] == [
        ("bad-attribute-value", "/Dial/@dialMusic")
    ]


@pytest.mark.parametrize("url", _READABLE_URLS)
def test_readable_urls_stay_legal(url: str) -> None:
    """Escapes, one fragment, an IPv6 host and non-ASCII letters are read (§8.2.2)."""
    assert Redirect(url).text == url
    assert Record(transcribe_callback=url).transcribe_callback == url
    _round_trips(f"<Response><Redirect>{_escaped(url)}</Redirect></Response>")
    _round_trips(f'<Response><Dial dialMusic="{_escaped(url)}">1</Dial></Response>')


_CALLER_IDS = [
    "bob",
    "Anonymous",
    "alice.smith",
    "b%20o",
    "*72",
    "(555) 010-0100",
    "sip:alice@example.com",
    "SIPS:alice@example.com:5061",
    "client:desk",
    "b" * 128,
    "%41" + "b" * 125,
]
_BAD_CALLER_IDS = ["+1888XXXXXXX", "1bob", "a b", "*123#", "b" * 129, "%41" * 43, "%4", "sip:"]


@pytest.mark.parametrize("caller_id", _CALLER_IDS)
def test_caller_ids_may_be_sip_users_and_uris(caller_id: str) -> None:
    """CallerId takes a SIP URI or a bare SIP user besides a phone and client: (§8.2.3)."""
    assert Dial("1", caller_id=caller_id).caller_id == caller_id
    _round_trips(f"<Response><Dial callerId='{caller_id}'>1</Dial></Response>")


@pytest.mark.parametrize("caller_id", _BAD_CALLER_IDS)
def test_caller_ids_outside_every_form_are_errors(caller_id: str) -> None:
    """A value starting as a phone must be one; a SIP user has its characters and 128 (§8.8)."""
    assert _errors(f"<Response><Dial callerId='{caller_id}'>1</Dial></Response>") == [
        ("bad-attribute-value", "/Response/Dial[1]/@callerId")
    ]
    assert [v[:2] for v in _refused(lambda: Dial("1", caller_id=caller_id))] == [
        ("bad-attribute-value", "/Dial/@callerId")
    ]


@pytest.mark.parametrize(
    "uri", ["SIP:alice@example.com", "sips:alice@example.com", "Sips:bob@[::1]:5061;transport=tcp"]
)
def test_sip_uris_take_sips_and_any_case(uri: str) -> None:
    """sip: and sips: in any case, in <Sip> text and in Dial text; kept as written (§8.2.4)."""
    assert Sip(uri).text == uri
    assert Dial(uri).text == uri
    _round_trips(f"<Response><Dial><Sip>{uri}</Sip></Dial></Response>")
    _round_trips(f"<Response><Dial>{uri}</Dial></Response>")
    assert render(Response(Dial(Sip(uri)))).count(uri) == 1


@pytest.mark.parametrize("phone", ["*72", "*123#", "#31#5550100", "*67 555-0100"])
def test_service_codes_may_be_dialed(phone: str) -> None:
    """Number text and Dial phone text allow * and # (§8.2.5)."""
    assert Number(phone).text == phone
    assert Dial(phone).text == phone
    _round_trips(f"<Response><Dial><Number>{phone}</Number></Dial></Response>")
    _round_trips(f"<Response><Dial>{phone}</Dial></Response>")


def test_a_dialed_phone_still_needs_a_digit() -> None:
    """*# alone is no phone number."""
    assert _errors("<Response><Dial><Number>*#</Number></Dial></Response>") == [
        ("bad-text-value", "/Response/Dial[1]/Number[1]")
    ]
    assert [v[:2] for v in _refused(lambda: Dial("*#"))] == [("bad-text-value", "/Dial")]


_EMPTY_HEADER = "the platform fails to place the call when a header has no value"


@pytest.mark.parametrize(
    ("element", "text"),
    [
        ("Number", "123?X-A="),
        ("Number", "123?X-A=1&amp;X-B="),
        ("Client", "alice?X-A="),
        ("Sip", "sip:alice@example.com?X-A="),
    ],
)
def test_a_header_without_a_value_is_an_error(element: str, text: str) -> None:
    """An empty header value makes the platform fail to place the call (§8.2.6)."""
    document = f"<Response><Dial><{element}>{text}</{element}></Dial></Response>"
    assert _errors(document) == [("bad-text-value", f"/Response/Dial[1]/{element}[1]")]
    assert _EMPTY_HEADER in _message(document, Code.BAD_TEXT_VALUE)
    plain = text.replace("&amp;", "&")
    cls: Any = NODE_CLASSES[element]  # called with the arguments of the class of that tag
    ((code, path, message),) = _refused(lambda: cls(plain))
    assert (code, path) == ("bad-text-value", f"/{element}")
    assert _EMPTY_HEADER in message


@pytest.mark.parametrize("text", ["123?X-A=", "client:alice?X-A=", "sip:a@example.com?X-A="])
def test_a_dial_text_header_without_a_value_is_an_error(text: str) -> None:
    """The same holds for a destination written as Dial text."""
    assert _errors(f"<Response><Dial>{text}</Dial></Response>") == [
        ("bad-text-value", "/Response/Dial[1]")
    ]
    ((code, _, message),) = _refused(lambda: Dial(text))
    assert code == "bad-text-value"
    assert _EMPTY_HEADER in message


@pytest.mark.parametrize("text", ["alice?X-A", "alice?", "?X-A=1"])
def test_client_text_follows_the_header_rules(text: str) -> None:
    """Client text is a name, optionally with complete header entries (§8.8)."""
    assert _errors(f"<Response><Dial><Client>{text}</Client></Dial></Response>") == [
        ("bad-text-value", "/Response/Dial[1]/Client[1]")
    ]
    assert [v[:2] for v in _refused(lambda: Client(text))] == [("bad-text-value", "/Client")]


def test_a_header_value_with_an_equals_sign_is_legal_but_cut() -> None:
    """A value holding = is legal; the header-value-cut warning says what is sent (§8.2.6)."""
    for element, text in (("Number", "123?X-A=b=c"), ("Client", "alice?X-A=b=c")):
        document = f"<Response><Dial><{element}>{text}</{element}></Dial></Response>"
        assert validate(document) == ()
        path = f"/Response/Dial[1]/{element}[1]"
        assert _warnings(document) == [("header-value-cut", path)]
        message = _message(document, Code.HEADER_VALUE_CUT)
        assert '"X-A=b=c"' in message
        assert "the platform keeps only the part before the second =" in message
    assert _warnings("<Response><Dial>sip:a@example.com?X-A=b=c</Dial></Response>") == [
        ("header-value-cut", "/Response/Dial[1]")
    ]
    assert Number("123?X-A=b=c").text == "123?X-A=b=c"


@pytest.mark.parametrize("keys", ["11#", "##", "1111", "*#*"])
def test_record_finish_on_key_may_repeat_keys(keys: str) -> None:
    """Record's finishOnKey is the set of keys that stop it; repeats are legal (§8.2.7)."""
    assert Record(finish_on_key=keys).finish_on_key == keys
    _round_trips(f"<Response><Record finishOnKey='{keys}'/></Response>")
    assert _errors(f"<Response><Gather finishOnKey='{keys}'/></Response>") == [
        ("bad-attribute-value", "/Response/Gather[1]/@finishOnKey")
    ]


def test_hints_count_each_entry_as_written() -> None:
    """The 100-character limit counts spaces around an entry; values are trimmed (§8.2.8)."""
    padded = " " * 5 + "a" * 96
    document = f"<Response><Gather hints='one,{padded}'/></Response>"
    assert _errors(document) == [("bad-attribute-value", "/Response/Gather[1]/@hints")]
    assert "as written" in _message(document, Code.BAD_ATTRIBUTE_VALUE)
    within = " " * 4 + "a" * 96
    node = parse(f"<Response><Gather hints='one,{within}'/></Response>")
    gather = node.children[0]
    assert isinstance(gather, Gather)
    assert gather.hints == ("one", "a" * 96)
    assert Gather(hints=("a" * 100,)).hints == ("a" * 100,)


# §8.4 Flow -------------------------------------------------------------------------------


def test_record_with_action_ends_the_document() -> None:
    """The platform requests Record's action even for an empty recording (§8.4.1)."""
    assert _warnings("<Response><Record action='/r'/><Say>x</Say></Response>") == [
        ("unreachable-verb", "/Response/Say[1]")
    ]
    assert _warnings("<Response><Record/><Say>x</Say></Response>") == [
        ("action-missing", "/Response/Record[1]")
    ]


@pytest.mark.parametrize(
    "before", ["<Say>Hi</Say>", "<Play>/a.wav</Play>", "<Gather action='/g'/>"]
)
def test_a_reject_after_an_answering_verb_is_ignored(before: str) -> None:
    """The call is answered: Reject is ignored and the verbs after it run (§8.4.2)."""
    document = f"<Response>{before}<Reject/><Say>next</Say></Response>"
    assert _warnings(document) == [("reject-ignored", "/Response/Reject[1]")]
    assert _message(document, Code.REJECT_IGNORED) == (
        "the call is already answered when <Reject> is reached; the platform ignores it and goes on"
    )


def test_a_reject_after_pauses_only_ends_the_document() -> None:
    """Pause does not answer the call, so Reject still refuses it."""
    assert _warnings("<Response><Pause/><Pause/><Reject/><Say>x</Say></Response>") == [
        ("unreachable-verb", "/Response/Say[1]")
    ]


def test_a_reject_after_an_ending_verb_is_only_unreachable() -> None:
    """A Reject both after an answering verb and after an end is unreachable only (§8.8)."""
    assert _warnings("<Response><Say>a</Say><Hangup/><Reject/></Response>") == [
        ("unreachable-verb", "/Response/Reject[1]")
    ]


def test_a_verb_after_a_gather_is_reachable() -> None:
    """A Gather without input goes on with the next verb (§8.8)."""
    assert _warnings("<Response><Gather action='/g'/><Say>x</Say></Response>") == []


def test_unknown_and_misplaced_verbs_do_not_answer() -> None:
    """Only verbs the platform runs answer the call: skipped elements do not."""
    assert _warnings(f"<Response><{UNKNOWN}/><Reject/><Say>x</Say></Response>") == [
        ("unreachable-verb", "/Response/Say[1]")
    ]


# §8.5 Warnings ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("document", "last"),
    [
        ("<Response><Say>Hello <!-- pause --> world</Say></Response>", "world"),
        ("<Response><Say>Hello <?p x?> world</Say></Response>", "world"),
        ("<Response><Say>one<!--a-->two<!--b-->three</Say></Response>", "three"),
        ("<Response><Redirect>/a<!--x-->/b</Redirect></Response>", "/b"),
    ],
)
def test_split_text_keeps_only_the_last_piece(document: str, last: str) -> None:
    """Text split by a comment or a PI: the platform keeps the last piece (§8.5)."""
    assert validate(document) == ()
    path = "/Response/" + ("Say[1]" if "<Say>" in document else "Redirect[1]")
    assert _warnings(document) == [("split-text", path)]
    message = _message(document, Code.SPLIT_TEXT)
    assert message.endswith(f'the platform keeps only the last piece, "{last}"')


def test_split_text_by_an_element_is_reported_beside_the_error() -> None:
    """An element inside the text splits it too; the text still counts whole for the rules."""
    document = "<Response><Say>Hi <Pause/> there</Say></Response>"
    assert _errors(document) == [("child-not-allowed", "/Response/Say[1]/Pause[1]")]
    assert _warnings(document) == [("split-text", "/Response/Say[1]")]
    assert parse("<Response><Say>Hi <!--x-->there</Say></Response>") == Response(Say("Hi there"))


def test_text_in_one_piece_is_not_split() -> None:
    """Comments around the text, or only whitespace beside them, split nothing."""
    for document in (
        "<Response><!--a--><Say><!--b-->Hello world<!--c--></Say></Response>",
        "<Response><Say>Hello</Say><!--x--><Say>world</Say></Response>",
    ):
        assert _warnings(document) == []


def test_an_empty_gather_finish_on_key_still_ends_at_hash() -> None:
    """finishOnKey="" is legal, but the platform uses # (§8.5)."""
    document = "<Response><Gather action='/g' finishOnKey=''/></Response>"
    assert validate(document) == ()
    assert _warnings(document) == [("finish-on-key-empty", "/Response/Gather[1]/@finishOnKey")]
    assert "the platform uses #, so # still ends input" in _message(
        document, Code.FINISH_ON_KEY_EMPTY
    )
    assert _warnings("<Response><Gather action='/g' finishOnKey='*'/></Response>") == []


@pytest.mark.parametrize("prompt", ["<Say loop='0'>Hi</Say>", "<Play loop='00'>/a.wav</Play>"])
def test_a_looping_prompt_inside_gather_is_never_played(prompt: str) -> None:
    """loop="0" inside Gather plays the prompt zero times (§8.5)."""
    document = f"<Response><Gather action='/g'>{prompt}</Gather></Response>"
    tag = "Say" if "Say" in prompt else "Play"
    assert _warnings(document) == [("prompt-not-played", f"/Response/Gather[1]/{tag}[1]/@loop")]
    assert "so it is never played" in _message(document, Code.PROMPT_NOT_PLAYED)
    assert _warnings(f"<Response>{prompt}</Response>") == []


@pytest.mark.parametrize(
    ("document", "path"),
    [
        (_noun("statusCallback='/events'"), "/Response/Dial[1]/Number[1]/@statusCallback"),
        (
            "<Response><Dial><Sip statusCallback='events'>sip:a@example.com</Sip></Dial>"
            "</Response>",
            "/Response/Dial[1]/Sip[1]/@statusCallback",
        ),
        (
            "<Response><Record action='/r' transcribeCallback='/t'/></Response>",
            "/Response/Record[1]/@transcribeCallback",
        ),
    ],
)
def test_a_relative_callback_never_arrives(document: str, path: str) -> None:
    """Relative statusCallback and transcribeCallback URLs are not resolved (§8.5)."""
    assert validate(document) == ()
    assert _warnings(document) == [("relative-callback", path)]
    message = _message(document, Code.RELATIVE_CALLBACK)
    assert "the callback never arrives; use an absolute http(s) URL" in message
    absolute = document.replace("'/events'", "'https://a.example/e'")
    absolute = absolute.replace("'events'", "'HTTPS://a.example/e'").replace("'/t'", "'http://t'")
    assert _warnings(absolute) == []


def test_new_warnings_are_only_warnings() -> None:
    """Each new warning has the warning severity and leaves the document valid."""
    document = (
        "<Response><Say>a<!--x-->b</Say><Reject/><Gather action='/g' finishOnKey=''>"
        "<Say loop='0'>c</Say></Gather><Dial><Number statusCallback='/s'>1?X=a=b</Number>"
        "</Dial></Response>"
    )
    assert validate(document) == ()
    codes = [v.code for v in validate(document, warnings=True)]
    assert codes == [
        Code.SPLIT_TEXT,
        Code.REJECT_IGNORED,
        Code.FINISH_ON_KEY_EMPTY,
        Code.PROMPT_NOT_PLAYED,
        Code.RELATIVE_CALLBACK,
        Code.HEADER_VALUE_CUT,
    ]
    assert all(code.severity == "warning" for code in codes)


# §8.3 <Video> ----------------------------------------------------------------------------


def _judged_alike(document: str) -> list[tuple[str, str]]:
    """validate(), validate(warnings=True) and parse() agree on the document's errors."""
    errors = validate(document)
    with_warnings = tuple(v for v in validate(document, warnings=True) if v.severity == "error")
    assert with_warnings == errors
    if errors:
        with pytest.raises(InvalidMarkupError) as raised:
            parse(document)
        assert raised.value.violations == errors
    else:
        parse(document)
    return [(v.code.value, v.path) for v in errors]


_VIDEO_FORMS: list[tuple[str, Any]] = [
    (
        '<Client name="alice"><Video enable="true"/></Client>',
        Client(Video(enable=True), name="alice"),
    ),
    ('<Client name="alice"><Video/></Client>', Client(Video(), name="alice")),
    (
        '<Client name=" desk 7 " url="/screen">\n  <Video enable="FALSE" overlay="Hi &amp; bye"/>\n'
        "</Client>",
        Client(Video(enable=False, overlay="Hi & bye"), name="desk 7", url="/screen"),
    ),
    (
        '<Sip name="sip:alice@example.com:5080" username="u"><Video enable="true"/></Sip>',
        Sip(Video(enable=True), name="sip:alice@example.com:5080", username="u"),
    ),
    (
        '<Sip name="SIPS:alice@example.com"><Video/></Sip>',
        Sip(Video(), name="SIPS:alice@example.com"),
    ),
]


@pytest.mark.parametrize(("xml", "node"), _VIDEO_FORMS)
def test_video_forms_are_legal_both_ways(xml: str, node: Any) -> None:
    """A Client or Sip with <Video> takes its destination from name (§8.3)."""
    document = f"<Response><Dial>{xml}</Dial></Response>"
    assert _judged_alike(document) == []
    assert parse(document) == Response(Dial(node))
    assert parse(render(Response(Dial(node)))) == Response(Dial(node))
    assert node.text is None
    assert isinstance(node.children[0], Video)


def test_a_video_noun_counts_as_one_noun_of_its_dial() -> None:
    """The Dial-level rules are unchanged: Client with Video beside Numbers is one noun."""
    nouns = "".join(f"<Number>+1555{n}</Number>" for n in range(9))
    document = f"<Response><Dial>{nouns}<Client name='a'><Video/></Client></Dial></Response>"
    assert _judged_alike(document) == []
    too_many = document.replace("<Dial>", "<Dial><Number>1</Number>")
    assert _judged_alike(too_many) == [("too-many-children", "/Response/Dial[1]")]


@pytest.mark.parametrize("tag", ["Client", "Sip"])
def test_a_video_noun_requires_its_name(tag: str) -> None:
    """Without name the form has no destination: attribute-required (§8.3)."""
    document = f"<Response><Dial><{tag}><Video/></{tag}></Dial></Response>"
    path = f"/Response/Dial[1]/{tag}[1]"
    assert _judged_alike(document) == [("attribute-required", path)]
    assert _message(document, Code.ATTRIBUTE_REQUIRED) == (
        f'<{tag}> with <Video> requires the attribute "name", which then holds the destination'
    )
    cls: Any = NODE_CLASSES[tag]  # called with the arguments of the class of that tag
    assert [v[:2] for v in _refused(lambda: cls(Video()))] == [("attribute-required", f"/{tag}")]


@pytest.mark.parametrize("tag", ["Client", "Sip"])
def test_a_video_noun_has_no_text(tag: str) -> None:
    """With <Video>, text is text-forbidden; after attribute-required when both (§8.8)."""
    text = "sip:bob@example.com" if tag == "Sip" else "bob"
    name = "sip:alice@example.com" if tag == "Sip" else "alice"
    path = f"/Response/Dial[1]/{tag}[1]"
    named = f"<Response><Dial><{tag} name='{name}'>{text}<Video/></{tag}></Dial></Response>"
    assert _judged_alike(named) == [("text-forbidden", path)]
    assert "with <Video>, the destination goes in name" in _message(named, Code.TEXT_FORBIDDEN)
    unnamed = f"<Response><Dial><{tag}><Video/>{text}</{tag}></Dial></Response>"
    assert _judged_alike(unnamed) == [("attribute-required", path), ("text-forbidden", path)]
    cls: Any = NODE_CLASSES[tag]  # called with the arguments of the class of that tag
    assert [v[:2] for v in _refused(lambda: cls(text, Video(), name=name))] == [
        ("text-forbidden", f"/{tag}")
    ]
    assert [v[:2] for v in _refused(lambda: cls(Video(), text=text))] == [
        ("attribute-required", f"/{tag}"),
        ("text-forbidden", f"/{tag}"),
    ]


@pytest.mark.parametrize("name", ["bob", "sip:alice@", "sip:a@h:port", "tel:+1555"])
def test_a_video_sip_name_must_be_a_sip_uri(name: str) -> None:
    """For <Sip> with <Video>, name is a SIP URI; without <Video> it is not checked (§8.3)."""
    document = f"<Response><Dial><Sip name='{name}'><Video/></Sip></Dial></Response>"
    assert _judged_alike(document) == [("bad-attribute-value", "/Response/Dial[1]/Sip[1]/@name")]
    assert [v[:2] for v in _refused(lambda: Sip(Video(), name=name))] == [
        ("bad-attribute-value", "/Sip/@name")
    ]
    plain = f"<Response><Dial><Sip name='{name}'>sip:a@example.com</Sip></Dial></Response>"
    assert _judged_alike(plain) == []
    assert Sip("sip:a@example.com", name=name).name == name


def test_a_video_client_name_must_not_be_empty() -> None:
    """An empty name names no client."""
    document = "<Response><Dial><Client name=' '><Video/></Client></Dial></Response>"
    assert _judged_alike(document) == [("bad-attribute-value", "/Response/Dial[1]/Client[1]/@name")]
    assert Client("alice", name="").name == ""


@pytest.mark.parametrize(
    ("inner", "expected"),
    [
        ("<Video/><Video/>", [("too-many-children", "")]),
        ("<Video>on</Video>", [("text-forbidden", "/Video[1]")]),
        ("<Video><Say>x</Say></Video>", [("child-not-allowed", "/Video[1]/Say[1]")]),
        ("<Video resolution='720p'/>", [("unknown-attribute", "/Video[1]/@resolution")]),
        ("<Video enable='yes'/>", [("bad-attribute-value", "/Video[1]/@enable")]),
        ("<Say>x</Say>", [("child-not-allowed", "/Say[1]"), ("text-required", "")]),
    ],
)
def test_video_children_and_values_are_checked(inner: str, expected: list[tuple[str, str]]) -> None:
    """One <Video> per parent, no text, no children, enable a boolean (§8.3)."""
    document = f"<Response><Dial><Client name='a'>{inner}</Client></Dial></Response>"
    base = "/Response/Dial[1]/Client[1]"
    found = _judged_alike(document)
    assert sorted(found) == sorted((code, base + path) for code, path in expected)


@pytest.mark.parametrize(
    ("document", "path"),
    [
        ("<Response><Video/></Response>", "/Response/Video[1]"),
        ("<Response><Dial><Video/></Dial></Response>", "/Response/Dial[1]/Video[1]"),
        (
            "<Response><Dial><Number>1<Video/></Number></Dial></Response>",
            "/Response/Dial[1]/Number[1]/Video[1]",
        ),
        ("<Response><Gather><Video/></Gather></Response>", "/Response/Gather[1]/Video[1]"),
    ],
)
def test_video_is_allowed_only_in_client_and_sip(document: str, path: str) -> None:
    """Anywhere else <Video> is child-not-allowed, and judged as if placed legally."""
    assert ("child-not-allowed", path) in _judged_alike(document)


def test_video_constructors_refuse_what_documents_refuse() -> None:
    """Wrong children and a second destination are refused at construction."""
    assert [v[:2] for v in _refused(lambda: Client(Video(), Video(), name="a"))] == [
        ("too-many-children", "/Client")
    ]
    assert [v[:2] for v in _refused(lambda: Client("a", Say("x")))] == [  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
        ("child-not-allowed", "/Client/Say[1]"),
    ]
    with pytest.raises(TypeError, match="text"):
        Client(Say("x"), name="a")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    with pytest.raises(TypeError, match="at most one destination"):
        Client("a", "b")
    with pytest.raises(TypeError):
        Video(enable="true")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    assert Client(children=[Video()], name="a") == Client(Video(), name="a")
    assert Client(text="alice") == Client("alice")


def test_video_documents_have_no_false_warnings() -> None:
    """The whitespace around <Video> is no split text; the form gives no other warning."""
    document = (
        "<Response><Dial action='https://a.example/d'>\n  <Client name='alice'>\n"
        "    <Video enable='true'/>\n  </Client>\n</Dial></Response>"
    )
    assert validate(document, warnings=True) == ()


def test_callmarkup_py_writes_video_calls() -> None:
    """The Python the command line writes for a video call builds the same document."""
    document = parse(
        "<Response><Dial><Sip name='sip:a@example.com'><Video enable='true' overlay='Hi'/>"
        "</Sip></Dial></Response>"
    )
    source = python_source(document)
    assert "Sip(\n" in source or "Sip(Video(" in source
    namespace: dict[str, Any] = {}
    exec(source, namespace)  # noqa: S102 - the source callmarkup just wrote
    assert namespace["response"] == document


# The compiled paths keep every rule ----------------------------------------------------------


def _fidelity_documents() -> list[str]:
    """Documents at the edges of spec §8, legal and not."""
    documents = [
        f"<Response><Redirect>{_escaped(url)}</Redirect></Response>"
        for url in (
            *_UNREADABLE_URLS,
            *_READABLE_URLS,
        )
    ]
    documents += [
        f'<Response><Dial callerId="{_escaped(value)}">1</Dial></Response>'
        for value in (*_CALLER_IDS, *_BAD_CALLER_IDS)
    ]
    documents += [
        _noun(f"statusCallbackEvent='{events}'")
        for events in ("initiated ringing", "initiated , ringing", "answered\tcompleted")
    ]
    documents += [
        f"<Response><Dial><{tag}>{text}</{tag}></Dial></Response>"
        for tag, text in (
            ("Number", "*72"),
            ("Number", "*#"),
            ("Number", "1?X-A="),
            ("Number", "1?X-A=b=c"),
            ("Client", "alice?X-A="),
            ("Client", "alice?X-A"),
            ("Sip", "SIPS:a@example.com"),
            ("Sip", "sips:a@example.com?X-A="),
        )
    ]
    documents += [
        "<Response><Record finishOnKey='11#'/></Response>",
        "<Response><Gather finishOnKey='11'/></Response>",
        f"<Response><Gather hints='a,{' ' * 5 + 'b' * 96}'/></Response>",
        f"<Response><Gather hints='a,{' ' * 4 + 'b' * 96}'/></Response>",
        *(f"<Response><Dial>{xml}</Dial></Response>" for xml, _ in _VIDEO_FORMS),
        "<Response><Dial><Client><Video/></Client></Dial></Response>",
        "<Response><Dial><Client name='a'>a<Video/></Client></Dial></Response>",
        "<Response><Dial><Sip name='bob'><Video/></Sip></Dial></Response>",
        "<Response><Dial><Client name='a'><Video/><Video/></Client></Dial></Response>",
        "<Response><Dial><Client name=' '><Video/></Client></Dial></Response>",
        "<Response><Dial><Number>1<Video/></Number></Dial></Response>",
    ]
    return documents


@pytest.mark.parametrize("document", _fidelity_documents())
def test_quick_readers_keep_every_fidelity_rule(document: str) -> None:
    """The compiled readers give the interpreter's nodes, or leave the document to it."""
    for build in (True, False):
        root: Any = etree.fromstring(document.encode(), _xmlparser.new_parser())
        walked, violations = interpret(root, document, 32, build=build)
        try:
            quick = _parse.quick_read(root, 32, build=build)
        except _plan.Declined:
            continue
        assert violations == [], document
        assert quick == walked, document
    assert [v for v in validate(document, warnings=True) if v.severity == "error"] == list(
        validate(document)
    )


def test_new_warnings_are_shown_and_fail_strict(tmp_path: Path) -> None:
    """The command line shows the new warnings, and --strict fails on them (§8.5)."""
    path = tmp_path / "a.xml"
    path.write_text("<Response><Say>Hi</Say><Reject/></Response>", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert main(["validate", str(path)], stdin=io.StringIO(), stdout=out, stderr=err) == 0
    assert "reject-ignored" in out.getvalue()
    out = io.StringIO()
    status = main(["validate", "--strict", str(path)], stdin=io.StringIO(), stdout=out, stderr=err)
    assert status == 1
    assert "reject-ignored" in out.getvalue()


@pytest.mark.parametrize("encoding", ["UTF-16", "ISO-8859-1", "UTF-8"])
def test_split_text_is_found_in_every_encoding(encoding: str) -> None:
    """The comments of a document in any encoding are seen where they are."""
    document = (
        f'<?xml version="1.0" encoding="{encoding}"?>'
        "<Response><Say>H\u00e9 <!--x--> th\u00e9re</Say></Response>"
    ).encode(encoding.lower())
    (warning,) = validate(document, warnings=True)
    assert warning.code is Code.SPLIT_TEXT
    assert warning.message.endswith('"th\u00e9re"')


@given(st.binary(max_size=300) | st.text(max_size=300).map(lambda text: " " + text + " & "))
def test_warnings_and_repairs_never_raise(data: bytes | str) -> None:
    """Asked for warnings, with repairs on the way, validate() still never raises."""
    found = validate(data, warnings=True)
    assert [v for v in found if v.severity == "error"] == list(validate(data))


@given(invalid_documents(as_bytes=True))
def test_warnings_never_change_the_errors_of_broken_documents(pair: tuple[bytes, Code]) -> None:
    """Warnings are added to the errors; the errors stay what they are."""
    data, code = pair
    errors = [v for v in validate(data, warnings=True) if v.severity == "error"]
    assert errors == list(validate(data))
    assert [v.code for v in errors] == [code]
