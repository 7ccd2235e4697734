"""``callmarkup py``: Python source that builds the same document as a file."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest
from corpus import CorpusRow, corpus_cases, corpus_rows
from documents import Tree, trees
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from lxml.etree import _Comment as XmlComment  # pyright: ignore[reportPrivateUsage]

from callmarkup import Response, Say, parse, validate
from callmarkup._cli import main
from callmarkup._python import WIDTH, document_comments, python_source

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
    """Only a Response, bound to a Python name, with comment lines that stay comments."""
    with pytest.raises(TypeError):
        python_source(Say("Hi"))  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    for name in ["not a name", "class", "None"]:
        with pytest.raises(ValueError, match="not a Python name that can be assigned to"):
            python_source(Response(), name=name)
    for line in ["import os", "# a\nimport os", "# a\rimport os", "# a\0b"]:
        with pytest.raises(ValueError, match="not one line of a Python comment"):
            python_source(Response(), comments={(0,): [line]})


def test_invalid_documents_are_reported_like_validate() -> None:
    """Errors go to standard error as FILE:LINE:COL: CODE message; nothing is printed."""
    status, out, err = _run("py", "-", stdin="<Response>\n<Dial/></Response>")
    assert (status, out) == (1, "")
    assert err.startswith("<stdin>:2:1: empty <Dial> is empty")


def test_missing_files_and_empty_folders_are_io_errors(tmp_path: Path) -> None:
    """A file that cannot be read, or no document found, exits 2."""
    status, _, err = _run("py", str(tmp_path))
    assert status == 2
    assert "no documents found" in err
    status, _, err = _run("py", str(tmp_path / "missing.xml"))
    assert status == 2
    assert "cannot read" in err


COMMENTED = """<?xml version="1.0"?>
<!-- The main menu. -->
<?editor fold?>
<Response>
  <Gather action="/menu" numDigits="1">
    <!--
      Sales first,
        then support.
    -->
    <Say>Press 1 <!-- inline -->for sales.</Say>
    <!---->
  </Gather>
  <!-- No input: -->
  <Hangup/>
  <!-- the end -->
</Response>
<!-- after -->
"""


def test_comments_are_carried_as_python_comments(tmp_path: Path) -> None:
    """Comments and processing instructions become # lines where they stood."""
    path = tmp_path / "menu.xml"
    path.write_text(COMMENTED, encoding="utf-8")
    status, out, err = _run("py", str(path))
    assert (status, err) == (0, "")
    assert out == (
        "from callmarkup import Gather, Hangup, Response, Say\n"
        "\n"
        "# The main menu.\n"
        "# <?editor fold?>\n"
        "response = Response(\n"
        "    Gather(\n"
        "        # Sales first,\n"
        "        #   then support.\n"
        "        # inline\n"
        '        Say("Press 1 for sales."),\n'
        '        action="/menu",\n'
        "        num_digits=1,\n"
        "    ),\n"
        "    # No input:\n"
        "    Hangup(),\n"
        "    # the end\n"
        ")\n"
        "# after\n"
    )
    assert _built(out) == parse(path.read_bytes())


def test_comments_inside_a_node_without_children_go_above_it() -> None:
    """A comment in an empty Response, or in a long leaf, comes before its call."""
    assert python_source(
        Response(), comments=document_comments(b"<Response><!--x--></Response>")
    ) == ("from callmarkup import Response\n\n# x\nresponse = Response()\n")
    long = "<Response><Say>" + "word " * 30 + "<!-- long --></Say></Response>"
    source = _run("py", "-", stdin=long)[1]
    assert '    # long\n    Say(\n        "word' in source


def test_comment_text_cannot_become_code() -> None:
    """Every kind of line break in a comment starts another # line."""
    data = "<Response><!-- a\u2028import os\tb\x85c\rd --></Response>".encode()
    source = _run("py", "-", stdin=data.decode())[1]
    assert source.splitlines()[2:6] == ["# a", "# import os\tb", "# c", "# d"]
    assert _built(source) == Response()


def test_several_documents_are_printed_each_under_its_name(tmp_path: Path) -> None:
    """With several files (or a folder), each block starts with a comment naming its file."""
    (tmp_path / "b.xml").write_text("<Response><Hangup/></Response>", encoding="utf-8")
    (tmp_path / "a.xml").write_text("<Response><Say>Hi</Say></Response>", encoding="utf-8")
    (tmp_path / "bad.xml").write_text("<Response><Dial/></Response>", encoding="utf-8")
    status, out, err = _run("py", str(tmp_path))
    assert status == 1
    assert err.startswith(f"{tmp_path}/bad.xml:1:11: empty ")
    first, second = out.split("\n\n# ")
    assert first.startswith(f"# {tmp_path}/a.xml\nfrom callmarkup import Response, Say\n")
    assert second.startswith(f"{tmp_path}/b.xml\nfrom callmarkup import Hangup, Response\n")
    assert _built(first) == Response(Say("Hi"))
    status, out, _ = _run("py", "-", str(tmp_path / "a.xml"), stdin="<Response/>")
    assert status == 0
    assert out.startswith("# <stdin>\nfrom callmarkup import Response\n")
    assert f"\n\n# {tmp_path}/a.xml\n" in out


def test_file_names_in_headers_cannot_become_code(tmp_path: Path) -> None:
    """A line break in a file name is escaped in its header comment."""
    path = tmp_path / "a\nimport os.xml"
    path.write_text("<Response/>", encoding="utf-8")
    out = _run("py", str(path), str(path))[1]
    assert out.startswith(f"# {tmp_path}/a\\nimport os.xml\nfrom callmarkup")


_OPENS_NOTHING = """
import sys
from callmarkup._python import document_comments

try:
    print(document_comments(sys.argv[1].encode()))
except Exception as error:  # the refusal is the point, and that it comes at once
    print(type(error).__name__)
"""


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_the_comment_reader_opens_nothing(tmp_path: Path) -> None:
    """Given a DOCTYPE naming a FIFO (which blocks whoever opens it), it refuses at once.

    It reads with the parser that ``parse`` uses, whose resolver refuses every URL.
    """
    fifo = tmp_path / "entity"
    os.mkfifo(fifo)
    data = f'<!DOCTYPE r [<!ENTITY % p SYSTEM "{fifo.as_uri()}"> %p;]><Response><!--x--></Response>'
    result = subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", _OPENS_NOTHING, data],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert (result.stdout, result.stderr) == ("ResourceRefused\n", "")


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


@given(trees(), st.data())
def test_comments_of_generated_documents_keep_their_order(tree: Tree, data: st.DataObject) -> None:
    """Comments put anywhere in a generated document all come out, in document order."""
    root = etree.fromstring(tree.xml().encode())
    elements = list(root.iter())
    for _ in range(data.draw(st.integers(0, 6), label="comments")):
        where = data.draw(st.sampled_from([*elements, None]), label="element")
        if where is None:
            root.addprevious(etree.Comment("x"))
        else:
            where.insert(data.draw(st.integers(0, len(where)), label="index"), etree.Comment("x"))
    prolog = reversed(list(root.itersiblings(preceding=True)))
    comments = [node for node in [*prolog, *root.iter()] if isinstance(node, XmlComment)]
    for number, comment in enumerate(comments):
        comment.text = f" c{number} "
    source = _run("py", "-", stdin=etree.tostring(root.getroottree(), encoding="unicode"))[1]
    assert _built(source) == parse(tree.xml())
    found = [line.strip() for line in source.splitlines() if line.strip().startswith("#")]
    assert found == [f"# c{number}" for number in range(len(comments))]
