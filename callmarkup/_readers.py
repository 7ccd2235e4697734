"""The quick readers, checkers and warners of parsed elements, generated from the plans.

Its one responsibility: turn the :class:`~callmarkup._plan.ElementPlan` of every element into
the functions that read an lxml tree in one pass. Together with ``_plan`` (which makes the
plans, the constructors and the code of each quick check) it is the one generator of the fast
paths, and like it, it reads plans only, never the table's rows:

* :func:`readers`: the quick readers (which build the nodes) and checkers (which only check)
  of parsed elements, which load and check a valid document in one pass and decline
  (:class:`~callmarkup._plan.Declined`) at anything the interpreter must report;
* :func:`warners`: the checkers that also find where the warnings of a valid document apply,
  for ``_rules`` to word them.

The differential tests (``tests/test_compiled.py``, ``tests/test_quick_warnings.py``) hold
the generated code to the interpreter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from callmarkup._compile import Source, compile_function, slot_builder
from callmarkup._grammars import XML_WHITESPACE, has_scheme
from callmarkup._plan import Declined, count_tests, read_source

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping

    from callmarkup._plan import AdvicePlan, ElementPlan, FlowPlan

__all__ = ["SPLIT_RANK", "readers", "warners"]

SPLIT_RANK = 1 << 16
"""The rank of a split text among the warnings of one element: after every advice row."""


def readers(
    plans: Mapping[str, ElementPlan], classes: Mapping[str, type], *, build: bool
) -> dict[str, Callable[[Any, int, int], Any]]:
    """The quick reader of every element, bound to the readers of its children.

    Given an lxml element of its tag (and its depth, and the depth cap), a reader loads every
    attribute with its codec, reads the text and the children as the plan says, and, with
    ``build``, builds the node, exactly as the interpreter would from a judgement without
    findings. At anything the interpreter would report it raises :class:`Declined` or the
    codec's ``BadValue``.
    """
    made = {tag: _reader(element, classes[tag], build=build) for tag, element in plans.items()}
    _bind(plans, made, "read_")
    return made


def warners(
    plans: Mapping[str, ElementPlan], classes: Mapping[str, type]
) -> dict[str, Callable[..., int]]:
    """The quick checker of every element that also finds where warnings apply.

    Called as ``warn(element, depth, limit, hits, parent_tag, ordinal)``, it checks the element
    as the checker of :func:`readers` does and appends to ``hits`` one tuple
    ``(ordinal, rank, element, value, detail)`` for each warning the rows say applies: rank
    0 the flow warning of a child (``value`` the tag of the element that ended the document,
    or ``None`` for one ignored once the call is answered), rank ``n + 1`` the ``n``-th
    advice row (``value`` the canonical value tested, ``detail`` what its text test
    returned), :data:`SPLIT_RANK` an element whose text may be split by its children. It
    returns the number of elements read (itself and every descendant). ``_rules`` words
    the warnings.
    """
    made = {
        tag: _reader(element, classes[tag], build=False, plans=plans)
        for tag, element in plans.items()
    }
    _bind(plans, made, "warn_")
    return made


def _bind(
    plans: Mapping[str, ElementPlan], made: Mapping[str, Callable[..., Any]], prefix: str
) -> None:
    """Bind each generated function to those of its children."""
    for tag, reader in made.items():
        names = reader.__globals__
        for child in plans[tag].children:
            names[f"{prefix}{child}"] = made[child]


def _reader(
    element: ElementPlan,
    cls: type,
    *,
    build: bool,
    plans: Mapping[str, ElementPlan] | None = None,
) -> Callable[..., Any]:
    """A quick reader (``build``), checker, or, given the plans of every element, warner."""
    tag = element.tag
    namespace: dict[str, Any] = {
        "Declined": Declined,
        "WS": XML_WHITESPACE,
        "new": object.__new__,
        "cls": cls,
    }
    if plans is not None:
        source = Source(f"def warn_{tag}(e, depth, limit, hits, p, o):")
    else:
        source = Source(f"def {'read' if build else 'check'}_{tag}(e, depth, limit):")
    with source.block("if depth > limit:"):
        source.add("raise Declined")
    _attribute_reading(source, namespace, element)
    if element.declines_children:
        with source.block("if len(e):"):
            source.add("raise Declined")
    children = _child_reading(source, element, build=build, plans=plans)
    _text_reading(source, namespace, element, children=children, warn=plans is not None)
    if plans is not None:
        _advice_lines(source, namespace, element, children=children)
        source.add("return k - o" if children else "return 1")
    elif build:
        # Plain stores into a builder, which then becomes a node (see slot_builder).
        namespace["builder"] = slot_builder(cls)
        source.add("n = new(builder)")
        for field in attrs.fields(cls):
            value = {"text": "t", "children": "tuple(kids)"}.get(field.name, f"a_{field.name}")
            source.add(f"n.{field.name} = {value}")
        source.add("n.__class__ = cls", "return n")
    function: Callable[..., Any] = compile_function(
        source.lines[0].removeprefix("def ").partition("(")[0], source, namespace
    )
    return function


def _attribute_reading(source: Source, namespace: dict[str, Any], element: ElementPlan) -> None:
    """Every attribute in source order: one of the element's, loaded by its codec."""
    # More attributes than the element has means an unknown one; declining before items(),
    # which is quadratic in the number of attributes, keeps an element with thousands cheap.
    if not element.attributes:
        with source.block("if len(e.attrib):"):
            source.add("raise Declined")
        return
    with source.block(f"if len(e.attrib) > {len(element.attributes)}:"):
        source.add("raise Declined")
    source.add(" = ".join([*(f"a_{row.field}" for row in element.attributes), "None"]))
    with source.block("for name, raw in e.items():"):
        for number, row in enumerate(element.attributes):
            with source.block(f"{'elif' if number else 'if'} name == {row.xml!r}:"):
                read = read_source(row.codec, "r", f"c{number}_", namespace)
                source.add("r = raw.strip(WS)", f"a_{row.field} = {read}")
        with source.block("else:"):
            source.add("raise Declined")


def _child_reading(
    source: Source,
    element: ElementPlan,
    *,
    build: bool,
    plans: Mapping[str, ElementPlan] | None = None,
) -> bool:
    """The element children: each allowed and read in turn, within the counts.

    Returns whether the element may have children; the tails of its children are gathered
    into ``t`` (its text) on the way. The readers of the children are bound by
    :func:`readers` once all are compiled. Given the plans of every element (a warner), each
    child's flow warning is found before it is read, ``k`` is the ordinal of the next
    element, and ``u_N`` says whether a child named by the ``N``-th advice row's
    ``unless_children`` was seen.
    """
    if not element.children:
        with source.block("if len(e):"):
            source.add("raise Declined")
        return False
    if build:
        source.add("kids = []")
    source.add("t = e.text or ''")
    for number in range(len(element.counts)):
        source.add(f"count_{number} = 0")
    flow = plans is not None and _warner_start(source, element, plans)
    with source.block("for c in e:"):
        source.add("tag = c.tag")
        for index, tag in enumerate(element.children):
            with source.block(f"{'elif' if index else 'if'} tag == {tag!r}:"):
                if plans is None:
                    call = f"read_{tag}(c, depth + 1, limit)"
                    source.add(f"kids.append({call})" if build else call)
                else:
                    _warned_child(source, element, plans[tag], flow=flow)
                for number, count in enumerate(element.counts):
                    if tag in count.tags:
                        source.add(f"count_{number} += 1")
        with source.block("else:"):
            source.add("raise Declined")
        source.add("tail = c.tail")
        with source.block("if tail:"):
            source.add("t += tail")
    for broken in count_tests(element, "len(e)"):
        with source.block(f"if {broken}:"):
            source.add("raise Declined")
    return True


def _unless_flags(element: ElementPlan) -> dict[int, frozenset[str]]:
    """The advice rows whose ``unless_children`` an allowed child may meet, by number."""
    allowed = set(element.children)
    return {
        number: advice.unless_children
        for number, advice in enumerate(element.advice)
        if advice.unless_children & allowed
    }


def _warner_start(source: Source, element: ElementPlan, plans: Mapping[str, ElementPlan]) -> bool:
    """Before a warner reads the children: returns whether any child changes the flow."""
    source.add("k = o + 1")
    source.add(*(f"u_{number} = False" for number in _unless_flags(element)))
    flows = [plans[tag].flow for tag in element.children]
    if any(flow.ends or flow.ends_if or flow.unanswered_only for flow in flows):
        source.add("ender = None", "answered = False")
        return True
    return False


def _warned_child(source: Source, element: ElementPlan, child: ElementPlan, *, flow: bool) -> None:
    """A child ``c`` of ``element`` read by its warner: its flow warning first, if any."""
    if flow:
        _flow_lines(source, child.tag, child.flow)
    source.add(f"k += warn_{child.tag}(c, depth + 1, limit, hits, {element.tag!r}, k)")
    unless = _unless_flags(element)
    source.add(*(f"u_{n} = True" for n, tags in unless.items() if child.tag in tags))


def _flow_lines(source: Source, tag: str, flow: FlowPlan) -> None:
    """The flow warning of a child ``tag`` at ordinal ``k``, and what it does to the flow."""
    with source.block("if ender is not None:"):
        source.add("hits.append((k, 0, c, ender, ''))")
    if flow.unanswered_only:
        with source.block("elif answered:"):
            source.add("hits.append((k, 0, c, None, ''))")
    if not (flow.answers or flow.ends or flow.ends_if is not None):
        return
    with source.block("else:"):
        if flow.answers:
            source.add("answered = True")
        if flow.ends:
            source.add(f"ender = {tag!r}")
        elif flow.ends_if is not None:
            # get() makes no view of the attributes, as "in c.attrib" would.
            with source.block(f"if c.get({flow.ends_if!r}) is not None:"):
                source.add(f"ender = {tag!r}")


def _advice_lines(
    source: Source, namespace: dict[str, Any], element: ElementPlan, *, children: bool
) -> None:
    """Each advice row whose conditions hold, over the loaded values, ``p`` and ``rt``.

    The text ``t`` is loaded by now (``None`` when there is none); ``rt`` is it as written,
    trimmed.
    """
    unless = _unless_flags(element)
    for number, advice in enumerate(element.advice):
        if advice.text_test is not None and element.text is None:
            continue  # a text test needs a text: the row never applies
        tests, value, detail = _advice_tests(number, advice, namespace, unless=number in unless)
        with source.block(f"if {' and '.join(tests) or 'True'}:"):
            source.add(f"hits.append((o, {number + 1}, e, {value}, {detail}))")
    if children and element.text is not None and not element.text_or_children:
        # Text beside children may be in pieces: whether it is, is read from the tree.
        with source.block("if rt and len(e):"):
            source.add(f"hits.append((o, {SPLIT_RANK}, e, '', ''))")


def _advice_tests(
    number: int, advice: AdvicePlan, namespace: dict[str, Any], *, unless: bool
) -> tuple[list[str], str, str]:
    """The tests of the ``number``-th advice row, cheapest first, and its value and detail.

    Those that need no value come first, so that a value is dumped only when it decides.
    """
    tests: list[str] = []
    if advice.inside:
        namespace[f"inside_{number}"] = advice.inside
        tests.append(f"p in inside_{number}")
    if advice.missing is not None:
        tests.append(f"a_{advice.missing} is None")
    if unless:
        tests.append(f"not u_{number}")
    if advice.unless_text is not None:
        tests.append(f"not rt.startswith({advice.unless_text!r})")
    value = "''"
    if advice.present is not None:
        namespace[f"dump_{number}"] = advice.present.codec.dump
        tests.append(f"a_{advice.present.field} is not None")
        tests.append(f"(v := dump_{number}(a_{advice.present.field})) is not None")
        value = "v"
        if advice.prefix:
            tests.append(f"v.startswith({advice.prefix!r})")
        if advice.equals is not None:
            tests.append(f"v == {advice.equals!r}")
        if advice.relative:
            namespace["has_scheme"] = has_scheme
            tests.append("not has_scheme(v)")
    detail = "''"
    if advice.text_test is not None:
        namespace[f"test_{number}"] = advice.text_test
        tests.append(f"t is not None and (d := test_{number}(t)) is not None")
        detail = "d"
    return tests, value, detail


def _text_reading(
    source: Source,
    namespace: dict[str, Any],
    element: ElementPlan,
    *,
    children: bool,
    warn: bool = False,
) -> None:
    """The text, with the tails of the children: trimmed, then as the text rule says.

    For a warner whose rows read it, ``rt`` keeps the trimmed text as written.
    """
    if not children:
        source.add("t = e.text")
        source.add("t = t.strip(WS) if t else ''")
    else:
        source.add("t = t.strip(WS)")
    if warn and (
        any(advice.unless_text is not None for advice in element.advice)
        or (children and element.text is not None and not element.text_or_children)
    ):
        source.add("rt = t")
    text = element.text
    if text is None:
        with source.block("if t:"):
            source.add("raise Declined")
        return
    loaded = read_source(text.codec, "t", "text_", namespace)
    if element.text_or_children:
        # Every child is known and allowed by now: any of them excludes text, one is needed.
        with source.block("if (not t) == (not len(e)):"):
            source.add("raise Declined")
        source.add(f"t = {loaded} if t else None")
        return
    if text.required:
        with source.block("if not t:"):
            source.add("raise Declined")
        source.add(f"t = {loaded}")
        return
    source.add(f"t = {loaded} if t else None")
