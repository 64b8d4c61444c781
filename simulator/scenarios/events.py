"""Scripted events: the situations a scenario places at given clock times.

Each event kind is one model; together they form a union discriminated on ``kind``. Every
situation in DOMAIN.md section 1 and the call, privacy and billing situations of sections
3 to 5 has a kind here.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from simulator.scenarios.events_everyday import (
    CashDrawer,
    Checkout,
    ClinicalMessage,
    DeskVisit,
    EligibilityWorklist,
    RecordsRequest,
)
from simulator.scenarios.types import ClockTime, Slug, Strict, Text

RedFlagSymptom = Literal[
    "chest_pain", "stroke_signs", "breathing_difficulty", "heavy_bleeding", "seizure",
    "throat_swelling", "overdose", "severe_injury", "suicidal_intent", "vision_loss",
    "floppy_child", "child_breathing",
]


class EventBase(Strict):
    """Fields every event has."""

    at: ClockTime = Field(description="Clock time the event starts.")
    id: Slug | None = Field(None, description="Optional id, for debrief notes and rules.")
    note: Text | None = Field(None, description="Trainer's note; never shown to the trainee.")


class EhrOutage(EventBase):
    """The EHR goes down: paper mode after a grace period, reconcile when it returns."""

    kind: Literal["ehr_outage"]
    minutes: int = Field(ge=1, le=600)
    grace_minutes: int = Field(5, ge=0, le=60,
                               description="Minutes to wait before switching to paper.")


class PowerOutage(EventBase):
    """Power fails; if the backup fails too, desk phones and screens go dark."""

    kind: Literal["power_outage"]
    minutes: int = Field(ge=1, le=600)
    backup_fails: bool = True
    elevator: bool = Field(True, description="The building has an elevator, which stops "
                           "when the power fails: someone checks it for anyone trapped.")
    vaccine_fridge: bool = Field(True, description="A vaccine fridge that must stay shut "
                                 "with its temperature logged.")
    burning_smell: bool = Field(False, description="Someone reports a burning or exhaust "
                                "smell: the desk reports it, never calls it safe.")


class AngryPatient(EventBase):
    """A patient arrives (or calls) with a grievance, played through a dialogue."""

    kind: Literal["angry_patient"]
    grievance: Literal["billing", "wait_time", "provider_absent", "insurance_denial",
                       "records", "other"]
    dialogue: Slug
    channel: Literal["in_person", "phone"] = "in_person"
    threatens_review: bool = False


class ClinicianCallout(EventBase):
    """A clinician calls in sick: their day must be moved and patients told."""

    kind: Literal["clinician_callout"]
    provider: Slug
    reason: Literal["sick", "family_emergency", "other"] = "sick"
    coverage: Slug | None = Field(None, description="Provider who can absorb some visits.")


class MedicalEmergency(EventBase):
    """Someone in the waiting room needs emergency care now."""

    kind: Literal["medical_emergency"]
    presentation: Literal["collapse", "seizure", "chest_pain", "breathing_difficulty",
                          "heavy_bleeding", "fall", "allergic_reaction"]
    person: Literal["patient", "companion", "visitor"] = "patient"
    family_present: bool = False
    target_seconds: int = Field(90, ge=10, le=900,
                                description="Time to call the code or 911.")


class Threat(EventBase):
    """A threatening person at the desk or on the phone."""

    kind: Literal["threat"]
    person: Literal["patient", "companion", "visitor", "caller"] = "visitor"
    behaviour: Literal["shouting", "verbal_threat", "weapon_shown", "property_damage"]
    threatens_patient: bool = Field(False, description="The threat is aimed at a patient "
                                    "in the waiting room: they are warned and escorted "
                                    "privately, and police (911) are called.")
    dialogue: Slug | None = None
    target_seconds: int = Field(60, ge=10, le=900,
                                description="Time to trigger the silent alarm.")


class RedFlagCall(EventBase):
    """A call whose words are a red flag: route to 911 or the duty clinician at once."""

    kind: Literal["red_flag_call"]
    symptom: RedFlagSymptom
    caller: Literal["patient", "relative", "caregiver"] = "patient"
    can_call_911: bool = Field(True, description="False: the desk calls 911 for them.")
    imminent: bool = Field(False, description="Suicidal intent with a plan or means at "
                           "hand: a colleague calls 911 while the desk keeps them talking.")
    asks_for: Literal["appointment", "advice", "refill", "callback"] = "appointment"
    words: Text | None = Field(None, max_length=400, description="What the caller says "
                               "(default: a phrase for the symptom). Write real callers: "
                               "vague, and asking for something ordinary.")
    dialogue: Slug | None = None
    target_seconds: int = Field(150, ge=10, le=900,
                                description="Time to direct the caller to 911/clinician.")


class PrivacyRequest(EventBase):
    """Someone asks for a patient's information; they may not be authorized."""

    kind: Literal["privacy_request"]
    channel: Literal["phone", "in_person"] = "phone"
    requester: Literal["spouse", "parent_of_adult", "adult_child", "employer", "friend",
                       "attorney", "other_clinic", "unknown"]
    authorized: bool = False
    asks_for: Literal["appointment_times", "test_results", "diagnosis", "balance",
                      "address", "records"]
    dialogue: Slug | None = None


class ReferralConflict(EventBase):
    """A referral arrives whose medication list conflicts with the planned care."""

    kind: Literal["referral_conflict"]
    medication: Text = Field(max_length=80)
    conflict: Text = Field(max_length=200)
    specialty: Text = Field(max_length=80)


class InsuranceProblem(EventBase):
    """A specific patient arrives with a planted insurance problem."""

    kind: Literal["insurance_problem"]
    problem: Literal["expired_plan", "member_id_transposed", "wrong_payer", "dob_typo",
                     "preauth_missing", "auth_hold"]
    appointment_type: Slug | None = None


class GoodFaithEstimate(EventBase):
    """A self-pay or uninsured patient schedules a service: a Good Faith Estimate is due."""

    kind: Literal["good_faith_estimate"]
    service: Slug = Field(description="Appointment type id being scheduled.")
    business_days_out: int = Field(ge=0, le=90)
    requested: bool = False
    channel: Literal["phone", "in_person"] = "phone"


class TelehealthProblem(EventBase):
    """A telehealth visit goes wrong before it starts."""

    kind: Literal["telehealth_problem"]
    problem: Literal["cannot_connect", "no_consent_on_file", "wrong_link", "patient_travelling"]


Event = Annotated[
    EhrOutage | PowerOutage | AngryPatient | ClinicianCallout | MedicalEmergency | Threat
    | RedFlagCall | PrivacyRequest | ReferralConflict | InsuranceProblem | GoodFaithEstimate
    | TelehealthProblem | DeskVisit | Checkout | RecordsRequest | ClinicalMessage
    | EligibilityWorklist | CashDrawer,
    Field(discriminator="kind"),
]

EVENT_KINDS: tuple[str, ...] = (
    "ehr_outage", "power_outage", "angry_patient", "clinician_callout", "medical_emergency",
    "threat", "red_flag_call", "privacy_request", "referral_conflict", "insurance_problem",
    "good_faith_estimate", "telehealth_problem", "desk_visit", "checkout", "records_request",
    "clinical_message", "eligibility_worklist", "cash_drawer",
)
