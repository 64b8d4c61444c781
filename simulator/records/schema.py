"""The records tables (SQLAlchemy Core), shared by SQLite and PostgreSQL.

JSON is kept as canonical text columns, not a JSON type: the signature covers exactly the
stored text's meaning, and SQLite and PostgreSQL then store the same thing. Wall-clock
times are ISO 8601 strings in UTC (``2025-03-01T09:30:00+00:00``), which sort as text.

A new database is created with ``metadata.create_all`` and stamped with the newest
migration; an older one is brought up to date by the Alembic migrations in
``simulator/records/migrations`` (see :mod:`simulator.records.migrate`). A table added
without a version change (``review_cards``, ``xapi_queue``, ``desk_keys``, ``chains``...) is
created the next time an older database is opened.

Versions: 1 as first shipped; 2 added the desk-key seals, the chain position and the bot's
name to ``attempts``; 3 keeps attempts compactly (see :mod:`simulator.records.packing`):
the expanded shift once in ``shifts``, the ScoreCard and a finished attempt's commands
compressed, and a summary for reports.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
)

# The version and the later tables are declared with the column types (no SQLAlchemy there).
from simulator.records.columns import LATER_TABLES as LATER_TABLES
from simulator.records.columns import SCHEMA_VERSION as SCHEMA_VERSION

metadata = MetaData()

records_meta = Table(
    "records_meta", metadata,
    Column("key", String(64), primary_key=True),
    Column("value", String(200), nullable=False),
)

trainees = Table(
    "trainees", metadata,
    # Pseudonymous id (uuid4 hex): journals, signatures and xAPI use this, never the name.
    Column("id", String(32), primary_key=True),
    Column("display_name", String(200), nullable=False, unique=True),
    Column("created_at", String(40), nullable=False),
)

assessments = Table(
    "assessments", metadata,
    Column("id", String(64), primary_key=True),
    Column("title", String(2000), nullable=False),
    Column("yaml", Text, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("created_at", String(40), nullable=False),
)

attempts = Table(
    "attempts", metadata,
    Column("id", String(32), primary_key=True),
    Column("trainee_id", String(32), ForeignKey("trainees.id"), nullable=False, index=True),
    Column("assessment_id", String(64), ForeignKey("assessments.id"), nullable=True,
           index=True),
    # One sitting of an assessment plays each of its scenarios: one attempt row per part.
    Column("sitting_id", String(32), nullable=False, index=True),
    Column("part", Integer, nullable=False),
    Column("scenario_id", String(64), nullable=False),
    Column("seed", BigInteger, nullable=False),
    Column("mode", String(20), nullable=False),
    Column("start_tick", Integer, nullable=False),
    Column("time_scale", Integer, nullable=False),
    Column("deadline_at", String(40), nullable=True),
    Column("status", String(10), nullable=False),
    Column("journal_header", Text, nullable=False),
    # Filled in by finish(): the trailer, the scorecard, a summary for reports, the HMAC.
    Column("command_count", Integer, nullable=True),
    Column("outcome_count", Integer, nullable=True),
    Column("outcome_hash", String(64), nullable=True),
    Column("scorecard", Text, nullable=True),
    Column("overall", Integer, nullable=True),
    Column("passed", Boolean, nullable=True),
    Column("dimensions", Text, nullable=True),
    Column("critical_count", Integer, nullable=True),
    # Version 1's shared-key HMAC (kept so old rows can be re-sealed, never trusted).
    Column("signature", String(64), nullable=True),
    # Version 2: who played (a bot's name: a calibration sitting), the position in the
    # trainee's chain of attempts at this assessment, and the two desk-key seals. A seal is
    # the signed document (canonical JSON) and its Ed25519 signature; see records.seals.
    Column("bot", String(40), nullable=True),
    Column("chain_seq", Integer, nullable=True),
    Column("key_id", String(32), nullable=True),
    Column("start_sealed", Text, nullable=True),
    Column("start_seal", String(128), nullable=True),
    Column("sealed", Text, nullable=True),
    Column("seal", String(128), nullable=True),
    Column("registration", String(36), nullable=False, unique=True),
    Column("created_at", String(40), nullable=False),
    Column("finished_at", String(40), nullable=True),
    # Version 3 (records.packing): the header's shift is kept once in ``shifts`` (NULL: the
    # header is whole, as before), the ScoreCard packed (``scorecard`` is then NULL), a
    # finished attempt's commands packed (its ``attempt_commands`` rows are then deleted)
    # and the summary the cohort report reads.
    Column("shift_digest", String(64), nullable=True),
    Column("shift_at", Integer, nullable=True),
    Column("scorecard_packed", LargeBinary, nullable=True),
    Column("commands_packed", LargeBinary, nullable=True),
    Column("summary", Text, nullable=True),
    CheckConstraint("status in ('open', 'finished', 'expired')", name="attempt_status"),
    # The cohort report reads an assessment's attempts trainee by trainee: with the index
    # the rows stream out, each trainee's few sorted on the way, instead of all of them
    # being sorted first (a spill to disk for a large cohort). Added after version 3
    # shipped: see LATER_INDEXES.
    Index("attempts_in_report_order", "assessment_id", "trainee_id"),
)

shifts = Table(
    "shifts", metadata,
    # Each expanded shift once, by the SHA-256 of its canonical text (the same scenario file,
    # seed and engine always expand to the same text, so they share one row), packed.
    Column("digest", String(64), primary_key=True),
    Column("scenario_id", String(64), nullable=False),
    Column("scenario_sha256", String(64), nullable=False),
    Column("seed", BigInteger, nullable=False),
    Column("engine", String(20), nullable=False),
    Column("data", LargeBinary, nullable=False),
    Column("created_at", String(40), nullable=False),
    Index("shifts_source", "scenario_sha256", "seed", "engine"),
)

attempt_commands = Table(
    "attempt_commands", metadata,
    Column("attempt_id", String(32), ForeignKey("attempts.id"), primary_key=True),
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("tick", Integer, nullable=False),
    Column("command", Text, nullable=False),
)

quiz_answers = Table(
    "quiz_answers", metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("trainee_id", String(32), ForeignKey("trainees.id"), nullable=False, index=True),
    Column("item_id", String(200), nullable=False),
    Column("credit", Integer, nullable=False),
    Column("at", String(40), nullable=False),
)

review_cards = Table(
    "review_cards", metadata,
    # The readiness quiz's spaced-review deck: one FSRS card (JSON text) per trainee and item.
    Column("trainee_id", String(32), ForeignKey("trainees.id"), primary_key=True),
    Column("item_id", String(200), primary_key=True),
    Column("card", Text, nullable=False),
    Column("updated_at", String(40), nullable=False),
)

xapi_queue = Table(
    "xapi_queue", metadata,
    # Statements waiting for the LRS (see simulator.records.xapi); sent_at is set on success.
    Column("id", String(36), primary_key=True),
    Column("attempt_id", String(32), nullable=False, index=True),
    Column("seq", Integer, nullable=False),
    Column("statement", Text, nullable=False),
    Column("queued_at", String(40), nullable=False),
    Column("sent_at", String(40), nullable=True, index=True),
)

desk_keys = Table(
    "desk_keys", metadata,
    # Every desk's public key, so any desk can find it; trust is decided per desk (keys.py).
    Column("key_id", String(32), primary_key=True),
    Column("public_key", String(64), nullable=False),
    Column("label", String(200), nullable=False),
    Column("created_at", String(40), nullable=False),
)

chains = Table(
    "chains", metadata,
    # The head of each trainee's chain of attempts at one assessment ("-" for attempts
    # outside an assessment): its length and sittings, signed, so a deleted attempt shows.
    Column("trainee_id", String(32), ForeignKey("trainees.id"), primary_key=True),
    Column("chain", String(64), primary_key=True),
    Column("length", Integer, nullable=False),
    Column("sealed", Text, nullable=False),
    Column("seal", String(128), nullable=False),
    Column("key_id", String(32), nullable=False),
)

#: Columns a version added to the tables before it: (table, column), in order.
V2_COLUMNS: tuple[tuple[str, str], ...] = tuple(
    ("attempts", name) for name in
    ("bot", "chain_seq", "key_id", "start_sealed", "start_seal", "sealed", "seal"))
V3_COLUMNS: tuple[tuple[str, str], ...] = tuple(
    ("attempts", name) for name in
    ("shift_digest", "shift_at", "scorecard_packed", "commands_packed", "summary"))
#: Indexes added after their table shipped, by table: created the next time a writable
#: database without them is opened (an index changes no row, so no version is needed).
LATER_INDEXES: dict[str, tuple[str, ...]] = {"attempts": ("attempts_in_report_order",)}
#: The tables of version 1 (a database without them is not a records database).
CORE_TABLES = frozenset({"records_meta", "trainees", "assessments", "attempts",
                         "attempt_commands", "quiz_answers"})
