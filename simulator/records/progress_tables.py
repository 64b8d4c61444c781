"""The records store's progress tables: shifts, trainer unlocks and quiz attempts per trainee.

Progress is an append-only log (``progress_events``): a finished shift, a tier a trainer
opened, a quiz attempt are each one new row, so two desks writing for the same trainee at
once never overwrite each other (no read-modify-write of a blob). What a trainee has
passed or unlocked is read back from the rows. ``progress_imports`` remembers which older
``progress.json`` files were copied in (by the SHA-256 of their bytes), so a file is
imported once even when two programs open at the same moment.

The tables live on the records :data:`~simulator.records.schema.metadata`; functions here
take an open :class:`~simulator.records.store.Store` and use its ``read()``, ``write()``
and ``ensure_trainee()``.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    CheckConstraint,
    Column,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    inspect,
    select,
)

from simulator.errors import ContentError
from simulator.records.schema import metadata, trainees
from simulator.records.timeutil import iso

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from simulator.records.store import Store

#: Row kinds: a finished shift, a scenario marked passed without a shift row (imported
#: from an older file), a trainer's unlock, a quiz attempt.
KINDS = ("shift", "pass", "unlock", "quiz")

progress_events = Table(
    "progress_events", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("trainee_id", String(32), ForeignKey("trainees.id"), nullable=False, index=True),
    Column("kind", String(10), nullable=False),
    Column("scenario_id", String(200), nullable=True),  # shift and pass rows
    Column("tier", String(200), nullable=True),  # unlock rows
    # Canonical JSON text: a shift's situations, overall and passed; a quiz attempt's record.
    Column("payload", Text, nullable=False),
    Column("at", String(40), nullable=False),
    CheckConstraint("kind in ('shift', 'pass', 'unlock', 'quiz')", name="progress_kind"),
)

progress_imports = Table(
    "progress_imports", metadata,
    # The SHA-256 of an older progress file's bytes: the primary key makes a second,
    # simultaneous import of the same file fail instead of doubling every entry.
    Column("sha256", String(64), primary_key=True),
    Column("file", String(1000), nullable=False),
    Column("entries", Integer, nullable=False),
    Column("status", String(12), nullable=False),
    Column("at", String(40), nullable=False),
    CheckConstraint("status in ('imported', 'unreadable')", name="progress_import_status"),
)

TABLES = (progress_events, progress_imports)
#: The names to list in :data:`simulator.records.schema.LATER_TABLES`.
TABLE_NAMES = frozenset(t.name for t in TABLES)


@dataclass(frozen=True)
class Event:
    """One progress row as plain data (``trainee`` is the display name)."""

    trainee: str
    kind: str
    scenario_id: str | None = None
    tier: str | None = None
    payload: dict[str, Any] | None = None


def _canonical(payload: dict[str, Any] | None) -> str:
    return json.dumps(payload or {}, sort_keys=True, separators=(",", ":"))


def ensure_tables(store: Store) -> bool:
    """Create the progress tables when missing; whether they exist afterwards.

    Normally :class:`~simulator.records.store.Store` has created them on open already; this
    covers a store opened before this module was imported. A read-only database without
    them answers False (progress is then kept in memory by the caller).
    """
    with store.guard("open the progress tables"):
        names = set(inspect(store.engine).get_table_names())
    if names >= TABLE_NAMES:
        return True
    try:
        with store.write() as conn:
            metadata.create_all(conn, tables=list(TABLES), checkfirst=True)
    except ContentError:
        # Another program may have created them in the meantime (PostgreSQL runs DDL
        # without a store-wide lock); only a database still without them is a failure.
        with store.guard("open the progress tables"):
            names = set(inspect(store.engine).get_table_names())
        if not names >= TABLE_NAMES:
            raise
    return True


def add_events(store: Store, events: list[Event], now: datetime) -> None:
    """Append progress rows in one transaction (trainees created as needed)."""
    with store.write() as conn:
        _insert(store, conn, events, now)


def _insert(store: Store, conn: Connection, events: list[Event], now: datetime) -> None:
    ids: dict[str, str] = {}
    for event in events:
        if event.trainee not in ids:
            ids[event.trainee] = store.ensure_trainee(conn, event.trainee, now)
        conn.execute(progress_events.insert().values(
            trainee_id=ids[event.trainee], kind=event.kind, scenario_id=event.scenario_id,
            tier=event.tier, payload=_canonical(event.payload), at=iso(now)))


def read_events(store: Store, trainee: str | None = None,
                kinds: tuple[str, ...] = KINDS) -> list[Event]:
    """Stored progress rows, oldest first (by row id: the order they were committed)."""
    p = progress_events.c
    query = (select(trainees.c.display_name, p.kind, p.scenario_id, p.tier, p.payload)
             .join(trainees, trainees.c.id == p.trainee_id).where(p.kind.in_(kinds)))
    if trainee is not None:
        query = query.where(trainees.c.display_name == trainee)
    with store.read() as conn:
        rows = conn.execute(query.order_by(p.id)).all()
    return [Event(r.display_name, r.kind, r.scenario_id, r.tier, _payload(r.payload))
            for r in rows]


def _payload(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except ValueError:
        return {}  # a row edited by hand into nonsense reads as empty, not as a crash
    return value if isinstance(value, dict) else {}


# -- the older progress.json file ------------------------------------------------------------


def parse_legacy(text: str, default_trainee: str) -> list[Event]:
    """The rows an older ``progress.json`` holds, in its order.

    The file maps a trainee name to ``passed`` (scenario ids), ``unlocked`` (tier ids),
    ``history`` (finished shifts) and ``quiz`` (attempt records).

    Raises:
        ValueError: With the reason, when the text is not such a file.
    """
    data = json.loads(text)
    if not isinstance(data, dict):
        raise ValueError("the file is not a JSON object of trainees")
    events: list[Event] = []
    for name, entry in data.items():
        who = str(name) or default_trainee
        if not isinstance(entry, dict):
            raise ValueError(f"trainee '{name}': not an object")
        history = _list(entry, "history", name)
        shifts_passed = set()
        for item in history:
            if not isinstance(item, dict) or not isinstance(item.get("scenario"), str):
                raise ValueError(f"trainee '{name}': a history entry without a scenario")
            situations = item.get("situations") or []
            if not isinstance(situations, list):
                raise ValueError(f"trainee '{name}': situations is not a list")
            passed = bool(item.get("passed"))
            overall = item.get("overall")
            events.append(Event(who, "shift", scenario_id=item["scenario"], payload={
                "situations": [str(s) for s in situations],
                "overall": int(overall) if isinstance(overall, int | float) else 0,
                "passed": passed}))
            if passed:
                shifts_passed.add(item["scenario"])
        for sid in _list(entry, "passed", name):
            if not isinstance(sid, str):
                raise ValueError(f"trainee '{name}': a passed entry is not a scenario id")
            if sid not in shifts_passed:  # passed without a shift row: keep the pass only
                events.append(Event(who, "pass", scenario_id=sid))
                shifts_passed.add(sid)
        for tier in _list(entry, "unlocked", name):
            if not isinstance(tier, str):
                raise ValueError(f"trainee '{name}': an unlocked entry is not a tier id")
            events.append(Event(who, "unlock", tier=tier))
        for attempt in _list(entry, "quiz", name):
            if not isinstance(attempt, dict):
                raise ValueError(f"trainee '{name}': a quiz attempt is not an object")
            events.append(Event(who, "quiz", payload=dict(attempt)))
    return events


def _list(entry: dict[str, Any], key: str, name: str) -> list[Any]:
    value = entry.get(key) or []
    if not isinstance(value, list):
        raise ValueError(f"trainee '{name}': '{key}' is not a list")
    return value


@dataclass(frozen=True)
class ImportResult:
    """What :func:`import_legacy` did: ``status`` is imported, already, unreadable or none."""

    status: str
    entries: int = 0
    reason: str = ""


def import_legacy(store: Store, path: Path, now: datetime, default_trainee: str
                  ) -> ImportResult:
    """Copy an older ``progress.json`` into the store once, then rename it ``.imported``.

    Every entry goes in one transaction together with the file's ``progress_imports`` row;
    a second program importing the same file at the same moment finds the row (SQLite
    writers queue) or fails on its primary key and rolls back (PostgreSQL), so nothing is
    imported twice. An unreadable file is recorded as such (reported once) and left in
    place; the renaming is only tidiness, the row is what prevents a second import.

    Raises:
        ContentError: When the database cannot be written (the file is kept, and the
            import is tried again next time).
    """
    try:
        raw = path.read_bytes()
    except OSError:
        return ImportResult("none")  # gone (another program renamed it) or unreadable
    digest = hashlib.sha256(raw).hexdigest()
    found = _marker(store, digest)
    if found is not None:
        if found == "imported":
            _retire(path)
        return ImportResult("already")
    try:
        events = parse_legacy(raw.decode("utf-8"), default_trainee)
        status, reason = "imported", ""
    except (UnicodeDecodeError, ValueError) as exc:
        events, status, reason = [], "unreadable", str(exc) or type(exc).__name__
    try:
        with store.write() as conn:
            if conn.scalar(select(progress_imports.c.status).where(
                    progress_imports.c.sha256 == digest)) is not None:
                return ImportResult("already")
            # The marker first: a simultaneous importer waits on this key, then fails.
            conn.execute(progress_imports.insert().values(
                sha256=digest, file=str(path)[:1000], entries=len(events), status=status,
                at=iso(now)))
            _insert(store, conn, events, now)
    except ContentError:
        if _marker(store, digest) is not None:
            return ImportResult("already")  # the other program's import won
        raise
    if status == "imported":
        _retire(path)
    return ImportResult(status, len(events), reason)


def _marker(store: Store, digest: str) -> str | None:
    with store.read() as conn:
        return conn.scalar(select(progress_imports.c.status).where(
            progress_imports.c.sha256 == digest))


def _retire(path: Path) -> None:
    # The marker row is what prevents a second import; the new name tells a person why
    # the file is no longer used. A folder that refuses the rename changes nothing.
    with contextlib.suppress(OSError):
        path.replace(path.with_name(path.name + ".imported"))


#: A default database that could not be opened, by where it was looked for: (when, error).
#: Each screen opens progress on its own; an unreachable server would otherwise make every
#: one wait out the connection timeout. (The records layer may read the clock.)
_DOWN: dict[str, tuple[float, ContentError]] = {}
RETRY_AFTER = 60.0  # seconds before the default database is tried again


def open_default_store() -> Store:
    """``Store()``, but a database that just failed is not retried for a minute.

    Raises:
        ContentError: If it cannot be opened (now, or within the last minute).
    """
    import os
    import time

    from simulator.records.store import Store, data_dir

    where = f"{os.environ.get('FRONTDESK_DB', '')}|{data_dir()}"
    if where in _DOWN and time.monotonic() - _DOWN[where][0] < RETRY_AFTER:
        raise _DOWN[where][1]
    try:
        store = Store()
    except ContentError as exc:
        _DOWN[where] = (time.monotonic(), exc)
        raise
    _DOWN.pop(where, None)
    return store
