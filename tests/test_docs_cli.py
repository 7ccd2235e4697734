"""The command-line examples of the documentation print what the pages say they print.

A fenced ``console`` block is a shell session: each ``$ `` line is a command, and the lines up
to the next command are what it prints. A command is ``callmarkup ARGUMENTS``, optionally fed
by ``printf 'TEXT' |``, or ``cat FILE``, whose output shown on the page is the file's content.
Every session of the pages in ``PAGES`` runs, and anything else there fails the test, so those
pages cannot show a session that nothing runs; on the other pages, the sessions that begin by
showing their file with ``cat`` run. The files the commands read are also the page's fenced
``xml`` blocks introduced by a line ending in ``` `PATH` is: ```. Commands run in a fresh folder,
in page order.
"""

from __future__ import annotations

import io
import re
import shlex
from pathlib import Path

import attrs
import pytest

from callmarkup._cli import main

DOCS = Path(__file__).resolve().parent.parent / "docs"
PAGES = ("cli.md",)
"""The pages whose every console session runs."""

_FENCE = re.compile(r"^(?P<fence>`{3,})(?P<info>.*)$")
_NAMES_FILE = re.compile(r"`(?P<path>[^`]+)` is:$")
_FED = re.compile(r"^printf '(?P<text>[^'%\\]*)' \| (?P<command>.*)$")


@attrs.frozen
class Block:
    """A fenced block: its info string, its first line's number, its lines, the line before."""

    info: str
    line: int
    lines: tuple[str, ...]
    lead: str


@attrs.frozen
class Command:
    """One ``$`` line of a session and what the page says it prints."""

    line: int
    text: str
    output: str


def _blocks(text: str) -> list[Block]:
    """Every fenced block of a page, with the last non-blank line before its opening fence."""
    lines = text.splitlines()
    blocks: list[Block] = []
    lead = ""
    index = 0
    while index < len(lines):
        opening = _FENCE.match(lines[index])
        if opening is None:
            if lines[index].strip():
                lead = lines[index].strip()
            index += 1
            continue
        start = index + 1
        index = start
        while index < len(lines) and lines[index].rstrip() != opening["fence"]:
            index += 1
        info = opening["info"].strip()
        blocks.append(Block(info, start + 1, tuple(lines[start:index]), lead))
        lead = ""
        index += 1
    return blocks


def _files(blocks: list[Block]) -> dict[str, str]:
    """The files a page shows: its ``xml`` blocks introduced by `` `PATH` is:``."""
    files: dict[str, str] = {}
    for block in blocks:
        named = _NAMES_FILE.search(block.lead)
        if block.info == "xml" and named is not None:
            files[named["path"]] = "\n".join(block.lines) + "\n"
    return files


def _commands(block: Block) -> list[Command]:
    """The commands of a console session, with their output as shown."""
    commands: list[Command] = []
    for number, line in enumerate(block.lines):
        if not line.startswith("$ "):
            continue
        output: list[str] = []
        for after in block.lines[number + 1 :]:
            if after.startswith("$ "):
                break
            output.append(after)
        shown = "".join(f"{printed}\n" for printed in output)
        commands.append(Command(block.line + number, line[2:], shown))
    return commands


def _run(command: Command) -> str:
    """Run one command in the current folder and return what it prints on standard output."""
    stdin = ""
    text = command.text
    fed = _FED.match(text)
    if fed is not None:
        stdin, text = fed["text"], fed["command"]
    words = shlex.split(text)
    assert not {"|", ">", "<", "&&", ";"} & set(words), f"line {command.line}: not one command"
    if words[:1] == ["cat"] and len(words) == 2:
        # The page shows the file: that is what the file holds.
        Path(words[1]).write_text(command.output, encoding="utf-8")
        return command.output
    assert words[:1] == ["callmarkup"], f"line {command.line}: not a command this test runs"
    out = io.StringIO()
    main(words[1:], stdin=io.StringIO(stdin), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def _shows_its_file(session: list[Command]) -> bool:
    return session[0].text.startswith("cat ")


def _sessions(page: str) -> tuple[dict[str, str], list[list[Command]]]:
    """The files a page shows and the sessions of it that run."""
    blocks = _blocks((DOCS / page).read_text(encoding="utf-8"))
    sessions = [_commands(block) for block in blocks if block.info == "console"]
    if page not in PAGES:
        sessions = [session for session in sessions if session and _shows_its_file(session)]
    return _files(blocks), sessions


_PAGES_WITH_SESSIONS = [page.name for page in sorted(DOCS.glob("*.md")) if _sessions(page.name)[1]]


def test_pages_have_sessions() -> None:
    """The pages checked here show console sessions and the files they read."""
    files, sessions = _sessions("cli.md")
    assert sum(len(session) for session in sessions) >= 3
    assert {"calls/broken.xml", "calls/menu.xml"} <= set(files)
    assert {"cli.md", "tools.md"} <= set(_PAGES_WITH_SESSIONS)


@pytest.mark.parametrize("page", _PAGES_WITH_SESSIONS)
def test_console_examples_print_what_the_page_shows(
    page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every command of the page's sessions prints exactly the lines shown under it."""
    files, sessions = _sessions(page)
    for name, content in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for session in sessions:
        for command in session:
            assert _run(command) == command.output, f"{page} line {command.line}: $ {command.text}"
