"""The same records on PostgreSQL: the session's throwaway server, or FRONTDESK_TEST_POSTGRES.

The server comes from the ``pg_server`` fixture (``tests/pg_server.py``); without PostgreSQL
binaries these tests are skipped with the reason. Each test gets a fresh database, dropped
afterwards. Most records tests also run here through the ``backend`` and ``finished_any``
fixtures of ``conftest.py``.
"""

import json

import pytest

from simulator.cli import main
from tests.records.conftest import create_pg_database, drop_pg_database


@pytest.fixture
def pg_url(pg_server, monkeypatch):
    name, url = create_pg_database()
    monkeypatch.setenv("FRONTDESK_DB", url)
    yield url
    drop_pg_database(name)


def test_postgres_round_trip_and_verify(pg_url, quick_file, data_dir, capsys):
    """create, run, results and verify on PostgreSQL; an edited score is caught."""
    assert main(["assessment", "create", str(quick_file)]) == 0
    assert main(["assessment", "run", "quick", "--trainee", "Ada", "--bot", "novice"]) == 0
    capsys.readouterr()
    assert main(["assessment", "results", "quick", "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert row["status"] == "finished" and row["trainee"] == "Ada"
    assert main(["verify", row["attempt_id"]]) == 0
    assert (data_dir / "desk.key").exists()  # a server database: the key stays on the desk

    from sqlalchemy import create_engine, text

    with create_engine(pg_url).begin() as conn:
        conn.execute(text("UPDATE attempts SET overall = overall + 1"))
    assert main(["verify", row["attempt_id"]]) == 1


# -- the throwaway server itself -----------------------------------------------------------------


def test_throwaway_server_is_private_and_leaves_nothing_behind():
    """A second throwaway server: socket only, no password, not root; stop removes it all."""
    import importlib.util

    from tests import pg_server

    binaries = pg_server.find_binaries()
    if binaries is None or importlib.util.find_spec("psycopg") is None:
        pytest.skip("no PostgreSQL binaries or psycopg here")
    server = pg_server.ThrowawayServer(binaries)
    try:
        server.start()
        folder, process = server.folder, server.process
        import psycopg

        with psycopg.connect(host=str(folder), user="postgres", dbname="postgres") as conn:
            listen = conn.execute("SHOW listen_addresses").fetchone()[0]
            (password,) = conn.execute(
                "SELECT rolpassword FROM pg_authid WHERE rolname = 'postgres'").fetchone()
        assert listen == ""  # no TCP port at all
        assert password is None  # trust on the private socket, no password set
        assert (folder / "data").stat().st_uid != 0  # initdb and the server never run as root
    finally:
        server.stop()
    assert process.poll() is not None
    assert not folder.exists()
    server.stop()  # a second stop (finalizer, then atexit) is harmless


def test_without_binaries_the_reason_is_given(monkeypatch):
    """No initdb on PATH or in Debian's folder: Unavailable says so and names the override."""
    from tests import pg_server

    monkeypatch.setenv("PATH", "")
    monkeypatch.setattr(pg_server, "DEBIAN_BINARIES", "/nonexistent/postgresql/*/bin")
    assert pg_server.find_binaries() is None

    class Request:
        def addfinalizer(self, _):
            raise AssertionError("nothing to clean up when nothing started")

    with pytest.raises(pg_server.Unavailable, match="FRONTDESK_TEST_POSTGRES"):
        pg_server._start(Request())
