"""Compact records (schema 3): one shift per scenario and seed, packed texts, migrations."""

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from simulator.bots import make_bot
from simulator.cli import main
from simulator.engine import journal
from simulator.engine.expand import expand
from simulator.engine.runner import run_bot
from simulator.errors import ContentError
from simulator.records import migration_steps
from simulator.records.attempts import resume, start
from simulator.records.migrate import HEAD
from simulator.records.packing import canonical_text, join_header, split_header, summary
from simulator.records.store import Store
from simulator.records.verify import check_attempt
from simulator.scenarios import load_scenario

from .oldschema import to_version_2


def _sql(data_dir, query, *args):
    db = sqlite3.connect(data_dir / "frontdesk.sqlite")
    try:
        return db.execute(query, args).fetchall()
    finally:
        db.close()


def _after_update(data_dir, attempt_id, query, *args):
    """Run one UPDATE behind the program's back, then check the attempt in full."""
    db = sqlite3.connect(data_dir / "frontdesk.sqlite")
    db.execute(query, args)
    db.commit()
    db.close()
    store = Store()
    try:
        return check_attempt(store, attempt_id)
    finally:
        store.close()


def test_a_shift_is_stored_once_and_read_back_whole(finished, data_dir, capsys):
    """Two trainees at the same assessment share its one shift; the header reads whole."""
    assert main(["assessment", "run", "quick", "--trainee", "Bea", "--bot", "expert"]) == 0
    assert _sql(data_dir, "SELECT COUNT(*) FROM shifts") == [(1,)]
    assert _sql(data_dir, "SELECT COUNT(*) FROM attempts") == [(2,)]
    assert _sql(data_dir, "SELECT COUNT(*) FROM attempt_commands") == [(0,)]
    (cut,) = _sql(data_dir, "SELECT journal_header FROM attempts LIMIT 1")[0]
    assert json.loads(cut)["shift"] is None and len(cut) < 5000
    store = Store()
    try:
        header = json.loads(store.attempt_row(finished)["journal_header"])
        rows = store.command_rows(finished)
    finally:
        store.close()
    assert header["shift"] == expand(load_scenario("calm-morning"), 3).model_dump(mode="json")
    assert rows and [r["seq"] for r in rows] == list(range(len(rows)))
    capsys.readouterr()
    for attempt_id, in _sql(data_dir, "SELECT id FROM attempts"):
        assert main(["verify", attempt_id]) == 0


def test_summary_is_signed_and_matches_the_scorecard(finished, data_dir):
    """The report summary is the scorecard's, and an edit to it breaks the result seal."""
    store = Store()
    try:
        row = store.attempt_row(finished)
    finally:
        store.close()
    card = json.loads(row["scorecard"])
    assert json.loads(row["summary"]) == summary(card)
    assert json.loads(row["sealed"])["summary_sha256"]
    assert summary(card)["kinds"], "the novice's sitting has mistakes to count"
    edited = row["summary"].replace('"kinds":[[', '"kinds":[[0,')
    ok, lines = _after_update(data_dir, finished, "UPDATE attempts SET summary = ?", edited)
    assert not ok and any("summary differs from the signed one" in line for line in lines)


def test_a_version_2_database_is_upgraded_in_place(finished, data_dir, capsys):
    """Alembic moves a version-2 store to 3: same attempt, verified, smaller file."""
    path = data_dir / "frontdesk.sqlite"
    to_version_2(path)
    assert _sql(data_dir, "SELECT COUNT(*) FROM attempt_commands")[0][0] > 0
    before = path.stat().st_size
    capsys.readouterr()
    assert main(["assessment", "results", "quick", "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert row["verified"] is True
    assert _sql(data_dir, "SELECT value FROM records_meta WHERE key = 'schema_version'") \
        == [("3",)]
    assert _sql(data_dir, "SELECT version_num FROM alembic_version") == [(HEAD,)]
    assert _sql(data_dir, "SELECT COUNT(*) FROM attempt_commands") == [(0,)]
    assert _sql(data_dir, "SELECT COUNT(*) FROM shifts") == [(1,)]
    assert path.stat().st_size < before
    assert main(["verify", finished]) == 0


def test_an_open_attempt_survives_the_upgrade(data_dir):
    """Half a shift recorded under version 2: resumed and finished under version 3."""
    x = expand(load_scenario("calm-morning"), 5)
    _, log = run_bot(x, make_bot("expert", 5))
    store = Store()
    attempt = start(store, x, trainee="Ada", mode="practice")
    for tick, command in log[:10]:
        attempt.shift.advance(tick)
        attempt.apply(command)
    store.close()
    to_version_2(data_dir / "frontdesk.sqlite")
    store = Store()
    try:
        again = resume(store, attempt.id)
        assert again.next_seq == 10
        for tick, command in log[10:]:
            again.shift.advance(tick)
            again.apply(command)
        again.finish()
        ok, lines = check_attempt(store, attempt.id)
    finally:
        store.close()
    assert ok, lines


def test_a_failed_upgrade_leaves_version_2_as_it_was(finished, data_dir, monkeypatch):
    """A database error half-way: one clear message, and nothing converted."""
    to_version_2(data_dir / "frontdesk.sqlite")
    before = _sql(data_dir, "SELECT journal_header, scorecard FROM attempts")

    def fail(conn, row):
        raise sqlite3.OperationalError("disk I/O error")

    with monkeypatch.context() as patch:
        patch.setattr(migration_steps, "_compact_one", fail)
        with pytest.raises(ContentError, match="must be upgraded to 3"):
            Store()
    assert _sql(data_dir, "SELECT value FROM records_meta WHERE key = 'schema_version'") \
        == [("2",)]
    assert _sql(data_dir, "SELECT journal_header, scorecard FROM attempts") == before
    Store().close()  # the next open with a working disk upgrades it
    assert _sql(data_dir, "SELECT value FROM records_meta WHERE key = 'schema_version'") \
        == [("3",)]


def test_opening_a_current_database_does_not_import_alembic(finished, data_dir):
    """Alembic is for migrating: a report or a resume on current records never loads it."""
    code = ("import sys; from simulator.records.store import Store; Store().close(); "
            "print('alembic' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "False"


def test_header_split_round_trips_exactly():
    """Cut out and put back: the same bytes; a header that is not canonical stays whole."""
    x = expand(load_scenario("calm-morning"), 3)
    text = journal.dumps(x, [], "", 0, meta={"shift_note": "shift", "zz": None}).splitlines()[0]
    cut, shift_text, at = split_header(text)
    assert join_header(cut, shift_text, at) == text
    assert json.loads(cut)["shift"] is None and json.loads(cut)["shift_note"] == "shift"
    assert split_header(text.replace('"appointment_types":{', '"appointment_types": {')) is None
    assert split_header('{"shift": 3}') is None and split_header("not json") is None
    with pytest.raises(ValueError):
        join_header(cut, shift_text, at + 1)


def test_packing_dictionaries_are_frozen_and_named_by_the_stream():
    """A shipped dictionary never changes; a packed text says which one it needs."""
    import zlib

    from simulator.records import packing

    for name, checksum in packing.DICTIONARIES.items():
        data = (Path(packing.__file__).with_name("dictionaries") / name).read_bytes()
        assert zlib.adler32(data) == checksum, f"{name} was edited: old records need it"
    card = canonical_text({"feedback": [{"code": "identity", "what": "no second identifier"}]})
    packed = packing.pack(card, "scorecard")
    assert packed[1] & 0x20 and int.from_bytes(packed[2:6], "big") == \
        packing.DICTIONARIES["scorecard-1.txt"]
    assert packing.unpack(packed) == card
    assert packing.unpack(zlib.compress(b"plain")) == "plain"  # packed before dictionaries
    unknown = zlib.compressobj(6, zlib.DEFLATED, 15, 8, 0, b"some other dictionary")
    with pytest.raises(ValueError, match="dictionary this program does not have"):
        packing.unpack(unknown.compress(b"x") + unknown.flush())
    with pytest.raises(ValueError, match="damaged"):
        packing.unpack(packed[:-8])


def test_a_version_2_result_seal_still_verifies(finished, data_dir):
    """A result seal that repeats every start field (as version 2 wrote them) counts."""
    from simulator.records import seals
    from simulator.records.keys import load_desk_key

    key = load_desk_key()
    store = Store()
    try:
        row = store.attempt_row(finished)
        doc = {**json.loads(row["sealed"]), **{f: row[f] for f in seals.START_FIELDS}, "v": 2}
        doc.pop("summary_sha256")
        text, signature = seals.seal(doc, key)
    finally:
        store.close()
    ok, lines = _after_update(data_dir, finished,
                              "UPDATE attempts SET sealed = ?, seal = ?, summary = NULL",
                              text, signature)
    assert ok, lines
