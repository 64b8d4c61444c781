"""The clock a person lives: real time while anyone waits, fast-forward while the desk is idle."""

from __future__ import annotations

import pytest

from simulator.bots import make_bot
from simulator.bots.human import CLICK_SECONDS, READING_WPM, HumanPacedExpert, reading_seconds
from simulator.engine import clock, journal
from simulator.engine import commands as c
from simulator.engine.runner import run_bot
from simulator.session import Session
from tests.core.shifts import at, expanded, generated_call, outcomes, start

IDLE = 60  # the time_scale these tests give their shifts


def _x(**update):
    return expanded("calm-morning", 1).model_copy(update={"time_scale": IDLE, **update})


def test_an_idle_desk_fast_forwards_at_the_scenarios_time_scale():
    x = _x()
    call = at(generated_call(x, "scheduling"), 600)
    shift = start(x, call)
    assert not clock.needs_trainee(shift) and clock.rate(shift) == IDLE
    clock.advance_real(shift, 5)  # 5 real seconds of empty desk
    assert shift.now == 5 * IDLE


def test_a_ringing_line_runs_the_clock_at_real_time():
    x = _x()
    call = at(generated_call(x, "scheduling"), 600)
    shift = start(x, call)
    carry = clock.advance_real(shift, 10)  # 600 shift seconds in: the phone rings
    assert shift.now == 600 and shift.lines[0].status == "ringing"
    assert clock.needs_trainee(shift) and clock.rate(shift) == 1.0
    clock.advance_real(shift, 7, carry)
    assert shift.now == 607


def test_a_caller_hangs_up_after_their_patience_in_real_seconds():
    """A 40 s patience is 40 s the trainee lives, not 40 s of a clock running 60x."""
    x = _x()
    call = at(generated_call(x, "scheduling"), 60, patience=40)
    shift = start(x, call)
    carry = clock.advance_real(shift, 1)  # the ring
    carry = clock.advance_real(shift, 39, carry)
    assert not outcomes(shift, "CallAbandoned")
    clock.advance_real(shift, 2, carry)
    assert outcomes(shift, "CallAbandoned")


def test_the_busy_scale_is_a_gentle_factor():
    x = _x(busy_scale=2.0)
    call = at(generated_call(x, "scheduling"), 60)
    shift = start(x, call)
    carry = clock.advance_real(shift, 1)
    clock.advance_real(shift, 5, carry)
    assert shift.now == 70


def test_an_answered_and_ended_call_returns_the_desk_to_fast_forward():
    x = _x()
    call = at(generated_call(x, "scheduling"), 60)
    shift = start(x, call)
    clock.advance_real(shift, 1)
    assert shift.apply(c.AnswerCall(line=1))
    assert clock.rate(shift) == 1.0
    assert shift.apply(c.EndCall(line=1))
    assert not clock.needs_trainee(shift) and clock.rate(shift) == IDLE


def test_real_seconds_count_what_the_desk_lived():
    """Time given in small frames adds up to the shift's own real-seconds count."""
    session = Session("calm-morning", 1)
    for _ in range(3000):  # 300 real seconds in 0.1 s frames
        session.tick(0.1)
    assert session.shift.real_seconds == pytest.approx(300, abs=1)
    assert session.shift.now > 300  # some of it was fast-forward


def test_a_held_clock_does_not_run_and_fast_forward_says_so():
    session = Session("calm-morning", 1)
    session.hold("reference")
    session.tick(5)
    assert session.shift.now == 0 and not session.fast_forward
    session.release("reference")
    assert session.fast_forward  # nothing is waiting at 08:00 in the calm morning
    session.tick(1)
    assert session.shift.now == session.expanded.time_scale


def test_real_time_follows_from_the_ticks_so_a_replay_lives_the_same_minutes():
    x = _x()
    shift, log = run_bot(x, make_bot("human-expert", 1))
    text = journal.dumps(x, log, shift.outcome_hash(), len(shift.outcomes))
    again = journal.replay(journal.loads(text))
    assert again.outcome_hash() == shift.outcome_hash()
    assert again.real_seconds == pytest.approx(shift.real_seconds)


# -- the human-paced expert ------------------------------------------------------------


def test_reading_time_is_230_words_a_minute():
    assert READING_WPM == 230
    assert reading_seconds(" ".join(["word"] * 230)) == pytest.approx(60)


def test_a_person_reads_what_a_task_shows_once_then_only_clicks():
    x = _x()
    beat_task = next(t for t in x.tasks if t.dialogue_id)
    shift = start(x, at(beat_task, 0))
    shift.advance(0)
    view = shift.view()
    task = view.task(beat_task.id)
    bot = HumanPacedExpert(1)
    bot.study(x.dialogues)
    command = c.AcknowledgeArrival(task=task.id) if task.channel == "desk" else \
        c.AnswerCall(line=1)
    first = bot.seconds_before(view, command)
    again = bot.seconds_before(view, command)
    assert first > again >= CLICK_SECONDS
    slow = HumanPacedExpert(1, speed=2.0)
    assert slow.seconds_before(view, command) == pytest.approx(2 * first)


def test_the_human_paced_expert_passes_the_calm_morning_in_a_person_s_time():
    from simulator.scoring import score_shift

    shift, log = run_bot(expanded("calm-morning", 2), make_bot("human-expert", 2))
    card = score_shift(shift)
    assert card.passed and card.overall >= 90
    # It works at a person's pace: far more real minutes than commands would take a bot.
    assert shift.real_seconds >= len(log) * CLICK_SECONDS


def test_a_slower_person_takes_longer():
    fast, _ = run_bot(_x(), make_bot("human-expert", 1, 0.75))
    slow, _ = run_bot(_x(), make_bot("human-expert", 1, 1.5))
    assert slow.real_seconds > fast.real_seconds


def test_bot_speed_out_of_range_is_refused():
    with pytest.raises(ValueError, match="0.25-4.0"):
        HumanPacedExpert(1, speed=9)
