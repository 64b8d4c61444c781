"""The desk's protocol: every domain rule, written once.

What a competent secretary owes each piece of work (its *obligations*), the deadlines, the
right routes, which commands make sense for which kind of task, and which dimension and
competency each rule belongs to. The generator, the engine's rules, the bots and scoring
import these; none of them restates a rule (../shared/DOMAIN.md is the source).

Pure data and small functions: no pygame, no clock, no randomness.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final, Literal

from simulator.everyday.duties import DUTIES, covers_card, covers_copay, owed
from simulator.lifesafety import (
    POLICE_WITHIN,
    SAFETY_STEPS,
    police_owed,
    safety_steps,
    stays_on_line,
)
from simulator.model import Patient, TaskSpec

Dimension = Literal["prioritization", "accuracy", "deescalation", "compliance"]
#: The four scored dimensions, in report order.
DIMENSIONS: Final[tuple[Dimension, ...]] = (
    "prioritization", "accuracy", "deescalation", "compliance")

# -- time ----------------------------------------------------------------------------------

#: Response targets (shift seconds) per task kind: when the first response should come.
TARGETS: Final[dict[str, int]] = {
    "checkin": 60, "walk_in": 60, "call": 20, "inbox": 7200, "ehr_outage": 300,
    "power_outage": 180, "angry_patient": 120, "callout": 900, "medical_emergency": 90,
    "threat": 60, "privacy_request": 60, "telehealth": 120, "checkout": 120,
    "records_request": 120, "worklist": 7200, "drawer": 1800}
#: A red-flag caller must be routed to emergency care within this many seconds (dispatch:
#: recognise within 90 s, act within 150 s).
RED_FLAG_ACT_WITHIN: Final = 150
#: An arrival is greeted with a wait time within this many seconds (AIDET's Acknowledge).
GREET_WITHIN: Final = 120
#: Switch to paper this long after the EHR's grace period, at the latest.
PAPER_LATE_AFTER_GRACE: Final = 300
#: Default grace before the downtime procedure starts.
EHR_GRACE: Final = 300
#: Reroute the lines to the mobile within this many seconds of a power failure.
REROUTE_WITHIN: Final = 300
#: A caller is kept on hold one minute at most (the common service standard).
HOLD_LIMIT: Final = 60
#: A person counts as helped when at least this share (%) of what their task owed was done;
#: answering fast and then doing the wrong thing is not help.
HELPED_SHARE: Final = 50

# -- the clock a person lives (DOMAIN.md 6b) ---------------------------------------------------
#: Channels where a person is present and waiting for the desk: while any of their tasks is
#: open the clock never runs faster than the scenario's gentle busy factor.
PRESENT_CHANNELS: Final = frozenset({"desk", "phone"})
#: Background work (no one is waiting in real time): it holds the clock at the busy factor
#: only until the desk first responds to it; an inbox item never does.
BACKGROUND_UNTIL_RESPONSE: Final = frozenset({"system"})
#: The fastest the clock may run while someone needs the trainee.
BUSY_SCALE_MAX: Final = 2.0


def waits_on_trainee(channel: str, responded: bool) -> bool:
    """Whether an open task of this channel keeps the clock at (near) real time.

    Args:
        channel: The task's channel (desk, phone, inbox, system).
        responded: Whether the desk has made its first response to it.
    """
    if channel in PRESENT_CHANNELS:
        return True
    return channel in BACKGROUND_UNTIL_RESPONSE and not responded


# -- identity and privacy --------------------------------------------------------------------

#: Identifiers that identify a person; a room number or appointment time never does.
VALID_IDENTIFIERS: Final = frozenset({"name", "dob", "phone", "address", "member_id"})
#: Call types whose caller must be identified before the record is used.
IDENTITY_CALLS: Final = frozenset({"scheduling", "reschedule", "cancel", "refill", "results",
                                   "billing", "insurance", "records"})


def is_identified(identifiers: tuple[str, ...] | list[str]) -> bool:
    """True when at least two accepted identifiers were checked."""
    return len(set(identifiers) & VALID_IDENTIFIERS) >= 2


def needs_identity(spec: TaskSpec) -> bool:
    """True for tasks whose person must be identified before their record is used."""
    if spec.truth.get("red_flag"):
        return False  # life first: nobody asks a stroke caller for a date of birth
    if spec.kind in ("checkin", "walk_in"):
        return True
    if spec.kind == "records_request":
        # The patient asking for their own record proves who they are first.
        return spec.request.get("requester") == "patient"
    return spec.kind == "call" and spec.request.get("call_type") in IDENTITY_CALLS


# -- insurance and billing -------------------------------------------------------------------

#: The card field where each planted discrepancy shows.
FIELD_OF: Final[dict[str, str]] = {
    "dob_typo": "dob", "member_id_transposed": "member_id", "expired_plan": "expiry",
    "wrong_payer": "payer"}
def needs_preauth(preauth_list: list[str] | tuple[str, ...], type_id: str | None) -> bool:
    """True when the payer's pre-authorization list names the visit type.

    The list is on the desk's screen: a trainee who checks it knows, and nothing else
    decides it (an office visit rarely needs one; DOMAIN.md section 5).
    """
    return type_id is not None and type_id in preauth_list


def needs_referral(referral_list: list[str] | tuple[str, ...], type_id: str | None) -> bool:
    """True when the payer's referral list names the visit type.

    An HMO plan often pays for a specialist or new-patient visit only with a referral from
    the patient's primary care provider (PCP) on file; that is a referral, not a prior
    authorization (DOMAIN.md section 5). The list is on the desk's screen, as above.
    """
    return type_id is not None and type_id in referral_list


#: A self-pay service booked this many business days out or more needs a Good Faith Estimate.
ESTIMATE_MIN_DAYS: Final = 3
#: After a call-out voicemail, the desk calls the patient again no sooner than this
#: (seconds): a message is not telling them, and they pick up the second time.
CALL_AGAIN_AFTER: Final = 10 * 60

# -- routing ---------------------------------------------------------------------------------

#: Where each call type goes: a desk action (schedule, reschedule, cancel) or a team.
CALL_ROUTES: Final[dict[str, str]] = {
    "scheduling": "schedule", "reschedule": "reschedule", "cancel": "cancel",
    "refill": "nurse", "results": "nurse", "billing": "billing", "insurance": "billing",
    "records": "records", "general": "office"}
#: Teams that count as clinical: a nurse and a clinician are interchangeable for a route.
CLINICAL_ROUTES: Final = frozenset({"nurse", "clinician"})
#: Call routes that are desk work rather than a hand-off.
DESK_ROUTES: Final = frozenset({"schedule", "reschedule", "cancel"})
#: The fix each telehealth problem needs.
TELEHEALTH_FIX: Final[dict[str, str]] = {
    "cannot_connect": "resend_link", "wrong_link": "resend_link",
    "no_consent_on_file": "record_consent", "patient_travelling": "convert_in_person"}


def route_is_correct(to: str, expected: str | None) -> bool:
    """True when ``to`` is the right destination for an item that should go to ``expected``."""
    if expected is None:
        return False
    return to == expected or (to in CLINICAL_ROUTES and expected in CLINICAL_ROUTES)


# -- which commands make sense where ---------------------------------------------------------

_CALL_WORK = frozenset({"check_identity", "schedule", "reschedule", "cancel", "route",
                        "issue_estimate", "instruct_911", "call_emergency", "choose_reply",
                        "request_preauth", "submit_form"})
_DESK_WORK = frozenset({"acknowledge", "check_identity", "confirm_insurance",
                        "flag_discrepancy", "request_preauth", "check_referral", "auth_hold",
                        "collect_copay", "check_in", "schedule", "reschedule", "cancel",
                        "issue_estimate", "choose_reply", "call_emergency",
                        "check_eligibility", "submit_form"})
#: Task-addressed commands that make sense for each kind of task. Anything else is refused
#: by the engine with a reason, and the desk never offers it: one rule for both.
COMMANDS_FOR_KIND: Final[dict[str, frozenset[str]]] = {
    "checkin": _DESK_WORK,
    "walk_in": _DESK_WORK,
    "call": _CALL_WORK,
    "inbox": frozenset({"route"}),
    "privacy_request": frozenset({"acknowledge", "check_identity", "verify_authority",
                                  "disclose", "refuse_disclosure", "choose_reply", "route"}),
    "angry_patient": frozenset({"check_identity", "choose_reply", "route"}),
    "telehealth": frozenset({"check_identity", "fix_telehealth", "choose_reply"}),
    "callout": frozenset({"reschedule", "cancel", "notify_patient"}),
    "medical_emergency": frozenset({"call_emergency", "move_bystanders", "safety_step"}),
    "threat": frozenset({"choose_reply", "move_bystanders", "call_emergency", "safety_step"}),
    "ehr_outage": frozenset(),
    "power_outage": frozenset({"safety_step"}),
    "checkout": frozenset({"acknowledge", "schedule", "submit_form", "choose_reply",
                           "check_eligibility"}),
    "records_request": frozenset({"acknowledge", "check_identity", "submit_form",
                                  "choose_reply"}),
    "worklist": frozenset({"check_eligibility"}),
    "drawer": frozenset({"submit_form"}),
}
#: Commands that only select or look: always allowed on an open task.
NEUTRAL_COMMANDS: Final = frozenset({"select_task"})

_KIND_WORDS: Final[dict[str, str]] = {
    "checkin": "a check-in", "walk_in": "a walk-in", "call": "a phone call",
    "inbox": "an inbox item", "privacy_request": "a request for someone's information",
    "angry_patient": "an upset patient", "telehealth": "a telehealth visit",
    "callout": "a clinician's call-out", "medical_emergency": "a medical emergency",
    "threat": "a threat", "ehr_outage": "an EHR outage", "power_outage": "a power outage",
    "checkout": "a check-out", "records_request": "a records request",
    "worklist": "an eligibility worklist", "drawer": "the cash drawer"}


def command_refusal(command_type: str, task_kind: str) -> str | None:
    """Why a command makes no sense for a task of ``task_kind``, or None when it does."""
    if command_type in NEUTRAL_COMMANDS:
        return None
    if command_type in COMMANDS_FOR_KIND.get(task_kind, frozenset()):
        return None
    what = command_type.replace("_", " ")
    return f"'{what}' makes no sense for {_KIND_WORDS.get(task_kind, task_kind)}"


# -- obligations -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Obligation:
    """One thing a task owes, whatever the trainee did with it.

    Attributes:
        code: Stable id (the debrief's texts and scoring's checks are keyed by it).
        dimension: The score dimension it counts in.
        competency: The curriculum competency it evidences.
        points: Points at stake.
        detail: Facts the check and the debrief need (e.g. which slot).
    """

    code: str
    dimension: Dimension
    competency: str
    points: int
    detail: tuple[tuple[str, Any], ...] = ()

    def fact(self, key: str, default: Any = None) -> Any:
        """One fact from ``detail``."""
        return dict(self.detail).get(key, default)


def _ob(code: str, dimension: Dimension, competency: str, points: int,
        **detail: Any) -> Obligation:
    return Obligation(code, dimension, competency, points, tuple(sorted(detail.items())))


#: Seconds from a collapse by which 911 should have been called as well as the code.
EMS_WITHIN: Final = 180

#: Points at stake per obligation code (one table, so the weights read side by side).
POINTS: Final[dict[str, int]] = {
    "identity": 3, "card_checked": 3, "discrepancy_caught": 5, "preauth": 3, "referral": 3,
    "copay": 2,
    "checked_in": 2, "greeted": 2, "booked": 4, "moved": 4, "cancelled": 3, "routed": 2,
    "conflict_routed": 4, "telehealth_fixed": 3, "visit_moved": 2, "patient_notified": 3,
    "privacy_decision": 5, "red_flag_routed": 10, "emergency_escalated": 8, "ems_called": 4,
    "bystanders_moved": 2, "alarm_raised": 8, "estimate": 5, "auth_hold": 3,
    "paper_on_time": 3, "it_called": 2, "calls_rerouted": 3, "maintenance_called": 2,
    "police_called": 5, "colleague_911": 6,
    **{code: duty.points for code, duty in DUTIES.items()},
    **{f"safety_{s.step}": s.points for s in SAFETY_STEPS},
}


def obligations(spec: TaskSpec, patient: Patient | None,
                systems: dict[str, dict[str, Any]] | None = None) -> tuple[Obligation, ...]:
    """Everything a competent secretary owes this task, from its kind and hidden truths.

    Args:
        spec: The task.
        patient: Its patient, if it has one.
        systems: The shift's system events by event id (for outages: grace, backup).

    Returns:
        The obligations, in the order a trainer would check them.
    """
    out: list[Obligation] = []
    truth, req, kind = spec.truth, spec.request, spec.kind
    insured = patient is not None and patient.record is not None
    if needs_identity(spec):
        # HIPAA: identity is verified before the record is opened or changed.
        out.append(_ob("identity", "compliance", "privacy.identity-verification",
                       POINTS["identity"]))
    if kind in ("checkin", "walk_in"):
        if kind == "walk_in":
            out.append(_ob("booked", "accuracy", "organization.scheduling", POINTS["booked"],
                           wanted_type=req.get("appointment_type"), wanted_days=0))
        if insured and not covers_card(spec):
            planted = truth.get("discrepancy")
            if planted:
                out.append(_ob("discrepancy_caught", "accuracy",
                               "technology.insurance-verification",
                               POINTS["discrepancy_caught"], planted=planted,
                               field=FIELD_OF[planted]))
            else:
                out.append(_ob("card_checked", "accuracy", "technology.insurance-verification",
                               POINTS["card_checked"]))
        if insured and not covers_copay(spec):
            out.append(_ob("copay", "accuracy", "technology.time-of-service-collection",
                           POINTS["copay"]))
        if truth.get("needs_preauth") and insured:
            out.append(_ob("preauth", "accuracy", "technology.preauthorization",
                           POINTS["preauth"]))
        if truth.get("needs_referral") and insured:
            # An HMO pays for this visit only with the PCP's referral on file.
            out.append(_ob("referral", "accuracy", "technology.preauthorization",
                           POINTS["referral"]))
        out.append(_ob("checked_in", "accuracy", "technology.check-in-records",
                       POINTS["checked_in"]))
        if spec.channel == "desk":
            out.append(_ob("greeted", "deescalation", "communication.acknowledge-and-inform",
                           POINTS["greeted"], within=GREET_WITHIN))
    if kind == "call" and not truth.get("red_flag"):
        out.extend(_call_purpose(spec))
    if kind == "inbox":
        code = "conflict_routed" if truth.get("conflict") else "routed"
        out.append(_ob(code, "accuracy", "workflow.referral-routing", POINTS[code],
                       expected=truth.get("route")))
    if truth.get("red_flag"):
        out.append(_ob("red_flag_routed", "compliance", "crisis.red-flag-routing",
                       POINTS["red_flag_routed"],
                       within=int(truth.get("act_within", RED_FLAG_ACT_WITHIN))))
    if kind == "privacy_request":
        out.append(_ob("privacy_decision", "compliance", "privacy.minimum-necessary",
                       POINTS["privacy_decision"], authorized=bool(truth.get("authorized"))))
    if kind == "telehealth":
        out.append(_ob("telehealth_fixed", "accuracy", "technology.check-in-records",
                       POINTS["telehealth_fixed"], expected=truth.get("fix")))
    if kind == "callout":
        for slot in req.get("slots", []):
            out.append(_ob("visit_moved", "accuracy", "organization.rescheduling",
                           POINTS["visit_moved"], slot=slot))
            # Moving a visit is half the job; the patient who is not told still travels in.
            out.append(_ob("patient_notified", "deescalation", "organization.rescheduling",
                           POINTS["patient_notified"], slot=slot))
    if kind == "medical_emergency":
        out.append(_ob("emergency_escalated", "compliance", "crisis.medical-emergency",
                       POINTS["emergency_escalated"], within=spec.target))
        # The code team cannot transport: 911 is called too, soon after (DOMAIN.md 1.5).
        out.append(_ob("ems_called", "compliance", "crisis.medical-emergency",
                       POINTS["ems_called"], within=EMS_WITHIN))
        if req.get("family_present"):
            out.append(_ob("bystanders_moved", "compliance", "crisis.medical-emergency",
                           POINTS["bystanders_moved"]))
        out.extend(_safety(kind, req, "crisis.medical-emergency"))
    if kind == "threat":
        out.append(_ob("alarm_raised", "compliance", "crisis.threat-response",
                       POINTS["alarm_raised"], within=spec.target))
        if police_owed(req):
            # Someone is threatened: police per policy; small practices have no guard.
            out.append(_ob("police_called", "compliance", "crisis.threat-response",
                           POINTS["police_called"], within=POLICE_WITHIN))
        out.extend(_safety(kind, req, "crisis.threat-response"))
    if truth.get("red_flag") and stays_on_line(truth) and truth.get("imminent"):
        # Imminent risk: a colleague calls 911 while the desk keeps the caller talking.
        out.append(_ob("colleague_911", "compliance", "crisis.red-flag-routing",
                       POINTS["colleague_911"], within=int(truth.get("act_within",
                                                                      RED_FLAG_ACT_WITHIN))))
    if truth.get("estimate_due"):
        out.append(_ob("estimate", "compliance", "privacy.no-surprises-act", POINTS["estimate"],
                       days_out=req.get("days_out")))
    if truth.get("auth_hold"):
        out.append(_ob("auth_hold", "compliance", "technology.preauthorization",
                       POINTS["auth_hold"]))
    if kind == "checkout" and req.get("follow_up"):
        wanted = req["follow_up"]
        out.append(_ob("booked", "accuracy", "organization.scheduling", POINTS["booked"],
                       wanted_type=wanted.get("appointment_type"),
                       wanted_provider=wanted.get("provider"),
                       wanted_days=wanted.get("days_out")))
    for code, facts in owed(spec):
        duty = DUTIES[code]
        out.append(_ob(code, duty.dimension, duty.competency, duty.points, **facts))
    out.extend(_system_obligations(spec, (systems or {}).get(spec.event_id or "", {})))
    return tuple(out)


def _call_purpose(spec: TaskSpec) -> list[Obligation]:
    """What a routine caller called for: a booking, a move, a cancellation or a hand-off."""
    route = spec.truth.get("route")
    req = spec.request
    if route == "schedule":
        return [_ob("booked", "accuracy", "organization.scheduling", POINTS["booked"],
                    wanted_type=req.get("appointment_type"),
                    wanted_provider=req.get("provider"), wanted_days=req.get("days_out"))]
    if route == "reschedule":
        return [_ob("moved", "accuracy", "organization.rescheduling", POINTS["moved"])]
    if route == "cancel":
        return [_ob("cancelled", "accuracy", "organization.scheduling", POINTS["cancelled"])]
    if route is None:
        return []
    return [_ob("routed", "accuracy", "workflow.referral-routing", POINTS["routed"],
                expected=route)]


def _system_obligations(spec: TaskSpec, event: dict[str, Any]) -> list[Obligation]:
    if spec.kind == "ehr_outage":
        grace = int(event.get("grace", EHR_GRACE))
        return [_ob("paper_on_time", "compliance", "crisis.downtime-procedure",
                    POINTS["paper_on_time"], within=grace + PAPER_LATE_AFTER_GRACE,
                    grace=grace),
                _ob("it_called", "compliance", "crisis.downtime-procedure",
                    POINTS["it_called"])]
    if spec.kind == "power_outage" and event.get("backup_fails", True):
        # No backup: screens are dark, so the desk goes to paper at once (no grace).
        return [_ob("calls_rerouted", "compliance", "crisis.power-outage",
                    POINTS["calls_rerouted"], within=REROUTE_WITHIN),
                _ob("paper_on_time", "compliance", "crisis.power-outage",
                    POINTS["paper_on_time"], within=REROUTE_WITHIN, grace=0),
                _ob("maintenance_called", "compliance", "crisis.power-outage",
                    POINTS["maintenance_called"]),
                *_safety("power_outage", event, "crisis.power-outage")]
    return []


def _safety(kind: str, facts: dict[str, Any], competency: str) -> list[Obligation]:
    return [_ob(f"safety_{s.step}", "compliance", competency, s.points, within=s.within,
                step=s.step)
            for s in safety_steps(kind, facts)]



# -- unwarranted actions ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Misuse:
    """An action used where the situation did not call for it.

    Attributes:
        code: Stable id.
        dimension: Where it costs.
        competency: The competency it shows a gap in.
        points: Points lost each time.
        critical: Whether it fails the attempt whatever the points.
    """

    code: str
    dimension: Dimension
    competency: str
    points: int
    critical: bool = False


#: Each kind of unwarranted action, what it costs and whether it is critical.
MISUSES: Final[dict[str, Misuse]] = {m.code: m for m in (
    # Sending a routine caller to 911 denies them the help they asked for and ties up
    # emergency lines; it is over-triage, serious but not a critical fail.
    Misuse("needless_911_script", "compliance", "crisis.red-flag-routing", 5),
    # Calling the code team or 911 for nobody pulls clinicians off patients and sends an
    # ambulance for nothing: a false emergency call.
    Misuse("false_emergency_call", "compliance", "crisis.medical-emergency", 8, critical=True),
    # A silent alarm without a threat brings police or security to a calm waiting room.
    Misuse("false_alarm", "compliance", "crisis.threat-response", 8, critical=True),
    Misuse("needless_security_call", "compliance", "crisis.threat-response", 3),
    Misuse("needless_support_call", "compliance", "workflow.boundaries-and-support", 1),
    # Holding a caller when nothing else needs the desk only makes them wait.
    Misuse("needless_hold", "prioritization", "organization.phone-management", 3),
    # A visit nobody asked to cancel, cancelled: the patient loses their care.
    Misuse("needless_cancel", "accuracy", "organization.rescheduling", 4),
    Misuse("false_flag", "accuracy", "technology.insurance-verification", 2),
    Misuse("needless_preauth", "accuracy", "technology.preauthorization", 1),
    # Sending a patient back to their PCP for a referral the plan does not need delays care.
    Misuse("needless_referral", "accuracy", "technology.preauthorization", 1),
    Misuse("needless_auth_hold", "accuracy", "technology.preauthorization", 2),
    Misuse("needless_transfer", "accuracy", "workflow.referral-routing", 2),
    # "May I put you on hold?" and a yes come first; a caller who said no is not held.
    Misuse("hold_unasked", "deescalation", "organization.phone-management", 1),
    # A form the situation did not call for (an ABN for a plan that is not Medicare, a
    # guardian check for an adult) wastes the patient's time and clutters the record.
    Misuse("needless_form", "accuracy", "technology.registration-intake", 1),
    # A relative, above all a child, never interprets clinical matters (ACA section 1557).
    Misuse("family_interpreter", "compliance", "communication.language-access", 3),
)}
