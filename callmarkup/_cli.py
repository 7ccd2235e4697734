"""The command line: ``callmarkup validate``, ``fmt``, ``schema`` and ``py`` (spec §7.10).

:func:`main` takes the arguments and returns the exit status; it never exits the process
itself, so it can be called from tests and other programs. The subcommands that read
documents share how they are named (files, folders searched for ``*.xml``, ``-`` for standard
input), how they are read, how problems are written and what the exit status means: 0 when
all is well, 1 when a document has errors (or, by option, warnings or would change), 2 on
usage or I/O errors or when no document is found.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import enum
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import attrs

from callmarkup import _export
from callmarkup._parse import DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH, analyse, parse
from callmarkup._python import python_source
from callmarkup._render import render
from callmarkup._repair import repaired_text
from callmarkup._source import DecodeError, SourceMap, comments, decode
from callmarkup._version import __version__

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

    from callmarkup._nodes import Response
    from callmarkup.exceptions import Violation

__all__ = ["console_main", "main"]

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2

STDIN = "-"
STDIN_NAME = "<stdin>"


@attrs.frozen
class _Streams:
    """Where the command line reads and writes."""

    stdin: TextIO
    out: TextIO
    err: TextIO

    def read(self, name: str) -> bytes:
        """The bytes of a file, or of standard input for ``-``."""
        if name == STDIN:
            stdin = self.stdin
            return stdin.buffer.read() if hasattr(stdin, "buffer") else stdin.read().encode()
        return Path(name).read_bytes()

    def write_bytes(self, data: bytes) -> None:
        """Write a product (a document, Python source) to standard output, as UTF-8."""
        buffer = getattr(self.out, "buffer", None)
        if buffer is None:
            self.out.write(data.decode("utf-8"))
        else:
            self.out.flush()
            buffer.write(data)
            buffer.flush()


@attrs.frozen
class _Document:
    """One document named on the command line, read."""

    name: str
    """As given: a path, or ``-``."""
    data: bytes

    @property
    def shown(self) -> str:
        """How reports name it: the path, or ``<stdin>``."""
        return STDIN_NAME if self.name == STDIN else self.name

    @property
    def is_stdin(self) -> bool:
        """Whether it was read from standard input."""
        return self.name == STDIN


def _find(paths: Sequence[str]) -> Iterator[str]:
    """Every document named: files as given, folders searched for ``*.xml`` in sorted order."""
    for name in paths:
        path = Path(name)
        if name == STDIN or not path.is_dir():
            yield name
            continue
        found: list[Path] = []
        # Path.rglob follows symbolic links to folders on older Pythons; walk by hand.
        folders = [path]
        while folders:
            folder = folders.pop()
            for entry in folder.iterdir():
                if entry.is_symlink():
                    continue
                if entry.is_dir():
                    folders.append(entry)
                elif entry.suffix == ".xml" and entry.is_file():
                    found.append(entry)
        yield from (str(file) for file in sorted(found))


@attrs.define
class _Reader:
    """Reads the documents named, reporting those that cannot be read and carrying on."""

    paths: Sequence[str]
    streams: _Streams
    failed: bool = False
    """Whether a document could not be read (exit status 2)."""
    count: int = 0
    """How many documents were read."""

    def __iter__(self) -> Iterator[_Document]:
        for name in _find(self.paths):
            try:
                data = self.streams.read(name)
            except OSError as error:
                self.streams.err.write(
                    f"callmarkup: cannot read {name}: {error.strerror or error}\n"
                )
                self.failed = True
                continue
            self.count += 1
            yield _Document(name, data)

    def status(self, *, problems: bool) -> int:
        """The exit status once every document is done; ``problems`` makes it 1."""
        if self.failed:
            return EXIT_USAGE
        if not self.count:
            self.streams.err.write(
                "callmarkup: no documents found (folders are searched for *.xml)\n"
            )
            return EXIT_USAGE
        return EXIT_INVALID if problems else EXIT_OK


def _problem_line(name: str, violation: Violation) -> str:
    """``FILE:LINE:COL: CODE message``, the line every subcommand reports a problem with."""
    where = f"{violation.line or 0}:{violation.column or 0}"
    return f"{name}:{where}: {violation.code.value} {violation.message}\n"


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected at least 1, got {value}")
    return value


def _caps_parser() -> argparse.ArgumentParser:
    caps = argparse.ArgumentParser(add_help=False)
    caps.add_argument(
        "--max-bytes",
        type=_positive,
        default=DEFAULT_MAX_BYTES,
        metavar="N",
        help=f"refuse documents larger than N bytes (default: {DEFAULT_MAX_BYTES})",
    )
    caps.add_argument(
        "--max-depth",
        type=_positive,
        default=DEFAULT_MAX_DEPTH,
        metavar="N",
        help=f"refuse documents nested deeper than N elements (default: {DEFAULT_MAX_DEPTH})",
    )
    return caps


def _paths_parser() -> argparse.ArgumentParser:
    paths = argparse.ArgumentParser(add_help=False, parents=[_caps_parser()])
    paths.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="file, folder (searched for *.xml), or - for standard input",
    )
    return paths


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="callmarkup",
        description="Check, format and convert call-control markup documents.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    paths = _paths_parser()

    check = commands.add_parser(
        "validate",
        parents=[paths],
        help="report every problem of documents",
        description="Report every problem of each document, errors and warnings. A file"
        " without errors is ok, even with warnings.",
    )
    check.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="output format (default: text)",
    )
    strictness = check.add_mutually_exclusive_group()
    strictness.add_argument(
        "--strict",
        action="store_true",
        help="exit with status 1 on warnings too",
    )
    strictness.add_argument(
        "--no-warnings",
        action="store_true",
        help="report errors only",
    )

    fmt = commands.add_parser(
        "fmt",
        parents=[paths],
        help="rewrite documents in canonical form",
        description="Rewrite documents in canonical form (one line, then a newline), or"
        " indented with --pretty. Documents with errors are reported and left alone;"
        " standard input is written to standard output.",
    )
    fmt.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if any would change"
    )
    fmt.add_argument("--diff", action="store_true", help="write nothing; print a unified diff")
    fmt.add_argument("--pretty", action="store_true", help="indent for people instead")
    fmt.add_argument(
        "--fix",
        action="store_true",
        help="write the repaired document when a bare & or whitespace before <?xml is its only"
        " malformation, as the platform repairs it",
    )
    fmt.add_argument(
        "--drop-comments",
        action="store_true",
        help="format documents with comments or processing instructions, dropping them",
    )

    schema = commands.add_parser(
        "schema",
        help="print a schema of the dialect for other XML tools",
        description="Print an XML Schema (xsd) or RELAX NG (rng) schema generated from the"
        " dialect. It cannot check every rule; the documentation lists those it cannot.",
    )
    schema.add_argument(
        "--format",
        choices=("xsd", "rng"),
        default="xsd",
        help="schema language (default: xsd)",
    )

    py = commands.add_parser(
        "py",
        parents=[_caps_parser()],
        help="print Python code that builds a document",
        description="Print Python source that builds the document with the node classes.",
    )
    py.add_argument("path", metavar="PATH", help="file, or - for standard input")
    return parser


def main(
    argv: Sequence[str] | None = None,
    *,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    stderr: TextIO | None = None,
) -> int:
    """Run the command line and return its exit status.

    Args:
        argv: The arguments, without the program name; ``sys.argv[1:]`` when ``None``.
        stdin: Where ``-`` reads from (``sys.stdin`` by default).
        stdout: Where reports and products go (``sys.stdout`` by default).
        stderr: Where usage and I/O errors go, and the reports of ``fmt`` and ``py``
            (``sys.stderr`` by default).

    Returns:
        0 when all is well, 1 when any document has errors (or warnings with
        ``validate --strict``, or would change with ``fmt --check``), 2 on usage or I/O errors
        or when no document is found.

    Example:
        >>> import io
        >>> out = io.StringIO()
        >>> main(["validate", "-"], stdin=io.StringIO("<Response><Dial/></Response>"), stdout=out)
        1
        >>> print(out.getvalue(), end="")
        <stdin>:1:11: empty <Dial> is empty; it needs a destination as text or <Client>, <Number>, <Sip> children
        1 files: 0 valid, 1 invalid
    """  # noqa: E501 - the example shows one output line
    parser = _parser()
    streams = _Streams(stdin or sys.stdin, stdout or sys.stdout, stderr or sys.stderr)
    try:
        with contextlib.redirect_stdout(streams.out), contextlib.redirect_stderr(streams.err):
            arguments = parser.parse_args(argv)
    except SystemExit as exit_:
        # argparse exits by itself on --help, --version and usage errors; keep its status.
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
    command: Callable[[argparse.Namespace, _Streams], int] = _COMMANDS[arguments.command]
    return command(arguments, streams)


# validate ---------------------------------------------------------------------------------


@attrs.frozen
class _Report:
    path: str
    violations: tuple[Violation, ...]

    @property
    def errors(self) -> tuple[Violation, ...]:
        return tuple(v for v in self.violations if v.severity == "error")

    @property
    def warnings(self) -> int:
        return len(self.violations) - len(self.errors)


def _write_text(reports: Sequence[_Report], out: TextIO) -> None:
    for report in reports:
        if not report.errors:
            out.write(f"{report.path}: ok\n")
        out.writelines(_problem_line(report.path, violation) for violation in report.violations)
    valid = sum(not report.errors for report in reports)
    warnings = sum(report.warnings for report in reports)
    counts = f", {warnings} warnings" if warnings else ""
    out.write(f"{len(reports)} files: {valid} valid, {len(reports) - valid} invalid{counts}\n")


def _write_json(reports: Sequence[_Report], out: TextIO) -> None:
    valid = sum(not report.errors for report in reports)
    document = {
        "files": [
            {
                "path": report.path,
                "valid": not report.errors,
                "violations": [
                    {
                        "code": violation.code.value,
                        "severity": violation.severity,
                        "message": violation.message,
                        "path": violation.path,
                        "line": violation.line,
                        "column": violation.column,
                    }
                    for violation in report.violations
                ],
            }
            for report in reports
        ],
        "summary": {
            "files": len(reports),
            "valid": valid,
            "invalid": len(reports) - valid,
            "warnings": sum(report.warnings for report in reports),
        },
    }
    json.dump(document, out, indent=2, ensure_ascii=False)
    out.write("\n")


def _validate(arguments: argparse.Namespace, streams: _Streams) -> int:
    reader = _Reader(arguments.paths, streams)
    reports = [
        _Report(
            document.shown,
            analyse(
                document.data,
                max_bytes=arguments.max_bytes,
                max_depth=arguments.max_depth,
                build=False,
                warnings=not arguments.no_warnings,
            )[1],
        )
        for document in reader
    ]
    if reports:
        writer = _write_json if arguments.format == "json" else _write_text
        writer(reports, streams.out)
    if arguments.strict:
        problems = any(report.violations for report in reports)
    else:
        problems = any(report.errors for report in reports)
    return reader.status(problems=problems)


# fmt --------------------------------------------------------------------------------------


class _Outcome(enum.Enum):
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    FAILED = "failed"
    UNWRITTEN = "unwritten"
    """Formatted, but the file could not be written: an I/O error."""


def _checked(document: _Document, arguments: argparse.Namespace, err: TextIO) -> Response | None:
    """The document's nodes, or ``None`` after reporting why it cannot be formatted."""
    data = document.data
    if arguments.fix:
        data = _fixed(data)
    node, violations = analyse(
        data,
        max_bytes=arguments.max_bytes,
        max_depth=arguments.max_depth,
        build=True,
    )
    if violations or node is None:
        err.writelines(_problem_line(document.shown, violation) for violation in violations)
        return None
    if not arguments.drop_comments:
        text = decode(data)
        found = comments(text)
        if found:
            line, column = SourceMap.read(text).position(found[0])
            err.write(
                f"{document.shown}:{line}:{column}: not formatted: {len(found)} comment(s) or"
                " processing instruction(s), which the canonical form cannot keep;"
                " remove them or pass --drop-comments\n"
            )
            return None
    return node


def _fixed(data: bytes) -> bytes:
    """``data`` as the platform repairs it (spec §8.6), or as it is when there is no repair."""
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


def _write_diff(document: _Document, new: bytes, out: TextIO) -> None:
    diff = difflib.unified_diff(
        _lines(decode(document.data)),
        _lines(new.decode("utf-8")),
        fromfile=f"{document.shown}\t(original)",
        tofile=f"{document.shown}\t(formatted)",
    )
    out.writelines(
        line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in diff
    )


def _format_one(document: _Document, arguments: argparse.Namespace, streams: _Streams) -> _Outcome:
    node = _checked(document, arguments, streams.err)
    if node is None:
        return _Outcome.FAILED
    new = _formatted(node, pretty=arguments.pretty)
    if parse(new) != node:  # the meaning must survive, whatever happens to the bytes
        streams.err.write(
            f"{document.shown}: not formatted: the result would mean something else\n"
        )
        return _Outcome.FAILED
    dry_run = arguments.check or arguments.diff
    if document.is_stdin and not dry_run:
        streams.write_bytes(new)
    if new == document.data:
        return _Outcome.UNCHANGED
    if arguments.diff:
        _write_diff(document, new, streams.out)
    if dry_run:
        streams.err.write(f"{document.shown}: would reformat\n")
        return _Outcome.CHANGED
    if not document.is_stdin:
        try:
            Path(document.name).write_bytes(new)
        except OSError as error:
            streams.err.write(
                f"callmarkup: cannot write {document.name}: {error.strerror or error}\n"
            )
            return _Outcome.UNWRITTEN
    streams.err.write(f"{document.shown}: reformatted\n")
    return _Outcome.CHANGED


def _fmt(arguments: argparse.Namespace, streams: _Streams) -> int:
    reader = _Reader(arguments.paths, streams)
    outcomes = [_format_one(document, arguments, streams) for document in reader]
    if _Outcome.UNWRITTEN in outcomes:
        reader.failed = True
    if outcomes:
        changed = "would be reformatted" if arguments.check or arguments.diff else "reformatted"
        streams.err.write(
            f"{len(outcomes)} files: {outcomes.count(_Outcome.CHANGED)} {changed},"
            f" {outcomes.count(_Outcome.UNCHANGED)} unchanged,"
            f" {outcomes.count(_Outcome.FAILED) + outcomes.count(_Outcome.UNWRITTEN)} failed\n"
        )
    problems = _Outcome.FAILED in outcomes or (arguments.check and _Outcome.CHANGED in outcomes)
    return reader.status(problems=problems)


# schema and py ----------------------------------------------------------------------------


def _schema(arguments: argparse.Namespace, streams: _Streams) -> int:
    text = _export.xml_schema() if arguments.format == "xsd" else _export.relax_ng()
    streams.write_bytes(text.encode("utf-8"))
    return EXIT_OK


def _py(arguments: argparse.Namespace, streams: _Streams) -> int:
    if arguments.path != STDIN and Path(arguments.path).is_dir():
        streams.err.write(f"callmarkup: py takes one document, and {arguments.path} is a folder\n")
        return EXIT_USAGE
    reader = _Reader([arguments.path], streams)
    problems = False
    for document in reader:
        node, violations = analyse(
            document.data,
            max_bytes=arguments.max_bytes,
            max_depth=arguments.max_depth,
            build=True,
        )
        if violations or node is None:
            streams.err.writelines(_problem_line(document.shown, v) for v in violations)
            problems = True
        else:
            streams.write_bytes(python_source(node).encode("utf-8"))
    return reader.status(problems=problems)


_COMMANDS: dict[str, Callable[[argparse.Namespace, _Streams], int]] = {
    "validate": _validate,
    "fmt": _fmt,
    "schema": _schema,
    "py": _py,
}


def console_main() -> None:
    """The ``callmarkup`` console script."""
    sys.exit(main())
