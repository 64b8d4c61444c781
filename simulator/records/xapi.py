"""xAPI learning records: which attempts are exported, the offline queue, and sending.

``frontdesk export xapi`` turns finished records into xAPI 1.0.3 statements
(:mod:`simulator.records.xapi_statements`: one per sitting, one per part and a handful of
key decisions), keeps them in a queue, writes them to a file and sends them to an LRS
(:mod:`simulator.records.xapi_lrs`), with each actor mapped to the trainee's LMS account
(:mod:`simulator.records.xapi_accounts`).

Left out by default, and counted in the command's summary:

* **calibration**: a sitting a bot played (the attempt's ``bot`` is set) is not a person's
  result. ``--include-calibration`` exports it, every statement marked with the
  ``calibration`` context extension (the bot's name); such statements already queued stay
  queued and are sent only with the flag;
* **unverified** attempts: records whose signature or chain does not check out are never
  queued (nor their sitting's statement); ``frontdesk verify ATTEMPT`` says what is wrong.

Unsent statements an older version queued (recognised by its placeholder actor) are
rebuilt under these rules on the next export; attempts already partly sent are left as
they are.

A sitting's statement is queued once it is over: every part of its assessment played, or
its time limit passed with no part open.

The queue is the ``xapi_queue`` table of the records schema (``simulator.records.schema``),
so it is written in the same transactions as the records and works on SQLite and PostgreSQL
alike. An attempt's statements go in with one transaction (whole or not at all); a
sitting's statement is stored under the sitting id with ``seq`` :data:`SITTING_SEQ`. A
statement leaves the queue (``sent_at`` is set) only once the LRS acknowledged it.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import func, select, update

from simulator.errors import ContentError
from simulator.records import xapi_lrs
from simulator.records.schema import attempts, xapi_queue
from simulator.records.seal_store import checked_attempts
from simulator.records.store import Store, iso, utc_now
from simulator.records.xapi_accounts import DEFAULT_HOME, LEGACY_HOME, Accounts, load_accounts
from simulator.records.xapi_lrs import Lrs, SendResult, post
from simulator.records.xapi_statements import (
    CALIBRATION,
    DECISION_LIMIT,
    EXTENSIONS,
    iso_duration,
    sitting_statement,
    sitting_statement_id,
    statement_id,
    statements_for_attempt,
)

#: The queue ``seq`` of a sitting's own statement (stored under the sitting id).
SITTING_SEQ = -1


@dataclass
class SyncResult:
    """What a queue update did and left out.

    Attributes:
        added: Statements queued now.
        calibration: Bot sittings left out (without ``include_calibration``).
        unverified: (attempt id, why) for finished attempts left out as unverified.
    """

    added: int = 0
    calibration: int = 0
    unverified: list[tuple[str, str]] = field(default_factory=list)


def _sitting_registration(store: Store, sitting_id: str) -> str | None:
    with store.read() as conn:
        return conn.scalar(select(attempts.c.registration)
                           .where(attempts.c.sitting_id == sitting_id)
                           .order_by(attempts.c.part).limit(1))


_FROM_ROW: Any = object()


def attempt_statements(store: Store, attempt_id: str, *, registration: str | None = None,
                       calibration: str | None = _FROM_ROW) -> list[dict[str, Any]]:
    """Build one stored attempt's statements from the records.

    Args:
        store: The records store.
        attempt_id: The attempt.
        registration: Its sitting's registration (looked up when None).
        calibration: The calibration mark (default: the bot that played it, if any);
            :func:`sync_queue` decides it once for the whole sitting.

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
    return statements_for_attempt(
        row, store.command_rows(attempt_id), assessment_title=title,
        registration=registration or _sitting_registration(store, row["sitting_id"]),
        calibration=(row.get("bot") or None) if calibration is _FROM_ROW else calibration)


# -- the queue --------------------------------------------------------------------------------


def ensure_queue(store: Store) -> None:
    """Create the queue table if this database has none yet."""
    with store.write() as conn:
        xapi_queue.create(conn, checkfirst=True)


def _assessment_info(store: Store) -> dict[str, tuple[str, int]]:
    """(title, number of parts) of every stored assessment."""
    from simulator.records.assessment import assessment_from_text

    info = {}
    for row in store.assessments():
        try:
            parts = len(assessment_from_text(row["yaml"], f"assessment '{row['id']}'")
                        .scenarios)
        except ContentError:
            parts = 0  # unreadable stored text: judge the sitting by the parts played
        info[row["id"]] = (row["title"], parts)
    return info


def sittings(rows: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Attempt rows (as :meth:`Store.attempts` gives them) grouped by sitting, in order."""
    out: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        out.setdefault(row["sitting_id"], []).append(row)
    for parts in out.values():
        parts.sort(key=lambda r: r["part"])
    return out


def _over(parts: list[dict[str, Any]], expected: int, now: str) -> bool:
    """A sitting is over when no part is open and every part was played or time ran out."""
    if any(p["status"] == "open" for p in parts):
        return False
    deadline = max((p["deadline_at"] for p in parts if p.get("deadline_at")), default=None)
    return len(parts) >= expected or (deadline is not None and deadline <= now)


def sync_queue(store: Store, now: datetime | None = None, *,
               include_calibration: bool = False) -> SyncResult:
    """Queue the statements of every finished, verified attempt and sitting not queued yet.

    Args:
        store: The records store.
        now: The time (the clock if None): when statements were queued, whether a
            sitting's time limit passed.
        include_calibration: Queue bot sittings too (marked as calibration).

    Returns:
        How many statements were added and what was left out.
    """
    ensure_queue(store)
    _drop_legacy(store)
    q = xapi_queue.c
    with store.read() as conn:
        queued_attempts = set(conn.scalars(select(q.attempt_id).distinct()
                                           .where(q.seq != SITTING_SEQ)))
        queued_sittings = set(conn.scalars(select(q.attempt_id).where(q.seq == SITTING_SEQ)))
    moment = iso(now or utc_now())
    info: dict[str, tuple[str, int]] | None = None
    result = SyncResult()
    for sitting_id, parts in sittings(checked_attempts(store)).items():
        closed = [p for p in parts if p["status"] != "open"]
        if not closed:
            continue
        bot = next((p["bot"] for p in parts if p.get("bot")), None)
        if bot and not include_calibration:
            result.calibration += 1
            continue
        bad = [p for p in closed if p.get("verified", True) is False]
        result.unverified += [(p["attempt_id"], p.get("verify_problem")
                               or "its records do not verify") for p in bad
                              if p["attempt_id"] not in queued_attempts]
        registration = parts[0]["registration"]
        for part in closed:
            if part in bad or part["attempt_id"] in queued_attempts:
                continue
            statements = attempt_statements(store, part["attempt_id"],
                                            registration=registration, calibration=bot)
            result.added += _insert(store, part["attempt_id"], statements, moment,
                                    lambda c, a=part["attempt_id"]: c.scalar(
                                        select(q.id).where(q.attempt_id == a,
                                                           q.seq != SITTING_SEQ).limit(1)))
        assessment_id = parts[0]["assessment_id"]
        if not assessment_id or bad or sitting_id in queued_sittings:
            continue
        if info is None:
            info = _assessment_info(store)
        title, expected = info.get(assessment_id, (None, 0))
        expected = max(expected, parts[-1]["part"] + 1)
        if not _over(parts, expected, moment):
            continue
        statement = sitting_statement(parts, expected=expected, assessment_title=title,
                                      calibration=bot)
        result.added += _insert(store, sitting_id, [statement], moment,
                                lambda c, s=statement["id"]: c.scalar(
                                    select(q.id).where(q.id == s)), seq=SITTING_SEQ)
    return result


def _drop_legacy(store: Store) -> int:
    """Take unsent statements queued by older versions off the queue, to be built anew.

    Older versions queued bot sittings unmarked, with the shift's simulated length as the
    duration and no sitting statement; they are recognised by their placeholder actor.
    Only attempts with nothing sent yet are rebuilt (the LRS already has part of the rest).

    Returns:
        How many statements were dropped.
    """
    q = xapi_queue.c
    legacy = q.statement.contains(f'"homePage": "{LEGACY_HOME}"', autoescape=True)
    with store.write() as conn:
        stale = set(conn.scalars(select(q.attempt_id).distinct().where(
            legacy, q.sent_at.is_(None), q.seq != SITTING_SEQ)))
        if not stale:
            return 0
        stale -= set(conn.scalars(select(q.attempt_id).distinct().where(
            q.attempt_id.in_(stale), q.sent_at.is_not(None))))
        dropped = 0
        for chunk in (sorted(stale)[i:i + 500] for i in range(0, len(stale), 500)):
            dropped += conn.execute(xapi_queue.delete().where(
                q.attempt_id.in_(chunk), q.seq != SITTING_SEQ)).rowcount or 0
    return dropped


def _insert(store: Store, attempt_id: str, statements: list[dict[str, Any]], moment: str,
            exists: Callable[[Any], Any], seq: int | None = None) -> int:
    with store.write() as conn:
        if exists(conn) is not None:
            return 0  # another export queued it meanwhile
        conn.execute(xapi_queue.insert(), [
            {"id": s["id"], "attempt_id": attempt_id, "seq": i if seq is None else seq,
             "statement": json.dumps(s, sort_keys=True, ensure_ascii=False),
             "queued_at": moment, "sent_at": None} for i, s in enumerate(statements)])
    return len(statements)


def is_calibration(statement: dict[str, Any]) -> bool:
    """Whether a statement is marked as a bot's calibration sitting."""
    return CALIBRATION in ((statement.get("context") or {}).get("extensions") or {})


def queued(store: Store, *, pending_only: bool = True, limit: int | None = None,
           include_calibration: bool = False) -> list[dict[str, Any]]:
    """Queued statements in queue order (with ``pending_only=False``, sent ones too).

    Calibration statements are left out unless ``include_calibration``.
    """
    q = xapi_queue.c
    query = select(q.id, q.statement).order_by(q.queued_at, q.attempt_id, q.seq)
    if pending_only:
        query = query.where(q.sent_at.is_(None))
    if not include_calibration:
        query = query.where(~q.statement.contains(f'"{CALIBRATION}"', autoescape=True))
    if limit is not None:
        query = query.limit(limit)
    with store.read() as conn:
        found = [json.loads(text) for _, text in conn.execute(query).all()]
    return found if include_calibration else [s for s in found if not is_calibration(s)]


def counts(store: Store) -> tuple[int, int]:
    """(statements still queued, statements sent), calibration ones included."""
    q = xapi_queue.c
    with store.read() as conn:
        pending = conn.scalar(select(func.count()).where(q.sent_at.is_(None))) or 0
        sent = conn.scalar(select(func.count()).where(q.sent_at.is_not(None))) or 0
    return pending, sent


def held_back(store: Store) -> int:
    """Calibration statements still queued (sent only with ``include_calibration``)."""
    q = xapi_queue.c
    with store.read() as conn:
        return conn.scalar(select(func.count()).where(
            q.sent_at.is_(None), q.statement.contains(f'"{CALIBRATION}"',
                                                      autoescape=True))) or 0


def mark_sent(store: Store, ids: list[str], now: datetime | None = None) -> None:
    """Take acknowledged statements off the queue (one transaction)."""
    moment = iso(now or utc_now())
    with store.write() as conn:
        for i in range(0, len(ids), 500):
            conn.execute(update(xapi_queue).where(xapi_queue.c.id.in_(ids[i:i + 500]),
                                                  xapi_queue.c.sent_at.is_(None))
                         .values(sent_at=moment))


def send_queue(store: Store, lrs: Lrs, *, accounts: Accounts | None = None,
               include_calibration: bool = False, batch: int | None = None,
               poster: Callable[[Lrs, list[dict[str, Any]]], tuple[int, str]] = post,
               on_batch: Callable[[int, int], None] | None = None) -> SendResult:
    """Send every queued statement, a batch per POST; mark each acknowledged batch sent.

    Args:
        store: The records store with the queue.
        lrs: Where to send.
        accounts: The actor mapping (placeholder pseudonymous actors when None).
        include_calibration: Send calibration statements too.
        batch: Statements per POST (default :data:`simulator.records.xapi_lrs.BATCH`).
        poster: Sends one POST (tests swap in a fake).
        on_batch: Called as ``on_batch(sent so far, total)`` after each batch.

    Raises:
        ContentError: If the LRS cannot be reached, refuses the credentials or the
            statements, or fails; what was acknowledged before stays sent, the rest queued.
    """
    ensure_queue(store)
    pending = queued(store, include_calibration=include_calibration)
    if accounts is not None:
        pending = [accounts.apply(s) for s in pending]
    return xapi_lrs.send_statements(lrs, pending, lambda ids: mark_sent(store, ids),
                                    batch=batch or xapi_lrs.BATCH, poster=poster,
                                    on_batch=on_batch)


__all__ = ["DECISION_LIMIT", "DEFAULT_HOME", "EXTENSIONS", "SITTING_SEQ", "Accounts", "Lrs",
           "SendResult", "SyncResult", "attempt_statements", "counts", "ensure_queue",
           "held_back", "is_calibration", "iso_duration", "load_accounts", "mark_sent",
           "queued", "send_queue", "sitting_statement_id", "sittings", "statement_id",
           "statements_for_attempt", "sync_queue", "xapi_queue"]
