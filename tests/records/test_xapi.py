"""xAPI statements, the offline queue, and sending to an LRS (a small local fake here)."""

import json
import re
import threading
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from simulator.cli import main
from tests.records.reports_helpers import COHORT, copy_cohort

DURATION = re.compile(r"^PT(\d+H)?(\d+M)?(\d+(\.\d)?S)?$")
LMS = "https://lms.example.edu"


def as_played(monkeypatch, bots=None):
    """Make the records say who played each trainee's sittings.

    The cohort is recorded by bots for speed; unless a test says otherwise its sittings
    count as people's (``bot`` None), whatever the store reports. Whether an attempt
    verifies is never faked: the seal check runs on the real rows.
    """
    from simulator.records.store import Store

    bots = bots or {}
    original = Store.attempts

    def attempts(self, *args, **kwargs):
        rows = original(self, *args, **kwargs)
        for row in rows:
            row["bot"] = bots.get(row["trainee"])
        return rows

    monkeypatch.setattr(Store, "attempts", attempts)


@pytest.fixture
def cohort(cohort_template_dir, data_dir, monkeypatch):
    """The recorded cohort in this test's data folder: attempts by trainee name."""
    found = copy_cohort(cohort_template_dir, data_dir)
    as_played(monkeypatch)
    for name in ("FRONTDESK_XAPI_ACCOUNTS", "FRONTDESK_XAPI_HOMEPAGE"):
        monkeypatch.delenv(name, raising=False)
    return found


def statements(attempt_id):
    from simulator.records.store import Store
    from simulator.records.xapi import attempt_statements

    store = Store()
    try:
        return attempt_statements(store, attempt_id), store.attempt_row(attempt_id)
    finally:
        store.close()


def exported(tmp_path, *extra):
    out = tmp_path / "statements.json"
    assert main(["export", "xapi", "--out", str(out), *extra]) == 0
    return json.loads(out.read_text(encoding="utf-8"))


EXT = "https://frontdesk.example.org/xapi/extensions/"


def of_sitting(found, sitting_id):
    """The statements of one sitting (the sitting's own statement first, if any)."""
    return [s for s in found if s["context"]["extensions"].get(EXT + "sitting") == sitting_id]


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
        assert DURATION.match(result["duration"])
        assert {s["context"]["registration"] for s in found} == {attempt["registration"]}


def test_actor_is_a_pseudonymous_account(cohort, tmp_path):
    """The actor is an account with the trainee id: no e-mail, no display name anywhere."""
    found = exported(tmp_path)
    ids = {a["trainee_id"] for a in cohort.values()}
    text = json.dumps(found, ensure_ascii=False)
    for statement in found:
        assert statement["actor"] == {"objectType": "Agent", "account": {
            "homePage": "https://frontdesk-simulator.invalid",
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
    from simulator.records.xapi_statements import DECISION_LIMIT, _key_decisions

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
    assert iso_duration(2.34) == "PT2.3S"
    assert iso_duration(59.97) == "PT1M"


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
    import simulator.records.xapi_lrs as xapi_lrs

    monkeypatch.setattr(xapi_lrs, "BATCH", 2)
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
    assert "contextActivities" not in found[0]["context"]
    assert all(s["context"]["contextActivities"] == {"parent": [found[0]["object"]]}
               for s in found[1:])
    assert "assessment" not in json.dumps(found)
    for statement in found:
        base.BaseXapiStatement(**statement)


# -- 1. actors: the trainee's LMS account, from the trainer's configuration ------------------


def test_accounts_file_maps_trainees_by_name_or_id(cohort, tmp_path, capsys):
    """--accounts maps by recorded name or pseudonymous id; the rest get the default."""
    dho = cohort["Dương Thị Hà"]["trainee_id"]
    mapping = tmp_path / "accounts.csv"
    mapping.write_text(f"Trainee,homepage,name\nAda,{LMS},ada.l\n{dho},{LMS}/,ha.d\n"
                       f"Nobody,{LMS},nobody\n", encoding="utf-8-sig")
    found = exported(tmp_path, "--accounts", str(mapping))
    actors = {json.dumps(s["actor"], sort_keys=True) for s in found}
    other = cohort["<script>alert(1)</script>"]["trainee_id"]
    assert actors == {json.dumps(a, sort_keys=True) for a in (
        {"objectType": "Agent", "account": {"homePage": LMS, "name": "ada.l"}},
        {"objectType": "Agent", "account": {"homePage": f"{LMS}/", "name": "ha.d"}},
        {"objectType": "Agent", "account": {"homePage": "https://frontdesk-simulator.invalid",
                                            "name": other}})}
    err = capsys.readouterr().err
    assert f"1 of 3 trainee(s) are not in {mapping}" in err and "placeholder" in err
    assert f"1 row(s) of {mapping} name no recorded trainee ('Nobody')" in err
    assert "nobody" not in json.dumps(found)


def test_site_homepage_and_accounts_from_the_environment(cohort, tmp_path, monkeypatch,
                                                         capsys):
    """FRONTDESK_XAPI_ACCOUNTS names the file; FRONTDESK_XAPI_HOMEPAGE serves the rest."""
    mapping = tmp_path / "accounts.csv"
    mapping.write_text("trainee,homePage,name\nAda,https://other.example.edu,ada\n",
                       encoding="utf-8")
    monkeypatch.setenv("FRONTDESK_XAPI_ACCOUNTS", str(mapping))
    monkeypatch.setenv("FRONTDESK_XAPI_HOMEPAGE", LMS)
    found = exported(tmp_path)
    ada = cohort["Ada"]["trainee_id"]
    for statement in found:
        account = statement["actor"]["account"]
        if statement["context"]["extensions"][EXT + "sitting"] == cohort["Ada"]["sitting_id"]:
            assert account == {"homePage": "https://other.example.edu", "name": "ada"}
        else:
            assert account["homePage"] == LMS and account["name"] != ada
            assert account["name"] in {a["trainee_id"] for a in cohort.values()}
    err = capsys.readouterr().err
    assert f"2 of 3 trainee(s) are not in {mapping} and use the homePage {LMS}" in err


@pytest.mark.parametrize("rows, where, message", [
    ("Ada,https://lms.example.edu\n", 2, "no name given"),
    ("Ada,https://lms.example.edu,ada\nSam,lms.example.edu,sam\n", 3, "not an http(s) URL"),
    ("Ada,https://lms.example.edu,ada\n\nAda,https://lms.example.edu,ada2\n", 4,
     "listed twice"),
    (",https://lms.example.edu,ada\n", 2, "no trainee given"),
])
def test_bad_mapping_row_is_exit_2_naming_file_and_line(cohort, tmp_path, capsys, rows,
                                                        where, message):
    """A bad row stops the export before anything is queued or written: FILE:LINE, exit 2."""
    mapping = tmp_path / "accounts.csv"
    mapping.write_text("trainee,homePage,name\n" + rows, encoding="utf-8")
    out = tmp_path / "statements.json"
    assert main(["export", "xapi", "--out", str(out), "--accounts", str(mapping)]) == 2
    err = capsys.readouterr().err
    assert f"{mapping}:{where}:" in err and message in err and "Traceback" not in err
    assert not out.exists()


def test_bad_mapping_header_and_bad_site_homepage_are_exit_2(cohort, tmp_path, capsys,
                                                             monkeypatch):
    """The header must be trainee,homePage,name; the site homePage must be a URL."""
    mapping = tmp_path / "accounts.csv"
    mapping.write_text("trainee,name\nAda,ada\n", encoding="utf-8")
    assert main(["export", "xapi", "--accounts", str(mapping)]) == 2
    assert f"{mapping}:1:1: header:" in capsys.readouterr().err
    assert main(["export", "xapi", "--accounts", str(tmp_path / "missing.csv")]) == 2
    assert "cannot read the mapping file" in capsys.readouterr().err
    monkeypatch.setenv("FRONTDESK_XAPI_HOMEPAGE", "lms.example.edu")
    assert main(["export", "xapi"]) == 2
    assert "FRONTDESK_XAPI_HOMEPAGE" in capsys.readouterr().err


# -- 2. one statement per sitting, linked to its parts ----------------------------------------


def test_each_sitting_has_its_own_statement_linked_to_its_parts(cohort, tmp_path):
    """A sitting statement per sitting (object: the assessment), sharing the registration."""
    from simulator.records.xapi import sitting_statement_id, statement_id

    found = exported(tmp_path)
    assert len({s["id"] for s in found}) == len(found)
    for name, attempt in cohort.items():
        mine = of_sitting(found, attempt["sitting_id"])
        sitting = [s for s in mine if s["id"] == sitting_statement_id(attempt["sitting_id"])]
        assert len(sitting) == 1, name
        whole = sitting[0]
        assessment = whole["object"]
        assert assessment["id"].endswith("/assessment/quick")
        assert assessment["definition"]["name"] == {"en-US": "Quick check"}
        verb = "passed" if attempt["passed"] else "failed"
        assert whole["verb"]["id"].endswith("/" + verb)
        assert whole["result"]["success"] is bool(attempt["passed"])
        assert whole["result"]["completion"] is True
        assert {s["context"]["registration"] for s in mine} == {attempt["registration"]}
        part = next(s for s in mine if s["id"] == statement_id(attempt["attempt_id"], 0))
        assert part["context"]["contextActivities"] == {"parent": [assessment]}
        for decision in mine:
            if decision["verb"]["display"]["en-US"] in ("answered", "interacted"):
                assert decision["context"]["contextActivities"]["grouping"] == [assessment]


def test_sitting_passes_only_when_every_part_passed_without_critical_fail():
    """Verdict over the whole sitting; ids and registration come from the stored ids."""
    from simulator.records.xapi_statements import sitting_statement, sitting_statement_id

    def part(n, passed=True, critical=0, created="2026-03-02T09:00:00+00:00",
             finished="2026-03-02T09:20:00+00:00"):
        return {"attempt_id": f"a{n}", "sitting_id": "s1", "part": n, "trainee_id": "t1",
                "assessment_id": "go-live", "mode": "assessment", "status": "finished",
                "passed": passed, "critical_fails": critical, "overall": 90,
                "registration": f"00000000-0000-4000-8000-00000000000{n}",
                "created_at": created, "finished_at": finished}

    two = [part(1, created="2026-03-02T09:30:00+00:00", finished="2026-03-02T10:05:30+00:00"),
           part(0)]
    whole = sitting_statement(two, expected=2, assessment_title="Go-live")
    assert whole["verb"]["display"]["en-US"] == "passed"
    assert whole["id"] == sitting_statement_id("s1")
    assert whole["context"]["registration"] == two[1]["registration"]  # the first part's
    assert whole["result"]["duration"] == "PT1H5M30S"  # first start to last finish
    assert sitting_statement(two, expected=2) == sitting_statement(list(reversed(two)),
                                                                   expected=2)
    for parts, expected in (([part(0), part(1, passed=False)], 2),
                            ([part(0), part(1, critical=1)], 2),
                            ([part(0)], 2)):
        whole = sitting_statement(parts, expected=expected)
        assert whole["verb"]["display"]["en-US"] == "failed"
        assert whole["result"]["success"] is False
    assert sitting_statement([part(0)], expected=2)["result"]["completion"] is False


def test_part_statements_carry_the_sitting_registration(cohort):
    """Every statement of a later part carries the sitting's (first part's) registration."""
    from simulator.records.xapi_statements import statements_for_attempt

    _, row = statements(cohort["Ada"]["attempt_id"])
    sitting = "11111111-2222-4333-8444-555555555555"
    found = statements_for_attempt({**row, "part": 1}, registration=sitting)
    assert {s["context"]["registration"] for s in found} == {sitting}


def test_sitting_statement_waits_for_every_part(cohort, tmp_path, monkeypatch):
    """A sitting with parts still to play gets no sitting statement yet; its parts do."""
    from simulator.records import xapi
    from simulator.records.xapi import sitting_statement_id

    real = xapi._assessment_info
    monkeypatch.setattr(xapi, "_assessment_info", lambda store: {
        k: (title, 2) for k, (title, _) in real(store).items()})
    monkeypatch.setattr(xapi, "utc_now", lambda: datetime.fromisoformat(
        "2000-01-01T00:00:00+00:00"))  # the 60-minute limit has not run out
    found = exported(tmp_path)
    ids = {s["id"] for s in found}
    for attempt in cohort.values():
        assert sitting_statement_id(attempt["sitting_id"]) not in ids
        assert of_sitting(found, attempt["sitting_id"])


# -- 3. duration: the real time spent ---------------------------------------------------------


def test_duration_is_the_real_time_spent(cohort, tmp_path):
    """A part's duration is finished_at - created_at, not the shift's simulated length."""
    from simulator.records.xapi_statements import iso_duration

    found = exported(tmp_path)
    for attempt in cohort.values():
        seconds = (datetime.fromisoformat(attempt["finished_at"])
                   - datetime.fromisoformat(attempt["created_at"])).total_seconds()
        assert seconds < 60  # a bot plays the 8-hour shift in seconds
        for statement in of_sitting(found, attempt["sitting_id"]):
            if "duration" in statement["result"]:
                assert statement["result"]["duration"] == iso_duration(seconds)
                assert "H" not in statement["result"]["duration"]
            assert statement["timestamp"] <= attempt["finished_at"]


def test_part_duration_from_stored_times():
    """finished_at - created_at of the row, as an ISO 8601 duration."""
    from simulator.records.xapi_statements import real_seconds

    assert real_seconds("2026-03-02T09:00:00+00:00", "2026-03-02T09:12:30+00:00") == 750
    assert real_seconds("2026-03-02T09:00:00+00:00", None) == 0


# -- 4. calibration (bot) sittings and records that do not verify ------------------------------


def test_bot_sittings_are_left_out_unless_asked_for(cohort, tmp_path, monkeypatch, capsys):
    """A bot's sitting is calibration: skipped (and counted); the flag marks it instead."""
    as_played(monkeypatch, bots={"Ada": "novice"})
    ada = cohort["Ada"]["sitting_id"]
    found = exported(tmp_path)
    assert not of_sitting(found, ada) and found
    assert "skipped 1 calibration sitting(s)" in capsys.readouterr().err
    assert not any(EXT + "calibration" in s["context"]["extensions"] for s in found)
    found = exported(tmp_path, "--include-calibration")
    mine = of_sitting(found, ada)
    assert len(mine) >= 3
    assert {s["context"]["extensions"].get(EXT + "calibration") for s in mine} == {"novice"}
    assert not any(EXT + "calibration" in s["context"]["extensions"] for s in found
                   if s not in mine)


def test_queued_calibration_is_not_sent_without_the_flag(cohort, tmp_path, monkeypatch, lrs,
                                                         capsys):
    """Calibration queued with the flag earlier stays queued when sending without it."""
    as_played(monkeypatch, bots={"Ada": "novice"})
    assert main(["export", "xapi", "--include-calibration"]) == 0
    server = lrs()
    assert send(server.url) == 0
    assert not of_sitting(list(server.stored.values()), cohort["Ada"]["sitting_id"])
    assert "calibration statement(s) queued earlier stay queued" in capsys.readouterr().err
    assert main(["export", "xapi", "--lrs", server.url, "--user", "d", "--password", "p",
                 "--include-calibration"]) == 0
    assert of_sitting(list(server.stored.values()), cohort["Ada"]["sitting_id"])


def test_unverified_attempts_are_not_exported(cohort, tmp_path, monkeypatch, capsys):
    """An attempt whose records do not verify is neither queued nor counted silently."""
    import sqlite3

    as_played(monkeypatch)
    db = sqlite3.connect(tmp_path / "data" / "frontdesk.sqlite")
    db.execute("UPDATE attempts SET overall = 97 WHERE id = ?", (cohort["Ada"]["attempt_id"],))
    db.commit()
    db.close()
    found = exported(tmp_path)
    assert not of_sitting(found, cohort["Ada"]["sitting_id"])
    assert of_sitting(found, cohort["Dương Thị Hà"]["sitting_id"])
    err = capsys.readouterr().err
    assert "skipped 1 attempt(s) whose records do not verify" in err
    assert f"{cohort['Ada']['attempt_id']}: the attempt's overall is 97" in err


def test_unsent_statements_of_an_older_version_are_rebuilt(cohort, tmp_path, monkeypatch):
    """Older queues (unmarked bot sittings, simulated durations) follow the new rules."""
    import sqlite3

    assert main(["export", "xapi"]) == 0
    db = sqlite3.connect(tmp_path / "data" / "frontdesk.sqlite")
    rows = db.execute("SELECT id, statement FROM xapi_queue WHERE seq >= 0").fetchall()
    for statement_id_, text in rows:
        old = json.loads(text)
        old["actor"]["account"]["homePage"] = "https://frontdesk.example.org"
        if "duration" in old["result"]:
            old["result"]["duration"] = "PT8H"
        db.execute("UPDATE xapi_queue SET statement = ? WHERE id = ?",
                   (json.dumps(old, sort_keys=True), statement_id_))
    db.execute("DELETE FROM xapi_queue WHERE seq < 0")
    db.commit()
    db.close()
    as_played(monkeypatch, bots={"Ada": "novice"})
    found = exported(tmp_path)
    assert not of_sitting(found, cohort["Ada"]["sitting_id"])
    assert len(of_sitting(found, cohort["Dương Thị Hà"]["sitting_id"])) >= 3
    assert all(s["result"].get("duration") != "PT8H" for s in found)
    assert {s["actor"]["account"]["homePage"] for s in found} == {
        "https://frontdesk-simulator.invalid"}
