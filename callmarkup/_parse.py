"""Documents to nodes: hardened parsing, every violation with its place, then the tree.

The pipeline (spec §7.1, §7.2, §7.5):

1. the input type and the size cap, before anything is read;
2. decoding, and the prolog: a DOCTYPE is reported and blanked out, never parsed;
3. references to non-predefined entities are reported and masked, so lxml never sees one;
4. a fresh lxml parser with entities, DTDs, network and recovery off builds the tree;
5. when there was no DOCTYPE and no entity reference (and no warnings are asked for),
   readers compiled from the rows of the table (one per element, at import) read the tree:
   each attribute loaded by its codec, the text and children as the element's rules say, the
   nodes built. They are the common case of a valid document and judge nothing: at anything
   the interpreter would report they stop;
6. otherwise one pre-order walk judges every element through ``_rules.judge`` and, when
   nothing is wrong, builds the nodes from the values it judged;
7. findings are placed at lines and columns only when there are some.

Warnings, when asked for, come from the interpreter's walk and are placed the same way: an
element's warnings follow its own errors and come before anything found in its children.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import TYPE_CHECKING, Any, NoReturn, cast

import attrs
from lxml import etree

from callmarkup import _rules
from callmarkup._codecs import XML_WHITESPACE, BadValue, trim
from callmarkup._compile import Source, compile_function, slot_setter
from callmarkup._nodes import NODE_CLASSES, Node, Response, build_checked
from callmarkup._repair import BEFORE_DECLARATION, before_declaration, repair
from callmarkup._schema import ELEMENTS, ROOT, ElementRule
from callmarkup._source import (
    DecodeError,
    Prolog,
    SourceMap,
    bare_ampersands,
    has_suspect_ampersand,
    read_bytes,
    scan_prolog,
    stray_doctype,
)
from callmarkup.exceptions import Code, InvalidMarkupError, ParseError, Violation

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Mapping, Sequence

__all__ = ["DEFAULT_MAX_BYTES", "DEFAULT_MAX_DEPTH", "Document", "parse", "validate"]

DEFAULT_MAX_BYTES = 1_048_576
"""The default size cap: 1 MiB (spec §7.5)."""
DEFAULT_MAX_DEPTH = 32
"""The default depth cap, in elements; the root is at depth 1 (spec §7.5)."""

_HOSTILE = frozenset(
    (Code.MALFORMED, Code.DOCTYPE_FORBIDDEN, Code.ENTITY_FORBIDDEN, Code.TOO_LARGE)
)
# lxml reports a bare "&" with these codes; the hint and the position are ours.
_BARE_AMPERSAND_ERRORS = frozenset(
    (etree.ErrorTypes.ERR_NAME_REQUIRED, etree.ErrorTypes.ERR_ENTITYREF_SEMICOL_MISSING),
)
# Resource refusals of libxml2 are never "malformed" (spec §7.2).
_RESOURCE_ERRORS = frozenset(
    (
        etree.ErrorTypes.ERR_RESOURCE_LIMIT,
        etree.ErrorTypes.ERR_NAME_TOO_LONG,
        etree.ErrorTypes.ERR_NO_MEMORY,
        etree.ErrorTypes.ERR_ENTITY_LOOP,
    ),
)

Document = str | bytes | bytearray | memoryview
"""What :func:`parse` and :func:`validate` read."""


_FEW_ATTRIBUTES = 32
"""Up to this many attributes, lxml's own ``items()`` is the quickest way to read them."""


def _attributes(element: Any) -> list[tuple[str, str]]:
    """The element's attributes in document order, in time linear in their number.

    lxml's ``items()`` looks each value up by name from the first attribute on, which is
    quadratic: 80,000 attributes on one element took 18 s. An XPath walk reads them in one
    pass, but costs more to set up than ``items()`` for an ordinary element.
    """
    if len(element.attrib) <= _FEW_ATTRIBUTES:
        return element.items()  # type: ignore[no-any-return]
    return [(str(value.attrname), str(value)) for value in element.xpath("@*")]


class TooDeep(Exception):  # noqa: N818 - internal control flow
    """The document is nested deeper than the cap; ``ordinal`` is the start tag too deep."""

    def __init__(self, ordinal: int) -> None:
        super().__init__(ordinal)
        self.ordinal = ordinal


class ResourceRefused(Exception):  # noqa: N818 - internal control flow
    """The XML parser asked for an external resource: only a DOCTYPE can make it ask."""


class _RefuseAll(etree.Resolver):
    """Refuses every URL the XML parser asks for: it opens no file and no connection.

    With ``collect_ids=False`` (which keeps an ``xml:id`` from being judged by libxml2),
    libxml2 loads external DTD subsets and parameter entities whatever the other options
    say. A DOCTYPE never reaches the parser, but if one did, nothing could be read through it.
    """

    def resolve(self, system_url: str, public_id: str, context: object = None) -> NoReturn:
        del public_id, context
        raise ResourceRefused(system_url)


_REFUSE_ALL = _RefuseAll()


def new_parser() -> etree.XMLParser:
    """A parser that can open nothing and expands nothing (see ``docs/security.md``)."""
    # A fresh parser per document: lxml parsers keep state and are not shared across threads.
    parser = etree.XMLParser(
        encoding="utf-8",
        resolve_entities=False,
        load_dtd=False,
        dtd_validation=False,
        attribute_defaults=False,
        no_network=True,
        huge_tree=False,
        recover=False,
        remove_comments=True,
        remove_pis=True,
        collect_ids=False,
    )
    parser.resolvers.add(_REFUSE_ALL)
    return parser


def _document_violation(code: Code, message: str, line: int = 1, column: int = 1) -> Violation:
    return Violation(code, message, "/", line, column)


@attrs.frozen
class _Leaf:
    """What one form of element without children comes to, wherever it is."""

    findings: tuple[_rules.Finding, ...]
    """Its placement finding, if any, then its own, with paths relative to it."""
    wrong: bool
    """Whether any of the findings is an error."""
    node: Node | None
    """Its node, when it has no error (nodes are values: equal leaves may share one)."""


def _node(rule: ElementRule, judgement: _rules.Judgement, children: Sequence[Node]) -> Node:
    """The node of an element judged without error, and of its children's nodes."""
    values = dict(judgement.values)
    if rule.text is not None:
        values["text"] = judgement.text
    if rule.children:
        values["children"] = tuple(children)
    return build_checked(NODE_CLASSES[rule.tag], values)


def _compile_violation() -> Callable[[Code, str, str, int | None, int | None, str], Violation]:
    """``Violation(...)`` for the walker: the same object, made a fifth faster.

    attrs' frozen ``__init__`` stores each field through ``object.__setattr__``; this stores
    them through the slots' own setters. It counts for a document that makes 300,000
    violations. The fields are read off the class, so a new one cannot be forgotten.
    """
    names = [field.name for field in attrs.fields(Violation)]
    namespace: dict[str, Any] = {"new": object.__new__, "Violation": Violation}
    namespace |= {f"set_{name}": slot_setter(Violation, name) for name in names}
    source = Source(f"def violation({', '.join(names)}):")
    source.add("v = new(Violation)", *(f"set_{name}(v, {name})" for name in names), "return v")
    made: Callable[[Code, str, str, int | None, int | None, str], Violation]
    made = compile_function("violation", source, namespace)
    return made


_violation = _compile_violation()
_NOWHERE = (None, None)
_NO_ENTITIES: Mapping[str, Sequence[str]] = MappingProxyType({})
_LEAVES_REMEMBERED = 4096
"""How many different leaf elements one walk remembers the judgement of."""
_UNKNOWN_REMEMBERED = 32768
"""How many unknown names one walk remembers the finding of: a document can repeat one a
hundred thousand times, and its message has a spelling suggestion that takes a few
microseconds to find."""


class _Walker:
    """One pre-order walk over a parsed tree: violations in document order, and the nodes.

    Elements are judged with paths relative to themselves, and a finding becomes a
    :class:`Violation` at its place in the source as soon as it is made; the source map is
    read at the first one. Elements without children are judged once per distinct form (tag,
    placement, text, attributes and references): a document of a hundred thousand ``<Sip/>``
    judges one and places two hundred thousand violations.
    """

    def __init__(
        self,
        text: str,
        source: SourceMap | None,
        max_depth: int,
        *,
        build: bool,
        warnings: bool = False,
    ) -> None:
        self.text = text
        """The document as the XML parser read it, to place the findings in."""
        self.source = source
        self.attribute_entities = {} if source is None else source.attribute_entities
        self.content_entities = {} if source is None else source.content_entities
        self.max_depth = max_depth
        self.build = build
        self.warnings = warnings
        self.violations: list[Violation] = []
        self.failed = False
        """Whether an error (not a warning) has been found: no node is built then."""
        self.ordinal = 0
        self.leaves: dict[tuple[Any, ...], _Leaf] = {}
        self.unknown: dict[tuple[str, str], _rules.Finding] = {}
        self._place = None if source is None else source.tag_position
        self.splits: Mapping[int, str] = {}
        """By ordinal, when warnings are asked for: the last piece of a split text."""

    def _placer(self) -> Callable[..., tuple[int, int] | None]:
        """Where a start tag, or one of its attributes, is: the source is read the first time."""
        if self._place is None:
            self.source = SourceMap.read(self.text)
            self._place = self.source.tag_position
        return self._place

    def _report(self, finding: _rules.Finding, path: str, ordinal: int) -> None:
        """Place ``finding``, made in the ``ordinal``-th element at ``path``, and keep it."""
        place = self._place or self._placer()
        code, message, where, attribute = finding
        line, column = place(ordinal, attribute) or _NOWHERE
        severity = code.severity
        self.violations.append(_violation(code, message, path + where, line, column, severity))
        if severity == "error":
            self.failed = True

    def _report_leaf(self, leaf: _Leaf, path: str, ordinal: int) -> None:
        """Place the findings of an element without children; the element is placed once."""
        place = self._place or self._placer()
        at_tag = place(ordinal) or _NOWHERE
        violations = self.violations
        for code, message, where, attribute in leaf.findings:
            line, column = at_tag if attribute is None else place(ordinal, attribute) or _NOWHERE
            violations.append(_violation(code, message, path + where, line, column, code.severity))
        self.failed = self.failed or leaf.wrong

    def _report_all(self, findings: Iterable[_rules.Finding], path: str, ordinal: int) -> None:
        for finding in findings:
            self._report(finding, path, ordinal)

    def _enter(self, depth: int) -> int:
        """The ordinal of the element entered at ``depth``."""
        ordinal = self.ordinal
        self.ordinal = ordinal + 1
        if depth > self.max_depth:
            raise TooDeep(ordinal)
        return ordinal

    def root(self, element: Any) -> Node | None:
        tag = element.tag
        if tag != ROOT:
            self.foreign(element, f"/{tag}", 1, _rules.wrong_root(tag))
            return None
        return self.known(element, ELEMENTS[ROOT], f"/{ROOT}", 1)

    def foreign(self, element: Any, path: str, depth: int, finding: _rules.Finding | None) -> None:
        """An unknown element or a wrong root: only entity references are judged inside."""
        ordinal = self._enter(depth)
        if finding is not None:
            self._report(finding, path, ordinal)
        attribute_entities = self.attribute_entities.get(ordinal, _NO_ENTITIES)
        content_entities = self.content_entities.get(ordinal, ())
        if attribute_entities or content_entities:
            findings = _rules.entity_findings(attribute_entities, content_entities)
            self._report_all(findings, path, ordinal)
        if len(element):
            for child, child_path in zip(element, _child_paths(path, element), strict=True):
                self.foreign(child, child_path, depth + 1, None)

    def known(  # noqa: PLR0913, PLR0917 - the facts of one element and its place
        self,
        element: Any,
        rule: ElementRule,
        path: str,
        depth: int,
        verdicts: tuple[str | None, _rules.Finding | None] = (None, None),
        parent: str | None = None,
    ) -> Node | None:
        """A known element; ``verdicts`` are its parent's placement message and flow warning."""
        ordinal = self._enter(depth)
        misplaced, unreachable = verdicts
        if not (len(element) or self.warnings):
            leaf = self._leaf(element, rule, ordinal, misplaced)
            if leaf.findings:
                self._report_leaf(leaf, path, ordinal)
            return None if self.failed or not self.build else leaf.node
        if misplaced is not None:
            self._report(_rules.Finding(Code.CHILD_NOT_ALLOWED, misplaced, ""), path, ordinal)
        judgement, child_tags = self._judge(element, rule, ordinal, parent)
        self._report_all(judgement.findings, path, ordinal)
        if unreachable is not None:
            self._report(unreachable, path, ordinal)
        self._report_all(judgement.warnings, path, ordinal)
        split = self.splits.get(ordinal)
        if split is not None:
            self._report(_rules.split_text(rule, split), path, ordinal)
        nodes: list[Node] = []
        if child_tags:
            nodes = self._children(
                element, child_tags, rule=rule, path=path, depth=depth, judgement=judgement
            )
        if self.failed or not self.build:
            return None
        return _node(rule, judgement, nodes)

    def _judge(
        self, element: Any, rule: ElementRule, ordinal: int, parent: str | None
    ) -> tuple[_rules.Judgement, list[str | None]]:
        """Judge an element with children, or with warnings; and its child tags."""
        text = element.text or ""
        child_tags: list[str | None] = []
        child_attributes: list[list[str]] = []
        # The children are gone through twice rather than listed: a list would keep a proxy
        # object of every child alive, and the garbage collector busy.
        for child in element:
            tag = child.tag
            child_tags.append(tag if tag in ELEMENTS else None)
            if self.warnings:
                child_attributes.append(child.keys())
            if child.tail:
                text += child.tail
        judgement = _rules.judge(
            rule,
            "",
            _attributes(element),
            trim(text),
            child_tags,
            from_source=True,
            attribute_entities=self.attribute_entities.get(ordinal, _NO_ENTITIES),
            content_entities=self.content_entities.get(ordinal, ()),
            warnings=self.warnings,
            child_attributes=child_attributes,
            parent=parent,
        )
        return judgement, child_tags

    def _leaf(self, element: Any, rule: ElementRule, ordinal: int, misplaced: str | None) -> _Leaf:
        """Judge an element without children (and without warnings), once per form."""
        attributes = _attributes(element)
        attribute_entities = self.attribute_entities.get(ordinal, _NO_ENTITIES)
        content_entities = tuple(self.content_entities.get(ordinal, ()))
        form = (
            rule.tag,
            misplaced,
            element.text,
            content_entities,
            *attribute_entities.items(),
            *attributes,
        )
        leaf = self.leaves.get(form)
        if leaf is None:
            judgement = _rules.judge(
                rule,
                "",
                attributes,
                trim(element.text or ""),
                (),
                from_source=True,
                attribute_entities=attribute_entities,
                content_entities=content_entities,
            )
            findings = judgement.findings
            if misplaced is not None:
                findings = [_rules.Finding(Code.CHILD_NOT_ALLOWED, misplaced, ""), *findings]
            wrong = any(finding.code.severity == "error" for finding in findings)
            node = None
            if self.build and not self.failed and not wrong:
                node = _node(rule, judgement, ())
            leaf = _Leaf(tuple(findings), wrong, node)
            if len(self.leaves) < _LEAVES_REMEMBERED:
                self.leaves[form] = leaf
        return leaf

    def _unknown(self, tag: str, parent: ElementRule) -> _rules.Finding:
        """The finding of an unknown element, once per name and parent in a document."""
        finding = self.unknown.get((tag, parent.tag))
        if finding is None:
            finding = _rules.unknown_element(tag, parent)
            if len(self.unknown) < _UNKNOWN_REMEMBERED:
                self.unknown[tag, parent.tag] = finding
        return finding

    def _children(  # noqa: PLR0913 - the facts of one element
        self,
        element: Any,
        child_tags: list[str | None],
        *,
        rule: ElementRule,
        path: str,
        depth: int,
        judgement: _rules.Judgement,
    ) -> list[Node]:
        nodes: list[Node] = []
        for child, tag, child_path, misplaced, unreachable in zip(
            element,
            child_tags,
            _child_paths(path, element),
            judgement.misplaced,
            judgement.unreachable or [None] * len(child_tags),
            strict=True,
        ):
            if tag is None:
                self.foreign(child, child_path, depth + 1, self._unknown(child.tag, rule))
            else:
                verdicts = (misplaced, unreachable)
                node = self.known(child, ELEMENTS[tag], child_path, depth + 1, verdicts, rule.tag)
                if node is not None:
                    nodes.append(node)
        return nodes


class Declined(Exception):  # noqa: N818 - control flow out of the compiled walk
    """Something is not as the quick walk expects: the interpreter takes over."""


def _compile_reader(rule: ElementRule, *, build: bool) -> Callable[[Any, int, int], Any]:
    """The quick reader of one element, generated from its row.

    Given an lxml element of the row's tag (and its depth, and the depth cap), it reads and
    loads every attribute with its row's codec, reads the text and the children as the rules
    say, and builds the node (with ``build``), exactly as ``_Walker.known`` would from a
    judgement without findings. At anything ``_rules.judge`` would report (an unknown
    attribute, a bad value, a misplaced or unknown child, text where there is none) it raises
    ``Declined`` or the codec's ``BadValue``, and the document is walked by the interpreter.
    """
    tag = rule.tag
    cls = NODE_CLASSES[tag]
    namespace: dict[str, Any] = {
        "Declined": Declined,
        "WS": XML_WHITESPACE,
        "new": object.__new__,
        "cls": cls,
    }
    source = Source(f"def {'read' if build else 'check'}_{tag}(e, depth, limit):")
    with source.block("if depth > limit:"):
        source.add("raise Declined")
    _attribute_reading(source, namespace, rule)
    if rule.child_form is not None:
        # The form with a child (<Video>) has its own rules: the interpreter judges it.
        with source.block("if len(e):"):
            source.add("raise Declined")
    children = _child_reading(source, namespace, rule, build=build)
    _text_reading(source, namespace, rule, children=children)
    if build:
        source.add("n = new(cls)")
        for field in attrs.fields(cls):
            namespace[f"set_{field.name}"] = slot_setter(cls, field.name)
            value = {"text": "t", "children": "tuple(kids)"}.get(field.name, f"a_{field.name}")
            source.add(f"set_{field.name}(n, {value})")
        source.add("return n")
    function: Callable[[Any, int, int], Any] = compile_function(
        source.lines[0].removeprefix("def ").partition("(")[0], source, namespace
    )
    return function


def _attribute_reading(source: Source, namespace: dict[str, Any], rule: ElementRule) -> None:
    """Every attribute in source order: a row of the element, loaded by its codec."""
    # More attributes than the row has means an unknown one; declining before items(), which
    # is quadratic in the number of attributes, keeps an element with thousands of them cheap.
    if not rule.attributes:
        with source.block("if len(e.attrib):"):
            source.add("raise Declined")
        return
    with source.block(f"if len(e.attrib) > {len(rule.attributes)}:"):
        source.add("raise Declined")
    source.add(" = ".join([*(f"a_{row.field}" for row in rule.attributes), "None"]))
    with source.block("for name, raw in e.items():"):
        for number, row in enumerate(rule.attributes):
            with source.block(f"{'elif' if number else 'if'} name == {row.xml!r}:"):
                read = row.codec.read("r", f"c{number}_")
                if read is None:
                    namespace[f"load_{number}"] = row.codec.load
                    source.add(f"a_{row.field} = load_{number}(raw.strip(WS))")
                else:
                    namespace.update(read[1])
                    source.add("r = raw.strip(WS)", f"a_{row.field} = {read[0]}")
        with source.block("else:"):
            source.add("raise Declined")


def _child_reading(
    source: Source, namespace: dict[str, Any], rule: ElementRule, *, build: bool
) -> bool:
    """The element children: each allowed and read in turn, within the limits.

    Returns whether the element may have children; the tails of its children are gathered
    into ``t`` (its text) on the way.
    """
    if not rule.children:
        with source.block("if len(e):"):
            source.add("raise Declined")
        return False
    if build:
        source.add("kids = []")
    source.add("t = e.text or ''")
    tags = sorted(rule.children)
    counted = [(limit.tags, f"> {limit.maximum}") for limit in rule.child_limits]
    counted += [
        (frozenset((tag,)), "and count_{number} != len(e)")
        for tag in sorted(rule.solitary_children)
    ]
    for number in range(len(counted)):
        source.add(f"count_{number} = 0")
    with source.block("for c in e:"):
        source.add("tag = c.tag")
        for index, tag in enumerate(tags):
            with source.block(f"{'elif' if index else 'if'} tag == {tag!r}:"):
                call = f"read_{tag}(c, depth + 1, limit)"
                source.add(f"kids.append({call})" if build else call)
                for number, (limited, _) in enumerate(counted):
                    if tag in limited:
                        source.add(f"count_{number} += 1")
        with source.block("else:"):
            source.add("raise Declined")
        source.add("tail = c.tail")
        with source.block("if tail:"):
            source.add("t += tail")
    for number, (_, test) in enumerate(counted):
        with source.block(f"if count_{number} {test.format(number=number)}:"):
            source.add("raise Declined")
    # The readers of the children are bound once all are compiled (see _READERS).
    namespace["_children_of"] = tags
    return True


def _text_reading(
    source: Source, namespace: dict[str, Any], rule: ElementRule, *, children: bool
) -> None:
    """The text, with the tails of the children: trimmed, then as the text rule says."""
    if not children:
        source.add("t = e.text")
        source.add("t = t.strip(WS) if t else ''")
    else:
        source.add("t = t.strip(WS)")
    text_rule = rule.text
    if text_rule is None:
        with source.block("if t:"):
            source.add("raise Declined")
        return
    read = text_rule.codec.read("t", "text_")
    if read is None:
        namespace["load_text"] = text_rule.codec.load
        loaded = "load_text(t)"
    else:
        namespace.update(read[1])
        loaded = read[0]
    if rule.text_or_children:
        # Every child is known and allowed by now: any of them excludes text, one is needed.
        with source.block("if (not t) == (not len(e)):"):
            source.add("raise Declined")
        source.add(f"t = {loaded} if t else None")
        return
    if text_rule.required:
        with source.block("if not t:"):
            source.add("raise Declined")
        source.add(f"t = {loaded}")
        return
    source.add(f"t = {loaded} if t else None")


def _compile_readers(*, build: bool) -> dict[str, Callable[[Any, int, int], Any]]:
    """The quick reader of every element, bound to the readers of its children."""
    readers = {tag: _compile_reader(rule, build=build) for tag, rule in ELEMENTS.items()}
    for reader in readers.values():
        names = reader.__globals__
        for tag in names.pop("_children_of", ()):
            names[f"read_{tag}"] = readers[tag]
    return readers


_READERS = _compile_readers(build=True)
"""Quick readers that build the nodes (``parse``)."""
_CHECKERS = _compile_readers(build=False)
"""Quick readers that only check (``validate``)."""


def quick_read(root: Any, max_depth: int, *, build: bool) -> Node | None:
    """The document read by the quick readers (its nodes with ``build``).

    Raises:
        Declined: something is off that the interpreter must judge and report.
    """
    if root.tag != ROOT:
        raise Declined
    reader = (_READERS if build else _CHECKERS)[ROOT]
    try:
        node: Node | None = reader(root, 1, max_depth)
    except BadValue:
        raise Declined from None
    return node


def interpret(
    root: Any, text: str, max_depth: int, *, build: bool
) -> tuple[Node | None, list[Violation]]:
    """The document ``text``, parsed into ``root``, walked by the interpreter.

    Returns:
        Its violations, and its nodes when it has none.

    Raises:
        TooDeep: the document is nested deeper than ``max_depth``.
    """
    walker = _Walker(text, None, max_depth, build=build)
    node = walker.root(root)
    return node, walker.violations


def split_texts(document: bytes, root: Any) -> dict[int, str]:
    """The texts split into pieces, by element ordinal: the last piece of each (spec §8.5).

    A text is split when non-whitespace pieces of it are separated by a comment, a processing
    instruction or an element; the platform keeps only the last piece. ``root`` is the tree
    without comments; a document that has some is read again, keeping them, to see them.
    """
    tree = root
    if b"<!--" in document or b"<?" in document[1:]:
        # The document is well-formed and harmless by now (its DOCTYPE blanked, its references
        # masked): this parser keeps comments and processing instructions and is as closed.
        keeping = etree.XMLParser(
            encoding="utf-8",
            resolve_entities=False,
            load_dtd=False,
            no_network=True,
            huge_tree=False,
            remove_comments=False,
            remove_pis=False,
            collect_ids=False,
        )
        try:
            tree = etree.fromstring(document, keeping)
        except etree.XMLSyntaxError:  # pragma: no cover - the same text parsed a moment ago
            tree = root
    splits: dict[int, str] = {}
    for ordinal, element in enumerate(tree.iter(tag=etree.Element)):
        pieces = [element.text, *(child.tail for child in element)]
        written = [trim(piece) for piece in pieces if piece and trim(piece)]
        if len(written) > 1:
            splits[ordinal] = written[-1]
    return splits


def _child_paths(path: str, children: Sequence[Any]) -> list[str]:
    seen: dict[str, int] = {}
    paths: list[str] = []
    for child in children:
        tag = child.tag
        seen[tag] = seen.get(tag, 0) + 1
        paths.append(f"{path}/{tag}[{seen[tag]}]")
    return paths


def _prolog_violations(prolog: Prolog, source: SourceMap) -> list[Violation]:
    """The DOCTYPEs of ``prolog`` and the entity declarations inside them, in document order."""
    found: list[tuple[int, Code, str]] = [(start, *_DOCTYPE_FOUND) for start, _ in prolog.doctypes]
    found += [(offset, *_ENTITY_DECLARED) for offset in prolog.entity_declarations]
    return [
        Violation(code, message, "/", *source.position(offset))
        for offset, code, message in sorted(found, key=lambda item: item[0])
    ]


_DOCTYPE_FOUND = (
    Code.DOCTYPE_FORBIDDEN,
    "a document type declaration (<!DOCTYPE ...>) is not allowed",
)
_ENTITY_DECLARED = (
    Code.ENTITY_FORBIDDEN,
    "an entity declaration (<!ENTITY ...>) is not allowed",
)
_MISPLACED_DOCTYPE = (
    "a document type declaration (<!DOCTYPE ...>) may only come before the root element"
)
_SMUGGLED = "a document type declaration (<!DOCTYPE ...>) reached the XML parser, which refused it"


def _as_text(  # noqa: PLR0911 - one return per way of reading the input
    data: object,
    max_bytes: int,
) -> tuple[str, bytes | None] | Violation:
    """The document as text (and as UTF-8 when that is at hand), or why it cannot be read.

    A subclass of ``str`` or ``bytes`` is copied first, and types are tested with ``type()``:
    the scans and the XML parser must read the same text, which a subclass could otherwise
    give each a different one of (through ``encode``, ``startswith`` or slicing).
    """
    kind = type(data)
    if issubclass(kind, str):
        data = str.__str__(cast("str", data))
        if len(data) > max_bytes:
            return _document_violation(Code.TOO_LARGE, f"the document is over {max_bytes} bytes")
        try:
            encoded = data.encode("utf-8")
        except UnicodeEncodeError as error:
            return _document_violation(
                Code.MALFORMED,
                f"the text contains U+{ord(data[error.start]):04X}, which is not a character",
            )
        if len(encoded) > max_bytes:
            return _document_violation(Code.TOO_LARGE, f"the document is over {max_bytes} bytes")
        if data.startswith("\ufeff"):
            return data[1:], None
        return data, encoded
    if not issubclass(kind, (bytes, bytearray, memoryview)):
        raise TypeError(
            f"expected str, bytes, bytearray or memoryview, got {kind.__name__}",
        )
    # Measure before copying: an oversized buffer is refused without being duplicated.
    view = memoryview(cast("bytes", data))
    if view.nbytes > max_bytes:
        return _document_violation(Code.TOO_LARGE, f"the document is over {max_bytes} bytes")
    # Exact bytes are read as they are; a buffer that may change, or a subclass, is copied.
    raw = cast("bytes", data) if kind is bytes else view.tobytes()
    try:
        text, as_is = read_bytes(raw)
    except DecodeError as error:
        line, column = SourceMap.read(error.prefix).position(len(error.prefix))
        return _document_violation(Code.MALFORMED, error.message, line, column)
    return text, raw if as_is else None


@attrs.frozen
class _SyntaxFault:
    """What lxml said about a document it refused, typed."""

    code: int
    message: str
    line: int
    column: int

    @classmethod
    def of(cls, error: etree.XMLSyntaxError) -> _SyntaxFault:
        line, column = getattr(error, "position", None) or (1, 1)
        message = str(getattr(error, "msg", "") or "not well-formed XML")
        # libxml2 ends some messages with a line break, or follows it with a piece of the
        # document ("Comment not terminated \n<!--..."): a message is one line of its own words.
        message = message.split(", line ", maxsplit=1)[0].split("\n", maxsplit=1)[0].strip()
        return cls(int(getattr(error, "code", 0)), message or "not well-formed XML", line, column)

    @property
    def reason(self) -> str:
        """The message without libxml2's advice on options we keep off on purpose."""
        return self.message.split(", use XML_PARSE_HUGE", maxsplit=1)[0]

    @property
    def is_resource_limit(self) -> bool:
        return self.code in _RESOURCE_ERRORS or "Excessive depth" in self.message

    def resource_violation(self) -> Violation:
        """The ``too-large`` violation of a document refused at a resource limit."""
        return _document_violation(
            Code.TOO_LARGE,
            f"the XML parser refused the document at a resource limit: {self.reason}",
            self.line,
            self.column,
        )


def _malformed(fault: _SyntaxFault, source: SourceMap) -> Violation:
    if fault.code in _BARE_AMPERSAND_ERRORS and source.first_bare_ampersand is not None:
        line, column = source.position(source.first_bare_ampersand)
        return _document_violation(
            Code.MALFORMED,
            "a bare '&' is not well-formed XML; write &amp;",
            line,
            column,
        )
    return _document_violation(
        Code.MALFORMED,
        fault.message,
        max(fault.line, 1),
        max(fault.column, 1),
    )


def _judged_repaired(
    original: str, prolog: Prolog, *, max_bytes: int, max_depth: int, warnings: bool
) -> tuple[Violation, ...] | None:
    """The violations of a malformed document whose faults the platform repairs (spec §8.6).

    Each repaired fault is a ``malformed`` violation, followed by everything found in the
    document as the platform reads it, placed in the input. Anything but whitespace before the
    declaration is one ``malformed`` violation that says so. ``None`` when the document has
    another fault: it is then reported as any malformed document is.
    """
    late = before_declaration(original)
    if late is not None and not late[1]:
        return (_document_violation(Code.MALFORMED, BEFORE_DECLARATION),)
    bare = bare_ampersands(prolog.blanked(original))
    fixed = repair(original, bare)
    if fixed is None:
        return None
    _, found = analyse(
        fixed.text,
        max_bytes=max_bytes + 4 * len(bare),
        max_depth=max_depth,
        build=False,
        warnings=warnings,
    )
    if any(violation.code is Code.MALFORMED for violation in found):
        return None
    placed = tuple(fixed.place(violation) for violation in found)
    if any(violation.code is Code.TOO_LARGE for violation in found):
        return placed  # too-large is reported alone (spec §7.1)
    return (*fixed.faults, *placed)


def _stray_doctype_violations(text: str, prolog: Prolog) -> tuple[Violation, ...]:
    """The violations of a DOCTYPE the prolog scan missed, if ``text`` has one; else none.

    Such a document is refused, never parsed. After the first start tag a DOCTYPE is no
    declaration but a syntax error, as XML has it.
    """
    stray = stray_doctype(text)
    if stray is None:
        return ()
    whole = SourceMap.read(text)
    where = whole.position(stray.offset)
    found = _DOCTYPE_FOUND if stray.before_root else (Code.MALFORMED, _MISPLACED_DOCTYPE)
    return (*_prolog_violations(prolog, whole), Violation(*found, "/", *where))


def _check_caps(max_bytes: int, max_depth: int) -> None:
    for name, value in (("max_bytes", max_bytes), ("max_depth", max_depth)):
        if isinstance(value, bool) or not isinstance(value, int):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise TypeError(f"{name} must be an int, got {type(value).__name__}")
        if value < 1:
            raise ValueError(f"{name} must be at least 1, got {value}")


def analyse(  # noqa: C901, PLR0911, PLR0912 - the pipeline of the module docstring, step by step
    data: object,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_depth: int = DEFAULT_MAX_DEPTH,
    build: bool,
    warnings: bool = False,
) -> tuple[Response | None, tuple[Violation, ...]]:
    """Judge a document; with ``build``, also build its nodes when it has no error.

    With ``warnings``, the violations include the warnings, in document order.
    """
    _check_caps(max_bytes, max_depth)
    read = _as_text(data, max_bytes)
    if isinstance(read, Violation):
        return None, (read,)
    text, encoded = read
    original = text
    prolog = scan_prolog(text)
    if prolog.doctypes:
        text = prolog.blanked(text)
        encoded = None
    stray = _stray_doctype_violations(text, prolog)
    if stray:
        return None, stray
    source: SourceMap | None = None
    if has_suspect_ampersand(text):
        source = SourceMap.read(text)
        if source.text is not text:
            encoded = None
        text = source.text
    violations: list[Violation] = []
    if prolog.doctypes:
        source = source or SourceMap.read(text)
        violations += _prolog_violations(prolog, source)
    document = encoded if encoded is not None else text.encode("utf-8")
    try:
        root = etree.fromstring(document, new_parser())
    except ResourceRefused:
        return None, (*violations, _document_violation(Code.DOCTYPE_FORBIDDEN, _SMUGGLED))
    except etree.XMLSyntaxError as error:
        fault = _SyntaxFault.of(error)
        if fault.is_resource_limit:
            return None, (fault.resource_violation(),)
        if not text:
            violations.append(_document_violation(Code.MALFORMED, "the document is empty"))
            return None, tuple(violations)
        repaired = _judged_repaired(
            original, prolog, max_bytes=max_bytes, max_depth=max_depth, warnings=warnings
        )
        if repaired is not None:
            return None, repaired
        violations.append(_malformed(fault, source or SourceMap.read(text)))
        return None, tuple(violations)
    if root.getroottree().docinfo.internalDTD is not None:
        return None, (*violations, _document_violation(Code.DOCTYPE_FORBIDDEN, _SMUGGLED))
    if source is None and not warnings:
        # No DOCTYPE, no entity reference: the quick readers take the common, valid document;
        # anything they decline is walked again by the interpreter, which reports it.
        try:
            node = quick_read(root, max_depth, build=build)
        except Declined:
            pass
        else:
            return node if isinstance(node, Response) else None, ()
    walker = _Walker(text, source, max_depth, build=build and not violations, warnings=warnings)
    if warnings:
        walker.splits = split_texts(document, root)
    try:
        node = walker.root(root)
    except TooDeep as too_deep:
        return None, (_too_deep(too_deep, walker.source or SourceMap.read(text), max_depth),)
    violations += walker.violations
    return node if isinstance(node, Response) else None, tuple(violations)


def _too_deep(too_deep: TooDeep, source: SourceMap, max_depth: int) -> Violation:
    """The ``too-large`` violation of a document nested deeper than ``max_depth``."""
    line, column = source.tag_position(too_deep.ordinal) or (1, 1)
    return _document_violation(
        Code.TOO_LARGE, f"the document is nested deeper than {max_depth} elements", line, column
    )


def parse(
    data: Document,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_depth: int = DEFAULT_MAX_DEPTH,
) -> Response:
    """Read a document into nodes, refusing anything that breaks the dialect.

    ``str`` is read as UTF-8 whatever its declaration says; bytes honour a BOM or the declared
    encoding. Whitespace around text and attribute values is trimmed; comments and processing
    instructions are dropped; a DOCTYPE, an entity or an oversized or overdeep document is
    refused before it can cost anything (spec §1.3).

    Args:
        data: The document.
        max_bytes: Refuse documents larger than this many bytes (UTF-8 for ``str``).
        max_depth: Refuse documents nested deeper than this many elements.

    Returns:
        The document's :class:`~callmarkup.Response`.

    Raises:
        ParseError: The document is malformed, hostile or too large.
        InvalidMarkupError: The document is XML but breaks the dialect; ``violations`` lists
            every problem with its path, line and column.
        TypeError: ``data`` is not text or bytes.

    Example:
        >>> from callmarkup import Response, Say
        >>> parse('<Response><Say loop="2"> Hello </Say></Response>')
        Response(Say('Hello', loop=2))
        >>> try:
        ...     parse(b"<Response><Dail/></Response>")
        ... except InvalidMarkupError as error:
        ...     print(error.violations[0].message)
        <Dail> is not an element of the dialect; the platform skips it; verbs inside it still run; did you mean <Dial>? (allowed in <Response>: <Dial>, <Gather>, <Hangup>, <Pause>, <Play>, <Record>, <Redirect>, <Reject>, <Say>)
    """  # noqa: E501 - the example shows one message line
    node, violations = analyse(data, max_bytes=max_bytes, max_depth=max_depth, build=True)
    if violations:
        if any(violation.code in _HOSTILE for violation in violations):
            raise ParseError(violations)
        raise InvalidMarkupError(violations)
    if node is None:  # pragma: no cover - a document without violations has a root
        raise AssertionError
    return node


def validate(
    data: Document,
    *,
    warnings: bool = False,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_depth: int = DEFAULT_MAX_DEPTH,
) -> tuple[Violation, ...]:
    """Report every problem of a document, in document order; never raises for its content.

    Args:
        data: The document.
        warnings: Also report legal but suspect uses (severity ``"warning"``): verbs that can
            never run, a ``<Gather>`` or ``<Record>`` without ``action``, a noun's
            ``statusCallbackEvent`` without ``statusCallback``, a ``client:`` caller ID on a
            ``<Dial>`` that calls no client, and what the platform does otherwise than
            written (spec §8.5): an ignored ``<Reject>``, a cut header value, split text, an
            empty Gather ``finishOnKey``, a prompt never played, a relative callback. An
            element's warnings come right after its own errors, before anything found in its
            children.
        max_bytes: Report documents larger than this many bytes as ``too-large``.
        max_depth: Report documents nested deeper than this as ``too-large``.

    Returns:
        The violations; a document is valid when none of them has the severity ``"error"``.
        Without ``warnings`` every violation is an error, so ``()`` means valid.

    Raises:
        TypeError: ``data`` is not text or bytes.

    Example:
        >>> for violation in validate("<Response><Pause length='0'/><Dial/></Response>"):
        ...     print(violation.line, violation.column, violation.code, violation.path)
        1 18 bad-attribute-value /Response/Pause[1]/@length
        1 30 empty /Response/Dial[1]
        >>> validate("<Response><Hangup/></Response>")
        ()
        >>> for warning in validate("<Response><Hangup/><Say>Bye</Say></Response>", warnings=True):
        ...     print(warning.severity, warning.code, warning.path)
        warning unreachable-verb /Response/Say[1]
    """
    return analyse(
        data,
        max_bytes=max_bytes,
        max_depth=max_depth,
        build=False,
        warnings=warnings,
    )[1]
