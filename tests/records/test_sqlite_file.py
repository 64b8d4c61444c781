"""verify on a SQLite file reads it with the standard library, and says what the store says."""

import json
import subprocess
import sys

import pytest

from simulator.cli import main
from simulator.records import sqlite_file
from simulator.records.packing import canonical_text, pack, unpack
from simulator.records.sqlite_file import file_of, open_sqlite
from simulator.records.store import Store
from simulator.records.verify import check_attempt
from tests.records.conftest import Backend


def _both(attempt_id):
    """check_attempt through the store (SQLAlchemy) and through sqlite3 directly."""
    store = Store(create=False)
    try:
        through_store = check_attempt(store, attempt_id)
    finally:
        store.close()
    records = open_sqlite(None)
    assert records is not None, "a current SQLite store opens directly"
    try:
        direct = check_attempt(records, attempt_id)
    finally:
        records.close()
    return through_store, direct


def _edit_card(db):
    card = json.loads(unpack(db.execute("SELECT scorecard_packed FROM attempts")[0][0]))
    card["overall"] = 95
    db.execute("UPDATE attempts SET scorecard_packed = :c, overall = 95, passed = 1",
               c=pack(canonical_text(card)))


EDITS = {
    "untouched": None,
    "passed flipped": "UPDATE attempts SET passed = NOT passed",
    "passed as text": "UPDATE attempts SET passed = 'yes'",
    "seed edited": "UPDATE attempts SET seed = seed + 1",
    "trainee renamed": "UPDATE trainees SET display_name = 'Eve'",
    "chain head deleted": "DELETE FROM chains",
    "shift deleted": "DELETE FROM shifts",
    "commands as text": "UPDATE attempts SET commands_packed = CAST('junk' AS BLOB)",
    "assessment changed": "UPDATE assessments SET yaml = yaml || ' '",
    "score and card raised": _edit_card,
}


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_both_ways_in_give_the_same_verdict(finished, data_dir, edit):
    """Untouched or edited behind the program's back, the two readers agree word for word."""
    db = Backend("sqlite", None, data_dir)
    if callable(edit):
        edit(db)
    elif edit:
        db.execute(edit)
    through_store, direct = _both(finished)
    assert direct == through_store
    assert direct[0] is (edit is None)


def test_verify_on_sqlite_imports_no_sqlalchemy(finished, data_dir):
    """A fresh ``frontdesk verify ATTEMPT`` on the default file never imports SQLAlchemy."""
    code = ("import sys\nfrom simulator.cli import main\n"
            f"assert main(['verify', {finished!r}]) == 0\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'sqlalchemy'))\n")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"


@pytest.mark.parametrize("url", [
    "postgresql+psycopg://u@h/db", "sqlite://", "sqlite:///:memory:",
    "sqlite:///x.sqlite?mode=ro", "sqlite:///file:x.sqlite", "sqlite:///a%20b.sqlite",
    "sqlite+pysqlite:///x.sqlite",
])
def test_other_urls_are_left_to_the_store(url):
    """Only a plain path to a SQLite file is read directly; the store parses the rest."""
    assert file_of(url) is None


def test_the_default_and_a_path_name_files(data_dir, tmp_path):
    assert file_of(None) == data_dir / "frontdesk.sqlite"
    assert file_of(f"sqlite:///{tmp_path}/r.sqlite") == tmp_path / "r.sqlite"


def test_an_older_schema_opens_through_the_store(finished, data_dir):
    """A store the program would upgrade (or refuse) is not read directly."""
    Backend("sqlite", None, data_dir).execute(
        "UPDATE records_meta SET value = '2' WHERE key = 'schema_version'")
    assert open_sqlite(None) is None


def test_a_missing_file_is_left_to_the_store(data_dir, capsys):
    """No file: the store's own message, exit 2, and nothing is created."""
    assert open_sqlite(None) is None
    assert main(["verify", "0" * 32]) == 2
    assert "no records database here yet" in capsys.readouterr().err
    assert not (data_dir / "frontdesk.sqlite").exists()


def test_a_file_that_is_not_a_database_gets_the_store_message(data_dir, capsys):
    """Garbage where the records should be: the store explains it (exit 2), no traceback."""
    (data_dir / "frontdesk.sqlite").write_bytes(b"not a database at all" * 100)
    assert open_sqlite(None) is None
    assert main(["verify", "0" * 32]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and "frontdesk.sqlite" in err


def test_a_network_share_is_left_to_the_store(finished, data_dir, tmp_path, monkeypatch,
                                              capsys):
    """On NFS the store refuses SQLite (exit 2); the direct reader never opens it."""
    mounts = tmp_path / "mounts"
    mounts.write_text(f"/dev/vda / ext4 rw 0 0\nnas:/home {data_dir} nfs rw 0 0\n")
    monkeypatch.setattr(sqlite_file, "MOUNTS", str(mounts))
    assert open_sqlite(None) is None
    assert main(["verify", finished]) == 2
    assert "network filesystem (nfs)" in capsys.readouterr().err


def test_a_read_only_copy_verifies(finished, data_dir, capsys):
    """Records copied read-only (an archive) verify directly, and are left unchanged."""
    files = sorted(data_dir.glob("frontdesk.sqlite*"))
    before = {p.name: p.read_bytes() for p in files}
    for path in files:
        path.chmod(0o444)
    records = open_sqlite(None)
    assert records is not None
    try:
        ok, lines = check_attempt(records, finished)
    finally:
        records.close()
    assert ok, lines
    assert {p.name: p.read_bytes() for p in sorted(data_dir.glob("frontdesk.sqlite*"))
            if p.name in before} == before


def test_a_home_relative_path_is_the_same_file_for_the_store_and_verify(tmp_path, monkeypatch):
    """``--db sqlite:///~/r.sqlite`` is the file in the home folder for every command."""
    home, elsewhere = tmp_path / "home", tmp_path / "cwd"
    home.mkdir()
    elsewhere.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(elsewhere)
    store = Store("sqlite:///~/r.sqlite")
    store.close()
    assert (home / "r.sqlite").is_file() and not (elsewhere / "~").exists()
    assert file_of("sqlite:///~/r.sqlite") == home / "r.sqlite"
    records = open_sqlite("sqlite:///~/r.sqlite")
    assert records is not None
    records.close()
