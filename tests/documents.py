"""Documents generated from the dialect table, for property tests.

``trees()`` draws legal documents: every element, attribute, text and nesting rule comes from
``_schema.ELEMENTS``, values from a pool of legal writings per codec (odd case, leading zeros,
surrounding whitespace included). ``faulty()`` breaks one rule of such a document, and
``fuzzed()`` writes near-miss values everywhere, legal or not.
"""

from __future__ import annotations

import copy
import string
from typing import TYPE_CHECKING, Any

import attrs
from hypothesis import strategies as st

from callmarkup import _codecs as codecs
from callmarkup import _grammars as grammars
from callmarkup import _list_codecs as list_codecs
from callmarkup._schema import ELEMENTS, ROOT, AttributeRule, ElementRule

if TYPE_CHECKING:
    from collections.abc import Callable

Draw = st.DrawFn


@attrs.define
class Tree:
    """An element to be written: tag, attributes as written, text, children."""

    tag: str
    attributes: list[tuple[str, str]] = attrs.field(factory=list[tuple[str, str]])
    text: str = ""
    children: list[Tree] = attrs.field(factory=list["Tree"])

    def walk(self) -> list[Tree]:
        """This element and all below it, in document order."""
        found: list[Tree] = [self]
        for child in self.children:
            found += child.walk()
        return found

    def xml(self, *, spacing: str = "") -> str:
        """The document as text; ``spacing`` goes between elements."""
        attributes = "".join(
            f' {name}="{_escape(value, attribute=True)}"' for name, value in self.attributes
        )
        inner = _escape(self.text) + "".join(
            spacing + child.xml(spacing=spacing) for child in self.children
        )
        if self.children:
            inner += spacing
        return f"<{self.tag}{attributes}>{inner}</{self.tag}>"


def _escape(text: str, *, attribute: bool = False) -> str:
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace("\r", "&#13;")
    if attribute:
        text = text.replace('"', "&quot;").replace("\t", "&#9;").replace("\n", "&#10;")
    return text


_PADDING = st.sampled_from(["", "", "", " ", "\n  ", "\t", " \r\n"])
_KEYS = "0123456789#*"
_HOSTS = ["example.com", "a.b-c.d", "h", "10.0.0.1", "001.2.3.004", "[::1]", "[2001:db8::7]"]
_PHONES = ["+15550100", "1-444-555-666", "18004444444", "+1 (555) 010-0100", " 555.0100", "7"]
_HEADERS = ["", "", "?X-A=1", "?X-Call=a b&X-B=2", "?a=b?c", "?X-C=a=b"]
_DIALED = ["*72", "*123#", "#21#1"]
"""Phones to dial that caller IDs may not be: with * and # (spec §8.2.5)."""


def _sip(draw: Draw, *, user_needed: bool = False) -> str:
    users = ["alice@", "bob:secret@", "b%20o@", "u:@"]
    user = draw(st.sampled_from(users if user_needed else ["", *users]))
    host = draw(st.sampled_from(_HOSTS))
    port = draw(st.sampled_from(["", ":5060", ":1", ":65535", ":080"]))
    params = draw(st.sampled_from(["", ";transport=udp", ";TRANSPORT=Tcp;lr", ";x=@;y"]))
    headers = draw(st.sampled_from(["", "?X-A=1", "?h=v&i=@", "?X-B=c=d"]))
    scheme = draw(st.sampled_from(["sip:", "sip:", "sips:", "SIP:", "Sips:"]))
    return f"{scheme}{user}{host}{port}{params}{headers}"


@st.composite
def _legal(draw: Draw, codec: codecs.Codec[Any]) -> str:  # noqa: C901, PLR0911, PLR0912 - one case per codec
    """A legal writing of a value of ``codec``, before padding."""
    if isinstance(codec, codecs.FreeText):
        return draw(
            st.text(
                st.characters(
                    codec="utf-8",
                    exclude_categories=["Cs", "Cc"],
                    # Noncharacters that XML 1.0 cannot carry either.
                    exclude_characters="\ufffe\uffff",
                ),
                max_size=12,
            )
        )
    if isinstance(codec, codecs.Url):
        urls = [
            "/next",
            "menu.xml",
            "https://example.com/a?b=c&d=e",
            "HTTP://h/ü",
            "ab+c/d:e",
            "?q",
            "#f",
            "/a%20b#top",
            "http://[::1]:8080/x",
            "https://u@[2001:db8::7]/",
        ]
        return draw(st.sampled_from([*urls, *codec.literals]))
    if isinstance(codec, codecs.Method):
        return draw(st.sampled_from(["GET", "POST", "get", "Post", "pOsT"]))
    if isinstance(codec, codecs.Boolean):
        return draw(st.sampled_from(["true", "false", "TRUE", "fAlse"]))
    if isinstance(codec, codecs.Integer):
        zeros = draw(st.sampled_from(["", "", "0", "000"]))
        return zeros + str(draw(st.integers(codec.minimum, codec.maximum)))
    if isinstance(codec, codecs.Enumeration):
        return draw(st.sampled_from(codec.values))
    if isinstance(codec, list_codecs.TokenList):
        events = draw(st.lists(st.sampled_from(codec.values), min_size=1, unique=True))
        return draw(st.sampled_from([",", " , ", ", ", "\t,"])).join(events)
    if isinstance(codec, list_codecs.PhraseList):
        phrase = st.text(st.sampled_from("ab yz\u00e9"), min_size=1, max_size=8).filter(
            lambda p: bool(grammars.trim(p))
        )
        return draw(st.sampled_from([",", " , "])).join(
            draw(st.lists(phrase, min_size=1, max_size=4))
        )
    if isinstance(codec, codecs.OneKey):
        one_key: list[str] = ["", *_KEYS]
        return draw(st.sampled_from(one_key))
    if isinstance(codec, codecs.KeySet):
        keys = draw(st.lists(st.sampled_from(_KEYS), min_size=1, max_size=5))
        return draw(st.sampled_from(["-1", "".join(keys)]))
    if isinstance(codec, codecs.SipUri):
        return _sip(draw)
    if isinstance(codec, codecs.Pattern):
        phone = draw(st.sampled_from(_PHONES))
        if codec.matches is grammars.is_caller_id:
            users = ["bob", "Anonymous", "b%20o", "*72", "sip:alice@example.com", "SIPS:a@h"]
            return draw(st.sampled_from([phone, "client:alice", "client: desk 7", *users]))
        if codec.matches is grammars.is_client_name:
            return draw(st.sampled_from(["alice", "desk 7", "a&b"]))
        if codec.matches is grammars.is_client_target:
            return draw(st.sampled_from(["alice", "a b", "bob & <c>"])) + draw(
                st.sampled_from(_HEADERS)
            )
        phone = draw(st.sampled_from([*_PHONES, *_DIALED]))
        number = phone + draw(st.sampled_from(_HEADERS))
        if codec.matches is grammars.is_number_target:
            return number
        sip = _sip(draw, user_needed=True)  # a destination is a SIP URI when it has an @
        return draw(st.sampled_from([number, "client:bob", "client:a?X-A=1", sip]))
    raise NotImplementedError(repr(codec))


@st.composite
def legal_values(draw: Draw, codec: codecs.Codec[Any]) -> str:
    """A legal value of ``codec`` as a document may write it, whitespace around included."""
    value = draw(_legal(codec))
    if isinstance(codec, codecs.FreeText):
        return value
    return draw(_PADDING) + value + draw(_PADDING)


_BAD: dict[type[codecs.Codec[Any]], list[str]] = {
    codecs.FreeText: ["", " \n "],
    codecs.Url: [
        "",
        "a b",
        "ftp://x",
        "mailto:x",
        "http:/x",
        "https://",
        "x\x7f",
        "x\u0085y",
        "/a{b}",
        "/a|b",
        '/a"b',
        "/a\\b",
        "/a^b",
        "/a`b",
        "/a%2",
        "/a%zz",
        "/a#b#c",
        "/x[1]",
        "http://[::g]/",
        "http://h/[x]",
    ],
    codecs.Method: ["PUT", "G ET", "", "gets", "po\u017ft", "po\ufb06"],
    codecs.Boolean: ["yes", "1", "", "truee"],
    codecs.Integer: ["-1", "+1", "1.5", "2147483648", "9" * 30, "", "0x1", "1 2", "\u0661"],
    codecs.Enumeration: ["", "x", "Dtmf"],
    list_codecs.TokenList: [
        "answered,answered",
        "",
        "bogus",
        "answered,,completed",
        ",",
        "initiated ringing",
    ],
    list_codecs.PhraseList: ["", "a,,b", ",".join(["x"] * 51), "y" * 101, " , "],
    codecs.OneKey: ["12", "a", "##", "-1"],
    codecs.KeySet: ["", "-1#", "a", "1 2", "-11"],
    codecs.SipUri: [
        "alice@example.com",
        "sip:",
        "sip:a@b c",
        "tel:a@b",
        "sip:a@h?X-A=",
        "sip:a@h:123456",
        "sip:a@" + "h" * 260,
        "sip:a@h?" + "x=" + "y" * 1030,
        "sip:a@256.1.1.1",
        "sip:a@h:0",
        "sip:a@h;transport=ws",
        "sip:a@[::g]",
        "sip:a@h.1",
    ],
}
_BAD_PATTERNS: dict[Callable[[str], bool], list[str]] = {
    grammars.is_caller_id: [
        "a b",
        "client:",
        "client:  ",
        "+1x",
        "++1",
        "*123#",
        "sip:",
        "a" * 129,
    ],
    grammars.is_number_target: [
        "{{PhoneNumber}}",
        "+1888XXXXXXX",
        "1?",
        "1?a",
        "1?=b",
        "client:a",
        "1?X-A=",
        "*#",
    ],
    grammars.is_client_target: ["?X-A=1", "a?", "a?b", "a?X-A="],
    grammars.is_client_name: ["", " \t "],
    grammars.is_dial_destination: [
        "abc",
        "client:",
        "sip:example.com",
        "x@y",
        "1?a=@",
        "client:a@b",
        "1?X-A=",
        "client:a?X-A=",
    ],
}


def illegal_values(codec: codecs.Codec[Any]) -> st.SearchStrategy[str]:
    """A value ``codec`` refuses."""
    if isinstance(codec, codecs.Pattern):
        return st.sampled_from(_BAD_PATTERNS[codec.matches])
    if isinstance(codec, codecs.Integer) and codec.minimum == 1:
        return st.sampled_from([*_BAD[codecs.Integer], "0", "000"])
    return st.sampled_from(_BAD[type(codec)])


_FRAGMENTS = [
    *string.digits[:3],
    "a",
    "Z",
    "s",
    " ",
    "\t",
    "\n",
    "+",
    "-",
    "(",
    ")",
    ".",
    ",",
    ";",
    ":",
    "@",
    "?",
    "=",
    "&",
    "#",
    "*",
    "/",
    "%",
    "[",
    "]",
    "\u017f",
    "\ufb06",
    "\u00a0",
    "\u0085",
    "\u2028",
    "\u00e9",
    "\x7f",
    "client:",
    "sip:",
    "http://",
    "https://x",
    "transport=",
    "udp",
    "answered",
    "GET",
    "true",
    "-1",
    "example.com",
    "2147483647",
    "99999",
]


def near_misses() -> st.SearchStrategy[str]:
    """Strings made of the pieces the grammars are made of: legal or not, by chance."""
    return st.lists(st.sampled_from(_FRAGMENTS), max_size=8).map("".join)


@st.composite
def _element(
    draw: Draw, rule: ElementRule, depth: int, value: Callable[[codecs.Codec[Any]], Any]
) -> Tree:
    tree = Tree(rule.tag)
    rows: list[AttributeRule] = []
    if rule.attributes:
        rows = draw(st.lists(st.sampled_from(rule.attributes), unique=True, max_size=4))
    tree.attributes = [(row.xml, draw(value(row.codec))) for row in rows]
    groups = [sorted(rule.children - rule.solitary_children)] if rule.children else []
    groups += [[tag] for tag in sorted(rule.solitary_children)]
    use_text = rule.text is not None and (
        not rule.children or (rule.text_or_children and draw(st.booleans()))
    )
    form = rule.child_form
    if form is not None and depth < 3 and draw(st.booleans()):
        # The form with a child (<Video>, spec §8.3): the destination is an attribute.
        tree.attributes = [pair for pair in tree.attributes if pair[0] != form.attribute]
        tree.attributes.append((form.attribute, draw(value(form.codec))))
        tree.children.append(draw(_element(ELEMENTS[form.child], depth + 1, value)))
        return tree
    if form is not None:
        use_text = True
    if use_text and rule.text is not None:
        tree.text = draw(value(rule.text.codec))
        if rule.text.required and not grammars.trim(tree.text):
            tree.text = "x"
    elif groups and depth < 3:
        tags = draw(st.sampled_from(groups))
        limits = [limit.maximum for limit in rule.child_limits if set(tags) <= limit.tags]
        least = 1 if rule.text_or_children else 0
        count = draw(st.integers(least, min([3, *limits])))
        for _ in range(count):
            tree.children.append(
                draw(_element(ELEMENTS[draw(st.sampled_from(tags))], depth + 1, value))
            )
    elif groups and rule.text_or_children and rule.text is not None:
        tree.text = draw(value(rule.text.codec))
    return tree


def trees(value: Callable[[codecs.Codec[Any]], Any] = legal_values) -> st.SearchStrategy[Tree]:
    """Documents drawn from the table, with values drawn by ``value`` for each codec."""
    return _element(ELEMENTS[ROOT], 1, value)


def fuzzed() -> st.SearchStrategy[Tree]:
    """Documents of legal shape whose values are legal, illegal or near misses."""
    return trees(lambda codec: st.one_of(legal_values(codec), illegal_values(codec), near_misses()))


# One rule broken ---------------------------------------------------------------------------


def _pick(draw: Draw, tree: Tree, keep: Callable[[Tree], bool]) -> Tree | None:
    candidates = [element for element in tree.walk() if keep(element)]
    return draw(st.sampled_from(candidates)) if candidates else None


def _bad_attribute(draw: Draw, tree: Tree) -> str:
    target = _pick(draw, tree, lambda e: bool(ELEMENTS[e.tag].attributes))
    if target is None:
        return _unknown_attribute(draw, tree)
    row = draw(st.sampled_from(ELEMENTS[target.tag].attributes))
    if isinstance(row.codec, codecs.FreeText):
        return _unknown_attribute(draw, tree)
    target.attributes = [(name, v) for name, v in target.attributes if name != row.xml]
    target.attributes.append((row.xml, draw(illegal_values(row.codec))))
    return "bad-attribute-value"


def _bad_text(draw: Draw, tree: Tree) -> str:
    def textual(element: Tree) -> bool:
        text = ELEMENTS[element.tag].text
        return (
            text is not None
            and not isinstance(text.codec, codecs.FreeText)
            and not element.children
        )

    target = _pick(draw, tree, textual)
    text = ELEMENTS[target.tag].text if target is not None else None
    if target is None or text is None:
        return _text_required(draw, tree)
    target.text = draw(illegal_values(text.codec))
    return "bad-text-value"


def _text_required(draw: Draw, tree: Tree) -> str:
    target = _pick(
        draw,
        tree,
        lambda e: bool((rule := ELEMENTS[e.tag]).text and rule.text.required and not e.children),
    )
    if target is None:
        tree.children.append(Tree("Say", text=draw(st.sampled_from(["", "  \n"]))))
    else:
        target.text = draw(st.sampled_from(["", " \t"]))
    return "text-required"


def _text_forbidden(draw: Draw, tree: Tree) -> str:
    target = _pick(draw, tree, lambda e: ELEMENTS[e.tag].text is None or bool(e.children))
    if target is None:  # pragma: no cover - the root always qualifies
        raise AssertionError
    target.text = draw(st.sampled_from(["words", " x ", "1"]))
    return "text-forbidden"


def _unknown_attribute(draw: Draw, tree: Tree) -> str:
    target = draw(st.sampled_from(tree.walk()))
    name = draw(st.sampled_from(["bogus", "Loop", "xml:lang", "sendDigits"]))
    if name not in ELEMENTS[target.tag].by_xml:
        target.attributes.append((name, "1"))
        return "unknown-attribute"
    target.attributes.append(("bogus", "1"))  # pragma: no cover - "Loop" etc. are not rows
    return "unknown-attribute"  # pragma: no cover


def _unknown_element(draw: Draw, tree: Tree) -> str:
    target = _pick(
        draw, tree, lambda e: bool(ELEMENTS[e.tag].children) and not ELEMENTS[e.tag].child_form
    )
    assert target is not None
    stranger = Tree(draw(st.sampled_from(["Sms", "say", "SIP", "Conference", "video"])))
    target.children.insert(draw(st.integers(0, len(target.children))), stranger)
    target.text = ""
    return "unknown-element"


def _child_not_allowed(draw: Draw, tree: Tree) -> str:
    target = draw(st.sampled_from(tree.walk()))
    rule = ELEMENTS[target.tag]
    misplaced = sorted(set(ELEMENTS) - rule.children - {ROOT})
    tag = draw(st.sampled_from(misplaced))
    child = draw(_element(ELEMENTS[tag], 3, legal_values))
    target.children.insert(draw(st.integers(0, len(target.children))), child)
    return "child-not-allowed"


def _too_many(draw: Draw, tree: Tree) -> str:
    dial = Tree("Dial")
    if draw(st.booleans()):
        dial.children = [
            Tree(draw(st.sampled_from(["Number", "Client"])), text="1") for _ in range(11)
        ]
    else:
        dial.children = [Tree("Sip", text="sip:a@b.c"), Tree("Sip", text="sip:d@e.f")]
    tree.children.append(dial)
    return "too-many-children"


def _empty(draw: Draw, tree: Tree) -> str:
    tree.children.insert(draw(st.integers(0, len(tree.children))), Tree("Dial"))
    return "empty"


def _wrong_root(draw: Draw, tree: Tree) -> str:
    tree.tag = draw(st.sampled_from(["response", "Twiml", "Say"]))
    return "wrong-root"


FAULTS: list[Callable[[Draw, Tree], str]] = [
    _bad_attribute,
    _bad_text,
    _text_required,
    _text_forbidden,
    _unknown_attribute,
    _unknown_element,
    _child_not_allowed,
    _too_many,
    _empty,
    _wrong_root,
]


@st.composite
def faulty(draw: Draw) -> tuple[Tree, str]:
    """A legal document with one rule broken, and the code that rule reports."""
    tree = copy.deepcopy(draw(trees()))
    fault = draw(st.sampled_from(FAULTS))
    return tree, fault(draw, tree)
