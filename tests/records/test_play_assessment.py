"""Sitting an assessment at the desk: commands committed first, a crash resumes, signed."""

import argparse

import pytest

from simulator.bots import make_bot
from simulator.cli import main
from simulator.commands.play import assessment_session
from simulator.errors import ContentError


def _args(**kw):
    base = {"assessment": "quick", "trainee": "Noor", "db": None}
    return argparse.Namespace(**{**base, **kw})


def _play_some(session, commands: int) -> None:
    bot = make_bot("expert", session.expanded.seed)
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
