"""Incident rules: outages, clinician call-outs, emergencies, threats, the desk itself."""

from __future__ import annotations

from contextlib import suppress
from typing import TYPE_CHECKING

from simulator.dialogue_terms import stage_for
from simulator.engine import commands as c
from simulator.engine import outcomes as o
from simulator.engine.rules_calls import drop_all, route_red_flag
from simulator.engine.state import Rejected, TaskState
from simulator.engine.timers import P_TIMER, IncidentDeadlineDue, RespondersDue, SecurityDue
from simulator.lifesafety import stays_on_line
from simulator.model import SystemEvent
from simulator.textmatch import same_date, same_text

if TYPE_CHECKING:
    from simulator.engine.shift import Shift

RESPONDERS = {"code": 120, "911": 420}  # seconds until help reaches the waiting room
SECURITY_AFTER_ALARM = 150
SCENE_CLEARS = 600  # seconds after handover that bystanders are still on scene


def system_start(shift: Shift, ev: SystemEvent) -> None:
    """An outage begins, or a clinician calls out."""
    s = shift.systems
    if ev.kind == "ehr_outage":
        s.ehr_up = False
        s.ehr_down_since = shift.now
        shift.record(o.EhrWentDown(event=ev.event_id))
    elif ev.kind == "power_outage":
        s.power_up = False
        s.backup_failed = bool(ev.detail.get("backup_fails", True))
        if s.ehr_down_since is None:
            s.ehr_down_since = shift.now
        shift.record(o.PowerFailed(event=ev.event_id, backup_failed=s.backup_failed))
        if s.backup_failed:
            drop_all(shift, "power failure")
    elif ev.kind == "clinician_callout":
        provider = ev.detail["provider"]
        s.out_providers.add(provider)
        shift.record(o.ProviderCalledOut(provider=provider, event=ev.event_id))


def system_end(shift: Shift, ev: SystemEvent) -> None:
    """An outage ends; paper entries now wait to be reconciled."""
    s = shift.systems
    if ev.kind == "ehr_outage":
        s.ehr_up = True
        shift.record(o.EhrRestored(event=ev.event_id))
    elif ev.kind == "power_outage":
        s.power_up, s.backup_failed, s.rerouted = True, False, False
        shift.record(o.PowerRestored(event=ev.event_id))
    if s.ehr_usable:
        s.ehr_down_since = None
        s.paper_mode = False
        _maybe_close_outages(shift)


def _maybe_close_outages(shift: Shift) -> None:
    """Outage tasks end once systems are back and every paper entry is reconciled."""
    if not shift.systems.ehr_usable or any(not p.reconciled for p in shift.paper):
        return
    for state in list(shift.tasks.values()):
        if state.open and state.spec.kind in ("ehr_outage", "power_outage"):
            shift.close(state, "resolved", "systems restored and records reconciled")


def switch_to_paper(shift: Shift, _: c.SwitchToPaper) -> None:
    """Start the downtime procedure."""
    s = shift.systems
    if s.ehr_usable:
        raise Rejected("the EHR is working; paper mode is for downtime")
    if s.paper_mode:
        raise Rejected("already in paper mode")
    s.paper_mode = True
    after = shift.now - (s.ehr_down_since or shift.now)
    shift.record(o.PaperModeStarted(after=after))
    _respond_outage(shift)


def _respond_outage(shift: Shift) -> None:
    for state in shift.tasks.values():
        if state.open and state.spec.kind in ("ehr_outage", "power_outage"):
            shift.respond(state)


def reconcile(shift: Shift, cmd: c.Reconcile) -> None:
    """Enter a paper entry into the EHR; typed data is matched tolerantly."""
    if not shift.systems.ehr_usable:
        raise Rejected("the EHR is still down")
    entry = next((p for p in shift.paper if p.id == cmd.entry), None)
    if entry is None:
        raise Rejected(f"no paper entry '{cmd.entry}'")
    if entry.reconciled:
        raise Rejected(f"{entry.id} is already reconciled")
    wrong = [name for name, ok in (("name", same_text(cmd.name, entry.name)),
                                   ("dob", same_date(cmd.dob, entry.dob)),
                                   ("arrived", same_text(cmd.arrived, entry.arrived)))
             if not ok]
    entry.reconciled = True
    shift.paper_version += 1
    shift.record(o.EntryReconciled(entry.task, entry=entry.id, correct=not wrong, wrong=wrong))
    _maybe_close_outages(shift)


def call_support(shift: Shift, cmd: c.CallSupport) -> None:
    """Call IT, maintenance or security."""
    s = shift.systems
    relevant = {"it": not s.ehr_up, "maintenance": not s.power_up,
                "security": bool(shift.open_of_kind("threat"))}
    first = cmd.who not in s.called
    s.called.add(cmd.who)
    shift.record(o.SupportCalled(who=cmd.who, relevant=relevant[cmd.who], first=first))
    if relevant[cmd.who]:
        _respond_outage(shift)
    if cmd.who == "security" and relevant["security"]:
        _security_coming(shift)


def reroute(shift: Shift, _: c.RerouteCalls) -> None:
    """Forward the clinic's lines to the mobile phone."""
    s = shift.systems
    if s.phones_work and not (not s.power_up and s.backup_failed):
        raise Rejected("the desk phones are working")
    if s.rerouted:
        raise Rejected("calls are already rerouted")
    s.rerouted = True
    shift.record(o.CallsRerouted())
    _respond_outage(shift)


def start_incident(shift: Shift, state: TaskState) -> None:
    """An emergency or a threat starts: its clock runs from now."""
    shift.schedule(shift.now + state.spec.target, P_TIMER, IncidentDeadlineDue(state.id))


def incident_deadline(shift: Shift, event: IncidentDeadlineDue) -> None:
    """An emergency's or threat's target passed: recorded once, here."""
    task_id = event.task
    state = shift.tasks[task_id]
    if state.spec.kind == "medical_emergency" and "emergency_called" not in state.notes:
        shift.record(o.EmergencyNotEscalated(task_id, target=state.spec.target))
    elif state.spec.kind == "threat" and not shift.systems.alarm:
        state.agitation = min(100, state.agitation + 25)
        if state.dialogue:
            state.dialogue.agitation = min(100, state.dialogue.agitation + 25)
        shift.record(o.ThreatUnanswered(task_id, target=state.spec.target))


def call_emergency(shift: Shift, cmd: c.CallEmergency) -> None:
    """Call the code team or 911 for someone in danger."""
    state = shift.task(cmd.task)
    called = state.notes.setdefault("called_via", [])
    # A collapse needs both: the internal code brings the clinicians now, 911 brings the
    # ambulance that can transport (DOMAIN.md section 1). Other emergencies need one call.
    if cmd.via in called:
        raise Rejected("the code team is already on the way" if cmd.via == "code"
                       else "911 has already been called")
    if called and state.spec.kind != "medical_emergency":
        raise Rejected("help is already on the way")
    called.append(cmd.via)
    if state.spec.kind == "threat" and cmd.via == "911":
        state.notes["police_called"] = shift.now
    shift.respond(state)
    # 911 is right for a collapse, a red-flag caller, and police when someone is threatened.
    real = state.spec.kind == "medical_emergency" or bool(state.spec.truth.get("red_flag")) \
        or (state.spec.kind == "threat" and cmd.via == "911")
    shift.record(o.EmergencyCalled(state.id, via=cmd.via, after=shift.now - state.spec.at,
                                   needed=real))
    if not real:
        # Responders come, find nobody in danger and leave; the person still needs the desk.
        return
    state.notes.setdefault("emergency_called", shift.now)
    if state.spec.truth.get("red_flag"):
        if stays_on_line(state.spec.truth):
            # A colleague calls 911 to their location; the desk keeps them talking until
            # a warm transfer to a clinician or 988 (DOMAIN.md section 3).
            return
        route_red_flag(shift, state, f"called {cmd.via} for the caller")
        shift.close(state, "escalated", f"called {cmd.via}")
        return
    shift.schedule(shift.now + RESPONDERS[cmd.via], P_TIMER, RespondersDue(state.id))


def call_police(shift: Shift, state: TaskState) -> None:
    """Call 911 for police from a reply in a conversation (once; the same rule as the button)."""
    if "911" in state.notes.get("called_via", ()):
        return
    # Help already on the way: the reply's words stand and there is nothing more to call.
    with suppress(Rejected):
        call_emergency(shift, c.CallEmergency(task=state.id, via="911"))


def responders_arrive(shift: Shift, event: RespondersDue) -> None:
    """The code team or EMS take over the patient; the desk's part ends when it is done.

    A medical emergency stays open, in the queue as a reminder, while the desk still owes
    something there: moving the family who are present (responders take the patient, not
    the relatives) or a life-safety step (the AED, someone at the door for EMS).
    """
    task_id = event.task
    state = shift.tasks[task_id]
    if not state.open:
        return
    if "responders_here" not in state.notes:
        shift.record(o.RespondersArrived(task_id))
        state.notes["responders_here"] = shift.now
    if state.spec.kind != "medical_emergency":
        shift.close(state, "escalated", "handed to responders")
        return
    hand_over_when_done(shift, state)


def hand_over_when_done(shift: Shift, state: TaskState) -> None:
    """Close an emergency once responders are here and the desk's part is done."""
    from simulator.engine.rules_safety import steps_for

    if not state.open or "responders_here" not in state.notes:
        return
    if state.spec.request.get("family_present") and not state.notes.get("bystanders"):
        return
    done = set(state.notes.get("safety", ()))
    if any(step.step not in done for step in steps_for(shift, state)):
        return
    shift.close(state, "escalated", "handed to responders, the desk's part done")


def move_bystanders(shift: Shift, cmd: c.MoveBystanders) -> None:
    """Calm and move family and other patients away from the emergency."""
    state = shift.task(cmd.task, open_only=False)
    if state.spec.kind not in ("medical_emergency", "threat"):
        raise Rejected("there is nobody to move away here")
    # Family and onlookers are still there for a while after responders take over.
    if not state.open and shift.now - state.notes.get("closed_at", shift.now) > SCENE_CLEARS:
        raise Rejected("the scene has cleared")
    if state.notes.get("bystanders"):
        raise Rejected("bystanders were already moved")
    state.notes["bystanders"] = True
    if state.open:
        shift.respond(state)
    shift.record(o.BystandersMoved(state.id,
                                   family=bool(state.spec.request.get("family_present"))))
    hand_over_when_done(shift, state)


def trigger_alarm(shift: Shift, task_id: str | None = None) -> None:
    """Press the silent alarm (from a command or a reply)."""
    s = shift.systems
    if s.alarm:
        raise Rejected("the silent alarm is already on")
    s.alarm = True
    threats = shift.open_of_kind("threat")
    state = shift.tasks.get(task_id) if task_id else None
    # A person at the risk-behaviour stage warrants the alarm even before a threat is filed.
    peak = 0 if state is None else max(state.agitation,
                                        state.dialogue.peak if state.dialogue else 0)
    risk = stage_for(peak, falling=False) == "risk_behaviour"
    shift.record(o.SilentAlarmTriggered(
        task_id, during_threat=bool(threats), warranted=bool(threats) or risk,
        after=(shift.now - threats[0].spec.at) if threats else None))
    for t in threats:
        shift.respond(t)
    _security_coming(shift)


def _security_coming(shift: Shift) -> None:
    shift.schedule(shift.now + SECURITY_AFTER_ALARM, P_TIMER, SecurityDue())


def security_arrives(shift: Shift, _: SecurityDue) -> None:
    """Security takes over every open threat."""
    threats = shift.open_of_kind("threat")
    shift.record(o.SecurityArrived(threats[0].id if threats else None))
    for state in threats:
        shift.close(state, "escalated", "security took over")
    shift.systems.alarm = False


def silent_alarm(shift: Shift, _: c.SilentAlarm) -> None:
    """Command form of the silent alarm."""
    trigger_alarm(shift, None)


def leave_desk(shift: Shift, _: c.LeaveDesk) -> None:
    """Step away from the desk."""
    if not shift.systems.at_desk:
        raise Rejected("you are already away from the desk")
    shift.systems.at_desk = False
    threat = bool(shift.open_of_kind("threat"))
    shift.record(o.DeskLeft(during_threat=threat))
    if threat:
        shift.record(o.DeskAbandonedDuringThreat())


def return_to_desk(shift: Shift, _: c.ReturnToDesk) -> None:
    """Come back to the desk."""
    if shift.systems.at_desk:
        raise Rejected("you are at the desk")
    shift.systems.at_desk = True
    shift.record(o.DeskReturned())
