"""``frontdesk desk show | list | trust | untrust | new-key``: desk keys and trust.

See :mod:`simulator.records.keys` for what a desk key is and what trusting one means.
"""

from __future__ import annotations

import argparse

from simulator.errors import ContentError


def desk_show(args: argparse.Namespace) -> int:
    """Print this desk's key id and public key (creating the key on first use)."""
    from simulator.records.keys import Trust, load_desk_key

    key = load_desk_key()
    where = _register(key, args)
    label = Trust.load().keys.get(key.key_id, {}).get("label", "")
    print(f"desk key {key.key_id} ({label})")
    if where:
        print(f"registered in the records at {where}, so other desks there can find it")
    print(f"public key {key.public_hex}")
    print(f"private key file {key.path} (keep it private and backed up)")
    print("another desk trusts this one with: frontdesk desk trust "
          f"{key.key_id[:12]}   (or offline: --public-key {key.public_hex})")
    return 0


def _register(key: object, args: argparse.Namespace) -> str | None:
    """Put the key in the records store (when one opens), so ``desk trust ID`` finds it."""
    from simulator.records.seal_store import register
    from simulator.records.store import Store

    try:
        store = Store(getattr(args, "db", None))
    except ContentError:
        return None  # no records here (yet): offline trust by public key still works
    try:
        with store.write() as conn:
            register(conn, key)  # type: ignore[arg-type]
        return store.display
    except ContentError:
        return None
    finally:
        store.close()


def desk_list(args: argparse.Namespace) -> int:
    """List the desk keys registered in the records and whether this desk trusts them."""
    from sqlalchemy import select

    from simulator.records.keys import Trust
    from simulator.records.schema import desk_keys
    from simulator.records.store import Store

    trust = Trust.load()
    store = Store(args.db, create=False)
    try:
        with store.read() as conn:
            rows = conn.execute(select(desk_keys).order_by(desk_keys.c.created_at)).all()
    finally:
        store.close()
    seen = set()
    for row in rows:
        seen.add(row.key_id)
        entry = trust.keys.get(row.key_id)
        if entry is None:
            state = "NOT TRUSTED"
        elif entry["public_key"] != row.public_key:
            state = "DIFFERS from the trusted public key (check who changed the records)"
        else:
            state = "this desk" if entry.get("own") else "trusted"
        print(f"{row.key_id}  {state:<11}  {row.label}  (since {row.created_at})")
    for key_id, entry in sorted(trust.keys.items()):
        if key_id not in seen:
            print(f"{key_id}  trusted      {entry.get('label', '')}  (not in these records)")
    if not rows and not trust.keys:
        print("no desk keys yet: one is made the first time this desk records an attempt")
    return 0


def desk_trust(args: argparse.Namespace) -> int:
    """Trust a desk key found in the records by id, or given as a public key."""
    from simulator.records.keys import Trust, key_id_of

    trust = Trust.load()
    if args.public_key:
        try:
            raw = bytes.fromhex(args.public_key.strip())
        except ValueError:
            raw = b""
        if len(raw) != 32:
            raise ContentError.single("<command line>", "--public-key must be 64 hex digits",
                                      path="--public-key",
                                      hint="copy it from 'frontdesk desk show' on that desk")
        public, label = raw.hex(), args.label or "added by public key"
    elif args.key_id:
        public, label = _find(args)
    else:
        raise ContentError.single("<command line>", "give a KEY_ID or --public-key",
                                  hint="see 'frontdesk desk list'")
    key_id = trust.add(public, args.label or label, own=_is_own(key_id_of(public)) or
                       trust.keys.get(key_id_of(public), {}).get("own", False))
    trust.save()
    print(f"this desk now trusts desk key {key_id} ({args.label or label})")
    return 0


def _is_own(key_id: str) -> bool:
    """Whether this desk's key file holds the key (re-trusting it after a lost list)."""
    from simulator.records.keys import key_path, load_desk_key

    if not key_path().exists():
        return False
    try:
        return load_desk_key(create=False).key_id == key_id
    except ContentError:
        return False


def _find(args: argparse.Namespace) -> tuple[str, str]:
    from sqlalchemy import select

    from simulator.records.schema import desk_keys
    from simulator.records.store import Store

    prefix = args.key_id.strip().lower()
    if len(prefix) < 8:
        raise ContentError.single("<command line>", "give at least 8 digits of the key id",
                                  path="KEY_ID")
    store = Store(args.db, create=False)
    try:
        with store.read() as conn:
            rows = conn.execute(select(desk_keys).where(
                desk_keys.c.key_id.startswith(prefix))).all()
    finally:
        store.close()
    if len(rows) != 1:
        what = "no desk key" if not rows else f"{len(rows)} desk keys"
        raise ContentError.single("<command line>", f"{what} in the records start with "
                                  f"'{prefix}'", path="KEY_ID",
                                  hint="see 'frontdesk desk list'")
    return rows[0].public_key, rows[0].label


def desk_untrust(args: argparse.Namespace) -> int:
    """Stop trusting a desk key (its attempts then show as unverified here)."""
    from simulator.records.keys import Trust

    trust = Trust.load()
    prefix = args.key_id.strip().lower()
    matches = [k for k in trust.keys if k.startswith(prefix)] if len(prefix) >= 8 else []
    if len(matches) != 1:
        raise ContentError.single("<command line>", f"no single trusted key starts with "
                                  f"'{prefix}'", path="KEY_ID",
                                  hint="see 'frontdesk desk list' (8+ digits)")
    trust.remove(matches[0])
    trust.save()
    print(f"this desk no longer trusts desk key {matches[0]}")
    return 0


def desk_new_key(args: argparse.Namespace) -> int:
    """Start a new key after the old one was lost (the old public key stays trusted)."""
    from simulator.records.keys import retire_missing_key

    key = retire_missing_key()
    _register(key, args)
    print(f"new desk key {key.key_id} at {key.path}; results signed by the old key still "
          "verify here. Other desks must trust the new key: frontdesk desk trust "
          f"{key.key_id[:12]}")
    return 0


def desk_reseal_legacy(args: argparse.Namespace) -> int:
    """Re-seal version-1 attempts whose old HMAC and replay still check out."""
    from pathlib import Path

    from simulator.records.keys import load_desk_key
    from simulator.records.legacy import reseal_legacy
    from simulator.records.store import Store, data_dir

    store = Store(args.db, create=False)
    try:
        folder = store.db_path.parent if store.db_path else data_dir()
        old = Path(args.legacy_key) if args.legacy_key else folder / "signing.key"
        done, refused = reseal_legacy(store, old, load_desk_key())
    finally:
        store.close()
    print(f"re-sealed {done} attempt(s) with this desk's key")
    for line in refused:
        print(f"  not re-sealed: {line}")
    return 1 if refused else 0
