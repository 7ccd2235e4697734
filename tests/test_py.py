"""``callmarkup py``: Python source that builds the same document as a file."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import pytest
from corpus import CorpusRow, corpus_cases, corpus_rows
from documents import Tree, trees
from hypothesis import HealthCheck, given, settings

from callmarkup import Response, Say, parse, validate
from callmarkup._cli import main
from callmarkup._python import WIDTH, python_source

if TYPE_CHECKING:
    from pathlib import Path

VALID_ROWS = [row for row in corpus_rows() if row.expected == "valid"]


def _run(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), stdin=io.StringIO(stdin), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def _built(source: str) -> object:
    namespace: dict[str, object] = {}
    exec(source, namespace)  # noqa: S102 - the code under test is generated Python
    return namespace["response"]


def test_py_prints_formatted_source_with_imports(tmp_path: Path) -> None:
    """One node per line, nested nodes indented, keywords after content, imports first."""
    path = tmp_path / "menu.xml"
    path.write_text(
        "<Response><Gather action='/menu' numDigits='1'><Say loop='2'>Press 1.</Say>"
        "<Pause/></Gather><Dial callerId='+15550199'><Number>+15550100</Number></Dial>"
        "</Response>",
        encoding="utf-8",
    )
    status, out, err = _run("py", str(path))
    assert (status, err) == (0, "")
    assert out == (
        "from callmarkup import Dial, Gather, Number, Pause, Response, Say\n"
        "\n"
        "response = Response(\n"
        "    Gather(\n"
        '        Say("Press 1.", loop=2),\n'
        "        Pause(),\n"
        '        action="/menu",\n'
        "        num_digits=1,\n"
        "    ),\n"
        "    Dial(\n"
        '        Number("+15550100"),\n'
        '        caller_id="+15550199",\n'
        "    ),\n"
        ")\n"
    )
    assert _built(out) == parse(path.read_bytes())


def test_long_calls_and_tuples_are_split_over_lines() -> None:
    """Nothing but long strings goes past the width; odd strings stay exact."""
    doc = parse(
        "<Response><Gather hints='"
        + ",".join(f"phrase number {n}" for n in range(12))
        + "'/><Say language='"
        + "x" * 60
        + "'>It's \"quoted\" \\ and&#10;new</Say></Response>",
    )
    source = python_source(doc)
    assert _built(source) == doc
    assert all(len(line) <= WIDTH for line in source.splitlines())
    assert '        hints=(\n            "phrase number 0",\n' in source


def test_long_import_lines_are_wrapped() -> None:
    """Many classes are imported in parentheses, one per line."""
    source = _run(
        "py",
        "-",
        stdin="<Response><Say>a</Say><Play>b</Play><Pause/><Gather action='/g'/>"
        "<Record/><Dial><Client>c</Client></Dial><Reject/><Redirect>/r</Redirect>"
        "<Hangup/></Response>",
    )[1]
    assert source.startswith("from callmarkup import (\n    Client,\n    Dial,\n")
    assert _built(source) is not None


def test_an_empty_document_is_one_line() -> None:
    """Response() needs no layout."""
    assert python_source(Response()) == "from callmarkup import Response\n\nresponse = Response()\n"


def test_python_source_refuses_what_it_cannot_build() -> None:
    """Only a Response, bound to a Python name."""
    with pytest.raises(TypeError):
        python_source(Say("Hi"))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    with pytest.raises(ValueError, match="not a Python name"):
        python_source(Response(), name="not a name")


def test_invalid_documents_are_reported_like_validate() -> None:
    """Errors go to standard error as FILE:LINE:COL: CODE message; nothing is printed."""
    status, out, err = _run("py", "-", stdin="<Response>\n<Dial/></Response>")
    assert (status, out) == (1, "")
    assert err.startswith("<stdin>:2:1: empty <Dial> is empty")


def test_folders_and_missing_files_are_usage_errors(tmp_path: Path) -> None:
    """Py takes one document."""
    status, _, err = _run("py", str(tmp_path))
    assert status == 2
    assert "is a folder" in err
    assert _run("py", str(tmp_path / "missing.xml"))[0] == 2


@pytest.mark.parametrize("row", corpus_cases(VALID_ROWS))
def test_py_rebuilds_every_valid_corpus_document(row: CorpusRow) -> None:
    """Exec of the output gives a node equal to parse() of the file."""
    status, out, _ = _run("py", str(row.path))
    assert status == 0
    assert _built(out) == parse(row.path.read_bytes())


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(trees())
def test_py_rebuilds_generated_documents(tree: Tree) -> None:
    """For generated documents too, the source builds the parsed node."""
    source = tree.xml()
    assert validate(source) == ()
    doc = parse(source)
    assert _built(python_source(doc)) == doc
