"""Outcomes of desk work and conversations: identity, insurance, booking, privacy, replies."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from simulator.dialogue_terms import CpiStage, HeardStep, LeapStep, Meaning, Violation
from simulator.engine.commands import (
    CardField,
    Identifier,
    RouteTarget,
    TelehealthAction,
)
from simulator.engine.outcomes.base import ConversationResult, Outcome
from simulator.model import Discrepancy

__all__ = [
    "ArrivalAcknowledged",
    "IdentityChecked",
    "InsuranceConfirmed",
    "DiscrepancyFlagged",
    "PreauthRequested",
    "ReferralChecked",
    "AuthHoldPlaced",
    "AuthHoldCleared",
    "CopayCollected",
    "PatientCheckedIn",
    "PaperEntryWritten",
    "AppointmentBooked",
    "RedFlagBookedRoutine",
    "AuthorityVerified",
    "InformationDisclosed",
    "PhiDisclosed",
    "DisclosureRefused",
    "ItemRouted",
    "RedFlagMessageOnly",
    "TelehealthFixed",
    "EstimateIssued",
    "ReplyChosen",
    "ConversationEnded",
    "SecurityCalled",
    "PersonLeftAngry",
    "PersonActedOnCriticalReply",
]


# -- desk: greeting, identity, insurance, check-in, booking, privacy and routing ------------


@dataclass(frozen=True, slots=True)
class ArrivalAcknowledged(Outcome):
    """A person at the desk was greeted and given a wait estimate."""

    task: str | None
    after: int


@dataclass(frozen=True, slots=True)
class IdentityChecked(Outcome):
    """Identity was checked with these identifiers; ``valid`` if they were enough."""

    task: str | None
    identifiers: list[Identifier]
    valid: bool


@dataclass(frozen=True, slots=True)
class InsuranceConfirmed(Outcome):
    """The card was declared to match the record (``missed``: the field that did not)."""

    task: str | None
    correct: bool
    missed: str | None


@dataclass(frozen=True, slots=True)
class DiscrepancyFlagged(Outcome):
    """A card/record mismatch was flagged on one field."""

    task: str | None
    field: CardField
    expected: str | None
    correct: bool


@dataclass(frozen=True, slots=True)
class PreauthRequested(Outcome):
    """Pre-authorization was requested from the payer."""

    task: str | None
    needed: bool


@dataclass(frozen=True, slots=True)
class ReferralChecked(Outcome):
    """The desk checked for the PCP's referral the patient's plan needs for the visit."""

    task: str | None
    needed: bool


@dataclass(frozen=True, slots=True)
class AuthHoldPlaced(Outcome):
    """An authorization hold was placed on the account."""

    task: str | None
    needed: bool


@dataclass(frozen=True, slots=True)
class AuthHoldCleared(Outcome):
    """An authorization hold was cleared from the account."""

    task: str | None
    needed: bool


@dataclass(frozen=True, slots=True)
class CopayCollected(Outcome):
    """The copay was collected."""

    task: str | None


@dataclass(frozen=True, slots=True)
class PatientCheckedIn(Outcome):
    """A patient was checked in, with what had (and had not) been done first."""

    task: str | None
    identity_valid: bool
    insurance: str | None
    copay: bool
    preauth: bool
    on_paper: bool
    insured: bool
    needs_preauth: bool
    discrepancy: Discrepancy | None


@dataclass(frozen=True, slots=True)
class PaperEntryWritten(Outcome):
    """Downtime: the essentials of a visit were captured on paper."""

    task: str | None
    entry: str


@dataclass(frozen=True, slots=True)
class AppointmentBooked(Outcome):
    """A visit was booked, today (into a slot) or ``days_out`` days ahead."""

    task: str | None
    provider: str
    appointment_type: str
    slot: str | None
    days_out: int
    wanted_type: str | None
    wanted_provider: str | None
    wanted_days: int | None
    on_paper: bool
    red_flag: bool


@dataclass(frozen=True, slots=True)
class RedFlagBookedRoutine(Outcome):
    """A red-flag symptom was treated as routine (booked, or answered as such)."""

    task: str | None
    symptom: str
    how: Literal["booked", "reply"]


@dataclass(frozen=True, slots=True)
class AuthorityVerified(Outcome):
    """The requester was checked against the patient's authorization list."""

    task: str | None
    authorized: bool


@dataclass(frozen=True, slots=True)
class InformationDisclosed(Outcome):
    """The requested information was shared."""

    task: str | None
    authorized: bool
    verified: bool
    identity_valid: bool


@dataclass(frozen=True, slots=True)
class PhiDisclosed(Outcome):
    """Protected health information reached someone not authorized to have it."""

    task: str | None
    to: str


@dataclass(frozen=True, slots=True)
class DisclosureRefused(Outcome):
    """Sharing was declined, citing privacy."""

    task: str | None
    authorized: bool
    verified: bool


@dataclass(frozen=True, slots=True)
class ItemRouted(Outcome):
    """An item or a message was sent to a team."""

    task: str | None
    to: RouteTarget
    expected: str | None
    correct: bool
    conflict: bool


@dataclass(frozen=True, slots=True)
class RedFlagMessageOnly(Outcome):
    """A red-flag item only got a message to a clinician, not emergency care."""

    task: str | None
    to: RouteTarget


@dataclass(frozen=True, slots=True)
class TelehealthFixed(Outcome):
    """A telehealth problem was handled with ``action``."""

    task: str | None
    action: TelehealthAction
    expected: str | None
    correct: bool


@dataclass(frozen=True, slots=True)
class EstimateIssued(Outcome):
    """A Good Faith Estimate was given; ``due`` if one was owed."""

    task: str | None
    due: bool


# -- dialogue: replies in a conversation and how it ended -----------------------------------


@dataclass(frozen=True, slots=True)
class ReplyChosen(Outcome):
    """A reply was given at a beat, at the person's stage at that moment."""

    task: str | None
    beat: str
    choice: int  # the authored index of the reply
    shown: int  # its position on screen
    meaning: Meaning
    violation: Violation | None
    stage: CpiStage
    fits: bool
    heard: list[HeardStep]
    leap: list[LeapStep]
    agitation_before: int
    agitation_after: int
    dialogue: str | None


@dataclass(frozen=True, slots=True)
class ConversationEnded(Outcome):
    """A conversation came to an end, with the person at ``agitation``."""

    task: str | None
    result: ConversationResult
    agitation: int


@dataclass(frozen=True, slots=True)
class SecurityCalled(Outcome):
    """Security was called from a conversation."""

    task: str | None


@dataclass(frozen=True, slots=True)
class PersonLeftAngry(Outcome):
    """The person broke off the conversation and left angry."""

    task: str | None


@dataclass(frozen=True, slots=True)
class PersonActedOnCriticalReply(Outcome):
    """The person believed a critical reply and went off to act on it."""

    task: str | None
    violation: Violation | None
