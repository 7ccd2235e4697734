"""Documents generated from the dialect table, for property tests.

``trees()`` draws legal documents: every element, attribute, text and nesting rule comes from
``_schema.ELEMENTS``, values from a pool of legal writings per codec (odd case, leading zeros,
surrounding whitespace included). ``fuzzed()`` writes near-miss values everywhere, legal or
not.

The values each codec refuses are those of the strategies (``callmarkup.strategies``), and
documents with one rule broken come from their one fault injector,
``callmarkup.strategies.invalid_documents``, which pairs each document with the code it must
raise. What stays here is what the strategies do not draw: values written as documents may
write them rather than canonically, and near misses.
"""

from __future__ import annotations

import string
from typing import TYPE_CHECKING, Any

import attrs
from hypothesis import strategies as st

from callmarkup import _codecs as codecs
from callmarkup import _grammars as grammars
from callmarkup import _list_codecs as list_codecs
from callmarkup._schema import ELEMENTS, ROOT, AttributeRule, ElementRule
from callmarkup.strategies._refused import _illegal  # pyright: ignore[reportPrivateUsage]

if TYPE_CHECKING:
    from collections.abc import Callable

Draw = st.DrawFn

UNKNOWN = "NotAVerb"
"""The stock unknown element, for every test that needs one: no dialect of the family has it
or will add it, and it is a slip of no element's name."""


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
        if codec.key == "caller-id":
            users = ["bob", "Anonymous", "b%20o", "*72", "sip:alice@example.com", "SIPS:a@h"]
            return draw(st.sampled_from([phone, "client:alice", "client: desk 7", *users]))
        if codec.key == "client-name":
            return draw(st.sampled_from(["alice", "desk 7", "a&b"]))
        if codec.key == "client-target":
            return draw(st.sampled_from(["alice", "a b", "bob & <c>"])) + draw(
                st.sampled_from(_HEADERS)
            )
        phone = draw(st.sampled_from([*_PHONES, *_DIALED]))
        number = phone + draw(st.sampled_from(_HEADERS))
        if codec.key == "number-target":
            return number
        if codec.key == "dial-destination":
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


def _near_miss_values(codec: codecs.Codec[Any]) -> st.SearchStrategy[str]:
    """A value legal, refused (as the strategies refuse it), or a near miss."""
    choices = [legal_values(codec), near_misses()]
    refused = _illegal(codec)
    if refused is not None:  # free text refuses nothing a document can hold
        choices.append(refused)
    return st.one_of(choices)


def fuzzed() -> st.SearchStrategy[Tree]:
    """Documents of legal shape whose values are legal, illegal or near misses."""
    return trees(_near_miss_values)
