"""The store: SQLite WAL + synchronous FULL, and a clear message for every database failure."""

import errno
import os
import sqlite3

import pytest
from sqlalchemy import event, inspect

from simulator.cli import main
from simulator.errors import ContentError
from simulator.records import sqlite_file
from simulator.records.schema import metadata
from simulator.records.store import Store, filesystem_type, is_network_fs


def _fail(capsys, argv):
    code = main(argv)
    err = capsys.readouterr().err
    assert code == 2, err
    assert "Traceback" not in err
    return err


def test_default_store_is_wal_with_synchronous_full(data_dir):
    """The default database is frontdesk.sqlite in the data folder, WAL, synchronous=FULL."""
    store = Store()
    assert store.db_path == data_dir / "frontdesk.sqlite"
    with store.read() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    store.close()
    raw = sqlite3.connect(data_dir / "frontdesk.sqlite")
    assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"  # stored in the file


def test_every_connection_gets_synchronous_full(data_dir):
    """synchronous is per connection, so a second pooled connection has it too."""
    store = Store()
    with store.engine.connect() as one, store.engine.connect() as two:
        for conn in (one, two):
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2


def test_tables_are_created(data_dir, backend):
    """All the records tables exist after the first open."""
    store = Store()
    names = set(inspect(store.engine).get_table_names())
    assert {t.name for t in metadata.sorted_tables} <= names
    assert {"trainees", "assessments", "attempts", "attempt_commands", "quiz_answers"} <= names


def test_env_url_selects_another_database(tmp_path, monkeypatch, data_dir):
    """FRONTDESK_DB picks the database when --db is not given."""
    monkeypatch.setenv("FRONTDESK_DB", f"sqlite:///{tmp_path / 'other.sqlite'}")
    store = Store()
    assert store.db_path == tmp_path / "other.sqlite"
    from simulator.records.keys import key_path

    assert key_path() == data_dir / "desk.key"  # the key belongs to the desk, not the DB


def test_filesystem_type_uses_the_longest_mount_point(tmp_path):
    """The deepest mount containing the folder decides, and octal escapes are decoded."""
    mounts = tmp_path / "mounts"
    share = tmp_path / "my share"
    share.mkdir()
    escaped = str(share).replace(" ", "\\040")
    mounts.write_text(f"/dev/vda / ext4 rw 0 0\nserver:/x {escaped} nfs4 rw 0 0\n")
    assert filesystem_type(share / "sub", mounts) == "nfs4"
    assert filesystem_type(tmp_path, mounts) == "ext4"
    assert is_network_fs("cifs") and is_network_fs("fuse.sshfs") and is_network_fs("smb3")
    assert not is_network_fs("ext4") and not is_network_fs(None)


def test_sqlite_on_a_network_filesystem_is_refused(tmp_path, data_dir, monkeypatch, capsys):
    """A SQLite file on NFS is refused with exit 2, recommending PostgreSQL."""
    mounts = tmp_path / "mounts"
    mounts.write_text(f"/dev/vda / ext4 rw 0 0\nnas:/home {data_dir} nfs rw 0 0\n")
    monkeypatch.setattr(sqlite_file, "MOUNTS", str(mounts))
    err = _fail(capsys, ["assessment", "list"])
    assert "network filesystem (nfs)" in err and "PostgreSQL" in err
    assert not (data_dir / "frontdesk.sqlite").exists()


@pytest.mark.parametrize("url, words", [
    ("not a url", "is not a database URL"),
    ("mysql://u@h/db", "unsupported database type 'mysql'"),
    ("postgresql+nosuchdriver://u@h/db", "no database driver"),
    ("sqlite:////no/such/folder/x.sqlite", "the database folder does not exist"),
])
def test_bad_db_url_exits_2(capsys, url, words):
    """A bad --db URL is one clear message and exit 2, never a traceback."""
    err = _fail(capsys, ["assessment", "list", "--db", url])
    assert words in err
    assert err.count("\n") == 1


def test_unreachable_postgres_exits_2(capsys):
    """A PostgreSQL server that is not there: exit 2 naming the (masked) URL."""
    err = _fail(capsys, ["assessment", "list", "--db",
                         "postgresql+psycopg://trainer:secret@127.0.0.1:1/frontdesk"])
    assert "cannot reach the database" in err
    assert "secret" not in err and "***" in err


def test_bad_env_url_names_the_variable(monkeypatch, capsys):
    """A bad FRONTDESK_DB is reported as that variable."""
    monkeypatch.setenv("FRONTDESK_DB", "nonsense")
    err = _fail(capsys, ["assessment", "list"])
    assert err.startswith("<environment>:1:1: FRONTDESK_DB:")


def test_read_only_database_exits_2(data_dir, quick_file, capsys):
    """Writing to a read-only database: exit 2, a clear message, nothing written."""
    assert main(["assessment", "create", str(quick_file)]) == 0
    capsys.readouterr()
    path = data_dir / "frontdesk.sqlite"
    other = quick_file.with_name("other.yaml")
    other.write_text(quick_file.read_text().replace("id: quick", "id: other"))
    url = f"sqlite:///file:{path}?mode=ro&uri=true"
    err = _fail(capsys, ["assessment", "create", str(other), "--db", url])
    assert "the database is read-only" in err
    assert main(["assessment", "list", "--json", "--db", url]) == 0  # reading still works
    assert '"other"' not in capsys.readouterr().out


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_read_only_file_permissions_exit_2(data_dir, quick_file, capsys):
    """A database file without write permission: exit 2 with the read-only message."""
    Store().close()
    (data_dir / "frontdesk.sqlite").chmod(0o444)
    data_dir.chmod(0o555)
    try:
        err = _fail(capsys, ["assessment", "create", str(quick_file)])
    finally:
        data_dir.chmod(0o755)
    assert "read-only" in err or "cannot open" in err


def test_locked_database_is_a_clear_error(data_dir):
    """Another program holding the write lock: 'locked' after the busy timeout."""
    Store().close()
    other = sqlite3.connect(data_dir / "frontdesk.sqlite", isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        store = Store(busy_timeout=0.1)
        with pytest.raises(ContentError, match="the database is locked by another program"):
            store.add_quiz_answer("Ada", "q1", 100)
    finally:
        other.execute("ROLLBACK")
    store.add_quiz_answer("Ada", "q1", 100)  # and fine once the lock is gone


def test_full_disk_is_a_clear_error(data_dir):
    """SQLite's 'database or disk is full' becomes 'the disk is full'; nothing is kept."""
    store = Store()
    store.add_quiz_answer("Ada", "q0", 100)
    with store.read() as conn:
        pages = conn.exec_driver_sql("PRAGMA page_count").scalar()
    store.engine.dispose()

    @event.listens_for(store.engine, "connect")
    def _cap(dbapi_conn, _record):
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages}")

    with pytest.raises(ContentError, match="the disk is full") as info:
        for i in range(10_000):
            store.add_quiz_answer("Ada", f"item-{i}-" + "x" * 150, 50)
    assert "nothing was saved" in str(info.value)
    assert all(a["credit"] in (50, 100) for a in store.quiz_answers("Ada"))


def test_oserror_enospc_is_the_disk_full_message(data_dir):
    """An OSError ENOSPC inside a store operation reads as a full disk."""
    store = Store()
    with pytest.raises(ContentError, match="the disk is full"), store.guard("save"):
        raise OSError(errno.ENOSPC, "No space left on device")


def test_newer_schema_is_refused(data_dir):
    """A database from a newer program version is refused, not misread."""
    Store().close()
    raw = sqlite3.connect(data_dir / "frontdesk.sqlite")
    raw.execute("UPDATE records_meta SET value = '99' WHERE key = 'schema_version'")
    raw.commit()
    with pytest.raises(ContentError, match="schema version 99"):
        Store()


def test_not_a_database_file(tmp_path):
    """A file that is not SQLite: a clear message."""
    bogus = tmp_path / "notes.sqlite"
    bogus.write_bytes(b"these are my notes, not a database" * 100)
    with pytest.raises(ContentError, match="not a SQLite database"):
        Store(f"sqlite:///{bogus}")


def test_quiz_answers_round_trip(data_dir, backend):
    """Quiz answers are stored per trainee and read back as plain dicts."""
    store = Store()
    store.add_quiz_answer("Ada", "privacy-1", 100)
    store.add_quiz_answer("Bo", "privacy-1", 25)
    (answer,) = store.quiz_answers("Bo")
    assert answer["item_id"] == "privacy-1" and answer["credit"] == 25
    assert len(answer["trainee_id"]) == 32 and answer["trainee"] == "Bo"
    assert [t["display_name"] for t in store.trainees()] == ["Ada", "Bo"]


def test_the_database_file_is_private(data_dir):
    """Trainee names live in the database: 0600 even under a permissive umask."""
    import os
    import stat

    old = os.umask(0)
    try:
        Store().close()
    finally:
        os.umask(old)
    assert stat.S_IMODE((data_dir / "frontdesk.sqlite").stat().st_mode) == 0o600


def test_an_older_store_gets_the_report_index_when_opened(data_dir):
    """The cohort report's index, added after version 3 shipped, is created on open."""
    Store().close()
    path = data_dir / "frontdesk.sqlite"
    raw = sqlite3.connect(path)
    raw.execute("DROP INDEX attempts_in_report_order")
    raw.commit()
    raw.close()
    Store().close()
    raw = sqlite3.connect(path)
    names = {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
    raw.close()
    assert "attempts_in_report_order" in names
