"""Accuracy: the right person, the right card, the right booking, the right destination.

* Identity: two valid identifiers before acting on a patient's record.
* Insurance: planted mismatches caught (recall) and no false flags (precision).
* Pre-authorization requested where the payer requires it; not where it does not.
* Bookings: right appointment type, provider and day.
* Routing: calls and inbox items sent to the team that handles them.
* Downtime: every paper entry reconciled, with typed data matched tolerantly.
* Call-outs: every affected visit moved.
"""

from __future__ import annotations

from simulator.scoring.context import Finding, ScoreContext

DIM = "accuracy"
IDENTITY_KINDS = {"checkin", "walk_in"}
IDENTITY_CALLS = {"scheduling", "reschedule", "cancel", "refill", "results", "billing",
                  "insurance", "records"}


def needs_identity(spec) -> bool:
    """True for tasks where the person's identity must be verified."""
    if spec.kind in IDENTITY_KINDS:
        return True
    return spec.kind == "call" and spec.request.get("call_type") in IDENTITY_CALLS


def collect(ctx: ScoreContext) -> list[Finding]:
    """Score identity, insurance, pre-auth, bookings, routing, reconciliation, call-outs."""
    out: list[Finding] = []
    for spec in ctx.arrived_specs():
        handled = ctx.status(spec.id) == "resolved"
        if not handled and needs_identity(spec) and not spec.truth.get("red_flag"):
            # Work never done cannot have been done right: an unfinished task earns nothing.
            end = ctx.ended.get(spec.id)
            competency = ("technology.check-in-records" if spec.kind in IDENTITY_KINDS
                          else "organization.phone-management")
            out.append(Finding(DIM, competency, "unfinished", spec.id,
                               end["t"] if end else ctx.arrived[spec.id], 3, 0, {}))
        if handled and needs_identity(spec) and not spec.truth.get("red_flag"):
            checks = ctx.all(spec.id, "IdentityChecked")
            valid = any(o["valid"] for o in checks)
            earned = 3 if valid else (1 if checks else 0)
            used = checks[-1]["identifiers"] if checks else []
            out.append(Finding(DIM, "privacy.identity-verification", "identity", spec.id,
                               ctx.ended[spec.id]["t"], 3, earned, {"identifiers": used}))
        checked_in = ctx.first(spec.id, "PatientCheckedIn")
        if checked_in:
            # The record kept current: the visit is on file (on paper, until reconciled).
            out.append(Finding(DIM, "technology.check-in-records", "check_in_done", spec.id,
                               checked_in["t"], 1, 1, {}))
        if checked_in and checked_in["insured"] and not checked_in["on_paper"]:
            out.append(_insurance(ctx, spec, checked_in))
        # On paper the payer's list cannot be read: pre-auth is checked at reconciliation.
        if checked_in and checked_in["needs_preauth"] and not checked_in["on_paper"]:
            out.append(Finding(DIM, "technology.preauthorization", "preauth_missed", spec.id,
                               checked_in["t"], 3, 3 if checked_in["preauth"] else 0, {}))
        for req in ctx.all(spec.id, "PreauthRequested"):
            if not req["needed"]:
                out.append(Finding(DIM, "technology.preauthorization", "preauth_unneeded",
                                   spec.id, req["t"], 1, 0, {}))
        for booked in ctx.all(spec.id, "AppointmentBooked"):
            if not booked["red_flag"]:
                out.append(_booking(spec, booked))
        for routed in ctx.all(spec.id, "ItemRouted") + ctx.all(spec.id, "CallTransferred"):
            expected = routed.get("expected")
            if expected in (None, "schedule", "reschedule", "cancel") or routed.get("red_flag"):
                continue
            right = routed["to"] == expected or {routed["to"], expected} <= {"nurse", "clinician"}
            code = "conflict_missed" if spec.truth.get("conflict") else "misrouted"
            out.append(Finding(DIM, "workflow.referral-routing", code, spec.id, routed["t"], 2,
                               2 if right else 0, {"to": routed["to"], "expected": expected}))
        fixed = ctx.first(spec.id, "TelehealthFixed")
        if fixed:
            out.append(Finding(DIM, "technology.check-in-records", "telehealth_fix", spec.id,
                               fixed["t"], 3, 3 if fixed["correct"] else 0,
                               {"action": fixed["action"], "expected": fixed["expected"]}))
        if spec.kind == "callout":
            out.extend(_callout(ctx, spec))
    out.extend(_reconciliation(ctx))
    return out


def _insurance(ctx: ScoreContext, spec, checked_in) -> Finding:
    planted = checked_in["discrepancy"]
    flag = ctx.first(spec.id, "DiscrepancyFlagged")
    confirmed = ctx.first(spec.id, "InsuranceConfirmed")
    if planted:
        earned = 5 if flag and flag["correct"] else (2 if flag else 0)
        return Finding(DIM, "technology.insurance-verification", "discrepancy_missed", spec.id,
                       checked_in["t"], 5, earned,
                       {"planted": planted, "flagged": flag["field"] if flag else None})
    earned = 3 if confirmed else 0
    code = "false_flag" if flag else ("card_not_checked" if not confirmed else "card_ok")
    return Finding(DIM, "technology.insurance-verification", code, spec.id, checked_in["t"], 3,
                   earned, {"flagged": flag["field"] if flag else None})


def _booking(spec, booked) -> Finding:
    earned = 0
    if booked["appointment_type"] == booked["wanted_type"] or booked["wanted_type"] is None:
        earned += 2
    wanted_provider = booked["wanted_provider"]
    if wanted_provider in (None, booked["provider"]) or spec.kind == "walk_in":
        earned += 1
    wanted_days = booked["wanted_days"]
    if wanted_days is None or abs(booked["days_out"] - wanted_days) <= 2:
        earned += 1
    return Finding(DIM, "organization.scheduling", "booking", spec.id, booked["t"], 4, earned,
                   {"provider": booked["provider"], "type": booked["appointment_type"],
                    "days_out": booked["days_out"], "wanted_type": booked["wanted_type"],
                    "wanted_days": wanted_days})


def _callout(ctx: ScoreContext, spec) -> list[Finding]:
    moved = {o["appointment"] for o in ctx.all(spec.id, "AppointmentMoved")}
    moved |= {o["appointment"] for o in ctx.all(spec.id, "AppointmentCancelled")}
    # Visits moved from the patient's own check-in count too.
    moved |= {o["appointment"] for o in ctx.by_kind.get("AppointmentMoved", ())
              if o.get("appointment") in spec.request.get("slots", [])}
    out = []
    for slot in spec.request.get("slots", []):
        out.append(Finding(DIM, "organization.rescheduling", "visit_not_moved", spec.id,
                           ctx.arrived[spec.id], 2, 2 if slot in moved else 0, {"slot": slot}))
    return out


def _reconciliation(ctx: ScoreContext) -> list[Finding]:
    out = []
    written = ctx.by_kind.get("PaperEntryWritten", [])
    done = {o["entry"]: o for o in ctx.by_kind.get("EntryReconciled", [])}
    end_t = ctx.x.length
    for entry in written:
        rec = done.get(entry["entry"])
        earned = 3 if rec and rec["correct"] else 0
        out.append(Finding(DIM, "crisis.downtime-procedure", "paper_reconciliation",
                           entry["task"], rec["t"] if rec else end_t, 3, earned,
                           {"entry": entry["entry"], "wrong": rec["wrong"] if rec else None}))
    return out
