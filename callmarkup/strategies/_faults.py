"""Invalid documents: a valid tree, made editable, with exactly one fault injected.

This is the one fault injector: the tests draw their broken documents from
:func:`callmarkup.strategies.invalid_documents` too, so a new violation code needs one fault,
here.
"""

# The modules of the package share their private helpers; none of them is public.
# pyright: reportPrivateUsage=false, reportUnusedFunction=false

from __future__ import annotations

import functools
import string
from typing import TYPE_CHECKING, cast

import attrs
from hypothesis import strategies as st

from callmarkup import _codecs as codecs
from callmarkup._nodes import RULES, Node
from callmarkup._parse import DEFAULT_MAX_BYTES, DEFAULT_MAX_DEPTH
from callmarkup._render import DECLARATION, escape_attribute, escape_text
from callmarkup._schema import ELEMENTS, ROOT, AttributeRule, ElementRule
from callmarkup._source import PREDEFINED_ENTITIES
from callmarkup.exceptions import Code

if TYPE_CHECKING:
    from collections.abc import Callable, Collection

    from hypothesis.strategies import DrawFn, SearchStrategy

from callmarkup.strategies._refused import (
    _illegal,
)
from callmarkup.strategies._trees import (
    _BASE,
    _NESTED,
    _attributes,
    _element,
    _limit_of,
    _ordered,
)
from callmarkup.strategies._values import (
    _free_text,
    _legal,
)

# ---------------------------------------------------------------------------------------------
# Invalid documents: a valid tree, made editable, with exactly one fault injected
# ---------------------------------------------------------------------------------------------


def _no_attributes() -> list[tuple[str, str]]:
    return []


def _no_children() -> list[_Raw]:
    return []


@attrs.define
class _Raw:
    """An element as markup: names as written, values and text already escaped."""

    tag: str
    attributes: list[tuple[str, str]] = attrs.field(factory=_no_attributes)
    text: str = ""
    """Markup written before the children."""
    children: list[_Raw] = attrs.field(factory=_no_children)
    trailing: str = ""
    """Markup written after the children."""
    end_tag: str | None = None
    """A different name for the end tag (to make the document malformed)."""


@attrs.define
class _Draft:
    root: _Raw
    doctype: str = ""
    edit: Callable[[str, int], str] | None = None
    """A change made to the finished document text, given the offset of its root element."""


def _to_raw(node: Node) -> _Raw:
    rule = RULES[type(node)]
    attributes = [
        (row.xml, escape_attribute(row.codec.dump(value)))
        for row in rule.attributes
        if (value := getattr(node, row.field)) is not None
    ]
    text: str | None = getattr(node, "text", None)
    children: tuple[Node, ...] = getattr(node, "children", ())
    return _Raw(
        rule.tag,
        attributes,
        "" if text is None else escape_text(text),
        [_to_raw(child) for child in children],
    )


def _write(raw: _Raw, out: list[str], indent: str | None) -> None:
    """Write ``raw`` as :func:`~callmarkup.render` would (``indent=None``: canonical)."""
    start = "<" + raw.tag + "".join(f' {name}="{value}"' for name, value in raw.attributes)
    margin, newline = ("", "") if indent is None else (indent, "\n")
    end = f"</{raw.end_tag or raw.tag}>"
    if not raw.children:
        if raw.text or raw.trailing or raw.end_tag:
            out.append(f"{margin}{start}>{raw.text}{raw.trailing}{end}{newline}")
        else:
            out.append(f"{margin}{start}/>{newline}")
        return
    out.append(f"{margin}{start}>{raw.text}{newline}")
    inner = None if indent is None else indent + "  "
    for child in raw.children:
        _write(child, out, inner)
    if raw.trailing:
        out.append(f"{'' if inner is None else inner}{raw.trailing}{newline}")
    out.append(f"{margin}{end}{newline}")


def _serialize(draft: _Draft, *, pretty: bool, declaration: bool) -> str:
    newline = "\n" if pretty else ""
    out: list[str] = []
    if declaration:
        out.append(DECLARATION + newline)
    if draft.doctype:
        out.append(draft.doctype + newline)
    root = len("".join(out))
    _write(draft.root, out, "" if pretty else None)
    document = "".join(out)
    return document if draft.edit is None else draft.edit(document, root)


def _walk(raw: _Raw, parent: _Raw | None = None) -> list[tuple[_Raw, _Raw | None]]:
    """Every element with its parent, in document order."""
    found = [(raw, parent)]
    for child in raw.children:
        found += _walk(child, raw)
    return found


def _fresh(draw: DrawFn, tag: str) -> _Raw:
    """A valid element of ``tag``, complete with its content."""
    return _to_raw(draw(_element(tag, _NESTED)))


def _shell(draw: DrawFn, tag: str) -> _Raw:
    """An element of ``tag`` with legal attributes and, where required, legal text only."""
    rule = ELEMENTS[tag]
    attributes = draw(_attributes(rule, _NESTED))
    raw = _Raw(
        tag,
        [
            (row.xml, escape_attribute(row.codec.dump(attributes[row.field])))
            for row in rule.attributes
            if row.field in attributes
        ],
    )
    if rule.text is not None and rule.text.required:
        raw.text = escape_text(draw(_legal(rule.text.codec, text=True)))
    return raw


def _place(draw: DrawFn, draft: _Draft, raw: _Raw) -> None:
    """Put ``raw`` where its tag is allowed, in new (otherwise valid) parents if need be."""
    parents = [tag for tag, rule in ELEMENTS.items() if raw.tag in rule.children]
    parent = draw(st.sampled_from(parents))
    if parent == draft.root.tag:
        siblings = draft.root.children
        siblings.insert(draw(st.integers(0, len(siblings))), raw)
        return
    holder = _shell(draw, parent)
    form = ELEMENTS[parent].child_form
    if form is not None and form.child == raw.tag:
        # The child selects the holder's other form (<Video>): no text, the attribute set.
        holder.text = ""
        value = draw(_legal(form.codec, text=False))
        _set_attribute(draw, holder, form.attribute, escape_attribute(value))
    holder.children.append(raw)
    _place(draw, draft, holder)


def _pick(draw: DrawFn, draft: _Draft, tags: Collection[str]) -> _Raw:
    """An element with one of ``tags``: one of the draft's, or a new one put in place."""
    existing = [raw for raw, _ in _walk(draft.root) if raw.tag in tags]
    placeable = [tag for tag in _ordered(tags) if tag != ROOT]
    if existing and (not placeable or draw(st.booleans())):
        return draw(st.sampled_from(existing))
    raw = _fresh(draw, draw(st.sampled_from(placeable)))
    _place(draw, draft, raw)
    return raw


@functools.cache
def _misspelt(names: frozenset[str], taken: frozenset[str]) -> SearchStrategy[str]:
    """Names one slip away from ``names`` (case, a letter lost, doubled, swapped or added)."""

    def slip(name: str, how: int, at: int, letter: str) -> str:
        i = at % len(name)
        return (
            name.upper(),
            name.lower(),
            name.swapcase(),
            name[:i] + name[i + 1 :],
            name[:i] + name[i] + name[i:],
            name[:i] + name[i + 1 : i + 2] + name[i : i + 1] + name[i + 2 :],
            name[:i] + letter + name[i:],
            name[:i] + letter + name[i + 1 :],
        )[how]

    return st.builds(
        slip,
        st.sampled_from(sorted(names)),
        st.integers(0, 7),
        st.integers(0, 30),
        st.sampled_from(string.ascii_letters),
    ).filter(
        lambda name: (
            bool(name)
            and name[0].isalpha()
            and name not in taken
            and not name.lower().startswith("xml")
        ),
    )


_NAMESPACE = "urn:example:other"


def _unknown_element(draw: DrawFn, draft: _Draft) -> None:
    known = frozenset(ELEMENTS)
    if draw(st.booleans()):
        name, declarations = draw(_misspelt(known, known)), []
    else:
        # A dialect name in a namespace is not a dialect element.
        name = "x:" + draw(st.sampled_from(_ordered(known)))
        declarations = [("xmlns:x", _NAMESPACE)]
    # Not the child that selects its parent's form (<Video>): the parent would change form.
    inner = [
        (raw, parent)
        for raw, parent in _walk(draft.root)
        if parent is not None and not _selects_form(raw, parent)
    ]
    if bool(inner) and draw(st.booleans()):
        target = draw(st.sampled_from(inner))[0]
        target.tag = name
        target.attributes = declarations + target.attributes
        return
    host = draw(st.sampled_from(_walk(draft.root)))[0]
    stranger = _Raw(name, declarations)
    if draw(st.booleans()):
        # Nothing inside an unknown element is judged, not even a misplaced known one.
        stranger.children.append(_fresh(draw, draw(st.sampled_from(_ordered(known - {ROOT})))))
    else:
        stranger.text = escape_text(draw(_free_text(non_empty=False)))
    host.children.insert(draw(st.sampled_from((0, len(host.children)))), stranger)


def _selects_form(raw: _Raw, parent: _Raw) -> bool:
    form = ELEMENTS[parent.tag].child_form if parent.tag in ELEMENTS else None
    return form is not None and raw.tag == form.child


def _wrong_root(draw: DrawFn, draft: _Draft) -> None:
    root = draft.root
    choice = draw(st.integers(0, 2))
    if choice == 0:
        root.tag = draw(_misspelt(frozenset((ROOT,)), frozenset((ROOT,))))
    elif choice == 1:
        root.tag = draw(st.sampled_from(_ordered(set(ELEMENTS) - {ROOT})))
    else:
        root.attributes.insert(0, ("xmlns", _NAMESPACE))


def _child_not_allowed(draw: DrawFn, draft: _Draft) -> None:
    crowded = [
        rule
        for rule in ELEMENTS.values()
        if rule.solitary_children and rule.children - rule.solitary_children
    ]
    if bool(crowded) and draw(st.booleans()):
        _beside_a_solitary_child(draw, draft, draw(st.sampled_from(crowded)))
        return
    host = draw(st.sampled_from(_walk(draft.root)))[0]
    rule = ELEMENTS[host.tag]
    tag = draw(st.sampled_from([tag for tag in ELEMENTS if tag not in rule.children]))
    host.children.insert(draw(st.sampled_from((0, len(host.children)))), _fresh(draw, tag))


def _beside_a_solitary_child(draw: DrawFn, draft: _Draft, rule: ElementRule) -> None:
    """A child that must be alone (a Sip) among children of the other kinds (nouns)."""
    alone = draw(st.sampled_from(_ordered(rule.solitary_children)))
    others = _ordered(rule.children - rule.solitary_children)
    count = draw(st.integers(1, _limit_of(rule, others) or 3))
    holder = _shell(draw, rule.tag)
    holder.text = ""
    holder.children = [_fresh(draw, draw(st.sampled_from(others))) for _ in range(count)]
    holder.children.insert(draw(st.integers(0, count)), _fresh(draw, alone))
    _place(draw, draft, holder)


def _too_many_children(draw: DrawFn, draft: _Draft) -> None:
    choices = [
        (rule.tag, limit)
        for rule in ELEMENTS.values()
        for limit in rule.child_limits
        if rule.tag != ROOT
        and (limit.tags <= rule.solitary_children or not limit.tags & rule.solitary_children)
    ]
    tag, limit = draw(st.sampled_from(choices))
    holder = _shell(draw, tag)
    holder.text = ""
    form = ELEMENTS[tag].child_form
    if form is not None and form.child in limit.tags:
        # Too many of the child that selects the form: the form's attribute is there.
        value = draw(_legal(form.codec, text=False))
        _set_attribute(draw, holder, form.attribute, escape_attribute(value))
    count = draw(st.integers(limit.maximum + 1, limit.maximum + 2))
    kinds = _ordered(limit.tags)
    holder.children = [_fresh(draw, draw(st.sampled_from(kinds))) for _ in range(count)]
    _place(draw, draft, holder)


@functools.cache
def _all_attribute_names() -> frozenset[str]:
    return frozenset(row.xml for rule in ELEMENTS.values() for row in rule.attributes)


def _unknown_attribute(draw: DrawFn, draft: _Draft) -> None:
    host = draw(st.sampled_from(_walk(draft.root)))[0]
    rule = ELEMENTS[host.tag]
    value = escape_attribute(draw(_free_text(non_empty=False)))
    position = draw(st.integers(0, len(host.attributes)))
    kind = draw(st.integers(0, 2))
    if kind == 0:
        name = draw(_misspelt(_all_attribute_names(), frozenset(rule.by_xml)))
    elif kind == 1:
        # Namespaced attributes are never the dialect's.
        name = "xml:" + draw(st.sampled_from(sorted(_all_attribute_names())))
    else:
        name = "x:" + draw(st.sampled_from(sorted(_all_attribute_names())))
        host.attributes.insert(0, ("xmlns:x", _NAMESPACE))
        position += 1
    host.attributes.insert(position, (name, value))


def _set_attribute(draw: DrawFn, raw: _Raw, name: str, value: str) -> None:
    for index, (written, _) in enumerate(raw.attributes):
        if written == name:
            raw.attributes[index] = (name, value)
            return
    raw.attributes.insert(draw(st.integers(0, len(raw.attributes))), (name, value))


@functools.cache
def _breakable_attributes() -> tuple[tuple[str, AttributeRule], ...]:
    """Every (tag, attribute) whose codec refuses some value a document can hold."""
    return tuple(
        (tag, row)
        for tag, rule in ELEMENTS.items()
        for row in rule.attributes
        if _illegal(row.codec) is not None
    )


def _bad_attribute_value(draw: DrawFn, draft: _Draft) -> None:
    tag, row = draw(st.sampled_from(_breakable_attributes()))
    host = _pick(draw, draft, (tag,))
    value = draw(cast("SearchStrategy[str]", _illegal(row.codec)))
    _set_attribute(draw, host, row.xml, escape_attribute(value))


_NO_TEXT = ("", " ", "\n  \t", "<!-- nothing -->", "<?note nothing?>", " <!--a--> \n ")
"""Content that gives an element no text: whitespace, comments, processing instructions."""


def _text_required(draw: DrawFn, draft: _Draft) -> None:
    tags = [
        tag
        for tag, rule in ELEMENTS.items()
        if rule.text is not None and rule.text.required and not rule.text_or_children
    ]
    host = _pick(draw, draft, tags)
    host.text = draw(st.sampled_from(_NO_TEXT))
    if ELEMENTS[host.tag].child_form is not None:
        host.children = []  # with its form's child, the element needs no text


def _attribute_required(draw: DrawFn, draft: _Draft) -> None:
    tags = [tag for tag, rule in ELEMENTS.items() if rule.child_form is not None]
    host = _pick(draw, draft, tags)
    form = ELEMENTS[host.tag].child_form
    assert form is not None  # noqa: S101 - chosen for having one above
    host.attributes = [pair for pair in host.attributes if pair[0] != form.attribute]
    host.text = draw(st.sampled_from(_NO_TEXT))
    host.trailing = ""
    host.children = [_fresh(draw, form.child)]


def _text_forbidden(draw: DrawFn, draft: _Draft) -> None:
    text = escape_text(draw(_free_text(non_empty=True)))
    textless = [tag for tag, rule in ELEMENTS.items() if rule.text is None]
    either = [tag for tag, rule in ELEMENTS.items() if rule.text_or_children]
    if draw(st.booleans()):
        host = _pick(draw, draft, textless)
    else:
        host = _pick(draw, draft, either)
        if host.text:
            # Text and a child it allows: one or the other, never both.
            tag = draw(st.sampled_from(_ordered(ELEMENTS[host.tag].children)))
            host.children.append(_fresh(draw, tag))
            return
    if draw(st.booleans()):
        host.text = text
    else:
        host.trailing = text


def _bad_text_value(draw: DrawFn, draft: _Draft) -> None:
    tags = [
        tag
        for tag, rule in ELEMENTS.items()
        if rule.text is not None and _illegal(rule.text.codec) is not None
    ]
    host = _pick(draw, draft, tags)
    text_rule = ELEMENTS[host.tag].text
    assert text_rule is not None  # noqa: S101 - chosen for having text above
    bad = cast("SearchStrategy[str]", _illegal(text_rule.codec, text=True))
    host.children = []
    host.text = escape_text(draw(bad))


def _empty(draw: DrawFn, draft: _Draft) -> None:
    tags = [tag for tag, rule in ELEMENTS.items() if rule.text_or_children]
    host = _pick(draw, draft, tags)
    host.children = []
    host.text = draw(st.sampled_from(_NO_TEXT))


_BARE_AMPERSANDS = ("&", " & ", "AT&T", "&amp", "&;", "&#x;", "& ")
"""Text ending in an ``&`` that starts no reference (it is followed by ``<`` or a quote)."""


def _malformed(draw: DrawFn, draft: _Draft) -> None:
    host = draw(st.sampled_from(_walk(draft.root)))[0]
    kind = draw(st.integers(0, 6))
    # The platform repairs a bare & and the document is judged as repaired: the &
    # goes where any text is legal, so that malformed is the one violation.
    if kind == 0:
        host = _pick(draw, draft, _free_texts())
        host.text += draw(st.sampled_from(_BARE_AMPERSANDS))
    elif kind == 1:
        # At the end of an attribute value, where the closing quote follows.
        tag, row = draw(st.sampled_from(_free_attributes()))
        host = _pick(draw, draft, (tag,))
        value = escape_attribute(row.codec.dump(draw(_legal(row.codec, text=False))))
        _set_attribute(draw, host, row.xml, value + draw(st.sampled_from(_BARE_AMPERSANDS)))
    elif kind == 2:
        host.end_tag = draw(_misspelt(frozenset((host.tag,)), frozenset((host.tag,))))
    elif kind == 3:
        host.text += draw(st.sampled_from(("a < b", "<3", "<")))
    elif kind == 4:
        host.text += draw(st.sampled_from(("&#0;", "&#xFFFE;", "&#xD800;", "&#1;")))
    elif kind == 5:
        name = draw(st.sampled_from(sorted(_all_attribute_names())))
        host.attributes += [(name, "1"), (name, "2")]
    else:
        cut = draw(st.integers(0, 10**6))
        draft.edit = lambda document, root: _truncated(document, root, cut)


@functools.cache
def _free_texts() -> tuple[str, ...]:
    """The tags whose text may be anything."""
    return tuple(
        tag
        for tag, rule in ELEMENTS.items()
        if rule.text is not None and isinstance(rule.text.codec, codecs.FreeText)
    )


@functools.cache
def _free_attributes() -> tuple[tuple[str, AttributeRule], ...]:
    """Every (tag, attribute) whose value may be anything, whatever the element's form."""
    return tuple(
        (tag, row)
        for tag, rule in ELEMENTS.items()
        for row in rule.attributes
        if isinstance(row.codec, codecs.FreeText)
        and (rule.child_form is None or row.xml != rule.child_form.attribute)
    )


def _truncated(document: str, root: int, cut: int) -> str:
    """A proper prefix of the document that stops inside its root element."""
    end = document.rindex(">") + 1
    return document[: root + cut % (end - root)]


_DOCTYPES = (
    "<!DOCTYPE {root}>",
    '<!DOCTYPE {root} SYSTEM "http://example.com/callmarkup.dtd">',
    '<!DOCTYPE {root} PUBLIC "-//Example//DTD Call//EN" "call.dtd">',
    "<!DOCTYPE {root} [<!ELEMENT {root} ANY>]>",
    "<!DOCTYPE {root} [\n  <!-- <!ENTITY x 'only a comment'> -->\n]>",
)


def _doctype(draw: DrawFn, draft: _Draft) -> None:
    draft.doctype = draw(st.sampled_from(_DOCTYPES)).format(root=draft.root.tag)


_ENTITY_NAMES = st.one_of(
    st.sampled_from(("nbsp", "copy", "x", "ee", "lol9")),
    st.from_regex(r"[A-Za-z_][A-Za-z0-9_.-]{0,8}", fullmatch=True),
).filter(lambda name: name not in PREDEFINED_ENTITIES)


def _entity(draw: DrawFn, draft: _Draft) -> None:
    name = draw(_ENTITY_NAMES)
    reference = f"&{name};" * draw(st.integers(1, 2))
    if draw(st.booleans()):
        tags = [tag for tag, rule in ELEMENTS.items() if rule.attributes]
        host = _pick(draw, draft, tags)
        row = draw(st.sampled_from(ELEMENTS[host.tag].attributes))
        # A value with a reference is not checked further, so any text will do.
        _set_attribute(draw, host, row.xml, reference)
        return
    tags = [tag for tag, rule in ELEMENTS.items() if rule.text is not None]
    host = _pick(draw, draft, tags)
    host.children = []
    host.text = draw(st.sampled_from((reference, host.text + reference, reference + host.text)))


def _too_large(draw: DrawFn, draft: _Draft) -> None:
    if draw(st.booleans()):
        host = draw(st.sampled_from(_walk(draft.root)))[0]
        depth = draw(st.integers(DEFAULT_MAX_DEPTH, DEFAULT_MAX_DEPTH + 4))
        tag = draw(st.sampled_from(_ordered(ELEMENTS)))
        chain = _Raw(tag)
        for _ in range(depth - 1):
            chain = _Raw(tag, children=[chain])
        host.children.append(chain)
        return
    extra = draw(st.integers(1, 1000))
    padding = draw(st.sampled_from((" ", "\n")))

    def pad(document: str, root: int) -> str:
        # Whitespace before the root is harmless; only the size is wrong.
        missing = DEFAULT_MAX_BYTES + extra - len(document.encode("utf-8"))
        return document[:root] + padding * max(missing, 0) + document[root:]

    draft.edit = pad


_FAULTS: dict[Code, Callable[[DrawFn, _Draft], None]] = {
    Code.MALFORMED: _malformed,
    Code.DOCTYPE_FORBIDDEN: _doctype,
    Code.ENTITY_FORBIDDEN: _entity,
    Code.TOO_LARGE: _too_large,
    Code.WRONG_ROOT: _wrong_root,
    Code.UNKNOWN_ELEMENT: _unknown_element,
    Code.CHILD_NOT_ALLOWED: _child_not_allowed,
    Code.TOO_MANY_CHILDREN: _too_many_children,
    Code.UNKNOWN_ATTRIBUTE: _unknown_attribute,
    Code.BAD_ATTRIBUTE_VALUE: _bad_attribute_value,
    Code.TEXT_REQUIRED: _text_required,
    Code.TEXT_FORBIDDEN: _text_forbidden,
    Code.BAD_TEXT_VALUE: _bad_text_value,
    Code.EMPTY: _empty,
    Code.ATTRIBUTE_REQUIRED: _attribute_required,
}
"""How to break a valid document so that exactly one violation of each code results."""


@st.composite
def _invalid(
    draw: DrawFn,
    codes: tuple[Code, ...],
    pretty: bool | None,
) -> tuple[str, Code]:
    code = draw(st.sampled_from(codes))
    node = draw(_element(ROOT, _BASE))
    draft = _Draft(_to_raw(node))
    _FAULTS[code](draw, draft)
    indent = draw(st.booleans()) if pretty is None else pretty
    declaration = draw(st.booleans())
    return _serialize(draft, pretty=indent, declaration=declaration), code
