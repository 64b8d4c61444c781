"""Hypothesis on the records store: rows of a finished sitting edited behind the program's back.

Whatever is written into a column (another value, another type, junk bytes, nothing) or
into the packed commands and scorecard, ``verify`` reports the attempt as changed (exit 1,
each difference named) or refuses it (exit 2, for an attempt that is gone), and the cohort
report still runs: never a traceback and never "ok" for a row that differs from what was
sealed. A few columns are deliberately outside the seals (see ``UNSIGNED``): an edit there
may verify, but still must not crash anything.
"""

import json
import random
import shutil
import sqlite3

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simulator.cli import main
from simulator.records.packing import pack, pack_commands, unpack, unpack_commands
from tests.fuzzing import fixed, long

FAST = fixed(30)
LONG = long(2_000)

#: (table, column) pairs an edit may land on; the attempt's own row is most of them.
TARGETS = [("attempts", c) for c in (
    "trainee_id", "assessment_id", "sitting_id", "part", "scenario_id", "seed", "mode",
    "start_tick", "time_scale", "deadline_at", "status", "journal_header", "command_count",
    "outcome_count", "outcome_hash", "scorecard", "overall", "passed", "dimensions",
    "critical_count", "signature", "bot", "chain_seq", "key_id", "start_sealed", "start_seal",
    "sealed", "seal", "registration", "created_at", "finished_at", "shift_digest", "shift_at",
    "scorecard_packed", "commands_packed", "summary")] + [
    ("shifts", "data"), ("shifts", "digest"), ("trainees", "display_name"),
    ("assessments", "yaml"), ("assessments", "sha256"), ("assessments", "title"),
    ("chains", "length"), ("chains", "sealed"), ("chains", "seal")]
#: Columns no seal covers on purpose: the older version's shared-key signature, kept beside
#: the seals of an attempt re-sealed since (nothing reads it once an attempt is sealed).
UNSIGNED = frozenset({("attempts", "signature")})
JUNK = [None, "", 0, -1, 1, 2**31, 2**63 - 1, 1.5, "x" * 5000, "null", "{}", "[]",
        '{"overall": 100}', b"", b"\x00\xff" * 8, "\u0410lice", "0" * 32, "f" * 64]


def _restore(template, data_dir) -> None:
    for path in data_dir.glob("frontdesk.sqlite*"):
        path.unlink()
    for path in [*template.glob("frontdesk.sqlite*"), template / "desk.key",
                 template / "trusted-desks.json"]:
        shutil.copy2(path, data_dir / path.name)


def _value(rng: random.Random, old):
    """Another value for a column: junk, a near miss of the old one, or a bit flip."""
    roll = rng.random()
    if roll < 0.5 or old is None:
        return rng.choice(JUNK)
    if isinstance(old, bytes):
        flipped = bytearray(old)
        flipped[rng.randrange(len(flipped))] ^= 1 << rng.randrange(8)
        return bytes(flipped)
    if isinstance(old, int):
        return old + rng.choice((-1, 1))
    text = str(old)
    if not text:
        return "x"
    i = rng.randrange(len(text))
    return text[:i] + rng.choice("0a{]\" ") + text[i + 1:]


def _edit_commands(rng: random.Random, packed: bytes) -> bytes:
    """Drop, double, retime or rewrite one of the packed command rows."""
    rows = unpack_commands(packed)
    i = rng.randrange(len(rows))
    row = dict(rows[i])
    roll = rng.random()
    if roll < 0.25:
        rows.pop(i)
    elif roll < 0.5:
        rows.insert(i, row)
    elif roll < 0.75:
        row["tick"] = rng.choice((-1, 0, row["tick"] + 1, 10**12))
        rows[i] = row
    else:
        data = json.loads(row["command"])
        data[rng.choice(sorted(data))] = rng.choice([None, "", 7, "p001", [], {}])
        row["command"] = json.dumps(data)
        rows[i] = row
    return pack_commands(rows)


def _edit_card(rng: random.Random, packed: bytes) -> bytes:
    """One top-level field of the packed ScoreCard given another value."""
    card = json.loads(unpack(packed))
    card[rng.choice(sorted(card))] = rng.choice([None, 0, 100, True, "x", [], {}])
    return pack(json.dumps(card))


def _reads_as(db_path, table: str, column: str):
    """The column's value as the program reads it (through its column type)."""
    from sqlalchemy import create_engine, select
    from sqlalchemy.pool import NullPool

    from simulator.records import schema

    engine = create_engine(f"sqlite:///{db_path}", poolclass=NullPool)
    try:
        with engine.connect() as conn:
            return conn.execute(select(getattr(schema, table).c[column]).limit(1)).scalar()
    except Exception as exc:  # noqa: BLE001 - a value the column type cannot read at all
        return f"unreadable: {type(exc).__name__}"
    finally:
        engine.dispose()


def _tamper(db_path, rng: random.Random) -> tuple[str, str] | None:
    """Apply one edit; return its (table, column), or None when it changed nothing the
    program reads (the database refused it, or the column type reads it the same)."""
    table, column = rng.choice(TARGETS)
    before = _reads_as(db_path, table, column)
    conn = sqlite3.connect(db_path)
    try:
        (old,) = conn.execute(f"SELECT {column} FROM {table} LIMIT 1").fetchone()
        try:
            if column == "commands_packed" and old and rng.random() < 0.6:
                new = _edit_commands(rng, old)
            elif column == "scorecard_packed" and old and rng.random() < 0.6:
                new = _edit_card(rng, old)
            else:
                new = _value(rng, old)
        except (TypeError, ValueError):  # an earlier edit left it unreadable: junk instead
            new = rng.choice(JUNK)
        conn.execute(f"UPDATE {table} SET {column} = ?", (new,))
        conn.commit()
    except (sqlite3.Error, OverflowError):
        return None  # NOT NULL, UNIQUE, or past 64 bits: the database refused the edit
    finally:
        conn.close()
    after = _reads_as(db_path, table, column)
    same = after == before and type(after) is type(before)
    return None if same else (table, column)


def _case(template, data_dir, tmp_path, capsys, seed: int, edits: int) -> None:
    _restore(template, data_dir)
    db_path = data_dir / "frontdesk.sqlite"
    (attempt_id,) = sqlite3.connect(db_path).execute("SELECT id FROM attempts").fetchone()
    rng = random.Random(seed)
    touched = {t for t in (_tamper(db_path, rng) for _ in range(edits)) if t is not None}
    # Against the original: a second edit may put a value back.
    original = template / "frontdesk.sqlite"
    changed = sorted(t for t in touched if _reads_as(original, *t) != _reads_as(db_path, *t))
    code = main(["verify", attempt_id])
    out = capsys.readouterr()
    assert "Traceback" not in out.err
    if changed and not set(changed) <= UNSIGNED:
        assert code in (1, 2), f"{changed} edited, yet verify said: {out.out}"
    # What a trainer reads next: the cohort report and the assessment's results.
    for argv in (["report", "cohort", "--out", str(tmp_path / "report.html")],
                 ["assessment", "results", "quick"]):
        code = main(argv)
        said = capsys.readouterr()
        assert code in (0, 1, 2) and "Traceback" not in said.err, argv


@FAST
@given(st.integers(0, 2**32), st.integers(1, 3))
def test_edited_rows_are_reported_never_a_traceback(_finished_template, data_dir, tmp_path,
                                                    capsys, seed, edits):
    """A few edits of a finished sitting's rows: verify names them, the report still runs."""
    _case(_finished_template, data_dir, tmp_path, capsys, seed, edits)


@pytest.mark.slow
@LONG
@given(st.integers(0, 2**32), st.integers(1, 6))
def test_edited_rows_long(_finished_template, data_dir, tmp_path, capsys, seed, edits):
    """Opt-in (make test-slow): 2,000 cases of the same."""
    _case(_finished_template, data_dir, tmp_path, capsys, seed, edits)
