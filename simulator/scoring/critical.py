"""Critical fails (NREMT style): mistakes that fail the attempt whatever the points say.

Four always apply; a scenario or assessment may add more (``scoring.critical_fails``),
optionally with a tighter time limit or limited to one event.
"""

from __future__ import annotations

from typing import Any

from simulator.protocol import RED_FLAG_ACT_WITHIN
from simulator.scoring.context import ScoreContext
from simulator.scoring.misuse import critical_misuses
from simulator.scoring.obligations_everyday import everyday_breaches

DEFAULT_RULES: tuple[dict[str, Any], ...] = (
    {"id": "red-flag-not-routed", "rule": "red_flag_not_routed",
     "reason": "A caller describing emergency symptoms was not sent to 911 or a clinician "
               "in time."},
    {"id": "emergency-not-escalated", "rule": "emergency_not_escalated",
     "reason": "A medical emergency in the waiting room was not escalated in time."},
    {"id": "phi-disclosed", "rule": "phi_disclosed",
     "reason": "Protected health information was given to someone not authorized to have it."},
    {"id": "desk-abandoned", "rule": "desk_abandoned_during_threat",
     "reason": "The desk was left during a threat, leaving staff and patients unprotected."},
    {"id": "critical-reply", "rule": "critical_reply",
     "reason": "A reply the protocol calls critical was given: medical advice, a downgraded "
               "red flag, a privacy breach, an unkeepable promise or an ignored safety risk."},
    {"id": "false-emergency", "rule": "false_emergency",
     "reason": "Emergency help (the code team, 911 or the silent alarm) was called when "
               "nobody was in danger, pulling responders from real emergencies."},
    {"id": "minor-without-consent", "rule": "minor_without_consent",
     "reason": "A child was checked in on the word of an adult who could not consent, "
               "without reaching a parent or guardian."},
    {"id": "records-released", "rule": "records_released_without_authority",
     "reason": "Records were logged for release without the authorization the request "
               "needed (a subpoena, therapy notes, substance-use records or a third party "
               "the patient had not directed)."},
)


def find_critical(ctx: ScoreContext, extra: tuple[dict[str, Any], ...]) -> list[dict[str, Any]]:
    """Return every critical fail, each with its id, reason, time and task, by time."""
    fails: list[dict[str, Any]] = []
    seen: set[tuple[str, str | None]] = set()
    for rule in DEFAULT_RULES + tuple(extra):
        for t, task in _hits(ctx, rule):
            key = (rule["rule"], task)
            if key in seen:
                continue
            seen.add(key)
            fails.append({"id": rule["id"], "rule": rule["rule"], "reason": rule["reason"],
                          "t": t, "clock": ctx.x.clock(t), "task": task})
    return sorted(fails, key=lambda f: (f["t"], f["id"], f["task"] or ""))


def _task_of_event(ctx: ScoreContext, event: str | None) -> set[str] | None:
    if event is None:
        return None
    return {t.id for t in ctx.x.tasks if t.event_id == event}


def _hits(ctx: ScoreContext, rule: dict[str, Any]) -> list[tuple[int, str | None]]:
    """(time, task) of each breach of one rule."""
    kind = rule["rule"]
    within = rule.get("within_seconds")
    only = _task_of_event(ctx, rule.get("event"))
    hits: list[tuple[int, str | None]] = []

    def add(t: int, task: str | None) -> None:
        if only is None or task in only:
            hits.append((t, task))

    if kind == "red_flag_not_routed":
        for spec in ctx.arrived_specs():
            if not spec.truth.get("red_flag"):
                continue
            limit = within or int(spec.truth.get("act_within", RED_FLAG_ACT_WITHIN))
            routed = ctx.first(spec.id, "RedFlagRouted")
            booked = ctx.first(spec.id, "RedFlagBookedRoutine")
            if booked:
                # Booking or downgrading undoes any routing: the caller is not going to 911.
                add(booked["t"], spec.id)
            elif routed is None or routed["after"] > limit:
                add(ctx.arrived[spec.id] + limit, spec.id)
    elif kind == "emergency_not_escalated":
        for spec in ctx.arrived_specs():
            if spec.kind != "medical_emergency":
                continue
            limit = within or spec.target
            called = next((o for o in ctx.all(spec.id, "EmergencyCalled") if o["needed"]),
                          None)
            if called is None or called["after"] > limit:
                add(ctx.arrived[spec.id] + limit, spec.id)
    elif kind == "phi_disclosed":
        for o in ctx.by_kind.get("PhiDisclosed", []):
            add(o["t"], o.get("task"))
    elif kind == "critical_reply":
        for o in ctx.by_kind.get("ReplyChosen", []):
            # A leak or a downgraded red flag already fails under its own rule.
            if o["meaning"] == "critical" and o["violation"] not in (
                    "phi_disclosure", "downgraded_red_flag"):
                add(o["t"], o.get("task"))
    elif kind == "false_emergency":
        for _, o in critical_misuses(ctx):
            add(o["t"], o.get("task"))
    elif kind == "desk_abandoned_during_threat":
        for o in ctx.by_kind.get("DeskAbandonedDuringThreat", []):
            add(o["t"], o.get("task"))
    elif kind == "silent_alarm_late":
        for spec in ctx.arrived_specs():
            if spec.kind != "threat":
                continue
            limit = within or spec.target
            alarm = next((o for o in ctx.by_kind.get("SilentAlarmTriggered", [])
                          if o["t"] >= ctx.arrived[spec.id]), None)
            if alarm is None or alarm["t"] - ctx.arrived[spec.id] > limit:
                add(ctx.arrived[spec.id] + limit, spec.id)
    elif kind == "good_faith_estimate_late":
        for spec in ctx.arrived_specs():
            if spec.truth.get("estimate_due") and not ctx.first(spec.id, "EstimateIssued"):
                end = ctx.ended.get(spec.id)
                add(end["t"] if end else ctx.x.length, spec.id)
    elif kind == "discrepancy_missed":
        for o in ctx.by_kind.get("InsuranceConfirmed", []):
            if not o["correct"]:
                add(o["t"], o["task"])
    elif kind == "call_abandoned":
        for o in ctx.by_kind.get("CallAbandoned", []) + ctx.by_kind.get("CallMissed", []):
            add(o["t"], o["task"])
    elif kind == "referral_conflict_not_routed":
        for spec in ctx.arrived_specs():
            if not spec.truth.get("conflict"):
                continue
            routed = ctx.first(spec.id, "ItemRouted")
            late = routed is not None and within is not None and \
                routed["t"] - ctx.arrived[spec.id] > within
            if routed is None or routed["to"] not in ("clinician", "nurse") or late:
                add(routed["t"] if routed else ctx.x.length, spec.id)
    elif kind in ("minor_without_consent", "records_released_without_authority"):
        for t, task in everyday_breaches(ctx, kind):
            add(t, task)
    elif kind == "paper_not_reconciled":
        done = {o["entry"]: o for o in ctx.by_kind.get("EntryReconciled", [])}
        for o in ctx.by_kind.get("PaperEntryWritten", []):
            rec = done.get(o["entry"])
            if rec is None or not rec["correct"]:
                add(rec["t"] if rec else ctx.x.length, o["task"])
    return hits
