"""Atomic file writes: a crash leaves either the old file or the new one, never half."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO


def shared_mode() -> int:
    """The mode a normal new file gets here (``0o666`` less the umask, as ``open`` does)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def atomic_write_bytes(path: str | Path, data: bytes, *, private: bool = False) -> None:
    """Write ``data`` to ``path`` atomically (temp file in the same folder, then rename).

    Reports, exports and certificates are for colleagues, so the file gets the user's normal
    permissions (as ``open`` would give it); ``private`` keeps it to the owner (0600).

    Raises:
        OSError: If the folder is missing or not writable; the target is left untouched.
    """
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    try:
        # mkstemp makes the temp file 0600 whatever the umask; widen it before the rename.
        os.fchmod(fd, 0o600 if private else shared_mode())
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_text(path: str | Path, text: str, *, private: bool = False) -> None:
    """Write UTF-8 ``text`` to ``path`` atomically (see :func:`atomic_write_bytes`)."""
    atomic_write_bytes(path, text.encode("utf-8"), private=private)


@contextmanager
def atomic_text_file(path: str | Path, *, private: bool = False) -> Iterator[TextIO]:
    """A UTF-8 text file to write in pieces, renamed over ``path`` only when the block ends.

    For outputs too large to build in memory first (a cohort CSV of 50,000 attempts). An
    exception in the block removes the temporary file and leaves ``path`` untouched.

    Raises:
        OSError: If the folder is missing or not writable.
    """
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    try:
        os.fchmod(fd, 0o600 if private else shared_mode())
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
