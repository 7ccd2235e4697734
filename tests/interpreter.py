"""The interpreter run directly, and the names it gives, for tests that compare the fast paths.

The library runs the interpreter's walk only inside the parser's pipeline; these tests run it
on a tree of their own, and check the quick warners' paths against lxml's own naming.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from callmarkup._dialect import DIALECT
from callmarkup._walk import Walker

if TYPE_CHECKING:
    from callmarkup._nodes import Node
    from callmarkup._rows import Dialect
    from callmarkup._tree import Element
    from callmarkup.exceptions import Violation


def interpret(
    root: Element, text: str, max_depth: int, *, build: bool, dialect: Dialect = DIALECT
) -> tuple[Node | None, list[Violation]]:
    """The document ``text``, parsed into ``root``, walked by the interpreter of ``dialect``.

    Returns its violations, and its nodes when it has none; raises ``_walk.TooDeep`` for a
    document nested deeper than ``max_depth``.
    """
    walker = Walker(text, None, max_depth, build=build, dialect=dialect)
    node = walker.root(root)
    return node, walker.violations


def path_of(element: Element) -> str:
    """The path of ``element`` as the walk names it, from lxml's XPath of it.

    lxml names the same steps, but leaves out the number of a step that is alone of its tag,
    and writes a namespaced step with a prefix or as a test of its name.
    """
    tree: Any = cast("Any", element).getroottree()
    xpath: str = tree.getpath(element)
    if "*" not in xpath and ":" not in xpath:
        written = xpath.split("/")
        for number in range(2, len(written)):  # after "" and the root's
            if written[number][-1] != "]":
                written[number] += "[1]"
        return "/".join(written)
    steps: list[str] = []
    parent = element.getparent()
    while parent is not None:
        tag = element.tag
        number = 1 + sum(1 for _ in element.itersiblings(tag, preceding=True))
        steps.append(f"{tag}[{number}]")
        element, parent = parent, parent.getparent()
    steps.append(element.tag)
    return "/" + "/".join(reversed(steps))
