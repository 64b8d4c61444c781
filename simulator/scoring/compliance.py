"""Compliance: privacy, scope of practice, safety protocol, and the No Surprises Act.

* Privacy: nothing shared with an unauthorized person; authority checked before sharing.
* Scope: red-flag calls routed to 911 or a clinician within target, never booked; no
  medical advice.
* Safety: the waiting-room emergency escalated in time and bystanders moved; the silent
  alarm pressed in time during a threat, and the desk never left.
* Downtime and power-failure procedure followed.
* Good Faith Estimates given to self-pay patients booking 3 or more business days out;
  authorization holds placed when the account needs one.
"""

from __future__ import annotations

from simulator.scoring.accuracy import needs_identity
from simulator.scoring.context import Finding, ScoreContext

DIM = "compliance"


def collect(ctx: ScoreContext) -> list[Finding]:
    """Score privacy, scope, safety, downtime procedure and estimates."""
    out: list[Finding] = []
    for spec in ctx.arrived_specs():
        if spec.kind == "privacy_request":
            out.append(_privacy(ctx, spec))
        if spec.truth.get("red_flag"):
            out.append(_red_flag(ctx, spec))
        if spec.kind == "medical_emergency":
            out.extend(_emergency(ctx, spec))
        if spec.kind == "threat":
            out.append(_threat(ctx, spec))
        if spec.truth.get("estimate_due") and ctx.status(spec.id) == "resolved":
            issued = ctx.first(spec.id, "EstimateIssued")
            out.append(Finding(DIM, "privacy.no-surprises-act", "estimate_missed", spec.id,
                               issued["t"] if issued else ctx.ended[spec.id]["t"], 5,
                               5 if issued else 0,
                               {"days_out": spec.request.get("days_out")}))
        if spec.truth.get("auth_hold") and ctx.status(spec.id) == "resolved":
            held = ctx.first(spec.id, "AuthHoldPlaced")
            out.append(Finding(DIM, "technology.preauthorization", "auth_hold_missed", spec.id,
                               ctx.ended[spec.id]["t"], 3, 3 if held else 0, {}))
        for reply in ctx.all(spec.id, "ReplyChosen"):
            if reply["violation"] in ("medical_advice", "downgraded_red_flag",
                                      "unkeepable_promise"):
                out.append(Finding(DIM, "privacy.scope-of-practice", "scope_violation",
                                   spec.id, reply["t"], 5, 0,
                                   {"violation": reply["violation"]}))
    out.extend(_unverified(ctx))
    for o in ctx.by_kind.get("DeskAbandonedDuringThreat", []):
        out.append(Finding(DIM, "crisis.threat-response", "desk_abandoned", o.get("task"),
                           o["t"], 5, 0, {}))
    out.extend(_systems(ctx))
    return out


#: Outcomes that read out or change a patient's record: PHI in play.
PHI_ACTIONS = ("PatientCheckedIn", "AppointmentBooked", "AppointmentMoved",
               "AppointmentCancelled", "CallTransferred", "ItemRouted", "InsuranceConfirmed",
               "DiscrepancyFlagged")


def _unverified(ctx: ScoreContext) -> list[Finding]:
    """Record details handled for someone whose identity was not verified first."""
    out = []
    for spec in ctx.arrived_specs():
        if not needs_identity(spec) or spec.truth.get("red_flag"):
            continue
        acts = [o for o in ctx.by_task.get(spec.id, ()) if o["kind"] in PHI_ACTIONS]
        if not acts:
            continue
        first = acts[0]
        verified = any(o["kind"] == "IdentityChecked" and o["valid"] and o["t"] <= first["t"]
                       for o in ctx.by_task[spec.id])
        out.append(Finding(DIM, "privacy.identity-verification", "unverified_phi", spec.id,
                           first["t"], 2, 2 if verified else 0, {"action": first["kind"]}))
    return out


def _privacy(ctx: ScoreContext, spec) -> Finding:
    leaked = ctx.first(spec.id, "PhiDisclosed")
    disclosed = ctx.first(spec.id, "InformationDisclosed")
    refused = ctx.first(spec.id, "DisclosureRefused")
    authorized = bool(spec.truth.get("authorized"))
    t = (leaked or disclosed or refused or {"t": ctx.arrived[spec.id]})["t"]
    if leaked:
        earned = 0
    elif disclosed:
        earned = 5 if disclosed["verified"] else 2
    elif refused:
        earned = 5 if not authorized or refused["verified"] else 3
    else:
        earned = 3  # nothing shared, nothing decided: safe but unfinished
    return Finding(DIM, "privacy.minimum-necessary", "privacy", spec.id, t, 5, earned,
                   {"requester": spec.request.get("requester"), "authorized": authorized,
                    "leaked": bool(leaked), "verified": bool(
                        ctx.first(spec.id, "AuthorityVerified"))})


def _red_flag(ctx: ScoreContext, spec) -> Finding:
    routed = ctx.first(spec.id, "RedFlagRouted")
    booked = ctx.first(spec.id, "RedFlagBookedRoutine")
    within = int(spec.truth.get("act_within", 150))
    if booked:
        earned, t = 0, booked["t"]
    elif routed is None:
        earned, t = 0, ctx.arrived[spec.id] + within
    elif routed["after"] <= within:
        earned, t = 10, routed["t"]
    else:
        earned, t = 4, routed["t"]
    return Finding(DIM, "crisis.red-flag-routing", "red_flag", spec.id, t, 10, earned,
                   {"symptom": spec.truth["red_flag"], "booked": bool(booked),
                    "after": routed["after"] if routed else None, "within": within})


def _emergency(ctx: ScoreContext, spec) -> list[Finding]:
    called = ctx.first(spec.id, "EmergencyCalled")
    if called is None:
        earned, t = 0, ctx.arrived[spec.id] + spec.target
    elif called["after"] <= spec.target:
        earned, t = 8, called["t"]
    else:
        earned, t = 3, called["t"]
    out = [Finding(DIM, "crisis.medical-emergency", "emergency_late", spec.id, t, 8, earned,
                   {"after": called["after"] if called else None, "target": spec.target})]
    if spec.request.get("family_present"):
        moved = ctx.first(spec.id, "BystandersMoved")
        out.append(Finding(DIM, "crisis.medical-emergency", "bystanders", spec.id,
                           moved["t"] if moved else t, 2, 2 if moved else 0, {}))
    return out


def _threat(ctx: ScoreContext, spec) -> Finding:
    alarm = next((o for o in ctx.by_kind.get("SilentAlarmTriggered", [])
                  if o["t"] >= ctx.arrived[spec.id]), None)
    after = alarm["t"] - ctx.arrived[spec.id] if alarm else None
    if after is None:
        earned = 0
    elif after <= spec.target:
        earned = 8
    else:
        earned = 3
    return Finding(DIM, "crisis.threat-response", "alarm_late", spec.id,
                   alarm["t"] if alarm else ctx.arrived[spec.id] + spec.target, 8, earned,
                   {"after": after, "target": spec.target})


def _systems(ctx: ScoreContext) -> list[Finding]:
    out = []
    support = {o["who"] for o in ctx.by_kind.get("SupportCalled", []) if o["relevant"]}
    paper = ctx.by_kind.get("PaperModeStarted", [])
    for spec in ctx.arrived_specs():
        if spec.kind == "ehr_outage":
            grace = next((s.detail.get("grace", 300) for s in ctx.x.systems
                          if s.event_id == spec.event_id), 300)
            on_time = any(o["after"] <= grace + 300 for o in paper)
            out.append(Finding(DIM, "crisis.downtime-procedure", "paper_late", spec.id,
                               ctx.arrived[spec.id] + grace, 3, 3 if on_time else 0, {}))
            out.append(Finding(DIM, "crisis.downtime-procedure", "it_not_called", spec.id,
                               ctx.arrived[spec.id], 2, 2 if "it" in support else 0, {}))
        if spec.kind == "power_outage":
            system = next((s for s in ctx.x.systems if s.event_id == spec.event_id), None)
            if system is None or not system.detail.get("backup_fails", True):
                continue
            rerouted = ctx.by_kind.get("CallsRerouted", [])
            fast = any(o["t"] - ctx.arrived[spec.id] <= 300 for o in rerouted)
            out.append(Finding(DIM, "crisis.power-outage", "calls_not_rerouted", spec.id,
                               ctx.arrived[spec.id] + 300, 3, 3 if fast else 0, {}))
            out.append(Finding(DIM, "crisis.power-outage", "maintenance_not_called", spec.id,
                               ctx.arrived[spec.id], 2, 2 if "maintenance" in support else 0,
                               {}))
    return out
