"""Compliance beyond the task obligations: what was said and what was opened.

Task obligations (red flags routed, emergencies escalated, alarms raised, privacy decided,
estimates and holds, downtime procedure) are scored by :mod:`simulator.scoring.obligations`.
Identity before the record is the ``identity`` obligation. This module adds the checks
on what was said and where the trainee stood:

* scope: no medical advice, no downgrading a red flag, no promise the desk cannot keep;
* safety: the desk never left during a threat.
"""

from __future__ import annotations

from simulator.scoring.context import Finding, ScoreContext

DIM = "compliance"
#: Reply violations that are outside the desk's scope of practice.
SCOPE_VIOLATIONS = ("medical_advice", "downgraded_red_flag", "unkeepable_promise")


def collect(ctx: ScoreContext) -> list[Finding]:
    """Score scope of practice and the desk during a threat."""
    out: list[Finding] = []
    for spec in ctx.arrived_specs():
        for reply in ctx.all(spec.id, "ReplyChosen"):
            if reply["violation"] in SCOPE_VIOLATIONS:
                out.append(Finding(DIM, "privacy.scope-of-practice", "scope_violation",
                                   spec.id, reply["t"], 5, 0,
                                   {"violation": reply["violation"]}))
            elif reply["violation"] == "unqualified_interpreter":
                # Agreeing that a relative (a child above all) interprets clinical matters.
                out.append(Finding(DIM, "communication.language-access",
                                   "unqualified_interpreter", spec.id, reply["t"], 3, 0, {}))
    for o in ctx.by_kind.get("DeskAbandonedDuringThreat", []):
        out.append(Finding(DIM, "crisis.threat-response", "desk_abandoned", o.get("task"),
                           o["t"], 5, 0, {}))
    return out
