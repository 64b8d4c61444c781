"""Moving and cancelling visits: reschedule calls and a clinician's day after a call-out."""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.engine import commands as c
from simulator.engine import outcomes as o
from simulator.engine.rules_desk import _check_booking, engage
from simulator.engine.state import Rejected, TaskState
from simulator.protocol import CALL_AGAIN_AFTER

if TYPE_CHECKING:
    from simulator.engine.shift import Shift


def _target_slot(shift: Shift, state: TaskState, appointment: str | None) -> str | None:
    """Which booked slot a command means: named, or the task's own."""
    if state.spec.kind == "callout":
        if appointment not in state.spec.request.get("slots", []):
            raise Rejected("name one of the visits listed on the call-out")
        return appointment
    return appointment or state.spec.request.get("slot")


def reschedule(shift: Shift, cmd: c.Reschedule) -> None:
    """Move a visit to another provider, slot or day."""
    state = engage(shift, cmd.task)
    slot_id = _target_slot(shift, state, cmd.appointment)
    moved = state.notes.setdefault("moved", {})
    if slot_id in moved:
        raise Rejected("that visit was already moved")
    old = shift.slots.get(slot_id) if slot_id else None
    patient_id = (old.patient_id if old else None) or state.spec.patient_id
    type_id = old.type_id if old else state.spec.request.get("appointment_type")
    if type_id is None:
        raise Rejected("there is no visit to move on this task")
    new = _check_booking(shift, cmd.provider, type_id, cmd.slot, cmd.days_out)
    if new is not None:
        shift.set_slot(new.model_copy(update={"patient_id": patient_id,
                                              "type_id": type_id}))
    if old is not None:
        shift.set_slot(old.model_copy(update={"patient_id": None}))
    moved[slot_id or state.id] = {"slot": cmd.slot, "days_out": cmd.days_out}
    shift.record(o.AppointmentMoved(state.id, appointment=slot_id, provider=cmd.provider,
                                    slot=cmd.slot, days_out=cmd.days_out, patient=patient_id,
                                    from_callout=state.spec.kind == "callout"))
    arrived = _checkin_of(shift, slot_id)
    if state.spec.kind == "callout":
        if arrived is not None and arrived.open:
            # They are standing here: moving the visit is telling them in person.
            _note_move(arrived, cmd)
            state.notes.setdefault("notified", set()).add(slot_id)
            shift.record(o.PatientNotified(state.id, appointment=slot_id, in_person=True))
        _maybe_close_callout(shift, state)
        return
    if state.spec.kind == "checkin":
        _note_move(state, cmd)
        _mark_callout(shift, slot_id)
        if cmd.days_out > 0:
            shift.close(state, "resolved", "rebooked for another day")
        return
    shift.close(state, "resolved", "rescheduled")


def _note_move(state: TaskState, cmd: c.Reschedule) -> None:
    if cmd.days_out > 0:
        state.notes["moved_days"] = cmd.days_out
    else:
        state.notes["slot"] = cmd.slot


def _checkin_of(shift: Shift, slot_id: str | None) -> TaskState | None:
    if slot_id is None:
        return None
    for state in shift.tasks.values():
        if state.spec.kind == "checkin" and state.spec.request.get("slot") == slot_id:
            return state
    return None


def _mark_callout(shift: Shift, slot_id: str | None) -> None:
    """A call-out visit handled from the patient's own check-in counts on the call-out too."""
    for state in shift.tasks.values():
        if state.open and state.spec.kind == "callout" and \
                slot_id in state.spec.request.get("slots", []):
            state.notes.setdefault("moved", {})[slot_id] = {"via": "check-in"}
            state.notes.setdefault("notified", set()).add(slot_id)
            shift.touch(state.id)
            _maybe_close_callout(shift, state)


def cancel(shift: Shift, cmd: c.Cancel) -> None:
    """Cancel a visit."""
    state = engage(shift, cmd.task)
    slot_id = _target_slot(shift, state, cmd.appointment)
    old = shift.slots.get(slot_id) if slot_id else None
    if old is not None:
        shift.set_slot(old.model_copy(update={"patient_id": None}))
    shift.record(o.AppointmentCancelled(state.id, appointment=slot_id,
                                        expected=state.spec.truth.get("route") == "cancel"))
    if state.spec.kind == "callout":
        state.notes.setdefault("moved", {})[slot_id] = {"cancelled": True}
        _maybe_close_callout(shift, state)
        return
    shift.close(state, "resolved", "cancelled")


def notify(shift: Shift, cmd: c.NotifyPatient) -> None:
    """Tell a patient their visit moved (a call-out visit, before they set off)."""
    state = engage(shift, cmd.task)
    if state.spec.kind != "callout":
        raise Rejected("notifications are for visits moved after a call-out")
    if cmd.appointment not in state.spec.request.get("slots", []):
        raise Rejected("name one of the visits listed on the call-out")
    if cmd.appointment not in state.notes.get("moved", {}):
        raise Rejected("move the visit before telling the patient")
    notified = state.notes.setdefault("notified", set())
    if cmd.appointment in notified:
        raise Rejected("that patient was already told")
    voicemail = state.notes.setdefault("voicemail", {})
    if cmd.appointment in state.spec.truth.get("no_answer", []):
        if cmd.appointment not in voicemail:
            # No answer: a message with only the name and call-back number (the minimum a
            # voicemail may carry), and the patient still has to be reached.
            voicemail[cmd.appointment] = shift.now
            shift.record(o.PatientNotified(state.id, appointment=cmd.appointment,
                                           in_person=False, voicemail=True))
            return
        if shift.now - voicemail[cmd.appointment] < CALL_AGAIN_AFTER:
            raise Rejected("no answer again; try this patient later")
    notified.add(cmd.appointment)
    shift.record(o.PatientNotified(state.id, appointment=cmd.appointment, in_person=False))
    move = state.notes["moved"][cmd.appointment]
    checkin = next((s for s in shift.specs.values()
                    if s.kind == "checkin" and s.request.get("slot") == cmd.appointment), None)
    if checkin is not None and checkin.id not in shift.tasks:
        if move.get("days_out") or move.get("cancelled"):
            shift.cancelled_arrivals.add(checkin.id)
        elif move.get("slot"):
            shift.specs[checkin.id] = checkin.model_copy(
                update={"request": {**checkin.request, "moved_to": move["slot"]}})
    _maybe_close_callout(shift, state)


def _maybe_close_callout(shift: Shift, state: TaskState) -> None:
    slots = state.spec.request.get("slots", [])
    moved = state.notes.get("moved", {})
    notified = state.notes.get("notified", set())
    if all(s in moved and s in notified for s in slots):
        shift.close(state, "resolved", "every visit moved and every patient told")
