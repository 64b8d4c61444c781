"""A real LRS: Ralph (test-only dependency) on a free loopback port, fed by 'export xapi'.

Ralph's development server with the ``fs`` backend writes its statements file once: a
second POST that carries new statements fails there (HTTP 500), so each test gets its own
server and the exporter's single batch is its first write. Statements Ralph already holds
are answered 204 without a write, which is what the resend check relies on.
"""

import base64
import importlib.util
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from simulator.cli import main
from tests.records.reports_helpers import copy_cohort
from tests.records.test_xapi import EXT, as_played, of_sitting

USER, PASSWORD = "desk", "s3cret-pass"
START_TIMEOUT = 90.0


def _ralph() -> Path | None:
    # Only look: importing ralph.api would configure its backend from this environment.
    try:
        found = importlib.util.find_spec("ralph.api") and importlib.util.find_spec("uvicorn")
    except ImportError:
        found = None
    if not found:
        return None
    path = Path(sys.executable).parent / "ralph"
    return path if path.exists() else None


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str, password: str = PASSWORD) -> tuple[int, bytes]:
    token = base64.b64encode(f"{USER}:{password}".encode()).decode()
    request = urllib.request.Request(url, headers={"Authorization": f"Basic {token}",
                                                   "X-Experience-API-Version": "1.0.3"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


class RalphLrs:
    """``ralph runserver -b fs`` in its own process group, always terminated."""

    def __init__(self, folder: Path):
        self.folder = folder
        self.port = _free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = folder / "ralph.log"
        self.env = {**os.environ, "RALPH_APP_DIR": str(folder / "app"),
                    "RALPH_RUNSERVER_BACKEND": "fs"}
        self.proc = None

    def start(self, ralph: Path) -> str | None:
        """Start the server; return why it could not start (None once it answers)."""
        made = subprocess.run(
            [str(ralph), "auth", "-u", USER, "-p", PASSWORD, "-s", "all",
             "-M", "mailto:trainer@example.org", "-w"],
            env=self.env, cwd=self.folder, capture_output=True, text=True, timeout=120)
        if made.returncode != 0:
            return f"'ralph auth' failed: {(made.stderr or made.stdout).strip()[-500:]}"
        with open(self.log, "wb") as log:
            self.proc = subprocess.Popen(
                [str(ralph), "runserver", "-b", "fs", "-h", "127.0.0.1", "-p", str(self.port)],
                env=self.env, cwd=self.folder, stdout=log, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return f"'ralph runserver' exited with {self.proc.returncode}: {self._tail()}"
            try:
                if _get(f"{self.base}/__heartbeat__")[0] == 200:
                    return None
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.25)
        return f"'ralph runserver' did not answer within {START_TIMEOUT:.0f} s: {self._tail()}"

    def _tail(self) -> str:
        try:
            return self.log.read_text(errors="replace").strip()[-500:]
        except OSError:
            return "(no log)"

    def stop(self) -> None:
        """Terminate the server and its reloader's children (its whole process group)."""
        if self.proc is None or self.proc.poll() is not None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=15)
        except ProcessLookupError:
            pass

    def statements(self) -> list[dict]:
        """Every statement the LRS holds, following 'more' links."""
        found, url = [], f"{self.base}/xAPI/statements?limit=100"
        while url:
            status, body = _get(url)
            assert status == 200, body
            page = json.loads(body)
            found += page["statements"]
            more = page.get("more")
            url = f"{self.base}{more}" if more else None
        return found


@pytest.fixture
def cohort(cohort_template_dir, data_dir, monkeypatch):
    found = copy_cohort(cohort_template_dir, data_dir)
    as_played(monkeypatch)  # people's sittings, unless a test says a bot played
    for name in ("FRONTDESK_XAPI_ACCOUNTS", "FRONTDESK_XAPI_HOMEPAGE"):
        monkeypatch.delenv(name, raising=False)
    return found


@pytest.fixture
def ralph_lrs(tmp_path):
    ralph = _ralph()
    if ralph is None:
        pytest.skip("ralph-malph[lrs,cli] is not installed (pip install -e '.[dev]')")
    folder = tmp_path / "ralph"
    folder.mkdir()
    server = RalphLrs(folder)
    try:
        why = server.start(ralph)
        if why is not None:
            pytest.skip(f"cannot start a Ralph LRS here: {why}")
        yield server
    finally:
        server.stop()


def queue_counts():
    from simulator.records.store import Store
    from simulator.records.xapi import counts

    store = Store()
    try:
        return counts(store)
    finally:
        store.close()


def export(server, password=PASSWORD, *extra):
    return main(["export", "xapi", "--lrs", f"{server.base}/xAPI/", "--user", USER,
                 "--password", password, *extra])


def test_export_to_a_real_lrs(cohort, ralph_lrs, capsys):
    """Every queued statement reaches Ralph and reads back; resending them is harmless."""
    assert export(ralph_lrs) == 0
    waiting, sent = queue_counts()
    assert waiting == 0 and sent > 0
    assert f"sent {sent} statement(s)" in capsys.readouterr().out
    stored = ralph_lrs.statements()
    assert len(stored) == sent
    assert {s["actor"]["account"]["name"] for s in stored} == {
        a["trainee_id"] for a in cohort.values()}
    assert {s["actor"]["account"]["homePage"] for s in stored} == {
        "https://frontdesk-simulator.invalid"}
    # Put everything back on the queue: the LRS already holds each statement unchanged.
    import sqlite3

    from simulator.records.store import data_dir

    db = sqlite3.connect(data_dir() / "frontdesk.sqlite")
    db.execute("UPDATE xapi_queue SET sent_at = NULL")
    db.commit()
    db.close()
    assert export(ralph_lrs) == 0
    assert queue_counts() == (0, sent)
    assert len(ralph_lrs.statements()) == sent


def test_wrong_password_leaves_statements_queued(cohort, ralph_lrs, capsys):
    """Ralph refuses a wrong password: exit 2, a clear message, everything still queued."""
    assert export(ralph_lrs, password="wrong") == 2
    err = capsys.readouterr().err
    assert "refused the credentials (HTTP 401" in err and "still queued" in err
    waiting, sent = queue_counts()
    assert waiting > 0 and sent == 0
    assert ralph_lrs.statements() == []


def test_lms_accounts_sittings_and_real_durations_reach_the_lrs(cohort, ralph_lrs, tmp_path,
                                                                monkeypatch):
    """Ralph stores the mapped actors, one sitting statement per sitting, real durations."""
    from simulator.records.xapi import sitting_statement_id

    mapping = tmp_path / "accounts.csv"
    mapping.write_text("trainee,homePage,name\nAda,https://lms.example.edu,ada.l\n",
                       encoding="utf-8")
    monkeypatch.setenv("FRONTDESK_XAPI_HOMEPAGE", "https://site.example.edu")
    assert export(ralph_lrs, PASSWORD, "--accounts", str(mapping)) == 0
    stored = ralph_lrs.statements()
    for name, attempt in cohort.items():
        mine = of_sitting(stored, attempt["sitting_id"])
        accounts = {(s["actor"]["account"]["homePage"], s["actor"]["account"]["name"])
                    for s in mine}
        assert accounts == ({("https://lms.example.edu", "ada.l")} if name == "Ada" else
                            {("https://site.example.edu", attempt["trainee_id"])})
        (whole,) = [s for s in mine if s["id"] == sitting_statement_id(attempt["sitting_id"])]
        assert whole["verb"]["id"].endswith("/passed" if attempt["passed"] else "/failed")
        assert whole["object"]["id"].endswith("/assessment/quick")
        assert {s["context"]["registration"] for s in mine} == {attempt["registration"]}
        for statement in mine:
            if "duration" in statement.get("result", {}):
                assert "H" not in statement["result"]["duration"]  # seconds, not 8 hours


def test_calibration_reaches_the_lrs_only_when_asked_and_marked(cohort, ralph_lrs,
                                                                monkeypatch, capsys):
    """Bot sittings are skipped by default; --include-calibration sends them marked."""
    as_played(monkeypatch, bots={name: "expert" for name in cohort if name != "Ada"})
    assert export(ralph_lrs, PASSWORD, "--include-calibration") == 0
    stored = ralph_lrs.statements()
    for name, attempt in cohort.items():
        marks = {s["context"]["extensions"].get(EXT + "calibration")
                 for s in of_sitting(stored, attempt["sitting_id"])}
        assert marks == ({None} if name == "Ada" else {"expert"})
    assert "skipped" not in capsys.readouterr().err
