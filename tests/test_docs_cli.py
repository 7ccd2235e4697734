"""The command-line examples of the documentation print what the pages say they print.

A fenced ``console`` block of a page below is a shell session: each ``$ `` line is a command,
and the lines up to the next command are what it prints on standard output. The files the
commands read are the page's fenced ``xml`` blocks introduced by a line ending in
``` `PATH` is: ```; they are written to a fresh folder, where the commands run. A command is
``callmarkup ARGUMENTS``, optionally fed by ``printf 'TEXT' |``; anything else fails the test,
so a page cannot show a session that nothing runs.
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


def _commands(blocks: list[Block]) -> list[Command]:
    """The commands of a page's console sessions, with their output as shown."""
    commands: list[Command] = []
    for block in blocks:
        if block.info != "console":
            continue
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
    assert words[:1] == ["callmarkup"], f"line {command.line}: not a command this test runs"
    assert not {"|", ">", "<", "&&", ";"} & set(words), f"line {command.line}: not one command"
    out = io.StringIO()
    main(words[1:], stdin=io.StringIO(stdin), stdout=out, stderr=io.StringIO())
    return out.getvalue()


def _sessions(page: str) -> tuple[dict[str, str], list[Command]]:
    blocks = _blocks((DOCS / page).read_text(encoding="utf-8"))
    return _files(blocks), _commands(blocks)


def test_pages_have_sessions() -> None:
    """The pages checked here show console sessions and the files they read."""
    files, commands = _sessions("cli.md")
    assert len(commands) >= 3
    assert {"calls/broken.xml", "calls/menu.xml"} <= set(files)


@pytest.mark.parametrize("page", PAGES)
def test_console_examples_print_what_the_page_shows(
    page: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every command of the page's console sessions prints exactly the lines shown under it."""
    files, commands = _sessions(page)
    for name, content in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for command in commands:
        assert _run(command) == command.output, f"{page} line {command.line}: $ {command.text}"
