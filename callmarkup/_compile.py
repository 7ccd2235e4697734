"""Straight-line Python functions generated from the rows of the table, once, at import.

The renderer, and ``_plan`` for the constructors and the quick readers, turn the table into one
function per node class: a row becomes a few lines of source that read one field, check or write
one value, with the row's codec bound as a local name. Generated code does what a loop over the
rows would do, without the loop: no per-call lookups of rows, fields or codecs. This module only
turns such source into a function; what the source says is decided by the module that writes
it, from the table.

Generated functions show their source in tracebacks (they are registered with ``linecache``).
"""

from __future__ import annotations

import linecache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["Source", "compile_function", "slot_setter"]


class Source:
    """The lines of one generated function, indented as they are added."""

    def __init__(self, header: str) -> None:
        self.lines = [header]
        self.depth = 1

    def add(self, *lines: str) -> None:
        """Append ``lines`` at the current depth."""
        self.lines += ["    " * self.depth + line for line in lines]

    def block(self, line: str) -> _Block:
        """Append ``line`` (ending in ``:``) and indent what follows, in a ``with`` block."""
        self.add(line)
        return _Block(self)


class _Block:
    def __init__(self, source: Source) -> None:
        self.source = source

    def __enter__(self) -> None:
        self.source.depth += 1

    def __exit__(self, *_: object) -> None:
        self.source.depth -= 1


_counter = 0


def compile_function(name: str, source: Source, namespace: dict[str, Any]) -> Any:
    """Define the function ``name`` from ``source`` with the globals ``namespace``."""
    global _counter  # noqa: PLW0603 - a unique file name per generated function
    _counter += 1
    text = "\n".join(source.lines) + "\n"
    filename = f"<callmarkup generated {_counter}: {name}>"
    linecache.cache[filename] = (len(text), None, text.splitlines(keepends=True), filename)
    exec(compile(text, filename, "exec"), namespace)  # noqa: S102 - our own source, from the table
    return namespace[name]


def slot_setter(cls: type, field: str) -> Callable[[Any, Any], None]:
    """What stores ``field`` of a ``cls`` instance, frozen or not: the slot's own ``__set__``.

    Generated constructors store fields with it: it skips the check a frozen class's
    ``__setattr__`` makes, which is the point of a constructor.
    """
    owner = next(klass for klass in cls.__mro__ if field in vars(klass))
    setter: Callable[[Any, Any], None] = vars(owner)[field].__set__
    return setter
