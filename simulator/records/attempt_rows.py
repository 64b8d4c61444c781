"""Attempt rows in their compact form (schema version 3): written compact, read whole.

Writers hand over the whole journal header and ScoreCard text; readers get them back,
byte for byte, under the same keys (``journal_header``, ``scorecard``), so seals, verify,
certificates and xAPI never see the packing. See :mod:`simulator.records.packing`.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, delete, insert, select

from simulator.records.packing import (
    join_header,
    pack,
    pack_commands,
    split_header,
    unpack,
    unpack_commands,
)
from simulator.records.packing import shift_digest as digest_of
from simulator.records.schema import attempt_commands, shifts

#: What a row reads as when its packed text is damaged: it matches no signed digest, so
#: verify reports "the stored ... differs from the signed one" instead of failing.
DAMAGED = "<damaged>"


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


def shift_text(conn: Connection, digest: str) -> str | None:
    """The stored shift with this digest (None if missing, damaged or not that shift).

    Read from the database every time (no cache): verify must see what is stored now.
    """
    data = conn.scalar(select(shifts.c.data).where(shifts.c.digest == digest))
    try:
        text = unpack(data)
    except ValueError:
        return None
    if text is None or digest_of(text) != digest:
        return None  # missing, or not the shift it is filed under
    return text


def whole(conn: Connection, row: dict[str, Any]) -> dict[str, Any]:
    """A stored attempt row with its whole ``journal_header`` and ``scorecard`` text.

    The row's values must be of their columns' types (see :func:`typed.typed`).
    """
    if row.get("shift_digest"):
        text = shift_text(conn, row["shift_digest"])
        try:
            row["journal_header"] = (DAMAGED if text is None else
                                     join_header(row["journal_header"], text, row["shift_at"]))
        except (ValueError, TypeError):
            row["journal_header"] = DAMAGED
    if row.get("scorecard") is None and row.get("scorecard_packed") is not None:
        try:
            row["scorecard"] = unpack(row["scorecard_packed"])
        except ValueError:
            row["scorecard"] = DAMAGED
    return row


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


def packed_command_rows(data: Any) -> list[dict[str, Any]]:
    """The command rows packed in an attempt (none when they are damaged)."""
    try:
        return unpack_commands(data)
    except (ValueError, TypeError):
        return []


__all__ = ["DAMAGED", "cut_header_columns", "drop_command_rows", "finished_columns",
           "header_columns", "packed_command_rows", "shift_text", "whole"]
