"""The same records on PostgreSQL (opt-in: set FRONTDESK_TEST_POSTGRES to a server URL).

The URL must let the user create databases, e.g.
FRONTDESK_TEST_POSTGRES=postgresql+psycopg://postgres@127.0.0.1:5432/postgres
Each test gets a fresh database, dropped afterwards. Most records tests also run here
through the ``backend`` and ``finished_any`` fixtures of ``conftest.py``.
"""

import json
import os

import pytest

from simulator.cli import main
from tests.records.conftest import create_pg_database, drop_pg_database

SERVER = os.environ.get("FRONTDESK_TEST_POSTGRES")
pytestmark = pytest.mark.skipif(not SERVER, reason="set FRONTDESK_TEST_POSTGRES to run")


@pytest.fixture
def pg_url(monkeypatch):
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
    assert (data_dir / "signing.key").exists()  # a server database keeps its key locally

    from sqlalchemy import create_engine, text

    with create_engine(pg_url).begin() as conn:
        conn.execute(text("UPDATE attempts SET overall = overall + 1"))
    assert main(["verify", row["attempt_id"]]) == 1
