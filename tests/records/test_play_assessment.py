"""Sitting an assessment at the desk: commands committed first, a crash resumes, signed."""

import argparse

import pytest

from simulator.bots import brief, make_bot
from simulator.cli import main
from simulator.commands.play import assessment_session
from simulator.errors import ContentError


def _args(**kw):
    base = {"assessment": "quick", "trainee": "Noor", "db": None}
    return argparse.Namespace(**{**base, **kw})


def _play_some(session, commands: int) -> None:
    bot = brief(make_bot("expert", session.expanded.seed), session.expanded)
    done = 0
    while done < commands and not session.shift.ended:
        decided = bot.decide(session.view())
        if decided:
            session.apply(decided[0])
            done += 1
        session.wait()


def test_crash_mid_sitting_resumes_to_the_same_state(quick_file, capsys):
    """Commands survive a crash: the next launch replays them to the same state."""
    assert main(["assessment", "create", str(quick_file)]) == 0
    first = assessment_session(_args())
    _play_some(first, 25)
    before = (first.shift.outcome_hash(), len(first.log))
    del first  # the app dies here: nothing is finished or flushed beyond the commits
    again = assessment_session(_args())
    assert "resuming attempt" in capsys.readouterr().err
    # Same outcomes and commands; the clock restarts at the last command (no time charged).
    assert (again.shift.outcome_hash(), len(again.log)) == before
    again.finish()
    attempt_id = again.attempt.id
    assert main(["verify", attempt_id]) == 0


def test_assessment_needs_a_trainee_and_a_stored_assessment(quick_file):
    """Missing --trainee or an unknown assessment is bad input."""
    with pytest.raises(ContentError):
        assessment_session(_args(trainee=None))
    with pytest.raises(ContentError):
        assessment_session(_args(assessment="nope"))


def test_resume_says_what_it_replays_and_open_lists_it(quick_file, capsys, backend):
    """Before resuming, the attempt and its command count; 'assessment open' lists it."""
    import json

    assert main(["assessment", "create", str(quick_file)]) == 0
    first = assessment_session(_args())
    _play_some(first, 7)
    stored = len(first.log)
    attempt_id = first.attempt.id
    del first
    capsys.readouterr()
    assert main(["assessment", "open", "--json"]) == 0
    (row,) = json.loads(capsys.readouterr().out)
    assert row["attempt_id"] == attempt_id and row["trainee"] == "Noor"
    assert row["assessment_id"] == "quick" and row["stored_commands"] == stored
    assert row["part"] == 0 and row["deadline_at"]
    assert main(["assessment", "open", "--trainee", "Nobody"]) == 0
    assert "no open attempts for Nobody" in capsys.readouterr().out
    assert main(["assessment", "open"]) == 0
    assert f"{attempt_id}  Noor" in capsys.readouterr().out

    again = assessment_session(_args())
    err = capsys.readouterr().err
    assert f"resuming attempt {attempt_id} of Noor at quick (part 1 of 1" in err
    assert f"replaying {stored} stored command(s)" in err
    again.finish()
    assert main(["assessment", "open", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []
