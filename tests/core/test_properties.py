"""Hypothesis: any command sequence, legal or not, leaves the shift whole and replayable.

Commands are built from the command classes themselves (every field gets a strategy by its
name or type), aimed at real task ids, open tasks, real slots and providers, and bogus ones,
interleaved with small and large time advances, jumps to the next event, and a few moves
of the expert bot (which reach the deeper states: paper mode, moved visits, conversations).
"""

from __future__ import annotations

import typing
from collections import Counter
from functools import cache

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from simulator.bots.expert import ExpertBot
from simulator.engine import commands as c
from simulator.engine import journal
from simulator.engine.shift import Shift
from simulator.everyday.forms import FORMS
from simulator.model import ExpandedShift
from tests.core.shifts import BOGUS_TASK_IDS, expanded

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
LONG = settings(max_examples=1500, deadline=None, suppress_health_check=[HealthCheck.too_slow])

SHIFTS = (("calm-morning", 1), ("busy-monday", 1), ("busy-monday", 4),
          ("registration-morning", 1))
COMMAND_TYPES: tuple[type, ...] = typing.get_args(typing.get_args(c.Command)[0])
OPEN = "@open:"
SAME = "@same"
BUSY_LINE = -1
ENDS = ("TaskResolved", "TaskAbandoned", "TaskEscalated")


def _literal(annotation) -> st.SearchStrategy | None:
    if typing.get_origin(annotation) is typing.Literal:
        return st.sampled_from(typing.get_args(annotation))
    return None


@cache
def _field_strategies(key: tuple[str, int]) -> dict[str, st.SearchStrategy]:
    """Strategies per command field name, aimed at this shift's ids (and bogus ones)."""
    x = expanded(*key)
    slots = sorted(s.id for s in x.slots)
    callout_slots = sorted({s for t in x.tasks for s in t.request.get("slots", [])})
    slot = st.sampled_from(slots + callout_slots + ["nobody@0"])
    return {
        "task": st.one_of(st.integers(0, 12).map(lambda k: f"{OPEN}{k}"),
                          st.sampled_from([t.id for t in x.tasks] + list(BOGUS_TASK_IDS))),
        "line": st.one_of(st.just(BUSY_LINE), st.integers(0, 6)),
        "provider": st.sampled_from([p.id for p in x.providers] + ["dr-nobody"]),
        "appointment_type": st.sampled_from(sorted(x.appointment_types) + ["x-ray"]),
        "slot": slot,
        "appointment": slot,
        "days_out": st.one_of(st.just(0), st.integers(1, 120)),
        "choice": st.integers(0, 9),
        "on": st.booleans(),
        "entry": st.sampled_from(["paper-1", "paper-2", "paper-3", "paper-9", ""]),
        "name": st.one_of(st.just(SAME), st.text(max_size=40)),
        "dob": st.one_of(st.just("1980-01-02"), st.text(max_size=20)),
        "arrived": st.one_of(st.just("09:00"), st.text(max_size=10)),
        "identifiers": st.lists(st.sampled_from(typing.get_args(c.Identifier)),
                                min_size=1, max_size=3).map(tuple),
        "patient": st.sampled_from([p.id for p in x.patients] + ["p999"]),
        # Real field names (and a bogus one) with typed scraps, some of them valid values.
        "fields": st.dictionaries(
            st.sampled_from(sorted({f.name for spec in FORMS.values() for f in spec.fields})
                            + ["bogus"]),
            st.one_of(st.sampled_from(["yes", "no", "25.00", "30", "1980-01-02", "none",
                                       "card", "family_member", "log_and_fulfil"]),
                      st.text(max_size=30)), max_size=14),
    }


@cache
def _command(key: tuple[str, int], cls: type) -> st.SearchStrategy:
    named = _field_strategies(key)
    kwargs = {}
    for name, info in cls.model_fields.items():
        if name == "type":
            continue
        strategy = named[name] if name in named else _literal(info.annotation)
        if strategy is None:
            raise AssertionError(f"no strategy for {cls.__name__}.{name}: add one above")
        if type(None) in typing.get_args(info.annotation):
            strategy = st.one_of(st.none(), strategy)
        kwargs[name] = strategy
    return st.builds(cls, **kwargs)


@cache
def _steps(key: tuple[str, int]) -> st.SearchStrategy:
    advance = st.one_of(st.integers(0, 90), st.integers(91, 3600)).map(lambda n: ("wait", n))
    command = st.one_of([_command(key, cls) for cls in COMMAND_TYPES])
    expert = st.integers(1, 8).map(lambda n: ("expert", n))
    step = st.one_of(command.map(lambda cmd: ("do", cmd)), advance, st.just(("next", 0)),
                     expert)
    # Hypothesis keeps lists short by default; a shift needs a few dozen moves to get deep.
    return st.integers(3, 60).flatmap(lambda n: st.lists(step, min_size=n, max_size=n))


SCRIPTS = st.sampled_from(SHIFTS).flatmap(lambda key: st.tuples(st.just(key), _steps(key)))


def _resolve(shift: Shift, cmd):
    """Aim placeholder ids at what is on the desk right now."""
    update = {}
    task = getattr(cmd, "task", None)
    if task is not None and task.startswith(OPEN):
        open_ids = list(shift.open_tasks)
        update["task"] = open_ids[int(task[len(OPEN):]) % len(open_ids)] if open_ids else "t000"
    if getattr(cmd, "line", None) == BUSY_LINE:
        busy = [ln.index for ln in shift.lines if ln.status != "idle"]
        update["line"] = busy[0] if busy else 1
    if isinstance(cmd, c.Reconcile) and cmd.name == SAME:
        entry = next((p for p in shift.paper if p.id == cmd.entry), None)
        update.update({"name": entry.name, "dob": entry.dob, "arrived": entry.arrived}
                      if entry else {"name": ""})
    return cmd.model_copy(update=update) if update else cmd


def play(x: ExpandedShift, steps) -> tuple[Shift, list]:
    """Run a script against a fresh shift, checking the clock as it goes."""
    shift = Shift(x)
    expert = ExpertBot(x.seed)
    log = []
    last = 0
    for kind, arg in steps:
        if kind == "wait":
            shift.advance(shift.now + arg)
        elif kind == "next":
            shift.advance(shift.next_event_at())
        else:
            todo = [_resolve(shift, arg)] if kind == "do" else [
                cmd for _ in range(arg) for cmd in expert.decide(shift.view())[:1]]
            for cmd in todo:
                log.append((shift.now, cmd))
                accepted = shift.apply(cmd)
                assert accepted in (True, False)
                if accepted and kind == "do":
                    event(f"accepted {cmd.type}")
        assert last <= shift.now <= x.length, "time went backwards or past the end"
        last = shift.now
        shift.view()
    shift.finish()
    assert shift.now == x.length
    return shift, log


def check_whole(x: ExpandedShift, shift: Shift) -> None:
    """Every task ends exactly once; nobody is lost or duplicated; the clock only moves on."""
    assert shift.ended and not shift.open_tasks
    assert all(ln.status == "idle" for ln in shift.lines)
    times = [o["t"] for o in shift.outcomes]
    assert times == sorted(times) and times[0] >= 0 and times[-1] == x.length
    kinds = [o["kind"] for o in shift.outcomes]
    assert kinds.count("ShiftEnded") == 1
    after_end = shift.outcomes[kinds.index("ShiftEnded") + 1:]
    assert all(o["reason"] == "the shift is over" for o in after_end)

    arrived = Counter(o["task"] for o in shift.outcomes if o["kind"] == "TaskArrived")
    cancelled = Counter(o["task"] for o in shift.outcomes if o["kind"] == "ArrivalCancelled")
    ends = Counter(o["task"] for o in shift.outcomes if o["kind"] in ENDS)
    task_ids = [t.id for t in x.tasks]
    assert len(set(task_ids)) == len(task_ids)
    for tid in task_ids:
        assert arrived[tid] + cancelled[tid] == 1, f"{tid}: arrived {arrived[tid]}, " \
                                                   f"cancelled {cancelled[tid]}"
        assert ends[tid] == arrived[tid], f"{tid} arrived {arrived[tid]}, ended {ends[tid]}"
    assert set(ends) <= set(arrived)
    assert all(shift.tasks[tid].status in ("resolved", "abandoned", "escalated")
               for tid in arrived)

    patient_ids = [p.id for p in x.patients]
    assert len(set(patient_ids)) == len(patient_ids)
    known = set(patient_ids)
    assert all(t.patient_id in known for t in x.tasks if t.patient_id is not None)
    assert all(t.patient_id in known for t in shift.specs.values() if t.patient_id is not None)
    assert all(s.patient_id in known for s in shift.slots.values() if s.patient_id is not None)
    assert set(shift.slots) == {s.id for s in x.slots}


def check_replays(x: ExpandedShift, shift: Shift, log) -> None:
    """The journal of the run replays to the very same outcomes."""
    text = journal.dumps(x, log, shift.outcome_hash(), len(shift.outcomes))
    again = journal.replay(journal.loads(text))
    assert again.outcome_hash() == shift.outcome_hash()


def _run(script) -> None:
    key, steps = script
    x = expanded(*key)
    shift, log = play(x, steps)
    check_whole(x, shift)
    check_replays(x, shift, log)


@FAST
@given(SCRIPTS)
def test_any_command_sequence_keeps_the_shift_whole(script):
    """Any commands, legal or not: no exception, time moves on, every task ends once."""
    _run(script)


@pytest.mark.slow
@LONG
@given(SCRIPTS)
def test_any_command_sequence_keeps_the_shift_whole_long(script):
    """The same property with many more examples (opt-in: --runslow)."""
    _run(script)


def test_every_command_type_has_a_strategy():
    """Each command class can be drawn, so a new command cannot slip past the property."""
    for key in SHIFTS[:1]:
        for cls in COMMAND_TYPES:
            _command(key, cls)
    assert len(COMMAND_TYPES) == len(c.COSTS)
