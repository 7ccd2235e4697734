"""Hostile input (spec §1.3, §7.2): refused cheaply, with our codes, touching nothing outside."""

from __future__ import annotations

import socket
import tracemalloc
from typing import TYPE_CHECKING, Any

import pytest

from callmarkup import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_DEPTH,
    Code,
    Document,
    ParseError,
    Response,
    Say,
    parse,
    validate,
)

if TYPE_CHECKING:
    from pathlib import Path

BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n<!ENTITY lol "lol">\n'
    + "".join(
        f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">\n'
        for n in range(1, 10)
    )
    + "]>\n<Response><Say>&lol9;</Say></Response>"
)


def _codes(
    data: Document,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_depth: int = DEFAULT_MAX_DEPTH,
) -> list[str]:
    violations = validate(data, max_bytes=max_bytes, max_depth=max_depth)
    return [violation.code.value for violation in violations]


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail the test if anything opens a network connection."""

    def refuse(*_args: Any, **_kwargs: Any) -> None:
        message = "network access during parsing"
        raise AssertionError(message)

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


def test_doctype_is_refused_and_the_rest_still_judged() -> None:
    """A DOCTYPE is doctype-forbidden; judging goes on as if it were blanked (§7.1)."""
    document = (
        '<?xml version="1.0"?>\n<!DOCTYPE Response [\n  <!ELEMENT Response ANY>\n]>\n'
        "<Response><Say/></Response>"
    )
    assert [(v.code.value, v.path, v.line, v.column) for v in validate(document)] == [
        ("doctype-forbidden", "/", 2, 1),
        ("text-required", "/Response/Say[1]", 5, 11),
    ]


def test_billion_laughs_is_refused_without_expanding(no_network: None) -> None:
    """Each declaration is reported; the reference is forbidden; nothing is expanded."""
    del no_network
    tracemalloc.start()
    try:
        violations = validate(BILLION_LAUGHS)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [v.code.value for v in violations] == [
        "doctype-forbidden",
        *["entity-forbidden"] * 10,
        "entity-forbidden",
    ]
    assert violations[-1].path == "/Response/Say[1]"
    assert "&lol9;" in violations[-1].message
    # Expanding would take gigabytes; refusing takes a few hundred kilobytes at most.
    assert peak < 5_000_000
    with pytest.raises(ParseError):
        parse(BILLION_LAUGHS)


def test_external_entity_is_never_read(tmp_path: Path, no_network: None) -> None:
    """SYSTEM entities pointing at files or URLs are reported, never resolved."""
    del no_network
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET", encoding="utf-8")
    for target in (secret.as_uri(), "http://198.51.100.7/x.xml"):
        document = (
            f'<!DOCTYPE r [<!ENTITY ee SYSTEM "{target}">]><Response><Say>&ee;</Say></Response>'
        )
        violations = validate(document)
        assert [v.code.value for v in violations] == [
            "doctype-forbidden",
            "entity-forbidden",
            "entity-forbidden",
        ]
        assert all("TOP-SECRET" not in v.message for v in violations)


def test_external_dtd_is_never_loaded(no_network: None) -> None:
    """A PUBLIC DOCTYPE is reported and not fetched."""
    del no_network
    document = (
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0//EN"'
        ' "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd"><Response/>'
    )
    assert _codes(document) == ["doctype-forbidden"]


def test_parameter_entities_and_tricky_subsets() -> None:
    """Parameter entities, ] and > in quotes, comments in the subset are all handled."""
    document = (
        "<!DOCTYPE r [\n"
        "  <!ENTITY % p \"<!ENTITY q ']>'>\">\n"
        "  <!-- <!ENTITY not-a-declaration 'x'> -->\n"
        "  %p;\n"
        "]>\n"
        "<Response/>"
    )
    assert [(v.code.value, v.line) for v in validate(document)] == [
        ("doctype-forbidden", 1),
        ("entity-forbidden", 2),
    ]


def test_undeclared_entity_is_forbidden_not_malformed() -> None:
    """A reference without any DOCTYPE is entity-forbidden, once per name per element."""
    document = '<Response><Say language="&v;">&a; &a; &b; &v;</Say><Play>&a;</Play></Response>'
    assert [(v.code.value, v.path) for v in validate(document)] == [
        ("entity-forbidden", "/Response/Say[1]/@language"),
        ("entity-forbidden", "/Response/Say[1]"),
        ("entity-forbidden", "/Response/Say[1]"),
        ("entity-forbidden", "/Response/Play[1]"),
    ]


def test_reference_counts_as_text_and_skips_the_grammar() -> None:
    """A reference is non-empty text; its text or value is not checked further (§7.2)."""
    assert _codes("<Response><Play>&url;</Play></Response>") == ["entity-forbidden"]
    assert _codes('<Response><Pause length="&n;"/></Response>') == ["entity-forbidden"]
    assert _codes("<Response>&x;</Response>") == ["entity-forbidden", "text-forbidden"]


def test_references_inside_unknown_elements_are_still_reported() -> None:
    """Inside an unknown element only entity-forbidden is judged."""
    assert _codes("<Response><Sms to='&t;'>&body;<x/></Sms></Response>") == [
        "unknown-element",
        "entity-forbidden",
        "entity-forbidden",
    ]


def test_doctype_inside_content_is_malformed() -> None:
    """Only a DOCTYPE before the root is a declaration; elsewhere it is a syntax error."""
    document = '<xml><!DOCTYPE Response [<!ENTITY lol "x">]><Response/></xml>'
    assert _codes(document) == ["malformed"]


def test_predefined_and_character_references_are_fine() -> None:
    """&amp; &lt; &gt; &quot; &apos; and &#...; are ordinary text."""
    assert parse("<Response><Say>&amp;&lt;&gt;&quot;&apos;&#233;&#x263A;</Say></Response>") == (
        Response(Say("&<>\"'é☺"))
    )


def test_size_cap_is_exact() -> None:
    """Exactly max_bytes passes; one more byte is too-large and nothing else (§7.5)."""
    head, tail = "<Response><Say>", "</Say></Response>"
    filler = "x" * (DEFAULT_MAX_BYTES - len(head) - len(tail))
    assert validate(head + filler + tail) == ()
    (violation,) = validate(head + filler + "x" + tail)
    assert (violation.code, violation.path) == (Code.TOO_LARGE, "/")
    assert _codes(b"<Response/>", max_bytes=10) == ["too-large"]
    assert _codes("<Response/>", max_bytes=11) == []


def test_size_of_str_is_counted_in_utf8_bytes() -> None:
    """A str is measured as UTF-8 (spec §7.5)."""
    document = "<Response><Say>ééééé</Say></Response>"
    assert _codes(document, max_bytes=len(document) + 5) == []
    assert _codes(document, max_bytes=len(document) + 4) == ["too-large"]


def test_oversized_input_is_refused_before_it_is_read() -> None:
    """Garbage over the cap is too-large, not malformed: nothing was parsed."""
    assert _codes(b"\xff" * (DEFAULT_MAX_BYTES + 1)) == ["too-large"]
    assert _codes("<!DOCTYPE x>" + " " * DEFAULT_MAX_BYTES) == ["too-large"]


def test_depth_cap_is_exact() -> None:
    """Depth 32 passes (root = 1); 33 is too-large and nothing else."""

    def nested(depth: int) -> str:
        inner = depth - 1
        return "<Response>" + "<x>" * (inner - 1) + "<y/>" + "</x>" * (inner - 1) + "</Response>"

    assert _codes(nested(DEFAULT_MAX_DEPTH)) == ["unknown-element"]
    (violation,) = validate(nested(DEFAULT_MAX_DEPTH + 1))
    assert violation.code is Code.TOO_LARGE
    assert violation.line == 1
    assert _codes("<Response><Gather><Say>x</Say></Gather></Response>", max_depth=2) == [
        "too-large",
    ]


def test_resource_refusals_are_too_large_not_malformed() -> None:
    """libxml2 refusing deep nesting or a huge name is too-large (spec §7.2)."""
    deep = "<Response>" + "<a>" * 300 + "</a>" * 300 + "</Response>"
    assert _codes(deep, max_depth=1000) == ["too-large"]
    assert _codes("<Response><" + "n" * 60_000 + "/></Response>") == ["too-large"]


def test_hostile_inputs_raise_parse_error() -> None:
    """parse() raises ParseError whenever a hostile-input code is present."""
    for document in (
        "<!DOCTYPE r><Response/>",
        "<Response>&x;</Response>",
        "<Response>",
        "<Response>" + "<a>" * 40 + "</a>" * 40 + "</Response>",
    ):
        with pytest.raises(ParseError):
            parse(document)


def test_one_entity_finding_per_name_per_element() -> None:
    """The same entity in several attributes and the content of one element is one finding."""
    assert [
        (v.code.value, v.path)
        for v in validate(
            '<Response><Say language="&x;" voice="&x;">&x;</Say>'
            '<Sms a="&y;" b="&y;">&y;</Sms></Response>',
        )
    ] == [
        ("entity-forbidden", "/Response/Say[1]/@language"),
        ("unknown-element", "/Response/Sms[1]"),
        ("entity-forbidden", "/Response/Sms[1]/@a"),
    ]


def test_libxml2_depth_limit_is_reported_where_it_struck() -> None:
    """A refusal by the XML library is placed where it happened, without its option advice."""
    deep = "<Response>\n" + "<a>" * 300 + "</a>" * 300 + "</Response>"
    (violation,) = validate(deep, max_depth=1000)
    assert violation.code is Code.TOO_LARGE
    assert violation.line == 2
    assert "XML_PARSE_HUGE" not in violation.message
    assert "256" in violation.message


def test_buffers_are_measured_in_bytes() -> None:
    """A memoryview of wide items is measured in bytes, before anything is copied."""
    data = memoryview(bytearray(b"<Response/>" + b" " * 9)).cast("I")
    assert validate(data) == ()
    assert _codes(data, max_bytes=19) == ["too-large"]
