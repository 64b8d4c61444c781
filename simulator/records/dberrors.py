"""Word database failures for a trainer: locked, read-only, full disk, unreachable, damaged.

SQLite errors carry their result code name (``SQLITE_BUSY``, ``SQLITE_FULL``, ...) and
PostgreSQL errors their SQLSTATE, so the wording does not depend on message text alone.
"""

from __future__ import annotations

import errno
import shutil
from pathlib import Path

from sqlalchemy import exc as sa_exc

from simulator.errors import ContentError


def translate(exc: BaseException, doing: str, display: str, backend: str,
              db_path: Path | None) -> ContentError:
    """One ContentError for a failed database step.

    Args:
        exc: The SQLAlchemy, DBAPI or OS error.
        doing: What was being done, as a verb phrase ("write to the records database").
        display: The database as shown to the user (path or masked URL).
        backend: ``sqlite`` or ``postgresql``.
        db_path: The SQLite file, if any (to tell a full disk from other I/O errors).
    """
    orig = getattr(exc, "orig", None) or exc
    name = getattr(orig, "sqlite_errorname", "") or ""
    sqlstate = getattr(orig, "sqlstate", None) or ""
    code = getattr(orig, "errno", None)
    text = (str(orig).strip().splitlines() or [type(orig).__name__])[0]
    low = text.lower()
    if name.startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) or "is locked" in low \
            or sqlstate in ("55P03", "40P01"):
        what, hint = "the database is locked by another program", (
            "close other Front Desk windows or database tools using it, then try again")
    elif name.startswith("SQLITE_READONLY") or "readonly" in low or "read-only" in low \
            or sqlstate == "25006" or code in (errno.EROFS, errno.EACCES, errno.EPERM):
        what, hint = "the database is read-only", (
            "check the permissions of the file and its folder, or choose another --db")
    elif name == "SQLITE_FULL" or "disk is full" in low or code == errno.ENOSPC \
            or sqlstate == "53100" or (name.startswith("SQLITE_IOERR") and _full(db_path)):
        what, hint = "the disk is full", "free some space and try again; nothing was " \
            "saved from this step"
    elif name == "SQLITE_CANTOPEN" or "unable to open database" in low:
        what, hint = "cannot open the database file", (
            "check that the folder exists and is writable")
    elif name == "SQLITE_NOTADB" or "not a database" in low:
        what, hint = "the file is not a SQLite database", "point --db at a records database"
    elif name.startswith("SQLITE_CORRUPT"):
        what, hint = "the database file is damaged", "restore it from a backup"
    elif backend == "postgresql" and isinstance(exc, sa_exc.OperationalError):
        what, hint = f"cannot reach the database ({text})", (
            "check the URL, that the server is running, and the user and password")
    else:
        what, hint = f"database error ({text})", ""
    return ContentError.single(display, f"cannot {doing}: {what}", hint=hint)


def _full(db_path: Path | None) -> bool:
    folder = db_path.parent if db_path else None
    try:
        return folder is not None and shutil.disk_usage(folder).free == 0
    except OSError:
        return False
