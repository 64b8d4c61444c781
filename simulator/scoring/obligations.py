"""Every arrived task scored against its obligations, whatever the trainee did with it.

:func:`simulator.protocol.obligations` says what a task owes; this module checks each
obligation against the shift's outcomes. A task closed, rebooked, routed away, abandoned or
never touched still owes what it owed: an unmet obligation is a finding with points lost.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from simulator.lifesafety import SAFETY_STEPS
from simulator.model import TaskSpec
from simulator.protocol import Obligation, obligations, route_is_correct
from simulator.scoring.context import Finding, Outcome, ScoreContext


@dataclass(frozen=True)
class Verdict:
    """How one obligation was met: points earned, when it was decided, facts for the text."""

    earned: int
    t: int
    detail: dict[str, Any] = field(default_factory=dict)


#: A check returns a verdict, or None when the obligation was waived (it could not apply).
Check = Callable[[ScoreContext, TaskSpec, Obligation], "Verdict | None"]


def collect(ctx: ScoreContext) -> list[Finding]:
    """One finding per obligation of every arrived task."""
    systems = {s.event_id: s.detail for s in ctx.x.systems}
    patients = {p.id: p for p in ctx.x.patients}
    out: list[Finding] = []
    for spec in ctx.arrived_specs():
        patient = patients.get(spec.patient_id) if spec.patient_id else None
        for ob in obligations(spec, patient, systems):
            verdict = CHECKS[ob.code](ctx, spec, ob)
            if verdict is None:
                continue
            out.append(Finding(ob.dimension, ob.competency, ob.code, spec.id, verdict.t,
                               ob.points, max(0, min(ob.points, verdict.earned)),
                               verdict.detail))
    return out


# -- helpers -----------------------------------------------------------------------------


def _end(ctx: ScoreContext, spec: TaskSpec) -> int:
    end = ctx.ended.get(spec.id)
    return end["t"] if end else ctx.x.length


def _met(ctx: ScoreContext, spec: TaskSpec, ob: Obligation, outcome: Outcome | None,
         **detail: Any) -> Verdict:
    """Full points when ``outcome`` exists, none otherwise."""
    if outcome is None:
        return Verdict(0, _end(ctx, spec), detail)
    return Verdict(ob.points, outcome["t"], detail)


def _on_paper(ctx: ScoreContext, spec: TaskSpec) -> bool:
    checked_in = ctx.first(spec.id, "PatientCheckedIn")
    return bool(checked_in and checked_in["on_paper"])


def _not_today(ctx: ScoreContext, spec: TaskSpec) -> Outcome | None:
    """What settled the visit for another day, if anything: then nothing is due today.

    A move (the clinician is out) or a walk-in booked ahead because today is full.
    """
    moved = next((o for o in ctx.all(spec.id, "AppointmentMoved") if o["days_out"] > 0), None)
    if moved is None and spec.kind == "walk_in":
        moved = next((o for o in ctx.all(spec.id, "AppointmentBooked") if o["days_out"] > 0),
                     None)
    return moved


def _moved_to_another_day(ctx: ScoreContext, spec: TaskSpec) -> bool:
    return _not_today(ctx, spec) is not None


def _card_waived(ctx: ScoreContext, spec: TaskSpec) -> bool:
    # No record to compare on paper (checked at reconciliation), and no visit today to bill.
    return _on_paper(ctx, spec) or _moved_to_another_day(ctx, spec)


# -- checks --------------------------------------------------------------------------------


#: Outcomes that read out or change a patient's record: PHI in play.
PHI_ACTIONS = ("PatientCheckedIn", "AppointmentBooked", "AppointmentMoved",
               "AppointmentCancelled", "CallTransferred", "ItemRouted", "InsuranceConfirmed",
               "DiscrepancyFlagged", "CopayCollected", "PreauthRequested", "ReferralChecked")


def _identity(ctx: ScoreContext, spec: TaskSpec, ob: Obligation) -> Verdict:
    """Two identifiers checked, and before the record was first used."""
    events = ctx.by_task.get(spec.id, ())
    first_use = next((o for o in events if o["kind"] in PHI_ACTIONS), None)
    checks = [o for o in events if o["kind"] == "IdentityChecked"]
    valid = next((o for o in checks if o["valid"]), None)
    used = checks[-1]["identifiers"] if checks else []
    detail = {"identifiers": used, "action": first_use["kind"] if first_use else None}
    if valid is not None and (first_use is None or valid["t"] <= first_use["t"]):
        return Verdict(ob.points, valid["t"], detail)
    detail["late"] = valid is not None
    t = first_use["t"] if first_use else _end(ctx, spec)
    return Verdict(1 if checks else 0, t, detail)


def _card_checked(ctx: ScoreContext, spec: TaskSpec, ob: Obligation) -> Verdict | None:
    if _card_waived(ctx, spec):
        return None
    flag = ctx.first(spec.id, "DiscrepancyFlagged")
    confirmed = ctx.first(spec.id, "InsuranceConfirmed")
    if flag is not None:
        return Verdict(0, flag["t"], {"flagged": flag["field"]})
    return _met(ctx, spec, ob, confirmed, flagged=None)


def _discrepancy(ctx: ScoreContext, spec: TaskSpec, ob: Obligation) -> Verdict | None:
    if _card_waived(ctx, spec):
        return None
    flag = ctx.first(spec.id, "DiscrepancyFlagged")
    planted = ob.fact("planted")
    if flag is None:
        confirmed = ctx.first(spec.id, "InsuranceConfirmed")
        t = confirmed["t"] if confirmed else _end(ctx, spec)
        return Verdict(0, t, {"planted": planted, "flagged": None})
    earned = ob.points if flag["field"] == ob.fact("field") else 2
    return Verdict(earned, flag["t"], {"planted": planted, "flagged": flag["field"]})


def _copay(ctx: ScoreContext, spec: TaskSpec, ob: Obligation) -> Verdict | None:
    if _moved_to_another_day(ctx, spec):
        return None
    paid = ctx.first(spec.id, "CopayCollected") or next(
        (o for o in ctx.all(spec.id, "FormSubmitted") if o["form"] == "payment"), None)
    return _met(ctx, spec, ob, paid)


def _preauth(ctx: ScoreContext, spec: TaskSpec, ob: Obligation) -> Verdict | None:
    if _card_waived(ctx, spec):
        return None  # on paper the payer's list cannot be read: checked at reconciliation
    return _met(ctx, spec, ob, ctx.first(spec.id, "PreauthRequested"))


def _referral(ctx: ScoreContext, spec: TaskSpec, ob: Obligation) -> Verdict | None:
    if _card_waived(ctx, spec):
        return None  # as for pre-authorization: checked when the paper is reconciled
    return _met(ctx, spec, ob, ctx.first(spec.id, "ReferralChecked"))


def _checked_in(ctx: ScoreContext, spec: TaskSpec, ob: Obligation) -> Verdict:
    done = ctx.first(spec.id, "PatientCheckedIn")
    if done is None:
        # A visit rebooked for another day (clinician out, or no slot today) is settled.
        done = _not_today(ctx, spec)
    return _met(ctx, spec, ob, done)


def _greeted(ctx: ScoreContext, spec: TaskSpec, ob: Obligation) -> Verdict:
    ack = ctx.first(spec.id, "ArrivalAcknowledged")
    in_time = ack is not None and ack["after"] <= ob.fact("within")
    return Verdict(ob.points if in_time else 0, ack["t"] if ack else ctx.arrived[spec.id],
                   {"after": ack["after"] if ack else None})


def _booked(ctx: ScoreContext, spec: TaskSpec, ob: Obligation) -> Verdict:
    booked = ctx.first(spec.id, "AppointmentBooked")
    wanted = {"wanted_type": ob.fact("wanted_type"), "wanted_days": ob.fact("wanted_days")}
    if booked is None:
        return Verdict(0, _end(ctx, spec), {"booked": False, **wanted})
    earned = 2 if booked["appointment_type"] == ob.fact("wanted_type") else 0
    if spec.kind == "walk_in":
        earned += 2 if booked["days_out"] == 0 else 1
    else:
        if ob.fact("wanted_provider") in (None, booked["provider"]):
            earned += 1
        wanted_days = ob.fact("wanted_days")
        if wanted_days is None or abs(booked["days_out"] - wanted_days) <= 2:
            earned += 1
    return Verdict(earned, booked["t"], {
        "booked": True, "provider": booked["provider"], "type": booked["appointment_type"],
        "days_out": booked["days_out"], **wanted})


def _moved(ctx: ScoreContext, spec: TaskSpec, ob: Obligation) -> Verdict:
    return _met(ctx, spec, ob, ctx.first(spec.id, "AppointmentMoved"))


def _cancelled(ctx: ScoreContext, spec: TaskSpec, ob: Obligation) -> Verdict:
    return _met(ctx, spec, ob, ctx.first(spec.id, "AppointmentCancelled"))


def _routed(ctx: ScoreContext, spec: TaskSpec, ob: Obligation) -> Verdict:
    expected = ob.fact("expected")
    sent = [o for o in ctx.by_task.get(spec.id, ())
            if o["kind"] in ("ItemRouted", "CallTransferred")]
    if not sent:
        return Verdict(0, _end(ctx, spec), {"to": None, "expected": expected})
    first = sent[0]
    right = route_is_correct(first["to"], expected)
    return Verdict(ob.points if right else 0, first["t"],
                   {"to": first["to"], "expected": expected})


def _telehealth(ctx: ScoreContext, spec: TaskSpec, ob: Obligation) -> Verdict:
    fixed = ctx.first(spec.id, "TelehealthFixed")
    if fixed is None:
        return Verdict(0, _end(ctx, spec), {"action": None, "expected": ob.fact("expected")})
    return Verdict(ob.points if fixed["correct"] else 0, fixed["t"],
                   {"action": fixed["action"], "expected": fixed["expected"]})


def _visit_moved(ctx: ScoreContext, spec: TaskSpec, ob: Obligation) -> Verdict:
    slot = ob.fact("slot")
    # Moved from the call-out list or from the patient's own check-in: either counts.
    moved = next((o for o in ctx.by_kind.get("AppointmentMoved", ())
                  if o.get("appointment") == slot), None)
    return Verdict(ob.points if moved else 0, moved["t"] if moved else _end(ctx, spec),
                   {"slot": slot})


def _notified(ctx: ScoreContext, spec: TaskSpec, ob: Obligation) -> Verdict:
    slot = ob.fact("slot")
    # A voicemail is not telling them: only a call that reached the patient counts.
    told = next((o for o in ctx.all(spec.id, "PatientNotified")
                 if o.get("appointment") == slot and not o.get("voicemail")), None)
    if told is None:
        # Told in person counts only for someone already in the building when the clinician
        # called out; anyone who arrived later travelled in for nothing.
        called_out = ctx.arrived[spec.id]
        told = next((o for o in ctx.by_kind.get("AppointmentMoved", ())
                     if o.get("appointment") == slot and not o.get("from_callout")
                     and ctx.arrived.get(o["task"], called_out + 1) <= called_out), None)
    return Verdict(ob.points if told else 0, told["t"] if told else _end(ctx, spec),
                   {"slot": slot})


def _privacy(ctx: ScoreContext, spec: TaskSpec, ob: Obligation) -> Verdict:
    leaked = ctx.first(spec.id, "PhiDisclosed")
    disclosed = ctx.first(spec.id, "InformationDisclosed")
    refused = ctx.first(spec.id, "DisclosureRefused")
    verified = ctx.first(spec.id, "AuthorityVerified") is not None
    authorized = bool(ob.fact("authorized"))
    detail = {"requester": spec.request.get("requester"), "authorized": authorized,
              "leaked": leaked is not None, "verified": verified,
              "decision": "disclosed" if disclosed else "refused" if refused else None}
    if leaked is not None:
        return Verdict(0, leaked["t"], detail)
    if disclosed is not None:
        # Only the authorized reach here (anything else is a leak, above).
        return Verdict(ob.points if disclosed["verified"] else 2, disclosed["t"], detail)
    if refused is not None:
        if not authorized:
            return Verdict(ob.points if refused["verified"] else ob.points - 1,
                           refused["t"], detail)
        # Refusing someone the patient authorized: over-refusal keeps a caregiver out.
        return Verdict(1, refused["t"], detail)
    return Verdict(0, _end(ctx, spec), detail)


def _red_flag(ctx: ScoreContext, spec: TaskSpec, ob: Obligation) -> Verdict:
    routed = ctx.first(spec.id, "RedFlagRouted")
    booked = ctx.first(spec.id, "RedFlagBookedRoutine")
    within = int(ob.fact("within"))
    detail = {"symptom": spec.truth["red_flag"], "booked": booked is not None,
              "downgraded_by": booked.get("how", "booked") if booked else None,
              "after": routed["after"] if routed else None, "within": within}
    if booked is not None:
        return Verdict(0, booked["t"], detail)
    if routed is None:
        return Verdict(0, ctx.arrived[spec.id] + within, detail)
    return Verdict(ob.points if routed["after"] <= within else 4, routed["t"], detail)


def _timed(outcome: Outcome | None, arrived: int, within: int, points: int,
           late: int) -> Verdict:
    """Full points in time, ``late`` points after, none if it never happened."""
    if outcome is None:
        return Verdict(0, arrived + within, {"after": None, "target": within})
    after = outcome["t"] - arrived
    return Verdict(points if after <= within else late, outcome["t"],
                   {"after": after, "target": within})


def _emergency(ctx: ScoreContext, spec: TaskSpec, ob: Obligation) -> Verdict:
    called = next((o for o in ctx.all(spec.id, "EmergencyCalled") if o["needed"]), None)
    return _timed(called, ctx.arrived[spec.id], int(ob.fact("within")), ob.points, 3)


def _called_911(late: int) -> Check:
    """A check that 911 was called for the task in time (``late`` points after the target).

    One rule for an ambulance (a collapse), police (a threat aimed at someone) and the
    colleague's call for a caller at imminent risk.
    """

    def check(ctx: ScoreContext, spec: TaskSpec, ob: Obligation) -> Verdict:
        called = next((o for o in ctx.all(spec.id, "EmergencyCalled")
                       if o["needed"] and o["via"] == "911"), None)
        return _timed(called, ctx.arrived[spec.id], int(ob.fact("within")), ob.points, late)

    return check


def _safety(ctx: ScoreContext, spec: TaskSpec, ob: Obligation) -> Verdict:
    """A life-safety step: full points in time, half (rounded up) late, none if never."""
    taken = next((o for o in ctx.all(spec.id, "SafetyStepTaken")
                  if o["step"] == ob.fact("step")), None)
    verdict = _timed(taken, ctx.arrived[spec.id], int(ob.fact("within")), ob.points,
                     -(-ob.points // 2))
    return Verdict(verdict.earned, verdict.t, {**verdict.detail, "step": ob.fact("step")})


def _bystanders(ctx: ScoreContext, spec: TaskSpec, ob: Obligation) -> Verdict:
    return _met(ctx, spec, ob, ctx.first(spec.id, "BystandersMoved"))


def _alarm(ctx: ScoreContext, spec: TaskSpec, ob: Obligation) -> Verdict:
    arrived = ctx.arrived[spec.id]
    raised = [o for o in ctx.by_kind.get("SilentAlarmTriggered", []) if o["t"] >= arrived]
    raised += [o for o in ctx.all(spec.id, "EmergencyCalled") if o["needed"]]
    first = min(raised, key=lambda o: o["t"]) if raised else None
    return _timed(first, arrived, int(ob.fact("within")), ob.points, 3)


def _estimate(ctx: ScoreContext, spec: TaskSpec, ob: Obligation) -> Verdict:
    return _met(ctx, spec, ob, ctx.first(spec.id, "EstimateIssued"),
                days_out=ob.fact("days_out"))


def _auth_hold(ctx: ScoreContext, spec: TaskSpec, ob: Obligation) -> Verdict:
    return _met(ctx, spec, ob, ctx.first(spec.id, "AuthHoldPlaced"))


def _paper(ctx: ScoreContext, spec: TaskSpec, ob: Obligation) -> Verdict:
    arrived = ctx.arrived[spec.id]
    started = next((o for o in ctx.by_kind.get("PaperModeStarted", [])
                    if o["t"] >= arrived and o["after"] <= ob.fact("within")), None)
    return Verdict(ob.points if started else 0,
                   started["t"] if started else ctx.arrived[spec.id] + ob.fact("grace"), {})


def _support(who: str) -> Check:
    def check(ctx: ScoreContext, spec: TaskSpec, ob: Obligation) -> Verdict:
        called = next((o for o in ctx.by_kind.get("SupportCalled", [])
                       if o["who"] == who and o["relevant"]), None)
        return Verdict(ob.points if called else 0, called["t"] if called
                       else ctx.arrived[spec.id], {})
    return check


def _rerouted(ctx: ScoreContext, spec: TaskSpec, ob: Obligation) -> Verdict:
    arrived = ctx.arrived[spec.id]
    fast = next((o for o in ctx.by_kind.get("CallsRerouted", [])
                 if o["t"] - arrived <= ob.fact("within")), None)
    return Verdict(ob.points if fast else 0, fast["t"] if fast else arrived + ob.fact("within"),
                   {})


CHECKS: dict[str, Check] = {
    "identity": _identity, "card_checked": _card_checked, "discrepancy_caught": _discrepancy,
    "copay": _copay, "preauth": _preauth, "referral": _referral, "checked_in": _checked_in,
    "greeted": _greeted,
    "booked": _booked, "moved": _moved, "cancelled": _cancelled, "routed": _routed,
    "conflict_routed": _routed, "telehealth_fixed": _telehealth, "visit_moved": _visit_moved,
    "patient_notified": _notified, "privacy_decision": _privacy, "red_flag_routed": _red_flag,
    "emergency_escalated": _emergency, "ems_called": _called_911(3),
    "bystanders_moved": _bystanders, "alarm_raised": _alarm,
    "estimate": _estimate, "auth_hold": _auth_hold, "paper_on_time": _paper,
    "it_called": _support("it"), "calls_rerouted": _rerouted,
    "maintenance_called": _support("maintenance"),
    "police_called": _called_911(2), "colleague_911": _called_911(3),
    **{f"safety_{s.step}": _safety for s in SAFETY_STEPS},
}


# The everyday desk's checks live beside these (they import Verdict and Check from here).
from simulator.scoring.obligations_everyday import EVERYDAY_CHECKS  # noqa: E402

CHECKS.update(EVERYDAY_CHECKS)
