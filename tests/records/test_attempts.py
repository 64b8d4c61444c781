"""Attempts: commit per command, resume by replay, expiry on the next launch."""

from datetime import timedelta

import pytest

from simulator.bots import make_bot
from simulator.cli import main
from simulator.engine import journal
from simulator.engine.expand import expand
from simulator.engine.runner import run_bot
from simulator.errors import ContentError
from simulator.records.attempts import AttemptClosed, close_expired, resume, start
from simulator.records.runner import play_bot
from simulator.records.store import Store, iso, utc_now
from simulator.records.verify import check_attempt
from simulator.scenarios import load_scenario


@pytest.fixture(scope="module")
def reference():
    """calm-morning seed 5 played by the expert, unrecorded: the outcome to match."""
    x = expand(load_scenario("calm-morning"), 5)
    shift, log = run_bot(x, make_bot("expert", 5))
    return x, shift.outcome_hash(), log


def _play(attempt, log):
    for tick, command in log:
        attempt.shift.advance(tick)
        attempt.apply(command)


def test_each_command_is_committed_before_record_returns(reference, backend):
    """After record() returns, another connection already sees the row."""
    x, _, log = reference
    store = Store()
    attempt = start(store, x, trainee="Ada", mode="practice")
    other = Store()
    for n, (tick, command) in enumerate(log[:5]):
        attempt.shift.advance(tick)
        assert attempt.record(command) == n
        assert len(other.command_rows(attempt.id)) == n + 1


def test_resume_replays_to_the_same_outcome_hash(reference, backend):
    """Stop half-way, resume in a new store: same state, and the same final outcomes."""
    x, expected, log = reference
    half = len(log) // 2
    store = Store()
    first = start(store, x, trainee="Ada", mode="practice")
    _play(first, log[:half])
    live_hash = first.shift.outcome_hash()
    store.close()

    again = resume(Store(), first.id)
    assert again.next_seq == half and again.stored == list(log[:half])
    assert again.shift.now == log[half - 1][0] and not again.shift.ended
    assert again.shift.outcome_hash() == live_hash
    _play(again, log[half:])
    result = again.finish()
    assert result["outcome_hash"] == expected and result["commands"] == len(log)


def test_bot_resume_after_a_crash_matches_an_uninterrupted_run(reference, backend):
    """A bot run that dies mid-shift resumes, re-checks what was stored, and ends the same."""
    x, expected, log = reference
    store = Store()
    attempt = start(store, x, trainee="Ada", mode="practice")

    def crash(seq):
        if seq == 40:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        play_bot(attempt, make_bot("expert", 5), on_record=crash)
    again = resume(store, attempt.id)
    assert again.next_seq == 41
    play_bot(again, make_bot("expert", 5))
    assert again.finish()["outcome_hash"] == expected


def test_resume_with_another_bot_is_refused(reference, backend):
    """Resuming with a bot that would play differently is an error, not a silent fork."""
    x, _, log = reference
    store = Store()
    attempt = start(store, x, trainee="Ada", mode="practice")
    _play(attempt, log[:10])
    with pytest.raises(ContentError, match="is not what the random bot plays"):
        play_bot(resume(store, attempt.id), make_bot("random", 5))


def test_closed_attempt_refuses_more_commands(reference, backend):
    """After finish, record() and a second finish() are refused."""
    x, _, log = reference
    store = Store()
    attempt = start(store, x, trainee="Ada", mode="practice")
    _play(attempt, log[:3])
    attempt.finish()
    with pytest.raises(AttemptClosed):
        attempt.record(log[3][1])
    with pytest.raises(AttemptClosed):
        attempt.finish()
    with pytest.raises(AttemptClosed):
        resume(store, attempt.id)
    assert len(store.command_rows(attempt.id)) == 3


def _expiring(quick_file, reference, started):
    assert main(["assessment", "create", str(quick_file)]) == 0
    x, _, log = reference
    store = Store()
    attempt = start(store, x, trainee="Ada", assessment_id="quick",
                    assessment_sha256=store.assessment("quick")["sha256"],
                    overrides={"pass_marks": {"overall": 70}},
                    deadline=started + timedelta(minutes=60), now=started)
    _play(attempt, log[:12])
    store.close()
    return attempt.id


def test_expired_attempt_is_closed_on_next_launch(quick_file, reference, capsys, backend):
    """Left open past its limit: the next launch finishes it as of the deadline."""
    started = utc_now() - timedelta(hours=3)
    attempt_id = _expiring(quick_file, reference, started)
    capsys.readouterr()
    assert main(["assessment", "results", "quick"]) == 0
    assert f"closed 1 attempt(s) whose time limit passed: {attempt_id}" in capsys.readouterr().err
    store = Store()
    row = store.attempt(attempt_id)
    assert row["status"] == "expired"
    assert row["finished_at"] == iso(started + timedelta(minutes=60))
    assert row["commands"] == 12  # every stored command counted
    base = journal.loads(store.attempt_row(attempt_id)["journal_header"])
    twelve = journal.Journal(base.header, base.shift, tuple(reference[2][:12]), None)
    assert row["outcome_hash"] == journal.replay(twelve).outcome_hash()
    ok, lines = check_attempt(store, attempt_id)
    assert ok, lines  # signed and verifiable like any other


def test_attempt_within_its_limit_stays_open(quick_file, reference, backend):
    """Before the deadline nothing is closed; after it, close_expired closes it once."""
    started = utc_now()
    attempt_id = _expiring(quick_file, reference, started)
    store = Store()
    assert close_expired(store, now=started + timedelta(minutes=59)) == []
    assert store.attempt(attempt_id)["status"] == "open"
    with pytest.raises(ContentError, match="ran out of time"):
        resume(store, attempt_id, now=started + timedelta(minutes=61))
    assert close_expired(store, now=started + timedelta(minutes=61)) == [attempt_id]
    assert close_expired(store, now=started + timedelta(minutes=90)) == []


def test_open_attempt_does_not_verify(quick_file, reference, capsys, backend):
    """verify on an attempt still being played: exit 1, nothing to compare yet."""
    attempt_id = _expiring(quick_file, reference, utc_now())
    capsys.readouterr()
    assert main(["verify", attempt_id]) == 1
    assert "still open" in capsys.readouterr().err


def test_read_only_archive_still_reads_with_a_warning(quick_file, reference, data_dir, capsys):
    """results on a read-only copy: expired attempts cannot be closed, so a warning, exit 0."""
    attempt_id = _expiring(quick_file, reference, utc_now() - timedelta(hours=3))
    url = f"sqlite:///file:{data_dir / 'frontdesk.sqlite'}?mode=ro&uri=true"
    capsys.readouterr()
    assert main(["assessment", "results", "quick", "--db", url]) == 0
    out = capsys.readouterr()
    assert "warning: expired attempts stay open" in out.err and "read-only" in out.err
    assert attempt_id in out.out and "open" in out.out
    assert main(["assessment", "run", "quick", "--trainee", "Bo", "--bot", "expert",
                 "--db", url]) == 2  # but writing commands still refuse
