"""The docstrings of ``Code`` say what a code means and copy no fact of the dialect table.

Which elements, limits and attributes give rise to a code is read from the table where it is
shown (the violation-code table of the documentation), so it cannot go stale in prose.
"""

from __future__ import annotations

import ast
import itertools
import re
from pathlib import Path

import callmarkup.exceptions
from callmarkup import Code
from callmarkup._schema import ELEMENTS


def _member_docstrings() -> dict[str, str]:
    """The docstring written under each member of ``Code``, read from the source."""
    source = Path(callmarkup.exceptions.__file__).read_text(encoding="utf-8")
    (body,) = (
        node.body
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.ClassDef) and node.name == "Code"
    )
    docs: dict[str, str] = {}
    for statement, following in itertools.pairwise(body):
        if (
            isinstance(statement, ast.Assign)
            and isinstance(statement.targets[0], ast.Name)
            and isinstance(following, ast.Expr)
            and isinstance(following.value, ast.Constant)
            and isinstance(following.value.value, str)
        ):
            docs[statement.targets[0].id] = following.value.value
    return docs


def _table_facts(docstring: str) -> list[str]:
    """The facts of the table a docstring names: tags, attribute names, numbers."""
    attributes = {row.xml for rule in ELEMENTS.values() for row in rule.attributes}
    found = [f"<{tag}>" for tag in ELEMENTS if f"<{tag}>" in docstring]
    found += [
        name
        for name in attributes
        if f"``{name}``" in docstring or (name != name.lower() and name in docstring)
    ]
    found += re.findall(r"\d+", docstring)
    return found


def test_every_code_has_a_docstring() -> None:
    """Each member of Code documents its meaning."""
    docs = _member_docstrings()
    assert sorted(docs) == sorted(code.name for code in Code)
    assert all(text.strip() for text in docs.values())


def test_code_docstrings_copy_no_table_facts() -> None:
    """No Code docstring names an element, an attribute or a number of the dialect table."""
    copied = {
        name: facts for name, text in _member_docstrings().items() if (facts := _table_facts(text))
    }
    assert copied == {}


def test_table_facts_are_found() -> None:
    """The check above recognises a copied tag, attribute name and limit."""
    assert _table_facts("More than ten <Number> in a ``<Dial>``, or 2 ``finishOnKey``.") == [
        "<Dial>",
        "<Number>",
        "finishOnKey",
        "2",
    ]
