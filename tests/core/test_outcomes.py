"""Typed outcomes: every recorded kind has a class, round-trips, and says who caused it."""

import dataclasses
from functools import cache

import pytest

from simulator.bots import make_bot
from simulator.engine import commands as c
from simulator.engine import outcomes as o
from simulator.engine.expand import expand
from simulator.engine.runner import run_bot
from simulator.scenarios import load_scenario
from tests.core.shifts import at, expanded, find, start

SCENARIOS = ("busy-monday", "ehr-downtime", "power-outage", "waiting-room-collapse",
             "threatening-visitor", "clinician-out")
BOTS = ("expert", "novice", "random")
RUNS = [(s, b) for s in SCENARIOS for b in BOTS]
#: Outcomes only the shift's clock makes happen.
TIMER_KINDS = ("TaskArrived", "CallRang", "CallAbandoned", "PatientGrewImpatient",
               "PatientLeft", "ShiftEnded")
#: Outcomes only a trainee's command makes happen.
COMMAND_KINDS = ("CommandRejected", "ArrivalAcknowledged", "CallAnswered", "IdentityChecked",
                 "PatientCheckedIn", "ItemRouted", "ReplyChosen")


@cache
def _outcomes(scenario_id, bot):
    shift, _ = run_bot(expand(load_scenario(scenario_id), 1), make_bot(bot, 1))
    return tuple(shift.outcomes)


def _all_outcomes():
    return [d for run in RUNS for d in _outcomes(*run)]


@pytest.mark.parametrize(("scenario_id", "bot"), RUNS, ids=[f"{s}-{b}" for s, b in RUNS])
def test_every_recorded_kind_has_an_outcome_class(scenario_id, bot):
    """Every kind a shipped scenario's bot run records is in OUTCOME_TYPES."""
    kinds = {d["kind"] for d in _outcomes(scenario_id, bot)}
    assert kinds - set(o.OUTCOME_TYPES) == set()


@pytest.mark.parametrize(("scenario_id", "bot"), RUNS, ids=[f"{s}-{b}" for s, b in RUNS])
def test_every_recorded_outcome_round_trips(scenario_id, bot):
    """Parsing a recorded dict and writing it back gives the same dict."""
    for d in _outcomes(scenario_id, bot):
        assert o.to_json(o.from_json(d), d["t"], d["by"]) == d


def test_outcomes_recorded_while_applying_a_command_are_by_the_trainee():
    """What a command does is by the trainee; the due events run before it are by the clock."""
    x = expanded("busy-monday")
    shift = start(x, at(find(x, lambda t: t.channel == "phone"), 0))
    assert shift.apply(c.AnswerCall(line=1))
    assert [(d["kind"], d["by"]) for d in shift.outcomes] == [
        ("TaskArrived", "clock"), ("CallRang", "clock"),
        ("CallAnswered", "trainee"), ("TaskResponded", "trainee")]


def test_a_rejected_command_is_by_the_trainee():
    """A refusal is recorded as the trainee's, even after the shift is over."""
    x = expanded("busy-monday")
    shift = start(x)
    shift.finish()
    assert not shift.apply(c.AnswerCall(line=1))
    assert shift.outcomes[-1]["kind"] == "CommandRejected"
    assert shift.outcomes[-1]["by"] == "trainee"


def test_command_outcomes_in_bot_runs_are_by_the_trainee():
    """Outcomes only a command produces say ``by == "trainee"`` in every bot run."""
    found = [d for d in _all_outcomes() if d["kind"] in COMMAND_KINDS]
    assert {d["kind"] for d in found} == set(COMMAND_KINDS)
    assert {d["by"] for d in found} == {"trainee"}


def test_timer_outcomes_in_bot_runs_are_by_the_clock():
    """Arrivals, rings, hang-ups, walk-outs and the shift's end say ``by == "clock"``."""
    found = [d for d in _all_outcomes() if d["kind"] in TIMER_KINDS]
    assert {d["kind"] for d in found} == set(TIMER_KINDS)
    assert {d["by"] for d in found} == {"clock"}


def test_an_outcome_is_frozen():
    """Assigning to an outcome's field raises."""
    outcome = o.CallAnswered("t001", line=1, waited=5)
    with pytest.raises(dataclasses.FrozenInstanceError):
        outcome.waited = 0


def test_every_outcome_class_is_named_for_its_kind_with_task_first():
    """Each registered class is keyed by its own name and takes ``task`` first."""
    for kind, cls in o.OUTCOME_TYPES.items():
        assert cls.__name__ == kind
        assert dataclasses.fields(cls)[0].name == "task"


def test_json_form_puts_the_envelope_around_the_fields():
    """The JSON keys are t, kind, task, the fields in declaration order, then by."""
    data = o.to_json(o.CallAbandoned("t001", line=2, while_="on hold", waited=40), 90, "clock")
    assert list(data.items()) == [("t", 90), ("kind", "CallAbandoned"), ("task", "t001"),
                                  ("line", 2), ("while_", "on hold"), ("waited", 40),
                                  ("by", "clock")]


def test_from_json_rejects_an_unknown_kind():
    """An unknown kind is a ValueError naming it."""
    with pytest.raises(ValueError, match="CallTeleported"):
        o.from_json({"t": 0, "kind": "CallTeleported", "task": None, "by": "clock"})


def test_from_json_rejects_missing_and_unexpected_fields():
    """A dict without a field, or with one the kind does not have, is a ValueError."""
    with pytest.raises(ValueError, match="unexpected held; missing waited"):
        o.from_json({"t": 0, "kind": "CallAnswered", "task": "t1", "line": 1, "held": 3})


def test_from_json_rejects_a_value_of_the_wrong_type():
    """A value outside its field's type (here a bool for an int) is a ValueError."""
    with pytest.raises(ValueError, match="CallAnswered.line"):
        o.from_json({"t": 0, "kind": "CallAnswered", "task": "t1", "line": True, "waited": 3})
