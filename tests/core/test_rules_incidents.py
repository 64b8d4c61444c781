"""Incident rules: emergencies, threats, the desk itself, call-outs and the end of the shift."""

from simulator.engine import commands as c
from simulator.engine.rules_incidents import RESPONDERS, SECURITY_AFTER_ALARM
from tests.core.shifts import (
    at,
    event_task,
    expanded,
    find,
    last_rejection,
    outcomes,
    shown_position,
    start,
)

#: The crisis days that hold each incident (an everyday day has at most one crisis).
COLLAPSE_DAY = expanded("waiting-room-collapse", 1)
THREAT_DAY = expanded("threatening-visitor", 1)


def _emergency(tick=10):
    """The waiting-room collapse: a patient, with his wife beside him."""
    return at(event_task(COLLAPSE_DAY, "collapse"), tick)


def _threat(tick=10):
    """A visitor threatening at the desk."""
    return at(event_task(THREAT_DAY, "looking-for-her"), tick)


def test_emergency_not_called_within_target_is_recorded():
    """A waiting-room emergency with no code call by its target records EmergencyNotEscalated."""
    spec = _emergency()
    shift = start(COLLAPSE_DAY, spec)
    shift.advance(10 + spec.target - 1)
    assert not outcomes(shift, "EmergencyNotEscalated")
    shift.advance(10 + spec.target)
    assert outcomes(shift, "EmergencyNotEscalated", spec.id)[0]["target"] == spec.target


def test_emergency_called_in_time_is_handed_to_responders_once_family_is_moved():
    """Calling the code in time avoids the miss; responders come, but the emergency stays
    open until the family present has been moved and the life-safety steps are done."""
    spec = _emergency()
    assert spec.request.get("family_present")
    shift = start(COLLAPSE_DAY, spec)
    shift.advance(20)
    assert shift.apply(c.CallEmergency(task=spec.id, via="code"))
    shift.advance(20 + RESPONDERS["code"])
    assert not outcomes(shift, "EmergencyNotEscalated")
    assert outcomes(shift, "RespondersArrived", spec.id)
    assert shift.tasks[spec.id].open  # the family is still there, unguided
    assert shift.apply(c.MoveBystanders(task=spec.id))
    assert shift.tasks[spec.id].open  # the AED is still owed
    assert shift.apply(c.TakeSafetyStep(task=spec.id, step="bring_aed"))
    assert shift.apply(c.CallEmergency(task=spec.id, via="911"))
    assert shift.tasks[spec.id].open  # nobody is at the door for EMS yet
    assert shift.apply(c.TakeSafetyStep(task=spec.id, step="meet_ems"))
    closed = outcomes(shift, "TaskEscalated", spec.id)
    assert closed and "handed to responders" in closed[0]["how"]


def test_a_collapse_takes_the_code_and_911_but_each_only_once():
    """The code team and 911 are both called for a collapse; neither can be called twice."""
    spec = _emergency()
    shift = start(COLLAPSE_DAY, spec)
    shift.advance(20)
    assert shift.apply(c.CallEmergency(task=spec.id, via="code"))
    assert shift.apply(c.CallEmergency(task=spec.id, via="911"))
    assert [o["via"] for o in outcomes(shift, "EmergencyCalled", spec.id)] == ["code", "911"]
    assert shift.apply(c.CallEmergency(task=spec.id, via="911")) is False
    assert "already been called" in last_rejection(shift)
    assert shift.apply(c.CallEmergency(task=spec.id, via="code")) is False
    assert "already on the way" in last_rejection(shift)


def test_moving_bystanders_is_recorded_once():
    """Bystanders can be moved once; a second time is rejected."""
    spec = _emergency()
    shift = start(COLLAPSE_DAY, spec)
    shift.advance(20)
    assert shift.apply(c.MoveBystanders(task=spec.id))
    assert outcomes(shift, "BystandersMoved", spec.id)[0]["family"] is True
    assert shift.apply(c.MoveBystanders(task=spec.id)) is False


def test_leaving_the_desk_during_a_threat_is_recorded():
    """Stepping away while a threat is open records DeskAbandonedDuringThreat."""
    spec = _threat()
    shift = start(THREAT_DAY, spec)
    shift.advance(15)
    assert shift.apply(c.LeaveDesk())
    assert outcomes(shift, "DeskLeft")[0]["during_threat"] is True
    assert outcomes(shift, "DeskAbandonedDuringThreat")


def test_leaving_the_desk_with_no_threat_is_not_abandonment():
    """Stepping away on a quiet desk is only DeskLeft."""
    shift = start(THREAT_DAY, _threat(500))
    shift.advance(15)
    shift.apply(c.LeaveDesk())
    assert outcomes(shift, "DeskLeft")[0]["during_threat"] is False
    assert not outcomes(shift, "DeskAbandonedDuringThreat")


def test_a_reply_that_walks_away_from_a_threat_is_desk_abandonment():
    """The 'leave the desk' reply to a threat records DeskAbandonedDuringThreat."""
    spec = _threat()
    shift = start(THREAT_DAY, spec)
    shift.advance(15)
    walk = shown_position(shift, spec.id, lambda ch: ch.get("violation") == "left_desk")
    assert shift.apply(c.ChooseReply(task=spec.id, choice=walk))
    assert outcomes(shift, "DeskAbandonedDuringThreat", spec.id)


def test_silent_alarm_brings_security_who_take_over_the_threat():
    """After the silent alarm, security arrives and the threat is escalated to them."""
    spec = _threat()
    shift = start(THREAT_DAY, spec)
    shift.advance(15)
    assert shift.apply(c.SilentAlarm())
    assert outcomes(shift, "SilentAlarmTriggered")[0]["during_threat"] is True
    shift.advance(15 + SECURITY_AFTER_ALARM)
    assert outcomes(shift, "SecurityArrived", spec.id)
    assert outcomes(shift, "TaskEscalated", spec.id)[0]["how"] == "security took over"
    assert not outcomes(shift, "ThreatUnanswered")


def test_threat_unanswered_by_its_target_is_recorded():
    """No alarm by the threat's target records ThreatUnanswered and raises agitation."""
    spec = _threat()
    shift = start(THREAT_DAY, spec)
    shift.advance(10)
    before = shift.tasks[spec.id].agitation
    shift.advance(10 + spec.target)
    assert outcomes(shift, "ThreatUnanswered", spec.id)
    assert shift.tasks[spec.id].agitation > before


def test_silent_alarm_twice_is_rejected():
    """The silent alarm cannot be pressed while it is already on."""
    shift = start(THREAT_DAY, _threat())
    shift.advance(15)
    shift.apply(c.SilentAlarm())
    assert shift.apply(c.SilentAlarm()) is False


def _callout_shift(*extra):
    x = expanded()
    callout = at(event_task(x, "lindqvist-out"), 0)
    system = next(s for s in x.systems if s.kind == "clinician_callout")
    return start(x, callout, *extra, systems=[system.model_copy(update={"at": 0})]), callout


def _checkin_for(slot_id):
    return find(expanded(), lambda t: t.kind == "checkin" and t.request.get("slot") == slot_id)


def test_check_in_with_a_called_out_provider_is_rejected():
    """A patient of a provider who called out cannot be checked in until the visit moves."""
    x = expanded()
    callout = event_task(x, "lindqvist-out")
    checkin = _checkin_for(callout.request["slots"][0])
    shift, _ = _callout_shift(checkin)
    shift.advance(checkin.at)
    assert shift.apply(c.CheckIn(task=checkin.id)) is False
    assert "out today" in last_rejection(shift)


def test_visit_moved_to_another_day_and_notified_never_arrives():
    """A called-out visit moved to another day and notified in time becomes ArrivalCancelled."""
    x = expanded()
    slot_id = event_task(x, "lindqvist-out").request["slots"][0]
    checkin = _checkin_for(slot_id)
    shift, callout = _callout_shift(checkin)
    shift.advance(5)
    assert shift.apply(c.Reschedule(task=callout.id, appointment=slot_id,
                                    provider="dr-lindqvist", days_out=1))
    assert shift.apply(c.NotifyPatient(task=callout.id, appointment=slot_id))
    shift.finish()
    assert not outcomes(shift, "TaskArrived", checkin.id)
    cancelled = outcomes(shift, "ArrivalCancelled", checkin.id)
    assert [o["reason"] for o in cancelled] == ["visit moved before arrival"]


def test_notifying_before_moving_the_visit_is_rejected():
    """A patient cannot be told about a move that has not been made."""
    x = expanded()
    slot_id = event_task(x, "lindqvist-out").request["slots"][0]
    shift, callout = _callout_shift()
    shift.advance(5)
    assert shift.apply(c.NotifyPatient(task=callout.id, appointment=slot_id)) is False
    assert "move the visit" in last_rejection(shift)


def test_rescheduling_a_checkin_whose_slot_was_freed_keeps_the_patient():
    """Moving a check-in after its old slot was freed books the new slot for that patient."""
    x = expanded()
    callout = event_task(x, "lindqvist-out")
    slot_id = callout.request["slots"][0]
    checkin = _checkin_for(slot_id)
    shift, callout = _callout_shift(checkin)
    shift.advance(5)
    # The call-out moves the visit to another day but nobody tells the patient, who comes in.
    shift.apply(c.Reschedule(task=callout.id, appointment=slot_id, provider="dr-lindqvist",
                             days_out=1))
    shift.advance(checkin.at)
    free = next(s for s in shift.slots.values()
                if s.provider_id == "dr-adeyemi" and s.patient_id is None
                and s.start >= shift.now and s.minutes >= shift.slots[slot_id].minutes)
    assert shift.apply(c.Reschedule(task=checkin.id, provider="dr-adeyemi", slot=free.id))
    assert shift.slots[free.id].patient_id == checkin.patient_id


def test_commands_after_the_end_are_rejected():
    """Once the shift is over, every command is rejected as such."""
    shift = start(THREAT_DAY, _threat(500))
    shift.finish()
    assert shift.apply(c.SilentAlarm()) is False
    assert last_rejection(shift) == "the shift is over"


def test_end_of_shift_abandons_open_tasks_and_frees_lines():
    """At the end, anything still open is abandoned and every line goes idle."""
    x = expanded()
    call = at(find(x, lambda t: t.kind == "call" and t.event_id is None), x.length - 30,
              patience=600)
    inbox = at(find(x, lambda t: t.kind == "inbox"), 100)
    shift = start(x, call, inbox)
    shift.finish()
    assert {o["task"] for o in outcomes(shift, "TaskAbandoned")} == {call.id, inbox.id}
    assert all(o["how"] == "shift ended" for o in outcomes(shift, "TaskAbandoned"))
    assert all(ln.status == "idle" for ln in shift.lines)
    assert shift.outcomes[-1]["kind"] == "ShiftEnded" and shift.ended
