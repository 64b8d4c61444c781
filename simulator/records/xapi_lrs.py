"""Sending xAPI statements to an LRS: the endpoint, one POST, and what its answer means.

A batch counts as acknowledged only on HTTP 200 with the statement ids, or 204; a 409 for
a single statement means the LRS already stores that id. Redirects are never followed
(urllib would turn the POST into a GET). Anything else is a ContentError naming the
endpoint, how many statements were sent and how many are still queued.
"""

from __future__ import annotations

import base64
import http.client
import json
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from simulator.errors import ContentError, Problem
from simulator.records.xapi_statements import XAPI_VERSION

#: Statements per POST.
BATCH = 500


@dataclass
class Lrs:
    """Where and how to send statements.

    Attributes:
        endpoint: The statements resource (``.../statements``).
        user: Basic-auth user.
        password: Basic-auth password.
        timeout: Seconds to wait for each answer.
    """

    endpoint: str
    user: str
    password: str
    timeout: float = 30.0

    @classmethod
    def from_url(cls, url: str, user: str, password: str, timeout: float = 30.0) -> Lrs:
        """Check an LRS URL and point it at its statements resource.

        ``http://host:8100/xAPI/`` becomes ``http://host:8100/xAPI/statements``; a URL
        that already ends in ``/statements`` is kept.

        Raises:
            ContentError: If the URL is not an http(s) URL with a host.
        """
        parts = urllib.parse.urlsplit(url.strip())
        if parts.scheme not in ("http", "https") or not parts.netloc or parts.query \
                or parts.fragment or "@" in parts.netloc:
            raise ContentError([Problem("<command line>", 0, 0, "--lrs",
                                        f"'{url}' is not an LRS URL",
                                        "give its xAPI endpoint, e.g. "
                                        "https://lrs.example.org/xAPI/ (credentials go in "
                                        "--user and --password)")])
        path = parts.path.rstrip("/")
        if not path.endswith("/statements"):
            path += "/statements"
        return cls(urllib.parse.urlunsplit((parts.scheme, parts.netloc, path, "", "")),
                   user, password, timeout)

    def headers(self) -> dict[str, str]:
        """The request headers: Basic auth, JSON and the xAPI version."""
        token = base64.b64encode(f"{self.user}:{self.password}".encode()).decode("ascii")
        return {"Authorization": f"Basic {token}", "Content-Type": "application/json",
                "X-Experience-API-Version": XAPI_VERSION, "Accept": "application/json"}


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Never follow a redirect: urllib would turn the POST into a GET and lose the body."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # noqa: D102
        return None


_OPENER = urllib.request.build_opener(_NoRedirect)


@dataclass
class SendResult:
    """How a send went: statements acknowledged now, and still queued."""

    sent: int
    remaining: int


def post(lrs: Lrs, statements: list[dict[str, Any]]) -> tuple[int, str]:
    """POST statements to the LRS; return (HTTP status, body). Network errors propagate."""
    body = json.dumps(statements, ensure_ascii=False).encode("utf-8")
    request = urllib.request.Request(lrs.endpoint, data=body, headers=lrs.headers(),
                                     method="POST")
    try:
        with _OPENER.open(request, timeout=lrs.timeout) as response:
            return response.status, response.read(1 << 20).decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        with exc:
            text = exc.read(4096).decode("utf-8", "replace") if exc.fp else ""
        return exc.code, text


def send_statements(lrs: Lrs, pending: list[dict[str, Any]],
                    mark: Callable[[list[str]], None], *, batch: int = BATCH,
                    poster: Callable[[Lrs, list[dict[str, Any]]], tuple[int, str]] = post,
                    on_batch: Callable[[int, int], None] | None = None) -> SendResult:
    """Send statements a batch per POST; call ``mark(ids)`` for each acknowledged batch.

    A 409 for a batch (some id already stored, maybe differently) is retried one statement
    at a time, where 409 means that very statement is already in the LRS.

    Args:
        lrs: Where to send.
        pending: The statements, in order.
        mark: Records acknowledged ids (takes them off the queue).
        batch: Statements per POST.
        poster: Sends one POST (tests swap in a fake).
        on_batch: Called as ``on_batch(sent so far, total)`` after each batch.

    Raises:
        ContentError: If the LRS cannot be reached, refuses the credentials or the
            statements, or fails; what was acknowledged before stays marked.
    """
    total = len(pending)
    sent = 0
    for start in range(0, total, batch):
        chunk = pending[start:start + batch]
        status, text = _post(lrs, chunk, poster, sent, total)
        if status == 409 and len(chunk) > 1:
            for one in chunk:
                status, text = _post(lrs, [one], poster, sent, total)
                _check(lrs, status, text, [one], sent, total)
                mark([one["id"]])
                sent += 1
        else:
            _check(lrs, status, text, chunk, sent, total)
            mark([s["id"] for s in chunk])
            sent += len(chunk)
        if on_batch is not None:
            on_batch(sent, total)
    return SendResult(sent, total - sent)


def _post(lrs: Lrs, chunk: list[dict[str, Any]], poster: Callable[..., tuple[int, str]],
          sent: int, total: int) -> tuple[int, str]:
    try:
        return poster(lrs, chunk)
    except (urllib.error.URLError, http.client.HTTPException, OSError) as exc:
        reason = getattr(exc, "reason", None) or exc
        reason = getattr(reason, "strerror", None) or str(reason) or type(exc).__name__
        raise _lrs_error(lrs, f"cannot reach the LRS ({reason})",
                         "check the URL and that the LRS is running", sent, total) from None


def _check(lrs: Lrs, status: int, text: str, chunk: list[dict[str, Any]], sent: int,
           total: int) -> None:
    """Accept an acknowledgement, or raise a ContentError saying what the LRS answered."""
    if status == 204 or (status == 409 and len(chunk) == 1):
        return
    detail = _detail(text)
    if status == 200:
        try:
            ids = json.loads(text)
        except ValueError:
            ids = None
        if isinstance(ids, list) and all(isinstance(i, str) for i in ids):
            return
        raise _lrs_error(lrs, "the LRS answered 200 without statement ids (is this an xAPI "
                         "statements endpoint?)", "check --lrs", sent, total)
    if status in (401, 403):
        raise _lrs_error(lrs, f"the LRS refused the credentials (HTTP {status}{detail})",
                         "check --user and --password, and that the account may write "
                         "statements", sent, total)
    if 300 <= status < 400:
        raise _lrs_error(lrs, f"the LRS redirects (HTTP {status})",
                         "give the final xAPI endpoint URL in --lrs", sent, total)
    if status == 404:
        raise _lrs_error(lrs, "no xAPI statements resource at this URL (HTTP 404)",
                         "give the LRS's xAPI endpoint, e.g. https://HOST/xAPI/", sent, total)
    if 400 <= status < 500:
        raise _lrs_error(lrs, f"the LRS rejected the statements (HTTP {status}{detail})",
                         "report this to the Front Desk Simulator maintainers", sent, total)
    raise _lrs_error(lrs, f"the LRS failed (HTTP {status}{detail})",
                     "try again later", sent, total)


def _detail(text: str) -> str:
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    message = data.get("detail") if isinstance(data, dict) else None
    message = message if isinstance(message, str) else text.strip().splitlines()[0:1]
    message = message if isinstance(message, str) else (message[0] if message else "")
    return f": {message[:200]}" if message else ""


def _lrs_error(lrs: Lrs, what: str, hint: str, sent: int, total: int) -> ContentError:
    left = total - sent
    return ContentError([Problem(lrs.endpoint, 0, 0, "--lrs",
                                 f"{what}; sent {sent}, {left} statement(s) still queued",
                                 hint)])


__all__ = ["BATCH", "Lrs", "SendResult", "post", "send_statements"]
