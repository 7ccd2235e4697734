"""The requests the platform makes during a call, and what it makes of each reply.

How a request is sent (method, query or form, credentials on a ``401``, redirects followed),
kept in the call's record, and judged: a reply is a document to run, a failure the platform
reports (with the notification code it files), or a notification's answer it ignores.
"""

from __future__ import annotations

import base64
from typing import Final
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

import attrs

from callmarkup._nodes import Response
from callmarkup._parse import parse
from callmarkup.exceptions import Code, InvalidMarkupError, ParseError, Violation
from callmarkup.testing._call_state import NEVER, CallState, Fields, Session, SessionOver
from callmarkup.testing._lenient import lenient_reading, platform_text
from callmarkup.testing._result import Exchange
from callmarkup.testing._transport import Reply
from callmarkup.testing._urls import base_of, encode, split_query
from callmarkup.webhooks import ENDED_STATUSES

__all__ = ["Requests"]

_FORM: Final = "application/x-www-form-urlencoded; charset=UTF-8"
_DOCUMENT_TYPES: Final = ("text/xml", "application/xml", "text/html")
_REDIRECTS: Final = frozenset({301, 302, 303, 307})
_MAX_REDIRECTS: Final = 10
_UNREADABLE: Final = "unreadable URL"


@attrs.define
class _Failure:
    """Why a document request did not give a usable document."""

    code: str
    detail: str
    parse: bool = False
    """A parser rejection: the call ends ``completed`` rather than ``failed``."""
    violations: tuple[Violation, ...] = ()


class Requests(CallState):
    """The requests of one call: documents to run, notifications, and the call's answer."""

    def answer(self, session: Session) -> None:
        """Answer the call if it is still ringing."""
        if session.screening or self.status != "ringing":
            return
        self.status = "in-progress"
        self.event("answer")
        if self.platform.notify == "base":
            self.notify("in-progress")

    def http(self, kind: str, method: str, url: str, fields: Fields) -> Reply:
        """Send one request as the platform does and log the exchange."""
        try:
            return self.send(kind, method, url, fields)
        except ValueError as error:
            # A URL nothing can read (``http://::``): the platform files error 11100 and fails.
            reply = Reply(None, failure="unreachable", detail=f"{_UNREADABLE} ({error})")
            self.log(kind, method.upper(), url, fields, reply)
            return reply

    def send(self, kind: str, method: str, url: str, fields: Fields) -> Reply:
        """Encode the request, send it, retry and follow redirects as the platform does."""
        method = method.upper() if method.upper() in {"GET", "POST"} else "POST"
        if self.platform.query == "base":
            target, params = split_query(url)
            fields = fields + params
        else:
            target = urlunsplit(urlsplit(url)._replace(fragment=""))
        if self.platform.bare == "docs":
            fields = [(name, "" if value is None else value) for name, value in fields]
        parts = urlsplit(target)
        credentials = parts.username
        if method == "GET":
            # The URL is rebuilt without user info: a GET never sends credentials.
            host = parts.netloc.rpartition("@")[2]
            query = encode(fields)
            if parts.query:
                query = f"{parts.query}&{query}"
            target = urlunsplit((parts.scheme, host, parts.path, query, ""))
            body: bytes | None = None
            headers: dict[str, str] = {}
        else:
            body = encode(fields).encode()
            headers = {"Content-Type": _FORM}
        reply = self.transport.send(method, target, body, headers, self.platform.http_timeout)
        self.log(kind, method, target, fields, reply)
        challenge = (reply.header("www-authenticate") or "").lower()
        if reply.status == 401 and method == "POST" and credentials and "basic" in challenge:
            secret = f"{unquote(parts.username or '')}:{unquote(parts.password or '')}"
            token = base64.b64encode(secret.encode()).decode()
            headers = {**headers, "Authorization": f"Basic {token}"}
            reply = self.transport.send(method, target, body, headers, self.platform.http_timeout)
            self.log(kind, method, target, fields, reply)
        hops = 0
        while reply.status in _REDIRECTS and reply.header("location") and hops < _MAX_REDIRECTS:
            hops += 1
            target = urljoin(target, reply.header("location") or "")
            if method == "GET":
                # The same fields follow a GET too: they are the query of the new location.
                moved = urlsplit(target)
                query = "&".join(part for part in (moved.query, encode(fields)) if part)
                target = urlunsplit(moved._replace(query=query, fragment=""))
            reply = self.transport.send(method, target, body, headers, self.platform.http_timeout)
            self.log(kind, method, target, fields, reply)
        return reply

    def log(self, kind: str, method: str, url: str, fields: Fields, reply: Reply) -> None:
        """Keep one exchange, and its line in the transcript."""
        content_type = reply.header("content-type")
        self.requests.append(
            Exchange(
                kind, method, url, tuple(fields), reply.status, content_type, reply.body, self.t
            )
        )
        self.event(
            "request",
            kind=kind,
            method=method,
            url=url,
            status=reply.status if reply.status is not None else reply.failure,
        )

    def judge(self, reply: Reply) -> Response | _Failure:  # noqa: PLR0911 - one per reason
        """The document of a reply, or why it is not usable.

        Unless the platform is lenient, a document that fails validation is not usable either.
        """
        if reply.status is None:
            return _Failure(reply.failure or "unreachable", reply.detail)
        if reply.status != 200:
            detail = f"HTTP {reply.status}" + (f" ({reply.detail})" if reply.detail else "")
            return _Failure("not-found" if reply.status == 404 else "http-status", detail)
        content_type = reply.header("content-type")
        if content_type is None or not any(t in content_type.lower() for t in _DOCUMENT_TYPES):
            return _Failure("unsupported-content-type", f"Content-Type {content_type!r}")
        declared = (reply.header("content-length") or "0").strip() not in {"", "0"}
        try:
            return platform_text(parse(reply.body.strip()), reply.body.strip())
        except ParseError as error:
            violations = error.violations
            if any(v.code == Code.MALFORMED for v in violations):
                return _Failure("malformed", _first(violations), not declared, violations)
            return _Failure("markup-invalid", _first(violations), parse=True, violations=violations)
        except InvalidMarkupError as error:
            # Hints past the platform's limits are refused by its parser, even when lenient.
            refused = any(v.path.endswith("/@hints") for v in error.violations)
            if self.platform.lenient and not refused:
                # Lenient: the platform runs what it can read; the fault is still reported.
                reading = lenient_reading(reply.body.strip())
                if reading is not None:
                    self.error(
                        "markup-invalid", _first(error.violations), violations=error.violations
                    )
                    self.stops.update(reading[1])
                    return reading[0]
            return _Failure(
                "markup-invalid", _first(error.violations), parse=True, violations=error.violations
            )

    def document(  # noqa: PLR0913, PLR0917 - a request, and where to fall back
        self,
        session: Session,
        kind: str,
        method: str,
        url: str,
        fields: Fields,
        fallback: tuple[str, str] | None = None,
    ) -> Response:
        """Request a document to run; on failure the fallback, or the call (or screening) ends."""
        self.count_document()
        reply = self.http(kind, method, url, fields)
        found = self.judge(reply)
        if isinstance(found, Response):
            session.url = url
            session.base = base_of(url)
            return found
        self.error(
            found.code,
            found.detail,
            url,
            violations=found.violations,
            notification=_notification(found, ringing=self.status == "ringing", fallback=fallback),
        )
        if fallback is not None:
            return self.document(session, kind, fallback[0], fallback[1], fields)
        if session.screening:
            raise SessionOver(found.code)
        if self.status == "ringing":
            if found.code == "not-found":
                raise self.end("not-found", "platform", found.code)
            raise self.end("completed" if found.parse else "failed", "platform", found.code)
        if self.platform.stall == "base" and found.code in {
            "not-found",
            "unsupported-content-type",
        }:
            self.event("stall", reason=found.code)
            self.advance_to(session, NEVER)
        raise self.end("completed" if found.parse else "failed", "platform", found.code)

    def count_document(self) -> None:
        """Count a document request; past ``max_documents``, end the call."""
        if self.documents >= self.platform.max_documents:
            self.error("loop-limit", f"more than {self.platform.max_documents} documents")
            raise self.end("completed", "platform", "loop-limit")
        self.documents += 1

    def unexecuted(self, kind: str, method: str, url: str, fields: Fields) -> None:
        """A document request made once the call is over: its answer is read but not run."""
        self.documents += 1
        found = self.judge(self.http(kind, method, url, fields))
        if isinstance(found, _Failure):
            self.error(found.code, found.detail, url, violations=found.violations)

    def notification(
        self, kind: str, method: str, url: str, fields: Fields, *, markup_is_error: bool = True
    ) -> None:
        """A request whose answer is ignored; a failure, or a document in it, is reported."""
        reply = self.http(kind, method, url, fields)
        if reply.status is None or not 200 <= reply.status < 300:
            what = reply.failure if reply.status is None else f"HTTP {reply.status}"
            self.error("notification-failed", f"{kind} notification: {what}", url)
            return
        content_type = (reply.header("content-type") or "").lower()
        if reply.body.strip() and any(t in content_type for t in _DOCUMENT_TYPES):
            try:
                document = parse(reply.body.strip())
            except (ParseError, InvalidMarkupError):
                return
            if document.children and markup_is_error:
                self.error(
                    "markup-to-notification",
                    f"a {kind} notification was answered with a document of "
                    f"{len(document.children)} verbs, which the platform ignores",
                    url,
                )

    def notify(self, status: str) -> None:
        """A status notification, sent by POST to the incoming URL."""
        if status in self.notified:
            return
        self.notified.add(status)
        saved, self.status = self.status, status
        fields = self.standard_block()
        self.status = saved
        # Only the final notification can be told from a request for markup (its status says
        # the call ended); the ringing and in-progress ones of ``notify="base"`` carry
        # what a Redirect to the incoming URL carries, so an app cannot but answer them.
        self.notification(
            "status",
            "POST",
            self.incoming_url,
            fields,
            markup_is_error=status in ENDED_STATUSES,
        )


def _notification(
    found: _Failure, *, ringing: bool, fallback: tuple[str, str] | None
) -> int | None:
    # The code the platform files for a failed document request, where it files one.
    if found.detail.startswith(_UNREADABLE):
        return 11100
    if fallback is not None:
        return 11205 if found.code in {"timeout", "unreachable"} else 11206
    if found.code == "not-found" and ringing:
        return 21402
    return None


def _first(violations: tuple[Violation, ...]) -> str:
    if not violations:
        return "the document was refused"
    first = violations[0]
    return f"line {first.line}: {first.path}: {first.message} [{first.code}]"
