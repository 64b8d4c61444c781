"""Prioritization: responding in time for each task's urgency, and the most urgent first.

* Each arrived task has points by its true urgency (emergency 10 ... low 1), earned in full
  for a response within its target and fading to nothing at four times the target.
* Each task that ended abandoned (a caller who hung up, a patient who walked out) loses
  the same stake again.
* Working on something while a more urgent visible task waits unanswered (a priority
  inversion) costs 4 points per neglected task.
"""

from __future__ import annotations

from simulator.model import URGENCY_RANK
from simulator.scoring.context import TRAINEE_KINDS, Finding, ScoreContext
from simulator.scoring.rubric import INVERSION_GRACE, LATE_FACTOR, URGENCY_POINTS

DIM = "prioritization"
COMPETENCY_BY_KIND = {
    "call": "organization.phone-management", "privacy_request": "organization.prioritization",
    "checkin": "communication.acknowledge-and-inform",
    "walk_in": "communication.acknowledge-and-inform", "inbox": "workflow.interruptions",
    "medical_emergency": "crisis.medical-emergency", "threat": "crisis.threat-response",
    "ehr_outage": "crisis.downtime-procedure", "power_outage": "crisis.power-outage",
    "callout": "organization.rescheduling", "angry_patient": "communication.deescalation",
    "telehealth": "organization.phone-management",
}


def response_points(possible: int, response: int | None, target: int) -> int:
    """Points for a response after ``response`` seconds against ``target`` seconds."""
    if response is None:
        return 0
    if response <= target:
        return possible
    limit = target * LATE_FACTOR
    if response >= limit:
        return 0
    return possible * (limit - response) // (limit - target)


def collect(ctx: ScoreContext) -> list[Finding]:
    """Score response times, abandonment and priority inversions."""
    out: list[Finding] = []
    for spec in ctx.arrived_specs():
        stake = URGENCY_POINTS[spec.urgency]
        arrived = ctx.arrived[spec.id]
        responded = ctx.responded.get(spec.id)
        after = None if responded is None else responded - arrived
        competency = COMPETENCY_BY_KIND.get(spec.kind, "organization.prioritization")
        if spec.kind == "call" and spec.truth.get("red_flag"):
            competency = "crisis.red-flag-routing"
        earned = response_points(stake, after, spec.target)
        out.append(Finding(DIM, competency, "slow_response", spec.id,
                           responded if responded is not None else arrived, stake, earned,
                           {"after": after, "target": spec.target, "urgency": spec.urgency,
                            "kind": spec.kind}))
        status = ctx.status(spec.id)
        if spec.kind not in ("ehr_outage", "power_outage", "callout"):
            end = ctx.ended.get(spec.id)
            out.append(Finding(DIM, competency, "abandoned", spec.id,
                               end["t"] if end else arrived, stake,
                               0 if status == "abandoned" else stake,
                               {"how": end.get("how") if end else None, "kind": spec.kind}))
    out.extend(_inversions(ctx))
    return out


def _inversions(ctx: ScoreContext) -> list[Finding]:
    """Urgent or emergency tasks left unanswered while lower work was done."""
    urgent = [s for s in ctx.arrived_specs() if URGENCY_RANK[s.visible_urgency] <= 1]
    neglected: dict[str, int] = {}
    work = [o for o in ctx.outcomes if o["kind"] in TRAINEE_KINDS and o.get("task")]
    for spec in urgent:
        start = ctx.arrived[spec.id] + INVERSION_GRACE
        answered = ctx.responded.get(spec.id)
        end = ctx.ended.get(spec.id)
        stop = min(x for x in (answered, end["t"] if end else None, 10**9) if x is not None)
        rank = URGENCY_RANK[spec.visible_urgency]
        for o in work:
            if o["t"] < start or o["t"] >= stop:
                continue
            other = ctx.specs.get(o["task"])
            if other is not None and URGENCY_RANK[other.visible_urgency] > rank:
                neglected[spec.id] = o["t"]
                break
    out = []
    for spec in urgent:
        lost = spec.id in neglected
        out.append(Finding(DIM, "organization.prioritization", "priority_inversion", spec.id,
                           neglected.get(spec.id, ctx.arrived[spec.id]), 4, 0 if lost else 4,
                           {"kind": spec.kind, "title": spec.title}))
    return out
