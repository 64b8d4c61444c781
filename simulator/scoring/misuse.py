"""Unwarranted actions: the right tool used where the situation did not call for it.

Pressing the alarm, calling the code, reading the 911 script, holding, transferring,
flagging or cancelling are skills only where they fit. Used elsewhere they cost points in
the dimension :data:`simulator.protocol.MISUSES` names, and the critical ones fail the
attempt. The engine records, for each such action, whether it was needed; this module only
reads that verdict.
"""

from __future__ import annotations

from simulator.protocol import DESK_ROUTES, MISUSES
from simulator.scoring.context import Finding, Outcome, ScoreContext

#: The outcome kinds :func:`_misuse_of` judges (every other kind is never a misuse).
JUDGED = frozenset({
    "EmergencyInstructed", "EmergencyCalled", "SilentAlarmTriggered", "SupportCalled",
    "CallHeld", "AppointmentCancelled", "DiscrepancyFlagged", "PreauthRequested",
    "ReferralChecked", "AuthHoldPlaced", "CallTransferred", "FormSubmitted"})


def misuses(ctx: ScoreContext) -> list[tuple[str, Outcome]]:
    """Every unwarranted action in the shift, as (misuse code, the outcome), in time order."""
    if ctx.misuses is None:
        found: list[tuple[str, Outcome]] = []
        for o in ctx.outcomes:
            if o["kind"] in JUDGED:
                code = _misuse_of(ctx, o)
                if code is not None:
                    found.append((code, o))
        ctx.misuses = found  # scoring asks twice (points, then critical fails)
    return list(ctx.misuses)


def _misuse_of(ctx: ScoreContext, o: Outcome) -> str | None:
    kind = o["kind"]
    if kind == "EmergencyInstructed" and not o["red_flag"]:
        return "needless_911_script"
    if kind == "EmergencyCalled" and not o["needed"]:
        return "false_emergency_call"
    if kind == "SilentAlarmTriggered" and not o.get("warranted", o["during_threat"]):
        return "false_alarm"
    if kind == "SupportCalled" and not o["relevant"] and o["first"]:
        return "needless_security_call" if o["who"] == "security" else "needless_support_call"
    if kind == "CallHeld" and o.get("reason", "") is None:
        return "needless_hold"
    if kind == "AppointmentCancelled" and not o["expected"]:
        return "needless_cancel"
    if kind == "DiscrepancyFlagged" and o["expected"] is None:
        return "false_flag"
    if kind == "PreauthRequested" and not o["needed"]:
        return "needless_preauth"
    if kind == "ReferralChecked" and not o["needed"]:
        return "needless_referral"
    if kind == "AuthHoldPlaced" and not o["needed"]:
        return "needless_auth_hold"
    if kind == "CallTransferred" and o.get("expected") in DESK_ROUTES and not o["red_flag"]:
        return "needless_transfer"
    if kind == "CallHeld" and not o.get("asked") and o["by"] == "trainee" \
            and o.get("reason") != "an emergency":
        return "hold_unasked"
    if kind == "FormSubmitted":
        if o["form"] == "interpreter" and o["fields"].get("interpreter") == "family_member":
            return "family_interpreter"
        if not o["due"]:
            return "needless_form"
    return None


def collect(ctx: ScoreContext) -> list[Finding]:
    """One lost-points finding per unwarranted action."""
    out = []
    for code, o in misuses(ctx):
        m = MISUSES[code]
        out.append(Finding(m.dimension, m.competency, code, o.get("task"), o["t"], m.points, 0,
                           {"to": o.get("to"), "flagged": o.get("field")}))
    return out


def critical_misuses(ctx: ScoreContext) -> list[tuple[str, Outcome]]:
    """The unwarranted actions that fail the attempt on their own."""
    return [(code, o) for code, o in misuses(ctx) if MISUSES[code].critical]
