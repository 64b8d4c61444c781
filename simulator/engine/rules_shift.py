"""Shift rules: tasks arrive, waiting people lose patience and leave, the shift ends."""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.engine import outcomes as o
from simulator.engine import rules_calls, rules_incidents
from simulator.engine.state import DialogueState, TaskState
from simulator.engine.timers import (
    P_TIMER,
    ArrivalDue,
    ImpatienceDue,
    RedFlagDeadlineDue,
    ShiftEndDue,
    SystemChangeDue,
    SystemRestoreDue,
    WalkOutDue,
)

if TYPE_CHECKING:
    from simulator.engine.shift import Shift

INCIDENTS = ("medical_emergency", "threat")


def arrive(shift: Shift, event: ArrivalDue) -> None:
    """A task reaches the desk: it rings, waits at the counter or lands in the inbox."""
    task_id = event.task
    spec = shift.specs[task_id]
    if task_id in shift.cancelled_arrivals:
        shift.record(o.ArrivalCancelled(task_id, reason="visit moved before arrival"))
        return
    state = TaskState(spec)
    if spec.dialogue_id:
        start = int(shift.x.dialogues[spec.dialogue_id]["agitation"])
        state.dialogue = DialogueState(agitation=start, peak=start)
        state.agitation = start
    shift.tasks[task_id] = state
    shift.open_tasks[task_id] = state
    shift.record(o.TaskArrived(task_id, task_kind=spec.kind, channel=spec.channel,
                               urgency=spec.urgency))
    if spec.kind in INCIDENTS:
        rules_incidents.start_incident(shift, state)
    if spec.channel == "phone":
        rules_calls.ring(shift, state)
    elif spec.channel == "desk" and spec.kind not in INCIDENTS:
        wait_patiently(shift, state)
    if "act_within" in spec.truth:
        shift.schedule(spec.at + int(spec.truth["act_within"]), P_TIMER,
                       RedFlagDeadlineDue(task_id))


def wait_patiently(shift: Shift, state: TaskState) -> None:
    """Start (or restart) a waiting person's patience clock."""
    state.token += 1
    patience = state.spec.patience
    shift.schedule(shift.now + patience // 2, P_TIMER, ImpatienceDue(state.id, state.token))
    shift.schedule(shift.now + patience, P_TIMER, WalkOutDue(state.id, state.token))


def grow_impatient(shift: Shift, event: ImpatienceDue) -> None:
    """Half their patience gone with nothing happening: agitation rises."""
    state = shift.tasks[event.task]
    if state.open and state.token == event.token and not state.checked_in:
        state.agitation = min(100, state.agitation + (15 if state.acknowledged else 30))
        shift.record(o.PatientGrewImpatient(event.task, agitation=state.agitation))


def walk_out(shift: Shift, event: WalkOutDue) -> None:
    """Patience gone: the person leaves the waiting room unhelped."""
    state = shift.tasks[event.task]
    if state.open and state.token == event.token:
        shift.record(o.PatientLeft(event.task, waited=shift.now - state.spec.at))
        shift.close(state, "abandoned", "left the waiting room")


def system_change(shift: Shift, event: SystemChangeDue) -> None:
    """An outage begins or a clinician calls out."""
    rules_incidents.system_start(shift, event.event)


def system_restore(shift: Shift, event: SystemRestoreDue) -> None:
    """An outage ends."""
    rules_incidents.system_end(shift, event.event)


def end_shift(shift: Shift, _: ShiftEndDue) -> None:
    """Close every open task and line; note what never arrived."""
    for line in shift.lines:
        if line.status != "idle":
            shift.free_line(line)
    for state in list(shift.open_tasks.values()):
        shift.close(state, "abandoned", "shift ended")
    for spec in shift.x.tasks:
        if spec.id not in shift.tasks and spec.id not in shift.cancelled_arrivals:
            shift.record(o.ArrivalCancelled(spec.id, reason="never arrived"))
    shift.record(o.ShiftEnded(open_paper=sum(not p.reconciled for p in shift.paper)))
    shift.ended = True
