"""``callmarkup fmt``: canonical or pretty rewriting that keeps meaning and is idempotent."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from corpus import CorpusRow, corpus_cases, corpus_rows
from documents import Tree, trees
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from callmarkup import Response, _fmt_command, parse, render, validate
from callmarkup._cli import main
from callmarkup._source import comments

MESSY = (
    "<?xml version='1.0'?>\n<Response>\n  <Gather action=' /menu ' numDigits='01' method='get'>\n"
    "    <Say> Press 1. </Say>\n  </Gather>\n  <Hangup></Hangup>\n</Response>\n"
)
CANONICAL = (
    '<?xml version="1.0" encoding="UTF-8"?><Response><Gather action="/menu" method="GET"'
    ' numDigits="1"><Say>Press 1.</Say></Gather><Hangup/></Response>\n'
)
VALID_ROWS = [row for row in corpus_rows() if row.expected == "valid"]


def _run(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), stdin=io.StringIO(stdin), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def _file(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_bytes(text.encode("utf-8"))
    return path


def test_fmt_rewrites_in_canonical_form_with_a_final_newline(tmp_path: Path) -> None:
    """The file becomes the canonical form plus one newline, meaning the same."""
    path = _file(tmp_path, "menu.xml", MESSY)
    status, out, err = _run("fmt", str(path))
    assert (status, out) == (0, "")
    assert err == f"{path}: reformatted\n1 file: 1 reformatted, 0 unchanged, 0 failed\n"
    assert path.read_text(encoding="utf-8") == CANONICAL
    assert parse(path.read_bytes()) == parse(MESSY)
    assert path.read_bytes().rstrip(b"\n") == render(parse(MESSY)).encode()


def test_fmt_is_idempotent(tmp_path: Path) -> None:
    """A formatted file is left alone, byte for byte, and reported unchanged."""
    path = _file(tmp_path, "menu.xml", MESSY)
    assert _run("fmt", str(path))[0] == 0
    first = path.read_bytes()
    status, _, err = _run("fmt", str(path))
    assert status == 0
    assert err == "1 file: 0 reformatted, 1 unchanged, 0 failed\n"
    assert path.read_bytes() == first
    assert _run("fmt", "--check", str(path))[0] == 0


def test_fmt_pretty_indents_and_is_idempotent(tmp_path: Path) -> None:
    """--pretty writes the indented form, which ends with its own newline."""
    path = _file(tmp_path, "menu.xml", MESSY)
    assert _run("fmt", "--pretty", str(path))[0] == 0
    assert path.read_text(encoding="utf-8") == render(parse(MESSY), pretty=True)
    assert _run("fmt", "--pretty", "--check", str(path))[0] == 0
    assert _run("fmt", "--check", str(path))[0] == 1


def test_check_writes_nothing_and_fails_when_a_file_would_change(tmp_path: Path) -> None:
    """--check exits 1 and names the files that would be reformatted."""
    messy = _file(tmp_path, "a.xml", MESSY)
    tidy = _file(tmp_path, "b.xml", CANONICAL)
    status, out, err = _run("fmt", "--check", str(tmp_path))
    assert (status, out) == (1, "")
    assert (
        err == f"{messy}: would reformat\n2 files: 1 would be reformatted, 1 unchanged, 0 failed\n"
    )
    assert messy.read_text(encoding="utf-8") == MESSY
    assert tidy.read_text(encoding="utf-8") == CANONICAL


def test_diff_prints_a_unified_diff_and_writes_nothing(tmp_path: Path) -> None:
    """--diff shows the change; with --check it also fails."""
    path = _file(tmp_path, "a.xml", "<Response><Hangup></Hangup></Response>")
    status, out, _ = _run("fmt", "--diff", str(path))
    assert status == 0
    assert out.splitlines() == [
        f"--- {path}\t(original)",
        f"+++ {path}\t(formatted)",
        "@@ -1 +1 @@",
        "-<Response><Hangup></Hangup></Response>",
        "\\ No newline at end of file",
        '+<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>',
    ]
    assert path.read_text(encoding="utf-8") == "<Response><Hangup></Hangup></Response>"
    assert _run("fmt", "--diff", "--check", str(path))[0] == 1


def test_documents_with_comments_are_refused(tmp_path: Path) -> None:
    """Comments cannot survive the model: fmt says where the first is and leaves the file."""
    text = "<Response>\n  <!-- menu -->\n  <Hangup/><?pi x?>\n</Response>"
    path = _file(tmp_path, "a.xml", text)
    status, out, err = _run("fmt", str(path))
    assert (status, out) == (1, "")
    assert err.splitlines() == [
        f"{path}:2:3: not formatted: 2 comments or processing instructions, which the"
        " formatted document cannot keep; remove them or pass --drop-comments",
        "1 file: 0 reformatted, 0 unchanged, 1 failed",
    ]
    assert path.read_text(encoding="utf-8") == text
    assert _run("fmt", "--drop-comments", str(path))[0] == 0
    assert path.read_text(encoding="utf-8") == render(parse(text)) + "\n"


def test_comment_like_text_is_not_a_comment(tmp_path: Path) -> None:
    """Markup inside CDATA is text, and the XML declaration is no processing instruction."""
    text = '<?xml version="1.0"?><Response><Say><![CDATA[<!-- not a comment -->]]></Say></Response>'
    path = _file(tmp_path, "a.xml", text)
    assert _run("fmt", str(path))[0] == 0
    assert parse(path.read_bytes()) == parse(text)


def test_invalid_documents_are_reported_and_never_rewritten(tmp_path: Path) -> None:
    """Errors are reported like validate does; the file stays as it was."""
    text = "<Response>\n  <Dial/>\n</Response>"
    path = _file(tmp_path, "a.xml", text)
    status, out, err = _run("fmt", str(path))
    assert (status, out) == (1, "")
    assert err.splitlines()[0].startswith(f"{path}:2:3: empty <Dial> is empty")
    assert path.read_text(encoding="utf-8") == text


def test_warnings_do_not_stop_formatting(tmp_path: Path) -> None:
    """Fmt formats legal documents, suspect or not."""
    path = _file(tmp_path, "a.xml", "<Response><Hangup/><Say>Bye</Say></Response>")
    assert _run("fmt", str(path))[0] == 0


def test_standard_input_is_formatted_to_standard_output() -> None:
    """- reads standard input and writes the document to standard output, even unchanged."""
    status, out, err = _run("fmt", "-", stdin=MESSY)
    assert (status, out) == (0, CANONICAL)
    assert err.startswith("<stdin>: reformatted\n")
    assert _run("fmt", "-", stdin=CANONICAL)[:2] == (0, CANONICAL)
    assert _run("fmt", "--check", "-", stdin=MESSY)[:2] == (1, "")


def test_other_encodings_are_rewritten_as_utf8(tmp_path: Path) -> None:
    """A Latin-1 document becomes UTF-8 with the canonical declaration; text is kept."""
    path = tmp_path / "a.xml"
    path.write_bytes(
        b'<?xml version="1.0" encoding="ISO-8859-1"?><Response><Say>Caf\xe9</Say></Response>'
    )
    assert _run("fmt", str(path))[0] == 0
    assert path.read_text(encoding="utf-8").endswith("<Say>Café</Say></Response>\n")


def test_unwritable_files_are_io_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file that cannot be written is reported and exits 2."""
    path = _file(tmp_path, "a.xml", MESSY)

    def refuse(_self: Path, _data: bytes) -> int:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "write_bytes", refuse)
    status, _, err = _run("fmt", str(path))
    assert status == 2
    assert f"callmarkup: cannot write {path}: Permission denied" in err
    assert err.endswith("1 file: 0 reformatted, 0 unchanged, 1 failed\n")


def test_a_change_of_meaning_is_never_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the rendered form read back differently, the file is left and the run fails."""
    path = _file(tmp_path, "a.xml", MESSY)

    def other_document(_node: Response, *, pretty: bool) -> str:
        del pretty
        return render(Response())

    monkeypatch.setattr(_fmt_command, "render", other_document)
    status, _, err = _run("fmt", str(path))
    assert status == 1
    assert f"{path}: not formatted: the result would mean something else" in err
    assert path.read_text(encoding="utf-8") == MESSY


def test_missing_files_and_empty_folders_exit_two(tmp_path: Path) -> None:
    """I/O errors and finding no document are usage errors, as for validate."""
    assert _run("fmt", str(tmp_path / "missing.xml"))[0] == 2
    status, _, err = _run("fmt", str(tmp_path))
    assert status == 2
    assert "no documents found" in err


@pytest.mark.parametrize("row", corpus_cases(VALID_ROWS))
def test_fmt_keeps_the_meaning_of_corpus_documents(row: CorpusRow) -> None:
    """Every valid corpus document formats to the same node, and then stays put."""
    data = row.path.read_bytes()
    status, once, _ = _run("fmt", "--drop-comments", "-", stdin=data.decode("utf-8"))
    assert status == 0
    assert parse(once) == parse(data)
    assert _run("fmt", "-", stdin=once)[1] == once


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(trees(), st.sampled_from(["", "\n", "\n\t  "]), st.booleans())
def test_fmt_never_changes_meaning_and_is_idempotent(
    tree: Tree, spacing: str, pretty: bool
) -> None:
    """For generated documents: same node after fmt, and fmt of fmt changes nothing."""
    source = tree.xml(spacing=spacing)
    assert validate(source) == ()
    options = ["--pretty"] if pretty else []
    status, once, _ = _run("fmt", *options, "-", stdin=source)
    assert status == 0
    assert parse(once) == parse(source)
    assert _run("fmt", *options, "-", stdin=once)[1] == once
    assert _run("fmt", "--check", *options, "-", stdin=once)[0] == 0


def test_comment_scanner_stops_at_unclosed_markup() -> None:
    """On text the parser would refuse, the scanner still ends, reporting what it saw."""
    assert comments("<Response><!-- open") == [10]
    assert comments("<Response><![CDATA[ <!-- ") == []
    assert comments("<?xml version='1.0'?><?pi?>") == [21]


def test_products_go_to_the_byte_stream_of_standard_output() -> None:
    """With a real text stream, documents are written as UTF-8 bytes whatever its encoding."""
    raw = io.BytesIO()
    out = io.TextIOWrapper(raw, encoding="latin-1")
    status = main(
        ["fmt", "-"], stdin=io.StringIO("<Response><Say>東京</Say></Response>"), stdout=out
    )
    assert status == 0
    out.flush()
    assert raw.getvalue().decode("utf-8").endswith("<Say>東京</Say></Response>\n")


def test_a_document_that_formatting_pushes_over_the_cap_is_reported(tmp_path: Path) -> None:
    """CDATA grows when escaped: over the cap, fmt reports the file and leaves it."""
    text = "<Response><Say><![CDATA[" + "<" * 300_000 + "]]></Say></Response>"
    path = _file(tmp_path, "a.xml", text)
    status, out, err = _run("fmt", str(path))
    assert (status, out) == (1, "")
    assert err.splitlines() == [
        f"{path}: not formatted: formatted, it would be 1200071 bytes, over the cap of 1048576"
        " (--max-bytes), and validate would report it as too-large",
        "1 file: 0 reformatted, 0 unchanged, 1 failed",
    ]
    assert path.read_text(encoding="utf-8") == text
    assert _run("fmt", "--max-bytes", "100", "-", stdin=MESSY)[0] == 1  # too-large on input


def test_fmt_writes_documents_over_one_mib_under_a_larger_cap(tmp_path: Path) -> None:
    """With --max-bytes above 1 MiB, a larger result is written and reads back under that cap."""
    text = "<Response><Say><![CDATA[" + "<" * 300_000 + "]]></Say></Response>"
    path = _file(tmp_path, "a.xml", text)
    status, _, err = _run("fmt", "--max-bytes", "2000000", str(path))
    assert status == 0
    assert err.endswith("1 file: 1 reformatted, 0 unchanged, 0 failed\n")
    assert parse(path.read_bytes(), max_bytes=2_000_000) == parse(text)
    assert _run("fmt", "--max-bytes", "2000000", "--check", str(path))[0] == 0


def test_a_result_that_does_not_read_back_is_never_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the rendered form could not be parsed, fmt reports why instead of raising."""
    path = _file(tmp_path, "a.xml", MESSY)

    def broken(_node: Response, *, pretty: bool) -> str:
        del pretty
        return "<Response>"

    monkeypatch.setattr(_fmt_command, "render", broken)
    status, _, err = _run("fmt", str(path))
    assert status == 1
    assert f"{path}: not formatted: the result would not read back: " in err
    assert path.read_text(encoding="utf-8") == MESSY


def test_unreadable_files_count_as_failed(tmp_path: Path) -> None:
    """A file that cannot be read is in the summary, and the exit status is 2."""
    path = _file(tmp_path, "a.xml", CANONICAL)
    status, _, err = _run("fmt", str(tmp_path / "missing.xml"), str(path))
    assert status == 2
    assert err.endswith("2 files: 0 reformatted, 1 unchanged, 1 failed\n")


def test_one_comment_is_named_in_the_singular(tmp_path: Path) -> None:
    """1 comment or processing instruction; the plural for more."""
    path = _file(tmp_path, "a.xml", "<Response><!-- x --></Response>")
    assert "not formatted: 1 comment or processing instruction, " in _run("fmt", str(path))[2]
