"""Turn a current records database back into what an older version left behind.

What version 2 stored: the whole journal header and ScoreCard text in the attempt row, one
row per command in ``attempt_commands``, no ``shifts`` table, no Alembic stamp. Version 1
also lacked the desk-key seal columns and the ``chains`` and ``desk_keys`` tables.
"""

import json
import sqlite3

from simulator.records import seals
from simulator.records.keys import load_desk_key
from simulator.records.packing import join_header, unpack, unpack_commands
from simulator.records.schema import V2_COLUMNS, V3_COLUMNS


def to_version_2(path):
    """Rewrite the database at ``path`` in the version-2 layout (committed)."""
    db = sqlite3.connect(path)
    shifts = {d: unpack(data) for d, data in db.execute("SELECT digest, data FROM shifts")}
    for (attempt_id, header, digest, at, card, packed_card, packed_commands) in db.execute(
            "SELECT id, journal_header, shift_digest, shift_at, scorecard, scorecard_packed, "
            "commands_packed FROM attempts").fetchall():
        if digest:
            header = join_header(header, shifts[digest], at)
        if card is None and packed_card is not None:
            card = unpack(packed_card)
        db.execute("UPDATE attempts SET journal_header = ?, scorecard = ? WHERE id = ?",
                   (header, card, attempt_id))
        if packed_commands is not None:
            db.executemany("INSERT INTO attempt_commands VALUES (?, ?, ?, ?)",
                           [(attempt_id, r["seq"], r["tick"], r["command"])
                            for r in unpack_commands(packed_commands)])
    # A version-2 result seal signed no report summary (there was none): re-seal without.
    key = None
    for attempt_id, sealed in db.execute(
            "SELECT id, sealed FROM attempts WHERE sealed IS NOT NULL").fetchall():
        doc = json.loads(sealed)
        if "summary_sha256" in doc:
            key = key or load_desk_key()
            doc.pop("summary_sha256")
            doc["v"] = 2
            text, signature = seals.seal(doc, key)
            db.execute("UPDATE attempts SET sealed = ?, seal = ? WHERE id = ?",
                       (text, signature, attempt_id))
    for _, column in V3_COLUMNS:
        db.execute(f"ALTER TABLE attempts DROP COLUMN {column}")
    db.execute("DROP TABLE shifts")
    db.execute("DROP TABLE alembic_version")
    db.execute("UPDATE records_meta SET value = '2' WHERE key = 'schema_version'")
    db.commit()
    db.close()


def to_version_1(path):
    """Rewrite the database at ``path`` in the version-1 layout (committed)."""
    to_version_2(path)
    db = sqlite3.connect(path)
    db.execute("DROP TABLE chains")
    db.execute("DROP TABLE desk_keys")
    for _, column in V2_COLUMNS:
        db.execute(f"ALTER TABLE attempts DROP COLUMN {column}")
    db.execute("UPDATE records_meta SET value = '1' WHERE key = 'schema_version'")
    db.commit()
    db.close()
