"""Attempts: start one, record every command (one commit each), finish, resume, expire.

An attempt is one shift played for the records: its journal header (with the expanded
shift, so a replay never needs Faker) is written when it starts, and every command is
INSERTed and COMMITted before :meth:`Attempt.record` returns, so a command the trainee saw
accepted survives a crash or a power cut; at most the command in flight is lost.

Finishing never trusts the live shift: it replays the stored commands, scores the result
with the assessment's pass marks, and signs journal + scorecard in the same transaction
that closes the attempt. An attempt whose time limit passed while the program was closed
is finished by :func:`close_expired` as of its deadline, with every stored command counted.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Integer, String, Text, bindparam, select, update

from simulator.engine import journal
from simulator.engine.commands import Command
from simulator.engine.shift import Shift
from simulator.errors import ContentError, Problem
from simulator.model import ExpandedShift
from simulator.records import seal_store, seals
from simulator.records.attempt_rows import drop_command_rows, finished_columns
from simulator.records.keys import Trust, load_desk_key
from simulator.records.names import clean_name
from simulator.records.packing import canonical_text, summary_text
from simulator.records.rescore import command_data, parse_rows, score
from simulator.records.schema import attempt_commands, attempts
from simulator.records.store import Store, iso, utc_now

MODES = ("assessment", "practice")


# One statement, built once: insert a command only while its attempt is still open.
_INSERT_IF_OPEN = attempt_commands.insert().from_select(
    ["attempt_id", "seq", "tick", "command"],
    select(bindparam("attempt", type_=String), bindparam("seq", type_=Integer),
           bindparam("tick", type_=Integer), bindparam("command", type_=Text))
    .where(select(attempts.c.id).where(attempts.c.id == bindparam("attempt"),
                                       attempts.c.status == "open").exists())
).execution_options(preserve_rowcount=True)  # psycopg forgets an INSERT's rowcount otherwise


class AttemptClosed(ContentError):
    """The attempt is no longer open (finished, expired, or closed by another process)."""


@dataclass
class Attempt:
    """An open attempt being recorded.

    Attributes:
        store: Where it is recorded.
        id: The attempt id (uuid4 hex).
        header: The journal header.
        shift: The live shift (rebuilt from the stored commands after a resume).
        stored: The (tick, command) pairs already stored when it was resumed.
        next_seq: Sequence number of the next command.
    """

    store: Store
    id: str
    header: dict[str, Any]
    shift: Shift
    stored: list[tuple[int, Command]] = field(default_factory=list)
    next_seq: int = 0

    @property
    def expanded(self) -> ExpandedShift:
        """The expanded shift this attempt plays."""
        return self.shift.x

    def record(self, command: Command, tick: int | None = None) -> int:
        """Store one command at the shift's current tick and commit it before returning.

        Call it before applying the command, so nothing the trainee saw happen is missing
        from the records after a crash.

        Returns:
            The command's sequence number.

        Raises:
            AttemptClosed: If the attempt was finished or expired meanwhile.
            ContentError: If the database refuses the write (locked, read-only, full).
        """
        at = self.shift.now if tick is None else tick
        text = json.dumps(command.model_dump(mode="json"), sort_keys=True,
                          separators=(",", ":"))
        seq = self.next_seq
        with self.store.write() as conn:
            done = conn.execute(_INSERT_IF_OPEN, {"attempt": self.id, "seq": seq,
                                                  "tick": at, "command": text}).rowcount
        if done != 1:
            raise AttemptClosed([Problem(self.store.display, 0, 0, "attempt",
                                         f"attempt {self.id} is closed; the command was not "
                                         "recorded")])
        self.next_seq = seq + 1
        return seq

    def apply(self, command: Command) -> bool:
        """Record a command (committed), then apply it to the live shift."""
        self.record(command)
        return self.shift.apply(command)

    def finish(self, now: datetime | None = None) -> dict[str, Any]:
        """Close the attempt: replay, score, sign and store (see :func:`finish_attempt`)."""
        return finish_attempt(self.store, self.id, now=now)


def start(store: Store, expanded: ExpandedShift, *, trainee: str, scenario_sha256: str = "",
          mode: str = "assessment", assessment_id: str | None = None,
          assessment_sha256: str | None = None, overrides: dict[str, Any] | None = None,
          part: int = 0, sitting_id: str | None = None, deadline: datetime | None = None,
          meta: dict[str, Any] | None = None, shift: Shift | None = None,
          bot: str | None = None, now: datetime | None = None) -> Attempt:
    """Start an attempt: store the trainee (if new) and the journal header, committed.

    Args:
        store: The records store.
        expanded: The expanded shift to play.
        trainee: The trainee's display name (stored once; journals carry a pseudonym).
        scenario_sha256: The scenario file's digest, for the header.
        mode: ``assessment`` or ``practice``.
        assessment_id: The stored assessment this attempt belongs to, if any.
        assessment_sha256: That assessment's digest when the attempt started.
        overrides: Rubric overrides for scoring (an assessment's pass marks).
        part: Index of this shift in the assessment's list.
        sitting_id: Groups the parts of one sitting (a new id when None).
        deadline: When the time limit runs out (None: no limit).
        meta: Extra header fields.
        bot: The bot's name when a bot plays (a calibration attempt, never certified).
        shift: A live shift to record (the caller applies commands); a new one if None.
        now: The start time (the clock if None).
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    name = clean_name(trainee)
    # The key first: a missing or exposed key stops the sitting before anything is stored.
    key = load_desk_key()
    trust = Trust.load()
    moment = now or utc_now()
    attempt_id = uuid.uuid4().hex
    sitting = sitting_id or attempt_id
    live = shift if shift is not None else Shift(expanded)
    with store.write() as conn:
        seal_store.register(conn, key)
        trainee_id = store.ensure_trainee(conn, name, moment)
        info = {"mode": mode, "attempt": attempt_id, "trainee": trainee_id,
                "assessment": assessment_id, "assessment_sha256": assessment_sha256,
                "sitting": sitting, "part": part, "rubric_override": overrides or {},
                **({"bot": bot} if bot else {}), **(meta or {})}
        header_text = journal.dumps(expanded, [], "", 0, scenario_sha256=scenario_sha256,
                                    meta=info).splitlines()[0]
        row = dict(id=attempt_id, trainee_id=trainee_id, assessment_id=assessment_id,
                   sitting_id=sitting, part=part, scenario_id=expanded.scenario_id,
                   seed=expanded.seed, mode=mode, bot=bot, start_tick=live.now,
                   time_scale=expanded.time_scale,
                   deadline_at=iso(deadline) if deadline else None, status="open",
                   journal_header=header_text, registration=str(uuid.uuid4()),
                   created_at=iso(moment))
        row.update(seal_store.link_start(conn, key, row, name, sitting_id is None, trust))
        store.insert_attempt(conn, row)
    return Attempt(store, attempt_id, json.loads(header_text), live)


def _journal_or_raise(store: Store, row: dict[str, Any], rows: list[dict[str, Any]]
                      ) -> journal.Journal:
    parsed, problems = parse_rows(row["journal_header"], rows, f"attempt {row['id']}")
    if parsed is None or problems:
        raise ContentError([Problem(store.display, 0, 0, f"attempt {row['id']}", p,
                                    "run: frontdesk verify " + row["id"]) for p in problems])
    return parsed


def finish_attempt(store: Store, attempt_id: str, *, now: datetime | None = None,
                   status: str = "finished", finished_at: str | None = None
                   ) -> dict[str, Any]:
    """Replay the stored commands, score, sign and close an attempt in one transaction.

    Returns:
        The attempt as :meth:`Store.attempts` shows it, plus its ``scorecard``.

    Raises:
        AttemptClosed: If it is not open.
        ContentError: If it is unknown or its stored rows are damaged.
    """
    key = load_desk_key()
    when = finished_at or iso(now or utc_now())
    with store.write() as conn:
        row = store.attempt_row(attempt_id, conn)
        if row is None:
            raise ContentError.single(store.display, f"no attempt '{attempt_id}'")
        if row["status"] != "open":
            raise AttemptClosed([Problem(store.display, 0, 0, "attempt",
                                         f"attempt {attempt_id} is already {row['status']}")])
        seal_store.register(conn, key)
        rows = store.command_rows(attempt_id, conn)
        parsed = _journal_or_raise(store, row, rows)
        _, trailer, card = score(parsed)
        card_text = canonical_text(card)
        summary = summary_text(card)
        row.update(status=status, command_count=len(rows), outcome_count=trailer["outcomes"],
                   outcome_hash=trailer["outcome_hash"], scorecard=card_text, summary=summary,
                   overall=card["overall"], passed=card["passed"],
                   dimensions=json.dumps(card["dimensions"], sort_keys=True),
                   critical_count=len(card["critical_fails"]), finished_at=when,
                   key_id=key.key_id)
        name = store.trainee_name(row["trainee_id"], conn)
        sealed, signature = seals.seal(seals.finish_document(
            row, name, seals.commands_digest(command_data(rows)), key), key)
        done = conn.execute(update(attempts).where(
            attempts.c.id == attempt_id, attempts.c.status == "open").values(
            **{k: row[k] for k in ("status", "command_count", "outcome_count", "outcome_hash",
                                   "overall", "passed", "dimensions", "critical_count",
                                   "finished_at", "key_id")},
            **finished_columns(card_text, summary, rows), sealed=sealed,
            seal=signature)).rowcount
        if done != 1:
            raise AttemptClosed([Problem(store.display, 0, 0, "attempt",
                                         f"attempt {attempt_id} was closed meanwhile")])
        drop_command_rows(conn, attempt_id)
    return store.attempt(attempt_id)


def resume(store: Store, attempt_id: str, now: datetime | None = None) -> Attempt:
    """Reopen an open attempt: rebuild its shift by replaying the stored commands.

    The shift is left at the last stored command's tick (time the trainee lost in a crash
    is not charged), not finished, ready for more commands.

    Raises:
        ContentError: If the attempt is unknown, closed, past its deadline, or damaged.
    """
    row = store.attempt_row(attempt_id)
    if row is None:
        raise ContentError.single(store.display, f"no attempt '{attempt_id}'")
    if row["status"] != "open":
        raise AttemptClosed([Problem(store.display, 0, 0, "attempt",
                                     f"attempt {attempt_id} is already {row['status']}")])
    if row["deadline_at"] and row["deadline_at"] <= iso(now or utc_now()):
        raise ContentError.single(store.display, f"attempt {attempt_id} ran out of time at "
                                  f"{row['deadline_at']}", hint="it is closed on next launch")
    rows = store.command_rows(attempt_id)
    parsed = _journal_or_raise(store, row, rows)
    # journal.replay without the final finish(): the shift must stay open.
    shift = Shift(parsed.shift)
    for tick, command in parsed.commands:
        shift.advance(tick)
        shift.apply(command)
    return Attempt(store, attempt_id, parsed.header, shift, list(parsed.commands), len(rows))


def close_expired(store: Store, now: datetime | None = None) -> list[str]:
    """Finish every open attempt whose deadline has passed, as of that deadline.

    Call it at launch: an attempt left open when the program closed (or crashed) is scored
    with every stored command counted, and the rest of its shift passes with nothing done.

    Returns:
        The ids of the attempts closed.
    """
    moment = iso(now or utc_now())
    a = attempts.c
    with store.read() as conn:
        due = conn.execute(select(a.id, a.deadline_at).where(
            a.status == "open", a.deadline_at.is_not(None), a.deadline_at <= moment)
            .order_by(a.deadline_at, a.id)).all()
    closed = []
    for attempt_id, deadline in due:
        try:
            finish_attempt(store, attempt_id, status="expired", finished_at=deadline)
        except AttemptClosed:
            continue  # another desk closed it first
        closed.append(attempt_id)
    return closed


def open_attempts(store: Store, trainee: str | None = None) -> list[dict[str, Any]]:
    """Open attempts (to offer a resume), oldest first.

    Each is a dict in the shape of :meth:`Store.attempts` plus ``stored_commands``: how
    many committed commands a resume would replay.
    """
    rows = store.attempts(trainee=trainee, status="open")
    counts = store.command_counts([r["attempt_id"] for r in rows]) if rows else {}
    for row in rows:
        row["stored_commands"] = counts.get(row["attempt_id"], 0)
    return rows
