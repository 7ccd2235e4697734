"""The command line: ``callmarkup validate``, ``fmt``, ``schema``, ``py`` and ``call``.

:func:`main` takes the arguments and returns the exit status; it never exits the process
itself, so it can be called from tests and other programs. What the subcommands that read
documents share (how documents are named, read and reported, and what the exit status
means) is in ``_cli_io``; ``fmt`` and ``call`` are commands of their own modules.
:func:`console_main`, the console script, adds what only a process can do: it exits quietly
when standard output is a pipe closed early.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import attrs

from callmarkup import _call_command
from callmarkup._cli_io import (
    EXIT_BROKEN_PIPE,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_USAGE,
    STDIN,
    NamedDocument,
    Reader,
    Streams,
    counted,
    json_string,
    problem_line,
)
from callmarkup._parse import DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH, analyse
from callmarkup._version import __version__

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from callmarkup.exceptions import Violation

__all__ = ["console_main", "main"]


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
    fmt.add_argument(
        "--pretty",
        action="store_true",
        help="indent for people instead (the form to keep in version control)",
    )
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

    commands.add_parser(
        "py",
        parents=[paths],
        help="print Python code that builds documents",
        description="Print Python source that builds each document with the node classes,"
        " with its comments as # comments. With several documents, each is headed by a"
        " comment naming its file.",
    )
    _call_command.add_parser(commands)
    return parser


def _streams(stdin: TextIO | None, out: TextIO | None, err: TextIO | None) -> Streams | None:
    """The streams given, else the process's; ``None`` when it has no standard output or error.

    Python sets ``sys.stdin``, ``sys.stdout`` and ``sys.stderr`` to ``None`` when the process
    was started with them closed.
    """
    out = out if out is not None else sys.stdout
    err = err if err is not None else sys.stderr
    if out is None or err is None:
        for stream in (out, err):
            if stream is not None:
                stream.write("callmarkup: standard output or standard error is closed\n")
        return None
    return Streams(stdin if stdin is not None else sys.stdin, out, err)


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
        1 file: 0 valid, 1 invalid
    """  # noqa: E501 - the example shows one output line
    parser = _parser()
    streams = _streams(stdin, stdout, stderr)
    if streams is None:
        return EXIT_USAGE
    try:
        with contextlib.redirect_stdout(streams.out), contextlib.redirect_stderr(streams.err):
            arguments = parser.parse_args(argv)
    except SystemExit as exit_:
        # argparse exits by itself on --help, --version and usage errors; keep its status.
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
    paths: list[str] = getattr(arguments, "paths", [])
    if paths.count(STDIN) > 1:
        # Standard input can be read once; a second - would be read empty, or read again.
        streams.err.write(f"callmarkup {arguments.command}: - (standard input) may be given once\n")
        return EXIT_USAGE
    command: Callable[[argparse.Namespace, Streams], int] = _COMMANDS[arguments.command]
    return command(arguments, streams)


# validate ---------------------------------------------------------------------------------


@attrs.frozen
class _Report:
    document: NamedDocument
    violations: tuple[Violation, ...]

    @property
    def errors(self) -> tuple[Violation, ...]:
        return tuple(v for v in self.violations if v.severity == "error")

    @property
    def warnings(self) -> int:
        return len(self.violations) - len(self.errors)

    @property
    def valid(self) -> bool:
        """Read, and without errors."""
        return self.document.error is None and not self.errors


@attrs.frozen
class _Summary:
    """The totals of a run of ``validate``."""

    files: int
    valid: int
    invalid: int
    unreadable: int
    warnings: int

    @classmethod
    def of(cls, reports: Sequence[_Report]) -> _Summary:
        unreadable = sum(report.document.error is not None for report in reports)
        valid = sum(report.valid for report in reports)
        return cls(
            files=len(reports),
            valid=valid,
            invalid=len(reports) - valid - unreadable,
            unreadable=unreadable,
            warnings=sum(report.warnings for report in reports),
        )

    def line(self) -> str:
        """``N files: V valid, I invalid``, then the unreadable files and warnings, if any."""
        counts = [f"{counted(self.files, 'file')}: {self.valid} valid, {self.invalid} invalid"]
        if self.unreadable:
            counts.append(f"{self.unreadable} unreadable")
        if self.warnings:
            counts.append(counted(self.warnings, "warning"))
        return ", ".join(counts) + "\n"


def _write_text(reports: Sequence[_Report], streams: Streams) -> None:
    out = streams.out
    if not reports:
        return  # standard error says that no document was found
    for report in reports:
        if report.document.error is not None:
            continue  # standard error said why, as the file came
        if not report.errors:
            out.write(f"{report.document.label}: ok\n")
        out.writelines(
            problem_line(report.document.shown, violation) for violation in report.violations
        )
    out.write(_Summary.of(reports).line())


def _write_json(reports: Sequence[_Report], streams: Streams) -> None:
    document = {
        "files": [
            {
                "path": json_string(report.document.shown),
                "valid": report.valid,
                "error": None
                if report.document.error is None
                else json_string(report.document.error),
                "violations": [
                    {
                        "code": violation.code.value,
                        "severity": violation.severity,
                        "message": json_string(violation.message),
                        "path": violation.path,
                        "line": violation.line,
                        "column": violation.column,
                    }
                    for violation in report.violations
                ],
            }
            for report in reports
        ],
        "summary": attrs.asdict(_Summary.of(reports)),
    }
    # Written as UTF-8 bytes whatever the locale: JSON is for programs, and RFC 8259 says UTF-8.
    import json  # noqa: PLC0415 - for --format json only, not at every start

    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    streams.write_bytes(text.encode("utf-8"))


def _validate(arguments: argparse.Namespace, streams: Streams) -> int:
    reader = Reader(arguments.paths, streams, arguments.max_bytes)
    reports = [
        _Report(
            document,
            ()
            if document.data is None
            else analyse(
                document.data,
                max_bytes=arguments.max_bytes,
                max_depth=arguments.max_depth,
                build=False,
                warnings=not arguments.no_warnings,
            )[1],
        )
        for document in reader.inputs()
    ]
    writer = _write_json if arguments.format == "json" else _write_text
    writer(reports, streams)
    if arguments.strict:
        problems = any(report.violations for report in reports)
    else:
        problems = any(report.errors for report in reports)
    return reader.status(problems=problems)


def _fmt(arguments: argparse.Namespace, streams: Streams) -> int:
    from callmarkup import _fmt_command  # noqa: PLC0415 - loaded when the command runs

    return _fmt_command.run(arguments, streams)


# schema and py ----------------------------------------------------------------------------


def _schema(arguments: argparse.Namespace, streams: Streams) -> int:
    from callmarkup import _export  # noqa: PLC0415 - as _fmt_command

    text = _export.xml_schema() if arguments.format == "xsd" else _export.relax_ng()
    streams.write_bytes(text.encode("utf-8"))
    return EXIT_OK


def _py(arguments: argparse.Namespace, streams: Streams) -> int:
    from callmarkup._python import document_comments, python_source  # noqa: PLC0415 - as _fmt_command

    reader = Reader(arguments.paths, streams, arguments.max_bytes)
    # Several documents, or a folder of them: each block says which file it builds.
    headed = len(arguments.paths) > 1 or any(
        path != STDIN and Path(path).is_dir() for path in arguments.paths
    )
    problems = False
    printed = 0
    for document in reader.inputs():
        data = document.data
        if data is None:
            continue  # reported by the reader
        node, violations = analyse(
            data,
            max_bytes=arguments.max_bytes,
            max_depth=arguments.max_depth,
            build=True,
        )
        if violations or node is None:
            streams.err.writelines(problem_line(document.shown, v) for v in violations)
            problems = True
            continue
        source = python_source(node, comments=document_comments(data))
        if headed:
            source = f"# {document.label}\n{source}"
        streams.write_bytes((("\n" if printed else "") + source).encode("utf-8"))
        printed += 1
    return reader.status(problems=problems)


_COMMANDS: dict[str, Callable[[argparse.Namespace, Streams], int]] = {
    "validate": _validate,
    "fmt": _fmt,
    "schema": _schema,
    "py": _py,
    "call": _call_command.run,
}


def console_main() -> None:
    """The ``callmarkup`` console script (and ``python -m callmarkup``).

    Text that the terminal's encoding cannot show is written with backslash escapes rather
    than failing. When standard output is a pipe that the reader closes early (``callmarkup
    validate calls/ | head``), the command stops quietly with status 141, what a shell reports
    for a program ended by a closed pipe, as command-line tools do; on Ctrl-C it stops quietly
    with status 130.
    """
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    try:
        status = main()
        if sys.stdout is not None:
            sys.stdout.flush()  # here, so that a closed pipe is caught rather than reported
    except BrokenPipeError:
        # Python would try to flush standard output again at exit, and complain that it
        # cannot; hand it a sink instead (the recipe of the signal module's documentation).
        devnull = os.open(os.devnull, os.O_WRONLY)
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(AttributeError, OSError, ValueError):
                os.dup2(devnull, stream.fileno())  # pyright: ignore[reportOptionalMemberAccess]
        os.close(devnull)
        status = EXIT_BROKEN_PIPE
    except KeyboardInterrupt:
        status = EXIT_INTERRUPTED
    sys.exit(status)
