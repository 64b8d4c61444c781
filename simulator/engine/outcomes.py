"""Outcomes: the past-tense facts a shift records, one frozen dataclass per kind.

Rules build an outcome and hand it to :meth:`Shift.record`, which stores its JSON form
(:func:`to_json`): ``{"t", "kind", "task", ...fields, "by"}``. That dict is what scoring,
journals and the outcome hash read; :func:`from_json` turns one back into its class.

Every class is named for its kind, takes the task it is about (or None for the clinic as
a whole) first, and keeps its field names and value types exactly as the JSON has them.
``by`` says who caused an outcome: ``"trainee"`` for anything done while a command was
applied, ``"clock"`` for what the shift's own timers made happen.
"""

from __future__ import annotations

import types
from dataclasses import KW_ONLY, MISSING, Field, dataclass, fields
from typing import Any, ClassVar, Literal, Union, get_args, get_origin, get_type_hints

from simulator.engine.commands import (
    CardField,
    EmergencyVia,
    Identifier,
    RouteTarget,
    SupportTeam,
    TelehealthAction,
    TransferTarget,
)
from simulator.model import Channel, Discrepancy, TaskKind, Urgency
from simulator.scenarios.dialogue import CpiStage, HeardStep, LeapStep, Meaning, Violation

#: Who caused an outcome: a trainee's command, or the shift's clock (arrivals, timers).
Cause = Literal["trainee", "clock"]
#: How a caller was waiting when they gave up.
HangUpWhile = Literal["ringing", "on hold"]
#: How a conversation ended.
ConversationResult = Literal["resolved", "escalated", "left", "acted_on"]
#: Keys of the JSON form that are not fields of the dataclass.
ENVELOPE = frozenset({"t", "kind", "by"})


class Outcome:
    """Base of every outcome: a past-tense fact about one task or the whole clinic."""

    __slots__ = ()
    __dataclass_fields__: ClassVar[dict[str, Field[Any]]]  # set by @dataclass on each kind
    task: str | None


# -- shift: tasks arrive, are worked on and close; commands are refused ---------------------


@dataclass(frozen=True, slots=True)
class TaskArrived(Outcome):
    """A task reached the desk: a person walked up, a line rang or an item landed."""

    task: str | None
    task_kind: TaskKind
    channel: Channel
    urgency: Urgency


@dataclass(frozen=True, slots=True)
class ArrivalCancelled(Outcome):
    """A task never arrived (its visit was moved away, or the shift ended first)."""

    task: str | None
    reason: str


@dataclass(frozen=True, slots=True)
class TaskSelected(Outcome):
    """The trainee made a task the current one."""

    task: str | None


@dataclass(frozen=True, slots=True)
class TaskResponded(Outcome):
    """A task got its first response, ``after`` seconds from its arrival."""

    task: str | None
    after: int


@dataclass(frozen=True, slots=True)
class TaskResolved(Outcome):
    """A task was closed as done, ``how`` saying in what way."""

    task: str | None
    how: str
    after: int


@dataclass(frozen=True, slots=True)
class TaskAbandoned(Outcome):
    """A task was closed without the person or item being helped."""

    task: str | None
    how: str
    after: int


@dataclass(frozen=True, slots=True)
class TaskEscalated(Outcome):
    """A task was handed over to responders or security."""

    task: str | None
    how: str
    after: int


@dataclass(frozen=True, slots=True)
class PatientGrewImpatient(Outcome):
    """A person kept waiting with nothing happening grew more agitated."""

    task: str | None
    agitation: int


@dataclass(frozen=True, slots=True)
class PatientLeft(Outcome):
    """A person ran out of patience and left the waiting room unhelped."""

    task: str | None
    waited: int


@dataclass(frozen=True, slots=True)
class CommandRejected(Outcome):
    """A trainee command could not be carried out; ``reason`` says why."""

    task: str | None = None
    _: KW_ONLY
    command: str
    reason: str


@dataclass(frozen=True, slots=True)
class ShiftEnded(Outcome):
    """The shift ended, with ``open_paper`` paper entries still unreconciled."""

    task: str | None = None
    _: KW_ONLY
    open_paper: int


# -- phones: calls ring, are answered, held, transferred and ended; red-flag calls ----------


@dataclass(frozen=True, slots=True)
class CallRang(Outcome):
    """A call started ringing on a free line."""

    task: str | None
    line: int
    caller: str


@dataclass(frozen=True, slots=True)
class CallMissed(Outcome):
    """A call reached no line (every line busy, or the phones dead)."""

    task: str | None
    reason: str


@dataclass(frozen=True, slots=True)
class CallDropped(Outcome):
    """A ringing or held call was cut off (a power failure with no backup)."""

    task: str | None
    line: int
    reason: str


@dataclass(frozen=True, slots=True)
class CallAnswered(Outcome):
    """The trainee answered a ringing line."""

    task: str | None
    line: int
    waited: int


@dataclass(frozen=True, slots=True)
class CallResumed(Outcome):
    """The trainee picked a held call back up."""

    task: str | None
    line: int
    waited: int


@dataclass(frozen=True, slots=True)
class CallHeld(Outcome):
    """A call was put on hold, for ``reason`` (None when nothing else needed the desk)."""

    task: str | None
    line: int
    reason: str | None


@dataclass(frozen=True, slots=True)
class CallTransferred(Outcome):
    """A caller was warm-transferred to the nurse, a clinician or billing."""

    task: str | None
    line: int | None
    to: TransferTarget
    expected: str | None
    red_flag: bool


@dataclass(frozen=True, slots=True)
class CallEnded(Outcome):
    """A call was hung up; ``handled`` says whether the caller had been helped."""

    task: str | None
    line: int
    handled: bool


@dataclass(frozen=True, slots=True)
class CallAbandoned(Outcome):
    """A caller left ringing or on hold too long hung up."""

    task: str | None
    line: int
    while_: HangUpWhile
    waited: int


@dataclass(frozen=True, slots=True)
class RedFlagRouted(Outcome):
    """A red-flag caller was sent to emergency care."""

    task: str | None
    how: str
    after: int
    symptom: str | None


@dataclass(frozen=True, slots=True)
class RedFlagNotRouted(Outcome):
    """A red-flag caller was not sent to emergency care within ``target`` seconds."""

    task: str | None
    symptom: str | None
    target: int | None


@dataclass(frozen=True, slots=True)
class EmergencyInstructed(Outcome):
    """The emergency script (hang up and call 911) was read to someone."""

    task: str | None
    red_flag: bool


@dataclass(frozen=True, slots=True)
class InstructionInsufficient(Outcome):
    """The 911 script was not enough: this caller cannot call 911 themselves."""

    task: str | None
    reason: str


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
    """A patient was told their visit moved (in person, or before they set off)."""

    task: str | None
    appointment: str | None
    in_person: bool


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


# -- registry and JSON form -----------------------------------------------------------------

#: Kind name -> outcome class, in the order they are declared above.
OUTCOME_TYPES: dict[str, type[Outcome]] = {
    name: value for name, value in list(globals().items())
    if isinstance(value, type) and issubclass(value, Outcome) and value is not Outcome
}
#: Field names of each class in declaration order (``task`` first).
_FIELDS: dict[type[Outcome], tuple[str, ...]] = {
    cls: tuple(f.name for f in fields(cls)) for cls in OUTCOME_TYPES.values()
}
#: Fields each class cannot do without (those with no default).
_REQUIRED: dict[type[Outcome], tuple[str, ...]] = {
    cls: tuple(f.name for f in fields(cls) if f.default is MISSING)
    for cls in OUTCOME_TYPES.values()
}
_HINTS: dict[type[Outcome], dict[str, Any]] = {}


def to_json(outcome: Outcome, t: int, by: Cause) -> dict[str, Any]:
    """The stable JSON form of an outcome recorded at tick ``t``, caused ``by`` someone.

    Returns:
        ``{"t", "kind", "task", ...the other fields in declaration order, "by"}``.
    """
    data: dict[str, Any] = {"t": t, "kind": type(outcome).__name__}
    for name in _FIELDS[type(outcome)]:
        value = getattr(outcome, name)
        data[name] = list(value) if isinstance(value, list) else value
    data["by"] = by
    return data


def from_json(data: dict[str, Any]) -> Outcome:
    """Parse one stored outcome dict back to its dataclass (``t``, ``kind``, ``by`` aside).

    Raises:
        ValueError: For an unknown kind, a missing or unexpected field, or a value of the
            wrong type.
    """
    kind = data.get("kind")
    cls = OUTCOME_TYPES.get(kind) if isinstance(kind, str) else None
    if cls is None:
        raise ValueError(f"unknown outcome kind {kind!r}")
    values = {key: value for key, value in data.items() if key not in ENVELOPE}
    hints = _hints(cls)
    unexpected = [key for key in values if key not in hints]
    missing = [name for name in _REQUIRED[cls] if name not in values]
    if unexpected or missing:
        wrong = ([f"unexpected {', '.join(unexpected)}"] if unexpected else []) + \
            ([f"missing {', '.join(missing)}"] if missing else [])
        raise ValueError(f"{kind} outcome has wrong fields: {'; '.join(wrong)}")
    for key, value in values.items():
        if not _fits(value, hints[key]):
            raise ValueError(f"{kind}.{key}: {value!r} does not fit {hints[key]}")
    return cls(**{key: list(v) if isinstance(v, list) else v for key, v in values.items()})


def _hints(cls: type[Outcome]) -> dict[str, Any]:
    """The resolved field types of an outcome class (worked out once, on first use)."""
    hints = _HINTS.get(cls)
    if hints is None:
        hints = _HINTS[cls] = {name: hint for name, hint in get_type_hints(cls).items()
                               if name in _FIELDS[cls]}
    return hints


def _fits(value: object, hint: Any) -> bool:
    """True when a JSON value has the type a field declares (a bool is not an int)."""
    origin = get_origin(hint)
    if origin is Literal:
        return any(type(value) is type(a) and value == a for a in get_args(hint))
    if origin is Union or origin is types.UnionType:
        return any(_fits(value, h) for h in get_args(hint))
    if origin is list:
        return isinstance(value, list) and all(_fits(v, get_args(hint)[0]) for v in value)
    if hint is type(None):
        return value is None
    if hint is int:
        return isinstance(value, int) and not isinstance(value, bool)
    return isinstance(value, hint)
