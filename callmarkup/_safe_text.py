"""Untrusted text made fit for the text of a ``<Say>``: :func:`safe_text`.

Webhook fields (a caller name, a speech result, a SIP header) are chosen by callers and
networks. Put into a ``<Say>`` as they are, a character XML cannot carry makes the constructor
raise in the middle of a call. This module turns any ``str`` into text a ``<Say>`` accepts.
"""

from __future__ import annotations

from callmarkup._patterns import lazy

__all__ = ["safe_text"]

# What XML 1.0 cannot carry (C0 controls; U+FFFE and U+FFFF), and the controls it can but
# that mean nothing spoken (DEL and the C1 controls), except the controls that separate words
# or lines (tab, the line breaks, vertical tab, form feed, the information separators U+001C
# to U+001F and NEL): ``str.split`` counts those as whitespace, so they become a space, and
# "Ann<NEL>Smith" does not become "AnnSmith". Surrogates are handled before: a valid pair is
# joined, a lone one dropped. Compiled at the first use: most programs never call this.
_DROPPED = lazy("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\ufffe\uffff]+")
_SURROGATE = lazy("[\ud800-\udfff]")


def safe_text(text: str, *, max_length: int | None = None) -> str:
    r"""Make untrusted text safe to put in a node: what XML cannot carry goes, spacing is tidied.

    In order: a valid UTF-16 surrogate pair (two code points, as some decoders leave them) is
    joined into its character and a lone surrogate is dropped; the control characters are
    dropped (C0, DEL and C1), and so are U+FFFE and U+FFFF, except those that separate words
    or lines; every run of whitespace (any Unicode space, tab, line break, vertical tab, form
    feed, the separators U+001C to U+001F, or NEL) becomes one space;
    the ends are trimmed; with ``max_length``, the text is cut to that many characters and
    trimmed again.

    What it returns is accepted as the text of a ``Say`` (whose text is free) and
    round-trips through ``render`` and ``parse`` unchanged; ``safe_text`` of it is itself. It may
    be empty (for an empty or all-control text), and ``Say`` needs text, so give a fallback:
    ``Say(safe_text(name) or "caller")``. It does not check a grammar: a phone number or a URL
    from a request still goes through the node's own checks.

    Args:
        text: Any text, such as a webhook field.
        max_length: The most characters to keep, or ``None`` for no limit.

    Returns:
        The text, safe for XML, on one line, without spaces at the ends.

    Raises:
        TypeError: ``text`` is not a ``str`` or ``max_length`` not an ``int``.
        ValueError: ``max_length`` is negative.

    Example:
        >>> safe_text("  Ann\x01  Smith\n\t(mobile)\ufffe ")
        'Ann Smith (mobile)'
        >>> safe_text("\x00\x1b")
        ''
        >>> safe_text("A very long caller name", max_length=6)
        'A very'
    """
    if not isinstance(text, str):  # pyright: ignore[reportUnnecessaryIsInstance]
        raise TypeError(f"safe_text() takes a str, got {type(text).__name__}")
    if max_length is not None:
        if isinstance(max_length, bool) or not isinstance(max_length, int):  # pyright: ignore[reportUnnecessaryIsInstance]
            raise TypeError(f"max_length must be an int or None, got {type(max_length).__name__}")
        if max_length < 0:
            raise ValueError(f"max_length must be 0 or more, got {max_length}")
    if _SURROGATE.search(text) is not None:
        # UTF-16 holds a pair as the character it stands for; a lone surrogate cannot be
        # decoded, and is ignored.
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "ignore")
    text = " ".join(_DROPPED.sub("", text).split())
    if max_length is not None and len(text) > max_length:
        text = text[:max_length].rstrip()
    return text
