"""The corpus of real documents beside the repository, and its manifest.

The corpus is not part of the repository. It is looked for in ``CALLMARKUP_CORPUS``, or else
in ``../shared/corpus`` beside the checkout. Without it, the tests that read it skip and say
how to get it; every other test runs. With ``CALLMARKUP_REQUIRE_CORPUS=1`` (continuous
integration sets it) a missing corpus fails the run instead, so it can never pass by skipping.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import attrs
import pytest

REPOSITORY = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("CALLMARKUP_CORPUS", REPOSITORY.parent / "shared" / "corpus"))
MANIFEST = CORPUS / "MANIFEST-fidelity.tsv"
REQUIRED = os.environ.get("CALLMARKUP_REQUIRE_CORPUS", "") == "1"
"""Whether a missing corpus is an error rather than a reason to skip."""

MISSING_REASON = (
    f"the corpus of real documents is not at {CORPUS}: set CALLMARKUP_CORPUS=/path/to/corpus"
    f" (the folder that holds {MANIFEST.name}) to run this test"
)
"""Why a corpus test skips: where the corpus was looked for, and how to point to it."""

MISSING_ID = "corpus-missing"
"""The test id of the one skipped case that stands for the corpus when it is missing."""


@attrs.frozen
class CorpusRow:
    """One row of the corpus manifest."""

    file: str
    expected: str
    codes: tuple[str, ...]

    @property
    def path(self) -> Path:
        """The document's file."""
        return CORPUS / self.file


def corpus_present() -> bool:
    """Whether the corpus manifest is there to read."""
    return MANIFEST.is_file()


def corpus_rows() -> list[CorpusRow]:
    """Every row of the manifest; none if the corpus is missing (an error if required)."""
    if not corpus_present():
        if REQUIRED:
            message = (
                f"the corpus manifest is missing: {MANIFEST}, and CALLMARKUP_REQUIRE_CORPUS=1"
                " (set CALLMARKUP_CORPUS=/path/to/corpus)"
            )
            raise FileNotFoundError(message)
        return []
    with MANIFEST.open(newline="", encoding="utf-8") as lines:
        return [
            CorpusRow(
                row["file"],
                row["expected"],
                tuple(code for code in row["codes"].split(",") if code),
            )
            for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
        ]


def corpus_cases(rows: list[CorpusRow]) -> list[pytest.ParameterSet]:
    """``rows`` as parameters named by file, or one skipped case if the corpus is missing.

    Use it as ``@pytest.mark.parametrize("row", corpus_cases(ROWS))``: without the corpus the
    test is reported as skipped with :data:`MISSING_REASON`, not as an empty parameter set.
    Every case carries the ``corpus`` marker (``pytest -m corpus`` selects them).
    """
    if not corpus_present():
        marks = (pytest.mark.corpus, pytest.mark.skip(reason=MISSING_REASON))
        return [pytest.param(None, marks=marks, id=MISSING_ID)]
    return [pytest.param(row, marks=pytest.mark.corpus, id=row.file) for row in rows]


_Test = TypeVar("_Test", bound=Callable[..., object])


def needs_corpus(test: _Test) -> _Test:
    """Mark a test that calls :func:`corpus_rows` itself: ``corpus``, and skipped without it."""
    skipped: _Test = pytest.mark.skipif(not corpus_present(), reason=MISSING_REASON)(test)
    marked: _Test = pytest.mark.corpus(skipped)
    return marked
