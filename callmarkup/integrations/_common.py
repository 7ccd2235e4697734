"""What the adapters share: how a request's fields are found, and the framework's absence.

Every adapter reads the fields the same way, so that one request gives the same model in every
framework: a query string or an ``application/x-www-form-urlencoded`` body is read raw with
:meth:`~callmarkup.webhooks.CallRequest.from_body` (a repeated field: its first value wins), and
only a ``multipart/form-data`` body is left to the framework's own form parser, whose fields
are then taken by their first value too (:func:`first_values`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from collections.abc import Iterator

__all__ = ["MULTIPART", "MultiValued", "first_values", "missing_framework", "reads_multipart"]

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


class MultiValued(Protocol):
    """A framework's parsed form: its field names, and every value of one name."""

    def __iter__(self) -> Iterator[str]:
        """Each field name once."""
        ...

    # Any: Django's stubs type the result with an unsolved default (``list[str] | _Z``).
    def getlist(self, key: str, /) -> Any:
        """Every value of the field ``key``, in the order sent, as a list."""
        ...


def first_values(form: MultiValued) -> dict[str, object]:
    """The first value of each field of a parsed form, as ``from_body`` takes them.

    The frameworks disagree on which value of a repeated field their mappings give (Flask's
    the first, Starlette's and Django's the last), so the adapters ask for every value.

    Args:
        form: The parsed form: Flask's ``request.form``, Starlette's ``FormData``, Django's
            ``request.POST``.

    Returns:
        A new ``dict`` of each field name to its first value.

    Example:
        >>> from starlette.datastructures import FormData
        >>> form = FormData([("From", "3035550000"), ("From", "5550000000")])
        >>> form["From"], first_values(form)
        ('5550000000', {'From': '3035550000'})
    """
    return {key: values[0] for key in form if (values := form.getlist(key))}


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
