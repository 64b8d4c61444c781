"""The reads ``verify`` makes, as SQL text that SQLite's own driver and SQLAlchemy both run.

Verifying one attempt reads a handful of rows: the attempt, its stored shift and commands,
its trainee's name, its chain, its assessment. They are written once here, against a
:class:`Reader`, so the same code serves two ways in:

* :class:`ConnectionReader` runs them on a SQLAlchemy connection (any database the store
  opens, PostgreSQL included): :class:`~simulator.records.store.Store` reads through it;
* :class:`SqliteReader` runs them on the standard library's ``sqlite3``: a fresh
  ``frontdesk verify`` on a SQLite file then never imports SQLAlchemy (about 150 ms of a
  300 ms budget; see :mod:`simulator.records.sqlite_file`).

The attempt, trainee and assessment rows are type-checked
(:func:`simulator.records.typed.typed`) and come back with their columns' Python types,
whichever driver read them; the other reads (command rows, chain links and head, a shift's
data) are checked by the code that reads them (unpacking, the chain's verdict).
"""

from __future__ import annotations

import sqlite3
from typing import TYPE_CHECKING, Any, Protocol

from simulator.records.packing import join_header, stored_json, unpack, unpack_commands
from simulator.records.packing import shift_digest as digest_of
from simulator.records.typed import typed

if TYPE_CHECKING:
    from sqlalchemy import Connection

#: What a row reads as when its packed text is damaged: it matches no signed digest, so
#: verify reports "the stored ... differs from the signed one" instead of failing.
DAMAGED = "<damaged>"
#: The chain of attempts made outside any assessment.
NO_ASSESSMENT = "-"


class Reader(Protocol):
    """Runs one SELECT with ``:name`` parameters and returns its rows as dicts."""

    def rows(self, sql: str, **params: Any) -> list[dict[str, Any]]:
        """The rows ``sql`` selects."""
        ...


class SqliteReader:
    """A :class:`Reader` on a standard-library ``sqlite3`` connection."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def rows(self, sql: str, **params: Any) -> list[dict[str, Any]]:
        """The rows ``sql`` selects."""
        cursor = self.conn.execute(sql, params)
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


class ConnectionReader:
    """A :class:`Reader` on a SQLAlchemy connection (SQLite or PostgreSQL)."""

    def __init__(self, conn: Connection):
        self.conn = conn

    def rows(self, sql: str, **params: Any) -> list[dict[str, Any]]:
        """The rows ``sql`` selects."""
        from sqlalchemy import text

        return [dict(r._mapping) for r in self.conn.execute(text(sql), params)]


def reader_of(conn: Reader | Connection) -> Reader:
    """``conn`` as a :class:`Reader` (a SQLAlchemy connection is wrapped)."""
    return conn if isinstance(conn, SqliteReader | ConnectionReader) else \
        ConnectionReader(conn)  # type: ignore[arg-type]


def snapshot(conn: Any) -> Any:
    """``conn``, set so that every read made on it sees one snapshot of the database.

    Verify reads a chain's links and its head in separate statements: another desk
    starting an attempt between them must not read as a deleted one. A direct SQLite
    reader already reads inside ``BEGIN``; through SQLAlchemy, PostgreSQL is asked for
    ``REPEATABLE READ`` and SQLite's driver (which begins nothing before a SELECT) is sent
    ``BEGIN``. Call it before the connection's first statement.
    """
    if isinstance(conn, SqliteReader | ConnectionReader):
        return conn
    if conn.dialect.name == "postgresql":
        return conn.execution_options(isolation_level="REPEATABLE READ")
    if conn.dialect.name == "sqlite":
        conn.exec_driver_sql("BEGIN")
    return conn


def _first(reader: Reader, sql: str, **params: Any) -> dict[str, Any] | None:
    found = reader.rows(sql, **params)
    return found[0] if found else None


# -- one attempt -------------------------------------------------------------------------


def attempt_row(reader: Reader, attempt_id: str, where: str) -> dict[str, Any] | None:
    """Every stored column of one attempt, whole (None if unknown).

    ``journal_header`` and ``scorecard`` are the whole texts the seals signed, however they
    are kept (see :mod:`simulator.records.packing`).

    Raises:
        DamagedRecord: If a column holds a value of another type.
    """
    row = _first(reader, "SELECT * FROM attempts WHERE id = :id", id=attempt_id)
    return None if row is None else whole(reader, typed("attempts", row, where, attempt_id))


def shift_text(reader: Reader, digest: str) -> str | None:
    """The stored shift with this digest (None if missing, damaged or not that shift).

    Read from the database every time (no cache): verify must see what is stored now.
    """
    row = _first(reader, "SELECT data FROM shifts WHERE digest = :digest", digest=digest)
    try:
        text = unpack(None if row is None else row["data"])
    except ValueError:
        return None
    if text is None or digest_of(text) != digest:
        return None  # missing, or not the shift it is filed under
    return text


def whole(reader: Reader, row: dict[str, Any]) -> dict[str, Any]:
    """A stored attempt row with its whole ``journal_header`` and ``scorecard`` text.

    The row's values must be of their columns' types (see :func:`typed.typed`).
    """
    if row.get("shift_digest"):
        text = shift_text(reader, row["shift_digest"])
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


def packed_command_rows(data: Any) -> list[dict[str, Any]]:
    """The command rows packed in an attempt (none when they are damaged)."""
    try:
        return unpack_commands(data)
    except (ValueError, TypeError):
        return []


def command_rows(reader: Reader, attempt_id: str) -> list[dict[str, Any]]:
    """The stored command rows of one attempt (``seq``, ``tick``, ``command`` text).

    An open attempt keeps one row per command (each committed as it is played); a finished
    one keeps them packed in the attempt row.
    """
    row = _first(reader, "SELECT commands_packed FROM attempts WHERE id = :id", id=attempt_id)
    if row is not None and row["commands_packed"] is not None:
        return packed_command_rows(row["commands_packed"])
    return reader.rows("SELECT seq, tick, command FROM attempt_commands "
                       "WHERE attempt_id = :id ORDER BY seq", id=attempt_id)


def is_attempt(reader: Reader, attempt_id: str) -> bool:
    """Whether an attempt has this id (a sitting of one part may share it)."""
    return bool(reader.rows("SELECT id FROM attempts WHERE id = :id", id=attempt_id))


def sitting_parts(reader: Reader, sitting_id: str) -> list[dict[str, Any]]:
    """The parts of a sitting, in part order (none for an unknown id).

    A part belongs when its row says so, or when its signed start says so: an edited
    ``sitting_id`` column does not hide a part from the sitting's check (the part's own
    check then names the edit). Each part comes with ``id``, ``part``, ``status`` and
    whether it carries a result seal (``sealed``).
    """
    found: dict[str, dict[str, Any]] = {}
    seeds = reader.rows("SELECT DISTINCT trainee_id, assessment_id FROM attempts "
                        "WHERE id = :sitting OR sitting_id = :sitting", sitting=sitting_id)
    for seed in seeds:
        if seed["assessment_id"] is None:  # practice: each attempt is its own sitting
            rows = reader.rows("SELECT id, part, status, sitting_id, created_at, sealed "
                               "FROM attempts WHERE sitting_id = :sitting", sitting=sitting_id)
        else:
            rows = reader.rows("SELECT id, part, status, sitting_id, created_at, sealed, "
                               "start_sealed FROM attempts WHERE trainee_id = :trainee AND "
                               "assessment_id = :assessment", trainee=seed["trainee_id"],
                               assessment=seed["assessment_id"])
        for row in rows:
            signed = stored_json(row.pop("start_sealed", None))
            if row["sitting_id"] == sitting_id or (
                    isinstance(signed, dict) and signed.get("sitting_id") == sitting_id):
                row["sealed"] = row["sealed"] is not None
                found[str(row["id"])] = row
    return sorted(found.values(), key=lambda r: (
        r["part"] if type(r["part"]) is int else 1 << 30, str(r["created_at"]), str(r["id"])))


# -- around it ---------------------------------------------------------------------------


def trainee_name(reader: Reader, trainee_id: str, where: str) -> str:
    """The display name of a trainee id ('' if unknown).

    Raises:
        DamagedRecord: If the stored name is not text.
    """
    row = _first(reader, "SELECT display_name FROM trainees WHERE id = :id", id=trainee_id)
    name = (row or {}).get("display_name") or ""
    typed("trainees", {"display_name": name}, where, trainee_id)
    return name


def assessment(reader: Reader, assessment_id: str, where: str) -> dict[str, Any] | None:
    """One stored assessment with its YAML text (None if unknown).

    Raises:
        DamagedRecord: If a column holds a value of another type.
    """
    row = _first(reader, "SELECT * FROM assessments WHERE id = :id", id=assessment_id)
    return None if row is None else typed("assessments", row, where, assessment_id)


def chain_rows(reader: Reader, trainee_id: str, chain: str
               ) -> tuple[dict[int, tuple[str | None, str | None]], dict[str, Any] | None]:
    """A trainee's chain at one assessment as stored: its links and its head.

    Returns:
        Chain position -> (start seal text, start seal) of each attempt found, and the
        chain's head row (None if there is none).
    """
    links = ("SELECT chain_seq, start_sealed, start_seal FROM attempts WHERE trainee_id = "
             ":trainee AND chain_seq IS NOT NULL AND ")
    found = (reader.rows(links + "assessment_id IS NULL", trainee=trainee_id)
             if chain == NO_ASSESSMENT else
             reader.rows(links + "assessment_id = :chain", trainee=trainee_id, chain=chain))
    head = _first(reader, "SELECT * FROM chains WHERE trainee_id = :trainee AND "
                  "chain = :chain", trainee=trainee_id, chain=chain)
    return {r["chain_seq"]: (r["start_sealed"], r["start_seal"]) for r in found}, head


def schema_version(reader: Reader) -> str | None:
    """The ``schema_version`` the store records (None if it records none)."""
    row = _first(reader, "SELECT value FROM records_meta WHERE key = 'schema_version'")
    return None if row is None else row["value"]


__all__ = ["DAMAGED", "NO_ASSESSMENT", "ConnectionReader", "Reader", "SqliteReader",
           "assessment", "attempt_row", "chain_rows", "command_rows", "is_attempt",
           "packed_command_rows", "reader_of", "schema_version", "shift_text",
           "sitting_parts", "snapshot", "trainee_name", "whole"]
