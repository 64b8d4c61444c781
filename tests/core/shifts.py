"""Small shifts for the core tests: shipped scenarios expanded once, cut down to a few tasks."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

from simulator.engine.expand import expand
from simulator.engine.shift import Shift
from simulator.model import ExpandedShift, SystemEvent, TaskSpec
from simulator.scenarios import Scenario, load_scenario

BOGUS_TASK_IDS = ("t999", "nope", "", "p001")


@cache
def scenario(scenario_id: str) -> Scenario:
    """A shipped scenario, loaded once per test process."""
    return load_scenario(scenario_id)


@cache
def expanded(scenario_id: str = "busy-monday", seed: int = 1) -> ExpandedShift:
    """A shipped scenario expanded for ``seed``, once per test process."""
    return expand(scenario(scenario_id), seed)


def find(x: ExpandedShift, pred: Callable[[TaskSpec], bool]) -> TaskSpec:
    """The first task of ``x`` matching ``pred`` (fails the test if there is none)."""
    for spec in x.tasks:
        if pred(spec):
            return spec
    raise AssertionError("no task in the expanded shift matches")


def event_task(x: ExpandedShift, event_id: str) -> TaskSpec:
    """The task a scripted event became."""
    return find(x, lambda t: t.event_id == event_id)


def generated_call(x: ExpandedShift, call_type: str) -> TaskSpec:
    """A generated (not scripted) phone call of one type."""
    return find(x, lambda t: t.kind == "call" and t.event_id is None
                and t.request.get("call_type") == call_type)


def at(spec: TaskSpec, tick: int, **update: Any) -> TaskSpec:
    """A copy of ``spec`` arriving at ``tick`` (and any other changes)."""
    return spec.model_copy(update={"at": tick, **update})


def small(x: ExpandedShift, tasks: Iterable[TaskSpec],
          systems: Iterable[SystemEvent] = ()) -> ExpandedShift:
    """``x`` with only ``tasks`` (sorted by arrival) and ``systems``."""
    ordered = tuple(sorted(tasks, key=lambda t: (t.at, t.id)))
    return x.model_copy(update={"tasks": ordered, "systems": tuple(systems)})


def start(x: ExpandedShift, *tasks: TaskSpec,
          systems: Iterable[SystemEvent] = ()) -> Shift:
    """A fresh shift holding only ``tasks``, clock at 0."""
    return Shift(small(x, tasks, systems))


def outcomes(shift: Shift, kind: str, task: str | None = "*") -> list[dict[str, Any]]:
    """The outcomes of one kind (for one task unless ``task`` is ``"*"``)."""
    return [o for o in shift.outcomes
            if o["kind"] == kind and (task == "*" or o["task"] == task)]


def last_rejection(shift: Shift) -> str:
    """The reason of the most recent CommandRejected outcome."""
    rejected = outcomes(shift, "CommandRejected")
    assert rejected, "no command was rejected"
    return rejected[-1]["reason"]


def ehr_outage(begin: int, until: int) -> SystemEvent:
    """An EHR outage system event."""
    return SystemEvent(kind="ehr_outage", at=begin, until=until, event_id="test-ehr")


def power_outage(begin: int, until: int, backup_fails: bool = True) -> SystemEvent:
    """A power outage system event."""
    return SystemEvent(kind="power_outage", at=begin, until=until, event_id="test-power",
                       detail={"backup_fails": backup_fails})


def shown_position(shift: Shift, task_id: str, pick: Callable[[dict[str, Any]], bool]) -> int:
    """Where the first authored reply that ``pick`` accepts is shown in the current beat."""
    from simulator.engine.rules_dialogue import current_beat, reply_order

    state = shift.tasks[task_id]
    beat = current_beat(shift, state)
    assert beat is not None
    order = reply_order(shift, state, beat)
    authored = next(i for i, ch in enumerate(beat["choices"]) if pick(ch))
    return order.index(authored)


def replay(x: ExpandedShift, log: Iterable[tuple[int, Any]]) -> Shift:
    """Play a (tick, command) log on a fresh shift of ``x`` to the end."""
    shift = Shift(x)
    for tick, cmd in log:
        shift.advance(tick)
        shift.apply(cmd)
    shift.finish()
    return shift
