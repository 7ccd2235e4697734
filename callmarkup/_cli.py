"""The command line: ``callmarkup validate``, ``fmt``, ``schema`` and ``py``.

:func:`main` takes the arguments and returns the exit status; it never exits the process
itself, so it can be called from tests and other programs. The subcommands that read
documents share how they are named (files, folders searched for ``*.xml``, ``-`` for standard
input), how they are read (never more than the size cap and one byte, regular files only),
how problems and names are written (control characters escaped, so that a name or a value
cannot forge a line or reach the terminal) and what the exit status means: 0 when all is
well, 1 when a document has errors (or, by option, warnings or would change), 2 on usage or
I/O errors or when no document is found. :func:`console_main`, the console script, adds
what only a process can do: it exits quietly when standard output is a pipe closed early.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import enum
import io
import json
import os
import re
import stat
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import attrs

from callmarkup import _call_command, _export
from callmarkup._parse import DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH, analyse, parse
from callmarkup._python import document_comments, python_source
from callmarkup._render import render
from callmarkup._repair import repaired_text
from callmarkup._source import DecodeError, SourceMap, comments, decode
from callmarkup._version import __version__
from callmarkup.exceptions import CallMarkupError

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

    from callmarkup._nodes import Response
    from callmarkup.exceptions import Violation

__all__ = ["console_main", "main"]

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_USAGE = 2
EXIT_BROKEN_PIPE = 128 + 13
"""What shells report for a program ended by a closed pipe (128 + SIGPIPE)."""
EXIT_INTERRUPTED = 128 + 2
"""What shells report for a program ended by Ctrl-C (128 + SIGINT)."""

STDIN = "-"
STDIN_NAME = "<stdin>"


# Names and messages -----------------------------------------------------------------------

# What must not reach a terminal or a line-based reader as it is: C0 and C1 controls and DEL
# (line breaks, escape sequences), Unicode line and paragraph separators, the bidirectional
# controls (which reorder what is shown), and lone surrogates (undecodable bytes of a file
# name, which no UTF-8 stream can write).
_UNSAFE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_SURROGATE = re.compile("[\ud800-\udfff]")
_NAMED_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def _escape(character: str) -> str:
    r"""How one unsafe character is written: a byte as ``\xNN``, a character as ``\uNNNN``."""
    code = ord(character)
    if 0xDC80 <= code <= 0xDCFF:  # an undecodable byte of a file name (surrogateescape)
        return f"\\x{code - 0xDC00:02x}"
    if code < 0x80:
        return _NAMED_ESCAPES.get(character, f"\\x{code:02x}")
    return f"\\u{code:04x}"


def _printable(text: str) -> str:
    r"""``text`` for text output: every unsafe character escaped, so it stays on its line.

    Example:
        >>> print(_printable("a\nb\x1b[31m\udcff.xml"))
        a\nb\x1b[31m\xff.xml
    """
    return _UNSAFE.sub(lambda match: _escape(match.group()), text)


def _json_string(text: str) -> str:
    r"""``text`` for JSON output: the undecodable bytes of a name written as ``\xNN``.

    JSON escapes control characters itself; lone surrogates are the only characters that
    cannot be written as UTF-8.
    """
    return _SURROGATE.sub(lambda match: _escape(match.group()), text)


def _count(number: int, noun: str) -> str:
    """``1 file``, ``2 files``."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


class _Unreadable(Exception):  # noqa: N818 - not an error of the library: a reason to report
    """Why a document named on the command line cannot be read."""


_KINDS = (
    (stat.S_ISFIFO, "a FIFO"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISDIR, "a folder"),
)


_CHUNK = 1 << 20
"""The most read at once: a large cap (``--max-bytes``) must not allocate its size up front."""


def _read_up_to(read: Callable[[int], bytes], limit: int) -> bytes:
    """At most ``limit`` bytes from ``read``, in chunks, stopping at the end of the input."""
    data = bytearray()
    while len(data) < limit and (chunk := read(min(limit - len(data), _CHUNK))):
        data += chunk
    return bytes(data)


def _read_file(name: str, limit: int) -> bytes:
    """At most ``limit`` bytes of a regular file.

    The file is opened without blocking and judged by what was opened, so a FIFO or a device
    (``/dev/zero``, ``/dev/stdin``) is refused before anything is read from it, and no file
    swapped in after a check can slip through.
    """
    if "\0" in name:  # os.open would raise ValueError: no file system takes the character
        raise _Unreadable("the name holds a NUL character, which no file name can")
    fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with contextlib.ExitStack() as cleanup:
        cleanup.callback(os.close, fd)
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = next((kind for test, kind in _KINDS if test(mode)), "a special file")
            message = f"it is {kind}, not a regular file; to read it, use - and redirect it"
            raise _Unreadable(message)
        return _read_up_to(lambda size: os.read(fd, size), limit)


@attrs.frozen
class _Streams:
    """Where the command line reads and writes."""

    stdin: TextIO | None
    """``None`` when the process has no standard input (it was closed)."""
    out: TextIO
    err: TextIO

    def read(self, name: str, limit: int = DEFAULT_MAX_BYTES + 1) -> bytes:
        """At most ``limit`` bytes of a file, or of standard input for ``-``.

        Raises:
            _Unreadable: standard input is closed, or the file is not a regular file.
            OSError: the file cannot be opened or read.
        """
        if name != STDIN:
            return _read_file(name, limit)
        if self.stdin is None:
            raise _Unreadable("standard input is closed")
        stdin = self.stdin
        buffer = getattr(stdin, "buffer", None)

        def read(size: int) -> bytes:
            if buffer is not None:
                return bytes(buffer.read(size))
            # A text stream without bytes under it (tests, embedding programs): as many
            # characters as the limit are at least as many bytes, so the cap still holds.
            return stdin.read(size).encode("utf-8", "surrogatepass")

        try:
            return _read_up_to(read, limit)
        except ValueError:  # reading a closed file
            raise _Unreadable("standard input is closed") from None

    def write_bytes(self, data: bytes) -> None:
        """Write a product (a document, Python source) to standard output, as UTF-8."""
        buffer = getattr(self.out, "buffer", None)
        if buffer is None:
            self.out.write(data.decode("utf-8"))
        else:
            self.out.flush()
            # A write to a pipe that its reader closes part-way through returns short without
            # raising; writing the rest raises BrokenPipeError, rather than dropping it unsaid.
            rest = memoryview(data)
            while rest:
                written = buffer.write(rest)  # None from a buffer that takes all or raises
                rest = rest[len(rest) if written is None else written :]
            buffer.flush()


@attrs.frozen
class _Document:
    """One document named on the command line, and what was read of it."""

    name: str
    """As given: a path, or ``-``."""
    data: bytes | None
    """``None`` when it could not be read."""
    error: str | None = None
    """Why it could not be read."""

    @property
    def shown(self) -> str:
        """How reports name it: the path, or ``<stdin>``."""
        return STDIN_NAME if self.name == STDIN else self.name

    @property
    def label(self) -> str:
        """How text output names it: :attr:`shown`, with control characters escaped."""
        return _printable(self.shown)

    @property
    def is_stdin(self) -> bool:
        """Whether it was read from standard input."""
        return self.name == STDIN


def _find(paths: Sequence[str]) -> Iterator[tuple[str, str | None]]:
    """Every document named, with why it cannot be read if that is known already.

    Files come as given, folders are searched for ``*.xml`` in sorted order; a folder that
    cannot be listed comes as itself, with the reason.
    """
    for name in paths:
        path = Path(name)
        if name == STDIN or not path.is_dir():
            yield name, None
            continue
        found: list[str] = []
        # Path.rglob follows symbolic links to folders on older Pythons; walk by hand. The
        # entries of os.scandir know their type from the listing itself: no stat per entry.
        folders = [str(path)]
        while folders:
            folder = folders.pop()
            try:
                with os.scandir(folder) as listing:
                    entries = list(listing)
            except OSError as error:
                yield folder, f"cannot list the folder: {error.strerror or error}"
                continue
            for entry in entries:
                if _is_xml_file(entry):
                    found.append(entry.path)
                elif _is_folder(entry):
                    folders.append(entry.path)
        # Sorted as paths (part by part), as they always were.
        yield from ((str(file), None) for file in sorted(map(Path, found)))


def _is_folder(entry: os.DirEntry[str]) -> bool:
    """Whether ``entry`` is a folder, not a symbolic link to one."""
    try:
        return entry.is_dir(follow_symlinks=False)
    except OSError:  # its type could not be read: not a folder to search
        return False


def _is_xml_file(entry: os.DirEntry[str]) -> bool:
    """Whether ``entry`` is a regular file named ``*.xml``, not a symbolic link to one.

    ``*.xml`` as :attr:`pathlib.PurePath.suffix` has it: ``.xml`` alone is a name, not a suffix.
    """
    name = entry.name
    if not name.endswith(".xml") or len(name) == len(".xml"):
        return False
    try:
        return entry.is_file(follow_symlinks=False)
    except OSError:  # its type could not be read: not a file to read
        return False


@attrs.define
class _Reader:
    """Reads the documents named, reporting those that cannot be read and carrying on.

    Each document is read up to the size cap and one byte: enough for the cap to refuse it as
    ``too-large``, never more (a 3 GB file costs no more memory than a 1 MB one).
    """

    paths: Sequence[str]
    streams: _Streams
    max_bytes: int = DEFAULT_MAX_BYTES
    unreadable: int = 0
    """How many documents could not be read (exit status 2)."""
    found: int = 0
    """How many documents were named or found, read or not."""

    def inputs(self) -> Iterator[_Document]:
        """Every document, read; one that cannot be read is reported and has no data."""
        for name, listed in _find(self.paths):
            self.found += 1
            problem = listed
            if problem is None:
                try:
                    data = self.streams.read(name, self.max_bytes + 1)
                except OSError as error:
                    problem = error.strerror or str(error)
                except _Unreadable as error:
                    problem = str(error)
                else:
                    yield _Document(name, data)
                    continue
            document = _Document(name, None, problem)
            self.streams.err.write(
                f"callmarkup: cannot read {document.label}: {_printable(problem)}\n"
            )
            self.unreadable += 1
            yield document

    def __iter__(self) -> Iterator[_Document]:
        """The documents that could be read; the others are reported and counted."""
        return (document for document in self.inputs() if document.data is not None)

    def status(self, *, problems: bool) -> int:
        """The exit status once every document is done; ``problems`` makes it 1."""
        if self.unreadable:
            return EXIT_USAGE
        if not self.found:
            self.streams.err.write(
                "callmarkup: no documents found (folders are searched for *.xml)\n"
            )
            return EXIT_USAGE
        return EXIT_INVALID if problems else EXIT_OK


def _problem_line(name: str, violation: Violation) -> str:
    """The line every subcommand reports a problem with; ``name`` as :attr:`_Document.shown`.

    ``FILE:LINE:COL: CODE message`` for an error, ``FILE:LINE:COL: warning: CODE message``
    for a warning (the form of compilers and linters, which editors recognise), the name and
    the message escaped by :func:`_printable`.
    """
    where = f"{violation.line or 0}:{violation.column or 0}"
    severity = "warning: " if violation.severity == "warning" else ""
    message = _printable(violation.message)
    return f"{_printable(name)}:{where}: {severity}{violation.code.value} {message}\n"


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


def _streams(stdin: TextIO | None, out: TextIO | None, err: TextIO | None) -> _Streams | None:
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
    return _Streams(stdin if stdin is not None else sys.stdin, out, err)


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
    command: Callable[[argparse.Namespace, _Streams], int] = _COMMANDS[arguments.command]
    return command(arguments, streams)


# validate ---------------------------------------------------------------------------------


@attrs.frozen
class _Report:
    document: _Document
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
        counts = [f"{_count(self.files, 'file')}: {self.valid} valid, {self.invalid} invalid"]
        if self.unreadable:
            counts.append(f"{self.unreadable} unreadable")
        if self.warnings:
            counts.append(_count(self.warnings, "warning"))
        return ", ".join(counts) + "\n"


def _write_text(reports: Sequence[_Report], streams: _Streams) -> None:
    out = streams.out
    if not reports:
        return  # standard error says that no document was found
    for report in reports:
        if report.document.error is not None:
            continue  # standard error said why, as the file came
        if not report.errors:
            out.write(f"{report.document.label}: ok\n")
        out.writelines(
            _problem_line(report.document.shown, violation) for violation in report.violations
        )
    out.write(_Summary.of(reports).line())


def _write_json(reports: Sequence[_Report], streams: _Streams) -> None:
    document = {
        "files": [
            {
                "path": _json_string(report.document.shown),
                "valid": report.valid,
                "error": None
                if report.document.error is None
                else _json_string(report.document.error),
                "violations": [
                    {
                        "code": violation.code.value,
                        "severity": violation.severity,
                        "message": _json_string(violation.message),
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
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    streams.write_bytes(text.encode("utf-8"))


def _validate(arguments: argparse.Namespace, streams: _Streams) -> int:
    reader = _Reader(arguments.paths, streams, arguments.max_bytes)
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


# fmt --------------------------------------------------------------------------------------


class _Outcome(enum.Enum):
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    FAILED = "failed"
    UNWRITTEN = "unwritten"
    """Formatted, but the file could not be written: an I/O error."""
    UNREAD = "unread"
    """The file could not be read: an I/O error."""


def _checked(document: _Document, arguments: argparse.Namespace, err: TextIO) -> Response | None:
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
        err.writelines(_problem_line(document.shown, violation) for violation in violations)
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


def _write_diff(document: _Document, old: bytes, new: bytes, out: TextIO) -> None:
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


def _new_bytes(document: _Document, arguments: argparse.Namespace, err: TextIO) -> bytes | None:
    """What ``fmt`` would write, or ``None`` after reporting why it writes nothing."""
    node = _checked(document, arguments, err)
    if node is None:
        return None
    new = _formatted(node, pretty=arguments.pretty)
    refusal = _read_back(new, node, arguments)
    if refusal is not None:
        err.write(f"{document.label}: not formatted: {_printable(refusal)}\n")
        return None
    return new


def _format_one(document: _Document, arguments: argparse.Namespace, streams: _Streams) -> _Outcome:
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
                f" {_printable(error.strerror or str(error))}\n"
            )
            return _Outcome.UNWRITTEN
    streams.err.write(f"{document.label}: reformatted\n")
    return _Outcome.CHANGED


def _fmt(arguments: argparse.Namespace, streams: _Streams) -> int:
    reader = _Reader(arguments.paths, streams, arguments.max_bytes)
    outcomes = [_format_one(document, arguments, streams) for document in reader.inputs()]
    if outcomes:
        changed = "would be reformatted" if arguments.check or arguments.diff else "reformatted"
        failed = sum(
            outcome in {_Outcome.FAILED, _Outcome.UNWRITTEN, _Outcome.UNREAD}
            for outcome in outcomes
        )
        streams.err.write(
            f"{_count(len(outcomes), 'file')}: {outcomes.count(_Outcome.CHANGED)} {changed},"
            f" {outcomes.count(_Outcome.UNCHANGED)} unchanged, {failed} failed\n"
        )
    problems = _Outcome.FAILED in outcomes or (arguments.check and _Outcome.CHANGED in outcomes)
    status = reader.status(problems=problems)
    return EXIT_USAGE if _Outcome.UNWRITTEN in outcomes else status


# schema and py ----------------------------------------------------------------------------


def _schema(arguments: argparse.Namespace, streams: _Streams) -> int:
    text = _export.xml_schema() if arguments.format == "xsd" else _export.relax_ng()
    streams.write_bytes(text.encode("utf-8"))
    return EXIT_OK


def _py(arguments: argparse.Namespace, streams: _Streams) -> int:
    reader = _Reader(arguments.paths, streams, arguments.max_bytes)
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
            streams.err.writelines(_problem_line(document.shown, v) for v in violations)
            problems = True
            continue
        source = python_source(node, comments=document_comments(data))
        if headed:
            source = f"# {document.label}\n{source}"
        streams.write_bytes((("\n" if printed else "") + source).encode("utf-8"))
        printed += 1
    return reader.status(problems=problems)


_COMMANDS: dict[str, Callable[[argparse.Namespace, _Streams], int]] = {
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
