"""The README's examples run, and its two commands are the ones CI and users rely on."""

from __future__ import annotations

import doctest

from corpus import REPOSITORY

README = REPOSITORY / "README.md"


def test_readme_examples_run() -> None:
    """Every >>> example of the README gives the output shown."""
    result = doctest.testfile(str(README), module_relative=False, optionflags=doctest.ELLIPSIS)
    assert result.attempted >= 5
    assert result.failed == 0


def test_readme_opens_with_the_two_commands() -> None:
    """The main command and the test command come first, each marked for CI to read."""
    text = README.read_text(encoding="utf-8")
    main_at = text.index("<!-- main-command -->")
    test_at = text.index("<!-- test-command -->")
    assert main_at < test_at < text.index("## ")
    assert "callmarkup validate examples/" in text[main_at:test_at]
    assert "python -m pytest" in text[test_at:]
