"""Life safety: the steps a power cut, a collapse and a threat owe, and suicidal callers."""

import pytest

from simulator.engine import commands as c
from simulator.lifesafety import SAFETY_STEPS, safety_steps
from simulator.protocol import obligations
from tests.core.shifts import at, event_task, expanded, generated_call, last_rejection, outcomes
from tests.core.shifts import start as start_shift


def _outage():
    x = expanded("power-outage", 1)
    spec = event_task(x, "blackout")
    system = next(s for s in x.systems if s.event_id == "blackout")
    return x, at(spec, 10), system.model_copy(update={"at": 10, "until": 10 + 3000})


def test_a_power_cut_owes_every_life_safety_step_its_building_calls_for():
    """The blackout has an elevator, a vaccine fridge and a burning smell: all five steps."""
    _, spec, system = _outage()
    codes = [ob.code for ob in obligations(spec, None, {"blackout": system.detail})]
    assert {"safety_report_smell", "safety_check_elevator", "safety_check_rooms",
            "safety_shut_fridge", "safety_tell_manager"} <= set(codes)
    quiet = {**system.detail, "burning_smell": False, "elevator": False}
    codes = [ob.code for ob in obligations(spec, None, {"blackout": quiet})]
    assert "safety_report_smell" not in codes and "safety_check_elevator" not in codes


def test_safety_steps_are_taken_once_and_only_where_they_apply():
    """A step is recorded with its time; twice, or on the wrong kind of task, is refused."""
    x, spec, system = _outage()
    shift = start_shift(x, spec, systems=[system])
    shift.advance(40)
    assert shift.apply(c.TakeSafetyStep(task=spec.id, step="report_smell"))
    assert outcomes(shift, "SafetyStepTaken", spec.id)[0]["after"] == 30
    assert not shift.apply(c.TakeSafetyStep(task=spec.id, step="report_smell"))
    assert "already done" in last_rejection(shift)
    assert not shift.apply(c.TakeSafetyStep(task=spec.id, step="bring_aed"))
    assert "not a step for this task" in last_rejection(shift)


def _collapse():
    """The waiting-room collapse (a patient, his wife beside him) and its shift."""
    x = expanded("waiting-room-collapse", 1)
    return x, at(event_task(x, "collapse"), 10)


def test_ems_is_met_only_once_911_is_on_the_way():
    """Sending someone to the door before calling 911 makes no sense and is refused."""
    x, spec = _collapse()
    shift = start_shift(x, spec)
    shift.advance(20)
    assert not shift.apply(c.TakeSafetyStep(task=spec.id, step="meet_ems"))
    assert "call 911 first" in last_rejection(shift)
    assert shift.apply(c.CallEmergency(task=spec.id, via="911"))
    assert shift.apply(c.TakeSafetyStep(task=spec.id, step="meet_ems"))


def test_a_collapse_stays_in_the_queue_until_the_aed_is_sent():
    """Responders alone do not close the emergency while a life-safety step is still owed."""
    x, spec = _collapse()
    shift = start_shift(x, spec)
    shift.advance(20)
    shift.apply(c.CallEmergency(task=spec.id, via="code"))
    shift.apply(c.CallEmergency(task=spec.id, via="911"))
    shift.apply(c.MoveBystanders(task=spec.id))
    shift.apply(c.TakeSafetyStep(task=spec.id, step="meet_ems"))
    shift.advance(20 + 1200)
    assert outcomes(shift, "RespondersArrived", spec.id)
    assert shift.tasks[spec.id].open
    assert shift.apply(c.TakeSafetyStep(task=spec.id, step="bring_aed"))
    assert not shift.tasks[spec.id].open


def test_a_threat_aimed_at_a_patient_owes_police_and_a_private_escort():
    """Someone threatened: police and a quiet escort are owed; a plain threat, the alarm."""
    aimed = event_task(expanded("threatening-visitor", 1), "looking-for-her")
    assert aimed.request["threatens_patient"]
    plain = aimed.model_copy(update={"request": {**aimed.request, "threatens_patient": False}})
    codes = {ob.code for ob in obligations(aimed, None)}
    assert {"alarm_raised", "police_called", "safety_escort_patient"} <= codes
    plain_codes = {ob.code for ob in obligations(plain, None)}
    assert "alarm_raised" in plain_codes
    assert not {"police_called", "safety_escort_patient"} & plain_codes


def _red_flag_call(**truth):
    """A generated call turned into a red-flag call with ``truth``."""
    call = generated_call(expanded(), "scheduling")
    return at(call, 10, request={**call.request, "call_type": "red_flag"},
              truth={"red_flag": "chest_pain", "can_call_911": True, "act_within": 150,
                     "hold_patience": 60, **truth})


def _suicidal(imminent: bool):
    return _red_flag_call(red_flag="suicidal_intent", imminent=imminent)


def test_a_suicidal_caller_is_never_told_to_hang_up():
    """The 911 script is insufficient: the call stays open and the red flag unrouted."""
    spec = _suicidal(imminent=False)
    shift = start_shift(expanded(), spec)
    shift.advance(12)
    shift.apply(c.AnswerCall(line=1))
    assert shift.apply(c.InstructEmergency(task=spec.id))
    assert outcomes(shift, "InstructionInsufficient", spec.id)
    assert shift.tasks[spec.id].open and not outcomes(shift, "RedFlagRouted", spec.id)


def test_a_suicidal_caller_at_imminent_risk_gets_911_and_a_warm_transfer_to_988():
    """A colleague calls 911 while the desk keeps them on; the 988 transfer routes the call."""
    spec = _suicidal(imminent=True)
    codes = {ob.code for ob in obligations(spec, None)}
    assert {"red_flag_routed", "colleague_911"} <= codes
    shift = start_shift(expanded(), spec)
    shift.advance(12)
    shift.apply(c.AnswerCall(line=1))
    assert shift.apply(c.CallEmergency(task=spec.id, via="911"))
    assert shift.tasks[spec.id].open  # still on the line with them
    assert shift.apply(c.TransferCall(line=1, to="crisis_line"))
    routed = outcomes(shift, "RedFlagRouted", spec.id)
    assert routed[0]["how"] == "warm transfer to the 988 lifeline"


def test_a_caller_who_cannot_dial_911_needs_more_than_a_transfer():
    """A nurse on the phone sends no ambulance: the transfer alone leaves the flag unrouted."""
    spec = _red_flag_call(can_call_911=False)
    shift = start_shift(expanded(), spec)
    shift.advance(12)
    shift.apply(c.AnswerCall(line=1))
    shift.apply(c.TransferCall(line=1, to="clinician"))
    assert not outcomes(shift, "RedFlagRouted", spec.id)
    assert outcomes(shift, "InstructionInsufficient", spec.id)


@pytest.mark.parametrize("step", [s.step for s in SAFETY_STEPS])
def test_every_safety_step_is_owed_somewhere(step):
    """Each rule in the table applies to some situation (no dead rules)."""
    rule = next(s for s in SAFETY_STEPS if s.step == step)
    facts = {rule.when: True} if rule.when else {}
    assert rule in safety_steps(rule.kind, facts)
