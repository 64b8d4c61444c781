"""Debrief feedback: what happened and when, why it matters, the expert move, terms to read.

Written the way a trainer would say it, one item per kind of mistake.

Findings with the same code are grouped into one item ("3 times: 09:10, 09:42, 11:05") and
items are ordered by impact: weighted points lost, critical fails first.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from simulator.scoring.context import Finding, ScoreContext
from simulator.scoring.texts import TEXTS


def build_feedback(ctx: ScoreContext, findings: list[Finding], weights: dict[str, int],
                   critical: list[dict[str, Any]],
                   gaps: list[str] | None = None) -> list[dict[str, Any]]:
    """Group the lost-point findings into feedback items, most impact first.

    Critical fails lead, then the steps below the floor (the skills the attempt failed
    on), then everything else by weighted points lost.
    """
    gap_set = set(gaps or ())
    groups: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for f in findings:
        if f.lost > 0:
            # Replies are taught one by one; every other mistake is grouped by kind.
            sub = f"{f.detail.get('dialogue')}/{f.detail.get('beat')}" if f.code == "reply" else ""
            groups[(f.code, sub)].append(f)
    critical_tasks = {(CRITICAL_CODES.get(c["rule"]), c["task"]) for c in critical}
    items: list[dict[str, Any]] = []
    for (code, _), group in groups.items():
        group.sort(key=lambda f: (f.t, f.task or ""))
        what, why, move, terms = TEXTS.get(code, ("{title}: points lost.", "", "", ()))
        first = group[0]
        if code == "reply":
            what, why, move = _reply_texts(ctx, first)
        impact = sum(f.lost * weights.get(f.dimension, 1) for f in group)
        crit = any((f.code, f.task) in critical_tasks for f in group)
        times = [ctx.x.clock(f.t) for f in group]
        text = _fill(what, ctx, first)
        if len(group) > 1:
            # The text names the first case; say so, and when the others happened.
            text += f" (First of {len(group)} times: {', '.join(times[:6])}" + \
                    (", ..." if len(times) > 6 else "") + ")"
        event = ctx.specs[first.task].event_id if first.task in ctx.specs else None
        note = ctx.x.debrief_notes.get(event) if event else None
        items.append({"code": code, "dimension": first.dimension,
                      "competency": first.competency, "clock": times[0], "t": first.t,
                      "task": first.task, "count": len(group), "what": text, "why": why,
                      "expert_move": move, "terms": list(terms), "impact": impact,
                      "critical": crit, "gap": code in gap_set, "note": note})
    items.sort(key=lambda i: (not i["critical"], not i["gap"], -i["impact"], i["t"], i["code"]))
    return items


MEANING_ORDER = ["weak", "harmful", "critical", "good", "best"]

#: Which feedback code explains each default critical-fail rule.
CRITICAL_CODES = {"red_flag_not_routed": "red_flag_routed",
                  "minor_without_consent": "guardian_consent",
                  "records_released_without_authority": "records_handled",
                  "emergency_not_escalated": "emergency_escalated",
                  "phi_disclosed": "privacy_decision",
                  "desk_abandoned_during_threat": "desk_abandoned",
                  "silent_alarm_late": "alarm_raised", "good_faith_estimate_late": "estimate",
                  "discrepancy_missed": "discrepancy_caught",
                  "paper_not_reconciled": "paper_reconciliation",
                  "referral_conflict_not_routed": "conflict_routed", "call_abandoned": "abandoned",
                  "critical_reply": "reply"}


def _reply_texts(ctx: ScoreContext, f: Finding) -> tuple[str, str, str]:
    """The reply given, the author's reason, and the better reply at that beat."""
    dialogue = ctx.x.dialogues.get(f.detail.get("dialogue") or "", {})
    beat = next((b for b in dialogue.get("beats", []) if b["id"] == f.detail.get("beat")), None)
    if beat is None:
        return TEXTS["reply"][:3]
    said = beat["choices"][f.detail["choice"]]
    best = max(beat["choices"], key=lambda ch: (MEANING_ORDER
                                                .index(ch["meaning"]), len(ch.get("heard", []))))
    stage = stage_words(f.detail.get("stage"))
    title = ctx.specs[f.task].title if f.task in ctx.specs else "A conversation"
    what = (f'{title}: to "{beat["says"]}" you replied "{said["text"]}" '
            f"({said['meaning']} for someone at the {stage} stage).")
    move = f'Better: "{best["text"]}" {best["why"]}'
    return what, said["why"], move


def _fill(template: str, ctx: ScoreContext, f: Finding) -> str:
    spec = ctx.specs.get(f.task) if f.task else None
    d = dict(f.detail)
    d["title"] = spec.title if spec else "The shift"
    after = d.get("after")
    d["after_words"] = ("no response at all" if after is None
                        else f"first response after {_duration(after)}")
    d.setdefault("target", spec.target if spec else "")
    used = d.get("identifiers") or []
    action = str(d.get("action") or "").replace("Appointment", "visit ").lower()
    d["identity_words"] = (
        f"the record was used ({action}) before the person's identity was verified"
        if d.get("late") else
        "the person's identity was never checked" if not used else
        "handled after checking only " + " and ".join(i.replace("_", " ") for i in used))
    d["planted_words"] = str(d.get("planted", "")).replace("_", " ")
    types, providers = ctx.x.appointment_types, {p.id: p.title for p in ctx.x.providers}

    def visit(type_id: Any) -> str:
        return str(types.get(type_id, {}).get("name", type_id)).lower()

    d["booking_words"] = (
        f"booked a {visit(d.get('type'))} with {providers.get(str(d.get('provider')), '')}, "
        f"{d.get('days_out')} business days out" if d.get("booked")
        else "no visit was booked")
    wanted_days = d.get("wanted_days")
    d["wanted_words"] = "a " + visit(d.get("wanted_type")) + (
        "" if wanted_days is None else " today" if wanted_days == 0
        else f", about {wanted_days} days out")
    d["route_words"] = (f"it went to {d['to']} instead of {d.get('expected')}" if d.get("to")
                        else f"it was never passed to {d.get('expected')}")
    d["conflict_words"] = (f"went to {d['to']}, not a clinician" if d.get("to")
                           else "was never passed to a clinician")
    d["telehealth_words"] = (
        f"the fix chosen was '{d['action']}' but the problem needed '{d.get('expected')}'"
        if d.get("action") else f"the problem was never fixed (it needed '{d.get('expected')}')")
    d["agitation_words"] = (
        "the person was never answered" if d.get("end") is None else
        f"the person ended more agitated than they started ({d.get('start')} to {d['end']})"
        if d["end"] > d.get("start", 0) else
        f"the person ended no calmer than they started ({d.get('start')} to {d['end']})")
    d["reconcile_words"] = "never entered" if d.get("wrong") is None else \
        "entered with errors in " + ", ".join(d.get("wrong") or [])
    d["stage_words"] = stage_words(d.get("stage"))
    decision = d.get("decision")
    d["privacy_words"] = (
        "their information was disclosed without authorization" if d.get("leaked") else
        "nothing was decided: they left without an answer" if decision is None else
        "it was shared without checking the authorization list first"
        if decision == "disclosed" else
        "they were refused although the patient had authorized them" if d.get("authorized")
        else "they were refused without checking the authorization list first")
    d["symptom_words"] = str(d.get("symptom", "")).replace("_", " ")
    d["red_flag_words"] = ("the reply treated it as routine" if d.get("downgraded_by") == "reply"
                           else "it was booked as a routine appointment" if d.get("booked") else
                           "it was never routed to emergency care" if d.get("after") is None
                           else f"it took {_duration(d['after'])} to route it")
    d["violation_words"] = str(d.get("violation", "")).replace("_", " ")
    d["emergency_words"] = ("never called" if after is None
                            else f"called after {_duration(after)}")
    d["alarm_words"] = "never pressed" if after is None else f"pressed after {_duration(after)}"
    d["safety_words"] = "never done" if after is None else f"done after {_duration(after)}"
    endings = {"escalated": "the conversation escalated until security was called",
               "left": "the person left angry", "acted_on":
               "the person acted on a critical reply and left",
               "abandoned": "the person left or hung up before the conversation was finished"}
    d["conversation_words"] = (
        "the person was calmed only after a harmful reply" if d.get("hurt") and
        d.get("result") == "resolved" else
        endings.get(str(d.get("result")), "the conversation never ended well"))
    d.setdefault("how", "")
    if "held" in d:
        d["held_words"] = _duration(int(d["held"]))
    try:
        return template.format(**d)
    except (KeyError, IndexError, ValueError):
        return template


def _duration(seconds: int) -> str:
    if seconds < 90:
        return f"{seconds} s"
    return f"{seconds // 60} min {seconds % 60:02d} s"


def stage_words(stage: Any) -> str:
    """A CPI stage id in the debrief's US English ("risk_behaviour" -> "risk behavior")."""
    return str(stage or "").replace("_", " ").replace("behaviour", "behavior")
