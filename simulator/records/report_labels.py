"""Words for the cohort report: labels for codes, and times in the reader's time zone.

A trainer reads the report, so no code name (``slow_response``, ``crisis.red-flag-routing``)
and no raw UTC timestamp reaches the page. Competencies and NHA domains are titled by the
curriculum (``curriculum/competencies.yaml``, :data:`~simulator.curriculum.models.NHA_TITLES`);
the kinds of mistake (the ScoreCard feedback codes of :mod:`simulator.scoring.texts`) and
the critical-fail rules get their short names here, because the scoring texts are whole
sentences about one case, not names of a kind.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, tzinfo
from functools import cache

#: Feedback code -> what a trainer calls that kind of mistake.
MISTAKE_LABELS: dict[str, str] = {
    "slow_response": "Slow to respond",
    "abandoned": "Caller or patient left unhelped",
    "priority_inversion": "Urgent work left waiting",
    "identity": "Identity not verified",
    "discrepancy_caught": "Card mismatch missed",
    "false_flag": "Matching card flagged",
    "card_checked": "Insurance card not compared",
    "preauth": "Pre-authorization not requested",
    "referral": "PCP referral missing",
    "needless_referral": "Needless referral request",
    "needless_preauth": "Needless pre-authorization",
    "booked": "Visit not booked as asked",
    "routed": "Sent to the wrong team",
    "conflict_routed": "Medication conflict not routed",
    "telehealth_fixed": "Video visit problem not fixed",
    "visit_moved": "Visit left on an absent clinician's list",
    "paper_reconciliation": "Paper record not reconciled",
    "reply": "Weak or harmful reply",
    "agitation_rose": "Agitation not brought down",
    "conversation_unresolved": "Conversation left unresolved",
    "greeted": "Arrival not greeted",
    "privacy_decision": "Wrong privacy decision",
    "red_flag_routed": "Red-flag call not routed",
    "scope_violation": "Reply beyond the desk's scope",
    "emergency_escalated": "Emergency not escalated in time",
    "ems_called": "911 not called in time",
    "bystanders_moved": "Bystanders not moved away",
    "alarm_raised": "Silent alarm late or missing",
    "desk_abandoned": "Desk left during a threat",
    "estimate": "Good Faith Estimate late",
    "auth_hold": "Billing hold not placed",
    "paper_on_time": "Paper mode started late",
    "it_called": "IT not called",
    "calls_rerouted": "Calls not moved to the cell phone",
    "maintenance_called": "Maintenance not called",
    "copay": "Copay not collected",
    "checked_in": "Patient not checked in",
    "moved": "Visit not moved as asked",
    "cancelled": "Visit not cancelled as asked",
    "patient_notified": "Moved patient not told",
    "false_emergency_call": "Emergency call with nobody in danger",
    "false_alarm": "Silent alarm without a threat",
    "needless_security_call": "Needless security call",
    "needless_support_call": "Needless support call",
    "needless_hold": "Needless hold",
    "needless_cancel": "Visit cancelled unasked",
    "needless_auth_hold": "Needless billing hold",
    "needless_transfer": "Needless transfer",
    "long_hold": "Caller left on hold too long",
    "police_called": "Police not called in time",
    "needless_911_script": "911 script read with no emergency",
    "colleague_911": "911 not called for a caller at risk",
    # The everyday desk.
    "registration_entered": "Registration entered with errors",
    "registration_signed": "Intake forms not signed",
    "eligibility_checked": "Eligibility not checked",
    "eligibility_before": "Worklist visit not verified in time",
    "payment_collected": "Payment collected wrongly",
    "abn_given": "ABN not given",
    "coverage_ordered": "Coverage in the wrong order",
    "guardian_consent": "Minor's consent not checked",
    "interpreter_provided": "No qualified interpreter",
    "records_handled": "Records request mishandled",
    "message_complete": "Incomplete clinical message",
    "critical_result": "Critical lab value not passed on",
    "checkout_done": "Check-out incomplete",
    "drawer_balanced": "Drawer not reconciled",
    "hold_unasked": "Held without asking",
    "needless_form": "Form not called for",
    "family_interpreter": "Family member as interpreter",
    "unqualified_interpreter": "Relative accepted as interpreter",
}

#: Critical-fail rule -> its short name (the reason sentence is shown beside it).
RULE_LABELS: dict[str, str] = {
    "red_flag_not_routed": "Red flag not routed",
    "emergency_not_escalated": "Emergency not escalated",
    "phi_disclosed": "Health information disclosed",
    "desk_abandoned_during_threat": "Desk abandoned during a threat",
    "critical_reply": "Critical reply",
    "false_emergency": "False emergency call",
    "silent_alarm_late": "Silent alarm late",
    "good_faith_estimate_late": "Good Faith Estimate late",
    "discrepancy_missed": "Discrepancy missed",
    "paper_not_reconciled": "Paper record not reconciled",
    "referral_conflict_not_routed": "Referral conflict not routed",
    "call_abandoned": "Call abandoned",
    "minor_without_consent": "Minor checked in without consent",
    "records_released_without_authority": "Records released without authorization",
}

DIMENSION_NAMES = {"prioritization": "Prioritization", "accuracy": "Accuracy",
                   "deescalation": "De-escalation", "compliance": "Compliance",
                   "overall": "Overall"}


def humanize(code: str) -> str:
    """A readable fallback for a code no table names: ``needless_x-y`` -> ``Needless x y``."""
    words = re.sub(r"[_.\-]+", " ", code).strip()
    return words[:1].upper() + words[1:]


def mistake_label(code: str) -> str:
    """The name of a kind of mistake (a feedback code); safety steps read as their step."""
    if code in MISTAKE_LABELS:
        return MISTAKE_LABELS[code]
    if code.startswith("safety_"):
        from simulator.lifesafety import SAFETY_STEPS

        step = code[len("safety_"):]
        label = next((s.label for s in SAFETY_STEPS if s.step == step), humanize(step))
        return f"Safety step missed: {label[:1].lower()}{label[1:]}"
    return humanize(code)


def rule_label(rule: str) -> str:
    """The short name of a critical-fail rule."""
    return RULE_LABELS.get(rule) or humanize(rule)


def dimension_label(dim: str) -> str:
    """The name of a scoring dimension."""
    return DIMENSION_NAMES.get(dim) or humanize(dim)


@cache
def _competency_titles() -> dict[str, str]:
    from simulator.curriculum import load_curriculum

    try:
        return {c.id: c.title for c in load_curriculum().competencies}
    except Exception:  # noqa: BLE001 - a report must still render if the curriculum is broken
        return {}


def competency_label(cid: str) -> str:
    """The curriculum's title of a competency (a readable fallback for an unknown id)."""
    title = _competency_titles().get(cid)
    if title:
        return title
    return humanize(cid.split(".", 1)[-1])


def domain_label(domain: str) -> str:
    """The NHA CMAA domain's display name."""
    from simulator.curriculum.models import NHA_TITLES

    return NHA_TITLES.get(domain) or humanize(domain)


def local_zone() -> tzinfo:
    """This machine's local time zone (with its abbreviation, e.g. CET)."""
    zone = datetime.now().astimezone().tzinfo
    return zone if zone is not None else UTC


def parse_time(value: str | None) -> datetime | None:
    """A stored ISO 8601 time as an aware datetime (UTC if it carries no offset)."""
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def zone_name(moment: datetime) -> str:
    """The zone's abbreviation, or its UTC offset when it has none (``+0530``)."""
    name = moment.tzname() or ""
    if not name or name[:1] in "+-":
        return "UTC" + offset_text(moment) if moment.utcoffset() else "UTC"
    return name


def offset_text(moment: datetime) -> str:
    """``moment``'s UTC offset as ``%z`` writes it (``+0100``; empty when naive).

    Written out because the CSV needs it for every row and ``strftime`` is slow.
    """
    offset = moment.utcoffset()
    if offset is None:
        return ""
    seconds = int(offset.total_seconds())
    sign = "-" if seconds < 0 else "+"
    hours, rest = divmod(abs(seconds), 3600)
    minutes, secs = divmod(rest, 60)
    return f"{sign}{hours:02d}{minutes:02d}" + (f"{secs:02d}" if secs else "")


def stamp(moment: datetime) -> str:
    """``moment`` as ``2026-12-03 09:30:00`` (its own zone, no offset)."""
    if moment.year < 1000:  # isoformat pads the year to four digits, strftime does not
        return f"{moment:%Y-%m-%d %H:%M:%S}"
    return moment.replace(tzinfo=None, microsecond=0).isoformat(" ")


def local_time(value: str | None, tz: tzinfo | None = None) -> str:
    """A stored UTC time as people read it: ``3 Dec 2026, 09:30 CET`` (empty if none)."""
    moment = parse_time(value)
    if moment is None:
        return value or ""
    moment = moment.astimezone(tz or local_zone())
    return f"{moment.day} {moment:%b %Y, %H:%M} {zone_name(moment)}"


def local_stamp(value: str | None, tz: tzinfo | None = None) -> str:
    """A stored UTC time for a spreadsheet: ``2026-12-03 09:30:00`` in the local zone."""
    moment = parse_time(value)
    if moment is None:
        return value or ""
    return stamp(moment.astimezone(tz or local_zone()))


def zone_column(value: str | None, tz: tzinfo | None = None) -> str:
    """The zone a :func:`local_stamp` is in: ``CET +0100``."""
    moment = parse_time(value)
    if moment is None:
        return ""
    moment = moment.astimezone(tz or local_zone())
    return f"{zone_name(moment)} {offset_text(moment)}".strip()
