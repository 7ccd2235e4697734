"""The nouns a ``<Dial>`` rings (Number, Client, Sip) and the ``<Video>`` a Client or Sip holds.

Frozen, slotted, hashable values like every node class (``_node_base``); their constructors are
installed at the end of this module, before the verbs (``_nodes``) that contain them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import attrs

from callmarkup._node_base import (
    CallEvent,
    Method,
    Node,
    install,
    none_given,
    positional_or_keyword,
)

if TYPE_CHECKING:
    from collections.abc import Iterable


__all__ = ["Client", "Noun", "Number", "Sip", "Video"]


@attrs.frozen(repr=False, eq=False)
class _Noun(Node):
    """The attributes every noun shares (its text is declared by each noun)."""

    url: str | None = attrs.field(default=None, kw_only=True)
    """Screening document run on the answering party; it must not contain ``<Dial>``."""
    method: Method | None = attrs.field(default=None, kw_only=True)
    """HTTP method for ``url``."""
    status_callback_event: tuple[CallEvent, ...] | None = attrs.field(default=None, kw_only=True)
    """Which call-progress events to report."""
    status_callback: str | None = attrs.field(default=None, kw_only=True)
    """Receives the call-progress events."""
    status_callback_method: Method | None = attrs.field(default=None, kw_only=True)
    """HTTP method for ``status_callback``."""


@attrs.frozen(repr=False, eq=False)
class Number(_Noun):
    """A phone number to dial, inside :class:`Dial`.

    Example:
        >>> Number("+15551234567", status_callback="/events", status_callback_event=("answered",))
        Number('+15551234567', status_callback_event=('answered',), status_callback='/events')
    """

    text: str
    """The phone number, optionally followed by ``?X-Header=value&...``."""


@attrs.frozen(repr=False, eq=False)
class Video(Node):
    """Makes the call of its :class:`Client` or :class:`Sip` a video call.

    The parent then takes its destination from ``name``, not from its text.

    Example:
        >>> Video(enable=True, overlay="Support")
        Video(enable=True, overlay='Support')
    """

    enable: bool | None = attrs.field(default=None, kw_only=True)
    """Whether video is on (the platform's default: off)."""
    overlay: str | None = attrs.field(default=None, kw_only=True)
    """A caption drawn on the video."""


def _text_or_video(
    tag: str, content: tuple[str | Video, ...], text: str | None, children: Iterable[Video]
) -> tuple[str | None, Any]:
    """The destination string and the ``<Video>`` children of a Client or Sip's arguments."""
    if len(content) == 1 and text is None and none_given(children):
        only = content[0]
        if isinstance(only, str):
            return only, ()
    texts = [item for item in content if isinstance(item, str)]
    if len(texts) + (text is not None) > 1:
        raise TypeError(f"{tag}() takes at most one destination string")
    nodes = tuple(item for item in content if not isinstance(item, str))
    if not none_given(children):
        nodes = positional_or_keyword(tag, nodes, children)
    return (texts[0] if texts else text), nodes


@attrs.frozen(repr=False, eq=False, init=False)
class Client(_Noun):
    """A client of the platform to dial, inside :class:`Dial`.

    Give the client as text, or, for a video call, a :class:`Video` and ``name=``.

    Example:
        >>> Client("alice")
        Client('alice')
        >>> Client(Video(enable=True), name="alice")
        Client(Video(enable=True), name='alice')
    """

    text: str | None
    """The client identifier, optionally followed by ``?X-Header=value&...``; ``None`` with
    a :class:`Video`."""
    children: tuple[Video, ...]
    """At most one :class:`Video`."""
    name: str | None
    """The client to call with :class:`Video` (then required); unchecked otherwise."""

    def __init__(  # noqa: PLR0913 - one keyword per attribute of the dialect
        self,
        *content: str | Video,
        text: str | None = None,
        children: Iterable[Video] = (),
        url: str | None = None,
        method: Method | None = None,
        status_callback_event: tuple[CallEvent, ...] | None = None,
        status_callback: str | None = None,
        status_callback_method: Method | None = None,
        name: str | None = None,
    ) -> None:
        text, nodes = _text_or_video("Client", content, text, children)
        _init_client(
            self,
            url,
            method,
            status_callback_event,
            status_callback,
            status_callback_method,
            text,
            nodes,
            name,
        )


@attrs.frozen(repr=False, eq=False, init=False)
class Sip(_Noun):
    """A SIP endpoint to dial; the only noun of its :class:`Dial`.

    Give the URI as text, or, for a video call, a :class:`Video` and the URI as ``name=``.

    Example:
        >>> Sip("sip:alice@example.com:5080", username="alice", password="secret")
        Sip('sip:alice@example.com:5080', username='alice', password='secret')
        >>> Sip(Video(enable=True), name="sip:alice@example.com")
        Sip(Video(enable=True), name='sip:alice@example.com')
    """

    text: str | None
    """The SIP URI; ``None`` with a :class:`Video`."""
    children: tuple[Video, ...]
    """At most one :class:`Video`."""
    name: str | None
    """The SIP URI to call with :class:`Video` (then required); unchecked otherwise."""
    username: str | None
    """SIP digest-authentication user (Restcomm extension)."""
    password: str | None
    """SIP digest-authentication password (Restcomm extension)."""

    def __init__(  # noqa: PLR0913 - one keyword per attribute of the dialect
        self,
        *content: str | Video,
        text: str | None = None,
        children: Iterable[Video] = (),
        url: str | None = None,
        method: Method | None = None,
        status_callback_event: tuple[CallEvent, ...] | None = None,
        status_callback: str | None = None,
        status_callback_method: Method | None = None,
        name: str | None = None,
        username: str | None = None,
        password: str | None = None,
    ) -> None:
        text, nodes = _text_or_video("Sip", content, text, children)
        _init_sip(
            self,
            url,
            method,
            status_callback_event,
            status_callback,
            status_callback_method,
            text,
            nodes,
            name,
            username,
            password,
        )


Noun = Number | Client | Sip
"""What a :class:`Dial` may contain."""


_INITIALISERS = install(Number, Client, Video, Sip)
_init_client = _INITIALISERS[Client]
_init_sip = _INITIALISERS[Sip]
