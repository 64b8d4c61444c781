"""Seals this desk has verified before, so a report over 50,000 attempts checks only new ones.

An Ed25519 check costs about 60 microseconds, and a cohort report checks two seals per
attempt and one per trainee: over ten thousand trainees that is seconds of pure crypto,
every time the report is written, for seals that have not changed. The cache keeps a
16-byte digest of each (public key, signed text, signature) that verified, in the user's
private cache folder (0700, owned by the user, the file 0600; anything else is ignored).

A report also keeps one entry per attempt row and per chain whose whole check passed (see
:meth:`SealCache.checked_key`), so an unchanged row is not even parsed again.

Only success is cached, and only for that exact key, text and signature: an edited seal,
a new signature or another key is a different digest and is verified in full, and a key
this desk no longer trusts is refused before the cache is asked. ``frontdesk verify``
never uses it. ``FRONTDESK_NO_CACHE=1`` turns it off.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

#: Digest bytes kept per seal (128 bits: collisions are out of reach).
ENTRY = 16
#: The file is rewritten with the newest entries once it holds more than this.
MAX_ENTRIES = 1_000_000
FILE = "verified-seals.bin"


def _folder() -> Path | None:
    from simulator.contentcache import cache_dir

    content = cache_dir()
    return None if content is None else content.parent / "seals"


def _private(st: os.stat_result) -> bool:
    owner_ok = not hasattr(os, "getuid") or st.st_uid == os.getuid()
    return owner_ok and not st.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


class SealCache:
    """The set of seals verified on this desk (loaded once, new ones appended on save)."""

    def __init__(self, path: Path | None, known: set[bytes]):
        self.path = path
        self.known = known
        self.new: list[bytes] = []
        self._trusted: dict[int, bytes] = {}

    @classmethod
    def open(cls) -> SealCache:
        """The cache in the user's cache folder (empty, and never saved, when it is off)."""
        folder = _folder()
        if folder is None:
            return cls(None, set())
        path = folder / FILE
        known: set[bytes] = set()
        try:
            with path.open("rb") as fh:
                st = os.fstat(fh.fileno())
                if stat.S_ISREG(st.st_mode) and _private(st) and _private(folder.stat()):
                    data = fh.read()
                    known = {data[i:i + ENTRY] for i in range(0, len(data) - ENTRY + 1, ENTRY)}
        except OSError:
            pass  # no cache yet, or unreadable: every seal is verified
        return cls(path, known)

    @staticmethod
    def _key(public_key: str, text: str, signature: str) -> bytes:
        h = hashlib.sha256(public_key.encode("ascii", "replace"))
        h.update(b"\0" + signature.encode("ascii", "replace") + b"\0")
        h.update(text.encode("utf-8"))
        return h.digest()[:ENTRY]

    def checked_key(self, trust_keys: dict[str, dict[str, object]], parts: tuple[object, ...]
                    ) -> bytes:
        """The entry for a whole check that passed: every value it read, and the trust list.

        A report stores one per attempt row (all its sealed columns, summary and trainee
        name) and one per chain (its head and links): any changed value, or a change to
        which keys this desk trusts, is another entry, and the row is checked in full.
        """
        trusted = self._trusted.get(id(trust_keys))
        if trusted is None:
            trusted = hashlib.sha256("\0".join(
                f"{k}={trust_keys[k].get('public_key')}" for k in sorted(trust_keys))
                .encode()).digest()
            self._trusted[id(trust_keys)] = trusted
        # The repr of a tuple of texts, numbers, booleans and None is unambiguous (texts
        # are quoted and escaped), and built in C.
        text = repr(tuple(parts))
        return hashlib.sha256(trusted + text.encode("utf-8", "surrogatepass")).digest()[:ENTRY]

    def has(self, key: bytes) -> bool:
        """Whether this entry was stored."""
        return key in self.known

    def put(self, key: bytes) -> None:
        """Store an entry."""
        if key not in self.known:
            self.known.add(key)
            self.new.append(key)

    def seen(self, public_key: str, text: str, signature: str) -> bool:
        """Whether exactly this seal verified on this desk before."""
        return self._key(public_key, text, signature) in self.known

    def add(self, public_key: str, text: str, signature: str) -> None:
        """Remember a seal that has just verified."""
        self.put(self._key(public_key, text, signature))

    def save(self) -> None:
        """Append the new entries (a cache that cannot be written is only slower)."""
        if self.path is None or not self.new:
            return
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            if not _private(self.path.parent.stat()):
                return
            if len(self.known) > MAX_ENTRIES:
                self._rewrite()
            else:
                fd = os.open(self.path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
                with os.fdopen(fd, "ab") as fh:
                    fh.write(b"".join(self.new))
            self.new = []
        except OSError:
            return

    def _rewrite(self) -> None:
        """Keep the newest entries only (the ones just added, then any others)."""
        assert self.path is not None
        keep = list(dict.fromkeys([*self.new, *self.known]))[:MAX_ENTRIES // 2]
        tmp = self.path.with_name(f".{FILE}.{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(b"".join(keep))
        os.replace(tmp, self.path)


__all__ = ["SealCache"]
