"""The command line: output formats, folders, standard input and exit statuses (spec §7.10)."""

from __future__ import annotations

import io
import json
import runpy
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest
from corpus import REPOSITORY

from callmarkup import __version__
from callmarkup._cli import console_main, main
from callmarkup._export import relax_ng, xml_schema

if TYPE_CHECKING:
    from pathlib import Path

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
    assert report["summary"] == {"files": 1, "valid": 0, "invalid": 1, "warnings": 0}
    (entry,) = report["files"]
    assert entry["path"] == str(tree / "b.xml")
    assert entry["valid"] is False
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
        "<stdin>: ok\n1 files: 1 valid, 0 invalid\n",
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
    assert result.stdout.endswith("1 files: 0 valid, 1 invalid\n")


SUSPECT = "<Response>\n  <Hangup/>\n  <Say>Bye</Say>\n</Response>"


def test_warnings_are_printed_and_the_file_is_still_ok() -> None:
    """A file with only warnings is ok: its warnings follow, the summary counts them."""
    status, out, _ = _run("validate", "-", stdin=SUSPECT)
    assert status == 0
    assert out.splitlines() == [
        "<stdin>: ok",
        "<stdin>:3:3: unreachable-verb <Say> can never run: the <Hangup> before it ends the call",
        "1 files: 1 valid, 0 invalid, 1 warnings",
    ]


def test_strict_makes_warnings_fail() -> None:
    """--strict exits 1 on warnings; the report is the same."""
    status, out, _ = _run("validate", "--strict", "-", stdin=SUSPECT)
    assert status == 1
    assert out.startswith("<stdin>: ok\n<stdin>:3:3: unreachable-verb ")
    assert _run("validate", "--strict", "-", stdin=VALID)[0] == 0


def test_no_warnings_reports_errors_only() -> None:
    """--no-warnings leaves warnings out of the report and the summary."""
    assert _run("validate", "--no-warnings", "-", stdin=SUSPECT) == (
        0,
        "<stdin>: ok\n1 files: 1 valid, 0 invalid\n",
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
    assert report["summary"] == {"files": 1, "valid": 1, "invalid": 0, "warnings": 1}
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


def test_pre_commit_hooks_run_the_command_line(tree: Path) -> None:
    """Each hook of .pre-commit-hooks.yaml names a working command for XML files."""
    hooks: dict[str, dict[str, str]] = {}
    current: dict[str, str] = {}
    for line in (REPOSITORY / ".pre-commit-hooks.yaml").read_text(encoding="utf-8").splitlines():
        key, _, value = line.strip().removeprefix("- ").partition(":")
        if line.startswith("- "):
            current = hooks.setdefault(value.strip(), {})
        elif value:
            current[key] = value.strip()
    assert set(hooks) == {"callmarkup-validate", "callmarkup-fmt"}
    for hook in hooks.values():
        assert hook["language"] == "python"
        assert hook["types"] == "[xml]"
    valid = str(tree / "a.xml")
    assert _run(*hooks["callmarkup-validate"]["entry"].split()[1:], valid)[0] == 0
    assert _run(*hooks["callmarkup-fmt"]["entry"].split()[1:], valid)[0] == 1  # not canonical
    assert _run(*hooks["callmarkup-validate"]["entry"].split()[1:], str(tree / "b.xml"))[0] == 1


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
