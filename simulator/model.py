"""Frozen domain types of a concrete shift: people, slots, tasks, and the whole expansion.

An :class:`ExpandedShift` is what :func:`simulator.engine.expand.expand` makes from a
scenario and a seed. It is stored in the journal header, so a replay rebuilds the same shift
without Faker. Fields named ``truth`` hold what the trainee must discover (a planted
mismatch, a red flag, an unauthorized requester); :meth:`Shift.view` never shows them.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

Urgency = Literal["emergency", "urgent", "routine", "low"]
Channel = Literal["desk", "phone", "inbox", "system"]
TaskKind = Literal[
    "checkin", "walk_in", "call", "inbox", "ehr_outage", "power_outage", "angry_patient",
    "callout", "medical_emergency", "threat", "privacy_request", "telehealth",
    "checkout", "records_request", "worklist", "drawer",
]
Discrepancy = Literal["dob_typo", "member_id_transposed", "expired_plan", "wrong_payer"]
URGENCY_RANK: dict[str, int] = {"emergency": 0, "urgent": 1, "routine": 2, "low": 3}


class Frozen(BaseModel):
    """Base: frozen, strict about keys, JSON-friendly."""

    # Built on first validation: a cached or replayed object never pays for its schema.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class Insurance(Frozen):
    """Insurance details, as on a card or in the record."""

    payer_id: str
    payer_name: str
    member_id: str
    group: str
    subscriber: str
    valid_from: str
    valid_to: str


class Patient(Frozen):
    """A synthetic patient: the record as the clinic holds it, and what they present."""

    id: str
    name: str
    dob: str
    phone: str
    email: str
    address: str
    provider_id: str
    record: Insurance | None
    card: Insurance | None
    card_dob: str
    truth_discrepancy: Discrepancy | None = None
    truth_needs_preauth: bool = False


class Slot(Frozen):
    """One appointment slot of one provider, in shift seconds."""

    id: str
    provider_id: str
    start: int
    minutes: int
    type_id: str
    patient_id: str | None = None


class ProviderDay(Frozen):
    """A provider's day: hours and slots."""

    id: str
    title: str
    role: str
    start: int
    end: int
    type_ids: tuple[str, ...]


class TaskSpec(Frozen):
    """A piece of work that arrives at a given time.

    Attributes:
        words: What the person says or the item reads, shown once the task is opened.
        request: Visible structured request (e.g. appointment type, provider, days out).
        truth: Hidden facts for the engine and scoring (never in the view).

    """

    id: str
    kind: TaskKind
    at: int
    channel: Channel
    title: str
    urgency: Urgency
    visible_urgency: Urgency
    target: int
    patience: int
    patient_id: str | None = None
    caller: str = ""
    words: str = ""
    request: dict[str, Any] = {}
    truth: dict[str, Any] = {}
    event_id: str | None = None
    dialogue_id: str | None = None


class SystemEvent(Frozen):
    """A scripted change to the clinic's systems or staff."""

    kind: Literal["ehr_outage", "power_outage", "clinician_callout"]
    at: int
    until: int | None = None
    event_id: str
    detail: dict[str, Any] = {}


class ExpandedShift(Frozen):
    """Everything a shift needs to run, with no further randomness or Faker."""

    scenario_id: str
    title: str
    seed: int
    clinic_name: str
    start_clock: int
    length: int
    time_scale: int
    busy_scale: float = 1.0
    phone_lines: int
    duty_clinician: bool
    appointment_types: dict[str, dict[str, Any]]
    payers: dict[str, dict[str, Any]]
    providers: tuple[ProviderDay, ...]
    slots: tuple[Slot, ...]
    patients: tuple[Patient, ...]
    tasks: tuple[TaskSpec, ...]
    systems: tuple[SystemEvent, ...]
    dialogues: dict[str, dict[str, Any]]
    scoring: dict[str, Any] = {}
    objectives: tuple[str, ...] = ()
    debrief_notes: dict[str, str] = {}

    def clock(self, tick: int) -> str:
        """Return the clock time ("HH:MM") of a shift tick."""
        minutes = (self.start_clock + tick) // 60
        return f"{minutes // 60 % 24:02d}:{minutes % 60:02d}"
