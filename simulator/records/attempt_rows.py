"""Attempt rows in their compact form (schema version 3): written compact, read whole.

Writers hand over the whole journal header and ScoreCard text; readers get them back,
byte for byte, under the same keys (``journal_header``, ``scorecard``), so seals, verify,
certificates and xAPI never see the packing (the reading half is
:func:`simulator.records.reads.whole`). See :mod:`simulator.records.packing`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, delete, insert, select

from simulator.records.packing import (
    pack,
    pack_commands,
    split_header,
)
from simulator.records.packing import shift_digest as digest_of
from simulator.records.schema import attempt_commands, shifts


def _insert_ignoring_duplicate(conn: Connection) -> Any:
    """An INSERT into ``shifts`` that does nothing when the digest is already stored."""
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        return pg_insert(shifts).on_conflict_do_nothing(index_elements=["digest"])
    if conn.dialect.name == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        return sqlite_insert(shifts).on_conflict_do_nothing(index_elements=["digest"])
    return insert(shifts)


def header_columns(conn: Connection, header_text: str, created_at: str) -> dict[str, Any]:
    """The header columns of a new row: its shift stored once, the header without it.

    A header whose shift cannot be cut out exactly is kept whole (``shift_digest`` NULL).
    """
    split = split_header(header_text)
    if split is None:
        return {"journal_header": header_text, "shift_digest": None, "shift_at": None}
    return cut_header_columns(conn, *split, created_at)


def cut_header_columns(conn: Connection, cut: str, shift_text: str, at: int,
                       created_at: str) -> dict[str, Any]:
    """:func:`header_columns` for a header already split (see ``packing.split_header``)."""
    digest = digest_of(shift_text)
    if conn.scalar(select(shifts.c.digest).where(shifts.c.digest == digest)) is None:
        import json

        header = json.loads(cut)
        conn.execute(_insert_ignoring_duplicate(conn).values(
            digest=digest, scenario_id=str(header.get("scenario_id") or ""),
            scenario_sha256=str(header.get("scenario_sha256") or ""),
            seed=int(header.get("seed") or 0), engine=str(header.get("engine") or ""),
            data=pack(shift_text), created_at=created_at))
    return {"journal_header": cut, "shift_digest": digest, "shift_at": at}


def finished_columns(card_text: str, summary_text: str, rows: list[dict[str, Any]] | bytes
                     ) -> dict[str, Any]:
    """The packed columns written when an attempt is scored.

    ``rows`` are its command rows, or those rows already packed.
    """
    return {"scorecard": None, "scorecard_packed": pack(card_text, "scorecard"),
            "summary": summary_text,
            "commands_packed": rows if isinstance(rows, bytes) else pack_commands(rows)}


def drop_command_rows(conn: Connection, attempt_id: str) -> None:
    """Delete an attempt's one-row-per-command copy once its commands are packed."""
    conn.execute(delete(attempt_commands).where(attempt_commands.c.attempt_id == attempt_id))


__all__ = ["cut_header_columns", "drop_command_rows", "finished_columns", "header_columns"]
