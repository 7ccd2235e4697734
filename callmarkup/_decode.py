"""Documents given as bytes to text: the encoding found, checked and decoded.

A byte order mark, the width of the first ``<``, or the declared encoding names the encoding,
as XML 1.0 (appendix F) and the XML parser read it. Only character sets are decoded
(:data:`CHARSETS`): Python's other codecs transform bytes, read escapes or take quadratic
time, and are refused before a byte is decoded. Decoders that let a lone surrogate through are
searched for one. What the library writes itself (UTF-8, with or without its own declaration)
takes a fast path with no codec lookup and no search.
"""

from __future__ import annotations

import codecs

from callmarkup._patterns import lazy

__all__ = ["CHARSETS", "DecodeError", "decode", "read_bytes"]

# Patterns are compiled at their first use (``lazy``): a declaration is searched for only
# when the first bytes do not tell the encoding, a surrogate only with some decoders.
_DECLARED_ENCODING = lazy(rb"""<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z][A-Za-z0-9._-]*)["']""")


class DecodeError(ValueError):
    """The bytes are not text in the encoding the document declares."""

    def __init__(self, message: str, prefix: str) -> None:
        super().__init__(message, prefix)
        self.message = message
        self.prefix = prefix
        """The text decoded before the failure, to place it."""


_CANONICAL_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>'


def _encoding_of(data: bytes) -> tuple[str, int]:
    """The encoding of ``data`` and the length of its byte order mark."""
    if data[:1] == b"<" and data[1:2] != b"\x00":
        # Markup from the first byte, one byte wide: no byte order mark, no UTF-16. What we
        # write ourselves, or no declaration at all, needs no search.
        if data.startswith(_CANONICAL_DECLARATION):
            return "UTF-8", 0
        if not data.startswith(b"<?xml"):
            return "utf-8", 0
    for bom, name in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            return name, len(bom)
    # Without a byte order mark, the first character "<" tells the width and order (XML 1.0,
    # appendix F), as it does for the XML parser.
    for start, name in (
        (b"\x00\x00\x00<", "utf-32-be"),
        (b"<\x00\x00\x00", "utf-32-le"),
        (b"\x00<\x00", "utf-16-be"),
        (b"<\x00", "utf-16-le"),
    ):
        if data.startswith(start):
            return name, 0
    declared = _DECLARED_ENCODING.match(data)
    return (declared.group(1).decode("ascii") if declared else "utf-8"), 0


CHARSETS = frozenset(
    (
        *("utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"),
        *("utf-7", "ascii", *(f"iso8859-{n}" for n in (*range(1, 12), *range(13, 17)))),
        *(f"cp{n}" for n in range(1250, 1259)),
        *("cp874", "tis-620", "koi8-r", "koi8-u", "mac-roman"),
        *("cp437", "cp850", "cp852", "cp855", "cp857", "cp862", "cp866"),
        *("shift_jis", "cp932", "euc_jp", "iso2022_jp", "euc_kr", "cp949"),
        *("gb2312", "gbk", "gb18030", "big5", "big5hkscs"),
    )
)
"""The encodings a document may be written in, by Python's name of each.

Character sets that iconv (which libxml2 uses) and Python both know; any of their names or
aliases may be declared. Python's other codecs are not character sets: some transform bytes
(``base64``, ``zlib``, ``rot13``), some read escape sequences (``unicode-escape``), and some
take quadratic time (``punycode``, ``idna``). They are refused before anything is decoded.

Each is written as Python's own name of it (what ``codecs.lookup(name).name`` gives), so that
the list costs no codec lookup at import; a test holds each name to that.
"""
_SURROGATE = lazy("[\ud800-\udfff]")
# Strict decoders of these never let a lone surrogate through; the others are searched.
_NO_SURROGATES = frozenset(
    ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"),
)


_UTF8_NAMES = frozenset(("utf-8", "UTF-8"))
"""How :func:`_encoding_of` names UTF-8 when no declaration or the canonical one says so."""


def decode(data: bytes) -> str:
    """Decode a document given as bytes.

    Raises:
        DecodeError: an unknown encoding, or bytes that are not in it.
    """
    return read_bytes(data)[0]


def read_bytes(data: bytes) -> tuple[str, bool]:
    """Decode a document given as bytes, and tell whether they are its text in UTF-8 as is.

    When they are (UTF-8, declared or not, without a byte order mark), the XML parser can be
    given ``data`` itself rather than the text encoded again.

    Raises:
        DecodeError: an unknown encoding, one that is not in :data:`CHARSETS`, or bytes that
            are not in the encoding (decoders that let a lone surrogate through, such as
            Python's UTF-7, included).
    """
    name, bom = _encoding_of(data)
    if bom == 0 and name in _UTF8_NAMES:
        # The common case, what the library writes: no codec to look up, nothing to search.
        try:
            return data.decode("utf-8"), True
        except UnicodeDecodeError:
            pass  # placed and reported below, as any undecodable document
    try:
        info = codecs.lookup(name)
    except LookupError:
        raise DecodeError(f"unknown encoding {name!r}", "") from None
    if info.name not in CHARSETS:
        raise DecodeError(
            f"unsupported encoding {name!r}: not one of the character sets a document may be"
            " written in (UTF-8 always is)",
            "",
        )
    try:
        text = data[bom:].decode(name)
    except UnicodeDecodeError as error:
        prefix = data[bom : bom + error.start].decode(name, errors="replace")
        raise DecodeError(f"the bytes are not valid {name}: {error.reason}", prefix) from None
    except UnicodeError as error:
        # Some codecs (punycode, undefined) refuse bytes without saying where.
        raise DecodeError(f"the bytes are not valid {name}: {error}", "") from None
    surrogate = None if info.name in _NO_SURROGATES else _SURROGATE.search(text)
    if surrogate is not None:
        character = f"U+{ord(surrogate.group()):04X}"
        prefix = text[: surrogate.start()]
        raise DecodeError(f"the bytes decode to {character}, which is not a character", prefix)
    return text, bom == 0 and info.name == "utf-8"
