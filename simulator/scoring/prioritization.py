"""Prioritization: responding in time for each task's urgency, and the most urgent first.

* Each arrived task has points by its true urgency (emergency 10 ... low 1), earned in full
  for a response within its target and fading to nothing at four times the target.
* Each task whose person was not helped loses the same stake again: a caller who hung up,
  a patient who walked out, or anyone whose task was closed with less than half of what it
  owed done (answering at once and then doing the wrong thing is not help).
* Each hold is back within a minute (3 points).
* Working on something while a more urgent visible task waits unanswered (a priority
  inversion) costs 4 points per neglected task.
"""

from __future__ import annotations

from simulator.model import URGENCY_RANK
from simulator.protocol import HELPED_SHARE, HOLD_LIMIT
from simulator.scoring.context import Finding, ScoreContext
from simulator.scoring.rubric import INVERSION_GRACE, LATE_FACTOR, URGENCY_POINTS

DIM = "prioritization"
COMPETENCY_BY_KIND = {
    "call": "organization.phone-management", "privacy_request": "organization.prioritization",
    "checkin": "organization.prioritization",
    "walk_in": "organization.prioritization", "inbox": "workflow.interruptions",
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


#: Steps of how the work is done rather than what the person came for: they do not make a
#: person "helped" (checking a caller's identity and then booking the wrong visit is no help).
PROCESS_STEPS = frozenset({"identity", "greeted"})


def helped(obligation_findings: list[Finding]) -> dict[str, bool]:
    """Per task: whether at least half of what the person came for was done."""
    owed: dict[str, list[int]] = {}
    for f in obligation_findings:
        if f.task is not None and f.code not in PROCESS_STEPS:
            acc = owed.setdefault(f.task, [0, 0])
            acc[0] += f.earned
            acc[1] += f.possible
    return {task: earned * 100 >= HELPED_SHARE * possible
            for task, (earned, possible) in owed.items()}


def collect(ctx: ScoreContext, was_helped: dict[str, bool] | None = None) -> list[Finding]:
    """Score response times, whether people were helped, holds and priority inversions.

    Args:
        ctx: The shift's outcomes.
        was_helped: From :func:`helped`; tasks missing from it count as helped unless they
            ended abandoned.
    """
    was_helped = was_helped or {}
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
        if not was_helped.get(spec.id, True):
            # A quick answer followed by the wrong work is half a response at best.
            earned //= 2
        out.append(Finding(DIM, competency, "slow_response", spec.id,
                           responded if responded is not None else arrived, stake, earned,
                           {"after": after, "target": spec.target, "urgency": spec.urgency,
                            "kind": spec.kind}))
        status = ctx.status(spec.id)
        if spec.kind not in ("ehr_outage", "power_outage", "callout"):
            end = ctx.ended.get(spec.id)
            ok = status != "abandoned" and was_helped.get(spec.id, True)
            how = end.get("how") if end else None
            if status != "abandoned" and not ok:
                how = f"{how}, with most of what they needed not done"
            out.append(Finding(DIM, competency, "abandoned", spec.id,
                               end["t"] if end else arrived, stake, stake if ok else 0,
                               {"how": how, "kind": spec.kind}))
    out.extend(_long_holds(ctx))
    out.extend(_inversions(ctx))
    return out


def _long_holds(ctx: ScoreContext) -> list[Finding]:
    """Every hold, against the one-minute standard (a step: held callers come back in time)."""
    out = []
    ends = ("CallResumed", "CallAbandoned", "CallEnded", "CallDropped", "CallTransferred")
    for held in ctx.by_kind.get("CallHeld", []):
        after = next((o for o in ctx.by_task.get(held["task"], ())
                      if o["t"] >= held["t"] and o["kind"] in ends and o is not held), None)
        until = after["t"] if after else ctx.x.length
        within = until - held["t"] <= HOLD_LIMIT
        out.append(Finding(DIM, "organization.phone-management", "long_hold", held["task"],
                           held["t"], 3, 3 if within else 0, {"held": until - held["t"]}))
    return out


def _inversions(ctx: ScoreContext) -> list[Finding]:
    """Urgent or emergency tasks left unanswered while lower work was done."""
    urgent = [s for s in ctx.arrived_specs() if URGENCY_RANK[s.visible_urgency] <= 1]
    neglected: dict[str, int] = {}
    # Work is what the trainee did to a task (every outcome says who caused it); looking at a
    # task or a refused command is not work.
    work = [o for o in ctx.outcomes if o.get("by") == "trainee" and o.get("task")
            and o["kind"] not in ("TaskSelected", "CommandRejected")]
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
