"""Reference pages rendered from the live package at build time.

The grammar reference and the violation-code table are never written by hand: the directives
below read the dialect table (``callmarkup._schema.ELEMENTS``) and the ``Code`` enumeration while
Sphinx builds, and turn them into document nodes in memory. Nothing is written to disk.

Directives:

``callmarkup-element-summary``
    One table row per element: kind, parents, children, text.
``callmarkup-grammar``
    One section per element: summary, kind, Python class, parents, children, child limits,
    text rule, and a table of every attribute with its value type from ``codec.describe()``.
``callmarkup-codes``
    One table row per ``Code`` member: the code, the member, its meaning (the member's
    docstring), where the table gives rise to it (read from the rows: elements, limits, the
    conditions of warnings) and the exception ``parse`` raises for it.
``callmarkup-node-classes``
    The API reference of every node class, in the order of the table (``autoclass`` of each).

The directives that read the table take it, and the node classes, from class attributes: the
dialect's own by default, another (an extended dialect) in a subclass.

The extension also:

* warns (an error under ``-W``) when a name of ``callmarkup.__all__`` or
  ``callmarkup.webhooks.__all__`` is missing from the API reference, so a new public name cannot
  be left out;
* gives the names ``callmarkup/__init__.py`` re-exports (type aliases, constants) the docstrings
  written where they are defined;
* reads the Google sections of docstrings (``Args:``, ``Returns:``, ``Example:``) with
  napoleon's docstring reader, except in attribute docstrings, which are prose (napoleon would
  read ``Phrase: ...`` there as ``type: description``);
* resolves names that docstrings of ``callmarkup.exceptions`` write relative to that module to
  their documented place in ``callmarkup``.
"""

from __future__ import annotations

import re
import sys
import types
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import Parser as RstParser
from docutils.statemachine import StringList
from sphinx import addnodes
from sphinx.errors import PycodeError
from sphinx.ext.napoleon import Config as NapoleonConfig
from sphinx.ext.napoleon.docstring import GoogleDocstring
from sphinx.pycode import ModuleAnalyzer
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, new_document

import callmarkup
import callmarkup.webhooks
from callmarkup import _nodes, _parse, _rules, _schema
from callmarkup.exceptions import Code

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

__all__ = ["setup"]

_LOGGER = logging.getLogger(__name__)

# One cell: plain text, or a list of nodes already made.
_Cell = str | list[nodes.Node]


_Table = Mapping[str, _schema.ElementRule]


def _ordered(tags: Iterable[str], table: _Table = _schema.ELEMENTS) -> list[str]:
    """Tags in the order of the dialect table."""
    return list(_rules.in_table_order(tags, table))


def _parents(tag: str, table: _Table = _schema.ELEMENTS) -> list[str]:
    return [rule.tag for rule in table.values() if tag in rule.children]


def _element_id(tag: str) -> str:
    return f"grammar-{tag.lower()}"


def _literal(text: str) -> nodes.literal:
    return nodes.literal(text, text)


def _tag_list(tags: Sequence[str], *, link: bool, empty: str = "none") -> list[nodes.Node]:
    """``<A>, <B>`` as literals, linked to their sections when ``link``."""
    if not tags:
        return [nodes.Text(empty)]
    out: list[nodes.Node] = []
    for number, tag in enumerate(tags):
        if number:
            out.append(nodes.Text(", "))
        literal = _literal(f"<{tag}>")
        if link:
            reference = nodes.reference("", "", internal=True, refid=_element_id(tag))
            reference += literal
            out.append(reference)
        else:
            out.append(literal)
    return out


def _python_xref(target: str, title: str, reftype: str) -> addnodes.pending_xref:
    """A cross-reference to the API reference; unresolved ones fail a nitpicky build."""
    xref = addnodes.pending_xref(
        "",
        refdomain="py",
        reftype=reftype,
        reftarget=target,
        refexplicit=True,
        refwarn=True,
    )
    xref["py:module"] = None
    xref["py:class"] = None
    xref.append(_literal(title))
    return xref


def _paragraph(*content: nodes.Node | str) -> nodes.paragraph:
    paragraph = nodes.paragraph()
    for item in content:
        paragraph += nodes.Text(item) if isinstance(item, str) else item
    return paragraph


def _table(
    headers: Sequence[str], rows: Sequence[Sequence[_Cell]], widths: Sequence[int]
) -> nodes.table:
    table = nodes.table(classes=["callmarkup-table", "colwidths-given"])
    group = nodes.tgroup(cols=len(headers))
    table += group
    for width in widths:
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    group += head
    head += _row(headers)
    body = nodes.tbody()
    group += body
    for cells in rows:
        body += _row(cells)
    return table


def _row(cells: Sequence[_Cell]) -> nodes.row:
    row = nodes.row()
    for cell in cells:
        entry = nodes.entry()
        if isinstance(cell, str):
            if cell:
                entry += _paragraph(cell)
        else:
            entry += _paragraph(*cell)
        row += entry
    return row


def _field_list(fields: Sequence[tuple[str, list[nodes.Node]]]) -> nodes.field_list:
    field_list = nodes.field_list()
    for name, body in fields:
        field = nodes.field()
        field += nodes.field_name(name, name)
        field_body = nodes.field_body()
        field_body += _paragraph(*body)
        field += field_body
        field_list += field
    return field_list


def _text_rule(rule: _schema.ElementRule) -> list[nodes.Node]:
    text = rule.text
    if text is None:
        return [
            nodes.Text("None; non-whitespace text is "),
            _literal(Code.TEXT_FORBIDDEN.value),
            nodes.Text("."),
        ]
    out: list[nodes.Node] = []
    if text.required:
        out += [
            nodes.Text("Required (missing or blank text is "),
            _literal(Code.TEXT_REQUIRED.value),
            nodes.Text("). "),
        ]
    else:
        out.append(nodes.Text("Optional. "))
    summary = text.summary[:1].upper() + text.summary[1:]
    out += [
        nodes.Text(f"{summary} Accepted: {text.codec.describe()}; otherwise "),
        _literal(Code.BAD_TEXT_VALUE.value),
        nodes.Text("."),
    ]
    return out


def _content_rule(rule: _schema.ElementRule, table: _Table) -> list[nodes.Node] | None:
    """The limits on children and the text-or-children rule, or ``None`` when there are none."""
    sentences: list[nodes.Node] = []
    for limit in rule.child_limits:
        tags = _ordered(limit.tags, table)
        sentences += [
            nodes.Text(f"At most {limit.maximum} "),
            *_tag_list(tags, link=True),
            nodes.Text(" in total" if len(tags) > 1 else ""),
            nodes.Text(" (more is "),
            _literal(Code.TOO_MANY_CHILDREN.value),
            nodes.Text("). "),
        ]
    for tag in _ordered(rule.solitary_children, table):
        sentences += [
            *_tag_list([tag], link=True),
            nodes.Text(" must be the only kind of child (beside another child it is "),
            _literal(Code.CHILD_NOT_ALLOWED.value),
            nodes.Text("). "),
        ]
    form = rule.child_form
    if form is not None:
        sentences += [
            nodes.Text("With a "),
            *_tag_list([form.child], link=True),
            nodes.Text(" child the destination is the attribute "),
            _literal(form.attribute),
            nodes.Text(", which is then required ("),
            _literal(Code.ATTRIBUTE_REQUIRED.value),
            nodes.Text(f") and must be {form.codec.describe()} ("),
            _literal(Code.BAD_ATTRIBUTE_VALUE.value),
            nodes.Text("); text is then "),
            _literal(Code.TEXT_FORBIDDEN.value),
            nodes.Text(" and not required. "),
        ]
    if rule.text_or_children:
        sentences += [
            nodes.Text("Text and children exclude each other ("),
            _literal(Code.TEXT_FORBIDDEN.value),
            nodes.Text("); one of them is required ("),
            _literal(Code.EMPTY.value),
            nodes.Text(")."),
        ]
    if not sentences:
        return None
    last = sentences[-1]
    if isinstance(last, nodes.Text) and last.astext().endswith(" "):
        sentences[-1] = nodes.Text(last.astext().rstrip())
    return sentences


def _class_name(tag: str, classes: Mapping[str, type]) -> str:
    return classes[tag].__name__


def _attribute_table(rule: _schema.ElementRule, classes: Mapping[str, type]) -> nodes.table:
    class_name = _class_name(rule.tag, classes)
    rows: list[list[_Cell]] = [
        [
            [_literal(row.xml)],
            [_python_xref(f"callmarkup.{class_name}.{row.field}", row.field, "attr")],
            row.codec.describe(),
            row.default,
            "ext" if row.ext else "",
            row.summary,
        ]
        for row in rule.attributes
    ]
    return _table(
        ("XML attribute", "Python keyword", "Value", "When absent", "Ext", "Meaning"),
        rows,
        (20, 21, 19, 12, 5, 23),
    )


class _TableDirective(SphinxDirective):
    """A directive that reads the rows of a dialect table and its node classes.

    The dialect's own by default; a subclass may give another (an extended dialect).
    """

    table: ClassVar[_Table] = _schema.ELEMENTS
    classes: ClassVar[Mapping[str, type]] = _nodes.NODE_CLASSES


class ElementSummary(_TableDirective):
    """A table of every element: kind, parents, children, text."""

    has_content: ClassVar[bool] = False

    def run(self) -> list[nodes.Node]:
        """Render the table."""
        rows: list[list[_Cell]] = []
        for rule in self.table.values():
            parents = _parents(rule.tag, self.table)
            text = "none" if rule.text is None else "optional"
            if rule.text is not None and rule.text.required:
                text = "required"
            rows.append(
                [
                    _tag_list([rule.tag], link=True),
                    rule.kind,
                    _tag_list(parents, link=True, empty="none (document element)"),
                    _tag_list(_ordered(rule.children, self.table), link=True),
                    text,
                ],
            )
        return [
            _table(("Element", "Kind", "Parents", "Children", "Text"), rows, (14, 8, 24, 40, 10))
        ]


class Grammar(_TableDirective):
    """One section per element of the dialect table."""

    has_content: ClassVar[bool] = False

    def run(self) -> list[nodes.Node]:
        """Render every element."""
        return [self._section(rule) for rule in self.table.values()]

    def _section(self, rule: _schema.ElementRule) -> nodes.section:
        section_id = _element_id(rule.tag)
        section = nodes.section(ids=[section_id], names=[section_id])
        title = nodes.title()
        title += _literal(f"<{rule.tag}>")
        section += title
        self.state.document.note_explicit_target(section, section)
        self.set_source_info(section)

        section += _paragraph(rule.summary)
        class_name = _class_name(rule.tag, self.classes)
        fields: list[tuple[str, list[nodes.Node]]] = [
            ("Kind", [nodes.Text(rule.kind)]),
            ("Python class", [_python_xref(f"callmarkup.{class_name}", class_name, "class")]),
            (
                "Parents",
                _tag_list(
                    _parents(rule.tag, self.table),
                    link=True,
                    empty="none; it is the document element",
                ),
            ),
            ("Children", _tag_list(_ordered(rule.children, self.table), link=True)),
        ]
        content = _content_rule(rule, self.table)
        if content is not None:
            fields.append(("Content", content))
        fields.append(("Text", _text_rule(rule)))
        section += _field_list(fields)

        if rule.attributes:
            section += _attribute_table(rule, self.classes)
        else:
            section += _paragraph(
                "No attributes; any attribute is ",
                _literal(Code.UNKNOWN_ATTRIBUTE.value),
                ".",
            )
        return section


class NodeClasses(_TableDirective):
    """The ``autoclass`` of every node class, in the order of the dialect table."""

    has_content: ClassVar[bool] = False

    def run(self) -> list[nodes.Node]:
        """Parse one ``autoclass`` per element, as if written on the page."""
        # The page is MyST, and autodoc writes reStructuredText: the block says so.
        lines = ["```{eval-rst}"]
        for tag in self.table:
            cls = self.classes[tag]
            lines += [f".. autoclass:: {cls.__name__}", "   :members:"]
            if cls.__mro__[1] is not _nodes.Node:
                # Members shared through a base of its own (a noun's callbacks) are its own.
                lines.append("   :inherited-members: Node")
            lines.append("")
        lines.append("```")
        container = nodes.container()
        self.state.nested_parse(StringList(lines, source="callmarkup-node-classes"), 0, container)
        return list(container.children)


def _member_docs() -> dict[str, list[str]]:
    """The docstring lines of every ``Code`` member, read from the source."""
    analyzer = ModuleAnalyzer.for_module(Code.__module__)
    return {
        member: lines
        for (owner, member), lines in analyzer.find_attr_docs().items()
        if owner == Code.__qualname__
    }


def _advice_condition(advice: _schema.Advice) -> str:
    """When an advice row applies, in a few words: ``callerId="client:..."; no <Client> child``."""
    parts: list[str] = []
    if advice.present is not None:
        if advice.equals is not None:
            parts.append(f'{advice.present}="{advice.equals}"')
        elif advice.prefix:
            parts.append(f'{advice.present}="{advice.prefix}..."')
        elif advice.relative:
            parts.append(f"a relative {advice.present}")
        else:
            parts.append(advice.present)
    if advice.missing is not None:
        parts.append(f"no {advice.missing}")
    parts += [f"inside <{tag}>" for tag in sorted(advice.inside)]
    parts += [f"no <{tag}> child" for tag in sorted(advice.unless_children)]
    if advice.unless_text is not None:
        parts.append(f'text not starting with "{advice.unless_text}"')
    if advice.text_test is not None:
        parts.append("a header in its text")
    return "; ".join(parts)


def _places(entries: Sequence[tuple[str, str]]) -> list[nodes.Node]:
    """``<A>, <B> (condition); <C> (other)``: tags grouped by condition, in the given order."""
    groups: dict[str, list[str]] = {}
    for tag, condition in entries:
        groups.setdefault(condition, []).append(tag)
    out: list[nodes.Node] = []
    for condition, tags in groups.items():
        if out:
            out.append(nodes.Text("; "))
        out += _tag_list(tags, link=False)
        if condition:
            out.append(nodes.Text(f" ({condition})"))
    return out


def _limits(rule: _schema.ElementRule, table: _Table) -> list[str]:
    return [
        f"at most {limit.maximum} " + ", ".join(f"<{tag}>" for tag in _ordered(limit.tags, table))
        for limit in rule.child_limits
    ]


def _advice_conditions(code: Code) -> Callable[[_schema.ElementRule, _Table], list[str]]:
    def conditions(rule: _schema.ElementRule, table: _Table) -> list[str]:
        del table
        return [_advice_condition(advice) for advice in rule.advice if advice.code is code]

    return conditions


def _if(holds: bool, condition: str = "") -> list[str]:
    return [condition] if holds else []


_PLACES: dict[Code, Callable[[_schema.ElementRule, _Table], list[str]]] = {
    Code.WRONG_ROOT: lambda rule, _: _if(rule.tag == _schema.ROOT),
    Code.CHILD_NOT_ALLOWED: lambda rule, table: [
        f"<{tag}> alone" for tag in _ordered(rule.solitary_children, table)
    ],
    Code.TOO_MANY_CHILDREN: _limits,
    Code.TEXT_REQUIRED: lambda rule, _: _if(rule.text is not None and rule.text.required),
    Code.BAD_TEXT_VALUE: lambda rule, _: _if(rule.text is not None),
    Code.SPLIT_TEXT: lambda rule, _: _if(rule.text is not None),
    Code.EMPTY: lambda rule, _: _if(rule.text_or_children),
    Code.ATTRIBUTE_REQUIRED: lambda rule, _: (
        []
        if rule.child_form is None
        else [f"{rule.child_form.attribute} with <{rule.child_form.child}>"]
    ),
    Code.UNREACHABLE_VERB: lambda rule, _: _if(
        rule.ends_document is not None,
        "" if rule.ends_document_if is None else f"with {rule.ends_document_if}",
    ),
    Code.REJECT_IGNORED: lambda rule, _: _if(rule.unanswered_only is not None),
}
"""The codes a field of a row gives rise to: for each row, the conditions under which it
does, in a few words (``""``: always).

The warnings of advice rows are read from the rows' ``advice``; codes that any element may
have are not listed.
"""


def _code_places(code: Code, table: _Table) -> list[nodes.Node]:
    """Where the table gives rise to a code, read from its rows; empty for codes of any element."""
    conditions = _PLACES.get(code)
    if conditions is None:
        conditions = _advice_conditions(code)
    entries = [
        (rule.tag, condition) for rule in table.values() for condition in conditions(rule, table)
    ]
    places = _places(entries)
    if code is Code.UNREACHABLE_VERB and places:
        return [nodes.Text("after "), *places]
    return places


class Codes(_TableDirective):
    """A table of every violation code with the meaning its enum member documents.

    The column *Where* is read from the dialect table: the elements, and the conditions, that
    give rise to the code; empty for a code any element may have.
    """

    has_content: ClassVar[bool] = False

    def run(self) -> list[nodes.Node]:
        """Render the table."""
        docs = _member_docs()
        rows: list[list[_Cell]] = []
        for code in Code:
            lines = docs.get(code.name)
            if not lines or not "".join(lines).strip():
                _LOGGER.warning(
                    "Code.%s has no docstring",
                    code.name,
                    location=self.get_location(),
                    type="callmarkup",
                    subtype="codes",
                )
                lines = [""]
            raised = "ParseError" if code in _parse._HOSTILE else "InvalidMarkupError"  # noqa: SLF001 - which codes refuse hostile input, read where it lives
            raises: _Cell = [_python_xref(f"callmarkup.{raised}", raised, "exc")]
            if code.severity == "warning":
                raises = "nothing: a warning"
            rows.append(
                [
                    [_literal(code.value)],
                    [_python_xref(f"callmarkup.Code.{code.name}", code.name, "attr")],
                    self._rst_inline(lines),
                    _code_places(code, self.table),
                    raises,
                ],
            )
        return [
            _table(
                ("Code", "Member", "Meaning", "Where", "parse() raises"),
                rows,
                (18, 20, 30, 18, 14),
            )
        ]

    def _rst_inline(self, lines: list[str]) -> list[nodes.Node]:
        """A docstring, parsed as reStructuredText, as the content of one paragraph."""
        source = str(self.env.doc2path(self.env.docname))
        document = new_document(source, self.state.document.settings)
        document.reporter = self.state.document.reporter
        RstParser().parse("\n".join(lines), document)
        paragraph = document.next_node(nodes.paragraph)
        if paragraph is None:
            return [nodes.Text(" ".join(lines).strip())]
        return list(paragraph.children)


_DOCUMENTED_MODULES = ("callmarkup", "callmarkup.webhooks")
"""The modules whose every public name the API reference must describe."""


def _check_api_documented(app: Sphinx, env: BuildEnvironment) -> None:
    """Warn about every public name of the modules above the API reference does not describe."""
    del app
    objects: dict[str, Any] = env.get_domain("py").objects  # type: ignore[attr-defined]
    for module in _DOCUMENTED_MODULES:
        for name in sys.modules[module].__all__:
            if f"{module}.{name}" not in objects:
                _LOGGER.warning(
                    "%s.%s is public (in __all__) but not in the API reference",
                    module,
                    name,
                    type="callmarkup",
                    subtype="api",
                )


_PROSE_KINDS = frozenset(("attribute", "data", "property"))
"""The kinds of object whose docstring is prose: their types come from the annotations."""

_GOOGLE = NapoleonConfig(napoleon_google_docstring=True, napoleon_numpy_docstring=False)
"""How the Google sections (``Args:``, ``Returns:``, ``Example:``) are read."""


def _google_sections(  # noqa: PLR0913, PLR0917 - the event's signature
    app: Sphinx,
    what: str,
    name: str,
    obj: object,
    options: object,
    lines: list[str],
) -> None:
    """Turn the Google sections of a docstring into fields, with napoleon's docstring reader.

    Attribute docstrings are left as written: napoleon would read a first line such as
    ``Key that ends input: one of ...`` as ``type: description``, and the types of attributes
    come from their annotations.
    """
    if what in _PROSE_KINDS:
        return
    reader = GoogleDocstring(lines, _GOOGLE, app, what, name, obj, options)  # type: ignore[arg-type]
    lines[:] = reader.lines()


def _source_docstring(short_name: str, obj: object) -> list[str] | None:
    """The docstring under ``short_name = ...`` in the callmarkup module that defines it."""
    for module_name, module in sorted(sys.modules.items()):
        if (
            not module_name.startswith("callmarkup.")
            or getattr(module, short_name, None) is not obj
        ):
            continue
        try:
            docs = ModuleAnalyzer.for_module(module_name).find_attr_docs()
        except PycodeError:
            continue
        lines = docs.get(("", short_name))
        if lines:
            return list(lines)
    return None


def _union_line(obj: object) -> list[str]:
    """``Alias of A | B``, linking the members that callmarkup exports."""
    if not isinstance(obj, types.UnionType):
        return []
    members = [
        f":class:`~callmarkup.{member.__name__}`"
        if getattr(callmarkup, getattr(member, "__name__", ""), None) is member
        else f"``{getattr(member, '__name__', repr(member))}``"
        for member in obj.__args__
    ]
    return ["", "Alias of " + " | ".join(members) + "."]


def _reexported_data(  # noqa: PLR0913, PLR0917 - the event's signature
    app: Sphinx,
    what: str,
    name: str,
    obj: object,
    options: object,
    lines: list[str],
) -> None:
    """Give a name re-exported by a public module the docstring written where it is defined.

    The docstring of a module-level name is found in the source of the module that documents
    it, and ``callmarkup/__init__.py`` (like ``callmarkup/webhooks/__init__.py``) only
    imports; without this the page would show the docstring of the value's type (``int``,
    ``types.UnionType``).
    """
    del app, options
    module, _, short_name = name.rpartition(".")
    if what != "data" or module not in _DOCUMENTED_MODULES:
        return
    docstring = _source_docstring(short_name, obj)
    if docstring is None:
        return
    lines[:] = [*docstring, *_union_line(obj)]


# A name qualified by a private module of the package: ``callmarkup.webhooks._values.Direction``.
_PRIVATE_NAME = re.compile(r"\bcallmarkup(?:\.\w+)*\._\w+\.\w+\b")


def _public_types(  # noqa: PLR0913, PLR0917 - the event's signature
    app: Sphinx,
    what: str,
    name: str,
    obj: object,
    options: object,
    lines: list[str],
) -> None:
    """Name a type by the public module that exports it, not the private one defining it.

    The type of an attribute is written qualified by the module of its class, and the webhook
    models and their enumerations are defined in private modules of ``callmarkup.webhooks``.
    """
    del app, what, name, obj, options
    lines[:] = [_PRIVATE_NAME.sub(_public_name, line) for line in lines]


def _public_signature(  # noqa: PLR0913, PLR0917 - the event's signature
    app: Sphinx,
    what: str,
    name: str,
    obj: object,
    options: object,
    signature: str | None,
    return_annotation: str | None,
) -> tuple[str | None, str | None]:
    """The types of a signature named as :func:`_public_types` names them."""
    del app, what, name, obj, options
    public = [
        None if text is None else _PRIVATE_NAME.sub(_public_name, text)
        for text in (signature, return_annotation)
    ]
    return public[0], public[1]


def _public_name(match: re.Match[str]) -> str:
    """``module.name`` of the documented module exporting the object, else the match itself."""
    module_name, _, short_name = match.group(0).rpartition(".")
    defined = getattr(sys.modules.get(module_name), short_name, None)
    for module in _DOCUMENTED_MODULES:
        if defined is not None and getattr(sys.modules[module], short_name, None) is defined:
            return f"{module}.{short_name}"
    return match.group(0)


def _reexported_target(
    app: Sphinx,
    env: BuildEnvironment,
    node: addnodes.pending_xref,
    contnode: nodes.TextElement,
) -> nodes.reference | None:
    """Resolve ``X`` written in ``callmarkup.exceptions`` to ``callmarkup.X``.

    The names of ``callmarkup.exceptions`` are documented where users import them from,
    ``callmarkup``; docstrings inside that module name them relative to it.
    """
    if node.get("refdomain") != "py" or node.get("py:module") != "callmarkup.exceptions":
        return None
    target = str(node["reftarget"]).lstrip("~.")
    retry = node.deepcopy()
    retry["py:module"] = "callmarkup"
    retry["reftarget"] = target
    domain = env.get_domain("py")
    return domain.resolve_xref(
        env, node["refdoc"], app.builder, node["reftype"], target, retry, contnode
    )


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the directives and the API completeness check."""
    app.add_directive("callmarkup-element-summary", ElementSummary)
    app.add_directive("callmarkup-grammar", Grammar)
    app.add_directive("callmarkup-codes", Codes)
    app.add_directive("callmarkup-node-classes", NodeClasses)
    app.connect("env-check-consistency", _check_api_documented)
    app.setup_extension("sphinx.ext.autodoc")
    app.connect("autodoc-process-docstring", _reexported_data, priority=300)
    app.connect("autodoc-process-docstring", _google_sections)
    app.connect("autodoc-process-docstring", _public_types, priority=700)
    app.connect("autodoc-process-signature", _public_signature)
    app.connect("missing-reference", _reexported_target)
    return {
        "version": callmarkup.__version__,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
