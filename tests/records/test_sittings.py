"""Sittings you can trust: chains that show deletions, certificates per sitting, calibration.

A "person's" sitting here is recorded through the same API the desk window uses (an attempt
started without a bot name, each command recorded before it is applied); the commands come
from a bot only so the test is deterministic.
"""

import json
import textwrap

import pytest

from simulator.cli import main
from simulator.records.store import Store
from tests.records.sittings import sit

TWO_PART = textwrap.dedent("""\
    id: two-part
    title: Two-part sign-off
    scenarios:
      - {scenario: calm-morning, seed: 3}
      - {scenario: calm-morning, seed: 4}
    pass_marks: {overall: 70}
    attempts_allowed: 3
    """)


@pytest.fixture
def two_part(tmp_path, data_dir):
    path = tmp_path / "two-part.yaml"
    path.write_text(TWO_PART, encoding="utf-8")
    assert main(["assessment", "create", str(path)]) == 0
    return "two-part"


def results(capsys, assessment_id):
    capsys.readouterr()
    assert main(["assessment", "results", assessment_id, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def certificate(capsys, tmp_path, some_id):
    out = tmp_path / "cert.pdf"
    code = main(["report", "certificate", some_id, "--out", str(out)])
    text = capsys.readouterr()
    return code, text.out + text.err, out


# -- certificates ---------------------------------------------------------------------------

def test_failed_second_part_gets_no_certificate(two_part, tmp_path, capsys):
    """Passed part 1, failed part 2: no certificate, for either part's id."""
    sitting = sit(two_part, "Maria Lopez", ["expert", "novice"])
    rows = results(capsys, two_part)
    assert [r["passed"] for r in rows] == [True, False]
    for row in rows:
        code, text, out = certificate(capsys, tmp_path, row["attempt_id"])
        assert code == 1 and "part 2 (calm-morning) did not pass" in text
        assert not out.exists()
    assert rows[0]["sitting_id"] == sitting


def test_passed_sitting_gets_one_certificate_with_a_code_that_verifies(two_part, tmp_path,
                                                                        capsys):
    """Both parts passed: one PDF naming both parts, and its code verifies offline."""
    sitting = sit(two_part, "Maria Lopez", ["expert", "expert"])
    code, text, out = certificate(capsys, tmp_path, sitting)
    assert code == 0, text
    assert out.read_bytes().startswith(b"%PDF") and out.stat().st_mode & 0o044
    from simulator.records.certificate import certificate_data

    store = Store()
    try:
        data = certificate_data(store, sitting)
    finally:
        store.close()
    assert [p.scenario_id for p in data.parts] == ["calm-morning", "calm-morning"]
    capsys.readouterr()
    assert main(["verify", data.code]) == 0
    said = capsys.readouterr().out
    assert "valid: Maria Lopez passed 'Two-part sign-off'" in said
    assert "still verifies" in said
    forged = data.code[:-8] + ("A" if data.code[-8] != "A" else "B") + data.code[-7:]
    assert main(["verify", forged]) == 1


def test_bot_sitting_is_calibration_and_never_certified(two_part, tmp_path, capsys):
    """assessment run --bot: stored with the bot's name, shown as such, no certificate."""
    assert main(["assessment", "run", two_part, "--trainee", "Maria Lopez", "--bot",
                 "expert"]) == 0
    rows = results(capsys, two_part)
    assert {r["bot"] for r in rows} == {"expert"} and all(r["passed"] for r in rows)
    code, text, _ = certificate(capsys, tmp_path, rows[0]["attempt_id"])
    assert code == 1 and "the expert bot played this sitting" in text
    assert main(["assessment", "results", two_part]) == 0
    assert "calibration: the expert bot played" in capsys.readouterr().out


def test_calibration_runs_use_up_none_of_the_trainees_attempts(two_part, capsys):
    """A bot may sit more often than attempts_allowed; the trainee's own count stays 0."""
    for _ in range(4):  # the assessment allows 3
        assert main(["assessment", "run", two_part, "--trainee", "Maria Lopez", "--bot",
                     "novice"]) == 0
    rows = results(capsys, two_part)
    store = Store()
    try:
        assert store.sittings_used(rows[0]["trainee_id"], two_part) == 0
    finally:
        store.close()
    assert all(r["verified"] for r in rows)


def test_edited_row_is_shown_unverified_in_results(two_part, capsys, data_dir):
    """A FAIL edited to 90 PASS in the database reads UNVERIFIED, not PASS."""
    sit(two_part, "Maria Lopez", ["expert", "novice"])
    from tests.records.conftest import Backend

    Backend("sqlite", None, data_dir).execute(
        "UPDATE attempts SET overall = 90, passed = true WHERE part = 1")
    rows = results(capsys, two_part)
    assert rows[1]["verified"] is False
    assert "the attempt's overall is 90 but the result seal says" in rows[1]["verify_problem"]
    assert main(["assessment", "results", two_part]) == 0
    text = capsys.readouterr().out
    assert "UNVERIFIED" in text and "not counted" in text


def test_edited_row_is_shown_unverified_in_the_cohort_report(two_part, capsys, data_dir,
                                                             tmp_path):
    """The same edit in the cohort report: listed as unverified, out of the pass counts."""
    from tests.records.conftest import Backend

    sit(two_part, "Maria Lopez", ["expert", "novice"])
    sit(two_part, "Sam Lee", ["expert", "expert"])
    Backend("sqlite", None, data_dir).execute(
        "UPDATE attempts SET overall = 90, passed = true WHERE part = 1 AND trainee_id = "
        "(SELECT id FROM trainees WHERE display_name = 'Maria Lopez')")
    out, table = tmp_path / "cohort.html", tmp_path / "cohort.csv"
    assert main(["report", "cohort", "--assessment", two_part, "--out", str(out),
                 "--csv", str(table)]) == 0
    html = out.read_text()
    assert "Unverified" in html or "unverified" in html
    # Her sitting is not judged on its verified part alone: it is not a pass.
    assert '<td>Maria Lopez</td>' in html or "Maria Lopez" in html
    assert '<td class="fail">UNVERIFIED</td>' in html
    assert "Trainees passed<b>1</b>" in html
    assert "the attempt&#39;s overall is 90" in html or "the attempt's overall is 90" in html
    rows = table.read_text().splitlines()
    maria = [r for r in rows if "Maria Lopez" in r]
    assert any(",no,the attempt's overall is 90" in r for r in maria), maria


# -- chains: deletions show -----------------------------------------------------------------

def test_deleting_a_failed_sitting_shows_and_wins_no_attempt_back(two_part, capsys,
                                                                  data_dir):
    """Delete the failed first sitting: the later one reads unverified, attempts stay used."""
    from tests.records.conftest import Backend

    db = Backend("sqlite", None, data_dir)
    first = sit(two_part, "Ada", ["novice", "novice"])
    sit(two_part, "Ada", ["expert", "expert"])
    db.execute("DELETE FROM attempt_commands WHERE attempt_id IN "
               "(SELECT id FROM attempts WHERE sitting_id = :s)", s=first)
    db.execute("DELETE FROM attempts WHERE sitting_id = :s", s=first)
    rows = results(capsys, two_part)
    assert len(rows) == 2 and not any(r["verified"] for r in rows)
    assert "2 of this trainee's 4 attempts at two-part are missing (deleted): number 1, 2" \
        in rows[0]["verify_problem"]
    assert main(["verify", rows[0]["attempt_id"]]) == 1
    store = Store()
    try:
        assert store.sittings_used(rows[0]["trainee_id"], two_part) == 2
    finally:
        store.close()


def test_deleting_the_latest_attempt_shows(two_part, capsys, data_dir):
    """Deleting the newest sitting (the tail of the chain) shows too."""
    from tests.records.conftest import Backend

    first = sit(two_part, "Ada", ["expert", "expert"])
    last = sit(two_part, "Ada", ["novice", "novice"])
    db = Backend("sqlite", None, data_dir)
    db.execute("DELETE FROM attempt_commands WHERE attempt_id IN "
               "(SELECT id FROM attempts WHERE sitting_id = :s)", s=last)
    db.execute("DELETE FROM attempts WHERE sitting_id = :s", s=last)
    capsys.readouterr()
    assert main(["verify", first]) == 1
    assert "missing (deleted): number 3, 4" in capsys.readouterr().err


def test_swapping_two_trainees_names_is_detected(two_part, capsys, data_dir, tmp_path):
    """Swap Ada's and Bea's names: each attempt names the seal's trainee; no certificate."""
    from tests.records.conftest import Backend

    sit(two_part, "Ada", ["novice", "novice"])
    bea = sit(two_part, "Bea", ["expert", "expert"])
    db = Backend("sqlite", None, data_dir)
    db.execute("UPDATE trainees SET display_name = 'tmp' WHERE display_name = 'Ada'")
    db.execute("UPDATE trainees SET display_name = 'Ada' WHERE display_name = 'Bea'")
    db.execute("UPDATE trainees SET display_name = 'Bea' WHERE display_name = 'tmp'")
    rows = results(capsys, two_part)
    assert not any(r["verified"] for r in rows)
    assert any("the trainee's name is 'Ada' but the start seal says 'Bea'"
               in r["verify_problem"] for r in rows)
    code, text, _ = certificate(capsys, tmp_path, bea)
    assert code == 1 and "does not verify" in text


# -- resuming a crashed headless sitting ----------------------------------------------------

def test_crashed_assessment_run_resumes_instead_of_using_an_attempt(two_part, capsys,
                                                                    monkeypatch):
    """A crash in part 2 of `assessment run`: the next run finishes that sitting."""
    from simulator.records import runner

    calls = {"n": 0}
    real = runner.play_bot

    def crash_in_part_two(attempt, bot, **kw):
        calls["n"] += 1
        if calls["n"] == 2:
            kw["max_commands"] = 5
            real(attempt, bot, **kw)
            raise KeyboardInterrupt  # the process dies mid-shift
        return real(attempt, bot, **kw)

    monkeypatch.setattr(runner, "play_bot", crash_in_part_two)
    store = Store()
    with pytest.raises(KeyboardInterrupt):
        runner.run_assessment(store, two_part, "Ada", "expert")
    store.close()
    monkeypatch.setattr(runner, "play_bot", real)
    assert main(["assessment", "run", two_part, "--trainee", "Ada", "--bot", "expert"]) == 0
    rows = results(capsys, two_part)
    assert len(rows) == 2 and len({r["sitting_id"] for r in rows}) == 1
    assert all(r["status"] == "finished" and r["verified"] for r in rows)
    from sqlalchemy import select

    from simulator.records.schema import chains

    store = Store()
    try:
        with store.read() as conn:
            (head,) = conn.execute(select(chains.c.length)).all()
    finally:
        store.close()
    assert head.length == 2  # one sitting of two parts: nothing started twice


# -- one recorder -----------------------------------------------------------------------------

def test_a_recorded_sitting_writes_no_plain_journal(two_part, data_dir):
    """The store records a sitting; no second, partial journal file appears."""
    from simulator.records.attempts import start
    from simulator.session import Session

    session = Session("calm-morning", 3, mode="assessment", trainee="Ada", recorded=True)
    store = Store()
    try:
        session.attempt = start(store, session.expanded, trainee="Ada",
                                assessment_id=two_part,
                                assessment_sha256=store.assessment(two_part)["sha256"],
                                shift=session.shift)
        session.wait()
        session.finish()
    finally:
        store.close()
    assert not (data_dir / "journals").exists()


# -- verify SITTING_ID ---------------------------------------------------------------------

def _sat_then_edited(two_part, capsys, data_dir, sql):
    """A two-part sitting (part 2 failed), its rows, then ``sql`` run behind its back."""
    sitting = sit(two_part, "Maria Lopez", ["expert", "novice"])
    rows = results(capsys, two_part)
    from tests.records.conftest import Backend

    Backend("sqlite", None, data_dir).execute(sql)
    capsys.readouterr()
    return sitting, rows


def test_verify_a_sitting_checks_every_part(two_part, capsys):
    """The sitting id (its first part's attempt id) verifies both parts, each named."""
    sitting = sit(two_part, "Maria Lopez", ["expert", "novice"])
    rows = results(capsys, two_part)
    assert main(["verify", sitting]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"sitting {sitting}: ok: all 2 parts verify"
    for n, (line, row) in enumerate(zip(lines[1:], rows, strict=True), 1):
        assert line.startswith(f"  - part {n} (attempt {row['attempt_id']}): ")
        assert "commands replay to the recorded" in line


def test_an_edit_to_any_part_fails_the_sitting_and_names_the_part(two_part, capsys,
                                                                  data_dir):
    sitting, rows = _sat_then_edited(two_part, capsys, data_dir,
                                     "UPDATE attempts SET overall = 90 WHERE part = 1")
    assert main(["verify", sitting]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"sitting {sitting}: MISMATCH:")
    assert f"part 2 (attempt {rows[1]['attempt_id']}): the attempt's overall is 90" in err
    assert "part 1 (" not in err
    # The second part's own id still verifies just that part.
    assert main(["verify", rows[1]["attempt_id"]]) == 1
    assert capsys.readouterr().err.startswith(f"attempt {rows[1]['attempt_id']}: MISMATCH")


def test_a_part_moved_to_another_sitting_still_counts_in_its_own(two_part, capsys, data_dir):
    """Editing part 2's sitting_id does not hide it: its signed start still names the sitting."""
    sitting, rows = _sat_then_edited(two_part, capsys, data_dir,
                                     "UPDATE attempts SET sitting_id = 'zzz' WHERE part = 1")
    assert main(["verify", sitting]) == 1
    err = capsys.readouterr().err
    assert f"part 2 (attempt {rows[1]['attempt_id']}): the attempt's sitting_id is 'zzz'" in err


def test_a_deleted_first_part_is_named_by_the_parts_left(two_part, capsys, data_dir):
    """With part 1 deleted, part 2 keeps its own number and its chain names the deletion."""
    sitting, rows = _sat_then_edited(two_part, capsys, data_dir,
                                     "DELETE FROM attempts WHERE part = 0")
    assert main(["verify", sitting]) == 1
    err = capsys.readouterr().err
    assert f"part 2 (attempt {rows[1]['attempt_id']}): 1 of this trainee's 2 attempts" in err
    assert "part 1 (" not in err


def test_a_sitting_in_progress_verifies_its_finished_parts(two_part, capsys, data_dir):
    """Part 2 not finished yet: part 1 verifies, part 2 has nothing to verify (exit 0); a
    finished part whose status is edited back to open is a difference."""
    sitting = sit(two_part, "Maria Lopez", ["expert", "novice"])
    from tests.records.conftest import Backend

    db = Backend("sqlite", None, data_dir)
    db.execute("UPDATE attempts SET status = 'open' WHERE part = 1")
    capsys.readouterr()
    assert main(["verify", sitting]) == 1
    assert "marked open but carries a result seal" in capsys.readouterr().err
    db.execute("UPDATE attempts SET sealed = NULL, seal = NULL WHERE part = 1")
    assert main(["verify", sitting]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"sitting {sitting}: ok: 1 of 2 parts finished and verify"
    assert lines[2].endswith("): still open: nothing to verify yet")
