"""The validator agrees with every verdict and code list of the corpus manifest."""

from __future__ import annotations

import pytest
from corpus import CorpusRow, corpus_rows

from callmarkup import InvalidMarkupError, ParseError, parse, validate

ROWS = corpus_rows()


def test_manifest_is_not_empty() -> None:
    """The manifest lists documents, so the agreement tests below cannot pass vacuously."""
    assert len(ROWS) >= 80
    assert {row.expected for row in ROWS} == {"valid", "invalid"}


@pytest.mark.parametrize("row", ROWS, ids=[row.file for row in ROWS])
def test_validator_agrees_with_manifest(row: CorpusRow) -> None:
    """Verdict and de-duplicated code list (spec §1.4, §7.1) match the manifest row."""
    violations = validate(row.path.read_bytes())
    verdict = "invalid" if violations else "valid"
    codes = tuple(dict.fromkeys(violation.code.value for violation in violations))
    assert (verdict, codes) == (row.expected, row.codes)


@pytest.mark.parametrize("row", ROWS, ids=[row.file for row in ROWS])
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
