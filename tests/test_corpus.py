"""The validator agrees with every verdict and code list of the corpus manifest.

Without the corpus those tests skip and say how to get it; the last tests here run the corpus
tests of every module in a separate pytest with an empty corpus folder, as in a fresh clone.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from typing import TYPE_CHECKING

import pytest
from corpus import REPOSITORY, CorpusRow, corpus_cases, corpus_rows, needs_corpus

from callmarkup import InvalidMarkupError, ParseError, parse, validate

if TYPE_CHECKING:
    from pathlib import Path

ROWS = corpus_rows()


@needs_corpus
def test_manifest_is_not_empty() -> None:
    """The manifest lists documents, so the agreement tests below cannot pass vacuously."""
    assert len(ROWS) >= 80
    assert {row.expected for row in ROWS} == {"valid", "invalid"}


@pytest.mark.parametrize("row", corpus_cases(ROWS))
def test_validator_agrees_with_manifest(row: CorpusRow) -> None:
    """Verdict and de-duplicated code list (spec §1.4, §7.1) match the manifest row."""
    violations = validate(row.path.read_bytes())
    verdict = "invalid" if violations else "valid"
    codes = tuple(dict.fromkeys(violation.code.value for violation in violations))
    assert (verdict, codes) == (row.expected, row.codes)


@pytest.mark.parametrize("row", corpus_cases(ROWS))
def test_parse_agrees_with_validate(row: CorpusRow) -> None:
    """parse() raises exactly when validate() reports, carrying the same violations."""
    data = row.path.read_bytes()
    violations = validate(data)
    if not violations:
        assert parse(data) is not None
        return
    with pytest.raises((ParseError, InvalidMarkupError)) as raised:
        parse(data)
    assert raised.value.violations == violations


def _corpus_modules() -> list[str]:
    """The test modules that read the corpus, relative to the repository.

    Each must mark what reads it (``corpus_cases`` or ``needs_corpus``), or the test below
    finds no skipped test in it.
    """
    return sorted(
        str(path.relative_to(REPOSITORY))
        for path in (REPOSITORY / "tests").glob("test_*.py")
        if "corpus_rows()" in path.read_text(encoding="utf-8")
    )


def _pytest_without_corpus(
    empty: Path, *arguments: str, required: bool = False
) -> subprocess.CompletedProcess[str]:
    """Run pytest on ``arguments`` with ``empty`` as the corpus folder."""
    environment = {
        name: value for name, value in os.environ.items() if not name.startswith("CALLMARKUP_")
    }
    environment["CALLMARKUP_CORPUS"] = str(empty)
    if required:
        environment["CALLMARKUP_REQUIRE_CORPUS"] = "1"
    return subprocess.run(  # noqa: S603 - this interpreter running pytest on our own tests
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", *arguments],
        cwd=REPOSITORY,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_corpus_tests_skip_with_how_to_get_the_corpus(tmp_path: Path) -> None:
    """Without the corpus every corpus test skips, naming CALLMARKUP_CORPUS; nothing errors."""
    modules = _corpus_modules()
    assert len(modules) >= 5
    result = _pytest_without_corpus(tmp_path, "-m", "corpus", *modules)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    summary = output.strip().splitlines()[-1]
    assert re.fullmatch(r"\d+ skipped, \d+ deselected in .*", summary), summary
    skipped = [line for line in output.splitlines() if line.startswith("SKIPPED")]
    for module in modules:
        reasons = [line for line in skipped if f"{module}:" in line]
        assert reasons, f"{module} has no skipped corpus test:\n{output}"
        for reason in reasons:
            assert f"is not at {tmp_path}" in reason
            assert "set CALLMARKUP_CORPUS=/path/to/corpus" in reason


def test_a_required_corpus_that_is_missing_fails_the_run(tmp_path: Path) -> None:
    """With CALLMARKUP_REQUIRE_CORPUS=1, as in CI, a missing corpus is an error, not a skip."""
    result = _pytest_without_corpus(tmp_path, "tests/test_corpus.py", required=True)
    output = result.stdout + result.stderr
    assert result.returncode == pytest.ExitCode.INTERRUPTED, output
    assert "the corpus manifest is missing" in output
    assert "CALLMARKUP_REQUIRE_CORPUS=1" in output
    assert "skipped" not in output.splitlines()[-1]
