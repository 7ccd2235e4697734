"""The exported schemas agree with validate() wherever their language can say the rule.

lxml's ``XMLSchema`` and ``RelaxNG`` judge the corpus and thousands of generated documents;
a document valid for ``validate()`` must be valid for both schemas, and an invalid one invalid,
unless every error it has is a rule named in ``NOT_EXPRESSIBLE`` for that schema language.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

import attrs
import pytest
from corpus import REPOSITORY, CorpusRow, corpus_cases, corpus_rows
from documents import Tree, fuzzed, trees
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from callmarkup import Code, _export, validate
from callmarkup import _codecs as codecs
from callmarkup import _grammars as grammars
from callmarkup._export import relax_ng, xml_schema
from callmarkup.strategies import invalid_documents

if TYPE_CHECKING:
    from lxml.etree import _Element as XmlElement  # pyright: ignore[reportPrivateUsage]

    from callmarkup import Violation

Language = str


@attrs.frozen
class Unsayable:
    """A rule a schema language cannot express."""

    languages: tuple[Language, ...]
    why: str


NOT_EXPRESSIBLE: dict[str, Unsayable] = {
    "doctype": Unsayable(
        ("xsd", "rng"),
        "a DOCTYPE is refused by callmarkup's parser; a schema judges the tree after parsing",
    ),
    "entities": Unsayable(
        ("xsd", "rng"),
        "entity declarations and references are refused by the parser, not by a schema",
    ),
    "caps": Unsayable(("xsd", "rng"), "the size and depth caps (too-large) are parser limits"),
    "sip-uri-details": Unsayable(
        ("xsd", "rng"),
        "in a SIP URI: IPv4 octets up to 255, IPv6 addresses, host-name labels and a last"
        " label starting with a letter, ports from 1 to 65535, transport udp or tcp",
    ),
    "url-ipv6-host": Unsayable(
        ("xsd", "rng"),
        "in a URL, that the bracketed host is an IPv6 address (its shape is checked)",
    ),
    "caller-id-user-length": Unsayable(
        ("xsd", "rng"),
        "a bare SIP user as callerId is at most 128 characters with %XX counted as three",
    ),
    "dial-content": Unsayable(
        ("xsd",),
        "the content of <Dial>: mixed content cannot type its text, exclude text beside"
        " nouns, nor require one of them (bad-text-value, text-forbidden, empty)",
    ),
    "video-form": Unsayable(
        ("xsd",),
        "the content of <Client> and <Sip>: mixed content cannot type their text, nor make"
        " text or name depend on a <Video> child (text-required, bad-text-value,"
        " text-forbidden, attribute-required, a <Sip name> that must be a SIP URI)",
    ),
    "xsi-attributes": Unsayable(
        ("xsd",),
        "xsi:schemaLocation, xsi:noNamespaceSchemaLocation and an xsi:type naming the"
        " element's own type are accepted on every element by every XML Schema processor",
    ),
}
"""The one list of rules the schemas leave out, by name; docs/tools.md lists the same."""

XSI = "http://www.w3.org/2001/XMLSchema-instance"
NOTHING: set[str] = set()
ROWS = corpus_rows()
# Drawing a whole document is most of the cost of each example, and these tests draw the
# largest documents of the suite: 400 examples each, above the profile's count, as generated
# values are where the schemas and validate() may part.
SCHEMA_SETTINGS = settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@functools.cache
def _validators() -> dict[Language, etree.XMLSchema | etree.RelaxNG]:
    return {
        "xsd": etree.XMLSchema(etree.fromstring(xml_schema().encode())),
        "rng": etree.RelaxNG(etree.fromstring(relax_ng().encode())),
    }


def _tree(data: bytes) -> XmlElement | None:
    """The document as another XML tool reads it: no entities, no DTD, no network."""
    parser = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True)
    try:
        return etree.fromstring(data, parser)
    except etree.XMLSyntaxError:
        return None


def _text(element: XmlElement) -> str:
    return grammars.trim((element.text or "") + "".join(child.tail or "" for child in element))


def _sip_detail(text: str) -> bool:
    """Whether ``text`` has the shape of a SIP URI and only a detail of it is wrong."""
    address, _, headers = text.partition("?")
    return (
        grammars.is_sip_scheme(text)
        and grammars.SIP.fullmatch(text) is not None
        and len(address) < 255
        and len(headers) < 1024
    )


def unsayable(violation: Violation, root: XmlElement | None) -> set[str]:  # noqa: C901, PLR0911 - one return per kind of rule
    """The names in NOT_EXPRESSIBLE of the rule ``violation`` reports (empty if none)."""
    code = violation.code
    if code == Code.DOCTYPE_FORBIDDEN:
        return {"doctype"}
    if code == Code.ENTITY_FORBIDDEN:
        return {"entities"}
    if code == Code.TOO_LARGE:
        return {"caps"}
    if code == Code.UNKNOWN_ATTRIBUTE and violation.path.rpartition("/@")[2].startswith(
        f"{{{XSI}}}"
    ):
        return {"xsi-attributes"}
    if root is None or code not in (
        Code.BAD_TEXT_VALUE,
        Code.BAD_ATTRIBUTE_VALUE,
        Code.TEXT_FORBIDDEN,
        Code.TEXT_REQUIRED,
        Code.ATTRIBUTE_REQUIRED,
        Code.EMPTY,
    ):
        return set()
    element_path, _, attribute = violation.path.partition("/@")
    steps = element_path.split("/")[2:]  # below /Response
    element = root.find("/".join(steps)) if steps else root
    assert element is not None
    tag = element.tag
    video: set[str] = set()
    if tag in ("Client", "Sip") and (code != Code.BAD_ATTRIBUTE_VALUE or attribute == "name"):
        video = {"video-form"}
    if attribute:
        value = grammars.trim(element.get(attribute, ""))
        if video:  # <Sip name> with <Video> is a SIP URI
            return video | ({"sip-uri-details"} if _sip_detail(value) else set())
        return _unsayable_value(value, attribute)
    names: set[str] = {"dial-content"} if tag == "Dial" else video
    text = _text(element)
    if code == Code.BAD_TEXT_VALUE and (tag == "Sip" or "@" in text) and _sip_detail(text):
        names.add("sip-uri-details")
    if code == Code.BAD_TEXT_VALUE and tag in ("Play", "Redirect"):
        names |= _unsayable_value(text, "")
    return names


def _unsayable_value(value: str, attribute: str) -> set[str]:
    """The rules of NOT_EXPRESSIBLE an attribute value breaks, by its shape."""
    if attribute == "callerId":
        if _sip_detail(value):
            return {"sip-uri-details"}
        user = grammars.SIP_USER.fullmatch(value) and not re.match(r"[+0-9]", value)
        return {"caller-id-user-length"} if user else set()
    bracket = re.fullmatch(r"(?i:https?)://([^/?#]*@)?\[[0-9A-Fa-f:.]+\][^\[\]]*", value)
    return {"url-ipv6-host"} if bracket else set()


def _disagreement(data: bytes, language: Language) -> str | None:
    """Why the schema of ``language`` and validate() disagree on ``data``, or None."""
    errors = validate(data)
    root = _tree(data)
    accepted = root is not None and _validators()[language].validate(root)
    if not errors:
        return None if accepted else f"{language} refuses a valid document: {_log(language)}"
    if not accepted:
        return None
    names = [unsayable(error, root) for error in errors]
    excused = all(any(language in NOT_EXPRESSIBLE[n].languages for n in found) for found in names)
    return None if excused else f"{language} accepts a document with {[str(e) for e in errors]}"


def _log(language: Language) -> str:
    return str(_validators()[language].error_log)


def _check(tree: Tree, spacing: str) -> None:
    _check_data(tree.xml(spacing=spacing).encode())


def _check_data(data: bytes) -> None:
    for language in ("xsd", "rng"):
        assert _disagreement(data, language) is None, data


def test_the_schemas_are_schemas() -> None:
    """Both outputs load in lxml and start with the XML declaration."""
    assert set(_validators()) == {"xsd", "rng"}
    for text in (xml_schema(), relax_ng()):
        assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
        assert text.isascii()


def test_only_response_is_a_root() -> None:
    """Any other element of the dialect is refused as the document element."""
    for validator in _validators().values():
        assert not validator.validate(etree.fromstring("<Say>Hi</Say>"))
        assert validator.validate(etree.fromstring("<Response/>"))


@pytest.mark.parametrize("language", ["xsd", "rng"])
@pytest.mark.parametrize("row", corpus_cases(ROWS))
def test_schemas_agree_with_the_corpus(row: CorpusRow, language: Language) -> None:
    """Every corpus document gets the same verdict, but for rules named NOT_EXPRESSIBLE."""
    assert _disagreement(row.path.read_bytes(), language) is None


@SCHEMA_SETTINGS
@given(trees(), st.sampled_from(["", "\n", "\n  ", " "]))
def test_schemas_accept_generated_valid_documents(tree: Tree, spacing: str) -> None:
    """Documents drawn from the table are valid, and both schemas accept them."""
    data = tree.xml(spacing=spacing).encode()
    assert validate(data) == ()
    _check(tree, spacing)


# Fewer examples than the other schema tests: each broken document is a whole document of the
# strategies, about 650 characters against 150 for trees(), so 100 of them cost about as much
# as 400 of those.
@settings(SCHEMA_SETTINGS, max_examples=100)
@given(
    invalid_documents(
        codes=[code for code in Code if code.severity == "error" and code is not Code.TOO_LARGE]
    )
)
def test_schemas_refuse_single_fault_documents(case: tuple[str, Code]) -> None:
    """One broken rule makes a document invalid for validate() and for both schemas.

    Documents over the size cap are left out: a megabyte each, and ``caps`` is unsayable.
    """
    data = case[0].encode()
    assert validate(data) != ()
    _check_data(data)


@SCHEMA_SETTINGS
@given(fuzzed())
def test_schemas_agree_on_near_miss_values(tree: Tree) -> None:
    """With values legal or not by chance, both schemas agree with validate()."""
    _check(tree, "")


@pytest.mark.parametrize(
    ("document", "names"),
    [
        (b"<!DOCTYPE r><Response/>", {"doctype"}),
        (b"<Response><Say>&x;</Say></Response>", {"entities"}),
        (
            b"<Response><Dial><Sip>sip:a@h:0</Sip></Dial></Response>",
            {"sip-uri-details", "video-form"},
        ),
        (b"<Response><Dial>sip:a@300.1.1.1</Dial></Response>", {"dial-content", "sip-uri-details"}),
        (b"<Response><Play>http://[1::2::3]/a</Play></Response>", {"url-ipv6-host"}),
        (b"<Response><Record action='http://[1::2::3]/a'/></Response>", {"url-ipv6-host"}),
        (
            b"<Response><Dial callerId='" + b"%41" * 43 + b"'>1</Dial></Response>",
            {"caller-id-user-length"},
        ),
        (b"<Response><Dial callerId='sip:a@h:0'>1</Dial></Response>", {"sip-uri-details"}),
        (b"<Response><Dial/></Response>", {"dial-content"}),
        (b"<Response><Dial><Client><Video/></Client></Dial></Response>", {"video-form"}),
        (b"<Response><Dial><Client>a?X=</Client></Dial></Response>", {"video-form"}),
        (b"<Response><Dial><Sip name='x'><Video/></Sip></Dial></Response>", {"video-form"}),
        (
            b"<Response><Dial><Client name='a'><Video enable='1'/></Client></Dial></Response>",
            NOTHING,
        ),
        (b"<Response><Dial>1<Number>2</Number></Dial></Response>", {"dial-content"}),
        (
            f'<Response xmlns:xsi="{XSI}"><Hangup xsi:schemaLocation="a b"/></Response>'.encode(),
            {"xsi-attributes"},
        ),
        (b"<Response><Say loop='x'>Hi</Say></Response>", NOTHING),
        (b"<Response><Record finishOnKey='a'/></Response>", NOTHING),
        (b"<Response><Dial><Sip>tel:a@h</Sip></Dial></Response>", {"video-form"}),
        (b"<Response><Dial><Number>tel:a@h</Number></Dial></Response>", NOTHING),
        (b"<Response><Record finishOnKey='1 1'/></Response>", NOTHING),
        (b"<Response><Dial callerId='a b'>1</Dial></Response>", NOTHING),
        (b"<Response><Redirect>/a{b}</Redirect></Response>", NOTHING),
    ],
)
def test_unsayable_rules_are_named_precisely(document: bytes, names: set[str]) -> None:
    """The exclusion names the rule itself, not a whole code."""
    errors = validate(document)
    assert errors
    found: set[str] = set()
    for error in errors:
        found |= unsayable(error, _tree(document))
    assert found == names


@pytest.mark.parametrize(
    ("language", "document"),
    [
        ("xsd", b"<Response><Dial><Sip>sip:a@h:0</Sip></Dial></Response>"),
        ("rng", b"<Response><Dial><Sip>sip:a@h:0</Sip></Dial></Response>"),
        ("rng", b"<Response><Record action='http://[1::2::3]/a'/></Response>"),
        ("xsd", b"<Response><Dial callerId='" + b"%41" * 43 + b"'>1</Dial></Response>"),
        ("xsd", b"<Response><Dial/></Response>"),
        ("xsd", b"<Response><Dial><Client>a<Video/></Client></Dial></Response>"),
        (
            "xsd",
            f'<Response xmlns:xsi="{XSI}"><Hangup xsi:schemaLocation="a b"/></Response>'.encode(),
        ),
    ],
)
def test_unsayable_rules_are_really_left_out(language: Language, document: bytes) -> None:
    """Each exclusion is needed: the schema does accept a document breaking only that rule."""
    root = _tree(document)
    assert root is not None
    assert _validators()[language].validate(root)


@pytest.mark.parametrize(
    "document",
    [
        b"<Response><Dial/></Response>",
        b"<Response><Dial>1<Number>2</Number></Dial></Response>",
        b"<Response><Dial>sip:example.com</Dial></Response>",
        b"<Response><Dial>sip:a@b?x=" + b"y" * 1100 + b"</Dial></Response>",
        b"<Response><Gather method='po\xc5\xbft'/></Response>",
    ],
)
def test_relax_ng_says_what_xml_schema_cannot(document: bytes) -> None:
    """RELAX NG judges the content of Dial, and both follow Python's case mapping."""
    root = _tree(document)
    assert root is not None
    assert _validators()["rng"].validate(root) == (validate(document) == ())


_MAXIMUMS = (1, 5, 9, 10, 19, 20, 99, 100, 101, 255, 1000, 65535)
_MINIMUMS = (0, 1, 2, 9, 10, 50, 99, 101)


@pytest.mark.parametrize(
    ("minimum", "maximum"),
    [(low, high) for low in _MINIMUMS for high in _MAXIMUMS if low <= high],
)
def test_integer_patterns_count_like_the_codec(minimum: int, maximum: int) -> None:
    """The integer pattern accepts exactly the codec's range, leading zeros and padding."""
    pattern = re.compile(_export._integer(codecs.Integer(minimum, maximum)))  # noqa: SLF001  # pyright: ignore[reportPrivateUsage]
    for number in range(maximum + 30):
        for written in (str(number), f"00{number}", f" {number}\n"):
            assert (pattern.fullmatch(written) is not None) == (minimum <= number <= maximum)
    assert pattern.fullmatch("+1") is None


@given(st.integers(0, codecs.INT_MAX), st.integers(0, codecs.INT_MAX), st.integers(0, 2**32))
def test_integer_patterns_of_any_range_hold_exactly_its_numbers(
    first: int, second: int, number: int
) -> None:
    """Any range, however wide, is written as a pattern holding exactly its numbers."""
    minimum, maximum = sorted((first, second))
    pattern = re.compile(_export._integer(codecs.Integer(minimum, maximum)))  # noqa: SLF001  # pyright: ignore[reportPrivateUsage]
    for candidate in (number, minimum, maximum, minimum - 1, maximum + 1):
        inside = minimum <= candidate <= maximum
        assert (pattern.fullmatch(str(candidate)) is not None) == inside, candidate


def test_an_unknown_codec_has_no_schema_pattern() -> None:
    """A codec the export does not know fails loudly instead of being skipped."""
    with pytest.raises(NotImplementedError, match="no schema pattern"):
        _export._patterns(codecs.Codec())  # noqa: SLF001  # pyright: ignore[reportPrivateUsage]


def test_docs_list_every_unsayable_rule() -> None:
    """docs/tools.md names every rule of NOT_EXPRESSIBLE, so users see the same list."""
    page = (REPOSITORY / "docs" / "tools.md").read_text(encoding="utf-8")
    for name, rule in NOT_EXPRESSIBLE.items():
        where = "both" if rule.languages == ("xsd", "rng") else "XML Schema"
        assert f"| `{name}` | {where} |" in page, name
