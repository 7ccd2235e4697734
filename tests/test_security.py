"""Hostile input (spec §1.3, §7.2): refused cheaply, with our codes, touching nothing outside."""

from __future__ import annotations

import base64
import codecs
import contextlib
import enum
import io
import os
import socket
import threading
import tracemalloc
from functools import partial
from typing import TYPE_CHECKING, Any, SupportsIndex, TypeVar, cast
from unittest.mock import Mock

import attrs
import pytest
from documents import UNKNOWN
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from callmarkup import (
    DEFAULT_MAX_BYTES,
    DEFAULT_MAX_DEPTH,
    Code,
    Dial,
    Document,
    Gather,
    Hangup,
    InvalidMarkupError,
    Number,
    ParseError,
    Pause,
    Play,
    Record,
    Redirect,
    Response,
    Say,
    _parse,
    _xmlparser,
    parse,
    render,
    validate,
)
from callmarkup._cli import main
from callmarkup._node_base import judge_node
from callmarkup._prolog import Prolog

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from callmarkup._nodes import Node

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
    assert _codes(f"<Response><{UNKNOWN} to='&t;'>&body;<x/></{UNKNOWN}></Response>") == [
        "unknown-element",
        "entity-forbidden",
        "entity-forbidden",
    ]


def test_doctype_inside_content_is_malformed_and_unparsed() -> None:
    """Only a DOCTYPE before the root is a declaration; elsewhere it is a syntax error."""
    document = '<xml>\n <!DOCTYPE Response [<!ENTITY lol "x">]><Response/></xml>'
    (violation,) = validate(document)
    assert (violation.code, violation.line, violation.column) == (Code.MALFORMED, 2, 2)
    assert "only come before the root element" in violation.message


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
            f'<{UNKNOWN} a="&y;" b="&y;">&y;</{UNKNOWN}></Response>',
        )
    ] == [
        ("entity-forbidden", "/Response/Say[1]/@language"),
        ("unknown-element", f"/Response/{UNKNOWN}[1]"),
        ("entity-forbidden", f"/Response/{UNKNOWN}[1]/@a"),
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


# DOCTYPE smuggling: every route to the XML parser, each layer on its own.

_T = TypeVar("_T")
_SECONDS = 10.0
"""How long a call may block before the test calls it a hang (it takes milliseconds)."""


def _returns_at_once(call: Callable[[], _T], fifo: Path) -> _T | Exception:
    """What ``call()`` returns or raises; fails the test if it is still blocked after a while.

    The call runs in a daemon thread: if it opened the FIFO it is stuck waiting for a writer,
    which this then provides, so that the thread ends and the failure is reported.
    """
    outcome: list[_T | Exception] = []

    def run() -> None:
        try:
            outcome.append(call())
        except Exception as error:  # noqa: BLE001 - the outcome is what is asserted
            outcome.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(_SECONDS)
    if thread.is_alive():
        with contextlib.suppress(OSError):
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
        pytest.fail(f"still blocked after {_SECONDS} s: the FIFO was opened")
    return outcome[0]


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    """A FIFO: opening it for reading blocks until someone writes."""
    path = tmp_path / "fifo"
    os.mkfifo(path)
    return path


def _external(fifo: Path) -> list[bytes]:
    """Documents whose DOCTYPE makes the XML parser open ``fifo`` if it may open anything."""
    return [
        f'<!DOCTYPE r [<!ENTITY % p SYSTEM "{fifo}"> %p;]><Response/>'.encode(),
        f'<!DOCTYPE r [<!ENTITY % p SYSTEM "{fifo.as_uri()}"> %p;]><Response/>'.encode(),
        f'<!DOCTYPE r SYSTEM "{fifo}"><Response/>'.encode(),
        f'<!DOCTYPE r PUBLIC "-//x//y" "{fifo}"><Response/>'.encode(),
        f'<!DOCTYPE r [<!ENTITY e SYSTEM "{fifo}">]><Response><Say>&e;</Say></Response>'.encode(),
    ]


def _has_dtd(document: bytes) -> bool:
    """Whether the configured parser, given ``document``, leaves a DTD node in the tree."""
    return (
        etree.fromstring(document, _xmlparser.new_parser()).getroottree().docinfo.internalDTD
        is not None
    )


def test_configured_parser_opens_nothing(fifo: Path) -> None:
    """The parser itself, with no scan before it, refuses every URL a DOCTYPE names."""
    for document in _external(fifo):
        outcome = _returns_at_once(partial(_has_dtd, document), fifo)
        # The parser asked for the file and was refused; or nothing asked for it (an entity
        # used nowhere) and the DTD node it leaves says a DOCTYPE was there, which
        # analyse() refuses.
        assert outcome is True or isinstance(outcome, _xmlparser.ResourceRefused), outcome


def _no_prolog(text: str) -> Prolog:
    del text
    return Prolog((), ())


def _no_stray(text: str) -> None:
    del text


def _smuggled(fifo: Path) -> list[bytes]:
    """The reported routes past the prolog scan, and variants of them."""
    subset = f'[<!ENTITY % p SYSTEM "{fifo}"> %p;]'
    doctype = f"<!DOCTYPE r {subset}>"
    bom = codecs.BOM_UTF8
    utf16 = f"\ufeff{doctype}<Response/>"
    return [
        # Reported: a second byte order mark, two DOCTYPEs, "]" in a PI of the subset.
        bom * 2 + f"{doctype}<Response/>".encode(),
        f"<!DOCTYPE a>{doctype}<Response/>".encode(),
        f'<!DOCTYPE r [<?x ]?><!ENTITY % p SYSTEM "{fifo}"> %p;]><Response/>'.encode(),
        # More byte order marks, with whitespace between them.
        bom * 5 + f"{doctype}<Response/>".encode(),
        bom + b" \n" + bom + b"\t" + bom + f"\r\n{doctype}<Response/>".encode(),
        f"\ufeff\ufeff {doctype}<Response/>".encode(),
        # UTF-16 both ways, with their byte order mark and one more inside.
        codecs.BOM_UTF16_LE + utf16.encode("utf-16-le"),
        codecs.BOM_UTF16_BE + utf16.encode("utf-16-be"),
        utf16.encode("utf-16"),
        # "]" and ">" in a PI, a comment and quoted strings of the internal subset.
        f'<!DOCTYPE r [<?x ]>?><!ENTITY % p SYSTEM "{fifo}"> %p;]><Response/>'.encode(),
        f'<!DOCTYPE r [<!-- ]> --><!ENTITY % p SYSTEM "{fifo}"> %p;]><Response/>'.encode(),
        f'<!DOCTYPE r [<!ENTITY a "]>"><!ENTITY % p SYSTEM "{fifo}"> %p;]><Response/>'.encode(),
        f"<!DOCTYPE r [<!ENTITY a ']>'><!ENTITY % p SYSTEM '{fifo}'> %p;]><Response/>".encode(),
        f'<!DOCTYPE r SYSTEM "]>" [<!ENTITY % p SYSTEM "{fifo}"> %p;]><Response/>'.encode(),
        # After the declaration, PIs and comments, in any order and number.
        f'<?xml version="1.0"?>\n<?pi ]>?><!-- > -->\n<?pi?>{doctype}<Response/>'.encode(),
        f"<!-- a --><!DOCTYPE a []><!-- b --><?c?>{doctype}<Response/>".encode(),
        # Another case.
        f"<!doctype r {subset}><Response/>".encode(),
        # UTF-32 both ways, and UTF-16 without a byte order mark but with a declaration.
        codecs.BOM_UTF32_LE + utf16.encode("utf-32-le"),
        codecs.BOM_UTF32_BE + utf16.encode("utf-32-be"),
        f'<?xml version="1.0" encoding="UTF-16"?>{doctype}<Response/>'.encode("utf-16-le"),
        f'<?xml version="1.0" encoding="UTF-16"?>{doctype}<Response/>'.encode("utf-16-be"),
        # Declared character sets: UTF-7 spelling every "<" without the byte "<", and
        # multibyte sets with text before the DOCTYPE.
        b'<?xml version="1.0" encoding="UTF-7"?>' + _utf7_hidden(doctype) + b"<Response/>",
        f'<?xml version="1.0" encoding="Shift_JIS"?><!-- 電話 -->{doctype}<Response/>'.encode(
            "shift_jis"
        ),
        f'<?xml version="1.0" encoding="ISO-2022-JP"?><!-- 電話 -->{doctype}<Response/>'.encode(
            "iso2022_jp"
        ),
    ]


def _utf7_hidden(text: str) -> bytes:
    """``text`` in UTF-7, with every character but letters, digits and spaces in base64."""
    return "".join(
        char
        if char.isascii() and (char.isalnum() or char == " ")
        else "+" + base64.b64encode(char.encode("utf-16-be")).decode().rstrip("=") + "-"
        for char in text
    ).encode("ascii")


def _misplaced(fifo: Path) -> list[bytes]:
    """DOCTYPEs where none may be: in content, and after the root."""
    doctype = f'<!DOCTYPE r [<!ENTITY % p SYSTEM "{fifo}"> %p;]>'
    return [
        f"<Response>{doctype}</Response>".encode(),
        f"<Response/>{doctype}".encode(),
        f"<Response/><?pi <!-- ?>{doctype}<!-- -->".encode(),
        f"<Response><Say>x<!-- -->{doctype.lower()}</Say></Response>".encode(),
    ]


# More byte order marks than libxml2 skips are malformed as well.
_DOCTYPE_CODES = {Code.DOCTYPE_FORBIDDEN, Code.ENTITY_FORBIDDEN, Code.MALFORMED}


@pytest.fixture
def parsed(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """What reaches the XML parser, recorded."""
    seen: list[bytes] = []
    fromstring = etree.fromstring

    def spy(data: bytes, parser: etree.XMLParser) -> Any:
        seen.append(data)
        return fromstring(data, parser)

    monkeypatch.setattr(etree, "fromstring", spy)
    return seen


def _assert_refused(document: bytes, fifo: Path, parsed: list[bytes]) -> None:
    violations = _returns_at_once(partial(validate, document), fifo)
    assert isinstance(violations, tuple)
    codes = [v.code for v in violations]
    assert codes[0] is Code.DOCTYPE_FORBIDDEN, (document, violations)
    assert set(codes) <= _DOCTYPE_CODES, (document, violations)
    error = _returns_at_once(partial(parse, document), fifo)
    assert isinstance(error, ParseError), (document, error)
    assert error.violations == violations
    assert not [data for data in parsed if b"doctype" in data.lower()]


@pytest.mark.parametrize("number", range(24))
def test_smuggled_doctype_is_refused_and_never_parsed(
    number: int, fifo: Path, parsed: list[bytes]
) -> None:
    """Every route is doctype-forbidden, and the parser never sees a DOCTYPE."""
    document = _smuggled(fifo)[number]
    _assert_refused(document, fifo, parsed)


def test_every_smuggling_variant_is_tested(fifo: Path) -> None:
    """The parametrised test above covers the whole list."""
    assert len(_smuggled(fifo)) == 24


def test_misplaced_doctype_is_malformed_and_never_parsed(fifo: Path, parsed: list[bytes]) -> None:
    """A DOCTYPE in content or after the root is a syntax error, refused before parsing."""
    for document in _misplaced(fifo):
        violations = _returns_at_once(partial(validate, document), fifo)
        assert isinstance(violations, tuple)
        assert [v.code for v in violations] == [Code.MALFORMED], document
        assert "only come before the root element" in violations[0].message
        assert violations[0].column == document.lower().index(b"<!doctype") + 1
        assert isinstance(_returns_at_once(partial(parse, document), fifo), ParseError)
    assert not parsed


def test_smuggled_doctype_is_refused_by_the_last_scan_alone(
    fifo: Path, parsed: list[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the prolog scan switched off, anything like a DOCTYPE is still refused unparsed."""
    monkeypatch.setattr(_parse, "scan_prolog", _no_prolog)
    for document in [*_smuggled(fifo), *_external(fifo)]:
        violations = _returns_at_once(partial(validate, document), fifo)
        assert isinstance(violations, tuple)
        assert [v.code for v in violations] == [Code.DOCTYPE_FORBIDDEN]
    for document in _misplaced(fifo):
        violations = _returns_at_once(partial(validate, document), fifo)
        assert isinstance(violations, tuple)
        assert [v.code for v in violations] == [Code.MALFORMED]
    assert not parsed


def test_smuggled_doctype_is_refused_by_the_prolog_scan_alone(
    fifo: Path, parsed: list[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the last scan switched off, the prolog scan still finds every DOCTYPE of a prolog."""
    monkeypatch.setattr(_parse, "stray_doctype", _no_stray)
    for document in [*_smuggled(fifo), *_external(fifo)]:
        violations = _returns_at_once(partial(validate, document), fifo)
        assert isinstance(violations, tuple)
        assert violations[0].code is Code.DOCTYPE_FORBIDDEN, document
        assert violations[0].message.endswith("is not allowed"), document
    assert parsed
    assert not [data for data in parsed if b"doctype" in data.lower()]


def test_smuggled_doctype_is_refused_by_the_parser_alone(
    fifo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With both scans switched off, the parser opens nothing and a DOCTYPE is never valid."""
    monkeypatch.setattr(_parse, "scan_prolog", _no_prolog)
    monkeypatch.setattr(_parse, "stray_doctype", _no_stray)
    for document in [*_smuggled(fifo), *_misplaced(fifo)]:
        violations = _returns_at_once(partial(validate, document), fifo)
        assert isinstance(violations, tuple)
        assert {v.code for v in violations} & {Code.DOCTYPE_FORBIDDEN, Code.MALFORMED}
    # Where the parser takes the DOCTYPE, the refused URL or the DTD it leaves says so.
    for document in [*_external(fifo), b"<!DOCTYPE r [<!ELEMENT r ANY>]><Response/>"]:
        violations = _returns_at_once(partial(validate, document), fifo)
        assert isinstance(violations, tuple)
        assert [v.code for v in violations] == [Code.DOCTYPE_FORBIDDEN], document


def test_smuggled_doctype_is_refused_on_the_command_line(fifo: Path, tmp_path: Path) -> None:
    """The command line reports each route, with exit status 1."""
    documents = [(d, "doctype-forbidden") for d in _smuggled(fifo)]
    documents += [(d, "malformed") for d in _misplaced(fifo)]
    for number, (document, code) in enumerate(documents):
        path = tmp_path / f"doc{number}.xml"
        path.write_bytes(document)
        out = io.StringIO()
        run = partial(main, ["validate", str(path)], stdout=out, stderr=io.StringIO())
        status = _returns_at_once(run, fifo)
        assert status == 1, (document, out.getvalue())
        assert code in out.getvalue()


def test_doctype_positions_are_true_after_byte_order_marks() -> None:
    """A DOCTYPE after BOMs and a comment is placed where it is, as str or bytes; so is the next."""
    document = "\ufeff\ufeff<!-- c -->\n<!DOCTYPE a>\n <!DOCTYPE b [<!ENTITY e 'x'>]><Response/>"
    for data in (document, document.encode(), document[1:].encode("utf-16")):
        assert [(v.code.value, v.line, v.column) for v in validate(data)] == [
            ("doctype-forbidden", 2, 1),
            ("doctype-forbidden", 3, 2),
            ("entity-forbidden", 3, 15),
        ]


# Prologs assembled from pieces that each end where the parser says they end: whatever the
# order, a DOCTYPE is found, and the parser never sees one.
_HARMLESS = ["\ufeff", " ", "\r\n", "<!-- ]> -->", "<?p ]>'\"?>", "<!-- <!DOCTYPE x> -->"]
_DOCTYPES = [
    "<!DOCTYPE r>",
    "<!doctype r SYSTEM ']>'>",
    "<!DOCTYPE r [<?x ]>?><!-- ]> --><!ENTITY a ']>'>]>",
    '<!DOCTYPE r PUBLIC "]" "]>" [ <!ENTITY % p "x"> %p; ]>',
]


@given(
    st.lists(st.sampled_from(_HARMLESS + _DOCTYPES), max_size=8),
    st.lists(st.sampled_from(_HARMLESS[2:] + _DOCTYPES), max_size=3),
    st.booleans(),
)
def test_doctypes_in_any_prolog_are_found(before: list[str], after: list[str], root: bool) -> None:
    """Before the root a DOCTYPE is doctype-forbidden, after it malformed; none is parsed."""
    declaration = "<?xml version='1.0'?>" if root else ""
    document = declaration + "".join(before) + "<Response/>" + "".join(after)
    seen: list[bytes] = []
    fromstring = etree.fromstring

    def spy(data: bytes, parser: etree.XMLParser) -> Any:
        seen.append(data)
        return fromstring(data, parser)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(etree, "fromstring", spy)
        codes = [v.code for v in validate(document.encode())]
    commented = _HARMLESS[-1].lower().encode()
    assert not [data for data in seen if b"doctype" in data.lower().replace(commented, b"")]
    if any(piece in _DOCTYPES for piece in before):
        assert codes[0] is Code.DOCTYPE_FORBIDDEN
    if any(piece in _DOCTYPES for piece in after):
        assert Code.MALFORMED in codes
    if not {*before, *after} & set(_DOCTYPES):
        assert Code.DOCTYPE_FORBIDDEN not in codes


# User classes cannot steer construction or rendering: values are stored as exact str, int and
# bool, and children are tested by type().


class LyingStr(str):
    """A str that lies in every method rendering or checking could call."""

    __slots__ = ()

    def strip(self, chars: str | None = None) -> str:
        """A lie."""
        del chars
        return "<Hangup/>"

    def replace(self, old: str, new: str, count: SupportsIndex = -1) -> str:
        """A lie."""
        del old, new, count
        return "]]><Hangup/>"

    def __len__(self) -> int:
        """A lie."""
        return 0

    def __eq__(self, other: object) -> bool:
        """A lie."""
        del other
        return True

    def __ne__(self, other: object) -> bool:
        """A lie."""
        del other
        return False

    __hash__ = str.__hash__

    def __str__(self) -> str:
        """A lie."""
        return "<Hangup/>"

    def isprintable(self) -> bool:
        """A lie."""
        return True

    def translate(self, table: Any) -> str:
        """A lie."""
        del table
        return "<Hangup/>"


class EscapingStr(str):
    """Like markupsafe.Markup: escapes the arguments of its own replace()."""

    __slots__ = ()

    def replace(self, old: str, new: str, count: SupportsIndex = -1) -> str:
        """Escape what is put in, as Markup does."""
        escaped = new.replace("&", "&amp;")
        return str.replace(self, old, escaped, count)


class LyingInt(int):
    """An int that lies in its conversions and comparisons."""

    def __int__(self) -> int:
        """A lie."""
        return 99

    def __index__(self) -> int:
        """A lie."""
        return 99

    def __str__(self) -> str:
        """A lie."""
        return "<Hangup/>"

    def __repr__(self) -> str:
        """A lie."""
        return "<Hangup/>"

    def __le__(self, other: object) -> bool:
        """A lie."""
        del other
        return True

    def __ge__(self, other: object) -> bool:
        """A lie."""
        del other
        return True


def _exact(node: Node) -> None:
    """Every value of ``node`` and its children is of an exact built-in type."""
    for field in attrs.fields(type(node)):
        value: object = getattr(node, field.name)
        if field.name == "children":
            for child in cast("tuple[Node, ...]", value):
                _exact(child)
        elif type(value) is tuple:
            entries = cast("tuple[object, ...]", value)
            assert {type(entry) for entry in entries} <= {str}, (field.name, value)
        else:
            assert type(value) in {str, int, bool, type(None)}, (field.name, type(value))


def test_str_subclasses_are_stored_as_exact_str() -> None:
    """Text, attributes and list entries given as lying subclasses are stored as plain str."""
    node = Response(
        Say(LyingStr("Tom & Jerry"), language=LyingStr(" en-GB "), voice=LyingStr("man")),  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
        Play(LyingStr("https://example.com/a.mp3")),
        Gather(
            hints=(LyingStr("a b"), LyingStr("c")),
            method=LyingStr("POST"),  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
            finish_on_key=LyingStr("#"),
        ),
        Dial(
            Number(
                LyingStr("+15551234567"),
                status_callback_event=(LyingStr("answered"),),  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
            ),
            caller_id=LyingStr("+15550000000"),
        ),
        Redirect(LyingStr("/next")),
    )
    _exact(node)
    say = node.children[0]
    assert isinstance(say, Say)
    assert (say.text, say.language, say.voice) == ("Tom & Jerry", "en-GB", "man")
    xml = render(node)
    assert "<Hangup/>" not in xml
    assert '<Say language="en-GB" voice="man">Tom &amp; Jerry</Say>' in xml
    assert parse(xml) == node


def test_a_markup_like_str_renders_escaped_once() -> None:
    """A str whose replace() escapes its arguments (markupsafe.Markup) is escaped once."""
    node = Response(Say(EscapingStr("Tom & Jerry")))
    _exact(node)
    assert "<Say>Tom &amp; Jerry</Say>" in render(node)
    assert parse(render(node)) == node


def test_int_subclasses_are_stored_as_exact_int() -> None:
    """An int subclass that lies in __int__, __str__ and comparisons is stored as its value."""
    node = Response(Pause(length=LyingInt(3)), Say("x", loop=LyingInt(2)))
    _exact(node)
    assert render(node).endswith('<Pause length="3"/><Say loop="2">x</Say></Response>')
    with pytest.raises(InvalidMarkupError):
        Pause(length=LyingInt(0))


def test_enumeration_members_are_stored_as_their_values() -> None:
    """StrEnum and IntEnum members (http.HTTPMethod, say) are stored as plain str and int."""

    class Seconds(enum.IntEnum):
        THREE = 3

    class HTTPMethod(str, enum.Enum):  # as http.HTTPMethod, a StrEnum
        POST = "POST"

    node = Response(Gather(method=HTTPMethod.POST, timeout=Seconds.THREE))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    _exact(node)
    assert render(node).endswith('<Gather method="POST" timeout="3"/></Response>')


def test_the_interpreter_stores_exact_values_too() -> None:
    """judge_node, which the compiled constructors fall back to, stores exact values as well."""
    node = object.__new__(Say)
    for name, value in (
        ("text", LyingStr(" hi ")),
        ("language", LyingStr("en")),
        ("loop", LyingInt(2)),
        ("voice", LyingStr("woman")),
    ):
        object.__setattr__(node, name, value)
    judge_node(node)
    _exact(node)
    assert (node.text, node.language, node.loop, node.voice) == ("hi", "en", 2, "woman")
    evolved = attrs.evolve(Say("a"), text=LyingStr("hi"))
    assert type(evolved.text) is str
    assert str.__eq__(evolved.text, "hi")


@pytest.mark.parametrize(
    "build",
    [
        lambda: Response(Mock(spec=Say)),
        lambda: Gather(Mock(spec=Say)),
        lambda: Dial(Mock(spec=Number)),
        lambda: Response(type("MySay", (Say,), {})("x")),
        lambda: Say(Mock(spec=str)),
        lambda: Say("x", loop=Mock(spec=int)),
        lambda: Record(play_beep=Mock(spec=bool)),
        lambda: Number("1", status_callback_event=Mock(spec=tuple)),
        lambda: render(Mock(spec=Response)),
    ],
)
def test_objects_that_only_claim_a_type_are_refused(build: Callable[[], object]) -> None:
    """A mock with a spec, or a subclass of a node class, is a TypeError, not a node."""
    with pytest.raises(TypeError):
        build()


# XML names: astral characters are name characters, and U+1680 (which \s matches) is one too.


@pytest.mark.parametrize("name", ["\U00010000", "a\U000effff", "\u1680x", "x\u0300\u203f"])
def test_entities_with_any_xml_name_are_forbidden_not_malformed(name: str) -> None:
    """A reference to an entity named with astral or U+1680 characters is entity-forbidden."""
    document = f'<Response><Say language="&{name};">&{name};</Say></Response>'
    assert [(v.code, v.path, v.column) for v in validate(document)] == [
        (Code.ENTITY_FORBIDDEN, "/Response/Say[1]/@language", 16),
    ]
    assert [(v.code, v.path) for v in validate(f"<Response><Say>&{name};</Say></Response>")] == [
        (Code.ENTITY_FORBIDDEN, "/Response/Say[1]"),
    ]


def test_attribute_names_with_u1680_are_read_and_placed() -> None:
    """A start tag with U+1680 in an attribute name is read: every finding in its place."""
    document = "<Response><Say a\u1680b='&e;' loop='x' \U00010000='1'>hi</Say></Response>"
    assert [(v.code, v.path, v.column) for v in validate(document)] == [
        (Code.UNKNOWN_ATTRIBUTE, "/Response/Say[1]/@a\u1680b", document.index("a\u1680b") + 1),
        (Code.ENTITY_FORBIDDEN, "/Response/Say[1]/@a\u1680b", document.index("a\u1680b") + 1),
        (Code.BAD_ATTRIBUTE_VALUE, "/Response/Say[1]/@loop", document.index("loop") + 1),
        (Code.UNKNOWN_ATTRIBUTE, "/Response/Say[1]/@\U00010000", document.index("\U00010000") + 1),
    ]
    plain = document.replace("&e;", "1")
    columns = [plain.index(name) + 1 for name in ("a\u1680b", "loop", "\U00010000")]
    assert [v.column for v in validate(plain)] == columns


# The scans and the XML parser read one and the same text: a document given as a subclass of
# str or bytes cannot show the scans one text and the parser another.

_FIFO_DOCTYPE = b'<!DOCTYPE r [<!ENTITY % p SYSTEM "/dev/zero"> %p;]><Response/>'


class TwoFacedStr(str):
    """A str whose encoding is another document."""

    __slots__ = ()

    def encode(self, encoding: str = "utf-8", errors: str = "strict") -> bytes:
        """A lie."""
        del encoding, errors
        return _FIFO_DOCTYPE

    def startswith(self, *args: Any) -> bool:
        """A lie."""
        del args
        return False


class TwoFacedBytes(bytes):
    """Bytes whose slices and prefixes are another document."""

    def __getitem__(self, index: Any) -> Any:
        """A lie for every slice."""
        if isinstance(index, slice):
            return b"<Response><Hangup/></Response>"
        return bytes.__getitem__(self, cast("int", index))

    def startswith(self, *args: Any) -> bool:
        """A lie."""
        del args
        return False


def test_a_str_subclass_is_judged_by_its_text(parsed: list[bytes]) -> None:
    """A str subclass is read as its characters; its encode() never reaches the parser."""
    document = TwoFacedStr("<Response><Hangup/></Response>")
    assert validate(document) == ()
    assert parse(document) == Response(Hangup())
    assert parsed == [b"<Response><Hangup/></Response>"] * 2


def test_a_bytes_subclass_is_judged_by_its_bytes(parsed: list[bytes]) -> None:
    """A bytes subclass is read as its buffer: the scans find the DOCTYPE it holds."""
    document = TwoFacedBytes(_FIFO_DOCTYPE)
    violations = validate(document)
    assert [v.code for v in violations] == [Code.DOCTYPE_FORBIDDEN, Code.ENTITY_FORBIDDEN]
    assert violations[0].message == "a document type declaration (<!DOCTYPE ...>) is not allowed"
    assert parsed == [b" " * _FIFO_DOCTYPE.index(b"<Response/>") + b"<Response/>"]


def test_an_object_that_only_claims_to_be_text_is_a_type_error() -> None:
    """isinstance() can be told a lie; the type of the document cannot."""
    for claimed in (str, bytes):
        impostor = Mock(spec=claimed)
        assert isinstance(impostor, claimed)
        with pytest.raises(TypeError, match="expected str, bytes, bytearray or memoryview"):
            validate(impostor)


def test_a_document_is_decoded_once(parsed: list[bytes]) -> None:
    """The parser reads the text the scans read: a declared UTF-7 is not decoded again."""
    declaration = '<?xml version="1.0" encoding="UTF-7"?>'
    data = f"{declaration}<Response><Say>+ACs-ADw-Hangup/+ACs-AD4-</Say></Response>".encode()
    # Decoded twice, the text would be <Hangup/>: a verb inside <Say>.
    assert parse(data) == Response(Say("+ADw-Hangup/+AD4-"))
    assert parsed == [f"{declaration}<Response><Say>+ADw-Hangup/+AD4-</Say></Response>".encode()]


class _DoctypeWitness:
    """A parser target that notes every DOCTYPE libxml2 reads, and builds nothing."""

    def __init__(self) -> None:
        self.doctypes: list[str] = []

    def doctype(self, name: str, public_id: str | None, system_url: str | None) -> None:
        """Note a DOCTYPE the parser read."""
        del public_id, system_url
        self.doctypes.append(name)

    def start(self, tag: str | bytes, attrib: dict[str | bytes, str | bytes]) -> None:
        """Nothing to build."""

    def end(self, tag: str | bytes) -> None:
        """Nothing to build."""

    def data(self, data: str | bytes) -> None:
        """Nothing to build."""

    def comment(self, text: str | bytes) -> None:
        """Nothing to build."""

    def close(self) -> None:
        """Nothing to return."""


def _parser_reads_a_doctype(data: bytes) -> bool:
    """Whether libxml2, configured as the library's parser, reads a DOCTYPE in ``data``."""
    witness = _DoctypeWitness()
    # As the library's parser reads, but with IDs collected, which keeps libxml2 from loading
    # anything a DOCTYPE names (the witness only needs to know that it read one).
    reader = etree.XMLParser(
        target=witness, encoding="utf-8", resolve_entities=False, load_dtd=False, no_network=True
    )
    with contextlib.suppress(etree.XMLSyntaxError):
        etree.fromstring(data, reader)
    return bool(witness.doctypes)


# Pieces of prologs and documents, whole and cut short, and the ways bytes may carry them.
_PIECES = [
    *("\ufeff", " ", "\r\n", "<!--", "-->", "<!-->", "<?", "?>", "<?p ", "'", '"', "[", "]"),
    *(">", "]>", "<", "<!", "<![CDATA[", "]]>", "<!ENTITY % p 'x'>", "%p;", "&e;", "x"),
    *("<!DOCTYPE r", "<!doctype r", "<!DocType r [", " SYSTEM '/dev/zero'"),
    *("<?xml version='1.0'?>", "<Response>", "</Response>", "<Response/>", "<Hangup/>"),
]
_CARRIERS: list[Callable[[str], bytes]] = [
    lambda text: text.encode("utf-8", "surrogatepass"),
    lambda text: codecs.BOM_UTF8 + text.encode("utf-8", "surrogatepass"),
    lambda text: text.encode("utf-16"),
    lambda text: codecs.BOM_UTF32_BE + text.encode("utf-32-be"),
    lambda text: b'<?xml version="1.0" encoding="UTF-7"?>' + _utf7_hidden(text),
]


@given(
    st.lists(st.sampled_from(_PIECES), max_size=12),
    st.sampled_from(range(len(_CARRIERS))),
)
def test_the_parser_never_reads_a_doctype(pieces: list[str], carrier: int) -> None:
    """Whatever the pieces and the encoding, the scans leave the parser no DOCTYPE to read."""
    document = _CARRIERS[carrier]("".join(pieces))
    seen: list[bytes] = []
    fromstring = etree.fromstring

    def spy(data: bytes, parser: etree.XMLParser) -> Any:
        seen.append(data)
        return fromstring(data, parser)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(etree, "fromstring", spy)
        violations = validate(document)
    assert not [data for data in seen if _parser_reads_a_doctype(data)], document
    assert not [v for v in violations if "reached the XML parser" in v.message]
