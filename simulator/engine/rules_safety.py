"""Life-safety rules: the steps a crisis owes besides the calls (DOMAIN.md section 1).

Which steps a task owes, and when each is due, is :data:`simulator.protocol.SAFETY_STEPS`;
this module only carries a step out and refuses one that makes no sense here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from simulator.engine import commands as c
from simulator.engine import outcomes as o
from simulator.engine import rules_incidents
from simulator.engine.state import Rejected, TaskState
from simulator.lifesafety import SafetyStep, safety_step, safety_steps

if TYPE_CHECKING:
    from simulator.engine.shift import Shift


def facts_of(shift: Shift, state: TaskState) -> dict[str, Any]:
    """The facts that decide which steps a task owes: its event's detail or its request."""
    if state.spec.channel == "system":
        event = next((s for s in shift.x.systems if s.event_id == state.spec.event_id), None)
        return dict(event.detail) if event is not None else {}
    return dict(state.spec.request)


def steps_for(shift: Shift, state: TaskState) -> tuple[SafetyStep, ...]:
    """The life-safety steps this task owes."""
    return safety_steps(state.spec.kind, facts_of(shift, state))


def take_step(shift: Shift, cmd: c.TakeSafetyStep) -> None:
    """Take one life-safety step (each once; meeting EMS only once 911 is coming)."""
    state = shift.task(cmd.task)
    rule = safety_step(cmd.step)
    if rule.kind != state.spec.kind:
        raise Rejected(f"'{rule.label}' is not a step for this task")
    if rule not in steps_for(shift, state):
        raise Rejected(f"'{rule.label}' does not apply here")
    done = state.notes.setdefault("safety", [])
    if rule.step in done:
        raise Rejected(f"already done: {rule.label}")
    if rule.after_911 and "911" not in state.notes.get("called_via", ()):
        raise Rejected("call 911 first; then send someone to meet the ambulance")
    done.append(rule.step)
    shift.respond(state)
    shift.record(o.SafetyStepTaken(state.id, step=rule.step, after=shift.now - state.spec.at))
    if state.spec.kind == "medical_emergency":
        rules_incidents.hand_over_when_done(shift, state)
