"""Start-up: what importing the library costs, and what it leaves for first use."""

from __future__ import annotations

import copy
import inspect
import json
import re
import subprocess
import sys
import threading
import traceback
from typing import TYPE_CHECKING, Any

import pytest
from lxml import etree

from callmarkup import _codecs, _parse, _prolog, _xmlparser, parse, validate
from callmarkup._compile import Source, compile_function
from callmarkup._patterns import lazy
from callmarkup.exceptions import Code

if TYPE_CHECKING:
    from types import FunctionType

    from callmarkup.exceptions import Violation

_PATTERNS = [
    (r"(?P<user>[a-z]+)@(?P<host>[a-z.]+)", 0),
    (r"https?://[^/?#]+", re.IGNORECASE),
    (r"<!--.*?-->|(<)", re.DOTALL),
]


@pytest.mark.parametrize(("source", "flags"), _PATTERNS)
def test_a_lazy_pattern_behaves_as_the_compiled_one(source: str, flags: int) -> None:
    """Every method and attribute of a lazy pattern gives what re.compile's pattern gives."""
    compiled = re.compile(source, flags)
    text = "x <!-- a@b.c --> HTTP://Host/p ann@example.org <y"
    for standing_in in (lazy(source, flags), lazy(source, flags)):
        assert standing_in.pattern == source
        assert [m.span() for m in standing_in.finditer(text)] == [
            m.span() for m in compiled.finditer(text)
        ]
        assert standing_in.findall(text) == compiled.findall(text)
        assert standing_in.split(text) == compiled.split(text)
        assert standing_in.sub("-", text) == compiled.sub("-", text)
        assert standing_in.subn("-", text) == compiled.subn("-", text)
        match, expected = standing_in.search(text), compiled.search(text)
        assert (match and match.span()) == (expected and expected.span())
        assert standing_in.match(text) is None
        assert compiled.match(text) is None
        assert (standing_in.fullmatch("a@b") is None) == (compiled.fullmatch("a@b") is None)
        assert standing_in.flags == compiled.flags
        assert standing_in.groups == compiled.groups
        assert standing_in.groupindex == compiled.groupindex
        assert repr(standing_in) == repr(compiled)


def test_a_lazy_pattern_is_compiled_at_its_first_use_only() -> None:
    """Its source is there without compiling; its first use compiles it, once."""
    pattern = lazy(r"[0-9]+(")  # not a regular expression: compiling it fails
    assert pattern.pattern == r"[0-9]+("
    with pytest.raises(re.error):
        pattern.search("1")
    digits = lazy(rb"[0-9]+")
    assert digits.fullmatch(b"123") is not None
    assert digits.search is digits.search  # bound once, not looked up again at every use


def test_the_class_of_characters_xml_refuses_is_exactly_what_xml_refuses() -> None:
    """Every code point outside XML 1.0's Char production is found, and no other."""
    everything = "".join(map(chr, range(sys.maxunicode + 1)))

    def allowed(code: int) -> bool:  # XML 1.0 (fifth edition), production [2]
        return (
            code in (0x9, 0xA, 0xD)
            or 0x20 <= code <= 0xD7FF
            or 0xE000 <= code <= 0xFFFD
            or 0x10000 <= code <= 0x10FFFF
        )

    found = _codecs._NOT_XML_CHAR.findall(everything)  # noqa: SLF001  # pyright: ignore[reportPrivateUsage]
    assert found == [chr(code) for code in range(sys.maxunicode + 1) if not allowed(code)]


_IMPORT_PROBE = """
import sys
before = set(sys.modules)
import callmarkup
from callmarkup import _codecs, _decode, _grammars, _prolog, _safe_text, _source
loaded = sorted(set(sys.modules) - before)
import json
found = {
    "modules": loaded,
    "compiled": sorted(
        name
        for module in (_codecs, _decode, _grammars, _prolog, _safe_text, _source)
        for name, value in vars(module).items()
        if type(value).__name__ in ("_Compiled", "Pattern")
    ),
}
print(json.dumps(found))
"""


def _imported() -> dict[str, list[str]]:
    done = subprocess.run(  # noqa: S603 - this interpreter, with our own probe
        [sys.executable, "-c", _IMPORT_PROBE], capture_output=True, text=True, check=True
    )
    found: dict[str, list[str]] = json.loads(done.stdout)
    return found


def test_import_leaves_what_a_program_may_never_need() -> None:
    """Importing the library loads no command line, interpreter, optional module or codec."""
    found = _imported()
    never = {
        "argparse",
        "hypothesis",
        "ipaddress",
        "json",
        "callmarkup._cli",
        "callmarkup._rules",  # the interpreter: only a node or document with a fault needs it
        "callmarkup._spelling",
        "callmarkup.webhooks",
        "callmarkup.testing",
        "difflib",
        "callmarkup.strategies",
    }
    assert never.isdisjoint(found["modules"]), found["modules"]
    assert not [name for name in found["modules"] if name.startswith("encodings.")]
    # The costliest to compile, each needed by some values, documents or findings only.
    costly = {
        *("PLAIN_URL", "SIP", "_AMPERSAND", "_DROPPED", "_NOT_XML_CHAR", "_START_TAG"),
        "_SURROGATE",
    }
    assert costly.isdisjoint(found["compiled"]), found["compiled"]


def test_import_leaves_the_parser_for_its_first_use() -> None:
    """Building and rendering load no parser; asking for one of its names loads it."""
    probe = (
        "import sys\n"
        "import callmarkup\n"
        "doc = callmarkup.render(callmarkup.Response(callmarkup.Say('Hi')))\n"
        "import json\n"
        "print(json.dumps(sorted(name for name in sys.modules if name.startswith('callmarkup'))))\n"
        "from callmarkup import validate\n"
        "print(validate(doc), 'callmarkup._parse' in sys.modules)\n"
    )
    done = subprocess.run(  # noqa: S603 - this interpreter, with our own probe
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    before, after = done.stdout.splitlines()
    unloaded = {
        "callmarkup._parse",
        "callmarkup._source",
        "callmarkup._repair",
        "callmarkup._walk",
        "callmarkup._xmlparser",
        "callmarkup._decode",
        "callmarkup._prolog",
    }
    assert unloaded.isdisjoint(json.loads(before)), before
    assert after == "() True"


def test_the_quick_readers_are_made_at_the_first_reading() -> None:
    """Import and rendering make no reader, checker or builder; reading makes them, once."""
    probe = (
        "import callmarkup\n"
        "from callmarkup._dialect import DIALECT\n"
        "made = []\n"
        "for field in ('make_readers', 'make_warners', 'make_builders'):\n"
        "    def counted(*args, _make=getattr(DIALECT, field), _field=field):\n"
        "        made.append((_field, *args))\n"
        "        return _make(*args)\n"
        "    object.__setattr__(DIALECT, field, counted)\n"
        "callmarkup.render(callmarkup.Response(callmarkup.Say('Hi')))\n"
        "print(made)\n"
        "callmarkup.validate('<Response><Say>Hi</Say></Response>')\n"
        "print(made)\n"
        "readers = DIALECT.readers\n"
        "callmarkup.parse('<Response><Say>Hi</Say></Response>')\n"
        "print(made, DIALECT.readers is readers)\n"
    )
    done = subprocess.run(  # noqa: S603 - this interpreter, with our own probe
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    assert done.stdout.splitlines() == [
        "[]",
        "[('make_readers', False)]",
        "[('make_readers', False), ('make_readers', True)] True",
    ]


def test_the_parser_names_are_the_package_s_own() -> None:
    """parse, validate, Document and the limits are there as any name of the package."""
    import callmarkup  # noqa: PLC0415 - the package itself, as users import it

    names = ["DEFAULT_MAX_BYTES", "DEFAULT_MAX_DEPTH", "Document", "parse", "validate"]
    for name in names:
        assert getattr(callmarkup, name) is getattr(_parse, name)
        assert name in dir(callmarkup)
        assert name in callmarkup.__all__
    assert callmarkup.DEFAULT_MAX_DEPTH == 32
    with pytest.raises(AttributeError, match="has no attribute 'parser'"):
        _ = callmarkup.parser


def test_the_readers_compiled_at_first_use_read_and_check() -> None:
    """The readers that parse and validate compile at their first call read and check."""
    document = "<Response><Say loop='2'>Hi</Say><Hangup/></Response>"
    assert repr(parse(document)) == "Response(Say('Hi', loop=2), Hangup())"
    assert validate(document) == ()
    assert [v.code.value for v in validate("<Response><Say loop='x'>Hi</Say></Response>")] == [
        "bad-attribute-value"
    ]


# The per-document cost: one parser per thread, reused.

_VALID = b'<?xml version="1.0" encoding="UTF-8"?><Response><Say>Hi</Say></Response>'
_REFUSED = [
    b"<Response><Say>Hi</Response>",  # malformed
    b"<Response>" + b"<Say>" * 300 + b"x" + b"</Say>" * 300 + b"</Response>",  # libxml2's depth
    b'<!DOCTYPE r SYSTEM "file:///etc/passwd"><Response/>',
    b'<!DOCTYPE r [<!ENTITY e "x">]><Response><Say>&e;</Say></Response>',
    b"<Response><Say>A & B</Say></Response>",
    "<Response><Say>caf\u00e9</Say></Response>".encode("latin-1"),
]


def test_a_refused_document_leaves_the_next_reading_unharmed() -> None:
    """After each refusal, the thread's parser reads the next document as a fresh one would."""
    first = [validate(document) for document in _REFUSED]
    assert all(first)
    for document, violations in zip(_REFUSED, first, strict=True):
        assert validate(_VALID) == ()
        assert parse(_VALID) == parse(_VALID.decode("utf-8"))
        assert validate(document) == violations  # the same findings, read again


def test_each_thread_reads_with_a_parser_of_its_own() -> None:
    """Threads reading at once each use their own parser, and find what one thread finds."""
    documents = [_VALID, *_REFUSED] * 5
    expected = [validate(document) for document in documents]
    parsers: list[object] = []
    results: list[list[tuple[Violation, ...]]] = []
    lock = threading.Lock()
    start = threading.Barrier(4)

    def work() -> None:
        start.wait()
        found = [validate(document) for document in documents]
        with lock:
            parsers.append(_xmlparser._IDLE.parsers[False])  # noqa: SLF001  # pyright: ignore[reportPrivateUsage]
            results.append(found)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [expected] * 4
    assert len({id(parser) for parser in parsers}) == len(parsers)


def test_a_reading_inside_a_reading_gets_a_parser_of_its_own(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A reading that starts while the thread's parser reads uses another parser."""
    used: list[object] = []
    fromstring = etree.fromstring

    def reading(document: bytes, parser: etree.XMLParser) -> object:
        used.append(parser)
        if len(used) == 1:
            assert validate(b"<Response><Hangup/></Response>") == ()
        return fromstring(document, parser)

    monkeypatch.setattr(etree, "fromstring", reading)  # the module _xmlparser reads with
    assert validate(_VALID) == ()
    assert len(used) == 2
    assert used[0] is not used[1]


def test_the_reused_parser_refuses_what_a_new_one_refuses() -> None:
    """The thread's parser resolves no external entity and keeps its options."""
    root = _xmlparser.parse_tree(b"<Response/>")
    assert root.tag == "Response"
    parser = _xmlparser._IDLE.parsers[False]  # noqa: SLF001  # pyright: ignore[reportPrivateUsage]
    with pytest.raises(_xmlparser.ResourceRefused):
        etree.fromstring(b'<!DOCTYPE r SYSTEM "http://example.com/x.dtd"><r/>', parser)
    hostile = b"<!DOCTYPE r [<!ENTITY e SYSTEM 'file:///etc/passwd'>]><r>&e;</r>"
    root = etree.fromstring(hostile, parser)  # the entity is kept as a reference, unread
    assert root.text is None
    assert [type(child).__name__ for child in root] == ["_Entity"]
    assert _xmlparser.parse_tree(b"<Response><!-- c --><Hangup/></Response>")[0].tag == "Hangup"
    kept = _xmlparser.parse_tree(b"<Response><!-- c --><Hangup/></Response>", keep_comments=True)
    assert [type(child).__name__ for child in kept] == ["_Comment", "_Element"]


def test_the_command_line_loads_each_command_when_it_runs() -> None:
    """Starting the command line loads neither fmt, schema, py, call nor JSON output."""
    probe = (
        "import sys\n"
        "import callmarkup\n"
        "before = set(sys.modules)\n"
        "import callmarkup._cli\n"
        "print('\\n'.join(sorted(set(sys.modules) - before)))\n"
    )
    done = subprocess.run(  # noqa: S603 - this interpreter, with our own probe
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    loaded = set(done.stdout.split())
    assert "callmarkup._cli_io" in loaded
    later = {
        "callmarkup._export",
        "callmarkup._fmt_command",
        "callmarkup._python",
        "callmarkup.testing",
        "difflib",
        "json",
    }
    assert later.isdisjoint(loaded), sorted(later & loaded)


# Generated functions, compiled at their first call.


def test_a_generated_function_is_compiled_at_its_first_call_and_stays_itself() -> None:
    """Before its first call it has its header's parameters; after it, its own code."""
    source = Source("def joined(first, second='b', *rest, sep='-', **named):")
    source.add("return sep.join([first, second, *rest, *(f'{k}={v}' for k, v in named.items())])")
    namespace: dict[str, Any] = {}
    joined = compile_function("joined", source, namespace)
    assert str(inspect.signature(joined)) == "(first, second='b', *rest, sep='-', **named)"
    stub_code = joined.__code__
    assert joined("a", "c", "d", sep="+", x=1) == "a+c+d+x=1"
    assert joined.__code__ is not stub_code
    assert namespace["joined"] is joined
    assert joined("a") == "a-b"
    assert joined("a", sep=":", second="z") == "a:z"


def test_generated_functions_with_the_same_parameters_stay_apart() -> None:
    """Functions of one parameter list keep their own names, defaults, files and bodies."""
    namespace: dict[str, Any] = {}
    made: list[FunctionType] = []
    for name, body in (("first", "a + (b or 0)"), ("second", "a * (b or 1)")):
        source = Source(f"def {name}(a, *, b=None):")
        source.add(f"return {body}")
        made.append(compile_function(name, source, namespace))
    first, second = made
    assert (first.__name__, second.__qualname__) == ("first", "second")
    assert first.__code__.co_filename != second.__code__.co_filename
    assert str(inspect.signature(second)) == "(a, *, b=None)"
    assert first(2, b=3) == 5
    assert second(2, b=3) == 6
    assert second(4) == 4
    assert first(4) == 4
    assert (namespace["first"], namespace["second"]) == (first, second)


def test_a_generated_function_raises_from_its_first_call_as_from_any() -> None:
    """An error of the first call is the function's own, with its source in the traceback."""
    source = Source("def halve(number):")
    source.add("return number // 2")
    halve = compile_function("halve", source, {})
    with pytest.raises(TypeError) as raised:
        halve("x")
    assert raised.value.__context__ is None
    assert "return number // 2" in "".join(traceback.format_tb(raised.value.__traceback__))
    assert halve(9) == 4


def test_import_compiles_no_generated_body() -> None:
    """The constructors, writers and readers are compiled at their first call, none at import."""
    probe = (
        "import linecache\n"
        "import callmarkup\n"
        "print(sum('callmarkup generated' in str(name) for name in linecache.cache))\n"
        "callmarkup.render(callmarkup.Response(callmarkup.Say('Hi')))\n"
        "print(sum('callmarkup generated' in str(name) for name in linecache.cache))\n"
    )
    done = subprocess.run(  # noqa: S603 - this interpreter, with our own probe
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    at_import, after_render = map(int, done.stdout.split())
    assert at_import == 0
    assert after_render > 0


def test_a_doctype_the_scans_missed_is_still_refused_after_the_parser(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The last net holds: a DOCTYPE that reached the parser makes the document refused."""

    def no_prolog(_text: str) -> _prolog.Prolog:
        return _prolog.Prolog((), ())

    def no_stray(_text: str) -> None:
        return None

    monkeypatch.setattr(_parse, "scan_prolog", no_prolog)
    monkeypatch.setattr(_parse, "stray_doctype", no_stray)
    violations = validate(b"<!DOCTYPE Response [<!ELEMENT Response ANY>]><Response/>")
    assert [v.code for v in violations] == [Code.DOCTYPE_FORBIDDEN]
    assert "reached the XML parser" in violations[0].message
    assert validate(b"<Response><!-- a comment --><Hangup/></Response>") == ()


def test_a_lazy_pattern_shows_and_copies_as_a_pattern_before_its_first_use() -> None:
    """Its repr is the compiled pattern's; copying it asks for no special method it lacks."""
    assert repr(lazy(r"[a-z]+", re.IGNORECASE)) == "re.compile('[a-z]+', re.IGNORECASE)"
    copied = copy.copy(lazy(r"[a-z]+"))
    assert copied.fullmatch("abc") is not None
    assert not hasattr(lazy("x"), "__wrapped__")
