"""Records tests: every test gets its own data folder, so nothing touches the real one."""

import shutil
import textwrap

import pytest

QUICK = textwrap.dedent("""\
    id: quick
    title: Quick check
    scenarios:
      - {scenario: calm-morning, seed: 3}
    pass_marks: {overall: 70}
    time_limit_minutes: 60
    attempts_allowed: 3
    hints: false
    """)


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setenv("FRONTDESK_DATA_DIR", str(folder))
    monkeypatch.delenv("FRONTDESK_DB", raising=False)
    monkeypatch.delenv("FRONTDESK_KEY_FILE", raising=False)
    return folder


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
    for path in [*_finished_template.glob("frontdesk.sqlite*"), _finished_template / "signing.key"]:
        shutil.copy2(path, data_dir / path.name)
    from simulator.records.store import Store

    store = Store()
    try:
        (row,) = store.attempts("quick")
    finally:
        store.close()
    return row["attempt_id"]
