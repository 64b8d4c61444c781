"""The records store: trainees, assessments, attempts, their commands and quiz answers.

SQLite by default (``frontdesk.sqlite`` in the user data folder, or ``FRONTDESK_DATA_DIR``),
opened in WAL mode with ``synchronous=FULL`` so a committed command survives a crash or a
power cut. ``--db URL`` or ``FRONTDESK_DB`` selects another database, for example
``postgresql+psycopg://user@host/frontdesk`` for records shared by several desks.

Every database failure a trainer can meet (a wrong URL, a server that is down, a locked or
read-only file, a full disk, a SQLite file on a network share) becomes one
:class:`~simulator.errors.ContentError` naming the database and what to do; callers never
see a SQLAlchemy traceback. Read methods return plain dicts, so reports need no SQLAlchemy.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, create_engine, event, func, inspect, select
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import URL, make_url

from simulator.datadir import data_dir
from simulator.errors import ContentError, Problem
from simulator.records import reads
from simulator.records.attempt_tables import AttemptTablesMixin
from simulator.records.dberrors import translate
from simulator.records.quiz_tables import QuizTablesMixin
from simulator.records.reads import ConnectionReader
from simulator.records.schema import (
    CORE_TABLES,
    LATER_INDEXES,
    LATER_TABLES,
    SCHEMA_VERSION,
    assessments,
    attempts,
    metadata,
    records_meta,
    trainees,
)
from simulator.records.sqlite_file import DB_FILE, filesystem_type, is_network_fs
from simulator.records.timeutil import iso, utc_now
from simulator.records.typed import typed

POSTGRES_HINT = "use PostgreSQL for shared records: --db postgresql+psycopg://USER@HOST/DB"


def _mask(url_text: str) -> str:
    return re.sub(r"://([^:/@]*):[^@/]*@", r"://\1:***@", url_text)


def _sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    # Per connection: WAL sticks to the file, but synchronous and foreign_keys do not.
    cur = dbapi_conn.cursor()
    try:
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA foreign_keys=ON")
    finally:
        cur.close()


class Store(AttemptTablesMixin, QuizTablesMixin):
    """The records database, opened and checked.

    Args:
        url: A SQLAlchemy URL; None uses ``FRONTDESK_DB`` or the default SQLite file.
        create: Create the file and tables when missing (False: refuse instead).
        busy_timeout: Seconds to wait for another writer before reporting a lock.

    Raises:
        ContentError: For a bad URL, an unreachable, locked, read-only or full database,
            or a SQLite file on a network filesystem.
    """

    def __init__(self, url: str | None = None, *, create: bool = True,
                 busy_timeout: float = 5.0):
        if url:
            self.source, text = ("<command line>", "--db"), url
        elif os.environ.get("FRONTDESK_DB"):
            self.source, text = ("<environment>", "FRONTDESK_DB"), os.environ["FRONTDESK_DB"]
        else:
            self.source, text = None, ""
        self.db_path: Path | None = None
        if self.source is None:
            folder = data_dir()
            self._mkdir(folder)
            self.url: URL = URL.create("sqlite", database=str(folder / DB_FILE))
        else:
            self.url = self._parse(text)
        self.backend = self.url.get_backend_name()
        self.display = _mask(self.url.render_as_string(hide_password=True))
        if self.backend == "sqlite":
            self._prepare_sqlite(create)
        self.engine = self._engine(busy_timeout)
        self._setup(create)

    # -- opening -------------------------------------------------------------------------

    def _bad_url(self, message: str, hint: str) -> ContentError:
        file, field = self.source or ("<command line>", "--db")
        return ContentError([Problem(file, 0, 0, field, message, hint)])

    def _parse(self, text: str) -> URL:
        try:
            url = make_url(text)
        except sa_exc.ArgumentError:
            raise self._bad_url(f"'{_mask(text)}' is not a database URL",
                                "write sqlite:///PATH or postgresql+psycopg://USER@HOST/DB"
                                ) from None
        if url.get_backend_name() not in ("sqlite", "postgresql"):
            raise self._bad_url(f"unsupported database type '{url.get_backend_name()}'",
                                "use sqlite:///PATH or postgresql+psycopg://USER@HOST/DB")
        return url

    def _mkdir(self, folder: Path) -> None:
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ContentError.single(str(folder), "cannot create the data folder "
                                      f"({exc.strerror})",
                                      hint="set FRONTDESK_DATA_DIR to a writable folder "
                                      "or pass --db") from None

    def _prepare_sqlite(self, create: bool) -> None:
        database = self.url.database or ""
        if database in ("", ":memory:") or self.url.query.get("mode") == "memory":
            return  # in-memory: nothing on disk to check
        uri = database.startswith("file:")
        if uri:
            database = database[5:].split("?")[0]
        self.db_path = Path(database).expanduser().absolute()
        if not uri:
            # The file checked here is the file opened (SQLite itself would not expand ~).
            self.url = self.url.set(database=str(self.db_path))
        self.display = str(self.db_path)
        folder = self.db_path.parent
        if not folder.is_dir():
            raise ContentError.single(self.display, "the database folder does not exist",
                                      hint="create it, or choose another path with --db")
        fstype = filesystem_type(folder)
        if is_network_fs(fstype):
            raise ContentError.single(
                self.display, f"the database folder is on a network filesystem ({fstype}); "
                "SQLite's locking and write-ahead log are not safe there",
                hint=f"keep the file on a local disk (FRONTDESK_DATA_DIR), or {POSTGRES_HINT}")
        if not create and not self.db_path.exists():
            raise ContentError.single(self.display, "no records database here yet",
                                      hint="create an assessment first, or pass --db")
        if not self.db_path.exists():
            # Trainee names live here: the file is the owner's alone (SQLite gives its WAL
            # and shared-memory files the same mode).
            with contextlib.suppress(FileExistsError, OSError):
                os.close(os.open(self.db_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))

    def _engine(self, busy_timeout: float) -> Any:
        try:
            if self.backend == "sqlite":
                engine = create_engine(self.url, connect_args={"timeout": busy_timeout})
                event.listen(engine, "connect", _sqlite_pragmas)
                return engine
            return create_engine(self.url, pool_pre_ping=True,
                                 connect_args={"connect_timeout": 10})
        except (sa_exc.NoSuchModuleError, ModuleNotFoundError) as exc:
            hint = ("install the PostgreSQL driver: pip install 'frontdesk-simulator[postgres]'"
                    if self.backend == "postgresql" else "check the driver name in the URL")
            raise self._bad_url(f"no database driver for '{self.url.drivername}' ({exc})",
                                hint) from None
        except sa_exc.ArgumentError as exc:
            raise self._bad_url(f"bad database URL ({exc})", "check the URL's options") \
                from None

    def _setup(self, create: bool) -> None:
        with self.guard("open the records database"):
            inspector = inspect(self.engine)
            names = set(inspector.get_table_names())
            if CORE_TABLES - names:
                if not create:
                    raise ContentError.single(self.display, "this database has no Front Desk "
                                              "records tables", hint="check --db")
                from simulator.records.migrate import create as create_tables

                # One write transaction: a second process waits, then finds it all done.
                with self.write() as conn:
                    create_tables(conn)
                return
            with self.read() as conn:
                version = conn.scalar(select(records_meta.c.value).where(
                    records_meta.c.key == "schema_version"))
            if version is None:
                with self.write() as conn:
                    self._ensure_version(conn, 1 if "shifts" not in names else SCHEMA_VERSION)
                version = "1" if "shifts" not in names else str(SCHEMA_VERSION)
            if int(version) > SCHEMA_VERSION:
                raise ContentError.single(
                    self.display, f"these records use schema version {version}, newer than "
                    f"this program's {SCHEMA_VERSION}", hint="upgrade Front Desk Simulator")
            if int(version) < SCHEMA_VERSION:
                self._upgrade(int(version))
            if LATER_TABLES - names:
                try:
                    with self.write() as conn:
                        metadata.create_all(conn)
                except ContentError:
                    pass  # a read-only copy of older records: readable without the new tables
            self._add_later_indexes(inspector, names)

    def _add_later_indexes(self, inspector: Any, names: set[str]) -> None:
        """Create the indexes of :data:`LATER_INDEXES` a database lacks (when writable)."""
        missing = [index for table, wanted in LATER_INDEXES.items() if table in names
                   for index in metadata.tables[table].indexes
                   if index.name in wanted and index.name not in
                   {found["name"] for found in inspector.get_indexes(table)}]
        if not missing:
            return
        try:
            with self.write() as conn:
                for index in missing:
                    index.create(conn, checkfirst=True)
        except ContentError:
            pass  # a read-only copy: reports read it without the index, only slower

    def _upgrade(self, version: int) -> None:
        from simulator.records.migrate import stored_version, upgrade, upgrade_progress

        try:
            with self.write() as conn:
                if (stored_version(conn) or 0) < SCHEMA_VERSION:  # another desk may be first
                    upgrade(conn, upgrade_progress(self.display))
        except ContentError as exc:
            raise ContentError.single(
                self.display, f"these records use schema version {version} and must be "
                f"upgraded to {SCHEMA_VERSION}, which needs write access "
                f"({exc.problems[0].message})", hint="open them once with write access") \
                from None
        if self.backend == "sqlite":
            # The old full copies are gone: give their pages back to the disk. Another desk
            # holding the file open only means the space is returned on a later upgrade.
            with contextlib.suppress(sa_exc.SQLAlchemyError, sqlite3.Error), \
                    self.engine.connect() as conn:
                conn.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM")

    @staticmethod
    def _ensure_version(conn: Connection, version: int) -> None:
        found = conn.scalar(select(records_meta.c.value).where(
            records_meta.c.key == "schema_version"))
        if found is None:
            conn.execute(records_meta.insert().values(key="schema_version",
                                                      value=str(version)))

    def close(self) -> None:
        """Close every pooled connection."""
        self.engine.dispose()

    # -- transactions and errors ---------------------------------------------------------

    @contextmanager
    def guard(self, doing: str) -> Iterator[None]:
        """Turn any database or file failure inside the block into a ContentError."""
        try:
            yield
        except (sa_exc.DBAPIError, sqlite3.Error, OSError) as exc:
            raise self.translate(exc, doing) from None
        except sa_exc.SQLAlchemyError as exc:
            raise ContentError.single(self.display, f"cannot {doing}: {exc}") from None

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """A write transaction, committed at the end of the block (rolled back on error).

        SQLite takes the write lock at once (``BEGIN IMMEDIATE``), so a transaction that
        reads before it writes cannot fail half-way on a lock upgrade.
        """
        with self.guard("write to the records database"), self.engine.begin() as conn:
            if self.backend == "sqlite":
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            yield conn

    @contextmanager
    def read(self) -> Iterator[Connection]:
        """A connection for reading."""
        with self.guard("read the records database"), self.engine.connect() as conn:
            yield conn

    def translate(self, exc: BaseException, doing: str) -> ContentError:
        """Word a database or file failure for a trainer."""
        return translate(exc, doing, self.display, self.backend, self.db_path)

    # -- trainees --------------------------------------------------------------------------

    def ensure_trainee(self, conn: Connection, name: str, now: datetime) -> str:
        """The pseudonymous id of the trainee called ``name``, created if new."""
        found = conn.scalar(select(trainees.c.id).where(trainees.c.display_name == name))
        if found:
            return found
        from simulator.records.names import refuse_look_alike

        refuse_look_alike(name)
        new_id = uuid.uuid4().hex
        conn.execute(trainees.insert().values(id=new_id, display_name=name,
                                              created_at=iso(now)))
        return new_id

    def trainee(self, name: str) -> dict[str, Any] | None:
        """One trainee by display name (None if unknown)."""
        with self.read() as conn:
            row = conn.execute(select(trainees).where(trainees.c.display_name == name)).first()
        return dict(row._mapping) if row else None

    def trainee_name(self, trainee_id: str, conn: Connection) -> str:
        """The display name of a trainee id, inside a transaction ('' if unknown)."""
        return reads.trainee_name(ConnectionReader(conn), trainee_id, self.display)

    def trainees(self) -> list[dict[str, Any]]:
        """Every trainee: ``id`` (pseudonymous), ``display_name``, ``created_at``."""
        with self.read() as conn:
            rows = conn.execute(select(trainees).order_by(trainees.c.display_name)).all()
        return [dict(r._mapping) for r in rows]

    # -- assessments -----------------------------------------------------------------------

    def add_assessment(self, assessment_id: str, title: str, yaml_text: str, sha256: str,
                       now: datetime | None = None) -> bool:
        """Store an assessment definition; False if the identical one is already stored.

        Raises:
            ContentError: If a different definition is stored under the same id.
        """
        with self.write() as conn:
            old = conn.scalar(select(assessments.c.sha256).where(
                assessments.c.id == assessment_id))
            if old == sha256:
                return False
            if old is not None:
                raise ContentError.single(
                    self.display, f"assessment '{assessment_id}' is already stored with "
                    "different content", path="id",
                    hint="results must keep pointing at what was taken: give the new "
                    "version a new id")
            conn.execute(assessments.insert().values(
                id=assessment_id, title=title, yaml=yaml_text, sha256=sha256,
                created_at=iso(now or utc_now())))
        return True

    def assessment(self, assessment_id: str) -> dict[str, Any] | None:
        """One stored assessment with its YAML text (None if unknown)."""
        with self.read() as conn:
            return reads.assessment(ConnectionReader(conn), assessment_id, self.display)

    def assessments(self) -> list[dict[str, Any]]:
        """Every stored assessment (with its YAML text) and its attempt counts."""
        count = (select(attempts.c.assessment_id, func.count().label("attempts"),
                        func.count(func.distinct(attempts.c.sitting_id)).label("sittings"))
                 .group_by(attempts.c.assessment_id).subquery())
        with self.read() as conn:
            rows = conn.execute(
                select(assessments, count.c.attempts, count.c.sittings)
                .outerjoin(count, count.c.assessment_id == assessments.c.id)
                .order_by(assessments.c.id)).all()
        out = []
        for row in rows:
            item = typed(assessments, row._mapping, self.display, str(row.id))
            item["attempts"] = item["attempts"] or 0
            item["sittings"] = item["sittings"] or 0
            out.append(item)
        return out

    def sittings_used(self, trainee_id: str, assessment_id: str) -> int:
        """How many sittings of an assessment a trainee has started (from the signed chain).

        Raises:
            ContentError: If the signed record of their attempts does not verify.
        """
        from simulator.records.keys import Trust
        from simulator.records.seal_store import sittings_started

        with self.read() as conn:
            return sittings_started(conn, trainee_id, assessment_id, Trust.load())


__all__ = ["DB_FILE", "Store", "data_dir", "filesystem_type", "is_network_fs", "iso", "utc_now"]
