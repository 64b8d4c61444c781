"""De-escalation: each reply judged against the person's stage, and where the talk ended.

Per reply (5 points): the reply's quality as its author rated it (best 3, good 2, weak 1,
harmful or critical 0), 1 more if it suits the person's CPI stage at that moment, and 1 more
if it moves the conversation on by covering a HEARD/LEAP step not covered yet. Per
conversation (4 + 4 points): agitation brought down, and a resolved ending (for a threat,
security called by the alarm counts as the right ending). Greeting arrivals and telling
displaced patients are task obligations (:mod:`simulator.scoring.obligations`).
"""

from __future__ import annotations

from typing import Any

from simulator.model import TaskSpec
from simulator.scoring.context import Finding, ScoreContext

DIM = "deescalation"
MEANING_POINTS = {"best": 3, "good": 2, "weak": 1, "harmful": 0, "critical": 0}


def collect(ctx: ScoreContext) -> list[Finding]:
    """Score replies, conversation trajectories and endings."""
    out: list[Finding] = []
    for spec in ctx.arrived_specs():
        replies = ctx.all(spec.id, "ReplyChosen")
        covered: set[str] = set()
        for reply in replies:
            steps = set(reply["heard"]) | {f"leap:{s}" for s in reply["leap"]}
            good = reply["meaning"] in ("best", "good")
            # Suiting the stage only counts for a reply that is sound in itself.
            earned = MEANING_POINTS[reply["meaning"]] + (1 if reply["fits"] and good else 0)
            moves_on = bool(steps - covered) and reply["meaning"] in ("best", "good")
            earned += 1 if moves_on else 0
            covered |= steps
            out.append(Finding(DIM, "communication.deescalation", "reply", spec.id, reply["t"],
                               5, earned, {"meaning": reply["meaning"], "stage": reply["stage"],
                                           "fits": reply["fits"], "beat": reply["beat"],
                                           "choice": reply["choice"],
                                           "dialogue": reply["dialogue"],
                                           "violation": reply["violation"]}))
        if spec.dialogue_id and ctx.status(spec.id) is not None:
            out.extend(_conversation(ctx, spec, replies))
    return out


def _conversation(ctx: ScoreContext, spec: TaskSpec,
                  replies: list[dict[str, Any]]) -> list[Finding]:
    assert spec.dialogue_id is not None  # only tasks with a dialogue reach here
    start = int(ctx.x.dialogues[spec.dialogue_id]["agitation"])
    end_agitation = replies[-1]["agitation_after"] if replies else None
    ended = ctx.first(spec.id, "ConversationEnded")
    t = ended["t"] if ended else ctx.ended[spec.id]["t"]
    if end_agitation is None:
        trend = 0
    elif end_agitation < start:
        trend = 4
    elif end_agitation == start:
        trend = 2
    else:
        trend = 0
    out = [Finding(DIM, "communication.deescalation", "agitation_rose", spec.id, t, 4, trend,
                   {"start": start, "end": end_agitation})]
    result = ended["result"] if ended else None
    # A person talked round despite an argument or a harmful remark was not handled well:
    # the good ending came in spite of the reply, and the next person may not be so patient.
    hurt = any(r["meaning"] in ("harmful", "critical") for r in replies)
    if spec.kind == "threat":
        alarm = any(o["t"] >= ctx.arrived[spec.id] and o.get("warranted", True)
                    for o in ctx.by_kind.get("SilentAlarmTriggered", []))
        police = any(e["task"] == spec.id and e["via"] == "911"
                     for e in ctx.by_kind.get("EmergencyCalled", []))
        # A threat that could not be talked down is handled well by the alarm, police, or
        # asking them to leave: the outcome is not the trainee's failure.
        good = alarm or police or result in ("resolved", "asked_to_leave")
    else:
        good = result in ("resolved", "asked_to_leave")
    earned = 0 if not good else (1 if hurt else 4)
    out.append(Finding(DIM, "communication.deescalation", "conversation_unresolved", spec.id,
                       t, 4, earned, {"result": result or ctx.status(spec.id), "hurt": hurt}))
    return out
