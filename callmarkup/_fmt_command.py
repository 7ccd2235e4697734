"""The ``callmarkup fmt`` command: documents rewritten in canonical form, or checked for it.

:func:`run` formats each document named: it refuses a document with errors, or with comments
that the canonical form cannot keep (unless told to drop them), writes nothing that would not
read back to the same nodes or would be over the size cap, and reports what it did with each.
"""

from __future__ import annotations

import difflib
import enum
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from callmarkup._cli_io import (
    EXIT_USAGE,
    NamedDocument,
    Reader,
    Streams,
    counted,
    printable,
    problem_line,
)
from callmarkup._decode import DecodeError, decode
from callmarkup._parse import analyse, parse
from callmarkup._render import render
from callmarkup._repair import repaired_text
from callmarkup._source import SourceMap, comments
from callmarkup.exceptions import CallMarkupError

if TYPE_CHECKING:
    import argparse

    from callmarkup._nodes import Response

__all__ = ["run"]


class _Outcome(enum.Enum):
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    FAILED = "failed"
    UNWRITTEN = "unwritten"
    """Formatted, but the file could not be written: an I/O error."""
    UNREAD = "unread"
    """The file could not be read: an I/O error."""


def _checked(
    document: NamedDocument, arguments: argparse.Namespace, err: TextIO
) -> Response | None:
    """The document's nodes, or ``None`` after reporting why it cannot be formatted."""
    data = document.data
    if data is None:  # pragma: no cover - only documents that were read are formatted
        return None
    if arguments.fix:
        data = _fixed(data)
    node, violations = analyse(
        data,
        max_bytes=arguments.max_bytes,
        max_depth=arguments.max_depth,
        build=True,
    )
    if violations or node is None:
        err.writelines(problem_line(document.shown, violation) for violation in violations)
        return None
    if not arguments.drop_comments:
        text = decode(data)
        found = comments(text)
        if found:
            line, column = SourceMap.read(text).position(found[0])
            what = "comment or processing instruction"
            what = what if len(found) == 1 else "comments or processing instructions"
            err.write(
                f"{document.label}:{line}:{column}: not formatted: {len(found)} {what},"
                " which the formatted document cannot keep; remove them or pass"
                " --drop-comments\n"
            )
            return None
    return node


def _fixed(data: bytes) -> bytes:
    """``data`` as the platform repairs it, or as it is when there is no repair."""
    try:
        text = decode(data)
    except DecodeError:
        return data
    repaired = repaired_text(text)
    return data if repaired is None else repaired.encode("utf-8")


def _formatted(node: Response, *, pretty: bool) -> bytes:
    """What ``fmt`` writes: the canonical form and a newline, or the pretty form."""
    return render(node, pretty=pretty).encode("utf-8") + (b"" if pretty else b"\n")


def _lines(text: str) -> list[str]:
    pieces = text.split("\n")
    lines = [piece + "\n" for piece in pieces[:-1]]
    return [*lines, pieces[-1]] if pieces[-1] else lines


def _write_diff(document: NamedDocument, old: bytes, new: bytes, out: TextIO) -> None:
    diff = difflib.unified_diff(
        _lines(decode(old)),
        _lines(new.decode("utf-8")),
        fromfile=f"{document.label}\t(original)",
        tofile=f"{document.label}\t(formatted)",
    )
    out.writelines(
        line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in diff
    )


def _read_back(new: bytes, node: Response, arguments: argparse.Namespace) -> str | None:
    """Why ``new`` must not be written, or ``None`` when it reads back to ``node``."""
    if len(new) > arguments.max_bytes:
        # Escaping can make a document longer (a "<" in CDATA becomes "&lt;"), so one under
        # the cap may come out over it: writing it would turn a valid file into a too-large one.
        return (
            f"formatted, it would be {len(new)} bytes, over the cap of {arguments.max_bytes}"
            " (--max-bytes), and validate would report it as too-large"
        )
    try:
        again = parse(new, max_bytes=arguments.max_bytes, max_depth=arguments.max_depth)
    except CallMarkupError as error:
        return f"the result would not read back: {error}"
    if again != node:  # the meaning must survive, whatever happens to the bytes
        return "the result would mean something else"
    return None


def _new_bytes(document: NamedDocument, arguments: argparse.Namespace, err: TextIO) -> bytes | None:
    """What ``fmt`` would write, or ``None`` after reporting why it writes nothing."""
    node = _checked(document, arguments, err)
    if node is None:
        return None
    new = _formatted(node, pretty=arguments.pretty)
    refusal = _read_back(new, node, arguments)
    if refusal is not None:
        err.write(f"{document.label}: not formatted: {printable(refusal)}\n")
        return None
    return new


def _format_one(
    document: NamedDocument, arguments: argparse.Namespace, streams: Streams
) -> _Outcome:
    if document.data is None:
        return _Outcome.UNREAD
    new = _new_bytes(document, arguments, streams.err)
    if new is None:
        return _Outcome.FAILED
    dry_run = arguments.check or arguments.diff
    if document.is_stdin and not dry_run:
        streams.write_bytes(new)
    if new == document.data:
        return _Outcome.UNCHANGED
    if arguments.diff:
        _write_diff(document, document.data, new, streams.out)
    if dry_run:
        streams.err.write(f"{document.label}: would reformat\n")
        return _Outcome.CHANGED
    if not document.is_stdin:
        try:
            Path(document.name).write_bytes(new)
        except OSError as error:
            streams.err.write(
                f"callmarkup: cannot write {document.label}:"
                f" {printable(error.strerror or str(error))}\n"
            )
            return _Outcome.UNWRITTEN
    streams.err.write(f"{document.label}: reformatted\n")
    return _Outcome.CHANGED


def run(arguments: argparse.Namespace, streams: Streams) -> int:
    reader = Reader(arguments.paths, streams, arguments.max_bytes)
    outcomes = [_format_one(document, arguments, streams) for document in reader.inputs()]
    if outcomes:
        changed = "would be reformatted" if arguments.check or arguments.diff else "reformatted"
        failed = sum(
            outcome in {_Outcome.FAILED, _Outcome.UNWRITTEN, _Outcome.UNREAD}
            for outcome in outcomes
        )
        streams.err.write(
            f"{counted(len(outcomes), 'file')}: {outcomes.count(_Outcome.CHANGED)} {changed},"
            f" {outcomes.count(_Outcome.UNCHANGED)} unchanged, {failed} failed\n"
        )
    problems = _Outcome.FAILED in outcomes or (arguments.check and _Outcome.CHANGED in outcomes)
    status = reader.status(problems=problems)
    return EXIT_USAGE if _Outcome.UNWRITTEN in outcomes else status
