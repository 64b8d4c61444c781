"""Trainee progress in the records store: shared by desks, imported once, never a crash."""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import textwrap
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from simulator.cli import main
from simulator.errors import ContentError
from simulator.progress import ProgressStore
from simulator.records import progress_tables as pt
from simulator.records.store import Store

NOW = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
ROOT = Path(__file__).resolve().parents[2]

LEGACY = {
    "local": {"passed": ["first-shift", "calm-morning"], "unlocked": [],
              "history": [{"scenario": "first-shift", "situations": ["check_in"],
                           "overall": 88, "passed": True},
                          {"scenario": "first-shift", "situations": [], "overall": 40,
                           "passed": False}]},
    "Ana": {"passed": [], "unlocked": ["core"], "history": [],
            "quiz": [{"at": "2026-11-30T10:00:00+00:00", "score": 72, "ready": False}]},
}


@pytest.fixture(autouse=True)
def _fresh_reports(monkeypatch):
    """Each test sees its own stderr notices (they are printed once per process)."""
    from simulator import progress
    from simulator.records import progress_tables

    monkeypatch.setattr(progress, "_REPORTED", set())
    monkeypatch.setattr(progress_tables, "_DOWN", {})


def _progress(db: Store | None = None) -> ProgressStore:
    return ProgressStore(db, clock=lambda: NOW)


def _rows(backend, kind: str) -> int:
    return len(backend.execute("SELECT id FROM progress_events WHERE kind = :k", k=kind))


def test_progress_round_trips_through_the_records_store(backend):
    """Shifts, unlocks and quiz attempts are rows in the records database, read back."""
    store = _progress()
    store.record("Ana", "first-shift", ["check_in", "phone"], 91, True)
    store.record("Ana", "calm-morning", [], 30, False)
    store.record(None, "calm-morning", [], 80, True)
    store.unlock("Ana", "core")
    store.unlock("Ana", "core")  # once is enough
    store.record_quiz("Ana", {"at": "2026-12-01T09:00:00+00:00", "score": 64, "ready": False})
    again = _progress()
    assert again.passed("Ana") == {"first-shift"}
    assert again.passed(None) == again.passed("local") == {"calm-morning"}
    assert again.overrides("Ana") == {"core"} and again.overrides(None) == set()
    assert again.history("Ana") == [
        {"scenario": "first-shift", "situations": ["check_in", "phone"], "overall": 91,
         "passed": True},
        {"scenario": "calm-morning", "situations": [], "overall": 30, "passed": False}]
    assert again.quiz_attempts() == {"Ana": [{"at": "2026-12-01T09:00:00+00:00",
                                              "score": 64, "ready": False}]}
    assert again.quiz_attempts("nobody") == {}
    assert _rows(backend, "unlock") == 1 and _rows(backend, "shift") == 3
    db = Store()
    try:  # the trainee is a records trainee: a trainer's reports know the same person
        assert {t["display_name"] for t in db.trainees()} == {"Ana", "local"}
    finally:
        db.close()


def test_two_desks_writing_at_once_keep_both(backend):
    """Two stores open on one database: neither write replaces the other's."""
    desk_a, desk_b = _progress(), _progress()
    assert desk_a.passed("Ana") == desk_b.passed("Ana") == set()
    desk_a.record("Ana", "first-shift", [], 90, True)
    desk_b.record("Ana", "calm-morning", [], 85, True)
    desk_b.record_quiz("Ana", {"score": 80})
    desk_a.unlock("Ana", "crisis")
    for desk in (desk_a, desk_b):
        assert desk.passed("Ana") == {"first-shift", "calm-morning"}
        assert desk.overrides("Ana") == {"crisis"}
        assert [h["scenario"] for h in desk.history("Ana")] == ["first-shift", "calm-morning"]
        assert desk.quiz_attempts("Ana") == {"Ana": [{"score": 80}]}


def test_an_older_progress_file_is_imported_once(backend, data_dir, capsys):
    """Every entry is copied in one go, the file renamed; a copy of it is not imported again."""
    legacy = data_dir / "progress.json"
    legacy.write_text(json.dumps(LEGACY), encoding="utf-8")
    store = _progress()
    assert "copied 5 progress entries" in capsys.readouterr().err
    assert not legacy.exists() and (data_dir / "progress.json.imported").is_file()
    assert store.passed(None) == {"first-shift", "calm-morning"}
    assert [h["overall"] for h in store.history("local")] == [88, 40]
    assert store.overrides("Ana") == {"core"}
    assert store.quiz_attempts() == {"Ana": LEGACY["Ana"]["quiz"]}
    # The same file put back (a backup restored, a rename that failed): not imported twice.
    legacy.write_text(json.dumps(LEGACY), encoding="utf-8")
    again = _progress()
    assert len(again.history(None)) == 2 and _rows(backend, "pass") == 1
    assert capsys.readouterr().err == ""
    marks = backend.execute("SELECT status, entries FROM progress_imports")
    assert [tuple(m) for m in marks] == [("imported", 5)]


def test_a_failed_import_keeps_the_file_for_next_time(data_dir, monkeypatch, capsys):
    """A database failure mid-import stores nothing and leaves progress.json to retry."""
    legacy = data_dir / "progress.json"
    legacy.write_text(json.dumps(LEGACY), encoding="utf-8")
    real = pt._insert

    def broken(*args):
        real(*args)
        raise ContentError.single("db", "cannot write to the records database: disk full")

    monkeypatch.setattr(pt, "_insert", broken)
    store = _progress()  # play goes on, from the file, in memory
    assert store.passed(None) == {"first-shift", "calm-morning"} and legacy.is_file()
    assert "progress.json: not imported yet (cannot write" in capsys.readouterr().err
    monkeypatch.setattr(pt, "_insert", real)
    db = Store()
    try:
        assert pt.read_events(db) == []  # rolled back: not half an import
        store = _progress(db)
        assert len(pt.read_events(db)) == 5 and not legacy.exists()
    finally:
        db.close()


@pytest.mark.parametrize("text", ["{not json", "[1, 2]", '{"Ana": {"history": "lots"}}',
                                  '{"Ana": {"passed": [3]}}', "\udcff"])
def test_a_corrupt_progress_file_is_skipped_with_a_message(data_dir, capsys, text):
    """Not a crash: one message, nothing imported, the file left as it was."""
    legacy = data_dir / "progress.json"
    legacy.write_bytes(text.encode("utf-8", "surrogateescape"))
    store = _progress()
    err = capsys.readouterr().err
    assert "progress.json: skipped, not a progress file" in err and "left in place" in err
    store.record("Ana", "first-shift", [], 90, True)
    assert store.passed("Ana") == {"first-shift"} and legacy.read_bytes() == text.encode(
        "utf-8", "surrogateescape")
    from simulator import progress

    progress._REPORTED.clear()
    _progress()  # the same bad file is not reported at every start
    assert capsys.readouterr().err == ""


IMPORTER = textwrap.dedent("""
    import sys, time
    from simulator.progress import ProgressStore
    while time.time() < float(sys.argv[1]):
        time.sleep(0.005)
    ProgressStore()
""")


def test_two_programs_starting_together_import_once(backend, data_dir):
    """Two programs opening at the same moment: the file's entries are there once."""
    Store().close()  # the tables exist: the two race on the import itself
    (data_dir / "progress.json").write_text(json.dumps(LEGACY), encoding="utf-8")
    start = time.time() + 2.0
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen([sys.executable, "-c", IMPORTER, str(start)], env=env,
                              cwd=ROOT, stderr=subprocess.PIPE, text=True)
             for _ in range(2)]
    errs = [p.communicate(timeout=120)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errs
    assert sum("copied 5 progress entries" in e for e in errs) == 1, errs
    assert _rows(backend, "shift") == 2 and _rows(backend, "quiz") == 1
    assert len(backend.execute("SELECT sha256 FROM progress_imports")) == 1


def test_a_locked_database_does_not_stop_play(data_dir, capsys):
    """Writes that cannot be stored are kept in memory; the problem is printed once."""
    db = Store(busy_timeout=0.05)
    store = _progress(db)
    store.record("Ana", "first-shift", [], 90, True)
    holder = sqlite3.connect(data_dir / "frontdesk.sqlite")
    holder.execute("BEGIN IMMEDIATE")  # another program is writing
    try:
        store.record("Ana", "calm-morning", [], 85, True)
        store.record_quiz("Ana", {"score": 90})
        store.unlock("Ana", "core")
    finally:
        holder.rollback()
        holder.close()
    err = capsys.readouterr().err
    assert err.count("kept for this session only") == 1 and "is locked" in err
    assert store.passed("Ana") == {"first-shift", "calm-morning"}  # what was read, and memory
    assert store.overrides("Ana") == {"core"} and store.quiz_attempts("Ana")
    db.close()
    assert _progress().passed("Ana") == {"first-shift"}  # only the stored shift persisted


def test_a_database_that_cannot_be_opened_plays_on_from_the_old_file(data_dir, capsys,
                                                                     monkeypatch):
    """FRONTDESK_DB pointing nowhere: the older file is read, play goes on in memory."""
    monkeypatch.setenv("FRONTDESK_DB", f"sqlite:///{data_dir / 'missing' / 'x.sqlite'}")
    (data_dir / "progress.json").write_text(json.dumps(LEGACY), encoding="utf-8")
    store = _progress()
    assert "the database folder does not exist" in capsys.readouterr().err
    assert store.overrides("Ana") == {"core"}
    store.record("Ana", "first-shift", [], 90, True)
    assert store.passed("Ana") == {"first-shift"}
    assert (data_dir / "progress.json").is_file()  # kept for the import, once it opens
    with pytest.raises(ContentError, match="does not exist"):
        ProgressStore(strict=True)


def test_a_database_that_failed_to_open_is_not_retried_at_every_screen(data_dir, monkeypatch):
    """An unreachable server would make each screen wait its timeout: retried after a minute."""
    from simulator.records import progress_tables
    from simulator.records import store as store_module

    opened = []

    def unreachable(*args, **kwargs):
        opened.append(1)
        raise ContentError.single("postgresql://desk", "cannot reach the database")

    monkeypatch.setattr(store_module, "Store", unreachable)
    clock = [1000.0]
    import time

    monkeypatch.setattr(time, "monotonic", lambda: clock[0])
    for _ in range(3):
        assert _progress().passed("Ana") == set()
    assert len(opened) == 1
    clock[0] += progress_tables.RETRY_AFTER
    _progress()
    assert len(opened) == 2


def test_path_commands_use_the_records_store(data_dir, capsys, monkeypatch, tmp_path):
    """A trainer opens a tier in a shared database; the trainee's desk sees it."""
    shared = f"sqlite:///{tmp_path / 'shared.sqlite'}"
    monkeypatch.setenv("FRONTDESK_DB", shared)
    assert main(["path", "unlock", "crisis", "--trainee", "Ana"]) == 0
    assert "unlocked crisis for Ana in" in capsys.readouterr().out
    assert _progress().overrides("Ana") == {"crisis"}
    _progress().record("Ana", "first-shift", [], 90, True)
    assert main(["path", "show", "--trainee", "Ana"]) == 0
    out = capsys.readouterr().out
    assert "Crisis [crisis] - open" in out and "[x] first-shift" in out
    assert "Core [core] - locked" in out
    monkeypatch.delenv("FRONTDESK_DB")
    assert main(["path", "show", "--trainee", "Ana"]) == 0  # the local file knows nothing
    assert "Crisis [crisis] - locked" in capsys.readouterr().out
    from simulator.commands.progress import path_show

    assert path_show(argparse.Namespace(trainee="Ana", db=shared)) == 0  # as with --db
    assert "Crisis [crisis] - open" in capsys.readouterr().out


def test_path_unlock_reports_a_database_it_cannot_write(data_dir, capsys, monkeypatch):
    """A trainer's unlock that was not stored is an error (exit 2), not a claim."""
    monkeypatch.setenv("FRONTDESK_DB", f"sqlite:///{data_dir / 'missing' / 'x.sqlite'}")
    assert main(["path", "unlock", "core", "--trainee", "Ana"]) == 2
    captured = capsys.readouterr()
    assert "the database folder does not exist" in captured.err
    assert "unlocked" not in captured.out
    assert main(["path", "unlock", "nope"]) == 2
    assert "no tier 'nope'" in capsys.readouterr().err


def test_the_tables_are_made_on_a_store_opened_before(backend):
    """A store opened without the progress tables gets them on first use."""
    db = Store()
    try:
        if backend.name == "sqlite":
            backend.execute("DROP TABLE progress_events")
        else:
            backend.execute("DROP TABLE progress_events CASCADE")
        store = _progress(db)
        store.record("Ana", "first-shift", [], 90, True)
        assert store.passed("Ana") == {"first-shift"}
    finally:
        db.close()
