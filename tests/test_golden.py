"""Golden cases: one list of (node, canonical XML) pairs, tested in both directions.

Together the cases set every attribute of every element at least once; a test below checks
that against the table, so a new attribute without a golden case fails.
"""

from __future__ import annotations

import pytest

from callmarkup import (
    Client,
    Dial,
    Gather,
    Hangup,
    Node,
    Number,
    Pause,
    Play,
    Record,
    Redirect,
    Reject,
    Response,
    Say,
    Sip,
    Video,
    parse,
    render,
    render_bytes,
    validate,
)
from callmarkup._schema import ELEMENTS

DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>'

GOLDEN: list[tuple[Node, str]] = [
    (Response(), "<Response/>"),
    (Say("Hello"), "<Say>Hello</Say>"),
    (
        Say("Bonjour", language="celine-fr-FR-female", loop=0, voice="woman"),
        '<Say language="celine-fr-FR-female" loop="0" voice="woman">Bonjour</Say>',
    ),
    (Say("Fish & <chips> \"'"), "<Say>Fish &amp; &lt;chips&gt; \"'</Say>"),
    (Say("line one\nline\ttwo\rthree"), "<Say>line one\nline\ttwo&#13;three</Say>"),
    (Say("Grüße, 東京 🎉"), "<Say>Grüße, 東京 🎉</Say>"),
    (Play("https://example.com/a.wav", loop=3), '<Play loop="3">https://example.com/a.wav</Play>'),
    (Play("/audio/menu.mp3?lang=en&v=2"), "<Play>/audio/menu.mp3?lang=en&amp;v=2</Play>"),
    (Pause(), "<Pause/>"),
    (Pause(length=5), '<Pause length="5"/>'),
    (Gather(), "<Gather/>"),
    (
        Gather(
            Say("Press 1."),
            Play("/beep.wav"),
            Pause(length=1),
            action="/menu",
            method="GET",
            timeout=7,
            finish_on_key="*",
            num_digits=4,
            input="dtmf speech",
            partial_result_callback="https://example.com/partial",
            partial_result_callback_method="POST",
            language="pt-PT",
            hints=("sales", "technical support"),
        ),
        '<Gather action="/menu" method="GET" timeout="7" finishOnKey="*" numDigits="4"'
        ' input="dtmf speech" partialResultCallback="https://example.com/partial"'
        ' partialResultCallbackMethod="POST" language="pt-PT" hints="sales,technical support">'
        '<Say>Press 1.</Say><Play>/beep.wav</Play><Pause length="1"/></Gather>',
    ),
    (Gather(finish_on_key=""), '<Gather finishOnKey=""/>'),
    (Record(), "<Record/>"),
    (
        Record(
            action="/recorded",
            method="POST",
            timeout=10,
            finish_on_key="#*1",
            max_length=3600,
            play_beep=False,
            transcribe=True,
            transcribe_callback="/transcribed",
        ),
        '<Record action="/recorded" method="POST" timeout="10" finishOnKey="#*1"'
        ' maxLength="3600" playBeep="false" transcribe="true"'
        ' transcribeCallback="/transcribed"/>',
    ),
    (Record(finish_on_key="-1"), '<Record finishOnKey="-1"/>'),
    (Dial("+1 (555) 123-4567"), "<Dial>+1 (555) 123-4567</Dial>"),
    (Dial("client:alice"), "<Dial>client:alice</Dial>"),
    (Dial("sip:bob@example.com"), "<Dial>sip:bob@example.com</Dial>"),
    (
        Dial(
            Number("18004444444"),
            action="/dialed",
            method="GET",
            timeout=20,
            time_limit=600,
            caller_id="+15550001111",
            record=True,
            dial_music="disabled",
        ),
        '<Dial action="/dialed" method="GET" timeout="20" timeLimit="600"'
        ' callerId="+15550001111" record="true" dialMusic="disabled">'
        "<Number>18004444444</Number></Dial>",
    ),
    (
        Dial(Client("alice"), caller_id="client:support", dial_music="/ringback.wav"),
        '<Dial callerId="client:support" dialMusic="/ringback.wav"><Client>alice</Client></Dial>',
    ),
    (
        Dial(
            Number(
                "+15551234567?X-Account=42&X-Tier=gold",
                url="/screen",
                method="GET",
                status_callback_event=("initiated", "ringing", "answered", "completed"),
                status_callback="https://example.com/events",
                status_callback_method="GET",
            ),
        ),
        '<Dial><Number url="/screen" method="GET"'
        ' statusCallbackEvent="initiated,ringing,answered,completed"'
        ' statusCallback="https://example.com/events" statusCallbackMethod="GET">'
        "+15551234567?X-Account=42&amp;X-Tier=gold</Number></Dial>",
    ),
    (
        Dial(
            Client(
                "alice",
                url="/screen",
                method="POST",
                status_callback_event=("completed",),
                status_callback="/events",
                status_callback_method="POST",
                name="Alice\tand\nBob \"A&B\" <x> 'y'",
            ),
        ),
        '<Dial><Client url="/screen" method="POST" statusCallbackEvent="completed"'
        ' statusCallback="/events" statusCallbackMethod="POST"'
        " name=\"Alice&#9;and&#10;Bob &quot;A&amp;B&quot; &lt;x&gt; 'y'\">alice</Client></Dial>",
    ),
    (
        Dial(
            Sip(
                "sip:alice:pw@[2001:db8::1]:5080;transport=TCP?X-A=1&X-B=2",
                url="/screen",
                method="GET",
                status_callback_event=("answered", "completed"),
                status_callback="/events",
                status_callback_method="GET",
                name="sip:video@example.com",
                username="alice",
                password="s3cret",
            ),
        ),
        '<Dial><Sip url="/screen" method="GET" statusCallbackEvent="answered,completed"'
        ' statusCallback="/events" statusCallbackMethod="GET" name="sip:video@example.com"'
        ' username="alice" password="s3cret">'
        "sip:alice:pw@[2001:db8::1]:5080;transport=TCP?X-A=1&amp;X-B=2</Sip></Dial>",
    ),
    (
        Dial(*(Number(f"+1555000{n:04d}") for n in range(9)), Client("zed")),
        "<Dial>"
        + "".join(f"<Number>+1555000{n:04d}</Number>" for n in range(9))
        + "<Client>zed</Client></Dial>",
    ),
    (
        Dial(Client(Video(), name="alice")),
        '<Dial><Client name="alice"><Video/></Client></Dial>',
    ),
    (
        Dial(
            Client(
                Video(enable=True, overlay='Support & "Sales" <1>'),
                name="alice",
                status_callback="https://a.example/e",
            ),
            Number("+15550100"),
        ),
        '<Dial><Client statusCallback="https://a.example/e" name="alice">'
        '<Video enable="true" overlay="Support &amp; &quot;Sales&quot; &lt;1&gt;"/>'
        "</Client><Number>+15550100</Number></Dial>",
    ),
    (
        Dial(Sip(Video(enable=False), name="SIPS:alice@example.com:5061", username="a")),
        '<Dial><Sip name="SIPS:alice@example.com:5061" username="a">'
        '<Video enable="false"/></Sip></Dial>',
    ),
    (Hangup(), "<Hangup/>"),
    (Reject(), "<Reject/>"),
    (Reject(reason="service_unavailable"), '<Reject reason="service_unavailable"/>'),
    (Redirect("/next"), "<Redirect>/next</Redirect>"),
    (
        Redirect("https://example.com/next?step=2&x=1", method="GET"),
        '<Redirect method="GET">https://example.com/next?step=2&amp;x=1</Redirect>',
    ),
]


def _as_document(node: Node, xml: str) -> tuple[Response, str]:
    """Wrap a golden case into a whole document, nesting nouns and prompts legally."""
    if isinstance(node, Response):
        return node, DECLARATION + xml
    return Response(node), f"{DECLARATION}<Response>{xml}</Response>"  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]


DOCUMENTS = [_as_document(node, xml) for node, xml in GOLDEN]
IDS = [xml[:60] for _, xml in GOLDEN]


@pytest.mark.parametrize(("node", "xml"), DOCUMENTS, ids=IDS)
def test_render_gives_golden_bytes(node: Response, xml: str) -> None:
    """Rendering a golden node gives exactly its canonical XML."""
    assert render(node) == xml
    assert render_bytes(node) == xml.encode("utf-8")


@pytest.mark.parametrize(("node", "xml"), DOCUMENTS, ids=IDS)
def test_parse_gives_golden_node(node: Response, xml: str) -> None:
    """Parsing golden XML gives exactly the golden node, and it validates."""
    assert parse(xml) == node
    assert parse(xml.encode("utf-8")) == node
    assert validate(xml) == ()


@pytest.mark.parametrize(("node", "xml"), DOCUMENTS, ids=IDS)
def test_pretty_form_parses_to_same_node(node: Response, xml: str) -> None:
    """The indented form is different bytes but the same document."""
    pretty = render(node, pretty=True)
    assert pretty.endswith("\n")
    assert parse(pretty) == node
    assert render(parse(pretty)) == xml


def test_golden_cases_set_every_attribute_of_every_element() -> None:
    """Each (element, attribute) of the table appears set in some golden case."""

    def walk(node: Node) -> set[tuple[str, str]]:
        rule = ELEMENTS[type(node).__name__]
        found = {
            (rule.tag, row.field) for row in rule.attributes if getattr(node, row.field) is not None
        }
        found.add((rule.tag, ""))
        for child in getattr(node, "children", ()):
            found |= walk(child)
        return found

    covered: set[tuple[str, str]] = set()
    for node, _ in GOLDEN:
        covered |= walk(node)
    wanted = {(tag, "") for tag in ELEMENTS} | {
        (tag, row.field) for tag, rule in ELEMENTS.items() for row in rule.attributes
    }
    assert wanted - covered == set()


def test_pretty_form_is_indented_one_element_per_line() -> None:
    """The pretty form's exact layout (spec §7.4)."""
    doc = Response(Gather(Say("Hi"), num_digits=1), Dial(Number("123")), Hangup())
    assert render(doc, pretty=True) == (
        f"{DECLARATION}\n"
        "<Response>\n"
        '  <Gather numDigits="1">\n'
        "    <Say>Hi</Say>\n"
        "  </Gather>\n"
        "  <Dial>\n"
        "    <Number>123</Number>\n"
        "  </Dial>\n"
        "  <Hangup/>\n"
        "</Response>\n"
    )


def test_render_refuses_anything_but_a_response() -> None:
    """render() and render_bytes() take a Response only (spec §7.4)."""
    with pytest.raises(TypeError, match="takes a Response"):
        render(Say("Hi"))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    with pytest.raises(TypeError, match="takes a Response"):
        render_bytes("<Response/>")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
