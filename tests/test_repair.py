"""Malformations the platform repairs (spec §8.6): a bare ``&`` and whitespace before ``<?xml``.

Both stay ``malformed``, each at its place, and no longer hide the rest of the document, which
is judged as the platform reads it, with every position in the input as written.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import pytest
from corpus import corpus_rows, needs_corpus
from documents import UNKNOWN

from callmarkup import Code, InvalidMarkupError, ParseError, parse, validate
from callmarkup._cli import main
from callmarkup._repair import repaired_text

if TYPE_CHECKING:
    from pathlib import Path

AMPERSAND = "a bare '&' is not well-formed XML; write &amp;"
BEFORE = "remove what comes before <?xml …?>; the platform trims it, XML tools refuse it"


def _found(data: str | bytes) -> list[tuple[str, str, int | None, int | None]]:
    return [(v.code.value, v.path, v.line, v.column) for v in validate(data)]


def test_each_bare_ampersand_is_its_own_violation() -> None:
    """Every bare & is malformed at its own place, with the hint &amp;."""
    document = "<Response>\n  <Say>Fish & chips</Say>\n  <Say>A&amp;B & C</Say></Response>"
    assert _found(document) == [
        ("malformed", "/", 2, 13),
        ("malformed", "/", 3, 16),
    ]
    assert {v.message for v in validate(document)} == {AMPERSAND}


def test_faults_after_a_repair_are_reported_where_they_are_written() -> None:
    """The rest is judged as repaired; positions refer to the input (§8.6, §8.8)."""
    document = (
        "<Response><Dial><Number>123?X-A=1&X-B=2</Number></Dial>\n"
        f'<Say loop="x">A & B</Say><Pause length="0"/><{UNKNOWN}/></Response>'
    )
    assert _found(document) == [
        ("malformed", "/", 1, 34),
        ("malformed", "/", 2, 17),
        ("bad-attribute-value", "/Response/Say[1]/@loop", 2, 6),
        ("bad-attribute-value", "/Response/Pause[1]/@length", 2, 33),
        ("unknown-element", f"/Response/{UNKNOWN}[1]", 2, 45),
    ]


def test_an_ampersand_in_an_attribute_is_repaired_too() -> None:
    """A bare & in an attribute value is repaired and the value judged."""
    document = '<Response><Redirect method="GET&">/a?b=1&c=2</Redirect></Response>'
    assert _found(document) == [
        ("malformed", "/", 1, 32),
        ("malformed", "/", 1, 41),
        ("bad-attribute-value", "/Response/Redirect[1]/@method", 1, 21),
    ]


def test_whitespace_before_the_declaration_is_repaired() -> None:
    """Leading whitespace is malformed with its own message; the rest is judged (§8.6)."""
    document = (
        ' \n\t<?xml version="1.0" encoding="UTF-8"?>\n<Response><Pause length="0"/></Response>'
    )
    violations = validate(document)
    assert [(v.code.value, v.line, v.column) for v in violations] == [
        ("malformed", 1, 1),
        ("bad-attribute-value", 3, 18),
    ]
    assert violations[0].message == BEFORE
    assert _found(document.encode("utf-8")) == _found(document)


def test_whitespace_and_ampersands_together() -> None:
    """Both repairs in one document; positions still refer to the input."""
    document = f'\n <?xml version="1.0"?><Response><Say>A & B</Say><{UNKNOWN}/></Response>'
    assert _found(document) == [
        ("malformed", "/", 1, 1),
        ("malformed", "/", 2, 40),
        ("unknown-element", f"/Response/{UNKNOWN}[1]", 2, 49),
    ]


def test_anything_else_before_the_declaration_ends_the_judgement() -> None:
    """Text or a comment before <?xml is malformed with the same message, and nothing more."""
    for document in (
        'junk<?xml version="1.0"?><Response><Pause length="0"/></Response>',
        '<!-- hi --><?xml version="1.0"?><Response><Pause length="0"/></Response>',
    ):
        violations = validate(document)
        assert [(v.code.value, v.message) for v in violations] == [("malformed", BEFORE)]


def test_other_malformations_are_reported_as_before() -> None:
    """With another fault, the document is malformed once, at its first fatal error (§7)."""
    document = "<Response><Say>A & B</Say><Say>unclosed</Response>"
    assert [v.code for v in validate(document)] == [Code.MALFORMED]
    assert _found("<Response><Say>&#0; & x</Say></Response>")[0][0] == "malformed"
    assert len(validate("<Response><Say>&#0; & x</Say></Response>")) == 1


def test_parse_raises_parse_error_with_every_violation() -> None:
    """parse() still refuses a repaired document, carrying all its violations."""
    document = "<Response><Say>A & B</Say><Pause length='0'/></Response>"
    with pytest.raises(ParseError) as raised:
        parse(document)
    assert raised.value.violations == validate(document)
    assert [v.code for v in raised.value.violations] == [
        Code.MALFORMED,
        Code.BAD_ATTRIBUTE_VALUE,
    ]
    assert (raised.value.line, raised.value.column) == (1, 18)
    assert not isinstance(raised.value, InvalidMarkupError)


def test_warnings_of_a_repaired_document_are_reported() -> None:
    """Asked for, the warnings of the repaired document come too."""
    document = "<Response><Hangup/><Say>A & B</Say></Response>"
    assert [(v.code.value, v.severity) for v in validate(document, warnings=True)] == [
        ("malformed", "error"),
        ("unreachable-verb", "warning"),
    ]


def test_entities_and_doctypes_are_still_reported_after_a_repair() -> None:
    """Hostile-input codes of the repaired document are kept, in the input's positions."""
    document = "<!DOCTYPE Response>\n<Response><Say>&nbsp; & x</Say></Response>"
    assert _found(document) == [
        ("malformed", "/", 2, 23),
        ("doctype-forbidden", "/", 1, 1),
        ("entity-forbidden", "/Response/Say[1]", 2, 11),
    ]


@needs_corpus
def test_manifest_rows_with_bare_ampersands_have_one_malformed_each() -> None:
    """The corpus's custom-header examples: each bare & is one malformed, nothing else."""
    rows = [
        row for row in corpus_rows() if "bare '&'" in row.path.name or row.codes == ("malformed",)
    ]
    checked = 0
    for row in rows:
        data = row.path.read_bytes()
        if b"&" not in data or repaired_text(data.decode("utf-8", "replace")) is None:
            continue
        codes = {v.code for v in validate(data)}
        assert codes == {Code.MALFORMED}, row.file
        checked += 1
    assert checked >= 3


def test_repaired_text_is_what_the_platform_reads() -> None:
    """Leading whitespace removed, every bare & escaped; None when nothing needs it."""
    assert repaired_text('  <?xml version="1.0"?><Response/>') == '<?xml version="1.0"?><Response/>'
    assert repaired_text("<Response><Say a='&'>&amp; & &lt;</Say></Response>") == (
        "<Response><Say a='&amp;'>&amp; &amp; &lt;</Say></Response>"
    )
    assert repaired_text("<Response/>") is None
    assert repaired_text('x<?xml version="1.0"?><Response/>') is None


def _run(*argv: str) -> tuple[int, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), stdin=io.StringIO(""), stdout=out, stderr=err)
    return status, err.getvalue()


def test_fmt_fix_writes_the_repaired_canonical_document(tmp_path: Path) -> None:
    """Fmt --fix repairs; fmt alone refuses the malformed document as before (§8.6)."""
    path = tmp_path / "a.xml"
    original = b' \n<?xml version="1.0"?>\n<Response><Dial>123?X-A=1&X-B=2</Dial></Response>\n'
    path.write_bytes(original)
    status, err = _run("fmt", str(path))
    assert status == 1
    assert "malformed" in err
    assert path.read_bytes() == original
    status, err = _run("fmt", "--fix", str(path))
    assert status == 0, err
    assert path.read_bytes() == (
        b'<?xml version="1.0" encoding="UTF-8"?>'
        b"<Response><Dial>123?X-A=1&amp;X-B=2</Dial></Response>\n"
    )


def test_fmt_fix_leaves_documents_with_other_errors_alone(tmp_path: Path) -> None:
    """A repaired document that still breaks the dialect is reported, not written."""
    path = tmp_path / "b.xml"
    original = b"<Response><Say loop='x'>A & B</Say></Response>"
    path.write_bytes(original)
    status, err = _run("fmt", "--fix", str(path))
    assert status == 1
    assert "bad-attribute-value" in err
    assert path.read_bytes() == original
