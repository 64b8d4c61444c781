"""Desk rules: greeting, identity, insurance, check-in, scheduling, privacy and routing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from simulator.engine import commands as c
from simulator.engine import outcomes as o
from simulator.engine.rules_calls import require_on_line
from simulator.engine.rules_shift import wait_patiently
from simulator.engine.state import PaperEntry, Rejected, TaskState
from simulator.model import Patient, Slot
from simulator.protocol import CLINICAL_ROUTES, FIELD_OF, is_identified, route_is_correct

if TYPE_CHECKING:
    from simulator.engine.shift import Shift



def engage(shift: Shift, task_id: str) -> TaskState:
    """Return an open task the trainee can act on now (callers must be on the line)."""
    state = shift.task(task_id)
    if state.spec.channel == "phone":
        require_on_line(shift, state)
    if not shift.systems.at_desk and state.spec.channel != "system":
        raise Rejected("you are away from the desk")
    shift.respond(state)
    return state


def _patient(shift: Shift, state: TaskState) -> Patient:
    if state.spec.patient_id is None:
        raise Rejected("this task has no patient record")
    return shift.patients[state.spec.patient_id]


def _need_record(shift: Shift) -> None:
    if not shift.systems.ehr_usable:
        raise Rejected("the EHR is unavailable; the record cannot be read")


def select(shift: Shift, cmd: c.SelectTask) -> None:
    """Make a task current."""
    state = shift.task(cmd.task)
    shift.focus = state.id
    shift.record(o.TaskSelected(state.id))


def acknowledge(shift: Shift, cmd: c.AcknowledgeArrival) -> None:
    """Greet a person at the desk and give a wait estimate."""
    state = shift.task(cmd.task)
    if state.spec.channel != "desk":
        raise Rejected("only people at the desk can be greeted")
    if state.acknowledged:
        raise Rejected("already greeted")
    state.acknowledged = True
    state.agitation = max(0, state.agitation - 10)
    shift.record(o.ArrivalAcknowledged(state.id, after=shift.now - state.spec.at))
    if state.first_response is None:
        state.first_response = shift.now
        shift.record(o.TaskResponded(state.id, after=shift.now - state.spec.at))
    if state.spec.kind in ("checkin", "walk_in", "privacy_request"):
        # People told how long the wait is wait longer: restart their patience clock.
        wait_patiently(shift, state)


def check_identity(shift: Shift, cmd: c.CheckIdentity) -> None:
    """Verify identity; valid only with two accepted identifiers."""
    state = engage(shift, cmd.task)
    used = tuple(dict.fromkeys(cmd.identifiers))
    valid = is_identified(used)
    state.identity = used
    state.identity_valid = state.identity_valid or valid
    shift.record(o.IdentityChecked(state.id, identifiers=list(used), valid=valid))


def confirm_insurance(shift: Shift, cmd: c.ConfirmInsurance) -> None:
    """Declare the card and the record match."""
    state = _insured_desk_task(shift, cmd.task)
    truth = state.spec.truth.get("discrepancy")
    state.insurance = "match"
    shift.record(o.InsuranceConfirmed(state.id, correct=truth is None,
                                      missed=FIELD_OF.get(truth) if truth else None))


def flag_discrepancy(shift: Shift, cmd: c.FlagDiscrepancy) -> None:
    """Flag a card/record mismatch on one field."""
    state = _insured_desk_task(shift, cmd.task)
    truth = state.spec.truth.get("discrepancy")
    expected = FIELD_OF.get(truth) if truth else None
    state.insurance = cmd.field
    shift.record(o.DiscrepancyFlagged(state.id, field=cmd.field, expected=expected,
                                      correct=cmd.field == expected))


def _insured_desk_task(shift: Shift, task_id: str) -> TaskState:
    state = engage(shift, task_id)
    if state.spec.kind not in ("checkin", "walk_in"):
        raise Rejected("insurance is verified at check-in")
    if _patient(shift, state).record is None:
        raise Rejected("this patient is self-pay; there is no insurance to verify")
    _need_record(shift)
    if state.insurance is not None:
        raise Rejected("insurance was already verified for this visit")
    return state


def request_preauth(shift: Shift, cmd: c.RequestPreauth) -> None:
    """Ask the payer for pre-authorization."""
    state = engage(shift, cmd.task)
    if _patient(shift, state).record is None:
        raise Rejected("self-pay patients need no pre-authorization")
    if state.preauth:
        raise Rejected("pre-authorization already requested")
    state.preauth = True
    shift.record(o.PreauthRequested(state.id,
                                    needed=bool(state.spec.truth.get("needs_preauth"))))


def check_referral(shift: Shift, cmd: c.CheckReferral) -> None:
    """Check that the PCP's referral is on file (or ask the patient to get one)."""
    state = engage(shift, cmd.task)
    if _patient(shift, state).record is None:
        raise Rejected("self-pay patients need no referral from their plan")
    if state.referral:
        raise Rejected("the referral was already checked")
    state.referral = True
    shift.record(o.ReferralChecked(state.id,
                                   needed=bool(state.spec.truth.get("needs_referral"))))


def auth_hold(shift: Shift, cmd: c.SetAuthHold) -> None:
    """Place or clear an authorization hold."""
    state = engage(shift, cmd.task)
    if state.auth_hold == cmd.on:
        raise Rejected("the hold is already " + ("on" if cmd.on else "off"))
    state.auth_hold = cmd.on
    hold = o.AuthHoldPlaced if cmd.on else o.AuthHoldCleared
    shift.record(hold(state.id, needed=bool(state.spec.truth.get("auth_hold"))))


def collect_copay(shift: Shift, cmd: c.CollectCopay) -> None:
    """Collect the copay at check-in."""
    state = engage(shift, cmd.task)
    if state.spec.kind not in ("checkin", "walk_in") or _patient(shift, state).record is None:
        raise Rejected("no copay is due on this task")
    if state.copay:
        raise Rejected("the copay was already collected")
    state.copay = True
    shift.record(o.CopayCollected(state.id))


def check_in(shift: Shift, cmd: c.CheckIn) -> None:
    """Check a patient in, on paper if the EHR is down and paper mode is on."""
    state = engage(shift, cmd.task)
    if state.spec.kind not in ("checkin", "walk_in"):
        raise Rejected("only arriving patients can be checked in")
    req = state.spec.request
    slot_id = state.notes.get("slot") or req.get("moved_to") or req.get("slot")
    slot = shift.slots.get(slot_id) if slot_id else None
    if state.spec.kind == "walk_in" and slot is None:
        raise Rejected("book the walk-in into a slot first")
    if slot is not None and slot.provider_id in shift.systems.out_providers:
        raise Rejected("this patient's provider is out today; move the visit first")
    if state.notes.get("moved_days"):
        raise Rejected("this visit was moved to another day")
    paper = not shift.systems.ehr_usable
    if paper and not shift.systems.paper_mode:
        raise Rejected("the EHR is down: switch to paper mode first")
    patient = _patient(shift, state)
    state.checked_in = True
    shift.record(o.PatientCheckedIn(
        state.id, identity_valid=state.identity_valid, insurance=state.insurance,
        copay=state.copay, preauth=state.preauth, on_paper=paper,
        insured=patient.record is not None,
        needs_preauth=bool(state.spec.truth.get("needs_preauth")),
        discrepancy=state.spec.truth.get("discrepancy")))
    if paper:
        _paper_entry(shift, state, patient.name, patient.dob)
    shift.close(state, "resolved", "checked in")


def _paper_entry(shift: Shift, state: TaskState, name: str, dob: str) -> None:
    entry = PaperEntry(id=f"paper-{len(shift.paper) + 1}", task=state.id, name=name, dob=dob,
                       arrived=shift.x.clock(shift.now))
    shift.paper.append(entry)
    shift.paper_version += 1
    shift.record(o.PaperEntryWritten(state.id, entry=entry.id))


def schedule(shift: Shift, cmd: c.Schedule) -> None:
    """Book a visit today (into a slot) or days ahead."""
    state = engage(shift, cmd.task)
    patient = _patient(shift, state)
    slot = _check_booking(shift, cmd.provider, cmd.appointment_type, cmd.slot, cmd.days_out)
    paper = not shift.systems.ehr_usable
    if paper and not shift.systems.paper_mode:
        raise Rejected("the EHR is down: switch to paper mode first")
    if slot is not None:
        shift.set_slot(slot.model_copy(update={"patient_id": patient.id,
                                                "type_id": cmd.appointment_type}))
        state.notes["slot"] = slot.id
    state.booked = True
    req = state.spec.request
    shift.record(o.AppointmentBooked(
        state.id, provider=cmd.provider, appointment_type=cmd.appointment_type, slot=cmd.slot,
        days_out=cmd.days_out, wanted_type=req.get("appointment_type"),
        wanted_provider=req.get("provider"), wanted_days=req.get("days_out"), on_paper=paper,
        red_flag=bool(state.spec.truth.get("red_flag"))))
    if paper:
        _paper_entry(shift, state, patient.name, patient.dob)
    if state.spec.truth.get("red_flag"):
        shift.record(o.RedFlagBookedRoutine(state.id, symptom=state.spec.truth["red_flag"],
                                            how="booked"))
    # A walk-in booked today still checks in; at check-out the follow-up is one step of
    # several (payment, referral, summary), so neither closes here.
    if state.spec.kind == "checkout":
        return
    if state.spec.kind != "walk_in" or cmd.days_out > 0:
        shift.close(state, "resolved", "booked")


def _check_booking(shift: Shift, provider: str, type_id: str, slot_id: str | None,
                   days_out: int) -> Slot | None:
    day = next((p for p in shift.x.providers if p.id == provider), None)
    if day is None:
        raise Rejected(f"no provider '{provider}'")
    if type_id not in shift.x.appointment_types:
        raise Rejected(f"no appointment type '{type_id}'")
    if type_id not in day.type_ids:
        raise Rejected(f"{day.title} does not see {shift.x.appointment_types[type_id]['name']}")
    if days_out > 0:
        return None
    if provider in shift.systems.out_providers:
        raise Rejected(f"{day.title} is out today")
    slot = shift.slots.get(slot_id or "")
    if slot is None or slot.provider_id != provider:
        raise Rejected("choose one of this provider's open slots today")
    if slot.patient_id is not None:
        raise Rejected("that slot is already booked")
    if slot.start < shift.now:
        raise Rejected("that slot has already started")
    if slot.minutes < shift.x.appointment_types[type_id]["minutes"]:
        raise Rejected("that slot is too short for this visit")
    return slot


def verify_authority(shift: Shift, cmd: c.VerifyAuthority) -> None:
    """Check the patient's authorization list for this requester."""
    state = engage(shift, cmd.task)
    if state.spec.kind != "privacy_request":
        raise Rejected("nobody is asking for someone else's information here")
    state.authority_checked = True
    state.notes["authorized"] = bool(state.spec.truth.get("authorized"))
    shift.record(o.AuthorityVerified(state.id, authorized=state.notes["authorized"]))


def disclose(shift: Shift, cmd: c.Disclose) -> None:
    """Share the requested information."""
    state = engage(shift, cmd.task)
    authorized = bool(state.spec.truth.get("authorized", state.spec.kind != "privacy_request"))
    shift.record(o.InformationDisclosed(state.id, authorized=authorized,
                                        verified=state.authority_checked,
                                        identity_valid=state.identity_valid))
    if not authorized:
        shift.record(o.PhiDisclosed(state.id, to=state.spec.request.get("requester", "caller")))
    shift.close(state, "resolved", "disclosed")


def refuse(shift: Shift, cmd: c.RefuseDisclosure) -> None:
    """Decline to share, citing privacy."""
    state = engage(shift, cmd.task)
    shift.record(o.DisclosureRefused(state.id,
                                     authorized=bool(state.spec.truth.get("authorized", False)),
                                     verified=state.authority_checked))
    shift.close(state, "resolved", "refused, citing privacy")


def route(shift: Shift, cmd: c.Route) -> None:
    """Route an inbox item, or take a message for a team."""
    state = engage(shift, cmd.task)
    expected = state.spec.truth.get("route")
    correct = route_is_correct(cmd.to, expected)
    state.routed = True
    shift.record(o.ItemRouted(state.id, to=cmd.to, expected=expected, correct=correct,
                              conflict=bool(state.spec.truth.get("conflict"))))
    if state.spec.truth.get("red_flag") and cmd.to in CLINICAL_ROUTES:
        shift.record(o.RedFlagMessageOnly(state.id, to=cmd.to))
    shift.close(state, "resolved", f"routed to {cmd.to}")


def fix_telehealth(shift: Shift, cmd: c.FixTelehealth) -> None:
    """Fix a telehealth problem."""
    state = engage(shift, cmd.task)
    if state.spec.kind != "telehealth":
        raise Rejected("this is not a telehealth task")
    expected = state.spec.truth.get("fix")
    shift.record(o.TelehealthFixed(state.id, action=cmd.action, expected=expected,
                                   correct=cmd.action == expected))
    shift.close(state, "resolved", cmd.action.replace("_", " "))


def issue_estimate(shift: Shift, cmd: c.IssueEstimate) -> None:
    """Give a Good Faith Estimate to a self-pay patient."""
    state = engage(shift, cmd.task)
    if _patient(shift, state).record is not None:
        raise Rejected("this patient has insurance on file")
    if state.estimate:
        raise Rejected("an estimate was already issued")
    state.estimate = True
    shift.record(o.EstimateIssued(state.id, due=bool(state.spec.truth.get("estimate_due"))))
