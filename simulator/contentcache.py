"""Validated content, cached by content hash: an unchanged file is parsed once, ever.

Reading a scenario strictly (ruamel's positions, pydantic validation, the lint) costs about
100-200 ms, and a command may need a dozen files. So each validated result is kept:

* in this process, keyed by the file's bytes, so a second load is a dictionary lookup;
* on disk, in the platform cache folder (``FRONTDESK_CACHE_DIR`` overrides it), as a pickle
  keyed by the SHA-256 of the file's bytes, what was built from it (a model's name, or a
  summary's), and a fingerprint of the code that builds it (the package version and the
  size and modification time of every module that defines or checks content). Editing a
  scenario, or upgrading or editing the program, therefore misses the cache; nothing stale
  is ever handed out.

A cache file is a pickle, which Python can only read safely from a trusted source: the
folder is created private (0700) and a file is used only when this user owns it, nobody
else can write to it or its folder, and its checksum (stored in front) matches. Anything
else is a miss, and the file is built again. ``FRONTDESK_NO_CACHE=1`` turns the disk cache
off (the in-process one stays).

Failures are never cached: a bad file is read again each time, with ruamel, for its exact
line and column (see :mod:`simulator.yamlfast`).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import sys
import tempfile
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any, TypeVar

from simulator import __version__
from simulator.errors import ContentError

T = TypeVar("T")

#: Files over this size are refused before they are read (content files are hand-written).
MAX_BYTES = 1024 * 1024
#: Bump when the layout of a cache file changes.
CACHE_FORMAT = "1"
#: The package folders whose code shapes a cached result (the UI does not; records holds
#: the assessment model).
_CODE_FOLDERS = ("", "scenarios", "curriculum", "everyday", "engine", "scoring", "bots",
                 "records")

_memory: dict[str, Any] = {}


def read_content_bytes(path: str | Path, display: str | None = None) -> bytes:
    """Read a content file's bytes, refusing what no content file can be.

    Args:
        path: The file.
        display: The name to use in messages (defaults to ``path``).

    Raises:
        ContentError: A missing, unreadable or oversized file, or a directory.

    """
    from simulator.fileio import NotRegularFile, open_regular

    name = display or str(path)
    try:
        with open_regular(path) as fh:
            size = os.fstat(fh.fileno()).st_size
            if size > MAX_BYTES:
                raise ContentError.single(
                    name, f"file is {size:,} bytes; content files are limited to 1 MiB",
                    line=1, col=1, hint="split the file or remove unused content")
            raw = fh.read(MAX_BYTES + 1)
    except NotRegularFile as exc:
        if exc.kind == "a folder":
            raise ContentError.single(name, "is a directory, not a YAML file") from None
        raise ContentError.single(name, f"is {exc.kind}, not a content file",
                                  hint="give the path of a .yaml file") from None
    except IsADirectoryError:
        raise ContentError.single(name, "is a directory, not a YAML file") from None
    except FileNotFoundError:
        raise ContentError.single(name, "no such file",
                                  hint="check the path or use a scenario id") from None
    except PermissionError:
        raise ContentError.single(name, "cannot read the file (permission denied)") from None
    except OSError as exc:
        raise ContentError.single(name, f"cannot read the file ({exc.strerror})") from None
    if len(raw) > MAX_BYTES:
        raise ContentError.single(name, f"file is over {MAX_BYTES:,} bytes (1 MiB)", line=1,
                                  col=1, hint="content files are limited to 1 MiB")
    return raw


def cached(kind: str, raw: bytes, build: Callable[[], T]) -> T:
    """Return what ``build`` makes of ``raw``, from the cache when it has been made before.

    Args:
        kind: What is built (a model's qualified name, or a derived summary's name); part
            of the key, so one file can hold several cached results.
        raw: The file's bytes.
        build: Makes the result; may raise (nothing is cached then).

    Returns:
        The result. The same object is handed to every caller in this process, so results
        must be immutable (frozen models, tuples, plain data not mutated by callers).

    """
    key = hashlib.sha256(b"\0".join(
        (CACHE_FORMAT.encode(), code_fingerprint().encode(), kind.encode(), raw))).hexdigest()
    if key in _memory:
        return _memory[key]  # type: ignore[no-any-return]
    folder = cache_dir()
    found = _read(folder / key[:2] / key) if folder is not None else _MISS
    if found is _MISS:
        found = build()
        if folder is not None:
            _write(folder, key, found)
    _memory[key] = found
    return found  # type: ignore[no-any-return]


def clear_memory() -> None:
    """Forget the in-process cache (tests use it to measure the disk cache)."""
    _memory.clear()


def cache_dir() -> Path | None:
    """The disk cache folder, or None when the disk cache is turned off."""
    if os.environ.get("FRONTDESK_NO_CACHE", "") not in ("", "0"):
        return None
    base = os.environ.get("FRONTDESK_CACHE_DIR")
    if not base:
        from platformdirs import user_cache_dir

        base = user_cache_dir("frontdesk-simulator")
    return Path(base) / "content"


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A digest of the program version and of every module that shapes cached content."""
    root = Path(__file__).resolve().parent
    parts = [__version__, sys.version]
    for sub in _CODE_FOLDERS:
        folder = root / sub if sub else root
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            continue
        for entry in entries:
            if entry.name.endswith(".py") and entry.is_file():
                st = entry.stat()
                parts.append(f"{sub}/{entry.name}:{st.st_size}:{st.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


class _Missing:
    pass


_MISS: Any = _Missing()


def _trusted(path: Path, st: os.stat_result) -> bool:
    """A file or folder this user owns and nobody else may write to."""
    owner_ok = not hasattr(os, "getuid") or st.st_uid == os.getuid()
    return owner_ok and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _read(path: Path) -> Any:
    try:
        with path.open("rb") as fh:
            st = os.fstat(fh.fileno())
            if not stat.S_ISREG(st.st_mode) or not _trusted(path, st):
                return _MISS
            if not _trusted(path.parent, path.parent.stat()):
                return _MISS
            blob = fh.read()
    except OSError:
        return _MISS
    digest, body = blob[:32], blob[32:]
    if hashlib.sha256(body).digest() != digest:
        return _MISS
    try:
        return pickle.loads(body)  # noqa: S301 - our own private, checksummed file
    except Exception:  # noqa: BLE001 - a class that moved or changed: build it again
        return _MISS


def _write(folder: Path, key: str, value: Any) -> None:
    """Store ``value``; a cache that cannot be written is only slower, never an error."""
    try:
        body = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - not picklable: keep it in memory only
        return
    target = folder / key[:2]
    try:
        target.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=target)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(hashlib.sha256(body).digest() + body)
            os.replace(tmp, target / key)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError:
        return
