"""Straight-line Python functions generated from the rows of the table, once.

The renderer, ``_plan`` for the constructors, ``_readers`` for the quick readers (and ``_walk``
for the one that makes violations) turn the table into one function per node class: a row
becomes a few lines of source that read one field, check or write one value, with the row's
codec bound as a local name. Generated code does what a loop over the rows would do, without
the loop: no per-call lookups of rows, fields or codecs. This module only turns such source
into a function; what the source says is decided by the module that writes it, from the table.

Generated functions show their source in tracebacks (they are registered with ``linecache``).
Each is compiled at its first call (see :func:`compile_function`).
"""

from __future__ import annotations

import inspect
import linecache
from types import CodeType, FunctionType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["Source", "compile_function", "slot_builder", "slot_setter"]


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

_STUBS: dict[str, tuple[CodeType, CodeType]] = {}
"""The stand-in body of each parameter list met so far: the code that defines it, and its own.

Many generated functions share a parameter list (every writer takes ``(n, out)``), so the
stand-in is compiled once per list and each function gets a renamed copy of its code.
"""


def _stub(header: str, name: str, first_call: str, filename: str, namespace: dict[str, Any]) -> Any:
    """The function ``header`` defines, with a body that calls ``first_call`` with its locals."""
    parameters = header.removeprefix(f"def {name}")
    if not parameters.startswith("("):
        raise AssertionError(f"{header!r} does not define {name}")
    found = _STUBS.get(parameters)
    if found is None:
        module = compile(f"def _stub{parameters}\n    return _first_call(locals())\n", "", "exec")
        code = next(value for value in module.co_consts if isinstance(value, CodeType))
        found = _STUBS[parameters] = (module, code)
    module, code = found
    scratch: dict[str, Any] = {}
    exec(module, scratch)  # noqa: S102 - our own code: it evaluates the defaults, if any
    defined = scratch["_stub"]
    code = code.replace(
        co_name=name,
        co_filename=filename,
        co_names=tuple(first_call if word == "_first_call" else word for word in code.co_names),
    )
    function = FunctionType(code, namespace, name, defined.__defaults__)
    function.__qualname__ = name
    function.__kwdefaults__ = defined.__kwdefaults__
    namespace[name] = function
    return function


def compile_function(name: str, source: Source, namespace: dict[str, Any]) -> Any:
    """Define the function ``name`` from ``source`` with the globals ``namespace``.

    Its body is compiled at its first call, not here: compiling the generated code of every
    element is most of the library's import time, and most programs call a few of the
    functions only. What is defined at once is the function itself, from the header alone
    (the same parameters and defaults, for ``inspect.signature`` and callers), with a body
    that compiles the real one, gives the function its code, and calls it again with the same
    arguments. From then on the function runs the generated code itself, as if it had been
    compiled at once: the same object, nothing in between. Two threads calling it first at once
    both compile the same code; either result is the function's.
    """
    global _counter  # noqa: PLW0603 - a unique file name per generated function
    _counter += 1
    text = "\n".join(source.lines) + "\n"
    filename = f"<callmarkup generated {_counter}: {name}>"
    first_call = f"_first_call_{name}"
    function = _stub(source.lines[0], name, first_call, filename, namespace)

    def compile_body(arguments: dict[str, Any]) -> Any:
        linecache.cache[filename] = (len(text), None, text.splitlines(keepends=True), filename)
        exec(compile(text, filename, "exec"), namespace)  # noqa: S102 - ours, from the table
        function.__code__ = namespace[name].__code__
        namespace[name] = function
        return _call_again(function, arguments)

    namespace[first_call] = compile_body
    return function


def _call_again(function: Callable[..., Any], arguments: dict[str, Any]) -> Any:
    """Call ``function`` with ``arguments``, its parameters as its first call's ``locals()``."""
    code = function.__code__
    names = code.co_varnames
    count = code.co_argcount
    positional = [arguments[name] for name in names[:count]]
    keywords = {name: arguments[name] for name in names[count : count + code.co_kwonlyargcount]}
    rest = count + code.co_kwonlyargcount
    if code.co_flags & inspect.CO_VARARGS:
        positional += arguments[names[rest]]
        rest += 1
    if code.co_flags & inspect.CO_VARKEYWORDS:
        keywords.update(arguments[names[rest]])
    return function(*positional, **keywords)


def slot_setter(cls: type, field: str) -> Callable[[Any, Any], None]:
    """What stores ``field`` of a ``cls`` instance, frozen or not: the slot's own ``__set__``.

    Generated constructors store fields with it: it skips the check a frozen class's
    ``__setattr__`` makes, which is the point of a constructor.
    """
    owner = next(klass for klass in cls.__mro__ if field in vars(klass))
    setter: Callable[[Any, Any], None] = vars(owner)[field].__set__
    return setter


def slot_builder(cls: type) -> type:
    """A class whose instances become ``cls`` instances once their slots are stored.

    Storing a slot through its descriptor's ``__set__`` is a call per field; a plain attribute
    store (``n.x = v``) is one specialised instruction, but a frozen class refuses it. The
    builder is a subclass of ``cls`` that adds no slot (the same layout) and takes the plain
    ``__setattr__`` and ``__delattr__`` of ``object`` (both: either one written in Python
    would keep every store on the slow path). Generated readers make an instance of it, store
    every field, then give it its class: ``n.__class__ = cls``. The node is then exactly
    what ``object.__new__(cls)`` and each field's setter would have made; a builder instance
    never leaves the generated function.
    """
    namespace = {
        "__slots__": (),
        "__setattr__": object.__setattr__,
        "__delattr__": object.__delattr__,
        "__module__": cls.__module__,
        "__qualname__": f"{cls.__qualname__}.<builder>",
    }
    return type(f"{cls.__name__}Builder", (cls,), namespace)
