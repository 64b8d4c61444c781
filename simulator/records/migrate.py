"""Bring an older records database up to :data:`~simulator.records.schema.SCHEMA_VERSION`.

Version 1 to 2 only adds nullable columns (:data:`~simulator.records.schema.UPGRADES`), so
the upgrade is a few ``ALTER TABLE ... ADD COLUMN`` statements and the version bump, in one
transaction: a second desk opening the same database meanwhile waits, then finds it done.
"""

from __future__ import annotations

from sqlalchemy import Connection, inspect, select, update
from sqlalchemy.schema import CreateColumn

from simulator.records.schema import SCHEMA_VERSION, UPGRADES, metadata, records_meta


def upgrade(conn: Connection) -> None:
    """Add every missing version-2 column and record the new version."""
    tables = {t.name: t for t in metadata.sorted_tables}
    present: dict[str, set[str]] = {}
    for table, column in UPGRADES:
        if table not in present:
            present[table] = {c["name"] for c in inspect(conn).get_columns(table)}
        if column in present[table]:
            continue
        ddl = CreateColumn(tables[table].c[column]).compile(dialect=conn.dialect)
        conn.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN {ddl}")
    conn.execute(update(records_meta).where(records_meta.c.key == "schema_version")
                 .values(value=str(SCHEMA_VERSION)))


def stored_version(conn: Connection) -> int | None:
    """The schema version written in the database (None before the first write)."""
    value = conn.scalar(select(records_meta.c.value).where(
        records_meta.c.key == "schema_version"))
    return int(value) if value is not None else None
