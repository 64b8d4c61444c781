"""The scenario file format: frozen pydantic models, strict about every key.

A scenario describes a clinic, how its patients and calls are generated, and the scripted
events of one shift. It reads aloud: times are clock times ("09:40"), rates are per hour,
shares are fractions from 0 to 1, and reusable pieces (dialogues, payers, appointment types)
are referenced by id. Events are a union discriminated on ``kind``; dialogues live in
:mod:`simulator.scenarios.dialogue`. Cross-references are checked in
:mod:`simulator.scenarios.lint`.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from simulator.engine.commands import COSTS
from simulator.protocol import BUSY_SCALE_MAX, Dimension
from simulator.scenarios.dialogue import Dialogue
from simulator.scenarios.events import Event
from simulator.scenarios.types import (
    ClockTime,
    CompetencyId,
    Rate,
    Share,
    Slug,
    Strict,
    Text,
    TimeRange,
)

Tier = Literal["orientation", "core", "crisis", "go-live"]
Mode = Literal["practice", "assessment"]
CallType = Literal[
    "scheduling", "reschedule", "cancel", "refill", "billing", "results", "insurance",
    "records", "general", "red_flag",
]
InboxType = Literal["referral", "portal_message", "fax", "lab_result"]
Situation = Literal[
    "power-outage", "ehr-downtime", "billing-dispute", "clinician-callout",
    "waiting-room-emergency", "threat-of-violence", "red-flag-call", "privacy-request",
    "insurance-discrepancy", "pre-authorization", "good-faith-estimate",
    "referral-medication-conflict", "telehealth", "rush-hour",
    "registration", "eligibility", "checkout-collections", "medicare-cob", "minor-guardian",
    "language-access", "records-request", "phone-messages", "drawer-reconciliation",
]
#: Faker locales the generator supports: Latin-script names, as a US chart would hold them.
Locale = Literal["en_US", "es_MX", "en_GB", "en_CA", "fr_CA", "vi_VN", "pt_BR", "tl_PH",
                 "de_DE", "it_IT", "pl_PL"]


class ShiftSpec(Strict):
    """When the shift starts, how long it lasts, and how fast it plays."""

    start: ClockTime = Field("08:00", description="Clock time the shift opens.")
    minutes: int = Field(480, ge=30, le=720, description="Length of the shift in minutes.")
    time_scale: int = Field(30, ge=1, le=600,
                            description="Shift seconds per real second while the desk is "
                            "idle (fast-forward to the next event).")
    busy_scale: float = Field(1.0, ge=1.0, le=BUSY_SCALE_MAX,
                              description="Shift seconds per real second while anyone waits "
                              "for the trainee (1 = real time; at most 2).")
    real_minutes: int | None = Field(None, ge=1, le=240,
                                     description="Expected real minutes for a competent "
                                     "person (measured with the human-paced bot; shown in "
                                     "the picker).")


class AppointmentType(Strict):
    """A kind of visit the clinic books."""

    id: Slug
    name: Text
    minutes: int = Field(ge=5, le=240)
    telehealth: bool = False
    self_pay_price: int = Field(150, ge=0, le=100_000,
                                description="Self-pay price in whole dollars (for estimates).")


class Provider(Strict):
    """A clinician with a day of appointment slots."""

    id: Slug
    title: Text
    role: Literal["physician", "nurse-practitioner", "physician-assistant", "nurse"] = "physician"
    hours: TimeRange = "08:00-16:00"
    appointment_types: list[Slug] = Field(default_factory=list,
                                          description="Types this provider sees; empty = all.")
    booked: Share = Field(0.85, description="Share of slots already booked when the day opens.")


class Payer(Strict):
    """An invented insurance payer and what it needs before it pays.

    Some services need its prior authorization; an HMO plan pays for some visits only with a
    referral from the patient's primary care provider (PCP).
    """

    id: Slug
    name: Text
    member_prefix: str = Field(pattern=r"^[A-Z]{2,4}$",
                               description="Letters that start its member IDs (e.g. NWH).")
    preauth_required: list[Slug] = Field(default_factory=list,
                                         description="Appointment type ids the payer must "
                                         "approve in advance (prior authorization): imaging, "
                                         "procedures, some injections. An office visit "
                                         "rarely needs one.")
    referral_required: list[Slug] = Field(
        default_factory=list,
        description="Appointment type ids the plan pays for only with a referral from the "
        "patient's primary care provider (PCP) on file, as HMO plans often require for a "
        "specialist or new-patient visit. A referral is not a prior authorization.")
    medicare: bool = Field(False, description="This payer is Medicare (cards carry an MBI).")
    may_not_cover: list[Slug] = Field(
        default_factory=list,
        description="Medicare only: appointment type ids Medicare may not cover (a routine "
        "physical, for example): an Advance Beneficiary Notice is signed before them.")


class Clinic(Strict):
    """The practice: who works, what it books, how many lines, which payers."""

    name: Text = "Maple Street Family Practice"
    phone_lines: int = Field(4, ge=1, le=12)
    slot_minutes: int = Field(15, ge=5, le=60)
    duty_clinician: bool = Field(True, description="A nurse can take warm transfers.")
    appointment_types: list[AppointmentType] = Field(min_length=1)
    providers: list[Provider] = Field(min_length=1)
    payers: list[Payer] = Field(min_length=1)


class Discrepancies(Strict):
    """How often each kind of card/record mismatch is planted in a patient."""

    dob_typo: Share = 0.0
    member_id_transposed: Share = 0.0
    expired_plan: Share = 0.0
    wrong_payer: Share = 0.0

    @model_validator(mode="after")
    def _total_at_most_one(self) -> Discrepancies:
        total = self.dob_typo + self.member_id_transposed + self.expired_plan + self.wrong_payer
        if total > 1.0:
            raise ValueError(f"the shares add up to {total:.2f}; together they must be at most 1")
        return self


class PatientSpec(Strict):
    """How synthetic patients are generated."""

    locales: list[Locale] = Field(default_factory=lambda: ["en_US"], min_length=1)
    self_pay: Share = 0.1
    discrepancies: Discrepancies = Discrepancies()
    no_show: Share = 0.05
    preauth_needed: Share = Field(0.0, description="Share of booked visits needing pre-auth.")


class RatePeriod(Strict):
    """A stretch of the day when arrivals run faster or slower than the base rate."""

    between: TimeRange
    factor: float = Field(ge=0.0, le=5.0)


class Arrivals(Strict):
    """Random arrival processes (Poisson) layered on top of the booked appointments."""

    walk_ins_per_hour: Rate = 0.0
    calls_per_hour: dict[CallType, Rate] = Field(default_factory=dict)
    inbox_per_hour: dict[InboxType, Rate] = Field(default_factory=dict)
    profile: list[RatePeriod] = Field(default_factory=list,
                                      description="Busier or quieter periods of the day.")


CriticalRuleKind = Literal[
    "red_flag_not_routed", "emergency_not_escalated", "phi_disclosed",
    "desk_abandoned_during_threat", "good_faith_estimate_late", "discrepancy_missed",
    "call_abandoned", "referral_conflict_not_routed", "paper_not_reconciled",
    "silent_alarm_late",
]


class CriticalRule(Strict):
    """An extra critical-fail rule a scenario adds to the defaults."""

    id: Slug
    rule: CriticalRuleKind
    reason: Text
    within_seconds: int | None = Field(None, ge=1, le=43_200)
    event: Slug | None = Field(None, description="Limit the rule to one event id.")


class ScoringOverrides(Strict):
    """Per-scenario changes to the default rubric."""

    # Ranges on the values themselves, so the exported JSON Schema carries them too.
    weights: dict[Dimension, Annotated[int, Field(ge=0, le=10)]] = Field(default_factory=dict)
    pass_marks: dict[Dimension | Literal["overall"], Annotated[int, Field(ge=0, le=100)]] = \
        Field(default_factory=dict)
    critical_fails: list[CriticalRule] = Field(default_factory=list)
    competency_floor: int | None = Field(
        None, ge=0, le=100,
        description="A competency tested in the shift and scored below this fails it.")

    @model_validator(mode="after")
    def _some_weight(self) -> ScoringOverrides:
        from simulator.protocol import DIMENSIONS

        if set(DIMENSIONS) <= set(self.weights) and not any(self.weights.values()):
            raise ValueError("every dimension weighs 0, so no score could be computed; give "
                             "at least one a weight from 1 to 10")
        return self


class TutorialStep(Strict):
    """One instruction of a guided shift, shown the first time its action is the right move.

    The desk stops the clock and shows the title and text the first time the expert's next
    move is a command of type ``action``, and starts it again once the trainee has done it.
    """

    action: str = Field(description="The desk command this step teaches, e.g. acknowledge, "
                        "check_identity, answer_call, instruct_911.")
    title: Text = Field(max_length=60, description="A short heading, e.g. 'Greet the patient'.")
    text: Text = Field(max_length=320, description="One or two short sentences: what to do, "
                       "why, and which key or button does it.")

    @field_validator("action")
    @classmethod
    def _is_a_command(cls, value: str) -> str:
        if value not in COSTS:
            import difflib

            close = difflib.get_close_matches(value, list(COSTS), n=1, cutoff=0.5)
            hint = f"did you mean '{close[0]}'?" if close else (
                "use one of: " + ", ".join(sorted(COSTS)))
            raise ValueError(f"'{value}' is not a desk command; {hint}")
        return value


class Scenario(Strict):
    """One playable shift, as a trainer writes it."""

    id: Slug
    title: Text
    briefing: Text
    difficulty: int = Field(ge=1, le=5)
    tier: Tier = "core"
    situations: list[Situation] = Field(default_factory=list)
    modes: list[Mode] = Field(default_factory=lambda: ["practice", "assessment"], min_length=1)
    shift: ShiftSpec = ShiftSpec()
    clinic: Clinic
    patients: PatientSpec = PatientSpec()
    arrivals: Arrivals = Arrivals()
    events: list[Event] = Field(default_factory=list)
    dialogues: list[Dialogue] = Field(default_factory=list)
    objectives: list[CompetencyId] = Field(min_length=1)
    scoring: ScoringOverrides = ScoringOverrides()
    debrief_notes: dict[Slug, Text] = Field(
        default_factory=dict, description="Extra debrief text keyed by event id.")
    tutorial: list[TutorialStep] = Field(
        default_factory=list, max_length=30,
        description="A guided shift: steps shown in practice, each the first time its action "
        "is the right move, with the clock stopped until the trainee does it.")

    @property
    def event_kinds(self) -> list[str]:
        """The distinct event kinds used, in first-use order."""
        return list(dict.fromkeys(e.kind for e in self.events))
