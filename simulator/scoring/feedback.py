"""Debrief feedback: what happened and when, why it matters, the expert move, terms to read.

Written the way a trainer would say it, one item per kind of mistake.

Findings with the same code are grouped into one item ("3 times: 09:10, 09:42, 11:05") and
items are ordered by impact: weighted points lost, critical fails first.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from simulator.scoring.context import Finding, ScoreContext

#: code -> (what happened, why it matters, expert move, glossary term ids)
TEXTS: dict[str, tuple[str, str, str, tuple[str, ...]]] = {
    "slow_response": (
        "{title}: {after_words} (target {target} s).",
        "Every minute unanswered raises anxiety and the chance the person gives up; urgent "
        "work left waiting can turn into harm.",
        "Acknowledge at once, even when busy, and work the queue by urgency, not arrival.",
        ("triage", "hold-time")),
    "abandoned": (
        "{title} ended unhelped ({how}).",
        "An abandoned call or a patient who walks out is care that never happened; patients "
        "change practices over it.",
        "Answer ringing lines before routine desk work, keep holds under a minute, and tell "
        "waiting patients how long it will be.",
        ("abandoned-call", "hold-time")),
    "unverified_phi": (
        "{title}: the record was used before the person's identity was verified.",
        "Reading out or changing someone's record before you know who they are can hand "
        "their health information to a stranger.",
        "Verify two identifiers first, every time, before you open the record.",
        ("two-identifiers", "phi", "hipaa")),
    "priority_inversion": (
        "{title} waited while lower-priority work was done.",
        "Urgent and emergency work comes first; routine tasks can wait a few minutes.",
        "Scan the queue after every task and take the most urgent item first.",
        ("triage", "workflow-optimization")),
    "identity": (
        "{title} was handled after checking only {identifiers_words}.",
        "Acting on the wrong person's record is a privacy breach and a safety risk.",
        "Confirm two identifiers, such as full name and date of birth, before opening or "
        "changing a record. A room number or appointment time is never an identifier.",
        ("two-identifiers", "hipaa")),
    "discrepancy_missed": (
        "{title}: the card did not match the record ({planted_words}) and it went through.",
        "A mismatch caught at the desk is a denied claim and a surprise bill avoided.",
        "Compare the card with the record field by field (payer, member ID, dates, date of "
        "birth) and flag the difference before check-in.",
        ("member-id", "eligibility-check", "claim-denial")),
    "false_flag": (
        "{title}: a matching card was flagged as a discrepancy.",
        "False flags hold up patients and billing for nothing.",
        "Flag only a field that really differs; otherwise confirm the match.",
        ("eligibility-check",)),
    "card_not_checked": (
        "{title} was checked in without comparing the insurance card with the record.",
        "Unchecked coverage is how claims get denied weeks later.",
        "Check the card against the record at every visit, even for regulars.",
        ("eligibility-check", "member-id")),
    "preauth_missed": (
        "{title}: the visit needed pre-authorization and none was requested.",
        "Without the payer's approval the claim is denied and the patient may be billed.",
        "Check the payer's pre-authorization list for the visit type before the visit.",
        ("pre-authorization", "authorization-hold")),
    "preauth_unneeded": (
        "{title}: pre-authorization was requested for a visit that did not need it.",
        "Unneeded requests cost time at the desk and at the payer.",
        "Request pre-authorization only when the payer's list includes the service.",
        ("pre-authorization",)),
    "booking": (
        "{title} was booked as {booked_words}; the caller asked for {wanted_words}.",
        "A wrong visit type or day wastes a slot and brings the patient back.",
        "Repeat the request back, then book the exact type, provider and day asked for.",
        ("no-show", "waitlist")),
    "misrouted": (
        "{title} went to {to} instead of {expected}.",
        "A message in the wrong queue waits until someone notices.",
        "Clinical questions go to the nurse or clinician, money to billing, charts to records.",
        ("warm-transfer", "scope-of-practice")),
    "conflict_missed": (
        "{title}: a referral listing a high-risk medication went to {to}, not a clinician.",
        "A medication conflict missed in a referral can reach the patient as harm.",
        "Route any referral that names a blood thinner or other high-alert drug to a "
        "clinician before anything is booked.",
        ("referral", "medication-conflict")),
    "telehealth_fix": (
        "{title}: the fix chosen was '{action}' but the problem needed '{expected}'.",
        "A telehealth visit that cannot start is a missed visit.",
        "Match the fix to the problem: a fresh link, consent on file, or an in-person visit.",
        ("telehealth",)),
    "visit_not_moved": (
        "A visit on the absent clinician's list was never moved.",
        "Patients arrive for a clinician who is not there.",
        "Work down the list: move each visit, then tell each patient.",
        ("waitlist", "no-show")),
    "paper_reconciliation": (
        "Paper entry {entry} was {reconcile_words}.",
        "Records left on paper, or typed in wrong, are missing from the chart.",
        "When the EHR returns, enter every paper record, with its original times.",
        ("paper-mode", "downtime-procedure", "ehr")),
    "reply": (
        "{title}: at the {stage_words} stage you said a reply rated {meaning}.",
        "The right words depend on how upset the person is right now.",
        "Anxious: support and listen. Defensive: clear, calm limits and choices. Risk "
        "behaviour: safety first. Cover Hear, Empathize, Apologize, Resolve in order.",
        ("de-escalation", "cpi-crisis-development-model", "heard")),
    "agitation_rose": (
        "{title}: the person ended more agitated than they started ({start} to {end}).",
        "Rising agitation ends in complaints, lost patients or danger.",
        "Acknowledge the feeling first, then give one clear next step.",
        ("de-escalation", "leap")),
    "conversation_unresolved": (
        "{title}: the conversation ended {result}.",
        "An unresolved conflict usually comes back louder.",
        "Aim to resolve: empathize, state what you can do, and hand off if needed.",
        ("de-escalation", "heard")),
    "not_greeted": (
        "{title} was not greeted within two minutes of walking up.",
        "People who are acknowledged wait calmly; ignored people get upset.",
        "Look up, greet, and give a wait time, even mid-task (AIDET's Acknowledge).",
        ("aidet",)),
    "privacy": (
        "{title}: a {requester} asked for information; {privacy_words}.",
        "Sharing health information with an unauthorized person breaks HIPAA.",
        "Check the authorization on file first; if there is none, decline politely and "
        "explain how the patient can authorize them.",
        ("hipaa", "phi", "minimum-necessary", "release-of-information")),
    "red_flag": (
        "{title}: the caller described {symptom_words}; {red_flag_words}.",
        "These are emergency symptoms: minutes matter, and the desk never triages them down.",
        "Use the script: this may be an emergency, please hang up and call 911 now. If they "
        "cannot, warm-transfer to the duty clinician. Then tell a clinician and log it.",
        ("red-flag", "triage-script", "scope-of-practice")),
    "scope_violation": (
        "{title}: the reply given was {violation_words}.",
        "Medical advice and promises outside the desk's role put patients at risk.",
        "Stay in role: route clinical questions to clinicians and promise only what you "
        "control.",
        ("scope-of-practice",)),
    "emergency_late": (
        "{title}: help was {emergency_words} (target {target}s).",
        "In a collapse, every minute without help lowers the chance of survival.",
        "Call the code or 911 first, then direct responders and move bystanders.",
        ("code-blue",)),
    "bystanders": (
        "{title}: family and onlookers were not moved away.",
        "Responders need room, and frightened relatives need someone to guide them.",
        "Once help is called, calmly move family to a quiet spot and clear a path.",
        ("code-blue",)),
    "alarm_late": (
        "{title}: the silent alarm was {alarm_words} (target {target}s).",
        "A threat can escalate in seconds; help takes minutes to arrive.",
        "Press the silent alarm first, keep distance and the desk between you, speak calmly.",
        ("silent-alarm", "incident-report")),
    "desk_abandoned": (
        "The desk was left during a threat.",
        "Leaving exposes colleagues and patients and gives up the alarm and phone.",
        "Stay behind the desk, keep distance, and let security come to you.",
        ("silent-alarm",)),
    "estimate_missed": (
        "{title}: a self-pay patient booked {days_out} business days out without a Good "
        "Faith Estimate.",
        "The No Surprises Act requires one; a bill well above it can be disputed.",
        "Tell self-pay patients they can get an estimate and issue it when booking.",
        ("good-faith-estimate", "no-surprises-act", "self-pay")),
    "auth_hold_missed": (
        "{title}: the account needed an authorization hold and none was placed.",
        "Without the hold, services go ahead before billing checks clear.",
        "Place the hold when the account is flagged, and tell the patient why.",
        ("authorization-hold",)),
    "paper_late": (
        "The EHR went down and paper mode did not start within a few minutes.",
        "Without paper, arrivals and bookings are lost or patients wait.",
        "After a short grace period, switch to paper and capture the essentials.",
        ("downtime-procedure", "paper-mode")),
    "it_not_called": (
        "The EHR went down and nobody called IT.",
        "One person must own contact with IT so the outage gets fixed and tracked.",
        "Call IT as soon as the system goes down, and escalate if it lasts.",
        ("downtime-procedure",)),
    "calls_not_rerouted": (
        "The power failed and calls were not moved to the mobile within five minutes.",
        "Patients calling with urgent needs hear nothing.",
        "Forward the lines to the mobile phone right away.",
        ("downtime-procedure",)),
    "maintenance_not_called": (
        "The power failed and maintenance was not called.",
        "Someone has to get the power and backup working again.",
        "Call maintenance at once, then switch to paper.",
        ("downtime-procedure",)),
}


def build_feedback(ctx: ScoreContext, findings: list[Finding], weights: dict[str, int],
                   critical: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Group the lost-point findings into feedback items, most impact first."""
    groups: dict[tuple[str, str], list[Finding]] = defaultdict(list)
    for f in findings:
        # "unfinished" is already explained by the "abandoned" item for the same task.
        if f.lost > 0 and f.code not in SILENT:
            # Replies are taught one by one; every other mistake is grouped by kind.
            sub = f"{f.detail.get('dialogue')}/{f.detail.get('beat')}" if f.code == "reply" else ""
            groups[(f.code, sub)].append(f)
    critical_tasks = {(CRITICAL_CODES.get(c["rule"]), c["task"]) for c in critical}
    items = []
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
            text += f" ({len(group)} times: {', '.join(times[:6])}" + \
                    (", ..." if len(times) > 6 else "") + ")"
        event = ctx.specs[first.task].event_id if first.task in ctx.specs else None
        note = ctx.x.debrief_notes.get(event) if event else None
        items.append({"code": code, "dimension": first.dimension,
                      "competency": first.competency, "clock": times[0], "t": first.t,
                      "task": first.task, "count": len(group), "what": text, "why": why,
                      "expert_move": move, "terms": list(terms), "impact": impact,
                      "critical": crit, "note": note})
    items.sort(key=lambda i: (not i["critical"], -i["impact"], i["t"], i["code"]))
    return items


MEANING_ORDER = ["weak", "harmful", "critical", "good", "best"]
SILENT = frozenset({"unfinished"})

#: Which feedback code explains each default critical-fail rule.
CRITICAL_CODES = {"red_flag_not_routed": "red_flag", "emergency_not_escalated": "emergency_late",
                  "phi_disclosed": "privacy", "desk_abandoned_during_threat": "desk_abandoned",
                  "silent_alarm_late": "alarm_late", "good_faith_estimate_late": "estimate_missed",
                  "discrepancy_missed": "discrepancy_missed",
                  "paper_not_reconciled": "paper_reconciliation",
                  "referral_conflict_not_routed": "conflict_missed", "call_abandoned": "abandoned"}


def _reply_texts(ctx: ScoreContext, f: Finding) -> tuple[str, str, str]:
    """The reply given, the author's reason, and the better reply at that beat."""
    dialogue = ctx.x.dialogues.get(f.detail.get("dialogue") or "", {})
    beat = next((b for b in dialogue.get("beats", []) if b["id"] == f.detail.get("beat")), None)
    if beat is None:
        return TEXTS["reply"][:3]
    said = beat["choices"][f.detail["choice"]]
    best = max(beat["choices"], key=lambda ch: (MEANING_ORDER
                                                .index(ch["meaning"]), len(ch.get("heard", []))))
    stage = str(f.detail.get("stage", "")).replace("_", " ")
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
    used = d.get("identifiers") or ["nothing"]
    d["identifiers_words"] = " and ".join(i.replace("_", " ") for i in used)
    d["planted_words"] = str(d.get("planted", "")).replace("_", " ")
    d["booked_words"] = f"{d.get('type')} with {d.get('provider')}, {d.get('days_out')} days out"
    d["wanted_words"] = f"{d.get('wanted_type')}, about {d.get('wanted_days')} days out"
    d["reconcile_words"] = "never entered" if d.get("wrong") is None else \
        "entered with errors in " + ", ".join(d.get("wrong") or [])
    d["stage_words"] = str(d.get("stage", "")).replace("_", " ")
    d["privacy_words"] = ("their information was disclosed" if d.get("leaked") else
                          "it was shared without checking authorization" if not
                          d.get("verified") else "it was handled without a clear decision")
    d["symptom_words"] = str(d.get("symptom", "")).replace("_", " ")
    d["red_flag_words"] = ("it was booked as a routine appointment" if d.get("booked") else
                           "it was never routed to emergency care" if d.get("after") is None
                           else f"it took {_duration(d['after'])} to route it")
    d["violation_words"] = str(d.get("violation", "")).replace("_", " ")
    d["emergency_words"] = ("never called" if after is None
                            else f"called after {_duration(after)}")
    d["alarm_words"] = "never pressed" if after is None else f"pressed after {_duration(after)}"
    d.setdefault("how", "")
    try:
        return template.format(**d)
    except (KeyError, IndexError, ValueError):
        return template


def _duration(seconds: int) -> str:
    if seconds < 90:
        return f"{seconds} s"
    return f"{seconds // 60} min {seconds % 60:02d} s"
