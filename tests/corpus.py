"""The corpus of real documents beside the repository, and its manifest."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import attrs

REPOSITORY = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("CALLMARKUP_CORPUS", REPOSITORY.parent / "shared" / "corpus"))


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


def corpus_rows() -> list[CorpusRow]:
    """Every row of ``MANIFEST-fidelity.tsv``; a missing corpus fails the suite, not skips."""
    manifest = CORPUS / "MANIFEST-fidelity.tsv"
    if not manifest.is_file():
        message = f"the corpus manifest is missing: {manifest} (set CALLMARKUP_CORPUS)"
        raise FileNotFoundError(message)
    with manifest.open(newline="", encoding="utf-8") as lines:
        return [
            CorpusRow(
                row["file"],
                row["expected"],
                tuple(code for code in row["codes"].split(",") if code),
            )
            for row in csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
        ]
