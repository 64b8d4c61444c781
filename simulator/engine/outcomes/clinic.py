"""Outcomes of incidents, schedule changes and the clinic's systems."""

from __future__ import annotations

from dataclasses import KW_ONLY, dataclass

from simulator.engine.commands import (
    EmergencyVia,
    SupportTeam,
)
from simulator.engine.outcomes.base import Outcome

__all__ = [
    "EmergencyNotEscalated",
    "ThreatUnanswered",
    "EmergencyCalled",
    "RespondersArrived",
    "BystandersMoved",
    "SafetyStepTaken",
    "SilentAlarmTriggered",
    "SecurityArrived",
    "DeskLeft",
    "DeskAbandonedDuringThreat",
    "DeskReturned",
    "AppointmentMoved",
    "PatientNotified",
    "AppointmentCancelled",
    "EhrWentDown",
    "PowerFailed",
    "ProviderCalledOut",
    "EhrRestored",
    "PowerRestored",
    "PaperModeStarted",
    "EntryReconciled",
    "SupportCalled",
    "CallsRerouted",
]


# -- incidents: emergencies, threats and the desk itself ------------------------------------


@dataclass(frozen=True, slots=True)
class EmergencyNotEscalated(Outcome):
    """A medical emergency was not escalated within its ``target`` seconds."""

    task: str | None
    target: int


@dataclass(frozen=True, slots=True)
class ThreatUnanswered(Outcome):
    """A threat went unanswered (no alarm) for its ``target`` seconds."""

    task: str | None
    target: int


@dataclass(frozen=True, slots=True)
class EmergencyCalled(Outcome):
    """The code team or 911 was called; ``needed`` if someone was in danger."""

    task: str | None
    via: EmergencyVia
    after: int
    needed: bool


@dataclass(frozen=True, slots=True)
class RespondersArrived(Outcome):
    """The code team or EMS reached the waiting room and took over."""

    task: str | None


@dataclass(frozen=True, slots=True)
class BystandersMoved(Outcome):
    """Family and onlookers were calmed and moved away from an emergency."""

    task: str | None
    family: bool


@dataclass(frozen=True, slots=True)
class SafetyStepTaken(Outcome):
    """A life-safety step of a crisis was taken, ``after`` seconds from its start."""

    task: str | None
    step: str
    after: int


@dataclass(frozen=True, slots=True)
class SilentAlarmTriggered(Outcome):
    """The silent alarm was pressed (``after``: seconds since the threat began)."""

    task: str | None = None
    _: KW_ONLY
    during_threat: bool
    warranted: bool
    after: int | None


@dataclass(frozen=True, slots=True)
class SecurityArrived(Outcome):
    """Security reached the desk and took over every open threat."""

    task: str | None = None


@dataclass(frozen=True, slots=True)
class DeskLeft(Outcome):
    """The trainee stepped away from the desk."""

    task: str | None = None
    _: KW_ONLY
    during_threat: bool


@dataclass(frozen=True, slots=True)
class DeskAbandonedDuringThreat(Outcome):
    """The desk was left while a threat was open."""

    task: str | None = None


@dataclass(frozen=True, slots=True)
class DeskReturned(Outcome):
    """The trainee came back to the desk."""

    task: str | None = None


# -- schedule: moving and cancelling visits -------------------------------------------------


@dataclass(frozen=True, slots=True)
class AppointmentMoved(Outcome):
    """A booked visit was moved to another provider, slot or day."""

    task: str | None
    appointment: str | None
    provider: str
    slot: str | None
    days_out: int
    patient: str | None
    from_callout: bool


@dataclass(frozen=True, slots=True)
class PatientNotified(Outcome):
    """A patient was told their visit moved (in person, or before they set off).

    ``voicemail``: they did not answer, so a message asking them to call back was left
    (name and call-back number only); they are not told yet and must be called again.
    """

    task: str | None
    appointment: str | None
    in_person: bool
    voicemail: bool = False


@dataclass(frozen=True, slots=True)
class AppointmentCancelled(Outcome):
    """A visit was cancelled; ``expected`` if cancelling was what was asked."""

    task: str | None
    appointment: str | None
    expected: bool


# -- systems: outages, call-outs, downtime paperwork and support -----------------------------


@dataclass(frozen=True, slots=True)
class EhrWentDown(Outcome):
    """The EHR went down."""

    task: str | None = None
    _: KW_ONLY
    event: str


@dataclass(frozen=True, slots=True)
class PowerFailed(Outcome):
    """The power failed; ``backup_failed`` if the backup did not take over."""

    task: str | None = None
    _: KW_ONLY
    event: str
    backup_failed: bool


@dataclass(frozen=True, slots=True)
class ProviderCalledOut(Outcome):
    """A provider called out for the day."""

    task: str | None = None
    _: KW_ONLY
    provider: str
    event: str


@dataclass(frozen=True, slots=True)
class EhrRestored(Outcome):
    """The EHR came back."""

    task: str | None = None
    _: KW_ONLY
    event: str


@dataclass(frozen=True, slots=True)
class PowerRestored(Outcome):
    """The power came back."""

    task: str | None = None
    _: KW_ONLY
    event: str


@dataclass(frozen=True, slots=True)
class PaperModeStarted(Outcome):
    """The downtime procedure started, ``after`` seconds into the outage."""

    task: str | None = None
    _: KW_ONLY
    after: int


@dataclass(frozen=True, slots=True)
class EntryReconciled(Outcome):
    """A paper entry was entered into the EHR (``wrong``: the fields typed wrong)."""

    task: str | None
    entry: str
    correct: bool
    wrong: list[str]


@dataclass(frozen=True, slots=True)
class SupportCalled(Outcome):
    """IT, maintenance or security was called; ``relevant`` if there was a reason."""

    task: str | None = None
    _: KW_ONLY
    who: SupportTeam
    relevant: bool
    first: bool


@dataclass(frozen=True, slots=True)
class CallsRerouted(Outcome):
    """The clinic's lines were forwarded to the mobile phone."""

    task: str | None = None
