"""The records store's attempt tables: attempts as reports read them, whole rows, commands.

A mixin of :class:`~simulator.records.store.Store`, kept apart so the store module stays
small; it relies on the store's ``read()``. Rows come back in their whole form whatever
their packing (see :mod:`simulator.records.attempt_rows`).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, func, select

from simulator.records import reads
from simulator.records.packing import stored_json
from simulator.records.reads import ConnectionReader
from simulator.records.schema import attempt_commands, attempts, trainees
from simulator.records.typed import typed


class AttemptTablesMixin:
    """Attempts and their command rows."""

    def attempt(self, attempt_id: str) -> dict[str, Any] | None:
        """One attempt in the shape of :meth:`attempts`, with its full ``scorecard``."""
        found = self.attempts(attempt_id=attempt_id, scorecards=True)
        return found[0] if found else None

    def attempts(self, assessment_id: str | None = None, *, trainee: str | None = None,
                 status: str | None = None, scorecards: bool = False,
                 attempt_id: str | None = None, sitting_id: str | None = None
                 ) -> list[dict[str, Any]]:
        """Attempts as plain dicts, oldest first (the shape reports read).

        Args:
            assessment_id: Only this assessment's attempts.
            trainee: Only this trainee's (display name).
            status: Only ``open``, ``finished`` or ``expired`` attempts.
            scorecards: Also parse and include each full ``scorecard`` (about 20 kB each).
            attempt_id: Only this attempt.
            sitting_id: Only this sitting's parts.

        Returns:
            Dicts with ``attempt_id``, ``sitting_id``, ``part``, ``trainee``,
            ``trainee_id``, ``assessment_id``, ``scenario``, ``seed``, ``mode``, ``bot``,
            ``status``, ``passed``, ``overall``, ``dimensions``, ``critical_fails`` (a
            count), ``commands``, ``outcome_hash``, ``registration``, ``created_at``,
            ``deadline_at`` and ``finished_at``; ``passed`` and the scores are None while
            an attempt is open.
        """
        a = attempts.c
        cols = [a.id, a.sitting_id, a.part, trainees.c.display_name, a.trainee_id,
                a.assessment_id, a.scenario_id, a.seed, a.mode, a.bot, a.status, a.passed,
                a.overall,
                a.dimensions, a.critical_count, a.command_count, a.outcome_hash,
                a.registration, a.created_at, a.deadline_at, a.finished_at]
        if scorecards:
            cols += [a.scorecard, a.scorecard_packed]
        query = select(*cols).join(trainees, trainees.c.id == a.trainee_id)
        if assessment_id is not None:
            query = query.where(a.assessment_id == assessment_id)
        if trainee is not None:
            query = query.where(trainees.c.display_name == trainee)
        if status is not None:
            query = query.where(a.status == status)
        if attempt_id is not None:
            query = query.where(a.id == attempt_id)
        if sitting_id is not None:
            query = query.where(a.sitting_id == sitting_id)
        with self.read() as conn:
            rows = conn.execute(query.order_by(a.created_at, a.sitting_id, a.part)).all()
        return [_attempt_dict(self._typed_listing(r._mapping), scorecards) for r in rows]

    def _typed_listing(self, row: Any) -> dict[str, Any]:
        """A listed row (attempt columns and the trainee's name), type-checked."""
        typed(trainees, {"display_name": row["display_name"]}, self.display,
              str(row["trainee_id"]))
        return typed(attempts, row, self.display, str(row["id"]))

    def attempt_row(self, attempt_id: str, conn: Connection | None = None
                    ) -> dict[str, Any] | None:
        """Every stored column of one attempt, whole (None if unknown).

        See :func:`simulator.records.reads.attempt_row`.
        """
        if conn is None:
            with self.read() as own:
                return reads.attempt_row(ConnectionReader(own), attempt_id, self.display)
        return reads.attempt_row(ConnectionReader(conn), attempt_id, self.display)

    def insert_attempt(self, conn: Connection, row: dict[str, Any]) -> None:
        """Insert a new attempt row given with its whole ``journal_header`` text."""
        from simulator.records.attempt_rows import header_columns

        values = {**row, **header_columns(conn, row["journal_header"], row["created_at"])}
        conn.execute(attempts.insert().values(**values))

    def command_rows(self, attempt_id: str, conn: Connection | None = None
                     ) -> list[dict[str, Any]]:
        """The stored command rows of one attempt (``seq``, ``tick``, ``command`` text).

        See :func:`simulator.records.reads.command_rows`.
        """
        if conn is None:
            with self.read() as own:
                return reads.command_rows(ConnectionReader(own), attempt_id)
        return reads.command_rows(ConnectionReader(conn), attempt_id)

    def command_counts(self, attempt_ids: list[str]) -> dict[str, int]:
        """How many command rows are stored for each of these attempts (absent: none)."""
        c = attempt_commands.c
        counts: dict[str, int] = {}
        with self.read() as conn:
            for i in range(0, len(attempt_ids), 500):
                rows = conn.execute(select(c.attempt_id, func.count()).where(
                    c.attempt_id.in_(attempt_ids[i:i + 500])).group_by(c.attempt_id)).all()
                counts.update({attempt_id: count for attempt_id, count in rows})
        return counts


def _attempt_dict(row: Any, scorecards: bool) -> dict[str, Any]:
    out = {
        "attempt_id": row["id"], "sitting_id": row["sitting_id"], "part": row["part"],
        "trainee": row["display_name"], "trainee_id": row["trainee_id"],
        "assessment_id": row["assessment_id"], "scenario": row["scenario_id"],
        "seed": row["seed"], "mode": row["mode"], "bot": row["bot"], "status": row["status"],
        "passed": row["passed"], "overall": row["overall"],
        "dimensions": stored_json(row["dimensions"]),
        "critical_fails": row["critical_count"], "commands": row["command_count"],
        "outcome_hash": row["outcome_hash"], "registration": row["registration"],
        "created_at": row["created_at"], "deadline_at": row["deadline_at"],
        "finished_at": row["finished_at"],
    }
    if scorecards:
        text = row["scorecard"]
        if text is None and row["scorecard_packed"] is not None:
            from simulator.records.packing import unpack

            try:
                text = unpack(row["scorecard_packed"])
            except ValueError:
                text = None  # damaged: shown as no result; verify names it
        out["scorecard"] = stored_json(text)
    return out


