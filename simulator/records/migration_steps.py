"""The work of the records migrations (kept here so it is typed, linted and tested).

``compact_attempts`` converts the attempts of a version-2 database in batches inside the
migration's transaction; a failure rolls all of it back and leaves version 2 as it was.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Connection, inspect, select, update
from sqlalchemy.schema import CreateColumn

from simulator.records.attempt_rows import drop_command_rows, header_columns
from simulator.records.packing import pack, pack_commands
from simulator.records.schema import attempt_commands, attempts, metadata

BATCH = 200


def add_columns(conn: Connection, columns: tuple[tuple[str, str], ...]) -> None:
    """``ALTER TABLE ... ADD COLUMN`` for each (table, column) that is missing."""
    tables = {t.name: t for t in metadata.sorted_tables}
    present: dict[str, set[str]] = {}
    for table, column in columns:
        if table not in present:
            present[table] = {c["name"] for c in inspect(conn).get_columns(table)}
        if column in present[table]:
            continue
        ddl = CreateColumn(tables[table].c[column]).compile(dialect=conn.dialect)
        conn.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN {ddl}")


def compact_attempts(conn: Connection, progress: Callable[[int, int], None] | None = None
                     ) -> int:
    """Move every attempt to the compact form; return how many were converted.

    The stored texts are not re-encoded: the header is cut where its shift was and put
    back exactly on reading, the ScoreCard and command texts are compressed as they are.
    Nothing is re-scored and no summary is written: an attempt sealed before version 3
    has no signed summary, so reports read its (signed) ScoreCard instead.
    """
    a = attempts.c
    ids = list(conn.scalars(select(a.id).where(a.shift_digest.is_(None)).order_by(a.id)))
    for start in range(0, len(ids), BATCH):
        batch = ids[start:start + BATCH]
        rows = conn.execute(select(a.id, a.status, a.journal_header, a.scorecard,
                                   a.created_at).where(a.id.in_(batch))).all()
        for row in rows:
            _compact_one(conn, row._mapping)
        if progress is not None:
            progress(min(start + BATCH, len(ids)), len(ids))
    return len(ids)


def _compact_one(conn: Connection, row: Any) -> None:
    values: dict[str, Any] = header_columns(conn, row["journal_header"], row["created_at"])
    if row["scorecard"] is not None:
        values.update(scorecard=None, scorecard_packed=pack(row["scorecard"], "scorecard"))
    if row["status"] != "open":
        c = attempt_commands.c
        commands = [dict(r._mapping) for r in conn.execute(
            select(c.seq, c.tick, c.command).where(c.attempt_id == row["id"])
            .order_by(c.seq)).all()]
        values["commands_packed"] = pack_commands(commands)
        drop_command_rows(conn, row["id"])
    conn.execute(update(attempts).where(attempts.c.id == row["id"]).values(**values))
