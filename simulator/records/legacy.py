"""``frontdesk desk reseal-legacy``: move attempts sealed by version 1 onto desk-key seals.

Version 1 sealed each finished attempt with an HMAC under one shared key (``signing.key``
beside the database). Such rows read as unverified now, because a shared key proves nothing
across desks. A trainer who still has that key re-seals them: each row's HMAC is checked
with the old key, its commands are replayed and re-scored, and only when both agree is it
sealed again with this desk's key. Rows that fail are listed and left as they are. The
re-sealed attempts keep no place in a chain (there was none), so a deletion among them
before the upgrade cannot be shown; their sittings still count towards attempts allowed.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from pathlib import Path
from typing import Any

from sqlalchemy import select, update

from simulator.errors import ContentError
from simulator.records import seal_store, seals
from simulator.records.keys import DeskKey, canonical
from simulator.records.rescore import command_data, parse_rows, score
from simulator.records.schema import attempts
from simulator.records.store import Store


def _old_key(path: Path) -> bytes:
    try:
        key = bytes.fromhex(path.read_text(encoding="ascii").strip())
    except (OSError, UnicodeDecodeError, ValueError):
        key = b""
    if len(key) != 32:
        raise ContentError.single(str(path), "not the old shared signing key (64 hex digits)",
                                  hint="give the signing.key that version 1 used: "
                                  "--legacy-key PATH")
    return key


def _hmac_ok(key: bytes, row: dict[str, Any], commands: list[dict[str, Any]]) -> bool:
    document = {"journal": {"header": json.loads(row["journal_header"]),
                            "commands": commands,
                            "trailer": {"outcomes": row["outcome_count"],
                                        "outcome_hash": row["outcome_hash"]}},
                "scorecard": json.loads(row["scorecard"])}
    mac = hmac.new(key, canonical(document), hashlib.sha256).hexdigest()
    return hmac.compare_digest(mac, str(row["signature"]))


def reseal_legacy(store: Store, old_key_path: Path, key: DeskKey) -> tuple[int, list[str]]:
    """Re-seal every version-1 attempt that still checks out.

    Returns:
        How many were re-sealed, and one line for each that was not (with the reason).
    """
    old = _old_key(old_key_path)
    with store.read() as conn:
        ids = list(conn.scalars(select(attempts.c.id).where(
            attempts.c.sealed.is_(None), attempts.c.signature.is_not(None))
            .order_by(attempts.c.created_at)))
    done, refused = 0, []
    for attempt_id in ids:
        with store.write() as conn:
            row = store.attempt_row(attempt_id, conn)
            rows = store.command_rows(attempt_id, conn)
            try:
                commands = command_data(rows)
                ok = _hmac_ok(old, row, commands)
            except (TypeError, ValueError):
                ok = False
            if not ok:
                refused.append(f"{attempt_id}: its old seal does not match (edited, or "
                               "another key)")
                continue
            parsed, problems = parse_rows(row["journal_header"], rows, attempt_id)
            if parsed is None or problems:
                refused.append(f"{attempt_id}: " + "; ".join(problems))
                continue
            _, trailer, card = score(parsed)
            summary = (trailer["outcome_hash"], card["overall"], card["passed"],
                       len(card["critical_fails"]), card["dimensions"])
            stored = (row["outcome_hash"], row["overall"], bool(row["passed"]),
                      row["critical_count"], json.loads(row["dimensions"] or "null"))
            if summary != stored:
                refused.append(f"{attempt_id}: the replay no longer gives the stored result")
                continue
            seal_store.register(conn, key)
            name = store.trainee_name(row["trainee_id"], conn)
            row["bot"] = json.loads(row["journal_header"]).get("bot")
            start_text, start_sig = seals.seal(seals.start_document(row, name, None, key), key)
            row.update(start_seal=start_sig, key_id=key.key_id)
            text, sig = seals.seal(seals.finish_document(
                row, name, seals.commands_digest(commands), key), key)
            conn.execute(update(attempts).where(attempts.c.id == attempt_id).values(
                bot=row["bot"], key_id=key.key_id, start_sealed=start_text,
                start_seal=start_sig, sealed=text, seal=sig))
            done += 1
    return done, refused
