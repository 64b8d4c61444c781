"""What each records column holds, as Python types, without SQLAlchemy.

:mod:`simulator.records.schema` declares the tables for SQLAlchemy (SQL types, keys,
indexes); this module says what a row read back holds, so the readers that do without
SQLAlchemy (``frontdesk verify`` on a SQLite file, see :mod:`simulator.records.reads`) can
check a row's types, and so can every other reader (:mod:`simulator.records.typed`). A test
keeps the two in step (``tests/records/test_columns.py``).
"""

from __future__ import annotations

#: Version of the tables; stored in ``records_meta`` and checked on open.
SCHEMA_VERSION = 3

_S, _I, _B, _Y = str, int, bool, bytes

#: Table -> column -> the Python type its values are read as, in declaration order.
COLUMN_TYPES: dict[str, dict[str, type]] = {
    "records_meta": {"key": _S, "value": _S},
    "trainees": {"id": _S, "display_name": _S, "created_at": _S},
    "assessments": {"id": _S, "title": _S, "yaml": _S, "sha256": _S, "created_at": _S},
    "attempts": {
        "id": _S, "trainee_id": _S, "assessment_id": _S, "sitting_id": _S, "part": _I,
        "scenario_id": _S, "seed": _I, "mode": _S, "start_tick": _I, "time_scale": _I,
        "deadline_at": _S, "status": _S, "journal_header": _S, "command_count": _I,
        "outcome_count": _I, "outcome_hash": _S, "scorecard": _S, "overall": _I,
        "passed": _B, "dimensions": _S, "critical_count": _I, "signature": _S, "bot": _S,
        "chain_seq": _I, "key_id": _S, "start_sealed": _S, "start_seal": _S, "sealed": _S,
        "seal": _S, "registration": _S, "created_at": _S, "finished_at": _S,
        "shift_digest": _S, "shift_at": _I, "scorecard_packed": _Y, "commands_packed": _Y,
        "summary": _S},
    "shifts": {"digest": _S, "scenario_id": _S, "scenario_sha256": _S, "seed": _I,
               "engine": _S, "data": _Y, "created_at": _S},
    "attempt_commands": {"attempt_id": _S, "seq": _I, "tick": _I, "command": _S},
    "quiz_answers": {"id": _I, "trainee_id": _S, "item_id": _S, "credit": _I, "at": _S},
    "review_cards": {"trainee_id": _S, "item_id": _S, "card": _S, "updated_at": _S},
    "xapi_queue": {"id": _S, "attempt_id": _S, "seq": _I, "statement": _S,
                   "queued_at": _S, "sent_at": _S},
    "desk_keys": {"key_id": _S, "public_key": _S, "label": _S, "created_at": _S},
    "chains": {"trainee_id": _S, "chain": _S, "length": _I, "sealed": _S, "seal": _S,
               "key_id": _S},
    "progress_events": {"id": _I, "trainee_id": _S, "kind": _S, "scenario_id": _S,
                        "tier": _S, "payload": _S, "at": _S},
    "progress_imports": {"sha256": _S, "file": _S, "entries": _I, "status": _S, "at": _S},
}

#: Tables added after version 1 shipped: created when missing, but a read-only copy of
#: older records without them still opens.
LATER_TABLES = frozenset({"review_cards", "xapi_queue", "desk_keys", "chains",
                          "progress_events", "progress_imports"})
