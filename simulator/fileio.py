"""Atomic file writes: a crash leaves either the old file or the new one, never half."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO, TextIO


class NotRegularFile(OSError):
    """An input that is not a regular file (a FIFO, a device, a socket, a folder)."""

    def __init__(self, path: str | Path, kind: str):
        import errno

        super().__init__(errno.EINVAL, f"it is {kind}, not a regular file; it was left as it "
                         "is", str(path))
        self.kind = kind


def kind_of(mode: int) -> str:
    """What a file of this mode is, in words ("a regular file", "a FIFO"...)."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a regular file" if stat.S_ISREG(mode) else "not a regular file"


def open_regular(path: str | Path) -> BinaryIO:
    """Open an input file for reading, refusing anything but a regular file.

    Opened without blocking, so a FIFO given by mistake is refused instead of waiting
    forever for a writer, and a device (``/dev/zero``) is never read.

    Raises:
        NotRegularFile: If it is a FIFO, a device, a socket or a folder.
        OSError: If it cannot be opened.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    fd = os.open(path, flags)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise NotRegularFile(path, kind_of(mode))
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def shared_mode() -> int:
    """The mode a normal new file gets here (``0o666`` less the umask, as ``open`` does)."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


def check_target(path: str | Path) -> None:
    """Refuse an output path that is not a new or writable regular file.

    A write replaces the file by renaming a new one over it, which would swap a device
    (``/dev/null``), a FIFO or a read-only file for a regular file: those are refused.

    Raises:
        NotRegularFile: If the path (or what a link there points to) is not a regular file.
        PermissionError: If the file is read-only.
    """
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return
    if not stat.S_ISREG(st.st_mode):
        raise NotRegularFile(path, kind_of(st.st_mode))
    if not st.st_mode & 0o222:
        import errno

        raise PermissionError(errno.EACCES, "the file is read-only; it was left as it is",
                              str(path))


def atomic_write_bytes(path: str | Path, data: bytes, *, private: bool = False) -> None:
    """Write ``data`` to ``path`` atomically (temp file in the same folder, then rename).

    Reports, exports and certificates are for colleagues, so the file gets the user's normal
    permissions (as ``open`` would give it); ``private`` keeps it to the owner (0600).

    Raises:
        OSError: If the folder is missing or not writable, or the target is not a regular
            file or is read-only (see :func:`check_target`); the target is left untouched.
    """
    with _replacing(path, private, "wb") as fh:
        fh.write(data)


def atomic_write_text(path: str | Path, text: str, *, private: bool = False) -> None:
    """Write UTF-8 ``text`` to ``path`` atomically (see :func:`atomic_write_bytes`)."""
    atomic_write_bytes(path, text.encode("utf-8"), private=private)


@contextmanager
def atomic_text_file(path: str | Path, *, private: bool = False) -> Iterator[TextIO]:
    """A UTF-8 text file to write in pieces, renamed over ``path`` only when the block ends.

    For outputs too large to build in memory first (a cohort CSV of 50,000 attempts). An
    exception in the block removes the temporary file and leaves ``path`` untouched.

    Raises:
        OSError: If the folder is missing or not writable, or the target is not a regular
            file or is read-only (see :func:`check_target`).
    """
    with _replacing(path, private, "w") as fh:
        yield fh


@contextmanager
def _replacing(path: str | Path, private: bool, mode: str) -> Iterator[Any]:
    """A temporary file beside ``path``, synced and renamed over it when the block ends."""
    target = Path(path)
    check_target(target)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    try:
        # mkstemp makes the temp file 0600 whatever the umask; widen it before the rename.
        os.fchmod(fd, 0o600 if private else shared_mode())
        text = {} if "b" in mode else {"encoding": "utf-8", "newline": ""}
        with os.fdopen(fd, mode, **text) as fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
