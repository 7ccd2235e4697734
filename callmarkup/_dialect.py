"""A dialect as one value: its rows, its node classes, and the code generated from them.

:func:`build` takes a table of rows and the node classes of its elements and makes a
:class:`~callmarkup._rows.Dialect`: the quick readers, checkers and warners (``_readers``),
the builders the interpreter's walk makes nodes with, and the writers and start tags of the renderer
(``_writers``), every one bound to the others of the same dialect. The readers, checkers
and builders serve parsing and validating only: they are made at their first use, so a
program that only builds and renders documents never makes them. :data:`DIALECT`, the
package's own, is built once, at import, from ``_schema`` and ``_nodes``; the public entry
points bind its functions then, so the common path never looks a dialect up. Another table
(an extension under test) is another value, read by the same pipeline.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from callmarkup._nodes import NODE_CLASSES
from callmarkup._plan import plan
from callmarkup._readers import readers, warners
from callmarkup._rows import Dialect
from callmarkup._schema import ELEMENTS, FOREIGN, FOREIGN_HINTS, ROOT
from callmarkup._writers import compile_writers

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from callmarkup._rows import ElementRule

__all__ = ["DIALECT", "build"]


def _builder(cls: type[Any]) -> Callable[[Mapping[str, Any]], Any]:
    """Builds a node of ``cls`` from values already judged legal, without judging them again.

    A field without a value is ``None``, or no children.
    """
    defaults = tuple(
        (field.name, () if field.name == "children" else None) for field in attrs.fields(cls)
    )
    new = object.__new__
    store = object.__setattr__

    def build_node(values: Mapping[str, Any]) -> Any:
        node = new(cls)
        for name, default in defaults:
            store(node, name, values.get(name, default))
        return node

    return build_node


def build(
    table: Mapping[str, ElementRule],
    classes: Mapping[str, type[Any]],
    *,
    root: str = ROOT,
    foreign: Mapping[str, str] = FOREIGN,
    foreign_hints: Mapping[str, str] = FOREIGN_HINTS,
) -> Dialect:
    """The dialect of ``table``, whose elements are built as ``classes`` (both by tag).

    Raises:
        PlanError: a row has a field, or a codec a quick check, the generator does not know.
        KeyError: an element of ``table`` has no class in ``classes``.
    """
    plans = {tag: plan(rule) for tag, rule in table.items()}
    writers: dict[type[Any], Callable[[Any, list[str]], None]] = {}
    starts: dict[type[Any], Callable[[Any], str]] = {}
    for tag, rule in table.items():
        cls = classes[tag]
        starts[cls], writers[cls] = compile_writers(rule, writers)
    return Dialect(
        table=table,
        classes=classes,
        root=root,
        foreign=foreign,
        foreign_hints=foreign_hints,
        make_readers=lambda build: readers(plans, classes, build=build),
        make_warners=lambda: warners(plans, classes),
        make_builders=lambda: {tag: _builder(classes[tag]) for tag in table},
        writers=writers,
        starts=starts,
        tags={classes[tag]: tag for tag in table},
    )


DIALECT = build(ELEMENTS, NODE_CLASSES)
"""The dialect of this package."""
