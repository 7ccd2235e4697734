"""What every node class shares: the base class, the types of its fields, and its constructor.

A node's values are decided by its row of the table in ``_schema`` and enforced when the node
is built, so an illegal tree cannot be built. :func:`install` registers the row of each class
and generates its constructor from the row's plan by ``_plan`` (with ``_readers``, the one
generator of code from the table): it runs each codec's checks and the element's rules on the
arguments directly, and at the first thing wrong hands the node to :func:`judge_node`, which
asks ``_rules.judge``, the one interpreter of the table, to find and phrase every violation.
The parser, which has already judged every element, builds nodes through its dialect's
builders (``_dialect``) without judging them twice. The modules that declare node classes
(``_nouns``, ``_nodes``) install them once they exist.
"""

from __future__ import annotations

import inspect
import operator
from typing import TYPE_CHECKING, Any, ClassVar, Literal

import attrs

from callmarkup._codecs import described
from callmarkup._plan import ElementPlan, constructor, plan
from callmarkup._schema import ELEMENTS, ElementRule
from callmarkup.exceptions import Code, InvalidMarkupError, Violation

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable


__all__ = [
    "INITIALISERS",
    "RULES",
    "CallEvent",
    "GatherInput",
    "GatherLanguage",
    "Method",
    "Node",
    "RejectReason",
    "Voice",
    "hide_unknown_keywords",
    "install",
    "judge_node",
    "none_given",
    "positional_or_keyword",
    "unknown_keywords",
]

Method = Literal["GET", "POST"]
"""An HTTP method of a callback."""
Voice = Literal["man", "woman"]
"""The legacy ``<Say voice>`` values."""
GatherInput = Literal["dtmf", "speech", "dtmf speech"]
"""``<Gather input>`` modes; ``speech`` and ``dtmf speech`` are Restcomm extensions."""
GatherLanguage = Literal["en-US", "en-GB", "es-ES", "it-IT", "fr-FR", "pl-PL", "pt-PT"]
"""``<Gather language>`` recognition languages."""
CallEvent = Literal["initiated", "ringing", "answered", "completed"]
"""Call-progress events a noun can report (``status_callback_event``)."""
RejectReason = Literal[
    "rejected",
    "busy",
    "forbidden",
    "anonymity_disallowed",
    "address_incomplete",
    "no_route",
    "service_unavailable",
    "unwanted",
]
"""``<Reject reason>`` values."""


class Node:
    """The base of every node class: a readable ``repr``, equality and hashing by value.

    Nodes are equal when they are of the same class and every field is equal; equal nodes hash
    alike (the constructors are generated).
    """

    # The node classes are declared with ``eq=False``: these two methods serve them all, where
    # attrs would compile two more for each class at import.

    __slots__ = ()

    if TYPE_CHECKING:
        # Every concrete node class is an attrs class; this tells type checkers so.
        __attrs_attrs__: ClassVar[tuple[attrs.Attribute[Any], ...]]

    def __eq__(self, other: object) -> bool:
        """Whether ``other`` is a node of the same class with equal fields."""
        if other.__class__ is not self.__class__:
            return NotImplemented
        values = _VALUES.get(self.__class__) or _values_of(self.__class__)
        return values(self) == values(other)

    def __hash__(self) -> int:
        """A hash of the class and the fields: equal nodes hash alike."""
        values = _VALUES.get(self.__class__) or _values_of(self.__class__)
        return hash((self.__class__, values(self)))

    def __repr__(self) -> str:
        """Python source that builds an equal node, with only the values that are set."""
        parts: list[str] = []
        text = getattr(self, "text", None)
        if text is not None:
            parts.append(repr(text))
        parts += [repr(child) for child in getattr(self, "children", ())]
        for row in RULES[type(self)].attributes:
            value = getattr(self, row.field)
            if value is not None:
                parts.append(f"{row.field}={value!r}")
        return f"{type(self).__name__}({', '.join(parts)})"


_VALUES: dict[type[Node], Callable[[Any], object]] = {}
"""What a node of each class is compared and hashed by: its fields, in order."""


def _values_of(cls: type[Node]) -> Callable[[Any], object]:
    """The fields of a ``cls`` node, as one value: a tuple, the field alone, or ``()``."""
    names = [field.name for field in attrs.fields(cls) if field.eq]
    values: Callable[[Any], object] = operator.attrgetter(*names) if names else _no_values
    _VALUES[cls] = values
    return values


def _no_values(_node: object) -> object:
    return ()


def unknown_keywords(cls: type[Node], unknown: dict[str, object]) -> TypeError:
    """The error for keywords a constructor does not take, with the one most likely meant.

    The XML name of an attribute (``numDigits``) suggests its Python name (``num_digits``);
    any other name, the keyword closest to it; with no close keyword, every keyword is listed.
    """
    import difflib  # noqa: PLC0415 - only a mistyped keyword needs it

    rule = RULES[cls]
    keywords = [field.name for field in attrs.fields(cls)]
    name = next(iter(unknown))
    row = rule.by_xml.get(name)
    folded = {keyword.replace("_", "").lower(): keyword for keyword in keywords}
    guess = (
        row.field
        if row is not None
        else folded.get(name.replace("_", "").lower())
        or next(iter(difflib.get_close_matches(name, keywords, n=1)), None)
    )
    hint = (
        f"; did you mean {guess}?"
        if guess is not None
        else f"; its keywords are: {', '.join(keywords)}"
        if keywords
        else "; it takes no keywords"
    )
    return TypeError(f"{cls.__name__}() got an unexpected keyword argument {name!r}{hint}")


def judge_node(node: Node) -> None:
    """Judge a node being built; normalise its values or raise with every violation."""
    # Only a node with something wrong needs the interpreter: importing the library does not.
    from callmarkup._rules import Finding, child_paths, judge  # noqa: PLC0415

    rule = RULES[type(node)]
    children: tuple[object, ...] = getattr(node, "children", ())
    for child in children:
        # type(), not isinstance(): a mock or proxy can claim any __class__, and a subclass
        # could change how the node renders.
        if type(child) not in RULES:
            what = described(child)
            if isinstance(child, type) and issubclass(child, Node):
                what = f"the class {child.__name__}; did you mean {child.__name__}(...)?"
            raise TypeError(f"<{rule.tag}> takes nodes as children, got {what}")
    child_tags = [RULES[type(child)].tag for child in children if isinstance(child, Node)]
    path = f"/{rule.tag}"
    attributes = [
        (row.xml, value)
        for row in rule.attributes
        if (value := getattr(node, row.field)) is not None
    ]
    judgement = judge(
        rule,
        path,
        attributes,
        getattr(node, "text", None),
        child_tags,
        from_source=False,
    )
    findings = list(judgement.findings)
    for child_path, message in zip(
        child_paths(path, child_tags),
        judgement.misplaced,
        strict=True,
    ):
        if message is not None:
            findings.append(Finding(Code.CHILD_NOT_ALLOWED, message, child_path))
    if findings:
        raise InvalidMarkupError(
            tuple(Violation(finding.code, finding.message, finding.path) for finding in findings),
        )
    for name, value in judgement.values.items():
        object.__setattr__(node, name, value)
    if rule.text is not None:
        object.__setattr__(node, "text", judgement.text)


def none_given(children: Iterable[Any]) -> bool:
    """Whether ``children=`` was left out (or given as an empty tuple)."""
    return type(children) is tuple and not children


def positional_or_keyword(tag: str, positional: tuple[Any, ...], keyword: Iterable[Any]) -> Any:
    """The children given positionally or as ``children=``; both at once is refused."""
    given = tuple(keyword)
    if positional and given:
        raise TypeError(f"{tag}() takes its children positionally or as children=, not both")
    return positional or given


RULES: dict[type[Node], ElementRule] = {}
"""The row of every node class (filled by :func:`install`)."""

PLANS: dict[type[Node], ElementPlan] = {}
"""The plan of every node class, from its row: what its compiled constructor checks."""

INITIALISERS: dict[type[Node], Callable[..., None]] = {}
"""The compiled constructor of every node class, taking every field positionally."""


def install(*classes: type[Node]) -> dict[type[Node], Callable[..., None]]:
    """Register the row of each class and compile its constructor; the compiled constructors.

    Each class is registered under the element it is named after, so the classes of its
    children are installed before it or with it.
    """
    for cls in classes:
        RULES[cls] = ELEMENTS[cls.__name__]
        PLANS[cls] = plan(RULES[cls])
    for cls in classes:
        INITIALISERS[cls] = _install_init(cls, RULES[cls])
    return {cls: INITIALISERS[cls] for cls in classes}


def _compile_init(
    cls: type[Node], header: str, *, refuse_unknown: bool = False
) -> Callable[..., None]:
    """The compiled constructor body of ``cls``, generated from its plan (``_plan``)."""
    return constructor(
        cls,
        PLANS[cls],
        header,
        classes={rule.tag: node_class for node_class, rule in RULES.items()},
        judge=judge_node,
        refuse=unknown_keywords if refuse_unknown else None,
    )


def _signature(cls: type[Node]) -> str:
    """The parameters of the ``__init__`` attrs writes for ``cls``: the same, in source."""
    positional: list[str] = []
    keywords: list[str] = []
    for field in attrs.fields(cls):
        if field.default is attrs.NOTHING:
            positional.append(field.name)
        elif field.default is None and field.kw_only:
            keywords.append(f"{field.name}=None")
        else:  # pragma: no cover - every field is required or a keyword that defaults to None
            raise AssertionError(f"{cls.__name__}.{field.name}: an unexpected default")
    # Unknown keywords are taken, to be refused with a suggestion (``unknown_keywords``).
    return ", ".join(["self", *positional, *(["*", *keywords] if keywords else []), "**unknown"])


def _install_init(cls: type[Node], rule: ElementRule) -> Callable[..., None]:
    """Compile the constructor of ``cls``; replace attrs' ``__init__`` when it wrote one.

    A class with its own ``__init__`` (taking children positionally) calls the returned
    function with every field, in order.
    """
    fields = ", ".join(field.name for field in attrs.fields(cls))
    initialise = _compile_init(cls, f"def init_{rule.tag}(self, {fields}):")
    generated = vars(cls)["__init__"]
    if generated.__code__.co_filename != inspect.getfile(cls):  # written by attrs, not by hand
        init = _compile_init(cls, f"def __init__({_signature(cls)}):", refuse_unknown=True)
        init.__qualname__ = f"{cls.__name__}.__init__"
        init.__module__ = cls.__module__
        init.__annotations__ = generated.__annotations__
        init.__doc__ = generated.__doc__
        # Help and the docs show the parameters attrs wrote, without ``**unknown``.
        init.__signature__ = inspect.signature(generated)  # type: ignore[attr-defined]
        cls.__init__ = init  # type: ignore[method-assign]
    return initialise


def hide_unknown_keywords(*classes: type[Node]) -> None:
    """Show the parameters of hand-written constructors without their ``**unknown``.

    Help and the docs then show the keywords a constructor takes, not the catch-all that
    collects wrong ones to refuse them with a suggestion (:func:`unknown_keywords`).
    """
    for cls in classes:
        init: Any = cls.__init__
        signature = inspect.signature(init)
        init.__signature__ = signature.replace(
            parameters=[p for p in signature.parameters.values() if p.kind is not p.VAR_KEYWORD]
        )
