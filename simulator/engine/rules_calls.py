"""Phone rules: lines ring, get answered, held, transferred and ended; callers give up.

Red-flag calls are phone calls whose words are a red flag; the right move is the emergency
script (or a warm transfer to a clinician when the caller cannot call 911), within the
call's target. Booking one as a routine appointment is recorded as such.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.engine import commands as c
from simulator.engine import outcomes as o
from simulator.engine.state import LineState, Rejected, TaskState
from simulator.engine.timers import P_TIMER, HoldTimeoutDue, RedFlagDeadlineDue, RingTimeoutDue
from simulator.lifesafety import stays_on_line
from simulator.protocol import CLINICAL_ROUTES

if TYPE_CHECKING:
    from simulator.engine.shift import Shift



def ring(shift: Shift, state: TaskState) -> None:
    """A call arrives: ring a free line, or the caller gets nowhere."""
    if not shift.systems.phones_work:
        shift.record(o.CallMissed(state.id, reason="phones dead in the power failure"))
        shift.close(state, "abandoned", "phones dead")
        return
    line = next((ln for ln in shift.lines if ln.status == "idle"), None)
    if line is None:
        shift.record(o.CallMissed(state.id, reason="every line busy"))
        shift.close(state, "abandoned", "every line busy")
        return
    line.status, line.task, line.since = "ringing", state.id, shift.now
    shift.line_changed(line)
    state.line = line.index
    shift.record(o.CallRang(state.id, line=line.index, caller=state.spec.caller))
    shift.schedule(shift.now + state.spec.patience, P_TIMER,
                   RingTimeoutDue(line.index, line.token))


def drop_all(shift: Shift, reason: str) -> None:
    """Every ringing or held call is lost (power failure with no backup)."""
    for line in shift.lines:
        if line.status != "idle" and line.task:
            state = shift.tasks[line.task]
            shift.record(o.CallDropped(state.id, line=line.index, reason=reason))
            shift.free_line(line)
            state.line = None
            if state.open:
                shift.close(state, "abandoned", reason)


def _call_task(shift: Shift, line: LineState) -> TaskState:
    if line.task is None:
        raise Rejected(f"line {line.index} is idle")
    return shift.tasks[line.task]


def talking_line(shift: Shift) -> LineState | None:
    """The line the trainee is talking on, if any."""
    return next((ln for ln in shift.lines if ln.status == "talking"), None)


def require_on_line(shift: Shift, state: TaskState) -> LineState:
    """For phone tasks: the call must be live and answered (talking)."""
    if state.spec.channel != "phone":
        raise Rejected("this is not a phone task")
    if state.line is None:
        raise Rejected("the caller is no longer on the line")
    line = shift.lines[state.line - 1]
    if line.status != "talking":
        raise Rejected(f"answer line {line.index} first")
    return line


def answer(shift: Shift, cmd: c.AnswerCall) -> None:
    """Answer a ringing line or resume a held one; the current call goes on hold."""
    line = shift.line_of(cmd.line)
    if line.status not in ("ringing", "hold"):
        raise Rejected(f"line {line.index} is {line.status}")
    current = talking_line(shift)
    if current is not None:
        _hold(shift, current)
    state = _call_task(shift, line)
    resumed = line.status == "hold"
    line.status, line.since = "talking", shift.now
    shift.line_changed(line)
    picked_up = o.CallResumed if resumed else o.CallAnswered
    shift.record(picked_up(state.id, line=line.index, waited=shift.now - state.spec.at))
    shift.respond(state)


def _hold(shift: Shift, line: LineState) -> None:
    state = _call_task(shift, line)
    reason = hold_reason(shift, line)
    line.status, line.since = "hold", shift.now
    shift.line_changed(line)
    # Each hold needs its own "may I put you on hold?" and a yes.
    asked = bool(state.notes.pop("hold_ok", False))
    shift.record(o.CallHeld(state.id, line=line.index, reason=reason, asked=asked))
    patience = int(state.spec.truth.get("hold_patience", 90))
    shift.schedule(shift.now + patience, P_TIMER, HoldTimeoutDue(line.index, line.token))


def hold_reason(shift: Shift, line: LineState) -> str | None:
    """Why a caller may be put on hold now, or None when nothing else needs the desk.

    A hold is for something: another line ringing, an emergency or threat in the room, or
    an earlier caller waiting on hold to be picked back up.
    """
    if any(ln.status == "ringing" for ln in shift.lines if ln is not line):
        return "another line ringing"
    if any(t.spec.kind in ("medical_emergency", "threat") for t in shift.open_tasks.values()):
        return "an emergency"
    if any(ln.status == "hold" and ln.since < line.since for ln in shift.lines):
        return "an earlier caller on hold"
    return None


def hold(shift: Shift, cmd: c.HoldCall) -> None:
    """Put a talking line on hold."""
    line = shift.line_of(cmd.line)
    if line.status != "talking":
        raise Rejected(f"line {line.index} is {line.status}, not talking")
    _hold(shift, line)


def transfer(shift: Shift, cmd: c.TransferCall) -> None:
    """Warm-transfer a call to the nurse, a clinician or billing."""
    line = shift.line_of(cmd.line)
    if line.status not in ("talking", "hold"):
        raise Rejected(f"line {line.index} is {line.status}")
    state = _call_task(shift, line)
    if cmd.to in CLINICAL_ROUTES and not shift.x.duty_clinician:
        raise Rejected("no clinician is on duty to take transfers")
    truth = state.spec.truth
    red_flag = truth.get("red_flag")
    shift.record(o.CallTransferred(state.id, line=line.index, to=cmd.to,
                                   expected=truth.get("route"), red_flag=bool(red_flag)))
    shift.free_line(line)
    state.line = None
    if red_flag and cmd.to == "crisis_line" and stays_on_line(truth):
        route_red_flag(shift, state, "warm transfer to the 988 lifeline")
    elif red_flag and cmd.to in CLINICAL_ROUTES:
        if truth.get("can_call_911", True) or stays_on_line(truth) or \
                "emergency_called" in state.notes:
            route_red_flag(shift, state, "warm transfer to clinician")
        else:
            # A caller who cannot dial 911 needs it dialled for them; a nurse on the
            # phone cannot send an ambulance (DOMAIN.md section 3).
            shift.record(o.InstructionInsufficient(
                state.id, reason="a transfer alone sends no ambulance; call 911 for them"))
    state.routed = True
    shift.close(state, "resolved", f"transferred to {cmd.to}")


def end(shift: Shift, cmd: c.EndCall) -> None:
    """Hang up; an unhandled caller counts as abandoned."""
    line = shift.line_of(cmd.line)
    if line.status == "idle":
        raise Rejected(f"line {line.index} is idle")
    state = _call_task(shift, line)
    shift.record(o.CallEnded(state.id, line=line.index, handled=not state.open))
    shift.free_line(line)
    state.line = None
    if state.open:
        shift.close(state, "abandoned", "hung up before the caller was helped")


def route_red_flag(shift: Shift, state: TaskState, how: str) -> None:
    """Record that a red-flag call was routed to emergency care."""
    if state.notes.get("red_flag_routed"):
        return
    state.notes["red_flag_routed"] = shift.now
    shift.record(o.RedFlagRouted(state.id, how=how, after=shift.now - state.spec.at,
                                 symptom=state.spec.truth.get("red_flag")))


def instruct_911(shift: Shift, cmd: c.InstructEmergency) -> None:
    """Read the emergency script to a caller (or a person at the desk)."""
    state = shift.task(cmd.task)
    if state.spec.channel == "phone":
        require_on_line(shift, state)
    red_flag = bool(state.spec.truth.get("red_flag"))
    shift.record(o.EmergencyInstructed(state.id, red_flag=red_flag))
    if red_flag:
        if stays_on_line(state.spec.truth):
            # Asking a suicidal caller to hang up may end the only contact they have.
            shift.record(o.InstructionInsufficient(
                state.id, reason="never ask a suicidal caller to hang up: keep them on the "
                "line, get their location, warm-transfer to a clinician or 988"))
            return
        if not state.spec.truth.get("can_call_911", True):
            raise_note = "caller cannot call 911; a warm transfer or calling for them is needed"
            shift.record(o.InstructionInsufficient(state.id, reason=raise_note))
            return
        route_red_flag(shift, state, "911 script")
    shift.close(state, "resolved", "told to call 911")


def _gives_up(shift: Shift, number: int, token: int, status: str,
              while_: o.HangUpWhile) -> None:
    """A caller still ringing or on hold (same token) hangs up."""
    line = shift.lines[number - 1]
    if line.token != token or line.status != status or line.task is None:
        return
    state = shift.tasks[line.task]
    waited = shift.now - (state.spec.at if status == "ringing" else line.since)
    shift.free_line(line)
    state.line = None
    if not state.open:
        # Already helped (e.g. held after booking): hanging up is no abandonment.
        shift.record(o.CallEnded(state.id, line=number, handled=True))
        return
    shift.record(o.CallAbandoned(state.id, line=number, while_=while_, waited=waited))
    shift.close(state, "abandoned", f"caller hung up {while_.replace('ringing', 'while ringing')}")


def ring_timeout(shift: Shift, event: RingTimeoutDue) -> None:
    """A caller left ringing too long hangs up."""
    _gives_up(shift, event.line, event.token, "ringing", "ringing")


def hold_timeout(shift: Shift, event: HoldTimeoutDue) -> None:
    """A caller left on hold too long hangs up."""
    _gives_up(shift, event.line, event.token, "hold", "on hold")


def red_flag_deadline(shift: Shift, event: RedFlagDeadlineDue) -> None:
    """A red-flag caller not routed to emergency care in time: recorded once, here."""
    task_id = event.task
    state = shift.tasks.get(task_id)
    if state is None or state.notes.get("red_flag_routed") is not None:
        return
    shift.record(o.RedFlagNotRouted(task_id, symptom=state.spec.truth.get("red_flag"),
                                    target=state.spec.truth.get("act_within")))
