"""The command line: ``callmarkup validate`` (spec §7.10).

:func:`main` takes the arguments and returns the exit status; it never exits the process
itself, so it can be called from tests and other programs.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import attrs

from callmarkup._parse import DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH, validate
from callmarkup._version import __version__

if TYPE_CHECKING:
    from collections.abc import Iterator, Sequence

    from callmarkup.exceptions import Violation

__all__ = ["console_main", "main"]

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2

STDIN = "-"
STDIN_NAME = "<stdin>"


@attrs.frozen
class _Report:
    path: str
    violations: tuple[Violation, ...]

    @property
    def errors(self) -> tuple[Violation, ...]:
        return tuple(v for v in self.violations if v.severity == "error")


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected at least 1, got {value}")
    return value


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="callmarkup",
        description="Check call-control markup documents against the dialect.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = commands.add_parser(
        "validate",
        help="report every problem of documents",
        description="Report every problem of each document: files, folders (searched for"
        " *.xml) or - for standard input.",
    )
    check.add_argument("paths", nargs="+", metavar="PATH", help="file, folder, or - for stdin")
    check.add_argument(
        "--format",
        choices=("text", "json"),
        default="text",
        help="output format (default: text)",
    )
    check.add_argument(
        "--max-bytes",
        type=_positive,
        default=DEFAULT_MAX_BYTES,
        metavar="N",
        help=f"refuse documents larger than N bytes (default: {DEFAULT_MAX_BYTES})",
    )
    check.add_argument(
        "--max-depth",
        type=_positive,
        default=DEFAULT_MAX_DEPTH,
        metavar="N",
        help=f"refuse documents nested deeper than N elements (default: {DEFAULT_MAX_DEPTH})",
    )
    return parser


def _documents(paths: Sequence[str]) -> Iterator[str]:
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


def _read(name: str, stdin: TextIO) -> bytes:
    if name == STDIN:
        return stdin.buffer.read() if hasattr(stdin, "buffer") else stdin.read().encode()
    return Path(name).read_bytes()


def _location(violation: Violation) -> str:
    return f"{violation.line or 0}:{violation.column or 0}"


def _write_text(reports: Sequence[_Report], out: TextIO) -> None:
    for report in reports:
        if not report.errors:
            out.write(f"{report.path}: ok\n")
        out.writelines(
            f"{report.path}:{_location(violation)}: {violation.code.value} {violation.message}\n"
            for violation in report.violations
        )
    valid = sum(not report.errors for report in reports)
    out.write(f"{len(reports)} files: {valid} valid, {len(reports) - valid} invalid\n")


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
        "summary": {"files": len(reports), "valid": valid, "invalid": len(reports) - valid},
    }
    json.dump(document, out, indent=2, ensure_ascii=False)
    out.write("\n")


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
        stdout: Where reports go (``sys.stdout`` by default).
        stderr: Where usage and I/O errors go (``sys.stderr`` by default).

    Returns:
        0 when every document is valid, 1 when any has errors, 2 on usage or I/O errors or
        when no document is found.

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
    out, err = stdout or sys.stdout, stderr or sys.stderr
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            arguments = parser.parse_args(argv)
    except SystemExit as exit_:
        # argparse exits by itself on --help, --version and usage errors; keep its status.
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
    return _validate(arguments, stdin or sys.stdin, out, err)


def _validate(arguments: argparse.Namespace, stdin: TextIO, out: TextIO, err: TextIO) -> int:
    reports: list[_Report] = []
    failed = False
    for name in _documents(arguments.paths):
        try:
            data = _read(name, stdin)
        except OSError as error:
            err.write(f"callmarkup: cannot read {name}: {error.strerror or error}\n")
            failed = True
            continue
        shown = STDIN_NAME if name == STDIN else name
        violations = validate(data, max_bytes=arguments.max_bytes, max_depth=arguments.max_depth)
        reports.append(_Report(shown, violations))
    if not reports and not failed:
        err.write("callmarkup: no documents found (folders are searched for *.xml)\n")
        return EXIT_USAGE
    if arguments.format == "json":
        _write_json(reports, out)
    else:
        _write_text(reports, out)
    if failed:
        return EXIT_USAGE
    return EXIT_INVALID if any(report.errors for report in reports) else EXIT_OK


def console_main() -> None:
    """The ``callmarkup`` console script."""
    sys.exit(main())
