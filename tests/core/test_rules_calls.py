"""Phone rules: ringing, answering, holding, hanging up, red-flag calls, dead phones."""

from simulator.engine import commands as c
from tests.core.shifts import (
    at,
    event_task,
    expanded,
    generated_call,
    last_rejection,
    outcomes,
    power_outage,
    start,
)


def _call(tick=10, call_type="scheduling", **update):
    x = expanded()
    spec = generated_call(x, call_type)
    return at(spec, tick, id=update.pop("id", spec.id), **update)


def _stroke_call(tick=10):
    return at(event_task(expanded(), "stroke-call"), tick)


def test_call_rings_on_the_first_free_line():
    """An arriving call rings line 1 and is recorded as CallRang."""
    spec = _call()
    shift = start(expanded(), spec)
    shift.advance(10)
    assert shift.lines[0].status == "ringing"
    assert outcomes(shift, "CallRang", spec.id)[0]["line"] == 1


def test_ringing_call_is_abandoned_after_its_patience():
    """A call nobody answers hangs up exactly when its patience runs out."""
    spec = _call()
    shift = start(expanded(), spec)
    shift.advance(10 + spec.patience - 1)
    assert not outcomes(shift, "CallAbandoned")
    shift.advance(10 + spec.patience)
    abandoned = outcomes(shift, "CallAbandoned", spec.id)
    assert abandoned and abandoned[0]["while_"] == "ringing"
    assert outcomes(shift, "TaskAbandoned", spec.id)
    assert shift.lines[0].status == "idle"


def test_answered_call_outlives_its_ring_patience():
    """Answering in time cancels the ringing timeout."""
    spec = _call()
    shift = start(expanded(), spec)
    shift.advance(12)
    assert shift.apply(c.AnswerCall(line=1))
    shift.advance(10 + spec.patience + 5)
    assert not outcomes(shift, "CallAbandoned")
    assert shift.tasks[spec.id].open


def test_answering_a_second_line_puts_the_first_on_hold():
    """Picking up line 2 while talking on line 1 holds line 1."""
    first, second = _call(10, "scheduling"), _call(11, "refill")
    shift = start(expanded(), first, second)
    shift.advance(12)
    assert shift.apply(c.AnswerCall(line=1))
    assert shift.apply(c.AnswerCall(line=2))
    assert [ln.status for ln in shift.lines[:2]] == ["hold", "talking"]
    assert outcomes(shift, "CallHeld", first.id)[0]["line"] == 1


def test_unanswered_held_call_is_abandoned():
    """A caller left on hold past their hold patience hangs up."""
    spec = _call()
    patience = spec.truth["hold_patience"]
    shift = start(expanded(), spec)
    shift.advance(12)
    shift.apply(c.AnswerCall(line=1))
    shift.apply(c.HoldCall(line=1))
    shift.advance(12 + patience - 1)
    assert not outcomes(shift, "CallAbandoned")
    shift.advance(12 + patience)
    abandoned = outcomes(shift, "CallAbandoned", spec.id)
    assert abandoned and abandoned[0]["while_"] == "on hold"
    assert outcomes(shift, "TaskAbandoned", spec.id)


def test_resumed_held_call_is_not_abandoned():
    """Picking a held call back up in time cancels its hold timeout."""
    spec = _call()
    shift = start(expanded(), spec)
    shift.advance(12)
    shift.apply(c.AnswerCall(line=1))
    shift.apply(c.HoldCall(line=1))
    shift.advance(20)
    assert shift.apply(c.AnswerCall(line=1))
    shift.advance(12 + spec.truth["hold_patience"] + 5)
    assert outcomes(shift, "CallResumed", spec.id)
    assert not outcomes(shift, "CallAbandoned")


def test_call_is_missed_when_every_line_is_busy():
    """With every line in use, one more caller gets nowhere (CallMissed)."""
    x = expanded()
    calls = [_call(10, "scheduling", id=f"c{i}") for i in range(x.phone_lines + 1)]
    shift = start(x, *calls)
    shift.advance(10)
    missed = outcomes(shift, "CallMissed")
    assert [o["task"] for o in missed] == [calls[-1].id]
    assert missed[0]["reason"] == "every line busy"


def test_answering_an_idle_line_is_rejected():
    """Answering a line that is not ringing is rejected with a reason, not raised."""
    shift = start(expanded(), _call(100))
    assert shift.apply(c.AnswerCall(line=1)) is False
    assert "idle" in last_rejection(shift)


def test_line_numbers_out_of_range_are_rejected():
    """Line 0 and lines past the clinic's count are rejected."""
    shift = start(expanded(), _call(100))
    assert shift.apply(c.HoldCall(line=0)) is False
    assert shift.apply(c.EndCall(line=shift.x.phone_lines + 1)) is False
    assert len(outcomes(shift, "CommandRejected")) == 2


def test_desk_work_on_a_ringing_call_is_rejected():
    """Identity checks on a caller need the call answered first."""
    spec = _call()
    shift = start(expanded(), spec)
    shift.advance(10)
    assert shift.apply(c.CheckIdentity(task=spec.id, identifiers=("name", "dob"))) is False
    assert "answer line 1 first" in last_rejection(shift)


def test_hanging_up_on_an_unhelped_caller_abandons_the_task():
    """Ending a live call before the caller is helped abandons the task."""
    spec = _call()
    shift = start(expanded(), spec)
    shift.advance(12)
    shift.apply(c.AnswerCall(line=1))
    assert shift.apply(c.EndCall(line=1))
    assert outcomes(shift, "CallEnded", spec.id)[0]["handled"] is False
    assert outcomes(shift, "TaskAbandoned", spec.id)
    assert shift.lines[0].status == "idle"


def test_finishing_a_callers_task_ends_the_call():
    """Booking what the caller asked for ends the call: the line is free, the call handled."""
    spec = _call()
    shift = start(expanded(), spec)
    shift.advance(12)
    shift.apply(c.AnswerCall(line=1))
    assert shift.apply(c.Schedule(task=spec.id, provider=spec.request["provider"],
                                  appointment_type=spec.request["appointment_type"],
                                  days_out=max(1, int(spec.request.get("days_out") or 1))))
    assert outcomes(shift, "TaskResolved", spec.id)
    assert outcomes(shift, "CallEnded", spec.id)[0]["handled"] is True
    assert shift.lines[0].status == "idle" and shift.tasks[spec.id].line is None
    view = shift.view()
    assert view.lines[0].status == "idle" and view.task(spec.id) is None
    assert not shift.apply(c.EndCall(line=1))  # nothing left to hang up


def test_red_flag_call_not_routed_in_time_is_recorded():
    """A red-flag call still unrouted at its deadline records RedFlagNotRouted."""
    spec = _stroke_call()
    shift = start(expanded(), spec)
    shift.advance(12)
    shift.apply(c.AnswerCall(line=1))
    shift.advance(10 + spec.truth["act_within"])
    missed = outcomes(shift, "RedFlagNotRouted", spec.id)
    assert missed and missed[0]["symptom"] == "stroke_signs"


def test_red_flag_call_given_the_911_script_in_time_is_routed():
    """Reading the emergency script before the deadline routes the red flag."""
    spec = _stroke_call()
    shift = start(expanded(), spec)
    shift.advance(12)
    shift.apply(c.AnswerCall(line=1))
    assert shift.apply(c.InstructEmergency(task=spec.id))
    shift.finish()
    assert outcomes(shift, "RedFlagRouted", spec.id)[0]["how"] == "911 script"
    assert not outcomes(shift, "RedFlagNotRouted")
    assert outcomes(shift, "TaskResolved", spec.id)


def test_booking_a_red_flag_call_records_booked_routine():
    """Booking a red-flag caller an ordinary visit records RedFlagBookedRoutine."""
    spec = _stroke_call()
    shift = start(expanded(), spec)
    shift.advance(12)
    shift.apply(c.AnswerCall(line=1))
    assert shift.apply(c.Schedule(task=spec.id, provider="dr-adeyemi",
                                  appointment_type="follow-up", days_out=5))
    assert outcomes(shift, "RedFlagBookedRoutine", spec.id)[0]["symptom"] == "stroke_signs"
    assert outcomes(shift, "AppointmentBooked", spec.id)[0]["red_flag"] is True


def test_warm_transfer_of_a_red_flag_to_a_clinician_routes_it():
    """A warm transfer to the clinician counts as routing the red flag."""
    spec = _stroke_call()
    shift = start(expanded(), spec)
    shift.advance(12)
    shift.apply(c.AnswerCall(line=1))
    assert shift.apply(c.TransferCall(line=1, to="clinician"))
    routed = outcomes(shift, "RedFlagRouted", spec.id)
    assert routed and routed[0]["how"] == "warm transfer to clinician"
    assert shift.lines[0].status == "idle"


def test_power_failure_without_backup_drops_every_call():
    """When the backup fails, ringing and held calls are all dropped."""
    first, second = _call(10, "scheduling"), _call(11, "refill")
    shift = start(expanded(), first, second, systems=[power_outage(30, 600)])
    shift.advance(12)
    shift.apply(c.AnswerCall(line=1))
    shift.advance(30)
    assert {o["task"] for o in outcomes(shift, "CallDropped")} == {first.id, second.id}
    assert all(ln.status == "idle" for ln in shift.lines)
    assert len(outcomes(shift, "TaskAbandoned")) == 2


def test_calls_during_a_dead_phone_system_are_missed_until_rerouted():
    """With the phones dead a new call is missed; after rerouting, calls ring again."""
    first, second = _call(50, "scheduling"), _call(200, "refill")
    shift = start(expanded(), first, second, systems=[power_outage(30, 600)])
    shift.advance(50)
    assert outcomes(shift, "CallMissed", first.id)[0]["reason"] == \
        "phones dead in the power failure"
    assert shift.apply(c.RerouteCalls())
    shift.advance(200)
    assert outcomes(shift, "CallRang", second.id)
