"""URL handling of the platform: Java's ``URI.resolve`` and the query moved into the fields.

The platform resolves relative URLs with ``java.net.URI.resolve`` (RFC 2396), whose results
differ from RFC 3986 and :func:`urllib.parse.urljoin` in a few cases (an empty reference, one
that is only a query, ``..`` above the root); this module reproduces them.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, quote_plus, urlsplit, urlunsplit

__all__ = ["base_of", "encode", "resolve", "split_query"]


def _normalize(path: str) -> str:
    # RFC 2396 §5.2 step 6: drop "." segments, then each "segment/.." pair whose segment is
    # not itself ".."; leading ".." segments of an absolute path stay, as Java keeps them.
    segments = path.split("/")
    out: list[str] = []
    for index, segment in enumerate(segments):
        last = index == len(segments) - 1
        if segment == ".":
            if last:
                out.append("")
            continue
        if segment == ".." and out and out[-1] not in {"..", ""}:
            out.pop()
            if last:
                out.append("")
            continue
        out.append(segment)
    return "/".join(out)


def resolve(base: str, reference: str) -> str:
    """Resolve ``reference`` against ``base`` as ``java.net.URI.resolve`` does.

    Example:
        >>> base = "http://app.example/ivr/start"
        >>> [resolve(base, ref) for ref in ("next", "../up", "?step=2", "", "#f")]
        ['http://app.example/ivr/next', 'http://app.example/up', 'http://app.example/ivr/?step=2', 'http://app.example/ivr/', 'http://app.example/ivr/start#f']
        >>> resolve("http://app.example/a/b", "../../../x")
        'http://app.example/../../x'
    """  # noqa: E501 - the example shows one output line
    try:
        return _resolve(base, reference)
    except ValueError:
        # Unreadable either way (``http://[``): left as written, the request then fails.
        return reference


def _resolve(base: str, reference: str) -> str:
    ref = urlsplit(reference)
    if ref.scheme:
        return reference
    parts = urlsplit(base)
    if reference.startswith("//"):
        return f"{parts.scheme}:{reference}"
    has_query = "?" in reference.split("#", 1)[0]
    if reference.startswith("#"):
        return urlunsplit((parts.scheme, parts.netloc, parts.path, parts.query, ref.fragment))
    if ref.path.startswith("/"):
        path = _normalize(ref.path)
    else:
        directory = parts.path.rpartition("/")[0] + "/" if "/" in parts.path else "/"
        path = _normalize(directory + ref.path)
    url = f"{parts.scheme}://{parts.netloc}{path}"
    if has_query:
        url += "?" + ref.query
    if "#" in reference:
        url += "#" + ref.fragment
    return url


def base_of(url: str) -> str:
    """The URL without its query and fragment: the base of the next relative URL.

    Example:
        >>> base_of("http://app.test/menu?step=2#top")
        'http://app.test/menu'
    """
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


def split_query(url: str) -> tuple[str, list[tuple[str, str | None]]]:
    """The URL without query and fragment, and the query's parameters, decoded, in order.

    Example:
        >>> split_query("http://app.test/menu?step=2&x=a+b#f")
        ('http://app.test/menu', [('step', '2'), ('x', 'a b')])
    """
    parts = urlsplit(url)
    params: list[tuple[str, str | None]] = list(parse_qsl(parts.query, keep_blank_values=True))
    return base_of(url), params


def encode(fields: list[tuple[str, str | None]]) -> str:
    """Form-encode fields as the platform's HTTP client does: a ``None`` value is a bare name.

    Example:
        >>> encode([("Digits", "1 2"), ("SpeechResult", None), ("To", "+1555")])
        'Digits=1+2&SpeechResult&To=%2B1555'
    """
    return "&".join(
        quote_plus(name) if value is None else f"{quote_plus(name)}={quote_plus(value)}"
        for name, value in fields
    )
