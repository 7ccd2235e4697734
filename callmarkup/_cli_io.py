"""What the commands that read documents share: naming, reading and reporting them.

The subcommands that read documents share how they are named (files, folders searched for
``*.xml``, ``-`` for standard input), how they are read (never more than the size cap and one
byte, regular files only), how problems and names are written (control characters escaped, so
that a name or a value cannot forge a line or reach the terminal) and what the exit status
means: 0 when all is well, 1 when a document has errors (or, by option, warnings or would
change), 2 on usage or I/O errors or when no document is found.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import attrs

from callmarkup._parse import DEFAULT_MAX_BYTES

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator, Sequence

    from callmarkup.exceptions import Violation

__all__ = [
    "EXIT_BROKEN_PIPE",
    "EXIT_INTERRUPTED",
    "EXIT_INVALID",
    "EXIT_OK",
    "EXIT_USAGE",
    "STDIN",
    "STDIN_NAME",
    "NamedDocument",
    "Reader",
    "Streams",
    "Unreadable",
    "counted",
    "find",
    "json_string",
    "printable",
    "problem_line",
]

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


def printable(text: str) -> str:
    r"""``text`` for text output: every unsafe character escaped, so it stays on its line.

    Example:
        >>> print(printable("a\nb\x1b[31m\udcff.xml"))
        a\nb\x1b[31m\xff.xml
    """
    return _UNSAFE.sub(lambda match: _escape(match.group()), text)


def json_string(text: str) -> str:
    r"""``text`` for JSON output: the undecodable bytes of a name written as ``\xNN``.

    JSON escapes control characters itself; lone surrogates are the only characters that
    cannot be written as UTF-8.
    """
    return _SURROGATE.sub(lambda match: _escape(match.group()), text)


def counted(number: int, noun: str) -> str:
    """``1 file``, ``2 files``."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


class Unreadable(Exception):  # noqa: N818 - not an error of the library: a reason to report
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
        raise Unreadable("the name holds a NUL character, which no file name can")
    fd = os.open(name, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    with contextlib.ExitStack() as cleanup:
        cleanup.callback(os.close, fd)
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = next((kind for test, kind in _KINDS if test(mode)), "a special file")
            message = f"it is {kind}, not a regular file; to read it, use - and redirect it"
            raise Unreadable(message)
        return _read_up_to(lambda size: os.read(fd, size), limit)


@attrs.frozen
class Streams:
    """Where the command line reads and writes."""

    stdin: TextIO | None
    """``None`` when the process has no standard input (it was closed)."""
    out: TextIO
    err: TextIO

    def read(self, name: str, limit: int = DEFAULT_MAX_BYTES + 1) -> bytes:
        """At most ``limit`` bytes of a file, or of standard input for ``-``.

        Raises:
            Unreadable: standard input is closed, or the file is not a regular file.
            OSError: the file cannot be opened or read.
        """
        if name != STDIN:
            return _read_file(name, limit)
        if self.stdin is None:
            raise Unreadable("standard input is closed")
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
            raise Unreadable("standard input is closed") from None

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
class NamedDocument:
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
        return printable(self.shown)

    @property
    def is_stdin(self) -> bool:
        """Whether it was read from standard input."""
        return self.name == STDIN


def find(paths: Sequence[str]) -> Iterator[tuple[str, str | None]]:
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
class Reader:
    """Reads the documents named, reporting those that cannot be read and carrying on.

    Each document is read up to the size cap and one byte: enough for the cap to refuse it as
    ``too-large``, never more (a 3 GB file costs no more memory than a 1 MB one).
    """

    paths: Sequence[str]
    streams: Streams
    max_bytes: int = DEFAULT_MAX_BYTES
    unreadable: int = 0
    """How many documents could not be read (exit status 2)."""
    found: int = 0
    """How many documents were named or found, read or not."""

    def inputs(self) -> Iterator[NamedDocument]:
        """Every document, read; one that cannot be read is reported and has no data."""
        for name, listed in find(self.paths):
            self.found += 1
            problem = listed
            if problem is None:
                try:
                    data = self.streams.read(name, self.max_bytes + 1)
                except OSError as error:
                    problem = error.strerror or str(error)
                except Unreadable as error:
                    problem = str(error)
                else:
                    yield NamedDocument(name, data)
                    continue
            document = NamedDocument(name, None, problem)
            self.streams.err.write(
                f"callmarkup: cannot read {document.label}: {printable(problem)}\n"
            )
            self.unreadable += 1
            yield document

    def __iter__(self) -> Iterator[NamedDocument]:
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


def problem_line(name: str, violation: Violation) -> str:
    """The line every subcommand reports a problem with; ``name`` as :attr:`NamedDocument.shown`.

    ``FILE:LINE:COL: CODE message`` for an error, ``FILE:LINE:COL: warning: CODE message``
    for a warning (the form of compilers and linters, which editors recognise), the name and
    the message escaped by :func:`printable`.
    """
    where = f"{violation.line or 0}:{violation.column or 0}"
    severity = "warning: " if violation.severity == "warning" else ""
    message = printable(violation.message)
    return f"{printable(name)}:{where}: {severity}{violation.code.value} {message}\n"
