"""The records' SQLite file: where it is, whether its folder is safe, and reading it directly.

:class:`~simulator.records.store.Store` opens any records database through SQLAlchemy and
checks it (creating, upgrading, refusing a network share). A read that needs none of that
(``frontdesk verify ATTEMPT``, about a third of whose time importing SQLAlchemy would take)
can use :func:`open_sqlite` instead: it opens the same file read-only with the standard
library's ``sqlite3``, and only when the store would open it as it is. Anything else (another
database, an older or newer schema, a missing file, a network filesystem) gives None, and the
caller opens the store, which explains or handles it.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from simulator.records.columns import SCHEMA_VERSION
from simulator.records.reads import SqliteReader, schema_version

DB_FILE = "frontdesk.sqlite"
#: Read to find the filesystem type of the database folder (a module attribute for tests).
MOUNTS = "/proc/mounts"
#: Filesystems where SQLite's locks and WAL shared memory are not reliable.
NETWORK_FS = {"nfs", "nfs4", "cifs", "smbfs", "smb2", "smb3", "afs", "ceph", "glusterfs",
              "lustre", "gpfs", "9p", "ncpfs", "coda", "davfs", "sshfs", "fuse.sshfs",
              "fuse.rclone", "fuse.s3fs", "fuse.gcsfuse", "fuse.davfs2", "fuse.glusterfs",
              "fuse.cephfs"}


def filesystem_type(folder: Path, mounts: str | Path | None = None) -> str | None:
    """The filesystem type holding ``folder``, from ``/proc/mounts`` (None if unknown)."""
    try:
        text = Path(mounts or MOUNTS).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None  # not Linux, or /proc is hidden: nothing to check against
    target = folder.resolve()
    best: tuple[int, str] | None = None
    for line in text.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        point = Path(re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), parts[1]))
        # The longest mount point containing the folder wins; later lines overmount earlier.
        if (point == target or point in target.parents) and (
                best is None or len(str(point)) >= best[0]):
            best = (len(str(point)), parts[2])
    return best[1] if best else None


def is_network_fs(fstype: str | None) -> bool:
    """Whether a filesystem type is a network or FUSE-remote one."""
    if not fstype:
        return False
    return fstype in NETWORK_FS or fstype.startswith(("nfs", "smb", "cifs"))

#: The tables a verification reads (the store would also add any later table it lacks, a
#: write that nothing read here needs).
VERIFY_READS = frozenset({"records_meta", "trainees", "assessments", "attempts",
                          "attempt_commands", "shifts", "chains"})


class SqliteRecords:
    """A records file open for reading through ``sqlite3`` (see :func:`open_sqlite`)."""

    def __init__(self, conn: sqlite3.Connection, display: str):
        self.conn = conn
        self.display = display

    @contextmanager
    def read(self) -> Iterator[SqliteReader]:
        """One read transaction: every read inside it sees the same snapshot."""
        self.conn.execute("BEGIN")
        try:
            yield SqliteReader(self.conn)
        finally:
            self.conn.rollback()

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()


def file_of(url: str | None) -> Path | None:
    """The SQLite file a ``--db`` URL (or ``FRONTDESK_DB``, or the default) names.

    None when it names something else or says more than a path (a query string, an
    in-memory database, a ``file:`` URI, an escaped character): the store parses those.
    """
    text = url or os.environ.get("FRONTDESK_DB") or ""
    if not text:
        from simulator.datadir import data_dir

        return data_dir() / DB_FILE
    prefix = "sqlite:///"
    database = text[len(prefix):] if text.startswith(prefix) else ""
    if not database or database == ":memory:" or database.startswith("file:") \
            or any(c in database for c in "?%#"):
        return None
    return Path(database).expanduser().absolute()


def open_sqlite(url: str | None) -> SqliteRecords | None:
    """The records file, open read-only, when the store would read it as it is.

    Returns:
        The open records, or None to open :class:`~simulator.records.store.Store` instead.
    """
    path = file_of(url)
    if path is None or not path.is_file() or is_network_fs(filesystem_type(path.parent)):
        return None
    try:
        conn = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True, timeout=5.0,
                               isolation_level=None)
    except sqlite3.Error:
        return None
    try:
        reader = SqliteReader(conn)
        tables = {r["name"] for r in reader.rows(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}
        current = tables >= VERIFY_READS and schema_version(reader) == str(SCHEMA_VERSION)
    except sqlite3.Error:
        current = False
    if not current:
        conn.close()
        return None
    return SqliteRecords(conn, str(path))


__all__ = ["DB_FILE", "MOUNTS", "NETWORK_FS", "SqliteRecords", "file_of", "filesystem_type",
           "is_network_fs", "open_sqlite"]
