"""What the adapters share: how a request's fields are found, and the framework's absence.

Every adapter reads the fields the same way, so that one request gives the same model in every
framework: a query string or an ``application/x-www-form-urlencoded`` body is read raw with
:meth:`~callmarkup.webhooks.CallRequest.from_body` (a repeated field: its first value wins), and
only a ``multipart/form-data`` body is left to the framework's own form parser.
"""

from __future__ import annotations

__all__ = ["MULTIPART", "missing_framework", "reads_multipart"]

MULTIPART = "multipart/form-data"
"""The one content type whose fields the framework's form parser reads."""


def reads_multipart(method: str, content_type: str | None) -> bool:
    """Whether a request's fields are in a multipart body, rather than raw form encoding.

    Args:
        method: The HTTP method, in any case.
        content_type: The ``Content-Type`` header, parameters included, or ``None``.

    Returns:
        True for a ``POST`` whose body is ``multipart/form-data``.

    Example:
        >>> reads_multipart("POST", "multipart/form-data; boundary=x")
        True
        >>> reads_multipart("POST", "application/x-www-form-urlencoded")
        False
        >>> reads_multipart("GET", None)
        False
    """
    media_type = (content_type or "").partition(";")[0].strip().lower()
    return method.upper() == "POST" and media_type == MULTIPART


def missing_framework(
    adapter: str, framework: str, install: str, error: ImportError
) -> ImportError:
    """The error raised when an adapter's framework cannot be imported.

    Args:
        adapter: The adapter's module name under ``callmarkup.integrations``.
        framework: The framework's name.
        install: What to give ``pip install``.
        error: The error importing the framework raised.

    Returns:
        An :class:`ImportError` that names the adapter, the framework and how to install it.

    Example:
        >>> error = missing_framework("flask", "Flask", "flask", ImportError("No flask"))
        >>> print(error)
        callmarkup.integrations.flask needs Flask (No flask): pip install flask
    """
    return ImportError(
        f"callmarkup.integrations.{adapter} needs {framework} ({error}): pip install {install}"
    )
