"""The examples of the documentation run and print what the pages say they print.

Every fenced ``python`` block of a Markdown page in ``docs/`` that starts with a ``>>>`` prompt
is an interactive session, and runs. The sessions of one page run as one doctest, in page order,
so a page can build on what an earlier block defined. Line numbers in failures are those of the
page. A ``python`` block without prompts is an illustration (it may use names it does not
define) and is not run.
"""

from __future__ import annotations

import doctest
import re
from pathlib import Path

import pytest

DOCS = Path(__file__).resolve().parent.parent / "docs"
PAGES = sorted(DOCS.glob("*.md"))

_FENCE = re.compile(r"^(?P<indent>[ ]{0,3})(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_PYTHON = frozenset(("python", "py", "pycon", "python3", "py3"))


def _python_blocks(text: str) -> list[tuple[int, list[str]]]:
    """Each fenced Python block of ``text``: the index of its first line, and its lines."""
    blocks: list[tuple[int, list[str]]] = []
    lines = text.splitlines()
    index = 0
    while index < len(lines):
        opening = _FENCE.match(lines[index])
        if opening is None:
            index += 1
            continue
        fence = opening["fence"]
        indent = len(opening["indent"])
        info = opening["info"].strip().split()
        start = index + 1
        index = start
        while index < len(lines) and not (
            lines[index].strip().startswith(fence[0] * len(fence))
            and not lines[index].strip().strip(fence[0])
        ):
            index += 1
        if info and info[0] in _PYTHON:
            blocks.append((start, [line[indent:] for line in lines[start:index]]))
        index += 1
    return blocks


def _sessions(text: str) -> list[tuple[int, list[str]]]:
    """The Python blocks of ``text`` whose first line is a ``>>>`` prompt."""
    return [
        (start, block)
        for start, block in _python_blocks(text)
        if next((line for line in block if line.strip()), "").startswith(">>>")
    ]


def _doctest_source(text: str) -> str:
    """The page with everything but its Python blocks blanked, so line numbers stay true."""
    out = [""] * len(text.splitlines())
    for start, block in _sessions(text):
        out[start : start + len(block)] = block
    return "\n".join(out) + "\n"


def _pages_with_examples() -> list[Path]:
    return [page for page in PAGES if _sessions(page.read_text(encoding="utf-8"))]


def test_pages_are_found() -> None:
    """The pages that teach the library are there and have examples."""
    names = {page.name for page in _pages_with_examples()}
    assert {
        "index.md",
        "quickstart.md",
        "building.md",
        "rendering.md",
        "parsing.md",
        "validating.md",
        "security.md",
    } <= names


@pytest.mark.parametrize("page", _pages_with_examples(), ids=lambda page: page.name)
def test_examples_of_a_page_run(page: Path) -> None:
    """Every ``>>>`` example of the page prints exactly what the page shows."""
    source = _doctest_source(page.read_text(encoding="utf-8"))
    test = doctest.DocTestParser().get_doctest(source, {}, page.name, str(page), 0)
    assert test.examples, f"{page.name} has >>> blocks but no examples"
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    report: list[str] = []
    result = runner.run(test, out=report.append)
    assert result.failed == 0, "".join(report)
