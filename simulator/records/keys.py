"""Desk keys and the trust list: who may sign training records, and whose signatures count.

Each desk (a data folder: one computer, or one trainer's account) has its own Ed25519
private key, ``desk.key`` in the data folder (``FRONTDESK_KEY_FILE`` overrides), mode 0600,
in PKCS#8 PEM. Its public key is registered in the records store (table ``desk_keys``) so
other desks can find it, and it is written to this desk's **trust list**,
``trusted-desks.json`` in the data folder (``FRONTDESK_TRUST_FILE`` overrides). A signature
counts only when its key is on the trust list of the desk that checks it; the public key
used for the check is the one in the trust list, never the one in the database, so a row
added to ``desk_keys`` by someone editing the database earns no trust.

Adding a desk copies no secret: on the new desk the trainer runs ``frontdesk desk show``,
and on each desk that should accept its results ``frontdesk desk trust KEY_ID`` (looked up in
the shared store) or ``frontdesk desk trust --public-key HEX`` (offline).

The key is created on first use, once. When the trust list says this desk had a key and the
key file is gone, nothing is created: signing stops with instructions (restore the file from
a backup, or ``frontdesk desk new-key``). A key readable by other users is refused.

Threat model, honestly: a person who can read this desk's ``desk.key`` can sign anything
as this desk; a person who can write this desk's trust list can make it trust their own key.
So on a computer where trainees use the same operating-system account as the trainer, the
signatures show accidental damage and casual edits, not a determined trainee. Keep the data
folder on the trainer's account (or the records on a PostgreSQL server the trainees cannot
write) for results that must hold against the trainee.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import secrets
import socket
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from simulator.errors import ContentError
from simulator.fileio import atomic_write_text

KEY_FILE = "desk.key"
TRUST_FILE = "trusted-desks.json"
#: Hex digits of a key id (the start of the SHA-256 of the raw public key).
KEY_ID_LENGTH = 32


def _data_dir() -> Path:
    from simulator.datadir import data_dir

    return data_dir()


def key_path() -> Path:
    """This desk's private key file (``FRONTDESK_KEY_FILE``, else the data folder)."""
    env = os.environ.get("FRONTDESK_KEY_FILE")
    return Path(env) if env else _data_dir() / KEY_FILE


def trust_path() -> Path:
    """This desk's trust list (``FRONTDESK_TRUST_FILE``, else the data folder)."""
    env = os.environ.get("FRONTDESK_TRUST_FILE")
    return Path(env) if env else _data_dir() / TRUST_FILE


def key_id_of(public_hex: str) -> str:
    """The id of a public key: the first 32 hex digits of the SHA-256 of its 32 bytes."""
    return hashlib.sha256(bytes.fromhex(public_hex)).hexdigest()[:KEY_ID_LENGTH]


def canonical(data: Any) -> bytes:
    """Canonical JSON bytes: sorted keys, no spaces, ASCII only (what is signed)."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=True).encode("ascii")


@dataclass(frozen=True)
class DeskKey:
    """This desk's signing key."""

    private: Ed25519PrivateKey
    path: Path

    @property
    def public_hex(self) -> str:
        """The raw public key as 64 hex digits."""
        return self.private.public_key().public_bytes_raw().hex()

    @property
    def key_id(self) -> str:
        """This key's id (see :func:`key_id_of`)."""
        return key_id_of(self.public_hex)

    def sign(self, document: Any) -> str:
        """The Ed25519 signature of the canonical JSON of ``document``, as hex."""
        return self.private.sign(canonical(document)).hex()

    def sign_bytes(self, data: bytes) -> bytes:
        """The raw Ed25519 signature of ``data`` (for compact certificate codes)."""
        return self.private.sign(data)


def default_label() -> str:
    """A name for a new desk key: this computer and data folder."""
    return f"{socket.gethostname()}:{_data_dir()}"[:200]


def load_desk_key(*, create: bool = True) -> DeskKey:
    """Read this desk's key, creating it on first use.

    Args:
        create: Create the key (and trust it) when this desk never had one.

    Raises:
        ContentError: If the key is missing although this desk had one, unreadable,
            malformed, readable by other users, or cannot be created.
    """
    path = key_path()
    name = str(path)
    try:
        with open(path, "rb") as fh:
            info = os.fstat(fh.fileno())
            raw = fh.read(4096)
    except FileNotFoundError:
        own = [k for k, v in Trust.load().keys.items() if v.get("own")]
        if own or not create:
            had = f" (this desk's trust list says it had key {own[-1]})" if own else ""
            raise ContentError.single(
                name, f"this desk's signing key is missing{had}; nothing can be signed "
                "until it is back", hint="restore desk.key from a backup (or point "
                "FRONTDESK_KEY_FILE at it), or start a new key with 'frontdesk desk new-key' "
                "(results signed by the old key still verify)") from None
        return new_desk_key()
    except OSError as exc:
        raise ContentError.single(name, f"cannot read the signing key ({exc.strerror})") \
            from None
    if os.name == "posix" and info.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise ContentError.single(
            name, f"the signing key is open to other users (mode {info.st_mode & 0o777:o})",
            hint=f"run: chmod 600 {name}")
    # Only signing reads a private key file: checking seals never imports the PEM code.
    from cryptography.hazmat.primitives import serialization

    try:
        private = serialization.load_pem_private_key(raw, password=None)
    except (ValueError, TypeError):
        private = None
    if not isinstance(private, Ed25519PrivateKey):
        raise ContentError.single(name, "not a desk signing key (expected an Ed25519 "
                                  "private key in PEM)", line=1, col=1,
                                  hint="restore the original key file")
    return DeskKey(private, path)


def new_desk_key(label: str | None = None) -> DeskKey:
    """Create a key file that does not exist yet (0600, atomic) and trust it as this desk's.

    Two processes starting together: the hard link fails for the second, which then reads
    the first one's key, so a desk never ends up with two keys.

    Raises:
        ContentError: If a key file is already there or cannot be written.
    """
    from cryptography.hazmat.primitives import serialization

    path = key_path()
    private = Ed25519PrivateKey.generate()
    pem = private.private_bytes(serialization.Encoding.PEM,
                                serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, pem)
            os.fsync(fd)
        finally:
            os.close(fd)
        try:
            os.link(tmp, path)
        except FileExistsError:
            return load_desk_key(create=False)
    except OSError as exc:
        what = "the disk is full" if exc.errno == errno.ENOSPC else exc.strerror
        raise ContentError.single(str(path), f"cannot create the signing key ({what})",
                                  hint="set FRONTDESK_KEY_FILE to a writable place") from None
    finally:
        tmp.unlink(missing_ok=True)
    key = DeskKey(private, path)
    trust = Trust.load()
    trust.add(key.public_hex, label or default_label(), own=True)
    trust.save()
    return key


def retire_missing_key(label: str | None = None) -> DeskKey:
    """``frontdesk desk new-key``: a new key when the old one is lost (old ones stay trusted).

    Raises:
        ContentError: If a key file is still there (it is never overwritten).
    """
    if key_path().exists():
        raise ContentError.single(str(key_path()), "this desk still has its signing key; "
                                  "it is never replaced", hint="move it away first if you "
                                  "really mean to start a new key")
    trust = Trust.load()
    for entry in trust.keys.values():
        entry["own"] = False
    trust.save()
    return new_desk_key(label)


@dataclass
class Trust:
    """This desk's trust list: ``{key_id: {"public_key", "label", "own"}}``."""

    keys: dict[str, dict[str, Any]]
    path: Path

    @classmethod
    def load(cls) -> Trust:
        """Read the trust list (empty when there is none yet).

        Raises:
            ContentError: If the file is there but not a trust list.
        """
        path = trust_path()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls({}, path)
        except (OSError, ValueError) as exc:
            raise ContentError.single(str(path), f"the trust list cannot be read ({exc})",
                                      hint="restore it from a backup, or remove it and "
                                      "trust the desks again with 'frontdesk desk trust'") \
                from None
        keys = data.get("keys") if isinstance(data, dict) else None
        if not isinstance(keys, dict) or not all(
                isinstance(v, dict) and _public_ok(v.get("public_key"))
                and key_id_of(v["public_key"]) == k for k, v in keys.items()):
            raise ContentError.single(str(path), "the trust list is malformed (each key id "
                                      "must map to its own public key)",
                                      hint="restore it, or remove it and trust again")
        return cls(keys, path)

    def add(self, public_hex: str, label: str, *, own: bool = False) -> str:
        """Trust a public key; returns its id."""
        key_id = key_id_of(public_hex)
        self.keys[key_id] = {"public_key": public_hex.lower(), "label": label[:200],
                             "own": own}
        return key_id

    def remove(self, key_id: str) -> bool:
        """Stop trusting a key; False if it was not trusted."""
        return self.keys.pop(key_id, None) is not None

    def save(self) -> None:
        """Write the trust list atomically (readable by others: it holds public keys)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(self.path, json.dumps({"keys": self.keys}, indent=2,
                                                sort_keys=True) + "\n")

    def check(self, key_id: str | None, document: Any, signature: str | None) -> str | None:
        """Why a signature does not count (None when it does)."""
        return self.check_bytes(key_id, canonical(document), signature)

    def check_bytes(self, key_id: str | None, data: bytes, signature: str | bytes | None
                    ) -> str | None:
        """:meth:`check` for raw bytes (certificate codes)."""
        if not key_id or not signature:
            return "it is not signed"
        entry = self.keys.get(key_id)
        if entry is None:
            return (f"it is signed by desk key {key_id[:12]}, which this desk does not trust "
                    f"(a trainer can run: frontdesk desk trust {key_id[:12]})")
        try:
            raw = signature if isinstance(signature, bytes) else bytes.fromhex(signature)
            Ed25519PublicKey.from_public_bytes(bytes.fromhex(entry["public_key"])).verify(
                raw, data)
        except (InvalidSignature, ValueError):
            return "the signature does not match what is stored (it was edited after signing)"
        return None


def _public_ok(value: Any) -> bool:
    try:
        return isinstance(value, str) and len(bytes.fromhex(value)) == 32
    except ValueError:
        return False


__all__ = ["DeskKey", "Trust", "canonical", "key_id_of", "key_path", "load_desk_key",
           "new_desk_key", "retire_missing_key", "trust_path"]
