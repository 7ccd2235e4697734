"""The one interpreter of the dialect table.

:func:`judge` turns the facts of one element (its attributes, text and the tags of its element
children) into values and findings, for the node constructors and for the parser alike, so a
rule cannot be enforced in one place and forgotten in another. The other helpers phrase the
findings the table alone decides: an unknown element (with a suggestion from ``_spelling``), a
wrong root.

Findings carry the path and, for attribute problems, the attribute name; the parser turns them
into :class:`~callmarkup.exceptions.Violation` objects with lines and columns, the constructors
without. Asked for warnings, :func:`judge` also reads the ``ends_document`` and ``advice`` rows
of the table: warnings are findings whose code has the severity ``"warning"``. For an element
known to have no error (the quick readers took its document), :func:`advice_warnings` and
:func:`flow_warnings` give the same warnings without judging it again.

Every function that reads more than the one row it is given takes the dialect as a private
keyword, ``dialect``: without it, the package's own table (``_schema``) is read.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, NamedTuple

import attrs

from callmarkup._codecs import BadValue, clean_text, text_of
from callmarkup._grammars import has_scheme, trim
from callmarkup._schema import ELEMENTS, FOREIGN, FOREIGN_HINTS, ROOT
from callmarkup._spelling import Spellings, closest
from callmarkup.exceptions import Code

if TYPE_CHECKING:
    from collections.abc import Collection, Iterable, Mapping, Sequence

    from callmarkup._rows import ChildForm, Dialect, ElementRule

__all__ = [
    "Finding",
    "Judgement",
    "advice_warnings",
    "child_paths",
    "entity_findings",
    "flow_warnings",
    "in_table_order",
    "judge",
    "split_text",
    "unknown_element",
    "wrong_root",
]

_SHOWN = 60


def shown(value: str) -> str:
    """Quote ``value`` for a message, shortened when it is long."""
    if len(value) > _SHOWN:
        value = value[: _SHOWN - 1] + "…"
    return f'"{value}"'


def in_table_order(tags: Iterable[str], table: Iterable[str] = ELEMENTS) -> tuple[str, ...]:
    """``tags`` in the order of the table, so that nothing depends on the order of a set.

    Example:
        >>> in_table_order({"Hangup", "Say"})
        ('Say', 'Hangup')
    """
    wanted = set(tags)
    return tuple(tag for tag in table if tag in wanted)


def child_paths(path: str, tags: Iterable[str]) -> list[str]:
    """The path of each child of the element at ``path``, from the children's tags in order.

    Example:
        >>> child_paths("/Response", ["Say", "Play", "Say"])
        ['/Response/Say[1]', '/Response/Play[1]', '/Response/Say[2]']
    """
    seen: dict[str, int] = {}
    paths: list[str] = []
    for tag in tags:
        seen[tag] = seen.get(tag, 0) + 1
        paths.append(f"{path}/{tag}[{seen[tag]}]")
    return paths


class Finding(NamedTuple):
    """A violation before it is placed in the source.

    A named tuple rather than a frozen attrs class: a flood of small faulty elements makes
    one per element, and a tuple is built in a third of the time.
    """

    code: Code
    message: str
    path: str
    attribute: str | None = None
    """The XML name of the attribute concerned, if any."""


@attrs.define
class Judgement:
    """What :func:`judge` found out about one element."""

    values: dict[str, Any]
    """Python field name to checked, normalised value, for every legal attribute."""
    text: str | None
    """The checked, normalised text; ``None`` when absent or illegal."""
    findings: list[Finding]
    """Its violations, in the order they are reported: attributes, text, then children."""
    misplaced: list[str | None]
    """For each element child: the ``child-not-allowed`` message, or ``None``."""
    warnings: Sequence[Finding] = ()
    """The element's own warnings, when asked for, in the order of its ``advice`` rows."""
    unreachable: Sequence[Finding | None] = ()
    """For each element child, when warnings were asked for: its ``unreachable-verb`` or
    ``reject-ignored`` warning (path relative to the child), or ``None``."""


@functools.cache
def _tags(tags: frozenset[str]) -> str:
    return ", ".join(f"<{tag}>" for tag in sorted(tags))


@functools.cache
def _attribute_list(names: frozenset[str]) -> str:
    return ", ".join(sorted(names)) or "none"


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


@attrs.frozen(eq=False)
class _Names:
    """What the messages about unknown elements say of one dialect, derived once."""

    table: Mapping[str, ElementRule]
    root: str
    foreign: Mapping[str, str]
    foreign_hints: Mapping[str, str]
    tags: Spellings
    """The spellings of every element name."""
    children: Mapping[str, Spellings]
    """The spellings of the children each element allows, by its tag."""
    allowed: Mapping[str, str]
    """How an unknown element's message ends, by the tag of its parent."""

    @classmethod
    def of(
        cls,
        table: Mapping[str, ElementRule],
        root: str,
        foreign: Mapping[str, str],
        foreign_hints: Mapping[str, str],
    ) -> _Names:
        return cls(
            table,
            root,
            foreign,
            foreign_hints,
            Spellings.of(frozenset(table)),
            {tag: Spellings.of(rule.children) for tag, rule in table.items()},
            {
                tag: f"allowed in <{tag}>: {_tags(rule.children)}"
                if rule.children
                else f"<{tag}> has no child elements"
                for tag, rule in table.items()
            },
        )


_PACKAGE_NAMES = _Names.of(ELEMENTS, ROOT, FOREIGN, FOREIGN_HINTS)


@functools.cache
def _names_of(dialect: Dialect) -> _Names:
    package = (ELEMENTS, ROOT, FOREIGN, FOREIGN_HINTS)
    if (dialect.table, dialect.root, dialect.foreign, dialect.foreign_hints) == package:
        return _PACKAGE_NAMES
    return _Names.of(dialect.table, dialect.root, dialect.foreign, dialect.foreign_hints)


def _names(dialect: Dialect | None) -> _Names:
    return _PACKAGE_NAMES if dialect is None else _names_of(dialect)


def unknown_element(tag: str, parent: ElementRule, *, dialect: Dialect | None = None) -> Finding:
    """The finding for an element that is not in the dialect, under ``parent``.

    Its path is relative to the element itself: empty.
    """
    message = _unknown_element_message(tag, parent.tag, _names(dialect))
    return Finding(Code.UNKNOWN_ELEMENT, message, "")


_SKIPPED = "the platform skips it; verbs inside it still run"
"""What the platform does with an element it does not know."""


def _unknown_element_message(tag: str, parent_tag: str, names: _Names) -> str:
    local = _local(tag)
    allowed = names.allowed[parent_tag]
    kind = names.foreign.get(tag)
    if kind is not None:
        hints = names.foreign_hints
        hint = f"; {hints[tag]}" if tag in hints else ""
        return (
            f"<{tag}> is a {kind} of other TwiML-family platforms; api19's Call API does not"
            f" have it{hint}; {_SKIPPED} ({allowed})"
        )
    if tag.startswith("{") and local in names.table:
        hint = f"; elements of the dialect have no namespace: write <{local}>"
    else:
        guess = names.tags.exact.get(local.lower()) or names.children[parent_tag].closest(local)
        hint = f"; did you mean <{guess}>?" if guess else ""
    return f"<{tag}> is not an element of the dialect; {_SKIPPED}{hint} ({allowed})"


def split_text(rule: ElementRule, last: str) -> Finding:
    """The ``split-text`` warning of an element whose text is in pieces, the last one given."""
    return Finding(
        Code.SPLIT_TEXT,
        f"the text of <{rule.tag}> is split by a comment, a processing instruction or an"
        f" element: the platform keeps only the last piece, {shown(last)}",
        "",
    )


def wrong_root(tag: str, *, dialect: Dialect | None = None) -> Finding:
    """The finding for a document whose root is not ``<Response>``, relative to the root."""
    root = ROOT if dialect is None else dialect.root
    return Finding(
        Code.WRONG_ROOT,
        f"the root element is <{tag}>; a document must be a <{root}> without namespace",
        "",
    )


def _placement(rule: ElementRule, tag: str, siblings: frozenset[str | None]) -> str | None:
    """Why ``tag`` may not be a child here, or ``None``; ``siblings``: every child tag, once."""
    if tag not in rule.children:
        if not rule.children:
            return f"<{tag}> is not allowed inside <{rule.tag}>, which has no child elements"
        return f"<{tag}> is not allowed inside <{rule.tag}>; allowed: {_tags(rule.children)}"
    if tag in rule.solitary_children:
        others = frozenset(s for s in siblings if s is not None and s != tag and s in rule.children)
        if others:
            return f"<{tag}> must be the only noun in <{rule.tag}>; found with {_tags(others)}"
    return None


def _attribute_findings(  # noqa: PLR0913 - the facts of one attribute
    rule: ElementRule,
    path: str,
    name: str,
    value: Any,
    *,
    from_source: bool,
    entities: Sequence[str],
    reported: set[str],
    values: dict[str, Any],
    form: ChildForm | None = None,
) -> list[Finding]:
    found: list[Finding] = []
    where = f"{path}/@{name}"
    row = rule.by_xml.get(name)
    if row is not None and form is not None and name == form.attribute:
        row = attrs.evolve(row, codec=form.codec)
    if row is None:
        guess = closest(_local(name), rule.attribute_names)
        hint = f'; did you mean "{guess}"?' if guess else ""
        allowed = _attribute_list(rule.attribute_names)
        found.append(
            Finding(
                Code.UNKNOWN_ATTRIBUTE,
                f'<{rule.tag}> has no attribute "{name}"; the platform ignores it{hint}'
                f" (attributes: {allowed})",
                where,
                name,
            ),
        )
    for entity in entities:
        if entity not in reported:
            reported.add(entity)
            found.append(_entity_finding(entity, where, name))
    if row is None or entities:
        return found
    try:
        values[row.field] = row.codec.load(trim(value)) if from_source else row.codec.check(value)
    except TypeError as error:
        raise TypeError(f"<{rule.tag}> {row.field}: {error}") from None
    except BadValue as error:
        given = trim(value) if from_source else text_of(value)
        effect = row.if_empty if row.if_empty is not None and not trim(given) else row.if_bad
        clause = "" if effect is None else f"; {effect}"
        found.append(
            Finding(
                Code.BAD_ATTRIBUTE_VALUE,
                f"<{rule.tag}> {name}={shown(given)} is not allowed: {error}{clause}",
                where,
                name,
            ),
        )
    return found


def _entity_finding(entity: str, path: str, attribute: str | None = None) -> Finding:
    return Finding(
        Code.ENTITY_FORBIDDEN,
        f"reference to the entity &{entity}; (only &amp; &lt; &gt; &quot; &apos; and"
        " character references are allowed)",
        path,
        attribute,
    )


def entity_findings(
    attribute_entities: Mapping[str, Sequence[str]],
    content_entities: Collection[str],
) -> list[Finding]:
    """Entity-reference findings alone: all that is judged inside an unknown element.

    Their paths are relative to the element: empty, or ``/@name`` for an attribute.
    """
    reported: set[str] = set()
    found: list[Finding] = []
    for name, entities in attribute_entities.items():
        for entity in entities:
            if entity not in reported:
                reported.add(entity)
                found.append(_entity_finding(entity, f"/@{name}", name))
    for entity in content_entities:
        if entity not in reported:
            reported.add(entity)
            found.append(_entity_finding(entity, ""))
    return found


def _text_findings(  # noqa: PLR0911 - one return per content rule
    rule: ElementRule,
    path: str,
    text: str | None,
    *,
    opaque: bool,
    child_tags: Sequence[str | None],
) -> tuple[str | None, list[Finding]]:
    has_text = bool(text) or opaque
    text_rule = rule.text
    if text_rule is None:
        if has_text:
            found = shown(text) if text else "an entity reference"
            message = f"<{rule.tag}> cannot contain text; found {found}"
            return None, [Finding(Code.TEXT_FORBIDDEN, message, path)]
        return None, []
    if rule.text_or_children:
        if has_text and any(tag in rule.children for tag in child_tags):
            message = (
                f"<{rule.tag}> has both text and child elements; it takes one or the other:"
                " the platform dials the text and drops the nouns"
            )
            return None, [Finding(Code.TEXT_FORBIDDEN, message, path)]
        if not has_text:
            if child_tags:
                return None, []
            message = (
                f"<{rule.tag}> is empty; it needs a destination as text or"
                f" {_tags(rule.children)} children"
            )
            return None, [Finding(Code.EMPTY, message, path)]
    elif not has_text and text_rule.required:
        message = f"<{rule.tag}> requires text: {text_rule.summary}"
        return None, [Finding(Code.TEXT_REQUIRED, message, path)]
    if opaque or not text:  # an entity reference, or no text where none is required
        return None, []
    try:
        return text_rule.codec.load(text), []
    except BadValue as error:
        message = f"<{rule.tag}> text {shown(text)} is not allowed: {error}"
        return None, [Finding(Code.BAD_TEXT_VALUE, message, path)]


def _form_of(rule: ElementRule, child_tags: Sequence[str | None]) -> ChildForm | None:
    """The form the element's children select, if any."""
    form = rule.child_form
    return form if form is not None and form.child in child_tags else None


def _constructor_text(
    rule: ElementRule, path: str, text: object, child_tags: Sequence[str | None]
) -> tuple[str | None, str | None, list[Finding]]:
    """A constructor's text: trimmed, then checked; and the findings."""
    try:
        cleaned = clean_text(text)
    except TypeError as error:
        raise TypeError(f"<{rule.tag}> text: {error}") from None
    except BadValue as error:
        message = f"<{rule.tag}> text is not allowed: {error}"
        return None, None, [Finding(Code.BAD_TEXT_VALUE, message, path)]
    checked, findings = _text_findings(rule, path, cleaned, opaque=False, child_tags=child_tags)
    return cleaned, checked, findings


def _given_text(rule: ElementRule, text: object) -> str | None:
    """A constructor's text, trimmed, where any text is refused: only whether it is there."""
    if text is None:
        return None
    try:
        return clean_text(text)
    except TypeError as error:
        raise TypeError(f"<{rule.tag}> text: {error}") from None
    except BadValue:
        return str(text)  # characters XML cannot carry: text all the same


def _form_findings(  # noqa: PLR0913 - the facts of one element
    rule: ElementRule,
    form: ChildForm,
    path: str,
    *,
    written: Collection[str],
    text: str | None,
    opaque: bool,
) -> list[Finding]:
    """The content rules of an element in the form its child selects."""
    found: list[Finding] = []
    if form.attribute not in written:
        message = (
            f'<{rule.tag}> with <{form.child}> requires the attribute "{form.attribute}",'
            " which then holds the destination"
        )
        found.append(Finding(Code.ATTRIBUTE_REQUIRED, message, path))
    if text or opaque:
        shown_text = shown(text) if text else "an entity reference"
        message = (
            f"<{rule.tag}> with <{form.child}> cannot contain text; found {shown_text}:"
            f" {form.text_forbidden}"
        )
        found.append(Finding(Code.TEXT_FORBIDDEN, message, path))
    return found


def _advice_findings(  # noqa: C901, PLR0912, PLR0913 - the facts of one element
    rule: ElementRule,
    path: str,
    *,
    written: Collection[str],
    values: Mapping[str, Any],
    text: str | None,
    checked_text: str | None,
    child_tags: Sequence[str | None],
    parent: str | None,
    legal: Mapping[str, str] | None = None,
) -> list[Finding]:
    """The warnings of the ``advice`` rows, in their order.

    With ``legal`` (the attributes as written, every value and the text known to load), a
    value and the text are loaded only when a row needs them, and ``values`` and
    ``checked_text`` are not read.
    """
    found: list[Finding] = []
    for advice in rule.advice:
        # Every condition must hold; those that need no value are tested first, so that a
        # value is read only when it decides.
        if advice.inside and parent not in advice.inside:
            continue
        if advice.missing is not None and advice.missing in written:
            continue
        unless = advice.unless_children
        if unless and any(tag in unless for tag in child_tags):
            continue
        if advice.unless_text is not None and (text or "").startswith(advice.unless_text):
            continue
        value = ""
        present = advice.present
        if present is not None:
            row = rule.by_xml[present]
            if legal is not None:
                if present not in legal:
                    continue
                loaded = row.codec.load(trim(legal[present]))
            elif row.field in values:
                loaded = values[row.field]
            else:
                continue  # absent, or bad and already an error
            value = row.codec.dump(loaded)
            if not value.startswith(advice.prefix):
                continue
            if advice.equals is not None and value != advice.equals:
                continue
            if advice.relative and has_scheme(value):
                continue
        detail = ""
        if advice.text_test is not None:
            if legal is not None:
                checked_text = rule.text.codec.load(text) if text and rule.text else None
            tested = None if checked_text is None else advice.text_test(checked_text)
            if tested is None:
                continue
            detail = shown(tested)
        where = path if present is None else f"{path}/@{present}"
        message = advice.message.format(
            tag=rule.tag, value=shown(value), attribute=present, detail=detail
        )
        found.append(Finding(advice.code, message, where, present))
    return found


def _limit_findings(
    rule: ElementRule, path: str, child_tags: Sequence[str | None]
) -> list[Finding]:
    found: list[Finding] = []
    for limit in rule.child_limits:
        count = sum(tag in limit.tags for tag in child_tags)
        if count > limit.maximum:
            found.append(
                Finding(
                    Code.TOO_MANY_CHILDREN,
                    f"<{rule.tag}> has {count} {_tags(limit.tags)} children;"
                    f" at most {limit.maximum} allowed",
                    path,
                ),
            )
    return found


def _unreachable(
    child_tags: Sequence[str | None],
    child_attributes: Sequence[Collection[str]],
    misplaced: Sequence[str | None],
    table: Mapping[str, ElementRule],
) -> list[Finding | None]:
    """The flow warning of every legally placed child.

    ``unreachable-verb`` after a verb that ends the document; ``reject-ignored`` for a verb
    the platform ignores once the call is answered, which then neither ends nor runs.
    """
    verdicts: list[Finding | None] = []
    ender: ElementRule | None = None
    answered = False
    for number, tag in enumerate(child_tags):
        if tag is None or misplaced[number] is not None:
            verdicts.append(None)
            continue
        if ender is not None:
            message = f"<{tag}> can never run: the <{ender.tag}> before it {ender.ends_document}"
            verdicts.append(Finding(Code.UNREACHABLE_VERB, message, ""))
            continue
        rule = table[tag]
        if rule.unanswered_only is not None and answered:
            verdicts.append(Finding(Code.REJECT_IGNORED, rule.unanswered_only, ""))
            continue
        verdicts.append(None)
        answered = answered or rule.answers_call
        condition = rule.ends_document_if
        if rule.ends_document is not None and (
            condition is None
            or (number < len(child_attributes) and condition in child_attributes[number])
        ):
            ender = rule
    return verdicts


def advice_warnings(  # noqa: PLR0913 - the facts of one element
    rule: ElementRule,
    path: str,
    written: Mapping[str, str],
    text: str,
    child_tags: Sequence[str | None],
    *,
    parent: str | None,
) -> list[Finding]:
    """The warnings of the ``advice`` rows of an element known to have no error.

    The same warnings :func:`judge` finds with ``warnings=True`` for such an element, for a
    document the quick readers took (every value and the text load); a value, or the text, is
    loaded only when a row needs it.

    Args:
        rule: The element's row.
        path: The element's path.
        written: The element's attributes as written: XML name to value.
        text: The element's text, trimmed.
        child_tags: The tag of every element child in order.
        parent: The tag of the element's parent.

    Example:
        >>> [w.code.value for w in advice_warnings(ELEMENTS["Gather"], "", {}, "", [], parent=None)]
        ['action-missing']
    """
    form = rule.child_form
    if form is not None and form.child in child_tags:
        # The form with a child reads one attribute by another codec, and has no text.
        judged = judge(rule, path, written.items(), text, child_tags, from_source=True)
        return _advice_findings(
            rule,
            path,
            written=written,
            values=judged.values,
            text=text,
            checked_text=None,
            child_tags=child_tags,
            parent=parent,
        )
    return _advice_findings(
        rule,
        path,
        written=written,
        values={},
        text=text,
        checked_text=None,
        child_tags=child_tags,
        parent=parent,
        legal=written,
    )


def flow_warnings(
    child_tags: Sequence[str],
    child_attributes: Sequence[Collection[str]],
    table: Mapping[str, ElementRule] = ELEMENTS,
) -> list[Finding | None]:
    """The flow warning of every child of an element known to have no error, or ``None``.

    The same verdicts :func:`judge` gives with ``warnings=True`` (``unreachable``), for
    children that are all known and allowed; ``child_attributes`` are the names written on
    each child, ``table`` the rows of their dialect (the package's by default).

    Example:
        >>> [w and w.code.value for w in flow_warnings(["Hangup", "Say"], [(), ()])]
        [None, 'unreachable-verb']
    """
    return _unreachable(child_tags, child_attributes, [None] * len(child_tags), table)


def judge(  # noqa: PLR0913 - the facts of one element
    rule: ElementRule,
    path: str,
    attributes: Iterable[tuple[str, Any]],
    text: str | None,
    child_tags: Sequence[str | None],
    *,
    from_source: bool,
    attribute_entities: Mapping[str, Sequence[str]] | None = None,
    content_entities: Collection[str] = (),
    warnings: bool = False,
    child_attributes: Sequence[Collection[str]] = (),
    parent: str | None = None,
    dialect: Dialect | None = None,
) -> Judgement:
    """Judge one element against its row of the table.

    Args:
        rule: The element's row.
        path: The element's path.
        attributes: ``(xml name, value)`` pairs in source order: raw strings when
            ``from_source``, Python values given to a constructor otherwise.
        text: The element's text: trimmed, from a document; as given, from a constructor.
        child_tags: The tag of every element child in order, ``None`` for an unknown one.
        from_source: Whether the facts come from a document or from a constructor.
        attribute_entities: Names of the entities referenced in each attribute's value.
        content_entities: Names of the entities referenced in the element's own content.
        warnings: Whether to judge the advice rows too (``warnings`` and ``unreachable``).
        child_attributes: The names of the attributes written on every element child, in
            order; what decides whether a child ends the document (``ends_document_if``).
        parent: The tag of the element's parent, for advice that depends on it.
        dialect: The dialect the element's children belong to (the package's by default);
            its rows decide the flow warnings of the children.

    Returns:
        The legal values, the findings, and the placement verdict of every child.
    """
    values: dict[str, Any] = {}
    findings: list[Finding] = []
    reported: set[str] = set()
    entities_of = attribute_entities or {}
    attributes = list(attributes)
    form = _form_of(rule, child_tags)
    for name, value in attributes:
        findings += _attribute_findings(
            rule,
            path,
            name,
            value,
            from_source=from_source,
            entities=entities_of.get(name, ()),
            reported=reported,
            values=values,
            form=form,
        )
    for entity in content_entities:
        if entity not in reported:
            reported.add(entity)
            findings.append(_entity_finding(entity, path))
    needs_text = rule.text is not None and rule.text.required
    if form is not None:
        checked_text: str | None = None
        text_findings = _form_findings(
            rule,
            form,
            path,
            written={name for name, _ in attributes},
            text=text if from_source else _given_text(rule, text),
            opaque=bool(content_entities),
        )
    elif from_source or (text is None and not needs_text):
        checked_text, text_findings = _text_findings(
            rule, path, text, opaque=bool(content_entities), child_tags=child_tags
        )
    else:
        text, checked_text, text_findings = _constructor_text(rule, path, text, child_tags)
    findings += text_findings
    misplaced: list[str | None] = []
    if child_tags:
        findings += _limit_findings(rule, path, child_tags)
        # Placement depends on the tag and on the set of tags beside it, so it is decided once
        # per tag: per child, a Dial of 40,000 Sips took 24 s.
        present = frozenset(child_tags)
        verdicts = {tag: _placement(rule, tag, present) for tag in present if tag is not None}
        misplaced = [None if tag is None else verdicts[tag] for tag in child_tags]
    judgement = Judgement(values, checked_text, findings, misplaced)
    if warnings:
        written = {name for name, _ in attributes}
        judgement.warnings = _advice_findings(
            rule,
            path,
            written=written,
            values=values,
            text=text,
            checked_text=checked_text,
            child_tags=child_tags,
            parent=parent,
        )
        table = ELEMENTS if dialect is None else dialect.table
        judgement.unreachable = _unreachable(child_tags, child_attributes, misplaced, table)
    return judgement
