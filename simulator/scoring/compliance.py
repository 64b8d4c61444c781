"""Compliance beyond the task obligations: what was said and what was opened.

Task obligations (red flags routed, emergencies escalated, alarms raised, privacy decided,
estimates and holds, downtime procedure) are scored by :mod:`simulator.scoring.obligations`.
This module adds the checks on how the work was done:

* scope: no medical advice, no downgrading a red flag, no promise the desk cannot keep;
* privacy: no record used before the person's identity was verified;
* safety: the desk never left during a threat.
"""

from __future__ import annotations

from simulator.protocol import needs_identity
from simulator.scoring.context import Finding, ScoreContext

DIM = "compliance"
#: Reply violations that are outside the desk's scope of practice.
SCOPE_VIOLATIONS = ("medical_advice", "downgraded_red_flag", "unkeepable_promise")
#: Outcomes that read out or change a patient's record: PHI in play.
PHI_ACTIONS = ("PatientCheckedIn", "AppointmentBooked", "AppointmentMoved",
               "AppointmentCancelled", "CallTransferred", "ItemRouted", "InsuranceConfirmed",
               "DiscrepancyFlagged", "CopayCollected", "PreauthRequested")


def collect(ctx: ScoreContext) -> list[Finding]:
    """Score scope of practice, identity before the record, and the desk during a threat."""
    out: list[Finding] = []
    for spec in ctx.arrived_specs():
        for reply in ctx.all(spec.id, "ReplyChosen"):
            if reply["violation"] in SCOPE_VIOLATIONS:
                out.append(Finding(DIM, "privacy.scope-of-practice", "scope_violation",
                                   spec.id, reply["t"], 5, 0,
                                   {"violation": reply["violation"]}))
    out.extend(_unverified(ctx))
    for o in ctx.by_kind.get("DeskAbandonedDuringThreat", []):
        out.append(Finding(DIM, "crisis.threat-response", "desk_abandoned", o.get("task"),
                           o["t"], 5, 0, {}))
    return out


def _unverified(ctx: ScoreContext) -> list[Finding]:
    """Record details handled for someone whose identity was not verified first."""
    out = []
    for spec in ctx.arrived_specs():
        if not needs_identity(spec):
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
