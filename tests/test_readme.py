"""The README's examples run, and its two commands are the ones CI and users rely on."""

from __future__ import annotations

import doctest
import re
from typing import TYPE_CHECKING

from corpus import REPOSITORY

if TYPE_CHECKING:
    from pathlib import Path

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


_INSTALL_BY_NAME = re.compile(r"""pip install\b[^\n`&;|]*?(?<![-/\w.=])["']?callmarkup\b(?![-.])""")
"""A pip command that asks an index for the package by its name, with or without extras."""


def _pages() -> list[Path]:
    return [README, *sorted((REPOSITORY / "docs").glob("*.md"))]


def test_no_page_installs_the_package_from_an_index() -> None:
    """The package is on no index: every pip command installs a checkout or a built wheel."""
    for page in _pages():
        for number, line in enumerate(page.read_text(encoding="utf-8").splitlines(), 1):
            if _INSTALL_BY_NAME.search(line):
                # Naming the package is right only beside the wheel that provides it.
                assert "dist/callmarkup-" in line, f"{page.name}:{number}: {line}"


def test_the_install_pattern_tells_an_index_install_from_a_local_one() -> None:
    """The check above finds an install by name and lets a path or a wheel pass."""
    assert _INSTALL_BY_NAME.search('pip install "callmarkup[hypothesis]"')
    assert _INSTALL_BY_NAME.search("python -m pip install -U callmarkup")
    assert not _INSTALL_BY_NAME.search('pip install "./callmarkup[hypothesis]"')
    assert not _INSTALL_BY_NAME.search("pip install dist/callmarkup-0.1-py3-none-any.whl")
    assert not _INSTALL_BY_NAME.search('pip install -e ".[test]" && pytest --cov=callmarkup')


def test_readme_tells_how_to_install_from_a_checkout_and_a_wheel() -> None:
    """Both ways are written out, with the hypothesis extra."""
    text = README.read_text(encoding="utf-8")
    assert 'python -m pip install ".[hypothesis]"' in text
    assert "python -m build" in text
    assert 'dist/callmarkup-*-py3-none-any.whl "callmarkup[hypothesis]"' in text


def test_readme_commands_use_the_virtual_environment() -> None:
    """The test, docs and quick commands run the .venv interpreter, never a bare python."""
    text = README.read_text(encoding="utf-8")
    development = text[text.index("## Documentation") :]
    commands = re.findall(
        r"(?:^|`|&& )((?:\.venv/bin/)?python3? -m \w+)", development, re.MULTILINE
    )
    assert commands
    assert all(command.startswith(".venv/bin/python -m") for command in commands), commands


def test_readme_has_a_quick_test_command_without_coverage() -> None:
    """Contributors get a quick run: the default profile, no coverage, stop at the first failure."""
    text = README.read_text(encoding="utf-8")
    quick = text[text.index("## Development") :].split("```sh\n", 1)[1].split("\n```", 1)[0]
    assert quick.startswith(".venv/bin/python -m pytest ")
    assert "-x" in quick.split()
    assert "--cov" not in quick
    assert "HYPOTHESIS_PROFILE" not in quick


def test_ci_requires_the_corpus_and_runs_the_readme_command() -> None:
    """CI fails when the corpus is missing rather than skipping, and reads the README command."""
    script = (REPOSITORY / ".ci" / "run").read_text(encoding="utf-8")
    assert "\nexport CALLMARKUP_REQUIRE_CORPUS=1\n" in script
    assert "\nexport HYPOTHESIS_PROFILE=ci\n" in script
    assert '\nbash -c "$test_command"\n' in script
    assert "-m build" in script
    assert "validate examples/" in script
