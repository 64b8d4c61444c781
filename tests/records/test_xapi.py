"""xAPI statements, the offline queue, and sending to an LRS (a small local fake here)."""

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from simulator.cli import main
from tests.records.reports_helpers import COHORT, cohort_template, copy_cohort

DURATION = re.compile(r"^PT(\d+H)?(\d+M)?(\d+S)?$")


@pytest.fixture(scope="session")
def _cohort_template(tmp_path_factory):
    return cohort_template(tmp_path_factory)


@pytest.fixture
def cohort(_cohort_template, data_dir):
    """The recorded cohort in this test's data folder: attempts by trainee name."""
    return copy_cohort(_cohort_template, data_dir)


def statements(attempt_id):
    from simulator.records.store import Store
    from simulator.records.xapi import attempt_statements

    store = Store()
    try:
        return attempt_statements(store, attempt_id), store.attempt_row(attempt_id)
    finally:
        store.close()


def exported(tmp_path):
    out = tmp_path / "statements.json"
    assert main(["export", "xapi", "--out", str(out)]) == 0
    return json.loads(out.read_text(encoding="utf-8"))


def pending():
    from simulator.records.store import Store
    from simulator.records.xapi import counts

    store = Store()
    try:
        return counts(store)
    finally:
        store.close()


# -- statements ---------------------------------------------------------------------------------


def test_statements_validate_against_ralph_models(cohort, tmp_path):
    """Every exported statement is a valid xAPI statement for ralph's models."""
    base = pytest.importorskip("ralph.models.xapi.base.statements")
    found = exported(tmp_path)
    assert len(found) >= len(COHORT)
    for statement in found:
        base.BaseXapiStatement(**statement)


def test_attempt_statement_carries_the_result(cohort):
    """Verb passed/failed; score.scaled, success, completion, duration and registration."""
    for name, attempt in cohort.items():
        found, row = statements(attempt["attempt_id"])
        main_one = found[0]
        verb = "passed" if attempt["passed"] else "failed"
        assert main_one["verb"]["id"] == f"http://adlnet.gov/expapi/verbs/{verb}", name
        result = main_one["result"]
        assert result["score"]["scaled"] == attempt["overall"] / 100
        assert result["success"] is bool(attempt["passed"])
        assert result["completion"] is True
        length = json.loads(row["journal_header"])["shift"]["length"] - row["start_tick"]
        h, rest = divmod(length, 3600)
        assert DURATION.match(result["duration"])
        assert result["duration"] == "PT" + "".join(
            f"{v}{u}" for v, u in ((h, "H"), (rest // 60, "M"), (rest % 60, "S")) if v)
        assert {s["context"]["registration"] for s in found} == {attempt["registration"]}


def test_actor_is_a_pseudonymous_account(cohort, tmp_path):
    """The actor is an account with the trainee id: no e-mail, no display name anywhere."""
    found = exported(tmp_path)
    ids = {a["trainee_id"] for a in cohort.values()}
    text = json.dumps(found, ensure_ascii=False)
    for statement in found:
        assert statement["actor"] == {"objectType": "Agent", "account": {
            "homePage": "https://frontdesk.example.org",
            "name": statement["actor"]["account"]["name"]}}
        assert statement["actor"]["account"]["name"] in ids
    assert "mbox" not in text and "mailto:" not in text
    for name in COHORT:
        assert name not in text
    assert "<script>" not in text


def test_statement_ids_are_stable_and_unique(cohort):
    """Building an attempt's statements twice gives the same uuid5 ids; no id repeats."""
    attempt_id = cohort["Ada"]["attempt_id"]
    first, _ = statements(attempt_id)
    again, _ = statements(attempt_id)
    assert first == again
    assert len({s["id"] for s in first}) == len(first)
    from simulator.records.xapi import statement_id

    assert [s["id"] for s in first] == [statement_id(attempt_id, i) for i in range(len(first))]


def test_key_decisions_are_a_handful(cohort):
    """Decisions are 'answered' or 'interacted' statements, at most DECISION_LIMIT."""
    from simulator.records.xapi import DECISION_LIMIT

    for attempt in cohort.values():
        found, _ = statements(attempt["attempt_id"])
        decisions = found[1:]
        assert 1 <= len(decisions) <= DECISION_LIMIT
        for statement in decisions:
            assert statement["verb"]["display"]["en-US"] in ("answered", "interacted")
            assert statement["result"]["response"]
        stamps = [s["timestamp"] for s in decisions]
        assert stamps == sorted(stamps)


def test_decision_limit_keeps_the_most_important():
    """With more decisions than the limit, emergencies win over dialogue replies."""
    from simulator.records.xapi import DECISION_LIMIT, _key_decisions

    rows = [{"seq": i, "tick": i, "command": {"type": "choose_reply", "task": "t1",
                                              "choice": 0}} for i in range(20)]
    rows.append({"seq": 20, "tick": 20, "command": {"type": "call_emergency", "task": "t2"}})
    chosen = _key_decisions(rows)
    assert len(chosen) == DECISION_LIMIT
    assert chosen[-1][1]["type"] == "call_emergency"


def test_open_attempt_has_no_statements():
    """An attempt without a result cannot be turned into statements."""
    from simulator.records.xapi import statements_for_attempt

    with pytest.raises(ValueError, match="no result"):
        statements_for_attempt({"id": "x", "status": "open", "scorecard": None,
                                "overall": None})


def test_iso_duration():
    """Whole seconds become compact ISO 8601 durations."""
    from simulator.records.xapi import iso_duration

    assert iso_duration(0) == "PT0S"
    assert iso_duration(28800) == "PT8H"
    assert iso_duration(3725) == "PT1H2M5S"


# -- the queue and the LRS ------------------------------------------------------------------


class FakeLrs:
    """A tiny xAPI endpoint on loopback: answers with a set status, keeps what it stored."""

    def __init__(self, status=200, body=None):
        self.status, self.body = status, body
        self.stored, self.requests = {}, []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                data = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                fake.requests.append((self.headers, data))
                status = fake.status(data) if callable(fake.status) else fake.status
                if status in (200, 204):
                    fake.stored.update({s["id"]: s for s in data})
                body = fake.body if fake.body is not None else json.dumps(
                    [s["id"] for s in data])
                self.send_response(status)
                if status in (301, 302):
                    self.send_header("Location", "http://127.0.0.1:9/elsewhere")
                payload = b"" if status == 204 else body.encode()
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *_args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/xAPI/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def lrs():
    servers = []

    def start(**kwargs):
        servers.append(FakeLrs(**kwargs))
        return servers[-1]

    yield start
    for server in servers:
        server.close()


def send(url, password="secret"):
    return main(["export", "xapi", "--lrs", url, "--user", "desk", "--password", password])


def test_export_queues_without_sending(cohort, capsys):
    """Plain 'export xapi' queues new statements and reports the queue."""
    assert main(["export", "xapi"]) == 0
    waiting, sent = pending()
    assert waiting >= len(COHORT) and sent == 0
    assert f"{waiting} statement(s) queued" in capsys.readouterr().out
    assert main(["export", "xapi"]) == 0
    assert pending() == (waiting, 0)  # queuing again adds nothing


def test_send_posts_with_basic_auth_and_version(cohort, lrs, capsys):
    """Sending POSTs every statement with Basic auth and X-Experience-API-Version 1.0.3."""
    server = lrs()
    assert send(server.url) == 0
    waiting, sent = pending()
    assert waiting == 0 and sent == len(server.stored)
    headers, _ = server.requests[0]
    assert headers["X-Experience-API-Version"] == "1.0.3"
    assert headers["Authorization"] == "Basic ZGVzazpzZWNyZXQ="  # desk:secret
    assert f"sent {sent} statement(s)" in capsys.readouterr().out
    assert send(server.url) == 0  # nothing left: nothing sent
    assert len(server.requests) == 1


def test_refused_credentials_keep_the_queue(cohort, lrs, capsys):
    """HTTP 401: exit 2 with a clear message; every statement stays queued."""
    server = lrs(status=401, body='{"detail": "Invalid authentication credentials"}')
    assert send(server.url, "wrong") == 2
    err = capsys.readouterr().err
    assert "refused the credentials" in err and "still queued" in err
    assert "Traceback" not in err
    waiting, sent = pending()
    assert waiting > 0 and sent == 0


def test_unreachable_lrs_keeps_the_queue(cohort, lrs, capsys):
    """Nothing listening: exit 2 'cannot reach the LRS'; statements stay queued."""
    server = lrs()
    url = server.url
    server.close()
    assert send(url) == 2
    assert "cannot reach the LRS" in capsys.readouterr().err
    assert pending()[1] == 0


def test_conflict_is_retried_one_by_one(cohort, lrs):
    """A 409 for a batch is retried per statement; 409 for one means already stored."""
    server = lrs(status=lambda data: 409 if len(data) > 1 else 204)
    assert send(server.url) == 0
    waiting, sent = pending()
    assert waiting == 0 and sent == len(server.requests) - 1


def test_a_redirect_is_not_an_acknowledgement(cohort, lrs, capsys):
    """A 302 (which urllib would follow as a GET) leaves everything queued, exit 2."""
    server = lrs(status=302, body="")
    assert send(server.url) == 2
    assert "redirect" in capsys.readouterr().err
    assert pending()[1] == 0


def test_a_200_without_ids_is_not_an_acknowledgement(cohort, lrs, capsys):
    """A 200 page that is not a list of ids (a login page, say) leaves the queue as it was."""
    server = lrs(status=200, body="<html>Sign in</html>")
    assert send(server.url) == 2
    assert "without statement ids" in capsys.readouterr().err
    assert pending()[1] == 0


def test_server_error_after_a_batch_keeps_the_rest(cohort, lrs, monkeypatch):
    """Batches acknowledged before a failure stay sent; the rest stay queued."""
    import simulator.records.xapi as xapi

    monkeypatch.setattr(xapi, "BATCH", 2)
    calls = []

    def status(data):
        calls.append(len(data))
        return 204 if len(calls) == 1 else 500

    server = lrs(status=status)
    assert send(server.url) == 2
    waiting, sent = pending()
    assert sent == 2 and waiting > 0


def test_bad_lrs_url_is_exit_2(cohort, capsys):
    """An --lrs that is not an http(s) URL is refused before anything is sent."""
    assert send("ftp://lrs.example.org/xAPI") == 2
    assert "--lrs" in capsys.readouterr().err


def test_lrs_without_credentials_is_exit_2(cohort, capsys, monkeypatch):
    """--lrs needs a user and a password."""
    monkeypatch.delenv("FRONTDESK_LRS_USER", raising=False)
    monkeypatch.delenv("FRONTDESK_LRS_PASSWORD", raising=False)
    assert main(["export", "xapi", "--lrs", "http://127.0.0.1:1/xAPI/"]) == 2
    assert "--user" in capsys.readouterr().err


def test_practice_attempt_has_no_parent_activity(cohort):
    """An attempt outside any assessment still gives valid statements, without a parent."""
    base = pytest.importorskip("ralph.models.xapi.base.statements")
    from simulator.records.xapi import statements_for_attempt

    _, row = statements(cohort["Ada"]["attempt_id"])
    found = statements_for_attempt({**row, "assessment_id": None, "mode": "practice"})
    assert all("contextActivities" not in s["context"] for s in found)
    for statement in found:
        base.BaseXapiStatement(**statement)
