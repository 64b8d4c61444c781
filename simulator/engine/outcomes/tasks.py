"""Outcomes of the shift and the phones: tasks arrive and close, calls ring and end."""

from __future__ import annotations

from dataclasses import KW_ONLY, dataclass

from simulator.engine.commands import (
    TransferTarget,
)
from simulator.engine.outcomes.base import HangUpWhile, Outcome
from simulator.model import Channel, TaskKind, Urgency

__all__ = [
    "TaskArrived",
    "ArrivalCancelled",
    "TaskSelected",
    "TaskResponded",
    "TaskResolved",
    "TaskAbandoned",
    "TaskEscalated",
    "PatientGrewImpatient",
    "PatientLeft",
    "CommandRejected",
    "ShiftEnded",
    "CallRang",
    "CallMissed",
    "CallDropped",
    "CallAnswered",
    "CallResumed",
    "CallHeld",
    "CallTransferred",
    "CallEnded",
    "CallAbandoned",
    "RedFlagRouted",
    "RedFlagNotRouted",
    "EmergencyInstructed",
    "InstructionInsufficient",
]


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
    """A call was put on hold, for ``reason`` (None when nothing else needed the desk).

    ``asked``: whether the caller had been asked first and agreed.
    """

    task: str | None
    line: int
    reason: str | None
    asked: bool = False


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
