"""Records tests: every test gets its own data folder, so nothing touches the real one.

Tests that take the ``backend`` fixture (or ``finished_any``) run twice: on the default
SQLite file, and on a fresh database of a throwaway PostgreSQL server that the suite starts
in a temporary folder and removes at the end (``tests/pg_server.py``), or of the server that
``FRONTDESK_TEST_POSTGRES`` names, e.g.
``postgresql+psycopg://postgres@127.0.0.1:5432/postgres``. Without PostgreSQL binaries the
PostgreSQL variants are skipped, and the terminal summary says why.
"""

import os
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest

# The session's PostgreSQL server fixture and the summary line saying whether it ran.
from tests.pg_server import current_url, pg_server, pytest_terminal_summary  # noqa: F401
from tests.records.quick import QUICK  # noqa: E402


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setenv("FRONTDESK_DATA_DIR", str(folder))
    monkeypatch.delenv("FRONTDESK_DB", raising=False)
    monkeypatch.delenv("FRONTDESK_KEY_FILE", raising=False)
    return folder


@pytest.fixture(scope="session")
def cohort_template_dir(tmp_path_factory):
    """A data folder holding the small recorded cohort of ``reports_helpers`` (built once)."""
    from tests.records.reports_helpers import cohort_template

    return cohort_template(tmp_path_factory)


@pytest.fixture
def quick_file(tmp_path):
    path = tmp_path / "quick.yaml"
    path.write_text(QUICK, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def _finished_template(tmp_path_factory):
    """One data folder holding a finished (failed) novice sitting of 'quick' (built once)."""
    import os

    from simulator.cli import main

    folder = tmp_path_factory.mktemp("template")
    (folder / "quick.yaml").write_text(QUICK, encoding="utf-8")
    old = os.environ.get("FRONTDESK_DATA_DIR")
    os.environ["FRONTDESK_DATA_DIR"] = str(folder)
    try:
        assert main(["assessment", "create", str(folder / "quick.yaml")]) == 0
        assert main(["assessment", "run", "quick", "--trainee", "Ada", "--bot", "novice"]) == 0
    finally:
        if old is None:
            del os.environ["FRONTDESK_DATA_DIR"]
        else:
            os.environ["FRONTDESK_DATA_DIR"] = old
    return folder


@pytest.fixture
def finished(_finished_template, data_dir):
    """A copy of the template in this test's data folder; returns the attempt id."""
    for path in [*_finished_template.glob("frontdesk.sqlite*"), _finished_template / "desk.key",
                 _finished_template / "trusted-desks.json"]:
        shutil.copy2(path, data_dir / path.name)
    from simulator.records.store import Store

    store = Store()
    try:
        (row,) = store.attempts("quick")
    finally:
        store.close()
    return row["attempt_id"]


# -- PostgreSQL variants ------------------------------------------------------------------------

# The PostgreSQL variants take the session's ``pg_server`` fixture, which starts the server on
# first need and skips them (with the reason) when there is none.
BACKENDS = ["sqlite", "postgresql"]


def _admin():
    from sqlalchemy import create_engine
    from sqlalchemy.pool import NullPool

    return create_engine(current_url(), isolation_level="AUTOCOMMIT", poolclass=NullPool)


def create_pg_database(template: str | None = None) -> tuple[str, str]:
    """Create a fresh database on the test server; returns its name and URL.

    The caller must have requested the ``pg_server`` fixture.
    """
    from sqlalchemy import text
    from sqlalchemy.engine import make_url

    name = f"frontdesk_test_{uuid.uuid4().hex[:12]}"
    engine = _admin()
    with engine.connect() as conn:
        if template:
            conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                              "WHERE datname = :db AND pid <> pg_backend_pid()"),
                         {"db": template})
            conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
        else:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        # Test speed only: commits need not wait for the server's disk flush (the program's
        # own durability settings are what the SQLite crash tests check).
        conn.execute(text(f'ALTER DATABASE "{name}" SET synchronous_commit = off'))
    engine.dispose()
    return name, make_url(current_url()).set(database=name).render_as_string(hide_password=False)


def drop_pg_database(name: str) -> None:
    """Drop a test database, closing whatever is still connected to it."""
    from sqlalchemy import text

    engine = _admin()
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


@dataclass
class Backend:
    """The database a test runs on: ``name`` is sqlite or postgresql."""

    name: str
    url: str | None
    folder: Path

    def execute(self, sql: str, **params):
        """Run SQL behind the program's back (tampering); returns the rows, if any."""
        from sqlalchemy import create_engine, text
        from sqlalchemy.pool import NullPool

        url = self.url or f"sqlite:///{self.folder / 'frontdesk.sqlite'}"
        engine = create_engine(url, poolclass=NullPool)
        try:
            with engine.begin() as conn:
                result = conn.execute(text(sql), params)
                return result.all() if result.returns_rows else None
        finally:
            engine.dispose()


@pytest.fixture(params=BACKENDS)
def backend(request, data_dir, monkeypatch):
    """SQLite (the default file in the data folder), or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield Backend("sqlite", None, data_dir)
        return
    request.getfixturevalue("pg_server")
    name, url = create_pg_database()
    monkeypatch.setenv("FRONTDESK_DB", url)
    try:
        yield Backend("postgresql", url, data_dir)
    finally:
        drop_pg_database(name)


@pytest.fixture(scope="session")
def _pg_finished_template(request, tmp_path_factory):
    """A PostgreSQL database holding the same finished sitting as the SQLite template."""
    from simulator.cli import main

    request.getfixturevalue("pg_server")
    folder = tmp_path_factory.mktemp("pg-template")
    (folder / "quick.yaml").write_text(QUICK, encoding="utf-8")
    name, url = create_pg_database()
    saved = {k: os.environ.get(k) for k in ("FRONTDESK_DATA_DIR", "FRONTDESK_DB")}
    os.environ.update(FRONTDESK_DATA_DIR=str(folder), FRONTDESK_DB=url)
    try:
        assert main(["assessment", "create", str(folder / "quick.yaml")]) == 0
        assert main(["assessment", "run", "quick", "--trainee", "Ada", "--bot", "novice"]) == 0
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    yield name, folder
    drop_pg_database(name)


@pytest.fixture(params=BACKENDS)
def finished_any(request, data_dir, monkeypatch):
    """Like ``finished``, on each backend; returns ``(attempt id, Backend)``."""
    from simulator.records.store import Store

    if request.param == "sqlite":
        template, db = request.getfixturevalue("_finished_template"), None
        for path in [*template.glob("frontdesk.sqlite*"), template / "desk.key",
                 template / "trusted-desks.json"]:
            shutil.copy2(path, data_dir / path.name)
    else:
        tpl_name, template = request.getfixturevalue("_pg_finished_template")
        for name in ("desk.key", "trusted-desks.json"):
            shutil.copy2(template / name, data_dir / name)
        db, url = create_pg_database(template=tpl_name)
        monkeypatch.setenv("FRONTDESK_DB", url)
    try:
        store = Store()
        try:
            (row,) = store.attempts("quick")
        finally:
            store.close()
        yield row["attempt_id"], Backend(request.param, os.environ.get("FRONTDESK_DB"),
                                         data_dir)
    finally:
        if db:
            drop_pg_database(db)
