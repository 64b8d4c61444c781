"""Create the records tables, or bring an older database up to date, with Alembic.

The migrations live in ``simulator/records/migrations`` (shipped in the package) and are
run on the store's own connection, inside the store's write transaction, so a second desk
opening the same database meanwhile waits and then finds the work done. Alembic is
imported only here, and this module only when a database is created or is older than
:data:`~simulator.records.schema.SCHEMA_VERSION`: opening a current database costs nothing.

Databases from before Alembic (versions 1 and 2) have no ``alembic_version`` table: they
are stamped with the revision of the version ``records_meta`` records, then upgraded.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import Connection, inspect, select

from simulator.records.schema import SCHEMA_VERSION, metadata, records_meta

MIGRATIONS = Path(__file__).with_name("migrations")
#: The Alembic revision each schema version ends at.
REVISIONS = {1: "0001_version_1", 2: "0002_desk_key_seals", 3: "0003_compact_attempts"}
HEAD = REVISIONS[SCHEMA_VERSION]


def _config(conn: Connection, progress: Any = None) -> Any:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = conn
    config.attributes["progress"] = progress
    return config


def create(conn: Connection) -> None:
    """Create every table of a new database and stamp it with the newest revision."""
    from alembic import command

    metadata.create_all(conn)
    if conn.scalar(select(records_meta.c.value).where(
            records_meta.c.key == "schema_version")) is None:
        conn.execute(records_meta.insert().values(key="schema_version",
                                                  value=str(SCHEMA_VERSION)))
    command.stamp(_config(conn), HEAD)


def upgrade(conn: Connection, progress: Any = None) -> None:
    """Run every migration the database has not had yet.

    Args:
        conn: A connection inside a write transaction.
        progress: Called as ``progress(done, total)`` while attempts are converted.
    """
    from alembic import command

    found = stored_version(conn) or 1
    if "alembic_version" not in inspect(conn).get_table_names():
        command.stamp(_config(conn), REVISIONS[found])
    command.upgrade(_config(conn, progress), HEAD)


def set_version(conn: Connection, version: int) -> None:
    """Record the schema version a migration reached (read on every open)."""
    from sqlalchemy import update

    conn.execute(update(records_meta).where(records_meta.c.key == "schema_version")
                 .values(value=str(version)))


def stored_version(conn: Connection) -> int | None:
    """The schema version written in the database (None before the first write)."""
    value = conn.scalar(select(records_meta.c.value).where(
        records_meta.c.key == "schema_version"))
    return int(value) if value is not None else None


def upgrade_progress(display: str) -> Any:
    """Progress lines on stderr while a large database is converted (1,000 attempts up)."""
    import sys

    state = {"next": 10}

    def say(done: int, total: int) -> None:
        if total < 1000:
            return
        percent = done * 100 // total
        if percent >= state["next"]:
            print(f"upgrading the records in {display}: {done} of {total} attempts",
                  file=sys.stderr, flush=True)
            state["next"] = percent // 10 * 10 + 10

    return say
