"""xAPI learning records: statements for finished attempts, an offline queue, and sending.

Statements (xAPI 1.0.3):

* one per attempt: verb ``passed`` or ``failed``; ``result`` with ``score.scaled`` (overall
  / 100), ``success``, ``completion: true`` and the shift's length as an ISO 8601 duration;
  ``context.registration`` is the attempt's own registration UUID;
* a handful per attempt for its key decisions (at most :data:`DECISION_LIMIT`): dialogue
  replies (``answered``) and safety, privacy and downtime actions (``interacted``).

The actor is always ``{"objectType": "Agent", "account": {"homePage": HOME, "name": <the
pseudonymous trainee id>}}``: never an e-mail address, never the display name. Statement ids
are ``uuid5(attempt id + index)`` and timestamps come from the stored attempt, so the same
attempt always gives the same statements and sending one twice is harmless (an LRS answers
204 for an identical statement it already has).

The queue is the ``xapi_queue`` table of the records schema (``simulator.records.schema``),
so it is written in the same transactions as the records and works on SQLite and PostgreSQL
alike. A statement leaves the queue (``sent_at`` is set) only once the LRS acknowledged it:
HTTP 200 with the ids, or 204; or 409 for a statement sent on its own (the LRS already
stores that id). Anything else leaves it queued for the next ``frontdesk export xapi``.
"""

from __future__ import annotations

import base64
import http.client
import json
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update

from simulator.errors import ContentError, Problem
from simulator.records.schema import xapi_queue
from simulator.records.store import Store, iso, utc_now

HOME = "https://frontdesk.example.org"
ACTIVITIES = f"{HOME}/xapi/activities"
EXTENSIONS = f"{HOME}/xapi/extensions"
XAPI_VERSION = "1.0.3"
#: Stable statement ids: uuid5 of this namespace and ``"{attempt id}:{index}"``.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, f"{HOME}/xapi/statements")
ADL = "http://adlnet.gov/expapi/verbs/"
VERBS = {name: {"id": ADL + name, "display": {"en-US": name}}
         for name in ("attempted", "answered", "completed", "passed", "failed", "interacted")}
SIMULATION = "http://adlnet.gov/expapi/activities/simulation"
ASSESSMENT = "http://adlnet.gov/expapi/activities/assessment"
INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction"
PLATFORM = "Front Desk Simulator"
#: At most this many decision statements per attempt.
DECISION_LIMIT = 8
#: Key decisions, most important first (used when an attempt has more than the limit).
DECISIONS = ("instruct_911", "call_emergency", "silent_alarm", "disclose",
             "refuse_disclosure", "move_bystanders", "switch_to_paper", "reroute_calls",
             "choose_reply")
#: Statements per POST.
BATCH = 500


def statement_id(attempt_id: str, index: int) -> str:
    """The stable id of an attempt's ``index``-th statement."""
    return str(uuid.uuid5(NAMESPACE, f"{attempt_id}:{index}"))


def actor(trainee_id: str) -> dict[str, Any]:
    """The xAPI agent for a trainee: an account with the pseudonymous id, nothing else."""
    return {"objectType": "Agent", "account": {"homePage": HOME, "name": trainee_id}}


def iso_duration(seconds: int) -> str:
    """Whole seconds as an ISO 8601 duration (``PT2H5M``; ``PT0S`` for zero)."""
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    text = "".join(f"{v}{u}" for v, u in ((hours, "H"), (minutes, "M"), (secs, "S")) if v)
    return "PT" + (text or "0S")


def _loads(value: Any) -> Any:
    return json.loads(value) if isinstance(value, str | bytes) else value


def statements_for_attempt(row: dict[str, Any], commands: Iterable[dict[str, Any]] = (),
                           *, assessment_title: str | None = None) -> list[dict[str, Any]]:
    """The xAPI statements of one finished attempt.

    Args:
        row: The attempt as :meth:`Store.attempt_row` returns it (every stored column; it
            holds the pseudonymous trainee id and no display name).
        commands: Its command rows (``seq``, ``tick``, ``command`` as JSON text or data).
        assessment_title: The assessment's title, for the parent activity's name.

    Returns:
        The attempt statement first, then at most :data:`DECISION_LIMIT` decisions in time
        order.

    Raises:
        ValueError: If the attempt has no result yet (it is still open).
    """
    card = _loads(row.get("scorecard"))
    if row.get("status") == "open" or not card or row.get("overall") is None:
        raise ValueError(f"attempt {row.get('id')} has no result yet")
    header = _loads(row["journal_header"])
    shift = header.get("shift", {})
    attempt_id = row["id"]
    start = datetime.fromisoformat(row["created_at"])
    scale = max(1, int(row.get("time_scale") or shift.get("time_scale") or 1))
    begin = int(row.get("start_tick") or 0)
    context = _context(row, assessment_title)
    scenario = {"id": f"{ACTIVITIES}/scenario/{row['scenario_id']}", "objectType": "Activity",
                "definition": {"type": SIMULATION,
                               "name": {"en-US": shift.get("title") or row["scenario_id"]}}}
    passed = bool(row["passed"])
    dims = _loads(row.get("dimensions")) or card.get("dimensions", {})
    result = {"score": {"scaled": round(int(row["overall"]) / 100, 4),
                        "raw": int(row["overall"]), "min": 0, "max": 100},
              "success": passed, "completion": True,
              "duration": iso_duration(int(shift.get("length") or 0) - begin),
              "extensions": {f"{EXTENSIONS}/dimensions": dims,
                             f"{EXTENSIONS}/critical-fails": [c["rule"] for c in
                                                              card.get("critical_fails", [])]}}
    out = [{"id": statement_id(attempt_id, 0), "actor": actor(row["trainee_id"]),
            "verb": VERBS["passed" if passed else "failed"], "object": scenario,
            "result": result, "context": context,
            "timestamp": row.get("finished_at") or row["created_at"]}]
    critical_tasks = {c.get("task") for c in card.get("critical_fails", []) if c.get("task")}
    tasks = {t["id"]: t for t in shift.get("tasks", ()) if isinstance(t, dict) and "id" in t}
    for tick, command in _key_decisions(commands):
        task = tasks.get(command.get("task")) if command.get("task") else None
        when = start + timedelta(seconds=max(0, tick - begin) / scale)
        out.append(_decision(row, len(out), command, task, critical_tasks, context,
                             iso(when)))
    return out


def _context(row: dict[str, Any], assessment_title: str | None) -> dict[str, Any]:
    context: dict[str, Any] = {
        "registration": row["registration"], "platform": PLATFORM, "language": "en-US",
        "extensions": {f"{EXTENSIONS}/attempt": row["id"], f"{EXTENSIONS}/seed": row["seed"],
                       f"{EXTENSIONS}/mode": row["mode"],
                       f"{EXTENSIONS}/sitting": row["sitting_id"],
                       f"{EXTENSIONS}/part": row["part"]}}
    if row.get("assessment_id"):
        context["contextActivities"] = {"parent": [{
            "id": f"{ACTIVITIES}/assessment/{row['assessment_id']}", "objectType": "Activity",
            "definition": {"type": ASSESSMENT,
                           "name": {"en-US": assessment_title or row["assessment_id"]}}}]}
    return context


def _key_decisions(commands: Iterable[dict[str, Any]]) -> list[tuple[int, dict[str, Any]]]:
    """The attempt's key decisions: the most important ones up to the limit, in time order."""
    found = []
    for row in commands:
        command = _loads(row["command"])
        if command.get("type") in DECISIONS:
            found.append((DECISIONS.index(command["type"]), row["seq"], row["tick"], command))
    chosen = sorted(found, key=lambda f: (f[0], f[1]))[:DECISION_LIMIT]
    return [(tick, command) for _, _, tick, command in sorted(chosen, key=lambda f: f[1])]


def _decision(row: dict[str, Any], index: int, command: dict[str, Any],
              task: dict[str, Any] | None, critical_tasks: set[str],
              context: dict[str, Any], timestamp: str) -> dict[str, Any]:
    kind = command["type"]
    scenario = row["scenario_id"]
    if kind == "choose_reply" and task and task.get("dialogue_id"):
        verb = VERBS["answered"]
        dialogue = task["dialogue_id"]
        target = {"id": f"{ACTIVITIES}/scenario/{scenario}/dialogue/{dialogue}",
                  "name": f"Conversation: {dialogue}"}
        response = f"reply {command.get('choice')}"
    else:
        verb = VERBS["interacted"]
        event = (task or {}).get("event_id")
        if event:
            target = {"id": f"{ACTIVITIES}/scenario/{scenario}/event/{event}",
                      "name": f"{(task or {}).get('kind', 'event')}: {event}"}
        else:
            target = {"id": f"{ACTIVITIES}/scenario/{scenario}/action/{kind}",
                      "name": kind.replace("_", " ")}
        extra = command.get("via") or command.get("who") or command.get("to")
        response = kind + (f" ({extra})" if extra else "")
    result: dict[str, Any] = {"response": response}
    if command.get("task") in critical_tasks:
        result["success"] = False
    if command.get("task"):
        result["extensions"] = {f"{EXTENSIONS}/task": command["task"]}
    return {"id": statement_id(row["id"], index), "actor": actor(row["trainee_id"]),
            "verb": verb,
            "object": {"id": target["id"], "objectType": "Activity",
                       "definition": {"type": INTERACTION,
                                      "name": {"en-US": target["name"]}}},
            "result": result, "context": context, "timestamp": timestamp}


def attempt_statements(store: Store, attempt_id: str) -> list[dict[str, Any]]:
    """Build one stored attempt's statements from the records.

    Raises:
        ContentError: If the attempt is unknown or still open.
    """
    row = store.attempt_row(attempt_id)
    if row is None:
        raise ContentError.single(store.display, f"no stored attempt '{attempt_id}'")
    if row["status"] == "open":
        raise ContentError.single(store.display, f"attempt {attempt_id} is still open")
    title = None
    if row["assessment_id"]:
        found = store.assessment(row["assessment_id"])
        title = found["title"] if found else None
    return statements_for_attempt(row, store.command_rows(attempt_id),
                                  assessment_title=title)


# -- the queue --------------------------------------------------------------------------------


def ensure_queue(store: Store) -> None:
    """Create the queue table if this database has none yet."""
    with store.write() as conn:
        xapi_queue.create(conn, checkfirst=True)


def sync_queue(store: Store, now: datetime | None = None) -> int:
    """Queue the statements of every finished attempt not queued yet.

    Each attempt's statements go in with one transaction, so an attempt is queued whole
    or not at all.

    Returns:
        How many statements were added.
    """
    ensure_queue(store)
    with store.read() as conn:
        queued = set(conn.scalars(select(xapi_queue.c.attempt_id).distinct()))
    new = [a["attempt_id"] for a in store.attempts()
           if a["status"] != "open" and a["attempt_id"] not in queued]
    moment = iso(now or utc_now())
    added = 0
    for attempt_id in new:
        statements = attempt_statements(store, attempt_id)
        with store.write() as conn:
            if conn.scalar(select(xapi_queue.c.id).where(
                    xapi_queue.c.attempt_id == attempt_id).limit(1)) is not None:
                continue  # another export queued it meanwhile
            conn.execute(xapi_queue.insert(), [
                {"id": s["id"], "attempt_id": attempt_id, "seq": i,
                 "statement": json.dumps(s, sort_keys=True, ensure_ascii=False),
                 "queued_at": moment, "sent_at": None} for i, s in enumerate(statements)])
        added += len(statements)
    return added


def queued(store: Store, *, pending_only: bool = True,
           limit: int | None = None) -> list[dict[str, Any]]:
    """Queued statements in queue order (with ``pending_only=False``, sent ones too)."""
    q = xapi_queue.c
    query = select(q.id, q.statement).order_by(q.queued_at, q.attempt_id, q.seq)
    if pending_only:
        query = query.where(q.sent_at.is_(None))
    if limit is not None:
        query = query.limit(limit)
    with store.read() as conn:
        return [json.loads(text) for _, text in conn.execute(query).all()]


def counts(store: Store) -> tuple[int, int]:
    """(statements still queued, statements sent)."""
    q = xapi_queue.c
    with store.read() as conn:
        pending = conn.scalar(select(func.count()).where(q.sent_at.is_(None))) or 0
        sent = conn.scalar(select(func.count()).where(q.sent_at.is_not(None))) or 0
    return pending, sent


def mark_sent(store: Store, ids: list[str], now: datetime | None = None) -> None:
    """Take acknowledged statements off the queue (one transaction)."""
    moment = iso(now or utc_now())
    with store.write() as conn:
        for i in range(0, len(ids), 500):
            conn.execute(update(xapi_queue).where(xapi_queue.c.id.in_(ids[i:i + 500]),
                                                  xapi_queue.c.sent_at.is_(None))
                         .values(sent_at=moment))


# -- sending ----------------------------------------------------------------------------------


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


def send_queue(store: Store, lrs: Lrs, *, batch: int | None = None,
               poster: Callable[[Lrs, list[dict[str, Any]]], tuple[int, str]] = post,
               on_batch: Callable[[int, int], None] | None = None) -> SendResult:
    """Send every queued statement, a batch per POST; mark each acknowledged batch sent.

    A 409 for a batch (some id already stored, maybe differently) is retried one statement
    at a time, where 409 means that very statement is already in the LRS.

    Args:
        store: The records store with the queue.
        lrs: Where to send.
        batch: Statements per POST (default :data:`BATCH`).
        poster: Sends one POST (tests swap in a fake).
        on_batch: Called as ``on_batch(sent so far, total)`` after each batch.

    Raises:
        ContentError: If the LRS cannot be reached, refuses the credentials or the
            statements, or fails; what was acknowledged before stays sent, the rest queued.
    """
    ensure_queue(store)
    batch = batch or BATCH
    pending = queued(store)
    total = len(pending)
    sent = 0
    for start in range(0, total, batch):
        chunk = pending[start:start + batch]
        status, text = _post(lrs, chunk, poster, sent, total)
        if status == 409 and len(chunk) > 1:
            for one in chunk:
                status, text = _post(lrs, [one], poster, sent, total)
                _check(lrs, status, text, [one], sent, total)
                mark_sent(store, [one["id"]])
                sent += 1
        else:
            _check(lrs, status, text, chunk, sent, total)
            mark_sent(store, [s["id"] for s in chunk])
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


__all__ = ["HOME", "Lrs", "SendResult", "actor", "attempt_statements", "counts",
           "ensure_queue", "iso_duration", "mark_sent", "queued", "send_queue",
           "statement_id", "statements_for_attempt", "sync_queue", "xapi_queue"]
