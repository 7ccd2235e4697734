"""The command line: output formats, folders, standard input and exit statuses (spec §7.10)."""

from __future__ import annotations

import io
import json
import os
import runpy
import shlex
import subprocess
import sys
import tracemalloc
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import pytest
from corpus import REPOSITORY
from documents import UNKNOWN

from callmarkup import __version__, _cli, _cli_io
from callmarkup._cli import console_main, main
from callmarkup._cli_io import Reader, Streams, find
from callmarkup._export import relax_ng, xml_schema

if TYPE_CHECKING:
    from collections.abc import Iterator

VALID = "<Response><Say>Hi</Say></Response>"
INVALID = "<Response>\n  <Dial/>\n  <Say loop='x'>Hi</Say>\n</Response>"


def _run(*argv: str, stdin: str = "") -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), stdin=io.StringIO(stdin), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    """A folder of documents, nested, with a non-XML file and a linked folder."""
    (tmp_path / "b.xml").write_text(INVALID, encoding="utf-8")
    (tmp_path / "a.xml").write_text(VALID, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not markup", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.xml").write_text(VALID, encoding="utf-8")
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    outside.mkdir()
    (outside / "linked.xml").write_text(INVALID, encoding="utf-8")
    (tmp_path / "link").symlink_to(outside, target_is_directory=True)
    return tmp_path


def test_text_output_lists_problems_and_a_summary(tree: Path) -> None:
    """FILE:LINE:COL: CODE message per problem, FILE: ok, then the counts."""
    status, out, _ = _run("validate", str(tree))
    assert status == 1
    assert out.splitlines() == [
        f"{tree}/a.xml: ok",
        f"{tree}/b.xml:2:3: empty <Dial> is empty; it needs a destination as text or"
        " <Client>, <Number>, <Sip> children",
        f'{tree}/b.xml:3:8: bad-attribute-value <Say> loop="x" is not allowed:'
        " expected an integer from 0 to 2147483647, written with digits only;"
        " the platform uses the default, 1",
        f"{tree}/sub/c.xml: ok",
        "3 files: 2 valid, 1 invalid",
    ]


def test_json_output(tree: Path) -> None:
    """The JSON report has files with violations and a summary."""
    status, out, _ = _run("validate", "--format", "json", str(tree / "b.xml"))
    assert status == 1
    report = json.loads(out)
    assert report["summary"] == {
        "files": 1,
        "valid": 0,
        "invalid": 1,
        "unreadable": 0,
        "warnings": 0,
    }
    (entry,) = report["files"]
    assert entry["path"] == str(tree / "b.xml")
    assert entry["valid"] is False
    assert entry["error"] is None
    assert entry["violations"][0] == {
        "code": "empty",
        "severity": "error",
        "message": "<Dial> is empty; it needs a destination as text or <Client>, <Number>,"
        " <Sip> children",
        "path": "/Response/Dial[1]",
        "line": 2,
        "column": 3,
    }


def test_all_valid_exits_zero(tree: Path) -> None:
    """Exit 0 when every document is valid."""
    status, out, _ = _run("validate", str(tree / "a.xml"), str(tree / "sub"))
    assert status == 0
    assert out.splitlines()[-1] == "2 files: 2 valid, 0 invalid"


def test_standard_input_is_named_stdin() -> None:
    """- reads standard input and is shown as <stdin>."""
    assert _run("validate", "-", stdin=VALID) == (
        0,
        "<stdin>: ok\n1 file: 1 valid, 0 invalid\n",
        "",
    )


def test_caps_are_passed_on() -> None:
    """--max-bytes and --max-depth change the caps."""
    status, out, _ = _run("validate", "--max-bytes", "10", "-", stdin=VALID)
    assert status == 1
    assert ": too-large " in out
    status, out, _ = _run("validate", "--max-depth", "1", "-", stdin=VALID)
    assert status == 1
    assert ": too-large " in out


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["validate"],
        ["check", "x.xml"],
        ["validate", "--format", "yaml", "-"],
        ["validate", "--max-bytes", "0", "-"],
        ["validate", "--max-depth", "many", "-"],
    ],
)
def test_usage_errors_exit_two(argv: list[str]) -> None:
    """Bad arguments exit 2 with a usage message."""
    status, out, err = _run(*argv)
    assert status == 2
    assert err.startswith("usage: callmarkup")
    assert out == ""


def test_unreadable_file_exits_two(tree: Path) -> None:
    """An I/O error is reported on stderr; the other files are still checked."""
    status, out, err = _run("validate", str(tree / "missing.xml"), str(tree / "a.xml"))
    assert status == 2
    assert "cannot read" in err
    assert f"{tree}/a.xml: ok" in out


def test_no_documents_found_exits_two(tmp_path: Path) -> None:
    """A folder without *.xml is a usage error."""
    status, _, err = _run("validate", str(tmp_path))
    assert status == 2
    assert "no documents found" in err


def test_version_and_help_exit_zero() -> None:
    """--version prints the version; --help the usage."""
    status, out, _ = _run("--version")
    assert (status, out) == (0, f"callmarkup {__version__}\n")
    status, out, _ = _run("validate", "--help")
    assert status == 0
    assert "PATH" in out


def test_python_dash_m_runs_the_same_command(tree: Path) -> None:
    """Python -m callmarkup is the command line, with its exit status."""
    result = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "callmarkup", "validate", str(tree / "b.xml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout.endswith("1 file: 0 valid, 1 invalid\n")


SUSPECT = "<Response>\n  <Hangup/>\n  <Say>Bye</Say>\n</Response>"


def test_warnings_are_printed_and_the_file_is_still_ok() -> None:
    """A file with only warnings is ok: its warnings follow, the summary counts them."""
    status, out, _ = _run("validate", "-", stdin=SUSPECT)
    assert status == 0
    assert out.splitlines() == [
        "<stdin>: ok",
        "<stdin>:3:3: warning: unreachable-verb <Say> can never run: the <Hangup> before it"
        " ends the call",
        "1 file: 1 valid, 0 invalid, 1 warning",
    ]


def test_strict_makes_warnings_fail() -> None:
    """--strict exits 1 on warnings; the report is the same."""
    status, out, _ = _run("validate", "--strict", "-", stdin=SUSPECT)
    assert status == 1
    assert out.startswith("<stdin>: ok\n<stdin>:3:3: warning: unreachable-verb ")
    assert _run("validate", "--strict", "-", stdin=VALID)[0] == 0


def test_no_warnings_reports_errors_only() -> None:
    """--no-warnings leaves warnings out of the report and the summary."""
    assert _run("validate", "--no-warnings", "-", stdin=SUSPECT) == (
        0,
        "<stdin>: ok\n1 file: 1 valid, 0 invalid\n",
        "",
    )


def test_strict_and_no_warnings_exclude_each_other() -> None:
    """Asking for both is a usage error."""
    status, _, err = _run("validate", "--strict", "--no-warnings", "-", stdin=SUSPECT)
    assert status == 2
    assert "not allowed with argument" in err


def test_json_output_gives_the_severity_of_warnings() -> None:
    """Warnings appear in JSON with severity "warning"; a file with only warnings is valid."""
    status, out, _ = _run("validate", "--format", "json", "-", stdin=SUSPECT)
    assert status == 0
    report = json.loads(out)
    assert report["summary"] == {
        "files": 1,
        "valid": 1,
        "invalid": 0,
        "unreadable": 0,
        "warnings": 1,
    }
    (entry,) = report["files"]
    assert entry["valid"] is True
    assert [(v["code"], v["severity"], v["line"]) for v in entry["violations"]] == [
        ("unreachable-verb", "warning", 3),
    ]


@pytest.mark.parametrize("language", ["xsd", "rng"])
def test_schema_command_prints_the_generated_schema(language: str) -> None:
    """Callmarkup schema --format writes the schema the export module generates."""
    status, out, err = _run("schema", "--format", language)
    assert (status, err) == (0, "")
    assert out == (xml_schema() if language == "xsd" else relax_ng())
    assert _run("schema")[1] == xml_schema()


def _hooks() -> dict[str, dict[str, str]]:
    """The hooks of .pre-commit-hooks.yaml, by id (a flat list of flat mappings)."""
    hooks: dict[str, dict[str, str]] = {}
    current: dict[str, str] = {}
    for line in (REPOSITORY / ".pre-commit-hooks.yaml").read_text(encoding="utf-8").splitlines():
        key, _, value = line.strip().removeprefix("- ").partition(":")
        if line.startswith("- "):
            current = hooks.setdefault(value.strip(), {})
        elif value:
            current[key] = value.strip()
    return hooks


def _hook(hook: dict[str, str], *files: str) -> int:
    """Run a hook's entry as pre-commit does: the command, then the files."""
    command, *arguments = shlex.split(hook["entry"])
    assert command == "callmarkup"
    return _run(*arguments, *files)[0]


def test_pre_commit_hooks_run_the_command_line(tree: Path) -> None:
    """Each hook of .pre-commit-hooks.yaml names a working command for XML files."""
    hooks = _hooks()
    assert set(hooks) == {"callmarkup-validate", "callmarkup-fmt"}
    for hook in hooks.values():
        assert hook["language"] == "python"
        assert hook["types"] == "[xml]"
    valid = str(tree / "a.xml")
    assert _hook(hooks["callmarkup-validate"], valid) == 0
    assert _hook(hooks["callmarkup-validate"], str(tree / "b.xml")) == 1
    assert _hook(hooks["callmarkup-fmt"], valid) == 1  # one line, not indented
    assert _run("fmt", "--pretty", valid)[0] == 0
    assert _hook(hooks["callmarkup-fmt"], valid) == 0


def test_the_shipped_examples_pass_the_shipped_hooks() -> None:
    """The examples are kept in the form the fmt hook asks for, and are valid."""
    examples = sorted(str(path) for path in (REPOSITORY / "examples").rglob("*.xml"))
    assert len(examples) >= 5
    for hook in _hooks().values():
        assert _hook(hook, *examples) == 0, hook["entry"]
        assert _hook(hook, str(REPOSITORY / "examples")) == 0, hook["entry"]


def test_module_entry_point_exits_with_the_status(monkeypatch: pytest.MonkeyPatch) -> None:
    """Running the package as a module exits with main()'s status."""
    monkeypatch.setattr(sys, "argv", ["callmarkup", "--version"])
    with pytest.raises(SystemExit) as raised:
        runpy.run_module("callmarkup", run_name="__main__")
    assert raised.value.code == 0


def test_console_script_exits_with_the_status(monkeypatch: pytest.MonkeyPatch) -> None:
    """The console script exits with main()'s status."""
    monkeypatch.setattr(sys, "argv", ["callmarkup", "validate"])
    with pytest.raises(SystemExit) as raised:
        console_main()
    assert raised.value.code == 2


# Reading: the cap, special files, standard input ------------------------------------------


def test_files_are_read_only_up_to_the_cap(tmp_path: Path) -> None:
    """A 3 GiB file costs the cap and one byte of memory, and is too-large."""
    huge = tmp_path / "huge.xml"
    with huge.open("wb") as file:
        file.truncate(3 * 2**30)  # sparse: nothing is written to disk
    tracemalloc.start()
    try:
        status, out, _ = _run("validate", str(huge))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert status == 1
    assert f"{huge}:1:1: too-large the document is over 1048576 bytes" in out
    assert peak < 8 * 2**20


def test_standard_input_is_read_only_up_to_the_cap() -> None:
    """From standard input too, no more than the cap and one byte is read."""
    raw = io.BytesIO(b"<Response>" + b" " * 3_000_000 + b"</Response>")
    stdin = io.TextIOWrapper(raw, encoding="utf-8")
    out = io.StringIO()
    status = main(
        ["validate", "--max-bytes", "1000", "-"], stdin=stdin, stdout=out, stderr=io.StringIO()
    )
    assert status == 1
    assert "too-large the document is over 1000 bytes" in out.getvalue()
    assert raw.tell() == 1001  # the cap and one byte, of 3 MB
    assert raw.tell() == 1001


def test_a_huge_cap_is_not_allocated_up_front(tree: Path) -> None:
    """--max-bytes far beyond memory still reads small documents, from files and stdin."""
    cap = str(10**15)
    assert _run("validate", "--max-bytes", cap, str(tree / "a.xml"))[0] == 0
    assert _run("validate", "--max-bytes", cap, "-", stdin=VALID)[0] == 0
    raw = io.BytesIO(VALID.encode())
    stdin = io.TextIOWrapper(raw, encoding="utf-8")
    status = main(["validate", "--max-bytes", cap, "-"], stdin=stdin, stdout=io.StringIO())
    assert status == 0


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_given_by_name_is_refused() -> None:
    """/dev/zero is not read: it is reported as unreadable, in text and in JSON."""
    status, out, err = _run("validate", "/dev/zero", "-", stdin=VALID)
    assert status == 2
    assert err == (
        "callmarkup: cannot read /dev/zero: it is a character device, not a regular file;"
        " to read it, use - and redirect it\n"
    )
    assert out.splitlines() == ["<stdin>: ok", "2 files: 1 valid, 0 invalid, 1 unreadable"]
    report = json.loads(_run("validate", "--format", "json", "/dev/zero")[1])
    assert report["files"][0]["error"].startswith("it is a character device")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_given_by_name_is_refused_at_once(tmp_path: Path) -> None:
    """A FIFO without a writer would block a reader for ever: it is refused without reading."""
    fifo = tmp_path / "calls.xml"
    os.mkfifo(fifo)
    result = subprocess.run(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "callmarkup", "validate", str(fifo)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr == (
        f"callmarkup: cannot read {fifo}: it is a FIFO, not a regular file;"
        " to read it, use - and redirect it\n"
    )


def test_a_name_with_a_nul_character_is_unreadable_not_a_crash() -> None:
    """main() given a name that no file can have (from a program, not a shell) reports it."""
    for command in ("validate", "fmt", "py"):
        status, _, err = _run(command, "a\0b.xml")
        assert status == 2
        assert err.splitlines()[0] == (
            "callmarkup: cannot read a\\x00b.xml: the name holds a NUL character,"
            " which no file name can"
        )


def test_closed_standard_input_is_an_io_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """With no standard input (None, or a closed file), - is unreadable: exit 2, a message."""
    monkeypatch.setattr(sys, "stdin", None)
    out, err = io.StringIO(), io.StringIO()
    assert main(["validate", "-"], stdout=out, stderr=err) == 2
    assert err.getvalue() == "callmarkup: cannot read <stdin>: standard input is closed\n"
    assert out.getvalue() == "1 file: 0 valid, 0 invalid, 1 unreadable\n"
    closed = io.StringIO(VALID)
    closed.close()
    status = main(["fmt", "-"], stdin=closed, stdout=io.StringIO(), stderr=err)
    assert status == 2


def test_iterating_a_reader_gives_the_documents_it_could_read(tree: Path) -> None:
    """Iterating the reader, as subcommands do, skips what it reports unreadable and counts it."""
    err = io.StringIO()
    streams = Streams(None, io.StringIO(), err)
    reader = Reader([str(tree / "missing.xml"), str(tree / "a.xml")], streams)
    assert [document.name for document in reader] == [str(tree / "a.xml")]
    assert (reader.found, reader.unreadable) == (2, 1)
    assert reader.status(problems=False) == 2
    assert err.getvalue().startswith(f"callmarkup: cannot read {tree}/missing.xml: ")


def test_closed_standard_output_is_a_usage_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """With no standard output, the command says so on standard error and exits 2."""
    monkeypatch.setattr(sys, "stdout", None)
    err = io.StringIO()
    assert main(["validate", "-"], stdin=io.StringIO(VALID), stderr=err) == 2
    assert err.getvalue() == "callmarkup: standard output or standard error is closed\n"


def test_closed_standard_input_in_a_real_process() -> None:
    """The command started with standard input closed (0<&-) says so and exits 2."""
    result = subprocess.run(
        ["/bin/sh", "-c", 'exec "$0" -m callmarkup validate - 0<&-', sys.executable],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert (result.returncode, result.stderr) == (
        2,
        "callmarkup: cannot read <stdin>: standard input is closed\n",
    )


@pytest.mark.parametrize("command", ["validate", "fmt", "py"])
def test_standard_input_may_be_named_once(command: str) -> None:
    """- - is a usage error: standard input is read once, and nothing is read."""
    stdin = io.StringIO(VALID)
    out, err = io.StringIO(), io.StringIO()
    assert main([command, "-", "-"], stdin=stdin, stdout=out, stderr=err) == 2
    assert err.getvalue() == f"callmarkup {command}: - (standard input) may be given once\n"
    assert (out.getvalue(), stdin.tell()) == ("", 0)


# Output that cannot be forged ---------------------------------------------------------------


def test_names_and_messages_cannot_forge_lines_or_reach_the_terminal(tmp_path: Path) -> None:
    """Control characters of file names and values are escaped; each problem is one line."""
    path = tmp_path / "a\nFILE: ok\x1b[2J\u202e.xml"
    path.write_text('<Response><Say loop="1&#10;b.xml: ok&#x9b;31m">Hi</Say></Response>')
    status, out, _ = _run("validate", str(path), str(tmp_path / "gone\r.xml"))
    assert status == 2
    shown = f"{tmp_path}/a\\nFILE: ok\\x1b[2J\\u202e.xml"
    assert out.splitlines() == [
        f'{shown}:1:16: bad-attribute-value <Say> loop="1\\nb.xml: ok\\u009b31m" is not'
        " allowed: expected an integer from 0 to 2147483647, written with digits only;"
        " the platform uses the default, 1",
        "2 files: 0 valid, 1 invalid, 1 unreadable",
    ]
    _, _, err = _run("validate", str(tmp_path / "gone\r.xml"))
    assert err == f"callmarkup: cannot read {tmp_path}/gone\\r.xml: No such file or directory\n"


@pytest.mark.skipif(
    sys.platform in {"darwin", "win32"}, reason="file names there are always Unicode"
)
def test_undecodable_file_names_give_valid_utf8(tmp_path: Path) -> None:
    r"""A name that is not UTF-8 shows its bytes as \xNN, in text and in JSON (valid UTF-8)."""
    path = Path(os.fsdecode(bytes(tmp_path) + b"/caf\xe9.xml"))
    path.write_text(VALID)
    assert _run("validate", str(path))[1].splitlines()[0] == f"{tmp_path}/caf\\xe9.xml: ok"
    raw = io.BytesIO()
    stdout = io.TextIOWrapper(raw, encoding="latin-1")
    assert main(["validate", "--format", "json", str(path)], stdout=stdout) == 0
    stdout.flush()
    report = json.loads(raw.getvalue().decode("utf-8"))
    assert report["files"][0]["path"] == f"{tmp_path}/caf\\xe9.xml"


# JSON: every input, always one object -------------------------------------------------------


def test_json_report_lists_files_that_cannot_be_read(tree: Path) -> None:
    """An unreadable file is in the report, with its error, and in the summary; exit 2."""
    status, out, err = _run(
        "validate", "--format", "json", str(tree / "missing.xml"), str(tree / "a.xml")
    )
    assert status == 2
    assert "cannot read" in err
    report = json.loads(out)
    assert report["files"] == [
        {
            "path": str(tree / "missing.xml"),
            "valid": False,
            "error": "No such file or directory",
            "violations": [],
        },
        {"path": str(tree / "a.xml"), "valid": True, "error": None, "violations": []},
    ]
    assert report["summary"] == {
        "files": 2,
        "valid": 1,
        "invalid": 0,
        "unreadable": 1,
        "warnings": 0,
    }


def test_json_report_when_no_file_is_found(tmp_path: Path) -> None:
    """No document found still prints one JSON object (empty), and exits 2."""
    status, out, err = _run("validate", "--format", "json", str(tmp_path))
    assert status == 2
    assert "no documents found" in err
    assert json.loads(out) == {
        "files": [],
        "summary": {"files": 0, "valid": 0, "invalid": 0, "unreadable": 0, "warnings": 0},
    }


def test_a_folder_search_reads_each_entry_type_from_the_listing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Folders are searched in path order, links and non-*.xml names skipped, no stat per entry."""
    for name in ("b.xml", "a-b.xml", ".xml", "c.XML", "d.xml.txt", "..xml"):
        (tmp_path / name).write_text(VALID)
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "z.xml").write_text(VALID)
    (tmp_path / "a-b").mkdir()
    (tmp_path / "a-b" / "y.xml").write_text(VALID)
    (tmp_path / "folder.xml").mkdir()
    (tmp_path / "link.xml").symlink_to(tmp_path / "b.xml")
    (tmp_path / "linked").symlink_to(tmp_path / "a", target_is_directory=True)
    for number in range(40):
        (tmp_path / "a" / f"n{number:02}.txt").write_text("not markup")
    stats: list[str] = []
    stat, lstat = os.stat, os.lstat

    def counted_stat(path: str, *args: Any, **kwargs: Any) -> os.stat_result:
        stats.append(str(path))
        return stat(path, *args, **kwargs)

    def counted_lstat(path: str, *args: Any, **kwargs: Any) -> os.stat_result:
        stats.append(str(path))
        return lstat(path, *args, **kwargs)

    monkeypatch.setattr(os, "stat", counted_stat)
    monkeypatch.setattr(os, "lstat", counted_lstat)
    found = list(find([str(tmp_path)]))
    assert found == [
        (str(tmp_path / name), None)
        for name in ("..xml", "a/z.xml", "a-b/y.xml", "a-b.xml", "b.xml")
    ]
    assert stats == [str(tmp_path)]  # the folder named, once; none of its entries


def test_a_folder_that_cannot_be_listed_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A sub-folder that cannot be listed is an unreadable input, not a crash."""
    (tmp_path / "a.xml").write_text(VALID)
    locked = tmp_path / "locked"
    locked.mkdir()
    listing = os.scandir

    def refuse(folder: str) -> Iterator[os.DirEntry[str]]:
        if Path(folder) == locked:
            raise PermissionError(13, "Permission denied")
        return listing(folder)

    monkeypatch.setattr(os, "scandir", refuse)
    status, out, err = _run("validate", str(tmp_path))
    assert status == 2
    assert f"cannot read {locked}: cannot list the folder: Permission denied" in err
    assert out.endswith("2 files: 1 valid, 0 invalid, 1 unreadable\n")


# Warnings, plurals, pipes ---------------------------------------------------------------------


def test_counts_are_singular_for_one_and_plural_otherwise() -> None:
    """1 file, 1 warning; 2 files, 2 warnings."""
    two = "<Response><Hangup/><Say>a</Say><Say>b</Say></Response>"
    assert _run("validate", "-", stdin=two)[1].endswith("1 file: 1 valid, 0 invalid, 2 warnings\n")
    status, out, _ = _run("validate", "-", str(REPOSITORY / "examples" / "busy.xml"), stdin=SUSPECT)
    assert status == 0
    assert out.endswith("2 files: 2 valid, 0 invalid, 1 warning\n")


def test_action_missing_says_what_happens_to_the_call() -> None:
    """The warning for a Gather without action says where the call goes and what is lost."""
    status, out, _ = _run("validate", "-", stdin="<Response><Gather/></Response>")
    assert status == 0
    assert out.splitlines()[1] == (
        "<stdin>:1:11: warning: action-missing <Gather> has no action, so the caller's input is"
        " sent nowhere and the call goes on with the next verb (the platform's documentation"
        " says the current document is requested again); set action"
    )


@pytest.mark.parametrize("output", ["text", "json"])
def test_a_pipe_closed_early_ends_the_command_quietly(tmp_path: Path, output: str) -> None:
    """| head: the command stops at the closed pipe, says nothing, and exits 141 (SIGPIPE).

    The JSON report is one large write, which a pipe closed during it cuts short without an
    error: the rest must not be dropped silently with status 0.
    """
    path = tmp_path / "many.xml"
    path.write_text(f"<Response>{f'<{UNKNOWN}/>' * 5000}</Response>")  # about 1 MB of report
    with subprocess.Popen(  # noqa: S603 - our own interpreter and module
        [sys.executable, "-m", "callmarkup", "validate", "--format", output, str(path)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        first = process.stdout.readline()
        process.stdout.close()
        err = process.stderr.read()
        status = process.wait(timeout=60)
    expected = f"{path}:1:11: unknown-element " if output == "text" else "{\n"
    assert first.startswith(expected.encode())
    assert (status, err) == (141, b"")


@pytest.mark.parametrize(
    ("raised", "status"), [(BrokenPipeError(32, "Broken pipe"), 141), (KeyboardInterrupt(), 130)]
)
def test_console_script_stops_quietly_on_a_closed_pipe_or_ctrl_c(
    raised: BaseException, status: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No traceback: the conventional status of a program ended by SIGPIPE or SIGINT."""

    def interrupted() -> int:
        raise raised

    monkeypatch.setattr(_cli, "main", interrupted)
    # Streams without a file descriptor: the real ones are left alone.
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    monkeypatch.setattr(sys, "stderr", io.StringIO())
    with pytest.raises(SystemExit) as raised_exit:
        console_main()
    assert raised_exit.value.code == status


def test_commands_other_than_call_do_not_load_the_simulator() -> None:
    """The command line loads the call simulator only for ``callmarkup call``."""
    script = (
        "import sys\n"
        "from callmarkup._cli import main\n"
        "main(['validate', '--no-warnings', 'examples/'])\n"
        "print('callmarkup.testing' in sys.modules)\n"
    )
    result = subprocess.run(  # noqa: S603 - our own interpreter and a fixed script
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=False,
        cwd=Path(__file__).resolve().parent.parent,
        timeout=60,
    )
    assert result.stdout.splitlines()[-1] == "False", result.stderr


def test_an_entry_whose_type_cannot_be_read_is_neither_searched_nor_read(tmp_path: Path) -> None:
    """A listing entry whose type cannot be read is skipped, not a crash."""

    class Unreadable:
        name = "x.xml"
        path = str(tmp_path / "x.xml")

        def is_dir(self, *, follow_symlinks: bool = True) -> bool:
            del follow_symlinks
            raise PermissionError(13, "Permission denied", self.path)

        def is_file(self, *, follow_symlinks: bool = True) -> bool:
            del follow_symlinks
            raise PermissionError(13, "Permission denied", self.path)

    entry = cast("os.DirEntry[str]", Unreadable())
    assert not _cli_io._is_folder(entry)  # noqa: SLF001  # pyright: ignore[reportPrivateUsage]
    assert not _cli_io._is_xml_file(entry)  # noqa: SLF001  # pyright: ignore[reportPrivateUsage]
