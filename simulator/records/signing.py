"""Seal finished attempts with an HMAC-SHA256, and check the seal.

What this protects against: changes to the stored records by anyone who can edit the
database but cannot read the key file. Raising a score, deleting or editing a command,
swapping in another trainee's journal, or a damaged row all break the signature, and
``frontdesk verify`` reports it. (Re-running and re-scoring the journal also catches a
score edited on its own, key or no key.)

What it does NOT protect against: anyone who can read the key file can recompute a valid
signature for anything, so they can forge a result. On a shared computer where the trainee
runs the simulator as the same operating-system user, the trainee can read the key; then
the signature only proves the records are internally consistent (no accidental corruption,
no casual edits with a database browser). Keep the key (``FRONTDESK_KEY_FILE``) where
trainees cannot read it, for example on a trainer's account or beside a PostgreSQL server.
For results that must hold up against the trainee themselves, use signed PDF certificates
(an asymmetric signature whose private key never leaves the trainer); that is their threat.

The signed message is the canonical JSON (``sort_keys=True``, ``separators=(",", ":")``)
of ``{"journal": {"header", "commands", "trailer"}, "scorecard"}``. The key is 32 random
bytes stored as hex in a file with mode 0600, outside the database: by default
``signing.key`` next to the SQLite file (in the data folder); ``FRONTDESK_KEY_FILE``
overrides. It is created on first use.
"""

from __future__ import annotations

import errno
import hashlib
import hmac
import json
import os
import secrets
import stat
from pathlib import Path
from typing import Any

from simulator.errors import ContentError

KEY_BYTES = 32


def canonical(data: Any) -> bytes:
    """Canonical JSON bytes: sorted keys, no spaces, ASCII only."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=True).encode("ascii")


def payload(header: dict[str, Any], commands: list[dict[str, Any]],
            trailer: dict[str, Any], scorecard: dict[str, Any]) -> dict[str, Any]:
    """The signed document of one attempt.

    Args:
        header: The journal header (with the expanded shift).
        commands: ``{"seq", "tick", "command"}`` for every stored command, in order.
        trailer: ``{"outcomes", "outcome_hash"}`` of the replay.
        scorecard: The ScoreCard as JSON data.
    """
    return {"journal": {"header": header, "commands": commands, "trailer": trailer},
            "scorecard": scorecard}


def sign(key: bytes, document: dict[str, Any]) -> str:
    """HMAC-SHA256 of the canonical JSON of ``document``, as hex."""
    return hmac.new(key, canonical(document), hashlib.sha256).hexdigest()


def check(key: bytes, document: dict[str, Any], signature: str | None) -> bool:
    """Whether ``signature`` is the HMAC of ``document`` (constant-time comparison)."""
    return bool(signature) and hmac.compare_digest(sign(key, document), str(signature))


def load_key(path: Path, *, create: bool = True) -> bytes:
    """Read the signing key, creating it (mode 0600) when missing and ``create`` is set.

    Raises:
        ContentError: If the file is unreadable, malformed, readable by others, or cannot
            be created.
    """
    name = str(path)
    try:
        with open(path, "rb") as fh:
            info = os.fstat(fh.fileno())
            raw = fh.read(200)
    except FileNotFoundError:
        if not create:
            raise ContentError.single(
                name, "no signing key here, so signatures cannot be checked",
                hint="set FRONTDESK_KEY_FILE to the key that signed these records") from None
        return _create_key(path)
    except OSError as exc:
        raise ContentError.single(name, f"cannot read the signing key ({exc.strerror})") \
            from None
    if os.name == "posix" and info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ContentError.single(
            name, f"the signing key is open to other users (mode {info.st_mode & 0o777:o})",
            hint=f"run: chmod 600 {name}")
    try:
        key = bytes.fromhex(raw.decode("ascii").strip())
    except (UnicodeDecodeError, ValueError):
        key = b""
    if len(key) != KEY_BYTES:
        raise ContentError.single(name, "not a signing key (expected 64 hex digits)",
                                  line=1, col=1, hint="restore the original key file")
    return key


def _create_key(path: Path) -> bytes:
    """Write a new key atomically: a private temp file, then a hard link to the name.

    The link fails if another process created the key first; then its key is used, so two
    desks starting together never end up with different keys.
    """
    key = secrets.token_bytes(KEY_BYTES)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, (key.hex() + "\n").encode("ascii"))
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            os.link(tmp, path)
        except FileExistsError:
            return load_key(path, create=False)
    except OSError as exc:
        what = "the disk is full" if exc.errno == errno.ENOSPC else exc.strerror
        raise ContentError.single(str(path), f"cannot create the signing key ({what})",
                                  hint="set FRONTDESK_KEY_FILE to a writable place") from None
    finally:
        tmp.unlink(missing_ok=True)
    return key
